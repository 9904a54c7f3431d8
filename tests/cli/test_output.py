"""One table per CSV: `-f csv` of every command parses with pandas as one table (its main one,
or the one --table names); -o DIR/ writes a file a table; JSON keeps every table."""

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from scenarios.cli.app import app
from scenarios.core import writers
from scenarios.workspace.find import bundled_root

from .. import tiny

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}

# The leading columns of each table, as the commands' help and the README name them.
COLUMNS = {
    "rankings": ["id", "rank", "name", "name_ar", "score"],
    "explain": ["factor", "label", "direction", "value", "low", "high"],
    "matrix": ["id", "name", "russia_dependence", "china_dependence"],
    "whatifs": ["name", "title", "values", "weights", "status", "description"],
    "compare": ["id", "scenario", "name", "score", "rank", "score_change", "rank_change"],
    "compare_drivers": ["scenario", "id", "factor", "contribution_change"],
    "critical": ["factor", "weight", "increase_to", "increase_change"],
    "mc_summary": ["id", "name", "score", "mean", "p05", "p95", "p_first"],
    "oat": ["factor", "id", "weight", "weight_low", "weight_high"],
    "acceptability": ["id", "rank_1"],
    "pairwise": ["id"],
    "gates": ["id"],
    "sobol": ["id", "input", "S1", "S1_conf", "ST", "ST_conf"],
    "backtest": ["predictions", "brier", "brier_base_rate", "skill", "log_loss", "roc_auc"],
    "factors": ["factor", "direction", "weight", "roc_auc"],
    "predictions": ["id", "name", "outcome", "score"],
    "reliability": ["bin", "count", "predicted", "observed"],
    "variants": ["variant", "label", "outcomes", "events", "slope"],
    "cohort": ["cohort_hash", "countries", "values", "background"],
    "calibration": ["intercept", "intercept_sd", "slope", "slope_sd"],
    "base_rate_check": ["id", "name", "score", "expected", "joined"],
    "cascade_spur": ["id", "name", "already_joined", "p_with_peers", "p_without_peers", "spur"],
    "cascade_by_year": ["id", "name", "already_joined", "year_1"],
    "cascade_count": ["new_joiners", "probability"],
    "cascade_orders": ["order", "probability"],
    "cascade_conditional": ["id", "unconditional"],
    "signposts": ["id", "rank", "up_other", "up_factor", "up_from", "up_to"],
    "signpost_thresholds": ["id", "factor", "value", "passes", "pass_at"],
    "indicators": ["indicator", "id", "factor", "direction", "value", "new_value"],
    "panel_cells": ["id", "factor", "aggregate"],
    "panel_rankings": ["id", "name", "rank", "score", "probability"],
    "panel_analysts": ["analyst", "name", "values_given", "weights", "panel_weight"],
    "panel_weights": ["factor", "aggregate"],
    "panel_calibration": ["analyst", "outcomes", "events", "brier"],
    "record": ["id", "record", "date", "name", "rank", "score"],
    "history": ["id", "record", "date", "name", "rank"],
    "records": ["record", "date", "note", "content_hash"],
    "scores": ["record", "date", "forecasts", "resolved", "events", "unresolved", "brier"],
    "forecasts": ["record", "id", "date", "name", "probability", "outcome"],
    "diff": ["id", "name", "score_old", "score_new", "score_change"],
    "diff_edits": ["kind", "country", "factor", "old", "new"],
    "diff_attribution": ["id", "factor", "values", "weights", "contribution_change"],
    "diff_swaps": ["passer", "passed", "gap_change", "factor", "factor_change"],
}

