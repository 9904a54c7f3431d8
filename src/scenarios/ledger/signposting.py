"""Signposts: what would have to change for a country to move one rank, and what the indicators
named in model.yaml would do if they happened.

For each country and factor, the value at which the country draws level with the nearest country
above it (or below it), every other value as it is. The score is linear in one normalised value
(additive: s = rest + w·u) or, in log space, in its logarithm (geometric: ln s = rest + w·ln u),
so the threshold is exact: u* = (t − rest) / w, or u* = exp((ln t − rest) / w). A threshold
outside the scale cannot be reached by that factor alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from scenarios.analyses import scoring
from scenarios.core import engine
from scenarios.core.choices import DEFAULT_SEED
from scenarios.core.display import frame_html, short_repr
from scenarios.workspace.load import Workspace
from scenarios.workspace.scenario import Happened
from scenarios.workspace.schema import Indicator
from scenarios.workspace.whatif import moved

if TYPE_CHECKING:
    import pandas as pd

Way = Literal["up", "down"]
WAYS: tuple[Way, ...] = ("up", "down")


@dataclass(frozen=True)
class Move:
    """Country `country` passes `other` (up) or falls behind it (down) once `factor`'s value goes
    from `old` past `new` (the value at which the two draw level)."""

    country: int
    way: Way
    other: int
    factor: int
    old: float
    new: float
    rises: bool  # the value must rise (it may already sit on the threshold: a tie)

    @property
    def change(self) -> float:
        return self.new - self.old

    def shown(self, lo: float, hi: float) -> float:
        """The threshold rounded away from the current value (to 0.1, or 0.01 for a change
        below 0.5) so that the value shown does move the rank: up, reaching the threshold is
        enough (tied countries share the better rank); down, the value must pass it. Kept
        within the scale."""
        step = 0.1 if abs(self.change) >= 0.5 else 0.01
        scaled = self.new / step
        # up, a value on the threshold will do; down, one a little beyond it
        slack = 1e-9 if self.way == "up" else -1e-4
        if self.rises:
            rounded = math.ceil(scaled - slack) * step
        else:
            rounded = math.floor(scaled + slack) * step
        return float(min(max(round(rounded, 2), lo), hi))


def neighbours(scores: np.ndarray, order: Sequence[int] | np.ndarray) -> np.ndarray:
    """(C, 2): the country to pass to move up one rank (the nearest strictly above) and the one
    to fall behind to move down (the nearest at or below, a tied country included); -1 where
    there is none. Ties go to the one listed first."""
    s = np.asarray(scores, dtype=float)
    tol = engine.TIE_TOLERANCE
    found = np.full((len(s), 2), -1, dtype=int)
    listed = [int(c) for c in order]
    position = {c: n for n, c in enumerate(listed)}
    for i in range(len(s)):
        above = [j for j in listed if s[j] > s[i] + tol]
        below = [j for j in listed if j != i and s[j] <= s[i] + tol]
        if above:
            found[i, 0] = min(above, key=lambda j: (s[j], position[j]))
        if below:
            found[i, 1] = max(below, key=lambda j: (s[j], -position[j]))
    return found


def thresholds(
    u: np.ndarray, w: np.ndarray, scores: np.ndarray, targets: np.ndarray, aggregation: str
) -> np.ndarray:
    """(C, F) the normalised value of each factor at which each country's score equals its
    target (NaN where the target is NaN or the factor has no weight). Not clipped to [0, 1]."""
    u = np.asarray(u, dtype=float)
    w = np.asarray(w, dtype=float)
    t = np.asarray(targets, dtype=float)[:, None]
    weighted = w > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        if aggregation == "additive":
            rest = np.asarray(scores, dtype=float)[:, None] - w * u
            star = (t - rest) / w
        else:
            terms = np.where(weighted, w * np.log(np.where(u > 0, u, 1.0)), 0.0)
            zero = weighted & (u <= 0)  # a factor at the bottom of the scale: ln u = −inf
            others_zero = zero.sum(axis=1, keepdims=True) - zero
            rest = np.where(others_zero > 0, -np.inf, terms.sum(axis=1, keepdims=True) - terms)
            star = np.exp((np.log(t) - rest) / w)
            # with another factor at zero the score stays 0 whatever this one does
            star = np.where(np.isneginf(rest), np.nan, star)
    return np.where(weighted & np.isfinite(t), star, np.nan)


@dataclass(frozen=True, eq=False)
class IndicatorEffect:
    """What one indicator would do: the ranking with its shift applied (None without a shift)."""

    name: str
    indicator: Indicator
    countries: tuple[int, ...]  # the countries it moves
    factor: int
    shifted: scoring.Ranking | None


@dataclass(frozen=True, eq=False)
class Signposts:
    """Per country: for each factor, the value that would move it one rank up or down."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    ranking: scoring.Ranking
    neighbours: np.ndarray  # (C, 2) the country to pass / fall behind, -1 for none
    values: np.ndarray  # (C, 2, F) the threshold on the scale, NaN where out of reach
    indicators: tuple[IndicatorEffect, ...] = ()

    @property
    def workspace(self) -> Workspace:
        return self.ranking.workspace

    def move(self, country: int, way: Way, factor: int) -> Move | None:
        """The move of one value past its threshold (None where out of reach, or no country is
        above, or below)."""
        k = WAYS.index(way)
        other = int(self.neighbours[country, k])
        new = float(self.values[country, k, factor])
        if other < 0 or not math.isfinite(new):
            return None
        ws = self.workspace
        old = float(ws.values[country, factor])
        if ws.panel is not None:  # in the profile's terms, which --set edits
            new = profile_value(ws, country, factor, new)
            old = float(ws.panel.plain.values[country, factor])
            if not math.isfinite(new):
                return None
        rises = bool(ws.directions[factor] > 0) == (way == "up")
        return Move(country, way, other, factor, old, new, rises)

    def shown(self, country: int, way: Way, factor: int) -> float:
        """The threshold as every output prints it (`Move.shown`: rounded away from today's
        value, so that setting it does move the rank); NaN where out of reach."""
        move = self.move(country, way, factor)
        return math.nan if move is None else move.shown(*self.workspace.scale)

    def moves(self, country: int, way: Way) -> list[Move]:
        """Every reachable move of one value, smallest change first (ties: factor order)."""
        found = [self.move(country, way, f) for f in range(len(self.workspace.factor_ids))]
        return sorted((m for m in found if m is not None), key=lambda m: abs(m.change))

    def best(self, country: int, way: Way) -> Move | None:
        """The smallest change of one value that moves the country one rank."""
        found = self.moves(country, way)
        return found[0] if found else None

    def nearest(self, country: int) -> Move | None:
        """The smaller of the country's best moves up and down (ties: up); None when neither
        way is open or within reach."""
        found = [m for m in (self.best(country, way) for way in WAYS) if m is not None]
        return min(found, key=lambda m: abs(m.change)) if found else None

    def to_frame(self) -> pd.DataFrame:
        """One row per country in rank order: the smallest move up and down (the value to go to as
        the table shows it, rounded past the threshold).

        Returns
        -------
        pandas.DataFrame
            Indexed by id: rank, and for a move up and down: the other country, the factor, its
            value from and to.
        """
        import pandas as pd

        ws = self.workspace
        rows = []
        for i in self.ranking.order:
            row: dict[str, object] = {"id": ws.country_ids[i], "rank": int(self.ranking.ranks[i])}
            for way in WAYS:
                move = self.best(i, way)
                k = WAYS.index(way)
                other = int(self.neighbours[i, k])
                row |= {
                    f"{way}_other": ws.country_ids[other] if other >= 0 else "",
                    f"{way}_factor": ws.factor_ids[move.factor] if move else "",
                    f"{way}_from": move.old if move else float("nan"),
                    f"{way}_to": move.shown(*ws.scale) if move else float("nan"),
                }
            rows.append(row)
        return pd.DataFrame(rows).set_index("id")

    def thresholds_frame(self) -> pd.DataFrame:
        """Every country × factor: the value now, and the value at which it would pass the country
        above (pass_at) or fall behind the one below (fall_at), each as the table shows it:
        rounded away from today's value, past the threshold (`Move.shown`).

        Returns
        -------
        pandas.DataFrame
            Indexed by (id, factor): value, passes, pass_at, falls_behind, fall_at.
        """
        import pandas as pd

        ws = self.workspace
        rows = []
        for i in self.ranking.order:
            above, below = (int(n) for n in self.neighbours[i])
            for f, factor in enumerate(ws.factor_ids):
                rows.append(
                    {
                        "id": ws.country_ids[i],
                        "factor": factor,
                        "value": float(_as_set(ws).values[i, f]),
                        "passes": ws.country_ids[above] if above >= 0 else "",
                        "pass_at": self.shown(i, "up", f),
                        "falls_behind": ws.country_ids[below] if below >= 0 else "",
                        "fall_at": self.shown(i, "down", f),
                    }
                )
        return pd.DataFrame(rows).set_index(["id", "factor"])

    def indicators_frame(self) -> pd.DataFrame:
        """Every indicator × country it moves: the value, rank and probability before and after its
        expected shift, and without a shift the value at which the rank would change (as the
        table shows it, rounded past the threshold).

        Returns
        -------
        pandas.DataFrame
            Indexed by (indicator, id): factor, direction, value, new_value, rank, new_rank,
            probability, new_probability, rank_changes_at.
        """
        import pandas as pd

        ws = self.workspace
        base = self.ranking
        rows = []
        for effect in self.indicators:
            way = indicator_way(ws, effect.indicator)
            for i in effect.countries:
                f = effect.factor
                after = effect.shifted
                row: dict[str, object] = {
                    "indicator": effect.name,
                    "id": ws.country_ids[i],
                    "factor": ws.factor_ids[f],
                    "direction": effect.indicator.direction,
                    "value": float(ws.values[i, f]),
                    "new_value": float(after.workspace.values[i, f]) if after else float("nan"),
                    "rank": int(base.ranks[i]),
                    "new_rank": int(after.ranks[i]) if after else None,
                    "probability": _p(base, i),
                    "new_probability": _p(after, i) if after else float("nan"),
                    "rank_changes_at": self.shown(i, way, f),
                }
                rows.append(row)
        columns = [
            "indicator",
            "id",
            "factor",
            "direction",
            "value",
            "new_value",
            "rank",
            "new_rank",
            "probability",
            "new_probability",
            "rank_changes_at",
        ]
        frame = pd.DataFrame(rows, columns=columns)
        # without a shift there is no new rank: an empty cell, not a number
        frame["new_rank"] = frame["new_rank"].astype("Int64")
        return frame.set_index(["indicator", "id"])


