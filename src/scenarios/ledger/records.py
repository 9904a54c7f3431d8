"""The forecast ledger: `ledger.jsonl` in the workspace folder, one JSON record a line.

`scenarios record` appends the current forecast (each country's score, rank, probability and its
interval) with what it rests on: the date, the workspace's content hash, the tool version, the
options and seed, and the inputs themselves (values, ranges, weights, statuses), so that a record
can be compared with any later state (`scenarios diff record:N`) and scored once outcomes resolve
(`scenarios score`). The file is not YAML, so the workspace's content hash and file discovery
never see it. Appending rewrites the file atomically (temporary file and rename): a reader never
sees half a record, and a failure leaves the ledger as it was. Appends hold a lock file beside the
ledger, so two `record` runs at once both land, one after the other.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shlex
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import ValidationError

from scenarios.core.choices import Aggregation
from scenarios.core.display import frame_html, short_repr
from scenarios.core.errors import (
    Interrupted,
    OptionError,
    OutputError,
    Problem,
    WorkspaceError,
    did_you_mean,
)
from scenarios.core.files import read_file
from scenarios.core.textsafe import folded
from scenarios.workspace.find import display_path
from scenarios.workspace.load import Workspace
from scenarios.workspace.scenario import Change, WhatIf, parse_change
from scenarios.workspace.schema import (
    LedgerCountry,
    LedgerFactor,
    LedgerModel,
    LedgerPanel,
    LedgerRecord,
    LedgerStatus,
)

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.analyses.scoring import Ranking

LEDGER_FILE = "ledger.jsonl"
MEND = "each line is one record as `scenarios record` wrote it; mend the line or remove it"
MAX_LEDGER_BYTES = 100 * 1024 * 1024  # 100 MiB: some 20,000 records of a five-country workspace
LARGE = "start a new ledger with --ledger NEW.jsonl and keep this one as an archive"


def ledger_file(ws: Workspace, ledger: str | os.PathLike[str] | None = None) -> Path:
    """The ledger of a workspace: `ledger` if given, else ledger.jsonl in the workspace folder."""
    return Path(ledger) if ledger is not None else ws.root / LEDGER_FILE


@dataclass(frozen=True, eq=False)
class Ledger:
    """The records of a ledger file, in the order they stand in the file."""

    path: Path
    records: tuple[LedgerRecord, ...]
    lines: tuple[int, ...]  # the line of each record

    @property
    def display(self) -> str:
        return display_path(self.path)

    def find(self, text: str) -> LedgerRecord:
        """The record numbered `text` ('3'), or counted from the end ('-1': the last)."""
        try:
            number = int(text)
        except ValueError:
            number = 0
        if not self.records:
            raise OptionError(
                Problem(
                    f"record:{text}: the ledger {self.display} has no records yet",
                    hint="`scenarios record` adds one",
                )
            )
        if number < 0 and -number <= len(self.records):
            return self.records[number]
        for record in self.records:
            if record.record == number:
                return record
        numbers = [str(r.record) for r in self.records]
        raise OptionError(
            Problem(
                f"record:{text}: no such record in {self.display}",
                hint=f"records: {', '.join(numbers)}; record:-1 is the last",
            )
        )

    def in_time_order(self) -> list[LedgerRecord]:
        """By date, then number (a record may be dated earlier than one already made)."""
        return sorted(self.records, key=lambda r: (r.date, r.record))


def _message(err: Any) -> str:
    loc = ".".join(str(p) for p in err["loc"])
    if err["type"] == "missing":
        return f"missing required key '{err['loc'][-1]}'"
    if err["type"] == "extra_forbidden":
        return f"unknown key '{loc}'"
    msg = str(err["msg"]).removeprefix("Value error, ")
    if msg[:1].isupper() and msg[1:2].islower():  # "Input should be ...", not "KG: ..."
        msg = msg[:1].lower() + msg[1:]
    value = err.get("input")
    if (
        isinstance(value, int | float | str)
        and not isinstance(value, bool)
        and len(repr(value)) < 40
    ):
        msg += f" (got {value!r})"
    return f"{loc}: {msg}" if loc else msg


def read_ledger(path: Path) -> Ledger:
    """Read and check every record; a missing file is an empty ledger. Every problem is raised
    at once, each with its line (and, for a JSON syntax error, its column)."""
    if not path.exists() and not path.is_symlink():
        return Ledger(path, (), ())
    raw = read_ledger_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = raw[: exc.start].count(b"\n") + 1
        raise WorkspaceError(
            Problem("the ledger is not UTF-8 text", path, where, None, MEND)
        ) from None
    problems: list[Problem] = []
    records: list[LedgerRecord] = []
    lines: list[int] = []
    seen: dict[int, int] = {}
    for n, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(f"not valid JSON: {exc.msg}", path, n, exc.colno, MEND))
            continue
        except RecursionError:
            problems.append(Problem("values nested too deeply to read", path, n, 1, MEND))
            continue
        except ValueError:  # Python's limit on the digits of an integer
            limit = f"{sys.get_int_max_str_digits():,}"
            problems.append(Problem(f"a number longer than {limit} digits", path, n, 1, MEND))
            continue
        if not isinstance(data, dict):
            problems.append(Problem("expected a JSON object {...}", path, n, 1, MEND))
            continue
        try:
            record = LedgerRecord.model_validate(data)
        except ValidationError as exc:
            number = data.get("record")
            known = isinstance(number, int) and not isinstance(number, bool)
            which = f"record {number}: " if known else ""
            problems.extend(
                Problem(which + _message(err), path, n, 1, MEND) for err in exc.errors()
            )
            continue
        if record.record in seen:
            problems.append(
                Problem(
                    f"record {record.record} is also on line {seen[record.record]}",
                    path,
                    n,
                    1,
                    "each record has its own number",
                )
            )
            continue
        seen[record.record] = n
        records.append(record)
        lines.append(n)
    if problems:
        raise WorkspaceError(problems)
    return Ledger(path, tuple(records), tuple(lines))


def read_ledger_bytes(path: Path) -> bytes:
    """The ledger's bytes, read as every workspace file is (files.read_file): a regular file
    only (a FIFO would wait forever), at most MAX_LEDGER_BYTES."""
    return read_file(
        path,
        MAX_LEDGER_BYTES,
        large_hint=LARGE,
        plain_hint="a ledger is a plain text file that `scenarios record` writes; remove it or "
        "give --ledger another path",
    )


def read_ledger_of(ws: Workspace, ledger: str | os.PathLike[str] | None = None) -> Ledger:
    """The ledger to read: the workspace's ledger.jsonl (none yet: no records), or `ledger`,
    which must exist: a mistyped path is an error, not an empty ledger."""
    path = ledger_file(ws, ledger)
    if ledger is not None and not path.exists():
        shown = display_path(path)
        raise OptionError(
            Problem(
                f"no ledger at {shown}",
                hint=f"check the path; `scenarios record --ledger {shlex.quote(shown)}` starts one",
            )
        )
    return read_ledger(path)


def _optional(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def make_record(
    ranking: Ranking, *, number: int, date: dt.date, note: str, seed: int
) -> LedgerRecord:
    """The record of a ranking: the forecast and the inputs it rests on."""
    from scenarios.analyses import provenance
    from scenarios.analyses.likelihood import annual_base_rate, within_horizon

    ws = ranking.workspace
    low, high = ws.ranges
    base = ws.model.base_rate
    base_probability = None
    if base is not None and ranking.horizon is not None:
        base_probability = float(within_horizon(annual_base_rate(base), ranking.horizon))
    countries = []
    for i, profile in enumerate(ws.profiles):
        p = lo = hi = None
        if ranking.probability is not None:
            p = _optional(ranking.probability[i])
        if ranking.interval is not None:
            lo, hi = _optional(ranking.interval[0][i]), _optional(ranking.interval[1][i])
        status = profile.status
        countries.append(
            LedgerCountry(
                id=profile.id,
                name=profile.name,
                score=float(np.clip(ranking.scores[i], 0.0, 1.0)),
                rank=int(ranking.ranks[i]),
                probability=p,
                low=lo,
                high=hi,
                status=LedgerStatus(state=status.state, date=status.date) if status else None,
                values={
                    f: (float(ws.values[i, k]), float(low[i, k]), float(high[i, k]))
                    for k, f in enumerate(ws.factor_ids)
                },
            )
        )
    model = ws.model
    return LedgerRecord(
        record=number,
        date=date,
        note=note,
        tool_version=provenance.version(),
        workspace=ws.root.resolve().name,  # the folder's name; its path may change
        content_hash=ws.content_hash,
        changes=[str(c) for c in ws.changes],
        horizon=ranking.horizon,
        as_of=model.event.as_of if model.event is not None else None,
        level=ranking.level,
        seed=seed,
        base_probability=base_probability,
        model=_ledger_model(ws, ranking.aggregation),
        countries=countries,
        panel=_ledger_panel(ws, ranking.aggregation),
    )


def _ledger_model(ws: Workspace, aggregation: Aggregation) -> LedgerModel:
    model = ws.model
    return LedgerModel(
        scale=(model.scale.min, model.scale.max),
        aggregation=aggregation,
        groups={name: g.weight for name, g in model.groups.items()},
        factors={
            name: LedgerFactor(group=f.group, weight=f.weight, direction=f.direction)
            for name, f in model.factors.items()
        },
    )


def _ledger_panel(ws: Workspace, aggregation: Aggregation) -> LedgerPanel | None:
    """With a panel: its analysts, and model.yaml's weights and the profiles' values as typed."""
    if ws.panel is None:
        return None
    plain = ws.panel.plain
    low, high = plain.ranges
    return LedgerPanel(
        folder=ws.panel.folder,
        illustrative=ws.panel.illustrative,
        analysts={a.id: a.digest for a in ws.panel.analysts},
        model=_ledger_model(plain, aggregation),
        values={
            cid: {
                f: (float(plain.values[i, k]), float(low[i, k]), float(high[i, k]))
                for k, f in enumerate(plain.factor_ids)
            }
            for i, cid in enumerate(plain.country_ids)
        },
    )


def to_line(record: LedgerRecord) -> str:
    """One line of JSON (no newline inside: notes keep theirs escaped)."""
    skip = {"panel"} if record.panel is None else None  # records without a panel as before
    return json.dumps(record.model_dump(mode="json", exclude=skip), ensure_ascii=False)


def append(ledger: Ledger, record: LedgerRecord) -> None:
    """Add the record at the end of the ledger file, atomically."""
    from scenarios.core.writers import write_atomic

    path = ledger.path
    try:
        old = read_ledger_bytes(path).decode("utf-8") if path.exists() else ""
        if old and not old.endswith("\n"):
            old += "\n"
        write_atomic(path, old + to_line(record) + "\n")
    except OSError as exc:
        raise OutputError(Problem(f"cannot write {display_path(path)}: {exc.strerror}")) from None


def _ledger_lock(path: Path) -> AbstractContextManager[None]:
    """The ledger's lock: two `record` runs at once append one after the other, each reading
    the ledger as the other left it, so neither record is lost and no number is used twice.
    The lock is named after the real file, links resolved: a record through a link to the
    ledger and one through its own path wait for each other."""
    from scenarios.core.writers import LOCK_WAIT, held_lock

    real = Path(os.path.realpath(path))

    busy = Problem(
        f"another `scenarios record` has been writing {display_path(path)} for over "
        f"{LOCK_WAIT:g} s",
        hint="wait for it to finish, then record again",
    )
    return held_lock(real.with_name(f".{real.name}.lock"), busy)


@dataclass(frozen=True, eq=False)
class Recorded:
    """A forecast just appended to the ledger."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    record: LedgerRecord
    ranking: Ranking
    ledger: Ledger  # as it was before this record
    same_as: int | None  # an earlier record made on the same content and options

    @property
    def path(self) -> Path:
        return self.ledger.path

    def to_frame(self) -> pd.DataFrame:
        """One row per country, indexed by id: what the record keeps.

        Returns
        -------
        pandas.DataFrame
            Indexed by id, in rank order: record, date, name, rank, score, probability,
            probability_low, probability_high.
        """
        import pandas as pd

        rows = [
            {
                "id": c.id,
                "record": self.record.record,
                "date": self.record.date.isoformat(),
                "name": c.name,
                "rank": c.rank,
                "score": c.score,
                "probability": _nan(c.probability),
                "probability_low": _nan(c.low),
                "probability_high": _nan(c.high),
            }
            for c in sorted(self.record.countries, key=lambda c: (c.rank, c.id))
        ]
        return pd.DataFrame(rows).set_index("id")


