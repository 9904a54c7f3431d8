"""The base-rate check: the events the link expects against the base rate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses.link import Link, link_of, reference_members
from scenarios.core.choices import Aggregation
from scenarios.core.display import frame_html, short_repr
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class BaseRateCheck:
    """Calibration in the large: over the base rate's window, the events the link expects among
    the reference class's states against the events observed."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    ids: tuple[str, ...]
    names: tuple[str, ...]
    scores: np.ndarray  # (M,) the states' scores
    expected: np.ndarray  # (M,) each state's probability of the event within the window
    joined: tuple[bool, ...]  # whose profile says it has joined
    observed: int  # base_rate.events
    years: float
    link: Link

    @property
    def total(self) -> float:
        """The events the link expects among the states within the window."""
        return float(self.expected.sum())

    def to_frame(self) -> pd.DataFrame:
        """One row per state of the reference class, and a last row `total`.

        Returns
        -------
        DataFrame indexed by country id: name, score, expected (P of the event within the
        window), joined (1 where the profile says so; the total row gives base_rate.events).
        """
        import pandas as pd

        return pd.DataFrame(
            {
                "name": [*self.names, ""],
                "score": [*self.scores.tolist(), float("nan")],
                "expected": [*self.expected.tolist(), self.total],
                "joined": [*(int(j) for j in self.joined), self.observed],
            },
            index=pd.Index([*self.ids, "total"], name="id"),
        )


def base_rate_check(ws: Workspace, aggregation: Aggregation = "additive") -> BaseRateCheck | None:
    """The check of a link whose intercept comes from a base rate scored in the workspace
    (None where there is no such link)."""
    link = link_of(ws, aggregation)
    if link is None or link.base is None or link.members is None:
        return None
    reference = ws.reference or ws
    members = reference_members(reference)
    assert members is not None  # link.members is set only where they are
    scores = np.array(link.members)
    expected = link.probability(scores, link.base.window)
    profiles = [reference.profiles[i] for i in members]
    return BaseRateCheck(
        ids=tuple(p.id for p in profiles),
        names=tuple(p.name for p in profiles),
        scores=scores,
        expected=expected,
        joined=tuple(p.status is not None and p.status.state == "joined" for p in profiles),
        observed=link.base.events,
        years=link.base.window,
        link=link,
    )
