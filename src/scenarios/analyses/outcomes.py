"""The resolved outcomes of a cohort within a horizon, and the hash that names the cohort."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from scenarios.core import arguments
from scenarios.core.errors import Problem, WorkspaceError
from scenarios.workspace.load import Workspace
from scenarios.workspace.schema import ProfileFile


def checked_horizon(ws: Workspace, horizon: float | None) -> float:
    """The horizon asked for, else the model's, else one year; checked."""
    if horizon is not None:
        return arguments.number("horizon", horizon, above=0, at_most=100)
    return ws.model.horizon_years or 1.0


@dataclass(frozen=True)
class Outcomes:
    """Which recorded outcomes have resolved by `today`, for a forecast made on the evidence
    date (`event.as_of`) over `horizon` years."""

    index: np.ndarray  # countries whose outcome has resolved
    y: np.ndarray  # 1 = the event happened within the horizon, 0 = it did not
    unresolved: tuple[str, ...]  # not joined, and the horizon has not passed
    before: tuple[str, ...]  # joined on or before the evidence date: not a forecast
    as_of: dt.date | None
    resolves: dt.date | None  # the evidence date plus the horizon
    # not joined and the horizon has passed, but the status was not checked after it ended
    unchecked: tuple[str, ...] = ()
    undated: tuple[str, ...] = ()  # joined, but when is not recorded: within the horizon or not?


def resolved_outcomes(ws: Workspace, horizon: float, today: dt.date | None = None) -> Outcomes:
    """Score an outcome only once it has resolved: a join within the horizon counts as an
    event; a country counts as a non-event only once the horizon has passed since the evidence
    date and its status says it was checked (`as_of`) on or after the horizon's end: a status
    last checked earlier cannot tell a join in the meantime from none. A join without its date
    is not scored (it may have come after the horizon), and nothing dated after `today` is
    known on `today`: a join dated later counts as not (yet) joined. Without `event.as_of` in
    model.yaml the tool cannot tell when the horizon ends, and says so."""
    event = ws.model.event
    if event is None:
        raise WorkspaceError(
            ws.documents["model"].problem(
                (),
                "a backtest or calibration needs the date of the evidence, to know which "
                "outcomes have resolved",
                "add `event: {definition: ..., as_of: YYYY-MM-DD}` to model.yaml",
            )
        )
    today = dt.date.today() if today is None else today
    resolves = event.as_of + dt.timedelta(days=round(horizon * 365.25))
    index: list[int] = []
    y: list[float] = []
    unresolved: list[str] = []
    before: list[str] = []
    unchecked: list[str] = []
    undated: list[str] = []
    for i, profile in enumerate(ws.profiles):
        status = profile.status
        if status is None:
            continue
        if status.state == "joined":
            if status.date is None:
                undated.append(profile.id)
            elif status.date <= event.as_of:
                before.append(profile.id)
            elif status.date <= resolves and status.date <= today:
                index.append(i)
                y.append(1.0)
            elif today >= resolves:  # joined after the horizon (known from the join's date)
                index.append(i)
                y.append(0.0)
            else:  # the join comes after `today`: on `today` the country had not joined
                unresolved.append(profile.id)
        elif today < resolves:
            unresolved.append(profile.id)
        elif status.as_of is not None and status.as_of >= resolves:
            index.append(i)
            y.append(0.0)
        else:
            unchecked.append(profile.id)
    return Outcomes(
        np.array(index, dtype=int),
        np.array(y, dtype=float),
        tuple(unresolved),
        tuple(before),
        event.as_of,
        resolves,
        tuple(unchecked),
        tuple(undated),
    )


def require_both_outcomes(ws: Workspace, found: Outcomes, what: str) -> None:
    y = found.y
    if len(y) >= 3 and 0 < y.sum() < len(y):
        return
    pending = (
        f"; not yet resolved (the horizon ends {found.resolves}): {', '.join(found.unresolved)}"
        if found.unresolved
        else ""
    )
    if found.undated:
        pending += (
            f"; joined, but the date is not recorded (add `date` to its status): "
            f"{', '.join(found.undated)}"
        )
    if found.unchecked:
        pending += (
            f"; status not checked since the horizon ended (set its `as_of` to "
            f"{found.resolves} or later once checked): {', '.join(found.unchecked)}"
        )
    raise WorkspaceError(
        Problem(
            f"{ws.name}: {what} needs at least 3 resolved outcomes, both events and non-events "
            f"(found {len(y)}, {int(y.sum())} events){pending}",
            ws.root / "profiles",
            hint="an outcome is scored only once it has resolved; record outcomes under `status:`",
        )
    )


def cohort_hash(ws: Workspace) -> str:
    """SHA-256 of what a backtest scores: the cohort rule and the event (definition and date)
    of model.yaml, the scale, and every profile's values and status, in a canonical form (sorted
    keys, no spaces). Notes, translations, sources, ranges, weights and what-ifs are not in it:
    quote the hash before a run to pre-register the cohort, and any later change to what is
    scored shows."""
    import hashlib
    import json

    model = ws.model
    event = model.event

    def status(profile: ProfileFile) -> dict[str, object] | None:
        if profile.status is None:
            return None
        return profile.status.model_dump(mode="json", exclude={"note", "note_ar", "sources"})

    content = {
        "rule": model.cohort.rule if model.cohort is not None else None,
        # a translation changes nothing scored, so the hash of a pre-registered cohort stays
        "event": event.model_dump(mode="json", exclude={"definition_ar"})
        if event is not None
        else None,
        "scale": model.scale.model_dump(mode="json"),
        "profiles": {
            p.id: {
                "values": {name: e.value for name, e in sorted(p.factors.items())},
                "status": status(p),
            }
            for p in sorted(ws.profiles, key=lambda p: p.id)
        },
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