def _nan(x: float | None) -> float:
    return float("nan") if x is None else x


def check_date(date: dt.date, ws: Workspace, option: str = "date") -> None:
    """A forecast's date must be one it could have been made on: not before the evidence it
    rests on (event.as_of in model.yaml), not after today. `option` names the date in the
    error (`--date` on the command line)."""
    event = ws.model.event
    if event is not None and date < event.as_of:
        raise OptionError(
            Problem(
                f"{option} {date} is before the evidence date {event.as_of} in model.yaml",
                hint="a forecast cannot predate the evidence it rests on",
            )
        )
    today = dt.date.today()
    if date > today:
        raise OptionError(
            Problem(
                f"{option} {date} is after today ({today})",
                hint=f"a forecast cannot be dated in the future; leave {option} out for today",
            )
        )


def record(
    ranking: Ranking,
    path: Path,
    *,
    note: str = "",
    date: dt.date | None = None,
    seed: int,
) -> Recorded:
    """Append the ranking's forecast to the ledger at `path` (which must read cleanly), dated
    `date` (default: today; see check_date)."""
    if date is not None:
        check_date(date, ranking.workspace)
    if not path.parent.is_dir():
        raise OutputError(
            Problem(f"cannot write {display_path(path)}: folder '{path.parent}' does not exist")
        )
    landed = False
    try:
        with _ledger_lock(path):
            ledger = read_ledger(path)  # under the lock: as the last writer left it
            number = max((r.record for r in ledger.records), default=0) + 1
            made = make_record(
                ranking, number=number, date=date or dt.date.today(), note=note.strip(), seed=seed
            )
            append(ledger, made)
            landed = True
    except OSError as exc:  # the lock could not be taken (no locks on this file system)
        raise OutputError(Problem(f"cannot write {display_path(path)}: {exc.strerror}")) from None
    except KeyboardInterrupt:
        if landed:  # Ctrl-C while the lock was let go: the record is in the ledger all the same
            raise landed_note(made, path) from None
        raise
    same = [
        r.record
        for r in ledger.records
        if r.content_hash == made.content_hash
        and r.changes == made.changes
        and r.model.aggregation == made.model.aggregation
        and r.horizon == made.horizon
        and r.level == made.level
        and r.seed == made.seed  # the seed draws the intervals
    ]
    return Recorded(made, ranking, ledger, same[-1] if same else None)


