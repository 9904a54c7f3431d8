"""Resources are checked before they are spent: memory estimates, the budget, and runs that
would exceed it refused with one line naming the budget and how to proceed. Also the Sobol
sampling that no range can break."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import scenarios
from scenarios.analyses import budget, robustness, scoring
from scenarios.analyses.budget import MemoryBudgetError, parse_size
from scenarios.analyses.cascading import cascade
from scenarios.api import load_workspace
from scenarios.cli.app import app

from .. import tiny

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
GIB = 1024**3


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # a machine with 4 GiB, so that the default budget (2 GiB) and the messages are fixed
    monkeypatch.setattr(budget, "machine_memory", lambda: 4 * GIB)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(app, [str(a) for a in args], env=ENV)

    return invoke


def synthetic(root: Path, countries: int, factors: int = 4) -> Path:
    """A workspace of many countries (with a link and a cascade block)."""
    model = [
        "title: S",
        "question: q?",
        "groups:",
        "  g: {label: G}",
        "factors:",
        *(
            f"  f{f}: {{label: F, group: g, weight: {1 + f % 3}, direction: for}}"
            for f in range(factors)
        ),
        "link: {intercept: -3, slope: 4}",
        "cascade: {peer_effect: {value: 1, low: 0, high: 2}}",
    ]
    (root / "profiles").mkdir(parents=True)
    (root / "model.yaml").write_text("\n".join(model) + "\n")
    for c in range(countries):
        values = "".join(f"  f{f}: {(c * 7 + f * 3) % 11}\n" for f in range(factors))
        (root / "profiles" / f"c{c:04d}.yaml").write_text(
            f"id: C{c}\nname: C{c}\nfactors:\n{values}"
        )
    return root


def one_error(result) -> str:
    assert "Traceback" not in result.output
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


# --- sizes and the budget -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "size"),
    [("4G", 4 * GIB), ("512M", 512 * 1024**2), ("1.5gib", 3 * GIB // 2), ("2 KB", 2048), ("7", 7)],
)
def test_sizes(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "lots", "4X", "-1G", "0", "0.1"])
def test_sizes_that_are_not(text):
    with pytest.raises(ValueError, match=r"is not a (usable )?size"):
        parse_size(text)


def test_the_default_budget_is_half_the_memory_available(monkeypatch):
    monkeypatch.setattr(budget, "machine_memory", lambda: 6 * GIB)
    assert budget.default_budget() == 3 * GIB


def test_the_machine_memory_respects_an_address_space_limit():
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = 3 * GIB if hard == resource.RLIM_INFINITY else min(3 * GIB, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        assert budget.machine_memory() <= limit
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def test_largest_fitting():
    assert budget.largest(lambda n: 10 * n, 1000) == 100
    assert budget.largest(lambda n: 10 * n, 5) == 0
    assert budget.fewer("--runs", 0) == "raise --memory-budget: it is below what any run needs"
    assert budget.fewer("--samples", 1000, power_of_two=True) == (
        "use --samples 512 or less, or raise --memory-budget"
    )


# --- the estimates are upper bounds of what runs use --------------------------------------


def traced_peak(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_monte_carlo_estimate_bounds_its_peak(tmp_path):
    ws = load_workspace(synthetic(tmp_path / "s", 120))
    settings = robustness.MonteCarloSettings(samples=2000, values="fixed", fixed_weights=True)
    peak = traced_peak(lambda: robustness.monte_carlo(ws, "additive", settings).pairwise_frame())
    estimate = budget.monte_carlo_bytes(120, 4)
    assert peak <= estimate <= 4 * peak + budget.BASE_BYTES


def test_the_cascade_estimate_bounds_its_peak(tmp_path):
    ws = load_workspace(synthetic(tmp_path / "s", 8))
    ranking = scoring.rank(ws)

    def work():
        c = cascade(ws, ranking.scores, ranking.link, runs=40_000, horizon=3)
        c.by_year_frame(), c.orders_frame(), c.conditional_frame(), c.count_frame()

    peak = traced_peak(work)
    estimate = budget.cascade_bytes(40_000, 8, 3) - budget.BASE_BYTES
    assert peak <= estimate <= 3 * peak


def test_the_sobol_estimate_bounds_its_peak(tmp_path):
    ws = load_workspace(synthetic(tmp_path / "s", 2, factors=6))
    robustness.sobol(ws, samples=64)  # SALib and scipy imported (BASE_BYTES covers imports)
    peak = traced_peak(lambda: robustness.sobol(ws, samples=2048))
    estimate = budget.sobol_bytes(2048, 12) - budget.BASE_BYTES
    assert peak <= estimate <= 3 * peak


# --- refused before they start ------------------------------------------------------------


def test_a_huge_cascade_is_refused(tmp_path, run):
    tiny.write(
        tmp_path / "t",
        model=tiny.MODEL + "link: {intercept: -2, slope: 3}\ncascade: {peer_effect: {value: 1}}\n",
    )
    assert one_error(run("cascade", "-w", "t", "--runs", 1_000_000_000)) == (
        "error: the cascade with 1,000,000,000 runs would need about 241.3 GiB of memory, "
        "more than the memory budget of 2.0 GiB, half of the memory available (use --runs "
        "8032335 or less, or raise --memory-budget)"
    )
    assert budget.cascade_bytes(8032335, 3, 1) <= 2 * GIB < budget.cascade_bytes(8032336, 3, 1)


def test_a_huge_sobol_is_refused(tmp_path, run):
    tiny.write(tmp_path / "t")
    assert one_error(run("sensitivity", "-m", "sobol", "-w", "t", "--samples", 100_000_000)) == (
        "error: Sobol with N = 134,217,728 (6 inputs) would need about 1.2 TiB of memory, more "
        "than the memory budget of 2.0 GiB, half of the memory available (use --samples 131072 "
        "or less, or raise --memory-budget)"
    )


def test_a_monte_carlo_over_many_countries_is_refused_whatever_the_samples(
    tmp_path, run, monkeypatch
):
    monkeypatch.setattr(budget, "machine_memory", lambda: 512 * 1024**2)  # a budget of 256 MiB
    synthetic(tmp_path / "many", 300)
    for command in (["sensitivity", "--samples", 100], ["export", "out", "--samples", 100]):
        line = one_error(run(*command, "-w", "many"))
        assert line.startswith(
            "error: the Monte Carlo over 300 countries would need about 326.7 MiB of memory, "
            "more than the memory budget of 256.0 MiB, half of the memory available (its memory "
            "grows steeply with the number of countries, not with --samples"
        )
    assert not (tmp_path / "out").exists()
    allowed = run("sensitivity", "-w", "many", "--samples", 100, "-m", "oat", "-f", "csv")
    assert allowed.exit_code == 0, allowed.output


def test_the_memory_budget_option(tmp_path, run):
    tiny.write(tmp_path / "t")
    assert one_error(run("sensitivity", "-w", "t", "--memory-budget", "10M")).endswith(
        "more than the memory budget of 10.0 MiB, set with --memory-budget (its memory grows "
        "steeply with the number of countries, not with --samples: raise --memory-budget, or "
        "leave mc out (sensitivity --method oat --method critical))"
    )
    assert run("sensitivity", "-w", "t", "--memory-budget", "1G", "--samples", 200).exit_code == 0
    usage = subprocess.run(
        [sys.executable, "-m", "scenarios", "cascade", "--memory-budget", "lots"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert (usage.returncode, usage.stdout, usage.stderr) == (
        2,
        "",
        "error: Invalid value for '--memory-budget': 'lots' is not a size; write it as e.g. 4G, "
        "512M or 2GiB (see 'scenarios cascade --help')\n",
    )


def test_the_api_refuses_what_the_cli_refuses(tmp_path):
    ws = load_workspace(tiny.write(tmp_path / "t"))
    with pytest.raises(MemoryBudgetError, match=r"more than the memory budget of 1\.0 KiB"):
        scenarios.sensitivity(ws, ["mc"], memory_budget=1024)


def test_running_out_of_memory_anyway_is_one_line(tmp_path, run, monkeypatch):
    tiny.write(tmp_path / "t")

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(robustness, "monte_carlo", exhausted)
    assert one_error(run("sensitivity", "-w", "t")) == (
        "error: out of memory (use fewer samples or runs, or a smaller --memory-budget so that "
        "runs this large are refused before they start)"
    )


# --- Sobol: any value in its range, any sign -----------------------------------------------


@pytest.mark.parametrize(
    ("profiles", "options"),
    [
        ({"x": tiny.PROFILES["x"].replace("c: {value: 5,", "c: {value: 10,")}, []),  # top
        ({}, ["--set", "X.a=9"]),  # 9 is the top of a's range (7–9)
        ({}, ["--set", "Z.c=0"]),  # the bottom of the scale
    ],
    ids=["value-at-scale-top", "set-to-range-top", "value-at-bottom"],
)
def test_sobol_with_a_value_at_the_end_of_its_range(tmp_path, run, profiles, options):
    tiny.write(tmp_path / "t", profiles={**tiny.PROFILES, **profiles})
    result = run("sensitivity", "-m", "sobol", "-w", "t", "--samples", 256, "-f", "csv", *options)
    assert result.exit_code == 0, result.output
    assert "\nX,value:a," in result.stdout


def test_sobol_with_ranges_below_zero(tmp_path):
    model = tiny.MODEL.replace("scale: {min: 0, max: 10}", "scale: {min: -20, max: -5}")
    profiles = {
        "x": "id: X\nname: X\nfactors:\n  a: {value: -8, low: -9, high: -6}\n  b: -12\n  c: -19\n",
        "y": "id: Y\nname: Y\nfactors:\n  a: -6\n  b: {value: -20, low: -20, high: -18}\n  c: -5\n",
    }
    ws = load_workspace(tiny.write(tmp_path / "n", model=model, profiles=profiles))
    result = robustness.sobol(ws, samples=512, values="triangular")
    shown = result.first[~np.isnan(result.first)]
    assert shown.size and np.isfinite(shown).all()
    assert np.isfinite(result.total[~np.isnan(result.total)]).all()
