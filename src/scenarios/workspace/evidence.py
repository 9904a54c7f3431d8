"""The evidence behind every value, and the factors with their labels, as plain tables.

Staleness has one rule (`Staleness`), judged at the workspace's own evidence date (`event.as_of`,
else its latest dated value), never today's date, so `validate`, `explain`, a report or an export
made later from the same files all say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scenarios.workspace.sources import URL as URL  # where the report finds it

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.workspace.load import Workspace


def evidence_date(ws: Workspace) -> dt.date | None:
    """The date the assessment speaks for: the model's `event.as_of`, else the latest `as_of`
    of any value (None where nothing is dated)."""
    if ws.model.event is not None:
        return ws.model.event.as_of
    dates = [e.as_of for p in ws.profiles for e in p.factors.values() if e.as_of is not None]
    return max(dates) if dates else None


def years_before(date: dt.date, years: float) -> dt.date:
    """The calendar date `years` before `date`: whole years by the calendar (29 February falls
    back to the 28th), a fraction of a year as that fraction of 365.25 days."""
    whole = int(years)
    year = date.year - whole
    try:
        back = date.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        back = date.replace(year=year, day=28)
    return back - dt.timedelta(days=round((years - whole) * 365.25))


@dataclass(frozen=True)
class Staleness:
    """The one rule for stale evidence: a value is stale when it is dated more than `years`
    (the model's `stale_after_years`) before `date`, the evidence date (`event.as_of`, else
    the latest dated value). A value dated exactly `years` before is not stale yet. Without
    `stale_after_years`, or where nothing is dated, nothing is stale.

    >>> rule = Staleness(2, dt.date(2026, 5, 31))
    >>> rule.is_stale(dt.date(2024, 5, 31)), rule.is_stale(dt.date(2024, 5, 30))
    (False, True)
    >>> str(rule)
    'older than 2 years at the evidence date, 2026-05-31'
    """

    years: float | None
    date: dt.date | None

    @property
    def applies(self) -> bool:
        """Whether anything can be stale at all."""
        return self.years is not None and self.date is not None

    @property
    def cutoff(self) -> dt.date | None:
        """The earliest date that is not stale."""
        if self.years is None or self.date is None:
            return None
        return years_before(self.date, self.years)

    def is_stale(self, as_of: dt.date | None) -> bool:
        cutoff = self.cutoff
        return cutoff is not None and as_of is not None and as_of < cutoff

    def __str__(self) -> str:
        if self.years is None:
            return "no stale_after_years in model.yaml: nothing is marked stale"
        span = f"{self.years:g} year{'' if self.years == 1 else 's'}"
        if self.date is None:
            return f"older than {span} at the evidence date; no value is dated, so none is stale"
        return f"older than {span} at the evidence date, {self.date.isoformat()}"


def staleness(ws: Workspace) -> Staleness:
    """The workspace's staleness rule: its `stale_after_years` at its evidence date."""
    return Staleness(ws.model.stale_after_years, evidence_date(ws))


def evidence_frame(ws: Workspace) -> pd.DataFrame:
    """One row per country and factor: value, range, confidence, date, note, sources."""
    import pandas as pd

    low, high = ws.ranges
    rule = staleness(ws)
    rows = []
    for c, profile in enumerate(ws.profiles):
        for f, factor in enumerate(ws.factor_ids):
            entry = profile.factors[factor]
            rows.append(
                {
                    "id": profile.id,
                    "name": profile.name,
                    "factor": factor,
                    "label": ws.model.factors[factor].label,
                    "value": float(ws.values[c, f]),
                    "low": float(low[c, f]),
                    "high": float(high[c, f]),
                    "range_given": entry.low is not None or entry.high is not None,
                    "confidence": entry.confidence,
                    "as_of": entry.as_of.isoformat() if entry.as_of else "",
                    "stale": rule.is_stale(entry.as_of),
                    "basis": entry.basis or "",
                    "note": entry.note,
                    "sources": " | ".join(entry.sources),
                }
            )
    return pd.DataFrame(rows)


def factors_frame(ws: Workspace) -> pd.DataFrame:
    """One row per factor: its group, direction, weights and labels in English and Arabic."""
    import pandas as pd

    weights = ws.weights
    rows = []
    for f, (factor, spec) in enumerate(ws.model.factors.items()):
        group = ws.model.groups[spec.group]
        rows.append(
            {
                "factor": factor,
                "label": spec.label,
                "label_ar": spec.label_ar or "",
                "group": spec.group,
                "group_label": group.label,
                "group_label_ar": group.label_ar or "",
                "direction": spec.direction,
                "weight_in_group": spec.weight,
                "group_weight": group.weight,
                "effective_weight": float(weights[f]),
                "description": spec.description,
            }
        )
    return pd.DataFrame(rows)


def countries_frame(ws: Workspace) -> pd.DataFrame:
    """One row per country: id and name in English and Arabic, and its recorded status."""
    import pandas as pd

    rows = []
    for p in ws.profiles:
        rows.append(
            {
                "id": p.id,
                "name": p.name,
                "name_ar": p.name_ar or "",
                "status": p.status.state if p.status else "",
                "status_date": p.status.date.isoformat() if p.status and p.status.date else "",
            }
        )
    return pd.DataFrame(rows)
