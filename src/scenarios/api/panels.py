"""A panel of analysts: its summary, and a blank sheet for a new analyst."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from scenarios.api.common import WorkspaceLike, aggregation_of, run_options
from scenarios.api.keywords import (
    ScenarioOptions,
)
from scenarios.api.loading import prepare, prepare_run
from scenarios.core.choices import (
    DEFAULT_INTERVAL,
    DEFAULT_SEED,
)
from scenarios.core.errors import OptionError, Problem

if TYPE_CHECKING:
    from scenarios.panels.disagreement import PanelSummary


def panel(
    ws: WorkspaceLike = None,
    *,
    horizon: float | None = None,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
    calibration: bool = False,
    **options: Unpack[ScenarioOptions],
) -> PanelSummary:
    """The workspace's panel of analysts: per cell and weight the aggregate, the spread and who
    is furthest out (the disagreements that reorder the ranking first), and the ranking each
    analyst's own numbers give beside the pooled one, with their rank agreement; with
    `calibration`, each analyst's Brier and log score on the resolved outcomes of the backtest
    workspace they scored too.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    horizon, interval, seed, **options : as for `rank`
    calibration : score each analyst on the resolved outcomes too

    Returns
    -------
    PanelSummary
        ``frames()``: analysts, rankings, cells, weights (and calibration).
    """
    from scenarios.panels.disagreement import summarize

    run = run_options(options, "panel")
    prepared = prepare_run(ws, run)
    if not isinstance(calibration, bool):
        raise OptionError(Problem(f"calibration: expected True or False (got {calibration!r})"))
    return summarize(
        prepared,
        aggregation=aggregation_of(run["aggregation"]),
        horizon=horizon,
        level=interval,
        seed=seed,
        calibration=calibration,
    )


def panel_init(
    name: str,
    ws: WorkspaceLike = None,
    *,
    output: str | os.PathLike[str] | None = None,
    xlsx: bool = False,
) -> Path:
    """Write a blank judgement sheet for the analyst `name`: every country × factor to fill,
    with the profiles' evidence notes and sources beside each cell and nobody's values; into the
    workspace's panel/NAME.yaml, or `output`. With `xlsx`, as an XLSX workbook (to `output`,
    default NAME.xlsx in the current folder), which `import_sheet(..., analyst=NAME)` reads
    back. Never overwrites.

    Parameters
    ----------
    name : the analyst's file name (panel/NAME.yaml)
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    output : where to write (default: panel/NAME.yaml, or NAME.xlsx)
    xlsx : write an XLSX workbook instead

    Returns
    -------
    Path
        The file written.
    """
    from scenarios.panels.sheet import check_name, write_sheet, write_workbook

    check_name(name)
    if xlsx:
        return write_workbook(prepare(ws), name, Path(output or f"{name}.xlsx"))
    return write_sheet(prepare(ws), name, None if output is None else Path(output))
