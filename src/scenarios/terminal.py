"""The console everything is drawn on: text reaches the terminal only as printable characters,
never as control sequences, and a very long text is cut with a marker (the exports keep it
whole). Terminal code: used by render, output and watch only."""

from __future__ import annotations

import contextlib
import os
import sys
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


BROKEN_PIPE = 141  # the exit status of a shell tool whose reader left: 128 + SIGPIPE


class SafeConsole(Console):
    """A rich Console that passes every Text and string through `safe_text` before laying it
    out, and parses neither markup nor emoji codes in strings (names come from files)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        super().__init__(*args, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return safe_text(super().render_str(text, **kwargs))

    def on_broken_pipe(self) -> None:
        """The reader left (`scenarios history | head`): stop quietly with 128 + SIGPIPE, as
        shell tools do, rather than rich's 1, which this tool keeps for bugs."""
        self.quiet = True
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(BROKEN_PIPE)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        if isinstance(renderable, Text):
            renderable = safe_text(renderable)
        return super().render(renderable, options)
