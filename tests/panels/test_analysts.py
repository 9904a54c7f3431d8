"""A panel of analysts (panel.py, disagreement.py, sheet.py): every number by hand.

The workspace is tiny.py's (weights a 0.4, b 0.4, c 0.2; X 0.74, Y 0.60, Z 0.16), with a link
p = logistic(−1 + 2·score) over one year, so probabilities can be computed by hand too.
Three analysts disagree on Z's factor a: ann 9 (7–10), bob leaves it to the profile (2), cat 5
(4–6). Sorted: 2, 5, 9. Z's score is 0.04·a + 0.08 (0.4·a/10 + 0.4·0.2 + 0.2·0).
"""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import scenarios
from scenarios.analyses import robustness as sa
from scenarios.cli.app import app
from scenarios.core.errors import OptionError, OutputError, WorkspaceError
from scenarios.panels.analysts import average_ranks, combine, pool, swing_weights, weighted_spearman
from scenarios.panels.disagreement import summarize

from .. import tiny

BUNDLED = Path(scenarios.__file__).parents[2] / "scenarios"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
LINK = "horizon_years: 1\nlink: {slope: 2, intercept: -1}\n"
ANN = "analyst: Ann\nnote: reads Z's a high\nvalues:\n  Z:\n    a: {value: 9, low: 7, high: 10}\n"
# Bob agrees with the profiles; he says so for one cell (Y.c, the profile's 10), so his sheet
# counts (a sheet that gives nothing of its own is not counted yet)
BOB = "analyst: Bob\nvalues:\n  Y:\n    c: 10\n"
CAT = "analyst: Cat\nvalues:\n  Z:\n    a: {value: 5, low: 4, high: 6}\n"


def logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def z_score(a: float) -> float:
    return 0.04 * a + 0.08


def write(root: Path, analysts: dict[str, str], model: str = tiny.MODEL + LINK, **kw) -> Path:
    tiny.write(root, model=model, **kw)
    (root / "panel").mkdir(exist_ok=True)
    for name, text in analysts.items():
        (root / "panel" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def with_rule(rule: str) -> str:
    return tiny.MODEL + LINK + f"panel:\n  aggregate: {rule}\n"


@pytest.fixture
def three(tmp_path):
    return write(tmp_path / "three", {"ann": ANN, "bob": BOB, "cat": CAT})


# --- the kernels ------------------------------------------------------------------------------


def test_combine_by_hand():
    x = np.array([9.0, 2.0, 5.0])
    equal = np.full(3, 1 / 3)
    assert combine(x, equal, "mean") == pytest.approx(16 / 3)
    assert combine(x, equal, "median") == pytest.approx(5)
    # 20% of the weight off each end: 2 keeps 1/3 − 0.2, 5 all of 1/3, 9 keeps 1/3 − 0.2
    assert combine(x, equal, "trimmed_mean", 0.2) == pytest.approx(
        (2 * 2 / 15 + 5 * 5 / 15 + 9 * 2 / 15) / 0.6
    )
    assert combine(x, equal, "trimmed_mean", 0.0) == pytest.approx(16 / 3)
    # four analysts: the median is the midpoint of the middle two
    assert combine(np.array([1.0, 7, 3, 4]), np.full(4, 0.25), "median") == 3.5
    # weights: 9 has 60% of the weight, so it is the median; the mean moves towards it
    w = np.array([0.6, 0.2, 0.2])
    assert combine(x, w, "median") == 9
    assert combine(x, w, "mean") == pytest.approx(0.6 * 9 + 0.2 * 2 + 0.2 * 5)
    # a trim of 25% cuts all of 2 and 5 (cumulative 0.2, 0.4) except 0.15 of 5, and 0.25 of 9
    assert combine(x, w, "trimmed_mean", 0.25) == pytest.approx((5 * 0.15 + 9 * 0.35) / 0.5)
    # element-wise over cells
    cells = np.array([[1.0, 4.0], [3.0, 0.0], [2.0, 8.0]])
    np.testing.assert_allclose(combine(cells, equal, "median"), [2.0, 4.0])


def test_pool_by_hand():
    p = np.array([0.2, 0.5, 0.8])
    equal = np.full(3, 1 / 3)
    assert pool(p, equal, "linear_pool") == pytest.approx(0.5)
    p = np.array([0.1, 0.4])
    w = np.array([0.5, 0.5])
    logit = (math.log(0.1 / 0.9) + math.log(0.4 / 0.6)) / 2
    assert pool(p, w, "log_odds") == pytest.approx(logistic(logit))
    assert pool(p, w, "log_odds", 2.0) == pytest.approx(logistic(2 * logit))
    # extremizing pushes away from ½, on both sides
    assert pool(np.array([0.7, 0.8]), w, "log_odds", 2.0) > 0.8
    # a certain analyst dominates the log-odds but does not overflow
    assert 0.99 < pool(np.array([1.0, 0.5]), w, "log_odds") < 1.0


def test_swing_weights_by_hand():
    np.testing.assert_allclose(swing_weights([100, 50, 50]), [0.5, 0.25, 0.25])
    np.testing.assert_allclose(swing_weights([100, 80, 20, 0]), [0.5, 0.4, 0.1, 0.0])


def test_weighted_spearman_by_hand():
    same = np.array([1.0, 2.0, 3.0])
    assert weighted_spearman(same, same) == 1.0
    assert weighted_spearman(same, same[::-1]) == -1.0
    # 1 and 2 swapped: 1 − 6·[1·(3 + 2) + 1·(2 + 3)] / (81 + 27 − 9 − 3) = 1 − 60/96
    assert weighted_spearman(same, np.array([2.0, 1.0, 3.0])) == pytest.approx(0.375)
    # 2 and 3 swapped (lower down) costs less: 1 − 6·[1·(2 + 1) + 1·(1 + 2)] / 96
    assert weighted_spearman(same, np.array([1.0, 3.0, 2.0])) == pytest.approx(0.625)


def test_average_ranks_share_ties():
    np.testing.assert_allclose(average_ranks(np.array([0.5, 0.9, 0.5, 0.1])), [2.5, 1, 2.5, 4])


# --- aggregation on a workspace, by hand, for each rule ---------------------------------------


@pytest.mark.parametrize(
    ("rule", "value", "low", "high"),
    [
        ("{values: mean}", 16 / 3, (7 + 1 + 4) / 3, (10 + 3 + 6) / 3),
        ("{values: median}", 5, 4, 6),
        # sorted 2, 5, 9 with 2/15, 5/15, 2/15 of the weight kept, over 0.6: lows 1, 4, 7 and
        # highs 3, 6, 10 likewise, (1·2 + 4·5 + 7·2)/9 and (3·2 + 6·5 + 10·2)/9
        ("{values: trimmed_mean, trim: 0.2}", 47 / 9, 4, 56 / 9),
        ("{values: mean, uncertainty: widen}", 16 / 3, 1, 10),
    ],
)
def test_values_combine_by_each_rule(tmp_path, rule, value, low, high):
    """bob's range for Z.a is the profile's default: 2 ± 1 (medium confidence)."""
    root = write(tmp_path / "ws", {"ann": ANN, "bob": BOB, "cat": CAT}, model=with_rule(rule))
    ws = scenarios.load_workspace(root)
    z = ws.country_ids.index("Z")
    assert ws.values[z, 0] == pytest.approx(value)
    assert ws.ranges[0][z, 0] == pytest.approx(low)
    assert ws.ranges[1][z, 0] == pytest.approx(high)
    # the cells nobody disagrees on are the profiles'
    np.testing.assert_array_equal(np.delete(ws.values.ravel(), z * 3), [8, 2, 5, 5, 5, 10, 8, 0])
    ranking = scenarios.rank(ws)
    assert ranking.scores[z] == pytest.approx(z_score(value))
    assert ranking.scores[ws.country_ids.index("X")] == pytest.approx(0.74)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("{probabilities: linear_pool}", lambda ps, ls: sum(ps) / 3),
        ("{probabilities: log_odds}", lambda ps, ls: logistic(sum(ls) / 3)),
        ("{probabilities: log_odds, extremize: 2}", lambda ps, ls: logistic(2 * sum(ls) / 3)),
    ],
)
def test_probabilities_pool_by_each_rule(tmp_path, rule, expected):
    root = write(tmp_path / "ws", {"ann": ANN, "bob": BOB, "cat": CAT}, model=with_rule(rule))
    ranking = scenarios.rank(root)
    z = ranking.ids.index("Z")
    # each analyst's own Z score (the aggregate's weights are everyone's: model.yaml's)
    logits = [-1 + 2 * z_score(a) for a in (9, 2, 5)]
    ps = [logistic(x) for x in logits]
    assert ranking.probability[z] == pytest.approx(expected(ps, logits))
    # X: everyone agrees, so the pool is the link's probability of 0.74 (extremized or not)
    x = -1 + 2 * 0.74
    assert ranking.probability[ranking.ids.index("X")] == pytest.approx(
        expected([logistic(x)] * 3, [x] * 3)
    )
    assert np.isnan(ranking.probability[ranking.ids.index("Y")])  # joined


