"""Link maths, backtest metrics and calibration against hand computation."""

import math

import numpy as np
import pytest

import scenarios
from scenarios import likelihood as lk
from scenarios import scoring

from . import tiny


def test_logistic_and_horizon_by_hand():
    assert lk.logistic(0.0) == 0.5
    assert lk.logistic(math.log(3)) == pytest.approx(0.75)
    assert lk.within_horizon(0.1, 3) == pytest.approx(1 - 0.9**3)
    assert lk.within_horizon(0.25, 1) == pytest.approx(0.25)
    assert lk.within_horizon(0.2, 0.5) == pytest.approx(1 - 0.8**0.5)


def test_link_probability():
    link = lk.Link(intercept=-2.0, slope=4.0, source="test")
    p = 1 / (1 + math.exp(-(-2 + 4 * 0.5)))  # = 0.5
    assert link.annual(np.array([0.5]))[0] == pytest.approx(p)
    assert link.probability(np.array([0.5]), 2)[0] == pytest.approx(0.75)


def test_annual_base_rate():
    from scenarios.schema import BaseRate

    base = BaseRate(events=1, of=4, years=2)
    # 1 of 4 within 2 years: 1 − (3/4)^(1/2) a year
    assert lk.annual_base_rate(base) == pytest.approx(1 - 0.75**0.5)


def test_intercept_derived_from_base_rate(tmp_path):
    model = tiny.MODEL + (
        "horizon_years: 1\nlink: {kind: logistic, slope: 3}\n"
        "base_rate: {events: 1, of: 5, years: 1}\n"
    )
    ws = scenarios.load_workspace(tiny.write(tmp_path / "b", model=model))
    result = scoring.rank(ws)
    mean = np.mean(list(tiny.SCORES.values()))
    assert result.link.intercept == pytest.approx(math.log(0.2 / 0.8) - 3 * mean)
    # a country scoring the mean would get the base rate
    assert result.link.annual(np.array([mean]))[0] == pytest.approx(0.2)
    assert "base rate" in result.link.source


def test_link_without_intercept_or_base_rate_is_an_error(tmp_path):
    model = tiny.MODEL + "link: {kind: logistic, slope: 3}\n"
    # found when the workspace is loaded, so `validate` reports it too
    with pytest.raises(
        scenarios.WorkspaceError, match=r"model.yaml:12:7: the link has no intercept"
    ):
        scenarios.load_workspace(tiny.write(tmp_path / "n", model=model))


# --- metrics on a tiny hand-computed case ------------------------------------------------

P = np.array([0.9, 0.6, 0.3, 0.2])
Y = np.array([1.0, 0.0, 1.0, 0.0])


def test_brier_by_hand():
    # (0.1² + 0.6² + 0.7² + 0.2²) / 4 = (0.01 + 0.36 + 0.49 + 0.04) / 4
    assert lk.brier(P, Y) == pytest.approx(0.225)


def test_log_loss_by_hand():
    expected = -(math.log(0.9) + math.log(0.4) + math.log(0.3) + math.log(0.8)) / 4
    assert lk.log_loss(P, Y) == pytest.approx(expected)