def _as_set(ws: Workspace) -> Workspace:
    """The workspace whose values `--set` edits: the profiles, where a panel pools them."""
    return ws.panel.plain if ws.panel is not None else ws


def profile_value(ws: Workspace, country: int, factor: int, target: float) -> float:
    """Under a panel, the profile's value at which the pooled value of the cell reaches
    `target`: `--set` edits the profile, which moves only the analysts who take that cell from
    it, so the profile must move further than the pooled value (NaN where no value on the scale
    gets there, e.g. when every analyst gives the cell). The pooled value never falls as the
    profile's rises (mean, trimmed mean or median of positive weights), so bisection finds it."""
    from scenarios.panels.analysts import combine

    panel = ws.panel
    assert panel is not None
    cid, fid = ws.country_ids[country], ws.factor_ids[factor]
    follows = np.array([not a.owns_value(cid, fid) for a in panel.analysts])
    if not follows.any():
        return math.nan
    own = np.array([a.view.values[country, factor] for a in panel.analysts])

    def pooled(p: float) -> float:
        x = np.where(follows, p, own)[:, None]
        return float(combine(x, panel.weights, panel.rule.values, panel.rule.trim)[0])

    lo, hi = ws.scale
    if not pooled(lo) - 1e-9 <= target <= pooled(hi) + 1e-9:
        return math.nan
    below, above = lo, hi
    for _ in range(80):
        middle = (below + above) / 2
        below, above = (middle, above) if pooled(middle) < target else (below, middle)
    return above


