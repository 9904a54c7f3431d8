"""The page's fonts: each cut to the characters the page uses, inline as WOFF."""

from __future__ import annotations

import base64
import io
import re

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
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from scenarios.reporting.charts import FONT_DIR

    wanted = {ord(ch) for ch in set(text) if not ch.isspace() or ch == " "}  # each once
    wanted |= {ord(ch) for ch in "0123456789.,%–-"}
    covered: set[int] = set()
    rules = []
    for family, weight, file in FONT_FACES:
        font = TTFont(FONT_DIR / file, recalcTimestamp=False)
        cmap = set(font.getBestCmap())
        keep = wanted & cmap
        covered |= cmap
        if not keep:
            continue
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
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'{family}';font-weight:{weight};font-style:normal;"
            f"font-display:block;src:url(data:font/woff;base64,{data}) format('woff')}}"
        )
    invisible = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF}
    missing = {chr(c) for c in wanted - covered - invisible if c >= 0x20}
    return "\n".join(rules), missing


__all__ = ["FONT_FACES", "font_faces", "page_text"]
