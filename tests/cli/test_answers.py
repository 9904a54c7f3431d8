"""Answers kept (cli/answers.py): a second `scenarios rank` on unchanged files prints what the
first printed, byte for byte, without loading or computing; anything it rests on that changes
makes it compute again; nothing is kept for other outputs or failed runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenarios.cli import answers
from scenarios.cli.app import NAMES, app
from scenarios.workspace.find import bundled_root, create_workspace

ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Answers on, kept in a folder of this test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("SCENARIOS_CACHE", str(folder))
    monkeypatch.setenv("SCENARIOS_ANSWERS", "1")
    return folder / "answers"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A copy of the bundled Central Asia workspace, to edit."""
    return create_workspace(tmp_path / "ws")


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the rankings computed: one item a call of the API's rank."""
    import scenarios.api

    calls: list[int] = []
    real = scenarios.api.rank

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scenarios.api, "rank", counting)
    return calls


def rank(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["rank", *args], env={**ENV, **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def answer_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.exists() else []


VARIANTS = [
    (),
    ("--weight", "religious_resistance=2"),
    ("--set", "UZ.us_engagement=9"),  # with a note on standard error
    ("--whatif", "russia_weakened"),
    ("--aggregation", "geometric"),
    ("--interval", "0.8", "--seed", "3"),
    ("--lang", "ar"),  # the note that tables are English
]


@pytest.mark.parametrize("args", VARIANTS, ids=" ".join)
def test_a_kept_answer_is_byte_for_byte_what_was_computed(cache, ws, computed, args):
    fresh = rank("--workspace", str(ws), *args, env={"SCENARIOS_ANSWERS": "0"})
    first = rank("--workspace", str(ws), *args)
    second = rank("--workspace", str(ws), *args)
    assert fresh[0] == 0 and fresh[1].startswith("Central Asia")
    assert first == fresh and second == fresh
    assert len(computed) == 2  # the fresh run and the first; the second was recalled
    assert len(answer_files(cache)) == 1


def test_a_note_is_said_again_with_the_kept_table(cache, ws, computed):
    first = rank("--workspace", str(ws), "--set", "UZ.us_engagement=9")
    second = rank("--workspace", str(ws), "--set", "UZ.us_engagement=9")
    assert first[2].splitlines() == [
        "note: --set UZ.us_engagement=9 is outside its range 5–8; the range moves with it to 7.5–10"
    ]
    assert second == first and len(computed) == 1


def edit_value(ws: Path) -> None:
    path = ws / "profiles" / "uzbekistan.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("us_engagement:\n    value: 6.5") == 1
    path.write_text(
        text.replace("us_engagement:\n    value: 6.5", "us_engagement:\n    value: 7.5"),
        encoding="utf-8",
    )


def add_profile(ws: Path) -> None:
    text = (ws / "profiles" / "uzbekistan.yaml").read_text(encoding="utf-8")
    text = text.replace("id: UZ", "id: UX").replace("name: Uzbekistan", "name: Uzbekistan B")
    (ws / "profiles" / "uzbekistan-b.yaml").write_text(text, encoding="utf-8")


def remove_whatif(ws: Path) -> None:
    (ws / "whatif" / "gaza_escalation.yaml").unlink()


def edit_model(ws: Path) -> None:
    with (ws / "model.yaml").open("a", encoding="utf-8") as f:
        f.write("# a comment: the bytes changed, the model did not\n")


@pytest.mark.parametrize("change", [edit_value, add_profile, remove_whatif, edit_model])
def test_a_changed_file_of_the_workspace_is_computed_again(cache, ws, computed, change):
    before = rank("--workspace", str(ws))
    change(ws)
    after = rank("--workspace", str(ws))
    assert after[0] == 0 and len(computed) == 2
    assert after == rank("--workspace", str(ws), env={"SCENARIOS_ANSWERS": "0"})
    if change is edit_value:
        assert after[1] != before[1]


def test_anything_else_it_rests_on_makes_a_new_answer(cache, ws, computed, monkeypatch):
    rank("--workspace", str(ws))
    rank("--workspace", str(ws), "--weight", "religious_resistance=2")  # an option
    rank("--workspace", str(ws), env={"COLUMNS": "100"})  # the console's width
    assert len(computed) == 3
    site = ws.parent / "site"
    (site / "numpy-99.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))  # an upgraded package
    rank("--workspace", str(ws))
    assert len(computed) == 4
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p != str(site)])
    rank("--workspace", str(ws))  # back as it was: the first answer again
    assert len(computed) == 4

    monkeypatch.setattr(answers, "_today", lambda: "2100-01-01")  # an outcome may resolve
    rank("--workspace", str(ws))
    assert len(computed) == 5
    monkeypatch.setattr(answers, "_code_state", lambda: {"modules": "edited"})  # the code
    rank("--workspace", str(ws))
    assert len(computed) == 6
    monkeypatch.chdir(ws)  # the folder it runs in
    rank("--workspace", str(ws))
    assert len(computed) == 7
    assert len(answer_files(cache)) == 7


def test_the_code_state_names_every_module_of_the_tool():
    package = Path(answers.__file__).resolve().parents[1]
    modules = {p.relative_to(package).as_posix() for p in package.rglob("*.py")}
    named = {path.replace(os.sep, "/") for path, _, _ in answers._code_state()["modules"]}
    assert named == modules and "cli/answers.py" in named


@pytest.mark.parametrize(
    "args, env",
    [
        (("-f", "csv"), {}),
        (("-f", "json"), {}),
        (("-o", "OUT"), {}),
        (("--panel", "PANEL"), {}),
        ((), {"SCENARIOS_ANSWERS": "0"}),
        ((), {"SCENARIOS_CACHE": ""}),
    ],
    ids=["csv", "json", "output", "panel elsewhere", "answers off", "no cache"],
)
def test_nothing_is_kept_for_other_outputs_or_when_turned_off(
    cache, ws, computed, tmp_path, args, env
):
    panel = bundled_root() / "example-panel"  # a panel folder outside the workspace
    args = tuple(
        str(tmp_path / "out.txt") if a == "OUT" else str(panel) if a == "PANEL" else a for a in args
    )
    for _ in range(2):
        code, _, err = rank("--workspace", str(ws), *args, env=env)
        assert code == 0, err
    assert len(computed) == 2
    assert answer_files(cache) == []


def test_a_failed_run_keeps_nothing(cache, ws, computed):
    model = ws / "model.yaml"
    good = model.read_text(encoding="utf-8")
    model.write_text(good.replace("factors:", "factorz:", 1), encoding="utf-8")
    code, out, err = rank("--workspace", str(ws))
    assert code == 2 and out == "" and err.startswith("error: ")
    assert answer_files(cache) == []
    model.write_text(good, encoding="utf-8")
    assert rank("--workspace", str(ws))[0] == 0 and len(answer_files(cache)) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: "not json",
        lambda text: text.replace('"key": "', '"key": "0', 1),  # another question's answer
        lambda text: text.replace('"text": "', '"text": 3, "x": "', 1),
        lambda text: "[]",
    ],
    ids=["not json", "another key", "text not a string", "not an object"],
)
def test_a_damaged_answer_is_computed_again(cache, ws, computed, damage):
    first = rank("--workspace", str(ws))
    (path,) = answer_files(cache)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert rank("--workspace", str(ws)) == first and len(computed) == 2
    assert rank("--workspace", str(ws)) == first and len(computed) == 2  # kept again, whole


