"""The commands that rank and explain: rank, explain, factors (matrix), whatifs, compare."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from scenarios.cli.commanding import Declared, command, scenario_options
from scenarios.cli.options import (
    NO_CHANGES,
    BaselineWhatifOpt,
    Command,
    FormatOpt,
    HorizonOpt,
    IntervalOpt,
    LangOpt,
    LinkSeedOpt,
    Options,
    OutputOpt,
    TableOpt,
    WatchOpt,
    WorkspaceOpt,
    complete_country,
    complete_whatif,
)
from scenarios.core.choices import DEFAULT_INTERVAL, DEFAULT_SEED
from scenarios.core.errors import OptionError, Problem


def _state_of(ranking: Any) -> Any:
    """What a ranking rests on, for --watch to say what moved since the last good run."""
    from scenarios.ledger.diffing import state_of

    return state_of(ranking, ranking.workspace.name)


@command(short_help="Rank the countries by score (and probability).", tables=("rankings",))
@scenario_options()
def rank(
    workspace: WorkspaceOpt = None,
    opts: Options = NO_CHANGES,
    horizon: HorizonOpt = None,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    seed: LinkSeedOpt = DEFAULT_SEED,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
    watch: WatchOpt = False,
    partial: Annotated[
        bool,
        typer.Option(
            "--partial",
            help="Rank only the countries that have every value; those with values still to "
            "fill are left out, and the caption says which.",
        ),
    ] = False,
) -> None:
    """Rank the countries by score, and by probability where the model has a link (each with
    its interval).

    \b
    Examples:
      scenarios rank
      scenarios rank --weight religious_resistance=2 --set UZ.us_engagement=8
      scenarios rank -w abraham-2020 -f csv -o rankings.csv
    """
    from scenarios.cli.answers import Question
    from scenarios.cli.output import Report, show

    def build() -> Report:  # what an answer kept spares: loading, ranking, drawing
        from scenarios import api
        from scenarios.analyses.provenance import meta_of
        from scenarios.cli import render

        result = api.rank(
            opts.workspace,
            **opts.changes,
            horizon=horizon,
            interval=interval,
            seed=seed,
            partial=partial,
        )
        meta = meta_of(
            result.workspace,
            aggregation=result.aggregation,
            horizon=result.horizon,
            interval=interval,
            seed=seed,
        )
        return Report(
            lambda: {"rankings": result.to_frame()},
            lambda: render.ranking(result),
            meta,
            state=lambda: _state_of(result),
        )

    # --panel DIR reads a folder outside the workspace: not an answer kept by its files
    question = (
        Question("rank", repr((opts, horizon, interval, seed, partial)), opts.workspace)
        if not isinstance(opts.panel, str)
        else None
    )
    show(build, format, output, watch, opts.workspace, lang, table, question)


@command(short_help="Why a country scores as it does, factor by factor.", tables=("explain",))
@scenario_options()
def explain(
    country: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The country: its id in any case, or its name (UZ, uz, Uzbekistan).",
            autocompletion=complete_country,
        ),
    ],
    workspace: WorkspaceOpt = None,
    opts: Options = NO_CHANGES,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    seed: LinkSeedOpt = DEFAULT_SEED,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
    evidence: Annotated[
        bool,
        typer.Option("--evidence", help="Add each factor's evidence: its note, sources and date."),
    ] = False,
    link: Annotated[
        bool,
        typer.Option(
            "--link", help="Add how the probability is made: the link's formula and intercept."
        ),
    ] = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Print everything: the evidence, the gap to the country ranked just above, "
            "what would change the rank, and how the probability is made (the link's formula).",
        ),
    ] = False,
) -> None:
    """Show why a country scores as it does: its score and probability, each factor's value,
    weight and contribution, and the factors that push and pull it; --evidence adds the evidence,
    --full also the gap to the country ranked just above it.

    \b
    Examples:
      scenarios explain UZ
      scenarios explain UZ --evidence
      scenarios explain UZ --link
      scenarios explain uzbekistan --whatif russia_weakened --full
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render
    from scenarios.cli.output import Report, emit

    expl = api.explain(opts.workspace, country, **opts.changes, interval=interval, seed=seed)
    emit(
        Report(
            lambda: {"explain": expl.to_frame()},
            lambda: render.explanation(
                expl,
                full=full,
                with_evidence=evidence,
                with_link=link,
                moves=api.what_would_change(expl.ranking) if full else None,
            ),
            meta_of(expl.ranking.workspace, country=expl.id, aggregation=expl.ranking.aggregation),
        ),
        format,
        output,
        lang,
        table,
    )


