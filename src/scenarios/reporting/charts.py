"""The report's charts, drawn with matplotlib from plain numbers and labels.

Each function returns a matplotlib Figure; `render` turns one into deterministic SVG (text drawn
as paths, fixed hash salt, no date, ids under a prefix so several SVGs can share one page) and,
when asked, PNG. In Arabic (`Look.rtl`) every chart reads from right to left: category labels
stand on the right, bars grow leftwards and axes start on the right.

matplotlib is imported inside the functions (it costs ~0.5 s), so importing this module is cheap.
No terminal code.
"""

from __future__ import annotations

import io
import itertools
import re
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FONT_DIR = Path(__file__).parent / "fonts"
FONTS = {
    "latin": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "arabic": ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    "math": ("NotoSansMath-Regular.ttf",),
}
# Latin first, then Arabic, then the signs both lack (minus, arrows); DejaVu Sans (shipped with
# matplotlib) last.
FAMILY = [
    "Scenarios Noto Sans",
    "Scenarios Noto Sans Arabic",
    "Scenarios Noto Sans Math",
    "DejaVu Sans",
]
WIDTH = 7.2  # inches: the text width of an A4 page with 14 mm margins, about
# Countries drawn by a country-by-country chart: the first, in the order given (the report gives
# rank order). The page says how many are drawn; its tables and the CSV export keep them all.
MAX_COUNTRIES = 30
TORNADO_COLUMNS = 6  # tornado panels in a row; more countries wrap onto further rows
HEATMAP_COUNTRIES = 15  # rows (and ranks) of the rank heatmap; the CSV has them all
TORNADO_PANELS = 2 * TORNADO_COLUMNS  # countries a tornado draws (the CSV has them all)
TORNADO_FACTORS = 15  # factors a tornado draws, those that move the scores most (the CSV has all)

INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#d9dee4"
ACCENT = "#1f5f8b"
ACCENT_LIGHT = "#9cc3e0"
GREY_LIGHT = "#cfd4da"  # the interval of a record not comparable with the latest
WARM = "#c2571a"
# Qualitative colours for factors (Okabe–Ito first, then tints), readable with colour blindness.
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#7f7f7f",
    "#8C564B",
    "#2F4B7C",
    "#A05195",
    "#B5BD00",
]


# a date (YYYY-MM-DD) is one unit: split at its second hyphen, it would read '07-2025-10'.
# A number may follow an Arabic letter ('و1', "and 1"), not a Latin one ('p0' of a placeholder).
NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])\d{4}-\d{2}-\d{2}(?!\d)"
    r"|(?<![A-Za-z0-9_.])[+−-]?\d[\d.,]*%?(?:\s?[–-]\s?[+−-]?\d[\d.,]*%?)?"
)


def isolate_numbers(text: str) -> str:
    """Each number (with its sign, percent sign or range) set left to right inside
    right-to-left text (Unicode isolates), so '5–95%' is not read '95%–5'."""
    return NUMBER.sub(lambda m: "\u2066" + m.group(0) + "\u2069", text)


@dataclass(frozen=True)
class Look:
    """How charts read: language, and so direction."""

    lang: str = "en"

    @property
    def rtl(self) -> bool:
        return self.lang == "ar"


def font_paths() -> list[Path]:
    return [FONT_DIR / name for pair in FONTS.values() for name in pair]


_registered = False


def _register_fonts() -> None:
    global _registered
    if _registered:
        return
    from matplotlib import font_manager

    for path in font_paths():
        font_manager.fontManager.addfont(str(path))
    _registered = True


# Every text a chart draws is plain text, never matplotlib's mathematics: names and labels come
# from the user's files, and `$` in them ('US$^$', '$5 to $6') must be drawn as written, not
# parsed (which draws it wrongly or fails). Set for the drawing of every chart (`_style`) and
# for its rendering (`render`), where matplotlib may make tick labels anew, so that no text
# can reach a figure another way.
PLAIN_TEXT: dict[str, Any] = {"text.parse_math": False}


@contextmanager
def _style(look: Look) -> Iterator[None]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    _register_fonts()
    rc: dict[str, Any] = {
        "font.family": FAMILY,
        "font.size": 8.5,
        "axes.titlesize": 9,
        "axes.labelsize": 8.5,
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "legend.frameon": False,
        "legend.fontsize": 8,
        "svg.fonttype": "path",
        "svg.hashsalt": "scenarios",
        "path.simplify": True,
        "text.language": look.lang,
        "figure.dpi": 100,
        **PLAIN_TEXT,
    }
    with plt.rc_context(rc):  # type: ignore[arg-type]
        yield


def _figure(height: float, ncols: int = 1, sharey: bool = False) -> tuple[Figure, Any]:
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(
        1, ncols, figsize=(WIDTH, height), sharey=sharey, squeeze=True, layout="constrained"
    )
    return fig, axes


