"""Gates: a factor beyond its threshold caps the probability, in rank, explain and the Monte
Carlo (which also says how often each gate binds under the value ranges)."""

from __future__ import annotations

import numpy as np
import pytest

import scenarios
from scenarios.analyses import gates, robustness

from .. import tiny

LINK = "horizon_years: 2\nlink: {kind: logistic, intercept: -1, slope: 4}\n"
GATE = "gates:\n  hostile: {factor: b, at_least: 8, cap: 0.02, note: a barrier}\n"


@pytest.fixture
def ws(tmp_path):
    return scenarios.load_workspace(tiny.write(tmp_path / "g", model=tiny.MODEL + LINK + GATE))


def test_binding_by_hand(ws):
    # b values: X 2, Y 5, Z 8; the gate binds at b >= 8
    assert gates.binding(ws)[:, 0].tolist() == [False, False, True]
    at_most = ws.model.model_copy(
        update={
            "gates": {
                "low_a": ws.model.gates["hostile"].model_copy(
                    update={"at_least": None, "at_most": 5.0, "factor": "a"}
                )
            }
        }
    )
    ws2 = ws.with_changes(model=at_most, change="test")
    assert gates.binding(ws2)[:, 0].tolist() == [False, True, True]  # a: 8, 5, 2


def test_a_binding_gate_caps_the_probability_and_its_interval(ws):
    ranking = scenarios.rank(ws)
    frame = ranking.to_frame()
    free = scenarios.rank(
        ws.with_changes(model=ws.model.model_copy(update={"gates": {}}), change="no gates")
    )
    z = ws.country_ids.index("Z")
    assert free.probability[z] > 0.02
    assert frame.loc["Z", "probability"] == pytest.approx(0.02)
    # the interval covers the values too: Z.b's range 7..9 leaves the gate (b >= 8) unbound in
    # about half the worlds, so only the lower end is held to the cap ...
    # (the simulation reads its quantiles from a histogram of 10,000 bins: 1e-4 resolution)
    assert frame.loc["Z", "probability_low"] <= 0.02 + 1e-4
    assert frame.loc["Z", "probability_high"] > 0.02
    # ... and where the gate binds in every world (b in 8..9), the whole interval is
    z_entry = ws.profiles[2].factors["b"].model_copy(update={"low": 8.0, "high": 9.0})
    bound = ws.profiles[2].model_copy(update={"factors": {**ws.profiles[2].factors, "b": z_entry}})
    always = scenarios.rank(
        ws.with_changes(profiles=(*ws.profiles[:2], bound), change="Z.b in 8..9")
    ).to_frame()
    assert always.loc["Z", "probability_high"] <= 0.02 + 1e-4
    assert frame.loc["Z", "gates"] == "hostile"
    assert frame.loc["X", "gates"] == ""
    assert frame.loc["X", "probability"] == pytest.approx(free.probability[0])
    # the score is left alone: a gate acts on the probability only
    assert ranking.scores[z] == pytest.approx(free.scores[z])
    assert ranking.gates_binding(z) == ["hostile"]


def test_monte_carlo_reports_how_often_each_gate_binds(ws):
    mc = robustness.monte_carlo(ws, settings=robustness.MonteCarloSettings(samples=40_000))
    binding = mc.gates_frame()["hostile"]
    # Z.b = 8 with the default medium range 7..9, triangular with its mode at 8: P(b >= 8) = ½
    assert binding["Z"] == pytest.approx(0.5, abs=0.01)
    # X.b in 1..4 never reaches 8
    assert binding["X"] == 0.0
    # the probability under all uncertainties respects the cap where the gate binds
    summary = mc.summary_frame()
    # capped at 0.02 in about half the samples, so at least the lowest 5% are at the cap
    assert summary.loc["Z", "probability_p05"] <= 0.02 + 1e-4
    assert summary.loc["X", "probability_p05"] > 0.02


def test_a_gate_on_an_unknown_factor_is_a_located_error(tmp_path):
    model = tiny.MODEL + LINK + GATE.replace("factor: b", "factor: bb")
    with pytest.raises(
        scenarios.WorkspaceError,
        match=r"model.yaml:\d+:\d+: gate 'hostile' names unknown factor 'bb'",
    ):
        scenarios.load_workspace(tiny.write(tmp_path / "u", model=model))


def test_a_gate_needs_exactly_one_threshold(tmp_path):
    model = tiny.MODEL + LINK + GATE.replace("at_least: 8", "at_least: 8, at_most: 2")
    with pytest.raises(scenarios.WorkspaceError, match="give exactly one of at_least or at_most"):
        scenarios.load_workspace(tiny.write(tmp_path / "t", model=model))


def test_a_gate_threshold_outside_the_scale(tmp_path):
    model = tiny.MODEL + LINK + GATE.replace("at_least: 8", "at_least: 11")
    with pytest.raises(scenarios.WorkspaceError, match=r"at_least = 11 is outside the scale 0..10"):
        scenarios.load_workspace(tiny.write(tmp_path / "s", model=model))


def test_capped_takes_the_lowest_binding_cap():
    p = np.array([[0.5, 0.5, 0.5]])
    binds = np.array([[[True, True], [False, True], [False, False]]])
    np.testing.assert_allclose(gates.capped(p, binds, np.array([0.1, 0.3])), [[0.1, 0.3, 0.5]])
