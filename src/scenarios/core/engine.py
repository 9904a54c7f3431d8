"""The scoring kernels: pure numpy, no I/O, no validation.

Shapes: C countries, F factors, S samples. Every function accepts a single weight vector (F,)
or a matrix of weight vectors (S, F), and values (C, F) or (S, C, F), so that sensitivity
analysis scores many samples in one call.
"""

from __future__ import annotations

import numpy as np

from scenarios.core.choices import Aggregation

# Scores closer than this are ties: they share the better rank.
TIE_TOLERANCE = 1e-9


def normalize(values: np.ndarray, lo: float, hi: float, directions: np.ndarray) -> np.ndarray:
    """Map values on the declared scale to [0, 1], flipping `against` factors (direction -1).

    The declared scale, not the data's min/max, so adding a country never reorders the others.
    """
    u = (np.asarray(values, dtype=float) - lo) / (hi - lo)
    return np.where(np.asarray(directions) > 0, u, 1.0 - u)


def effective_weights(factor_weights: np.ndarray, group_weights: np.ndarray) -> np.ndarray:
    """Group weight × factor weight, normalised to sum to 1 along the last axis."""
    w = np.asarray(factor_weights, dtype=float) * np.asarray(group_weights, dtype=float)
    return np.asarray(w / w.sum(axis=-1, keepdims=True))


def scores(u: np.ndarray, w: np.ndarray, aggregation: Aggregation = "additive") -> np.ndarray:
    """Scores in [0, 1]: Σ w·u (additive) or Π u^w (geometric).

    u: (C, F) or (S, C, F); w: (F,) or (S, F). Returns (C,) or (S, C).
    """
    u = np.asarray(u, dtype=float)
    w = np.asarray(w, dtype=float)
    if aggregation == "additive":
        return _weighted_sum(u, w)
    if aggregation == "geometric":
        zero = u <= 0.0
        with np.errstate(divide="ignore"):
            log_u = np.where(zero, 0.0, np.log(np.where(zero, 1.0, u)))
        result = np.exp(_weighted_sum(log_u, w))
        # A factor at the bottom of its scale with a positive weight makes the score 0 (0^w = 0),
        # and 0^0 = 1 for a factor with no weight.
        vetoed = _weighted_sum(zero.astype(float), (w > 0).astype(float)) > 0
        return np.where(vetoed, 0.0, result)
    raise ValueError(f"unknown aggregation {aggregation!r}")


def _weighted_sum(u: np.ndarray, w: np.ndarray) -> np.ndarray:
    if w.ndim == 1:
        return np.asarray(u @ w)
    if u.ndim == 2:  # (C, F) values, (S, F) weights
        return np.asarray(w @ u.T)
    return np.asarray(np.einsum("scf,sf->sc", u, w))


def contributions(
    u: np.ndarray, w: np.ndarray, aggregation: Aggregation = "additive"
) -> np.ndarray:
    """Each factor's part of each score, (C, F).

    Additive: w·u, which sums to the score. Geometric: w·ln u, which sums to ln(score)
    (−inf where u = 0 and w > 0).
    """
    u = np.asarray(u, dtype=float)
    w = np.asarray(w, dtype=float)
    if aggregation == "additive":
        return np.asarray(u * w)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(w > 0, w * np.log(u), 0.0)


def ranks(s: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score; ties (within TIE_TOLERANCE) share the better rank.

    s: (C,) or (S, C) → int ranks of the same shape: 1 + the number of countries b with
    s_b > s_a + TIE_TOLERANCE. O(C log C) per row: each threshold s_a + TIE_TOLERANCE is sorted
    together with the scores (a score equal to a threshold before it, so it is not counted).
    """
    s = np.asarray(s, dtype=float)
    n = s.shape[-1]
    merged = np.concatenate([s, s + TIE_TOLERANCE], axis=-1)
    order = np.argsort(merged, axis=-1, kind="stable")
    is_score = order < n
    scores_up_to = np.cumsum(is_score, axis=-1)
    # the n places of the thresholds in the sorted order, and whose threshold each one is
    places = np.argsort(is_score, axis=-1, kind="stable")[..., :n]
    country = np.take_along_axis(order, places, axis=-1) - n
    finite = np.sum(~np.isnan(s), axis=-1, keepdims=True)  # NaN sorts last, never counts
    above = finite - np.take_along_axis(scores_up_to, places, axis=-1)
    result = np.empty(s.shape, dtype=np.int64)
    np.put_along_axis(result, country, above + 1, axis=-1)
    return np.where(np.isnan(s), 1, result)


def tied(r: np.ndarray) -> np.ndarray:
    """True where a country shares its rank with another (same shape as r); O(C log C)."""
    r = np.asarray(r)
    order = np.argsort(r, axis=-1, kind="stable")
    ordered = np.take_along_axis(r, order, axis=-1)
    same = ordered[..., 1:] == ordered[..., :-1]
    shared = np.zeros(r.shape, dtype=bool)
    shared[..., 1:] |= same
    shared[..., :-1] |= same
    result = np.empty(r.shape, dtype=bool)
    np.put_along_axis(result, order, shared, axis=-1)
    return result
