"""The commands that make, check, fill and write out a workspace's files: validate, schema,
init, new, import, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scenarios.cli.commanding import command, scenario_options
from scenarios.cli.options import (
    NO_CHANGES,
    FormatOpt,
    FullOpt,
    Lang,
    LedgerOpt,
    MemoryBudgetOpt,
    Options,
    OutputOpt,
    SeedOpt,
    WorkspaceOpt,
    plain,
)
from scenarios.core.choices import DEFAULT_MC_SAMPLES, DEFAULT_SEED
from scenarios.core.errors import OptionError, Problem, plural

NewFolderArg = Annotated[
    Path, typer.Argument(metavar="DIR", help="New (or empty) folder to create.")
]


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
    folder: NewFolderArg,
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
    folder: NewFolderArg,
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
    format: FormatOpt = "table",
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
    aside = format != "table" or output is not None  # the data owns stdout
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
@scenario_options()
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
    ] = "en",
    workspace: WorkspaceOpt = None,
    opts: Options = NO_CHANGES,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel", help="UTF-8 with a byte-order mark, so spreadsheets show Arabic names."
        ),
    ] = False,
    samples: Annotated[
        int,
        typer.Option(min=100, metavar="N", help="Monte Carlo samples for the sensitivity tables."),
    ] = DEFAULT_MC_SAMPLES,
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
            lang=plain(lang),
        )
    # after the work: a run that fails says its error alone (the manifest records the options)
    report_problems(list(ws.notes), "note")
    if xlsx is not None and lang == "ar":
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
    if xlsx is None and lang != "en":
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
