"""Every command and output format, in process, with exact expectations."""

import io
import json
import re
import shlex
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from scenarios.cli.app import app

from .. import tiny

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}


@pytest.fixture
def run():
    runner = CliRunner(env=ENV)

    def invoke(*args, input=None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return invoke


@pytest.fixture
def ws(tmp_path):
    return tiny.write(tmp_path / "tiny")


def test_rank_table(run, ws):
    result = run("rank", "-w", ws)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    rows = [line.split() for line in lines if line.strip()[:1].isdigit()]
    assert [(r[0], r[1]) for r in rows] == [("1", "Xland"), ("2", "Yland"), ("3", "Zland")]
    assert "0.740" in result.stdout and "0.600" in result.stdout and "0.160" in result.stdout
    assert "joined 2020-09" in result.stdout
    flowing = " ".join(result.stdout.split())  # captions wrap at the terminal's width
    assert f"workspace: {ws}" in flowing
    assert "not a probability" in flowing
    assert "\x1b[" not in result.stdout  # no colour codes when not a terminal


def test_rank_csv_parses_back(run, ws):
    result = run("rank", "-w", ws, "--format", "csv")
    assert result.exit_code == 0
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert list(frame.columns)[:5] == ["id", "rank", "name", "name_ar", "score"]
    assert frame["id"].tolist() == ["X", "Y", "Z"]
    assert frame["score"].tolist() == pytest.approx([0.74, 0.60, 0.16])
    assert frame["status"].tolist() == ["", "joined 2020-09", ""]


def test_rank_json_has_meta_and_rows(run, ws):
    result = run("rank", "-w", ws, "-f", "json", "--weight", "c=3")
    data = json.loads(result.stdout)
    assert data["meta"]["workspace"] == str(ws)
    assert data["meta"]["changes"] == ["--weight c=3"]
    assert len(data["meta"]["content_hash"]) == 64
    assert [row["id"] for row in data["tables"]["rankings"]] == ["Y", "X", "Z"]


def test_rank_markdown(run, ws):
    result = run("rank", "-w", ws, "-f", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| id | rank | name |")
    assert lines[1].startswith("|---|---:|---|")
    assert lines[2].startswith("| X | 1 | Xland |")


def test_rank_output_file_is_written(run, ws, tmp_path):
    out = tmp_path / "r.csv"
    result = run("rank", "-w", ws, "-f", "csv", "-o", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert pd.read_csv(out)["id"].tolist() == ["X", "Y", "Z"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_rank_output_into_missing_folder_is_an_error(run, ws, tmp_path):
    result = run("rank", "-w", ws, "-f", "csv", "-o", tmp_path / "nope" / "r.csv")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_geometric_aggregation_option(run, ws):
    result = run("rank", "-w", ws, "-f", "csv", "--aggregation", "geometric")
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert frame.loc[frame["id"] == "Z", "score"].item() == 0.0
    bad = run("rank", "-w", ws, "--aggregation", "median")
    assert bad.exit_code == 2
    assert "Invalid value for '--aggregation'" in bad.stderr


def test_explain_table_and_csv(run, ws):
    result = run("explain", "Y", "-w", ws, "--full")
    assert result.exit_code == 0
    assert "Yland (Y) — rank 2 of 3, score 0.600" in result.stdout
    assert "Gap to Xland (rank 1): 0.140 in score" in result.stdout
    frame = pd.read_csv(io.StringIO(run("explain", "Y", "-w", ws, "-f", "csv").stdout))
    assert frame["contribution"].tolist() == pytest.approx([0.2, 0.2, 0.2])
    assert frame["gap_to_above"].tolist() == pytest.approx([0.12, 0.12, -0.10])


def test_explain_unknown_country(run, ws):
    result = run("explain", "Q", "-w", ws)
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: unknown country 'Q' (expected one of: X, Y, Z)"


def test_factors_matrix(run, ws):
    result = run("factors", "-w", ws, "-f", "csv")
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns) == ["id", "name", "a", "b", "c"]
    assert frame.loc[0].tolist() == ["X", "Xland", 8, 2, 5]
    table = run("matrix", "-w", ws)
    assert table.exit_code == 0 and "Tiny: factor values" in table.stdout
    # countries in rank order (X, Y, Z); ↑ above the middle of the scale, ↓ below, none at it
    assert [line.split() for line in table.stdout.splitlines() if " a " in line] == [
        ["+", "a", "8↑", "5", "2↓"]
    ]
    assert "colour" not in table.stdout  # no colours in a pipe, so no word about them


def test_validate_ok(run, ws):
    result = run("validate", "-w", ws)
    assert result.exit_code == 0
    assert (
        result.stdout.strip()
        == f"ok: {ws} — 3 countries, 3 factors in 2 groups, 0 what-ifs; 6 warnings"
    )
    assert result.stderr.count("value has no source") == 6


def test_schema_is_json_schema_of_each_kind(run):
    result = run("schema", "profile")
    schema = json.loads(result.stdout)
    assert schema["title"] == "ProfileFile"
    assert {"id", "name", "factors"} <= set(schema["required"])
    every = json.loads(run("schema").stdout)
    assert set(every) == {"model", "profile", "whatif", "panel"}
    bad = run("schema", "profle")
    assert bad.exit_code == 2 and "did you mean 'profile'?" in bad.stderr


def test_init_copies_and_refuses_to_overwrite(run, tmp_path, monkeypatch):
    target = tmp_path / "mine"
    result = run("init", target)
    assert result.exit_code == 0
    assert (target / "model.yaml").is_file()
    assert len(list((target / "profiles").glob("*.yaml"))) == 5
    again = run("init", target)
    assert again.exit_code == 2
    assert "already exists and is not empty" in again.stderr
    # the copied workspace is found from its own folder
    monkeypatch.chdir(target)
    ranked = run("rank", "-f", "csv")
    assert ranked.exit_code == 0
    assert "KZ" in ranked.stdout
    missing = run("init", tmp_path / "x", "--from", "central-asi")
    assert missing.exit_code == 2 and "did you mean 'central-asia'?" in missing.stderr


def test_export_writes_tables_and_manifest(run, ws, tmp_path):
    out = tmp_path / "out"
    result = run("export", out, "-w", ws, "--set", "Z.a=3")
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["files"] == [
        "rankings.csv",
        "contributions.csv",
        "matrix.csv",
        "oat.csv",
        "critical.csv",
        "acceptability.csv",
        "mc_summary.csv",
        "pairwise.csv",
        "evidence.csv",
        "factors.csv",
        "countries.csv",
        "datapackage.json",
    ]
    assert manifest["seed"] == 20251106 and manifest["samples"] == 20_000
    assert manifest["options"]["set"] == ["Z.a=3"]
    assert manifest["version"]
    rankings = pd.read_csv(out / "rankings.csv")
    contributions = pd.read_csv(out / "contributions.csv")
    # the exported numbers are the numbers: contributions add up to the exported scores
    sums = contributions.groupby("id")["contribution"].sum()
    for row in rankings.itertuples():
        assert sums[row.id] == pytest.approx(row.score, abs=1e-6)
    assert rankings.loc[rankings["id"] == "Z", "score"].item() == pytest.approx(0.16 + 0.4 * 0.1)


def test_export_excel_has_bom_and_arabic(run, tmp_path):
    out = tmp_path / "xl"
    assert run("export", out, "-w", "central-asia", "--excel").exit_code == 0
    raw = (out / "rankings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "أوزبكستان" in raw.decode("utf-8-sig")
    plain = tmp_path / "plain"
    run("export", plain, "-w", "central-asia")
    assert not (plain / "rankings.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_neutralises_formula_injection(run, tmp_path):
    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace("name: Xland", "name: '=HYPERLINK(\"http://x\")'")
    ws = tiny.write(tmp_path / "inj", profiles=profiles)
    out = run("rank", "-w", ws, "-f", "csv").stdout
    assert "'=HYPERLINK" in out
    assert "\n1,X,=HYPERLINK" not in out


ALL_COMMANDS = [
    "rank",
    "new",
    "import",
    "panel",
    "explain",
    "factors",
    "matrix",
    "validate",
    "schema",
    "init",
    "export",
    "sensitivity",
    "whatifs",
    "compare",
    "backtest",
    "calibrate",
    "cascade",
    "report",
    "record",
    "history",
    "diff",
    "signposts",
    "score",
]


def test_the_command_list_is_complete():
    import typer.main

    assert sorted(typer.main.get_command(app).commands) == sorted(ALL_COMMANDS)


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_every_command_and_option_has_help(run, command):
    import typer.main

    result = run(command, "--help")
    assert result.exit_code == 0
    cmd = typer.main.get_command(app).commands[command]
    assert cmd.help and cmd.help.strip()
    for param in cmd.params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help, f"{command} {param.opts} has no help"
        if param.param_type_name == "argument":
            assert getattr(param, "help", None), f"{command} argument {param.name} has no help"


def examples(help_text: str) -> list[str]:
    """The command lines under 'Example:' or 'Examples:' in a help text."""
    block = re.search(r"^  Examples?:\n((?:    scenarios .*\n)+)", help_text, re.M)
    return [line.strip() for line in block[1].splitlines()] if block else []


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_every_command_has_help_that_teaches(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    found = examples(result.stdout)
    assert found, f"{command} --help has no example"
    assert all(line.startswith(f"scenarios {command}") or " --whatif " in line for line in found)
    # placeholders read as words, not Python types
    assert not re.search(r"<(bool|str|int|float|path|list)\b", result.stdout), result.stdout
    assert run(command, "-h").stdout == result.stdout
    # wrapped by click to the screen, not hard-wrapped in the source
    assert max(len(line) for line in result.stdout.splitlines()) <= 120


def help_of(*words: str) -> str:
    return CliRunner(env=ENV).invoke(app, [*words, "--help"]).stdout


def option_examples() -> list[str]:
    """The options' own examples ('e.g. --set UZ.us_engagement=9', 'e.g. values=median or
    ...', '(e.g. 4G, 512M)'), each as a command line of the first command that has the option
    (rank where it does, else sensitivity -m mc)."""
    import typer

    root = typer.main.get_command(app)
    commands = [root.commands[c] for c in ALL_COMMANDS]  # type: ignore[attr-defined]
    lines, seen = [], set()
    for command in sorted(commands, key=lambda c: (c.name != "rank", c.name != "sensitivity")):
        for param in command.params:
            text = " ".join((getattr(param, "help", None) or "").split())
            found = re.search(r"e\.g\. (.+?)(?:;|\)|\.$|\. | for )", text)
            if not found or not param.opts[0].startswith("--") or param.opts[0] in seen:
                continue
            seen.add(param.opts[0])
            for piece in re.split(r" or |, ", found[1]):
                words = piece.split()
                words = words if words[0].startswith("--") else [param.opts[0], words[0]]
                extra = ["-m", "mc"] if command.name == "sensitivity" else []
                lines.append(shlex.join(["scenarios", command.name, *extra, *words]))
    return list(dict.fromkeys(lines))


def help_examples() -> list[str]:
    """Every example of every command's help: the 'Examples:' blocks (the panel's `init` too),
    and the options' own examples."""
    helps = [help_of(c) for c in ALL_COMMANDS] + [help_of("panel", "init")]
    return sorted({line for h in helps for line in examples(h)} | set(option_examples()))


NAMES = ["Kazakhstan", "Uzbekistan", "Turkmenistan", "Kyrgyzstan", "Tajikistan"]
IDS = ["KZ", "UZ", "TM", "KG", "TJ"]


def flat(text: str) -> str:
    return " ".join(text.split())


def csv_of(path_or_text: str | Path) -> pd.DataFrame:
    text = path_or_text.read_text("utf-8-sig") if isinstance(path_or_text, Path) else path_or_text
    return pd.read_csv(io.StringIO(text))


def in_order(text: str, names: list[str]) -> bool:
    places = [text.find(n) for n in names]
    return -1 not in places and places == sorted(places)


def ranked_names(ws: Path | str = ".") -> list[str]:
    import scenarios

    ranking = scenarios.rank(ws)
    return [ranking.workspace.profiles[i].name for i in ranking.order]


def first_sheet(path: Path) -> tuple[str, list[str]]:
    """The workbook's first sheet's name and its country column (B), read by python-calamine."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_index(0).to_python()
    return book.sheet_names[0], [str(row[1]) for row in rows[1:]]


def arabic_names(ws: Path | str = ".") -> dict[str, str]:
    import scenarios

    return {p.name: str(p.name_ar) for p in scenarios.rank(ws).workspace.profiles}


def record(run, *words: str) -> None:
    assert run("record", *words).exit_code == 0


def git_commit_then_edit(run, root: Path) -> None:
    """The workspace under git, then UZ's us_engagement edited: what `diff HEAD` shows."""
    import subprocess

    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "-C", str(root), "add", "."], check=True)
    subprocess.run([*git, "-C", str(root), "commit", "-qm", "start"], check=True)
    uz = root / "profiles" / "uzbekistan.yaml"
    text = uz.read_text("utf-8")
    edited = re.sub(r"(us_engagement:\n    value: )[\d.]+", r"\g<1>7.5", text)
    assert edited != text
    uz.write_text(edited, "utf-8")


def whatif_names(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "whatif").glob("*.yaml"))


def example_analysts() -> list[str]:
    from scenarios.workspace.find import bundled_root

    return sorted(p.stem for p in (bundled_root() / "example-panel").glob("*.yaml"))


def signpost_values(path: Path) -> pd.Series:
    """The values now of the signposts' thresholds table, by country and factor."""
    frame = csv_of(path).set_index(["id", "factor"])
    return frame["value"].sort_index()


def values_with(**changes) -> list[float]:
    import scenarios

    ws = scenarios.prepare(".", **changes)
    cells = {
        (c, f): float(ws.values[i, j])
        for i, c in enumerate(ws.country_ids)
        for j, f in enumerate(ws.factor_ids)
    }
    return [cells[key] for key in sorted(cells)]


def score_shown(text: str, name: str) -> str:
    return re.search(rf"{name}\s+(\d\.\d{{3}})", text)[1]


def score_moved(country: str, factor: str, value: float) -> str:
    """The additive score with one value moved, by hand: the score as it is plus the factor's
    effective weight times the move on the normalised 0–10 scale (a `for` factor)."""
    import scenarios

    base = scenarios.rank()
    ws = base.workspace
    c, f = ws.country_ids.index(country), ws.factor_ids.index(factor)
    assert ws.directions[f] == 1 and ws.scale == (0, 10)
    return f"{base.scores[c] + base.weights[f] * (value - ws.values[c, f]) / 10:.3f}"


def slopes_averaged() -> int:
    """How many alternative fits the figure averages: those on the file's weights."""
    import scenarios

    return len(scenarios.rank().link.on_file_weights) - 1


def not_joined() -> list[str]:
    import scenarios

    ws = scenarios.load_workspace()
    return sorted(p.id for p in ws.profiles if p.status is None or p.status.state != "joined")


# What each example's help says it does, as something its output must show. `d` is the folder
# the example runs in: a copy of the bundled workspace (so `record` may write its ledger).
# Setups run first (a ledger to read, a workspace to write into, a git history to diff with).
SETUP = {
    "scenarios panel init alice -w mine": lambda run, d: run("init", "mine"),
    "scenarios history": lambda run, d: record(run),
    "scenarios history UZ KG -f csv": lambda run, d: record(run),
    "scenarios report --ledger forecasts.jsonl": lambda run, d: record(
        run, "--ledger", "forecasts.jsonl"
    ),
    "scenarios score": lambda run, d: record(run, "--date", "2026-06-01"),
    "scenarios score --today 2031-06-01 -f csv --table forecasts": lambda run, d: record(
        run, "--date", "2026-06-01"
    ),
    "scenarios diff HEAD": lambda run, d: git_commit_then_edit(run, d),
    "scenarios diff HEAD -f csv": lambda run, d: git_commit_then_edit(run, d),
}
SHOWS = {
    "scenarios rank": lambda r, d, run: in_order(r.stdout, ranked_names()),
    "scenarios rank --weight religious_resistance=2 --set UZ.us_engagement=8": lambda r, d, run: (
        "changes: --weight religious_resistance=2, --set UZ.us_engagement=8" in flat(r.stdout)
        and in_order(
            r.stdout,
            ranked_names_with(weights=["religious_resistance=2"], sets=["UZ.us_engagement=8"]),
        )
    ),
    "scenarios rank -w abraham-2020 -f csv -o rankings.csv": lambda r, d, run: (
        csv_of(d / "rankings.csv")["name"].tolist() == ranked_names("abraham-2020")
    ),
    "scenarios rank --weight religious_resistance=2": lambda r, d, run: (
        "changes: --weight religious_resistance=2" in flat(r.stdout)
    ),
    "scenarios rank --set UZ.us_engagement=9": lambda r, d, run: (
        "changes: --set UZ.us_engagement=9" in flat(r.stdout)
        and score_shown(r.stdout, "Uzbekistan") == score_moved("UZ", "us_engagement", 9)
        and [line.split(" is ")[0] for line in r.stderr.splitlines()]
        == ["note: --set UZ.us_engagement=9"]  # the range moved with it, said once
    ),
    "scenarios rank --panel example-panel --panel-aggregate values=median": lambda r, d, run: (
        "changes: --panel-aggregate values=median" in flat(r.stdout)
        and "illustrative panel" in flat(r.stdout)
    ),
    "scenarios rank --interval 0.9": lambda r, d, run: "90% interval over" in flat(r.stdout),
    "scenarios rank --whatif russia_weakened": lambda r, d, run: (
        "changes: --whatif russia_weakened" in flat(r.stdout)
    ),
    "scenarios panel --panel example-panel": lambda r, d, run: (
        all(a in r.stdout for a in example_analysts())
        and "Illustrative panel" in r.stdout
        and r.stdout.splitlines()[-1].startswith("--full: ")
        and "Whose readings" not in r.stdout
    ),
    "scenarios panel --panel example-panel --full": lambda r, d, run: (
        "Where the analysts disagree" in r.stdout and "Whose readings" in r.stdout
    ),
    "scenarios panel --panel example-panel --panel-aggregate values=median": lambda r, d, run: (
        "values median" in flat(r.stdout)
    ),
    "scenarios panel --panel example-panel --calibration": lambda r, d, run: (
        "Track records on" in r.stdout
    ),
    "scenarios rank --panel example-panel": lambda r, d, run: (
        "illustrative panel" in flat(r.stdout)
        and in_order(r.stdout, ranked_names_with(panel="example-panel"))
    ),
    "scenarios panel init alice -o alice.yaml": lambda r, d, run: (
        "analyst:" in (d / "alice.yaml").read_text("utf-8")
        and not (d / "panel/alice.yaml").exists()
    ),
    "scenarios panel init alice -w mine": lambda r, d, run: (d / "mine/panel/alice.yaml").exists(),
    "scenarios explain UZ": lambda r, d, run: all(
        f in r.stdout for f in [*factor_ids(), "Uzbekistan"]
    ),
    "scenarios explain UZ --link": lambda r, d, run: (
        "p = logistic(" in flat(r.stdout)
        and f"averaged with its {slopes_averaged()} alternative slopes" in flat(r.stdout)
        and "p = logistic(" not in flat(run("explain", "UZ").stdout)
    ),
    "scenarios explain UZ --evidence": lambda r, d, run: (
        "Evidence (web addresses" in r.stdout and "Gap to" not in r.stdout
    ),
    "scenarios explain uzbekistan --whatif russia_weakened --full": lambda r, d, run: (
        "Uzbekistan" in r.stdout
        and "changes: --whatif russia_weakened" in flat(r.stdout)
        and "Gap to Kazakhstan" in r.stdout
        and "Evidence (web addresses" in r.stdout
    ),
    "scenarios factors": lambda r, d, run: all(f in r.stdout for f in factor_ids() + IDS),
    "scenarios factors -f csv -o matrix.csv": lambda r, d, run: (
        set(factor_ids()) <= set(csv_of(d / "matrix.csv").columns)
        and len(csv_of(d / "matrix.csv")) == len(NAMES)
    ),
    "scenarios matrix": lambda r, d, run: r.stdout == run("factors").stdout,
    "scenarios validate": lambda r, d, run: r.stdout.startswith("ok"),
    "scenarios validate -w abraham-2020": lambda r, d, run: (
        r.stdout.startswith("ok") and "abraham-2020" in r.stdout
    ),
    "scenarios schema": lambda r, d, run: {"model", "profile"} <= set(json.loads(r.stdout)),
    "scenarios schema profile -o profile.schema.json": lambda r, d, run: (
        "factors" in json.loads((d / "profile.schema.json").read_text("utf-8"))["properties"]
    ),
    "scenarios init mine": lambda r, d, run: ranked_names(d / "mine") == ranked_names(),
    "scenarios init backtest --from abraham-2020": lambda r, d, run: (
        ranked_names(d / "backtest") == ranked_names("abraham-2020")
    ),
    "scenarios export results": lambda r, d, run: (
        csv_of(d / "results/rankings.csv")["name"].tolist() == ranked_names()
        and (d / "results/manifest.json").exists()
    ),
    "scenarios export results --excel --whatif russia_weakened": lambda r, d, run: (
        (d / "results/rankings.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        and json.loads((d / "results/manifest.json").read_text("utf-8"))["changes"]
        == ["--whatif russia_weakened"]
    ),
    "scenarios export --xlsx results.xlsx": lambda r, d, run: (
        first_sheet(d / "results.xlsx")[0] == "Ranking"
        and first_sheet(d / "results.xlsx")[1] == ranked_names()
    ),
    "scenarios export --xlsx results-ar.xlsx --lang ar": lambda r, d, run: (
        first_sheet(d / "results-ar.xlsx")[0] == "الترتيب"
        and first_sheet(d / "results-ar.xlsx")[1]
        == [arabic_names()[name] for name in ranked_names()]
    ),
    # the first screen: the most critical weight and the rank stability; --full the rest
    "scenarios sensitivity": lambda r, d, run: (
        all(t in r.stdout for t in ("Most critical: ", "Rank stability", "samples", "--full"))
        and "One at a time" not in r.stdout
    ),
    "scenarios sensitivity -m critical": lambda r, d, run: (
        "Most critical: " in r.stdout and "Rank stability" not in r.stdout
    ),
    "scenarios sensitivity -m mc --samples 100000 --seed 7": lambda r, d, run: (
        "100,000 samples of uncertain weights and values · seed 7" in flat(r.stdout)
    ),
    "scenarios sensitivity -m sobol": lambda r, d, run: "Sobol" in r.stdout,
    "scenarios sensitivity -m mc --memory-budget 4G": lambda r, d, run: "samples" in r.stdout,
    "scenarios sensitivity -m mc --memory-budget 512M": lambda r, d, run: "samples" in r.stdout,
    "scenarios whatifs": lambda r, d, run: all(w in r.stdout for w in whatif_names(d)),
    "scenarios compare": lambda r, d, run: all(w in r.stdout for w in whatif_names(d)),
    "scenarios compare russia_weakened gaza_escalation --full": lambda r, d, run: (
        {w for w in whatif_names(d) if w in r.stdout} == {"russia_weakened", "gaza_escalation"}
        and "What drives each change" in r.stdout
    ),
    "scenarios backtest -w abraham-2020": lambda r, d, run: all(
        t in r.stdout for t in ("Backtest:", "ROC AUC", "baseline: base rate")
    ),
    "scenarios calibrate": lambda r, d, run: (
        "Base rate check" in r.stdout
        and flat(r.stdout).split("joins among these states; ")[1].startswith("1 happened")
    ),
    "scenarios calibrate -w abraham-2020": lambda r, d, run: all(
        t in r.stdout for t in ("link:", "intercept:", "slope:", "workspace: abraham-2020")
    ),
    "scenarios cascade": lambda r, d, run: (
        "20,000 runs" in r.stdout and in_order(r.stdout, NAMES[:1])
    ),
    "scenarios cascade --runs 100000 --horizon 3": lambda r, d, run: (
        "100,000 runs" in flat(r.stdout) and "joined within 3 years" in r.stdout
    ),
    "scenarios report": lambda r, d, run: "<html" in (d / "report.html").read_text("utf-8"),
    "scenarios report --lang ar -o report-ar.html --charts charts": lambda r, d, run: (
        'lang="ar"' in (d / "report-ar.html").read_text("utf-8") and any((d / "charts").iterdir())
    ),
    "scenarios report --ledger forecasts.jsonl": lambda r, d, run: (
        "forecasts.jsonl" in (d / "report.html").read_text("utf-8")
    ),
    "scenarios report --pdf report.pdf": lambda r, d, run: (
        (d / "report.pdf").read_bytes().startswith(b"%PDF-")
        and "<html" in (d / "report.html").read_text("utf-8")
    ),
    'scenarios record --ledger forecasts.jsonl --note "after the C5+1 summit"': lambda r, d, run: (
        [json.loads(line)["note"] for line in (d / "forecasts.jsonl").open()]
        == ["after the C5+1 summit"]
    ),
    "scenarios record --ledger forecasts.jsonl --date 2026-06-01": lambda r, d, run: (
        [json.loads(line)["date"] for line in (d / "forecasts.jsonl").open()] == ["2026-06-01"]
    ),
    "scenarios history": lambda r, d, run: all(n in r.stdout for n in NAMES),
    "scenarios history UZ KG -f csv": lambda r, d, run: set(csv_of(r.stdout)["id"]) == {"UZ", "KG"},
    "scenarios diff HEAD": lambda r, d, run: (
        "us_engagement" in r.stdout and "No edits" not in r.stdout
    ),
    "scenarios diff HEAD -f csv": lambda r, d, run: (
        # the main table: a row a country, only Uzbekistan's score moved; the edit in its own
        csv_of(r.stdout).query("score_change != 0")["id"].tolist() == ["UZ"]
        and "UZ,us_engagement," in run("diff", "HEAD", "-f", "csv", "--table", "diff_edits").stdout
    ),
    "scenarios signposts": lambda r, d, run: (
        r.stdout.startswith("Signposts") and in_order(r.stdout, ranked_names())
    ),
    "scenarios signposts --whatif gaza_escalation -f csv -o signposts/": lambda r, d, run: (
        # a file a table, and the thresholds are the what-if's: its values, not the profiles'
        sorted(p.name for p in (d / "signposts").iterdir())
        == ["indicators.csv", "manifest.json", "signpost_thresholds.csv", "signposts.csv"]
        and signpost_values(d / "signposts" / "signpost_thresholds.csv").tolist()
        == pytest.approx(values_with(whatifs=["gaza_escalation"]), rel=1e-5)
        and signpost_values(d / "signposts" / "signpost_thresholds.csv").tolist()
        != pytest.approx(values_with(), rel=1e-5)
    ),
    "scenarios score": lambda r, d, run: (
        f"0 of {len(not_joined())} resolved in 1 record" in flat(r.stdout)
    ),
    "scenarios score --today 2031-06-01 -f csv --table forecasts": lambda r, d, run: (
        sorted(csv_of(r.stdout)["id"]) == not_joined()
    ),
}


def factor_ids() -> list[str]:
    import scenarios

    return list(scenarios.load_workspace().factor_ids)


def ranked_names_with(**changes) -> list[str]:
    import scenarios

    ranking = scenarios.rank(".", **changes)
    return [ranking.workspace.profiles[i].name for i in ranking.order]


def test_every_help_example_is_checked():
    """A new example needs a line in SHOWS saying what its output must show."""
    assert sorted(SHOWS) == help_examples()
    assert len(help_examples()) >= 45


@pytest.mark.parametrize("example", help_examples())
@pytest.mark.slow
def test_every_example_in_the_help_does_what_it_says(run, example, tmp_path, monkeypatch):
    """Each example, run in a copy of the bundled workspace: exit 0, and its output (or the
    files it writes) shows what its help says it does."""
    import shutil

    from scenarios.workspace.find import bundled_root

    root = tmp_path / "ws"
    shutil.copytree(bundled_root() / "central-asia", root)
    monkeypatch.chdir(root)  # the workspace the examples find, and where they write
    if example in SETUP:
        SETUP[example](run, root)
    result = run(*shlex.split(example)[1:])
    assert result.exit_code == 0, result.output
    assert SHOWS[example](result, root, run), result.output


def test_root_help_lists_commands_whole_and_completion(run):
    result = run("-h")
    assert result.exit_code == 0
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
    commands = result.stdout.split("Commands:")[1]
    assert "..." not in commands  # no summary cut short
    listed = re.findall(r"^  ([a-z]+)  ", commands, re.M)
    assert sorted(listed) == sorted(ALL_COMMANDS)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("scenarios ex", ["explain", "export"]),
        ("scenarios explain U", ["UZ", "Uzbekistan"]),
        ("scenarios explain u", ["uz", "uzbekistan"]),
        (
            "scenarios explain -w abraham-2020 S",
            ["SA", "SO", "SD", "SY", "Somalia", "Sudan", "Syria"],
        ),
        ("scenarios rank --weight rel", ["religious_resistance="]),
        ("scenarios rank --set TM.us", ["TM.us_engagement="]),
        ("scenarios rank --set Tu", ["Turkmenistan."]),
        ("scenarios compare gaz", ["gaza_escalation"]),
        ("scenarios rank --whatif uz", ["uzbekistan_joins"]),
        ("scenarios explain -w nowhere ", []),  # a broken workspace: quietly nothing
        ("scenarios rank -w ", ["abraham-2020", "central-asia"]),  # the bundled workspaces
        ("scenarios export out -w ce", ["central-asia"]),
        ("scenarios rank -w ./", []),  # a path: the shell completes it itself
    ],
)
def test_shell_completion(words, expected, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    env = {
        "_SCENARIOS_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
        "SCENARIOS_WORKSPACE": "",
    }
    result = CliRunner(env=env).invoke(app, [], prog_name="scenarios")
    assert result.exit_code == 0
    assert result.stdout.split() == expected
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("incomplete", "expected"),
    [
        ("", ["abraham-2020", "central-asia", "cases/", "central-copy/"]),
        ("c", ["central-asia", "cases/", "central-copy/"]),
        ("ce", ["central-asia", "central-copy/"]),
        ("central-a", ["central-asia"]),
        ("ab", ["abraham-2020"]),
        # no bundled name matches: nothing, and the shell completes the path as before
        ("ca", []),
        ("cases/", []),
        ("./", []),
        ("x", []),
    ],
)
def test_workspace_completion_offers_the_bundled_names_and_the_folders(
    incomplete, expected, monkeypatch, tmp_path
):
    from scenarios.cli.options import complete_workspace

    for folder in ("cases/inner", "central-copy", ".hidden"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "central.txt").write_text("a file, not a folder")
    monkeypatch.chdir(tmp_path)
    offered = complete_workspace(None, incomplete)  # type: ignore[arg-type]
    assert [value for value, _ in offered] == expected
    about = dict(offered)
    assert all(about[v] == ("folder" if v.endswith("/") else "bundled workspace") for v in about)


def test_no_arguments_shows_help(run):
    result = run()
    assert "rank" in result.output and "explain" in result.output


def test_sensitivity_table_shows_every_default_analysis(run):
    result = run("sensitivity", "-w", "central-asia", "--samples", "2000", "--full")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "One at a time" in out and "Critical weights" in out
    assert "Most critical: russia_dependence" in out  # follows the bundled data
    assert "Monte Carlo: probability of holding each rank" in out
    assert "2,000 samples · seed 20251106" in out
    assert "Sobol" not in out


def test_sensitivity_csv_tables_and_json(run):
    csv = run("sensitivity", "-w", "central-asia", "-m", "critical", "-f", "csv").stdout
    frame = pd.read_csv(io.StringIO(csv))
    assert frame["factor"].tolist()[0] == "russia_dependence"
    both = ("sensitivity", "-w", "central-asia", "-m", "oat", "-m", "mc", "--samples", "1000")
    # without critical, the main table is the Monte Carlo summary: a row a country
    main = pd.read_csv(io.StringIO(run(*both, "-f", "csv").stdout))
    assert main["id"].tolist() == IDS and "p_first" in main.columns
    oat = pd.read_csv(io.StringIO(run(*both, "-f", "csv", "--table", "oat").stdout))
    assert len(oat) == len(IDS) * len(factor_ids())  # a row a factor and country
    pairwise = pd.read_csv(io.StringIO(run(*both, "-f", "csv", "--table", "pairwise").stdout))
    assert list(pairwise.columns) == ["id", *IDS]
    data = json.loads(
        run(
            "sensitivity",
            "-w",
            "central-asia",
            "-m",
            "mc",
            "--samples",
            "1000",
            "--seed",
            "7",
            "-f",
            "json",
        ).stdout
    )
    assert data["meta"]["seed"] == 7 and data["meta"]["samples"] == 1000
    rows = data["tables"]["acceptability"]
    assert sum(row["rank_1"] for row in rows) == pytest.approx(1.0)


def test_sensitivity_same_seed_same_output(run):
    args = ("sensitivity", "-w", "central-asia", "-m", "mc", "--samples", "3000", "-f", "csv")
    assert run(*args).stdout == run(*args).stdout
    assert run(*args, "--seed", "2").stdout != run(*args).stdout


def test_sensitivity_sobol_option(run):
    result = run(
        "sensitivity", "-w", "central-asia", "-m", "sobol", "--samples", "256", "-f", "csv"
    )
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns) == ["id", "input", "S1", "S1_conf", "ST", "ST_conf"]
    assert set(frame["id"]) == {"KZ", "UZ", "TM", "KG", "TJ"}


def test_sensitivity_bad_options(run):
    bad = run("sensitivity", "-m", "tornado")
    assert bad.exit_code == 2 and "Invalid value for '--method'" in bad.stderr
    bad = run("sensitivity", "--samples", "0")
    assert bad.exit_code == 2 and "--samples" in bad.stderr
    bad = run("sensitivity", "--delta", "2")
    assert bad.exit_code == 2 and "--delta" in bad.stderr


# --- the console script itself -----------------------------------------------------------


def script(*args, cwd=None):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "scenarios", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, **ENV},
    )


