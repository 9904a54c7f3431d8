"""The tornado's and the critical weights' moves as changes of each country's probability."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.analyses.weight_moves import CriticalWeights, Tornado, rescaled, tornado_weights
from scenarios.core.choices import Aggregation
from scenarios.workspace.load import Workspace


@dataclass(frozen=True, eq=False)
class ProbabilityEffects:
    """The weight moves of the tornado and the critical weights as changes of each country's
    probability within the horizon (fractions: 0.031 is 3.1 points), each against the
    probability with the file's weights, as `scenarios rank --weight` would show them (the
    link's intercept derived anew for each set of weights). NaN where a country has joined."""

    base: np.ndarray  # (C,) the probability with the file's weights
    tornado: np.ndarray | None  # (F, 2, C): [factor, weight down/up, country]
    # per factor, the change at the weight where the first pair swaps: (increase, decrease),
    # each (C,) or None where there is no such weight
    critical: tuple[tuple[np.ndarray | None, np.ndarray | None], ...] | None


def probability_effects(
    ws: Workspace,
    tornado: Tornado | None,
    critical: CriticalWeights | None,
    years: float,
    aggregation: Aggregation = "additive",
) -> ProbabilityEffects | None:
    """The tornado's and the critical weights' effects in probability, every set of weights
    in one pass (None without a link, or with a panel: see `probability_at_weights`)."""
    from scenarios.analyses.link import probability_at_weights

    w = ws.weights
    rows = [w[None, :]]
    if tornado is not None:
        rows.append(tornado_weights(w, tornado.delta).reshape(-1, len(w)))
    at: list[tuple[int, int]] = []  # (factor, side) of each critical row
    if critical is not None:
        for k, pair in enumerate(zip(critical.increase, critical.decrease, strict=True)):
            for side, threshold in enumerate(pair):
                if threshold is not None:
                    at.append((k, side))
                    rows.append(rescaled(w, k, threshold.weight)[None, :])
    p = probability_at_weights(ws, np.vstack(rows), years, aggregation)
    if p is None:
        return None
    base, rest = p[0], p[1:] - p[0]
    moved = None
    if tornado is not None:
        n = 2 * len(w)
        moved, rest = rest[:n].reshape(len(w), 2, -1), rest[n:]
    crit = None
    if critical is not None:
        found = dict(zip(at, rest, strict=True))
        crit = tuple((found.get((k, 0)), found.get((k, 1))) for k in range(len(w)))
    return ProbabilityEffects(base, moved, crit)
