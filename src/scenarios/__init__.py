"""scenarios: transparent, reproducible likelihood rankings from weighted factors in YAML.

>>> import scenarios
>>> ranking = scenarios.rank("central-asia", weights={"us_engagement": 2})
>>> ranking.to_frame()                      # a pandas DataFrame indexed by country id

Every command of the command line is a function here, returning a frozen result object with
`to_frame()` (or `frames()`); see `scenarios.api`.
"""

from __future__ import annotations

from .api import (
    WhatIfList,
    backtest,
    calibrate,
    cascade,
    compare,
    explain,
    export,
    init,
    json_schema,
    panel,
    panel_init,
    prepare,
    rank,
    sensitivity,
    validate,
    whatifs,
)
from .errors import OptionError, OutputError, Problem, ScenariosError, WorkspaceError
from .workspace import Workspace, load_workspace


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata only when asked (it costs ~10 ms).
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("scenarios")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(f"module 'scenarios' has no attribute {name!r}")


__all__ = [
    "OptionError",
    "OutputError",
    "Problem",
    "ScenariosError",
    "WhatIfList",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "backtest",
    "calibrate",
    "cascade",
    "compare",
    "explain",
    "export",
    "init",
    "json_schema",
    "load_workspace",
    "panel",
    "panel_init",
    "prepare",
    "rank",
    "sensitivity",
    "validate",
    "whatifs",
]