CA, AB = ("-w", "central-asia"), ("-w", "abraham-2020")
# Every command that prints tables, on the bundled workspaces (and, for the ledger's commands,
# a workspace with a ledger made here: LEDGER), with the tables each run prints, main first.
CASES = [
    (("rank", *CA), ["rankings"]),
    (("rank", *AB), ["rankings"]),
    (("explain", "UZ", *CA), ["explain"]),
    (("explain", "SA", *AB), ["explain"]),
    (("factors", *CA), ["matrix"]),
    (("matrix", *AB), ["matrix"]),
    (("whatifs", *CA), ["whatifs"]),
    (("whatifs", *AB), ["whatifs"]),  # none: the header alone
    (("compare", *CA), ["compare", "compare_drivers"]),
    (
        ("sensitivity", *CA, "--samples", "500"),
        ["critical", "oat", "acceptability", "mc_summary", "pairwise"],
    ),
    (
        ("sensitivity", *AB, "-m", "mc", "--samples", "500"),
        ["mc_summary", "acceptability", "pairwise"],
    ),
    (("sensitivity", *CA, "-m", "sobol", "--samples", "128"), ["sobol"]),
    (
        ("sensitivity", "GATED", "-m", "mc", "--samples", "500"),
        ["mc_summary", "acceptability", "pairwise", "gates"],
    ),
    (
        ("backtest", *AB),
        ["backtest", "factors", "predictions", "reliability", "variants", "cohort"],
    ),
    (("calibrate", *CA), ["base_rate_check"]),
    (("calibrate", *AB), ["calibration", "variants"]),
    (
        ("cascade", *CA, "--runs", "2000"),
        [
            "cascade_spur",
            "cascade_by_year",
            "cascade_count",
            "cascade_orders",
            "cascade_conditional",
        ],
    ),
    (("signposts", *CA), ["signposts", "signpost_thresholds", "indicators"]),
    (("signposts", *AB), ["signposts", "signpost_thresholds", "indicators"]),
    (
        ("panel", *CA, "--panel", "example-panel"),
        ["panel_cells", "panel_analysts", "panel_rankings", "panel_weights"],
    ),
    (
        ("panel", *CA, "--panel", "example-panel", "--calibration"),
        ["panel_calibration", "panel_analysts"],
    ),
    (("record", "LEDGER", "--ledger", "OTHER", "--date", "2026-06-02"), ["record"]),
    (("history", "LEDGER"), ["history", "records"]),
    (("score", "LEDGER", "--today", "2031-06-01"), ["scores", "forecasts"]),
    (
        ("diff", "record:1", "record:2", "LEDGER"),
        ["diff", "diff_edits", "diff_attribution", "diff_swaps"],
    ),
]


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    """GATED: the tiny workspace with a link and a gate; LEDGER: a copy of central-asia with
    two records a week apart, the second with Uzbekistan's resistance moved (OTHER: a ledger
    for `record` to write without touching them)."""
    root = tmp_path_factory.mktemp("places")
    link = "horizon_years: 2\nlink: {kind: logistic, intercept: -1, slope: 4}\n"
    gate = "gates:\n  hostile: {factor: b, at_least: 8, cap: 0.02, note: a barrier}\n"
    gated = tiny.write(root / "gated", model=tiny.MODEL + link + gate)
    ledger = root / "ledger"
    shutil.copytree(bundled_root() / "central-asia", ledger)
    runner = CliRunner(env=ENV)
    for extra in (
        ["--date", "2026-06-01"],
        ["--date", "2026-06-08", "--set", "UZ.us_engagement=9"],
    ):
        done = runner.invoke(app, ["record", "-w", str(ledger), *extra])
        assert done.exit_code == 0, done.output
    return {
        "GATED": ["-w", str(gated)],
        "LEDGER": ["-w", str(ledger)],
        "OTHER": [str(root / "other.jsonl")],
    }


def invoke(places, args, *more):
    line = [word for arg in (*args, *more) for word in places.get(arg, [arg])]
    result = CliRunner(env=ENV).invoke(app, line)
    assert result.exit_code == 0, (line, result.output)
    return result


def one_table(text: str, name: str, rows: list[dict]) -> pd.DataFrame:
    """The CSV read by pandas as one table: the columns and the rows of `name` in the JSON."""
    frame = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert list(frame.columns)[: len(COLUMNS[name])] == COLUMNS[name], name
    if rows:
        assert list(frame.columns) == list(rows[0]), name
    assert len(frame) == len(rows), name
    return frame


