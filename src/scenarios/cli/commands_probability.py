"""The commands of the probability and its track record: backtest, calibrate, cascade."""

from __future__ import annotations

from typing import Annotated

import typer

from scenarios.cli.commanding import command, scenario_options
from scenarios.cli.options import (
    NO_CHANGES,
    AggregationChoice,
    AggregationOpt,
    FormatOpt,
    FullOpt,
    HorizonOpt,
    IntervalOpt,
    LangOpt,
    MemoryBudgetOpt,
    Options,
    OutputOpt,
    SeedOpt,
    TableOpt,
    WorkspaceOpt,
    plain,
)
from scenarios.core.choices import (
    DEFAULT_CASCADE_RUNS,
    DEFAULT_INTERVAL,
    DEFAULT_SEED,
    Aggregation,
)


def _value(choice: AggregationChoice | None) -> Aggregation | None:
    return None if choice is None else plain(choice)


@command(
    short_help="Score the method against outcomes already known.",
    tables=("backtest", "factors", "predictions", "reliability", "variants", "cohort"),
)
def backtest(
    workspace: WorkspaceOpt = None,
    aggregation: AggregationOpt = None,
    horizon: HorizonOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
    full: FullOpt = False,
) -> None:
    """Score the profiles whose outcome is known against it: Brier, skill, log loss, ROC AUC,
    reliability, and leave-one-out calibration.

    \b
    Example:
      scenarios backtest -w abraham-2020
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render
    from scenarios.cli.output import Report, emit

    bt = api.backtest(workspace, aggregation=_value(aggregation), horizon=horizon)
    ws = bt.workspace
    frames = lambda: {  # noqa: E731
        "backtest": bt.summary_frame(),
        "factors": bt.factors_frame(),
        "predictions": bt.predictions_frame(),
        "reliability": bt.reliability_frame(),
        **({} if bt.variants is None else {"variants": bt.variants.to_frame()}),
        "cohort": bt.cohort_frame(),
    }
    emit(
        Report(
            frames,
            lambda: render.backtest(bt, full=full),
            meta_of(ws, aggregation=bt.aggregation, horizon=bt.horizon, cohort_hash=bt.cohort_hash),
        ),
        format,
        output,
        lang,
        table,
    )


@command(
    short_help="Fit the link to observed outcomes; print it for model.yaml.",
    tables=("calibration", "base_rate_check", "variants"),
)
def calibrate(
    workspace: WorkspaceOpt = None,
    aggregation: AggregationOpt = None,
    horizon: HorizonOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    full: FullOpt = False,
) -> None:
    """Check the link against its base rate, and fit its intercept and slope to the observed
    outcomes (regularised maximum likelihood, prior centred on the base rate), printing the
    `link:` block for model.yaml.

    Where the intercept comes from a base rate whose states the workspace scores, the check
    comes first: the joins the link expects among them over the base rate's window, against
    those observed. A workspace whose outcomes have not resolved gets the check alone.

    \b
    Examples:
      scenarios calibrate
      scenarios calibrate -w abraham-2020
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render
    from scenarios.cli.output import Report, emit
    from scenarios.core.errors import WorkspaceError

    ws = api.prepare(workspace)
    check = api.base_rate_check(ws, aggregation=_value(aggregation))
    fit, unfitted = None, ""
    try:
        fit = api.calibrate(ws, aggregation=_value(aggregation), horizon=horizon)
    except WorkspaceError:
        if check is None:
            raise
        from scenarios.analyses.likelihood import resolved_outcomes
        from scenarios.core.errors import plural

        outcomes = resolved_outcomes(ws, horizon or ws.model.horizon_years or 1.0)
        unfitted = f"{plural(len(outcomes.y), 'outcome')} resolved; a fit needs 3, both kinds"
        if outcomes.unresolved:
            unfitted += f"; the first resolve on {outcomes.resolves}"
    frames = {}
    found = None
    if fit is not None:
        frames["calibration"] = fit.to_frame()
    if check is not None:
        frames["base_rate_check"] = check.to_frame()
    if fit is not None:
        found = api.variants(ws, aggregation=_value(aggregation), horizon=horizon)
        if len(found.fits) > 1:
            frames["variants"] = found.to_frame()
    emit(
        Report(
            lambda: frames,
            lambda: render.calibration(check, fit, unfitted, found, full=full),
            meta_of(ws, horizon=fit.horizon if fit is not None else horizon),
        ),
        format,
        output,
        table=table,
    )


@command(
    short_help="Will one state's joining spur the others?",
    tables=(
        "cascade_spur",
        "cascade_by_year",
        "cascade_count",
        "cascade_orders",
        "cascade_conditional",
    ),
)
@scenario_options()
def cascade(
    workspace: WorkspaceOpt = None,
    opts: Options = NO_CHANGES,
    horizon: HorizonOpt = None,
    runs: Annotated[int, typer.Option(min=1, metavar="N", help="Simulated histories.")] = (
        DEFAULT_CASCADE_RUNS
    ),
    seed: SeedOpt = DEFAULT_SEED,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    memory_budget: MemoryBudgetOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
    full: FullOpt = False,
) -> None:
    """Will one state's joining spur the others? A year-by-year simulation with a peer effect.
    Its probabilities include the peer effect; those of `scenarios rank` leave it out.

    \b
    Examples:
      scenarios cascade
      scenarios cascade --runs 100000 --horizon 3
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render
    from scenarios.cli.output import Report, emit

    result = api.rank(opts.workspace, **opts.changes, horizon=horizon)
    c = api.cascade(
        result.workspace,
        horizon=horizon,
        runs=runs,
        seed=seed,
        interval=interval,
        memory_budget=memory_budget,
    )
    ws = c.workspace
    frames = lambda: {  # noqa: E731
        "cascade_spur": c.spur_frame(),
        "cascade_by_year": c.by_year_frame(),
        "cascade_count": c.count_frame(),
        "cascade_orders": c.orders_frame(),
        "cascade_conditional": c.conditional_frame(),
    }
    emit(
        Report(
            frames,
            lambda: render.cascade(c, result, full=full),
            meta_of(ws, seed=seed, runs=runs, horizon=c.horizon, peer_effect=list(c.peer_effect)),
        ),
        format,
        output,
        lang,
        table,
    )
