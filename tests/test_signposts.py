"""Signposts: the value at which a country moves one rank, by hand for both aggregations, then
checked by applying the change and ranking again; and the indicators of model.yaml."""

import math

import numpy as np
import pandas as pd
import pytest

import scenarios
from scenarios import scoring
from scenarios.errors import WorkspaceError
from scenarios.signposting import signposts
from scenarios.writers import to_csv

from . import tiny

# tiny.py: effective weights a .4, b .4, c .2; u = X (.8 .8 .5), Y (.5 .5 1), Z (.2 .2 0).
X, Y, Z = 0, 1, 2
A, B, C = 0, 1, 2


@pytest.fixture
def ws(tmp_path):
    return scenarios.load_workspace(tiny.write(tmp_path / "tiny"))


def test_additive_thresholds_by_hand(ws):
    sp = signposts(scoring.rank(ws, "additive"))
    # Y (0.60) passes X (0.74) with +0.14 of score: Δu = 0.14 / 0.4 = 0.35 on a or on b, so a
    # from 5 to 8.5 or b (against) from 5 to 1.5; c is already 10 and would need 0.14 / 0.2.
    assert list(sp.neighbours[Y]) == [X, Z]
    assert sp.values[Y, 0] == pytest.approx([8.5, 1.5, np.nan], nan_ok=True)
    best = sp.best(Y, "up")
    assert (best.factor, best.old, best.new, best.other) == (A, 5, pytest.approx(8.5), X)
    # Y down to Z (0.16) needs −0.44: −1.1 of u on a or b, −2.2 on c: out of reach
    assert np.isnan(sp.values[Y, 1]).all() and sp.best(Y, "down") is None
    # X (0.74) falls behind Y (0.60): a from 8 to 4.5, or b from 2 to 5.5; c would need u −0.2
    assert sp.values[X, 1] == pytest.approx([4.5, 5.5, np.nan], nan_ok=True)
    assert sp.best(X, "up") is None and sp.neighbours[X, 0] == -1  # first already
    assert sp.best(Z, "down") is None and sp.neighbours[Z, 1] == -1  # last already


def test_geometric_thresholds_by_hand_in_log_space(ws):
    sp = signposts(scoring.rank(ws, "geometric"))
    # ln s = Σ w ln u: X = .8 ln .8 + .2 ln .5, Y = .8 ln .5, Z = 0 (c at 0 vetoes it)
    s_x = 0.8**0.8 * 0.5**0.2
    s_y = 0.5**0.8
    # Y passes X once .4 ln u_a' = .4 ln .5 + ln(s_x / s_y): u_a' = .5 (s_x / s_y)^(1/.4)
    u = 0.5 * (s_x / s_y) ** 2.5
    assert u == pytest.approx(0.905097, abs=1e-6)
    assert sp.values[Y, 0, A] == pytest.approx(10 * u)
    assert sp.values[Y, 0, B] == pytest.approx(10 * (1 - u))  # b is against: 10 (1 − u)
    assert np.isnan(sp.values[Y, 0, C])  # c is at 1 already: (s_x / s_y)^(1/.2) > 1
    # X falls behind Y once u_a' = .8 (s_y / s_x)^(1/.4)
    assert sp.values[X, 1, A] == pytest.approx(10 * 0.8 * (s_y / s_x) ** 2.5)
    # Y cannot fall below Z's 0: c at 0 only ties it
    assert np.isnan(sp.values[Y, 1]).all()
    # Z's c at 0 makes its score 0 whatever a or b do; c alone would need u > 1
    assert np.isnan(sp.values[Z, 0]).all()


def with_value(ws, i, factor, value):
    """The workspace with one value changed (its range dropped: the value may leave it)."""
    profiles = list(ws.profiles)
    factors = dict(profiles[i].factors)
    factors[factor] = factors[factor].model_copy(update={"value": value, "low": None, "high": None})
    profiles[i] = profiles[i].model_copy(update={"factors": factors})
    return ws.with_changes(profiles=tuple(profiles), change="test")


@pytest.mark.parametrize("aggregation", ["additive", "geometric"])
@pytest.mark.parametrize("workspace", ["tiny", "central-asia", "abraham-2020"])
def test_applying_the_change_moves_the_rank(aggregation, workspace, tmp_path):
    """Every threshold, checked by setting the value and ranking again: the value shown moves
    the country one rank; just short of the threshold it does not."""
    ws = scenarios.load_workspace(tiny.write(tmp_path / "t") if workspace == "tiny" else workspace)
    ranking = scoring.rank(ws, aggregation)
    sp = signposts(ranking)
    lo, hi = ws.scale
    checked = 0
    for i, cid in enumerate(ws.country_ids):
        for way in ("up", "down"):
            for move in sp.moves(i, way)[:2]:
                factor = ws.factor_ids[move.factor]

                def rank_at(value: float, i=i, factor=factor) -> int:
                    return int(scoring.rank(with_value(ws, i, factor, value), aggregation).ranks[i])

                before = int(ranking.ranks[i])
                after = rank_at(move.shown(lo, hi))
                assert after < before if way == "up" else after > before, (cid, way, factor)
                short = move.new - (1e-6 if move.rises else -1e-6)
                assert rank_at(short) == before, (cid, way, factor)
                checked += 1
    assert checked >= 4


