"""The evidence: every value of every country with its range, date, note and sources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scenarios.core.textsafe import printable
from scenarios.reporting.formatting import (
    split_source,
    value_text,
    years_text,
)
from scenarios.workspace.evidence import staleness
from scenarios.workspace.sources import CITATION

if TYPE_CHECKING:
    from scenarios.reporting.context import Context


def ref_link(cx: Context, number: int) -> Any:
    return cx.html('<a class="ref" href="#ref-{}"><bdi dir="ltr">[{}]</bdi></a>', number, number)


def source_list(cx: Context, sources: Sequence[str]) -> Any:
    items = []
    for source in sources:
        parts = []
        cited = CITATION.match(source)
        work = cx.bib.for_key(cited.group("key")) if cited is not None else None
        if cited is not None and work is not None:
            parts.append(cx.html('<a class="cite" href="#{}">{}</a>', work.anchor, cited.group(0)))
            source = source[cited.end() :]
        for text, address in split_source(source):
            if address is None:
                parts.append(cx.escape(text))
            else:
                parts.append(
                    cx.html('<a href="{}" rel="noopener noreferrer">{}</a>', address, text)
                )
                entry = cx.bib.for_url(address)
                if entry is not None:
                    parts.append(cx.Markup("\u00a0") + ref_link(cx, entry.number))
        items.append(cx.html("<li>{}</li>", cx.Markup("").join(parts)))
    if not items:
        return ""
    return cx.Markup('<ul class="sources">{}</ul>').format(cx.Markup("").join(items))


def note_cell(cx: Context, note: str, sources: Sequence[str]) -> Any:
    text = cx.Markup("<p>{}</p>").format(printable(note)) if note else cx.Markup("")
    return text + source_list(cx, sources)


def section(cx: Context) -> dict[str, Any]:
    ws, t = cx.ws, cx.t
    low, high = ws.ranges
    rule = staleness(ws)
    order = list(cx.r.ranking.order)
    head = [
        cx.cell(t["col_factor"]),
        cx.cell(t["col_value"], "num"),
        cx.cell(t["col_range"], "num"),
        cx.cell(t["col_confidence"]),
        cx.cell(t["col_date"]),
        cx.cell(t["col_note"]),
    ]
    tables = []
    stale_count = background_count = 0
    for c in order:
        profile = ws.profiles[c]
        rows = []
        for f, factor in enumerate(ws.factor_ids):
            entry = profile.factors[factor]
            stale = rule.is_stale(entry.as_of)
            stale_count += stale
            background = entry.basis == "background"
            background_count += background
            confidence = t[f"confidence_{entry.confidence}"]
            confidence_cell = (
                cx.Markup('{} <span class="badge background">{}</span>').format(
                    confidence, t["background"]
                )
                if background
                else confidence
            )
            date = entry.as_of.isoformat() if entry.as_of else ""
            date_cell = (
                cx.Markup('{} <span class="badge stale">{}</span>').format(cx.num(date), t["stale"])
                if stale
                else date
            )
            rows.append(
                {
                    "cells": [
                        cx.cell(cx.factor(f), "factor"),
                        cx.cell(value_text(entry.value), "num"),
                        cx.cell(f"{value_text(low[c, f])}–{value_text(high[c, f])}", "num"),
                        cx.cell(confidence_cell, f"conf {entry.confidence}"),
                        cx.cell(date_cell, "date"),
                        cx.cell(
                            note_cell(cx, entry.note, entry.sources), "note", source=entry.note
                        ),
                    ],
                    "cls": "stale" if stale else "",
                }
            )
        status = profile.status
        note = ""
        if status is not None and status.note:
            note = cx.from_files(
                f"profile:{profile.id}", ("status", "note"), status.note, status.note_ar,
                block=True,
            )  # fmt: skip
        tables.append(
            {
                "caption": cx.country(c),
                "anchor": f"evidence-{profile.id}",
                "note": note,
                "note_label": t["status_note"],
                "head": head,
                "rows": rows,
                "cls": "evidence",
            }
        )
    readings = [cx.say("evidence_reading")]
    if rule.years is not None and rule.date is not None:
        readings.append(
            cx.say(
                "evidence_stale",
                years=years_text(cx.lang, rule.years),
                date=cx.num(rule.date.isoformat()),
                n=cx.num(stale_count),
            )
        )
    if background_count:
        readings.append(
            cx.say(
                "evidence_background",
                n=cx.num(background_count),
                m=cx.num(len(order) * len(ws.factor_ids)),
            )
        )
    if cx.lang != "en":
        readings.append(cx.say("original_english"))
    from scenarios.reporting.charts import MAX_COUNTRIES

    more = tables[MAX_COUNTRIES:]  # in the page, folded away under the first countries'
    return {
        "id": "evidence",
        "title": t["evidence"],
        "readings": readings,
        "charts": [],
        "tables": tables[:MAX_COUNTRIES],
        "more_tables": more,
        "more_label": cx.say("more_evidence", n=cx.num(f"{len(more):,}")) if more else "",
    }
