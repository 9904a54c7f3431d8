"""Every set of allowed values and every default, spelled once.

The schema, the kernels, the analyses, the Python API and the command line all take their
choices from here (the tuples are derived from the Literal types, never typed twice).
"""

from __future__ import annotations

from typing import Literal, get_args

Aggregation = Literal["additive", "geometric"]
AGGREGATIONS: tuple[Aggregation, ...] = get_args(Aggregation)

Direction = Literal["for", "against"]
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)

# Ordered from least to most sure: the index is used as a number (0, 1, 2).
Confidence = Literal["low", "medium", "high"]
CONFIDENCE_LEVELS: tuple[Confidence, ...] = get_args(Confidence)

State = Literal["joined", "not_joined"]

# What a value rests on, where not (only) on its sources: the analyst's background knowledge.
Basis = Literal["background"]

# Which way an indicator to watch would move its factor's value.
Shift = Literal["up", "down"]

Method = Literal["oat", "critical", "mc", "sobol"]
METHODS: tuple[Method, ...] = get_args(Method)
DEFAULT_METHODS: tuple[Method, ...] = ("oat", "critical", "mc")

ValueDistribution = Literal["triangular", "uniform", "fixed"]
VALUE_DISTRIBUTIONS: tuple[ValueDistribution, ...] = get_args(ValueDistribution)

Missing = Literal["error", "midpoint"]

LinkBasis = Literal["fitted", "assumed"]

# A panel of analysts (panel/*.yaml): how their values and probabilities combine, how their
# disagreement enters the Monte Carlo, and how much each analyst weighs.
PanelValues = Literal["mean", "median", "trimmed_mean"]
PANEL_VALUES: tuple[PanelValues, ...] = get_args(PanelValues)
PanelProbabilities = Literal["linear_pool", "log_odds"]
PANEL_PROBABILITIES: tuple[PanelProbabilities, ...] = get_args(PanelProbabilities)
PanelAnalysts = Literal["equal", "performance"]
PANEL_ANALYSTS: tuple[PanelAnalysts, ...] = get_args(PanelAnalysts)
PanelUncertainty = Literal["pool", "widen"]
PANEL_UNCERTAINTY: tuple[PanelUncertainty, ...] = get_args(PanelUncertainty)
DEFAULT_TRIM = 0.2  # the share of the analysts' weight a trimmed mean cuts from each end

OutputFormat = Literal["table", "csv", "json", "markdown"]

# The language of names and labels: English, or Arabic (`name_ar`, `label_ar`).
Language = Literal["en", "ar"]

DEFAULT_SEED = 20251106  # the day Kazakhstan's accession was announced
DEFAULT_MC_SAMPLES = 20_000
MIN_REPORT_SAMPLES = 100  # the fewest Monte Carlo samples a report takes
DEFAULT_SOBOL_SAMPLES = 1024
DEFAULT_CHUNK_SIZE = 20_000
DEFAULT_CONCENTRATION = 100.0
DEFAULT_DELTA = 0.5
DEFAULT_CASCADE_RUNS = 20_000
DEFAULT_INTERVAL = 0.9  # the width of every probability interval
DEFAULT_LINK_SAMPLES = 10_000  # draws of the link's parameters behind an interval
