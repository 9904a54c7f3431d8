"""Loading and validating a workspace: every mistake names its file, line and column.

Line and column numbers are counted from the fixture texts in conftest.py.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

import scenarios
from scenarios import OptionError, WorkspaceError, load_workspace
from scenarios.analyses.scoring import explain, rank
from scenarios.workspace.evidence import Staleness, evidence_frame, staleness
from scenarios.workspace.find import ENV_VAR, bundled_names, bundled_root
from scenarios.workspace.scenario import Typed
from scenarios.workspace.warnings import warnings

from ..conftest import bundled_label, write_workspace

ALPHA = "profiles/alpha.yaml"
BETA = "profiles/beta.yaml"
GAMMA = "profiles/gamma.yaml"
RANGE_HINT = "low <= value <= high"


def problems_of(info: pytest.ExceptionInfo, root: Path) -> list[tuple]:
    """(file relative to root, line, column, message, hint) of each problem, in order."""
    return [
        (
            p.file.relative_to(root).as_posix() if p.file is not None else None,
            p.line,
            p.column,
            p.message,
            p.hint,
        )
        for p in info.value.problems
    ]


# --- a valid workspace ------------------------------------------------------------------


def test_valid_workspace_loads(tmp_ws):
    ws = load_workspace(tmp_ws.root)
    assert ws.name == str(tmp_ws.root)
    assert ws.root == tmp_ws.root
    assert ws.country_ids == ("AA", "BB", "CC")
    assert ws.group_ids == ("politics", "economy")
    assert ws.factor_ids == ("openness", "resistance", "trade")
    assert list(ws.whatifs) == ["open_up"]
    assert ws.values.tolist() == [[6, 4, 5], [3, 7, 2], [8, 2, 9]]
    assert ws.entry("AA", "openness").sources == ["report A"]
    assert len(ws.content_hash) == 64
    assert warnings(ws) == []


# --- every bad input of the shared table (conftest.BAD_INPUTS) ---------------------------


def test_bad_input_names_file_line_and_column(bad_input, tmp_ws):
    first_message = bad_input.problems[0][3]
    with pytest.raises(WorkspaceError, match=re.escape(first_message)) as info:
        load_workspace(tmp_ws.root)
    assert problems_of(info, tmp_ws.root) == list(bad_input.problems)
    # str() of the error is one "FILE:LINE:COL: message (hint)" line per problem.
    assert str(info.value).splitlines() == [
        f"{tmp_ws.root / rel}:{line}:{column}: {message}" + (f" ({hint})" if hint else "")
        for rel, line, column, message, hint in bad_input.problems
    ]


# --- finding the workspace --------------------------------------------------------------


def test_workspace_that_is_a_file(tmp_ws):
    model = tmp_ws.path("model.yaml")
    message = f"workspace '{model}' is a file, not a folder"
    with pytest.raises(WorkspaceError, match=re.escape(message)) as info:
        load_workspace(model)
    assert problems_of(info, tmp_ws.root) == [
        (None, None, None, message, "give the workspace folder")
    ]


def test_workspace_folder_that_does_not_exist(tmp_ws):
    missing = tmp_ws.root / "nope"
    with pytest.raises(WorkspaceError, match=r"is neither a folder nor a bundled") as info:
        load_workspace(missing)
    assert problems_of(info, tmp_ws.root) == [
        (
            None,
            None,
            None,
            f"workspace '{missing}' is neither a folder nor a bundled workspace",
            "expected one of: " + ", ".join(bundled_names()),
        )
    ]


def test_folder_without_model_yaml(tmp_ws):
    tmp_ws.path("model.yaml").unlink()
    message = "no model.yaml in this folder"
    with pytest.raises(WorkspaceError, match=re.escape(message)) as info:
        load_workspace(tmp_ws.root)
    assert problems_of(info, tmp_ws.root) == [
        (
            ".",
            None,
            None,
            message,
            "a workspace needs model.yaml; `scenarios init DIR` creates one to edit",
        )
    ]


def test_unknown_bundled_name_suggests_the_closest():
    with pytest.raises(WorkspaceError, match="workspace 'central-asi' is neither a folder") as info:
        load_workspace("central-asi")
    [problem] = info.value.problems
    assert problem.hint == "did you mean 'central-asia'?"
    assert problem.file is None


@pytest.mark.parametrize(
    ("name", "countries", "whatifs"),
    [
        ("central-asia", ("KZ", "KG", "TJ", "TM", "UZ"), 5),
        (
            "abraham-2020",
            # the cohort rule in abraham-2020/model.yaml, in file-name order
            (
                "AF",
                "DZ",
                "BH",
                "BD",
                "BN",
                "KM",
                "DJ",
                "ID",
                "IR",
                "IQ",
                "XK",
                "KW",
                "LB",
                "LY",
                "MY",
                "MV",
                "ML",
                "MR",
                "MA",
                "NE",
                "OM",
                "PK",
                "QA",
                "SA",
                "SO",
                "SD",
                "SY",
                "TN",
                "AE",
                "YE",
            ),
            0,
        ),
    ],
)
def test_bundled_workspaces_load_cleanly(name, countries, whatifs):
    assert name in bundled_names()
    ws = load_workspace(name)
    assert ws.root == bundled_root() / name or ws.root.parent.name == "scenarios"
    assert ws.country_ids == countries
    assert len(ws.factor_ids) == 9
    assert len(ws.group_ids) == 6
    assert len(ws.whatifs) == whatifs


def test_env_var_names_a_folder(tmp_ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(ENV_VAR, str(tmp_ws.root))
    ws = load_workspace()
    assert (ws.root, ws.name) == (tmp_ws.root, str(tmp_ws.root))


def test_env_var_names_a_bundled_workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(ENV_VAR, "abraham-2020")
    assert load_workspace().root == bundled_root() / "abraham-2020"


def test_env_var_with_unknown_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(ENV_VAR, "central-asi")
    with pytest.raises(
        WorkspaceError,
        match=re.escape(
            "$SCENARIOS_WORKSPACE 'central-asi' is neither a folder nor a bundled "
            "workspace (did you mean 'central-asia'?)"
        ),
    ):
        load_workspace()


def test_option_beats_env_var(tmp_ws, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "no-such-workspace")
    assert load_workspace(tmp_ws.root).name == str(tmp_ws.root)


def test_current_folder_with_model_yaml(tmp_ws, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_ws.root)
    ws = load_workspace()
    assert ws.name == "."
    assert ws.root.resolve() == tmp_ws.root.resolve()
    assert ws.country_ids == ("AA", "BB", "CC")


def test_empty_env_var_is_ignored(tmp_ws, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "")
    monkeypatch.chdir(tmp_ws.root)
    assert load_workspace().name == "."


def test_env_var_beats_current_folder(tmp_ws, monkeypatch):
    monkeypatch.chdir(tmp_ws.root)
    monkeypatch.setenv(ENV_VAR, "abraham-2020")
    assert load_workspace().root == bundled_root() / "abraham-2020"


def test_current_folder_without_model_yaml_uses_bundled_default(tmp_ws, tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)  # holds ws/ but no model.yaml itself
    ws = load_workspace()
    assert ws.name == bundled_label("central-asia")
    assert ws.root == bundled_root() / "central-asia"


# --- reading files ----------------------------------------------------------------------


def test_not_utf8_points_at_the_byte(tmp_ws):
    text = tmp_ws.read(GAMMA).replace("name: Gamma", "name: G\xe4mma")  # Latin-1 ä = 0xe4
    tmp_ws.path(GAMMA).write_bytes(text.encode("latin-1"))
    with pytest.raises(WorkspaceError, match=re.escape("not valid UTF-8 (byte 0xe4)")) as info:
        load_workspace(tmp_ws.root)
    assert problems_of(info, tmp_ws.root) == [
        (GAMMA, 3, 8, "not valid UTF-8 (byte 0xe4)", "save the file as UTF-8")
    ]


def test_not_utf8_column_counts_characters_not_bytes(tmp_ws):
    # "Café " is valid UTF-8 (é is two bytes); the Latin-1 ä after it is character 13.
    raw = tmp_ws.read(GAMMA).replace("name: Gamma", "name: Café G\0mma").encode("utf-8")
    tmp_ws.path(GAMMA).write_bytes(raw.replace(b"\0", b"\xe4"))
    with pytest.raises(WorkspaceError, match=re.escape("not valid UTF-8 (byte 0xe4)")) as info:
        load_workspace(tmp_ws.root)
    assert problems_of(info, tmp_ws.root) == [
        (GAMMA, 3, 13, "not valid UTF-8 (byte 0xe4)", "save the file as UTF-8")
    ]


def test_byte_order_mark_is_accepted(tmp_ws):
    tmp_ws.path(BETA).write_bytes(b"\xef\xbb\xbf" + tmp_ws.read(BETA).encode("utf-8"))
    assert load_workspace(tmp_ws.root).profile("BB").name == "Beta"


def test_yaml_syntax_error_mapping_value(tmp_ws):
    tmp_ws.replace_line("model.yaml", 17, "    weight: 1: 2")
    # libyaml and the pure-Python parser word this differently; the place is the same.
    with pytest.raises(WorkspaceError, match="YAML syntax error: mapping values are not") as info:
        load_workspace(tmp_ws.root)
    [(rel, line, column, _message, hint)] = problems_of(info, tmp_ws.root)
    assert (rel, line, column) == ("model.yaml", 17, 14)
    assert hint == "check indentation, colons and quotes"


def test_yaml_syntax_error_unclosed_bracket(tmp_ws):
    tmp_ws.replace_line(BETA, 10, "    sources: [report D")
    with pytest.raises(WorkspaceError, match=r"YAML syntax error: .*expected ',' or '\]'") as info:
        load_workspace(tmp_ws.root)
    [(rel, line, column, _message, hint)] = problems_of(info, tmp_ws.root)
    # The parser notices at the next key, "resistance" on line 11.
    assert (rel, line, column, hint) == (BETA, 11, 13, "check indentation, colons and quotes")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("", "empty"),
        ("# only a comment\n", "empty"),
        ("- AA\n", "a list"),
        ("just words\n", "a str"),
    ],
)
def test_profile_that_is_not_a_mapping(tmp_ws, text, what):
    tmp_ws.write(BETA, text)
    message = f"the file is {what}, expected a mapping of keys"
    with pytest.raises(WorkspaceError, match=re.escape(message)) as info:
        load_workspace(tmp_ws.root)
    assert problems_of(info, tmp_ws.root) == [(BETA, 1, 1, message, None)]


def test_profile_file_not_found(tmp_ws):
    tmp_ws.path("profiles/zeta.yaml").symlink_to(tmp_ws.root / "nowhere.yaml")  # dangling
    with pytest.raises(WorkspaceError, match="file not found") as info:
        load_workspace(tmp_ws.root)
    assert problems_of(info, tmp_ws.root) == [
        (
            "profiles/zeta.yaml",
            None,
            None,
            "file not found",
            f"it is a link to '{tmp_ws.root / 'nowhere.yaml'}', which does not exist",
        )
    ]


def test_profile_path_that_is_a_folder(tmp_ws):
    tmp_ws.path("profiles/zeta.yaml").mkdir()
    with pytest.raises(WorkspaceError, match="is a folder, expected a file") as info:
        load_workspace(tmp_ws.root)
    assert problems_of(info, tmp_ws.root) == [
        ("profiles/zeta.yaml", None, None, "is a folder, expected a file", None)
    ]


def test_shared_alias_is_not_an_error(tmp_ws):
    tmp_ws.replace_line(ALPHA, 10, "    sources: &src [report A, report Z]")
    tmp_ws.replace_line(ALPHA, 12, "  trade: {value: 5, sources: *src}")
    ws = load_workspace(tmp_ws.root)
    assert ws.entry("AA", "trade").sources == ["report A", "report Z"]


# --- whole-workspace checks -------------------------------------------------------------


def test_empty_workspace_has_no_profiles(tmp_ws):
    for path in tmp_ws.path("profiles").glob("*.yaml"):
        path.unlink()
    message = "no profiles: the workspace has no profiles/*.yaml"
    with pytest.raises(WorkspaceError, match=re.escape(message)) as info:
        load_workspace(tmp_ws.root)
    # Only this: the what-if naming AA and BB is not also reported as naming unknown countries.
    assert problems_of(info, tmp_ws.root) == [
        ("profiles", None, None, message, "add one YAML file per country")
    ]


def test_workspace_without_profiles_folder(tmp_ws):
    shutil.rmtree(tmp_ws.path("profiles"))
    with pytest.raises(WorkspaceError, match=re.escape("no profiles: the workspace has no")):
        load_workspace(tmp_ws.root)


def test_missing_midpoint_fills_a_missing_factor(tmp_ws):
    tmp_ws.replace_line(BETA, 12, "")
    with pytest.raises(WorkspaceError, match=re.escape("factor 'trade' has no value")):
        load_workspace(tmp_ws.root)
    tmp_ws.replace_line("model.yaml", 5, "stale_after_years: 2\nmissing: midpoint")
    ws = load_workspace(tmp_ws.root)
    filled = ws.entry("BB", "trade")
    assert (filled.value, filled.low, filled.high, filled.confidence) == (5, 0, 10, "low")
    assert ws.entry("AA", "trade").value == 5  # given values are kept
    assert ws.entry("AA", "trade").confidence == "medium"


def test_all_factor_weights_zero(tmp_ws):
    for line in (17, 22, 27):
        tmp_ws.replace_line("model.yaml", line, "    weight: 0")
    with pytest.raises(WorkspaceError, match="all effective weights are zero") as info:
        load_workspace(tmp_ws.root)
    assert problems_of(info, tmp_ws.root) == [
        (
            "model.yaml",
            14,
            3,
            "all effective weights are zero",
            "give at least one factor and its group a weight above 0",
        )
    ]


def test_every_problem_of_every_file_at_once(tmp_ws):
    latin1 = tmp_ws.read(GAMMA).replace("Gamma", "G\xe4mma").encode("latin-1")
    tmp_ws.path(GAMMA).write_bytes(latin1)
    tmp_ws.replace_line(BETA, 6, "    value: 3: 4")
    tmp_ws.replace_line("model.yaml", 22, "    weight: -1")
    tmp_ws.replace_line(ALPHA, 9, "    confidnce: high")
    with pytest.raises(WorkspaceError, match=r"(?s)weight.*YAML syntax.*UTF-8.*confidnce") as info:
        load_workspace(tmp_ws.root)
    # The model first, then the profiles that cannot be read, then those that do not validate.
    assert [(rel, line, column) for rel, line, column, _, _ in problems_of(info, tmp_ws.root)] == [
        ("model.yaml", 22, 13),
        (BETA, 6, 13),
        (GAMMA, 3, 8),
        (ALPHA, 9, 5),
    ]


# --- --weight, --set and --whatif (the options, through the Python API) -----------------


@pytest.mark.parametrize(
    ("weights", "sets", "message", "hint"),
    [
        (
            ["opennes=2"],
            [],
            "--weight opennes=2: unknown factor 'opennes'",
            "did you mean 'openness'?",
        ),
        (
            ["openness"],
            [],
            "--weight openness: expected FACTOR=WEIGHT",
            "e.g. --weight us_engagement=2",
        ),
        (["=2"], [], "--weight =2: expected FACTOR=WEIGHT", "e.g. --weight us_engagement=2"),
        (["openness=-1"], [], "--weight openness=-1: a weight cannot be negative", None),
        (["openness=heavy"], [], "--weight openness=heavy: 'heavy' is not a number", None),
        (["openness=nan"], [], "--weight openness=nan: the value must be a finite number", None),
        (
            [],
            ["AAA.openness=5"],
            "--set AAA.openness=5: unknown country 'AAA'",
            "did you mean 'AA'?",
        ),
        (
            [],
            ["XY.openness=5"],
            "--set XY.openness=5: unknown country 'XY'",
            "expected one of: AA, BB, CC",
        ),
        (
            [],
            ["AA.opennes=5"],
            "--set AA.opennes=5: unknown factor 'opennes'",
            "did you mean 'openness'?",
        ),
        (
            [],
            ["AAopenness=5"],
            "--set AAopenness=5: expected ID.FACTOR=VALUE",
            "e.g. --set UZ.us_engagement=8",
        ),
        (
            [],
            ["AA.openness"],
            "--set AA.openness: expected ID.FACTOR=VALUE",
            "e.g. --set UZ.us_engagement=8",
        ),
        ([], ["AA.openness=high"], "--set AA.openness=high: 'high' is not a number", None),
        ([], ["AA.openness=inf"], "--set AA.openness=inf: the value must be a finite number", None),
    ],
)
def test_option_errors(tmp_ws, weights, sets, message, hint):
    ws = load_workspace(tmp_ws.root)
    # as typed on the command line (`Typed`): the problem names the option
    with pytest.raises(OptionError, match=re.escape(message)) as info:
        scenarios.prepare(ws, weights=Typed(weights), sets=Typed(sets))
    assert problems_of(info, tmp_ws.root) == [(None, None, None, message, hint)]


@pytest.mark.parametrize(
    ("sets", "low", "high"),
    [
        (["AA.openness=9"], 8, 10),  # 6 (5–7) up by 3
        (["AA.openness=4.5"], 3.5, 5.5),  # down by 1.5
    ],
)
def test_set_outside_the_range_moves_the_range(tmp_ws, sets, low, high):
    ws = scenarios.prepare(load_workspace(tmp_ws.root), sets=sets)
    entry = ws.entry("AA", "openness")
    assert (entry.low, entry.high) == (low, high)
    assert [str(n) for n in ws.notes] == [
        f"--set {sets[0]} is outside its range 5–7; the range moves with it to {low:g}–{high:g}"
    ]


def test_set_outside_the_scale_is_an_option_error(tmp_ws):
    message = "--set AA.trade=11: 11 is outside the scale 0..10"
    with pytest.raises(OptionError, match=re.escape(message)) as info:
        scenarios.prepare(load_workspace(tmp_ws.root), sets=Typed(["AA.trade=11"]))
    assert problems_of(info, tmp_ws.root) == [
        (None, None, None, message, "give a value from 0 to 10")
    ]


def test_weights_all_zero_after_options(tmp_ws):
    weights = ["openness=0", "resistance=0", "trade=0"]
    message = "all effective weights are zero (after --weight trade=0)"
    with pytest.raises(WorkspaceError, match=re.escape(message)) as info:
        scenarios.prepare(tmp_ws.root, weights=weights)
    assert problems_of(info, tmp_ws.root) == [
        ("model.yaml", 14, 3, message, "give at least one factor and its group a weight above 0")
    ]


def test_valid_options_change_the_workspace(tmp_ws):
    ws = scenarios.prepare(tmp_ws.root, weights=["trade=2"], sets=["AA.openness=6.5"])
    assert tuple(map(str, ws.changes)) == ("--weight trade=2", "--set AA.openness=6.5")
    assert ws.model.factors["trade"].weight == 2
    assert ws.entry("AA", "openness").value == 6.5
    assert ws.entry("BB", "openness").value == 3


def test_unknown_whatif_name(tmp_ws):
    message = f"whatifs=['open']: no such what-if in {tmp_ws.root}"
    with pytest.raises(OptionError, match=re.escape(message)) as info:
        scenarios.prepare(tmp_ws.root, whatifs=["open"])
    assert problems_of(info, tmp_ws.root) == [
        (None, None, None, message, "did you mean 'open_up'?")
    ]


def test_whatif_in_a_workspace_without_whatifs(tmp_ws):
    shutil.rmtree(tmp_ws.path("whatif"))
    with pytest.raises(OptionError, match=r"^whatifs=\[.open_up.\]: no such what-if") as info:
        scenarios.prepare(tmp_ws.root, whatifs=["open_up"])
    assert info.value.problems[0].hint == "the workspace has no what-ifs"


def test_whatif_applies(tmp_ws):
    ws = scenarios.prepare(tmp_ws.root, whatifs=["open_up"])
    assert tuple(map(str, ws.changes)) == ("--whatif open_up",)
    aa = ws.entry("AA", "openness")
    assert (aa.value, aa.low, aa.high) == (7, 6, 8)
    assert ws.entry("BB", "openness").value == 4
    assert ws.entry("CC", "openness").value == 8
    assert ws.model.groups["economy"].weight == 1.5


# --- warnings (validate) ----------------------------------------------------------------


EVENT = "stale_after_years: 2\nevent: {definition: joins, as_of: 2026-05-31}"


def test_warnings_for_stale_evidence_and_missing_sources(tmp_ws):
    tmp_ws.replace_line("model.yaml", 5, EVENT)
    tmp_ws.replace_line(ALPHA, 9, "    confidence: high\n    as_of: 2024-05-30")
    tmp_ws.replace_line(BETA, 12, "  trade: 2")
    ws = load_workspace(tmp_ws.root)
    found = [
        (p.file.relative_to(tmp_ws.root).as_posix(), p.line, p.column, p.message, p.hint)
        for p in warnings(ws)
    ]
    assert found == [
        (
            ALPHA,
            10,
            12,
            "AA.openness: evidence dated 2024-05-30 is stale: "
            "older than 2 years at the evidence date, 2026-05-31",
            "check for newer evidence",
        ),
        (
            BETA,
            12,
            10,
            "BB.trade: value has no source",
            "add `sources:` so the number can be traced",
        ),
    ]


@pytest.mark.parametrize(
    ("as_of", "stale"),
    [
        ("2024-05-31", False),  # exactly 2 years before the evidence date: not stale yet
        ("2024-05-30", True),  # one day more
        ("2024-06-01", False),  # one day less
    ],
)
def test_stale_is_counted_from_the_evidence_date_not_today(tmp_ws, as_of, stale):
    tmp_ws.replace_line("model.yaml", 5, EVENT)
    tmp_ws.replace_line(ALPHA, 9, f"    confidence: high\n    as_of: {as_of}")
    ws = load_workspace(tmp_ws.root)
    messages = [p.message for p in warnings(ws)]
    expected = [
        f"AA.openness: evidence dated {as_of} is stale: "
        "older than 2 years at the evidence date, 2026-05-31"
    ]
    assert messages == (expected if stale else [])
    assert evidence_frame(ws).set_index(["id", "factor"])["stale"].sum() == int(stale)
    assert bool(explain(rank(ws), "AA").to_frame().loc["openness", "stale"]) is stale


def test_a_leap_day_does_not_make_two_calendar_years_stale():
    # 2023-05-31 to 2025-05-31 spans 29 February 2024: 731 days, still exactly 2 years.
    rule = Staleness(2, dt.date(2025, 5, 31))
    assert rule.cutoff == dt.date(2023, 5, 31)
    assert not rule.is_stale(dt.date(2023, 5, 31))
    assert rule.is_stale(dt.date(2023, 5, 30))
    # From 29 February, whole years back land on the 28th; half a year is 183 days.
    assert Staleness(1, dt.date(2024, 2, 29)).cutoff == dt.date(2023, 2, 28)
    assert Staleness(0.5, dt.date(2026, 5, 31)).cutoff == dt.date(2025, 11, 29)
    assert not Staleness(None, dt.date(2026, 5, 31)).is_stale(dt.date(1900, 1, 1))
    assert not Staleness(2, None).is_stale(dt.date(1900, 1, 1))


def test_without_an_event_the_latest_dated_value_is_the_evidence_date(tmp_ws):
    tmp_ws.replace_line(ALPHA, 11, "  resistance: {value: 4, as_of: 2026-05-31, sources: [B]}")
    tmp_ws.replace_line(ALPHA, 9, "    confidence: high\n    as_of: 2024-05-30")
    ws = load_workspace(tmp_ws.root)
    assert str(staleness(ws)) == "older than 2 years at the evidence date, 2026-05-31"
    assert [p.message for p in warnings(ws)] == [
        "AA.openness: evidence dated 2024-05-30 is stale: "
        "older than 2 years at the evidence date, 2026-05-31"
    ]


def test_no_stale_warning_without_stale_after_years(tmp_ws):
    tmp_ws.replace_line("model.yaml", 5, "event: {definition: joins, as_of: 2030-01-01}")
    tmp_ws.replace_line(ALPHA, 9, "    confidence: high\n    as_of: 2000-01-01")
    ws = load_workspace(tmp_ws.root)
    assert warnings(ws) == []
    assert str(staleness(ws)) == "no stale_after_years in model.yaml: nothing is marked stale"


def test_default_is_a_reserved_id(tmp_path):
    from .. import tiny

    profiles = dict(tiny.PROFILES)
    profiles["z"] = profiles["z"].replace("id: Z", "id: default")
    with pytest.raises(WorkspaceError, match=r"z.yaml:1:5: id: 'default' is reserved"):
        load_workspace(tiny.write(tmp_path / "d", profiles=profiles))


def test_content_hash_covers_yml_files(tmp_path):
    from scenarios.workspace.files import content_hash

    from .. import tiny

    root = tiny.write(tmp_path / "h")
    (root / "profiles" / "z.yaml").rename(root / "profiles" / "z.yml")
    before = content_hash(root)
    (root / "profiles" / "z.yml").write_text(tiny.PROFILES["z"].replace("a: 2", "a: 3"))
    assert content_hash(root) != before


# --- the cache of validated files ----------------------------------------------------------


def test_unchanged_files_are_read_from_the_cache(tmp_path, monkeypatch):
    from scenarios.workspace import validate as wsm

    monkeypatch.setenv("SCENARIOS_CACHE", str(tmp_path / "cache"))
    root = write_workspace(tmp_path / "w").root
    first = load_workspace(root)
    parsed = []
    real = wsm.load_yaml
    monkeypatch.setattr(wsm, "load_yaml", lambda path: parsed.append(path.name) or real(path))
    again = load_workspace(root)
    assert parsed == []  # every file came from the cache
    assert again.model == first.model and again.profiles == first.profiles
    assert dict(again.whatifs) == dict(first.whatifs)
    np.testing.assert_array_equal(again.values, first.values)
    (root / "profiles" / "beta.yaml").write_text(
        (root / "profiles" / "beta.yaml").read_text().replace("value: 3", "value: 4")
    )
    edited = load_workspace(root)
    assert parsed == ["beta.yaml"]  # only the edited file is parsed again
    assert edited.values[1, 0] == 4


def test_a_problem_in_a_cached_file_still_says_where_it_is(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENARIOS_CACHE", str(tmp_path / "cache"))
    root = write_workspace(tmp_path / "w").root
    load_workspace(root)  # every file valid: all cached
    model = root / "model.yaml"
    model.write_text(
        model.read_text().replace("scale: {min: 0, max: 10}", "scale: {min: 0, max: 5}")
    )
    with pytest.raises(WorkspaceError, match=r"openness\.value") as caught:
        load_workspace(root)
    # alpha.yaml came from the cache; its value 6 is now outside the scale, on line 6, column 12
    where = [
        (p.file.name, p.line, p.column)
        for p in caught.value.problems
        if "openness.value" in p.message
    ]
    assert ("alpha.yaml", 6, 12) in where


def test_no_cache_when_the_variable_is_empty(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENARIOS_CACHE", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_workspace(write_workspace(tmp_path / "w").root)
    assert not (tmp_path / "xdg").exists()


def test_a_profile_that_does_not_validate_is_not_also_an_unknown_country(tmp_path):
    import scenarios

    ws = scenarios.init(tmp_path / "ws")  # model.yaml names KG in a driver and indicators
    kg = ws / "profiles" / "kyrgyzstan.yaml"
    kg.write_text(
        kg.read_text(encoding="utf-8").replace("state: not_joined", "state: not_jioned", 1),
        encoding="utf-8",
    )
    with pytest.raises(WorkspaceError, match="not_jioned") as caught:
        scenarios.load_workspace(ws)
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 1 and "status.state: 'not_jioned' is not allowed" in messages[0]


def test_problems_across_files_are_listed_rule_by_rule(tmp_path):
    """The checks across files run in a fixed order (the model's names, its gates, then each
    profile's values; then each what-if's value changes, weights and status), so the same
    mistakes are always listed in the same order."""
    from .. import tiny

    model = (
        tiny.MODEL.replace("group: g2", "group: g3") + "gates:\n  gx: {factor: a, at_least: 11}\n"
    )
    profiles = {**tiny.PROFILES, "z": tiny.PROFILES["z"].replace("a: 2", "a: 12")}
    whatif = (
        "title: W\n"
        "values: [{factor: nope, shift: 1}]\n"
        "weights: [{group: gz, set: 1}]\n"
        "status: [{country: Q, state: joined}]\n"
    )
    root = tiny.write(tmp_path / "w", model=model, profiles=profiles, whatifs={"w": whatif})
    with pytest.raises(WorkspaceError, match="unknown group") as caught:
        load_workspace(root)
    assert [p.message for p in caught.value.problems] == [
        "factor 'c' names unknown group 'g3'",
        "gate 'gx': at_least = 11 is outside the scale 0..10",
        "a.value = 12 is outside the scale 0..10",
        "unknown factor 'nope'",
        "unknown group 'gz'",
        "unknown country 'Q'",
    ]


def _modules_after_rank(folder: Path, cache: Path) -> set[str]:
    """Which of the heavier modules `scenarios rank` on ``folder`` imported, in a fresh
    interpreter."""
    import os
    import subprocess
    import sys

    watched = ("scenarios.panels.analysts", "scenarios.panels.panel", "pydantic")
    code = (
        "import atexit, runpy, sys\n"
        f"atexit.register(lambda: print([m for m in {watched!r} if m in sys.modules]))\n"
        f"sys.argv = ['scenarios', 'rank', '-w', {str(folder)!r}, '--format', 'table']\n"
        "runpy.run_module('scenarios', run_name='__main__')\n"
    )
    env = {**os.environ, "SCENARIOS_CACHE": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    return set(eval(done.stdout.strip().splitlines()[-1]))


def test_rank_without_a_panel_does_not_import_the_panels_machinery(tmp_path):
    """Start-up: a workspace with no panel/ is ranked without importing panels.analysts; one
    with a panel/ imports it (the panel is attached)."""
    plain = tmp_path / "plain"
    shutil.copytree(bundled_root() / "central-asia", plain)
    assert not {"scenarios.panels.analysts", "scenarios.panels.panel"} & _modules_after_rank(
        plain, tmp_path / "cache"
    )
    panelled = tmp_path / "panelled"
    shutil.copytree(plain, panelled)
    shutil.copytree(bundled_root() / "example-panel", panelled / "panel")
    assert "scenarios.panels.panel" in _modules_after_rank(panelled, tmp_path / "cache")


def test_the_cache_key_covers_every_module_of_the_schema(tmp_path, monkeypatch):
    """A change to any module of the file format's definition is a new format: the cache of the
    old one is not used."""
    from scenarios.workspace import cache

    copy = tmp_path / "schema"
    shutil.copytree(cache.SCHEMA, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert {p.name for p in copy.glob("*.py")} >= {"__init__.py", "fields.py", "ledger.py"}
    monkeypatch.setattr(cache, "SCHEMA", copy)
    before = cache.schema_digest()
    for module in sorted(copy.glob("*.py")):
        text = module.read_text(encoding="utf-8")
        module.write_text(text + "\n", encoding="utf-8")
        assert cache.schema_digest() != before, module.name
        module.write_text(text, encoding="utf-8")
    assert cache.schema_digest() == before


def test_loading_reads_panel_only_through_the_part_it_is_given(tmp_path):
    """The workspace layer knows nothing of panels: without `part` the panel/ folder is not
    read; the API passes the panels layer's reader, which attaches the analysts."""
    from scenarios.api import load_workspace as with_panel
    from scenarios.workspace.load import load_workspace as files_only

    root = tmp_path / "w"
    shutil.copytree(bundled_root() / "central-asia", root)
    shutil.copytree(bundled_root() / "example-panel", root / "panel")
    assert files_only(root).panel is None
    assert with_panel(root).panel is not None
    assert len(with_panel(root).panel.analysts) == len(list((root / "panel").glob("*.yaml")))
