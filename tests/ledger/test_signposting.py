"""Signposts: the value at which a country moves one rank, by hand for both aggregations, then
checked by applying the change and ranking again; and the indicators of model.yaml."""

import math

import numpy as np
import pandas as pd
import pytest

import scenarios
from scenarios.analyses import scoring
from scenarios.core.errors import WorkspaceError
from scenarios.core.writers import to_csv
from scenarios.ledger.signposting import WAYS, indicator_way, signposts

from .. import tiny

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
    from scenarios.ledger.signposting import Move

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
    # without a shift: where X's a, falling, would cost it its rank: at 4.5 X only draws level
    # with Y (and keeps the rank tied countries share), so the value printed is past it, 4.4
    x = frame.loc[("unsized", "X")]
    assert x["rank_changes_at"] == pytest.approx(4.4) and np.isnan(x["new_probability"])
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


# --- every printed threshold, tried with --set ------------------------------------------------

TWO_ANALYSTS = {
    "ann": "analyst: Ann\nvalues:\n  UZ:\n    us_engagement: {value: 8, low: 7, high: 9}\n",
    "bob": "analyst: Bob\nvalues:\n  KG:\n    religious_resistance: {value: 5, low: 4, high: 7}\n",
}


def bundled_copy(tmp_path, name, analysts=None):
    """A copy of the bundled workspace without its panel/ (if it has one), or with these
    analysts as its panel."""
    import shutil

    from scenarios.workspace.find import bundled_root

    root = tmp_path / name
    shutil.copytree(bundled_root() / name, root, ignore=shutil.ignore_patterns("panel"))
    if analysts is not None:
        (root / "panel").mkdir()
        for analyst, text in analysts.items():
            (root / "panel" / f"{analyst}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(
    params=[
        "central-asia",
        "central-asia without a panel",
        "central-asia with a panel",
        "abraham-2020",
    ]
)
def bundled(request, tmp_path):
    """The bundled workspaces as they are, and central-asia with and without a panel."""
    if request.param == "central-asia without a panel":
        return scenarios.load_workspace(bundled_copy(tmp_path, "central-asia"))
    if request.param == "central-asia with a panel":
        ws = scenarios.load_workspace(bundled_copy(tmp_path, "central-asia", TWO_ANALYSTS))
        assert ws.panel is not None and len(ws.panel.analysts) == 2
        return ws
    return scenarios.load_workspace(request.param)


