"""Score a workspace: the validated layer between the numpy kernels and every output.

Results are frozen dataclasses; the CLI, the exports and the Python API all read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses import gates, probability_words
from scenarios.analyses.link import Link, link_of
from scenarios.core import arguments, engine
from scenarios.core.choices import (
    AGGREGATIONS,
    DEFAULT_INTERVAL,
    DEFAULT_LINK_SAMPLES,
    DEFAULT_SEED,
    Aggregation,
)
from scenarios.core.display import frame_html, short_repr
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.workspace.evidence import Staleness


def status_label(ws: Workspace, country_id: str) -> str:
    status = ws.profile(country_id).status
    if status is None or status.state != "joined":
        return ""
    return f"joined {status.date:%Y-%m}" if status.date else "joined"


def has_joined(ws: Workspace) -> np.ndarray:
    return np.array([p.status is not None and p.status.state == "joined" for p in ws.profiles])


UNVALIDATED = "†"  # beside a probability whose link does not beat the base rate out of sample
GATED = "‡"  # beside a probability capped by a gate
TRANSFERRED = "§"  # beside a probability whose link was fitted on other events (`transfer:`)


@dataclass(frozen=True, eq=False)
class Ranking:
    """Scores, ranks and contributions of every country of one (possibly changed) workspace."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    workspace: Workspace
    aggregation: Aggregation
    weights: np.ndarray  # (F,) effective, sums to 1
    normalized: np.ndarray  # (C, F)
    contributions: np.ndarray  # (C, F)
    scores: np.ndarray  # (C,)
    ranks: np.ndarray  # (C,)
    tied: np.ndarray  # (C,)
    probability: np.ndarray | None  # (C,) within `horizon` years, NaN where already joined
    horizon: float | None
    link: Link | None = None
    # the central `level` interval of each probability over the link's uncertainty (C,), (C,)
    interval: tuple[np.ndarray, np.ndarray] | None = None
    level: float = DEFAULT_INTERVAL
    binding: np.ndarray | None = None  # (C, G) True where a gate binds
    # what the interval is drawn over, in plain words, for captions
    covers: tuple[str, ...] = ()

    def marks(self, country: int) -> str:
        """'†' where the link is not validated out of sample, '§' where it was fitted on other
        events, '‡' where a gate caps the probability: printed beside the probability wherever
        it appears."""
        marks = ""
        if self.link is not None and not self.link.validated:
            marks += UNVALIDATED
        if self.link is not None and self.link.transfer:
            marks += TRANSFERRED
        if self.gates_binding(country):
            marks += GATED
        return marks

    def gates_binding(self, country: int) -> list[str]:
        """The names of the gates that block this country (its probability is capped)."""
        if self.binding is None:
            return []
        names = tuple(self.workspace.model.gates)
        return [names[g] for g in np.flatnonzero(self.binding[country])]

    @property
    def base_probability(self) -> float | None:
        """What the reference class alone gives within the horizon, the same for every country:
        the figure beside each probability that shows what the factors add. None without a
        base rate (a link with its own intercept) or without a probability."""
        base = self.link.base if self.link is not None else None
        if self.probability is None or self.horizon is None or base is None:
            return None
        return probability_words.base_rate_probability(base, self.horizon)

    def interval_of(self, country: int) -> tuple[float | None, float | None]:
        """(low, high) of the country's probability, (None, None) without an interval."""
        if self.interval is None:
            return None, None
        return float(self.interval[0][country]), float(self.interval[1][country])

    def words(self, country: int, lang: probability_words.Lang = "en") -> str:
        """The yardstick's words for the country's probability as shown ('' without one)."""
        if self.probability is None:
            return ""
        return probability_words.words(
            float(self.probability[country]), *self.interval_of(country), lang=lang
        )

    @property
    def ids(self) -> tuple[str, ...]:
        return self.workspace.country_ids

    @cached_property
    def order(self) -> np.ndarray:
        """Country indices from rank 1 down (ties by id, for a stable listing)."""
        ids = self.ids
        return np.array(sorted(range(len(ids)), key=lambda i: (self.ranks[i], ids[i])))

    def drivers(self, country: int) -> tuple[str, str]:
        """The factor lifting the score most and the one holding it back most, measured against
        a neutral value (the middle of the scale): w·(u − ½). '' where no factor does."""
        push = np.round(self.weights * (self.normalized[country] - 0.5), 12)  # ties: first wins
        factors = self.workspace.factor_ids
        up, down = int(np.argmax(push)), int(np.argmin(push))
        return (factors[up] if push[up] > 0 else "", factors[down] if push[down] < 0 else "")

    def to_frame(self) -> pd.DataFrame:
        """One row a country, in rank order.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: rank, name (and name_ar), score, probability with its interval
            (probability_low, probability_high) and words, the base rate's probability, status,
            tied, and the factors that push (top_for) and pull (top_against) most.
        """
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
            if self.interval is not None:
                row["probability_low"] = float(self.interval[0][i])
                row["probability_high"] = float(self.interval[1][i])
            if self.probability is not None:
                row["probability_words"] = self.words(i)
                row["probability_words_ar"] = self.words(i, "ar")
                base = self.base_probability
                row["base_rate_probability"] = float("nan") if base is None else base
            if ws.model.gates:
                row["gates"] = "; ".join(self.gates_binding(i))
            row |= {
                "status": status_label(ws, profile.id),
                "tied": bool(self.tied[i]),
                "top_for": up,
                "top_against": down,
            }
            rows.append(row)
        return pd.DataFrame(rows).set_index("id")

    def contributions_frame(self) -> pd.DataFrame:
        """Each country's factors: what each adds to its score.

        Returns
        -------
        pandas.DataFrame
            Indexed by (id, factor): value, normalized (0-1), weight (effective) and
            contribution.
        """
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
        return pd.DataFrame(rows).set_index(["id", "factor"])

    def matrix_frame(self) -> pd.DataFrame:
        """The countries × factors table of values.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: name, then one column a factor (its value).
        """
        import pandas as pd

        ws = self.workspace
        frame = pd.DataFrame(ws.values, columns=list(ws.factor_ids))
        frame.insert(0, "name", [p.name for p in ws.profiles])
        frame.insert(0, "id", list(ws.country_ids))
        return frame.iloc[self.order].set_index("id")


