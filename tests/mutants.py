"""Deliberate mistakes: break one piece of arithmetic at a time and see a test fail.

    python -m tests.mutants [NAME ...]

Each mutant replaces one exact piece of source text with a wrong one (a sign, a weight, an
index, a date rule) in a temporary copy of the checkout, runs the tests that cover that piece,
and prints `caught` (a test failed, as it must) or `survived` (no test noticed: a gap to close).
The working tree is never touched. With names, only the mutants whose name contains one of them.
`tests/test_mutants.py` checks that every mutant's text is still in the source, so this list
cannot rot silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
S = "src/scenarios/"


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str  # relative to the checkout
    right: str  # the exact source text (found once in the file)
    wrong: str  # what the mistake writes instead
    tests: tuple[str, ...]  # the test files that must catch it


PANEL = ("tests/panels/test_analysts.py",)
LINK = ("tests/analyses/test_likelihood.py", "tests/analyses/test_robustness.py")
OUTCOMES = ("tests/analyses/test_likelihood.py", "tests/ledger/test_scorecard.py")

MUTANTS = (
    Mutant("pool: linear ignores the weights", S + "panels/pooling.py",
           "return np.asarray((w * p).sum(axis=0))", "return np.asarray(p.mean(axis=0))", PANEL),
    Mutant("pool: no extremizing", S + "panels/pooling.py",
           "np.exp(-extremize * log_odds)", "np.exp(-log_odds)", PANEL),
    Mutant("pool: log-odds ignore the weights", S + "panels/pooling.py",
           "log_odds = (w * np.log(clipped / (1 - clipped))).sum(axis=0)",
           "log_odds = np.log(clipped / (1 - clipped)).mean(axis=0)", PANEL),
    Mutant("swing weights: divided by the largest", S + "panels/swing.py",
           "return np.asarray(r / r.sum())", "return np.asarray(r / r.max())", PANEL),
    Mutant("track record: 1 - Brier instead of 1/Brier", S + "panels/trackrecord.py",
           "1.0 / max(brier[i], 1e-6) if i in brier", "1.0 - brier[i] if i in brier", PANEL),
    Mutant("track record: the largest weight for an analyst without one",
           S + "panels/trackrecord.py",
           "raw = np.where(np.isfinite(raw), raw, known.mean())",
           "raw = np.where(np.isfinite(raw), raw, known.max())", PANEL),
    Mutant("link: the slope drawn too narrow", S + "analyses/link.py",
           "                slope = self.slope + self.slope_sd * z1\n",
           "                slope = self.slope + 0.8 * self.slope_sd * z1\n", LINK),
    Mutant("link: the wrong base-rate posterior", S + "analyses/link.py",
           "rate = rng.beta(base.events + 0.5, base.of - base.events + 0.5, samples)",
           "rate = rng.beta(base.events + 1, base.of - base.events + 0.5, samples)", LINK),
    Mutant("link: the correlation's sign", S + "analyses/link.py",
           "(rho * z1 + np.sqrt(1 - rho**2) * z2)", "(-rho * z1 + np.sqrt(1 - rho**2) * z2)", LINK),
    Mutant("outcomes: a status checked before the horizon ends counts", S + "analyses/outcomes.py",
           "elif status.as_of is not None and status.as_of >= resolves:",
           "elif status.as_of is not None:", OUTCOMES),
    Mutant("outcomes: a join after today counts", S + "analyses/outcomes.py",
           "elif status.date <= resolves and status.date <= today:",
           "elif status.date <= resolves:", OUTCOMES),
    Mutant("Brier: absolute instead of squared", S + "analyses/metrics.py",
           "return float(np.mean((np.asarray(p) - np.asarray(y)) ** 2))",
           "return float(np.mean(np.abs(np.asarray(p) - np.asarray(y))))", OUTCOMES),
    Mutant("diff: a weight's part at the new value", S + "ledger/diffing.py",
           "np.where(~in_new, -_times(w0, x0), _times(w1 - w0, x0)),",
           "np.where(~in_new, -_times(w0, x0), _times(w1 - w0, x1)),",
           ("tests/ledger/test_diffing.py",)),
    Mutant("diff: a new factor without its value", S + "ledger/diffing.py",
           "_times(w1, x1),  # a new factor", "_times(w1, x0),  # a new factor",
           ("tests/ledger/test_diffing.py",)),
    Mutant("signposts: the threshold's sign", S + "ledger/signposting.py",
           "star = (t - rest) / w", "star = (t + rest) / w",
           ("tests/ledger/test_signposting.py",)),
    Mutant("signposts: the geometric threshold", S + "ledger/signposting.py",
           "star = np.exp((np.log(t) - rest) / w)", "star = np.exp((np.log(t) - rest) * w)",
           ("tests/ledger/test_signposting.py",)),
    Mutant("data package: a field's unit left out", S + "io/datapackage.py",
           '            spec["unit"] = _unit_with_scale(unit, ws)\n', "            pass\n",
           ("tests/io/test_datapackage.py",)),
    Mutant("data package: the first field left out", S + "io/datapackage.py",
           "    for column in frame.columns:\n        unit, meaning",
           "    for column in frame.columns[1:]:\n        unit, meaning",
           ("tests/io/test_datapackage.py",)),
    Mutant("data package: a boolean's spelling", S + "io/datapackage.py",
           'spec["trueValues"] = ["True"]', 'spec["trueValues"] = ["true"]',
           ("tests/io/test_datapackage.py",)),
    Mutant("CSV: a leading tab not neutralised", S + "core/writers.py",
           'value.startswith(("\\t", "\\r"))', 'value.startswith(("\\r",))',
           ("tests/core/test_writers.py", "tests/io/test_exporting.py")),
    Mutant("CSV: a formula after spaces not neutralised", S + "core/writers.py",
           "value.lstrip()[:1] in _FORMULA_START", "value[:1] in _FORMULA_START",
           ("tests/core/test_writers.py", "tests/io/test_exporting.py")),
    Mutant("memory: Monte Carlo's pairs of countries", S + "analyses/budget.py",
           "128 * c**2", "128 * c", ("tests/analyses/test_budget.py",)),
    Mutant("memory: Monte Carlo's factors", S + "analyses/budget.py",
           "100 * c * f", "100 * c", ("tests/analyses/test_budget.py",)),
    Mutant("memory: Sobol's inputs", S + "analyses/budget.py",
           "40 * n * (d + 2) * d", "40 * n * (d + 2)", ("tests/analyses/test_budget.py",)),
    Mutant("memory: the cascade's countries", S + "analyses/budget.py",
           "runs * countries * (64 + years)", "runs * (64 + years)",
           ("tests/analyses/test_budget.py",)),
    Mutant("answers: kept whatever the workspace's files say", S + "cli/answers.py",
           "            files,\n", "            None,\n", ("tests/cli/test_answers.py",)),
    Mutant("answers: kept whatever the date", S + "cli/answers.py",
           "            _today(),\n", "            None,\n", ("tests/cli/test_answers.py",)),
)  # fmt: skip


def copy_checkout(into: Path) -> None:
    """The parts of the checkout the tests read, copied (the working tree stays as it is)."""
    for part in ("src", "tests", "scenarios", "docs", "README.md", "pyproject.toml"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, into / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, into / part)


def run(mutant: Mutant, copy: Path) -> bool:
    """Whether a test caught the mutant (the source is restored after)."""
    path = copy / mutant.file
    right = path.read_text(encoding="utf-8")
    path.write_text(right.replace(mutant.right, mutant.wrong), encoding="utf-8")
    try:
        env = {**os.environ, "PYTHONPATH": str(copy / "src")}
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-n", "0", "-p", "no:cacheprovider",
             *mutant.tests],
            cwd=copy, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        return done.returncode != 0
    finally:
        path.write_text(right, encoding="utf-8")


def main(names: list[str]) -> int:
    chosen = [m for m in MUTANTS if not names or any(n in m.name for n in names)]
    survived = 0
    with tempfile.TemporaryDirectory(prefix="scenarios-mutants-") as folder:
        copy = Path(folder)
        copy_checkout(copy)
        for mutant in chosen:
            caught = run(mutant, copy)
            survived += not caught
            print(f"{'caught  ' if caught else 'SURVIVED'}  {mutant.name}", flush=True)
    print(f"{len(chosen) - survived} of {len(chosen)} mistakes caught")
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
