"""Sensitivity analyses (robustness.py): invariants, closed forms checked against the overrides."""

import numpy as np
import pytest

import scenarios
from scenarios.analyses import montecarlo, scoring
from scenarios.analyses import robustness as sa
from scenarios.analyses import sampler as sp
from scenarios.analyses import sobol as sobol_module
from scenarios.core import engine

from .. import tiny


@pytest.fixture
def ws(tmp_path):
    return scenarios.load_workspace(tiny.write(tmp_path / "tiny"))


@pytest.fixture(scope="module")
def bundled():
    return scenarios.load_workspace("central-asia")


def test_rescaled_keeps_sum_and_proportions():
    w = np.array([0.2, 0.3, 0.5])
    out = sa.rescaled(w, 0, 0.6)
    np.testing.assert_allclose(out, [0.6, 0.3 * 0.5, 0.5 * 0.5])
    assert out.sum() == pytest.approx(1.0)
    batch = sa.rescaled(w, 2, np.array([0.0, 1.0]))
    np.testing.assert_allclose(batch, [[0.4, 0.6, 0.0], [0.0, 0.0, 1.0]])


def test_tornado_with_zero_delta_moves_nothing(bundled):
    t = sa.one_at_a_time(bundled, delta=0.0)
    np.testing.assert_allclose(t.scores, np.broadcast_to(t.base_scores, t.scores.shape))
    assert (t.swing < 1e-12).all()
    assert (t.ranks == t.base_ranks).all()


def test_tornado_zero_weight_factor_moves_nothing(ws):
    zeroed = scenarios.prepare(ws, weights=["c=0"])
    t = sa.one_at_a_time(zeroed, delta=0.5)
    assert t.swing[2] == 0.0
    assert t.swing[0] > 0


def test_tornado_hand_computed(ws):
    # a: 0.4 → 0.2 (others 0.4, 0.2 scaled by 0.8/0.6) and → 0.6 (by 0.4/0.6)
    t = sa.one_at_a_time(ws, delta=0.5)
    low = np.array([0.2, 0.4 * 0.8 / 0.6, 0.2 * 0.8 / 0.6])
    high = np.array([0.6, 0.4 * 0.4 / 0.6, 0.2 * 0.4 / 0.6])
    u = ws.normalized
    np.testing.assert_allclose(t.scores[0, 0], u @ low)
    np.testing.assert_allclose(t.scores[0, 1], u @ high)


def _order(ws, aggregation="additive"):
    return list(scoring.rank(ws, aggregation).ranks)


@pytest.mark.parametrize("aggregation", ["additive", "geometric"])
def test_critical_thresholds_through_the_weight_option(bundled, aggregation):
    """Just past each reported threshold the ranking changes; just before, it does not. On the
    profiles and model.yaml alone (the bundled workspace's default; with a panel whose analysts
    weigh the factors their own way no single edit of model.yaml moves the panel's weights, and
    test_panel checks that it says so)."""
    assert bundled.panel is None
    cw = sa.critical_weights(bundled, aggregation)
    base = _order(bundled, aggregation)
    checked = 0
    for k, factor in enumerate(bundled.factor_ids):
        for threshold, sign in ((cw.increase[k], 1), (cw.decrease[k], -1)):
            if threshold is None or threshold.weight in (0.0, 1.0):
                continue
            eps = 1e-6
            before = sa.file_weight(bundled, k, threshold.weight - sign * eps)
            after = sa.file_weight(bundled, k, threshold.weight + sign * eps)
            ws_before = scenarios.prepare(bundled, weights=[f"{factor}={before!r}"])
            ws_after = scenarios.prepare(bundled, weights=[f"{factor}={after!r}"])
            assert _order(ws_before, aggregation) == base
            changed = _order(ws_after, aggregation)
            assert changed != base
            ids = bundled.country_ids
            a, b = ids.index(threshold.above), ids.index(threshold.below)
            assert changed[b] < changed[a], "the reported pair is the one that swaps"
            checked += 1
    assert checked >= 3


