"""The charts' common look: fonts, colours, sizes, the reading direction (`Look`) and the
drawing helpers every chart uses (categories down the side where reading starts, grid lines,
legends in reading order, bars as one collection, colours that stand out on each other).

matplotlib is imported inside the functions (it costs ~0.5 s), so importing this module is cheap.
"""

from __future__ import annotations

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


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    from matplotlib import font_manager

    for path in font_paths():
        font_manager.fontManager.addfont(str(path))
    _registered = True


# Every text a chart draws is plain text, never matplotlib's mathematics: names and labels come
# from the user's files, and `$` in them ('US$^$', '$5 to $6') must be drawn as written, not
# parsed (which draws it wrongly or fails). Set for the drawing of every chart (`styled`) and
# for its rendering (`render`), where matplotlib may make tick labels anew, so that no text
# can reach a figure another way.
PLAIN_TEXT: dict[str, Any] = {"text.parse_math": False}


@contextmanager
def styled(look: Look) -> Iterator[None]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    register_fonts()
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


def new_figure(height: float, ncols: int = 1, sharey: bool = False) -> tuple[Figure, Any]:
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(
        1, ncols, figsize=(WIDTH, height), sharey=sharey, squeeze=True, layout="constrained"
    )
    return fig, axes


def wrap(label: str, width: int = 26) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def categories(ax: Axes, labels: Sequence[str], look: Look, width: int = 26) -> None:
    """Category labels down the side where reading starts (left, or right in Arabic)."""
    ax.set_yticks(range(len(labels)), [wrap(label, width) for label in labels])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(labels) - 0.5, -0.5)  # first category on top
    if look.rtl:
        mirror(ax)


def mirror(ax: Axes) -> None:
    if not ax.xaxis_inverted():
        ax.invert_xaxis()
    ax.yaxis.tick_right()
    ax.yaxis.set_label_position("right")
    ax.spines["right"].set_visible(ax.spines["left"].get_visible())
    ax.spines["left"].set_visible(False)


def gridlines(ax: Axes, axis: Literal["both", "x", "y"] = "x") -> None:
    ax.grid(axis=axis, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def percent_axis(ax: Axes, axis: str = "x") -> None:
    from matplotlib.ticker import PercentFormatter

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(PercentFormatter(1.0, decimals=0))


def put_legend(
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


def hbars(
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
