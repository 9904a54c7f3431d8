"""A guard against hindsight: evidence, notes and sources that speak of a time after the
forecast's `event.as_of`.

A forecast may use only what was known at its date. An entry's `as_of` after that date is
evidence from the future; so is a date written in its note or a source ("17 Feb 2026",
"May 2026", "2026-03-10"). A date naming a month counts as later only when the whole month is
(the month begins after as_of): "Feb 2026" may lie on either side of 17 February.
A year alone ("in 2027") is not read: it is as often a horizon or a plan as a fact.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from scenarios.core.errors import Problem
from scenarios.workspace.schema import Entry
from scenarios.workspace.yamlsource import Document

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH = r"(?P<{}>" + "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True))
_MONTH += r")\.?"

# Longest forms first: "6 Nov 2025" must not be read as "Nov 2025" alone.
_FORMS = re.compile(
    "|".join(
        [
            r"(?<![\d-])(?P<iso>\d{4}-\d{2}-\d{2})(?![\d-])",
            r"(?<!\d)(?P<dmy_d>\d{1,2})(?:st|nd|rd|th)?\s+"
            + _MONTH.format("dmy_m")
            + r",?\s+(?P<dmy_y>\d{4})(?!\d)",
            r"\b" + _MONTH.format("mdy_m") + r"\s+(?P<mdy_d>\d{1,2})(?:st|nd|rd|th)?,\s*"
            r"(?P<mdy_y>\d{4})(?!\d)",
            r"\b" + _MONTH.format("my_m") + r",?\s+(?P<my_y>\d{4})(?!\d)",
        ]
    )
)


def dates_in(text: str) -> Iterator[tuple[str, dt.date]]:
    """Each date written in ``text``, as written and as the first day it could mean
    (a month's first day; an impossible date such as 31 Feb 2026 is skipped)."""
    for match in _FORMS.finditer(text):
        found = match.groupdict()
        try:
            if found["iso"]:
                day = dt.date.fromisoformat(found["iso"])
            elif found["dmy_d"]:
                month = _MONTHS[found["dmy_m"].lower()]
                day = dt.date(int(found["dmy_y"]), month, int(found["dmy_d"]))
            elif found["mdy_d"]:
                month = _MONTHS[found["mdy_m"].lower()]
                day = dt.date(int(found["mdy_y"]), month, int(found["mdy_d"]))
            else:
                day = dt.date(int(found["my_y"]), _MONTHS[found["my_m"].lower()], 1)
        except ValueError:
            continue
        yield match.group(0), day


def later_in_text(
    doc: Document, path: tuple[object, ...], who: str, what: str, text: str, as_of: dt.date
) -> list[Problem]:
    """One warning for each date written in ``text`` that is later than ``as_of``."""
    return [
        doc.problem(
            path,
            f"{who}: {what} mentions '{written}', after the event's as_of ({as_of})",
            HINT,
        )
        for written, day in dates_in(text)
        if day > as_of
    ]


HINT = "a forecast may use only what was known at event.as_of: drop it, or move as_of"


def later_in_entry(
    doc: Document, path: tuple[object, ...], who: str, entry: Entry, as_of: dt.date
) -> list[Problem]:
    """An entry's date, note and sources against the forecast's date."""
    found = []
    if entry.as_of is not None and entry.as_of > as_of:
        found.append(
            doc.problem(
                (*path, "as_of"),
                f"{who}: evidence dated {entry.as_of} is after the event's as_of ({as_of})",
                HINT,
            )
        )
    found += later_in_text(doc, (*path, "note"), who, "the note", entry.note, as_of)
    for i, source in enumerate(entry.sources):
        found += later_in_text(doc, (*path, "sources", i), who, f"source {i + 1}", source, as_of)
    return found