def test_critical_none_when_nothing_can_swap(ws):
    # X beats Y and Z on a and b; c favours Y — only c (or its complement) can reorder X and Y
    cw = sa.critical_weights(ws)
    frame = cw.to_frame()
    assert frame.index.name == "factor"
    assert set(frame.columns) >= {
        "weight",
        "increase_to",
        "increase_swap",
        "decrease_to",
        "decrease_swap",
        "increase_file_weight",
    }
    # raising c: Y overtakes X where .5·(1−t)/.8·... closed form: X(t)=.8(1−t)+.5t, Y(t)=.5(1−t)+t
    assert cw.increase[2].weight == pytest.approx(0.3 / 0.8)
    assert (cw.increase[2].above, cw.increase[2].below) == ("X", "Y")
    assert cw.decrease[2] is None


def test_monte_carlo_rows_and_columns_sum_to_one(bundled):
    mc = sa.monte_carlo(bundled, settings=sa.MonteCarloSettings(samples=3_000))
    np.testing.assert_allclose(mc.acceptability.sum(axis=0), 1.0)
    np.testing.assert_allclose(mc.acceptability.sum(axis=1), 1.0)
    np.testing.assert_allclose(mc.pairwise + mc.pairwise.T + np.eye(5), 1.0)
    assert (mc.low <= mc.mean).all() and (mc.mean <= mc.high).all()


def test_monte_carlo_fixed_inputs_equal_the_deterministic_ranking(bundled):
    settings = sa.MonteCarloSettings(samples=1_500, fixed_weights=True, values="fixed")
    no_drivers = bundled.with_changes(
        model=bundled.model.model_copy(update={"drivers": {}}), change="no drivers"
    )
    mc = sa.monte_carlo(no_drivers, settings=settings)
    ranks = scoring.rank(no_drivers).ranks
    expected = np.zeros((5, 5))
    expected[np.arange(5), ranks - 1] = 1.0
    np.testing.assert_array_equal(mc.acceptability, expected)


def test_monte_carlo_ties_are_split(ws):
    profiles = dict(tiny.PROFILES)
    profiles["z"] = profiles["y"].replace("id: Y", "id: Z")
    tied = scenarios.load_workspace(tiny.write(ws.root.parent / "tied", profiles=profiles))
    mc = sa.monte_carlo(
        tied, settings=sa.MonteCarloSettings(samples=10, fixed_weights=True, values="fixed")
    )
    np.testing.assert_allclose(mc.acceptability, [[1, 0, 0], [0, 0.5, 0.5], [0, 0.5, 0.5]])
    assert mc.pairwise[1, 2] == 0.5


def test_monte_carlo_same_seed_same_numbers_whatever_the_chunk(bundled):
    small = sa.monte_carlo(bundled, settings=sa.MonteCarloSettings(samples=4_500, chunk_size=1_000))
    large = sa.monte_carlo(
        bundled, settings=sa.MonteCarloSettings(samples=4_500, chunk_size=100_000)
    )
    np.testing.assert_array_equal(small.acceptability, large.acceptability)
    np.testing.assert_array_equal(small.low, large.low)
    np.testing.assert_allclose(small.mean, large.mean, rtol=1e-12)
    other = sa.monte_carlo(bundled, settings=sa.MonteCarloSettings(samples=4_500, seed=1))
    assert not np.array_equal(other.acceptability, small.acceptability)


def test_monte_carlo_precision_stops_early(bundled):
    mc = sa.monte_carlo(
        bundled, settings=sa.MonteCarloSettings(samples=200_000, precision=0.01, chunk_size=2_000)
    )
    assert mc.samples < 200_000
    assert mc.standard_error < 0.01


def test_monte_carlo_reports_progress(bundled):
    calls = []
    sa.monte_carlo(
        bundled,
        settings=sa.MonteCarloSettings(samples=3_000, chunk_size=1_000),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(1_000, 3_000), (2_000, 3_000), (3_000, 3_000)]


def test_triangular_from_two_uniforms_has_the_triangular_distribution():
    rng = np.random.default_rng(5)
    u1, u2 = rng.random((2, 400_000))
    a, m, b = 2.0, 3.0, 7.0
    x = sa.triangular(u1, u2, np.full_like(u1, a), np.full_like(u1, m), np.full_like(u1, b))
    assert x.min() >= a and x.max() <= b
    assert x.mean() == pytest.approx((a + m + b) / 3, abs=0.01)
    # the triangular CDF at the mode is (m − a)/(b − a); at 5 it is 1 − (b − 5)²/((b − a)(b − m))
    assert (x <= m).mean() == pytest.approx((m - a) / (b - a), abs=0.005)
    assert (x <= 5).mean() == pytest.approx(1 - (b - 5) ** 2 / ((b - a) * (b - m)), abs=0.005)
    ones = np.ones(3)
    np.testing.assert_array_equal(sa.triangular(u1[:3], u2[:3], ones, ones, ones), 1.0)


