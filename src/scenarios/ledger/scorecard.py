"""Score the ledger's forecasts once their outcomes resolve: Brier and log scores per record and
over time, against each record's base rate.

A record forecasts, for each country not yet joined, the event within its horizon of its evidence
date (`event.as_of` when it was made, else the day it was made). The outcomes are the statuses of
the workspace's profiles now, read with the rule of `likelihood.resolved_outcomes`: a join dated
within the horizon is an event as soon as it is recorded; a non-event needs the horizon to have
passed and a status checked (`as_of`) on or after its end, since a status checked before it
cannot say the event did not happen in time. Nothing else is scored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses.likelihood import EPS, brier, log_loss, resolved_outcomes
from scenarios.core.display import frame_html, short_repr
from scenarios.ledger.records import Ledger, whatifs_of
from scenarios.workspace.load import Workspace
from scenarios.workspace.schema import Event, LedgerRecord

if TYPE_CHECKING:
    import pandas as pd

EVENT = "event"
NON_EVENT = "non-event"
OPEN = "unresolved"
BEFORE = "before"  # joined on or before the record's evidence date: not a forecast


@dataclass(frozen=True)
class Forecast:
    """One country's probability in one record, and how (or whether) it resolved."""

    record: int
    date: dt.date
    id: str
    name: str
    probability: float
    outcome: str  # EVENT, NON_EVENT, OPEN or BEFORE
    resolves: dt.date  # the end of the horizon
    why: str
    low: float | None = None  # the probability's interval as recorded (None: none recorded)
    high: float | None = None

    @property
    def resolved(self) -> bool:
        return self.outcome in (EVENT, NON_EVENT)

    @property
    def y(self) -> float:
        return 1.0 if self.outcome == EVENT else 0.0


def _start(record: LedgerRecord) -> dt.date:
    return record.as_of if record.as_of is not None else record.date


def resolve(ws: Workspace, record: LedgerRecord, today: dt.date) -> list[Forecast]:
    """The forecasts of one record with their outcomes by `today`."""
    if record.horizon is None:
        return []
    start = _start(record)
    event = Event(definition="", as_of=start)
    as_of = replace(ws, model=ws.model.model_copy(update={"event": event}))
    found = resolved_outcomes(as_of, record.horizon, today)
    assert found.resolves is not None
    resolves = found.resolves
    outcome: dict[str, tuple[str, str]] = {}
    for i, y in zip(found.index, found.y, strict=True):
        profile = ws.profiles[int(i)]
        status = profile.status
        assert status is not None
        if y == 1:
            outcome[profile.id] = (EVENT, f"joined {status.date} within the horizon")
        elif status.state == "joined":
            outcome[profile.id] = (NON_EVENT, f"joined {status.date}, after the horizon")
        else:
            outcome[profile.id] = (NON_EVENT, f"not joined (checked {status.as_of})")
    for cid in found.unchecked:
        checked = ws.profiles[ws.country_index(cid)].status
        when = f"checked {checked.as_of}" if checked and checked.as_of else "no date checked"
        outcome[cid] = (OPEN, f"status {when}, before the horizon ended")
    for cid in found.undated:
        outcome[cid] = (OPEN, "joined, but the date is not recorded")
    for cid in found.unresolved:
        outcome[cid] = (OPEN, f"the horizon ends {resolves}")
    for cid in found.before:
        outcome[cid] = (BEFORE, f"joined on or before {start}")
    forecasts = []
    for c in record.countries:
        if c.probability is None:
            continue  # joined when recorded: not a forecast
        kind, why = outcome.get(c.id, (OPEN, "no status recorded"))
        if c.id not in ws.country_ids:
            kind, why = OPEN, "no longer in the workspace"
        forecasts.append(
            Forecast(
                record.record,
                record.date,
                c.id,
                c.name,
                c.probability,
                kind,
                resolves,
                why,
                low=c.low,
                high=c.high,
            )
        )
    return forecasts


@dataclass(frozen=True)
class Scores:
    """Brier score and log loss of some resolved forecasts, and of the base rate on them."""

    resolved: int
    events: int
    brier: float
    brier_base: float
    log_loss: float
    log_loss_base: float

    @property
    def skill(self) -> float:
        """1 − Brier / Brier of the base rate (above 0: better than the base rate)."""
        if not self.brier_base > 0:
            return float("nan")
        return 1 - self.brier / self.brier_base


