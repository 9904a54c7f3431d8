"""What `scenarios panel` shows: where the analysts of a panel disagree, whether it matters, the
ranking each analyst's own numbers give beside the pooled one, and their track records.

Pure numpy on top of `engine`, `scoring` and `panel`; no terminal code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses import scoring
from scenarios.core import engine
from scenarios.core.choices import DEFAULT_INTERVAL, DEFAULT_SEED, Aggregation
from scenarios.core.display import frame_html, short_repr
from scenarios.core.errors import OptionError, Problem
from scenarios.panels.panel import Panel, read_panel
from scenarios.panels.pooling import average_ranks, weighted_spearman
from scenarios.panels.selection import no_panel
from scenarios.panels.trackrecord import TrackRecord, track_record
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Spread:
    """How far the analysts are apart on one number (a cell's value, or a factor's weight), and
    whether moving the aggregate to the panel's extremes reorders the pooled ranking."""

    country: int | None  # None for a weight
    factor: int
    aggregate: float
    low: float  # the lowest analyst's
    high: float  # the highest analyst's
    q1: float  # the analysts' quartiles (weighted by their place in the panel)
    q3: float
    furthest: int  # the analyst furthest from the aggregate
    swing: float  # the largest change of a score between the two extremes
    swaps: tuple[tuple[str, str], ...]  # (above, below) pairs of the ranking that swap

    @property
    def range(self) -> float:
        return self.high - self.low


