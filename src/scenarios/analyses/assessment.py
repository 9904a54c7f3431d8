"""The analyses a report shows, run once: ranking, sensitivity, what-ifs, cascade and backtest.

The numbers are the same in every language; the report only draws them. The ledger's history
and the signposts are added on top (`scenarios.api.report`), since they sit in a higher layer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.analyses import scoring
from scenarios.core.choices import (
    DEFAULT_CASCADE_RUNS,
    DEFAULT_DELTA,
    DEFAULT_MC_SAMPLES,
    DEFAULT_METHODS,
    DEFAULT_SEED,
    Aggregation,
)
from scenarios.core.errors import Problem, ScenariosError
from scenarios.workspace.scenario import HYPOTHETICAL, Change, WhatIf

if TYPE_CHECKING:
    from scenarios.analyses.cascading import Cascade
    from scenarios.analyses.comparison import Comparison
    from scenarios.analyses.likelihood import Backtest
    from scenarios.analyses.robustness import ProbabilityEffects, Sensitivity
    from scenarios.workspace.load import ReadPart, Workspace

COHORT = "abraham-2020"  # the bundled backtest cohort: the 2020 wave, scored as of end 2019

# each factor the backtest finds pointing the wrong way: its id, its ROC AUC alone, and the
# ranks with its weight at 0
WrongWay = tuple[str, float, np.ndarray]


@dataclass(frozen=True)
class Assessment:
    """Every analysis of a report that the workspace alone decides, computed once."""

    ranking: scoring.Ranking
    sensitivity: Sensitivity
    comparison: Comparison | None
    cascade: Cascade | None
    backtest: Backtest | None
    cohort: Workspace | None  # the workspace the backtest scored (None: no backtest)
    own_backtest: bool
    settings: dict[str, Any]
    notes: tuple[Problem, ...] = ()
    # each factor that the backtest finds pointing the wrong way (its ROC AUC alone below 0.5),
    # with that AUC and the ranking with its weight at 0
    wrong_way: tuple[WrongWay, ...] = ()
    # the tornado's and the critical weights' effects in probability points (None: no link,
    # or a panel)
    effects: ProbabilityEffects | None = None
    # a hypothetical page (--whatif, --weight, --set): the forecast's ranking, without them
    forecast: scoring.Ranking | None = None


def hypothetical(ws: Workspace) -> tuple[Change, ...]:
    """The changes that make the workspace a hypothetical rather than the forecast (what-ifs,
    weights and values set on the command line), in the order applied."""
    return tuple(c for c in ws.changes if isinstance(c, HYPOTHETICAL))


def wrong_way(
    ws: Workspace, ranking: scoring.Ranking, backtest: Backtest | None
) -> tuple[WrongWay, ...]:
    """The factors of the model that the backtest finds pointing the wrong way, each with its
    ROC AUC alone and the ranks with its weight at 0 (as if model.yaml said 0)."""
    from scenarios.core import engine
    from scenarios.workspace.whatif import apply_overrides

    if backtest is None:
        return ()
    factors = backtest.factors_frame()
    found = []
    for factor in factors.index:
        weighted = factor in ws.model.factors and ws.model.factors[factor].weight > 0
        if weighted and factors.loc[factor, "agreement"] == "wrong way":
            without = apply_overrides(ws, weights={factor: 0.0})
            scores = engine.scores(without.normalized, without.weights, ranking.aggregation)
            found.append((str(factor), float(factors.loc[factor, "roc_auc"]), engine.ranks(scores)))
    return tuple(found)


def resolved(ws: Workspace) -> bool:
    """True when the workspace's own outcomes can be scored: at least three have resolved (the
    horizon has passed since the evidence date, or the event happened), of both kinds."""
    from scenarios.analyses.likelihood import resolved_outcomes

    if ws.model.event is None:
        return False
    y = resolved_outcomes(ws, ws.model.horizon_years or 1.0).y
    return len(y) >= 3 and 0 < y.sum() < len(y)


def backtest_cohort(ws: Workspace, part: ReadPart | None = None) -> tuple[Workspace, bool] | None:
    """(workspace to backtest, whether it is the workspace itself): the workspace when its own
    outcomes are resolved, else the bundled cohort when it has the same factors, else None.
    `part` reads the cohort's panel/ (the caller's reader: this layer knows no panels)."""
    from scenarios.workspace.find import bundled_root, is_workspace
    from scenarios.workspace.load import load_workspace

    if resolved(ws):
        return ws, True
    root = bundled_root() / COHORT
    if not is_workspace(root) or Path(ws.root).resolve() == root.resolve():
        return None
    cohort = load_workspace(root, part=part)
    if set(cohort.factor_ids) != set(ws.factor_ids):
        return None
    return cohort, False


def _comparison(
    ws: Workspace, ranking: scoring.Ranking, horizon: float | None
) -> Comparison | None:
    """The what-ifs not applied already, against the page's ranking."""
    from scenarios.analyses.comparison import compare

    applied = {c.name for c in ws.changes if isinstance(c, WhatIf)}
    remaining = [name for name in ws.whatifs if name not in applied]
    if not remaining:
        return None
    return compare(
        ws,
        remaining,
        ranking.aggregation,
        # the page's own ranking is the comparison's baseline where they are the same
        baseline=ranking if horizon is None else None,
    )


