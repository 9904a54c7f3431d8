"""Start-up cost of `scenarios rank`, `--help` and `--version` against the bare imports.

    python bench/startup.py [--runs 15]

Runs each command alternately with the baselines in fresh interpreters and prints the medians
of wall and CPU time (of the child process: a shared machine inflates wall time, CPU time less)
and the ratios. Targets: `scenarios rank` on the bundled workspace within 1.3x of
`python -c "import typer, numpy, yaml, rich.table"`; `--version` within 50 ms and `--help`
within 150 ms.

`rank` is a second run on unchanged files, printed from the answer kept by the first
(cli/answers.py); `rank, computed` is the same command with SCENARIOS_ANSWERS=0: what a run after
an edit costs. The children write Python's bytecode (PYTHONDONTWRITEBYTECODE is dropped), as an
installed package has it, and keep their caches in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BASELINE = [sys.executable, "-c", "import typer, numpy, yaml, rich.table"]
EMPTY = [sys.executable, "-c", "pass"]
SCENARIOS = [sys.executable, "-m", "scenarios"]
RANK = [*SCENARIOS, "rank", "--format", "table"]
COMMANDS = {
    "rank": RANK,
    "rank, computed": ["env", "SCENARIOS_ANSWERS=0", *RANK],
    "--help": [*SCENARIOS, "--help"],
    "--version": [*SCENARIOS, "--version"],
}
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def once(cmd: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one run."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=ENV)
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
    ENV["SCENARIOS_CACHE"] = tempfile.mkdtemp(prefix="scenarios-bench-")
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
    for name in ("rank", "rank, computed"):
        print(
            f"{name} / imports: {wall[name] / wall['imports']:.2f}x wall, "
            f"{cpu[name] / cpu['imports']:.2f}x cpu (target for rank <= 1.3x)"
        )


if __name__ == "__main__":
    main()
