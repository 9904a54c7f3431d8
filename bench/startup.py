"""Start-up cost of `scenarios rank`, `--help` and `--version` against the bare imports.

    python bench/startup.py [--runs 15]

Runs each command alternately with the baselines in fresh interpreters and prints the medians
of wall and CPU time (of the child process: a shared machine inflates wall time, CPU time less)
and the ratios. Targets: `scenarios rank` on the bundled workspace within 1.3x of
`python -c "import typer, numpy, yaml, rich.table"`; `--version` within 50 ms and `--help`
within 150 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

BASELINE = [sys.executable, "-c", "import typer, numpy, yaml, rich.table"]
EMPTY = [sys.executable, "-c", "pass"]
SCENARIOS = [sys.executable, "-m", "scenarios"]
COMMANDS = {
    "rank": [*SCENARIOS, "rank", "--format", "table"],
    "--help": [*SCENARIOS, "--help"],
    "--version": [*SCENARIOS, "--version"],
}


def once(cmd: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one run."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    runs: dict[str, list[tuple[float, float]]] = {"imports": [], "python": []}
    runs |= {name: [] for name in COMMANDS}
    for cmd in (BASELINE, EMPTY, *COMMANDS.values()):
        once(cmd)  # warm the file cache
    for _ in range(args.runs):
        runs["imports"].append(once(BASELINE))
        runs["python"].append(once(EMPTY))
        for name, cmd in COMMANDS.items():
            runs[name].append(once(cmd))
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    print(f"medians of {args.runs} runs       wall ms   cpu ms")
    for name in runs:
        print(f"{name:28s} {wall[name] * 1000:7.1f}  {cpu[name] * 1000:7.1f}")
    print(
        f"rank / imports: {wall['rank'] / wall['imports']:.2f}x wall, "
        f"{cpu['rank'] / cpu['imports']:.2f}x cpu (target <= 1.3x)"
    )


if __name__ == "__main__":
    main()
