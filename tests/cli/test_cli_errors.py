"""Bad inputs through the command line: exit status 2 and one `error: FILE:LINE:COL: message
(hint)` line per problem on stderr, nothing on stdout, never a traceback.

Each test runs in tmp_path, so the fixture workspace is shown as `ws/...`.
"""

from __future__ import annotations

import re
import shutil

import pytest
from typer.testing import CliRunner

from scenarios.cli.app import app
from scenarios.workspace.find import bundled_names

from ..conftest import bundled_label

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
# The shape of a located error: file, line and column, then the message.
LOCATED = re.compile(r"^error: [^\s:]+:\d+:\d+: \S.*$")
ALPHA = "ws/profiles/alpha.yaml"
OK_LINE = "ok: ws — 3 countries, 3 factors in 2 groups, 1 what-if"


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the fixture workspace is ./ws
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), env={**ENV, **(env or {})})

    return invoke


def assert_errors(result, expected: list[str]) -> None:
    """Exit 2, exactly these lines on stderr, nothing on stdout, no traceback anywhere."""
    for text in (result.stdout, result.stderr, result.output):
        assert "Traceback" not in text
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == expected


# --- the shared table of bad files (conftest.BAD_INPUTS) --------------------------------


@pytest.mark.parametrize("command", [["rank"], ["validate"], ["explain", "AA"], ["factors"]])
def test_bad_input(cli, bad_input, command):
    result = cli(*command, "--workspace", "ws")
    expected = bad_input.error_lines()
    assert_errors(result, expected)
    assert all(LOCATED.match(line) for line in expected)


# --- finding the workspace --------------------------------------------------------------


def test_workspace_that_is_a_file(cli, tmp_ws):
    assert_errors(
        cli("rank", "--workspace", "ws/model.yaml"),
        ["error: workspace 'ws/model.yaml' is a file, not a folder (give the workspace folder)"],
    )


def test_workspace_folder_not_found(cli, tmp_ws):
    assert_errors(
        cli("rank", "-w", "ws/nope"),
        [
            "error: workspace 'ws/nope' is neither a folder nor a bundled workspace "
            f"(expected one of: {', '.join(bundled_names())})"
        ],
    )


def test_folder_without_model_yaml(cli, tmp_ws):
    tmp_ws.path("model.yaml").unlink()
    assert_errors(
        cli("validate", "-w", "ws"),
        [
            "error: ws: no model.yaml in this folder "
            "(a workspace needs model.yaml; `scenarios init DIR` creates one to edit)"
        ],
    )


def test_unknown_workspace_name(cli):
    assert_errors(
        cli("rank", "--workspace", "central-asi"),
        [
            "error: workspace 'central-asi' is neither a folder nor a bundled workspace "
            "(did you mean 'central-asia'?)"
        ],
    )


def test_unknown_workspace_name_in_env_var(cli):
    assert_errors(
        cli("rank", env={"SCENARIOS_WORKSPACE": "abraham2020"}),
        [
            "error: $SCENARIOS_WORKSPACE 'abraham2020' is neither a folder nor a bundled "
            "workspace (did you mean 'abraham-2020'?)"
        ],
    )


def test_env_var_names_the_workspace(cli, tmp_ws):
    result = cli("validate", env={"SCENARIOS_WORKSPACE": str(tmp_ws.root)})
    assert result.exit_code == 0, result.output
    assert result.stdout == f"ok: {tmp_ws.root} — 3 countries, 3 factors in 2 groups, 1 what-if\n"
    assert result.stderr == ""


def test_current_folder_with_model_yaml(cli, tmp_ws, monkeypatch):
    monkeypatch.chdir(tmp_ws.root)
    result = cli("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: . — 3 countries, 3 factors in 2 groups, 1 what-if\n"
    # Errors name files relative to the current folder.
    tmp_ws.replace_line("model.yaml", 17, "    weigth: 1")
    assert_errors(
        cli("rank"), ["error: model.yaml:17:5: unknown key 'weigth' (did you mean 'weight'?)"]
    )


def test_current_folder_without_model_yaml_uses_bundled_default(cli, tmp_ws):
    result = cli("validate")  # in tmp_path, which holds ws/ but no model.yaml
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"ok: {bundled_label('central-asia')} — 5 countries, 9 factors in 6 groups, 5 what-ifs"
    )


