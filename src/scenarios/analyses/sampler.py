"""The Monte Carlo's sampler: its settings and inputs, and each block's random draws."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from scenarios.core import engine
from scenarios.core.choices import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_CONCENTRATION,
    DEFAULT_MC_SAMPLES,
    DEFAULT_SEED,
    ValueDistribution,
)
from scenarios.workspace.load import Workspace

Progress = Callable[[int, int], None]
BLOCK = 1_000  # random numbers are drawn per block of samples, so chunking never changes them
VALUES_PER_PIECE = 1 << 20  # values drawn and scored at once: bounds the Monte Carlo's memory


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


def block_rng(seed: int, block: int) -> np.random.Generator:
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


def driver_loadings(ws: Workspace) -> np.ndarray:
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
class SamplerInputs:
    """What every block needs, prepared once in normalised space (direction applied)."""

    weights: np.ndarray  # (F,) base effective weights
    low: np.ndarray  # (C, F) normalised: for an `against` factor, the value's high end
    mode: np.ndarray
    high: np.ndarray
    loadings: np.ndarray  # (D, C·F) normalised shift per unit driver draw

    @classmethod
    def of(cls, ws: Workspace) -> SamplerInputs:
        lo, hi = ws.scale
        directions = ws.directions
        v_low, v_high = ws.ranges
        ends = (
            engine.normalize(v_low, lo, hi, directions),
            engine.normalize(v_high, lo, hi, directions),
        )
        low, high = np.minimum(*ends), np.maximum(*ends)
        loadings = driver_loadings(ws) / (hi - lo) * directions  # `against`: shift flips sign
        return cls(
            ws.weights,
            low,
            ws.normalized,
            high,
            loadings.reshape(len(loadings), loadings[0].size if len(loadings) else 0),
        )


class Sampler:
    """Draws each block of samples in pieces of at most `piece` samples, into buffers it owns.

    A block's random numbers come from its own generator in this order: the Dirichlet weights,
    the first uniform of every value, the second (triangular), the drivers' normals. A piece
    draws its rows of each from a generator set to where those rows start (PCG64 jumps ahead
    exactly), so the numbers are those of drawing the whole block at once, whatever the piece
    size: memory is bounded by the piece, and results depend on the seed only.

    Reusing the buffers matters: fresh arrays of this size are mapped from the OS and zeroed on
    every allocation, which costs more than the arithmetic itself.
    """

    def __init__(self, settings: MonteCarloSettings, inputs: SamplerInputs) -> None:
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
        bits = np.random.PCG64(np.random.SeedSequence([settings.seed, block]))  # block_rng's
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


class MixedSampler(Sampler):
    """A sampler whose rows marked `on_equal` draw their weights around equal weights (every
    factor 1/F) instead of the file's, with the same concentration."""

    def __init__(
        self, settings: MonteCarloSettings, inputs: SamplerInputs, on_equal: np.ndarray
    ) -> None:
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
