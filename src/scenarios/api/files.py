"""Files in and out: validate, export, init, new, import a sheet, and the JSON Schema."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from scenarios.api.common import (
    Ledger,
    Progress,
    WorkspaceLike,
    aggregation_of,
    run_options,
)
from scenarios.api.keywords import (
    ScenarioOptions,
)
from scenarios.api.loading import load_workspace, prepare, prepare_run
from scenarios.core import arguments
from scenarios.core.choices import (
    DEFAULT_MC_SAMPLES,
    DEFAULT_SEED,
)
from scenarios.core.display import short_repr
from scenarios.core.errors import OptionError, Problem, plural
from scenarios.workspace.load import Workspace
from scenarios.workspace.warnings import warnings

if TYPE_CHECKING:
    from scenarios.io.importing import Import


@dataclass(frozen=True, eq=False)
class Validation:
    """A workspace that loaded without errors, and what `validate` warns about."""

    __repr__ = short_repr

    workspace: Workspace
    warnings: tuple[Problem, ...]

    def summary(self) -> str:
        """What `scenarios validate` prints first.

        Returns
        -------
        str
            One line: the workspace, its countries, factors, groups, what-ifs (and analysts),
            the warnings, and the values still to fill.
        """
        ws = self.workspace
        found = len(self.warnings)
        countries = len(ws.profiles) + len(ws.left_out)
        blanks = len(ws.to_fill)
        complete = len(ws.profiles)
        to_fill = (
            f"; {plural(blanks, 'value')} to fill in {len(ws.left_out)} of {countries} "
            "countries: `rank` refuses until they are filled"
            + (f" (`rank --partial` ranks the {complete} complete)" if complete else "")
            if blanks
            else ""
        )
        return (
            f"ok: {ws.name} — {countries} "
            f"{'country' if countries == 1 else 'countries'}, "
            f"{plural(len(ws.factor_ids), 'factor')} in {plural(len(ws.group_ids), 'group')}, "
            f"{plural(len(ws.whatifs), 'what-if')}"
            + (f", {plural(len(ws.panel.analysts), 'analyst')}" if ws.panel is not None else "")
            + (f"; {plural(found, 'warning')}" if found else "")
            + to_fill
        )


def validate(ws: WorkspaceLike = None) -> Validation:
    """Load every file (raising WorkspaceError with every problem; values still to fill are
    listed in the workspace's `to_fill`, not refused), then collect warnings:
    stale evidence (older than the model's stale_after_years at the evidence date,
    `event.as_of`, else the latest dated value), values with no source, and dates after
    `event.as_of`.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)

    Returns
    -------
    Validation
        The workspace and its warnings; ``summary()`` says them in a line.
    """
    loaded = prepare(ws if isinstance(ws, Workspace) else load_workspace(ws, to_fill="list"))
    return Validation(loaded, tuple(warnings(loaded)))


def export(
    folder: str | os.PathLike[str] | None = None,
    ws: WorkspaceLike = None,
    *,
    excel: bool = False,
    samples: int = DEFAULT_MC_SAMPLES,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    memory_budget: int | None = None,
    ledger: Ledger = None,
    xlsx: str | os.PathLike[str] | None = None,
    lang: str = "en",
    **options: Unpack[ScenarioOptions],
) -> list[Path]:
    """Write every table as CSV plus manifest.json into ``folder``, one workbook ``xlsx`` (the
    ranking first, one table a sheet, headings and names in ``lang``: en or ar), or both from
    one computation; return the files written. With a ledger of records (`ledger`, default the
    workspace's ledger.jsonl), its history, records, scores and forecasts too.

    Parameters
    ----------
    folder : where the CSVs and manifest.json go (None: only the workbook)
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    excel : CSVs with a byte-order mark, for Excel
    samples, seed : of the Monte Carlo
    progress : called as the Monte Carlo advances
    memory_budget : as for `cascade`
    ledger : the ledger file (default: the workspace's ledger.jsonl)
    xlsx : the workbook to write
    lang : "en" or "ar"
    **options : the scenario, as for `rank`

    Returns
    -------
    list of Path
        The files written.
    """
    from scenarios.io.exporting import export_tables

    run = run_options(options, "export")
    prepared = prepare_run(ws, run)
    weights, sets = run["weights"], run["sets"]
    return export_tables(
        None if folder is None else Path(folder),
        prepared,
        aggregation_of(run["aggregation"]),
        excel=excel,
        samples=samples,
        seed=seed,
        progress=progress,
        memory_budget=memory_budget,
        ledger=None if ledger is None else Path(ledger),
        options={
            "weight": list(weights or ()) if not isinstance(weights, dict) else weights,
            "set": list(sets or ()) if not isinstance(sets, dict) else sets,
            "whatif": list(run["whatifs"]),
        },
        workbook=None if xlsx is None else Path(xlsx),
        lang=lang,
    )


def init(folder: str | os.PathLike[str], *, template: str = "central-asia") -> Path:
    """Copy a bundled workspace into a new (or empty) folder to edit; never overwrites.

    Parameters
    ----------
    folder : a new or empty folder
    template : the bundled workspace to copy

    Returns
    -------
    Path
        The workspace's folder.
    """
    from scenarios.workspace.find import create_workspace

    return create_workspace(Path(folder), template)


def new(
    folder: str | os.PathLike[str],
    *,
    question: str | None = None,
    title: str | None = None,
    countries: Sequence[str] = (),
    factors: Sequence[str] = (),
    sheet: str | os.PathLike[str] | None = None,
) -> Path:
    """Make a blank workspace in a new (or empty) folder: model.yaml from the question and the
    factors, one profile per country with every value still to fill. The countries and factors
    are `countries` ("ID,NAME[,NAME_AR]") and `factors` ("ID,DIRECTION,GROUP[,WEIGHT[,LABEL]]"),
    or a `sheet` (CSV, XLSX or ODS) listing them side by side. Never overwrites.

    Parameters
    ----------
    folder : a new or empty folder
    question, title : of the model
    countries, factors : as on the command line
    sheet : a CSV, XLSX or ODS listing both instead

    Returns
    -------
    Path
        The workspace's folder.
    """
    from scenarios.io.newworkspace import create, from_options, from_sheet

    if sheet is not None and (countries or factors):
        raise OptionError(
            Problem(
                "--from FILE and --country/--factor: give the countries and factors one way",
                hint="list them all in the sheet, or all as options",
            )
        )
    setup = (
        from_sheet(Path(sheet), question, title)
        if sheet is not None
        else from_options(question, title, countries, factors)
    )
    return create(Path(folder), setup)


def import_sheet(
    sheet: str | os.PathLike[str],
    ws: WorkspaceLike = None,
    *,
    write: bool = False,
    analyst: str | None = None,
) -> Import:
    """What importing a sheet (CSV, XLSX or ODS; long like evidence.csv or wide: countries down,
    factors across) into the workspace's profiles changes; written, all files or none, only
    with `write`. With `analyst`, into that analyst's panel/NAME.yaml instead (a row without a
    value is left blank: it falls back to the profile). Every problem of the sheet is raised at
    once, located as SHEET:ROW:COLUMN.

    Parameters
    ----------
    sheet : a CSV, XLSX or ODS file
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    write : write the files (else only say what would change)
    analyst : into panel/NAME.yaml instead of the profiles

    Returns
    -------
    Import
        ``to_frame()``: one row a changed field.
    """
    from scenarios.io.importing import plan, plan_analyst

    loaded = ws if isinstance(ws, Workspace) else load_workspace(ws, to_fill="list")
    result = (
        plan(loaded, Path(sheet)) if analyst is None else plan_analyst(loaded, analyst, Path(sheet))
    )
    if write and result.texts:
        result.write()
    return result


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """The JSON Schema of one file kind (model, profile, whatif, panel), or of all four.

    Parameters
    ----------
    kind : "model", "profile", "whatif" or "panel" (None: all four)

    Returns
    -------
    dict
        The JSON Schema (or a mapping of kind to schema).
    """
    from scenarios.workspace.schema import FILE_KINDS
    from scenarios.workspace.schema import json_schema as one

    if kind is None:
        return {k: one(k) for k in FILE_KINDS}
    return one(arguments.choice("kind", kind, FILE_KINDS))
