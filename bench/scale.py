"""Every command at growing workspace sizes: wall time and peak memory of each run.

    python bench/scale.py [--sizes 5x9,200x50,1000x50,200x200] [--commands rank,cascade]
                          [--runs 1] [--timeout 600] [--memory-limit 8]

Writes a synthetic workspace of each size (bench/generate.py) into a temporary folder, runs each
command with its defaults as a fresh process (`python -m scenarios ...`, output thrown away) and
prints a Markdown table: the median wall time over --runs and the peak resident memory of the
process (the operating system's own figure, from wait4). A run that exceeds --timeout seconds is
stopped and shown as "> T s"; one that fails (such as running out of the --memory-limit GiB of
address space) shows its exit status. Targets: at 200x50 every command under 10 s and 1 GB; at
1000x50 under 60 s and 2 GB.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

COMMANDS: dict[str, list[str]] = {
    "validate": ["validate"],
    "rank": ["rank"],
    "explain": ["explain", "C0000"],
    "factors": ["factors"],
    "compare": ["compare"],
    "sensitivity": ["sensitivity"],
    "sobol": ["sensitivity", "-m", "sobol"],
    "cascade": ["cascade"],
    "backtest": ["backtest"],
    "calibrate": ["calibrate"],
    "export": ["export", "{tmp}/export"],
    "xlsx": ["export", "--xlsx", "{tmp}/book.xlsx"],
    # import: the export's evidence.csv read back (a preview; run `export` first)
    "import": ["import", "{tmp}/export/evidence.csv"],
    "report": ["report", "-o", "{tmp}/report.html"],
    # tracking: `record` first, so that the others have a ledger (each run of it adds one)
    "record": ["record", "--date", "2026-01-01"],
    "history": ["history"],
    "diff": ["diff", "record:1"],
    "score": ["score"],
    "signposts": ["signposts"],
}


def run(args: list[str], timeout: float, memory_gib: float) -> tuple[float, float, int | None]:
    """(wall seconds, peak resident MiB, exit status or None when stopped at the timeout)."""

    def limit() -> None:
        size = int(memory_gib * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "scenarios", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=limit,
        start_new_session=True,
    )
    assert process.stderr is not None
    os.set_blocking(process.stderr.fileno(), False)
    status: int | None = None
    usage = None
    while True:
        pid, raw, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            status = os.waitstatus_to_exitcode(raw)
            break
        if time.perf_counter() - start > timeout:
            os.killpg(process.pid, signal.SIGKILL)
            _, raw, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.01)
    wall = time.perf_counter() - start
    process.returncode = 0  # reaped above
    if status not in (0, None):
        err = process.stderr.read() or b""
        print(f"  {' '.join(args)}: exit {status}: {err.decode()[-300:].strip()}", file=sys.stderr)
    process.stderr.close()
    return wall, usage.ru_maxrss / 1024, status


def cell(times: list[float], memory: float, status: int | None, timeout: float) -> str:
    if status is None:
        return f"> {timeout:.0f} s"
    if status != 0:
        return f"failed (exit {status}) after {statistics.median(times):.1f} s, {memory:,.0f} MB"
    return f"{statistics.median(times):.2f} s, {memory:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5x9,200x50,1000x50,200x200")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--memory-limit", type=float, default=8, metavar="GIB")
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in s.split("x")) for s in args.sizes.split(",")]
    commands = args.commands.split(",")
    table: dict[str, list[str]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as tmp:
        for countries, factors in sizes:
            root = generate(Path(tmp) / f"w{countries}x{factors}", countries, factors)
            for name in commands:
                argv = [a.format(tmp=tmp) for a in COMMANDS[name]] + ["-w", str(root)]
                times, memory, status = [], 0.0, None
                for _ in range(args.runs):
                    wall, peak, status = run(argv, args.timeout, args.memory_limit)
                    times.append(wall)
                    memory = max(memory, peak)
                    if status != 0:
                        break
                table[name].append(cell(times, memory, status, args.timeout))
                print(f"({countries},{factors}) {name}: {table[name][-1]}", file=sys.stderr)
    heads = [f"({c},{f})" for c, f in sizes]
    print("| command | " + " | ".join(heads) + " |")
    print("|---|" + "---|" * len(heads))
    for name in commands:
        print(f"| {name} | " + " | ".join(table[name]) + " |")


if __name__ == "__main__":
    main()
