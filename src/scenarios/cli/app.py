"""The `scenarios` command line: parse options, call the core, hand results to render/export.

Errors from the core (ScenariosError) become one line each on stderr and exit status 2.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Protocol, cast

import typer
from typer.core import TyperGroup

from scenarios.cli.options import (
    AggregationOpt,
    Command,
    Format,
    FormatOpt,
    FullOpt,
    Group,
    HorizonOpt,
    IntervalOpt,
    Lang,
    LangOpt,
    LedgerOpt,
    LinkSeedOpt,
    MemoryBudgetOpt,
    Method,
    NoPanelOpt,
    Options,
    OutputOpt,
    PanelAggregateOpt,
    PanelOpt,
    SeedOpt,
    SetOpt,
    TableOpt,
    ValuesChoice,
    WatchOpt,
    WeightOpt,
    WhatifOpt,
    WorkspaceOpt,
    choices,
    complete_country,
    complete_whatif,
    parse_date,
)
from scenarios.core.choices import (
    DEFAULT_CASCADE_RUNS,
    DEFAULT_INTERVAL,
    DEFAULT_MC_SAMPLES,
    DEFAULT_METHODS,
    DEFAULT_SEED,
    Aggregation,
)
from scenarios.core.choices import Method as MethodName
from scenarios.core.errors import (
    Interrupted,
    OptionError,
    OutputError,
    Problem,
    ScenariosError,
    plural,
)


class _UsageError(Protocol):
    exit_code: int

    def format_message(self) -> str: ...


def _is_usage_error(exc: BaseException) -> bool:
    # click's UsageError and BadParameter (typer may ship click under another module name)
    return hasattr(exc, "format_message") and isinstance(getattr(exc, "exit_code", None), int)


SHAPES = {"--weight": "FACTOR=WEIGHT", "--set": "ID.FACTOR=VALUE"}


def _value_split_in_two(args: list[str]) -> str | None:
    """`--weight religious_resistance 2` (the value split from its name by a space): what the
    user meant, said as the fix."""

    for i, arg in enumerate(args[:-2]):
        name, value = args[i + 1], args[i + 2]
        if arg in SHAPES and "=" not in name and not value.startswith("-"):
            return f"{arg} {name} {value}: write {SHAPES[arg]} as one word: {arg} {name}={value}"
    return None


class RootGroup(TyperGroup):
    """The top-level command group: click's and typer's own errors (an unknown option, a bad
    choice, a missing argument) are printed by the same one-line printer as every other error,
    `error: ... (see 'COMMAND --help')`, with their exit status (2), in process as from the
    console script."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        try:
            status = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:  # end of input at a prompt: as click says it in standalone mode
            typer.echo("Aborted!", err=True)
            sys.exit(1)
        except Exception as exc:
            if not _is_usage_error(exc):
                raise
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
                typer.echo(ctx.get_help())
                sys.exit(0)
            usage = cast("_UsageError", exc)
            sys.exit(_usage_error(usage, ctx, argv))
        sys.exit(status if isinstance(status, int) else 0)


def _usage_error(usage: _UsageError, ctx: Any, argv: list[str]) -> int:
    """Print click's error as one `error:` line; its exit status."""
    from scenarios.cli.output import error_line

    command = ctx.command_path if ctx is not None else "scenarios"
    message = usage.format_message().replace("Value error, ", "")
    if "unexpected extra argument" in message:
        message = _value_split_in_two(argv) or message
    error_line(f"{message} (see '{command} --help')")
    return usage.exit_code


app = typer.Typer(
    name="scenarios",
    cls=RootGroup,
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: wraps to the screen, reads well at 80 columns
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from scenarios._version import __version__

        typer.echo(f"scenarios {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Print output longer than the window as it is, not through the pager "
            "(SCENARIOS_PAGER, else PAGER, else less -FRX); as SCENARIOS_PAGER= (empty).",
        ),
    ] = False,
) -> None:
    """Transparent, reproducible likelihood rankings from weighted factors in YAML.

    \b
    Start with:
      scenarios rank             rank the workspace you are in, or the bundled one
      scenarios explain UZ       why a country scores as it does
      scenarios init mine        a workspace of your own to edit
      scenarios COMMAND -h       each command's options, with examples
    """
    from scenarios.cli import output

    output.paging = not no_pager


