"""How robust is a ranking? One-at-a-time weights, critical weights, Monte Carlo, Sobol.

The methods behind `scenarios sensitivity` (the module is not named sensitivity so that
`scenarios.sensitivity()` can be the API function).

Pure numpy on top of `engine`; no terminal code. Long runs report progress through an optional
callback ``progress(done, total)``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses import budget
from scenarios.core import arguments, engine
from scenarios.core.choices import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_CONCENTRATION,
    DEFAULT_DELTA,
    DEFAULT_MC_SAMPLES,
    DEFAULT_METHODS,
    DEFAULT_SEED,
    DEFAULT_SOBOL_SAMPLES,
    METHODS,
    VALUE_DISTRIBUTIONS,
    Aggregation,
    Method,
    ValueDistribution,
)
from scenarios.core.display import frame_html, short_repr
from scenarios.core.errors import OptionError, Problem
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd

Progress = Callable[[int, int], None]
BLOCK = 1_000  # random numbers are drawn per block of samples, so chunking never changes them
VALUES_PER_PIECE = 1 << 20  # values drawn and scored at once: bounds the Monte Carlo's memory
HISTOGRAM_BINS = 10_000  # score quantiles are read from a histogram: memory is flat in N
SOBOL_MIN_SAMPLES = 64
MIN_SAMPLES = 100  # fewer Monte Carlo samples give rank probabilities that are mostly noise


def rescaled(w: np.ndarray, k: int, t: np.ndarray | float) -> np.ndarray:
    """Weights with w[k] set to t and the others rescaled in proportion to sum to 1 − t.

    t may be an array: the result has shape t.shape + w.shape.
    """
    t = np.asarray(t, dtype=float)
    rest = 1.0 - w[k]
    if rest <= 0:  # the only weighted factor: after normalisation its weight stays 1
        return np.broadcast_to(w, (*t.shape, len(w))).copy()
    out = (1.0 - t[..., None]) / rest * w
    out[..., k] = t
    return np.asarray(out)


def file_weight(ws: Workspace, k: int, t: float) -> float:
    """The `weight` to write for factor k in model.yaml so that its effective weight becomes t.

    Editing one factor's weight rescales all the others in proportion, which is the same
    movement the analyses below make.
    """
    if ws.panel is not None and ws.panel.own_weights:
        return float("nan")  # the analysts' own weights: no one edit of model.yaml moves them all
    raw = ws.factor_weights * ws.group_weights
    rest = raw.sum() - raw[k]
    if ws.group_weights[k] == 0:
        return float("nan")  # no weight in the file can move a factor of a weightless group
    if t >= 1.0:
        return float("inf")
    return float(t * rest / ((1.0 - t) * ws.group_weights[k]))


# --- 1. one at a time -------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Tornado:
    """Each factor's effective weight moved to w·(1−Δ) and w·(1+Δ)."""

    workspace: Workspace
    delta: float
    weights: np.ndarray  # (F,)
    base_scores: np.ndarray  # (C,)
    base_ranks: np.ndarray  # (C,)
    scores: np.ndarray  # (F, 2, C): [factor, low/high side, country]
    ranks: np.ndarray  # (F, 2, C)

    @property
    def swing(self) -> np.ndarray:
        """(F,) the largest score change of any country when the factor's weight moves."""
        moved = np.abs(self.scores - self.base_scores).max(axis=(1, 2))
        return np.asarray(moved)

    @property
    def order(self) -> np.ndarray:
        return np.argsort(-self.swing, kind="stable")

    def to_frame(self) -> pd.DataFrame:
        """Each weight moved down and up by delta, and each country's score and rank.

        Returns
        -------
        pandas.DataFrame
            Indexed by (factor, id): weight, weight_low, weight_high, score, score_at_low,
            score_at_high, score_min, score_max, rank, rank_min, rank_max, swing.
        """
        import pandas as pd

        ws = self.workspace
        rows = []
        for k in self.order:
            for c, cid in enumerate(ws.country_ids):
                all_scores = np.array([self.base_scores[c], *self.scores[k, :, c]])
                all_ranks = np.array([self.base_ranks[c], *self.ranks[k, :, c]])
                rows.append(
                    {
                        "factor": ws.factor_ids[k],
                        "weight": float(self.weights[k]),
                        "weight_low": float(self.weights[k] * (1 - self.delta)),
                        "weight_high": float(min(self.weights[k] * (1 + self.delta), 1.0)),
                        "id": cid,
                        "score": float(self.base_scores[c]),
                        "score_at_low": float(self.scores[k, 0, c]),
                        "score_at_high": float(self.scores[k, 1, c]),
                        "score_min": float(all_scores.min()),
                        "score_max": float(all_scores.max()),
                        "rank": int(self.base_ranks[c]),
                        "rank_min": int(all_ranks.min()),
                        "rank_max": int(all_ranks.max()),
                        "swing": float(self.swing[k]),
                    }
                )
        return pd.DataFrame(rows).set_index(["factor", "id"])


def tornado_weights(w: np.ndarray, delta: float) -> np.ndarray:
    """(F, 2, F) the effective weights with each factor's moved to w·(1−Δ) and w·(1+Δ) (at
    most 1), the others rescaled in proportion."""
    sides = np.stack([w * (1 - delta), np.minimum(w * (1 + delta), 1.0)], axis=1)  # (F, 2)
    return np.stack([rescaled(w, k, sides[k]) for k in range(len(w))])


def one_at_a_time(
    ws: Workspace, aggregation: Aggregation = "additive", delta: float = 0.5
) -> Tornado:
    arguments.number("delta", delta, at_least=0, at_most=1)
    u = ws.normalized
    w = ws.weights
    weights = tornado_weights(w, delta)
    scores = engine.scores(u, weights.reshape(-1, len(w)), aggregation).reshape(len(w), 2, -1)
    base = engine.scores(u, w, aggregation)
    return Tornado(ws, delta, w, base, engine.ranks(base), scores, engine.ranks(scores))


# --- 2. critical weights ----------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """The nearest effective weight (up or down) at which two countries swap."""

    weight: float  # the effective weight at which the swap happens
    above: str  # the country that was above and falls below
    below: str


@dataclass(frozen=True, eq=False)
class CriticalWeights:
    workspace: Workspace
    weights: np.ndarray
    increase: tuple[Threshold | None, ...]
    decrease: tuple[Threshold | None, ...]

    def relative(self, k: int, threshold: Threshold | None) -> float:
        if threshold is None or self.weights[k] == 0:
            return float("nan")
        return float((threshold.weight - self.weights[k]) / self.weights[k])

    @property
    def most_critical(self) -> tuple[int, str] | None:
        """(factor index, 'increase'|'decrease') with the smallest relative change, if any."""
        best = None
        for k in range(len(self.weights)):
            for side, t in (("increase", self.increase[k]), ("decrease", self.decrease[k])):
                r = abs(self.relative(k, t))
                if np.isfinite(r) and (best is None or r < best[0]):
                    best = (r, k, side)
        return None if best is None else (best[1], best[2])

    def to_frame(self) -> pd.DataFrame:
        """For each factor, the smallest rise and fall of its weight that changes the ranking.

        Returns
        -------
        pandas.DataFrame
            Indexed by factor: weight, and for the increase and the decrease: to, change,
            percent, file_weight and swap (the two countries that swap).
        """
        import pandas as pd

        ws = self.workspace
        rows = []
        for k, factor in enumerate(ws.factor_ids):
            row: dict[str, object] = {"factor": factor, "weight": float(self.weights[k])}
            for side, t in (("increase", self.increase[k]), ("decrease", self.decrease[k])):
                row[f"{side}_to"] = t.weight if t else float("nan")
                row[f"{side}_change"] = (t.weight - self.weights[k]) if t else float("nan")
                row[f"{side}_percent"] = 100 * self.relative(k, t)
                row[f"{side}_file_weight"] = file_weight(ws, k, t.weight) if t else float("nan")
                row[f"{side}_swap"] = f"{t.above} ↔ {t.below}" if t else "none"
            rows.append(row)
        return pd.DataFrame(rows).set_index("factor")


