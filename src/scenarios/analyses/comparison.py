"""Baseline against what-if scenarios: scores, ranks and the factors behind each change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses import scoring
from scenarios.core.choices import DEFAULT_INTERVAL, DEFAULT_SEED, Aggregation
from scenarios.core.display import frame_html, short_repr
from scenarios.workspace.load import Workspace
from scenarios.workspace.scenario import WhatIf
from scenarios.workspace.whatif import apply_whatif

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, eq=False)
class Comparison:
    """The baseline ranking and one ranking per what-if, each applied alone to the baseline."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    baseline: scoring.Ranking
    scenarios: dict[str, scoring.Ranking]  # what-if name -> ranking with it applied

    @property
    def ids(self) -> tuple[str, ...]:
        return self.baseline.ids

    def score_change(self, name: str) -> np.ndarray:
        return np.asarray(self.scenarios[name].scores - self.baseline.scores)

    def probability_change(self, name: str) -> np.ndarray | None:
        """(C,) the change of each probability within the horizon (a fraction: 0.031 is 3.1
        points), NaN where a country has joined; None without a link."""
        before, after = self.baseline.probability, self.scenarios[name].probability
        if before is None or after is None:
            return None
        return np.asarray(after - before)

    def rank_change(self, name: str) -> np.ndarray:
        """Positive = moved up (e.g. from 3 to 2 is +1)."""
        return np.asarray(self.baseline.ranks - self.scenarios[name].ranks)

    def contribution_change(self, name: str) -> np.ndarray:
        """(C, F) change of each factor's contribution; sums to the score change (additive).
        Geometric: a factor at the bottom of its scale in both (−inf each) did not change."""
        return self._contribution_changes[name]

    @cached_property
    def _contribution_changes(self) -> dict[str, np.ndarray]:
        """Every what-if's (C, F) change, computed once (drivers() reads one row per cell)."""
        base = self.baseline.contributions
        with np.errstate(invalid="ignore"):
            return {
                name: np.asarray(
                    np.where(result.contributions == base, 0.0, result.contributions - base)
                )
                for name, result in self.scenarios.items()
            }

    def drivers(self, name: str, country: int, top: int = 2) -> list[tuple[str, float]]:
        """The factors whose contribution moved most for this country, largest first."""
        change = self.contribution_change(name)[country]
        order = np.argsort(-np.abs(change), kind="stable")[:top]
        factors = self.baseline.workspace.factor_ids
        return [(factors[f], float(change[f])) for f in order if abs(change[f]) > 1e-12]

    def to_frame(self) -> pd.DataFrame:
        """Each country under the baseline and under each what-if.

        Returns
        -------
        pandas.DataFrame
            Indexed by (id, scenario), 'baseline' first: name, score, rank, score_change and
            rank_change (positive: moved up).
        """
        import pandas as pd

        ws = self.baseline.workspace
        changes = {
            name: (self.score_change(name), self.rank_change(name)) for name in self.scenarios
        }
        rows = []
        for i in self.baseline.order:
            base = {"id": ws.country_ids[i], "name": ws.profiles[i].name}
            rows.append(
                base
                | {
                    "scenario": "baseline",
                    "score": float(self.baseline.scores[i]),
                    "rank": int(self.baseline.ranks[i]),
                    "score_change": 0.0,
                    "rank_change": 0,
                }
            )
            for name, result in self.scenarios.items():
                rows.append(
                    base
                    | {
                        "scenario": name,
                        "score": float(result.scores[i]),
                        "rank": int(result.ranks[i]),
                        "score_change": float(changes[name][0][i]),
                        "rank_change": int(changes[name][1][i]),
                    }
                )
        return pd.DataFrame(rows).set_index(["id", "scenario"])

    def drivers_frame(self) -> pd.DataFrame:
        """The factors behind each what-if's changes.

        Returns
        -------
        pandas.DataFrame
            Indexed by (scenario, id, factor), only where a contribution moved:
            contribution_change.
        """
        import pandas as pd

        ws = self.baseline.workspace
        rows = []
        for name in self.scenarios:
            change = self.contribution_change(name)
            for i in self.baseline.order:
                for f, factor in enumerate(ws.factor_ids):
                    if abs(change[i, f]) > 1e-12:
                        rows.append(
                            {
                                "scenario": name,
                                "id": ws.country_ids[i],
                                "factor": factor,
                                "contribution_change": float(change[i, f]),
                            }
                        )
        columns = ["scenario", "id", "factor", "contribution_change"]
        return pd.DataFrame(rows, columns=columns).set_index(["scenario", "id", "factor"])


def compare(
    ws: Workspace,
    names: Sequence[str] | None = None,
    aggregation: Aggregation | None = None,
    *,
    level: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
    baseline: scoring.Ranking | None = None,
) -> Comparison:
    """Rank the baseline and each named what-if (default: all, in file-name order).
    `baseline`: the workspace's ranking where the caller already has it (same aggregation,
    level and seed), so it is not drawn twice."""
    applied = {c.name for c in ws.changes if isinstance(c, WhatIf)}
    if not names:  # all, except those already applied to the baseline
        names = [name for name in ws.whatifs if name not in applied]
    names = list(dict.fromkeys(names))
    if baseline is None:
        baseline = scoring.rank(ws, aggregation, level=level, seed=seed)
    return Comparison(
        baseline,
        {
            name: scoring.rank(
                apply_whatif(ws, name, "what-if"), aggregation, level=level, seed=seed
            )
            for name in names
        },
    )
