"""The Python API: every command as a call, typed arguments, checks made in the core, one error
family (files → WorkspaceError, options and arguments → OptionError, destinations →
OutputError)."""

from __future__ import annotations

import json
import math

import pytest

import scenarios
from scenarios import OptionError, OutputError, ScenariosError, WorkspaceError

from . import tiny


@pytest.fixture
def ws(tmp_path):
    whatifs = {"up": "title: Up\nvalues: [{factor: a, shift: 1}]\n"}
    return scenarios.load_workspace(tiny.write(tmp_path / "tiny", whatifs=whatifs))


def test_error_family():
    assert issubclass(WorkspaceError, ScenariosError)
    assert issubclass(OptionError, ScenariosError)
    assert issubclass(OutputError, ScenariosError)
    assert not issubclass(OptionError, WorkspaceError)


def test_every_command_is_a_function():
    for name in (
        "rank",
        "explain",
        "sensitivity",
        "compare",
        "whatifs",
        "calibrate",
        "backtest",
        "cascade",
        "export",
        "validate",
        "init",
        "json_schema",
    ):
        assert callable(getattr(scenarios, name)), name


def test_result_frames_are_indexed_by_country(ws):
    assert scenarios.rank(ws).to_frame().index.tolist() == ["X", "Y", "Z"]
    assert scenarios.explain(ws, "Y").to_frame().index.name == "factor"
    assert list(scenarios.compare(ws).to_frame().index.names) == ["id", "scenario"]
    assert scenarios.whatifs(ws).to_frame().index.tolist() == ["up"]


@pytest.mark.parametrize(
    ("weights", "sets"),
    [
        ({"c": 3}, {"Z": {"a": 10}}),
        (["c=3"], ["Z.a=10"]),
        (("c=3",), ("Z.a=10",)),
    ],
)
def test_weights_and_sets_as_mappings_or_strings(ws, weights, sets):
    frame = scenarios.rank(ws, weights=weights, sets=sets).to_frame()
    # c's weight 3: effective a 2/7, b 2/7, c 3/7; Z.a = 10 → u .. 1, .2, 0
    assert frame.loc["Z", "score"] == pytest.approx((2 * 1.0 + 2 * 0.2 + 3 * 0.0) / 7)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": "c=3"}, r"weights='c=3': expected a mapping or a list of 'FACTOR=WEIGHT'"),
        ({"weights": ["cc=3"]}, r"^weights=\['cc=3'\]: unknown factor 'cc' \(did you mean 'c'\?\)"),
        ({"weights": ["c"]}, r"^weights=\['c'\]: expected FACTOR=WEIGHT \(e.g. weights=\{"),
        ({"sets": ["Z.a=11"]}, r"^sets=\['Z.a=11'\]: 11 is outside the scale 0..10"),
        ({"sets": {"Z": {"a": 11}}}, r"^sets\['Z'\]\['a'\]: 11 is outside the scale 0..10"),
        ({"sets": ["Q.a=1"]}, r"^sets=\['Q.a=1'\]: unknown country 'Q'"),
        ({"weights": [("c", 3)]}, r"weights: expected 'FACTOR=WEIGHT' strings, got \('c', 3\)"),
        ({"weights": {"cc": 3}}, r"weights\['cc'\]: unknown factor 'cc' \(did you mean 'c'\?\)"),
        ({"weights": {"c": -1}}, r"weights\['c'\]: a weight cannot be negative"),
        ({"weights": {"c": True}}, r"weights\['c'\]: expected a number \(got True\)"),
        ({"weights": {"c": math.nan}}, r"weights\['c'\]: expected a finite number"),
        ({"sets": {"Z": 3}}, r"sets\['Z'\]: expected a mapping \{factor: value\}"),
        ({"sets": {"Q": {"a": 1}}}, r"sets\['Q'\]\['a'\]: unknown country 'Q'"),
        ({"sets": {"Z": {"a": "x"}}}, r"sets\['Z'\]\['a'\]: expected a number \(got 'x'\)"),
        ({"horizon": -1}, r"horizon: must be above 0 \(got -1\)"),
        ({"horizon": math.inf}, r"horizon: expected a finite number"),
        ({"aggregation": "geometrc"}, r"aggregation: .*\(did you mean 'geometric'\?\)"),
        ({"whatifs": ["nope"]}, r"^whatifs=\['nope'\]: no such what-if"),
        ({"whatifs": ["up", "up"]}, r"^whatifs=\['up'\]: this what-if is already applied"),
        ({"whatifs": "up"}, r"whatifs: expected a list of names \(got 'up'\)"),
    ],
)
def test_bad_arguments_raise_option_errors(ws, kwargs, message):
    with pytest.raises(OptionError, match=message):
        scenarios.rank(ws, **kwargs)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"samples": 0}, r"samples: must be at least 100 \(got 0\)"),
        ({"samples": 99}, r"samples: must be at least 100"),
        ({"samples": 2.5}, r"samples: expected a whole number"),
        ({"delta": 1.5}, r"delta: must be at most 1"),
        ({"concentration": 0}, r"concentration: must be at least 0.001"),
        ({"values": "normal"}, r"values: expected one of triangular, uniform, fixed"),
        ({"seed": -1}, r"seed: must be at least 0"),
        ({"chunk_size": 0}, r"chunk_size: must be at least 1"),
        ({"precision": 0}, r"precision: must be at least 1e-06"),
        ({"sampels": 200}, r"unknown setting 'sampels' \(did you mean 'samples'\?\)"),
    ],
)
def test_sensitivity_settings_are_checked_in_the_core(ws, settings, message):
    with pytest.raises(OptionError, match=message):
        scenarios.sensitivity(ws, ["mc"], **settings)