def critical_weights(ws: Workspace, aggregation: Aggregation = "additive") -> CriticalWeights:
    """Exact thresholds: with the others rescaled in proportion, each score (additive) or
    log-score (geometric, same order) is linear in the factor's weight t, so the swaps are the
    crossing points of straight lines.

    Geometric: a country with a value at the bottom of a weighted factor's scale scores 0
    whatever the weights, so it takes part in no swap. A factor whose group has weight 0 has no
    threshold (no edit of its own weight can move it).
    """
    u = ws.normalized
    w = ws.weights
    ids = ws.country_ids
    increase: list[Threshold | None] = []
    decrease: list[Threshold | None] = []
    for k in range(len(w)):
        if w[k] >= 1.0 or ws.group_weights[k] == 0:
            increase.append(None)
            decrease.append(None)
            continue
        x, movable = u, np.ones(len(ids), dtype=bool)
        if aggregation == "geometric":
            weighted = (w > 0) | (np.arange(len(w)) == k)
            movable = ~((u <= 0) & weighted).any(axis=1)
            x = np.log(np.where(u > 0, u, 1.0))
        total = x @ w
        rest = (total - w[k] * x[:, k]) / (1.0 - w[k])  # the others' part, renormalised
        slope = x[:, k] - rest  # score(t) = rest + t·slope
        d0 = rest[:, None] - rest[None, :]  # a − b at t = 0
        d1 = slope[:, None] - slope[None, :]  # how fast a − b grows with t
        # Lines whose slopes differ by no more than the tie rule's tolerance are parallel: a
        # difference of rounding noise (-1.1e-16 for two countries with the same value of the
        # factor) is not a slope, and such a pair neither crosses nor breaks a tie.
        moves = np.abs(d1) > engine.TIE_TOLERANCE
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = np.where(moves, -d0 / d1, np.nan)
        now = total[:, None] - total[None, :]
        pairs = np.triu(np.ones_like(now, dtype=bool), 1) & movable[:, None] & movable[None, :]
        valid = pairs & np.isfinite(cross) & (cross >= 0) & (cross <= 1)
        tied = pairs & (np.abs(now) <= engine.TIE_TOLERANCE) & moves
        increase.append(
            _nearest(cross, valid & (cross > w[k] + 1e-12), now, d1, tied, ids, w[k], rising=True)
        )
        decrease.append(
            _nearest(cross, valid & (cross < w[k] - 1e-12), now, d1, tied, ids, w[k], rising=False)
        )
    return CriticalWeights(ws, w, tuple(increase), tuple(decrease))


def _nearest(
    cross: np.ndarray,
    mask: np.ndarray,
    now: np.ndarray,
    d1: np.ndarray,
    tied: np.ndarray,
    ids: tuple[str, ...],
    weight: float,
    rising: bool,
) -> Threshold | None:
    """The first swap when the weight rises (or falls) from its current value."""
    if tied.any():  # a tie breaks at once: the country whose score grows faster goes ahead
        a, b = np.argwhere(tied)[0]
        gains = (d1[a, b] > 0) == rising  # does a pull ahead of b in this direction?
        winner, loser = (a, b) if gains else (b, a)
        return Threshold(float(weight), ids[loser], ids[winner])
    if not mask.any():
        return None
    candidates = np.where(mask, cross, np.inf if rising else -np.inf)
    a, b = np.unravel_index((np.argmin if rising else np.argmax)(candidates), candidates.shape)
    first, second = (a, b) if now[a, b] > 0 else (b, a)
    return Threshold(float(cross[a, b]), ids[first], ids[second])


# --- 1 and 2 in probability points -----------------------------------------------------


@dataclass(frozen=True, eq=False)
class ProbabilityEffects:
    """The weight moves of the tornado and the critical weights as changes of each country's
    probability within the horizon (fractions: 0.031 is 3.1 points), each against the
    probability with the file's weights, as `scenarios rank --weight` would show them (the
    link's intercept derived anew for each set of weights). NaN where a country has joined."""

    base: np.ndarray  # (C,) the probability with the file's weights
    tornado: np.ndarray | None  # (F, 2, C): [factor, weight down/up, country]
    # per factor, the change at the weight where the first pair swaps: (increase, decrease),
    # each (C,) or None where there is no such weight
    critical: tuple[tuple[np.ndarray | None, np.ndarray | None], ...] | None


def probability_effects(
    ws: Workspace,
    tornado: Tornado | None,
    critical: CriticalWeights | None,
    years: float,
    aggregation: Aggregation = "additive",
) -> ProbabilityEffects | None:
    """The tornado's and the critical weights' effects in probability, every set of weights
    in one pass (None without a link, or with a panel: see `probability_at_weights`)."""
    from scenarios.analyses.likelihood import probability_at_weights

    w = ws.weights
    rows = [w[None, :]]
    if tornado is not None:
        rows.append(tornado_weights(w, tornado.delta).reshape(-1, len(w)))
    at: list[tuple[int, int]] = []  # (factor, side) of each critical row
    if critical is not None:
        for k, pair in enumerate(zip(critical.increase, critical.decrease, strict=True)):
            for side, threshold in enumerate(pair):
                if threshold is not None:
                    at.append((k, side))
                    rows.append(rescaled(w, k, threshold.weight)[None, :])
    p = probability_at_weights(ws, np.vstack(rows), years, aggregation)
    if p is None:
        return None
    base, rest = p[0], p[1:] - p[0]
    moved = None
    if tornado is not None:
        n = 2 * len(w)
        moved, rest = rest[:n].reshape(len(w), 2, -1), rest[n:]
    crit = None
    if critical is not None:
        found = dict(zip(at, rest, strict=True))
        crit = tuple((found.get((k, 0)), found.get((k, 1))) for k in range(len(w)))
    return ProbabilityEffects(base, moved, crit)


# --- 3. Monte Carlo ---------------------------------------------------------------------


@dataclass(frozen=True)
class MonteCarloSettings:
    samples: int = DEFAULT_MC_SAMPLES
    seed: int = DEFAULT_SEED
    concentration: float = DEFAULT_CONCENTRATION  # Dirichlet: larger = weights nearer the base
    fixed_weights: bool = False
    values: ValueDistribution = "triangular"
    precision: float | None = None  # stop once every acceptability cell's std. error is below
    chunk_size: int = DEFAULT_CHUNK_SIZE  # most samples drawn at once (memory); progress
    memory_budget: int | None = None  # bytes; None: budget.default_budget()


