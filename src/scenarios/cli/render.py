"""Rich tables and terminal bars: the only module that draws.

Every table reads at 80 columns: a name (country, factor, what-if) is never cut, a column that
carries meaning is never dropped, and a cell wraps over two lines at most. Where a table cannot fit
it changes shape at drawing time, when the width is known: `fit` picks the first layout that fits
(wide, else abbreviated with a legend), `split_columns` deals many columns out over several
tables. Colour is never the only signal: what favours the outcome or works against it also
carries a sign or an arrow, and only a terminal with colour hears about colours.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any, Literal

import numpy as np
from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, NewLine, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from scenarios.analyses import probability_words as pw
from scenarios.analyses.scoring import GATED, TRANSFERRED, UNVALIDATED, status_label
from scenarios.core import engine
from scenarios.core.choices import Aggregation
from scenarios.core.errors import plural
from scenarios.core.writers import flat

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]

    from scenarios.analyses.cascading import Cascade
    from scenarios.analyses.comparison import Comparison
    from scenarios.analyses.likelihood import Backtest, BaseRateCheck, Fit, Variants
    from scenarios.analyses.robustness import (
        CriticalWeights,
        MonteCarlo,
        Sensitivity,
        Sobol,
        Tornado,
    )
    from scenarios.analyses.scoring import Explanation, Ranking
    from scenarios.panels.analysts import Panel
    from scenarios.panels.disagreement import PanelSummary, Spread
    from scenarios.workspace.evidence import Staleness
    from scenarios.workspace.load import Workspace

Justify = Literal["left", "right", "center"]

BAR_WIDTH = 10
MAX_MOVES = 5  # rank changes listed per factor in the tornado (the CSV has them all)
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


# --- consoles -----------------------------------------------------------------------------


def make_console(stderr: bool = False, file: IO[str] | None = None) -> Console:
    """Consoles for data (stdout) and diagnostics (stderr). Rich honours NO_COLOR and drops colour
    codes when the stream is not a terminal.

    Text is printed literally: no markup (a path with [brackets]), no emoji codes (':100:' in
    'file.yaml:100:12'), no highlighting, and control characters from the files shown as
    symbols, never sent to the terminal (terminal.SafeConsole)."""
    from scenarios.cli.terminal import SafeConsole

    return SafeConsole(
        stderr=stderr, file=file, highlight=False, soft_wrap=False, markup=False, emoji=False
    )


def has_colour(console: Console) -> bool:
    return console.color_system is not None and not console.no_color


class ColourNote:
    """A note about colours, drawn only where colours are drawn."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if has_colour(console):
            yield Text(self.text, style="dim")


# --- building blocks ----------------------------------------------------------------------


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


# --- rank -----------------------------------------------------------------------------------


def caption(ranking: Ranking, extra: Iterable[str] = ()) -> str:
    ws = ranking.workspace
    parts = [
        f"workspace: {ws.name}"
        + (" (installed copy; `scenarios init DIR` makes one to edit)" if ws.installed else ""),
        f"method: {ranking.aggregation}",
    ]
    if ws.panel is None or not ws.panel.own_weights:
        parts.append("weights: model.yaml")
    if ws.panel is not None:
        parts.append(panel_caption(ws))
    if ws.changes:
        parts.append("changes: " + ", ".join(map(str, ws.changes)))
    parts.extend(extra)
    return " · ".join(parts)


LEVEL_LEGEND = "(high)/(low): factor's value on its scale."


def level_label(ws: Workspace, factor: str, pushes_up: bool, label: bool = False) -> str:
    """'religious_resistance (low)' for an against-factor that lifts a score, and so on; with
    `label`, the factor's label from model.yaml ('Religious-social resistance (low)')."""
    high = pushes_up == (ws.model.factors[factor].direction == "for")
    name = ws.model.factors[factor].label if label else factor
    return f"{name} ({'high' if high else 'low'})"


def ranking_body(ranking: Ranking) -> RenderableType:
    """The ranking table with the factors' labels where they fit the width, else their ids."""
    with_labels = ranking_table(ranking, labels=True)
    with_ids = ranking_table(ranking)
    return fit((with_labels, with_labels), (with_ids, with_ids))


def ranking_table(ranking: Ranking, labels: bool = False) -> Table:
    """One row of two lines a country: name over its status or the words of its probability,
    score over its bar, probability over its interval, strongest push over strongest pull
    (by label with `labels`, else by id)."""
    ws = ranking.workspace
    table = new_table()
    add_column(table, "rank", "right")
    add_column(table, "country")
    add_column(table, "score", min_width=BAR_WIDTH)
    if ranking.probability is not None:
        add_column(table, probability_header(ranking), "right")
    add_column(table, "main push ↑ / pull ↓")
    for i in ranking.order:
        profile = ws.profiles[i]
        status = status_label(ws, profile.id)
        name = Text(profile.name)
        if status:
            name.append(f"\n{status}", style="magenta")
        elif ranking.probability is not None:
            name.append(f"\n{ranking.words(i)}", style="dim")
        up, down = ranking.drivers(i)
        drivers = Text(
            f"↑ {level_label(ws, up, pushes_up=True, label=labels)}" if up else "↑ –",
            style="green",
        )
        drivers.append(
            f"\n↓ {level_label(ws, down, pushes_up=False, label=labels)}" if down else "\n↓ –",
            style="red",
        )
        score = Text(fmt(ranking.scores[i]) + "\n")
        score.append_text(bar(ranking.scores[i]))
        cells: list[RenderableType] = [
            f"{ranking.ranks[i]}{'=' if ranking.tied[i] else ''}",
            name,
            score,
        ]
        if ranking.probability is not None:
            cells.append("joined" if status else probability_cell(ranking, i))
        cells.append(drivers)
        table.add_row(*cells)
    return table


def probability_header(ranking: Ranking) -> str:
    return f"P(≤{ranking.horizon:g}y)"


def interval_text(ranking: Ranking, i: int) -> str:
    """'10–91%': the probability's interval to the precision its width allows, or ''."""
    return pw.interval(*ranking.interval_of(i))


def probability_text(ranking: Ranking, i: int) -> str:
    """'49%': the probability to the precision its interval allows (see probability_words)."""
    assert ranking.probability is not None
    return pw.percent(float(ranking.probability[i]), *ranking.interval_of(i))


def short_percent(p: float) -> str:
    """A percentage in two significant figures at most, without the sign: '0.4', '9.6', '93'."""
    value = 100 * p
    if value == 0:
        return "0"
    if value >= 9.95:
        return f"{value:.0f}"
    return f"{value:.1f}" if value >= 0.05 else f"{value:.2f}"


def probability_cell(ranking: Ranking, i: int, words: bool = False) -> Text:
    """The probability with its marks and its interval on the line below; with `words`, the
    interval beside the probability and the yardstick's words below (two lines at most)."""
    assert ranking.probability is not None
    if status_label(ranking.workspace, ranking.ids[i]):
        return Text("joined")
    cell = Text(probability_text(ranking, i) + ranking.marks(i))
    interval = interval_text(ranking, i)
    if interval:
        cell.append((" " if words else "\n") + interval, style="dim")
    if words:
        cell.append("\n" + ranking.words(i), style="dim")
    return cell


