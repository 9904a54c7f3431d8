"""What the report gives a reader who cannot see its charts, or reads on a phone: each chart's
numbers as a table, a text alternative made from those numbers, and the narrowest width at which
the chart's smallest text still reads (10 CSS pixels).

Core side: no terminal code, no matplotlib; the builder passes the numbers it drew.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from scenarios.core.textsafe import printable

MIN_TEXT_PX = 10.0  # the smallest chart text a reader is asked to read, in CSS pixels
ISOLATES = "\u2066\u2067\u2068\u2069"  # LRI RLI FSI PDI: added by the page, never reordering
ALT_ITEMS = 6  # names listed in a chart's text alternative before "and N more"

TEXT = {
    "en": {
        "numbers": "The numbers in this chart",
        "alt": "{title}. {column} by {corner}: {items}.",
        "alt_more": "and {n} more",
        "alt_table": "Every number is in the table under the chart.",
        "scroll": "Chart: {title}",
        "scroll_hint": "Scroll sideways to see the whole chart.",
    },
    "ar": {
        "numbers": "أرقام هذا الرسم البياني",
        "alt": "{title}. {column} حسب {corner}: {items}.",
        "alt_more": "و{n} غيرها",
        "alt_table": "كل الأرقام في الجدول تحت الرسم البياني.",
        "scroll": "رسم بياني: {title}",
        "scroll_hint": "مرّر أفقيًا لترى الرسم البياني كاملًا.",
    },
}
SEPARATOR = {"en": ", ", "ar": "، "}


@dataclass(frozen=True)
class ChartData:
    """The numbers a chart draws, as text: one row a drawn item (a country, a factor...),
    one column a drawn quantity. `corner` names what the rows are."""

    corner: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def of(
        cls,
        corner: str,
        columns: Sequence[str],
        names: Sequence[str],
        cells: Sequence[Sequence[str]],
    ) -> ChartData:
        """`cells[i][j]`: row `names[i]`, column `columns[j]`, already formatted. Text from the
        files (names, titles) is shown on one line with its control characters as marks."""
        return cls(
            _shown(corner),
            tuple(_shown(c) for c in columns),
            tuple(
                (_shown(name), tuple(_shown(v) for v in row))
                for name, row in zip(names, cells, strict=True)
            ),
        )


def _shown(text: str) -> str:
    return printable(" ".join(str(text).split("\n")), keep=ISOLATES)


def alt_text(title: str, data: ChartData | None, lang: str) -> str:
    """A chart's text alternative: its title, then what it draws with the first quantity of
    each item, in the chart's order (the first ALT_ITEMS, then how many more), and where the
    rest of the numbers are. Without numbers: the title alone."""
    text = TEXT[lang]
    if data is None or not data.rows or not data.columns:
        return title
    # each name isolated (FSI…PDI): a name in the other script cannot reorder the list
    listed = [f"\u2068{name}\u2069 {cells[0]}" for name, cells in data.rows[:ALT_ITEMS]]
    if len(data.rows) > ALT_ITEMS:
        listed.append(text["alt_more"].format(n=len(data.rows) - ALT_ITEMS))
    said = text["alt"].format(
        title=title.rstrip(". "),
        column=data.columns[0],
        corner=data.corner,
        items=SEPARATOR[lang].join(listed),
    )
    return f"{said} {text['alt_table']}"


def data_table(data: ChartData, shown: Callable[[str], Any] = str) -> dict[str, Any]:
    """The chart's numbers as a table of the page (the template's table shape); `shown` sets
    a heading or a name as the page's text (on a right-to-left page, its numbers isolated)."""

    def cell(value: Any, kind: str = "") -> dict[str, Any]:
        return {"text": value, "cls": kind, "lang": "", "dir": ""}

    head = [cell(shown(data.corner))] + [cell(shown(c), "num") for c in data.columns]
    rows = [
        {"cells": [cell(shown(name), "name")] + [cell(v, "num") for v in values], "cls": ""}
        for name, values in data.rows
    ]
    return {"head": head, "rows": rows, "more": [], "more_label": "", "cls": "chart-numbers"}


def css_string(text: str) -> str:
    """`text` as a CSS string: every character but letters, digits and spaces escaped (so no
    text from the files can close the string or the style sheet), control characters shown."""
    shown = printable(" ".join(text.split()), keep=ISOLATES)
    escaped = (ch if ch.isalnum() or ch == " " else f"\\{ord(ch):06x} " for ch in shown)
    return '"' + "".join(escaped) + '"'


def running_head(title: str, label: str, date: str, lang: str) -> str:
    """The printed page's running head: the title where reading starts, the evidence date at
    the other side (the first page has the title already, and no head); the page's number at
    its foot. Title, date and number are isolated, so that a right-to-left page reads
    '2026-05-31' and '3 / 20' as written."""
    start, end = ("top-right", "top-left") if lang == "ar" else ("top-left", "top-right")
    font = 'font: 8pt "Scenarios Noto Sans", "Scenarios Noto Sans Arabic", sans-serif'
    head = css_string(f"\u2068{title}\u2069")
    dated = css_string(f"{label} \u2066{date}\u2069")
    return (
        f"@page {{ @{start} {{ content: {head}; {font}; color: #5c6978; }} "
        f"@{end} {{ content: {dated}; {font}; color: #5c6978; }} "
        f'@bottom-center {{ content: "\\2066" counter(page) " / " counter(pages) "\\2069"; }} }}'
    )


# a glyph of text drawn as paths (svg.fonttype 'path'): a group scaled by the font size / 100
_GLYPHS = re.compile(
    r'<g [^>]*transform="translate\([^)]*\)(?: rotate\([^)]*\))? scale\(([\d.]+) -'
)
_VIEWBOX = re.compile(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) [\d.]+"')


def min_width(svg: str) -> int:
    """The narrowest width (CSS pixels) at which the chart's smallest text is MIN_TEXT_PX high,
    0 for a chart with no text. matplotlib draws a glyph scaled by its size / 100 in the units of
    the viewBox, which the SVG spreads over its rendered width."""
    sizes = [100 * float(s) for s in _GLYPHS.findall(svg)]
    box = _VIEWBOX.search(svg)
    if not sizes or box is None:
        return 0
    return int(-(-MIN_TEXT_PX * float(box.group(1)) // min(sizes)))


__all__ = ["ChartData", "alt_text", "css_string", "data_table", "min_width", "running_head"]