def reporting(func: Callable[..., Any]) -> Callable[..., Any]:
    """The function, with the core's errors turned into one-line messages and exit status 2."""

    @functools.wraps(func)
    def wrapper(*a: Any, **kw: Any) -> Any:
        from scenarios.cli.output import check_choice, report_problems

        try:
            if "format" in kw:  # before the work: a format that cannot give what was asked
                check_choice(kw["format"], kw.get("output"), kw.get("table"))
            return func(*a, **kw)
        except ScenariosError as exc:
            report_problems(exc.problems)
            raise typer.Exit(2) from None
        except Interrupted as exc:  # Ctrl-C after work that landed: say what was kept
            report_problems([Problem(exc.done)], kind="interrupted")
            raise typer.Exit(130) from None
        except MemoryError:  # beyond the estimates (budget.py): still one line, not a trace
            report_problems(
                [
                    Problem(
                        "out of memory",
                        hint="use fewer samples or runs, or a smaller --memory-budget so "
                        "that runs this large are refused before they start",
                    )
                ]
            )
            raise typer.Exit(2) from None

    return wrapper


def command(
    *args: Any, tables: tuple[str, ...] = (), **kwargs: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """app.command that turns the core's errors into one-line messages and exit status 2.
    ``tables``: the tables the command prints, its main one (what -f csv prints) first."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        return app.command(*args, cls=Command.listing(*tables), **kwargs)(reporting(func))

    return decorate


def _value(choice: StrEnum | None) -> str | None:
    return None if choice is None else choice.value


def _rule(choice: StrEnum | None) -> Aggregation | None:
    """The aggregation chosen (the enum's values are those of `Aggregation`)."""
    return cast("Aggregation | None", _value(choice))


def _state_of(ranking: Any) -> Any:
    """What a ranking rests on, for --watch to say what moved since the last good run."""
    from scenarios.ledger.diffing import state_of

    return state_of(ranking, ranking.workspace.name)


# --- commands ---------------------------------------------------------------------------


@command(short_help="Rank the countries by score (and probability).", tables=("rankings",))
def rank(
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    panel_aggregate: PanelAggregateOpt = None,
    panel_dir: PanelOpt = None,
    no_panel: NoPanelOpt = False,
    horizon: HorizonOpt = None,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    seed: LinkSeedOpt = DEFAULT_SEED,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
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
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render
    from scenarios.cli.output import Report, show

    opts = Options.of(
        workspace, weight, set_, whatif, aggregation, panel_aggregate, panel_dir, no_panel
    )

    def build() -> Report:
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

    show(build, format, output, watch, opts.workspace, lang, table)


@command(short_help="Why a country scores as it does, factor by factor.", tables=("explain",))
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
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    panel_aggregate: PanelAggregateOpt = None,
    panel_dir: PanelOpt = None,
    no_panel: NoPanelOpt = False,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    seed: LinkSeedOpt = DEFAULT_SEED,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
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

    opts = Options.of(
        workspace, weight, set_, whatif, aggregation, panel_aggregate, panel_dir, no_panel
    )
    expl = api.explain(opts.workspace, country, **opts.changes, interval=interval, seed=seed)
    emit(
        Report(
            lambda: {"explain": expl.to_frame()},
            lambda: render.explanation(expl, full=full, with_evidence=evidence, with_link=link),
            meta_of(expl.ranking.workspace, country=expl.id, aggregation=expl.ranking.aggregation),
        ),
        format,
        output,
        lang,
        table,
    )


@command("factors", short_help="The countries × factors table of values.", tables=("matrix",))
def factors(
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    panel_aggregate: PanelAggregateOpt = None,
    panel_dir: PanelOpt = None,
    no_panel: NoPanelOpt = False,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
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

    opts = Options.of(workspace, weight, set_, whatif, None, panel_aggregate, panel_dir, no_panel)
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


app.command(
    "matrix",
    cls=Command.listing("matrix"),
    short_help="Alias of factors.",
    help="Alias of `factors`: the countries × factors table of values.\n\n\b\nExample:\n"
    "  scenarios matrix",
)(factors)


@command(short_help="Check every file of a workspace.")
def validate(workspace: WorkspaceOpt = None) -> None:
    """Check every file of a workspace: print 'ok' with a summary, or every problem with its
    FILE:LINE:COL. Also warns, without failing, about stale evidence and values with no source,
    and lists each value still to fill (left blank in a profile: `rank` refuses them).

    \b
    Examples:
      scenarios validate
      scenarios validate -w abraham-2020
    """
    from scenarios import api
    from scenarios.cli.output import report_problems, say

    checked = api.validate(workspace)
    report_problems(list(checked.workspace.to_fill), "to fill")
    report_problems(list(checked.warnings), "warning")
    say(checked.summary())


@command(short_help="The JSON Schema of the workspace files, for editors.")
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="KIND",
            help="model, profile, whatif or panel; default: all four in one object.",
        ),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Print the JSON Schema of the workspace files, for editors such as yaml-language-server.

    \b
    Examples:
      scenarios schema profile -o profile.schema.json
      scenarios schema
    """
    import json

    from scenarios import api
    from scenarios.cli.output import write

    text = json.dumps(api.json_schema(kind), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        write(output, text)


@command(short_help="Copy a bundled workspace into a folder to edit.")
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="New (or empty) folder to create.")],
    from_: Annotated[
        str,
        typer.Option(
            "--from",
            metavar="NAME",
            help="Bundled workspace to copy: central-asia or abraham-2020.",
        ),
    ] = "central-asia",
) -> None:
    """Copy a bundled workspace into DIR to edit (never overwrites). Then cd into DIR: the
    commands find the workspace you are in.

    \b
    Examples:
      scenarios init mine
      scenarios init backtest --from abraham-2020
    """
    from scenarios import api
    from scenarios.cli.output import say

    api.init(folder, template=from_)
    say(f"created {folder} from '{from_}'. Next:\n  cd {folder}\n  scenarios rank")


@command(short_help="Make a blank workspace from a question, countries and factors.")
def new(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="New (or empty) folder to create.")],
    question: Annotated[
        str | None,
        typer.Option("--question", "-q", metavar="TEXT", help="What the ranking answers."),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="A short title; default: the folder's name."),
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            metavar="ID,NAME[,NAME_AR]",
            help="A country (repeat for each): its id, name and optional Arabic name.",
        ),
    ] = None,
    factor: Annotated[
        list[str] | None,
        typer.Option(
            "--factor",
            metavar="ID,DIR,GROUP[,WEIGHT[,LABEL]]",
            help="A factor (repeat for each): its id, direction (for or against), group, "
            "weight in the group (default 1) and label.",
        ),
    ] = None,
    from_: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            dir_okay=False,
            help="A CSV, XLSX or ODS sheet listing the countries (country, name, name_ar) and "
            "the factors (factor, label, direction, group, weight) side by side, and the "
            "question.",
        ),
    ] = None,
) -> None:
    """Make a blank workspace in DIR: model.yaml from the question and the factors, and one
    profile per country with every value still to fill. `validate` lists what is missing,
    `import` fills it from a spreadsheet, and `rank` refuses until it is complete (`rank
    --partial` ranks the complete countries). Never overwrites.

    \b
    Examples:
      scenarios new mine --from setup.csv
      scenarios new mine -q "Who joins first?" --country KZ,Kazakhstan --factor us,for,external
    """
    from scenarios import api
    from scenarios.cli.output import say

    made = api.new(
        folder,
        question=question,
        title=title,
        countries=country or (),
        factors=factor or (),
        sheet=from_,
    )
    ws = api.validate(made).workspace
    countries = len(ws.left_out) + len(ws.profiles)
    say(
        f"created {folder}: {countries} {'country' if countries == 1 else 'countries'} × "
        f"{plural(len(ws.factor_ids), 'factor')}, {plural(len(ws.to_fill), 'value')} to fill. "
        "Next:\n"
        f"  scenarios import SHEET -w {folder}            (preview; --write applies it)\n"
        f"  scenarios validate -w {folder}                (lists what is still to fill)"
    )


@command(
    "import",
    short_help="Read values and evidence from a spreadsheet into the profiles.",
    tables=("import",),
)
def import_(
    sheet: Annotated[
        Path,
        typer.Argument(
            metavar="SHEET",
            dir_okay=False,
            help="A CSV, XLSX or ODS file: long (the columns of export's evidence.csv, in "
            "English or Arabic) or wide (countries down, factors across, values only).",
        ),
    ],
    workspace: WorkspaceOpt = None,
    write_: Annotated[
        bool,
        typer.Option("--write", help="Write the changes (default: only show them)."),
    ] = False,
    analyst: Annotated[
        str | None,
        typer.Option(
            "--analyst",
            metavar="NAME",
            help="Read an analyst's judgement sheet (`panel init NAME --xlsx`) into "
            "panel/NAME.yaml instead of the profiles.",
        ),
    ] = None,
    full: FullOpt = False,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Read values and their evidence from a spreadsheet into the workspace's profiles. By
    default it shows what would change and writes nothing; --write applies it, replacing the
    changed profiles all at once. Comments, key order and every value not changed keep their
    bytes. Every problem of the sheet is reported at once as SHEET:ROW:COLUMN, and then nothing
    is written.

    \b
    Examples:
      scenarios import values.csv
      scenarios import evidence.xlsx --write
      scenarios import --analyst alice alice.xlsx --write
    """
    from scenarios import api
    from scenarios.cli import render, render_import
    from scenarios.cli.output import Report, emit, message

    result = api.import_sheet(sheet, workspace, write=write_, analyst=analyst)
    emit(
        Report(
            lambda: {"import": result.to_frame()},
            lambda: render_import.preview(result, full=full),
        ),
        format,
        output,
    )
    if not result.changes:
        return
    aside = format is not Format.table or output is not None  # the data owns stdout
    console = render.make_console(stderr=aside)
    if write_:
        wrote = result.target or f"{len(result.texts)} profile" + (
            "s" if len(result.texts) != 1 else ""
        )
        message(
            console,
            f"wrote {wrote}; run `scenarios record` to keep this state",
        )
    else:
        preview = "preview: nothing written; run again with --write to apply it"
        message(console, f"note: {preview}" if aside else preview)


@command(short_help="Write every table as CSV with a manifest, or as one workbook.")
def export(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DIR]",
            help="Folder to write the CSVs into: a new one, an empty one or an earlier export.",
        ),
    ] = None,
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx",
            metavar="FILE",
            help="Also (or, without DIR, only) write one workbook FILE.xlsx: the ranking first, "
            "one table a sheet, and a sheet of notes.",
        ),
    ] = None,
    lang: Annotated[
        Lang,
        typer.Option(
            "--lang",
            help="Language of the workbook's headings, names and labels: en, or ar (sheets "
            "right to left). The CSVs hold both languages' names.",
        ),
    ] = Lang.en,
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    panel_aggregate: PanelAggregateOpt = None,
    panel_dir: PanelOpt = None,
    no_panel: NoPanelOpt = False,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel", help="UTF-8 with a byte-order mark, so spreadsheets show Arabic names."
        ),
    ] = False,
    samples: Annotated[
        int,
        typer.Option(min=100, metavar="N", help="Monte Carlo samples for the sensitivity tables."),
    ] = 20_000,
    seed: SeedOpt = DEFAULT_SEED,
    memory_budget: MemoryBudgetOpt = None,
    ledger: LedgerOpt = None,
) -> None:
    """Write every table as CSV (rankings, contributions, matrix, sensitivity, what-ifs, cascade,
    evidence, factor labels and, when the ledger has records, their history and scores) into
    DIR, plus manifest.json (version, workspace hash, options, seed) and a datapackage.json
    describing every file and column. With --xlsx FILE, one workbook of the same tables: the
    ranking first, then explain, sensitivity, what-ifs, evidence, history and notes.

    \b
    Examples:
      scenarios export results
      scenarios export results --excel --whatif russia_weakened
      scenarios export --xlsx results.xlsx
      scenarios export --xlsx results-ar.xlsx --lang ar
    """
    from scenarios import api
    from scenarios.cli.output import ProgressBar, report_problems, say_list

    check_export_targets(folder, xlsx, lang, excel)
    opts = Options.of(
        workspace, weight, set_, whatif, aggregation, panel_aggregate, panel_dir, no_panel
    )
    ws = api.prepare(opts.workspace, **opts.edits)
    with ProgressBar() as bar:
        written = api.export(
            folder,
            opts.workspace,
            **opts.changes,
            excel=excel,
            samples=samples,
            seed=seed,
            progress=bar,
            memory_budget=memory_budget,
            ledger=ledger,
            xlsx=xlsx,
            lang=lang.value,
        )
    # after the work: a run that fails says its error alone (the manifest records the options)
    report_problems(list(ws.notes), "note")
    if xlsx is not None and lang is Lang.ar:
        from scenarios.io.workbook import arabic_gaps

        report_problems(arabic_gaps(ws), "warning")
    tables = written[:-1] if xlsx is not None else written  # the workbook is written last
    if folder is not None:
        say_list(f"wrote {len(tables)} files to {folder}:", [p.name for p in tables])
    if xlsx is not None:
        from scenarios.io.workbook import sheet_names

        say_list(f"wrote the workbook {xlsx}, its sheets:", sheet_names(written[-1]))