def test_weights_combine_by_the_rule(tmp_path):
    """ann: swing c 100, a 50, b 50 → (0.25, 0.25, 0.5); bob: model.yaml (0.4, 0.4, 0.2);
    cat: typed, group g2 weight 3 → raw (2·1, 2·1, 3·1)/7."""
    swing = "analyst: Ann\nswing:\n  - {factor: c, rating: 100}\n  - {factor: a, rating: 50}\n"
    swing += "  - {factor: b, rating: 50}\n"
    typed = "analyst: Cat\nweights:\n  groups: {g2: 3}\n"
    root = write(tmp_path / "ws", {"ann": swing, "bob": BOB, "cat": typed})
    ws = scenarios.load_workspace(root)
    views = np.array([[0.25, 0.25, 0.5], [0.4, 0.4, 0.2], [2 / 7, 2 / 7, 3 / 7]])
    np.testing.assert_allclose(ws.panel.effective_weights, views)
    np.testing.assert_allclose(ws.weights, views.mean(axis=0))
    median = scenarios.load_workspace(
        write(tmp_path / "m", {}, model=with_rule("{values: median}"))
    )
    assert median.panel is None  # an empty panel/ folder is no panel
    root_m = write(
        tmp_path / "med",
        {"ann": swing, "bob": BOB, "cat": typed},
        model=with_rule("{values: median}"),
    )
    m = scenarios.load_workspace(root_m)
    raw = np.array([2 / 7, 2 / 7, 3 / 7])  # the median of each column, then renormalised
    np.testing.assert_allclose(m.weights, raw / raw.sum())
    # the derived swing weights, largest swing first, as `scenarios panel` shows them
    assert ws.panel.analysts[0].swing() == [("c", 100, 0.5), ("a", 50, 0.25), ("b", 50, 0.25)]
    # and ann's view holds them in model.yaml's units: each raw weight (factor × group) is her
    # share of model.yaml's total raw weight, 2·1 + 2·1 + 1·1 = 5
    model = ws.panel.analysts[0].view.model
    raw = [model.factors[f].weight * model.groups[model.factors[f].group].weight for f in "abc"]
    np.testing.assert_allclose(raw, [1.25, 1.25, 2.5])


def test_analysts_weigh_by_their_track_records(tmp_path):
    """The backtest: tiny's countries resolved (Y joined in 2020, X and Z did not), the same
    link. ann raises Y's a to 9, bob lowers it to 1; cat has not scored it."""
    profiles = dict(tiny.PROFILES)
    for key in ("x", "z"):
        profiles[key] = profiles[key].replace(
            "factors:", "status: {state: not_joined, as_of: 2021-06-30}\nfactors:"
        )
    event = "event: {definition: joins, as_of: 2019-12-31}\n"
    bt = tmp_path / "bt"
    write(
        bt,
        {
            "ann": "analyst: Ann\nvalues: {Y: {a: 9}}\n",
            "bob": "analyst: Bob\nvalues: {Y: {a: 1}}\n",
        },
        model=tiny.MODEL + LINK + event,
        profiles=profiles,
    )
    model = with_rule("{analysts: performance}") + "  track_record: ../bt\n"
    ws = scenarios.load_workspace(
        write(tmp_path / "ws", {"ann": ANN, "bob": BOB, "cat": CAT}, model)
    )
    px, pz = logistic(-1 + 2 * 0.74), logistic(-1 + 2 * 0.16)

    def brier(y_score: float) -> float:
        return (px**2 + (1 - logistic(-1 + 2 * y_score)) ** 2 + pz**2) / 3

    b_ann, b_bob = brier(0.04 * 9 + 0.4), brier(0.04 * 1 + 0.4)
    raw = np.array([1 / b_ann, 1 / b_bob, (1 / b_ann + 1 / b_bob) / 2])  # cat: the mean
    np.testing.assert_allclose(ws.panel.weights, raw / raw.sum())
    assert "cat" in ws.panel.basis
    record = ws.panel.record
    assert record.analysts == ("ann", "bob") and record.missing == ("cat",)
    np.testing.assert_allclose(record.brier, [b_ann, b_bob])
    # the weights reach the aggregate: Z's a is their weighted mean
    z = ws.country_ids.index("Z")
    assert ws.values[z, 0] == pytest.approx((raw / raw.sum()) @ [9, 2, 5])
    summary = scenarios.panel(ws, calibration=True)
    frame = summary.calibration_frame()
    assert list(frame.index) == ["ann", "bob", "pool", "profiles"]
    assert frame.loc["ann", "brier"] == pytest.approx(b_ann)
    assert frame.loc["profiles", "brier"] == pytest.approx(brier(0.6))
    shown = " ".join(CliRunner(env=ENV).invoke(app, ["panel", "-w", str(ws.root)]).stdout.split())
    assert "The performance weights rest on 3 outcomes (1 event), a small sample" in shown
    # log loss: −mean log p(outcome)
    ann_loss = -(math.log(1 - px) + math.log(logistic(-1 + 2 * 0.76)) + math.log(1 - pz)) / 3
    assert frame.loc["ann", "log_loss"] == pytest.approx(ann_loss)


def test_performance_weights_need_a_record(tmp_path):
    model = with_rule("{analysts: performance}") + "  track_record: ../bt\n"
    shutil.copytree(tiny.write(tmp_path / "bt0"), tmp_path / "bt")
    (tmp_path / "bt" / "model.yaml").write_text(
        tiny.MODEL + LINK + "event: {definition: joins, as_of: 2019-12-31}\n", encoding="utf-8"
    )
    profiles = tmp_path / "bt" / "profiles"
    for key in ("x", "z"):
        text = (
            (profiles / f"{key}.yaml")
            .read_text()
            .replace("factors:", "status: {state: not_joined, as_of: 2021-06-30}\nfactors:")
        )
        (profiles / f"{key}.yaml").write_text(text)
    root = write(tmp_path / "ws", {"ann": ANN}, model)
    with pytest.raises(
        WorkspaceError, match=r"no analyst of the panel has scored bt \(add "
    ) as exc:
        scenarios.load_workspace(root)
    problem = exc.value.problems[0]
    # "  aggregate: {analysts: performance}" on line 15, after tiny's 11 lines and the link's 2
    assert (problem.file.name, problem.line, problem.column) == ("model.yaml", 15, 25)


# --- one analyst is the plain workspace -------------------------------------------------------


def test_scenarios_panel_is_the_api_function():
    """The module is scenarios/analysts.py, so that `scenarios.panel` stays the function of
    `scenarios panel` (a submodule named panel would replace it once imported)."""
    import sys

    assert callable(scenarios.panel) and scenarios.panel is scenarios.api.panel
    assert sys.modules["scenarios.panels.analysts"].combine is combine


