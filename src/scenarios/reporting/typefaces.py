"""The page's fonts: each cut to the characters the page uses, inline as WOFF."""

from __future__ import annotations

import base64
import functools
import io
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

FONT_FACES = (
    # (CSS family, weight, file)
    ("Scenarios Noto Sans", 400, "NotoSans-Regular.ttf"),
    ("Scenarios Noto Sans", 700, "NotoSans-Bold.ttf"),
    ("Scenarios Noto Sans Arabic", 400, "NotoSansArabic-Regular.ttf"),
    ("Scenarios Noto Sans Arabic", 700, "NotoSansArabic-Bold.ttf"),
    ("Scenarios Noto Sans Math", 400, "NotoSansMath-Regular.ttf"),
)


def page_text(html: str) -> str:
    """The characters a reader sees (tags, SVG and CSS removed, entities decoded)."""
    from html import unescape

    html = re.sub(r"<(svg|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def font_faces(text: str) -> tuple[str, set[str]]:
    """@font-face rules with each font cut to the characters of `text` (WOFF, base64), and the
    characters no font has."""
    wanted = {ord(ch) for ch in set(text) if not ch.isspace() or ch == " "}  # each once
    wanted |= {ord(ch) for ch in "0123456789.,%–-"}
    covered: set[int] = set()
    rules = []
    for family, weight, file in FONT_FACES:
        cmap = _characters(file)
        keep = wanted & cmap
        covered |= cmap
        if not keep:
            continue
        data = _cut(file, frozenset(keep))
        rules.append(
            f"@font-face{{font-family:'{family}';font-weight:{weight};font-style:normal;"
            f"font-display:block;src:url(data:font/woff;base64,{data}) format('woff')}}"
        )
    invisible = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF}
    missing = {chr(c) for c in wanted - covered - invisible if c >= 0x20}
    return "\n".join(rules), missing


def _font(file: str) -> TTFont:
    from fontTools.ttLib import TTFont

    from scenarios.reporting.charts import FONT_DIR

    return TTFont(FONT_DIR / file, recalcTimestamp=False)


@functools.cache
def _characters(file: str) -> frozenset[int]:
    """The characters a font file has."""
    return frozenset(_font(file).getBestCmap())


@functools.lru_cache(maxsize=32)  # pages of one language share their characters
def _cut(file: str, keep: frozenset[int]) -> str:
    """The font cut to `keep`, as WOFF in base64: the same characters give the same bytes, so a
    second page of the same characters reuses the first one's cut."""
    from fontTools import subset

    font = _font(file)
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(keep))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


__all__ = ["FONT_FACES", "font_faces", "page_text"]