def wrap(label: str, width: int = 26) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _categories(ax: Axes, labels: Sequence[str], look: Look, width: int = 26) -> None:
    """Category labels down the side where reading starts (left, or right in Arabic)."""
    ax.set_yticks(range(len(labels)), [wrap(label, width) for label in labels])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(labels) - 0.5, -0.5)  # first category on top
    if look.rtl:
        _mirror(ax)


def _mirror(ax: Axes) -> None:
    if not ax.xaxis_inverted():
        ax.invert_xaxis()
    ax.yaxis.tick_right()
    ax.yaxis.set_label_position("right")
    ax.spines["right"].set_visible(ax.spines["left"].get_visible())
    ax.spines["left"].set_visible(False)


def _grid(ax: Axes, axis: Literal["both", "x", "y"] = "x") -> None:
    ax.grid(axis=axis, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _percent_axis(ax: Axes, axis: str = "x") -> None:
    from matplotlib.ticker import PercentFormatter

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(PercentFormatter(1.0, decimals=0))


def _legend(
    fig: Figure, ax: Axes, look: Look, ncol: int, where: Literal["lower", "upper"] = "lower"
) -> None:
    """The legend under the chart, in reading order: in Arabic the first entry stands on the
    right and each marker after (right of) its text."""
    handles, labels = ax.get_legend_handles_labels()
    ncol = max(1, min(ncol, len(labels)))
    if look.rtl:
        # matplotlib fills a legend column by column; mirror the columns.
        rows = -(-len(labels) // ncol)
        if len(labels) % ncol == 0 or len(labels) <= ncol:
            columns = [list(range(c * rows, min((c + 1) * rows, len(labels)))) for c in range(ncol)]
            order = [i for column in reversed(columns) for i in column]
            handles = [handles[i] for i in order]
            labels = [labels[i] for i in order]
    fig.legend(
        handles,
        labels,
        loc="outside lower center" if where == "lower" else "outside upper center",
        ncol=ncol,
        markerfirst=not look.rtl,
        handlelength=1.4,
        columnspacing=1.4,
    )


def _bars(
    ax: Axes,
    y: np.ndarray,
    width: np.ndarray,
    *,
    left: np.ndarray | float = 0.0,
    height: float,
    color: str,
    label: str,
    **style: Any,
) -> None:
    """Horizontal bars as one collection (what `barh` draws, but one artist for all of them
    instead of one a bar: charts of many bars draw several times faster)."""
    from matplotlib.collections import PolyCollection

    start = np.broadcast_to(np.asarray(left, dtype=float), np.shape(y))
    end = start + width
    top, bottom = y - height / 2, y + height / 2
    corners = np.stack(
        [np.c_[start, top], np.c_[end, top], np.c_[end, bottom], np.c_[start, bottom]], axis=1
    )
    ax.add_collection(
        PolyCollection(list(corners), facecolors=color, label=label, **style), autolim=True
    )
    ax.autoscale_view()


# --- the charts ---------------------------------------------------------------------------


def intervals(
    names: Sequence[str],
    score: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    axis_label: str,
    legend: tuple[str, str],
    look: Look,
) -> Figure:
    """Each country's score (dot) and its Monte Carlo 5–95% interval (line), top rank first."""
    with _style(look):
        fig, ax = _figure(0.36 * len(names) + 1.1)
        y = np.arange(len(names))
        ax.hlines(y, low, high, color=ACCENT_LIGHT, linewidth=7, label=legend[1])
        ax.plot(score, y, "o", color=ACCENT, markersize=6, label=legend[0])
        for i in range(len(names)):
            ax.annotate(
                f"{score[i]:.3f}",
                (high[i], y[i]),
                xytext=(-6 if look.rtl else 6, 0),
                textcoords="offset points",
                va="center",
                ha="right" if look.rtl else "left",
                fontsize=8,
                color=INK,
            )
        lo = max(0.0, float(np.floor((low.min() - 0.05) * 10) / 10))
        hi = min(1.0, float(np.ceil((high.max() + 0.08) * 10) / 10))
        ax.set_xlim(lo, hi)
        ax.set_xlabel(axis_label)
        _grid(ax)
        _categories(ax, names, look)
        _legend(fig, ax, look, ncol=2)
        return fig


def probabilities(
    names: Sequence[str],
    p: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    labels: Sequence[str],
    base: float | None,
    axis_label: str,
    legend: tuple[str, str, str],
    look: Look,
) -> Figure:
    """Each country's probability (dot, labelled with `labels`: the figure as the page writes
    it) and its interval (whisker), most likely first; `base`: the base rate, drawn as a dashed
    reference line (None: no line)."""
    with _style(look):
        fig, ax = _figure(0.36 * len(names) + 1.1)
        y = np.arange(len(names))
        # the dot first, so the legend reads: probability, its interval, the base rate
        ax.plot(p, y, "o", color=ACCENT, markersize=7, label=legend[0], zorder=3)
        ax.hlines(y, low, high, color=ACCENT_LIGHT, linewidth=2.2, label=legend[1])
        for end in (low, high):  # the whisker's caps
            ax.plot(end, y, "|", color=ACCENT_LIGHT, markersize=9, markeredgewidth=2.2)
        if base is not None:
            ax.axvline(base, color=WARM, linestyle=(0, (4, 3)), linewidth=1.3, label=legend[2])
        for i, label in enumerate(labels):
            ax.annotate(
                label,
                (p[i], y[i]),
                xytext=(0, 7),
                textcoords="offset points",
                va="bottom",
                ha="center",
                fontsize=8.5,
                color=INK,
            )
        top = max(float(np.max(high, initial=0.0)), base or 0.0, 0.05)
        ax.set_xlim(0, min(1.0, float(np.ceil(top * 1.08 * 10) / 10)))
        _percent_axis(ax)
        ax.set_xlabel(axis_label)
        _grid(ax)
        _categories(ax, names, look)
        ax.set_ylim(len(names) - 0.5, -0.75)  # room above the first dot for its label
        _legend(fig, ax, look, ncol=3)
        return fig


def stamp(fig: Figure, text: str, look: Look) -> Figure:
    """The figure with `text` written across its top (a what-if page's "What if: ..."), so
    that the chart says so wherever it is shown."""
    with _style(look):
        fig.suptitle(
            wrap(text, 90),
            x=0.99 if look.rtl else 0.01,
            ha="right" if look.rtl else "left",
            color=WARM,
            fontsize=9.5,
        )
    return fig


def contributions(
    names: Sequence[str],
    values: np.ndarray,
    factor_labels: Sequence[str],
    axis_label: str,
    look: Look,
    holds_back: Sequence[bool] = (),
) -> Figure:
    """Stacked bars: each factor's contribution to each country's score (C, F). A factor that
    holds back (`holds_back`, direction `against`) adds by its absence: its bar is hatched, in
    a muted colour of its own (never a colour that reads as good), and its legend label says
    so (the caller words it)."""
    held = list(holds_back) or [False] * len(factor_labels)
    colours = _factor_colours(held)
    with _style(look):
        rows = len(names)
        fig, ax = _figure(0.38 * rows + 1.0 + 0.2 * int(np.ceil(len(factor_labels) / 3)))
        y = np.arange(rows)
        positive = np.zeros(rows)
        negative = np.zeros(rows)
        for f, label in enumerate(factor_labels):
            v = values[:, f]
            left = np.where(v >= 0, positive, negative)
            _bars(
                ax,
                y,
                v,
                left=left,
                height=0.62,
                color=colours[f],
                edgecolors="white",
                linewidths=0.6,
                label=wrap(label, 34),
                hatch="////" if held[f] else None,
            )
            positive += np.where(v >= 0, v, 0)
            negative += np.where(v < 0, v, 0)
        total = values.sum(axis=1)
        for i in range(rows):
            end = positive[i] if total[i] >= 0 else negative[i]
            ax.annotate(
                f"{total[i]:.3f}",
                (end, y[i]),
                xytext=(-5 if (look.rtl != (total[i] < 0)) else 5, 0),
                textcoords="offset points",
                va="center",
                ha="right" if (look.rtl != (total[i] < 0)) else "left",
                fontsize=8,
                color=INK,
            )
        span = max(positive.max(), 0.0) - min(negative.min(), 0.0)
        ax.set_xlim(min(negative.min(), 0.0) - 0.02 * span, max(positive.max(), 0.0) + 0.12 * span)
        ax.axvline(0, color=MUTED, linewidth=0.8)
        ax.set_xlabel(axis_label)
        _grid(ax)
        _categories(ax, names, look)
        _legend(fig, ax, look, ncol=3)
        return fig


# Colours of the factors that hold back: muted, and none green (a long green bar reads "good").
HOLDING_BACK = ["#7f7f7f", "#8C564B", "#A05195", "#2F4B7C", "#5f6b7a", "#b07aa1"]


def _factor_colours(holds_back: Sequence[bool]) -> list[str]:
    """A colour a factor: those that push take PALETTE's in turn, those that hold back
    HOLDING_BACK's, so the two kinds never share one."""
    pushing = [c for c in PALETTE if c not in HOLDING_BACK]
    colours, up, down = [], 0, 0
    for held in holds_back:
        if held:
            colours.append(HOLDING_BACK[down % len(HOLDING_BACK)])
            down += 1
        else:
            colours.append(pushing[up % len(pushing)])
            up += 1
    return colours


def tornado(
    country_names: Sequence[str],
    factor_labels: Sequence[str],
    at_low: np.ndarray,
    at_high: np.ndarray,
    axis_label: str,
    legend: tuple[str, str],
    look: Look,
) -> Figure:
    """One panel per country: the score change when each factor's weight moves down (at_low) or
    up (at_high), factors sorted by their largest effect. Arrays are (F, C). Up to
    TORNADO_COLUMNS panels stand in a row (the first where reading starts); more wrap onto
    further rows, each row with the factors' labels beside its first panel."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullLocator

    with _style(look):
        n_f, n_c = at_low.shape
        cols = min(n_c, TORNADO_COLUMNS)
        rows = -(-n_c // cols)
        fig, grid = plt.subplots(
            rows,
            cols,
            figsize=(WIDTH, rows * (0.34 * n_f + 0.45) + 0.85),
            squeeze=False,
            layout="constrained",
        )
        # reading order: left to right, or right to left in Arabic; then down
        cells = [grid[r, cols - 1 - k if look.rtl else k] for r in range(rows) for k in range(cols)]
        bound = float(max(np.abs(at_low).max(), np.abs(at_high).max(), 1e-9)) * 1.1
        y = np.arange(n_f)
        for c, ax in enumerate(cells):
            if c >= n_c:
                ax.set_visible(False)
                continue
            _bars(ax, y, at_low[:, c], height=0.7, color=WARM, label=legend[0], linewidth=0)
            _bars(ax, y, at_high[:, c], height=0.7, color=ACCENT, label=legend[1], linewidth=0)
            ax.axvline(0, color=INK, linewidth=0.7)
            ax.set_xlim(-bound, bound)
            ax.set_title(wrap(country_names[c], 16), fontsize=8.5, color=INK)
            ax.tick_params(axis="x", labelsize=7)
            ax.xaxis.set_major_locator(_symmetric_locator(bound))
            ax.xaxis.set_major_formatter(_signed_formatter())
            _grid(ax)
            if look.rtl:
                ax.invert_xaxis()
            for side in ("left", "right"):
                ax.spines[side].set_visible(False)
            ax.set_ylim(n_f - 0.5, -0.5)
            ax.tick_params(axis="y", length=0)
            if c % cols == 0:  # the first panel of its row carries the labels
                ax.set_yticks(y, [wrap(label, 30) for label in factor_labels])
                if look.rtl:
                    ax.yaxis.tick_right()
            else:
                ax.yaxis.set_major_locator(NullLocator())
        first = cells[0]
        fig.supxlabel(axis_label, fontsize=8.5)
        _legend(fig, first, look, ncol=2, where="upper")
        return fig


def _spread(values: np.ndarray, gap: float) -> np.ndarray:
    """Label positions near `values`, at least `gap` apart (keeps end labels from overlapping)."""
    order = np.argsort(values, kind="stable")
    placed = values.astype(float).copy()
    for a, b in itertools.pairwise(order):
        if placed[b] - placed[a] < gap:
            placed[b] = placed[a] + gap
    return placed


def _symmetric_locator(bound: float) -> Any:
    from matplotlib.ticker import FixedLocator

    step = float(f"{bound * 0.6:.1g}")
    return FixedLocator([-step, 0.0, step])


def _signed_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: "0" if abs(v) < 1e-12 else f"{v:+.2g}".replace("-", "−"))


def _luminance(rgb: Sequence[float]) -> float:
    """WCAG relative luminance of an sRGB colour (channels 0–1)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: Sequence[float], b: Sequence[float]) -> float:
    """WCAG contrast ratio of two sRGB colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: Sequence[float]) -> str:
    """The colour of a number written on `background`: the page's ink, or white, whichever
    stands out more; black where neither reaches 4.5:1 (one of white and black always does)."""
    from matplotlib.colors import to_rgb

    best = max((INK, "#ffffff"), key=lambda colour: contrast(to_rgb(colour), background))
    return best if contrast(to_rgb(best), background) >= 4.5 else "#000000"


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: np.ndarray,
    look: Look,
    *,
    fmt: str = "percent",
    diverging: bool = False,
    column_label: str = "",
) -> Figure:
    """A table of colours with each cell's number written in it (rows × columns), a share of
    exactly 0 left blank; the more columns, the smaller the numbers, so that each fits its
    cell."""
    with _style(look):
        n_r, n_c = values.shape
        size = 8.0 if n_c <= 12 else 6.5 if n_c <= 20 else 5.0
        fig, ax = _figure(0.36 * n_r + 0.9)
        shown = values[:, ::-1] if look.rtl else values
        labels = list(columns)[::-1] if look.rtl else list(columns)
        if diverging:
            bound = float(np.nanmax(np.abs(values))) or 1.0
            image = ax.imshow(
                shown, cmap="RdBu", vmin=-bound * 1.25, vmax=bound * 1.25, aspect="auto"
            )
        else:
            image = ax.imshow(shown, cmap="Blues", vmin=0, vmax=1, aspect="auto")
        for r in range(n_r):
            for c in range(n_c):
                v = shown[r, c]
                if not np.isfinite(v) or (fmt == "percent" and v == 0):
                    continue  # a rank never held stays blank: the eye finds the ones held
                text = f"{100 * v:.0f}%" if fmt == "percent" else f"{v:+.3f}".replace("-", "−")
                if fmt == "percent" and 0 < v < 0.005:
                    text = "<1%"
                if fmt != "percent" and abs(v) < 5e-4:
                    text = "0"
                ax.text(
                    c,
                    r,
                    text,
                    ha="center",
                    va="center",
                    fontsize=size,
                    color=text_on(image.cmap(image.norm(v))),
                )
        ax.set_xticks(range(n_c), [wrap(label, 14) for label in labels])
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        if n_c > 12:
            ax.tick_params(axis="x", labelsize=size + 1)
        if column_label:
            ax.set_xlabel(column_label)
            ax.xaxis.set_label_position("top")
        ax.set_yticks(range(n_r), [wrap(label, 30) for label in rows])
        if look.rtl:
            ax.yaxis.tick_right()
        for spine in ax.spines.values():
            spine.set_visible(False)
        return fig


def cascade_years(
    names: Sequence[str],
    by_year: np.ndarray,
    axis_labels: tuple[str, str],
    look: Look,
) -> Figure:
    """P(joined by the end of year t) for each country (C, H); each line's last value written at
    its end while there are few enough lines for the labels to stay beside their points (more
    would be pushed apart until they stood far from them; the tables have the numbers)."""
    with _style(look):
        fig, ax = _figure(2.8)
        years = np.arange(1, by_year.shape[1] + 1)
        ends = _spread(by_year[:, -1], 0.065 * max(0.05, float(np.nanmax(by_year)) * 1.15))
        labelled = len(names) <= len(PALETTE)
        for c, name in enumerate(names):
            ax.plot(
                years,
                by_year[c],
                marker="o",
                markersize=3.5,
                linewidth=1.6,
                color=PALETTE[c % len(PALETTE)],
                label=name,
                gid=f"country-{c}",
            )
            if not labelled:
                continue
            ax.annotate(
                f"{100 * by_year[c, -1]:.0f}%",
                (years[-1], ends[c]),
                xytext=(-6 if look.rtl else 6, 0),
                textcoords="offset points",
                va="center",
                ha="right" if look.rtl else "left",
                fontsize=8,
                color=PALETTE[c % len(PALETTE)],
            )
        ax.set_xticks(years)
        ax.set_xlim(0.7, years[-1] + 0.6)
        ax.set_ylim(0, max(0.05, float(np.nanmax(by_year)) * 1.15))
        _percent_axis(ax, "y")
        ax.set_xlabel(axis_labels[0])
        ax.set_ylabel(axis_labels[1])
        _grid(ax, "y")
        if look.rtl:
            _mirror(ax)
        _legend(fig, ax, look, ncol=min(len(names), 5))
        return fig


def paired_bars(
    names: Sequence[str],
    first: np.ndarray,
    second: np.ndarray,
    axis_label: str,
    legend: tuple[str, str],
    look: Look,
    spans: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None,
    labels: tuple[Sequence[str], Sequence[str]] | None = None,
) -> Figure:
    """Two bars per country (e.g. alone and with the peer effect), as percentages; `spans`:
    each bar's interval (low and high of the first, then of the second), drawn as a whisker;
    `labels`: the figure written at each bar (default: to one decimal)."""
    with _style(look):
        fig, ax = _figure(0.46 * len(names) + 1.0)
        y = np.arange(len(names))
        ax.barh(y - 0.18, first, height=0.34, color=ACCENT_LIGHT, label=legend[0])
        ax.barh(y + 0.18, second, height=0.34, color=ACCENT, label=legend[1])
        ends = [first, second]
        if spans is not None:
            for offset, low, high in ((-0.18, spans[0], spans[1]), (0.18, spans[2], spans[3])):
                ax.hlines(y + offset, low, high, color=INK, linewidth=1.0)
            ends = [np.maximum(first, spans[1]), np.maximum(second, spans[3])]
        if labels is None:
            labels = ([f"{100 * v:.1f}%" for v in first], [f"{100 * v:.1f}%" for v in second])
        for i in range(len(names)):
            for offset, v, text in (
                (-0.18, ends[0][i], labels[0][i]),
                (0.18, ends[1][i], labels[1][i]),
            ):
                ax.annotate(
                    text,
                    (v, y[i] + offset),
                    xytext=(-4 if look.rtl else 4, 0),
                    textcoords="offset points",
                    va="center",
                    ha="right" if look.rtl else "left",
                    fontsize=7.5,
                    color=INK,
                )
        ax.set_xlim(0, min(1.0, max(0.05, float(max(ends[0].max(), ends[1].max()))) * 1.2))
        _percent_axis(ax)
        ax.set_xlabel(axis_label)
        _grid(ax)
        _categories(ax, names, look)
        _legend(fig, ax, look, ncol=2)
        return fig


def reliability(
    predicted: np.ndarray,
    observed: np.ndarray,
    counts: np.ndarray,
    axis_labels: tuple[str, str],
    diagonal_label: str,
    look: Look,
) -> Figure:
    """Predicted against observed frequency per bin; the diagonal is perfect calibration."""
    with _style(look):
        fig, ax = _figure(3.3)
        fig.set_size_inches(4.6, 3.4)
        ax.plot([0, 1], [0, 1], linestyle="--", color=MUTED, linewidth=1, label=diagonal_label)
        shown = np.isfinite(predicted) & np.isfinite(observed) & (counts > 0)
        ax.scatter(
            predicted[shown],
            observed[shown],
            s=40 + 40 * counts[shown],
            color=ACCENT,
            alpha=0.85,
            edgecolor="white",
            zorder=3,
        )
        for p, o, n in zip(predicted[shown], observed[shown], counts[shown], strict=True):
            ax.annotate(
                f"n={int(n)}",
                (p, o),
                xytext=(-9 if look.rtl else 9, -2),
                textcoords="offset points",
                ha="right" if look.rtl else "left",
                fontsize=7.5,
                color=INK,
            )
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.04, 1.04)
        _percent_axis(ax, "x")
        _percent_axis(ax, "y")
        ax.set_xlabel(axis_labels[0])
        ax.set_ylabel(axis_labels[1])
        _grid(ax, "both")
        if look.rtl:
            _mirror(ax)
        ax.legend(loc="upper right" if look.rtl else "upper left", markerfirst=not look.rtl)
        return fig


def _segments(breaks: Sequence[bool]) -> list[slice]:
    """Runs of records to join with a line: a break starts a new run."""
    starts = [0, *(r for r in range(1, len(breaks)) if breaks[r]), len(breaks)]
    return [slice(a, b) for a, b in itertools.pairwise(starts) if b > a]


def dots(ax: Axes, x: np.ndarray, y: np.ndarray, colour: str, gid: str, zorder: float) -> None:
    """The History chart's record dots, one group per panel and kind (tests count them)."""
    ax.plot(
        x,
        y,
        "o",
        color=colour,
        markersize=3.8,
        markeredgecolor="white",
        markeredgewidth=0.6,
        zorder=zorder,
        gid=gid,
    )


def history(
    titles: Sequence[str],
    days: Sequence[int],
    values: np.ndarray,
    low: np.ndarray | None,
    high: np.ndarray | None,
    look: Look,
    *,
    kind: Literal["probability", "rank"],
    legend: tuple[str, str],
    blanks: Sequence[str] = (),
    breaks: Sequence[bool] = (),
    muted: Sequence[bool] = (),
    muted_label: str = "",
) -> Figure:
    """One small panel per country (C ≤ MAX_COUNTRIES, in reading order): its probability (or rank)
    at each record (R dates, as day numbers: `date.toordinal()`), a dot a record, joined by a line
    within each run of comparable records (`breaks[r]`: record r is not comparable with the one
    before), with the interval as a band. values, low, high: (C, R), NaN where a record has no
    value. Probabilities are each on their own scale from 0; ranks share one, 1 at the top.
    blanks: the text of a panel with no value at all ('joined'). muted[r]: record r is not
    comparable with the latest (another horizon, say): drawn in grey, named `muted_label`."""
    import datetime as dt

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

    n_c, n_r = values.shape
    x = np.asarray(days, dtype=float)
    runs = _segments(list(breaks) or [False] * n_r)
    grey = np.array(list(muted) or [False] * n_r, dtype=bool)
    cols = 1 if n_c == 1 else 2 if n_c <= 4 else 3 if n_c <= 9 else 4 if n_c <= 16 else 5
    rows = -(-n_c // cols)
    panel = 1.55 if cols <= 3 else 1.2
    rank = kind == "rank"
    with _style(look):
        import matplotlib.pyplot as plt

        fig, grid = plt.subplots(
            rows,
            cols,
            figsize=(WIDTH, panel * rows + 0.75),
            sharex=True,
            sharey=rank,
            squeeze=False,
            layout="constrained",
        )
        # reading order: left to right, or right to left in Arabic; then down
        cells = [grid[r, cols - 1 - k if look.rtl else k] for r in range(rows) for k in range(cols)]
        span = max(float(x.max() - x.min()), 1.0)
        pad = 0.06 * span
        top_rank = float(np.nanmax(values)) if rank and np.isfinite(values).any() else 1.0
        drawn = False  # any interval
        for c, ax in enumerate(cells):
            if c >= n_c:
                ax.set_visible(False)
                continue
            v = values[c]
            seen = np.isfinite(v)
            band = (
                low is not None
                and high is not None
                and np.isfinite(low[c]).any()
                and np.isfinite(high[c]).any()
            )
            for run in runs:
                other = bool(grey[run].all())  # a run is of one kind: breaks part the kinds
                ax.plot(x[run], v[run], color=MUTED if other else ACCENT, linewidth=1.5, zorder=3)
                if band and low is not None and high is not None:
                    lo, hi = low[c, run], high[c, run]
                    ok = np.isfinite(lo) & np.isfinite(hi)
                    ax.fill_between(
                        x[run],
                        np.where(ok, lo, 0.0),
                        np.where(ok, hi, 0.0),
                        where=ok,
                        color=GREY_LIGHT if other else ACCENT_LIGHT,
                        alpha=0.45,
                        linewidth=0,
                        zorder=1,
                        gid=f"band-{c}",
                    )
                    # a point with no neighbour in its run (or a run on a single day) gets its
                    # interval as a bar
                    alone = ok & ~np.r_[False, ok[:-1]] & ~np.r_[ok[1:], False]
                    if ok.any() and np.ptp(x[run][ok]) == 0:
                        alone = ok
                    drawn = drawn or bool((hi[ok] > lo[ok]).any())
                    if alone.any():
                        ax.vlines(
                            x[run][alone],
                            lo[alone],
                            hi[alone],
                            color=GREY_LIGHT if other else ACCENT_LIGHT,
                            linewidth=5,
                            alpha=0.8,
                            zorder=1,
                        )
            dots(ax, x[seen], v[seen], ACCENT, f"points-{c}", 4)  # a dot a record
            if (seen & grey).any():  # the records made otherwise, in grey over their dots
                dots(ax, x[seen & grey], v[seen & grey], MUTED, f"muted-{c}", 4.5)
            ax.set_title(wrap(titles[c], 24), fontsize=8.5, color=INK)
            _grid(ax, "y")
            ax.tick_params(axis="both", labelsize=7)
            if not seen.any() and c < len(blanks) and blanks[c]:
                ax.text(
                    0.5,
                    0.5,
                    blanks[c],
                    transform=ax.transAxes,
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=MUTED,
                )
            if rank:
                ax.set_ylim(top_rank + 0.5, 0.5)
                ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True, min_n_ticks=1))
            elif not seen.any():
                ax.set_yticks([])  # nothing to scale: the panel only says why
            else:
                peaks = [v[seen]]
                if band and high is not None:
                    peaks.append(high[c][np.isfinite(high[c])])
                peak = max((float(p.max()) for p in peaks if p.size), default=0.0)
                ax.set_ylim(0, _nice_top(peak))
                ax.yaxis.set_major_locator(MaxNLocator(nbins=3))
                _percent_axis(ax, "y")
            if seen.any():  # the latest value, written under the point in the upper part
                last = int(np.flatnonzero(seen)[-1])
                bottom, top = ax.get_ylim()
                high_up = (v[last] - bottom) / (top - bottom) > 0.6
                ax.annotate(
                    f"{v[last]:.0f}" if rank else f"{100 * v[last]:.1f}%",
                    (x[last], v[last]),
                    xytext=(0, -11 if high_up else 5),
                    textcoords="offset points",
                    ha="left" if look.rtl else "right",
                    fontsize=7.5,
                    color=INK,
                    zorder=5,
                )
            if look.rtl:
                _mirror(ax)
            # the x tick labels under each panel that has none below it; shared ranks labelled
            # on the side where each row starts
            ax.tick_params(axis="x", labelbottom=c + cols >= n_c)
            if rank:
                starts = c % cols == 0
                ax.tick_params(
                    axis="y", labelleft=starts and not look.rtl, labelright=starts and look.rtl
                )
        first_ax = cells[0]
        first_ax.set_xlim(x.min() - pad, x.max() + pad)
        if look.rtl and not first_ax.xaxis_inverted():
            first_ax.invert_xaxis()
        ends = sorted({float(x.min()), float(x.max())})
        first_ax.xaxis.set_major_locator(FixedLocator(ends))
        first_ax.xaxis.set_minor_locator(FixedLocator(sorted(set(x.tolist()))))
        first_ax.xaxis.set_major_formatter(
            FuncFormatter(lambda d, _: dt.date.fromordinal(round(d)).isoformat())
        )
        handles: list[Any] = [
            Line2D([], [], color=ACCENT, marker="o", markersize=4, linewidth=1.5, label=legend[0])
        ]
        if drawn:
            handles.append(Patch(color=ACCENT_LIGHT, alpha=0.45, label=legend[1]))
        if grey.any() and muted_label:
            handles.append(
                Line2D(
                    [], [], color=MUTED, marker="o", markersize=4, linewidth=1.5, label=muted_label
                )
            )
        if look.rtl:
            handles.reverse()
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncol=len(handles),
            markerfirst=not look.rtl,
            handlelength=1.6,
            columnspacing=1.4,
        )
        return fig


