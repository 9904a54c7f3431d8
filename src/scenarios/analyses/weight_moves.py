"""Moving the weights: one at a time (the tornado) and the critical weights where a pair swaps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from scenarios.core import arguments, engine
from scenarios.core.choices import Aggregation
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd


def rescaled(w: np.ndarray, k: int, t: np.ndarray | float) -> np.ndarray:
    """Weights with w[k] set to t and the others rescaled in proportion to sum to 1 − t.

    t may be an array: the result has shape t.shape + w.shape.
    """
    t = np.asarray(t, dtype=float)
    rest = 1.0 - w[k]
    if rest <= 0:  # the only weighted factor: after normalisation its weight stays 1
        return np.broadcast_to(w, (*t.shape, len(w))).copy()
    out = (1.0 - t[..., None]) / rest * w
    out[..., k] = t
    return np.asarray(out)


def file_weight(ws: Workspace, k: int, t: float) -> float:
    """The `weight` to write for factor k in model.yaml so that its effective weight becomes t.

    Editing one factor's weight rescales all the others in proportion, which is the same
    movement the analyses below make.
    """
    if ws.panel is not None and ws.panel.own_weights:
        return float("nan")  # the analysts' own weights: no one edit of model.yaml moves them all
    raw = ws.factor_weights * ws.group_weights
    rest = raw.sum() - raw[k]
    if ws.group_weights[k] == 0:
        return float("nan")  # no weight in the file can move a factor of a weightless group
    if t >= 1.0:
        return float("inf")
    return float(t * rest / ((1.0 - t) * ws.group_weights[k]))


@dataclass(frozen=True, eq=False)
class Tornado:
    """Each factor's effective weight moved to w·(1−Δ) and w·(1+Δ)."""

    workspace: Workspace
    delta: float
    weights: np.ndarray  # (F,)
    base_scores: np.ndarray  # (C,)
    base_ranks: np.ndarray  # (C,)
    scores: np.ndarray  # (F, 2, C): [factor, low/high side, country]
    ranks: np.ndarray  # (F, 2, C)

    @property
    def swing(self) -> np.ndarray:
        """(F,) the largest score change of any country when the factor's weight moves."""
        moved = np.abs(self.scores - self.base_scores).max(axis=(1, 2))
        return np.asarray(moved)

    @property
    def order(self) -> np.ndarray:
        return np.argsort(-self.swing, kind="stable")

    def to_frame(self) -> pd.DataFrame:
        """Each weight moved down and up by delta, and each country's score and rank.

        Returns
        -------
        pandas.DataFrame
            Indexed by (factor, id): weight, weight_low, weight_high, score, score_at_low,
            score_at_high, score_min, score_max, rank, rank_min, rank_max, swing.
        """
        import pandas as pd

        ws = self.workspace
        rows = []
        for k in self.order:
            for c, cid in enumerate(ws.country_ids):
                all_scores = np.array([self.base_scores[c], *self.scores[k, :, c]])
                all_ranks = np.array([self.base_ranks[c], *self.ranks[k, :, c]])
                rows.append(
                    {
                        "factor": ws.factor_ids[k],
                        "weight": float(self.weights[k]),
                        "weight_low": float(self.weights[k] * (1 - self.delta)),
                        "weight_high": float(min(self.weights[k] * (1 + self.delta), 1.0)),
                        "id": cid,
                        "score": float(self.base_scores[c]),
                        "score_at_low": float(self.scores[k, 0, c]),
                        "score_at_high": float(self.scores[k, 1, c]),
                        "score_min": float(all_scores.min()),
                        "score_max": float(all_scores.max()),
                        "rank": int(self.base_ranks[c]),
                        "rank_min": int(all_ranks.min()),
                        "rank_max": int(all_ranks.max()),
                        "swing": float(self.swing[k]),
                    }
                )
        return pd.DataFrame(rows).set_index(["factor", "id"])


def tornado_weights(w: np.ndarray, delta: float) -> np.ndarray:
    """(F, 2, F) the effective weights with each factor's moved to w·(1−Δ) and w·(1+Δ) (at
    most 1), the others rescaled in proportion."""
    sides = np.stack([w * (1 - delta), np.minimum(w * (1 + delta), 1.0)], axis=1)  # (F, 2)
    return np.stack([rescaled(w, k, sides[k]) for k in range(len(w))])


def one_at_a_time(
    ws: Workspace, aggregation: Aggregation = "additive", delta: float = 0.5
) -> Tornado:
    arguments.number("delta", delta, at_least=0, at_most=1)
    u = ws.normalized
    w = ws.weights
    weights = tornado_weights(w, delta)
    scores = engine.scores(u, weights.reshape(-1, len(w)), aggregation).reshape(len(w), 2, -1)
    base = engine.scores(u, w, aggregation)
    return Tornado(ws, delta, w, base, engine.ranks(base), scores, engine.ranks(scores))


@dataclass(frozen=True)
class Threshold:
    """The nearest effective weight (up or down) at which two countries swap."""

    weight: float  # the effective weight at which the swap happens
    above: str  # the country that was above and falls below
    below: str


