"""Score a workspace: the validated layer between the numpy kernels and every output.

Results are frozen dataclasses; the CLI, the exports and the Python API all read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import engine
from .likelihood import Link, link_of
from .workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd


def status_label(ws: Workspace, country_id: str) -> str:
    status = ws.profile(country_id).status
    if status is None or status.state != "joined":
        return ""
    return f"joined {status.date:%Y-%m}" if status.date else "joined"


def has_joined(ws: Workspace) -> np.ndarray:
    return np.array([p.status is not None and p.status.state == "joined" for p in ws.profiles])


def normalized_values(ws: Workspace) -> np.ndarray:
    lo, hi = ws.scale
    return engine.normalize(ws.values, lo, hi, ws.directions)


def base_weights(ws: Workspace) -> np.ndarray:
    return engine.effective_weights(ws.factor_weights, ws.group_weights)


@dataclass(frozen=True, eq=False)
class Ranking:
    """Scores, ranks and contributions of every country of one (possibly changed) workspace."""

    workspace: Workspace
    aggregation: engine.Aggregation
    weights: np.ndarray  # (F,) effective, sums to 1
    normalized: np.ndarray  # (C, F)
    contributions: np.ndarray  # (C, F)
    scores: np.ndarray  # (C,)
    ranks: np.ndarray  # (C,)
    tied: np.ndarray  # (C,)
    probability: np.ndarray | None  # (C,) within `horizon` years, NaN where already joined
    horizon: float | None
    link: Link | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return self.workspace.country_ids

    @property
    def order(self) -> np.ndarray:
        """Country indices from rank 1 down (ties by id, for a stable listing)."""
        return np.array(sorted(range(len(self.ids)), key=lambda i: (self.ranks[i], self.ids[i])))

    def drivers(self, country: int) -> tuple[str, str]:
        """The factor lifting the score most and the one holding it back most, measured against
        a neutral value (the middle of the scale): w·(u − ½). '' where no factor does."""
        push = np.round(self.weights * (self.normalized[country] - 0.5), 12)  # ties: first wins
        factors = self.workspace.factor_ids
        up, down = int(np.argmax(push)), int(np.argmin(push))
        return (factors[up] if push[up] > 0 else "", factors[down] if push[down] < 0 else "")

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        ws = self.workspace
        rows = []
        for i in self.order:
            up, down = self.drivers(i)
            profile = ws.profiles[i]
            row = {
                "rank": int(self.ranks[i]),
                "id": profile.id,
                "name": profile.name,
                "name_ar": profile.name_ar or "",
                "score": float(self.scores[i]),
            }
            if self.probability is not None:
                row["probability"] = float(self.probability[i])
            row |= {
                "status": status_label(ws, profile.id),
                "tied": bool(self.tied[i]),
                "top_for": up,
                "top_against": down,
            }
            rows.append(row)
        return pd.DataFrame(rows)

    def contributions_frame(self) -> pd.DataFrame:
        import pandas as pd

        ws = self.workspace
        rows = []
        for i in self.order:
            for f, factor in enumerate(ws.factor_ids):
                rows.append(
                    {
                        "id": ws.country_ids[i],
                        "factor": factor,
                        "value": float(ws.values[i, f]),
                        "normalized": float(self.normalized[i, f]),
                        "weight": float(self.weights[f]),
                        "contribution": float(self.contributions[i, f]),
                    }
                )
        return pd.DataFrame(rows)

    def matrix_frame(self) -> pd.DataFrame:
        import pandas as pd

        ws = self.workspace
        frame = pd.DataFrame(ws.values, columns=list(ws.factor_ids))
        frame.insert(0, "name", [p.name for p in ws.profiles])
        frame.insert(0, "id", list(ws.country_ids))
        return frame.iloc[self.order].reset_index(drop=True)


def rank(
    ws: Workspace, aggregation: engine.Aggregation | None = None, horizon: float | None = None
) -> Ranking:
    """Score and rank every country of the workspace."""
    aggregation = aggregation or ws.model.aggregation
    u = normalized_values(ws)
    w = base_weights(ws)
    s = engine.scores(u, w, aggregation)
    r = engine.ranks(s)
    probability = None
    horizon = horizon if horizon is not None else ws.model.horizon_years
    link = link_of(ws, aggregation)
    if link is not None:
        horizon = horizon or 1.0
        probability = np.where(has_joined(ws), np.nan, link.probability(s, horizon))
    return Ranking(
        workspace=ws,
        aggregation=aggregation,
        weights=w,
        normalized=u,
        contributions=engine.contributions(u, w, aggregation),
        scores=s,
        ranks=r,
        tied=engine.tied(r),
        probability=probability,
        horizon=horizon if link is not None else None,
        link=link,
    )


@dataclass(frozen=True, eq=False)
class Explanation:
    """One country's factor table and its gap to the country ranked just above it."""

    ranking: Ranking
    country: int
    above: int | None  # index of the country ranked just above, None for rank 1

    @property
    def id(self) -> str:
        return self.ranking.ids[self.country]

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        ws = self.ranking.workspace
        low, high = ws.ranges
        rows = []
        for f, factor in enumerate(ws.factor_ids):
            entry = ws.entry(self.id, factor)
            rows.append(
                {
                    "factor": factor,
                    "label": ws.model.factors[factor].label,
                    "direction": ws.model.factors[factor].direction,
                    "value": float(ws.values[self.country, f]),
                    "low": float(low[self.country, f]),
                    "high": float(high[self.country, f]),
                    "confidence": entry.confidence,
                    "normalized": float(self.ranking.normalized[self.country, f]),
                    "weight": float(self.ranking.weights[f]),
                    "contribution": float(self.ranking.contributions[self.country, f]),
                    "as_of": entry.as_of.isoformat() if entry.as_of else "",
                    "note": entry.note,
                    "sources": "; ".join(entry.sources),
                }
            )
        return pd.DataFrame(rows)

    def gap(self) -> np.ndarray | None:
        """Per factor: contribution of the country above minus this one's (positive = behind)."""
        if self.above is None:
            return None
        c = self.ranking.contributions
        above, this = c[self.above], c[self.country]
        # geometric: both at the bottom of a factor (−inf each) do not differ by it
        with np.errstate(invalid="ignore"):
            return np.where(above == this, 0.0, above - this)

    def gap_frame(self) -> pd.DataFrame | None:
        import pandas as pd

        gap = self.gap()
        if gap is None:
            return None
        ws = self.ranking.workspace
        frame = pd.DataFrame({"factor": list(ws.factor_ids), "gap": gap})
        return frame.reindex(frame["gap"].abs().sort_values(ascending=False).index).reset_index(
            drop=True
        )


def explain(ranking: Ranking, country_id: str) -> Explanation:
    from .errors import OptionError, Problem, did_you_mean

    ids = ranking.ids
    if country_id not in ids:
        raise OptionError(
            Problem(f"unknown country '{country_id}'", hint=did_you_mean(country_id, ids))
        )
    order = list(ranking.order)
    i = ids.index(country_id)
    position = order.index(i)
    above = int(order[position - 1]) if position > 0 else None
    return Explanation(ranking, i, above)
