"""The tour's output comes from real runs: this test re-runs each command pasted in README.md and
in the pages of docs/, and compares.

Refresh the pages after a deliberate change with:  UPDATE_README=1 pytest -n 0 tests/test_readme.py
(each block is rewritten in the file that holds it)
"""

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenarios.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"<!-- tour: (?P<cmd>.+?) -->\n```console\n\$ (?P=cmd)\n(?P<out>.*?)```", re.S)
ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}


def run(command: str) -> str:
    args = shlex.split(command)
    assert args[0] == "scenarios"
    result = CliRunner(env=ENV).invoke(app, args[1:])
    assert result.exit_code == 0, result.output
    return "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"


@pytest.fixture(autouse=True)
def _one_writer():
    """A refresh rewrites the README from each test: in parallel workers they would overwrite
    each other's edits."""
    if os.environ.get("UPDATE_README") and os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.fail("UPDATE_README=1 rewrites README.md: run it in one process (pytest -n 0)")


def pages() -> list[Path]:
    """The README and every page of the documentation, in that order."""
    return [README, *sorted((ROOT / "docs").glob("*.md"))]


def all_text() -> str:
    """The README and the documentation's pages, one after the other."""
    return "\n".join(page.read_text(encoding="utf-8") for page in pages())


def page_with(marker: str) -> Path:
    """The one page that holds marker."""
    found = [page for page in pages() if marker in page.read_text(encoding="utf-8")]
    assert len(found) == 1, (marker, found)
    return found[0]


def blocks(page: Path | None = None) -> list[re.Match]:
    """The pasted tour blocks of one page, or of every page."""
    return [
        m
        for p in ([page] if page else pages())
        for m in BLOCK.finditer(p.read_text(encoding="utf-8"))
    ]


def test_readme_has_a_tour():
    assert [m["cmd"] for m in blocks(README)] == ["scenarios rank"]  # the front page's one screen
    commands = [m["cmd"] for m in blocks()]
    assert len(set(commands)) >= 8


@pytest.mark.parametrize("command", list(dict.fromkeys(m["cmd"] for m in blocks())))
def test_tour_output_matches_a_real_run(command, monkeypatch):
    """Every block pasted for the command, on whichever page, is its output (the front page's
    `scenarios rank` is pasted twice: in the README and on the tour's first page)."""
    monkeypatch.chdir(ROOT)  # at the checkout's root, as the reader is
    actual = run(command)
    if os.environ.get("UPDATE_README"):
        pattern = re.compile(
            r"(<!-- tour: "
            + re.escape(command)
            + r" -->\n```console\n\$ "
            + re.escape(command)
            + r"\n).*?```",
            re.S,
        )
        for page in pages():
            text = page.read_text(encoding="utf-8")
            if pattern.search(text):
                page.write_text(
                    pattern.sub(lambda m: m.group(1) + actual + "```", text), encoding="utf-8"
                )
        return
    pasted = [m["out"] for m in blocks() if m["cmd"] == command]
    assert pasted and all(out == actual for out in pasted)


def test_python_api_section_runs(tmp_path, monkeypatch):
    """The Python example of the API's page is real code: run it (in a scratch folder, since it
    writes)."""
    text = page_with("# Python API\n").read_text(encoding="utf-8")
    section = text[text.index("# Python API") :]
    code = section[section.index("```python\n") + len("```python\n") :]
    code = code[: code.index("```")]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCENARIOS_WORKSPACE", "")
    exec(compile(code, "api.md", "exec"), {})
    assert (tmp_path / "out" / "manifest.json").is_file()
    assert (tmp_path / "mine" / "model.yaml").is_file()


# --- a month of updates ----------------------------------------------------------------------
# The walk-through of the page "Following the assessment over time", replayed in a fresh copy of the bundled workspace: each
# `<!-- month: CMD -->` console block must match a real run; each `<!-- month-run: CMD -->` runs
# the command of the sh block under it; each `<!-- month-edit: NAME -->` makes the edit the prose
# beside it describes (EDITS below: file, old text, new text, each old text found once).
MONTH = re.compile(
    r"<!-- month: (?P<cmd>.+?) -->\n```console\n\$ (?P=cmd)\n(?P<out>.*?)```"
    r"|<!-- month-run: (?P<run>.+?) -->\n```sh\n(?P<shown>.*?)\n```"
    r"|<!-- month-edit: (?P<edit>[\w-]+) -->",
    re.S,
)