def test_usage_errors_are_one_line_with_exit_2(tmp_path):
    result = script("rank", "--aggregation", "median", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: Invalid value for '--aggregation' / '-a': 'median' is not one "
        "of 'additive', 'geometric'. (see 'scenarios rank --help')\n"
    )
    missing = script("explain", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (
        2,
        "error: Missing argument 'ID'. (see 'scenarios explain --help')\n",
    )
    assert "Traceback" not in result.stderr + missing.stderr


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["rank", "--weight", "religious_resistance", "2"],
            "error: --weight religious_resistance 2: write FACTOR=WEIGHT as one word: "
            "--weight religious_resistance=2 (see 'scenarios rank --help')\n",
        ),
        (
            ["explain", "UZ", "--set", "UZ.us_engagement", "9"],
            "error: --set UZ.us_engagement 9: write ID.FACTOR=VALUE as one word: "
            "--set UZ.us_engagement=9 (see 'scenarios explain --help')\n",
        ),
        (
            ["rank", "2"],
            "error: Got unexpected extra argument(s) (2) (see 'scenarios rank --help')\n",
        ),
    ],
)
def test_a_value_split_from_its_name_gets_the_fix(tmp_path, args, line):
    result = script(*args, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", line)


def test_version_and_help_exit_0(tmp_path):
    from scenarios import __version__

    version = script("--version", cwd=tmp_path)
    assert (version.returncode, version.stdout) == (0, f"scenarios {__version__}\n")
    bare = script(cwd=tmp_path)
    assert bare.returncode == 0 and "Commands" in bare.stdout


def test_written_files_get_ordinary_permissions(run, ws, tmp_path):
    import os
    import stat

    out = tmp_path / "r.csv"
    run("rank", "-w", ws, "-f", "csv", "-o", out)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    out.chmod(0o640)
    run("rank", "-w", ws, "-f", "csv", "-o", out)  # replacing keeps the old file's mode
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_init_into_the_current_empty_folder_keeps_it(run, tmp_path, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    inode = here.stat().st_ino
    monkeypatch.chdir(here)
    assert run("init", ".").exit_code == 0
    assert here.stat().st_ino == inode
    assert (here / "model.yaml").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_messages_print_paths_and_line_numbers_literally(run, tmp_path, monkeypatch):
    # ':100:' is an emoji code and '[1]' markup to rich; both must reach the user as written
    profiles = dict(tiny.PROFILES)
    profiles["z"] = "# padding\n" * 99 + "colour: red\n" + profiles["z"]
    tiny.write(tmp_path / "ws[1]", profiles=profiles)
    monkeypatch.chdir(tmp_path)
    result = run("rank", "-w", "ws[1]")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ws[1]/profiles/z.yaml:100:1: unknown key 'colour'")
    assert "💯" not in result.stderr


def test_written_path_is_not_wrapped_inside_a_word(run, ws, tmp_path):
    deep = tmp_path / ("a-long-folder-name-" * 6) / "[draft]"
    deep.mkdir(parents=True)
    result = run("rank", "-w", ws, "-f", "csv", "-o", deep / "rankings.csv")
    assert result.exit_code == 0
    assert result.stderr == f"wrote {deep / 'rankings.csv'}\n"


@pytest.mark.parametrize("given", ["Y", "y", "Yland", "YLAND", " yland "])
def test_a_country_by_id_in_any_case_or_by_name(run, ws, given):
    result = run("explain", given, "-w", ws)
    assert result.exit_code == 0, result.output
    assert "Yland (Y) — rank 2 of 3" in result.stdout
    data = json.loads(run("explain", given, "-w", ws, "-f", "json").stdout)
    assert data["meta"]["country"] == "Y"
    ranked = run("rank", "-w", ws, "-f", "csv", "--set", f"{given}.c=0")
    frame = pd.read_csv(io.StringIO(ranked.stdout))
    assert frame.loc[frame["id"] == "Y", "score"].item() == pytest.approx(0.40)


def test_an_unknown_country_suggests_an_id_or_a_name(run, ws):
    by_name = run("explain", "Ylan", "-w", ws)
    assert (by_name.exit_code, by_name.stderr) == (
        2,
        "error: unknown country 'Ylan' (did you mean 'Yland'?)\n",
    )
    bad_set = run("rank", "-w", ws, "--set", "Xlnd.a=1")
    assert (
        bad_set.stderr == "error: --set Xlnd.a=1: unknown country 'Xlnd' (did you mean 'Xland'?)\n"
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "error"),
    [
        (
            "profiles/x.yaml",
            "  a: {value: 8",
            "\ta: {value: 8",
            "profiles/x.yaml:4:1: a tab where YAML expects spaces "
            "(YAML does not allow tabs; indent with spaces)",
        ),
        (  # the colon is missing on line 8; YAML only notices on line 9
            "model.yaml",
            "factors:",
            "factors",
            "model.yaml:8:1: 'factors' has no ':' after its key "
            "(write KEY: VALUE, with ': ' after the key)",
        ),
        (
            "model.yaml",
            "title: Tiny",
            "title Tiny",
            "model.yaml:2:1: 'title Tiny' has no ':' after its key "
            "(write KEY: VALUE, with ': ' after the key)",
        ),
    ],
)
def test_newcomer_yaml_mistakes_name_the_fix(run, ws, file, old, new, error):
    path = ws / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("validate", "-w", ws)
    assert result.exit_code == 2
    assert result.stderr == f"error: {ws}/{error}\n"


def test_messages_wrap_between_words_in_a_terminal_only(ws, monkeypatch):
    monkeypatch.chdir(ws.parent)  # short paths: profiles/y.yaml has values with no source
    piped = CliRunner(env={**ENV, "COLUMNS": "60"}).invoke(app, ["validate", "-w", ws.name])
    lines = piped.stderr.splitlines()
    assert lines and all(line.startswith("warning: ") for line in lines)  # one line each
    assert max(len(line) for line in lines) > 60
    terminal = {**ENV, "COLUMNS": "60", "FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm"}
    shown = CliRunner(env=terminal).invoke(app, ["validate", "-w", ws.name])
    wrapped = re.sub(r"\x1b\[[0-9;]*m", "", shown.stderr).splitlines()
    assert max(len(line) for line in wrapped) <= 60
    # each message starts a line, the lines that continue it are indented, no word is broken
    starts = [line for line in wrapped if not line.startswith("  ")]
    assert [line.split()[1] for line in starts] == [line.split()[1] for line in lines]
    assert " ".join(" ".join(wrapped).split()) == " ".join(" ".join(lines).split())


# --- the pager --------------------------------------------------------------------------------

TERMINAL = {**ENV, "COLUMNS": "80", "LINES": "24", "TTY_COMPATIBLE": "1", "TERM": "xterm"}
LONG = ["explain", "UZ", "--full"]  # about 200 lines at 80 columns
SHORT = ["rank"]  # about 20


@pytest.fixture
def pager(tmp_path):
    """A pager that writes what it is given to a file: (its path, the file)."""
    paged = tmp_path / "paged.txt"
    script = tmp_path / "fake-pager"
    script.write_text(f"#!/bin/sh\ncat > '{paged}'\n", encoding="utf-8")
    script.chmod(0o755)
    return script, paged


def shown(env: dict[str, str], *args: str):
    return CliRunner(env=env).invoke(app, list(args))


def test_pager_takes_output_longer_than_the_window(pager):
    script, paged = pager
    piped = shown({**ENV, "COLUMNS": "80"}, *LONG).stdout
    assert piped.count("\n") > 24
    result = shown({**TERMINAL, "PAGER": str(script)}, *LONG)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == ""
    # the same text, with the styles a terminal shows (the pager is told -R)
    assert re.sub(r"\x1b\[[0-9;]*m", "", paged.read_text(encoding="utf-8")) == piped
    # SCENARIOS_PAGER picks the pager before PAGER; a CSV as long goes through it too
    paged.unlink()
    args = ["factors", "-w", "abraham-2020", "-f", "csv"]  # 31 lines
    csv = shown({**TERMINAL, "PAGER": "no-such-pager", "SCENARIOS_PAGER": str(script)}, *args)
    assert csv.stdout == "" and csv.stderr == ""
    assert paged.read_text(encoding="utf-8") == shown(ENV, *args).stdout


def test_pager_is_not_used_when_the_output_fits_or_is_piped_or_turned_off(pager):
    script, paged = pager
    fits = shown({**TERMINAL, "PAGER": str(script)}, *SHORT)
    assert fits.exit_code == 0 and 10 < fits.stdout.count("\n") <= 24
    piped = shown({**ENV, "COLUMNS": "80", "LINES": "24", "PAGER": str(script)}, *LONG)
    csv = shown({**ENV, "LINES": "24", "PAGER": str(script)}, *LONG, "-f", "json")
    assert piped.stdout.count("\n") > 24 and json.loads(csv.stdout)["tables"]
    off = shown({**TERMINAL, "PAGER": str(script)}, "--no-pager", *LONG)
    empty = shown({**TERMINAL, "PAGER": str(script), "SCENARIOS_PAGER": ""}, *LONG)
    cat = shown({**TERMINAL, "PAGER": "cat"}, *LONG)
    unstyled = {re.sub(r"\x1b\[[0-9;]*m", "", r.stdout) for r in (off, empty, cat)}
    assert unstyled == {piped.stdout}
    assert not paged.exists()
    # --no-pager holds for its run only
    assert shown({**TERMINAL, "PAGER": str(script)}, *LONG).stdout == ""
    assert paged.exists()


def test_pager_that_cannot_start_gives_one_note_and_prints(tmp_path):
    missing = tmp_path / "no-such-pager"
    result = shown({**TERMINAL, "SCENARIOS_PAGER": f"{missing} -R"}, *LONG)
    assert result.exit_code == 0
    piped = shown({**ENV, "COLUMNS": "80"}, *LONG).stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", result.stdout) == piped
    note = " ".join(result.stderr.split())
    assert result.stderr.startswith("note: ") and result.stderr.count("note:") == 1
    assert note == (
        f"note: the pager '{missing} -R' could not be started (No such file or directory); "
        "printing instead (set SCENARIOS_PAGER to a pager that is installed, or "
        "SCENARIOS_PAGER= (empty) to print without one)"
    )


def test_the_root_help_fits_80_columns():
    result = CliRunner(env={**ENV, "COLUMNS": "80"}).invoke(app, ["-h"])
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80, result.stdout


# --- new, import, panel init --xlsx: the setup and what each example shows ---------------


def _sheet_setup(run, d):
    (d / "setup.csv").write_text(
        "question,country,name,factor,direction,group\n"
        "Who joins first?,KZ,Kazakhstan,us_engagement,for,external\n"
        ",UZ,Uzbekistan,religious_resistance,against,society\n",
        encoding="utf-8",
    )


def _evidence_xlsx(run, d):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["country", "factor", "value", "confidence"])
    book.active.append(["UZ", "us_engagement", 7.5, "low"])
    book.save(d / "evidence.xlsx")


