"""The numpy kernels against hand-computed values and invariants."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scenarios.core import engine
from scenarios.core.choices import AGGREGATIONS


def test_normalize_uses_declared_scale_and_direction():
    values = np.array([[0.0, 10.0], [5.0, 2.5]])
    u = engine.normalize(values, 0, 10, np.array([1, -1]))
    np.testing.assert_allclose(u, [[0.0, 0.0], [0.5, 0.75]])


def test_normalize_other_scale():
    u = engine.normalize(np.array([[1.0, 5.0]]), 1, 5, np.array([1, 1]))
    np.testing.assert_allclose(u, [[0.0, 1.0]])


def test_effective_weights_multiply_group_by_factor_and_normalise():
    # groups A (weight 3) holds f1 (0.5) and f2 (0.5); group B (weight 1) holds f3 (2)
    w = engine.effective_weights(np.array([0.5, 0.5, 2.0]), np.array([3.0, 3.0, 1.0]))
    # raw: 1.5, 1.5, 2 → /5
    np.testing.assert_allclose(w, [0.3, 0.3, 0.4])
    assert w.sum() == pytest.approx(1.0)


def test_effective_weights_many_samples_at_once():
    fw = np.array([[1.0, 1.0], [3.0, 1.0]])
    w = engine.effective_weights(fw, np.array([1.0, 1.0]))
    np.testing.assert_allclose(w, [[0.5, 0.5], [0.75, 0.25]])


def test_additive_score_hand_computed():
    u = np.array([[0.2, 0.8, 1.0], [0.5, 0.5, 0.5]])
    w = np.array([0.3, 0.3, 0.4])
    # 0.06 + 0.24 + 0.4 = 0.70; 0.5
    np.testing.assert_allclose(engine.scores(u, w), [0.70, 0.5])


def test_geometric_score_hand_computed():
    u = np.array([[0.25, 1.0], [0.5, 0.5]])
    w = np.array([0.5, 0.5])
    # sqrt(0.25 * 1) = 0.5; sqrt(0.25) = 0.5
    np.testing.assert_allclose(engine.scores(u, w, "geometric"), [0.5, 0.5])
    u = np.array([[0.1, 0.9]])
    w = np.array([0.25, 0.75])
    assert engine.scores(u, w, "geometric")[0] == pytest.approx(0.1**0.25 * 0.9**0.75)


def test_geometric_zero_value_vetoes_only_with_positive_weight():
    u = np.array([[0.0, 0.8], [0.0, 0.8]])
    np.testing.assert_allclose(engine.scores(u, np.array([0.5, 0.5]), "geometric"), [0.0, 0.0])
    # 0^0 = 1: a factor with no weight cannot veto
    np.testing.assert_allclose(engine.scores(u, np.array([0.0, 1.0]), "geometric"), [0.8, 0.8])


def test_geometric_is_not_compensatory_but_additive_is():
    u = np.array([[0.0, 1.0], [0.5, 0.5]])
    w = np.array([0.5, 0.5])
    add = engine.scores(u, w)
    geo = engine.scores(u, w, "geometric")
    assert add[0] == add[1] == pytest.approx(0.5)
    assert geo[0] == 0.0 and geo[1] == pytest.approx(0.5)


def test_scores_vectorised_shapes_match_loop():
    rng = np.random.default_rng(1)
    u = rng.random((4, 3))
    w = engine.effective_weights(rng.random((6, 3)), np.ones(3))
    batch = engine.scores(u, w)
    assert batch.shape == (6, 4)
    for s in range(6):
        np.testing.assert_allclose(batch[s], engine.scores(u, w[s]))
    us = rng.random((6, 4, 3))
    for agg in AGGREGATIONS:
        batch = engine.scores(us, w, agg)
        for s in range(6):
            np.testing.assert_allclose(batch[s], engine.scores(us[s], w[s], agg))


def test_contributions_sum_to_score():
    u = np.array([[0.2, 0.8, 1.0]])
    w = np.array([0.3, 0.3, 0.4])
    c = engine.contributions(u, w)
    np.testing.assert_allclose(c, [[0.06, 0.24, 0.4]])
    np.testing.assert_allclose(
        np.exp(engine.contributions(u, w, "geometric").sum(axis=1)),
        engine.scores(u, w, "geometric"),
    )


def test_ranks_ties_share_the_better_rank():
    r = engine.ranks(np.array([0.5, 0.9, 0.5, 0.1]))
    np.testing.assert_array_equal(r, [2, 1, 2, 4])
    np.testing.assert_array_equal(engine.tied(r), [True, False, True, False])


def test_ranks_tolerance_treats_float_noise_as_tie():
    r = engine.ranks(np.array([0.3, 0.1 + 0.2]))
    np.testing.assert_array_equal(r, [1, 1])


def test_ranks_batched():
    r = engine.ranks(np.array([[0.1, 0.2], [0.3, 0.2]]))
    np.testing.assert_array_equal(r, [[2, 1], [1, 2]])


def test_unknown_aggregation():
    with pytest.raises(ValueError, match="unknown aggregation 'median'"):
        engine.scores(np.ones((1, 1)), np.ones(1), "median")  # type: ignore[arg-type]


# --- properties -------------------------------------------------------------------------

unit = st.floats(0, 1, allow_nan=False)
positive = st.floats(0.01, 100, allow_nan=False)


@st.composite
def problems(draw):
    c = draw(st.integers(1, 6))
    f = draw(st.integers(1, 6))
    u = draw(arrays(float, (c, f), elements=unit))
    raw = draw(arrays(float, (f,), elements=positive))
    return u, raw / raw.sum()


@settings(max_examples=200, deadline=None)
@given(problems(), st.sampled_from(AGGREGATIONS))
def test_scores_stay_in_unit_interval(problem, aggregation):
    u, w = problem
    s = engine.scores(u, w, aggregation)
    assert np.all(s >= -1e-12) and np.all(s <= 1 + 1e-12)


@settings(max_examples=200, deadline=None)
@given(problems(), st.sampled_from(AGGREGATIONS), st.data())
def test_raising_a_for_factor_never_lowers_a_score(problem, aggregation, data):
    u, w = problem
    c = data.draw(st.integers(0, u.shape[0] - 1))
    f = data.draw(st.integers(0, u.shape[1] - 1))
    raised = u.copy()
    raised[c, f] = data.draw(st.floats(u[c, f], 1.0))
    before = engine.scores(u, w, aggregation)[c]
    after = engine.scores(raised, w, aggregation)[c]
    assert after >= before - 1e-12


@settings(max_examples=200, deadline=None)
@given(problems(), st.floats(0.01, 1000))
def test_scaling_all_weights_leaves_ranking_unchanged(problem, factor):
    u, w = problem
    groups = np.ones_like(w)
    base = engine.ranks(engine.scores(u, engine.effective_weights(w, groups)))
    scaled = engine.ranks(engine.scores(u, engine.effective_weights(w * factor, groups)))
    np.testing.assert_array_equal(base, scaled)


@settings(max_examples=200, deadline=None)
@given(problems(), st.data())
def test_adding_a_dominated_country_keeps_the_others_order(problem, data):
    u, w = problem
    c = data.draw(st.integers(0, u.shape[0] - 1))
    # a new country no better than country c on every factor
    dominated = u[c] * data.draw(arrays(float, (u.shape[1],), elements=unit))
    before = engine.ranks(engine.scores(u, w))
    after = engine.ranks(engine.scores(np.vstack([u, dominated]), w))[:-1]
    np.testing.assert_array_equal(
        np.argsort(before, kind="stable"), np.argsort(after, kind="stable")
    )
