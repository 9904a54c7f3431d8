"""The Monte Carlo of a panel: one analyst per sample, a linear opinion pool."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scenarios.analyses.sampler import MonteCarloSettings, SamplerInputs


class PoolSampler:
    """A linear opinion pool in the Monte Carlo: each sample draws an analyst (with their weight
    in the panel), then weights around that analyst's (Dirichlet) and values within that
    analyst's ranges, exactly as the plain Monte Carlo does around the workspace's."""

    def __init__(
        self,
        settings: MonteCarloSettings,
        inputs: SamplerInputs,
        analysts: Sequence[SamplerInputs],
        weights: np.ndarray,
    ) -> None:
        from scenarios.analyses.sampler import BLOCK

        self.settings = settings
        self.loadings = inputs.loadings  # drivers are the model's, the same for every analyst
        self.low = np.stack([a.low for a in analysts])  # (A, C, F)
        self.mode = np.stack([a.mode for a in analysts])
        self.high = np.stack([a.high for a in analysts])
        self.w = np.stack([a.weights for a in analysts])  # (A, F)
        self.p = np.asarray(weights, dtype=float) / np.sum(weights)
        self.shape = (BLOCK, *inputs.mode.shape)

    def pieces(
        self, block: int, n: int | None = None
    ) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
        """The block's first ``n`` samples (default: all) in one piece, as the Monte Carlo
        takes them."""
        weights, u = self.draw(block)
        n = self.shape[0] if n is None else n
        yield slice(0, n), weights[:n], u[:n]

    def draw(self, block: int) -> tuple[np.ndarray, np.ndarray]:
        from scenarios.analyses.sampler import block_rng, triangular

        settings = self.settings
        rng = block_rng(settings.seed, block)
        n = self.shape[0]
        who = rng.choice(len(self.p), size=n, p=self.p)
        w = self.w[who]
        if settings.fixed_weights:
            weights = w
        else:  # Dirichlet(concentration · w) row by row, through gamma draws
            gamma = rng.standard_gamma(np.where(w > 0, settings.concentration * w, 1.0))
            gamma = np.where(w > 0, gamma, 0.0)
            total = gamma.sum(axis=1, keepdims=True)
            empty = np.flatnonzero(~(total[:, 0] > 0))
            if empty.size:  # every draw of a row underflowed (a tiny concentration): the
                # Dirichlet's limit, all the weight on one factor, drawn in proportion to w
                share = np.cumsum(w[empty], axis=1) / w[empty].sum(axis=1, keepdims=True)
                pick = (rng.random(empty.size)[:, None] >= share).sum(axis=1)
                gamma[empty] = 0.0
                gamma[empty, np.minimum(pick, w.shape[1] - 1)] = 1.0
                total[empty] = 1.0
            weights = gamma / total
        low, mode, high = self.low[who], self.mode[who], self.high[who]
        if settings.values == "fixed":
            u = mode
        elif settings.values == "uniform":
            u = low + rng.random(self.shape) * (high - low)
        else:
            u1, u2 = rng.random((2, *self.shape))
            u = triangular(u1, u2, low, mode, high)
        if self.loadings.shape[0] and settings.values != "fixed":
            z = rng.standard_normal((n, self.loadings.shape[0]))
            u = np.clip(u + (z @ self.loadings).reshape(self.shape), 0.0, 1.0)
        return weights, u
