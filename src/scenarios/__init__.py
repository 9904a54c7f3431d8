"""scenarios: transparent, reproducible likelihood rankings from weighted factors in YAML.

>>> import scenarios
>>> ws = scenarios.load_workspace("central-asia")
>>> scenarios.rank(ws, weights=["us_engagement=2"])        # a pandas DataFrame
"""

from __future__ import annotations

from .api import explain, prepare, rank, ranking, sensitivity
from .errors import OptionError, Problem, ScenariosError, WorkspaceError
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
    "Problem",
    "ScenariosError",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "explain",
    "load_workspace",
    "prepare",
    "rank",
    "ranking",
    "sensitivity",
]