def _nice_top(peak: float) -> float:
    """A round upper limit a little above `peak` (a probability): 5%, 10%, 20%, ... 100%."""
    for top in (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0):
        if peak * 1.05 <= top:
            return top
    return 1.0


# --- output ---------------------------------------------------------------------------------

_ID = re.compile(r'(\bid="|href="#|url\(#)([^")]+)')


def prefix_ids(svg: str, prefix: str) -> str:
    """Put every id of an SVG (and every reference to one) under `prefix-`."""
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    return _ID.sub(
        lambda m: m.group(1) + (f"{prefix}-" if m.group(2) in ids else "") + m.group(2), svg
    )


def stand_alone(fig: Figure, title: str, source: str, look: Look) -> None:
    """Draw the title above the chart and under it the source line, aligned where reading
    starts (right in Arabic), so that a chart file read on its own says what it shows, where
    it comes from and how recent its evidence is. Text in the page's language, shaped and
    ordered as the chart's own (`text.language`). Both stand above the chart, whose top is
    measured exactly (a legend under a chart is not: its wrapped labels are placed anew)."""
    with _style(look):
        fig.draw_without_rendering()  # the layout, so that the chart's extent is known
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        box = fig.get_tightbbox(renderer)
        width, height = fig.get_size_inches()
        x, ha = (box.x1 / width, "right") if look.rtl else (box.x0 / width, "left")
        pad = 0.1 / height
        line = fig.text(x, box.y1 / height + pad, wrap(source, 120), ha=ha, va="bottom",
                        fontsize=7.5, color=MUTED)  # fmt: skip
        top = line.get_window_extent(renderer).y1 / fig.dpi / height
        fig.text(x, top + pad / 2, wrap(title, 90), ha=ha, va="bottom",
                 fontsize=10.5, fontweight="bold", color=INK)  # fmt: skip