def printed_thresholds(ws):
    """(country id, factor, way, other's id, value as printed) of every threshold that
    `scenarios signposts` prints: in the table (both signpost tables), and in -f csv and json."""
    import io
    import json
    import re

    from typer.testing import CliRunner

    from scenarios.cli.app import app

    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})

    def run(*args):
        result = runner.invoke(app, ["signposts", "-w", str(ws.root), *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    ids = {p.name: p.id for p in ws.profiles} | {cid: cid for cid in ws.country_ids}
    found = set()
    # the table: "Country  ↑ passes Other  factor  old → new*", the country named once a pair
    first = re.compile(r"^(\S.*?)\s+[↑↓] ")
    row = re.compile(r"^.*?[↑↓] (passes|behind) (.+?)\s{2,}(\w+)\s+\S+ → ([\d.]+)\*?$")
    # an indicator without a shift: "Country  value  rank  9.2 (↓ behind TJ)"
    at = re.compile(r"^(.+?)\s{2,}.*\s([\d.]+) \(([↑↓]) (passes|behind) (\w+)\)$")
    head = re.compile(r"^\w+ · (\w+) (up|down)")
    country = factor = None
    text = run()
    signs, _, watch = text.partition("Indicators to watch")
    for line in signs.splitlines():
        if m := first.match(line):
            country = ids[m[1]]
        if m := row.match(line):
            way = "up" if m[1] == "passes" else "down"
            found.add((country, m[3], way, ids[m[2]], m[4]))
    # every row with a value was read (a row the pattern missed would go untried)
    assert len(found) == sum(
        " → " in line and bool(re.search("[↑↓]", line)) for line in signs.splitlines()
    )
    for line in watch.splitlines():
        if m := head.match(line):
            factor = m[1]
        elif m := at.match(line):
            way = "up" if m[3] == "↑" else "down"
            found.add((ids[m[1]], factor, way, m[5], m[2]))
    table = len(found)
    assert table >= 4
    # csv: the signposts, every threshold, and the indicators' values where the rank moves
    sections = {
        name: pd.read_csv(
            io.StringIO(run("-f", "csv", "--table", name)), dtype=str, keep_default_na=False
        )
        for name in ("signposts", "signpost_thresholds", "indicators")
    }
    for r in sections["signposts"].itertuples():
        ends = [("up", r.up_other, r.up_factor, r.up_to)]
        ends += [("down", r.down_other, r.down_factor, r.down_to)]
        for way, other, fac, to in ends:
            if to:
                found.add((r.id, fac, way, other, to))
    for r in sections["signpost_thresholds"].itertuples():
        if r.pass_at:
            found.add((r.id, r.factor, "up", r.passes, r.pass_at))
        if r.fall_at:
            found.add((r.id, r.factor, "down", r.falls_behind, r.fall_at))
    sp = signposts(scoring.rank(ws))
    indicators = sections["indicators"]
    for r in indicators[indicators["rank_changes_at"] != ""].itertuples():
        way = indicator_way(ws, ws.model.indicators[r.indicator])
        other = sp.neighbours[ws.country_ids.index(r.id), WAYS.index(way)]
        found.add((r.id, r.factor, way, ws.country_ids[other], r.rank_changes_at))
    csv = len(found)
    # json: the same tables, each number as json writes it
    tables = json.loads(run("-f", "json"))["tables"]
    for r in tables["signpost_thresholds"]:
        ends = [("up", r["passes"], r["pass_at"]), ("down", r["falls_behind"], r["fall_at"])]
        for way, other, value in ends:
            if value is not None:
                found.add((r["id"], r["factor"], way, other, f"{value:g}"))
    assert len(found) == csv  # json prints the numbers csv prints
    return found, table


@pytest.mark.slow
def test_every_printed_threshold_moves_the_rank_it_says_with_set(bundled):
    """Each threshold signposts prints, set with --set as printed: the country passes (or
    draws level with) the country it says it passes, or falls behind the one it says, and
    moves one rank, no further; the value printed is rounded outward, past the threshold."""
    ws = bundled
    before = scenarios.rank(ws)
    tol = 1e-9
    found, table = printed_thresholds(ws)
    assert table < len(found)  # the csv adds every factor's threshold
    for cid, factor, way, other, printed in sorted(found):
        i, j = ws.country_ids.index(cid), ws.country_ids.index(other)
        after = scenarios.rank(ws, sets=[f"{cid}.{factor}={printed}"])
        s, s_other = after.scores[i], before.scores[j]
        others = [k for k in range(len(ws.country_ids)) if k != i]
        above = {k for k in others if after.scores[k] > s + tol}
        case = (cid, factor, way, other, printed)
        if way == "up":
            assert s >= s_other - tol and after.ranks[i] < before.ranks[i], case
            # one rank: only the countries above the one passed stay above
            assert above == {k for k in others if before.scores[k] > s_other + tol}, case
        else:
            assert s < s_other - tol and after.ranks[i] > before.ranks[i], case
            assert above == {k for k in others if before.scores[k] >= s_other - tol}, case


def test_an_indicators_probabilities_take_their_own_intervals_precision(tmp_path):
    import io
    from dataclasses import replace

    from rich.console import Console

    from scenarios.cli import render

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
    )
    sp = scenarios.signposts(scenarios.load_workspace(tiny.write(tmp_path / "t", model=model)))
    (boost,) = sp.indicators
    assert boost.shifted is not None

    def by_hand(ranking: scoring.Ranking, p: float, low: float, high: float) -> scoring.Ranking:
        probability = np.array(ranking.probability, dtype=float)
        lows, highs = np.array(probability), np.array(probability)
        probability[Z], lows[Z], highs[Z] = p, low, high
        return replace(ranking, probability=probability, interval=(lows, highs))

    # Z before: an interval 2 points wide (step 0.1): 4.72% shows as 4.7%, almost no chance;
    # after: 30 points wide (step 1): 24.12% shows as 24%, unlikely; the change keeps its decimal
    shifted = by_hand(boost.shifted, 0.2412, 0.10, 0.40)
    sp = replace(
        sp,
        ranking=by_hand(sp.ranking, 0.0472, 0.04, 0.06),
        indicators=(replace(boost, shifted=shifted),),
    )
    console = Console(file=io.StringIO(), width=80, color_system=None)
    for part in render.signposts(sp):
        console.print(part)
    out = console.file.getvalue()
    assert all(len(line) <= 80 for line in out.splitlines())
    row = next(line for line in out.splitlines() if line.startswith("Zland") and "8 → 3" in line)
    assert row.split()[-5:] == ["4.7", "→", "24%", "+19.4", "pts"]
    assert "if it happened: Zland unlikely (was almost no chance)." in " ".join(out.split())