def and_list(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


WORDS_NOTE = "Words: the ICD 203 yardstick (see the README, 'How a probability is shown')."


def base_rate_note(ranking: Ranking) -> str:
    """'Base rate: 1 of 5 in 5.7 years → 18%.', or '' without a base rate (a link with its own
    intercept). The horizon is the probability's, named just before."""
    base = ranking.link.base if ranking.link is not None else None
    if ranking.base_probability is None or base is None or ranking.horizon is None:
        return ""
    low, high = pw.base_rate_interval(base, ranking.horizon, ranking.level)
    return (
        f"Base rate: {base.events} of {base.of} in {base.window_label} years → "
        f"{pw.percent(ranking.base_probability, low, high)}."
    )


def link_formula(ranking: Ranking) -> str:
    """The link's algebra, for `explain`: 'P = 1 − (1 − p)^5, p = logistic(...); source.'"""
    link = ranking.link
    assert link is not None
    years = f"{ranking.horizon:g}"
    return (
        ("Each analyst's " if ranking.workspace.panel is not None else "")
        + f"P = 1 − (1 − p)^{years}, p = logistic({link.intercept:.3g} + {link.slope:.3g}·score)"
        + (
            f", averaged with its {len(link.on_file_weights) - 1} alternative slopes "
            "(`scenarios calibrate`)"
            if len(link.on_file_weights) > 1
            else ""
        )
        + f"; {link.source}."
    )


def probability_notes(ranking: Ranking, formula: bool = False, legend: bool = False) -> list[str]:
    """What the probability column means: the event, the interval, the words, the base rate,
    the marks; with `formula` the link's algebra too (`explain` shows it, `rank` points there);
    with `legend` the level words of the push/pull column, beside the base rate."""
    link = ranking.link
    if ranking.probability is None or link is None:
        return [LEVEL_LEGEND] if legend else []
    ws = ranking.workspace
    years = f"{ranking.horizon:g}"
    event = ws.model.event
    since = f" of {event.as_of}" if event is not None else ""
    base = base_rate_note(ranking)
    notes = [
        f"{probability_header(ranking)}: within {years} "
        f"{'year' if ranking.horizon == 1 else 'years'}{since}, each country alone; below, "
        f"{100 * ranking.level:g}% interval over {and_list(ranking.covers)}."
    ]
    if base or legend:
        notes.append(" ".join(note for note in (base, LEVEL_LEGEND if legend else "") if note))
    if formula:
        notes.append(f"{link_formula(ranking)} {WORDS_NOTE}")
    if link.transfer:
        notes.append(f"{TRANSFERRED} {link.transfer}")
    if link.equal_weights:
        notes.append(f"Weights: {link.equal_weights}.")
    if event is not None:
        notes.append(f"Event: {event.definition}")
    if not link.validated:
        notes.append(f"{UNVALIDATED} not validated: {link.caveat}; read P as a rough scale.")
    binding = {name for i in range(len(ranking.ids)) for name in ranking.gates_binding(i)}
    for name in sorted(binding):
        gate = ws.model.gates[name]
        limit = "blocked" if gate.cap == 0 else f"capped at {percent(gate.cap)}"
        who = ", ".join(
            ranking.ids[i] for i in range(len(ranking.ids)) if name in ranking.gates_binding(i)
        )
        notes.append(f"{GATED} gate '{name}' ({gate.factor}): {limit} for {who}. {gate.note}")
    return notes


def ranking_notes(ranking: Ranking) -> list[str]:
    notes = []
    if ranking.tied.any():
        notes.append("'=' marks a tie: tied countries share the better rank.")
    if ranking.probability is None or ranking.link is None:
        notes.append(
            "The score is a weighted index in [0, 1], not a probability (model.yaml has no `link`)."
        )
    return notes + probability_notes(ranking, legend=True)


def ranking(result: Ranking) -> list[RenderableType]:
    """`scenarios rank`: the table, the workspace it read, and how to read P."""
    return [
        block(
            Text(result.workspace.model.title, style="bold"),
            ranking_body(result),
            caption(result),
            *ranking_notes(result),
        )
    ]


# --- explain --------------------------------------------------------------------------------


def short_urls(text: str) -> str:
    """Web addresses shown by their site only ('[trend.az]'); exports keep them whole."""
    import re

    return re.sub(r"https?://(?:www\.)?([^/\s;]+)[^\s;]*", r"[\1]", text)


CONFIDENCE = {"low": "low", "medium": "med", "high": "high"}


def _rests_on(ws: Workspace, rows: list[dict[str, Any]]) -> list[str]:
    """Under a panel, whose values each value of the table follows (where any analyst gives
    their own)."""
    if ws.panel is None:
        return []
    cells = [f"{r['factor']}: {r['rests_on']}" for r in rows if r["rests_on"] != "profile"]
    rule = ws.panel.rule.values.replace("_", " ")
    if not cells:
        return [f"Every value is the profile's: no analyst of the {ws.panel.label} gives one."]
    return [
        f"Each value is the {ws.panel.label}'s {rule} of: "
        + " · ".join(cells)
        + (
            "; the others, the profile's value, which every analyst takes."
            if len(cells) < len(rows)
            else "."
        )
    ]


def explanation(
    expl: Explanation, full: bool = False, with_evidence: bool = False, with_link: bool = False
) -> list[RenderableType]:
    """`scenarios explain`: by default the answer on one screen (score, probability, the factor
    table, push and pull) and a hint; `with_evidence` adds each factor's notes and sources;
    `full` prints everything (the gap to the country above, what would change, how P is made)."""
    if full:
        return explanation_full(expl)
    ranking = expl.ranking
    ws = ranking.workspace
    i = expl.country
    frame_rows: list[dict[str, Any]] = [
        {str(k): v for k, v in row.items()} for row in flat(expl.to_frame()).to_dict("records")
    ]
    additive = ranking.aggregation == "additive"
    up, down = ranking.drivers(i)
    push = Text("main push ", style="bold")
    push.append(f"↑ {level_label(ws, up, pushes_up=True)}" if up else "↑ –", style="green")
    push.append(" · pull ", style="bold")
    push.append(f"↓ {level_label(ws, down, pushes_up=False)}" if down else "↓ –", style="red")
    contribution = (
        "contrib = weight × norm, adding up to the score"
        if additive
        else "w·ln u = weight × ln(norm), adding up to ln(score)"
    )
    shown = ranking.probability is not None and not status_label(ws, ws.country_ids[i])
    marks = ranking.marks(i) if shown else ""
    link = ranking.link
    mark_notes = [
        *([f"{UNVALIDATED} not validated: {link.caveat}"] if link and UNVALIDATED in marks else []),
        *([f"{TRANSFERRED} {link.transfer}"] if link and TRANSFERRED in marks else []),
        *[
            f"{GATED} gate '{name}' binds: {ws.model.gates[name].factor} is beyond its "
            "threshold, so P is capped whatever the other factors say"
            for name in ranking.gates_binding(i)
        ],
    ]
    parts: list[RenderableType] = [
        block(
            _explain_head(expl),
            _factor_table(ranking, frame_rows),
            push,
            Text(
                "±: + raises the likelihood, − lowers it · norm: the value on 0–1, direction "
                f"applied · {contribution}",
                style="dim",
            ),
            *[Text(note, style="dim") for note in mark_notes],
            *(
                [Text(link_formula(ranking), style="dim")]
                if with_link and link is not None and ranking.probability is not None
                else []
            ),
            caption(ranking),
        )
    ]
    if with_evidence:
        parts.append(evidence(frame_rows, expl.staleness))
        hint = "--full: also the gap to the country above, what would change, how P is made"
    else:
        hint = "--evidence: each factor's notes and sources · --full: everything"
    parts.append(Text(hint, style="dim"))
    return blocks(*parts)


def _explain_head(expl: Explanation) -> Text:
    """'Uzbekistan · أوزبكستان (UZ) — rank 2 of 5, score 0.542, P(≤5y) 23%§ (90%: 3–94%),
    unlikely · base rate alone: …': the answer, in one sentence."""
    ranking = expl.ranking
    ws = ranking.workspace
    i = expl.country
    profile = ws.profiles[i]
    head = Text(f"{profile.name}", style="bold")
    if profile.name_ar:
        head.append(f" · {profile.name_ar}")
    head.append(
        f" ({profile.id}) — rank {ranking.ranks[i]}{'=' if ranking.tied[i] else ''} "
        f"of {len(ranking.ids)}, score {fmt(ranking.scores[i])}"
    )
    status = status_label(ws, profile.id)
    if status:
        head.append(f" — {status}", style="bold magenta")
    elif ranking.probability is not None:
        head.append(
            f", {probability_header(ranking)} {probability_text(ranking, i)}{ranking.marks(i)}"
        )
        interval = interval_text(ranking, i)
        if interval:
            head.append(f" ({100 * ranking.level:g}%: {interval})")
        head.append(f", {ranking.words(i)}")
        rate = ws.model.base_rate
        if ranking.base_probability is not None and rate is not None and ranking.horizon:
            head.append(
                f" · base rate alone: {pw.base_rate_text(rate, ranking.horizon, ranking.level)}"
            )
    return head


def _factor_table(ranking: Ranking, frame_rows: list[dict[str, Any]]) -> Table:
    """One row a factor: its direction, value, range, confidence, norm, weight, contribution."""
    additive = ranking.aggregation == "additive"
    table = new_table()
    add_column(table, "factor")
    add_column(table, "±", "center", min_width=1)
    for name in ("value", "range", "conf", "norm", "weight", "contrib" if additive else "w·ln u"):
        add_column(table, name, "left" if name == "conf" else "right")
    add_column(table, "", min_width=BAR_WIDTH - 2)
    biggest = (
        max(
            (abs(r["contribution"]) for r in frame_rows if math.isfinite(r["contribution"])),
            default=1.0,
        )
        or 1.0
    )
    for r in frame_rows:
        table.add_row(
            Text(r["factor"]),
            "+" if r["direction"] == "for" else "−",
            number(r["value"]),
            f"{number(r['low'])}–{number(r['high'])}",
            CONFIDENCE.get(r["confidence"], r["confidence"]),
            fmt(r["normalized"], 2),
            fmt(r["weight"]),
            fmt(r["contribution"]),
            bar(
                abs(r["contribution"]) / biggest,
                BAR_WIDTH - 2,
                "green" if r["contribution"] >= 0 else "red",
            ),
        )
    return table


def explanation_full(expl: Explanation) -> list[RenderableType]:
    """`scenarios explain --full`: everything, the evidence last."""
    ranking = expl.ranking
    ws = ranking.workspace
    i = expl.country
    profile = ws.profiles[i]
    frame_rows: list[dict[str, Any]] = [
        {str(k): v for k, v in row.items()} for row in flat(expl.to_frame()).to_dict("records")
    ]
    additive = ranking.aggregation == "additive"
    head = _explain_head(expl)
    table = _factor_table(ranking, frame_rows)
    lo, hi = ws.scale
    contribution = (
        "contrib = weight × norm; the contributions add up to the score"
        if additive
        else "w·ln u = weight × ln(norm); they add up to ln(score)"
    )
    parts: list[RenderableType] = [
        block(
            head,
            table,
            f"±: + the factor raises the likelihood (direction: for), − lowers it (against) · "
            f"value on the {lo:g}–{hi:g} scale, range and confidence of its evidence · norm: the "
            f"value on 0–1 with the direction applied · {contribution}",
            caption(ranking),
            *_rests_on(ws, frame_rows),
            *[
                note
                for note in probability_notes(ranking, formula=True)
                if not note.startswith(GATED)
            ],
            *[
                f"{GATED} gate '{name}' binds: {ws.model.gates[name].factor} is beyond "
                "its threshold, so P is capped whatever the other factors say. "
                f"{ws.model.gates[name].note}"
                for name in ranking.gates_binding(i)
            ],
        )
    ]
    gap = expl.gap_frame()
    gap = None if gap is None else flat(gap)
    if gap is not None and expl.above is not None:
        above = ws.profiles[expl.above]
        total = ranking.scores[expl.above] - ranking.scores[i]
        gtable = new_table()
        add_column(gtable, "factor")
        add_column(gtable, f"{above.id} − {profile.id}", "right")
        half = BAR_WIDTH // 2 + 3  # the width of each side of signed_bar
        add_column(
            gtable,
            f"{'← ' + above.id:>{half}}│{profile.id + ' →':<{half}}",
            min_width=2 * half + 1,
        )
        values = [float(g) for g in gap["gap"]]
        scale = max(abs(g) for g in values) or 1.0
        for factor, value in zip(gap["factor"], values, strict=True):
            gtable.add_row(Text(str(factor)), f"{value:+.3f}", signed_bar(-value, scale))
        parts.append(
            block(
                Text(
                    f"Gap to {above.name} (rank {ranking.ranks[expl.above]}): "
                    f"{fmt(total)} in score",
                    style="bold",
                ),
                gtable,
                f"+: the factor gives {above.id} more than {profile.id} (the bar points to "
                f"{above.id}); −: it gives {profile.id} more (the bar points to {profile.id}).",
            )
        )
    else:
        parts.append(Text("Ranked first: no country above it.", style="dim"))
    parts.append(what_would_change(ranking, i))
    parts.append(evidence(frame_rows, expl.staleness))
    return blocks(*parts)


def what_would_change(ranking: Ranking, country: int) -> RenderableType:
    """The smallest changes of one value that would move the country one rank."""
    from scenarios.cli.render_tracking import what_would_change as draw
    from scenarios.ledger.signposting import signposts

    return draw(signposts(ranking, indicators=False), country)


def evidence(rows: Sequence[dict[str, object]], rule: Staleness) -> RenderableType:
    """Each factor's note and sources under a line naming the factor: the text takes the whole
    width instead of a narrow column. Stale dates are marked, and the rule is stated once."""
    parts: list[RenderableType] = [
        Text("Evidence (web addresses shortened to their site; `-f csv` gives them whole)", "bold")
    ]
    if rule.applies:
        parts.append(Text(f"stale: {rule}", style="dim"))
    for r in rows:
        head = Text(str(r["factor"]), style="bold")
        if r["as_of"]:
            head.append(f" · as of {r['as_of']}")
            if r.get("stale"):
                head.append(" · stale", style="bold")
        if r.get("basis") == "background":
            head.append(" · rests on background knowledge")
        text = Text(str(r["note"] or "(no note)"))
        if r["sources"]:
            text.append("\n" + short_urls(str(r["sources"])), style="dim")
        parts += [NewLine(), head, Padding(text, (0, 0, 0, 2))]
    return Group(*parts)


# --- factors --------------------------------------------------------------------------------


def favour_mark(fraction: float) -> str:
    """↑ where a value favours the outcome (above the middle, direction applied), ↓ where it works
    against it, nothing at the middle."""
    if not math.isfinite(fraction) or abs(fraction - 0.5) < 1e-9:
        return " "
    return "↑" if fraction > 0.5 else "↓"


def matrix(ranking: Ranking) -> list[RenderableType]:
    """Factors down, countries across in rank order (split over tables when they do not fit)."""
    ws = ranking.workspace
    lo, hi = ws.scale
    order = list(ranking.order)

    def make(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "±", "center", min_width=1)
        add_column(table, "factor")
        for c in columns:
            add_column(table, ws.country_ids[order[c]], "right", min_width=4)
        for f, factor in enumerate(ws.factor_ids):
            cells = [
                Text(
                    f"{number(ws.values[order[c], f])}"
                    f"{favour_mark(ranking.normalized[order[c], f])}",
                    style=heat_style(ranking.normalized[order[c], f]),
                )
                for c in columns
            ]
            direction = "+" if ws.model.factors[factor].direction == "for" else "−"
            table.add_row(direction, Text(factor), *cells)
        return table

    return [
        block(
            Text(f"{ws.model.title}: factor values ({lo:g}–{hi:g})", style="bold"),
            split_columns(make, len(order)),
            "±: + the factor raises the likelihood, − lowers it · ↑ the value favours the "
            "outcome, ↓ it works against it (its side of the middle of the scale, direction "
            "applied) · countries in rank order"
            + (
                f" · {panel_caption(ws)} (`scenarios panel` shows each analyst)"
                if ws.panel is not None
                else ""
            ),
            ColourNote("colour: the same, from red (against) to green (favours)"),
        )
    ]


# --- generic tables -------------------------------------------------------------------------


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


# --- sensitivity ----------------------------------------------------------------------------


def tornado(t: Tornado) -> RenderableType:
    """The tornado with each factor's rank changes beside it, or, where they do not fit beside
    it, in a second table of their own."""
    ws = t.workspace
    order = rank_order(ws.country_ids, t.base_scores)
    biggest = float(t.swing.max()) or 1.0
    changes: list[list[str]] = []
    for k in range(len(ws.factor_ids)):
        moved = []
        for c in order:
            lo = int(min(t.base_ranks[c], t.ranks[k, :, c].min()))
            hi = int(max(t.base_ranks[c], t.ranks[k, :, c].max()))
            if lo != hi:
                moved.append(f"{ws.country_ids[c]} {lo}–{hi}")
        changes.append(moved)

    def moves(k: int) -> RenderableType:
        if not changes[k]:
            return Text("none", style="dim")
        shown = changes[k][:MAX_MOVES]
        more = len(changes[k]) - len(shown)
        return Items([*shown, f"+{more} more"] if more else shown)

    def swings(with_changes: bool) -> Table:
        table = new_table()
        add_column(table, "factor")
        add_column(table, "weight", "right")
        add_column(table, "moved to", "right")
        add_column(table, "swing", "right")
        add_column(table, "", min_width=BAR_WIDTH - 2)
        if with_changes:
            add_column(table, "rank changes", wrap=True)
        for k in t.order:
            w = t.weights[k]
            table.add_row(
                Text(ws.factor_ids[k]),
                fmt(w),
                f"{fmt(w * (1 - t.delta))}–{fmt(min(w * (1 + t.delta), 1))}",
                fmt(t.swing[k]),
                bar(t.swing[k] / biggest, BAR_WIDTH - 2),
                *([moves(k)] if with_changes else []),
            )
        return table

    ranks = new_table()
    add_column(ranks, "factor")
    add_column(ranks, "rank changes", wrap=True)
    for k in t.order:
        ranks.add_row(Text(ws.factor_ids[k]), moves(k))
    title = f"One at a time: each factor's weight × (1 ± {t.delta:g}), others rescaled"
    swing = "swing: the largest change of any country's score"
    how = (
        "rank changes: the ranks a country takes, countries in rank order "
        f"(the first {MAX_MOVES}; -f csv --table oat lists them all)"
    )
    together = swings(with_changes=True)
    return fit(
        (together, block(title, together, f"{swing} · {how}")),
        (
            swings(with_changes=False),
            Group(
                block(title, swings(with_changes=False), swing),
                NewLine(),
                block("Rank changes under these moves", ranks, how),
            ),
        ),
    )


def critical(cw: CriticalWeights) -> RenderableType:
    ws = cw.workspace
    table = new_table()
    columns: list[tuple[str, Justify]] = [
        ("factor", "left"),
        ("weight", "right"),
        ("↑ to", "right"),
        ("change", "right"),
        ("swap", "left"),
        ("↓ to", "right"),
        ("change", "right"),
        ("swap", "left"),
    ]
    for name, justify in columns:
        add_column(table, name, justify, min_width=max(len(name), 5) if name != "factor" else None)
    for k, factor in enumerate(ws.factor_ids):
        cells: list[RenderableType] = [Text(factor), fmt(cw.weights[k])]
        for t in (cw.increase[k], cw.decrease[k]):
            if t is None:
                cells += [Text("none", style="dim"), "", ""]
            else:
                rel = cw.relative(k, t)
                cells += [
                    fmt(t.weight),
                    f"{100 * rel:+.0f}%" if math.isfinite(rel) else "",
                    Text(f"{t.above}↔{t.below}"),
                ]
        table.add_row(*cells)
    return block(
        "Critical weights: the smallest change of one weight that reorders the ranking",
        table,
        "↑ raise, ↓ lower: effective weights, the others rescaled in proportion (as editing one "
        "weight in model.yaml does); "
        + (
            "the CSV also gives the model.yaml weight"
            if ws.panel is None
            else "the analysts have their own weights, so no one model.yaml weight gives these"
        ),
        critical_verdict(cw),
    )


def critical_verdict(cw: CriticalWeights) -> Text:
    """The most critical weight in a sentence: which, by how much, and the pair that swaps."""
    from scenarios.analyses.robustness import file_weight

    ws = cw.workspace
    best = cw.most_critical
    if best is None:
        verdict = Text("No single weight change within [0, 1] reorders the ranking.")
    else:
        k, side = best
        t = cw.increase[k] if side == "increase" else cw.decrease[k]
        assert t is not None  # the most critical side has a threshold
        edit = file_weight(ws, k, t.weight)
        verdict = Text(
            f"Most critical: {ws.factor_ids[k]} — "
            f"{'raising' if side == 'increase' else 'lowering'} its weight by "
            f"{abs(100 * cw.relative(k, t)):.0f}% ({fmt(cw.weights[k])} → {fmt(t.weight)}"
            + (
                f"; weight {ws.model.factors[ws.factor_ids[k]].weight:g} → {edit:.3g} in model.yaml"
                if math.isfinite(edit) or ws.panel is None
                else "; of the panel's weights: the analysts have their own, so no one edit of "
                "model.yaml gives it"
            )
            + f") puts {t.below} above {t.above}.",
            style="bold",
        )
    return verdict


def acceptability_table(mc: MonteCarlo, rows: Sequence[int], columns: Sequence[int]) -> Table:
    """P(rank): the countries `rows` (in that order) by the ranks `columns` (0 = first)."""
    names = [p.name for p in mc.workspace.profiles]
    table = new_table()
    add_column(table, "country")
    for r in columns:
        add_column(table, f"#{r + 1}", "right", min_width=6)
    for c in rows:
        cells = [
            Text(f"{100 * p:.1f}%", style=heat_style(p)) if p >= 0.0005 else Text("·", "dim")
            for p in (mc.acceptability[c, r] for r in columns)
        ]
        table.add_row(Text(names[c]), *cells)
    return table


def rank_stability(mc: MonteCarlo) -> RenderableType:
    """`sensitivity`'s one-screen Monte Carlo: P(rank) for the first countries and ranks."""
    ws = mc.workspace
    order = rank_order(ws.country_ids, mc.base_scores)
    shown = order[:MAX_SCREEN]
    return block(
        "Rank stability: each country's chance of holding each rank (Monte Carlo)",
        acceptability_table(mc, shown, range(len(shown))),
        f"{mc.samples:,} samples of uncertain "
        + ("values" if mc.settings.fixed_weights else "weights and values")
        + f" · seed {mc.settings.seed} · '·' below 0.05%",
        *first_of("countries and ranks", len(order), MAX_SCREEN),
    )


def monte_carlo(mc: MonteCarlo) -> list[RenderableType]:
    ws = mc.workspace
    s = mc.settings
    ids = ws.country_ids
    names = [p.name for p in ws.profiles]
    order = rank_order(ids, mc.base_scores)
    weights = "fixed" if s.fixed_weights else f"Dirichlet, concentration {s.concentration:g}"
    about = (
        f"{mc.samples:,} samples · seed {s.seed} · weights: {weights} · values: {s.values}"
        + (f" · drivers: {', '.join(ws.model.drivers)}" if ws.model.drivers else "")
        + f" · largest standard error {mc.standard_error:.4f} · '·' below 0.05%"
    )

    def acceptability(columns: Sequence[int]) -> Table:
        return acceptability_table(mc, order[:MAX_SQUARE], columns)

    stable = new_table()
    for name in ("country", "score", "mean", "5–95%", "P(first)", "mean rank"):
        add_column(stable, name, "left" if name == "country" else "right")
    expected = mc.acceptability @ np.arange(1, len(ids) + 1)
    for c in order:
        stable.add_row(
            Text(names[c]),
            fmt(mc.base_scores[c]),
            fmt(mc.mean[c]),
            f"{fmt(mc.low[c])}–{fmt(mc.high[c])}",
            percent(mc.acceptability[c, 0]),
            f"{expected[c]:.2f}",
        )

    def pairwise(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "")
        for j in columns:
            add_column(table, ids[order[j]], "right", min_width=6)
        for a in order[:MAX_SQUARE]:
            cells = [
                Text("–", style="dim")
                if a == order[j]
                else Text(percent(mc.pairwise[a, order[j]]), heat_style(mc.pairwise[a, order[j]]))
                for j in columns
            ]
            table.add_row(Text(ids[a]), *cells)
        return table

    shown = order[:MAX_SQUARE]
    return [
        block(
            "Monte Carlo: probability of holding each rank",
            split_columns(acceptability, len(shown)),
            about,
            *first_shown("countries and ranks", len(ids)),
        ),
        block("Scores under uncertainty", stable),
        *monte_carlo_probabilities(mc, order),
        block(
            "P(row ranks above column)",
            split_columns(pairwise, len(shown)),
            *first_shown("countries", len(ids)),
        ),
    ]


def monte_carlo_probabilities(mc: MonteCarlo, order: Sequence[int]) -> list[RenderableType]:
    """With a link: each probability over weights, values and the link together; with gates:
    how often each gate binds under the value ranges."""
    ws = mc.workspace
    names = [p.name for p in ws.profiles]
    parts: list[RenderableType] = []
    dist = mc.probability
    if dist is not None and mc.horizon is not None:
        table = new_table()
        for name in ("country", "mean", "5–95%"):
            add_column(table, name, "left" if name == "country" else "right")
        for c in order:
            if math.isfinite(dist.mean[c]):
                table.add_row(
                    Text(names[c]),
                    percent(dist.mean[c]),
                    f"{short_percent(dist.low[c])}–{short_percent(dist.high[c])}%",
                )
        parts.append(
            block(
                f"P(≤{mc.horizon:g}y) under every uncertainty: weights, values and the link",
                table,
                f"{and_list(mc.link_covers or ('the link',))} are drawn in each sample too",
            )
        )
    if mc.gate_binding is not None and ws.model.gates:
        gates = list(ws.model.gates)
        table = new_table()
        add_column(table, "country")
        for name in gates:
            add_column(table, name, "right")
        for c in order:
            table.add_row(
                Text(names[c]), *[percent(mc.gate_binding[c, g]) for g in range(len(gates))]
            )
        parts.append(block("How often each gate binds under the value ranges", table))
    return parts


def sobol(result: Sobol, order: Sequence[int] | None = None) -> RenderableType:
    ws = result.workspace
    ids = ws.country_ids
    countries = (list(order) if order is not None else list(range(len(ids))))[:MAX_SQUARE]

    def make(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "input")
        for j in columns:
            add_column(table, ids[countries[j]], "right", min_width=7)
        for i, name in enumerate(result.inputs):
            cells: list[RenderableType] = []
            for j in columns:
                c = countries[j]
                s1, st = result.first[c, i], result.total[c, i]
                cells.append(
                    "–"
                    if not math.isfinite(s1)
                    else Text(
                        f"{max(s1, 0):.2f}/{max(st, 0):.2f}".replace("0.", "."),
                        style=heat_style(1 - st) if st >= 0.1 else "",
                    )
                )
            kind, _, factor = name.partition(":")
            table.add_row(Text(f"{kind[0]} {factor}"), *cells)
        return table

    return block(
        f"Sobol indices of each score (first-order / total), N = {result.base_samples}",
        split_columns(make, len(countries)),
        "w = weight, v = value; '–': input has no spread; totals well above first-order indices "
        "mean interactions",
        *first_shown("countries", len(ids)),
    )


SENSITIVITY_TABLES = (  # what --full adds, by the analysis that gives it
    ("tornado", "tornado"),
    ("critical", "critical weights"),
    ("monte_carlo", "Monte Carlo scores, pairs"),
    ("sobol", "Sobol indices"),
)


def sensitivity(
    result: Sensitivity, aggregation: Aggregation | None = None, *, full: bool = True
) -> list[RenderableType]:
    """Every analysis asked for, countries in rank order throughout; or (not `full`) what fits
    one screen: the most critical weight and the rank stability, and a hint for the rest."""
    if not full and (result.critical is not None or result.monte_carlo is not None):
        return sensitivity_summary(result)
    return _sensitivity_full(result, aggregation)


def sensitivity_summary(result: Sensitivity) -> list[RenderableType]:
    """The most critical weight and the Monte Carlo's P(rank), with the hint naming --full."""
    parts: list[RenderableType] = []
    if result.critical is not None:
        parts.append(critical_verdict(result.critical))
    if result.monte_carlo is not None:
        parts.append(rank_stability(result.monte_carlo))
    parts += panel_note(result)
    hidden = [what for name, what in SENSITIVITY_TABLES if getattr(result, name) is not None]
    parts.append(full_hint(f"every table ({', '.join(hidden)})"))
    return blocks(*parts)


def _sensitivity_full(
    result: Sensitivity, aggregation: Aggregation | None = None
) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if result.tornado is not None:
        parts.append(tornado(result.tornado))
    if result.critical is not None:
        parts.append(critical(result.critical))
    if result.monte_carlo is not None:
        parts += monte_carlo(result.monte_carlo)
    if result.sobol is not None:
        from scenarios.analyses import scoring

        ws = result.sobol.workspace
        scores = scoring.rank(ws, aggregation or ws.model.aggregation).scores
        parts.append(sobol(result.sobol, rank_order(ws.country_ids, scores)))
    parts += panel_note(result)
    return blocks(*parts)


def panel_note(result: Sensitivity) -> list[RenderableType]:
    """Whose weights and values the analyses use, when a panel gives them (none without)."""
    panel = result.workspace.panel
    if panel is None:
        return []
    return [
        Text(
            f"Weights and values: the aggregate of the {panel.describe()}"
            + (f"; Monte Carlo: {panel.monte_carlo_note()}" if result.monte_carlo else ""),
            style="dim",
        )
    ]


# --- what-ifs -------------------------------------------------------------------------------


def whatifs(ws: Workspace) -> list[RenderableType]:
    table = new_table()
    add_column(table, "name")
    add_column(table, "title", wrap=True)
    add_column(table, "changes", "right")
    for name, w in ws.whatifs.items():
        parts = [
            plural(len(w.values), "value") if w.values else "",
            plural(len(w.weights), "weight") if w.weights else "",
            f"{len(w.status)} status" if w.status else "",
        ]
        table.add_row(
            Text(name, style="bold"), Text(w.title), ", ".join(p for p in parts if p) or "none"
        )
    if not ws.whatifs:
        table.add_row(Text("(none)", style="dim"), "", "")
    return [
        block(
            Text(f"What-ifs of {ws.name}", style="bold"),
            table,
            "apply one with --whatif NAME; compare them all with `scenarios compare`",
        )
    ]


def change_text(score_change: float, rank_change: int) -> Text:
    """'+0.034 ↑1' in green, '-0.012' in red, '·' when nothing moved: the sign and the arrow
    say it without colour."""
    if abs(score_change) < 5e-4 and rank_change == 0:
        return Text("·", style="dim")
    text = Text(f"{score_change:+.3f}", style="green" if score_change > 0 else "red")
    if rank_change:
        arrow = "↑" if rank_change > 0 else "↓"
        text.append(
            f" {arrow}{abs(rank_change)}", style="bold " + ("green" if rank_change > 0 else "red")
        )
    return text


def column_labels(n: int) -> list[str]:
    """A, B, ... Z, then W27, W28 ...: short column labels explained by a legend."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [letters[i] if i < len(letters) else f"W{i + 1}" for i in range(n)]


def comparison_probabilities(result: Comparison, labels: Sequence[str]) -> RenderableType:
    """Each country's probability under the baseline and each what-if, with its interval:
    what-ifs by name where they fit, else by the letters of the score table's legend."""
    base = result.baseline
    ws = base.workspace
    names = list(result.scenarios)
    rankings = [base, *result.scenarios.values()]
    open_ = [i for i in base.order if not status_label(ws, ws.country_ids[i])]

    def table_of(columns: Sequence[int], headers: Sequence[str]) -> Table:
        table = new_table()
        add_column(table, "country")
        for j in columns:
            add_column(table, headers[j], "right", min_width=9)
        for i in open_:
            cells: list[RenderableType] = [Text(ws.profiles[i].name)]
            cells += [probability_cell(rankings[j], i, words=True) for j in columns]
            table.add_row(*cells)
        return table

    title = Text(f"{probability_header(base)}: baseline and what-ifs", style="bold")
    notes = [*probability_notes(base), WORDS_NOTE]
    everything = range(len(rankings))
    wide = table_of(everything, ["baseline", *names])
    short = ["baseline", *labels]
    pairs = [f"{label}={name}" for label, name in zip(labels, names, strict=True)]
    legend = Items([f"what-ifs: {pairs[0]}", *pairs[1:]] if pairs else [], style="dim")
    return fit(
        (wide, block(title, wide, *notes)),
        (
            table_of(everything, short),
            block(
                title,
                split_columns(lambda columns: table_of(columns, short), len(rankings)),
                legend,
                *notes,
            ),
        ),
    )


def whatif_moves(result: Comparison, name: str) -> tuple[list[str], list[str]]:
    """What one what-if does to the ranking: who changes place ('Turkmenistan ↑1'), in the
    what-if's order, and whose probability as shown changes ('Uzbekistan 23→15%', 'Uzbekistan
    joins'), largest change first. Without a link, the score changes instead ('+0.046')."""
    base = result.baseline
    scenario = result.scenarios[name]
    rank_change = result.rank_change(name)
    profiles = base.workspace.profiles
    moves = [
        f"{profiles[i].name} {'↑' if rank_change[i] > 0 else '↓'}{abs(int(rank_change[i]))}"
        for i in scenario.order
        if rank_change[i]
    ]
    changes: list[tuple[float, str]] = []
    for i in base.order:
        name_ = profiles[i].name
        was = status_label(base.workspace, base.ids[i])
        now = status_label(scenario.workspace, scenario.ids[i])
        if now and not was:
            changes.append((math.inf, f"{name_} joins"))
        elif base.probability is not None and scenario.probability is not None:
            if was:  # no probability to change
                continue
            before, after = probability_text(base, i), probability_text(scenario, i)
            if before != after:
                delta = float(scenario.probability[i] - base.probability[i])
                changes.append((abs(delta), f"{name_} {before.rstrip('%')}→{after}"))
        else:
            delta = float(scenario.scores[i] - base.scores[i])
            if abs(delta) >= 5e-4:
                changes.append((abs(delta), f"{name_} {delta:+.3f}"))
    changes.sort(key=lambda c: -c[0])
    return moves, [text for _, text in changes]


def _at_most(items: Sequence[str], most: int) -> str:
    """'a, b, c' or 'a, b and 2 more': a cell that stays within two lines."""
    if len(items) <= most:
        return ", ".join(items)
    return ", ".join(items[: most - 1]) + f" and {len(items) - most + 1} more"


def comparison_summary(result: Comparison) -> list[RenderableType]:
    """`scenarios compare`: one row a what-if, saying what it does to the ranking: who changes
    place, and whose probability changes (from → to); `--full` gives every number."""
    base = result.baseline
    ws = base.workspace
    with_p = base.probability is not None
    table = new_table()
    add_column(table, "what-if")
    add_column(table, "ranking")
    add_column(
        table, f"{probability_header(base)} that changes" if with_p else "score change", wrap=True
    )
    for name in result.scenarios:
        moves, changes = whatif_moves(result, name)
        table.add_row(
            Text(name),
            Text("\n".join(moves if len(moves) <= 2 else [moves[0], f"and {len(moves) - 1} more"]))
            if moves
            else Text("unchanged", style="dim"),
            Text(_at_most(changes, 4)) if changes else Text("·", style="dim"),
        )
    order = " > ".join(ws.profiles[i].name for i in base.order)
    what = (
        f"{probability_header(base)}: baseline → what-if, largest change first"
        if with_p
        else "score: change against the baseline, largest first"
    )
    marks = [
        note
        for note in probability_notes(base)
        if note.startswith((TRANSFERRED, UNVALIDATED, GATED))
    ]
    return blocks(
        block(
            Text(f"{ws.model.title}: what each what-if changes", style="bold"),
            table,
            f"baseline: {order}",
            f"ranking: who changes place (↑1 = up one) · {what}",
            *marks,
            caption(base),
        ),
        Text(
            "--full: every score, rank and probability, and the factors behind each change",
            style="dim",
        ),
    )


def comparison(result: Comparison, full: bool = True) -> list[RenderableType]:
    """`scenarios compare`: by default the summary (`comparison_summary`); `full`, every table."""
    if not full:
        return comparison_summary(result)
    base = result.baseline
    ws = base.workspace
    names = list(result.scenarios)
    order = list(base.order)
    changes = {
        name: (result.score_change(name), result.rank_change(name)) for name in result.scenarios
    }

    def baseline_cell(i: int) -> str:
        return f"{fmt(base.scores[i])} ({base.ranks[i]})"

    wide = new_table()
    add_column(wide, "country")
    add_column(wide, "baseline", "right")
    for name in names:
        add_column(wide, name, "right")
    for i in order:
        cells: list[RenderableType] = [Text(ws.profiles[i].name), baseline_cell(i)]
        for name, scenario in result.scenarios.items():
            cell = Text(f"{fmt(scenario.scores[i])} ({scenario.ranks[i]})\n")
            score, rank = changes[name]
            cell.append_text(change_text(float(score[i]), int(rank[i])))
            cells.append(cell)
        wide.add_row(*cells)

    labels = column_labels(len(names))

    def compact(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "country")
        add_column(table, "baseline", "right")
        for j in columns:
            add_column(table, labels[j], "right", min_width=6)
        for i in order:
            cells: list[RenderableType] = [Text(ws.profiles[i].name), baseline_cell(i)]
            for j in columns:
                score, rank = changes[names[j]]
                cells.append(change_text(float(score[i]), int(rank[i])))
            table.add_row(*cells)
        return table

    pairs = [f"{label}={name}" for label, name in zip(labels, names, strict=True)]
    legend = Items([f"what-ifs: {pairs[0]}", *pairs[1:]] if pairs else [], style="dim")
    marks = ["↑1 = up one place", "↓1 = down one", "a dot: nothing moved"]
    table = fit(
        (
            wide,
            block(
                None,
                wide,
                Items(
                    [
                        "cells: score (rank) under the what-if, then its change against the "
                        "baseline",
                        *marks,
                    ],
                    sep="; ",
                    style="dim",
                ),
            ),
        ),
        (
            compact(range(len(names))),
            block(
                None,
                split_columns(compact, len(names)),
                legend,
                Items(
                    ["cells: change of score against the baseline", *marks],
                    sep="; ",
                    style="dim",
                ),
            ),
        ),
    )
    parts: list[RenderableType] = [
        block(
            Text(f"{ws.model.title}: baseline and what-ifs", style="bold"),
            table,
            caption(base),
        )
    ]
    if base.probability is not None:
        parts.append(comparison_probabilities(result, labels))
    drivers: list[RenderableType] = [
        Text("What drives each change: the two factors whose contribution moved most", "bold")
    ]
    for name in names:
        dtable = new_table(show_header=False)
        add_column(dtable, "country")
        add_column(dtable, "most", wrap=True)
        add_column(dtable, "next", wrap=True)
        for i in order:
            moved = result.drivers(name, i)
            cells = [Text(ws.profiles[i].name)]
            cells += [Text(f"{f} {c:+.3f}") for f, c in moved]
            if not moved:
                cells.append(Text("·", style="dim"))
            dtable.add_row(*cells)
        drivers += [NewLine(), Text(name, style="bold"), dtable]
    parts.append(Group(*drivers))
    return blocks(*parts)


# --- likelihood: backtest, calibration, cascade --------------------------------------------


def calibration(
    check: BaseRateCheck | None,
    fit: Fit | None,
    unfitted: str,
    found: Variants | None = None,
    *,
    full: bool = True,
) -> list[RenderableType]:
    """`calibrate`: the base rate's check, then the fitted link (or why none was fitted), then
    the cohort's variants; without `full`, the link's alternatives and the variants in a line
    each, so the answer fits one screen."""
    parts: list[RenderableType] = [] if check is None else base_rate_check(check, full=full)
    hidden = check is not None and bool(check.link.alternatives) and not full
    if fit is not None:
        parts.extend(fit_block(fit))
        if found is not None and len(found.fits) > 1:
            if full:
                parts.extend(variants(found))
            else:
                slopes = [v.fit.slope for v in found.fits]
                skills = [v.fit.loo_skill for v in found.fits if v.fit.loo_skill is not None]
                parts.append(
                    Text(
                        f"{len(found.fits) - 1} variants of the cohort (model.yaml): slopes "
                        f"{min(slopes):.2f}–{max(slopes):.2f}, leave-one-out skill "
                        f"{min(skills):+.3f} to {max(skills):+.3f}.",
                    )
                )
                hidden = True
    else:
        if check is not None:
            parts.append(
                Text(
                    f"No slope is fitted here ({unfitted}); the slopes are model.yaml's.",
                    style="dim",
                )
            )
    if hidden:
        parts.append(Text("--full: each fit's intercept, slope, skill and AUC", style="dim"))
    return parts


def base_rate_check(check: BaseRateCheck, *, full: bool = True) -> list[RenderableType]:
    """The joins the link expects among the base rate's states over its window, and observed
    (with `full`, each of the link's fits too)."""
    table = new_table()
    for name in ("country", "score", "expected", "joined"):
        add_column(table, name, "left" if name == "country" else "right")
    for i, cid in enumerate(check.ids):
        table.add_row(
            Text(f"{check.names[i]} ({cid})"),
            f"{check.scores[i]:.3f}",
            f"{check.expected[i]:.3f}",
            "yes" if check.joined[i] else "",
        )
    table.add_section()
    table.add_row(Text("total"), "", f"{check.total:.3f}", f"{check.observed}")
    link = check.link
    parts: list[RenderableType] = [
        Text(
            f"Base rate check: over the base rate's window ({round(check.years, 1):g} years) "
            "the link "
            f"expects {check.total:.2f} joins among these states; {check.observed} happened.",
            style="bold",
        ),
        table,
    ]
    if not link.alternatives:
        parts.append(
            Text(
                f"annual p = logistic({link.intercept:.2f} + {link.slope:g}·score); the "
                "intercept is chosen so that expected equals observed (calibration in the "
                "large). expected: each state's probability of joining within the window.",
                style="dim",
            )
        )
        return parts
    if not full:
        slopes = [c.slope for c in link.components]
        parts.append(
            Text(
                f"The link and its {len(link.alternatives)} alternatives (slopes "
                f"{min(slopes):g}–{max(slopes):g}), each with its intercept chosen so that it "
                "expects the observed joins; P and `expected` are their equal mixture.",
                style="dim",
            )
        )
        return parts
    fits = new_table()
    for name in ("link", "intercept", "slope", "± sd"):
        add_column(fits, name, "left" if name == "link" else "right")
    for c in link.components:
        fits.add_row(Text(c.label), f"{c.intercept:.2f}", f"{c.slope:.3f}", f"{c.slope_sd:.3f}")
    parts += [
        fits,
        Text(
            "annual p = logistic(intercept + slope·score), each intercept chosen so that its link "
            "expects the observed joins; P and `expected` are the equal mixture of these.",
            style="dim",
        ),
    ]
    return parts


def variants(found: Variants) -> list[RenderableType]:
    """The cohort's own fit and each variant's, side by side."""
    table = new_table()
    for name in ("variant", "outcomes", "events", "slope", "± sd", "skill", "AUC"):
        add_column(table, name, "left" if name == "variant" else "right")
    for v in found.fits:
        skill = "–" if v.fit.loo_skill is None else f"{v.fit.loo_skill:+.3f}"
        table.add_row(
            Text(v.label),
            str(v.fit.n),
            str(v.fit.events),
            f"{v.fit.slope:.2f}",
            f"{v.fit.slope_sd:.2f}",
            skill,
            f"{v.roc_auc:.3f}",
        )
    return [
        Text(
            "The link fitted on each variant of the cohort (model.yaml's variants):", style="bold"
        ),
        table,
        Text(
            "skill: leave-one-out Brier skill against the variant's base rate (its own observed "
            "frequency where it counts other outcomes); AUC: how well the scores order the "
            "outcomes (ties count half).",
            style="dim",
        ),
    ]


def fit_block(fit: Fit) -> list[RenderableType]:
    parts: list[RenderableType] = [
        Text("Paste into model.yaml:", style="bold"),
        Text(fit.yaml()),
        Text(f"prior: {fit.prior}", style="dim"),
    ]
    if fit.small_sample:
        parts.append(
            Text(
                f"Small sample: {plural(fit.n, 'outcome')}, {fit.events} of them events. "
                "These numbers are rough and lean on the prior; "
                "read the ± as a warning, not as precision.",
                style="bold yellow",
            )
        )
    return parts


def backtest_summary(bt: Backtest, *, short: bool = False) -> RenderableType:
    """The model against its baselines: Brier, skill, log loss and ROC AUC of each; `short`:
    with a two-line note."""
    summary = flat(bt.summary_frame())
    table = new_table()
    for name in ("predictions", "Brier", "Brier of\nbase rate", "skill", "log loss", "ROC AUC"):
        add_column(table, name, "left" if name == "predictions" else "right")
    labels = {
        "model_link": "model.yaml link",
        "leave_one_out": "leave-one-out calibrated",
        "in_sample_fit": "calibrated on all (optimistic)",
        "base_rate": "baseline: base rate",
        "equal_weights": "baseline: equal weights",
    }
    for srow in summary.to_dict("records"):
        table.add_row(
            labels[str(srow["predictions"])],
            fmt(float(srow["brier"])),
            fmt(float(srow["brier_base_rate"])),
            f"{float(srow['skill']):+.3f}",
            fmt(float(srow["log_loss"])),
            fmt(float(srow["roc_auc"])),
        )
    years = "year" if bt.horizon == 1 else "years"
    return block(
        Text(
            f"Backtest: {len(bt.ids)} resolved outcomes, {int(bt.outcomes.sum())} joined, "
            f"horizon {bt.horizon:g} {years} from {bt.resolution.as_of}",
            style="bold",
        ),
        table,
        f"base rate over the horizon: {bt.base_probability:.3f} ({bt.base_source})"
        + (
            " · skill = 1 − Brier / Brier of the base rate · baselines: leave-one-out too"
            if short
            else "; skill = 1 − Brier / Brier of the base rate; ROC AUC uses the scores alone; "
            "the baselines are calibrated leave-one-out like the model"
        ),
    )


def few_outcomes(bt: Backtest) -> list[RenderableType]:
    """The warning that a small cohort's every figure is noisy (none from 30 outcomes)."""
    if len(bt.ids) >= 30:
        return []
    return [
        Text(
            "With so few outcomes every figure here is noisy: one country more or less "
            "changes it visibly.",
            style="yellow",
        )
    ]


def variants_skill(found: Variants) -> RenderableType:
    """`backtest`'s one-screen variants: each variant's leave-one-out skill and AUC."""
    table = new_table()
    for name in ("the link fitted on each variant (model.yaml)", "skill", "AUC"):
        add_column(table, name, "right" if name in ("skill", "AUC") else "left")
    for v in found.fits:
        skill = "–" if v.fit.loo_skill is None else f"{v.fit.loo_skill:+.3f}"
        table.add_row(Text(v.label), skill, f"{v.roc_auc:.3f}")
    return table


def backtest(bt: Backtest, *, full: bool = True) -> list[RenderableType]:
    """Every table of the backtest; or (not `full`) the model against its baselines, the
    variants' skill, and a hint naming --full."""
    if not full:
        return blocks(
            backtest_summary(bt, short=True),
            *([] if bt.variants is None else [variants_skill(bt.variants)]),
            *few_outcomes(bt),
            full_hint("every table (each factor alone, predictions, reliability, cohort)"),
        )
    found = bt.resolution
    factors = flat(bt.factors_frame())
    ftable = new_table()
    for name in ("factor", "±", "weight", "ROC AUC", "agreement", "skill"):
        add_column(ftable, name, "left" if name in ("factor", "±", "agreement") else "right")
    frow: dict[Hashable, Any]
    for frow in factors.to_dict("records"):
        wrong = frow["agreement"] == "wrong way"
        ftable.add_row(
            Text(str(frow["factor"])),
            "+" if frow["direction"] == "for" else "−",
            fmt(float(frow["weight"])),
            fmt(float(frow["roc_auc"])),
            Text(str(frow["agreement"]), "bold red" if wrong else ""),
            f"{frow['skill']:+.3f}",
        )
    preds = flat(bt.predictions_frame())
    ptable = new_table()
    for name in (
        "country",
        "outcome",
        "score",
        *(["P (model)"] if bt.model_p is not None else []),
        "P (leave-\none-out)",
    ):
        add_column(ptable, name, "left" if name in ("country", "outcome") else "right")
    prow: dict[Hashable, Any]
    for prow in preds.to_dict("records"):
        cells: list[RenderableType] = [
            Text(str(prow["name"])),
            "joined" if prow["outcome"] else "—",
            fmt(prow["score"]),
        ]
        if bt.model_p is not None:
            cells.append(percent(prow["p_model"]))
        cells.append(percent(prow["p_leave_one_out"]))
        ptable.add_row(*cells)
    rel = frame_table(bt.reliability_frame())
    notes: list[RenderableType] = []
    left_out = (  # the outcomes not scored, and why
        (found.unresolved, f"Not yet resolved (the horizon ends {found.resolves}), so not scored"),
        (found.undated, "Joined, but the date is not recorded, so not scored"),
        (
            found.unchecked,
            f"Status not checked since the horizon ended ({found.resolves}), so not scored",
        ),
        (found.before, f"Joined on or before the evidence date ({found.as_of}), so not forecasts"),
    )
    for ids, why in left_out:
        if ids:
            notes.append(Text(f"{why}: " + ", ".join(ids), style="dim"))
    notes += few_outcomes(bt)
    cohort = bt.cohort_frame().iloc[0]
    if cohort["background"]:
        notes.append(
            Text(
                f"{cohort['background']} of {cohort['values']} values rest on background "
                "knowledge (basis: background)"
            )
        )
    notes.append(Text(f"cohort sha256 {cohort['cohort_hash']}"))
    return blocks(
        backtest_summary(bt),
        block(
            "Baselines: each factor alone",
            ftable,
            "ROC AUC below 0.5: the factor orders the outcomes against its direction in the "
            "model ('wrong way')",
        ),
        *([] if bt.variants is None else [Group(*variants(bt.variants))]),
        block("Predictions", ptable),
        block("Reliability (predicted against observed, by bin)", rel),
        *notes,
    )


def cascade_summary(c: Cascade, order: Sequence[int]) -> list[RenderableType]:
    """`cascade` on one screen: each country's P(joined by the horizon) with and without the
    peer effect, one row a country (the first MAX_ROWS not yet joined, in rank order)."""
    ws = c.workspace
    names = [p.name for p in ws.profiles]
    spur_with = c.with_peers.by_year()[:, -1]
    spur_without = c.without_peers.by_year()[:, -1]
    low, high, _ = c.interval()
    words = c.words()
    table = new_table()
    for name in ("country", "with peers", "in words", f"{100 * c.level:g}% interval"):
        add_column(table, name, "left" if name in ("country", "in words") else "right")
    add_column(table, "without (g = 0)", "right")
    add_column(table, "spur", "right")
    waiting = [i for i in order if not c.already[i]]
    for i in waiting[:MAX_ROWS]:
        step = pw.step(low[i], high[i])  # the figures to the precision the interval allows
        spur = pw.rounded(spur_with[i], step) - pw.rounded(spur_without[i], step)
        table.add_row(
            Text(names[i]),
            pw.percent(spur_with[i], low[i], high[i]) + (TRANSFERRED if c.link.transfer else ""),
            Text(words[i], "dim"),
            pw.interval(low[i], high[i]),
            pw.figure(spur_without[i], step) + "%",
            f"{spur:+.{0 if step >= 1 else 1}f} pts",
        )
    joined = [names[i] for i in order if c.already[i]]
    pg_low, pg_value, pg_high = c.peer_effect
    years = "year" if c.horizon == 1 else "years"
    return blocks(
        block(
            f"Cascade: P(joined within {c.horizon} {years}{evidence_since(ws)}) with and "
            "without peers",
            table,
            f"with peers: each yearly chance moves with the share of peers that have joined, by "
            f"g ~ triangular({pg_low:g}, {pg_value:g}, {pg_high:g}), an assumption stated in "
            f"model.yaml · {c.runs:,} runs · seed {c.seed} · words: ICD 203"
            + (f" · scores: {panel_caption(ws)}" if ws.panel is not None else ""),
            *([f"already joined: {and_list(joined)}"] if joined else []),
            *([f"{UNVALIDATED} not validated: {c.link.caveat}"] if not c.link.validated else []),
            *([f"{TRANSFERRED} {c.link.transfer}"] if c.link.transfer else []),
            *first_of("countries not yet joined", len(waiting), MAX_ROWS),
        ),
        full_hint("every table (by year, new joiners, join orders, P given another)"),
    )


def evidence_since(ws: Workspace) -> str:
    event = ws.model.event
    return "" if event is None else f" after {event.as_of}"


def cascade(
    c: Cascade, ranking: Ranking | None = None, *, full: bool = True
) -> list[RenderableType]:
    """The cascade's tables, countries in the rank order of `ranking` (default: the model's); or
    (not `full`) P(joined by the horizon) with and without peers, one row a country, and a hint
    naming --full."""
    ws = c.workspace
    if ranking is None:
        from scenarios.analyses import scoring

        ranking = scoring.rank(ws)
    order = list(ranking.order)
    if not full:
        return cascade_summary(c, order)
    by_year = c.with_peers.by_year()
    spur_with = by_year[:, -1]
    spur_without = c.without_peers.by_year()[:, -1]
    low, value, high = c.peer_effect
    names = [p.name for p in ws.profiles]

    year_intervals = [c.interval(t + 1)[:2] for t in range(c.horizon)]

    def years(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "country")
        for t in columns:
            add_column(table, f"y{t + 1}", "right", min_width=6)
        add_column(table, "", min_width=len(columns))
        for i in order:
            if c.already[i]:
                table.add_row(Text(names[i]), *["joined"] * len(columns), "")
                continue
            values = [by_year[i, t] for t in columns]
            spark = "".join(" ▁▂▃▄▅▆▇█"[min(int(v * 8 + 0.5), 8)] for v in values)
            cells: list[RenderableType] = []
            for t in columns:
                low, high = year_intervals[t]
                cell = Text(pw.percent(by_year[i, t], low[i], high[i]))
                cell.append(f"\n{pw.interval(low[i], high[i])[:-1]}", style="dim")
                cells.append(cell)
            table.add_row(Text(names[i]), *cells, Text(spark, "cyan"))
        return table

    interval_low, interval_high, noise = c.interval()
    stable = new_table()
    for name in (
        "country",
        "with peers",
        f"{100 * c.level:g}% interval",
        "without (g = 0)",
        "spur",
    ):
        add_column(stable, name, "left" if name == "country" else "right")
    words = c.words()
    for i in order:
        if not c.already[i]:
            # the three figures to the precision the with-peers interval allows
            step = pw.step(interval_low[i], interval_high[i])
            spur = pw.rounded(spur_with[i], step) - pw.rounded(spur_without[i], step)
            stable.add_row(
                Text(names[i]),
                Text(
                    pw.percent(spur_with[i], interval_low[i], interval_high[i])
                    + (TRANSFERRED if c.link.transfer else "")
                    + "\n"
                )
                + Text(words[i], "dim"),
                pw.interval(interval_low[i], interval_high[i]),
                pw.figure(spur_without[i], step) + "%",
                f"{spur:+.{0 if step >= 1 else 1}f} pts",
            )
    base_p = c.base_probability
    rate = ws.model.base_rate
    base_line = (
        [f"base rate alone: {pw.base_rate_text(rate, c.horizon, c.level)}"]
        if base_p is not None and rate is not None
        else []
    )
    counts = frame_table(c.count_frame(), ["probability"])
    orders = frame_table(c.orders_frame(), ["probability"])
    cond = c.conditional_frame()
    index = {cid: n for n, cid in enumerate(cond.index)}
    candidates = [ws.country_ids[i] for i in order if ws.country_ids[i] in index]
    rows = candidates[:MAX_SQUARE]
    table_of = cond[[f"given_{cid}" for cid in rows]].to_numpy()
    alone = cond["unconditional"].to_numpy()

    def conditional(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "")
        add_column(table, "alone", "right")
        for j in columns:
            add_column(table, rows[j], "right", min_width=6)
        for cid in rows:
            r = index[cid]
            cells = [
                percent(float(table_of[r, j])) if math.isfinite(table_of[r, j]) else "–"
                for j in columns
            ]
            table.add_row(Text(cid), percent(float(alone[r])), *cells)
        return table

    return blocks(
        block(
            f"Cascade: P(joined by the end of each year{evidence_since(ws)}), {c.runs:,} runs",
            split_columns(years, c.horizon),
            "With the peer effect g: a country's yearly chance moves with the share of its peers "
            "that have joined (up where g > 0, down where g < 0: backlash). The 'without' column "
            "below is the same simulation without it: averaged over the link's uncertain slope "
            "and base rate, it sits a little apart from `scenarios rank`'s figure, which uses "
            "their central values; quote rank's, with its interval.",
            f"Below each P: its {100 * c.level:g}% interval over {c.groups:,} draws of "
            f"{', '.join(c.link.covers)} and the peer effect ({c.runs // c.groups:,} runs a draw, "
            "so it moves in steps and includes some simulation noise); each figure to the "
            "precision its interval allows.",
            f"peer effect g ~ triangular({low:g}, {value:g}, {high:g}), an assumption stated in "
            "model.yaml, not a finding · "
            f"annual p = logistic({c.link.intercept:.3g} + {c.link.slope:.3g}·score + "
            f"g·peer share) · seed {c.seed}"
            + (f" · scores: {panel_caption(ws)}" if ws.panel is not None else ""),
        ),
        block(
            "Spur effect: P(joined by the horizon) with and without peers",
            stable,
            f"interval: over {c.groups:,} draws of {' and '.join(c.link.covers)} and of the peer "
            f"effect ({c.runs // c.groups:,} runs each, whose own noise, up to ±{100 * noise:.1f} "
            "pts, widens it a little); figures to the precision the interval allows; words: "
            "ICD 203",
            *base_line,
            *([f"{UNVALIDATED} not validated: {c.link.caveat}"] if not c.link.validated else []),
            *([f"{TRANSFERRED} {c.link.transfer}"] if c.link.transfer else []),
        ),
        block("New joiners by the horizon", counts),
        block("Most frequent join orders", orders),
        block(
            "P(row joins | column joins), by the horizon",
            split_columns(conditional, len(rows)),
            *first_shown("countries not yet joined", len(candidates)),
        ),
    )


# --- panel ----------------------------------------------------------------------------------


MAX_CELLS = 15  # disagreeing cells listed by `scenarios panel` (the CSV has every cell)


def panel_caption(ws: Workspace) -> str:
    """'panel: 3 analysts' mean' (their values, weights and probabilities), 'panel: 3 analysts'
    median, P their log-odds mean × 1.5', 'illustrative panel: 1 analyst's mean' ...; ''
    without a panel."""
    if ws.panel is None:
        return ""
    panel = ws.panel
    rule = panel.rule
    values = rule.values.replace("_", " ")
    p = "mean" if rule.probabilities == "linear_pool" else "log-odds mean"
    if rule.probabilities == "log_odds" and rule.extremize != 1:
        p += f" × {rule.extremize:g}"
    n = len(panel.analysts)
    text = (
        f"{panel.label}: {n} analyst's {values}"
        if n == 1
        else f"{panel.label}: {n} analysts' {values}"
    )
    if p != values:
        text += f", P their {p}"
    if rule.analysts == "performance":
        text += " (weighted by track record)"
    return text


def panel(
    result: PanelSummary, calibration: bool = False, full: bool = True
) -> list[RenderableType]:
    """`scenarios panel`: the analysts; with `calibration` their track records; with `full`
    their rankings beside the pooled one, the cells and weights they disagree on, and their
    notes; else (one screen) who disagrees and whether it matters (`panel_short`)."""
    ws = result.workspace
    p = result.panel
    ranking = result.ranking
    analysts = new_table()
    add_column(analysts, "analyst")
    add_column(analysts, "own values", "right")
    add_column(analysts, "weights")
    add_column(analysts, "weight in\nthe panel", "right")
    add_column(analysts, "r_W", "right")
    cells = len(ws.country_ids) * len(ws.factor_ids)
    for k, a in enumerate(p.analysts):
        analysts.add_row(
            Text(a.id),
            f"{int(a.given.sum())} of {cells}",
            a.weighting,
            percent(float(p.weights[k])),
            f"{result.agreement[k]:+.2f}",
        )
    record = (
        [
            f"The performance weights rest on {plural(len(p.record.outcomes), 'outcome')} "
            f"({plural(p.record.events, 'event')})"
            + (", a small sample: read them as rough" if p.record.small_sample else "")
            + "; `scenarios panel --calibration` shows the records."
        ]
        if p.record is not None and p.rule.analysts == "performance"
        else []
    )
    if not (full or calibration):
        return panel_short(result, analysts, record)
    head = block(
        panel_title(ws, p),
        analysts,
        f"combined by panel.aggregate: {p.rule_text()} · {p.basis} · "
        f"Monte Carlo: {p.monte_carlo_note()}",
        "r_W: the weighted rank correlation (Pinto da Costa & Soares 2005) of the analyst's "
        "own ranking with the pooled one: +1 the same order, −1 reversed; places near the top "
        "count most",
        *record,
    )
    if calibration:
        return blocks(head, track_record(result))

    def rankings(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "country")
        add_column(table, "pooled", "right")
        for a in columns:
            add_column(table, p.ids[a], "right")
        for i in ranking.order:
            cells: list[RenderableType] = [
                Text(ws.profiles[i].name),
                _rank_cell(int(ranking.ranks[i]), ranking, i, None),
            ]
            cells += [_rank_cell(int(result.ranks[a, i]), ranking, i, result, a) for a in columns]
            table.add_row(*cells)
        table.add_row(
            Text("r_W", style="dim"),
            "",
            *[Text(f"{result.agreement[a]:+.2f}", style="dim") for a in columns],
        )
        return table

    what = "P" if ranking.probability is not None else "score"
    parts: list[RenderableType] = [
        head,
        block(
            Text("Each analyst's own ranking beside the pooled one", style="bold"),
            split_columns(rankings, len(p.analysts)),
            (
                f"cells: rank and {probability_header(ranking)} from the analyst's own values and "
                "weights; pooled: the aggregate's rank, and the analysts' probabilities pooled; "
                "each probability to the precision the pooled one's interval allows"
                if what == "P"
                else "cells: rank and score from the analyst's own values and weights; pooled: "
                "the aggregate's rank and score"
            ),
            *pooled_words(ranking),
        ),
        disagreements(result),
    ]
    if p.own_weights:
        parts.append(weight_spreads(result))
    parts += [swing(result, k) for k, a in enumerate(p.analysts) if a.weighting == "swing"]
    parts.append(readings(result))
    return blocks(*parts)


SHORT_ROWS = 5  # countries ranked apart, on the first screen
SHORT_MOVES = 3  # disagreements that reorder the ranking, on the first screen


def panel_title(ws: Workspace, p: Panel) -> Text:
    """'Illustrative panel of 3 analysts: TITLE (invented analysts, ...)'."""
    return Text(
        f"{p.label.capitalize()} of {plural(len(p.analysts), 'analyst')}: {ws.model.title}"
        + (" (invented analysts, to show how a panel works)" if p.illustrative else ""),
        style="bold",
    )


def panel_short(result: PanelSummary, analysts: Table, record: list[str]) -> list[RenderableType]:
    """`scenarios panel` on one screen: the analysts with their agreement r_W, the countries
    they rank differently, and whether their disagreements reorder the pooled ranking."""
    ws, p, ranking = result.workspace, result.panel, result.ranking
    head = block(
        panel_title(ws, p),
        analysts,
        f"combined by panel.aggregate: {p.rule_text()} · {p.basis}",
        "r_W: rank agreement with the pooled ranking (+1 the same order, −1 reversed)",
        *record,
    )
    apart = [
        i
        for i in ranking.order
        if (result.ranks[:, i] != int(ranking.ranks[i])).any()
        and not status_label(ws, ranking.ids[i])
    ]

    def ranks(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "country")
        add_column(table, "pooled", "right")
        for a in columns:
            add_column(table, p.ids[a], "right")
        for i in apart[:SHORT_ROWS]:
            table.add_row(
                Text(ws.profiles[i].name),
                str(int(ranking.ranks[i])),
                *[str(int(result.ranks[a, i])) for a in columns],
            )
        return table

    if apart:
        more = len(apart) - SHORT_ROWS
        order: RenderableType = block(
            Text(
                f"Ranked differently: {len(apart)} "
                + ("country" if len(apart) == 1 else "countries"),
                style="bold",
            ),
            split_columns(ranks, len(p.analysts)),
            *([f"and {more} more (--full)"] if more > 0 else []),
        )
    else:
        order = Text("Every analyst ranks the countries in the pooled order.")
    matters = Text("\n".join(_matters(result)))
    return blocks(head, order, matters, Text(PANEL_FULL_HINT, style="dim"))


PANEL_FULL_HINT = "--full: each analyst's ranking, every cell and weight, and the readings"


def _matters(result: PanelSummary) -> list[str]:
    """Whether the disagreements matter: those cells and weights that reorder the pooled
    ranking when they take the lowest or the highest analyst's number, one a line."""
    ws, p = result.workspace, result.panel
    if not result.cells and not result.weights:
        return ["The analysts give the same numbers: nothing to disagree on."]
    moving = [
        f"  {ws.country_ids[s.country]} {ws.factor_ids[s.factor]} "
        f"{number(s.low)}–{number(s.high)}: {_swaps(s)}"
        for s in result.cells
        if s.swaps and s.country is not None
    ] + [
        f"  weight of {ws.factor_ids[s.factor]} {fmt(s.low)}–{fmt(s.high)}: {_swaps(s)}"
        for s in result.weights
        if s.swaps
    ]
    spread = f"They differ on {plural(len(result.cells), 'cell')}" + (
        f" and {plural(len(result.weights), 'weight')}" if p.own_weights else ""
    )
    if not moving:
        return [f"{spread}; none reorders the pooled ranking at an analyst's extreme."]
    shown = moving[:SHORT_MOVES]
    more = len(moving) - len(shown)
    return [
        f"{spread}; {len(moving)} reorder{'s' if len(moving) == 1 else ''} the pooled ranking "
        "at an analyst's extreme:",
        *shown,
        *([f"  and {more} more (--full)"] if more > 0 else []),
    ]


def _swaps(s: Spread) -> str:
    return ", ".join(f"{a}↔{b}" for a, b in s.swaps)


def pooled_words(ranking: Ranking) -> list[str]:
    """The pooled probabilities in words, one line (none without probabilities)."""
    if ranking.probability is None:
        return []
    ws = ranking.workspace
    shown = [
        f"{ws.profiles[i].name} {ranking.words(i)}"
        for i in ranking.order
        if not status_label(ws, ranking.ids[i])
    ]
    return [f"P in words (ICD 203), pooled: {' · '.join(shown)}."] if shown else []


def _rank_cell(
    rank: int, ranking: Ranking, i: int, result: PanelSummary | None, a: int = 0
) -> Text:
    if status_label(ranking.workspace, ranking.ids[i]):
        return Text(f"{rank} joined")
    if ranking.probability is None:
        score = ranking.scores[i] if result is None else result.scores[a, i]
        return Text(f"{rank} {fmt(score)}")
    p = ranking.probability[i] if result is None else result.probability[a, i]  # type: ignore[index]
    # each analyst's figure to the precision the pooled figure's interval allows
    return Text(f"{rank} {pw.percent(float(p), *ranking.interval_of(i))}")


def disagreements(result: PanelSummary) -> RenderableType:
    ws, p = result.workspace, result.panel
    rule = p.rule.values.replace("_", " ")
    table = new_table()
    add_column(table, "country")
    add_column(table, "factor")
    add_column(table, rule, "right")
    add_column(table, "range", "right")
    add_column(table, "furthest out")
    add_column(table, "swaps", wrap=True)
    shown = result.cells[:MAX_CELLS]
    for s in shown:
        assert s.country is not None
        table.add_row(
            Text(ws.country_ids[s.country]),
            Text(ws.factor_ids[s.factor]),
            number(s.aggregate),
            f"{number(s.low)}–{number(s.high)}",
            Text(f"{p.ids[s.furthest]} {number(p.values[s.furthest, s.country, s.factor])}"),
            Items([f"{a}↔{b}" for a, b in s.swaps]) if s.swaps else Text("·", style="dim"),
        )
    if not shown:
        table.add_row(Text("(none)", style="dim"), "", "", "", "", "")
    notes = [
        "range: the lowest and highest analyst's value (-f csv adds the interquartile range); "
        "swaps: pairs of the pooled ranking that change places when the cell takes the lowest "
        "or the highest analyst's value, the rest as pooled"
    ]
    if len(result.cells) > len(shown):
        notes.append(
            f"{len(result.cells) - len(shown)} more cells where the analysts differ without "
            "reordering the ranking; -f csv lists every cell"
        )
    return block(
        Text(
            f"Where the analysts disagree: {plural(len(result.cells), 'cell')}, those that "
            "reorder the ranking first",
            style="bold",
        ),
        table,
        *notes,
    )


def weight_spreads(result: PanelSummary) -> RenderableType:
    ws, p = result.workspace, result.panel
    table = new_table()
    add_column(table, "factor")
    add_column(table, p.rule.values.replace("_", " "), "right")
    add_column(table, "range", "right")
    add_column(table, "furthest out")
    add_column(table, "swaps", wrap=True)
    for s in result.weights:
        table.add_row(
            Text(ws.factor_ids[s.factor]),
            fmt(s.aggregate),
            f"{fmt(s.low)}–{fmt(s.high)}",
            Text(f"{p.ids[s.furthest]} {fmt(float(p.effective_weights[s.furthest, s.factor]))}"),
            Items([f"{a}↔{b}" for a, b in s.swaps]) if s.swaps else Text("·", style="dim"),
        )
    return block(
        Text("Weights: where the analysts differ (effective weights)", style="bold"),
        table,
        "swaps: pairs of the pooled ranking that change places when the factor takes the lowest "
        "or the highest analyst's weight, the others rescaled in proportion",
    )


def swing(result: PanelSummary, k: int) -> RenderableType:
    ws, p = result.workspace, result.panel
    analyst = p.analysts[k]
    rows = analyst.swing() or []
    table = new_table()
    add_column(table, "#", "right")
    add_column(table, "factor")
    add_column(table, "rating", "right")
    add_column(table, "weight", "right")
    add_column(table, "model.yaml", "right")
    model = p.plain.weights
    for n, (factor, rating, weight) in enumerate(rows, start=1):
        table.add_row(
            str(n),
            Text(factor),
            f"{rating:g}",
            fmt(weight),
            fmt(float(model[ws.factor_ids.index(factor)])),
        )
    return block(
        Text(f"Swing weights of {analyst.id}, largest swing first", style="bold"),
        table,
        "rating: the factor's swing from its worst level to its best against the largest (100); "
        "weight: rating / sum of ratings; model.yaml: the effective weight there",
    )


def readings(result: PanelSummary) -> RenderableType:
    parts: list[RenderableType] = [Text("Whose readings", style="bold")]
    for a in result.panel.analysts:
        head = Text(a.id, style="bold")
        if a.name and a.name != a.id:
            head.append(f" · {a.name}")
        parts += [NewLine(), head, Padding(Text(a.note or "(no note)"), (0, 0, 0, 2))]
    return Group(*parts)


def track_record(result: PanelSummary) -> RenderableType:
    record = result.record
    assert record is not None
    p = result.panel
    weights = dict(zip(p.ids, map(float, p.weights), strict=True))
    frame = flat(result.calibration_frame())
    table = new_table()
    for name in ("analyst", "Brier", "log loss", "skill", "weight in\nthe panel"):
        add_column(table, name, "left" if name == "analyst" else "right")
    for row in frame.to_dict("records"):
        who = str(row["analyst"])
        table.add_row(
            Text(who, style="" if who in weights else "dim"),
            fmt(float(row["brier"])),
            fmt(float(row["log_loss"])),
            f"{float(row['skill']):+.3f}",
            percent(weights[who]) if who in weights else "",
        )
    notes = [
        f"probabilities: {record.method}; skill = 1 − Brier / Brier of the base rate (P = "
        f"{record.base_probability:.3f} for every country); "
        + ("pool: the analysts' probabilities pooled by the rule; " if record.analysts else "")
        + f"profiles: {record.name}'s own profiles",
    ]
    if record.missing:
        notes.append(
            f"No record: {', '.join(record.missing)} (no file of that name in "
            f"{record.folder}/panel/)."
        )
    if not record.analysts:
        notes.append(
            f"None of the analysts has scored {record.name} yet. Each can, in "
            f"{record.folder}/panel/ID.yaml under the same id, judging the evidence as it stood "
            "then; a record made after the outcomes were known is hindsight, not calibration."
        )
    notes.append(
        f"Small sample: {plural(len(record.outcomes), 'outcome')}, "
        f"{plural(record.events, 'event')}. "
        "Brier scores this close are noise as much as skill, and so are the performance "
        "weights built on them (1/Brier)."
        if record.small_sample
        else f"{plural(len(record.outcomes), 'outcome')}, {plural(record.events, 'event')}."
    )
    return block(
        Text(
            f"Track records on {record.name}: {plural(len(record.outcomes), 'resolved outcome')}, "
            f"{record.events} joined, horizon {record.horizon:g} "
            f"{'year' if record.horizon == 1 else 'years'}",
            style="bold",
        ),
        table,
        *notes,
    )