def _p(ranking: scoring.Ranking, i: int) -> float:
    return float(ranking.probability[i]) if ranking.probability is not None else float("nan")


def indicator_way(ws: Workspace, indicator: Indicator) -> Way:
    """Whether the indicator would move a country's score up or down: its direction on the
    value, turned by the factor's direction."""
    favours = ws.model.factors[indicator.factor].direction == "for"
    return "up" if (indicator.direction == "up") == favours else "down"


def _values_on_scale(ws: Workspace, u: np.ndarray) -> np.ndarray:
    """Thresholds (C, 2, F) on the normalised scale back on the value scale, direction undone;
    NaN where out of reach: up, above 1 (a tie at 1 still moves the rank, as tied countries
    share the better one); down, at or below 0 (no value can pass below the bottom)."""
    lo, hi = ws.scale
    eps = 1e-9
    reachable = np.zeros(u.shape, dtype=bool)
    reachable[:, 0] = u[:, 0] <= 1 + eps
    reachable[:, 1] = u[:, 1] > eps
    u = np.clip(u, 0.0, 1.0)
    forward = ws.directions > 0
    values = np.where(forward, lo + u * (hi - lo), hi - u * (hi - lo))
    return np.where(reachable, values, np.nan)


def _shifted(
    ranking: scoring.Ranking, name: str, indicator: Indicator, seed: int
) -> scoring.Ranking:
    """The ranking with the indicator's shift applied to its countries (clamped to the scale; the
    range moves with the value, as a what-if's shift does; with a panel, in every analyst's
    view, as a what-if is)."""
    ws = ranking.workspace
    lo, hi = ws.scale
    step = indicator.shift or 0.0
    step = step if indicator.direction == "up" else -step
    chosen = set(indicator.countries or ws.country_ids)

    def shift(view: Workspace) -> Workspace:
        profiles = []
        for profile in view.profiles:
            if profile.id in chosen:
                value = profile.factors[indicator.factor].value
                new = min(max(value + step, lo), hi)
                profile = moved(profile, indicator.factor, new, (lo, hi))
            profiles.append(profile)
        return view.with_changes(profiles=tuple(profiles), change=Happened(name))

    changed = ws.panel.apply(ws, shift) if ws.panel is not None else shift(ws)
    return scoring.rank(
        changed, ranking.aggregation, ranking.horizon, level=ranking.level, seed=seed
    )


def signposts(
    ranking: scoring.Ranking, *, seed: int = DEFAULT_SEED, indicators: bool = True
) -> Signposts:
    """The signposts of a ranking, and (unless `indicators` is False) the effect of each
    indicator named in model.yaml, its probabilities' intervals drawn with `seed`."""
    ws = ranking.workspace
    s = ranking.scores
    near = neighbours(s, ranking.order)
    u = np.empty((len(s), 2, len(ws.factor_ids)))
    for k in range(2):
        targets = np.array([s[j] if j >= 0 else np.nan for j in near[:, k]])
        u[:, k, :] = thresholds(
            ranking.normalized, ranking.weights, s, targets, ranking.aggregation
        )
    effects = []
    for name, indicator in ws.model.indicators.items() if indicators else ():
        chosen = set(indicator.countries or ws.country_ids)
        effects.append(
            IndicatorEffect(
                name,
                indicator,
                tuple(i for i, c in enumerate(ws.country_ids) if c in chosen),
                ws.factor_ids.index(indicator.factor),
                _shifted(ranking, name, indicator, seed) if indicator.shift is not None else None,
            )
        )
    return Signposts(ranking, near, _values_on_scale(ws, u), tuple(effects))
