"""Monte Carlo speed and memory on the bundled workspace.

    python bench/montecarlo.py [--samples 1000000]

Prints (1) the time of `monte_carlo` with weights and values both uncertain, (2) the time numpy
alone needs to draw the same random numbers (Dirichlet weights, uniform values, driver
normals, in the same blocks), their ratio (target: about 2x or less), and (3) the peak traced
memory for N/10 and N samples, which must not grow with N (chunks).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

import scenarios
from scenarios import robustness as sa
from scenarios.scoring import base_weights


def numpy_only(ws, samples: int, seed: int) -> None:
    """Draw exactly the random numbers the simulation draws, and nothing else."""
    w = base_weights(ws)
    shape = ws.values.shape
    drivers = len(ws.model.drivers)
    for block in range(-(-samples // sa.BLOCK)):
        rng = np.random.default_rng(np.random.SeedSequence([seed, block]))
        rng.dirichlet(100.0 * w, size=sa.BLOCK)
        rng.random((2, sa.BLOCK, *shape))  # two uniforms per triangular value
        rng.standard_normal((sa.BLOCK, drivers))


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
    parser.add_argument("--samples", type=int, default=1_000_000)
    args = parser.parse_args()
    ws = scenarios.load_workspace("central-asia")
    n = args.samples
    settings = sa.MonteCarloSettings(samples=n)

    simulation = min(timed(lambda: sa.monte_carlo(ws, settings=settings)) for _ in range(2))
    draws = min(timed(lambda: numpy_only(ws, n, settings.seed)) for _ in range(2))
    print(
        f"samples                 : {n:,} ({len(ws.country_ids)} countries x "
        f"{len(ws.factor_ids)} factors, {len(ws.model.drivers)} drivers)"
    )
    print(f"monte_carlo             : {simulation:6.2f} s")
    print(f"numpy random draws only : {draws:6.2f} s")
    print(f"ratio                   : {simulation / draws:6.2f}x (target about 2x or less)")

    small = sa.MonteCarloSettings(samples=max(n // 10, sa.BLOCK))
    mem_small = peak_memory(lambda: sa.monte_carlo(ws, settings=small))
    mem_large = peak_memory(lambda: sa.monte_carlo(ws, settings=settings))
    print(f"peak memory, {small.samples:>9,} : {mem_small:6.1f} MiB")
    print(f"peak memory, {n:>9,} : {mem_large:6.1f} MiB (flat: chunks of {settings.chunk_size:,})")


if __name__ == "__main__":
    main()
