"""Every command and output format, in process, with exact expectations."""

import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from scenarios.cli import app

from . import tiny

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
    # the caption wraps at the table's width, wherever the temporary folder's name ends
    assert f"workspace: {ws}" in " ".join(result.stdout.split())
    assert "not a probability" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour codes when not a terminal


def test_rank_csv_parses_back(run, ws):
    result = run("rank", "-w", ws, "--format", "csv")
    assert result.exit_code == 0
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert list(frame.columns)[:5] == ["rank", "id", "name", "name_ar", "score"]
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
    assert lines[0].startswith("| rank | id | name |")
    assert lines[1].startswith("|---:|---|---|")
    assert lines[2].startswith("| 1 | X | Xland |")


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
    result = run("explain", "Y", "-w", ws)
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
    assert [line.split()[:4] for line in table.stdout.splitlines() if " a " in line] == [
        ["+", "a", "8", "5"]
    ]


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
    assert set(every) == {"model", "profile", "whatif"}
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


def test_no_arguments_shows_help(run):
    result = run()
    assert "rank" in result.output and "explain" in result.output


def test_sensitivity_table_shows_every_default_analysis(run):
    result = run("sensitivity", "-w", "central-asia", "--samples", "2000")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "One at a time" in out and "Critical weights" in out
    assert "Most critical: religious_resistance" in out
    assert "Monte Carlo: probability of holding each rank" in out
    assert "2,000 samples · seed 20251106" in out
    assert "Sobol" not in out


def test_sensitivity_csv_sections_and_json(run):
    csv = run("sensitivity", "-w", "central-asia", "-m", "critical", "-f", "csv").stdout
    frame = pd.read_csv(io.StringIO(csv))
    assert frame["factor"].tolist()[0] == "russia_dependence"
    both = run(
        "sensitivity",
        "-w",
        "central-asia",
        "-m",
        "oat",
        "-m",
        "mc",
        "--samples",
        "1000",
        "-f",
        "csv",
    ).stdout
    assert both.startswith("# oat\n")
    assert "\n# acceptability\n" in both and "\n# pairwise\n" in both
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
