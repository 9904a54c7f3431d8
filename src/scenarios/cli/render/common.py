"""What every renderer shares: consoles, tables that fit 80 columns, bars, figures, hints."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, NewLine, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from scenarios.analyses import probability_words as pw
from scenarios.core import engine

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]


Justify = Literal["left", "right", "center"]


BAR_WIDTH = 10


MAX_SQUARE = 30  # countries shown in a country-by-country table on screen (the CSV has them all)


MAX_SCREEN = 7  # countries (and ranks) in a one-screen default square table (--full: all)


MAX_ROWS = 12  # countries in a one-screen default table of one row a country (--full: all)


def full_hint(what: str) -> Text:
    """The last line of a command's one-screen default: the flag that prints the rest."""
    return Text(f"--full prints {what}", style="dim")


def first_of(what: str, count: int, limit: int) -> list[str]:
    """The note under a one-screen table cut to its first `limit` countries."""
    if count <= limit:
        return []
    return [f"the first {limit} of {count:,} {what} in rank order; --full or -f csv: all"]


def first_shown(what: str, count: int) -> list[str]:
    """The note under a table cut to its first MAX_SQUARE countries (none when it is whole)."""
    if count <= MAX_SQUARE:
        return []
    return [f"the first {MAX_SQUARE} of {count:,} {what} in rank order; -f csv gives them all"]


def has_colour(console: Console) -> bool:
    return console.color_system is not None and not console.no_color