def landed_note(made: LedgerRecord, path: Path) -> Interrupted:
    """What an interrupt after the append says: the record is kept, and recording again would
    add a second one."""
    return Interrupted(
        f"record {made.record} was already appended to {display_path(path)}; it is kept "
        "(`scenarios history` shows it; recording again would add another)"
    )


# --- history --------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class History:
    """How each country's score, rank and probability moved across the records, in time
    order."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    ledger: Ledger
    records: tuple[LedgerRecord, ...]  # in time order
    ids: tuple[str, ...]  # the countries shown, in the latest record's rank order
    names: tuple[str, ...]

    @cached_property
    def _entries(self) -> dict[int, dict[str, LedgerCountry]]:
        """Each record's countries by id (looked up once per country and record)."""
        return {r.record: {c.id: c for c in r.countries} for r in self.records}

    def entry(self, record: LedgerRecord, country: str) -> LedgerCountry | None:
        return self._entries[record.record].get(country)

    def series(self, country: str, key: str) -> np.ndarray:
        """One value per record (NaN where the record lacks the country or the value)."""
        values = []
        for record in self.records:
            entry = self.entry(record, country)
            value = None if entry is None else getattr(entry, key)
            values.append(np.nan if value is None else float(value))
        return np.array(values, dtype=float)

    @property
    def horizons(self) -> list[float]:
        return sorted({r.horizon for r in self.records if r.horizon is not None})

    @property
    def like_latest(self) -> np.ndarray:
        """Which records were made like the latest: over the same horizon (P within 3 years is
        not P within 5), by the same aggregation and under the same what-ifs (a what-if's
        record is a hypothesis, not the forecast). Only their probabilities and ranks compare
        with the latest's."""
        if not self.records:
            return np.zeros(0, dtype=bool)
        kind = made_like(self.records[-1])
        return np.array([made_like(r) == kind for r in self.records], dtype=bool)

    def to_frame(self) -> pd.DataFrame:
        """One row per country and record, indexed by (id, record).

        Returns
        -------
        pandas.DataFrame
            Indexed by (id, record): date, name, rank, score, probability, probability_low,
            probability_high, horizon.
        """
        import pandas as pd

        rows = []
        for country in self.ids:
            for record in self.records:
                entry = self.entry(record, country)
                if entry is None:
                    continue
                rows.append(
                    {
                        "id": country,
                        "record": record.record,
                        "date": record.date.isoformat(),
                        "name": entry.name,
                        "rank": entry.rank,
                        "score": entry.score,
                        "probability": _nan(entry.probability),
                        "probability_low": _nan(entry.low),
                        "probability_high": _nan(entry.high),
                        "horizon": _nan(record.horizon),
                    }
                )
        columns = [
            "id",
            "record",
            "date",
            "name",
            "rank",
            "score",
            "probability",
            "probability_low",
            "probability_high",
            "horizon",
        ]
        return pd.DataFrame(rows, columns=columns).set_index(["id", "record"])

    def records_frame(self) -> pd.DataFrame:
        """One row per record, indexed by its number: when, on what, with which options.

        Returns
        -------
        pandas.DataFrame
            Indexed by record: date, note, content_hash, tool_version, changes ('; '-separated),
            aggregation, horizon, as_of, level, seed.
        """
        import pandas as pd

        rows = [
            {
                "record": r.record,
                "date": r.date.isoformat(),
                "note": r.note,
                "content_hash": r.content_hash,
                "tool_version": r.tool_version,
                "changes": "; ".join(r.changes),
                "aggregation": r.model.aggregation,
                "horizon": _nan(r.horizon),
                "as_of": r.as_of.isoformat() if r.as_of else "",
                "level": r.level,
                "seed": r.seed,
            }
            for r in self.records
        ]
        columns = [
            "record",
            "date",
            "note",
            "content_hash",
            "tool_version",
            "changes",
            "aggregation",
            "horizon",
            "as_of",
            "level",
            "seed",
        ]
        return pd.DataFrame(rows, columns=columns).set_index("record")

    def frames(self) -> dict[str, pd.DataFrame]:
        """The history and the records.

        Returns
        -------
        dict of str to pandas.DataFrame
            'history' (`to_frame`) and 'records' (`records_frame`).
        """
        return {"history": self.to_frame(), "records": self.records_frame()}