def link_covers(link: Link) -> tuple[str, ...]:
    """What rank's interval draws of the link, in the fewest words: 'the link (slope, base
    rate)' and 'its 5 alternatives' (other slopes and equal weights alike)."""
    drawn = (
        "the link (slope, base rate)" if link.base is not None else "the link (intercept, slope)"
    )
    n = len(link.alternatives)
    return (drawn, "its alternative" if n == 1 else f"its {n} alternatives") if n else (drawn,)


def rank(
    ws: Workspace,
    aggregation: Aggregation | None = None,
    horizon: float | None = None,
    *,
    level: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
    link_samples: int = DEFAULT_LINK_SAMPLES,
) -> Ranking:
    """Score and rank every country of the workspace; where the model has a link, each
    probability comes with its central `level` interval over the link's uncertainty (drawn
    with `seed`), capped where a gate binds."""
    arguments.number("level", level, above=0, at_most=0.999)
    arguments.whole("seed", seed)
    arguments.whole("link_samples", link_samples, at_least=100)
    if aggregation is None:
        aggregation = ws.model.aggregation
    elif aggregation not in AGGREGATIONS:
        arguments.choice("aggregation", aggregation, AGGREGATIONS)
    u = ws.normalized
    w = ws.weights
    s = engine.scores(u, w, aggregation)
    r = engine.ranks(s)
    probability = None
    if horizon is not None:
        horizon = arguments.number("horizon", horizon, above=0, at_most=100)
    else:
        horizon = ws.model.horizon_years
    link = link_of(ws, aggregation)
    interval = None
    covers: tuple[str, ...] = ()
    binds = gates.binding(ws) if ws.model.gates else None
    if link is not None:
        horizon = horizon or 1.0
        joined = has_joined(ws)
        probability = link.probability(s, horizon)
        if binds is not None:
            probability = gates.capped(probability, binds, gates.caps(ws))
        if ws.panel is not None:  # the analysts' probabilities, pooled
            probability, low, high = ws.panel.probability(
                link, aggregation, horizon, level, link_samples, seed
            )
            covers = tuple(f"{c} of each analyst" for c in link.covers[:1]) + link.covers[1:]
        else:  # the interval over the weights, the values and the link, drawn together
            from scenarios.analyses.montecarlo import probability_interval

            low, high = probability_interval(ws, aggregation, horizon, level, link_samples, seed)
            # The figure is the files' own world; where it lies outside the central interval
            # of the drawn worlds (a geometric score at the bottom of a range, say), the
            # interval reaches to it, so a reader never sees a figure outside its interval.
            low, high = np.fmin(low, probability), np.fmax(high, probability)
            covers = ("weights", "values", *link_covers(link))
        probability = np.where(joined, np.nan, probability)
        interval = (np.where(joined, np.nan, low), np.where(joined, np.nan, high))
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
        interval=interval,
        level=level,
        binding=binds,
        covers=covers,
    )


