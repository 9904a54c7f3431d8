"""How robust is a ranking? One-at-a-time weights, critical weights, Monte Carlo, Sobol.

The methods behind `scenarios sensitivity` (the module is not named sensitivity so that
`scenarios.sensitivity()` can be the API function).

Pure numpy on top of `engine`; no terminal code. Long runs report progress through an optional
callback ``progress(done, total)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import arguments, engine
from .choices import (
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
from .errors import OptionError, Problem
from .workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd

Progress = Callable[[int, int], None]
BLOCK = 1_000  # random numbers are drawn per block of samples, so chunking never changes them
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


def one_at_a_time(
    ws: Workspace, aggregation: Aggregation = "additive", delta: float = 0.5
) -> Tornado:
    arguments.number("delta", delta, at_least=0, at_most=1)
    u = ws.normalized
    w = ws.weights
    sides = np.stack([w * (1 - delta), np.minimum(w * (1 + delta), 1.0)], axis=1)  # (F, 2)
    weights = np.stack([rescaled(w, k, sides[k]) for k in range(len(w))])  # (F, 2, F)
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
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = np.where(d1 != 0, -d0 / d1, np.nan)
        now = total[:, None] - total[None, :]
        pairs = np.triu(np.ones_like(now, dtype=bool), 1) & movable[:, None] & movable[None, :]
        valid = pairs & np.isfinite(cross) & (cross >= 0) & (cross <= 1)
        tied = pairs & (np.abs(now) <= engine.TIE_TOLERANCE) & (d1 != 0)
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


# --- 3. Monte Carlo ---------------------------------------------------------------------


@dataclass(frozen=True)
class MonteCarloSettings:
    samples: int = DEFAULT_MC_SAMPLES
    seed: int = DEFAULT_SEED
    concentration: float = DEFAULT_CONCENTRATION  # Dirichlet: larger = weights nearer the base
    fixed_weights: bool = False
    values: ValueDistribution = "triangular"
    precision: float | None = None  # stop once every acceptability cell's std. error is below
    chunk_size: int = DEFAULT_CHUNK_SIZE  # rounded up to a whole number of blocks


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

    def gates_frame(self) -> pd.DataFrame:
        """P(each gate binds) for each country, under the value ranges."""
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
        import pandas as pd

        ids = self.workspace.country_ids
        frame = pd.DataFrame(self.acceptability, columns=[f"rank_{r + 1}" for r in range(len(ids))])
        frame.insert(0, "id", list(ids))
        return frame.iloc[self._order].set_index("id")

    def summary_frame(self) -> pd.DataFrame:
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
    """Draws blocks of samples into buffers it owns.

    Reusing the buffers matters: fresh arrays of this size are mapped from the OS and zeroed on
    every allocation, which costs more than the arithmetic itself.
    """

    def __init__(self, settings: MonteCarloSettings, inputs: _Inputs) -> None:
        self.settings = settings
        self.inputs = inputs
        shape = (BLOCK, *inputs.mode.shape)
        self.uniforms = np.empty((2, *shape))
        self.values, self.scratch = np.empty(shape), np.empty(shape)

    def draw(self, block: int) -> tuple[np.ndarray, np.ndarray]:
        """(weights (BLOCK, F), normalised values (BLOCK, C, F)) of one block. The values array is
        overwritten by the next call."""
        settings, inputs = self.settings, self.inputs
        rng = _block_rng(settings.seed, block)
        w = inputs.weights
        if settings.fixed_weights:
            weights = np.broadcast_to(w, (BLOCK, len(w)))
        else:
            weights = np.zeros((BLOCK, len(w)))
            positive = w > 0
            weights[:, positive] = rng.dirichlet(settings.concentration * w[positive], size=BLOCK)
        shape = self.values.shape
        if settings.values == "fixed":
            u = np.broadcast_to(inputs.mode, shape)
        elif settings.values == "uniform":
            u = rng.random(shape, out=self.values)
            u *= inputs.high - inputs.low
            u += inputs.low
        else:
            u1, u2 = rng.random(self.uniforms.shape, out=self.uniforms)
            u = triangular(u1, u2, inputs.low, inputs.mode, inputs.high, self.values, self.scratch)
        if inputs.loadings.shape[0] and settings.values != "fixed":
            z = rng.standard_normal((BLOCK, inputs.loadings.shape[0]))
            u = np.add(u, (z @ inputs.loadings).reshape(shape), out=self.scratch)
            np.clip(u, 0.0, 1.0, out=u)
        return weights, u


def monte_carlo(
    ws: Workspace,
    aggregation: Aggregation = "additive",
    settings: MonteCarloSettings | None = None,
    progress: Progress | None = None,
) -> MonteCarlo:
    """Rank acceptability, P(first), pairwise P(a above b) and score intervals by simulation.

    Samples are drawn in blocks of BLOCK with seeds (seed, block index), and processed in chunks
    of whole blocks, so results depend on the seed only, never on the chunk size.
    """
    settings = MonteCarloSettings() if settings is None else settings
    arguments.whole("samples", settings.samples, at_least=1)
    inputs = _Inputs.of(ws)
    n_c = len(ws.country_ids)
    acceptability = np.zeros((n_c, n_c))
    pairwise = np.zeros((n_c, n_c))
    total = np.zeros(n_c)
    histogram = np.zeros(n_c * HISTOGRAM_BINS, dtype=np.int64)
    blocks_per_chunk = max(1, -(-settings.chunk_size // BLOCK))
    n_blocks = -(-settings.samples // BLOCK)
    sampler = _Sampler(settings, inputs) if ws.panel is None else ws.panel.sampler(settings, inputs)
    counter = _Counter(n_c)
    outcome = _Outcome(ws, aggregation, settings.seed)
    done = 0
    for block in range(n_blocks):
        weights, u = sampler.draw(block)
        n = min(BLOCK, settings.samples - block * BLOCK)
        scores = engine.scores(u[:n], weights[:n], aggregation)  # (n, C)
        counter.add(scores, acceptability, pairwise, histogram)
        outcome.add(block, scores, u[:n])
        total += scores.sum(axis=0)
        done += n
        # stop once the asked precision is reached (checked every block, so the stopping point
        # does not depend on the chunk size)
        reached = False
        if settings.precision is not None and done >= 2 * BLOCK:
            p = acceptability / done
            reached = bool(np.sqrt(p * (1 - p) / done).max() < settings.precision)
        if progress and (reached or (block + 1) % blocks_per_chunk == 0 or block + 1 == n_blocks):
            progress(done, settings.samples)
        if reached:
            break
    p05, p95 = _quantiles(histogram.reshape(n_c, HISTOGRAM_BINS), done)
    return MonteCarlo(
        ws,
        settings,
        done,
        acceptability / done,
        pairwise / done,
        total / done,
        p05,
        p95,
        engine.scores(inputs.mode, inputs.weights, aggregation),
        outcome.distribution(done) if outcome.link is not None else None,
        outcome.horizon if outcome.link is not None else None,
        outcome.gate_counts / done if ws.model.gates else None,
    )


def _quantiles(histogram: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """5th and 95th percentiles of values on [0, 1] from their (C, bins) histogram."""
    bins = histogram.shape[1]
    cumulative = np.cumsum(histogram, axis=1) / n
    edges = np.linspace(0, 1, bins + 1)
    return edges[np.argmax(cumulative >= 0.05, axis=1) + 1], edges[
        np.argmax(cumulative >= 0.95, axis=1) + 1
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

    def __init__(self, ws: Workspace, aggregation: Aggregation, seed: int) -> None:
        from . import gates
        from .likelihood import link_of

        self.seed = seed
        self.link = link_of(ws, aggregation)
        self.horizon = ws.model.horizon_years or 1.0
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

    def add(self, block: int, scores: np.ndarray, u: np.ndarray) -> None:
        n = len(scores)
        binds = self.sign * (u[:, :, self.factor] - self.threshold) >= -1e-12  # (n, C, G)
        self.gate_counts += binds.sum(axis=0)
        if self.link is None:
            return
        from .gates import capped
        from .likelihood import LINK_STREAM, logistic, within_horizon

        rng = np.random.default_rng(np.random.SeedSequence([self.seed, block, LINK_STREAM]))
        intercept, slope = self.link.draws_from(rng, n)
        p = within_horizon(logistic(intercept[:, None] + slope[:, None] * scores), self.horizon)
        p = capped(p, binds, self.caps)
        p[:, self.joined] = np.nan
        self.total += np.nansum(p, axis=0)
        bins = np.minimum((np.nan_to_num(p) * HISTOGRAM_BINS).astype(np.int64), HISTOGRAM_BINS - 1)
        for c in range(p.shape[1]):
            self.histogram[c] += np.bincount(bins[:, c], minlength=HISTOGRAM_BINS)

    def distribution(self, n: int) -> _Distribution:
        low, high = _quantiles(self.histogram, n)
        nan = np.where(self.joined, np.nan, 0.0)
        return _Distribution(self.total / n + nan, low + nan, high + nan)


class _Counter:
    """Adds one block's rank positions, pairwise wins and score histogram to running sums.

    Pair comparisons go into reused buffers, flattened to (n, C·C), and are reduced by matrix
    products, which are much faster than boolean sums over a middle axis.
    """

    def __init__(self, n_c: int) -> None:
        self.n_c = n_c
        eye = np.eye(n_c)
        # above[n, a·C + b] = 1 when a is above b; these sum it over a (for b) and over b (for a)
        self.over_first = np.kron(np.ones((n_c, 1)), eye)  # (C·C, C): Σ_a above[a, c]
        self.over_second = np.kron(eye, np.ones((n_c, 1)))  # (C·C, C): Σ_b above[c, b]
        self.offsets = np.arange(n_c) * HISTOGRAM_BINS
        self.cells = np.arange(n_c) * n_c
        self.compared = np.empty((BLOCK, n_c, n_c), dtype=bool)
        self.above = np.empty((BLOCK, n_c * n_c))

    def add(
        self, s: np.ndarray, acceptability: np.ndarray, pairwise: np.ndarray, histogram: np.ndarray
    ) -> None:
        n, n_c = s.shape
        compared = np.greater(
            s[:, :, None], s[:, None, :] + engine.TIE_TOLERANCE, out=self.compared[:n]
        )
        above = self.above[:n]
        np.copyto(above, compared.reshape(n, -1))
        pairwise += above.sum(axis=0).reshape(n_c, n_c)
        first = (above @ self.over_first).astype(np.int64)  # countries above: 0-based position
        n_tied = n_c - first - (above @ self.over_second).astype(np.int64)  # includes itself
        if (n_tied == 1).all():
            acceptability += np.bincount((self.cells + first).ravel(), minlength=n_c * n_c).reshape(
                n_c, n_c
            )
        else:
            # a country tied with k others shares positions first .. first+k evenly
            positions = np.arange(n_c)
            holds = (positions >= first[..., None]) & (positions < (first + n_tied)[..., None])
            acceptability += (holds / n_tied[..., None]).sum(axis=0)
            wins = above.reshape(n, n_c, n_c)
            ties = 1.0 - wins - wins.transpose(0, 2, 1)
            pairwise += 0.5 * (ties.sum(axis=0) - n * np.eye(n_c))
        bins = (s * HISTOGRAM_BINS).astype(np.int64)
        np.minimum(bins, HISTOGRAM_BINS - 1, out=bins)
        bins += self.offsets
        np.add.at(histogram, bins.ravel(), 1)


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
) -> Sobol:
    """First-order and total Sobol indices of each country's score, via SALib (Saltelli).

    Inputs: each factor's weight, uniform in w·(1±Δ) before normalisation (unless fixed), and
    each of the country's values within its low–high range (uniform or triangular). Inputs with
    no spread are left out. `samples` is rounded up to a power of two, as Sobol' sequences need.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    # a power of two, and at least 64: fewer gives indices outside [0, 1] from noise alone
    n = 1 << max(int(samples) - 1, SOBOL_MIN_SAMPLES - 1).bit_length()
    w = ws.weights
    low, high = ws.ranges
    lo, hi = ws.scale
    n_c, n_f = ws.values.shape
    names = ([f"weight:{f}" for f in ws.factor_ids] if not fixed_weights else []) + [
        f"value:{f}" for f in ws.factor_ids
    ]
    first = np.full((n_c, len(names)), np.nan)
    first_conf, total, total_conf = first.copy(), first.copy(), first.copy()
    for c in range(n_c):
        bounds, dists, index = [], [], []
        if not fixed_weights:
            for k in range(n_f):
                if w[k] > 0 and delta > 0:
                    bounds.append([w[k] * (1 - delta), w[k] * (1 + delta)])
                    dists.append("unif")
                    index.append(k)
        offset = 0 if fixed_weights else n_f
        for f in range(n_f):
            a, b, m = low[c, f], high[c, f], ws.values[c, f]
            if values != "fixed" and b > a:
                if values == "triangular":
                    bounds.append([a, b, (m - a) / (b - a)])
                    dists.append("triang")
                else:
                    bounds.append([a, b])
                    dists.append("unif")
                index.append(offset + f)
        if not index:
            continue
        problem = {
            "num_vars": len(index),
            "names": [names[i] for i in index],
            "bounds": bounds,
            "dists": dists,
        }
        x = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed + c)
        weights = np.broadcast_to(w, (len(x), n_f)).copy()
        v = np.broadcast_to(ws.values[c], (len(x), n_f)).copy()
        for j, i in enumerate(index):
            if i < offset:
                weights[:, i] = x[:, j]
            else:
                v[:, i - offset] = x[:, j]
        weights /= weights.sum(axis=1, keepdims=True)
        u = engine.normalize(v, lo, hi, ws.directions)  # (N, F)
        y = engine.scores(u[:, None, :], weights, aggregation)[:, 0]
        result = sobol_analyze.analyze(
            problem, y, calc_second_order=False, seed=seed + c, print_to_console=False
        )
        first[c, index] = result["S1"]
        first_conf[c, index] = result["S1_conf"]
        total[c, index] = result["ST"]
        total_conf[c, index] = result["ST_conf"]
        if progress:
            progress(c + 1, n_c)
    return Sobol(ws, n, tuple(names), first, first_conf, total, total_conf)


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
        )


@dataclass(frozen=True, eq=False)
class Sensitivity:
    """The results of the analyses that were asked for (None for the others)."""

    workspace: Workspace
    aggregation: Aggregation
    methods: tuple[Method, ...]
    settings: SensitivitySettings
    tornado: Tornado | None = None
    critical: CriticalWeights | None = None
    monte_carlo: MonteCarlo | None = None
    sobol: Sobol | None = None

    def frames(self) -> dict[str, pd.DataFrame]:
        frames = {}
        if self.tornado is not None:
            frames["oat"] = self.tornado.to_frame()
        if self.critical is not None:
            frames["critical"] = self.critical.to_frame()
        if self.monte_carlo is not None:
            frames["acceptability"] = self.monte_carlo.acceptability_frame()
            frames["mc_summary"] = self.monte_carlo.summary_frame()
            frames["pairwise"] = self.monte_carlo.pairwise_frame()
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
        )
        if "sobol" in methods
        else None,
    )