def test_buffers_give_the_same_draws_as_fresh_arrays(bundled):
    inputs = sp.SamplerInputs.of(bundled)
    u1, u2 = np.random.default_rng(3).random((2, 7, *inputs.mode.shape))
    out, scratch = np.empty_like(u1), np.empty_like(u1)
    buffered = sa.triangular(u1, u2, inputs.low, inputs.mode, inputs.high, out, scratch)
    assert buffered is out
    fresh = sa.triangular(u1, u2, inputs.low, inputs.mode, inputs.high)
    np.testing.assert_array_equal(buffered, fresh)
    assert (fresh >= inputs.low).all() and (fresh <= inputs.high).all()


def test_drivers_move_values_together(bundled):
    loadings = sp.driver_loadings(bundled)
    ids, factors = bundled.country_ids, bundled.factor_ids
    russia = factors.index("russia_dependence")
    assert loadings[0, ids.index("TJ"), russia] == pytest.approx(0.75 * 1.5)
    assert loadings[0, ids.index("UZ"), russia] == pytest.approx(0.75)
    assert loadings[0, :, factors.index("us_engagement")].sum() == 0


def test_sobol_first_order_matches_analytic_additive(tmp_path):
    # three factors with fixed weights; values uniform over different ranges
    model = tiny.MODEL
    profiles = {
        "x": "id: X\nname: X\nfactors:\n  a: {value: 5, low: 0, high: 10}\n"
        "  b: {value: 5, low: 3, high: 7}\n  c: {value: 5, low: 4, high: 6}\n",
    }
    ws = scenarios.load_workspace(tiny.write(tmp_path / "s", model=model, profiles=profiles))
    result = sa.sobol(ws, samples=4096, fixed_weights=True, values="uniform")
    w = ws.weights
    var_u = np.array([10, 4, 2]) ** 2 / 12 / 100  # uniform variance of u = v/10
    analytic = w**2 * var_u / (w**2 * var_u).sum()
    np.testing.assert_allclose(result.first[0], analytic, atol=0.03)
    np.testing.assert_allclose(result.total[0], analytic, atol=0.03)  # additive: no interactions
    assert result.inputs == ("value:a", "value:b", "value:c")


def test_sobol_rounds_samples_to_power_of_two(ws):
    assert sa.sobol(ws, samples=100, values="uniform").base_samples == 128


def test_sensitivity_frames_have_stable_columns(bundled):
    mc = sa.monte_carlo(bundled, settings=sa.MonteCarloSettings(samples=1_000))
    assert mc.acceptability_frame().index.name == "id"
    assert list(mc.acceptability_frame().columns) == [f"rank_{i}" for i in range(1, 6)]
    assert list(mc.summary_frame().columns) == [
        "name",
        "score",
        "mean",
        "p05",
        "p95",
        "p_first",
        "expected_rank",
        "probability_mean",  # the bundled model has a link: probabilities over all inputs
        "probability_p05",
        "probability_p95",
    ]
    oat = sa.one_at_a_time(bundled).to_frame()
    assert list(oat.index.names) == ["factor", "id"]
    assert list(oat.columns)[:3] == ["weight", "weight_low", "weight_high"]


def test_engine_batch_used_by_monte_carlo_matches_single(bundled):
    w, u = sp.Sampler(sa.MonteCarloSettings(), sp.SamplerInputs.of(bundled)).draw(0)
    batch = engine.scores(u, w)
    for i in range(0, sa.BLOCK, 97):
        np.testing.assert_allclose(batch[i], engine.scores(u[i], w[i]))


# --- edge cases ---------------------------------------------------------------------------

TIED = {
    "x": "id: X\nname: X\nfactors: {a: 8, b: 2, c: 5}\n",
    "y": "id: Y\nname: Y\nfactors: {a: 8, b: 2, c: 5}\n",
    "z": "id: Z\nname: Z\nfactors: {a: 2, b: 8, c: 0}\n",
}