@dataclass(frozen=True, eq=False)
class MonteCarlo:
    workspace: Workspace
    settings: MonteCarloSettings
    samples: int  # how many were drawn (fewer than asked when --precision was met)
    acceptability: np.ndarray  # (C, C): P(country holds rank r); ties split evenly
    pairwise: np.ndarray  # (C, C): P(row above column); ties count half
    mean: np.ndarray  # (C,)
    low: np.ndarray  # (C,) 5th percentile
    high: np.ndarray  # (C,) 95th percentile
    base_scores: np.ndarray
    # with a link: each country's probability over weights, values and the link together
    probability: _Distribution | None = None
    horizon: float | None = None
    gate_binding: np.ndarray | None = None  # (C, G) P(the gate binds) under the value ranges
    link_covers: tuple[str, ...] = ()  # what of the link each sample draws, for captions

    def gates_frame(self) -> pd.DataFrame:
        """P(each gate binds) for each country, under the value ranges.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: one column a gate.
        """
        import pandas as pd

        ws = self.workspace
        binding = (
            self.gate_binding
            if self.gate_binding is not None
            else np.zeros((len(ws.country_ids), 0))
        )
        frame = pd.DataFrame(binding, columns=list(ws.model.gates), index=list(ws.country_ids))
        frame.index.name = "id"
        return frame.iloc[self._order]

    @property
    def standard_error(self) -> float:
        """The largest standard error of any acceptability cell."""
        p = self.acceptability
        return float(np.sqrt(p * (1 - p) / self.samples).max())

    def acceptability_frame(self) -> pd.DataFrame:
        """How often each country takes each rank over the draws.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: rank_1 ... rank_N (shares of the draws).
        """
        import pandas as pd

        ids = self.workspace.country_ids
        frame = pd.DataFrame(self.acceptability, columns=[f"rank_{r + 1}" for r in range(len(ids))])
        frame.insert(0, "id", list(ids))
        return frame.iloc[self._order].set_index("id")

    def summary_frame(self) -> pd.DataFrame:
        """Each country's score and rank over the draws.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: name, score, mean, p05, p95, p_first, expected_rank, and the
            probability's mean, p05 and p95.
        """
        import pandas as pd

        ws = self.workspace
        frame = pd.DataFrame(
            {
                "id": list(ws.country_ids),
                "name": [p.name for p in ws.profiles],
                "score": self.base_scores,
                "mean": self.mean,
                "p05": self.low,
                "p95": self.high,
                "p_first": self.acceptability[:, 0],
                "expected_rank": self.acceptability @ np.arange(1, len(ws.country_ids) + 1),
            }
        )
        if self.probability is not None:
            frame["probability_mean"] = self.probability.mean
            frame["probability_p05"] = self.probability.low
            frame["probability_p95"] = self.probability.high
        return frame.iloc[self._order].set_index("id")

    def pairwise_frame(self) -> pd.DataFrame:
        """How often each country ranks above each other.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: one column a country (the share of draws in which the row's country
            ranks above it).
        """
        import pandas as pd

        ids = list(self.workspace.country_ids)
        order = self._order
        frame = pd.DataFrame(self.pairwise[np.ix_(order, order)], columns=[ids[i] for i in order])
        frame.insert(0, "id", [ids[i] for i in order])
        return frame.set_index("id")

    @property
    def _order(self) -> np.ndarray:
        expected = self.acceptability @ np.arange(1, self.acceptability.shape[1] + 1)
        return np.lexsort((-self.mean, expected))


def _block_rng(seed: int, block: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, block]))


def triangular(
    u1: np.ndarray,
    u2: np.ndarray,
    low: np.ndarray | float,
    mode: np.ndarray | float,
    high: np.ndarray | float,
    out: np.ndarray | None = None,
    scratch: np.ndarray | None = None,
) -> np.ndarray:
    """Triangular(low, mode, high) draws from two independent uniforms u1, u2.

    Stein & Keblis (2009): with c = (mode − low)/(high − low), min(U, V) + c·(max(U, V) −
    min(U, V)) is triangular on [0, 1] with mode c. No square roots and no branches; ``out`` and
    ``scratch`` (shaped like u1) let a caller reuse its buffers. A degenerate range gives low.
    """
    width = high - low
    split = np.divide(mode - low, width, out=np.zeros_like(width), where=width > 0)
    x = np.minimum(u1, u2, out=out)
    spread = np.maximum(u1, u2, out=scratch)
    spread -= x
    spread *= split
    x += spread
    x *= width
    x += low
    return np.asarray(x)


def _driver_loadings(ws: Workspace) -> np.ndarray:
    """(D, C, F) shift of each value per unit of each driver's standard-normal draw."""
    model = ws.model
    loadings = np.zeros((len(model.drivers), len(ws.country_ids), len(ws.factor_ids)))
    for d, driver in enumerate(model.drivers.values()):
        for factor, by_country in driver.effects.items():
            f = ws.factor_ids.index(factor)
            for c, cid in enumerate(ws.country_ids):
                loadings[d, c, f] = driver.sd * by_country.get(cid, by_country.get("default", 0.0))
    return loadings


@dataclass(frozen=True, eq=False)
class _Inputs:
    """What every block needs, prepared once in normalised space (direction applied)."""

    weights: np.ndarray  # (F,) base effective weights
    low: np.ndarray  # (C, F) normalised: for an `against` factor, the value's high end
    mode: np.ndarray
    high: np.ndarray
    loadings: np.ndarray  # (D, C·F) normalised shift per unit driver draw

    @classmethod
    def of(cls, ws: Workspace) -> _Inputs:
        lo, hi = ws.scale
        directions = ws.directions
        v_low, v_high = ws.ranges
        ends = (
            engine.normalize(v_low, lo, hi, directions),
            engine.normalize(v_high, lo, hi, directions),
        )
        low, high = np.minimum(*ends), np.maximum(*ends)
        loadings = _driver_loadings(ws) / (hi - lo) * directions  # `against`: shift flips sign
        return cls(
            ws.weights,
            low,
            ws.normalized,
            high,
            loadings.reshape(len(loadings), loadings[0].size if len(loadings) else 0),
        )


