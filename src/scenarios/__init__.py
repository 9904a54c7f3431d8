"""scenarios: transparent, reproducible likelihood rankings from weighted factors in YAML.

>>> import scenarios
>>> ranking = scenarios.rank("central-asia", weights={"us_engagement": 2})
>>> ranking.to_frame()                      # a pandas DataFrame indexed by country id

Every command of the command line is a function here, returning a frozen result object with
`to_frame()` (or `frames()`); see `scenarios.api`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from scenarios._version import __version__

if TYPE_CHECKING:
    from scenarios.api import (
        WhatIfList,
        backtest,
        base_rate_check,
        calibrate,
        cascade,
        compare,
        diff,
        explain,
        export,
        history,
        import_sheet,
        init,
        json_schema,
        new,
        panel,
        panel_init,
        prepare,
        rank,
        record,
        report,
        score,
        sensitivity,
        signposts,
        validate,
        variants,
        whatifs,
    )
    from scenarios.core.errors import (
        OptionError,
        OutputError,
        Problem,
        ScenariosError,
        WorkspaceError,
    )
    from scenarios.workspace.load import Workspace, load_workspace

# Each public name and the module it lives in, imported on first use: `import scenarios` (and
# so every start of the command line) does not pay for numpy, pydantic and the analyses.
_LAZY = {
    **{
        name: "api"
        for name in (
            "WhatIfList",
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
            "whatifs",
        )
    },
    **{
        name: "core.errors"
        for name in ("OptionError", "OutputError", "Problem", "ScenariosError", "WorkspaceError")
    },
    "Workspace": "workspace.load",
    "load_workspace": "workspace.load",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
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
    "whatifs",
]