def test_critical_tie_breaks_towards_the_faster_growing_country(tmp_path):
    profiles = dict(TIED)
    profiles["y"] = "id: Y\nname: Y\nfactors: {a: 9, b: 3, c: 5}\n"  # same score as X: .36+.28+.1
    ws = scenarios.load_workspace(tiny.write(tmp_path / "t", profiles=profiles))
    assert list(scoring.rank(ws).ranks[:2]) == [1, 1]
    cw = sa.critical_weights(ws)
    up = cw.increase[0]  # raising a favours Y (a = 9 against 8)
    assert up.weight == pytest.approx(0.4) and (up.above, up.below) == ("X", "Y")
    down = cw.decrease[0]
    assert (down.above, down.below) == ("Y", "X")
    # check through the public override: a little more weight on a puts Y first
    raised = scenarios.rank(ws, weights={"a": 1.01}).to_frame()
    assert raised.index[0] == "Y"
    lowered = scenarios.rank(ws, weights={"a": 0.99}).to_frame()
    assert lowered.index[0] == "X"


def test_critical_geometric_ignores_countries_scored_zero(tmp_path):
    profiles = {
        "x": "id: X\nname: X\nfactors: {a: 0, b: 2, c: 5}\n",  # a at the bottom: score 0
        "y": "id: Y\nname: Y\nfactors: {a: 5, b: 10, c: 5}\n",  # b against at 10: u = 0
        "z": "id: Z\nname: Z\nfactors: {a: 5, b: 5, c: 5}\n",
    }
    ws = scenarios.load_workspace(tiny.write(tmp_path / "g", profiles=profiles))
    assert list(scoring.rank(ws, "geometric").scores[:2]) == [0.0, 0.0]
    cw = sa.critical_weights(ws, "geometric")
    assert all(t is None for t in (*cw.increase, *cw.decrease))


def test_critical_none_for_a_factor_of_a_weightless_group(tmp_path):
    model = tiny.MODEL.replace(
        "g2: {label: Group two, weight: 1}", "g2: {label: Group two, weight: 0}"
    )
    ws = scenarios.load_workspace(tiny.write(tmp_path / "w", model=model))
    cw = sa.critical_weights(ws)
    assert cw.increase[2] is None and cw.decrease[2] is None
    assert np.isnan(sa.file_weight(ws, 2, 0.3))


def test_one_at_a_time_with_a_single_weighted_factor_moves_nothing(tmp_path):
    model = tiny.MODEL.replace("weight: 2}", "weight: 0}")  # g1 off: only c is weighted
    ws = scenarios.load_workspace(tiny.write(tmp_path / "one", model=model))
    t = sa.one_at_a_time(ws, delta=0.5)
    assert (t.swing == 0).all()


def test_precision_stop_does_not_depend_on_the_chunk_size(bundled):
    runs = [
        sa.monte_carlo(
            bundled,
            settings=sa.MonteCarloSettings(samples=100_000, precision=0.006, chunk_size=size),
        )
        for size in (1_000, 20_000)
    ]
    assert runs[0].samples == runs[1].samples < 100_000
    np.testing.assert_array_equal(runs[0].acceptability, runs[1].acceptability)


def test_fixed_values_switch_off_the_joint_drivers_too(bundled):
    assert bundled.model.drivers  # the bundled model has drivers
    mc = sa.monte_carlo(
        bundled, settings=sa.MonteCarloSettings(samples=2_000, fixed_weights=True, values="fixed")
    )
    assert set(np.unique(mc.acceptability)) == {0.0, 1.0}


def test_sobol_uses_at_least_64_base_samples(ws):
    assert sa.sobol(ws, samples=2, values="uniform").base_samples == 64


# --- oracles: each behaviour checked against a direct computation --------------------------


def sampled(ws, **settings):
    """One block of Monte Carlo draws: (weights (BLOCK, F), normalised values (BLOCK, C, F))."""
    sampler = sp.Sampler(sa.MonteCarloSettings(**settings), sp.SamplerInputs.of(ws))
    weights, values = sampler.draw(0)
    return np.array(weights), np.array(values)


