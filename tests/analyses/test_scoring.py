"""Scoring a workspace: hand-computed scores, weights, links and explanations."""

import math

import numpy as np
import pytest

import scenarios
from scenarios.analyses import scoring

from .. import tiny


@pytest.fixture
def ws(tmp_path):
    return scenarios.load_workspace(tiny.write(tmp_path / "tiny"))


def test_additive_scores_match_hand_computation(ws):
    result = scoring.rank(ws)
    np.testing.assert_allclose(result.weights, [0.4, 0.4, 0.2])
    assert dict(zip(result.ids, result.scores, strict=True)) == pytest.approx(tiny.SCORES)
    assert list(result.ranks) == [1, 2, 3]
    assert result.probability is None


def test_geometric_scores_match_hand_computation(ws):
    result = scoring.rank(ws, "geometric")
    x = math.exp(0.8 * math.log(0.8) + 0.2 * math.log(0.5))  # 0.8^0.4 · 0.8^0.4 · 0.5^0.2
    y = 0.5**0.8
    assert result.scores == pytest.approx([x, y, 0.0])  # Z has c = 0: vetoed


def test_contributions_frame_columns_and_sum(ws):
    frame = scoring.rank(ws).contributions_frame()
    assert list(frame.index.names) == ["id", "factor"]
    assert list(frame.columns) == ["value", "normalized", "weight", "contribution"]
    sums = frame.groupby("id")["contribution"].sum()
    assert sums.to_dict() == pytest.approx(tiny.SCORES)


def test_rank_frame_columns_status_and_drivers(ws):
    frame = scenarios.rank(ws).to_frame()
    assert frame.index.name == "id"
    assert list(frame.columns)[:4] == ["rank", "name", "name_ar", "score"]
    assert frame["status"].tolist() == ["", "joined 2020-09", ""]
    # push = w·(u − ½). X: a .12, b .12, c 0 → up a (first of the tie), nothing below neutral.
    # Z: a −.12, b −.12, c −.10 → down a, nothing above neutral.
    assert (frame.loc["X", "top_for"], frame.loc["X", "top_against"]) == ("a", "")
    assert (frame.loc["Z", "top_for"], frame.loc["Z", "top_against"]) == ("", "a")
    # Y: a 0, b 0, c .2·.5 = .1 → up c
    assert (frame.loc["Y", "top_for"], frame.loc["Y", "top_against"]) == ("c", "")


def test_weight_override_is_an_edit_of_the_model(ws):
    # c's weight 1 → 3: raw a 2, b 2, c 3 → 2/7, 2/7, 3/7
    frame = scenarios.rank(ws, weights=["c=3"]).to_frame()
    assert frame.loc["Y", "score"] == pytest.approx((2 * 0.5 + 2 * 0.5 + 3 * 1.0) / 7)
    assert frame.loc["X", "score"] == pytest.approx((2 * 0.8 + 2 * 0.8 + 3 * 0.5) / 7)
    assert frame.index.tolist() == ["Y", "X", "Z"]
    # the same override as a mapping
    mapped = scenarios.rank(ws, weights={"c": 3}).to_frame()
    assert mapped["score"].tolist() == pytest.approx(frame["score"].tolist())


def test_set_override_changes_one_value(ws):
    frame = scenarios.rank(ws, sets=["Z.a=10"]).to_frame()
    assert frame.loc["Z", "score"] == pytest.approx(0.16 + 0.4 * 0.8)
    mapped = scenarios.rank(ws, sets={"Z": {"a": 10}}).to_frame()
    assert mapped.loc["Z", "score"] == pytest.approx(0.16 + 0.4 * 0.8)


def test_ties_share_rank(tmp_path):
    profiles = dict(tiny.PROFILES)
    profiles["z"] = profiles["y"].replace("id: Y", "id: Z").replace("Yland", "Zland")
    ws = scenarios.load_workspace(tiny.write(tmp_path / "t", profiles=profiles))
    result = scoring.rank(ws)
    assert list(result.ranks) == [1, 2, 2]
    assert list(result.tied) == [False, True, True]


def test_link_probability_within_horizon(tmp_path):
    model = tiny.MODEL + "horizon_years: 2\nlink: {kind: logistic, intercept: -3, slope: 4}\n"
    ws = scenarios.load_workspace(tiny.write(tmp_path / "l", model=model))
    result = scoring.rank(ws)
    p_x = 1 / (1 + math.exp(-(-3 + 4 * 0.74)))
    assert result.probability[0] == pytest.approx(1 - (1 - p_x) ** 2)
    assert math.isnan(result.probability[1])  # Y has joined: no forecast
    assert scoring.rank(ws, horizon=1).probability[0] == pytest.approx(p_x)


def test_explain_gap_to_country_above(ws):
    frame = scenarios.explain(ws, "Y").to_frame()
    assert frame.index.tolist() == ["a", "b", "c"]
    # X − Y contributions: a .32−.20, b .32−.20, c .10−.20
    assert frame["gap_to_above"].tolist() == pytest.approx([0.12, 0.12, -0.10])
    top = scenarios.explain(ws, "X").to_frame()
    assert top["gap_to_above"].isna().all()


def test_explain_unknown_country_suggests(ws):
    with pytest.raises(
        scenarios.OptionError, match=r"unknown country 'Xlnd' \(did you mean 'Xland'\?\)"
    ):
        scenarios.explain(ws, "Xlnd")


def test_explain_takes_an_id_in_any_case_or_a_name(ws):
    by_id = scenarios.explain(ws, "X").to_frame()
    for given in ("x", "Xland", "xland"):
        assert scenarios.explain(ws, given).to_frame().equals(by_id)


def test_default_range_from_confidence(ws):
    low, high = ws.ranges
    # X.c has no range and medium confidence: ±1; Y.a shorthand (medium): ±1
    assert (low[0, 2], high[0, 2]) == (4.0, 6.0)
    # Y.c = 10: the default range is clipped to the scale
    assert (low[1, 2], high[1, 2]) == (9.0, 10.0)
    assert (low[0, 0], high[0, 0]) == (7.0, 9.0)


def test_bundled_workspace_ranks_every_country():
    frame = scenarios.rank("central-asia").to_frame()
    assert sorted(frame.index) == ["KG", "KZ", "TJ", "TM", "UZ"]
    assert frame["score"].between(0, 1).all()
    assert frame.loc["KZ", "status"] == "joined 2025-11"
