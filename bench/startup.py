"""Startup cost of `scenarios rank` against the bare imports it cannot avoid.

    python bench/startup.py [--runs 15]

Runs both commands alternately in fresh interpreters and prints the medians and their ratio
(target: ≤ 1.3×). Compare ratios, not seconds: the machine may be shared.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

BASELINE = [sys.executable, "-c", "import typer, numpy, yaml, rich.table"]
RANK = [sys.executable, "-m", "scenarios", "rank", "--format", "table"]


def once(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    once(BASELINE), once(RANK)  # warm the file cache
    base, rank = [], []
    for _ in range(args.runs):
        base.append(once(BASELINE))
        rank.append(once(RANK))
    b, r = statistics.median(base), statistics.median(rank)
    print(f"imports only   : {b * 1000:7.1f} ms (median of {args.runs})")
    print(f"scenarios rank : {r * 1000:7.1f} ms")
    print(f"ratio          : {r / b:7.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