def test_auc_by_hand_and_by_ranks():
    # positives 0.9, 0.3; negatives 0.6, 0.2: pairs won 0.9>0.6, 0.9>0.2, 0.3>0.2 → 3/4
    assert lk.roc_auc(P, Y) == 0.75
    rng = np.random.default_rng(0)
    s = np.round(rng.random(40), 1)  # with ties
    y = rng.random(40) < 0.4
    # Mann–Whitney from average ranks: (R₊ − n₊(n₊+1)/2) / (n₊ n₋)
    order = np.argsort(s, kind="stable")
    ranks = np.empty(40)
    ranks[order] = np.arange(1, 41)
    for value in np.unique(s):  # average ranks of ties
        ranks[s == value] = ranks[s == value].mean()
    n_pos, n_neg = y.sum(), (~y).sum()
    expected = (ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
    assert lk.roc_auc(s, y) == pytest.approx(expected)


def test_auc_undefined_with_one_class():
    assert math.isnan(lk.roc_auc(P, np.ones(4)))


def test_reliability_bins():
    frame = lk.reliability(P, Y, bins=5)
    assert frame["count"].tolist() == [0, 2, 0, 1, 1]
    row = frame.iloc[1]  # 0.2–0.4: p 0.3 and 0.2, outcomes 1 and 0
    assert (row["predicted"], row["observed"]) == (pytest.approx(0.25), 0.5)


# --- calibration -------------------------------------------------------------------------


def test_calibration_recovers_known_parameters():
    rng = np.random.default_rng(42)
    a, b = -3.0, 5.0
    s = rng.random(6000)
    y = (rng.random(6000) < lk.logistic(a + b * s)).astype(float)
    fit = lk.calibrate(s, y, horizon=1.0, prior_sd_centre=100, prior_sd_slope=100)
    assert fit.intercept == pytest.approx(a, abs=3 * fit.intercept_sd)
    assert fit.slope == pytest.approx(b, abs=3 * fit.slope_sd)
    assert fit.intercept_sd < 0.3 and fit.slope_sd < 0.5
    assert not fit.small_sample


def test_calibration_with_a_horizon():
    rng = np.random.default_rng(7)
    a, b, years = -4.0, 6.0, 3.0
    s = rng.random(8000)
    y = (rng.random(8000) < lk.within_horizon(lk.logistic(a + b * s), years)).astype(float)
    fit = lk.calibrate(s, y, horizon=years, prior_sd_centre=100, prior_sd_slope=100)
    assert fit.intercept == pytest.approx(a, abs=3 * fit.intercept_sd)
    assert fit.slope == pytest.approx(b, abs=3 * fit.slope_sd)


def test_small_sample_leans_on_the_prior():
    s = np.array([0.2, 0.4, 0.6, 0.8])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    fit = lk.calibrate(s, y, base_rate=0.5)
    assert fit.small_sample
    assert "logit(base rate 0.500 a year)" in fit.prior
    # perfectly separable data: without the prior the slope would run off to infinity
    assert 0 < fit.slope < 30
    assert fit.yaml().startswith("link: {kind: logistic, intercept: ")


def test_backtest_on_the_historical_workspace():
    ws = scenarios.load_workspace("abraham-2020")
    bt = lk.backtest(ws, scoring.rank(ws).scores)
    assert len(bt.ids) == 30 and bt.outcomes.sum() == 5
    assert bt.base_probability == pytest.approx(5 / 30)
    summary = bt.summary_frame().set_index("predictions")
    assert summary.loc["leave_one_out", "roc_auc"] == pytest.approx(
        lk.roc_auc(bt.scores, bt.outcomes)
    )
    assert summary.loc["leave_one_out", "brier_base_rate"] == pytest.approx(
        lk.brier(np.full(30, 5 / 30), bt.outcomes)
    )
    # leave-one-out predictions come from fits that never saw the country
    assert not np.allclose(bt.loo_p, bt.fit.link().probability(bt.scores, 1.0))


def test_backtest_needs_both_outcomes(tmp_path):
    ws = scenarios.load_workspace(tiny.write(tmp_path / "t"))  # only Y has a status
    with pytest.raises(scenarios.WorkspaceError, match="a backtest needs at least 3 profiles"):
        lk.backtest(ws, scoring.rank(ws).scores)


def test_derived_intercept_is_anchored_to_the_files_not_the_overrides():
    ws = scenarios.load_workspace("central-asia")
    base = scenarios.rank(ws).set_index("id")
    changed = scenarios.rank(ws, sets=["UZ.multivector_openness=8.5"]).set_index("id")
    # only Uzbekistan's inputs changed, so only its probability may move
    assert changed.loc["UZ", "probability"] > base.loc["UZ", "probability"]
    for cid in ("TM", "KG", "TJ"):
        assert changed.loc[cid, "probability"] == pytest.approx(base.loc[cid, "probability"])
