"""scenarios: transparent, reproducible likelihood rankings from weighted factors in YAML.

>>> import scenarios
>>> ranking = scenarios.rank("central-asia", weights={"us_engagement": 2})
>>> ranking.to_frame()                      # a pandas DataFrame indexed by country id

Every command of the command line is a function here, returning a frozen result object with
`to_frame()` (or `frames()`); see `scenarios.api`. The scenario of a run is given as
``scenario=`` (a `Scenario` of typed changes) or as its fields (``whatifs=``, ``weights=``,
``sets=``, ``aggregation=``, ``panel_aggregate=``, ``panel=``). `dir(scenarios)` lists the API.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from scenarios._version import __version__

if TYPE_CHECKING:
    from scenarios.analyses.cascading import Cascade
    from scenarios.analyses.comparison import Comparison
    from scenarios.analyses.likelihood import Backtest, BaseRateCheck, Fit, Variants
    from scenarios.analyses.robustness import Sensitivity
    from scenarios.analyses.scoring import Explanation, Ranking
    from scenarios.api import (
        Validation,
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
        load_workspace,
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
        what_would_change,
        whatifs,
    )
    from scenarios.api.keywords import EditOptions, ScenarioOptions, SensitivityOptions
    from scenarios.core.errors import (
        OptionError,
        OutputError,
        Problem,
        ScenariosError,
        WorkspaceError,
    )
    from scenarios.io.importing import Import
    from scenarios.ledger.diffing import Diff
    from scenarios.ledger.records import History, Recorded
    from scenarios.ledger.scorecard import Scorecard
    from scenarios.ledger.signposting import Signposts
    from scenarios.panels.disagreement import PanelSummary
    from scenarios.reporting.results import Results
    from scenarios.workspace.load import Workspace
    from scenarios.workspace.scenario import (
        Aggregation,
        PanelRule,
        Scenario,
        ValueChange,
        WeightChange,
        WhatIf,
        parse_change,
    )

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
            "what_would_change",
            "whatifs",
        )
    },
    **{
        name: "core.errors"
        for name in ("OptionError", "OutputError", "Problem", "ScenariosError", "WorkspaceError")
    },
    "Workspace": "workspace.load",
    "load_workspace": "api",
    # the scenario of a run, typed, and the keyword arguments that give it
    **{
        name: "workspace.scenario"
        for name in (
            "Aggregation",
            "PanelRule",
            "Scenario",
            "ValueChange",
            "WeightChange",
            "WhatIf",
            "parse_change",
        )
    },
    **{name: "api.keywords" for name in ("EditOptions", "ScenarioOptions", "SensitivityOptions")},
    # the result types
    "Validation": "api",
    "Cascade": "analyses.cascading",
    "Comparison": "analyses.comparison",
    **{name: "analyses.likelihood" for name in ("Backtest", "BaseRateCheck", "Fit", "Variants")},
    "Sensitivity": "analyses.robustness",
    "Explanation": "analyses.scoring",
    "Ranking": "analyses.scoring",
    "Import": "io.importing",
    "Diff": "ledger.diffing",
    "History": "ledger.records",
    "Recorded": "ledger.records",
    "Scorecard": "ledger.scorecard",
    "Signposts": "ledger.signposting",
    "PanelSummary": "panels.disagreement",
    "Results": "reporting.results",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'scenarios' has no attribute {name!r}")


__all__ = [
    "Aggregation",
    "Backtest",
    "BaseRateCheck",
    "Cascade",
    "Comparison",
    "Diff",
    "EditOptions",
    "Explanation",
    "Fit",
    "History",
    "Import",
    "OptionError",
    "OutputError",
    "PanelRule",
    "PanelSummary",
    "Problem",
    "Ranking",
    "Recorded",
    "Results",
    "Scenario",
    "ScenarioOptions",
    "ScenariosError",
    "Scorecard",
    "Sensitivity",
    "SensitivityOptions",
    "Signposts",
    "Validation",
    "ValueChange",
    "Variants",
    "WeightChange",
    "WhatIf",
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
    "parse_change",
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


def __dir__() -> list[str]:
    """The public API (what `__all__` lists), for `dir(scenarios)` and completion."""
    return sorted(__all__)