@pytest.mark.parametrize(
    ("name", "summary"),
    [
        ("central-asia", "5 countries, 9 factors in 6 groups, 5 what-ifs"),
        ("abraham-2020", "30 countries, 9 factors in 6 groups, 0 what-ifs"),
    ],
)
def test_bundled_workspaces_validate(cli, name, summary, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # outside any checkout: the installed copy
    result = cli("validate", "-w", name)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"ok: {bundled_label(name)} — {summary}")
    # Warnings (stale evidence, missing sources) may appear, but never errors.
    assert all(line.startswith("warning: ") for line in result.stderr.splitlines())


# --- reading files ----------------------------------------------------------------------


def test_not_utf8(cli, tmp_ws):
    text = tmp_ws.read("profiles/gamma.yaml").replace("name: Gamma", "name: G\xe4mma")
    tmp_ws.path("profiles/gamma.yaml").write_bytes(text.encode("latin-1"))
    assert_errors(
        cli("rank", "-w", "ws"),
        ["error: ws/profiles/gamma.yaml:3:8: not valid UTF-8 (byte 0xe4) (save the file as UTF-8)"],
    )


def test_yaml_syntax_error(cli, tmp_ws):
    tmp_ws.replace_line("model.yaml", 17, "    weight: 1: 2")
    result = cli("rank", "-w", "ws")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    # The wording differs between libyaml and the pure-Python parser; file:line:col do not.
    assert re.fullmatch(
        r"error: ws/model\.yaml:17:14: YAML syntax error: mapping values are not "
        r"allowed [a-z ]+ \(check indentation, colons and quotes\)",
        line,
    ), line
    assert_errors(result, [line])


def test_file_not_found(cli, tmp_ws):
    # A dangling link to a place outside the current folder (nothing is created there).
    tmp_ws.path("profiles/zeta.yaml").symlink_to("/nonexistent-scenarios-test/nowhere.yaml")
    assert_errors(
        cli("rank", "-w", "ws"),
        [
            "error: ws/profiles/zeta.yaml: file not found (it is a link to "
            "'/nonexistent-scenarios-test/nowhere.yaml', which does not exist)"
        ],
    )


def test_file_not_found_link_inside_the_current_folder(cli, tmp_ws):
    tmp_ws.path("profiles/zeta.yaml").symlink_to(tmp_ws.root / "nowhere.yaml")
    assert_errors(
        cli("rank", "-w", "ws"),
        [
            "error: ws/profiles/zeta.yaml: file not found (it is a link to "
            f"'{tmp_ws.root / 'nowhere.yaml'}', which does not exist)"
        ],
    )


def test_empty_workspace(cli, tmp_ws):
    for path in tmp_ws.path("profiles").glob("*.yaml"):
        path.unlink()
    assert_errors(
        cli("rank", "-w", "ws"),
        [
            "error: ws/profiles: no profiles: the workspace has no profiles/*.yaml "
            "(add one YAML file per country)"
        ],
    )


