"""The console everything is drawn on: text reaches the terminal only as printable characters,
never as control sequences, and a very long text is cut with a marker (the exports keep it
whole). Terminal code: used by render, output and watch only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from .textsafe import MAX_SHOWN, cut_marker, has_control, printable


def safe_text(text: Text, limit: int = MAX_SHOWN) -> Text:
    """A copy of ``text`` with control characters shown as symbols (ESC as ␛: same length, so
    its styles stay in place) and cut to ``limit`` characters; ``text`` itself when it needs
    neither."""
    plain = text.plain
    long = len(plain) > limit
    if not long and not has_control(plain):
        return text
    text = text.copy()
    if long:
        text.right_crop(len(plain) - limit)
        text.append(cut_marker(len(plain) - limit), style="dim")
    if has_control(text.plain):
        text.plain = printable(text.plain)
    return text


class SafeConsole(Console):
    """A rich Console that passes every Text and string through `safe_text` before laying it
    out, and parses neither markup nor emoji codes in strings (names come from files)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        super().__init__(*args, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return safe_text(super().render_str(text, **kwargs))

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        if isinstance(renderable, Text):
            renderable = safe_text(renderable)
        return super().render(renderable, options)