def _cascade(
    ws: Workspace, ranking: scoring.Ranking, runs: int, seed: int, notes: list[Problem]
) -> Cascade | None:
    """The cascade over whole years (a note says why it is left out otherwise)."""
    from scenarios.analyses.cascading import cascade

    if ranking.link is None or ws.model.cascade is None:
        return None
    years = ranking.horizon or 1.0
    if float(years).is_integer() and years >= 1:
        return cascade(ws, ranking.scores, ranking.link, horizon=years, runs=runs, seed=seed)
    notes.append(
        Problem(
            f"the cascade section is left out: it simulates whole years, not {years:g}",
            hint="use a whole --horizon",
        )
    )
    return None


def _backtest(
    ws: Workspace, ranking: scoring.Ranking, horizon: float | None, part: ReadPart | None
) -> tuple[Backtest | None, Workspace | None, bool]:
    """(backtest, the workspace it scored, whether that is the workspace itself)."""
    from scenarios.analyses import likelihood

    found = backtest_cohort(ws, part)
    if found is None:
        return None, None, False
    cohort, own = found
    scores = ranking.scores if own else scoring.rank(cohort, ranking.aggregation).scores
    try:
        backtest = likelihood.backtest(
            cohort, scores, horizon if own else None, ranking.aggregation
        )
    except ScenariosError:
        return None, None, own
    return backtest, cohort, own


def assess(
    ws: Workspace,
    *,
    aggregation: Aggregation | None = None,
    horizon: float | None = None,
    samples: int = DEFAULT_MC_SAMPLES,
    seed: int = DEFAULT_SEED,
    runs: int = DEFAULT_CASCADE_RUNS,
    delta: float = DEFAULT_DELTA,
    progress: Callable[[str, int, int], None] | None = None,
    part: ReadPart | None = None,
) -> Assessment:
    """Run every analysis of the report that the workspace alone decides (`part`: the reader
    of a backtest cohort's panel/, passed in by the API)."""
    from scenarios.analyses import robustness

    ranking = scoring.rank(ws, aggregation, horizon)
    forecast = None
    if hypothetical(ws) and ws.origin is not None:
        forecast = scoring.rank(ws.origin, ranking.aggregation, horizon)
    settings = robustness.SensitivitySettings(delta=delta, samples=samples, seed=seed)
    sensitivity = robustness.analyse(ws, DEFAULT_METHODS, ranking.aggregation, settings, progress)
    comparison = _comparison(ws, ranking, horizon)
    notes: list[Problem] = []
    cascade = _cascade(ws, ranking, runs, seed, notes)
    backtest, cohort, own = _backtest(ws, ranking, horizon, part)
    effects = (
        robustness.probability_effects(
            ws, sensitivity.tornado, sensitivity.critical, ranking.horizon, ranking.aggregation
        )
        if ranking.horizon is not None
        else None
    )
    return Assessment(
        effects=effects,
        wrong_way=wrong_way(ws, ranking, backtest),
        forecast=forecast,
        ranking=ranking,
        sensitivity=sensitivity,
        comparison=comparison,
        cascade=cascade,
        backtest=backtest,
        cohort=cohort,
        own_backtest=own,
        settings={
            "aggregation": ranking.aggregation,
            "horizon": ranking.horizon,
            "samples": sensitivity.monte_carlo.samples if sensitivity.monte_carlo else samples,
            "seed": seed,
            "runs": runs if cascade is not None else None,
            "delta": delta,
        },
        notes=tuple(notes),
    )