def test_missing_midpoint_makes_a_missing_factor_load(cli, tmp_ws):
    tmp_ws.replace_line("profiles/beta.yaml", 12, "")
    assert_errors(
        cli("rank", "-w", "ws"),
        [
            "error: ws/profiles/beta.yaml:5:3: factor 'trade' has no value "
            "(add it, or set `missing: midpoint` in model.yaml)"
        ],
    )
    tmp_ws.replace_line("model.yaml", 5, "stale_after_years: 2\nmissing: midpoint")
    result = cli("rank", "-w", "ws", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_all_problems_at_once(cli, tmp_ws):
    text = tmp_ws.read("profiles/gamma.yaml").replace("name: Gamma", "name: G\xe4mma")
    tmp_ws.path("profiles/gamma.yaml").write_bytes(text.encode("latin-1"))
    tmp_ws.replace_line("model.yaml", 22, "    weight: -1")
    tmp_ws.replace_line("profiles/alpha.yaml", 9, "    confidnce: high")
    assert_errors(
        cli("validate", "-w", "ws"),
        [
            "error: ws/model.yaml:22:13: factors.resistance.weight: input should be greater than or "
            "equal to 0 (got -1)",
            "error: ws/profiles/gamma.yaml:3:8: not valid UTF-8 (byte 0xe4) (save the file as UTF-8)",
            "error: ws/profiles/alpha.yaml:9:5: unknown key 'confidnce' (did you mean 'confidence'?)",
        ],
    )


# --- options ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "line"),
    [
        (
            ["--weight", "opennes=2"],
            "error: --weight opennes=2: unknown factor 'opennes' (did you mean 'openness'?)",
        ),
        (
            ["--weight", "openness"],
            "error: --weight openness: expected FACTOR=WEIGHT (e.g. --weight us_engagement=2)",
        ),
        (["--weight", "openness=-1"], "error: --weight openness=-1: a weight cannot be negative"),
        (["--weight", "openness=heavy"], "error: --weight openness=heavy: 'heavy' is not a number"),
        (
            ["--weight", "openness=inf"],
            "error: --weight openness=inf: the value must be a finite number",
        ),
        (
            ["--set", "AAA.openness=5"],
            "error: --set AAA.openness=5: unknown country 'AAA' (did you mean 'AA'?)",
        ),
        (
            ["--set", "XY.openness=5"],
            "error: --set XY.openness=5: unknown country 'XY' (expected one of: AA, BB, CC)",
        ),
        (
            ["--set", "AA.opennes=5"],
            "error: --set AA.opennes=5: unknown factor 'opennes' (did you mean 'openness'?)",
        ),
        (
            ["--set", "AAopenness=5"],
            "error: --set AAopenness=5: expected ID.FACTOR=VALUE (e.g. --set UZ.us_engagement=8)",
        ),
        (["--set", "AA.openness=high"], "error: --set AA.openness=high: 'high' is not a number"),
        (
            ["--set", "AA.trade=11"],
            "error: --set AA.trade=11: 11 is outside the scale 0..10 (give a value from 0 to 10)",
        ),
        (
            ["--weight", "openness=0", "--weight", "resistance=0", "--weight", "trade=0"],
            "error: ws/model.yaml:14:3: all effective weights are zero (after --weight trade=0) "
            "(give at least one factor and its group a weight above 0)",
        ),
        (
            ["--whatif", "open"],
            "error: --whatif open: no such what-if in ws (did you mean 'open_up'?)",
        ),
    ],
)
def test_option_errors(cli, tmp_ws, options, line):
    assert_errors(cli("rank", "-w", "ws", *options), [line])


def test_option_errors_in_other_commands(cli, tmp_ws):
    line = "error: --weight opennes=2: unknown factor 'opennes' (did you mean 'openness'?)"
    assert_errors(cli("explain", "AA", "-w", "ws", "--weight", "opennes=2"), [line])
    assert_errors(cli("factors", "-w", "ws", "--weight", "opennes=2"), [line])


def test_whatif_without_whatifs(cli, tmp_ws):
    shutil.rmtree(tmp_ws.path("whatif"))
    assert_errors(
        cli("rank", "-w", "ws", "--whatif", "open_up"),
        ["error: --whatif open_up: no such what-if in ws (the workspace has no what-ifs)"],
    )