def whatifs_of(record: LedgerRecord) -> tuple[str, ...]:
    """The what-ifs a record was made under (ledgers written before `record` refused them may
    hold such records)."""
    read = (_change(text) for text in record.changes)
    return tuple(sorted(c.name for c in read if isinstance(c, WhatIf)))


def _change(text: str) -> Change | None:
    """The change a record's spelling names (None: none this version knows)."""
    try:
        return parse_change(text)
    except OptionError:
        return None


def made_like(record: LedgerRecord) -> tuple[float | None, str, tuple[str, ...]]:
    """What a record's probabilities depend on besides the evidence: horizon, aggregation and
    what-ifs."""
    return record.horizon, record.model.aggregation, whatifs_of(record)


def history(ledger: Ledger, countries: Sequence[str] = ()) -> History:
    """The history of the countries named (id or name, any case; default: all)."""
    records = tuple(ledger.in_time_order())
    known: dict[str, str] = {}
    for record in records:
        for c in record.countries:
            known.setdefault(c.id, c.name)
    latest = records[-1] if records else None
    by_rank = (
        [c.id for c in sorted(latest.countries, key=lambda c: (c.rank, c.id))] if latest else []
    )
    everyone = [*by_rank, *(c for c in known if c not in by_rank)]
    if isinstance(countries, str):
        countries = [countries]
    chosen: list[str] = []
    for text in countries if records else ():  # no records: nothing to choose from or show
        wanted = folded(text)
        match = [c for c in everyone if wanted in (folded(c), folded(known[c]))]
        if not match:
            raise OptionError(
                Problem(
                    f"unknown country '{text}' in {ledger.display}",
                    hint=did_you_mean(text, [*everyone, *known.values()]),
                )
            )
        chosen.extend(c for c in match if c not in chosen)
    ids = tuple(c for c in everyone if c in chosen) if chosen else tuple(everyone)
    return History(ledger, records, ids, tuple(known[c] for c in ids))