@command("factors", short_help="The countries × factors table of values.", tables=("matrix",))
@scenario_options(aggregation=False)
def factors(
    workspace: WorkspaceOpt = None,
    opts: Options = NO_CHANGES,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
) -> None:
    """The countries × factors table of values: ↑ marks a value that favours the outcome, ↓ one
    that works against it (and in a terminal, colour shows the same). Alias: matrix.

    \b
    Examples:
      scenarios factors
      scenarios factors -f csv -o matrix.csv
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render
    from scenarios.cli.output import Report, emit

    result = api.rank(opts.workspace, **opts.changes)
    emit(
        Report(
            lambda: {"matrix": result.matrix_frame()},
            lambda: render.matrix(result),
            meta_of(result.workspace),
        ),
        format,
        output,
        lang,
        table,
    )


matrix = Declared(
    factors,
    "matrix",
    {
        "cls": Command.listing("matrix"),
        "short_help": "Alias of factors.",
        "help": "Alias of `factors`: the countries × factors table of values.\n\n\b\nExample:\n"
        "  scenarios matrix",
    },
)


@command(short_help="List the what-if scenarios.", tables=("whatifs",))
def whatifs(
    workspace: WorkspaceOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
) -> None:
    """List the workspace's what-if scenarios with their titles and what they change.

    \b
    Examples:
      scenarios whatifs
      scenarios rank --whatif russia_weakened
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render
    from scenarios.cli.output import Report, emit

    listing = api.whatifs(workspace)
    ws = listing.workspace
    frames = lambda: {"whatifs": listing.to_frame()}  # noqa: E731
    emit(Report(frames, lambda: render.whatifs(ws), meta_of(ws)), format, output, table=table)


@command(short_help="The baseline against each what-if.", tables=("compare", "compare_drivers"))
@scenario_options(whatif=BaselineWhatifOpt)
def compare(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[NAME]...",
            help="What-ifs to compare with the baseline; default: all.",
            autocompletion=complete_whatif,
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    opts: Options = NO_CHANGES,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    seed: LinkSeedOpt = DEFAULT_SEED,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
    watch: WatchOpt = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Print every country's score, rank and probability under each what-if, and "
            "the factors behind each change.",
        ),
    ] = False,
) -> None:
    """What each what-if does to the ranking: who changes place and whose probability changes;
    --full gives every score, rank and probability, and the factors behind each change.

    \b
    Examples:
      scenarios compare
      scenarios compare russia_weakened gaza_escalation --full
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render
    from scenarios.cli.output import Report, show

    def build() -> Report:
        result = api.compare(opts.workspace, names, **opts.changes, interval=interval, seed=seed)
        ws = result.baseline.workspace
        if not result.scenarios:
            raise OptionError(
                Problem(
                    f"{ws.name} has no what-ifs to compare", hint="add YAML files under whatif/"
                )
            )
        frames = lambda: {"compare": result.to_frame(), "compare_drivers": result.drivers_frame()}  # noqa: E731
        return Report(
            frames,
            lambda: render.comparison(result, full=full),
            meta_of(ws, aggregation=result.baseline.aggregation, whatifs=list(result.scenarios)),
            state=lambda: _state_of(result.baseline),
        )

    show(build, format, output, watch, opts.workspace, lang, table)
