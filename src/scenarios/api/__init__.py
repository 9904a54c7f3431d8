"""The public Python API: every operation of the command line, as a library call first.

Each function takes a workspace (a loaded `Workspace`, a folder, a bundled name, or None for the
one `scenarios rank` would find) and typed keyword arguments, checks them, and returns a frozen
result object whose `to_frame()` (or `frames()`) gives pandas DataFrames indexed by country id
(and factor where it applies). Bad arguments raise `OptionError`, bad files `WorkspaceError`,
unusable output locations `OutputError`: all `ScenariosError`.

The API sits above every layer but the command line and may import any of them; one module a
family of calls, with the scenario's keyword arguments declared once (`keywords`).
"""

from __future__ import annotations

from scenarios.api.common import Ledger, Progress, WorkspaceLike
from scenarios.api.files import Validation, export, import_sheet, init, json_schema, new, validate
from scenarios.api.loading import load_workspace, prepare
from scenarios.api.page import report
from scenarios.api.panels import panel, panel_init
from scenarios.api.probability import backtest, base_rate_check, calibrate, cascade, variants
from scenarios.api.ranking import (
    WhatIfList,
    compare,
    explain,
    rank,
    sensitivity,
    what_would_change,
    whatifs,
)
from scenarios.api.tracking import diff, history, record, score, signposts

__all__ = [
    "Ledger",
    "Progress",
    "Validation",
    "WhatIfList",
    "WorkspaceLike",
    "backtest",
    "base_rate_check",
    "calibrate",
    "cascade",
    "compare",
    "diff",
    "explain",
    "export",
    "history",
    "import_sheet",
    "init",
    "json_schema",
    "load_workspace",
    "new",
    "panel",
    "panel_init",
    "prepare",
    "rank",
    "record",
    "report",
    "score",
    "sensitivity",
    "signposts",
    "validate",
    "variants",
    "what_would_change",
    "whatifs",
]
