"""How a probability is shown: to the precision its interval allows, in words, beside the base rate.

Pure functions, no terminal code; every output (terminal, markdown, report, exports) reads them.

- **Precision.** A probability and its interval's ends are rounded to a step set by the interval's
  width *w* in percentage points: step = 10^floor(log10(w / 10)) points, kept between 0.1 and 1
  point. So a figure whose interval is 10 points wide or more is shown in whole percent, one
  whose interval is narrower with one decimal; a figure without an interval keeps one decimal.
  A positive figure that would round to 0 shows as '<1%' ('<0.1%'), one that would round to 100
  as '>99%' ('>99.9%'). Machine formats keep the full figures.
- **Words.** The yardstick of the US Intelligence Community Directive 203, *Analytic Standards*
  (ODNI, 2 Jan 2015, section D.6.b(2)(a)): almost no chance 1–5%, very unlikely 5–20%, unlikely
  20–45%, roughly even chance 45–55%, likely 55–80%, very likely 80–95%, almost certain 95–99%.
  The directive's bands share their ends; here a figure on a shared end takes the band nearer to
  an even chance (5% is very unlikely, 45% and 55% roughly even, 95% very likely), figures below
  1% are almost no chance and above 99% almost certain. The word is that of the figure as shown
  (after rounding), so the word and the figure a reader sees agree.
- **Base rate.** What the reference class alone gives over the same horizon:
  1 − (1 − annual)^years with annual = 1 − (1 − events/of)^(1/years of the class).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from scenarios.analyses.link import annual_base_rate, within_horizon
from scenarios.workspace.schema import BaseRate

Lang = Literal["en", "ar"]

STEP_FINEST = 0.1  # points
STEP_COARSEST = 1.0  # points

# (upper end in points, English, Arabic), from the lowest band up. Below 50 a figure equal to a
# band's upper end belongs to the band above (nearer even chance); at 50 and above a figure equal
# to a band's lower end belongs to the band below. See `words`.
YARDSTICK: tuple[tuple[float, str, str], ...] = (
    (5.0, "almost no chance", "شبه مستحيل"),
    (20.0, "very unlikely", "مستبعد جداً"),
    (45.0, "unlikely", "مستبعد"),
    (55.0, "roughly even chance", "احتمال متساوٍ تقريباً"),
    (80.0, "likely", "مرجّح"),
    (95.0, "very likely", "مرجّح جداً"),
    (math.inf, "almost certain", "شبه مؤكد"),
)
YARDSTICK_NAME = {
    "en": "ICD 203 (US Intelligence Community Directive 203, 2015)",
    "ar": "التوجيه 203 لمجتمع الاستخبارات الأمريكي (ICD 203، 2015)",
}


def _finite(*values: float | None) -> bool:
    return all(v is not None and math.isfinite(v) for v in values)


def step(low: float | None = None, high: float | None = None) -> float:
    """The rounding step in percentage points that an interval (low, high), as probabilities,
    allows: 10^floor(log10(width / 10)) points, between 0.1 and 1. Without an interval, 0.1.

    >>> step(0.098, 0.906), step(0.10, 0.19), step(0.40, 0.41)
    (1.0, 0.1, 0.1)
    """
    if not _finite(low, high):
        return STEP_FINEST
    assert low is not None and high is not None
    width = 100 * (high - low)
    if width <= 0:
        return STEP_FINEST
    # a width of 10 points computed as 9.999999999 must still count as 10: round first
    raw = 10.0 ** math.floor(round(math.log10(width / 10), 9))
    return min(STEP_COARSEST, max(STEP_FINEST, raw))


def rounded(p: float, step_points: float) -> float:
    """`p` in percentage points, rounded half up to the step."""
    units = round(100 * p / step_points, 9)  # 12.4999999 from binary fractions counts as 12.5
    return math.floor(units + 0.5) * step_points


def figure(p: float | None, step_points: float) -> str:
    """'49', '8.0', '<1', '>99' (no sign): `p` to the step; '–' when missing."""
    if p is None or not math.isfinite(p):
        return "–"
    digits = 0 if step_points >= 1 else 1
    value = rounded(p, step_points)
    if value <= 0 < p:
        return f"<{step_points:.{digits}f}"
    if value >= 100 > 100 * p:
        return f">{100 - step_points:.{digits}f}"
    return f"{value:.{digits}f}"


def percent(p: float | None, low: float | None = None, high: float | None = None) -> str:
    """'49%': the probability to the precision of its interval (low, high)."""
    text = figure(p, step(low, high))
    return text if text == "–" else text + "%"


def interval(low: float | None, high: float | None) -> str:
    """'10–91%': an interval's ends to the precision its width allows; '' without one."""
    if not _finite(low, high):
        return ""
    assert low is not None and high is not None
    s = step(low, high)
    return f"{figure(low, s)}–{figure(high, s)}%"


def words(
    p: float | None, low: float | None = None, high: float | None = None, lang: Lang = "en"
) -> str:
    """The yardstick's words for `p` as shown (rounded to its interval's step); '' if missing.

    >>> words(0.486, 0.098, 0.906), words(0.047, 0.007, 0.22), words(0.049, 0.048, 0.05)
    ('roughly even chance', 'very unlikely', 'almost no chance')
    """
    if p is None or not math.isfinite(p):
        return ""
    shown = rounded(p, step(low, high))
    column = 1 if lang == "en" else 2
    for band, (upper, *_names) in enumerate(YARDSTICK):
        below_even = upper <= 50
        if shown < upper or (not below_even and shown <= upper):
            return str(YARDSTICK[band][column])
    raise AssertionError("the last band has no upper end")  # pragma: no cover


def base_rate_probability(base: BaseRate, years: float) -> float:
    """What the reference class alone gives within `years`: 1 − (1 − annual)^years."""
    return float(within_horizon(annual_base_rate(base), years))


BASE_RATE_DRAWS = 20_000
BASE_RATE_STREAM = 11  # its own stream, apart from the link's (7) and the Monte Carlo's


def base_rate_interval(base: BaseRate, years: float, level: float) -> tuple[float, float]:
    """The central `level` interval of the base rate's probability within `years`, over the
    reference class's own uncertainty: the Jeffreys posterior Beta(events + ½, of − events + ½)
    of its rate, as the link's intervals draw it. Fixed seed: the same figures on every run."""
    rng = np.random.default_rng(np.random.SeedSequence([0, BASE_RATE_STREAM]))
    rate = rng.beta(base.events + 0.5, base.of - base.events + 0.5, BASE_RATE_DRAWS)
    annual = 1.0 - (1.0 - rate) ** (1.0 / base.window)
    p = within_horizon(annual, years)
    low, high = np.quantile(p, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)


def base_rate_text(base: BaseRate, years: float, level: float, lang: Lang = "en") -> str:
    """'1 of 5 in 5.7 years → 18% within 5 years' (the figure to its interval's precision)."""
    p = base_rate_probability(base, years)
    low, high = base_rate_interval(base, years, level)
    shown = percent(p, low, high)
    if lang == "ar":
        return (
            f"{base.events} من {base.of} خلال {base.window_label} سنة ← {shown} "
            f"خلال {years:g} {'سنة' if years == 1 else 'سنوات'}"
        )
    unit = "year" if years == 1 else "years"
    return (
        f"{base.events} of {base.of} in {base.window_label} years → {shown} within {years:g} {unit}"
    )
