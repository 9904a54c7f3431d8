"""scenarios: transparent, reproducible likelihood rankings from weighted factors in YAML.

    >>> import scenarios
    >>> ws = scenarios.load_workspace("central-asia")
    >>> scenarios.rank(ws, weights=["us_engagement=2"])        # a pandas DataFrame
"""

from __future__ import annotations

from .api import explain, prepare, rank, ranking
from .errors import OptionError, Problem, ScenariosError, WorkspaceError
from .workspace import Workspace, load_workspace


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("scenarios")
    except PackageNotFoundError:
        return "0+unknown"


__version__ = _version()

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
]