def test_the_least_recently_used_answers_go_beyond_the_number_kept(
    cache, ws, computed, monkeypatch
):
    monkeypatch.setattr(answers, "KEEP", 2)

    def weighted(weight: str) -> None:
        rank("--workspace", str(ws), "--weight", f"religious_resistance={weight}")

    weighted("1")
    (one,) = answer_files(cache)
    weighted("2")
    (two,) = set(answer_files(cache)) - {one}
    os.utime(one, (1, 1))  # "1" used before "2" (set: file times are coarse on some systems)
    os.utime(two, (2, 2))
    weighted("1")  # recalled: now the most recently used
    assert len(computed) == 2
    weighted("3")  # a third: "2" goes
    assert len(answer_files(cache)) == 2
    weighted("1")
    assert len(computed) == 3
    weighted("2")
    assert len(computed) == 4


def test_what_a_killed_run_left_is_removed(cache, ws):
    cache.mkdir(parents=True)
    left = cache / ".abc.123.tmp"
    left.write_text("half an answer", encoding="utf-8")
    fresh = cache / ".def.456.tmp"  # another run's, still being written
    fresh.write_text("half an answer", encoding="utf-8")
    os.utime(left, (1, 1))
    rank("--workspace", str(ws))
    assert not left.exists() and fresh.exists()