NOT_COUNTED = "analyst '{}' is not counted yet: the sheet gives no value and no weight of its own"


def test_a_blank_sheet_is_not_counted(tmp_path):
    root = write(tmp_path / "ws", {})
    plain = scenarios.rank(root)
    scenarios.panel_init("ann", root)
    ws = scenarios.load_workspace(root)
    assert ws.panel is None  # the only sheet is blank: no panel yet
    ranked = scenarios.rank(ws)
    np.testing.assert_array_equal(ranked.scores, plain.scores)
    np.testing.assert_array_equal(ranked.probability, plain.probability)
    np.testing.assert_array_equal(ranked.interval, plain.interval)
    warned = scenarios.validate(ws).warnings
    assert [w.message for w in warned][-1] == NOT_COUNTED.format("ann")
    assert warned[-1].file == root / "panel" / "ann.yaml"


def test_a_blank_sheet_beside_filled_ones_moves_nothing(three, tmp_path):
    before = scenarios.rank(three)
    scenarios.panel_init("dee", three)
    ws = scenarios.load_workspace(three)
    assert ws.panel.ids == ("ann", "bob", "cat")
    after = scenarios.rank(ws)
    np.testing.assert_array_equal(after.scores, before.scores)
    np.testing.assert_array_equal(after.probability, before.probability)
    assert NOT_COUNTED.format("dee") in [w.message for w in scenarios.validate(ws).warnings]
    # one filled cell, and the sheet counts: (9 + 2 + 5 + 3) / 4 for Z.a
    text = (three / "panel" / "dee.yaml").read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n  Z:")
    (three / "panel" / "dee.yaml").write_text(
        head + sep + rest.replace("\n    a:\n", "\n    a: 3\n", 1)
    )
    ws = scenarios.load_workspace(three)
    assert ws.panel.ids == ("ann", "bob", "cat", "dee")
    assert ws.values[ws.country_ids.index("Z"), 0] == pytest.approx(19 / 4)


def test_one_analyst_equals_the_plain_workspace_holding_their_numbers(tmp_path):
    """ann: Z's a is 9 (7–10) and swing weights (0.25, 0.25, 0.5); the plain workspace holds
    the same value in Z's profile and weights a 1, b 1 (group 1) and c 2 (group 1)."""
    swing = ANN + "swing:\n  - {factor: c, rating: 100}\n  - {factor: a, rating: 50}\n"
    swing += "  - {factor: b, rating: 50}\n"
    with_panel = write(tmp_path / "panel", {"ann": swing})
    profiles = dict(tiny.PROFILES)
    profiles["z"] = profiles["z"].replace("  a: 2", "  a: {value: 9, low: 7, high: 10}")
    model = (
        tiny.MODEL.replace("weight: 2}", "weight: 1}").replace("g2, weight: 1", "g2, weight: 2")
        + LINK
    )
    plain = tiny.write(tmp_path / "plain", model=model, profiles=profiles)
    a, b = scenarios.load_workspace(with_panel), scenarios.load_workspace(plain)
    np.testing.assert_allclose(a.weights, [0.25, 0.25, 0.5])
    np.testing.assert_allclose(a.weights, b.weights)
    np.testing.assert_array_equal(a.values, b.values)
    for side in (0, 1):
        np.testing.assert_array_equal(a.ranges[side], b.ranges[side])
    ra, rb = scenarios.rank(a), scenarios.rank(b)
    np.testing.assert_allclose(ra.scores, rb.scores)
    np.testing.assert_allclose(ra.probability, rb.probability)
    settings = {"samples": 2000, "seed": 3}
    ma = scenarios.sensitivity(a, ["mc"], **settings).monte_carlo
    mb = scenarios.sensitivity(b, ["mc"], **settings).monte_carlo
    np.testing.assert_allclose(ma.acceptability, mb.acceptability)
    np.testing.assert_allclose(ma.mean, mb.mean)


# --- the Monte Carlo as a linear opinion pool -------------------------------------------------


def test_opinion_pool_monte_carlo_matches_a_direct_simulation(tmp_path):
    """ann weighs c most and reads Z's a as 9 (7–10); bob is the profiles and model.yaml. With
    `pool`, each sample draws one of them; simulated here directly, analyst by analyst, with
    numpy's own Dirichlet and triangular draws."""
    swing = ANN + "swing:\n  - {factor: c, rating: 100}\n  - {factor: a, rating: 50}\n"
    swing += "  - {factor: b, rating: 50}\n"
    ws = scenarios.load_workspace(write(tmp_path / "ws", {"ann": swing, "bob": BOB}))
    n = 40_000
    mc = sa.monte_carlo(ws, settings=sa.MonteCarloSettings(samples=n, seed=11))
    rng = np.random.default_rng(5)
    who = rng.random(n) < 0.5
    scores = np.empty((n, 3))
    for a, analyst in enumerate(ws.panel.analysts):
        view = analyst.view
        mine = who if a == 0 else ~who
        k = int(mine.sum())
        weights = rng.dirichlet(100 * view.weights, size=k)
        low, high = view.ranges
        values = rng.triangular(low, view.values, high, size=(k, *view.values.shape))
        u = (values / 10) * (view.directions > 0) + (1 - values / 10) * (view.directions < 0)
        scores[mine] = np.einsum("kcf,kf->kc", u, weights)
    first = np.bincount(scores.argmax(axis=1), minlength=3) / n
    se = np.sqrt(
        first * (1 - first) / n + mc.acceptability[:, 0] * (1 - mc.acceptability[:, 0]) / n
    )
    assert np.all(np.abs(mc.acceptability[:, 0] - first) < 4 * se + 1e-9)
    np.testing.assert_allclose(
        mc.mean, scores.mean(axis=0), atol=4 * scores.std(axis=0).max() / math.sqrt(n) * 2
    )
    # and it is the mixture of the analysts' own Monte Carlos, half each
    own = [
        sa.monte_carlo(a.view, settings=sa.MonteCarloSettings(samples=n, seed=12))
        for a in ws.panel.analysts
    ]
    mixture = (own[0].acceptability + own[1].acceptability) / 2
    assert np.abs(mc.acceptability - mixture).max() < 0.02
    # with `widen` there is no pool: the aggregate's ranges cover both analysts
    widened = scenarios.load_workspace(
        write(tmp_path / "w", {"ann": swing, "bob": BOB}, model=with_rule("{uncertainty: widen}"))
    )
    z = widened.country_ids.index("Z")
    assert (widened.ranges[0][z, 0], widened.ranges[1][z, 0]) == (1.0, 10.0)


# --- changes of one run reach every analyst ---------------------------------------------------


def test_set_and_whatif_change_every_analyst(three):
    whatif = "title: Lift\nvalues: [{factor: a, countries: [Z], shift: 1}]\n"
    (three / "whatif").mkdir()
    (three / "whatif" / "lift.yaml").write_text(whatif, encoding="utf-8")
    ws = scenarios.prepare(three, whatifs=["lift"])
    z = ws.country_ids.index("Z")
    assert ws.values[z, 0] == pytest.approx(16 / 3 + 1)  # the mean moved with everyone
    assert [a.view.values[z, 0] for a in ws.panel.analysts] == [10, 3, 6]  # ann's 9 + 1 capped
    assert tuple(map(str, ws.changes)) == ("--whatif lift",)
    y = ws.country_ids.index("Y")
    fixed = scenarios.prepare(three, sets=["Y.a=5.5"])  # no analyst gives Y.a: all follow
    assert fixed.values[y, 0] == 5.5 and fixed.panel.values[:, y, 0].tolist() == [5.5] * 3
    # --set edits the profile: ann's 9 and cat's 5 are their own, bob's follows the profile
    edited = scenarios.prepare(three, sets=["Z.a=4"])
    assert edited.panel.values[:, z, 0].tolist() == [9, 4, 5]
    assert edited.values[z, 0] == pytest.approx(18 / 3)