def test_sensitivity_method_typo(ws):
    with pytest.raises(OptionError, match=r"methods: .*\(did you mean 'sobol'\?\)"):
        scenarios.sensitivity(ws, ["sobl"])


def test_zero_samples_are_refused_not_replaced_by_the_default(ws):
    with pytest.raises(OptionError, match="samples"):
        scenarios.sensitivity(ws, ["sobol"], samples=0)


def test_sensitivity_runs_the_methods_asked(ws):
    result = scenarios.sensitivity(ws, ["oat", "mc"], samples=1_000)
    assert set(result.frames()) == {"oat", "acceptability", "mc_summary", "pairwise"}
    assert result.monte_carlo is not None and result.monte_carlo.samples == 1_000


def test_cascade_and_export_check_their_arguments(ws, tmp_path):
    with pytest.raises(OptionError, match=r"runs: must be at least 1 \(got 0\)"):
        scenarios.cascade(ws, runs=0)
    with pytest.raises(OptionError, match=r"samples: must be at least 100"):
        scenarios.export(tmp_path / "out", ws, samples=10)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file, expected a folder"):
        scenarios.export(tmp_path / "file", ws, samples=200)


def test_export_writes_tables_and_manifest(ws, tmp_path):
    written = scenarios.export(tmp_path / "out", ws, weights={"c": 3}, samples=200, seed=4)
    names = {p.name for p in written}
    assert {"rankings.csv", "compare.csv", "manifest.json"} <= names
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 4 and manifest["changes"] == ["--weight c=3"]


def test_init_and_validate(tmp_path):
    made = scenarios.init(tmp_path / "mine")
    checked = scenarios.validate(made)
    assert checked.summary().startswith(f"ok: {made} — 5 countries")
    with pytest.raises(OutputError, match="already exists and is not empty"):
        scenarios.init(tmp_path / "mine")
    with pytest.raises(OptionError, match=r"--from nope: no such bundled workspace"):
        scenarios.init(tmp_path / "other", template="nope")


def test_json_schema(ws):
    assert set(scenarios.json_schema()) == {"model", "profile", "whatif", "panel"}
    assert scenarios.json_schema("panel")["title"] == "PanelFile"
    assert scenarios.json_schema("profile")["title"] == "ProfileFile"
    with pytest.raises(OptionError, match=r"kind: .*\(did you mean 'model'\?\)"):
        scenarios.json_schema("modle")


def test_calibrate_and_backtest_on_the_bundled_cohort():
    fit = scenarios.calibrate("abraham-2020")
    assert (fit.n, fit.events, fit.workspace) == (30, 5, "abraham-2020")
    bt = scenarios.backtest("abraham-2020")
    assert len(bt.ids) == 30 and bt.outcomes.sum() == 5
    # calibrate's recorded out-of-sample skill is the backtest's leave-one-out skill
    assert fit.loo_skill == pytest.approx(bt.summary_frame().loc["leave_one_out", "skill"])