@dataclass(frozen=True, eq=False)
class PanelSummary:
    """The panel of a workspace: per cell and weight the aggregate, the spread and who is
    furthest out (those that reorder the ranking first); each analyst's own ranking and
    probability beside the pooled ones, with their agreement; track records where asked."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    ranking: scoring.Ranking  # the pooled one (the aggregate's scores, the pooled P)
    scores: np.ndarray  # (A, C) each analyst's own
    ranks: np.ndarray  # (A, C)
    probability: np.ndarray | None  # (A, C) each analyst's own P (capped by their gates)
    agreement: np.ndarray  # (A,) weighted Spearman r_W of each analyst's ranking with the pool's
    cells: tuple[Spread, ...]  # the cells the analysts disagree on, those that reorder first
    weights: tuple[Spread, ...]  # the factors whose weight they disagree on (same order)
    record: TrackRecord | None = None

    @property
    def workspace(self) -> Workspace:
        return self.ranking.workspace

    @property
    def panel(self) -> Panel:
        panel = self.workspace.panel
        assert isinstance(panel, Panel)
        return panel

    def rankings_frame(self) -> pd.DataFrame:
        """Indexed by country id: the pooled rank, score and P, then each analyst's.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: name, rank, score, probability, then rank_, score_ and probability_
            of each analyst.
        """
        import pandas as pd

        ws, r = self.workspace, self.ranking
        rows = []
        for i in r.order:
            row: dict[str, object] = {
                "id": ws.country_ids[i],
                "name": ws.profiles[i].name,
                "rank": int(r.ranks[i]),
                "score": float(r.scores[i]),
            }
            if r.probability is not None:
                row["probability"] = float(r.probability[i])
            for a, analyst in enumerate(self.panel.analysts):
                row[f"rank_{analyst.id}"] = int(self.ranks[a, i])
                row[f"score_{analyst.id}"] = float(self.scores[a, i])
                if self.probability is not None:
                    row[f"probability_{analyst.id}"] = float(self.probability[a, i])
            rows.append(row)
        return pd.DataFrame(rows).set_index("id")

    def analysts_frame(self) -> pd.DataFrame:
        """Indexed by analyst id: who, how many values of their own, their weights, their weight in
        the panel, their agreement with the pooled ranking, and their note.

        Returns
        -------
        pandas.DataFrame
            Indexed by analyst: name, values_given, weights, panel_weight, agreement (with the
            pooled ranking), note.
        """
        import pandas as pd

        panel = self.panel
        rows = [
            {
                "analyst": a.id,
                "name": a.name,
                "values_given": int(a.given.sum()),
                "weights": a.weighting,
                "panel_weight": float(panel.weights[k]),
                "agreement": float(self.agreement[k]),
                "note": a.note,
            }
            for k, a in enumerate(panel.analysts)
        ]
        return pd.DataFrame(rows).set_index("analyst")

    def cells_frame(self) -> pd.DataFrame:
        """Indexed by country id and factor: every cell, the aggregate, each analyst's value, the
        spread (range and interquartile range), who is furthest out, and the swaps.

        Returns
        -------
        pandas.DataFrame
            Indexed by (id, factor): aggregate, value_ of each analyst, range, iqr, furthest,
            score_swing, swaps.
        """
        import pandas as pd

        ws, panel = self.workspace, self.panel
        by_cell = {(s.country, s.factor): s for s in self.cells}
        rows = []
        for c, cid in enumerate(ws.country_ids):
            for f, factor in enumerate(ws.factor_ids):
                s = by_cell.get((c, f))
                row: dict[str, object] = {
                    "id": cid,
                    "factor": factor,
                    "aggregate": float(ws.values[c, f]),
                }
                for a, analyst in enumerate(panel.analysts):
                    row[f"value_{analyst.id}"] = float(panel.values[a, c, f])
                row |= {
                    "range": s.range if s else 0.0,
                    "iqr": s.q3 - s.q1 if s else 0.0,
                    "furthest": panel.ids[s.furthest] if s else "",
                    "score_swing": s.swing if s else 0.0,
                    "swaps": swaps_text(s.swaps) if s else "",
                }
                rows.append(row)
        return pd.DataFrame(rows).set_index(["id", "factor"])

    def weights_frame(self) -> pd.DataFrame:
        """Indexed by factor: the aggregate effective weight, each analyst's, the spread, and the
        swaps; swing ratings where an analyst gave them.

        Returns
        -------
        pandas.DataFrame
            Indexed by factor: aggregate, weight_ (and swing_) of each analyst, range, furthest,
            swaps.
        """
        import pandas as pd

        ws, panel = self.workspace, self.panel
        by_factor = {s.factor: s for s in self.weights}
        rows = []
        for f, factor in enumerate(ws.factor_ids):
            s = by_factor.get(f)
            row: dict[str, object] = {"factor": factor, "aggregate": float(ws.weights[f])}
            for a, analyst in enumerate(panel.analysts):
                row[f"weight_{analyst.id}"] = float(panel.effective_weights[a, f])
                swing = analyst.swing()
                if swing is not None:
                    row[f"swing_{analyst.id}"] = next(r for n, r, _ in swing if n == factor)
            row |= {
                "range": s.range if s else 0.0,
                "furthest": panel.ids[s.furthest] if s else "",
                "swaps": swaps_text(s.swaps) if s else "",
            }
            rows.append(row)
        return pd.DataFrame(rows).set_index("factor")

    def calibration_frame(self) -> pd.DataFrame:
        """Indexed by analyst (then the pool and the profiles): Brier, log loss and skill on the
        resolved outcomes, and the analyst's weight in the panel.

        Returns
        -------
        pandas.DataFrame
            Indexed by analyst (then the pool and the profiles): Brier, log loss, skill and the
            analyst's weight in the panel.
        """
        if self.record is None:
            raise OptionError(Problem("no track record was asked for"))
        panel = self.panel
        weights = dict(zip(panel.ids, map(float, panel.weights), strict=True))
        return self.record.to_frame(weights)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The panel's tables.

        Returns
        -------
        dict of str to pandas.DataFrame
            panel_analysts, panel_rankings, panel_cells, panel_weights (and panel_calibration
            where asked).
        """
        frames = {
            "panel_analysts": self.analysts_frame(),
            "panel_rankings": self.rankings_frame(),
            "panel_cells": self.cells_frame(),
            "panel_weights": self.weights_frame(),
        }
        if self.record is not None:
            frames["panel_calibration"] = self.calibration_frame()
        return frames


def swaps_text(swaps: tuple[tuple[str, str], ...], most: int | None = None) -> str:
    """'UZ↔TM, KG↔TJ' (the first ``most``, then '+2')."""
    shown = [f"{a}↔{b}" for a, b in swaps[:most]]
    more = len(swaps) - len(shown)
    return ", ".join(shown) + (f" +{more}" if more > 0 else "")


def _swaps(ids: tuple[str, ...], before: np.ndarray, after: np.ndarray) -> set[tuple[str, str]]:
    """Pairs whose order differs between two score vectors: (above before, below before)."""
    tol = engine.TIE_TOLERANCE

    def order(s: np.ndarray) -> np.ndarray:
        return np.sign(
            np.where(np.abs(s[:, None] - s[None, :]) <= tol, 0.0, s[:, None] - s[None, :])
        )

    changed = order(before) != order(after)
    found = set()
    for a, b in zip(*np.nonzero(np.triu(changed, 1)), strict=True):
        first, second = (a, b) if before[a] >= before[b] else (b, a)
        found.add((ids[first], ids[second]))
    return found