class ColourNote:
    """A note about colours, drawn only where colours are drawn."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if has_colour(console):
            yield Text(self.text, style="dim")


def new_table(*, show_header: bool = True) -> Table:
    """The house style of every table: no frame, two spaces between columns, a heavy rule under
    the header. Titles and notes are drawn outside the table (see `block`), so they wrap at the
    width of the screen, not of the table."""
    return Table(
        box=box.SIMPLE_HEAVY,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        padding=(0, 1),
        show_header=show_header,
    )


def add_column(
    table: Table,
    header: str,
    justify: Justify = "left",
    *,
    wrap: bool = False,
    min_width: int | None = None,
    max_width: int | None = None,
) -> None:
    """A column whose text is never cut: what does not fit wraps (or folds) instead of ending in
    '…'. Numbers and short labels (``wrap=False``) keep to one line unless the screen is too
    narrow for the table at all."""
    table.add_column(
        header,
        justify=justify,
        no_wrap=False,
        overflow="fold",
        min_width=min_width if min_width is not None else None if wrap else _header_width(header),
        max_width=max_width,
    )


def _header_width(header: str) -> int:
    return max((len(part) for part in header.split("\n")), default=0)


class Breaking:
    """Text that wraps at spaces and after the underscores of an identifier
    (`religious_resistance_` / `of_the_clergy`), never inside a word: rich would fold a long
    factor id wherever the column ends. Nothing is added to the text, so an id copied from
    the screen is the id. Only a part longer than the whole column is folded."""

    def __init__(self, text: str | Text) -> None:
        self.text = Text(text) if isinstance(text, str) else text

    @staticmethod
    def _pieces(line: Text) -> list[Text]:
        """The line cut after each run of underscores or spaces."""
        cuts = [m.end() for m in re.finditer(r"[_ ]+(?=[^_ ])", line.plain)]
        return list(line.divide(cuts))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = self.text.split("\n", allow_blank=True)
        pieces = [p.plain.rstrip() for line in lines for p in self._pieces(line)]
        return Measurement(
            max((cell_len(p) for p in pieces), default=0),
            max((cell_len(line.plain) for line in lines), default=0),
        ).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 1)
        out: list[Text] = []
        for line in self.text.split("\n", allow_blank=True):
            current = Text()
            for piece in self._pieces(line):
                if current.plain and cell_len(current.plain + piece.plain.rstrip()) > width:
                    current.rstrip()
                    out.append(current)
                    current = Text()
                current.append_text(piece)
                while cell_len(current.plain.rstrip()) > width:  # a part wider than the column
                    cut = _cells_prefix(current.plain, width)
                    head, current = current.divide([cut])
                    out.append(head)
            current.rstrip()
            out.append(current)
        yield Text("\n", justify=options.justify, no_wrap=True).join(out)


def _cells_prefix(text: str, width: int) -> int:
    """The number of characters of `text` that fill at most `width` cells (at least one)."""
    used = 0
    for n, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return max(n, 1)
    return len(text)


def block(title: str | Text | None, body: RenderableType, *notes: RenderableType) -> Group:
    """A titled table with its notes underneath."""
    parts: list[RenderableType] = []
    if title is not None:
        parts += [Text(title, style="bold") if isinstance(title, str) else title, NewLine()]
    parts.append(body)
    if notes:
        parts.append(NewLine())
        parts += [Text(n, style="dim") if isinstance(n, str) else n for n in notes]
    return Group(*parts)


def blocks(*parts: RenderableType) -> list[RenderableType]:
    """Parts of a report with a blank line between them."""
    out: list[RenderableType] = []
    for part in parts:
        if out:
            out.append(NewLine())
        out.append(part)
    return out


def natural_width(console: Console, options: ConsoleOptions, renderable: RenderableType) -> int:
    """The width a renderable takes when nothing wraps."""
    wide = options.update_width(100_000)
    return Measurement.get(console, wide, renderable).maximum


class _Fit:
    def __init__(self, layouts: Sequence[tuple[RenderableType, RenderableType]]) -> None:
        self.layouts = layouts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for probe, layout in self.layouts[:-1]:
            if natural_width(console, options, probe) <= options.max_width:
                yield layout
                return
        yield self.layouts[-1][1]


def fit(*layouts: tuple[RenderableType, RenderableType]) -> RenderableType:
    """The first layout whose probe (its table) fits the width without wrapping; else the last."""
    return _Fit(layouts)


class _Split:
    def __init__(self, make: Callable[[Sequence[int]], Table], count: int) -> None:
        self.make = make
        self.count = count

    def chunks(self, size: int) -> list[range]:
        parts = math.ceil(self.count / size)
        size = math.ceil(self.count / parts)  # even out the parts
        return [range(s, min(s + size, self.count)) for s in range(0, self.count, size)]

    def fits(self, size: int, console: Console, options: ConsoleOptions) -> bool:
        return all(
            natural_width(console, options, self.make(chunk)) <= options.max_width
            for chunk in self.chunks(size)
        )

    def widest_fit(self, console: Console, options: ConsoleOptions) -> int:
        """The largest size of a chunk whose tables all fit, 1 if none does.

        A table's width is that of its row labels plus each column's: measuring each column
        once predicts every chunking (O(count) tables drawn, not O(count²)); the prediction is
        checked, and made smaller while it does not fit."""
        labels = natural_width(console, options, self.make([]))
        extra = np.array(
            [natural_width(console, options, self.make([c])) - labels for c in range(self.count)]
        )
        sums = np.concatenate([[0], np.cumsum(extra)])
        predicted = 1
        for size in range(self.count, 1, -1):
            starts = np.array([chunk.start for chunk in self.chunks(size)])
            stops = np.array([chunk.stop for chunk in self.chunks(size)])
            if (labels + sums[stops] - sums[starts] <= options.max_width).all():
                predicted = size
                break
        for size in range(predicted, 1, -1):  # the prediction is checked (and wrong, smaller)
            if self.fits(size, console, options):
                return size
        return 1

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for n, chunk in enumerate(self.chunks(self.widest_fit(console, options))):
            if n:
                yield NewLine()
            yield self.make(chunk)


def split_columns(make: Callable[[Sequence[int]], Table], count: int) -> RenderableType:
    """One table of ``count`` data columns, or as few tables as fit the width, each repeating the
    row labels: ``make(columns)`` builds the table of some of the columns."""
    return _Split(make, max(count, 1))


class Items:
    """Items joined by ', ' that wrap between items only: an id and its numbers stay together."""

    def __init__(self, items: Sequence[str], sep: str = ", ", style: str = "") -> None:
        self.items = list(items)
        self.sep = sep
        self.style = style

    def lines(self, width: int) -> list[str]:
        lines: list[str] = []
        for item in self.items:
            if lines and cell_len(lines[-1] + self.sep + item) <= width:
                lines[-1] += self.sep + item
            else:
                if lines:
                    lines[-1] += self.sep.rstrip()
                lines.append(item)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n".join(self.lines(options.max_width)), style=self.style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((cell_len(item) for item in self.items), default=0)
        return Measurement(longest, cell_len(self.sep.join(self.items)))


def bar(fraction: float, width: int = BAR_WIDTH, style: str = "cyan") -> Text:
    """A horizontal bar for a value in [0, 1], drawn with eighth blocks."""
    if not math.isfinite(fraction):
        return Text("")
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return Text("█" * full + partial.strip(), style=style)


def signed_bar(value: float, scale: float, width: int = BAR_WIDTH // 2 + 3) -> Text:
    """A bar left (red) for negative, right (green) for positive values, |value| ≤ scale."""
    if scale <= 0 or not math.isfinite(value):
        return Text(" " * width + "│" + " " * width)
    n = min(round(abs(value) / scale * width), width)
    if value < 0:
        return Text(" " * (width - n)) + Text("█" * n, style="red") + Text("│" + " " * width)
    return Text(" " * width + "│") + Text("█" * n, style="green") + Text(" " * (width - n))


def heat_style(fraction: float) -> str:
    """Background colour from red (0) through yellow to green (1)."""
    if not math.isfinite(fraction):
        return ""
    fraction = min(max(fraction, 0.0), 1.0)
    if fraction < 0.5:
        r, g = 200, int(60 + 280 * fraction)
    else:
        r, g = int(200 - 280 * (fraction - 0.5)), 200
    return f"black on rgb({r},{g},70)"


def fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{value:.{digits}f}"


def number(value: float) -> str:
    """A value on the scale as typed ('7.5', '6.125'), or to two decimals where it has more (a
    panel's mean, '6.33')."""
    value = float(value)
    return f"{value:g}" if abs(value - round(value, 3)) < 1e-9 else f"{value:.2f}"


def percent(value: float | None) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{100 * value:.1f}%"


def rank_order(ids: Sequence[str], scores: np.ndarray) -> list[int]:
    """Country indices from rank 1 down, ties by id: the one order of every table."""
    ranks = engine.ranks(np.asarray(scores, dtype=float))
    return sorted(range(len(ids)), key=lambda i: (ranks[i], ids[i]))


def and_list(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def short_urls(text: str) -> str:
    """Web addresses shown by their site only ('[trend.az]'); exports keep them whole."""
    import re

    return re.sub(r"https?://(?:www\.)?([^/\s;]+)[^\s;]*", r"[\1]", text)


def frame_table(frame: pd.DataFrame, percent_columns: Sequence[str] = ()) -> Table:
    """A plain table of a DataFrame (for secondary tables)."""
    table = new_table()
    for column in frame.columns:
        numeric = frame[column].dtype.kind in "fi"
        add_column(table, str(column).replace("_", " "), "right" if numeric else "left")
    for row in frame.itertuples(index=False):
        cells: list[RenderableType] = []
        for column, value in zip(frame.columns, row, strict=True):
            if isinstance(value, float):
                cells.append(percent(value) if column in percent_columns else fmt(value))
            else:
                cells.append(Text(str(value)))
        table.add_row(*cells)
    return table


def group(parts: Sequence[RenderableType]) -> Group:
    return Group(*parts)


def pct(p: float, low: float | None = None, high: float | None = None) -> str:
    """'48', '4.7', '<1' (no sign): for 'a → b%'; to the precision the interval (low, high)
    allows, one decimal without an interval."""
    return pw.figure(p if math.isfinite(p) else None, pw.step(low, high))


def words_legend(rows: Sequence[tuple[str, str, str]], which: str) -> str:
    """'P in words (ICD 203), the latest: Uzbekistan unlikely · Tajikistan almost no chance (was
    very unlikely).' from (name, words now, words before); '' without any words."""
    shown = [
        f"{name} {now}" + (f" (was {was})" if was and was != now else "")
        for name, now, was in rows
        if now
    ]
    if not shown:
        return ""
    return f"P in words (ICD 203), {which}: " + " · ".join(shown) + "."


def points(change: float) -> str:
    return "" if not math.isfinite(change) else f"{100 * change:+.1f} pts"


def from_to(a: str, b: str, unit: str = "") -> str:
    return f"{a}{unit}" if a == b else f"{a} → {b}{unit}"


def rank_move(old: int, new: int) -> Text:
    """'4 → 3 ↑1' (green), '2 → 4 ↓2' (red), '2' when it did not move."""
    if old == new:
        return Text(str(new))
    text = Text(f"{old} → {new} ")
    up = new < old
    text.append(f"{'↑' if up else '↓'}{abs(old - new)}", style="green" if up else "red")
    return text
