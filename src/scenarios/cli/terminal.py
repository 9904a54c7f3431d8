"""The console everything is drawn on: text reaches the terminal only as printable characters,
never as control sequences, and a very long text is cut with a marker (the exports keep it
whole). Terminal code: used by render, output and watch, and by the console script (cli.main)
for the terminal's encoding."""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
from collections.abc import Iterable
from typing import IO, Any, NoReturn

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from scenarios.core.textsafe import MAX_SHOWN, cut_marker, has_control, printable


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


def reader_left() -> NoReturn:
    """The reader of standard output left (`scenarios history | head`): stop quietly with
    128 + SIGPIPE, as shell tools do, rather than rich's 1, which this tool keeps for bugs."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(BROKEN_PIPE)


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
        self.quiet = True
        reader_left()

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        if isinstance(renderable, Text):
            renderable = safe_text(renderable)
        return super().render(renderable, options)


# --- a terminal that cannot show every character -------------------------------------------

_REPLACE = "scenarios-replace"
_replaced: list[str] = []  # the encodings that could not show a character, once each


def _replace(error: UnicodeError) -> tuple[str, int]:
    """As errors="replace" ('?' for each character the encoding lacks), remembering that it
    happened so that one note can say so."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    if error.encoding not in _replaced:
        _replaced.append(error.encoding)
    return "?" * (error.end - error.start), error.end


def respect_encoding() -> None:
    """Standard output and error in the terminal's own encoding (Latin-1, say), with each
    character it cannot show printed as '?' rather than ending the command in an error."""
    _replaced.clear()  # a note is about this command's output only
    try:
        codecs.lookup_error(_REPLACE)
    except LookupError:
        codecs.register_error(_REPLACE, _replace)
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            unicode = codecs.lookup(encoding).name.startswith("utf")
        except LookupError:
            unicode = False
        reconfigure = getattr(stream, "reconfigure", None)
        if not unicode and reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors=_REPLACE)


def encoding_note() -> str | None:
    """One line saying that characters were replaced, or None when none was."""
    if not _replaced:
        return None
    return (
        f"note: the terminal's encoding ({_replaced[0]}) cannot show some characters; they "
        "are printed as '?' (set a UTF-8 locale, or PYTHONIOENCODING=utf-8, to see them)"
    )


def make_console(
    stderr: bool = False, file: IO[str] | None = None, width: int | None = None
) -> Console:
    """Consoles for data (stdout) and diagnostics (stderr). Rich honours NO_COLOR and drops colour
    codes when the stream is not a terminal.

    Text is printed literally: no markup (a path with [brackets]), no emoji codes (':100:' in
    'file.yaml:100:12'), no highlighting, and control characters from the files shown as
    symbols, never sent to the terminal (terminal.SafeConsole)."""
    return SafeConsole(
        stderr=stderr,
        file=file,
        width=width,
        highlight=False,
        soft_wrap=False,
        markup=False,
        emoji=False,
    )