def check_export_targets(folder: Path | None, xlsx: Path | None, lang: Lang, excel: bool) -> None:
    """The combinations of export's targets and options that make no sense, refused before
    the work."""
    if folder is None and xlsx is None:
        raise OptionError(
            Problem(
                "export needs DIR for the CSVs, --xlsx FILE for a workbook, or both",
                hint="e.g. scenarios export results, or scenarios export --xlsx results.xlsx",
            )
        )
    if xlsx is None and lang is not Lang.en:
        raise OptionError(
            Problem(
                "--lang sets the workbook's language; the CSVs hold both languages' names",
                hint="add --xlsx FILE, or drop --lang",
            )
        )
    if folder is None and excel:
        raise OptionError(
            Problem(
                "--excel marks the CSVs for spreadsheets; a workbook needs no mark",
                hint="drop --excel, or give DIR for the CSVs",
            )
        )


@command(
    short_help="How robust is the ranking?",
    tables=("critical", "mc_summary", "oat", "acceptability", "pairwise", "gates", "sobol"),
)
def sensitivity(
    method: Annotated[
        list[Method] | None,
        typer.Option(
            "--method",
            "-m",
            metavar=choices(Method),
            help="Analysis to run (repeatable): oat (tornado), critical "
            "(critical weights), mc (Monte Carlo), sobol. Default: oat, critical, mc.",
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    panel_aggregate: PanelAggregateOpt = None,
    panel_dir: PanelOpt = None,
    no_panel: NoPanelOpt = False,
    delta: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            metavar="FRACTION",
            help="Relative weight change for oat (and the weight range for sobol).",
        ),
    ] = 0.5,
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
    ] = 100.0,
    fixed_weights: Annotated[
        bool,
        typer.Option("--fixed-weights", help="Keep the weights fixed; sample the values only."),
    ] = False,
    values: Annotated[
        ValuesChoice,
        typer.Option(
            metavar=choices(ValuesChoice),
            help="How values are drawn within low–high: triangular (peak at the value), "
            "uniform, or fixed.",
        ),
    ] = ValuesChoice.triangular,
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
    ] = 20_000,
    memory_budget: MemoryBudgetOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
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

    opts = Options.of(
        workspace, weight, set_, whatif, aggregation, panel_aggregate, panel_dir, no_panel
    )
    methods: list[MethodName] = [m.value for m in method] if method else list(DEFAULT_METHODS)

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
                values=values.value,
                precision=precision,
                chunk_size=chunk_size,
                memory_budget=memory_budget,
            )
        ws = result.workspace
        meta = meta_of(
            ws,
            aggregation=result.aggregation,
            methods=list(result.methods),
            **sensitivity_meta(result),
        )
        return Report(
            lambda: main_first(result.frames(), "critical", "mc_summary"),
            lambda: render.sensitivity(result, result.aggregation, full=full),
            meta,
        )

    show(build, format, output, watch, opts.workspace, lang, table)