@dataclass(frozen=True, eq=False)
class CriticalWeights:
    workspace: Workspace
    weights: np.ndarray
    increase: tuple[Threshold | None, ...]
    decrease: tuple[Threshold | None, ...]

    def relative(self, k: int, threshold: Threshold | None) -> float:
        if threshold is None or self.weights[k] == 0:
            return float("nan")
        return float((threshold.weight - self.weights[k]) / self.weights[k])

    @property
    def most_critical(self) -> tuple[int, str] | None:
        """(factor index, 'increase'|'decrease') with the smallest relative change, if any."""
        best = None
        for k in range(len(self.weights)):
            for side, t in (("increase", self.increase[k]), ("decrease", self.decrease[k])):
                r = abs(self.relative(k, t))
                if np.isfinite(r) and (best is None or r < best[0]):
                    best = (r, k, side)
        return None if best is None else (best[1], best[2])

    def to_frame(self) -> pd.DataFrame:
        """For each factor, the smallest rise and fall of its weight that changes the ranking.

        Returns
        -------
        pandas.DataFrame
            Indexed by factor: weight, and for the increase and the decrease: to, change,
            percent, file_weight and swap (the two countries that swap).
        """
        import pandas as pd

        ws = self.workspace
        rows = []
        for k, factor in enumerate(ws.factor_ids):
            row: dict[str, object] = {"factor": factor, "weight": float(self.weights[k])}
            for side, t in (("increase", self.increase[k]), ("decrease", self.decrease[k])):
                row[f"{side}_to"] = t.weight if t else float("nan")
                row[f"{side}_change"] = (t.weight - self.weights[k]) if t else float("nan")
                row[f"{side}_percent"] = 100 * self.relative(k, t)
                row[f"{side}_file_weight"] = file_weight(ws, k, t.weight) if t else float("nan")
                row[f"{side}_swap"] = f"{t.above} ↔ {t.below}" if t else "none"
            rows.append(row)
        return pd.DataFrame(rows).set_index("factor")


def critical_weights(ws: Workspace, aggregation: Aggregation = "additive") -> CriticalWeights:
    """Exact thresholds: with the others rescaled in proportion, each score (additive) or
    log-score (geometric, same order) is linear in the factor's weight t, so the swaps are the
    crossing points of straight lines.

    Geometric: a country with a value at the bottom of a weighted factor's scale scores 0
    whatever the weights, so it takes part in no swap. A factor whose group has weight 0 has no
    threshold (no edit of its own weight can move it).
    """
    u = ws.normalized
    w = ws.weights
    ids = ws.country_ids
    increase: list[Threshold | None] = []
    decrease: list[Threshold | None] = []
    for k in range(len(w)):
        if w[k] >= 1.0 or ws.group_weights[k] == 0:
            increase.append(None)
            decrease.append(None)
            continue
        x, movable = u, np.ones(len(ids), dtype=bool)
        if aggregation == "geometric":
            weighted = (w > 0) | (np.arange(len(w)) == k)
            movable = ~((u <= 0) & weighted).any(axis=1)
            x = np.log(np.where(u > 0, u, 1.0))
        total = x @ w
        rest = (total - w[k] * x[:, k]) / (1.0 - w[k])  # the others' part, renormalised
        slope = x[:, k] - rest  # score(t) = rest + t·slope
        d0 = rest[:, None] - rest[None, :]  # a − b at t = 0
        d1 = slope[:, None] - slope[None, :]  # how fast a − b grows with t
        # Lines whose slopes differ by no more than the tie rule's tolerance are parallel: a
        # difference of rounding noise (-1.1e-16 for two countries with the same value of the
        # factor) is not a slope, and such a pair neither crosses nor breaks a tie.
        moves = np.abs(d1) > engine.TIE_TOLERANCE
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = np.where(moves, -d0 / d1, np.nan)
        now = total[:, None] - total[None, :]
        pairs = np.triu(np.ones_like(now, dtype=bool), 1) & movable[:, None] & movable[None, :]
        valid = pairs & np.isfinite(cross) & (cross >= 0) & (cross <= 1)
        tied = pairs & (np.abs(now) <= engine.TIE_TOLERANCE) & moves
        increase.append(
            _nearest(cross, valid & (cross > w[k] + 1e-12), now, d1, tied, ids, w[k], rising=True)
        )
        decrease.append(
            _nearest(cross, valid & (cross < w[k] - 1e-12), now, d1, tied, ids, w[k], rising=False)
        )
    return CriticalWeights(ws, w, tuple(increase), tuple(decrease))


def _nearest(
    cross: np.ndarray,
    mask: np.ndarray,
    now: np.ndarray,
    d1: np.ndarray,
    tied: np.ndarray,
    ids: tuple[str, ...],
    weight: float,
    rising: bool,
) -> Threshold | None:
    """The first swap when the weight rises (or falls) from its current value."""
    if tied.any():  # a tie breaks at once: the country whose score grows faster goes ahead
        a, b = np.argwhere(tied)[0]
        gains = (d1[a, b] > 0) == rising  # does a pull ahead of b in this direction?
        winner, loser = (a, b) if gains else (b, a)
        return Threshold(float(weight), ids[loser], ids[winner])
    if not mask.any():
        return None
    candidates = np.where(mask, cross, np.inf if rising else -np.inf)
    a, b = np.unravel_index((np.argmin if rising else np.argmax)(candidates), candidates.shape)
    first, second = (a, b) if now[a, b] > 0 else (b, a)
    return Threshold(float(cross[a, b]), ids[first], ids[second])
