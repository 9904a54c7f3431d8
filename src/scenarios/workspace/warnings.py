"""What `validate` mentions without failing: stale evidence, values with no source, and what is
dated after the event (hindsight)."""

from __future__ import annotations

from scenarios.core.errors import Problem
from scenarios.workspace.evidence import staleness
from scenarios.workspace.hindsight import later_in_entry
from scenarios.workspace.load import Workspace
from scenarios.workspace.sources import source_warnings


def warnings(ws: Workspace) -> list[Problem]:
    """Things `validate` mentions without failing: stale evidence (by the one rule of
    `evidence.staleness`, at the evidence date, never today's), values with no source, and
    evidence, notes or sources dated after the event's `as_of` (hindsight)."""
    found: list[Problem] = []
    rule = staleness(ws)
    as_of = ws.model.event.as_of if ws.model.event is not None else None
    for profile in ws.profiles:
        doc = ws.documents[f"profile:{profile.id}"]
        for name, entry in profile.factors.items():
            path = ("factors", name)
            if as_of is not None:
                found += later_in_entry(doc, path, f"{profile.id}.{name}", entry, as_of)
            if rule.is_stale(entry.as_of):
                found.append(
                    doc.problem(
                        (*path, "as_of"),
                        f"{profile.id}.{name}: evidence dated {entry.as_of} is stale: {rule}",
                        "check for newer evidence",
                    )
                )
            if not entry.sources:
                found.append(
                    doc.problem(
                        path,
                        f"{profile.id}.{name}: value has no source",
                        "add `sources:` so the number can be traced",
                    )
                )
    found += source_warnings(ws.model, ws.profiles, ws.whatifs, ws.documents)
    return [*found, *ws.notices, *(ws.panel.warnings() if ws.panel is not None else [])]
