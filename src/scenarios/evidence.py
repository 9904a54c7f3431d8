"""The evidence behind every value, and the factors with their labels, as plain tables.

Staleness is judged against the workspace's own evidence date (its latest dated value), not
today's date, so a report or an export made later from the same files says the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from .workspace import Workspace

URL = re.compile(r"https?://[^\s;<>\"']+[^\s;<>\"'.,)\]]")


def evidence_date(ws: Workspace) -> dt.date | None:
    """The date the assessment speaks for: the model's `event.as_of`, else the latest `as_of`
    of any value."""
    if ws.model.event is not None:
        return ws.model.event.as_of
    dates = [e.as_of for p in ws.profiles for e in p.factors.values() if e.as_of is not None]
    return max(dates) if dates else None


def age_years(as_of: dt.date | None, reference: dt.date | None) -> float | None:
    if as_of is None or reference is None:
        return None
    return (reference - as_of).days / 365.25


def is_stale(ws: Workspace, as_of: dt.date | None, reference: dt.date | None) -> bool:
    """Older than the model's `stale_after_years` at the evidence date."""
    years = ws.model.stale_after_years
    age = age_years(as_of, reference)
    return years is not None and age is not None and age > years


def evidence_frame(ws: Workspace) -> pd.DataFrame:
    """One row per country and factor: value, range, confidence, date, note, sources."""
    import pandas as pd

    low, high = ws.ranges
    reference = evidence_date(ws)
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
                    "stale": is_stale(ws, entry.as_of, reference),
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
