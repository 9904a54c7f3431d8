"""The references: every work and address the evidence cites."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from scenarios.core.textsafe import printable
from scenarios.reporting.formatting import (
    TAG,
)
from scenarios.workspace.sources import BibEntry

if TYPE_CHECKING:
    from scenarios.reporting.context import Context


def section(cx: Context) -> dict[str, Any] | None:
    """The bibliography: every work and address the evidence cites, with its anchor."""
    if not cx.bib.entries:
        return None
    return {
        "id": "references",
        "title": cx.t["references"],
        "readings": [cx.say("references_reading"), cx.say("references_rule")],
        "charts": [],
        "tables": [],
        "bibliography": [reference_item(cx, e) for e in cx.bib.entries],
    }


def reference_item(cx: Context, e: BibEntry) -> Any:
    t, M = cx.t, cx.Markup
    parts: list[Any] = []
    ref = e.reference

    def local(english: str, arabic: str | None) -> Any:
        """A reference's field in the page's language: the Arabic as written for the page
        (a part in backticks, such as a citation key, is code), else the English."""
        if cx.lang == "ar" and arabic:
            return M("<bdi>{}</bdi>").format(cx.isolated(printable(arabic)))
        return cx.english(english)

    if ref is not None:
        parts.append(M("<cite>{}</cite>").format(local(ref.title, ref.title_ar)))
        if cx.lang != "ar" and ref.title_ar:
            parts.append(M("({}: {})").format(t["ref_in_arabic"], cx.english(ref.title_ar)))
        if ref.publisher:
            parts.append(local(ref.publisher, ref.publisher_ar))
    else:
        parts.append(M("<cite>{}</cite>").format(cx.english(e.title)))
        if e.weak:
            parts.append(M('<span class="weak">{}</span>').format(cx.english(e.weak)))
    if e.date:
        # a date copied from the citation ('Jan–Sep 2023') is quoted as written
        date = cx.english(e.date) if re.search(r"[A-Za-z]", e.date) else cx.num(e.date)
        key = "ref_date_as_of" if e.date_basis == "as_of" else "ref_date_cited"
        parts.append(cx.say(key, date=date) if ref is None else date)
    else:
        parts.append(t["ref_no_date"])
    if e.url:
        shown = re.sub(r"[^\x21-\x7e]", lambda m: quote(m.group()), e.url)
        parts.append(
            M('<a class="address" href="{}" rel="noopener noreferrer">{}</a>').format(
                e.url, cx.num(shown)
            )
        )
    if ref is not None:
        if ref.description:
            parts.append(local(ref.description, ref.description_ar))
        if e.sections:
            cites = f"{e.key} " + ", ".join(e.sections)
            parts.append(cx.say("ref_cited_as", cites=cx.code(cites)))
    body = []
    for part in parts:  # sentences, each ended by a full stop unless it has its own
        shown = cx.escape(part)
        ends = TAG.sub("", shown).rstrip()[-1:]
        body.append(shown + (" " if ends in (".", "?", "!", "؟") else ". "))
    return cx.html(
        '<li id="{}"><span class="ref-n"><bdi dir="ltr">[{}]</bdi></span> '
        '<span class="ref-body">{}</span></li>',
        e.anchor,
        e.number,
        M("".join(body).rstrip()),
    )