@command(short_help="List the what-if scenarios.", tables=("whatifs",))
def whatifs(
    workspace: WorkspaceOpt = None,
    format: FormatOpt = Format.table,
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
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: Annotated[
        list[str] | None,
        typer.Option(
            "--whatif",
            metavar="NAME",
            help="Apply a what-if to the baseline itself first (repeatable).",
            autocompletion=complete_whatif,
        ),
    ] = None,
    aggregation: AggregationOpt = None,
    panel_aggregate: PanelAggregateOpt = None,
    panel_dir: PanelOpt = None,
    no_panel: NoPanelOpt = False,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    seed: LinkSeedOpt = DEFAULT_SEED,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
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

    opts = Options.of(
        workspace, weight, set_, whatif, aggregation, panel_aggregate, panel_dir, no_panel
    )

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


@command(
    short_help="Score the method against outcomes already known.",
    tables=("backtest", "factors", "predictions", "reliability", "variants", "cohort"),
)
def backtest(
    workspace: WorkspaceOpt = None,
    aggregation: AggregationOpt = None,
    horizon: HorizonOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
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

    bt = api.backtest(workspace, aggregation=_rule(aggregation), horizon=horizon)
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
    format: FormatOpt = Format.table,
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
    check = api.base_rate_check(ws, aggregation=_rule(aggregation))
    fit, unfitted = None, ""
    try:
        fit = api.calibrate(ws, aggregation=_rule(aggregation), horizon=horizon)
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
        found = api.variants(ws, aggregation=_rule(aggregation), horizon=horizon)
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
def cascade(
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    panel_aggregate: PanelAggregateOpt = None,
    panel_dir: PanelOpt = None,
    no_panel: NoPanelOpt = False,
    horizon: HorizonOpt = None,
    runs: Annotated[int, typer.Option(min=1, metavar="N", help="Simulated histories.")] = 20_000,
    seed: SeedOpt = DEFAULT_SEED,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    memory_budget: MemoryBudgetOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
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

    opts = Options.of(
        workspace, weight, set_, whatif, aggregation, panel_aggregate, panel_dir, no_panel
    )
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


@command(short_help="One self-contained HTML page of the whole assessment.")
def report(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FILE", dir_okay=False, help="The HTML file to write."
        ),
    ] = Path("report.html"),
    lang: Annotated[
        Lang, typer.Option("--lang", help="Language of the page: en, or ar (right to left).")
    ] = Lang.en,
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    panel_aggregate: PanelAggregateOpt = None,
    panel_dir: PanelOpt = None,
    no_panel: NoPanelOpt = False,
    horizon: HorizonOpt = None,
    samples: Annotated[
        int,
        typer.Option(min=100, metavar="N", help="Monte Carlo samples for the intervals and ranks."),
    ] = DEFAULT_MC_SAMPLES,
    runs: Annotated[
        int, typer.Option(min=1, metavar="N", help="Simulated histories of the cascade.")
    ] = DEFAULT_CASCADE_RUNS,
    seed: SeedOpt = DEFAULT_SEED,
    charts: Annotated[
        Path | None,
        typer.Option(
            "--charts",
            metavar="DIR",
            file_okay=False,
            help="Also write each chart as SVG and PNG into DIR (for slides).",
        ),
    ] = None,
    pdf: Annotated[
        Path | None,
        typer.Option(
            "--pdf",
            metavar="FILE",
            dir_okay=False,
            help="Also print the page to FILE as A4 PDF, with page numbers and bookmarks "
            "(needs Playwright and Chromium: pip install 'scenarios[pdf]', apt install chromium).",
        ),
    ] = None,
    ledger: LedgerOpt = None,
) -> None:
    """Write the whole assessment as one self-contained HTML page (offline; prints to A4):
    ranking, contributions, sensitivity, what-ifs, cascade, the history of the ledger's
    records (when it has any), backtest and the evidence.

    \b
    Examples:
      scenarios report
      scenarios report --lang ar -o report-ar.html --charts charts
      scenarios report --ledger forecasts.jsonl
      scenarios report --pdf report.pdf
    """
    from scenarios import api
    from scenarios.cli import render
    from scenarios.cli.output import ProgressBar, message, report_problems, write
    from scenarios.reporting.builder import build_report, write_charts

    if pdf is not None:  # first: a missing browser is said before the page is built
        from scenarios.reporting.pdf import check

        chromium = check()
    opts = Options.of(
        workspace, weight, set_, whatif, aggregation, panel_aggregate, panel_dir, no_panel
    )
    ws = api.prepare(opts.workspace, **opts.edits)
    with ProgressBar() as bar:
        page = build_report(
            ws,
            lang=lang.value,
            aggregation=opts.aggregation,
            horizon=horizon,
            samples=samples,
            seed=seed,
            runs=runs,
            png=charts is not None,
            ledger=ledger,
            progress=bar,
        )
    report_problems(list(page.warnings), "warning")
    if charts is not None:  # first: a folder that cannot take the charts stops before the page
        if charts.exists() and not charts.is_dir():
            raise OutputError(Problem(f"'{charts}' is a file, expected a folder"))
        try:
            written = write_charts(page, charts)
        except OSError as exc:
            raise OutputError(Problem(f"cannot write into '{charts}': {exc.strerror}")) from None
    write(output, page.html)
    if pdf is not None:
        from scenarios.reporting.pdf import write_pdf

        try:
            write_pdf(page.html, pdf, chromium)
        except OSError as exc:
            raise OutputError(Problem(f"cannot write '{pdf}': {exc.strerror}")) from None
    report_problems(list(ws.notes), "note")  # after the work: a failed run says its error alone
    if charts is not None:
        message(
            render.make_console(stderr=True),
            f"wrote {len(written)} chart files to {charts}",
            style="dim",
        )


# --- following the assessment over time -------------------------------------------------


CountriesArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ID]...",
        help="Countries to show (id in any case, or name); default: all.",
        autocompletion=complete_country,
    ),
]


