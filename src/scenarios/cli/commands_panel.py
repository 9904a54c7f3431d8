"""The panel of analysts: the panel command and its `panel init`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scenarios.cli.commanding import reporting, scenario_options
from scenarios.cli.options import (
    NO_CHANGES,
    Command,
    FormatOpt,
    FullOpt,
    Group,
    HorizonOpt,
    IntervalOpt,
    LangOpt,
    LinkSeedOpt,
    Options,
    OutputOpt,
    TableOpt,
    WorkspaceOpt,
)
from scenarios.core.choices import DEFAULT_INTERVAL, DEFAULT_SEED

panel_app = typer.Typer(
    cls=Group.listing(
        "panel_cells", "panel_calibration", "panel_analysts", "panel_rankings", "panel_weights"
    ),
    invoke_without_command=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@panel_app.callback()
@reporting
@scenario_options()
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
    opts: Options = NO_CHANGES,
    horizon: HorizonOpt = None,
    interval: IntervalOpt = DEFAULT_INTERVAL,
    seed: LinkSeedOpt = DEFAULT_SEED,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    table: TableOpt = None,
    lang: LangOpt = "en",
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
