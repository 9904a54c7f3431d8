"""The History chart: one small panel per country of its probability (or rank) at each record
of the ledger, laid out in reading order, with a legend under the panels.

matplotlib is imported inside the functions (it costs ~0.5 s), so importing this module is cheap.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from scenarios.reporting.chart_style import (
    ACCENT,
    ACCENT_LIGHT,
    GREY_LIGHT,
    INK,
    MUTED,
    WIDTH,
    Look,
    gridlines,
    mirror,
    percent_axis,
    styled,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


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


@dataclass(frozen=True, eq=False)
class Records:
    """What every panel of one History chart draws from: the records' days x (R,), the values,
    low and high (C, R), the runs of comparable records, which records are greyed (R,)."""

    x: np.ndarray
    values: np.ndarray
    low: np.ndarray | None
    high: np.ndarray | None
    runs: list[slice]
    grey: np.ndarray
    rank: bool
    top_rank: float  # the lowest rank drawn (ranks share one scale)
    cols: int
    look: Look

    def has_band(self, c: int) -> bool:
        """Whether country c has an interval at any record."""
        return (
            self.low is not None
            and self.high is not None
            and bool(np.isfinite(self.low[c]).any())
            and bool(np.isfinite(self.high[c]).any())
        )


# --- layout ---------------------------------------------------------------------------------


def layout(n_c: int) -> tuple[int, int, float]:
    """(columns, rows, height of a panel in inches) of the grid of n_c panels."""
    cols = 1 if n_c == 1 else 2 if n_c <= 4 else 3 if n_c <= 9 else 4 if n_c <= 16 else 5
    return cols, -(-n_c // cols), 1.55 if cols <= 3 else 1.2


def panels(n_c: int, look: Look, rank: bool) -> tuple[Figure, list[Axes]]:
    """The figure and its panels in reading order: left to right, or right to left in Arabic;
    then down. Ranks share one scale."""
    import matplotlib.pyplot as plt

    cols, rows, panel_height = layout(n_c)
    fig, grid = plt.subplots(
        rows,
        cols,
        figsize=(WIDTH, panel_height * rows + 0.75),
        sharex=True,
        sharey=rank,
        squeeze=False,
        layout="constrained",
    )
    cells = [grid[r, cols - 1 - k if look.rtl else k] for r in range(rows) for k in range(cols)]
    return fig, cells


def time_axis(ax: Axes, x: np.ndarray, look: Look) -> None:
    """The shared axis of dates: the first and latest record labelled, every record ticked."""
    import datetime as dt

    from matplotlib.ticker import FixedLocator, FuncFormatter

    span = max(float(x.max() - x.min()), 1.0)
    pad = 0.06 * span
    ax.set_xlim(x.min() - pad, x.max() + pad)
    if look.rtl and not ax.xaxis_inverted():
        ax.invert_xaxis()
    ends = sorted({float(x.min()), float(x.max())})
    ax.xaxis.set_major_locator(FixedLocator(ends))
    ax.xaxis.set_minor_locator(FixedLocator(sorted(set(x.tolist()))))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda d, _: dt.date.fromordinal(round(d)).isoformat())
    )


# --- one panel ------------------------------------------------------------------------------


def band(ax: Axes, c: int, x: np.ndarray, lo: np.ndarray, hi: np.ndarray, other: bool) -> bool:
    """A run's interval as a band (a point alone in its run as a bar); whether any interval
    has a width."""
    ok = np.isfinite(lo) & np.isfinite(hi)
    ax.fill_between(
        x,
        np.where(ok, lo, 0.0),
        np.where(ok, hi, 0.0),
        where=ok,
        color=GREY_LIGHT if other else ACCENT_LIGHT,
        alpha=0.45,
        linewidth=0,
        zorder=1,
        gid=f"band-{c}",
    )
    # a point with no neighbour in its run (or a run on a single day) gets its interval as a bar
    alone = ok & ~np.r_[False, ok[:-1]] & ~np.r_[ok[1:], False]
    if ok.any() and np.ptp(x[ok]) == 0:
        alone = ok
    drawn = bool((hi[ok] > lo[ok]).any())
    if alone.any():
        ax.vlines(
            x[alone],
            lo[alone],
            hi[alone],
            color=GREY_LIGHT if other else ACCENT_LIGHT,
            linewidth=5,
            alpha=0.8,
            zorder=1,
        )
    return drawn


def lines(ax: Axes, c: int, records: Records) -> bool:
    """Country c's line within each run of comparable records, with its band; whether any
    interval has a width."""
    x, v = records.x, records.values[c]
    drawn = False
    for run in records.runs:
        other = bool(records.grey[run].all())  # a run is of one kind: breaks part the kinds
        ax.plot(x[run], v[run], color=MUTED if other else ACCENT, linewidth=1.5, zorder=3)
        if records.has_band(c) and records.low is not None and records.high is not None:
            drawn = band(ax, c, x[run], records.low[c, run], records.high[c, run], other) or drawn
    return drawn


def _nice_top(peak: float) -> float:
    """A round upper limit a little above `peak` (a probability): 5%, 10%, 20%, ... 100%."""
    for top in (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0):
        if peak * 1.05 <= top:
            return top
    return 1.0


def value_axis(ax: Axes, c: int, records: Records, seen: np.ndarray) -> None:
    """Ranks on their shared scale, 1 at the top; a probability on its own scale from 0."""
    from matplotlib.ticker import MaxNLocator

    v = records.values[c]
    if records.rank:
        ax.set_ylim(records.top_rank + 0.5, 0.5)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True, min_n_ticks=1))
    elif not seen.any():
        ax.set_yticks([])  # nothing to scale: the panel only says why
    else:
        peaks = [v[seen]]
        if records.has_band(c) and records.high is not None:
            peaks.append(records.high[c][np.isfinite(records.high[c])])
        peak = max((float(p.max()) for p in peaks if p.size), default=0.0)
        ax.set_ylim(0, _nice_top(peak))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=3))
        percent_axis(ax, "y")


def latest(ax: Axes, c: int, records: Records, seen: np.ndarray) -> None:
    """The latest value, written under its point in the upper part of the panel."""
    x, v = records.x, records.values[c]
    last = int(np.flatnonzero(seen)[-1])
    bottom, top = ax.get_ylim()
    high_up = (v[last] - bottom) / (top - bottom) > 0.6
    ax.annotate(
        f"{v[last]:.0f}" if records.rank else f"{100 * v[last]:.1f}%",
        (x[last], v[last]),
        xytext=(0, -11 if high_up else 5),
        textcoords="offset points",
        ha="left" if records.look.rtl else "right",
        fontsize=7.5,
        color=INK,
        zorder=5,
    )


def tick_labels(ax: Axes, c: int, n_c: int, records: Records) -> None:
    """The x tick labels under each panel that has none below it; shared ranks labelled on the
    side where each row starts."""
    cols, rtl = records.cols, records.look.rtl
    ax.tick_params(axis="x", labelbottom=c + cols >= n_c)
    if records.rank:
        starts = c % cols == 0
        ax.tick_params(axis="y", labelleft=starts and not rtl, labelright=starts and rtl)


def panel(ax: Axes, c: int, n_c: int, records: Records, title: str, blank: str) -> bool:
    """Country c's panel: its line and band, a dot a record (the records made otherwise in grey
    over theirs), its title, its scale and its latest value; `blank`: what the panel says when
    it has no value. Whether any interval has a width."""
    x, v = records.x, records.values[c]
    seen = np.isfinite(v)
    drawn = lines(ax, c, records)
    dots(ax, x[seen], v[seen], ACCENT, f"points-{c}", 4)  # a dot a record
    grey = records.grey
    if (seen & grey).any():  # the records made otherwise, in grey over their dots
        dots(ax, x[seen & grey], v[seen & grey], MUTED, f"muted-{c}", 4.5)
    ax.set_title(wrap(title, 24), fontsize=8.5, color=INK)
    gridlines(ax, "y")
    ax.tick_params(axis="both", labelsize=7)
    if not seen.any() and blank:
        ax.text(0.5, 0.5, blank, transform=ax.transAxes, ha="center", va="center",
                fontsize=8, color=MUTED)  # fmt: skip
    value_axis(ax, c, records, seen)
    if seen.any():
        latest(ax, c, records, seen)
    if records.look.rtl:
        mirror(ax)
    tick_labels(ax, c, n_c, records)
    return drawn


# --- legend ---------------------------------------------------------------------------------


def key(
    fig: Figure, legend: tuple[str, str], drawn: bool, muted_label: str, records: Records
) -> None:
    """The legend under the panels, in reading order: the line and dots, the band (where an
    interval has a width), the records made otherwise (where there are any)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Line2D([], [], color=ACCENT, marker="o", markersize=4, linewidth=1.5, label=legend[0])
    ]
    if drawn:
        handles.append(Patch(color=ACCENT_LIGHT, alpha=0.45, label=legend[1]))
    if records.grey.any() and muted_label:
        handles.append(
            Line2D([], [], color=MUTED, marker="o", markersize=4, linewidth=1.5, label=muted_label)
        )
    if records.look.rtl:
        handles.reverse()
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=len(handles),
        markerfirst=not records.look.rtl,
        handlelength=1.6,
        columnspacing=1.4,
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
    n_c, n_r = values.shape
    rank = kind == "rank"
    records = Records(
        x=np.asarray(days, dtype=float),
        values=values,
        low=low,
        high=high,
        runs=_segments(list(breaks) or [False] * n_r),
        grey=np.array(list(muted) or [False] * n_r, dtype=bool),
        rank=rank,
        top_rank=float(np.nanmax(values)) if rank and np.isfinite(values).any() else 1.0,
        cols=layout(n_c)[0],
        look=look,
    )
    with styled(look):
        fig, cells = panels(n_c, look, rank)
        drawn = False  # any interval
        for c, ax in enumerate(cells):
            if c >= n_c:
                ax.set_visible(False)
                continue
            blank = blanks[c] if c < len(blanks) else ""
            drawn = panel(ax, c, n_c, records, titles[c], blank) or drawn
        time_axis(cells[0], records.x, look)
        key(fig, legend, drawn, muted_label, records)
        return fig
