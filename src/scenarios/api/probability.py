"""The link from scores to probabilities: calibration, the base-rate check, variants, the
backtest, and the cascade."""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from scenarios.api.common import WorkspaceLike
from scenarios.api.keywords import (
    ScenarioOptions,
)
from scenarios.api.ranking import rank
from scenarios.core.choices import (
    DEFAULT_CASCADE_RUNS,
    DEFAULT_INTERVAL,
    DEFAULT_SEED,
    Aggregation,
)
from scenarios.workspace.whatif import Sets, Weights

if TYPE_CHECKING:
    from scenarios.analyses.cascading import Cascade
    from scenarios.analyses.likelihood import Backtest, BaseRateCheck, Fit, Variants


def calibrate(
    ws: WorkspaceLike = None,
    *,
    aggregation: Aggregation | None = None,
    horizon: float | None = None,
) -> Fit:
    """Fit the link's intercept and slope to the outcomes recorded in the profiles.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
        Its profiles record outcomes.
    aggregation : "additive" or "geometric" (default: the model's)
    horizon : years (default: the model's)

    Returns
    -------
    Fit
        ``to_frame()``: the link's intercept and slope with their spread, in one row.
    """
    from scenarios.analyses.likelihood import calibrate_workspace

    ranking = rank(ws, aggregation=aggregation)
    return calibrate_workspace(
        ranking.workspace, ranking.scores, horizon, aggregation=ranking.aggregation
    )


def base_rate_check(
    ws: WorkspaceLike = None,
    *,
    weights: Weights | None = None,
    sets: Sets | None = None,
    aggregation: Aggregation | None = None,
) -> BaseRateCheck | None:
    """Calibration in the large: the events the link expects among the base rate's states over
    its window, against those observed (None where the intercept is not derived from a base rate
    whose states the workspace scores).

    Parameters
    ----------
    ws: the workspace; weights, sets: edits of this run, as on the command line;
    aggregation: "additive" or "geometric" (default: the model's).

    Returns
    -------
    BaseRateCheck, whose ``total`` equals ``observed`` to the precision of the fit.
    """
    from scenarios.analyses.likelihood import base_rate_check as check

    ranking = rank(ws, weights=weights, sets=sets, aggregation=aggregation)
    return check(ranking.workspace, ranking.aggregation)


def variants(
    ws: WorkspaceLike = None,
    *,
    aggregation: Aggregation | None = None,
    horizon: float | None = None,
) -> Variants:
    """The link fitted on the cohort's own rule and on each of model.yaml's `variants`.

    Parameters
    ----------
    ws: a workspace with resolved outcomes (a backtest cohort such as abraham-2020);
    aggregation: "additive" or "geometric"; horizon: years (default: the model's).

    Returns
    -------
    Variants, whose ``to_frame()`` has one row a variant: outcomes, events, slope, slope_sd,
    loo_skill (leave-one-out Brier skill) and roc_auc.
    """
    from scenarios.analyses.likelihood import fit_variants

    ranking = rank(ws, aggregation=aggregation)
    return fit_variants(ranking.workspace, ranking.aggregation, horizon)


def backtest(
    ws: WorkspaceLike = None,
    *,
    aggregation: Aggregation | None = None,
    horizon: float | None = None,
) -> Backtest:
    """Score the recorded outcomes against the model: Brier, skill, log loss, ROC AUC.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
        A cohort with resolved outcomes (such as abraham-2020).
    aggregation, horizon : as for `calibrate`

    Returns
    -------
    Backtest
        ``summary_frame()``, ``predictions_frame()``, ``factors_frame()`` ...
    """
    from scenarios.analyses.likelihood import backtest as run_backtest

    ranking = rank(ws, aggregation=aggregation)
    return run_backtest(ranking.workspace, ranking.scores, horizon, ranking.aggregation)


def cascade(
    ws: WorkspaceLike = None,
    *,
    horizon: float | None = None,
    runs: int = DEFAULT_CASCADE_RUNS,
    seed: int = DEFAULT_SEED,
    interval: float = DEFAULT_INTERVAL,
    memory_budget: int | None = None,
    **options: Unpack[ScenarioOptions],
) -> Cascade:
    """Year-by-year simulation of joining, with and without the peer effect; the link's
    parameters and the peer effect are drawn per group of runs, giving each probability by the
    horizon its central `interval`.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    horizon, interval, seed, **options : as for `rank`
    runs : the simulated runs
    memory_budget : bytes a run may use (default: half of the memory available)

    Returns
    -------
    Cascade
        ``by_year_frame()``, ``spur_frame()``, ``count_frame()`` ...
    """
    from scenarios.analyses.cascading import cascade as run_cascade

    ranking = rank(
        ws,
        **options,
        horizon=horizon,
    )
    return run_cascade(
        ranking.workspace,
        ranking.scores,
        ranking.link,
        horizon=horizon,
        runs=runs,
        seed=seed,
        level=interval,
        memory_budget=memory_budget,
    )