def _value(factor: str, old: tuple[str, str, str], new: tuple[str, str, str]) -> tuple[str, str]:
    def block(v: tuple[str, str, str]) -> str:
        return f"  {factor}:\n    value: {v[0]}\n    low: {v[1]}\n    high: {v[2]}\n"

    return block(old), block(new)


EDITS = {
    "kyrgyz-remittances": [
        (
            "profiles/kyrgyzstan.yaml",
            *_value("russia_dependence", ("7.5", "6.5", "8.5"), ("6.5", "5.5", "7.5")),
        ),
    ],
    "jackson-vanik": [
        (
            "profiles/kazakhstan.yaml",
            *_value("us_engagement", ("8.0", "6.5", "9.0"), ("9.0", "7.5", "10.0")),
        ),
        (
            "profiles/uzbekistan.yaml",
            *_value("us_engagement", ("6.5", "5.0", "8.0"), ("7.5", "6.0", "9.0")),
        ),
        (
            "profiles/tajikistan.yaml",
            *_value("us_engagement", ("3.5", "2.0", "5.0"), ("4.5", "3.0", "6.0")),
        ),
        (
            "profiles/turkmenistan.yaml",
            *_value("us_engagement", ("2.5", "1.0", "4.5"), ("3.5", "2.0", "5.5")),
        ),
    ],
    "domestic-weight": [
        (
            "model.yaml",
            "domestic: {label: Domestic resistance, label_ar: المقاومة الداخلية, weight: 2.5}",
            "domestic: {label: Domestic resistance, label_ar: المقاومة الداخلية, weight: 3}",
        ),
    ],
}


def test_a_month_of_updates_replays(tmp_path, monkeypatch):
    import scenarios

    page = page_with("<!-- month: ")
    text = page.read_text(encoding="utf-8")
    steps = list(MONTH.finditer(text))
    assert sum(1 for m in steps if m["cmd"]) >= 5 and {m["edit"] for m in steps} - {None} == set(
        EDITS
    )
    month = scenarios.init(tmp_path / "month")
    monkeypatch.chdir(month)
    updated = text
    for step in steps:
        if step["edit"]:
            for rel, old, new in EDITS[step["edit"]]:
                path = month / rel
                content = path.read_text(encoding="utf-8")
                assert content.count(old) == 1, (rel, old)
                path.write_text(content.replace(old, new), encoding="utf-8")
        elif step["run"]:
            assert step["shown"] == step["run"]
            run(step["run"])
        else:
            actual = run(step["cmd"])
            if os.environ.get("UPDATE_README"):
                cmd = step["cmd"]
                block = f"<!-- month: {cmd} -->\n```console\n$ {cmd}\n{actual}```"
                updated = updated.replace(step.group(0), block, 1)
            else:
                assert actual == step["out"], step["cmd"]
    if os.environ.get("UPDATE_README"):
        page.write_text(updated, encoding="utf-8")


def test_the_spreadsheet_walk_through_replays(tmp_path, monkeypatch):
    """ "From a spreadsheet": the sheets of docs/examples/treaty/, run through `new`, `import
    --write` and `rank` in a folder of their own, print what the page pastes (the ranking up to
    its '...')."""
    import shutil

    text = page_with("# From a spreadsheet: new and import\n").read_text(encoding="utf-8")
    start = text.index("# From a spreadsheet: new and import")
    block = text[text.index("```console\n", start) + len("```console\n") :]
    block = block[: block.index("```")]
    steps = re.findall(r"^\$ (.+)\n((?:(?!\$ ).*\n)*)", block, re.M)
    assert [cmd.split()[:2] for cmd, _ in steps[1:]] == [
        ["scenarios", "new"],
        ["scenarios", "import"],
        ["scenarios", "rank"],
    ]
    for sheet in ("setup.csv", "values.csv"):
        shutil.copy(ROOT / "docs" / "examples" / "treaty" / sheet, tmp_path)
    monkeypatch.chdir(tmp_path)
    heads = []
    for sheet in ("setup.csv", "values.csv"):
        lines = (tmp_path / sheet).read_text(encoding="utf-8").splitlines()[:3]
        heads.append(f"==> {sheet} <==\n" + "\n".join(lines) + "\n")
    assert steps[0] == ("head -3 setup.csv values.csv", "\n".join(heads))
    for command, pasted in steps[1:]:
        actual = run(command)
        if pasted.endswith("...\n"):  # cut short on the page
            pasted = pasted.removesuffix("...\n")
            actual = "".join(actual.splitlines(keepends=True)[: pasted.count("\n")])
        assert actual == pasted, command