def test_a_file_edited_while_it_is_ranked_keeps_no_answer(cache, ws, computed, monkeypatch):
    # the table then shows the new bytes, not those the key was made of: not kept under it
    profile = ws / "profiles" / "uzbekistan.yaml"
    before = profile.read_text(encoding="utf-8")
    real = answers.content_hash
    calls: list[int] = []

    def hash_then_edit(root: Path) -> str:
        digest = real(root)
        if not calls:
            edit_value(ws)  # an editor saves just after the key was made
        calls.append(1)
        return digest

    monkeypatch.setattr(answers, "content_hash", hash_then_edit)
    rank("--workspace", str(ws))
    assert answer_files(cache) == []
    profile.write_text(before, encoding="utf-8")  # undone: the first key's bytes again
    again = rank("--workspace", str(ws))
    assert again == rank("--workspace", str(ws), env={"SCENARIOS_ANSWERS": "0"})
    assert len(computed) == 3


def test_a_path_that_is_not_utf8_is_kept_and_recalled(ws, tmp_path):
    link = tmp_path / os.fsdecode(b"l\xffk")  # a byte of no UTF-8 character in the name
    try:
        link.symlink_to(ws)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes no such name")
    env = {**os.environ, **ENV, "SCENARIOS_CACHE": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-m", "scenarios", "rank", "--workspace", os.fsencode(link)],
            env={**env, "SCENARIOS_ANSWERS": switch},
            capture_output=True,
            timeout=120,
        )
        for switch in ("0", "1", "1")
    ]
    assert [r.returncode for r in runs] == [0, 0, 0], runs[1].stderr
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout and b"Uzbekistan" in runs[0].stdout
    assert runs[1].stderr == runs[2].stderr == b""
    assert len(answer_files(tmp_path / "cache" / "answers")) == 1


def test_a_kept_answer_loads_neither_the_workspace_nor_numpy_nor_pydantic(tmp_path, ws):
    # what makes the second run fast: it imports none of the loading, the schema, numpy or
    # pydantic (which typer imports from 0.29 on: pyproject.toml keeps it below)
    script = (
        "import sys\n"
        "from scenarios.cli.launch import main\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('numpy', 'yaml', 'pandas', 'pydantic', 'scenarios.workspace.load',\n"
        "         'scenarios.workspace.schema', 'scenarios.analyses.scoring')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {
        **os.environ,
        **ENV,
        "SCENARIOS_CACHE": str(tmp_path / "cache"),
        "SCENARIOS_ANSWERS": "1",
    }
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, "rank", "--workspace", str(ws)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout
    assert "numpy" in runs[0].stderr and "scenarios.workspace.schema" in runs[0].stderr
    assert runs[1].stderr.strip() == "[]"


def test_the_docs_state_what_the_code_does():
    docs = Path(__file__).resolve().parents[2] / "docs"
    outputs = " ".join((docs / "outputs.md").read_text(encoding="utf-8").split())
    assert f"The {answers.KEEP} most recently used answers are kept" in outputs
    assert f"`{answers.SWITCH_VAR}=0` computes every answer afresh" in outputs
    performance = " ".join((docs / "performance.md").read_text(encoding="utf-8").split())
    assert f"with all {len(NAMES)} commands built" in performance
    # the bound on typer that keeps pydantic off the kept answer's path, as pyproject.toml has it
    pyproject = (docs.parent / "pyproject.toml").read_text(encoding="utf-8")
    (bound,) = re.findall(r'"typer>=[0-9.]+,<([0-9.]+)"', pyproject)
    dependencies = " ".join((docs / "dependencies.md").read_text(encoding="utf-8").split())
    assert f"typer is kept below {bound}." in dependencies
    assert f"typer is kept below {bound} ([Dependencies]" in performance
