"""The report's charts, drawn with matplotlib from plain numbers and labels.

Each function returns a matplotlib Figure; `render` turns one into deterministic SVG (text drawn
as paths, fixed hash salt, no date, ids under a prefix so several SVGs can share one page) and,
when asked, PNG. In Arabic (`Look.rtl`) every chart reads from right to left: category labels
stand on the right, bars grow leftwards and axes start on the right. The common look is in
chart_style, the History chart in chart_history; both are reachable from here.

matplotlib is imported inside the functions (it costs ~0.5 s), so importing this module is cheap.
No terminal code.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.reporting.chart_history import dots, history
from scenarios.reporting.chart_style import (
    ACCENT,
    ACCENT_LIGHT,
    FAMILY,
    FONT_DIR,
    FONTS,
    GREY_LIGHT,
    GRID,
    HEATMAP_COUNTRIES,
    INK,
    MAX_COUNTRIES,
    MUTED,
    NUMBER,
    PALETTE,
    PLAIN_TEXT,
    TORNADO_COLUMNS,
    TORNADO_FACTORS,
    TORNADO_PANELS,
    WARM,
    WIDTH,
    Look,
    categories,
    contrast,
    font_paths,
    gridlines,
    hbars,
    isolate_numbers,
    mirror,
    new_figure,
    percent_axis,
    put_legend,
    styled,
    text_on,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "ACCENT",
    "ACCENT_LIGHT",
    "FAMILY",
    "FONTS",
    "FONT_DIR",
    "GREY_LIGHT",
    "GRID",
    "HEATMAP_COUNTRIES",
    "HOLDING_BACK",
    "INK",
    "MAX_COUNTRIES",
    "MUTED",
    "NUMBER",
    "PALETTE",
    "PLAIN_TEXT",
    "TORNADO_COLUMNS",
    "TORNADO_FACTORS",
    "TORNADO_PANELS",
    "WARM",
    "WIDTH",
    "Look",
    "cascade_years",
    "contrast",
    "contributions",
    "dots",
    "font_paths",
    "heatmap",
    "history",
    "inline",
    "intervals",
    "isolate_numbers",
    "paired_bars",
    "prefix_ids",
    "probabilities",
    "reliability",
    "render",
    "stamp",
    "stand_alone",
    "text_on",
    "tornado",
    "wrap",
]

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
    with styled(look):
        fig, ax = new_figure(0.36 * len(names) + 1.1)
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
        gridlines(ax)
        categories(ax, names, look)
        put_legend(fig, ax, look, ncol=2)
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
    with styled(look):
        fig, ax = new_figure(0.36 * len(names) + 1.1)
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
        percent_axis(ax)
        ax.set_xlabel(axis_label)
        gridlines(ax)
        categories(ax, names, look)
        ax.set_ylim(len(names) - 0.5, -0.75)  # room above the first dot for its label
        put_legend(fig, ax, look, ncol=3)
        return fig


def stamp(fig: Figure, text: str, look: Look) -> Figure:
    """The figure with `text` written across its top (a what-if page's "What if: ..."), so
    that the chart says so wherever it is shown."""
    with styled(look):
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
    with styled(look):
        rows = len(names)
        fig, ax = new_figure(0.38 * rows + 1.0 + 0.2 * int(np.ceil(len(factor_labels) / 3)))
        y = np.arange(rows)
        positive = np.zeros(rows)
        negative = np.zeros(rows)
        for f, label in enumerate(factor_labels):
            v = values[:, f]
            left = np.where(v >= 0, positive, negative)
            hbars(
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
        gridlines(ax)
        categories(ax, names, look)
        put_legend(fig, ax, look, ncol=3)
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

    with styled(look):
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
            hbars(ax, y, at_low[:, c], height=0.7, color=WARM, label=legend[0], linewidth=0)
            hbars(ax, y, at_high[:, c], height=0.7, color=ACCENT, label=legend[1], linewidth=0)
            ax.axvline(0, color=INK, linewidth=0.7)
            ax.set_xlim(-bound, bound)
            ax.set_title(wrap(country_names[c], 16), fontsize=8.5, color=INK)
            ax.tick_params(axis="x", labelsize=7)
            ax.xaxis.set_major_locator(_symmetric_locator(bound))
            ax.xaxis.set_major_formatter(_signed_formatter())
            gridlines(ax)
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
        put_legend(fig, first, look, ncol=2, where="upper")
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


def _cell_text(v: float, fmt: str) -> str | None:
    """A heatmap cell's number as written in it: a share in percent ('<1%' under half a
    percent), or a signed number; None: the cell stays blank (no value, or a share of 0)."""
    if not np.isfinite(v) or (fmt == "percent" and v == 0):
        return None  # a rank never held stays blank: the eye finds the ones held
    text = f"{100 * v:.0f}%" if fmt == "percent" else f"{v:+.3f}".replace("-", "−")
    if fmt == "percent" and 0 < v < 0.005:
        text = "<1%"
    if fmt != "percent" and abs(v) < 5e-4:
        text = "0"
    return text


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
    with styled(look):
        n_r, n_c = values.shape
        size = 8.0 if n_c <= 12 else 6.5 if n_c <= 20 else 5.0
        fig, ax = new_figure(0.36 * n_r + 0.9)
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
                text = _cell_text(v, fmt)
                if text is None:
                    continue
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
    with styled(look):
        fig, ax = new_figure(2.8)
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
        percent_axis(ax, "y")
        ax.set_xlabel(axis_labels[0])
        ax.set_ylabel(axis_labels[1])
        gridlines(ax, "y")
        if look.rtl:
            mirror(ax)
        put_legend(fig, ax, look, ncol=min(len(names), 5))
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
    with styled(look):
        fig, ax = new_figure(0.46 * len(names) + 1.0)
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
        percent_axis(ax)
        ax.set_xlabel(axis_label)
        gridlines(ax)
        categories(ax, names, look)
        put_legend(fig, ax, look, ncol=2)
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
    with styled(look):
        fig, ax = new_figure(3.3)
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
        percent_axis(ax, "x")
        percent_axis(ax, "y")
        ax.set_xlabel(axis_labels[0])
        ax.set_ylabel(axis_labels[1])
        gridlines(ax, "both")
        if look.rtl:
            mirror(ax)
        ax.legend(loc="upper right" if look.rtl else "upper left", markerfirst=not look.rtl)
        return fig


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
    with styled(look):
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
