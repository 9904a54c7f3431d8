"""Memory a run needs, estimated before it starts, and the budget it must fit in.

The estimates are peak bytes measured with tracemalloc on synthetic workspaces (bench figures in
docs/performance.md), rounded up; each is a little above what was measured, never below. The default
budget is half of the memory this process may use: the machine's memory, or less when a
container (cgroup) or `ulimit -v` allows less. No terminal code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from scenarios.core.errors import Problem, ScenariosError
from scenarios.core.files import size_text

UNKNOWN_MACHINE_MEMORY = 8 * 1024**3  # assumed when the machine will not say
DEFAULT_SHARE = 0.5  # of the memory the process may use
BASE_BYTES = 64 * 1024**2  # buffers and imports that every run has, whatever its size


class MemoryBudgetError(ScenariosError):
    """A run would need more memory than the budget allows."""


def _cgroup_limit() -> int | None:
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(path).read_text().strip()
        except (OSError, ValueError):
            continue
        if text.isdigit() and int(text) < 1 << 60:  # "max", or v1's huge "no limit" number
            return int(text)
    return None


def machine_memory() -> int:
    """The memory this process may use: the least of physical memory, the cgroup limit and the
    address-space and data limits (`ulimit -v`, `ulimit -d`)."""
    limits: list[int] = []
    with suppress(AttributeError, OSError, ValueError):  # no sysconf on Windows
        limits.append(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    cgroup = _cgroup_limit()
    if cgroup is not None:
        limits.append(cgroup)
    try:
        import resource

        for which in (resource.RLIMIT_AS, getattr(resource, "RLIMIT_DATA", None)):
            if which is not None:
                soft, _ = resource.getrlimit(which)
                if soft != resource.RLIM_INFINITY and soft > 0:
                    limits.append(soft)
    except (ImportError, OSError, ValueError):
        pass
    positive = [n for n in limits if n > 0]
    return min(positive) if positive else UNKNOWN_MACHINE_MEMORY


def default_budget() -> int:
    return int(machine_memory() * DEFAULT_SHARE)


_SIZE = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([kmgt]?)(?:i?b)?\s*", re.IGNORECASE)


def parse_size(text: str) -> int:
    """'2G', '512MiB', '1.5gb', '100000' (bytes) -> bytes (units are powers of 1024)."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise ValueError(f"'{text}' is not a size; write it as e.g. 4G, 512M or 2GiB")
    number, unit = float(match.group(1)), match.group(2).lower()
    size = number * 1024 ** " kmgt".index(unit or " ")
    if not 1 <= size < 2**63:
        raise ValueError(f"'{text}' is not a usable size; give at least 1 byte, e.g. 4G")
    return int(size)


# --- estimates (peak bytes) ------------------------------------------------------------------


def monte_carlo_bytes(countries: int, factors: int) -> int:
    """Monte Carlo: draws and scores in pieces of at most 2^20 values, and the comparisons of
    samples with tied scores in pieces of 2^22 pairs (together under 160 MiB, whatever the
    size); per country, the score and probability histograms (10,000 bins each) and a block's
    scores, ranks and positions; per pair of countries, the rank and pairwise counts and
    their results. The number of samples does not matter (blocks are reused)."""
    c, f = countries, factors
    return BASE_BYTES + 160 * 1024**2 + 128 * c**2 + 320_000 * c + 100 * c * f


def sobol_bytes(base_samples: int, inputs: int) -> int:
    """Sobol: N·(D + 2) samples of D inputs for one country at a time, with SALib's copies
    and bootstrap."""
    n, d = base_samples, inputs
    return BASE_BYTES + 40 * n * (d + 2) * d + 8_000 * n


def cascade_bytes(runs: int, countries: int, years: int) -> int:
    """Cascade: a few (runs, C) arrays per simulated year and the (runs, C, years) table."""
    return BASE_BYTES + runs * countries * (64 + years) + 64 * runs


def check(needed: int, budget: int | None, what: str, hint: str) -> None:
    """Refuse a run estimated to need more than ``budget`` bytes (None: the default budget)."""
    limit = default_budget() if budget is None else budget
    if needed <= limit:
        return
    source = "set with --memory-budget" if budget is not None else "half of the memory available"
    raise MemoryBudgetError(
        Problem(
            f"{what} would need about {size_text(needed)} of memory, more than the memory "
            f"budget of {size_text(limit)}, {source}",
            hint=hint,
        )
    )


def largest(estimate: Callable[[int], int], budget: int | None) -> int:
    """The largest n ≥ 1 whose estimate(n) is within the budget (0 when none is)."""
    limit = default_budget() if budget is None else budget
    if estimate(1) > limit:
        return 0
    low, high = 1, 2
    while estimate(high) <= limit:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if estimate(middle) <= limit else (low, middle)
    return low


def fewer(option: str, largest_fitting: int, *, power_of_two: bool = False) -> str:
    """The hint of a refused run: the largest ``option`` that fits, or that none does."""
    if largest_fitting < 1:
        return "raise --memory-budget: it is below what any run needs"
    if power_of_two:
        largest_fitting = 1 << (largest_fitting.bit_length() - 1)
    return f"use {option} {largest_fitting} or less, or raise --memory-budget"
