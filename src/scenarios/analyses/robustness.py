"""How robust is a ranking? `scenarios sensitivity`: the analyses asked for, run together.

The methods have their modules (`weight_moves`: one at a time and critical weights; `effects`:
those in probability; `montecarlo` on `sampler`; `sobol`); this one runs them together and
gathers their public names for the layers above (modules of `analyses` import from those
modules directly). It is not named sensitivity so that `scenarios.sensitivity()` can be the API
function. Long runs report progress through an optional callback ``progress(done, total)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scenarios.analyses.effects import ProbabilityEffects, probability_effects
from scenarios.analyses.montecarlo import (
    HISTOGRAM_BINS,
    INTERVAL_VALUES,
    MIN_INTERVAL_WORLDS,
    MonteCarlo,
    interval_worlds,
    monte_carlo,
    probability_interval,
)
from scenarios.analyses.sampler import (
    BLOCK,
    VALUES_PER_PIECE,
    MonteCarloSettings,
    Progress,
    triangular,
)
from scenarios.analyses.sobol import SOBOL_MIN_SAMPLES, SOBOL_RESAMPLES, SOBOL_VALUES, Sobol, sobol
from scenarios.analyses.weight_moves import (
    CriticalWeights,
    Threshold,
    Tornado,
    critical_weights,
    file_weight,
    one_at_a_time,
    rescaled,
    tornado_weights,
)
from scenarios.core import arguments
from scenarios.core.choices import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_CONCENTRATION,
    DEFAULT_DELTA,
    DEFAULT_MC_SAMPLES,
    DEFAULT_METHODS,
    DEFAULT_SEED,
    DEFAULT_SOBOL_SAMPLES,
    METHODS,
    VALUE_DISTRIBUTIONS,
    Aggregation,
    Method,
    ValueDistribution,
)
from scenarios.core.display import frame_html, short_repr
from scenarios.core.errors import OptionError, Problem
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd


MIN_SAMPLES = 100  # fewer Monte Carlo samples give rank probabilities that are mostly noise


@dataclass(frozen=True)
class SensitivitySettings:
    """Options of `scenarios sensitivity` (and `scenarios.sensitivity()`), checked on creation
    so the API refuses what the command line refuses."""

    delta: float = DEFAULT_DELTA
    samples: int | None = None  # None: Monte Carlo 20,000; Sobol base N 1,024
    seed: int = DEFAULT_SEED
    concentration: float = DEFAULT_CONCENTRATION
    fixed_weights: bool = False
    values: ValueDistribution = "triangular"
    precision: float | None = None
    chunk_size: int = DEFAULT_CHUNK_SIZE
    memory_budget: int | None = None  # bytes; None: budget.default_budget()

    def __post_init__(self) -> None:
        arguments.number("delta", self.delta, at_least=0, at_most=1)
        if self.samples is not None:
            arguments.whole("samples", self.samples, at_least=MIN_SAMPLES)
        arguments.whole("seed", self.seed)
        arguments.number("concentration", self.concentration, at_least=0.001, at_most=1e6)
        if not isinstance(self.fixed_weights, bool):
            raise OptionError(
                Problem(f"fixed_weights: expected True or False (got {self.fixed_weights!r})")
            )
        arguments.choice("values", self.values, VALUE_DISTRIBUTIONS)
        if self.precision is not None:
            arguments.number("precision", self.precision, at_least=1e-6)
        arguments.whole("chunk_size", self.chunk_size, at_least=1)

    def monte_carlo(self) -> MonteCarloSettings:
        return MonteCarloSettings(
            samples=DEFAULT_MC_SAMPLES if self.samples is None else self.samples,
            seed=self.seed,
            concentration=self.concentration,
            fixed_weights=self.fixed_weights,
            values=self.values,
            precision=self.precision,
            chunk_size=self.chunk_size,
            memory_budget=self.memory_budget,
        )


@dataclass(frozen=True, eq=False)
class Sensitivity:
    """The results of the analyses that were asked for (None for the others)."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    workspace: Workspace
    aggregation: Aggregation
    methods: tuple[Method, ...]
    settings: SensitivitySettings
    tornado: Tornado | None = None
    critical: CriticalWeights | None = None
    monte_carlo: MonteCarlo | None = None
    sobol: Sobol | None = None

    def frames(self) -> dict[str, pd.DataFrame]:
        """One table a method run.

        Returns
        -------
        dict of str to pandas.DataFrame
            Among oat, critical, acceptability, mc_summary, pairwise, gates, sobol: the tables
            of the methods run.
        """
        frames = {}
        if self.tornado is not None:
            frames["oat"] = self.tornado.to_frame()
        if self.critical is not None:
            frames["critical"] = self.critical.to_frame()
        if self.monte_carlo is not None:
            frames["acceptability"] = self.monte_carlo.acceptability_frame()
            frames["mc_summary"] = self.monte_carlo.summary_frame()
            frames["pairwise"] = self.monte_carlo.pairwise_frame()
            if self.workspace.model.gates:
                frames["gates"] = self.monte_carlo.gates_frame()
        if self.sobol is not None:
            frames["sobol"] = self.sobol.to_frame()
        return frames


def analyse(
    ws: Workspace,
    methods: tuple[Method, ...] = DEFAULT_METHODS,
    aggregation: Aggregation | None = None,
    settings: SensitivitySettings | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Sensitivity:
    """Run the named analyses; ``progress(label, done, total)`` hears from the long ones."""
    settings = SensitivitySettings() if settings is None else settings
    aggregation = ws.model.aggregation if aggregation is None else aggregation
    for method in methods:
        arguments.choice("methods", method, METHODS)

    def hear(label: str) -> Progress | None:
        return None if progress is None else (lambda done, total: progress(label, done, total))

    return Sensitivity(
        ws,
        aggregation,
        tuple(methods),
        settings,
        tornado=one_at_a_time(ws, aggregation, settings.delta) if "oat" in methods else None,
        critical=critical_weights(ws, aggregation) if "critical" in methods else None,
        monte_carlo=monte_carlo(ws, aggregation, settings.monte_carlo(), hear("Monte Carlo"))
        if "mc" in methods
        else None,
        sobol=sobol(
            ws,
            aggregation,
            samples=DEFAULT_SOBOL_SAMPLES if settings.samples is None else settings.samples,
            seed=settings.seed,
            delta=settings.delta,
            fixed_weights=settings.fixed_weights,
            values=settings.values,
            progress=hear("Sobol"),
            memory_budget=settings.memory_budget,
        )
        if "sobol" in methods
        else None,
    )


__all__ = [
    "BLOCK",
    "HISTOGRAM_BINS",
    "INTERVAL_VALUES",
    "MIN_INTERVAL_WORLDS",
    "MIN_SAMPLES",
    "SOBOL_MIN_SAMPLES",
    "SOBOL_RESAMPLES",
    "SOBOL_VALUES",
    "VALUES_PER_PIECE",
    "CriticalWeights",
    "MonteCarlo",
    "MonteCarloSettings",
    "ProbabilityEffects",
    "Progress",
    "Sensitivity",
    "SensitivitySettings",
    "Sobol",
    "Threshold",
    "Tornado",
    "analyse",
    "critical_weights",
    "file_weight",
    "interval_worlds",
    "monte_carlo",
    "one_at_a_time",
    "probability_effects",
    "probability_interval",
    "rescaled",
    "sobol",
    "tornado_weights",
    "triangular",
]
