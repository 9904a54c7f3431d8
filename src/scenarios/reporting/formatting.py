"""How the page writes numbers and sources: the same digits in both languages."""

from __future__ import annotations

import re

import numpy as np

from scenarios.workspace.evidence import URL


def value_text(x: float) -> str:
    """A value as typed ('7.5'), or to two decimals where it has more (a panel's mean)."""
    x = float(x)
    return f"{x:g}" if abs(x - round(x, 3)) < 1e-9 else f"{x:.2f}"


def score(x: float) -> str:
    return "–" if not np.isfinite(x) else f"{x:.3f}"


def signed(x: float, digits: int = 3) -> str:
    if not np.isfinite(x):
        return "–"
    if abs(x) < 0.5 * 10**-digits:
        return f"{0:.{digits}f}"
    return f"{x:+.{digits}f}".replace("-", "−")


def percent(x: float, digits: int = 1) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{100 * x:.{digits}f}%"


def points(x: float) -> str:
    """A change of probability (a fraction) in percentage points: '+3.1', '−0.4', '–' for none."""
    return signed(100 * x, 1) if x is not None and np.isfinite(x) else "–"


def coefficient(x: float) -> str:
    """A coefficient of the link as printed in its formula: three significant digits."""
    return f"{x:.3g}".replace("-", "−")


def years_text(lang: str, years: float) -> str:
    if lang == "ar":
        if years == 1:
            return "سنة واحدة"
        if years == 2:
            return "سنتين"
        if float(years).is_integer() and 3 <= years <= 10:
            return f"{years:g} سنوات"
        return f"{years:g} سنة"
    return "1 year" if years == 1 else f"{years:g} years"


def split_source(source: str) -> list[tuple[str, str | None]]:
    """A source string as (text, None) and (link text, address) parts."""
    parts: list[tuple[str, str | None]] = []
    last = 0
    for match in URL.finditer(source):
        if match.start() > last:
            parts.append((source[last : match.start()], None))
        address = match.group(0)
        site = re.sub(r"^https?://(?:www\.)?", "", address).split("/")[0].split(":")[0]
        parts.append((site, address))
        last = match.end()
    if last < len(source):
        parts.append((source[last:], None))
    return parts


TAG = re.compile(r"<[^>]*>")  # an HTML tag, to read the text of a part


__all__ = [
    "TAG",
    "coefficient",
    "percent",
    "points",
    "score",
    "signed",
    "split_source",
    "value_text",
    "years_text",
]