@pytest.mark.parametrize(("args", "tables"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_csv_is_one_table_and_table_picks_each(places, args, tables):
    data = json.loads(invoke(places, args, "-f", "json").stdout)["tables"]
    assert list(data) == tables  # JSON keeps every table, the main one first
    one_table(invoke(places, args, "-f", "csv").stdout, tables[0], data[tables[0]])
    for name in tables:
        picked = invoke(places, args, "-f", "csv", "--table", name).stdout
        one_table(picked, name, data[name])
    # JSON and Markdown with --table: that table alone
    alone = json.loads(invoke(places, args, "-f", "json", "--table", tables[-1]).stdout)
    assert list(alone["tables"]) == [tables[-1]]


def declared() -> dict[str, tuple[str, ...]]:
    """Each command that takes --table, with the tables its help lists."""
    root = typer.main.get_command(app)
    return {
        name: command.tables
        for name, command in root.commands.items()  # type: ignore[attr-defined]
        if any(param.name == "table" for param in command.params)
    }


def test_every_command_with_tables_is_tried_and_lists_what_it_prints():
    found: dict[str, list[str]] = {}
    for args, tables in CASES:
        found.setdefault(args[0], [])
        found[args[0]] += [t for t in tables if t not in found[args[0]]]
    assert sorted(declared()) == sorted(found)
    for command, tables in declared().items():
        assert set(tables) == set(found[command]), command
    # a run's main table is the first its command lists that the run has
    for args, tables in CASES:
        listed = declared()[args[0]]
        assert tables[0] == next(t for t in listed if t in tables), args


def test_help_lists_the_tables(places):
    text = " ".join(invoke(places, ["signposts", "--help"]).stdout.split())
    assert "Tables: signposts, signpost_thresholds, indicators." in text
    text = " ".join(invoke(places, ["panel", "--help"]).stdout.split())
    assert "Tables: panel_cells, panel_calibration, panel_analysts, panel_rankings," in text


def script(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "scenarios", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
    )


def test_an_unknown_table_is_one_error_line_before_any_work(tmp_path):
    close = script("signposts", "-f", "csv", "--table", "signpost", cwd=tmp_path)
    assert (close.returncode, close.stdout) == (2, "")
    assert close.stderr == (
        "error: Invalid value for '--table': signposts has no table 'signpost' (did you mean "
        "'signposts'? its tables: signposts, signpost_thresholds, indicators) "
        "(see 'scenarios signposts --help')\n"
    )
    # far from every name: the list alone; a Monte Carlo of 10^7 samples never starts
    far = script(
        "sensitivity", "--samples", "10000000", "-f", "csv", "--table", "tornado", cwd=tmp_path
    )
    assert (far.returncode, far.stdout) == (2, "")
    assert far.stderr == (
        "error: Invalid value for '--table': sensitivity has no table 'tornado' (its tables: "
        "critical, mc_summary, oat, acceptability, pairwise, gates, sobol) "
        "(see 'scenarios sensitivity --help')\n"
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["sensitivity", "-m", "critical", "-f", "csv", "--table", "sobol"],
            "error: --table sobol: this run has no such table (its tables: critical)",
        ),
        (
            ["signposts", "--table", "indicators"],
            "error: --table indicators picks a table of -f csv, json or markdown (add -f csv "
            "to print indicators as CSV, or drop --table)",
        ),
        (
            ["rank", "-f", "csv", "--table", "rankings", "--watch"],
            "error: --watch redraws a table in the terminal (drop --format, --output and "
            "--table, or drop --watch)",
        ),
    ],
)
def test_a_table_the_run_cannot_give_is_one_error_line(args, line):
    result = CliRunner(env=ENV).invoke(app, [*args, "-w", "central-asia"])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", line + "\n")