class _Sampler:
    """Draws each block of samples in pieces of at most `piece` samples, into buffers it owns.

    A block's random numbers come from its own generator in this order: the Dirichlet weights,
    the first uniform of every value, the second (triangular), the drivers' normals. A piece
    draws its rows of each from a generator set to where those rows start (PCG64 jumps ahead
    exactly), so the numbers are those of drawing the whole block at once, whatever the piece
    size: memory is bounded by the piece, and results depend on the seed only.

    Reusing the buffers matters: fresh arrays of this size are mapped from the OS and zeroed on
    every allocation, which costs more than the arithmetic itself.
    """

    def __init__(self, settings: MonteCarloSettings, inputs: _Inputs) -> None:
        self.settings = settings
        self.inputs = inputs
        n_c, n_f = inputs.mode.shape
        self.piece = max(1, min(BLOCK, settings.chunk_size, VALUES_PER_PIECE // (n_c * n_f)))
        shape = (self.piece, n_c, n_f)
        self.uniforms = np.empty((2, *shape))
        self.values, self.scratch = np.empty(shape), np.empty(shape)
        # the values a driver moves: only these columns get its shift
        self.moved = np.flatnonzero((inputs.loadings != 0).any(axis=0))

    def weights(self, rng: np.random.Generator) -> np.ndarray:
        """(BLOCK, F) effective weights of one block, drawn first from its generator."""
        settings, w = self.settings, self.inputs.weights
        if settings.fixed_weights:
            return np.broadcast_to(w, (BLOCK, len(w)))
        weights = np.zeros((BLOCK, len(w)))
        positive = w > 0
        weights[:, positive] = rng.dirichlet(settings.concentration * w[positive], size=BLOCK)
        return weights

    def pieces(self, block: int, n: int = BLOCK) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
        """(rows, weights (rows, F), normalised values (rows, C, F)) of the first n samples of a
        block, piece by piece. The values array is overwritten by the next piece."""
        settings, inputs = self.settings, self.inputs
        bits = np.random.PCG64(np.random.SeedSequence([settings.seed, block]))  # _block_rng's
        weights = self.weights(np.random.Generator(bits))
        size = inputs.mode.size
        kind = settings.values
        streams = {"fixed": 0, "uniform": 1, "triangular": 2}[kind]
        start = copy.deepcopy(bits)  # where the values' uniforms begin
        first, second = _jumped(start, 0), _jumped(start, BLOCK * size)
        z = None
        if inputs.loadings.shape[0] and kind != "fixed":
            normals = _jumped(start, streams * BLOCK * size)
            z = normals.standard_normal((BLOCK, inputs.loadings.shape[0]))
        for begin in range(0, n, self.piece):
            rows = slice(begin, min(begin + self.piece, n))
            m = rows.stop - rows.start
            if kind == "fixed":
                u = np.broadcast_to(inputs.mode, (m, *inputs.mode.shape))
            elif kind == "uniform":
                u = first.random(out=self.values[:m])
                u *= inputs.high - inputs.low
                u += inputs.low
            else:
                u1 = first.random(out=self.uniforms[0, :m])
                u2 = second.random(out=self.uniforms[1, :m])
                u = triangular(
                    u1, u2, inputs.low, inputs.mode, inputs.high, self.values[:m], self.scratch[:m]
                )
            if z is not None:
                flat = u.reshape(m, size)
                flat[:, self.moved] += z[rows] @ inputs.loadings[:, self.moved]
                np.clip(u, 0.0, 1.0, out=u)
            yield rows, weights[rows], u

    def draw(self, block: int) -> tuple[np.ndarray, np.ndarray]:
        """(weights (BLOCK, F), normalised values (BLOCK, C, F)) of a whole block, in new arrays."""
        values = np.empty((BLOCK, *self.inputs.mode.shape))
        weights = np.empty((BLOCK, len(self.inputs.weights)))
        for rows, w, u in self.pieces(block):
            weights[rows], values[rows] = w, u
        return weights, values


class _MixedSampler(_Sampler):
    """A sampler whose rows marked `on_equal` draw their weights around equal weights (every
    factor 1/F) instead of the file's, with the same concentration."""

    def __init__(self, settings: MonteCarloSettings, inputs: _Inputs, on_equal: np.ndarray) -> None:
        super().__init__(settings, inputs)
        self.on_equal = on_equal

    def weights(self, rng: np.random.Generator) -> np.ndarray:
        weights = np.array(super().weights(rng))
        n_f = weights.shape[1]
        rows = int(self.on_equal.sum())
        if self.settings.fixed_weights:
            weights[self.on_equal] = 1.0 / n_f
        else:
            alpha = np.full(n_f, self.settings.concentration / n_f)
            weights[self.on_equal] = rng.dirichlet(alpha, size=rows)
        return weights


def _jumped(start: np.random.PCG64, draws: int) -> np.random.Generator:
    """A generator that starts where ``start`` stands, moved on as if it had made ``draws``
    64-bit draws (one uniform double takes one)."""
    bits = copy.deepcopy(start)
    if draws:
        bits.advance(draws)
    return np.random.Generator(bits)


def monte_carlo(
    ws: Workspace,
    aggregation: Aggregation = "additive",
    settings: MonteCarloSettings | None = None,
    progress: Progress | None = None,
) -> MonteCarlo:
    """Rank acceptability, P(first), pairwise P(a above b) and score intervals by simulation.

    Samples are drawn in blocks of BLOCK with seeds (seed, block index), each drawn and scored
    in pieces whose size bounds the memory (at most `chunk_size` samples and VALUES_PER_PIECE
    values), so results depend on the seed only, never on the chunk size.
    """
    settings = MonteCarloSettings() if settings is None else settings
    arguments.whole("samples", settings.samples, at_least=1)
    n_countries = len(ws.country_ids)
    budget.check(
        budget.monte_carlo_bytes(n_countries, len(ws.factor_ids)),
        settings.memory_budget,
        f"the Monte Carlo over {n_countries:,} countries",
        "its memory grows steeply with the number of countries, not with --samples: raise "
        "--memory-budget, or leave mc out (sensitivity --method oat --method critical)",
    )
    arguments.whole("chunk_size", settings.chunk_size, at_least=1)
    inputs = _Inputs.of(ws)
    n_c = len(ws.country_ids)
    total = np.zeros(n_c)
    blocks_per_chunk = max(1, -(-settings.chunk_size // BLOCK))
    n_blocks = -(-settings.samples // BLOCK)
    sampler = _Sampler(settings, inputs) if ws.panel is None else ws.panel.sampler(settings, inputs)
    counter = _Counter(n_c)
    outcome = _Outcome(ws, aggregation, settings.seed)
    scores = np.empty((BLOCK, n_c))
    binds = np.empty((BLOCK, n_c, len(outcome.factor)), dtype=bool)
    done = 0
    for block in range(n_blocks):
        n = min(BLOCK, settings.samples - block * BLOCK)
        for rows, weights, u in sampler.pieces(block, n):
            scores[rows] = engine.scores(u, weights, aggregation)
            binds[rows] = outcome.binding(u)
        counter.add(scores[:n])
        outcome.add(block, scores[:n], binds[:n])
        total += scores[:n].sum(axis=0)
        done += n
        # stop once the asked precision is reached (checked every block, so the stopping point
        # does not depend on the chunk size)
        reached = False
        if settings.precision is not None and done >= 2 * BLOCK:
            p = counter.acceptability() / done
            reached = bool(np.sqrt(p * (1 - p) / done).max() < settings.precision)
        if progress and (reached or (block + 1) % blocks_per_chunk == 0 or block + 1 == n_blocks):
            progress(done, settings.samples)
        if reached:
            break
    p05, p95 = _quantiles(counter.histogram.reshape(n_c, HISTOGRAM_BINS), done)
    return MonteCarlo(
        ws,
        settings,
        done,
        counter.acceptability() / done,
        counter.pairwise() / done,
        total / done,
        p05,
        p95,
        engine.scores(inputs.mode, inputs.weights, aggregation),
        outcome.distribution(done) if outcome.link is not None else None,
        outcome.horizon if outcome.link is not None else None,
        outcome.gate_counts / done if ws.model.gates else None,
        outcome.link.covers if outcome.link is not None else (),
    )


def _quantiles(histogram: np.ndarray, n: int, level: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    """The central `level` interval (default the 5th and 95th percentiles) of values on [0, 1]
    from their (C, bins) histogram."""
    bins = histogram.shape[1]
    cumulative = np.cumsum(histogram, axis=1) / n
    edges = np.linspace(0, 1, bins + 1)
    tail = (1 - level) / 2
    return edges[np.argmax(cumulative >= tail, axis=1) + 1], edges[
        np.argmax(cumulative >= 1 - tail, axis=1) + 1
    ]


@dataclass(frozen=True)
class _Distribution:
    """Mean and 5–95% interval of a quantity on [0, 1], per country."""

    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray


class _Outcome:
    """With a link: each sample's probabilities (the link's parameters drawn per sample, from
    their own random stream, so the score draws are the same with or without it), capped where
    a gate binds; and how often each gate binds."""

    def __init__(
        self, ws: Workspace, aggregation: Aggregation, seed: int, horizon: float | None = None
    ) -> None:
        from scenarios.analyses import gates
        from scenarios.analyses.likelihood import link_of, reference_members

        self.seed = seed
        self.link = link_of(ws, aggregation)
        self.horizon = horizon or ws.model.horizon_years or 1.0
        # Each sample is a world the files could describe: where the intercept is calibrated
        # in the large, it is calibrated on that world's scores of the reference class (a
        # what-if keeps the files' intercept, as rank does).
        self.members = (
            reference_members(ws)
            if self.link is not None and self.link.members is not None and ws.reference is None
            else None
        )
        # each sample's component of the link's mixture, where the sampler drew the weights of
        # that component (None: the components on the file's weights, in turn)
        self.which: np.ndarray | None = None
        self.joined = np.array(
            [p.status is not None and p.status.state == "joined" for p in ws.profiles]
        )
        n_c = len(ws.country_ids)
        self.total = np.zeros(n_c)
        self.histogram = np.zeros((n_c, HISTOGRAM_BINS), dtype=np.int64)
        _, factor, threshold, sign = gates.thresholds(ws)
        lo, hi = ws.scale
        # the gates in normalised space: u = (v − lo)/(hi − lo), flipped for `against` factors
        direction = ws.directions[factor]
        self.factor = factor
        self.sign = sign * direction
        self.threshold = np.where(direction > 0, 0, 1) + direction * (threshold - lo) / (hi - lo)
        self.caps = gates.caps(ws)
        self.gate_counts = np.zeros((n_c, len(factor)))

    def binding(self, u: np.ndarray) -> np.ndarray:
        """(n, C, G) True where a gate binds, from normalised values (n, C, F)."""
        return np.asarray(self.sign * (u[:, :, self.factor] - self.threshold) >= -1e-12)

    def add(self, block: int, scores: np.ndarray, binds: np.ndarray) -> None:
        n = len(scores)
        self.gate_counts += binds.sum(axis=0)
        if self.link is None:
            return
        from scenarios.analyses.gates import capped
        from scenarios.analyses.likelihood import LINK_STREAM, logistic, within_horizon

        rng = np.random.default_rng(np.random.SeedSequence([self.seed, block, LINK_STREAM]))
        members = None if self.members is None else scores[:, self.members]
        which = None if self.which is None else self.which[:n]
        intercept, slope = self.link.draws_from(rng, n, members, which)
        p = within_horizon(logistic(intercept[:, None] + slope[:, None] * scores), self.horizon)
        p = capped(p, binds, self.caps)
        p[:, self.joined] = np.nan
        self.total += np.nansum(p, axis=0)
        bins = np.minimum((np.nan_to_num(p) * HISTOGRAM_BINS).astype(np.int64), HISTOGRAM_BINS - 1)
        bins += np.arange(p.shape[1]) * HISTOGRAM_BINS
        np.add.at(self.histogram.reshape(-1), bins.ravel(), 1)

    def distribution(self, n: int, level: float = 0.9) -> _Distribution:
        low, high = _quantiles(self.histogram, n, level)
        nan = np.where(self.joined, np.nan, 0.0)
        return _Distribution(self.total / n + nan, low + nan, high + nan)


class _Counter:
    """Adds each block's rank positions, pairwise wins and score histogram to running counts.

    A sample without ties (every two scores more than TIE_TOLERANCE apart) is sorted once,
    O(C log C): its countries' positions go into the acceptability counts by one bincount, and
    its pairwise wins are comparisons of small integer positions, counted for the pairs a < b
    only (b above a is the rest), in byte counters over at most 255 samples at a time. A sample
    with ties takes the exact rule: a country tied with k others shares positions first ..
    first+k evenly, and a tie counts half in the pairwise table.
    """

    PAIR_BUFFER = 1 << 22  # bytes of comparisons held at once

    def __init__(self, n_c: int) -> None:
        self.n_c = n_c
        self.positions = np.zeros((n_c, n_c), dtype=np.int64)  # [country, 0-based position]
        self.upper = np.zeros((n_c, n_c), dtype=np.int64)  # [a, b], a < b: a above b
        self.untied = 0  # samples counted in `positions` and `upper`
        self.shared = np.zeros((n_c, n_c))  # acceptability of the samples with ties
        self.shared_pairs = np.zeros((n_c, n_c))  # their pairwise wins, ties counting half
        self.histogram = np.zeros(n_c * HISTOGRAM_BINS, dtype=np.int64)
        self.offsets = np.arange(n_c) * HISTOGRAM_BINS
        self.rows = max(1, min(n_c, self.PAIR_BUFFER // (255 * n_c)))
        self.compared = np.empty((255, self.rows, n_c), dtype=bool)
        self.dtype = np.int16 if n_c < 2**15 else np.int32

    def add(self, s: np.ndarray) -> None:
        order = np.argsort(-s, axis=1, kind="stable")
        ordered = np.take_along_axis(s, order, axis=1)
        clean = (ordered[:, :-1] > ordered[:, 1:] + engine.TIE_TOLERANCE).all(axis=1)
        if clean.all():
            self._add_untied(order)
        else:
            if clean.any():
                self._add_untied(order[clean])
            self._add_tied(s[~clean])
        bins = (s * HISTOGRAM_BINS).astype(np.int64)
        np.minimum(bins, HISTOGRAM_BINS - 1, out=bins)
        bins += self.offsets
        np.add.at(self.histogram, bins.ravel(), 1)

    def _add_untied(self, order: np.ndarray) -> None:
        n, n_c = order.shape
        places = np.arange(n_c, dtype=self.dtype)
        self.positions += np.bincount((order * n_c + places).ravel(), minlength=n_c * n_c).reshape(
            n_c, n_c
        )
        position = np.empty((n, n_c), dtype=self.dtype)
        np.put_along_axis(position, order, np.broadcast_to(places, (n, n_c)), axis=1)
        for start in range(0, n, 255):
            part = position[start : start + 255]
            m = len(part)
            for a in range(0, n_c, self.rows):
                k = min(self.rows, n_c - a)
                above = np.less(
                    part[:, a : a + k, None],
                    part[:, None, a:],
                    out=self.compared[:m, :k, : n_c - a],
                )
                self.upper[a : a + k, a:] += np.add.reduce(
                    above.view(np.uint8), axis=0, dtype=np.uint8
                )
        self.untied += n

    def _add_tied(self, s: np.ndarray) -> None:
        n_c = self.n_c
        positions = np.arange(n_c)
        step = max(1, (1 << 22) // (n_c * n_c))
        for start in range(0, len(s), step):
            part = s[start : start + step]
            n = len(part)
            wins = np.greater(part[:, :, None], part[:, None, :] + engine.TIE_TOLERANCE)
            first = wins.sum(axis=1)  # countries above: the 0-based position
            n_tied = n_c - first - wins.sum(axis=2)  # includes itself
            holds = (positions >= first[..., None]) & (positions < (first + n_tied)[..., None])
            self.shared += (holds / n_tied[..., None]).sum(axis=0)
            ties = 1.0 - wins - wins.transpose(0, 2, 1)
            self.shared_pairs += wins.sum(axis=0) + 0.5 * (ties.sum(axis=0) - n * np.eye(n_c))

    def acceptability(self) -> np.ndarray:
        """(C, C) how many samples put each country at each rank (ties shared)."""
        return self.positions + self.shared

    def pairwise(self) -> np.ndarray:
        """(C, C) how many samples put the row's country above the column's (ties half)."""
        upper = np.triu(self.upper, 1)
        below = np.tril(self.untied - upper.T, -1)
        return upper + below + self.shared_pairs


# --- 4. Sobol ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Sobol:
    workspace: Workspace
    base_samples: int
    inputs: tuple[str, ...]
    first: np.ndarray  # (C, I)
    first_conf: np.ndarray
    total: np.ndarray
    total_conf: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """How much of the scores' variance each input explains.

        Returns
        -------
        pandas.DataFrame
            Indexed by (id, input): S1, S1_conf, ST, ST_conf.
        """
        import pandas as pd

        rows = []
        for c, cid in enumerate(self.workspace.country_ids):
            for i, name in enumerate(self.inputs):
                if np.isnan(self.first[c, i]):
                    continue
                rows.append(
                    {
                        "id": cid,
                        "input": name,
                        "S1": self.first[c, i],
                        "S1_conf": self.first_conf[c, i],
                        "ST": self.total[c, i],
                        "ST_conf": self.total_conf[c, i],
                    }
                )
        columns = ["id", "input", "S1", "S1_conf", "ST", "ST_conf"]
        return pd.DataFrame(rows, columns=columns).set_index(["id", "input"])


def sobol(
    ws: Workspace,
    aggregation: Aggregation = "additive",
    *,
    samples: int = 1024,
    seed: int = DEFAULT_SEED,
    delta: float = 0.5,
    fixed_weights: bool = False,
    values: ValueDistribution = "uniform",
    progress: Progress | None = None,
    memory_budget: int | None = None,
) -> Sobol:
    """First-order and total Sobol indices of each country's score (Saltelli's scheme, the
    estimators of Saltelli et al. 2010 with bootstrap intervals, as SALib computes them).

    Inputs: each factor's weight, uniform in w·(1±Δ) before normalisation (unless fixed), and
    each of the country's values within its low–high range (uniform or triangular). Inputs with
    no spread are left out. `samples` is rounded up to a power of two, as Sobol' sequences need.

    Each country has its own scrambled Sobol' design (seed + its index) over its own inputs, as
    SALib's `sample` draws it; the countries are then evaluated and analysed together, in
    chunks whose size bounds the memory. A score is additive in each input's part, so a row of
    the design with one input taken from the second matrix is scored by changing that part
    alone: O(N·D) per country, not O(N·D·F).
    Inputs are drawn on the unit cube and scaled here, so a value at the top or bottom of its
    range, or a range below zero, is an ordinary triangular.
    """
    from scipy.stats import qmc

    # a power of two, and at least 64: fewer gives indices outside [0, 1] from noise alone
    n = 1 << max(int(samples) - 1, SOBOL_MIN_SAMPLES - 1).bit_length()
    w = ws.weights
    low, high = ws.ranges
    n_c, n_f = ws.values.shape
    names = ([f"weight:{f}" for f in ws.factor_ids] if not fixed_weights else []) + [
        f"value:{f}" for f in ws.factor_ids
    ]
    budget.check(
        budget.sobol_bytes(n, len(names)),
        memory_budget,
        f"Sobol with N = {n:,} ({len(names)} inputs)",
        budget.fewer(
            "--samples",
            budget.largest(lambda k: budget.sobol_bytes(k, len(names)), memory_budget),
            power_of_two=True,
        ),
    )
    offset = 0 if fixed_weights else n_f
    # which inputs vary, per country: (C, I)
    varies = np.zeros((n_c, len(names)), dtype=bool)
    if not fixed_weights:
        varies[:, :n_f] = (w > 0) & (delta > 0)
    if values != "fixed":
        varies[:, offset:] = high > low
    first = np.full((n_c, len(names)), np.nan)
    first_conf, total, total_conf = first.copy(), first.copy(), first.copy()
    countries = np.flatnonzero(varies.any(axis=1))
    per_country = n * (8 * len(names) + 10 * n_f + SOBOL_RESAMPLES)  # numbers held
    step = max(1, SOBOL_VALUES // per_country)
    for start in range(0, len(countries), step):
        chunk = countries[start : start + step]
        unit = np.zeros((2, len(chunk), n, len(names)))  # A and B on [0, 1)
        for k, c in enumerate(chunk):
            inputs = np.flatnonzero(varies[c])
            design = qmc.Sobol(d=2 * len(inputs), scramble=True, seed=seed + int(c)).random(n)
            unit[0, k][:, inputs] = design[:, : len(inputs)]
            unit[1, k][:, inputs] = design[:, len(inputs) :]
        parts = [
            _sobol_parts(ws, chunk, unit[i], varies[chunk], offset, delta, values, aggregation)
            for i in range(2)
        ]
        y_a, y_b, y_ab = _sobol_outputs(parts[0], parts[1], aggregation, bool(offset))
        s1, s1_conf, st, st_conf = _sobol_indices(y_a, y_b, y_ab, varies[chunk], chunk, seed)
        first[chunk], first_conf[chunk], total[chunk], total_conf[chunk] = s1, s1_conf, st, st_conf
        if progress:
            progress(min(start + step, len(countries)), len(countries))
    return Sobol(ws, n, tuple(names), first, first_conf, total, total_conf)


SOBOL_VALUES = 1 << 24  # numbers held at once by the Sobol analysis: bounds its memory
SOBOL_RESAMPLES = 100  # bootstrap resamples of each interval (SALib's default)


@dataclass(frozen=True)
class _SobolParts:
    """One design matrix of a chunk of countries, as the parts of each score: raw weights (K,
    N, F), each factor's part g(u) (additive: u; geometric: ln u, 0 where u = 0) and whether u =
    0 (a veto of the geometric mean where the weight is positive)."""

    weights: np.ndarray
    part: np.ndarray
    zero: np.ndarray


def _sobol_parts(
    ws: Workspace,
    chunk: np.ndarray,
    unit: np.ndarray,
    varies: np.ndarray,
    offset: int,
    delta: float,
    values: ValueDistribution,
    aggregation: Aggregation,
) -> _SobolParts:
    """Map a chunk's design on [0, 1) to weights and values as SALib scales samples: uniform
    x·(b − a) + a; triangular the inverse of its distribution function, ·(b − a) + a."""
    n_f = ws.values.shape[1]
    w = ws.weights
    weights = np.broadcast_to(w, (*unit.shape[:2], n_f)).copy()
    if offset:
        lo, hi = w * (1 - delta), w * (1 + delta)
        moved = unit[:, :, :n_f] * (hi - lo) + lo
        weights = np.where(varies[:, None, :n_f], moved, weights)
    low, high = (r[chunk][:, None, :] for r in ws.ranges)
    base = ws.values[chunk][:, None, :]
    x = unit[:, :, offset:]
    width = high - low
    if values == "triangular":
        peak = np.divide(base - low, width, out=np.zeros_like(width), where=width > 0)
        standard = np.where(x < peak, np.sqrt(peak * x), 1 - np.sqrt((1 - peak) * (1 - x)))
        drawn = standard * width + low
    else:
        drawn = x * width + low
    v = np.where(varies[:, None, offset:], drawn, base)
    scale_lo, scale_hi = ws.scale
    u = engine.normalize(v, scale_lo, scale_hi, ws.directions)
    if aggregation == "additive":
        return _SobolParts(weights, u, np.zeros(u.shape, dtype=bool))
    zero = u <= 0.0
    with np.errstate(divide="ignore"):
        return _SobolParts(weights, np.where(zero, 0.0, np.log(np.where(zero, 1.0, u))), zero)


def _sobol_outputs(
    a: _SobolParts, b: _SobolParts, aggregation: Aggregation, weight_inputs: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores of A (K, N), B (K, N) and of A with input j from B (K, N, I), inputs being each
    weight (unless the weights are fixed) then each value: the weighted sum of parts over the
    sum of weights, with one term changed for each j."""
    total = (a.weights * a.part).sum(axis=2)
    mass = a.weights.sum(axis=2)
    vetoes = ((a.weights > 0) & a.zero).sum(axis=2)
    n_f = a.part.shape[2]
    columns = []
    if weight_inputs:
        dw = b.weights - a.weights  # input = a weight: its term and the total mass change
        columns.append(
            (
                total[..., None] + dw * a.part,
                mass[..., None] + dw,
                vetoes[..., None] - ((a.weights > 0) & a.zero) + ((b.weights > 0) & a.zero),
            )
        )
    # input = a value: its term changes, the weights do not
    columns.append(
        (
            total[..., None] + a.weights * (b.part - a.part),
            np.broadcast_to(mass[..., None], (*mass.shape, n_f)),
            vetoes[..., None] + (a.weights > 0) * (b.zero.astype(int) - a.zero),
        )
    )
    y_ab = np.concatenate([_sobol_score(t, m, v, aggregation) for t, m, v in columns], axis=2)
    b_total = (b.weights * b.part).sum(axis=2)
    b_vetoes = ((b.weights > 0) & b.zero).sum(axis=2)
    y_a = _sobol_score(total, mass, vetoes, aggregation)
    y_b = _sobol_score(b_total, b.weights.sum(axis=2), b_vetoes, aggregation)
    return y_a, y_b, y_ab


def _sobol_score(
    total: np.ndarray, mass: np.ndarray, vetoes: np.ndarray, aggregation: Aggregation
) -> np.ndarray:
    if aggregation == "additive":
        return np.asarray(total / mass)
    return np.asarray(np.where(vetoes > 0, 0.0, np.exp(total / mass)))


def _sobol_indices(
    y_a: np.ndarray,
    y_b: np.ndarray,
    y_ab: np.ndarray,
    varies: np.ndarray,
    chunk: np.ndarray,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """S1, its interval's half-width, ST and its, (K, I) each, NaN where an input does not vary.

    As SALib's `analyze` (calc_second_order=False): the outputs are standardised by their mean
    and standard deviation over the whole design; S1 = mean(B·(AB − A)) / Var, ST = mean((A −
    AB)²) / 2Var, Var over A and B together; the intervals are 1.96 bootstrap standard
    deviations over 100 resamples of the N rows (drawn with seed + the country's index), each
    resample's means taken by one product with its counts of each row."""
    k, n = y_a.shape
    used = varies[:, None, :]
    count = n * (varies.sum(axis=1) + 2)
    mean = (y_a.sum(axis=1) + y_b.sum(axis=1) + np.where(used, y_ab, 0).sum(axis=(1, 2))) / count
    square = (
        ((y_a - mean[:, None]) ** 2).sum(axis=1)
        + ((y_b - mean[:, None]) ** 2).sum(axis=1)
        + np.where(used, (y_ab - mean[:, None, None]) ** 2, 0).sum(axis=(1, 2))
    )
    sd = np.sqrt(square / count)
    flat = sd <= 0  # every score the same: SALib would divide by zero; every index is 0 here
    sd = np.where(flat, 1.0, sd)
    a = (y_a - mean[:, None]) / sd[:, None]
    b = (y_b - mean[:, None]) / sd[:, None]
    ab = (y_ab - mean[:, None, None]) / sd[:, None, None]
    first_terms = b[:, :, None] * (ab - a[:, :, None])  # (K, N, I)
    total_terms = 0.5 * (a[:, :, None] - ab) ** 2
    both = np.concatenate([a, b], axis=1)
    variance = both.var(axis=1)
    eps = np.finfo(float).eps
    constant = flat | (np.ptp(both, axis=1) <= eps)
    divisor = np.where(variance > eps, variance, np.inf)[:, None]
    s1 = np.where(constant[:, None], 0.0, first_terms.mean(axis=1) / divisor)
    st = np.where(constant[:, None], 0.0, total_terms.mean(axis=1) / divisor)
    # bootstrap: counts[k, r, i] = how often row i is in resample r of country k
    counts = np.zeros((k, SOBOL_RESAMPLES, n))
    for j, c in enumerate(chunk):
        rows = np.random.default_rng(seed + int(c)).integers(n, size=(n, SOBOL_RESAMPLES))
        places = (np.arange(SOBOL_RESAMPLES) * n + rows).ravel()
        counts[j] = np.bincount(places, minlength=SOBOL_RESAMPLES * n).reshape(-1, n)
    mean_r = (counts @ a[..., None] + counts @ b[..., None])[..., 0] / (2 * n)
    square_r = (counts @ (a**2)[..., None] + counts @ (b**2)[..., None])[..., 0] / (2 * n)
    variance_r = square_r - mean_r**2  # (K, R)
    divisor_r = np.where(variance_r > eps, variance_r, np.inf)[..., None]
    z = 1.959963984540054  # the standard normal's 97.5th percentile
    # one product per country (numpy's stacked matmul is several times slower than BLAS here)
    sums = np.empty((k, SOBOL_RESAMPLES, 2 * ab.shape[2]))
    for j in range(k):
        np.matmul(counts[j], np.concatenate([first_terms[j], total_terms[j]], axis=1), out=sums[j])
    resampled = sums / n / divisor_r
    s1_conf = z * resampled[..., : ab.shape[2]].std(axis=1, ddof=1)
    st_conf = z * resampled[..., ab.shape[2] :].std(axis=1, ddof=1)
    s1_conf = np.where(constant[:, None], 0.0, s1_conf)
    st_conf = np.where(constant[:, None], 0.0, st_conf)
    missing = np.where(varies, 0.0, np.nan)
    return s1 + missing, s1_conf + missing, st + missing, st_conf + missing


# --- all together -----------------------------------------------------------------------


@dataclass(frozen=True)
class SensitivitySettings:
    """Options of `scenarios sensitivity` (and `scenarios.sensitivity()`), checked on creation
    so the API refuses what the command line refuses."""

    delta: float = DEFAULT_DELTA
    samples: int | None = None  # None: Monte Carlo 20,000; Sobol base N 1,024
    seed: int = DEFAULT_SEED
    concentration: float = DEFAULT_CONCENTRATION
    fixed_weights: bool = False
    values: ValueDistribution = "triangular"
    precision: float | None = None
    chunk_size: int = DEFAULT_CHUNK_SIZE
    memory_budget: int | None = None  # bytes; None: budget.default_budget()

    def __post_init__(self) -> None:
        arguments.number("delta", self.delta, at_least=0, at_most=1)
        if self.samples is not None:
            arguments.whole("samples", self.samples, at_least=MIN_SAMPLES)
        arguments.whole("seed", self.seed)
        arguments.number("concentration", self.concentration, at_least=0.001, at_most=1e6)
        if not isinstance(self.fixed_weights, bool):
            raise OptionError(
                Problem(f"fixed_weights: expected True or False (got {self.fixed_weights!r})")
            )
        arguments.choice("values", self.values, VALUE_DISTRIBUTIONS)
        if self.precision is not None:
            arguments.number("precision", self.precision, at_least=1e-6)
        arguments.whole("chunk_size", self.chunk_size, at_least=1)

    def monte_carlo(self) -> MonteCarloSettings:
        return MonteCarloSettings(
            samples=DEFAULT_MC_SAMPLES if self.samples is None else self.samples,
            seed=self.seed,
            concentration=self.concentration,
            fixed_weights=self.fixed_weights,
            values=self.values,
            precision=self.precision,
            chunk_size=self.chunk_size,
            memory_budget=self.memory_budget,
        )


@dataclass(frozen=True, eq=False)
class Sensitivity:
    """The results of the analyses that were asked for (None for the others)."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    workspace: Workspace
    aggregation: Aggregation
    methods: tuple[Method, ...]
    settings: SensitivitySettings
    tornado: Tornado | None = None
    critical: CriticalWeights | None = None
    monte_carlo: MonteCarlo | None = None
    sobol: Sobol | None = None

    def frames(self) -> dict[str, pd.DataFrame]:
        """One table a method run.

        Returns
        -------
        dict of str to pandas.DataFrame
            Among oat, critical, acceptability, mc_summary, pairwise, gates, sobol: the tables
            of the methods run.
        """
        frames = {}
        if self.tornado is not None:
            frames["oat"] = self.tornado.to_frame()
        if self.critical is not None:
            frames["critical"] = self.critical.to_frame()
        if self.monte_carlo is not None:
            frames["acceptability"] = self.monte_carlo.acceptability_frame()
            frames["mc_summary"] = self.monte_carlo.summary_frame()
            frames["pairwise"] = self.monte_carlo.pairwise_frame()
            if self.workspace.model.gates:
                frames["gates"] = self.monte_carlo.gates_frame()
        if self.sobol is not None:
            frames["sobol"] = self.sobol.to_frame()
        return frames


def analyse(
    ws: Workspace,
    methods: tuple[Method, ...] = DEFAULT_METHODS,
    aggregation: Aggregation | None = None,
    settings: SensitivitySettings | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Sensitivity:
    """Run the named analyses; ``progress(label, done, total)`` hears from the long ones."""
    settings = SensitivitySettings() if settings is None else settings
    aggregation = ws.model.aggregation if aggregation is None else aggregation
    for method in methods:
        arguments.choice("methods", method, METHODS)

    def hear(label: str) -> Progress | None:
        return None if progress is None else (lambda done, total: progress(label, done, total))

    return Sensitivity(
        ws,
        aggregation,
        tuple(methods),
        settings,
        tornado=one_at_a_time(ws, aggregation, settings.delta) if "oat" in methods else None,
        critical=critical_weights(ws, aggregation) if "critical" in methods else None,
        monte_carlo=monte_carlo(ws, aggregation, settings.monte_carlo(), hear("Monte Carlo"))
        if "mc" in methods
        else None,
        sobol=sobol(
            ws,
            aggregation,
            samples=DEFAULT_SOBOL_SAMPLES if settings.samples is None else settings.samples,
            seed=settings.seed,
            delta=settings.delta,
            fixed_weights=settings.fixed_weights,
            values=settings.values,
            progress=hear("Sobol"),
            memory_budget=settings.memory_budget,
        )
        if "sobol" in methods
        else None,
    )


INTERVAL_VALUES = 20_000_000  # values drawn for a probability interval, at most
MIN_INTERVAL_WORLDS = 1_000


def interval_worlds(samples: int, countries: int, factors: int) -> int:
    """How many worlds the probability interval draws: `samples`, or fewer where that would
    draw more than INTERVAL_VALUES values, never fewer than MIN_INTERVAL_WORLDS."""
    budget = INTERVAL_VALUES // max(countries * factors, 1)
    return max(min(samples, budget), min(samples, MIN_INTERVAL_WORLDS))


def probability_interval(
    ws: Workspace,
    aggregation: Aggregation,
    horizon: float,
    level: float,
    samples: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each country's central `level` interval of its probability within `horizon` over the
    weights, the values (with their joint drivers), the link's parameters and its alternatives,
    drawn together as the Monte Carlo draws them (same seed, same draws); joined: NaN.

    Only the probabilities are kept (no rank counts), so memory is a histogram per country.
    At most INTERVAL_VALUES values are drawn: a large workspace gets fewer worlds (never fewer
    than MIN_INTERVAL_WORLDS), so that every command that ranks stays quick."""
    samples = interval_worlds(samples, len(ws.country_ids), len(ws.factor_ids))
    settings = MonteCarloSettings(samples=samples, seed=seed)
    inputs = _Inputs.of(ws)
    outcome = _Outcome(ws, aggregation, seed, horizon)
    sampler = _Sampler(settings, inputs)
    link = outcome.link
    if link is not None and any(c.equal_weights for c in link.components):
        # the worlds of an alternative on equal weights weigh the factors around equal weights
        outcome.which = np.arange(BLOCK) % len(link.components)
        on_equal = np.array([c.equal_weights for c in link.components])[outcome.which]
        sampler = _MixedSampler(settings, inputs, on_equal)
    n_c = len(ws.country_ids)
    scores = np.empty((BLOCK, n_c))
    binds = np.empty((BLOCK, n_c, len(outcome.factor)), dtype=bool)
    for block in range(-(-samples // BLOCK)):
        n = min(BLOCK, samples - block * BLOCK)
        for rows, weights, u in sampler.pieces(block, n):
            scores[rows] = engine.scores(u, weights, aggregation)
            binds[rows] = outcome.binding(u)
        outcome.add(block, scores[:n], binds[:n])
    found = outcome.distribution(samples, level)
    return found.low, found.high
