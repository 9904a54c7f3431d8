"""How robust is the ranking: the sensitivity command."""

from __future__ import annotations

from typing import Annotated

import typer

from scenarios.cli.commanding import command, scenario_options
from scenarios.cli.options import (
    NO_CHANGES,
    FormatOpt,
    FullOpt,
    LangOpt,
    MemoryBudgetOpt,
    Method,
    Options,
    OutputOpt,
    SeedOpt,
    TableOpt,
    ValuesChoice,
    WatchOpt,
    WorkspaceOpt,
    choices,
    plain,
)
from scenarios.core.choices import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_CONCENTRATION,
    DEFAULT_DELTA,
    DEFAULT_METHODS,
    DEFAULT_SEED,
    ValueDistribution,
)
from scenarios.core.choices import Method as MethodName


@command(
    short_help="How robust is the ranking?",
    tables=("critical", "mc_summary", "oat", "acceptability", "pairwise", "gates", "sobol"),
)
@scenario_options()
def sensitivity(
    method: Annotated[
        list[Method] | None,
        typer.Option(
            "--method",
            "-m",
            metavar=choices(MethodName),
            help="Analysis to run (repeatable): oat (tornado), critical "
            "(critical weights), mc (Monte Carlo), sobol. Default: oat, critical, mc.",
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    opts: Options = NO_CHANGES,
    delta: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            metavar="FRACTION",
            help="Relative weight change for oat (and the weight range for sobol).",
        ),
    ] = DEFAULT_DELTA,
    samples: Annotated[
        int | None,
        typer.Option(
            min=100,
            metavar="N",
            help="Monte Carlo samples (default 20,000), or the Sobol base N (default 1,024; "
            "rounded up to a power of two).",
        ),
    ] = None,
    seed: SeedOpt = DEFAULT_SEED,
    concentration: Annotated[
        float,
        typer.Option(
            min=0.001,
            max=1e6,
            metavar="NUMBER",
            help="Dirichlet concentration of the sampled weights around the base weights "
            "(larger = closer).",
        ),
    ] = DEFAULT_CONCENTRATION,
    fixed_weights: Annotated[
        bool,
        typer.Option("--fixed-weights", help="Keep the weights fixed; sample the values only."),
    ] = False,
    values: Annotated[
        ValuesChoice,
        typer.Option(
            metavar=choices(ValueDistribution),
            help="How values are drawn within low–high: triangular (peak at the value), "
            "uniform, or fixed.",
        ),
    ] = "triangular",
    precision: Annotated[
        float | None,
        typer.Option(
            min=1e-6,
            metavar="SE",
            help="Monte Carlo: stop once every rank probability's standard error is below "
            "this (or --samples is reached).",
        ),
    ] = None,
    chunk_size: Annotated[
        int,
        typer.Option(
            min=1,
            metavar="N",
            help="Monte Carlo samples per chunk (memory); results do not depend on it.",
        ),
    ] = DEFAULT_CHUNK_SIZE,
    memory_budget: MemoryBudgetOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
    watch: WatchOpt = False,
    full: FullOpt = False,
) -> None:
    """How robust is the ranking? One weight at a time (oat, a tornado), the critical weights
    that reorder it, Monte Carlo over uncertain weights and values (mc), Sobol indices (sobol).

    \b
    Examples:
      scenarios sensitivity
      scenarios sensitivity -m critical
      scenarios sensitivity -m mc --samples 100000 --seed 7
      scenarios sensitivity -m sobol
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of, sensitivity_meta
    from scenarios.cli import render
    from scenarios.cli.output import ProgressBar, Report, main_first, show

    methods = [plain(m) for m in method] if method else list(DEFAULT_METHODS)

    def build() -> Report:
        with ProgressBar() as bar:
            result = api.sensitivity(
                opts.workspace,
                methods,
                **opts.changes,
                progress=bar,
                delta=delta,
                samples=samples,
                seed=seed,
                concentration=concentration,
                fixed_weights=fixed_weights,
                values=plain(values),
                precision=precision,
                chunk_size=chunk_size,
                memory_budget=memory_budget,
            )
        ws = result.workspace
        ranking = api.rank(ws, aggregation=result.aggregation) if result.sobol is not None else None
        meta = meta_of(
            ws,
            aggregation=result.aggregation,
            methods=list(result.methods),
            **sensitivity_meta(result),
        )
        return Report(
            lambda: main_first(result.frames(), "critical", "mc_summary"),
            lambda: render.sensitivity(result, ranking, full=full),
            meta,
        )

    show(build, format, output, watch, opts.workspace, lang, table)
