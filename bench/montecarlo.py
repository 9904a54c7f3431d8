"""Monte Carlo speed and memory against a plain numpy implementation of the same work.

    python bench/montecarlo.py [--samples 20000] [--sizes 5x9,200x50] [--runs 3]

For each size (countries x factors; 5x9 is the bundled workspace, the others are written by
bench/generate.py) it times, in one process and alternately, (1) `monte_carlo` with weights and
values uncertain and the joint drivers on, which also counts score histograms, the link's
probabilities and the gates, and (2) a plain numpy implementation of the same draws (Dirichlet
weights, two uniforms per triangular value, driver normals, in the same blocks), scores
(einsum), rank counts (argsort, then bincount) and pairwise counts (one boolean comparison of
every pair of countries per sample), and prints the median of each and their ratio (target: 2x
or less). Then the peak traced memory of `monte_carlo` for N/10 and N samples, which must not
grow with N, and its largest piece (chunk) of values.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

import scenarios
from scenarios.analyses import robustness as sa
from scenarios.analyses import sampler as smp
from scenarios.core import engine

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate


def plain_numpy(ws: scenarios.Workspace, samples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Rank counts and pairwise counts from the same random numbers, written plainly."""
    lo, hi = ws.scale
    d = ws.directions
    ends = (engine.normalize(ws.ranges[0], lo, hi, d), engine.normalize(ws.ranges[1], lo, hi, d))
    low, high = np.minimum(*ends), np.maximum(*ends)
    mode = ws.normalized
    width = high - low
    split = np.divide(mode - low, width, out=np.zeros_like(width), where=width > 0)
    loadings = smp.driver_loadings(ws) / (hi - lo) * d
    loadings = loadings.reshape(len(loadings), -1)
    w = ws.weights
    n_c, n_f = mode.shape
    ranks = np.zeros((n_c, n_c))
    pairs = np.zeros((n_c, n_c))
    for block in range(-(-samples // sa.BLOCK)):
        rng = np.random.default_rng(np.random.SeedSequence([seed, block]))
        weights = np.zeros((sa.BLOCK, n_f))
        weights[:, w > 0] = rng.dirichlet(100.0 * w[w > 0], size=sa.BLOCK)
        u1, u2 = rng.random((2, sa.BLOCK, n_c, n_f))
        z = rng.standard_normal((sa.BLOCK, len(loadings)))
        u = low + width * (np.minimum(u1, u2) + split * np.abs(u1 - u2))
        u = np.clip(u + (z @ loadings).reshape(u.shape), 0, 1)
        s = np.einsum("scf,sf->sc", u, weights)
        order = np.argsort(-s, axis=1)
        ranks += np.bincount((order * n_c + np.arange(n_c)).ravel(), minlength=n_c * n_c).reshape(
            n_c, n_c
        )
        pairs += (s[:, :, None] > s[:, None, :]).sum(axis=0)
    return ranks / samples, pairs / samples


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def peak_memory(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--sizes", default="5x9,200x50")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    n = args.samples
    settings = sa.MonteCarloSettings(samples=n)
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            countries, factors = (int(x) for x in size.split("x"))
            if (countries, factors) == (5, 9):
                ws = scenarios.load_workspace("central-asia")
            else:
                root = generate(Path(tmp) / size, countries, factors)
                ws = scenarios.load_workspace(root)
            mc = sa.monte_carlo(ws, settings=settings)
            ranks, pairs = plain_numpy(ws, n, settings.seed)
            # the same numbers, but for the rare samples where two scores are within
            # TIE_TOLERANCE, which the plain version does not share
            np.testing.assert_allclose(mc.acceptability, ranks, atol=10 / n)
            np.testing.assert_allclose(mc.pairwise, pairs, atol=10 / n)
            ours, plain = [], []
            for _ in range(args.runs):
                ours.append(timed(lambda ws=ws: sa.monte_carlo(ws, settings=settings)))
                plain.append(timed(lambda ws=ws: plain_numpy(ws, n, settings.seed)))
            a, b = statistics.median(ours), statistics.median(plain)
            print(
                f"{countries} countries x {factors} factors, {n:,} samples, "
                f"{len(ws.model.drivers)} drivers"
            )
            print(f"  monte_carlo       : {a:7.2f} s (median of {args.runs})")
            print(f"  plain numpy       : {b:7.2f} s")
            print(f"  ratio             : {a / b:7.2f}x (target 2x or less)")
            small = sa.MonteCarloSettings(samples=max(n // 10, sa.BLOCK))
            mem_small = peak_memory(lambda ws=ws, small=small: sa.monte_carlo(ws, settings=small))
            mem_large = peak_memory(lambda ws=ws: sa.monte_carlo(ws, settings=settings))
            piece = smp.Sampler(settings, smp.SamplerInputs.of(ws)).piece
            print(f"  peak memory {small.samples:>7,} : {mem_small:7.1f} MiB")
            print(f"  peak memory {n:>7,} : {mem_large:7.1f} MiB (pieces of {piece:,} samples)")


if __name__ == "__main__":
    main()