@dataclass(frozen=True, eq=False)
class Explanation:
    """One country's factor table and its gap to the country ranked just above it."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    ranking: Ranking
    country: int
    above: int | None  # index of the country ranked just above, None for rank 1

    @property
    def id(self) -> str:
        return self.ranking.ids[self.country]

    @property
    def staleness(self) -> Staleness:
        """The rule that marks the `stale` column: older than the model's stale_after_years
        at the evidence date."""
        from scenarios.workspace.evidence import staleness

        return staleness(self.ranking.workspace)

    def to_frame(self) -> pd.DataFrame:
        """The country's factors, one row each: value, range, weight, contribution and evidence.

        Returns
        -------
        pandas.DataFrame
            Indexed by factor: label, direction, value, low, high, confidence, normalized,
            weight, contribution, as_of, stale, basis, note, sources and gap_to_above.
        """
        import pandas as pd

        ws = self.ranking.workspace
        low, high = ws.ranges
        rule = self.staleness
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
                    "stale": rule.is_stale(entry.as_of),
                    "basis": entry.basis or "",
                    "note": entry.note,
                    "sources": "; ".join(entry.sources),
                }
            )
        frame = pd.DataFrame(rows)
        if ws.panel is not None:  # whose values each cell's aggregate follows
            panel = ws.panel
            frame["rests_on"] = [panel.rests_on(self.country, f) for f in range(len(ws.factor_ids))]
        gap = self.gap()
        frame["gap_to_above"] = gap if gap is not None else float("nan")
        return frame.set_index("factor")

    def gap(self) -> np.ndarray | None:
        """Per factor: contribution of the country above minus this one's (positive = behind)."""
        if self.above is None:
            return None
        c = self.ranking.contributions
        above, this = c[self.above], c[self.country]
        # geometric: both at the bottom of a factor (−inf each) do not differ by it
        with np.errstate(invalid="ignore"):
            return np.asarray(np.where(above == this, 0.0, above - this))

    def gap_frame(self) -> pd.DataFrame | None:
        """The gap to the country ranked just above, factor by factor.

        Returns
        -------
        pandas.DataFrame
            Indexed by factor: gap (this country's contribution minus the other's).
        """
        import pandas as pd

        gap = self.gap()
        if gap is None:
            return None
        ws = self.ranking.workspace
        frame = pd.DataFrame({"factor": list(ws.factor_ids), "gap": gap})
        order = frame["gap"].abs().sort_values(ascending=False).index
        return frame.reindex(order).set_index("factor")


def explain(ranking: Ranking, country_id: str) -> Explanation:
    """One country's explanation; the country may be given by id in any case or by name."""
    order = list(ranking.order)
    i = ranking.workspace.country_index(country_id)
    position = order.index(i)
    above = int(order[position - 1]) if position > 0 else None
    return Explanation(ranking, i, above)
