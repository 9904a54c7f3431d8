"""The report command: one self-contained HTML page of the whole assessment."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scenarios.cli.commanding import command, scenario_options
from scenarios.cli.options import (
    NO_CHANGES,
    HorizonOpt,
    Lang,
    LedgerOpt,
    Options,
    SeedOpt,
    WorkspaceOpt,
    plain,
)
from scenarios.core.choices import DEFAULT_CASCADE_RUNS, DEFAULT_MC_SAMPLES, DEFAULT_SEED
from scenarios.core.errors import OutputError, Problem


@command(short_help="One self-contained HTML page of the whole assessment.")
@scenario_options()
def report(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FILE", dir_okay=False, help="The HTML file to write."
        ),
    ] = Path("report.html"),
    lang: Annotated[
        Lang, typer.Option("--lang", help="Language of the page: en, or ar (right to left).")
    ] = "en",
    workspace: WorkspaceOpt = None,
    opts: Options = NO_CHANGES,
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
    ws = api.prepare(opts.workspace, **opts.edits)
    with ProgressBar() as bar:
        results = api.report(
            ws,
            aggregation=opts.aggregation,
            horizon=horizon,
            samples=samples,
            seed=seed,
            runs=runs,
            ledger=ledger,
            progress=bar,
        )
        page = build_report(ws, results, lang=plain(lang), png=charts is not None)
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