@pytest.mark.parametrize(
    "more", [["--table", "record"], ["-f", "json", "-o", "out/"]], ids=["table", "folder"]
)
def test_what_the_format_cannot_give_is_refused_before_the_work(tmp_path, places, more):
    ledger = tmp_path / "never.jsonl"
    line = ["record", *places["LEDGER"], "--ledger", str(ledger), *more]
    result = CliRunner(env=ENV).invoke(app, line)
    assert result.exit_code == 2 and result.stderr.startswith("error: ")
    assert len(result.stderr.splitlines()) == 1
    assert not ledger.exists()  # no record was made


def test_o_dir_writes_a_csv_a_table_and_a_manifest(tmp_path, places):
    out = tmp_path / "new" / "signs"
    result = invoke(places, ["signposts", *CA, "-f", "csv", "-o", f"{out}/"])
    tables = ["signposts", "signpost_thresholds", "indicators"]
    names = [f"{t}.csv" for t in tables]
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, "manifest.json"])
    assert result.stdout == ""
    assert result.stderr == f"wrote 4 files to {out}/: {', '.join(names)}, manifest.json\n"
    for table in tables:  # each file is what --table prints
        alone = invoke(places, ["signposts", *CA, "-f", "csv", "--table", table]).stdout
        assert (out / f"{table}.csv").read_text("utf-8") == alone
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["files"] == names and len(manifest["content_hash"]) == 64
    # a folder that exists is one too, without the slash; --table writes that table alone
    empty = tmp_path / "empty"
    empty.mkdir()
    invoke(places, ["rank", *AB, "-f", "csv", "-o", str(empty)])
    assert sorted(p.name for p in empty.iterdir()) == ["manifest.json", "rankings.csv"]
    assert pd.read_csv(empty / "rankings.csv")["id"].size == 30
    invoke(places, ["signposts", *CA, "-f", "csv", "-o", str(out), "--table", "indicators"])
    assert sorted(p.name for p in out.iterdir()) == ["indicators.csv", "manifest.json"]


@pytest.mark.parametrize("fmt", ["json", "markdown", "table"])
def test_a_folder_takes_csv_only(tmp_path, fmt):
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "mine.txt").write_text("mine", "utf-8")
    for out in (f"{tmp_path}/new/", str(kept)):
        result = CliRunner(env=ENV).invoke(app, ["rank", *CA, "-f", fmt, "-o", out])
        assert (result.exit_code, result.stderr) == (
            2,
            f"error: -o {out} names a folder, which takes -f csv (one CSV file a table) "
            "(add -f csv, or give a file's name)\n",
        )
    assert not (tmp_path / "new").exists()
    assert [p.name for p in kept.iterdir()] == ["mine.txt"]


def test_a_folder_that_fails_partway_is_left_as_it_was(tmp_path, monkeypatch, places):
    out = tmp_path / "out"
    invoke(places, ["signposts", *CA, "-f", "csv", "-o", f"{out}/"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = writers._write_all
    calls = {"n": 0}

    def full(fd, data):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(writers, "_write_all", full)
    for folder in (out, tmp_path / "fresh"):
        calls["n"] = 0
        result = CliRunner(env=ENV).invoke(app, ["compare", *CA, "-f", "csv", "-o", f"{folder}/"])
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [
            f"error: cannot write into '{folder}': No space left on device"
        ]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not (tmp_path / "fresh").exists()


def test_markdown_keeps_every_table_or_the_one_named():
    runner = CliRunner(env=ENV)
    every = runner.invoke(app, ["compare", *CA, "-f", "markdown"]).stdout
    header = [line for line in every.splitlines() if line.startswith("| ")]
    assert any(line.startswith("| id | scenario |") for line in header)
    assert any(line.startswith("| scenario | id | factor |") for line in header)
    one = runner.invoke(app, ["compare", *CA, "-f", "markdown", "--table", "compare_drivers"])
    assert one.stdout.startswith("| scenario | id | factor | contribution_change |")
    assert "| id | scenario |" not in one.stdout
