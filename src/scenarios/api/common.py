"""What every call of the API shares: the workspace it takes, its options resolved, and
argument checks."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from scenarios.api.keywords import (
    SCENARIO,
    check_keywords,
    resolved,
)
from scenarios.core import arguments
from scenarios.core.choices import (
    AGGREGATIONS,
    Aggregation,
)
from scenarios.core.errors import Problem
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    pass


WorkspaceLike = Workspace | str | os.PathLike[str] | None
Progress = Callable[[str, int, int], None]


def run_options(options: Mapping[str, object], function: str) -> dict[str, Any]:
    """The scenario options of a call, checked (unknown keywords refused) and resolved."""
    check_keywords(options, SCENARIO, function)
    return resolved(options)


def aggregation_of(aggregation: str | None) -> Aggregation | None:
    if aggregation is None:
        return None
    checked = arguments.choice("aggregation", aggregation, AGGREGATIONS)
    return next(a for a in AGGREGATIONS if a == checked)


Ledger = str | os.PathLike[str] | None
"""A ledger file, which must exist where it is read; None: ledger.jsonl in the workspace folder
(no records until the first `record`)."""


def date_of(name: str, value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        from scenarios.core.errors import OptionError

        raise OptionError(
            Problem(f"{name}: expected a date as YYYY-MM-DD (got {value!r})")
        ) from None