def nan_if_none(x: float | None) -> float:
    return float("nan") if x is None else x


def scores_of(forecasts: list[Forecast], base: list[float | None]) -> Scores:
    """The scores of the resolved forecasts among `forecasts`; `base` is each one's base rate
    over its horizon (None: unknown)."""
    nan = float("nan")
    chosen = [(f, b) for f, b in zip(forecasts, base, strict=True) if f.resolved]
    if not chosen:
        return Scores(0, 0, nan, nan, nan, nan)
    p = np.array([f.probability for f, _ in chosen])
    y = np.array([f.y for f, _ in chosen])
    known = all(b is not None for _, b in chosen)
    q = np.array([b if b is not None else nan for _, b in chosen])
    return Scores(
        resolved=len(chosen),
        events=int(y.sum()),
        brier=brier(p, y),
        brier_base=brier(q, y) if known else nan,
        log_loss=log_loss(p, y),
        log_loss_base=log_loss(q, y) if known else nan,
    )


@dataclass(frozen=True, eq=False)
class Scorecard:
    """Every record's forecasts against the outcomes resolved by `today`."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    workspace: Workspace
    ledger: Ledger
    today: dt.date
    records: tuple[LedgerRecord, ...]  # in time order, made on or before `today`
    forecasts: tuple[tuple[Forecast, ...], ...]  # per record
    later: int = 0  # records dated after `today`: not made yet on that day, so not scored
    hypotheses: int = 0  # records made under a what-if: not forecasts, so not scored

    def _base(self, n: int) -> list[float | None]:
        return [self.records[n].base_probability] * len(self.forecasts[n])

    def per_record(self, n: int) -> Scores:
        return scores_of(list(self.forecasts[n]), self._base(n))

    def to_date(self, n: int) -> Scores:
        """All records up to the n-th (in time order) pooled: the score over time. Read off
        running sums (`_running`), so that scoring every record to date is linear in the
        number of records, not quadratic."""
        nan = float("nan")
        running, k = self._running, int(self._ends[n])
        resolved = int(running[0, k])
        if resolved == 0:
            return Scores(0, 0, nan, nan, nan, nan)
        known = running[2, k] == 0  # every resolved forecast's base rate is known
        return Scores(
            resolved=resolved,
            events=int(running[1, k]),
            brier=float(running[3, k] / resolved),
            brier_base=float(running[4, k] / resolved) if known else nan,
            log_loss=float(running[5, k] / resolved),
            log_loss_base=float(running[6, k] / resolved) if known else nan,
        )

    @cached_property
    def _ends(self) -> np.ndarray:
        """Where each record's forecasts end in the forecasts of all records, in order."""
        ends: np.ndarray = np.cumsum([len(part) for part in self.forecasts], dtype=int)
        return ends

    @cached_property
    def _running(self) -> np.ndarray:
        """(7, F + 1): for the first k forecasts of all records in order (column k), the sums
        over the resolved ones of: 1, y, base rate unknown, the Brier and log-loss terms of
        the forecast and of the base rate."""
        chosen = [
            (f, b)
            for n, part in enumerate(self.forecasts)
            for f, b in zip(part, self._base(n), strict=True)
        ]
        resolved = np.array([f.resolved for f, _ in chosen], dtype=bool)
        p = np.array([f.probability for f, _ in chosen], dtype=float)
        y = np.array([f.y for f, _ in chosen], dtype=float)
        q = np.array([nan_if_none(b) for _, b in chosen], dtype=float)
        unknown = np.isnan(q)
        q = np.where(unknown, 0.5, q)  # any number: left out where unknown

        def loss(x: np.ndarray) -> np.ndarray:
            x = np.clip(x, EPS, 1 - EPS)
            out: np.ndarray = -(y * np.log(x) + (1 - y) * np.log(1 - x))
            return out

        terms = np.array(
            [np.ones_like(p), y, unknown, (p - y) ** 2, (q - y) ** 2, loss(p), loss(q)]
        )
        terms = np.where(resolved, terms, 0.0)
        return np.concatenate([np.zeros((7, 1)), np.cumsum(terms, axis=1)], axis=1)

    @property
    def overall(self) -> Scores:
        return self.to_date(len(self.records) - 1) if self.records else scores_of([], [])

    def count(self, n: int, outcome: str) -> int:
        return sum(f.outcome == outcome for f in self.forecasts[n])

    @property
    def countries_resolved(self) -> tuple[int, int]:
        """(countries, of which joined) behind the resolved forecasts. Every record scores the
        same countries' outcomes again, so pooled forecasts are not independent tests: these
        are the outcomes the scores rest on."""
        joined: dict[str, bool] = {}
        for part in self.forecasts:
            for f in part:
                if f.resolved:
                    joined[f.id] = joined.get(f.id, False) or f.outcome == EVENT
        return len(joined), sum(joined.values())

    @property
    def unresolved(self) -> int:
        return sum(self.count(n, OPEN) for n in range(len(self.records)))

    @property
    def next_resolution(self) -> dt.date | None:
        """The earliest end of a horizon among the unresolved forecasts."""
        ends = [f.resolves for part in self.forecasts for f in part if f.outcome == OPEN]
        return min(ends) if ends else None

    def to_frame(self) -> pd.DataFrame:
        """One row per record in time order, indexed by its number: counts, its own scores, and the
        scores of every record up to it pooled ('to date').

        Returns
        -------
        pandas.DataFrame
            Indexed by record: date, forecasts, resolved, events, unresolved, brier,
            brier_base_rate, skill, log_loss, log_loss_base_rate, brier_to_date, skill_to_date.
        """
        import pandas as pd

        rows = []
        for n, record in enumerate(self.records):
            own, pooled = self.per_record(n), self.to_date(n)
            rows.append(
                {
                    "record": record.record,
                    "date": record.date.isoformat(),
                    "forecasts": len(self.forecasts[n]),
                    "resolved": own.resolved,
                    "events": own.events,
                    "unresolved": self.count(n, OPEN),
                    "brier": own.brier,
                    "brier_base_rate": own.brier_base,
                    "skill": own.skill,
                    "log_loss": own.log_loss,
                    "log_loss_base_rate": own.log_loss_base,
                    "brier_to_date": pooled.brier,
                    "skill_to_date": pooled.skill,
                }
            )
        columns = [
            "record",
            "date",
            "forecasts",
            "resolved",
            "events",
            "unresolved",
            "brier",
            "brier_base_rate",
            "skill",
            "log_loss",
            "log_loss_base_rate",
            "brier_to_date",
            "skill_to_date",
        ]
        return pd.DataFrame(rows, columns=columns).set_index("record")

    def forecasts_frame(self) -> pd.DataFrame:
        """Every forecast, indexed by (record, id): its probability and how it resolved.

        Returns
        -------
        pandas.DataFrame
            Indexed by (record, id): date, name, probability, outcome, resolves, why.
        """
        import pandas as pd

        columns = ["record", "id", "date", "name", "probability", "outcome", "resolves", "why"]
        rows = [
            {
                "record": f.record,
                "id": f.id,
                "date": f.date.isoformat(),
                "name": f.name,
                "probability": f.probability,
                "outcome": f.outcome,
                "resolves": f.resolves.isoformat(),
                "why": f.why,
            }
            for part in self.forecasts
            for f in part
        ]
        return pd.DataFrame(rows, columns=columns).set_index(["record", "id"])

    def frames(self) -> dict[str, pd.DataFrame]:
        """The scores and the forecasts.

        Returns
        -------
        dict of str to pandas.DataFrame
            'scores' (`to_frame`) and 'forecasts' (`forecasts_frame`).
        """
        return {"scores": self.to_frame(), "forecasts": self.forecasts_frame()}


def scorecard(ws: Workspace, ledger: Ledger, today: dt.date | None = None) -> Scorecard:
    """The ledger's forecasts scored as of `today` (default: the date now): records dated later
    did not exist yet on that day and are left out, as is anything else dated after it, and so
    are records made under a what-if (older ledgers may hold some): not forecasts."""
    today = dt.date.today() if today is None else today
    made = [r for r in ledger.in_time_order() if r.date <= today]
    records = tuple(r for r in made if not whatifs_of(r))
    return Scorecard(
        ws,
        ledger,
        today,
        records,
        tuple(tuple(resolve(ws, r, today)) for r in records),
        later=len(ledger.records) - len(made),
        hypotheses=len(made) - len(records),
    )