def _alice_xlsx(run, d):
    import openpyxl

    assert run("panel", "init", "alice", "--xlsx").exit_code == 0
    book = openpyxl.load_workbook(d / "alice.xlsx")
    book["judgements"]["F2"] = 6
    book.save(d / "alice.xlsx")


SETUP.update(
    {
        "scenarios new mine --from setup.csv": _sheet_setup,
        "scenarios import values.csv": lambda run, d: (d / "values.csv").write_text(
            "id,us_engagement\nUZ,7.5\n", encoding="utf-8"
        ),
        "scenarios import evidence.xlsx --write": lambda run, d: _evidence_xlsx(run, d),
        "scenarios import --analyst alice alice.xlsx --write": _alice_xlsx,
    }
)


def _entry(d, country, factor):
    from scenarios.api import load_workspace

    return load_workspace(d).entry(country, factor)


SHOWS.update(
    {
        "scenarios new mine --from setup.csv": lambda r, d, run: (
            "2 countries × 2 factors, 4 values to fill" in r.stdout
            and sorted(p.name for p in (d / "mine/profiles").iterdir()) == ["kz.yaml", "uz.yaml"]
        ),
        'scenarios new mine -q "Who joins first?" --country KZ,Kazakhstan --factor us,for,external': (
            lambda r, d, run: "created mine: 1 country × 1 factor, 1 value to fill" in r.stdout
        ),
        "scenarios import values.csv": lambda r, d, run: (
            "UZ       us_engagement  value" in r.stdout
            and "nothing written" in r.stdout
            and _entry(d, "UZ", "us_engagement").value != 7.5
        ),
        "scenarios import evidence.xlsx --write": lambda r, d, run: (
            _entry(d, "UZ", "us_engagement").value == 7.5
            and _entry(d, "UZ", "us_engagement").confidence == "low"
        ),
        "scenarios import --analyst alice alice.xlsx --write": lambda r, d, run: (
            "russia_dependence: 6" in (d / "panel/alice.yaml").read_text("utf-8")
        ),
        "scenarios panel init alice --xlsx": lambda r, d, run: (d / "alice.xlsx").is_file(),
    }
)
