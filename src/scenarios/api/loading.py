"""Loading a workspace with its panel, and preparing the workspace of one run."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Unpack

from scenarios.api.common import WorkspaceLike
from scenarios.api.keywords import (
    EDITS,
    EditOptions,
    check_keywords,
    resolved,
)
from scenarios.panels.part import panel_part
from scenarios.workspace.load import ToFill, Workspace
from scenarios.workspace.load import load_workspace as load_files
from scenarios.workspace.whatif import apply_all

if TYPE_CHECKING:
    pass


def load_workspace(
    spec: str | os.PathLike[str] | None = None, *, to_fill: ToFill = "refuse"
) -> Workspace:
    """Load and validate a workspace (folder or bundled name) with its panel (panel/*.yaml)
    attached; raise WorkspaceError listing every problem found, the analysts' files last.

    Parameters
    ----------
    spec : folder, bundled name or None
        None: the workspace `scenarios rank` would find.
    to_fill : "refuse", "leave_out" or "list"
        What to do with values still to fill (see `scenarios.workspace.load.load_workspace`).

    Returns
    -------
    Workspace
        Validated, with its panel attached where panel/ holds analysts' files.
    """
    return load_files(spec, to_fill=to_fill, part=panel_part)


def prepare(
    ws: WorkspaceLike = None, *, partial: bool = False, **options: Unpack[EditOptions]
) -> Workspace:
    """The workspace of one run: loaded (if needed), with the panel chosen and combined by
    the rule asked, then the what-ifs applied in order, then the weights and values set.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None
        None: the workspace `scenarios rank` would find.
    partial : bool
        Leave out the countries with values still to fill (the workspace's changes say so)
        instead of refusing them.
    **options : EditOptions
        ``scenario=`` (a `Scenario`), or its fields ``whatifs=``, ``weights=``, ``sets=``,
        ``panel_aggregate=``, and ``panel=`` (see `scenarios.api.keywords.EditOptions`).

    Returns
    -------
    Workspace
        Its ``changes`` (and ``scenario``) say what this run changed.

    Examples
    --------
    >>> ws = scenarios.prepare("central-asia", weights={"us_engagement": 2})
    >>> str(ws.scenario)
    '--weight us_engagement=2'
    """
    check_keywords(options, EDITS, "prepare")
    return prepare_run(ws, resolved(options), partial)


def prepare_run(ws: WorkspaceLike, run: dict[str, Any], partial: bool = False) -> Workspace:
    """The workspace of one run from its resolved scenario options (see `prepare`)."""
    if not isinstance(ws, Workspace):
        ws = load_workspace(ws, to_fill="leave_out" if partial else "refuse")
    if run["panel"] is not None or run["panel_aggregate"]:  # the panels' code only when asked
        from scenarios.panels.analysts import use_panel, with_rule

        ws = with_rule(use_panel(ws, run["panel"]), run["panel_aggregate"])
    return apply_all(ws, whatifs=run["whatifs"], weights=run["weights"], sets=run["sets"])