@pytest.mark.parametrize("concentration", [5.0, 50.0, 500.0])
def test_dirichlet_weights_centre_on_the_base_and_spread_with_concentration(ws, concentration):
    w = ws.weights
    draws = np.concatenate(
        [
            sp.Sampler(sa.MonteCarloSettings(concentration=concentration), sp.SamplerInputs.of(ws))
            .draw(block)[0]
            .copy()
            for block in range(20)
        ]
    )
    n = len(draws)
    variance = w * (1 - w) / (concentration + 1)  # Dirichlet(c·w): Var = w(1 − w)/(c + 1)
    np.testing.assert_allclose(draws.mean(axis=0), w, atol=5 * np.sqrt(variance / n).max())
    np.testing.assert_allclose(draws.var(axis=0), variance, rtol=0.1)


def test_confidence_sets_the_default_range_and_the_monte_carlo_draws_within_it(tmp_path):
    # one value per confidence level, no explicit range: half-widths 0.5, 1 and 2 (model default)
    profiles = dict(tiny.PROFILES)
    profiles["z"] = (
        "id: Z\nname: Zland\nfactors:\n"
        "  a: {value: 5, confidence: high}\n"
        "  b: {value: 5, confidence: medium}\n"
        "  c: {value: 5, confidence: low}\n"
    )
    ws = scenarios.load_workspace(tiny.write(tmp_path / "r", profiles=profiles))
    low, high = ws.ranges
    np.testing.assert_allclose(low[2], [4.5, 4.0, 3.0])
    np.testing.assert_allclose(high[2], [5.5, 6.0, 7.0])
    _, u = sampled(ws, values="uniform", fixed_weights=True)
    width = np.array([1.0, 2.0, 4.0]) / 10  # normalised widths; b is `against` (mirrored)
    cells = u[:, 2, :]
    assert (cells >= 0.5 - width / 2 - 1e-12).all() and (cells <= 0.5 + width / 2 + 1e-12).all()
    np.testing.assert_allclose(cells.var(axis=0), width**2 / 12, rtol=0.15)


def test_tornado_high_side_is_capped_at_a_weight_of_one(tmp_path):
    # a carries 0.8 of the weight: 0.8 · 1.5 = 1.2 is capped at 1, where the score is u[a]
    model = tiny.MODEL.replace(
        "g1: {label: Group one, weight: 2}", "g1: {label: Group one, weight: 8}"
    )
    model = model.replace(
        "b: {label: Factor B, group: g1, weight: 1", "b: {label: Factor B, group: g1, weight: 0"
    ).replace("g2: {label: Group two, weight: 1}", "g2: {label: Group two, weight: 2}")
    ws = scenarios.load_workspace(tiny.write(tmp_path / "t", model=model))
    assert ws.weights[0] == pytest.approx(0.8)
    t = sa.one_at_a_time(ws, delta=0.5)
    np.testing.assert_allclose(t.scores[0, 1], ws.normalized[:, 0])
    frame = t.to_frame()
    assert (frame.loc["a", "weight_high"] == 1.0).all()


def test_precision_stops_once_met_and_not_before(bundled):
    target = 0.01
    settings = sa.MonteCarloSettings(samples=200_000, precision=target, seed=3)
    stopped = sa.monte_carlo(bundled, settings=settings)
    assert stopped.samples < 200_000 and stopped.samples % sa.BLOCK == 0
    assert stopped.standard_error < target
    # the same seed without a precision, one block fewer: the same draws, not yet precise
    before = sa.monte_carlo(
        bundled, settings=sa.MonteCarloSettings(samples=stopped.samples - sa.BLOCK, seed=3)
    )
    assert before.standard_error >= target


def test_score_quantiles_match_the_uniform_distribution(tmp_path):
    # one weighted factor, value 5 in 2..8, uniform: score ~ U(0.2, 0.8)
    model = tiny.MODEL.replace("weight: 1, direction: against", "weight: 0, direction: against")
    model = model.replace("g2: {label: Group two, weight: 1}", "g2: {label: Group two, weight: 0}")
    profiles = dict(tiny.PROFILES)
    profiles["x"] = (
        "id: X\nname: Xland\nfactors:\n  a: {value: 5, low: 2, high: 8}\n  b: 2\n  c: 5\n"
    )
    ws = scenarios.load_workspace(tiny.write(tmp_path / "q", model=model, profiles=profiles))
    mc = sa.monte_carlo(
        ws,
        settings=sa.MonteCarloSettings(samples=100_000, fixed_weights=True, values="uniform"),
    )
    summary = mc.summary_frame()
    assert summary.loc["X", "p05"] == pytest.approx(0.2 + 0.05 * 0.6, abs=0.003)
    assert summary.loc["X", "p95"] == pytest.approx(0.2 + 0.95 * 0.6, abs=0.003)
    assert summary.loc["X", "mean"] == pytest.approx(0.5, abs=0.003)