def test_shown_value_rounds_away_from_today():
    from scenarios.signposting import Move

    assert Move(0, "down", 1, 0, 7.5, 6.83, rises=False).shown(0, 10) == 6.8
    assert Move(0, "up", 1, 0, 5.0, 8.5, rises=True).shown(0, 10) == 8.5  # a tie moves it up
    assert Move(0, "down", 1, 0, 8.0, 4.5, rises=False).shown(0, 10) == 4.4  # it must pass
    assert Move(0, "down", 1, 0, 2.0, 5.5, rises=True).shown(0, 10) == 5.6  # an against factor
    assert Move(0, "up", 1, 0, 6.0, 6.213, rises=True).shown(0, 10) == 6.22  # small: to 0.01
    assert Move(0, "up", 1, 0, 9.0, 9.97, rises=True).shown(0, 10) == 10.0
    # tied: the value sits on the threshold, and falling behind needs a step the right way
    assert Move(0, "down", 1, 0, 3.0, 3.0, rises=True).shown(0, 10) == 3.01


def test_indicators_shift_ranks_and_probabilities(tmp_path):
    model = tiny.MODEL + (
        "link: {kind: logistic, intercept: -3, slope: 4}\n"
        "horizon_years: 2\n"
        "indicators:\n"
        "  boost_z:\n"
        "    text: Z opens up\n"
        "    factor: b\n"
        "    countries: [Z]\n"
        "    direction: down\n"
        "    shift: 5\n"
        "  unsized:\n"
        "    text: X hardens\n"
        "    factor: a\n"
        "    countries: [X]\n"
        "    direction: down\n"
    )
    ws = scenarios.load_workspace(tiny.write(tmp_path / "t", model=model))
    sp = scenarios.signposts(ws)
    boost, unsized = sp.indicators
    assert boost.shifted is not None and unsized.shifted is None
    # Z's b (against) from 8 to 3: u_b .2 → .7, score .16 + .4 × .5 = 0.36
    assert boost.shifted.scores[Z] == pytest.approx(0.36)
    frame = sp.indicators_frame()
    z = frame.loc[("boost_z", "Z")]
    assert (z["value"], z["new_value"], z["rank"], z["new_rank"]) == (8, 3, 3, 3)

    def p(score: float) -> float:  # P within 2 years of annual logistic(−3 + 4 score)
        return 1 - (1 - 1 / (1 + math.exp(3 - 4 * score))) ** 2

    assert z["probability"] == pytest.approx(p(0.16))
    assert z["new_probability"] == pytest.approx(p(0.36))
    # without a shift: where X's a, falling, would cost it its rank: the signpost (4.5)
    x = frame.loc[("unsized", "X")]
    assert x["rank_changes_at"] == pytest.approx(4.5) and np.isnan(x["new_probability"])
    # and no new rank: an empty cell, not -1
    assert x["new_rank"] is pd.NA and frame["new_rank"].dtype == "Int64"
    csv = to_csv(frame).splitlines()
    header = csv[0].split(",")
    cells = {tuple(line.split(",")[:2]): line.split(",") for line in csv[1:]}
    assert cells[("unsized", "X")][header.index("new_rank")] == ""
    assert cells[("boost_z", "Z")][header.index("new_rank")] == "3"


def test_an_indicator_moves_every_analysts_value_in_a_panel():
    ws = scenarios.prepare("central-asia", panel="example-panel")
    assert ws.panel is not None
    sp = scenarios.signposts(ws)
    signs = next(e for e in sp.indicators if e.name == "kazakhstan_signs")
    uz = ws.country_ids.index("UZ")
    f = ws.factor_ids.index("us_engagement")
    step = signs.indicator.shift
    assert signs.shifted.workspace.values[uz, f] == pytest.approx(ws.values[uz, f] + step)
    # news moves every analyst's value, their own included (incentives gives UZ's), unlike
    # --set, which edits the profile only
    before = [a.view.values[uz, f] for a in ws.panel.analysts]
    after = [a.view.values[uz, f] for a in signs.shifted.workspace.panel.analysts]
    assert after == pytest.approx([x + step for x in before])
    assert ws.panel.analysts[0].owns_value("UZ", "us_engagement")
    assert signs.shifted.probability[uz] > sp.ranking.probability[uz]


def test_an_indicator_naming_an_unknown_factor_or_country_is_an_error(tmp_path):
    model = tiny.MODEL + (
        "indicators:\n"
        "  typo:\n"
        "    text: t\n"
        "    factor: aa\n"
        "    countries: [X, W]\n"
        "    direction: up\n"
    )
    root = tiny.write(tmp_path / "t", model=model)
    with pytest.raises(WorkspaceError, match="unknown factor 'aa'") as caught:
        scenarios.load_workspace(root)
    lines = [str(problem) for problem in caught.value.problems]
    assert lines == [
        f"{root}/model.yaml:15:13: indicator 'typo' names unknown factor 'aa' (did you mean 'a'?)",
        f"{root}/model.yaml:16:20: indicator 'typo' names unknown country 'W' "
        "(expected one of: X, Y, Z)",
    ]


def test_the_bundled_indicators_cite_the_seed():
    ws = scenarios.load_workspace("central-asia")
    assert len(ws.model.indicators) >= 4
    for indicator in ws.model.indicators.values():
        assert any(s.startswith("seed §") for s in indicator.sources)