def _sorted_swaps(
    ranking: scoring.Ranking, pairs: set[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    place = {ranking.ids[i]: n for n, i in enumerate(ranking.order)}
    return tuple(sorted(pairs, key=lambda p: (place[p[0]], place[p[1]])))


def _quartiles(x: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Weighted first and third quartiles (the trimmed-mean limit at ¼ and ¾, as the median)."""
    order = np.argsort(x, kind="stable")
    xs, cum = x[order], np.cumsum(w[order])

    def at(q: float) -> float:
        first = int(np.argmax(cum >= q - 1e-9))
        after = int(np.argmax(cum > q + 1e-9))
        return float((xs[first] + xs[after]) / 2)

    return at(0.25), at(0.75)


def summarize(
    ws: Workspace,
    *,
    aggregation: Aggregation | None = None,
    horizon: float | None = None,
    level: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
    calibration: bool = False,
) -> PanelSummary:
    """The panel of ``ws`` (which must have one), with its track records if asked."""
    from scenarios.analyses.robustness import rescaled

    panel = ws.panel
    if panel is None:
        raise OptionError(no_panel(ws))
    ranking = scoring.rank(ws, aggregation, horizon, level=level, seed=seed)
    aggregation = ranking.aggregation
    scores = panel.scores(aggregation)
    ranks = engine.ranks(scores)
    probability = None
    if ranking.link is not None and ranking.horizon is not None:
        from scenarios.panels.pooling import caps_of

        joined = scoring.has_joined(ws)
        link, years = ranking.link, ranking.horizon
        probability = np.stack(
            [
                np.where(joined, np.nan, caps_of(a.view)(link.probability(s, years)))
                for a, s in zip(panel.analysts, scores, strict=True)
            ]
        )
    pooled_ranks = average_ranks(ranking.scores)
    agreement = np.array([weighted_spearman(average_ranks(s), pooled_ranks) for s in scores])

    ids, base = ws.country_ids, ranking.scores
    lo, hi = ws.scale
    cells = []
    for c in range(len(ids)):
        for f in range(len(ws.factor_ids)):
            x = panel.values[:, c, f]
            if np.ptp(x) <= 0:
                continue
            pairs: set[tuple[str, str]] = set()
            moved = []
            for extreme in (x.min(), x.max()):
                values = ws.values.copy()
                values[c, f] = extreme
                u = engine.normalize(values, lo, hi, ws.directions)
                s = engine.scores(u, ws.weights, aggregation)
                pairs |= _swaps(ids, base, s)
                moved.append(s[c])
            q1, q3 = _quartiles(x, panel.weights)
            cells.append(
                Spread(
                    c,
                    f,
                    float(ws.values[c, f]),
                    float(x.min()),
                    float(x.max()),
                    q1,
                    q3,
                    int(np.argmax(np.abs(x - ws.values[c, f]))),
                    float(abs(moved[1] - moved[0])),
                    _sorted_swaps(ranking, pairs),
                )
            )
    weights = []
    for f in range(len(ws.factor_ids)):
        x = panel.effective_weights[:, f]
        if np.ptp(x) <= 1e-12:
            continue
        pairs = set()
        moved_scores = []
        for extreme in (x.min(), x.max()):
            s = engine.scores(ws.normalized, rescaled(ws.weights, f, extreme), aggregation)
            pairs |= _swaps(ids, base, s)
            moved_scores.append(s)
        q1, q3 = _quartiles(x, panel.weights)
        weights.append(
            Spread(
                None,
                f,
                float(ws.weights[f]),
                float(x.min()),
                float(x.max()),
                q1,
                q3,
                int(np.argmax(np.abs(x - ws.weights[f]))),
                float(np.abs(moved_scores[1] - moved_scores[0]).max()),
                _sorted_swaps(ranking, pairs),
            )
        )

    def first(s: Spread) -> tuple[bool, float, float]:
        return (not s.swaps, -s.swing, -s.range)

    record = None
    if calibration:
        record = panel.record or track_record(
            panel.plain, panel.analysts, aggregation, part=read_panel
        )
    return PanelSummary(
        ranking,
        scores,
        ranks,
        probability,
        agreement,
        tuple(sorted(cells, key=first)),
        tuple(sorted(weights, key=first)),
        record,
    )