# --- Monte Carlo at scale: the same numbers, however they are cut up ------------------------


def whole_block(ws, seed, block, values):
    """A block drawn all at once in the documented order: Dirichlet weights, the first uniform of
    every value, the second, the drivers' normals (the stream the pieces must reproduce)."""
    inputs = sp.SamplerInputs.of(ws)
    rng = np.random.default_rng(np.random.SeedSequence([seed, block]))
    w = inputs.weights
    weights = rng.dirichlet(100.0 * w, size=sa.BLOCK)
    shape = (sa.BLOCK, *inputs.mode.shape)
    if values == "uniform":
        u = inputs.low + rng.random(shape) * (inputs.high - inputs.low)
    else:
        u1, u2 = rng.random((2, *shape))
        u = sa.triangular(u1, u2, inputs.low, inputs.mode, inputs.high)
    z = rng.standard_normal((sa.BLOCK, inputs.loadings.shape[0]))
    u = np.clip(u + (z @ inputs.loadings).reshape(shape), 0.0, 1.0)
    return weights, u


@pytest.mark.parametrize("values", ["triangular", "uniform"])
@pytest.mark.parametrize("chunk_size", [1, 7, 20_000])
def test_pieces_draw_the_numbers_of_the_whole_block(bundled, values, chunk_size):
    settings = sa.MonteCarloSettings(values=values, chunk_size=chunk_size, seed=11)
    sampler = sp.Sampler(settings, sp.SamplerInputs.of(bundled))
    assert sampler.piece == min(chunk_size, sa.BLOCK)
    weights, u = sampler.draw(3)
    want_w, want_u = whole_block(bundled, 11, 3, values)
    np.testing.assert_array_equal(weights, want_w)
    np.testing.assert_allclose(u, want_u, rtol=0, atol=1e-15)


def test_pieces_bound_the_values_held_at_once(bundled, monkeypatch):
    settings = sa.MonteCarloSettings(samples=1_500)
    before = sa.monte_carlo(bundled, settings=settings)
    monkeypatch.setattr(sp, "VALUES_PER_PIECE", 1_000)  # 45 values a sample: 22 at a time
    sampler = sp.Sampler(settings, sp.SamplerInputs.of(bundled))
    assert sampler.piece == 22 and sampler.values.size <= 1_000
    after = sa.monte_carlo(bundled, settings=settings)
    np.testing.assert_array_equal(after.acceptability, before.acceptability)
    np.testing.assert_array_equal(after.low, before.low)


def test_monte_carlo_does_not_depend_on_the_chunk_size(bundled):
    runs = [
        sa.monte_carlo(bundled, settings=sa.MonteCarloSettings(samples=2_500, chunk_size=size))
        for size in (3, 20_000)
    ]
    for name in ("acceptability", "pairwise", "mean", "low", "high"):
        np.testing.assert_array_equal(getattr(runs[0], name), getattr(runs[1], name))
    assert runs[0].probability is not None and runs[1].probability is not None
    np.testing.assert_array_equal(runs[0].probability.mean, runs[1].probability.mean)


def counted_directly(s):
    """Rank positions and pairwise wins by comparing every pair in every sample (ties within
    TIE_TOLERANCE share positions evenly and count half)."""
    n, c = s.shape
    above = s[:, :, None] > s[:, None, :] + engine.TIE_TOLERANCE  # [sample, a, b]: a above b
    acceptability = np.zeros((c, c))
    for row in range(n):
        for a in range(c):
            first = above[row, :, a].sum()
            shared = c - first - above[row, a, :].sum()
            acceptability[a, first : first + shared] += 1 / shared
    ties = ~above & ~above.transpose(0, 2, 1)
    pairwise = above.sum(axis=0) + 0.5 * (ties.sum(axis=0) - n * np.eye(c))
    return acceptability, pairwise