def test_a_value_set_outside_the_profiles_range_moves_it(three):
    """Z.a = 5 edits the profile, whose 2 ± 1 (the default half-width) moves with it to 4–6;
    ann's and cat's own values and ranges stay, as an edit of the profile would leave them."""
    ws = scenarios.prepare(three, sets=["Z.a=5"])
    z = ws.country_ids.index("Z")
    ann, bob, cat = (a.view for a in ws.panel.analysts)
    assert (ann.entry("Z", "a").value, ann.entry("Z", "a").low, ann.entry("Z", "a").high) == (
        9,
        7,
        10,
    )
    assert (bob.values[z, 0], bob.ranges[0][z, 0], bob.ranges[1][z, 0]) == (5, 4, 6)
    assert (cat.entry("Z", "a").low, cat.entry("Z", "a").high) == (4, 6)
    assert ws.values[z, 0] == pytest.approx(19 / 3)
    assert [str(n) for n in ws.notes] == [
        "--set Z.a=5 is outside its range 1–3; the range moves with it to 4–6"
    ]
    # outside the scale: one line naming the option, not an analyst's file
    with pytest.raises(
        OptionError, match=r"^sets=\['Z.a=10.5'\]: 10.5 is outside the scale"
    ) as exc:
        scenarios.prepare(three, sets=["Z.a=10.5"])
    assert exc.value.problems[0].file is None


def test_panel_aggregate_for_one_run(three):
    ws = scenarios.prepare(three, panel_aggregate=["values=median"])
    z = ws.country_ids.index("Z")
    assert ws.values[z, 0] == 5
    assert tuple(map(str, ws.changes)) == ("--panel-aggregate values=median",)
    same = scenarios.prepare(three, panel_aggregate={"probabilities": "log_odds", "extremize": 2})
    assert (same.panel.rule.probabilities, same.panel.rule.extremize) == ("log_odds", 2)
    with pytest.raises(OptionError, match=r"values=medain: .*\(did you mean 'median'\?\)"):
        scenarios.prepare(three, panel_aggregate=["values=medain"])
    with pytest.raises(
        OptionError, match=r"unknown setting 'extremise' \(did you mean 'extremize'"
    ):
        scenarios.prepare(three, panel_aggregate=["extremise=2"])
    with pytest.raises(OptionError, match=r"extremize applies to probabilities: log_odds only"):
        scenarios.prepare(three, panel_aggregate=["extremize=2"])
    with pytest.raises(OptionError, match=r"has no panel"):
        scenarios.prepare(tiny.write(three.parent / "none"), panel_aggregate=["values=median"])


# --- what `scenarios panel` shows -------------------------------------------------------------


def test_summary_by_hand(three):
    result = summarize(scenarios.load_workspace(three))
    z = result.workspace.country_ids.index("Z")
    (cell,) = result.cells  # the one cell they disagree on
    assert (cell.country, cell.factor) == (z, 0)
    assert (cell.low, cell.high, cell.aggregate) == (2, 9, pytest.approx(16 / 3))
    assert result.panel.ids[cell.furthest] == "ann"  # 9 is 3.67 from the mean; 2 is 3.33
    assert cell.swing == pytest.approx(z_score(9) - z_score(2))
    assert cell.swaps == ()  # Z stays last: 0.44 < 0.60, 0.74
    np.testing.assert_allclose(result.scores[:, z], [z_score(9), z_score(2), z_score(5)])
    np.testing.assert_array_equal(result.agreement, [1.0, 1.0, 1.0])
    frame = result.cells_frame()
    assert frame.loc[("Z", "a"), "range"] == 7
    # weighted quartiles as the median is taken: where a third of the weight each puts them
    assert frame.loc[("Z", "a"), "iqr"] == 7
    assert frame.loc[("Z", "a"), "value_cat"] == 5


def test_a_disagreement_that_reorders_comes_first(tmp_path):
    """dan puts X's a at 2: X then scores 0.50, below Y (0.60); with bob's 8 the mean (5) gives
    X 0.62, still first."""
    dan = "analyst: Dan\nvalues: {X: {a: 2}}\n"
    result = summarize(scenarios.load_workspace(write(tmp_path / "ws", {"dan": dan, "bob": BOB})))
    first = result.cells[0]
    assert result.workspace.country_ids[first.country] == "X"
    assert first.swaps == (("X", "Y"),)
    # dan's own ranking swaps the first two: r_W = 1 − 6·[1·(3 + 2) + 1·(2 + 3)] / 96
    assert result.agreement[result.panel.ids.index("dan")] == pytest.approx(0.375)


def test_critical_weights_say_no_single_edit_of_model_yaml_moves_a_panel(tmp_path):
    swing = "analyst: Ann\nswing:\n  - {factor: c, rating: 100}\n  - {factor: a, rating: 50}\n"
    swing += "  - {factor: b, rating: 50}\n"
    ws = scenarios.load_workspace(write(tmp_path / "ws", {"ann": swing, "bob": BOB}))
    frame = sa.critical_weights(ws).to_frame()
    assert frame["increase_file_weight"].isna().all()


# --- the blank sheet ---------------------------------------------------------------------------