def test_valid_options_succeed(cli, tmp_ws):
    result = cli(
        "rank",
        "-w",
        "ws",
        "--whatif",
        "open_up",
        "--weight",
        "trade=2",
        "--set",
        "BB.openness=3.5",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert '"--whatif open_up"' in result.stdout and '"--set BB.openness=3.5"' in result.stdout


# --- validate ---------------------------------------------------------------------------


def test_validate_ok(cli, tmp_ws):
    result = cli("validate", "-w", "ws")
    assert result.exit_code == 0, result.output
    assert result.stdout == OK_LINE + "\n"
    assert result.stderr == ""


def test_validate_warns_on_stale_evidence_and_missing_sources(cli, tmp_ws):
    # Counted from the evidence date (event.as_of), never today: 2024-05-30 is 2 years and a
    # day before 2026-05-31, whatever day the test runs.
    tmp_ws.replace_line(
        "model.yaml", 5, "stale_after_years: 2\nevent: {definition: x, as_of: 2026-05-31}"
    )
    tmp_ws.replace_line("profiles/alpha.yaml", 9, "    confidence: high\n    as_of: 2024-05-30")
    tmp_ws.replace_line("profiles/beta.yaml", 12, "  trade: 2")
    result = cli("validate", "-w", "ws")
    assert result.exit_code == 0, result.output
    assert result.stdout == OK_LINE + "; 2 warnings\n"
    assert result.stderr.splitlines() == [
        f"warning: {ALPHA}:10:12: AA.openness: evidence dated 2024-05-30 is stale: older than "
        "2 years at the evidence date, 2026-05-31 (check for newer evidence)",
        "warning: ws/profiles/beta.yaml:12:10: BB.trade: value has no source "
        "(add `sources:` so the number can be traced)",
    ]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", ["rank", "rank -f csv", "rank -f json"])
def test_a_reader_that_leaves_early_ends_the_run_quietly_with_141(args):
    # `true` reads nothing and is gone long before the run writes: the write meets a closed pipe
    # (a table through rich's console; CSV and JSON printed as text)
    import os
    import subprocess
    import sys

    script = "from scenarios.cli.launch import main; main()"
    env = {**os.environ, "COLUMNS": "80", "SCENARIOS_WORKSPACE": ""}
    run = subprocess.run(
        [
            "/bin/bash",
            "-c",
            f"{sys.executable} -c '{script}' {args} | true; echo ${{PIPESTATUS[0]}}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.stdout.strip() == "141"
    assert "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr


# --- click's and typer's own errors: the same one-line rule ---------------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["rank", "--nope"],
            "error: No such option: --nope (Possible options: --no-panel, --panel) "
            "(see 'scenarios rank --help')",
        ),
        (
            ["rank", "-a", "median"],
            "error: Invalid value for '--aggregation' / '-a': 'median' is not one of "
            "'additive', 'geometric'. (see 'scenarios rank --help')",
        ),
        (["panel", "--bogus"], "error: No such option: --bogus (see 'scenarios panel --help')"),
    ],
)
def test_click_usage_errors_are_one_line_in_process(cli, args, line):
    # Narrower than the line: a pipe (and a test) still gets it whole, never wrapped.
    assert_errors(cli(*args, env={"COLUMNS": "40"}), [line])


def test_error_lines_wrap_with_a_hanging_indent_only_in_a_terminal(cli, tmp_ws):
    terminal = {"COLUMNS": "50", "TTY_COMPATIBLE": "1", "TERM": "xterm"}
    usage = cli("rank", "-a", "median", env=terminal)
    assert usage.exit_code == 2
    assert usage.stderr.splitlines() == [
        "error: Invalid value for '--aggregation' / '-a':",
        "  'median' is not one of 'additive', 'geometric'.",
        "  (see 'scenarios rank --help')",
    ]
    core = cli("rank", "-w", "ws/nope", env=terminal)
    assert core.exit_code == 2
    lines = core.stderr.splitlines()
    assert lines[0].startswith("error: workspace 'ws/nope'") and len(lines) > 1
    assert all(line.startswith("  ") and len(line) <= 50 for line in lines[1:])
