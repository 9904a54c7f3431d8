"""The panel's arithmetic: values combined, probabilities pooled and capped, ranks compared."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from scenarios.core import engine
from scenarios.core.choices import DEFAULT_TRIM, PanelProbabilities, PanelValues

if TYPE_CHECKING:
    from scenarios.workspace.load import Workspace


EPS = 1e-12


def combine(
    x: np.ndarray, w: np.ndarray, rule: PanelValues, trim: float = DEFAULT_TRIM
) -> np.ndarray:
    """Combine ``x`` (A, ...) over its first axis, analyst ``a`` weighing ``w[a]`` (w sums to 1).

    mean: Σ w·x. trimmed_mean: the mean of the weighted distribution of the values with the share
    ``trim`` of the weight cut from each end (a value straddling a cut keeps the part inside).
    median: the limit of the trimmed mean as ``trim`` nears ½: the value where the cumulative
    weight passes ½, or the midpoint of the two values either side when it reaches ½ exactly
    (so equal weights give the ordinary median).
    """
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float).reshape((-1,) + (1,) * (x.ndim - 1))
    if rule == "mean":
        result = (w * x).sum(axis=0)
    else:
        order = np.argsort(x, axis=0, kind="stable")
        xs = np.take_along_axis(x, order, axis=0)
        ws = np.take_along_axis(np.broadcast_to(w, x.shape), order, axis=0)
        upper = np.cumsum(ws, axis=0)
        lower = upper - ws
        if rule == "trimmed_mean":
            inside = np.clip(np.minimum(upper, 1.0 - trim) - np.maximum(lower, trim), 0.0, None)
            result = (xs * inside).sum(axis=0) / inside.sum(axis=0)
        elif rule == "median":
            first = np.argmax(upper >= 0.5 - 1e-9, axis=0)[None]
            after = np.argmax(upper > 0.5 + 1e-9, axis=0)[None]
            low = np.take_along_axis(xs, first, axis=0)[0]
            high = np.take_along_axis(xs, after, axis=0)[0]
            result = (low + high) / 2.0
        else:
            raise ValueError(f"unknown rule {rule!r}")
    # where every analyst agrees, their value exactly (no rounding of 8 into 7.999...)
    return np.asarray(np.where(x.min(axis=0) == x.max(axis=0), x[0], result))


def pool(
    p: np.ndarray, w: np.ndarray, method: PanelProbabilities, extremize: float = 1.0
) -> np.ndarray:
    """Pool probabilities ``p`` (A, ...) over the analysts of the first axis (weights ``w``).

    linear_pool: Σ w·p. log_odds: logistic(d · Σ w·logit p), d = ``extremize`` (Satopää et al.
    2014; Baron et al. 2014): d > 1 moves the pooled probability away from ½, which corrects the
    pull towards ½ that averaging forecasters with partly shared information has. A probability
    of 0 or 1 is held at 1e-12 from it, so one analyst's certainty dominates but does not
    overflow.
    """
    p = np.asarray(p, dtype=float)
    w = np.asarray(w, dtype=float).reshape((-1,) + (1,) * (p.ndim - 1))
    if method == "linear_pool":
        return np.asarray((w * p).sum(axis=0))
    clipped = np.clip(p, EPS, 1 - EPS)
    log_odds = (w * np.log(clipped / (1 - clipped))).sum(axis=0)
    return np.asarray(1.0 / (1.0 + np.exp(-extremize * log_odds)))


def average_ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score; countries tied (within engine.TIE_TOLERANCE) share the mean of
    the positions they hold (1 and 2 tied: both 1.5)."""
    s = np.asarray(scores, dtype=float)
    above = (s[None, :] > s[:, None] + engine.TIE_TOLERANCE).sum(axis=1)
    tied = (np.abs(s[None, :] - s[:, None]) <= engine.TIE_TOLERANCE).sum(axis=1)
    return np.asarray(above + (tied + 1) / 2.0)


def weighted_spearman(r: np.ndarray, q: np.ndarray) -> float:
    """The weighted rank correlation r_W of Pinto da Costa and Soares (2005): Spearman's
    correlation with each squared difference of ranks weighted by how near the top the two
    ranks are, (n − R + 1) + (n − Q + 1), so that disagreement about the first places counts
    most. 1: the same order; −1: reversed. Ranks are 1 = first; ties as average ranks."""
    r = np.asarray(r, dtype=float)
    q = np.asarray(q, dtype=float)
    n = len(r)
    if n < 2:
        return 1.0
    weight = (n - r + 1) + (n - q + 1)
    value = 1.0 - 6.0 * float(((r - q) ** 2 * weight).sum()) / (n**4 + n**3 - n**2 - n)
    return float(min(max(value, -1.0), 1.0))


def caps_of(view: Workspace) -> Callable[..., np.ndarray]:
    """p (…, C) → p capped where the view's gates bind (for the countries ``part`` of C)."""
    if not view.model.gates:
        return lambda p, part=slice(None): p
    from scenarios.analyses import gates

    binds, gate_caps = gates.binding(view), gates.caps(view)

    def cap(p: np.ndarray, part: slice = slice(None)) -> np.ndarray:
        return gates.capped(p, binds[part], gate_caps)

    return cap