@command(short_help="Append the current forecast to the workspace's ledger.", tables=("record",))
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
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    panel_aggregate: PanelAggregateOpt = None,
    horizon: HorizonOpt = None,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    seed: LinkSeedOpt = DEFAULT_SEED,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
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

    opts = Options.of(workspace, weight, set_, whatif, aggregation, panel_aggregate)
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
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
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
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
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
def signposts(
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    panel_aggregate: PanelAggregateOpt = None,
    horizon: HorizonOpt = None,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    seed: LinkSeedOpt = DEFAULT_SEED,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
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
    from scenarios.cli import render_tracking
    from scenarios.cli.output import Report, emit

    opts = Options.of(workspace, weight, set_, whatif, aggregation, panel_aggregate)
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
            lambda: render_tracking.signposts(sp, full=full),
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
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
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


panel_app = typer.Typer(
    cls=Group.listing(
        "panel_cells", "panel_calibration", "panel_analysts", "panel_rankings", "panel_weights"
    ),
    invoke_without_command=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(
    panel_app, name="panel", short_help="The analysts of panel/: where they disagree, and so what."
)


@panel_app.callback()
@reporting
def panel(
    ctx: typer.Context,
    workspace: WorkspaceOpt = None,
    calibration: Annotated[
        bool,
        typer.Option(
            "--calibration",
            help="Each analyst's Brier and log score on the resolved outcomes of the backtest "
            "workspace they scored too (panel.track_record; default: the one the link was "
            "fitted on).",
        ),
    ] = False,
    full: FullOpt = False,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    panel_aggregate: PanelAggregateOpt = None,
    panel_dir: PanelOpt = None,
    no_panel: NoPanelOpt = False,
    horizon: HorizonOpt = None,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    seed: LinkSeedOpt = DEFAULT_SEED,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = Lang.en,
) -> None:
    """The panel of analysts (panel/*.yaml, or the folder of --panel): who disagrees and
    whether it matters, on one screen: each analyst's rank agreement with the pooled ranking,
    the countries they rank differently, and the disagreements that reorder the ranking. With
    --full: per country and factor the aggregate, the spread and who is furthest out; the
    ranking each analyst's own numbers give beside the pooled one; their readings. `panel init
    NAME` writes a blank judgement sheet for one analyst.

    \b
    Examples:
      scenarios panel --panel example-panel
      scenarios panel --panel example-panel --full
      scenarios panel --panel example-panel --panel-aggregate values=median
      scenarios panel --panel example-panel --calibration
      scenarios panel init alice -o alice.yaml
    """
    from scenarios import api
    from scenarios.analyses.provenance import meta_of
    from scenarios.cli import render
    from scenarios.cli.output import Report, emit, main_first

    if ctx.invoked_subcommand is not None:
        return
    opts = Options.of(
        workspace, weight, set_, whatif, aggregation, panel_aggregate, panel_dir, no_panel
    )
    result = api.panel(
        opts.workspace,
        **opts.changes,
        horizon=horizon,
        interval=interval,
        seed=seed,
        calibration=calibration,
    )
    ws = result.workspace
    frames = lambda: main_first(result.frames(), "panel_cells")  # noqa: E731
    if calibration:
        frames = lambda: {  # noqa: E731
            "panel_calibration": result.calibration_frame(),
            "panel_analysts": result.analysts_frame(),
        }
    emit(
        Report(
            frames,
            lambda: render.panel(result, calibration=calibration, full=full),
            meta_of(ws, aggregation=result.ranking.aggregation, horizon=result.ranking.horizon),
        ),
        format,
        output,
        lang,
        table,
    )


@panel_app.command("init", cls=Command, short_help="Write a blank judgement sheet for one analyst.")
@reporting
def panel_init(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="The analyst's id: letters, digits, - and _ (the sheet is panel/NAME.yaml).",
        ),
    ],
    workspace: WorkspaceOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Write the sheet to FILE (to send to the analyst) instead of the workspace's "
            "panel/NAME.yaml.",
        ),
    ] = None,
    xlsx: Annotated[
        bool,
        typer.Option(
            "--xlsx",
            help="Write the sheet as an XLSX workbook (to -o FILE, default NAME.xlsx here); "
            "`scenarios import --analyst NAME FILE` reads it back.",
        ),
    ] = False,
) -> None:
    """Write a blank judgement sheet for one analyst: every country × factor to fill, with the
    profiles' evidence notes and sources beside each cell, and nobody's values (neither the
    other analysts' nor the profiles'), so that the judgements stay independent. Never
    overwrites.

    \b
    Examples:
      scenarios panel init alice -o alice.yaml
      scenarios panel init alice -w mine
      scenarios panel init alice --xlsx
    """
    from scenarios import api
    from scenarios.cli.output import say

    written = api.panel_init(name, workspace, output=output, xlsx=xlsx)
    then = (
        f"then `scenarios import --analyst {name} {written.name} --write`"
        if xlsx
        else "then `scenarios panel`"
        if output is None
        else f"then save it as panel/{name}.yaml in the workspace"
    )
    say(
        f"wrote {written}: a blank judgement sheet for {name}; fill in the cells (a blank one "
        f"falls back to the profile), {then}"
    )


def main() -> None:
    """The console script: usage errors become one `error:` line too, with exit status 2.
    Output keeps to the terminal's encoding; a character it cannot show is a '?', and one
    note at the end says so."""
    from scenarios.cli.terminal import encoding_note, respect_encoding

    respect_encoding()
    try:
        _main()
    finally:
        note = encoding_note()
        if note is not None:
            with suppress(OSError, ValueError):  # a closed or broken stderr: nothing to say
                sys.stderr.write(note + "\n")


def _main() -> None:
    try:
        app(prog_name="scenarios")  # RootGroup.main: every error one `error:` line, then exits
    except KeyboardInterrupt:
        sys.exit(130)