def test_the_sheet_has_every_cell_the_evidence_and_nobody_s_values(three):
    text = (three / "sheet.yaml").read_text() if (three / "sheet.yaml").exists() else ""
    assert text == ""
    path = scenarios.panel_init("dee", three, output=three / "sheet.yaml")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines.count("    a:") == 3 and lines.count("    c:") == 3 and text.count("\n  X:") == 1
    assert "# source: s1" in text  # X's evidence, beside its cells
    assert "reads Z's a high" not in text and "value: 9" not in text  # nobody's values
    cells = text.split("\nvalues:\n")[1].split("# Your weights")[0]
    lines = [
        line for line in cells.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    assert len(lines) == 3 + 9 and all(line.split("#")[0].rstrip().endswith(":") for line in lines)
    # it loads as it is: blank cells fall back to the profiles
    shutil.copy(path, three / "panel" / "dee.yaml")
    ws = scenarios.load_workspace(three)
    assert ws.panel.ids == ("ann", "bob", "cat")  # a blank sheet is not counted yet
    with pytest.raises(OutputError, match="already exists"):
        scenarios.panel_init("dee", three)
    with pytest.raises(OptionError, match="the name is the analyst's id"):
        scenarios.panel_init("a b", three)


def test_the_bundled_sheet_keeps_judgements_independent(tmp_path):
    text = scenarios.panel_init("eve", "central-asia", output=tmp_path / "eve.yaml").read_text()
    for reading in ("Illustrative analyst", "read from the silence", "sceptical of great-power"):
        assert reading not in text
    data = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not any(re.search(r"(?<!\w)value:", line) for line in data)  # no values at all
    assert "evidence (as of 2025-11-24): The factor scores public attitudes" in text
    assert text.splitlines().count("    religious_resistance:") == 5


# --- every bad panel file, with its clear error -----------------------------------------------

BAD = [
    ("analyst: A\nvalues:\n  Q: {a: 5}\n", "3:3: unknown country 'Q' (expected one of: X, Y, Z)"),
    ("analyst: A\nvalues:\n  Y: {aa: 5}\n", "3:7: unknown factor 'aa' (did you mean 'a'?)"),
    ("analyst: A\nnotes: hi\n", "2:1: unknown key 'notes' (did you mean 'note'?)"),
    ("values: {}\n", "1:1: missing required key 'analyst'"),
    (
        "analyst: A\nvalues:\n  Y:\n    a: {value: 11}\n",
        "4:16: a.value = 11 is outside the scale 0..10",
    ),
    (
        "analyst: A\nvalues:\n  Y:\n    a: {value: 5, low: 6}\n",
        "4:24: a: low (6) is above value (5) (low <= value <= high)",
    ),
    (
        "analyst: A\nvalues:\n  Y:\n    a: {value: 5, confidence: hihg}\n",
        "4:31: values.Y.a.confidence: 'hihg' is not allowed: input should be 'low', 'medium' or "
        "'high' (did you mean 'high'?)",
    ),
    (
        "analyst: A\nweights: {factors: {a: 2}}\nswing:\n  - {factor: a, rating: 100}\n",
        "3:1: give weights or swing, not both (swing weighting gives every factor's weight; drop "
        "one of the two)",
    ),
    (
        "analyst: A\nweights:\n  groups: {g3: 1}\n",
        "3:12: unknown group 'g3' (expected one of: g1, g2)",
    ),
    (
        "analyst: A\nweights:\n  groups: {g1: 0, g2: 0}\n",
        "3:3: all effective weights are zero (give at least one factor and its group a weight "
        "above 0)",
    ),
    (
        "analyst: A\nswing:\n  - {factor: a, rating: 90}\n  - {factor: b, rating: 50}\n"
        "  - {factor: c, rating: 10}\n",
        "3:25: swing: the first (largest) swing is rated 100, not 90 (rate it 100 and each other "
        "swing against it)",
    ),
    (
        "analyst: A\nswing:\n  - {factor: a, rating: 100}\n  - {factor: b, rating: 50}\n"
        "  - {factor: c, rating: 60}\n",
        "5:25: swing: c is rated 60, above b (50) ranked before it (list the swings from the "
        "largest down, or lower the rating)",
    ),
    (
        "analyst: A\nswing:\n  - {factor: a, rating: 100}\n  - {factor: b, rating: 50}\n",
        "3:3: swing: ranks 2 of 3 factors; missing c (rank every factor; rate one 0 to give it no "
        "weight)",
    ),
    (
        "analyst: A\nswing:\n  - {factor: a, rating: 100}\n  - {factor: a, rating: 50}\n"
        "  - {factor: c, rating: 10}\n",
        "4:14: swing: 'a' is ranked twice (also item 1) (rank each factor once)",
    ),
    ("analyst: A\nswing: []\n", "2:8: swing: the list is empty (rank every factor)"),
    (
        "analyst: A\nswing:\n  - {factor: a, rating: 120}\n",
        "3:25: swing.0.rating: input should be less than or equal to 100 (got 120)",
    ),
    (
        "analyst: A\nvalues:\n  Y:\n    a 5\n    b: 3\n",
        "4:5: 'a 5' has no ':' after its key (write KEY: VALUE, with ': ' after the key)",
    ),
    ("", "1:1: the file is empty, expected a mapping of keys"),
]


@pytest.mark.parametrize(("text", "error"), BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_a_bad_panel_file_says_where_and_how(tmp_path, monkeypatch, text, error):
    write(tmp_path / "ws", {"ann": text})
    monkeypatch.chdir(tmp_path)
    result = CliRunner(env=ENV).invoke(app, ["rank", "-w", "ws"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [f"error: ws/panel/ann.yaml:{error}"]


def test_every_bad_panel_file_is_reported_at_once(tmp_path, monkeypatch):
    write(tmp_path / "ws", {"ann": BAD[0][0], "bob": BAD[1][0], "a b": "analyst: C\n"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner(env=ENV).invoke(app, ["validate", "-w", "ws"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: ws/panel/a b.yaml: panel file name 'a b.yaml': the name is the analyst's id (use "
        "letters, digits, '-' and '_', starting with a letter)",
        f"error: ws/panel/ann.yaml:{BAD[0][1]}",
        f"error: ws/panel/bob.yaml:{BAD[1][1]}",
    ]


@pytest.mark.parametrize(
    ("rule", "error"),
    [
        (
            "{values: medain}",
            "15:23: panel.aggregate.values: 'medain' is not allowed: input should be 'mean', "
            "'median' or 'trimmed_mean' (did you mean 'median'?)",
        ),
        (
            "{extremize: 2}",
            "15:14: panel.aggregate: extremize applies to probabilities: log_odds only",
        ),
        (
            "{values: mean, trim: 0.1}",
            "15:14: panel.aggregate: trim applies to values: trimmed_mean, not mean",
        ),
        (
            "{values: trimmed_mean, trim: 0.5}",
            "15:43: panel.aggregate.trim: input should be less than 0.5 (got 0.5)",
        ),
    ],
)
def test_a_bad_panel_setting_in_model_yaml(tmp_path, monkeypatch, rule, error):
    write(tmp_path / "ws", {"ann": ANN}, model=with_rule(rule))
    monkeypatch.chdir(tmp_path)
    result = CliRunner(env=ENV).invoke(app, ["rank", "-w", "ws"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: ws/model.yaml:{error}"]


# --- the command line -------------------------------------------------------------------------


def test_panel_command_and_captions(three, monkeypatch):
    monkeypatch.chdir(three.parent)
    run = CliRunner(env=ENV).invoke
    shown = run(app, ["panel", "-w", "three", "--full"])
    assert shown.exit_code == 0, shown.output
    out = " ".join(shown.stdout.split())
    assert "Panel of 3 analysts: Tiny" in out
    assert "Z a 5.33 2–9 ann 9 ·" in out
    assert "ann 0 of 9" not in out and "ann 1 of 9 model.yaml 33.3% +1.00" in out
    rank = " ".join(run(app, ["rank", "-w", "three"]).stdout.split())
    assert "panel: 3 analysts' mean" in rank
    # the link's formula is explain's (with --full), not rank's
    explained = " ".join(run(app, ["explain", "Z", "-w", "three", "--full"]).stdout.split())
    assert "Each analyst's P = 1 − (1 − p)^1" in explained
    median = " ".join(
        run(app, ["rank", "-w", "three", "--panel-aggregate", "values=median"]).stdout.split()
    )
    assert "panel: 3 analysts' median, P their mean" in median
    assert "changes: --panel-aggregate values=median" in median
    csv = run(app, ["panel", "-w", "three", "-f", "csv"]).stdout
    assert csv.startswith("id,factor,aggregate,") and "\nZ,a,5.33333,9,2,5,7,7,ann,0.28," in csv
    bad = run(app, ["panel", "-w", "three", "--panel-aggregate", "values"])
    assert bad.exit_code == 2
    assert bad.stderr.strip() == (
        "error: --panel-aggregate values: expected KEY=VALUE (e.g. --panel-aggregate values=median)"
    )
    none = run(app, ["panel", "-w", str(tiny.write(three.parent / "none"))])
    assert none.exit_code == 2 and "has no panel" in none.stderr


DEE = "analyst: Dee\nvalues:\n  X:\n    a: 1\n  Z:\n    a: 10\n    c: 10\n"


def test_panel_leads_with_who_disagrees_and_whether_it_matters(tmp_path, monkeypatch):
    """Ann (Z.a 9) and Dee (X.a 1, Z.a 10, Z.c 10). Pooled (means): X a 4.5, so X 0.18 + 0.32
    + 0.10 = 0.60; Z a 9.5, c 5: 0.38 + 0.08 + 0.10 = 0.56, X above Z. Ann's own: X 0.74, Z
    0.44, the same order; Dee's: X 0.04 + 0.32 + 0.10 = 0.46, Z 0.40 + 0.08 + 0.20 = 0.68,
    reversed. At the analysts' extremes: X.a at 1 puts X at 0.46 below Z; Z.c at 10 puts Z at
    0.66 above X; Z.a at 10 leaves Z at 0.58, below X: two of the three cells reorder."""
    write(tmp_path / "two", {"ann": ANN, "dee": DEE})
    monkeypatch.chdir(tmp_path)
    run = CliRunner(env={**ENV, "COLUMNS": "80"}).invoke
    shown = run(app, ["panel", "-w", "two"])
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert len(lines) <= 24 and max(map(len, lines)) <= 80
    rows = {line.split()[0]: line.split()[1:] for line in lines if line[:1].isalpha()}
    assert rows["ann"][-1].startswith("+") and rows["dee"][-1].startswith("-")
    assert "Ranked differently: 2 countries" in lines
    x, z = rows["Xland"], rows["Zland"]  # pooled, ann, dee
    assert x[1] == x[0] != x[2] and z[1] == z[0] != z[2] and int(x[0]) < int(z[0])
    assert int(x[2]) > int(z[2])
    said = lines.index(
        "They differ on 3 cells; 2 reorder the pooled ranking at an analyst's extreme:"
    )
    moves = [line.strip() for line in lines[said + 1 : lines.index("", said)]]
    assert [m.split(":")[0] for m in moves] == ["X a 1–8", "Z c 0–10"]
    assert all("X↔Z" in m for m in moves)
    assert lines[-1].startswith("--full: ")
    assert "Where the analysts disagree" not in shown.stdout
    full = run(app, ["panel", "-w", "two", "--full"]).stdout
    assert "Where the analysts disagree: 3 cells" in full and "Whose readings" in full
    assert "Ranked differently" not in full
    # three (Bob's Y.c is the profile's; Z.a 2, 5 and 9: Z at most 0.44, below X and Y): one
    # cell apart, no one ranks apart, nothing moves
    write(tmp_path / "three", {"ann": ANN, "bob": BOB, "cat": CAT})
    agree = run(app, ["panel", "-w", "three"]).stdout.splitlines()
    assert "Every analyst ranks the countries in the pooled order." in agree
    assert (
        "They differ on 1 cell; none reorders the pooled ranking at an analyst's extreme." in agree
    )


def test_panel_init_writes_into_the_workspace_and_never_over(three, monkeypatch):
    monkeypatch.chdir(three.parent)
    run = CliRunner(env=ENV).invoke
    made = run(app, ["panel", "init", "dee", "-w", "three"])
    assert made.exit_code == 0, made.output
    assert (three / "panel" / "dee.yaml").is_file()
    again = run(app, ["panel", "init", "dee", "-w", "three"])
    assert again.exit_code == 2
    assert again.stderr.startswith("error: 'three/panel/dee.yaml' already exists")


def test_every_command_says_it_shows_a_panel(three, monkeypatch):
    whatif = "title: Lift\nvalues: [{factor: a, countries: [Z], shift: 1}]\n"
    (three / "whatif").mkdir()
    (three / "whatif" / "lift.yaml").write_text(whatif, encoding="utf-8")
    monkeypatch.chdir(three.parent)
    run = CliRunner(env=ENV).invoke
    for command in (["explain", "Z"], ["compare"]):
        out = " ".join(run(app, [*command, "-w", "three"]).stdout.split())
        assert "panel: 3 analysts' mean" in out, command
    sensitivity = run(app, ["sensitivity", "-w", "three", "-m", "mc", "--samples", "200"]).stdout
    assert "one analyst per sample (a linear opinion pool of 3)" in " ".join(sensitivity.split())
    factors = " ".join(run(app, ["factors", "-w", "three"]).stdout.split())
    assert "panel: 3 analysts' mean (`scenarios panel` shows each analyst)" in factors
    assert "5.33" in factors
    meta = json.loads(run(app, ["rank", "-w", "three", "-f", "json"]).stdout)["meta"]
    assert meta["panel"]["analysts"] == pytest.approx({"ann": 1 / 3, "bob": 1 / 3, "cat": 1 / 3})
    assert meta["panel"]["aggregate"]["values"] == "mean"


def test_the_report_says_it_shows_a_panel(three):
    from scenarios.api import report
    from scenarios.reporting.builder import build_report

    rules = {"en": "values mean, P linear pool", "ar": "القيم: المتوسط، والاحتمالات: التجميع الخطي"}
    for lang, words in (("en", "the aggregate of a panel of 3 analysts"), ("ar", "لجنة من")):
        ws = scenarios.load_workspace(three)
        page = build_report(ws, report(ws, samples=200, runs=10), lang=lang)
        text = re.sub(r"<[^>]+>", "", page.html)  # numbers are isolated in <bdi> for Arabic
        assert words in text and rules[lang] in text, lang


def test_each_analyst_s_gates_cap_their_own_probability(tmp_path):
    """A gate blocks Z where b ≥ 8: the profile's 8 binds for bob, ann's 7 does not, so the
    pool is half of ann's probability (Z's score 0.04·2 + 0.4·0.3 + 0 = 0.20 for her)."""
    gate = "gates:\n  hostile: {factor: b, at_least: 8, cap: 0}\n"
    ann = "analyst: Ann\nvalues: {Z: {b: 7}}\n"
    ranking = scenarios.rank(
        write(tmp_path / "ws", {"ann": ann, "bob": BOB}, tiny.MODEL + LINK + gate)
    )
    z = ranking.ids.index("Z")
    assert ranking.probability[z] == pytest.approx(logistic(-1 + 2 * 0.20) / 2)


def test_weights_that_combine_to_nothing_are_refused(tmp_path):
    """Each analyst weighs one factor only; the median of every factor's weight is then 0."""
    ones = {
        name: f"analyst: {name}\nweights:\n  factors: {{{', '.join(f'{o}: 0' for o in 'abc' if o != f)}}}\n"
        for name, f in (("ann", "a"), ("bob", "b"), ("cat", "c"))
    }
    root = write(tmp_path / "ws", ones, model=with_rule("{values: median}"))
    with pytest.raises(WorkspaceError, match=r"combined by the median are all zero"):
        scenarios.load_workspace(root)
    # by the mean they are a third each
    np.testing.assert_allclose(scenarios.load_workspace(write(tmp_path / "m", ones)).weights, 1 / 3)


def test_the_aggregate_keeps_the_evidence_and_adds_the_analysts(tmp_path):
    dee = "analyst: Dee\nvalues:\n  X:\n    a: {value: 6, note: Lower., sources: [s9]}\n"
    ws = scenarios.load_workspace(write(tmp_path / "ws", {"ann": ANN, "dee": dee}))
    assert ws.entry("X", "a").note == "Panel (mean 7): ann 8 (profile); dee 6: Lower."
    assert ws.entry("X", "a").sources == ["s1", "dee: s9"]
    assert ws.entry("Z", "a").note == "Panel (mean 5.5): ann 9; dee 2 (profile)."
    assert ws.entry("X", "b").sources == ["s1"]  # no one disagrees: the profile's evidence


# --- --weight and --set under a panel: an edit of the files the panel is built from -----------

TYPED = "analyst: Ted\nweights:\n  groups: {g2: 3}\n  factors: {b: 2}\n"
SWUNG = (
    "analyst: Sue\nswing:\n  - {factor: c, rating: 100}\n  - {factor: a, rating: 60}\n"
    "  - {factor: b, rating: 20}\n"
)


def _same_ranking(a, b):
    np.testing.assert_allclose(a.scores, b.scores, rtol=0, atol=1e-12)
    np.testing.assert_allclose(a.probability, b.probability, rtol=0, atol=1e-12)
    np.testing.assert_allclose(a.interval, b.interval, rtol=0, atol=1e-12)
    assert list(a.order) == list(b.order)


@pytest.mark.parametrize(
    ("option", "file", "old", "new"),
    [
        (
            {"weights": ["a=3"]},
            "model.yaml",
            "a: {label: Factor A, group: g1, weight: 1,",
            "a: {label: Factor A, group: g1, weight: 3,",
        ),
        (
            {"weights": ["b=0.5"]},
            "model.yaml",
            "b: {label: Factor B, group: g1, weight: 1,",
            "b: {label: Factor B, group: g1, weight: 0.5,",
        ),
        ({"sets": ["Z.a=3"]}, "profiles/z.yaml", "  a: 2\n", "  a: 3\n"),
        ({"sets": ["Z.b=6"]}, "profiles/z.yaml", "  b: 8\n", "  b: 6\n"),
    ],
)
def test_an_override_is_the_same_edit_of_the_file(tmp_path, option, file, old, new):
    """ann and cat give Z.a, ted types b's weight (and g2's), sue weighs by swing: an override
    must change exactly those who take the number from the file, as editing it does."""
    analysts = {"ann": ANN, "bob": BOB, "cat": CAT, "ted": TYPED, "sue": SWUNG}
    root = write(tmp_path / "ws", analysts)
    base = scenarios.rank(root)
    overridden = scenarios.rank(root, **option)
    text = (root / file).read_text(encoding="utf-8")
    assert old in text
    (root / file).write_text(text.replace(old, new), encoding="utf-8")
    edited = scenarios.rank(root)
    _same_ranking(overridden, edited)
    assert not np.allclose(edited.scores, base.scores)  # the edit moved something


def test_an_override_under_the_example_panel_is_the_same_edit_of_model_yaml(tmp_path):
    """The bundled case: religious_resistance weighed 2 by --weight and in model.yaml, and a
    value set: the probabilities too, since the link's intercept is derived again from the
    edited files either way."""
    root = tmp_path / "ca"
    shutil.copytree(BUNDLED / "central-asia", root)
    shutil.copytree(BUNDLED / "example-panel", root / "panel")
    overridden = scenarios.rank(
        root, weights=["religious_resistance=2"], sets=["UZ.us_engagement=7.5"]
    )
    model = (root / "model.yaml").read_text(encoding="utf-8")
    old = "    group: domestic\n    weight: 1\n"
    at = model.index(old, model.index("  religious_resistance:\n"))
    (root / "model.yaml").write_text(model[:at] + old.replace("1", "2") + model[at + len(old) :])
    profile = (root / "profiles" / "uzbekistan.yaml").read_text(encoding="utf-8")
    at = profile.index("  us_engagement:\n    value: 6.5\n")
    profile = profile[:at] + profile[at:].replace("value: 6.5", "value: 7.5", 1)
    (root / "profiles" / "uzbekistan.yaml").write_text(profile, encoding="utf-8")
    edited = scenarios.rank(root)
    _same_ranking(overridden, edited)


# --- the panel of a run: the workspace's own, another folder's, or none -----------------------

ILLUSTRATIVE = "illustrative: true\n"


def test_the_bundled_workspace_scores_its_profiles_alone():
    assert scenarios.load_workspace("central-asia").panel is None
    assert "example-panel" not in scenarios.workspace.find.bundled_names()
    assert (BUNDLED / "example-panel" / "sceptic.yaml").is_file()
    ws = scenarios.prepare("central-asia", panel="example-panel")
    assert ws.panel.ids == ("incentives", "pessimist", "sceptic")
    assert ws.panel.illustrative and ws.panel.label == "illustrative panel"
    assert ws.panel.describe().startswith("illustrative panel of 3 analysts (")
    with pytest.raises(WorkspaceError, match="neither a folder nor a bundled workspace"):
        scenarios.load_workspace("example-panel")


def test_init_copies_no_invented_analysts(tmp_path):
    made = scenarios.init(tmp_path / "mine")
    assert not (made / "panel").exists()
    assert scenarios.load_workspace(made).panel is None


def test_a_panel_folder_for_one_run(three, tmp_path, monkeypatch):
    """--panel DIR replaces the workspace's own panel/; --no-panel leaves out any panel."""
    other = tmp_path / "others"
    other.mkdir()
    (other / "dan.yaml").write_text(
        ILLUSTRATIVE + "analyst: Dan\nvalues:\n  Z:\n    a: {value: 8, low: 7, high: 9}\n"
    )
    z = 2
    assert scenarios.prepare(three).values[z, 0] == pytest.approx(16 / 3)
    dan = scenarios.prepare(three, panel=other)
    assert dan.panel.ids == ("dan",) and dan.values[z, 0] == 8
    assert dan.panel.folder.endswith("/others/")
    plain = scenarios.prepare(three, panel=False)
    assert plain.panel is None and plain.values[z, 0] == 2
    # a workspace folder given as --panel: its panel/
    assert scenarios.prepare(three, panel=three).panel.ids == ("ann", "bob", "cat")
    monkeypatch.chdir(tmp_path)
    run = CliRunner(env=ENV).invoke
    one = " ".join(run(app, ["rank", "-w", str(three), "--panel", "others"]).stdout.split())
    assert "illustrative panel: 1 analyst's mean" in one
    none = " ".join(run(app, ["rank", "-w", str(three), "--no-panel"]).stdout.split())
    assert "panel" not in none.split("Event")[0].split("method")[1]
    meta = json.loads(
        run(app, ["rank", "-w", str(three), "--panel", "others", "-f", "json"]).stdout
    )
    assert meta["meta"]["panel"]["illustrative"] is True
    assert meta["meta"]["panel"]["folder"] == "others/"
    own = json.loads(run(app, ["rank", "-w", str(three), "-f", "json"]).stdout)["meta"]["panel"]
    assert own["illustrative"] is False and own["folder"] == "panel/"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--panel", "others", "--no-panel"],
            "--panel others and --no-panel: give one of the two (--no-panel leaves out every "
            "panel; --panel DIR uses the one in DIR)",
        ),
        (
            ["--panel", "nowhere"],
            "--panel nowhere: no such folder (expected one of: example-panel)",
        ),
        (
            ["--panel", "exmaple-panel"],
            "--panel exmaple-panel: no such folder (did you mean 'example-panel'?)",
        ),
        (
            ["--panel", "others/dan.yaml"],
            "--panel others/dan.yaml is a file, not a folder (give the folder of analyst files)",
        ),
        (
            ["--panel", "empty"],
            "--panel empty: no analyst files (*.yaml) in this folder (one YAML file per analyst "
            "(`scenarios panel init NAME -o FILE`))",
        ),
        (["--panel", "bad"], "bad/eve.yaml:2:3: unknown country 'Q' (expected one of: X, Y, Z)"),
        (
            ["--panel", "blank"],
            "--panel blank: no sheet there is filled in yet (1 sheet, none with a value or "
            "weight of its own) (a sheet counts once it gives at least one value or weight)",
        ),
    ],
)
def test_a_wrong_panel_option_is_one_line(three, tmp_path, monkeypatch, args, error):
    (tmp_path / "others").mkdir()
    (tmp_path / "others" / "dan.yaml").write_text("analyst: Dan\nvalues: {Z: {a: 8}}\n")
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "eve.yaml").write_text("values:\n  Q: {a: 1}\nanalyst: Eve\n")
    (tmp_path / "blank").mkdir()
    (tmp_path / "blank" / "fay.yaml").write_text("analyst: Fay\nvalues:\n  Z:\n    a:\n")
    monkeypatch.chdir(tmp_path)
    for command in (["rank"], ["panel"], ["sensitivity", "-m", "oat"]):
        result = CliRunner(env=ENV).invoke(app, [*command, "-w", str(three), *args])
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines() == [f"error: {error}"], command


def test_the_api_panel_argument(three):
    with pytest.raises(
        OptionError, match=r"panel: expected a folder, a bundled name, None or False \(got True\)"
    ):
        scenarios.prepare(three, panel=True)
    changed = scenarios.prepare(three, weights=["a=2"])
    with pytest.raises(OptionError, match="panel: choose the panel before any change"):
        scenarios.prepare(changed, panel=False)
    assert scenarios.prepare(scenarios.load_workspace(three), panel=False).panel is None


def test_an_illustrative_panel_is_labelled_everywhere(three, tmp_path, monkeypatch):
    from scenarios.api import report
    from scenarios.reporting.builder import build_report

    for name in ("ann", "cat"):
        path = three / "panel" / f"{name}.yaml"
        path.write_text(ILLUSTRATIVE + path.read_text())
    monkeypatch.chdir(three.parent)
    run = CliRunner(env=ENV).invoke
    for command in (["rank"], ["explain", "Z"], ["factors"]):
        out = " ".join(run(app, [*command, "-w", "three"]).stdout.split())
        assert "illustrative panel: 3 analysts' mean" in out, command
    mc = " ".join(run(app, ["sensitivity", "-w", "three", "-m", "oat"]).stdout.split())
    assert "the aggregate of the illustrative panel of 3 analysts" in mc
    shown = " ".join(run(app, ["panel", "-w", "three"]).stdout.split())
    assert shown.startswith(
        "Illustrative panel of 3 analysts: Tiny (invented analysts, to show how a panel works)"
    )
    ws = scenarios.load_workspace(three)
    for lang, words in (
        ("en", "the aggregate of an illustrative panel of 3 analysts"),
        ("ar", "لجنة توضيحية من 3 محللين"),
    ):
        page = build_report(ws, report(ws, samples=200, runs=10), lang=lang)
        text = re.sub(r"<[^>]+>", "", page.html)
        assert words in text, lang
    scenarios.export(tmp_path / "out", ws, samples=200)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["panel"]["illustrative"] is True
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert "illustrative panel of 3 analysts" in package["description"]
    assert "invented analysts" in package["description"]


def test_the_schema_lets_a_panel_file_say_it_is_illustrative():
    field = scenarios.json_schema("panel")["properties"]["illustrative"]
    assert field["type"] == "boolean" and field["default"] is False
    for path in sorted((BUNDLED / "example-panel").glob("*.yaml")):
        assert "\nillustrative: true\n" in path.read_text(encoding="utf-8")


def test_explain_says_whose_value_each_cell_follows(three, monkeypatch):
    z = scenarios.explain(three, "Z").to_frame()["rests_on"]
    assert z["a"] == "ann 9; cat 5; profile 2"  # the mean: every analyst, bob by the profile
    assert z["b"] == "profile" and z["c"] == "profile"
    median = scenarios.explain(three, "Z", panel_aggregate=["values=median"]).to_frame()
    assert median["rests_on"]["a"] == "cat 5"
    y = scenarios.explain(three, "Y").to_frame()["rests_on"]
    assert y["c"] == "bob 10; profile 10 (2 analysts)"
    assert "rests_on" not in scenarios.explain(three, "Z", panel=False).to_frame()
    monkeypatch.chdir(three.parent)
    out = CliRunner(env=ENV).invoke(app, ["explain", "Z", "-w", "three", "--full"]).stdout
    assert max(map(len, out.splitlines())) <= 100
    assert (
        "Each value is the panel's mean of: a: ann 9; cat 5; profile 2; the others, the "
        "profile's value, which every analyst takes."
    ) in " ".join(out.split())


def test_the_example_panel_is_found_from_anywhere(tmp_path, monkeypatch):
    from scenarios.panels.analysts import panel_folder
    from scenarios.workspace.find import bundled_root

    monkeypatch.chdir(tmp_path)  # outside any checkout: the bundled copy
    assert panel_folder("example-panel") == bundled_root() / "example-panel"
    (tmp_path / "example-panel").mkdir()  # a folder of that name here comes first
    (tmp_path / "example-panel" / "mine.yaml").write_text("analyst: Me\n")
    assert panel_folder("example-panel") == Path("example-panel")


def test_a_panel_of_blank_sheets_is_no_panel_yet(tmp_path, monkeypatch):
    root = write(tmp_path / "ws", {})
    scenarios.panel_init("ann", root)
    monkeypatch.chdir(tmp_path)
    run = CliRunner(env=ENV).invoke
    for args, prefix in (
        (["panel"], ""),
        (["rank", "--panel-aggregate", "values=median"], "--panel-aggregate: "),
    ):
        result = run(app, [*args, "-w", "ws"])
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [
            f"error: {prefix}ws has no panel yet: 1 sheet in panel/ not filled in (a sheet counts "
            "once it gives at least one value or weight; `scenarios validate` names them)"
        ]
    (root / "panel" / "ann.yaml").unlink()
    result = run(app, ["panel", "-w", "ws"])
    assert result.stderr.splitlines() == [
        "error: ws has no panel (add one YAML file per analyst under panel/ (`scenarios panel "
        "init NAME`), or try --panel example-panel (illustrative analysts))"
    ]


def test_the_cascade_says_it_runs_on_an_illustrative_panel(monkeypatch):
    monkeypatch.chdir(BUNDLED.parent)
    run = CliRunner(env=ENV).invoke
    out = run(app, ["cascade", "--panel", "example-panel", "--runs", "200"])
    assert out.exit_code == 0, out.output
    assert "scores: illustrative panel: 3 analysts' mean" in " ".join(out.stdout.split())
    alone = run(app, ["cascade", "--runs", "200"]).stdout
    assert "panel" not in alone


def test_each_analysts_probability_takes_the_precision_of_the_pooled_interval(three):
    import io
    from dataclasses import replace

    from rich.console import Console

    from scenarios.cli import render

    result = summarize(scenarios.load_workspace(three))
    ids = result.workspace.country_ids
    x, z = ids.index("X"), ids.index("Z")
    n = len(ids)
    pooled, low, high = np.full(n, 0.5), np.full(n, 0.45), np.full(n, 0.55)
    # X: an interval 30 points wide (step 1 point); Z: 2 points wide (step 0.1)
    pooled[x], low[x], high[x] = 0.2345, 0.10, 0.40
    pooled[z], low[z], high[z] = 0.0472, 0.04, 0.06
    own = np.tile(pooled, (len(result.panel.ids), 1))
    own[:, x] = [0.2567, 0.1849, 0.3051]
    own[:, z] = [0.0561, 0.0419, 0.0472]
    ranking = replace(result.ranking, probability=pooled, interval=(low, high))
    shown = replace(result, ranking=ranking, probability=own)
    console = Console(file=io.StringIO(), width=80, color_system=None)
    for part in render.panel(shown):
        console.print(part)
    out = console.file.getvalue()
    assert all(len(line) <= 80 for line in out.splitlines())
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isalpha()}
    # rank, then the pooled figure and each analyst's, in ranks and figures
    assert rows["Xland"][1::2] == ["23%", "26%", "18%", "31%"]
    assert rows["Zland"][1::2] == ["4.7%", "5.6%", "4.2%", "4.7%"]
    # 23% unlikely (20–45), 4.7% almost no chance (1–5)
    assert "Xland unlikely" in " ".join(out.split())
    assert "Zland almost no chance" in " ".join(out.split())


def test_a_tiny_concentration_puts_each_draw_s_weight_on_one_factor(three):
    """At a concentration so small that every gamma draw of a row underflows to 0, the panel's
    weights take the Dirichlet's limit (all of a draw's weight on one factor) instead of 0/0:
    no warning, every probability of a rank a number, each row of them summing to 1."""
    import warnings

    ws = scenarios.load_workspace(three)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        mc = scenarios.sensitivity(ws, ["mc"], samples=300, seed=1, concentration=0.001)
    acceptability = mc.monte_carlo.acceptability
    assert np.isfinite(acceptability).all() and np.isfinite(mc.monte_carlo.mean).all()
    np.testing.assert_allclose(acceptability.sum(axis=1), 1.0)


def test_pool_weighs_each_analyst_by_their_weight():
    """Unequal weights, by hand: linear 0.75·0.2 + 0.25·0.6 = 0.30; log-odds: the odds are
    (0.2/0.8)^0.75 · (0.6/0.4)^0.25, and extremizing by 2 squares them."""
    p = np.array([0.2, 0.6])
    w = np.array([0.75, 0.25])
    assert pool(p, w, "linear_pool") == pytest.approx(0.30)
    odds = 0.25**0.75 * 1.5**0.25
    assert pool(p, w, "log_odds") == pytest.approx(odds / (1 + odds))
    assert pool(p, w, "log_odds", 2.0) == pytest.approx(odds**2 / (1 + odds**2))