@pytest.mark.parametrize("ties", [False, True])
def test_counter_matches_every_pair_compared(ties):
    rng = np.random.default_rng(5)
    s = rng.random((600, 9))
    if ties:  # scores on a coarse grid tie often, some only within the tolerance
        s = np.round(s * 4) / 4 + rng.choice([0.0, 0.5e-9], s.shape)
    counter = montecarlo._Counter(9)
    for start in range(0, 600, 250):  # blocks of different sizes add up
        counter.add(s[start : start + 250])
    acceptability, pairwise = counted_directly(s)
    np.testing.assert_allclose(counter.acceptability(), acceptability, atol=1e-9)
    np.testing.assert_allclose(counter.pairwise(), pairwise, atol=1e-9)
    assert counter.acceptability().sum(axis=1) == pytest.approx(np.full(9, 600))


def test_counter_counts_more_samples_than_a_byte_holds():
    # 1,000 samples in one block all put country 0 first: counts beyond 255 must carry over
    s = np.tile(np.linspace(1.0, 0.0, 300), (1_000, 1))
    counter = montecarlo._Counter(300)
    counter.add(s)
    assert counter.pairwise()[0, 299] == 1_000 and counter.pairwise()[299, 0] == 0
    np.testing.assert_array_equal(counter.acceptability(), 1_000 * np.eye(300))


@pytest.mark.parametrize("aggregation", ["additive", "geometric"])
@pytest.mark.parametrize("values", ["uniform", "triangular"])
def test_sobol_matches_salib_country_by_country(bundled, aggregation, values):
    """The vectorised analysis against SALib's sample and analyze, one country at a time, with
    the design, the mapping of the inputs and the model written out as SALib's users write
    them."""
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    result = sa.sobol(bundled, aggregation, samples=128, seed=3, values=values)
    w = bundled.weights
    low, high = bundled.ranges
    lo, hi = bundled.scale
    n_f = len(w)
    for c in range(len(bundled.country_ids)):
        bounds = [[x * 0.5, x * 1.5] for x in w]
        dists = ["unif"] * n_f
        for f in range(n_f):
            a, b, m = low[c, f], high[c, f], bundled.values[c, f]
            bounds.append([a, b, (m - a) / (b - a)] if values == "triangular" else [a, b])
            dists.append("triang" if values == "triangular" else "unif")
        problem = {"num_vars": 2 * n_f, "names": list(result.inputs), "bounds": bounds}
        problem["dists"] = dists
        x = sample.sample(problem, 128, calc_second_order=False, seed=3 + c)
        weights = x[:, :n_f] / x[:, :n_f].sum(axis=1, keepdims=True)
        u = engine.normalize(x[:, n_f:], lo, hi, bundled.directions)
        y = engine.scores(u[:, None, :], weights, aggregation)[:, 0]
        want = analyze.analyze(problem, y, calc_second_order=False, seed=3 + c)
        np.testing.assert_allclose(result.first[c], want["S1"], atol=1e-9)
        np.testing.assert_allclose(result.total[c], want["ST"], atol=1e-9)
        np.testing.assert_allclose(result.first_conf[c], want["S1_conf"], atol=1e-9)
        np.testing.assert_allclose(result.total_conf[c], want["ST_conf"], atol=1e-9)


def test_sobol_chunks_do_not_change_the_indices(bundled, monkeypatch):
    whole = sa.sobol(bundled, samples=64)
    monkeypatch.setattr(sobol_module, "SOBOL_VALUES", 1)  # one country at a time
    apart = sa.sobol(bundled, samples=64)
    np.testing.assert_allclose(apart.first, whole.first, rtol=0, atol=1e-12)
    np.testing.assert_allclose(apart.total_conf, whole.total_conf, rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    ("asked", "countries", "factors", "drawn"),
    [
        (10_000, 5, 9, 10_000),  # 450,000 values: every world asked for
        (10_000, 200, 50, 2_000),  # 20,000,000 / 10,000 values a world
        (10_000, 1_000, 50, 1_000),  # 400 would do, but never fewer than 1,000
        (500, 1_000, 50, 500),  # never more than asked
    ],
)
def test_the_interval_draws_within_its_budget(asked, countries, factors, drawn):
    assert sa.interval_worlds(asked, countries, factors) == drawn