def render(
    fig: Figure,
    prefix: str,
    png: bool = False,
    *,
    close: bool = True,
    metadata: dict[str, str] | None = None,
) -> tuple[str, bytes | None]:
    """(standalone SVG text with ids under `prefix`, PNG bytes or None), then close the figure
    (unless `close` is False). `metadata`: Title, Description, Source and Date (ISO) to write
    into the files (SVG Dublin Core, PNG text chunks)."""
    import matplotlib.pyplot as plt

    about = dict(metadata or {})
    try:
        buffer = io.StringIO()
        rc: dict[str, Any] = {
            "svg.fonttype": "path",
            "svg.hashsalt": f"scenarios-{prefix}",
            **PLAIN_TEXT,
        }
        # The page's drawing is the figure as laid out (constrained layout keeps every artist
        # inside it, which a test checks): cropping to the drawn box would draw it twice. A
        # file's drawing is cropped, since its title and source line stand above the layout.
        tight: dict[str, Any] = {"bbox_inches": "tight", "pad_inches": 0.06} if about else {}
        with plt.rc_context(rc):  # type: ignore[arg-type]
            fig.savefig(
                buffer,
                format="svg",
                metadata={"Date": None, "Creator": None, **about},
                **tight,
            )
        svg = prefix_ids(buffer.getvalue(), prefix)
        image = None
        if png:
            data = io.BytesIO()
            with plt.rc_context(PLAIN_TEXT):  # type: ignore[arg-type]
                fig.savefig(
                    data,
                    format="png",
                    dpi=200,
                    bbox_inches="tight",
                    pad_inches=0.06,
                    metadata={"Software": None, **about},
                )
            image = data.getvalue()
        return svg, image
    finally:
        if close:
            plt.close(fig)


def inline(svg: str, label: str) -> str:
    """The SVG as an element of an HTML page: no XML prologue or metadata, labelled, and as wide
    as the page at most (a narrow chart keeps its proportion to the page's charts)."""
    from html import escape

    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)

    def attributes(match: re.Match[str]) -> str:
        share = min(100.0, float(match.group(2)) / (WIDTH * 72) * 100)
        return (
            f'<svg {match.group(1)}role="img" aria-label="{escape(label)}" '
            f'style="width:{share:.1f}%"'
        )

    svg = re.sub(r'<svg ([^>]*?)width="([\d.]+)pt" height="[\d.]+pt"', attributes, svg, count=1)
    return svg.strip()
