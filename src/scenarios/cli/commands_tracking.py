"""Following the assessment over time: record, history, diff, signposts, score."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from scenarios.cli.commanding import command, scenario_options
from scenarios.cli.options import (
    NO_CHANGES,
    FormatOpt,
    FullOpt,
    HorizonOpt,
    IntervalOpt,
    LangOpt,
    LedgerOpt,
    LinkSeedOpt,
    Options,
    OutputOpt,
    TableOpt,
    WatchOpt,
    WorkspaceOpt,
    complete_country,
    parse_date,
)
from scenarios.core.choices import DEFAULT_INTERVAL, DEFAULT_SEED

CountriesArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ID]...",
        help="Countries to show (id in any case, or name); default: all.",
        autocompletion=complete_country,
    ),
]


@command(short_help="Append the current forecast to the workspace's ledger.", tables=("record",))
@scenario_options(panel=False)
def record(
    note: Annotated[
        str, typer.Option("--note", "-n", metavar="TEXT", help="Why this update: what came in.")
    ] = "",
    date: Annotated[
        dt.date | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            parser=parse_date,
            help="The day of the forecast (from the evidence date to today); default: today.",
        ),
    ] = None,
    ledger: LedgerOpt = None,
    workspace: WorkspaceOpt = None,
    opts: Options = NO_CHANGES,
    horizon: HorizonOpt = None,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    seed: LinkSeedOpt = DEFAULT_SEED,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Append the current forecast to the ledger (ledger.jsonl in the workspace folder): each
    country's score, rank, probability and interval, with the date, the workspace's content hash,
    the tool version, the options, the seed and the values and weights behind them.

    \b
    Examples:
      scenarios record --ledger forecasts.jsonl --note "after the C5+1 summit"
      scenarios record --ledger forecasts.jsonl --date 2026-06-01
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli.output import Report, emit
    from scenarios.ledger.records import check_date

    ws = api.prepare(opts.workspace)
    if date is not None:
        check_date(date, ws, "--date")  # as the API does, naming the option
    done = api.record(
        ws,
        note=note,
        date=date,
        ledger=ledger,
        **opts.changes,
        horizon=horizon,
        interval=interval,
        seed=seed,
    )
    from scenarios.cli import render_tracking
    from scenarios.ledger.records import landed_note

    try:
        emit(
            Report(
                lambda: {"record": done.to_frame()},
                lambda: render_tracking.recorded(done),
                meta_of(done.ranking.workspace, ledger=str(done.path), record=done.record.record),
            ),
            format,
            output,
            lang,
            table,
        )
    except KeyboardInterrupt:  # the record has landed: say so, or the user records it again
        raise landed_note(done.record, done.path) from None


@command(
    short_help="How each country's probability and rank moved across records.",
    tables=("history", "records"),
)
def history(
    countries: CountriesArg = None,
    ledger: LedgerOpt = None,
    workspace: WorkspaceOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
) -> None:
    """How each country's probability and rank moved across the ledger's records (a sparkline a
    country), with each record's date and note.

    \b
    Examples:
      scenarios history
      scenarios history UZ KG -f csv
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render_tracking
    from scenarios.cli.output import Report, emit

    ws = api.prepare(workspace)
    h = api.history(ws, countries or (), ledger=ledger)
    emit(
        Report(
            h.frames, lambda: render_tracking.history(h), meta_of(ws, ledger=str(h.ledger.path))
        ),
        format,
        output,
        lang,
        table,
    )


@command(
    short_help="What changed between two states, and why each country moved.",
    tables=("diff", "diff_edits", "diff_attribution", "diff_swaps"),
)
def diff(
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            help="A folder, record:N of the ledger (record:-1 the last), or a git revision of "
            "the workspace's repository (git:REV to be explicit).",
        ),
    ],
    new: Annotated[
        str | None,
        typer.Argument(metavar="NEW", help="The same kinds; default: the workspace as it is."),
    ] = None,
    ledger: LedgerOpt = None,
    workspace: WorkspaceOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
    watch: WatchOpt = False,
) -> None:
    """Compare two states of a workspace: the values, ranges, weights and statuses that changed,
    and each country's change of score, rank and probability with the edits behind it.

    \b
    Examples:
      scenarios diff HEAD
      scenarios diff HEAD -f csv
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render_tracking
    from scenarios.cli.output import Report, show

    def build() -> Report:
        ws = api.prepare(workspace)
        d = api.diff(old, new, workspace=ws, ledger=ledger)
        return Report(
            d.frames,
            lambda: render_tracking.diff(d),
            meta_of(ws, old=old, new=new or ws.name),
            state=lambda: d.new,
        )

    show(build, format, output, watch, workspace, lang, table)


@command(
    short_help="What would have to change for each country to move one rank.",
    tables=("signposts", "signpost_thresholds", "indicators"),
)
@scenario_options(panel=False)
def signposts(
    workspace: WorkspaceOpt = None,
    opts: Options = NO_CHANGES,
    horizon: HorizonOpt = None,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    seed: LinkSeedOpt = DEFAULT_SEED,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
    full: FullOpt = False,
) -> None:
    """For each country, the smallest change of one value that would move it one rank up or
    down; and, for each indicator named in model.yaml, the change of rank and probability it
    would cause if it happened.

    \b
    Examples:
      scenarios signposts
      scenarios signposts --whatif gaza_escalation -f csv -o signposts/
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render
    from scenarios.cli.output import Report, emit

    sp = api.signposts(
        opts.workspace, **opts.changes, horizon=horizon, interval=interval, seed=seed
    )
    frames = lambda: {  # noqa: E731
        "signposts": sp.to_frame(),
        "signpost_thresholds": sp.thresholds_frame(),
        "indicators": sp.indicators_frame(),
    }
    emit(
        Report(
            frames,
            lambda: render.signposts(sp, full=full),
            meta_of(sp.workspace, aggregation=sp.ranking.aggregation, seed=seed),
        ),
        format,
        output,
        lang,
        table,
    )


@command(
    short_help="Score the ledger's forecasts whose outcomes have resolved.",
    tables=("scores", "forecasts"),
)
def score(
    ledger: LedgerOpt = None,
    workspace: WorkspaceOpt = None,
    today: Annotated[
        dt.date | None,
        typer.Option(
            "--today",
            metavar="YYYY-MM-DD",
            parser=parse_date,
            help="Score as things stand on this day; default: today.",
        ),
    ] = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Score every ledger record's forecasts whose outcome has resolved (a join within the
    horizon, recorded under a profile's status; or the horizon passed without one): Brier and
    log scores per record and over time, against the base rate. Nothing is scored before it
    resolves.

    \b
    Examples:
      scenarios score
      scenarios score --today 2031-06-01 -f csv --table forecasts
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render_tracking
    from scenarios.cli.output import Report, emit

    sc = api.score(workspace, ledger=ledger, today=today)
    emit(
        Report(
            sc.frames,
            lambda: render_tracking.scorecard(sc),
            meta_of(sc.workspace, ledger=str(sc.ledger.path), today=sc.today.isoformat()),
        ),
        format,
        output,
        lang,
        table,
    )
