"""Checks of the arguments the analyses take, made where they are used, so that the Python API
refuses exactly what the command line refuses (with an OptionError naming the argument)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from scenarios.core.errors import OptionError, Problem, did_you_mean


def _fail(name: str, message: str, value: object, hint: str | None = None) -> OptionError:
    return OptionError(Problem(f"{name}: {message} (got {value!r})", hint=hint))


def number(
    name: str,
    value: object,
    *,
    above: float | None = None,
    at_least: float | None = None,
    at_most: float | None = None,
) -> float:
    """A finite real number within the bounds given (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(name, "expected a number", value)
    result = float(value) + 0.0  # -0.0 is 0 (and is shown so, never as '-0')
    if not math.isfinite(result):
        raise _fail(name, "expected a finite number", value)
    if above is not None and not result > above:
        raise _fail(name, f"must be above {above:g}", value)
    if at_least is not None and result < at_least:
        raise _fail(name, f"must be at least {at_least:g}", value)
    if at_most is not None and result > at_most:
        raise _fail(name, f"must be at most {at_most:g}", value)
    return result


def whole(name: str, value: object, *, at_least: int = 0, at_most: int | None = None) -> int:
    """A whole number within the bounds given."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(name, "expected a whole number", value)
    if value < at_least:
        raise _fail(name, f"must be at least {at_least:,}", value)
    if at_most is not None and value > at_most:
        raise _fail(name, f"must be at most {at_most:,}", value)
    return value


def choice(name: str, value: object, choices: Iterable[str]) -> str:
    """One of the allowed spellings, with a 'did you mean' for a typo."""
    allowed = tuple(choices)
    if not isinstance(value, str) or value not in allowed:
        raise _fail(
            name,
            f"expected one of {', '.join(allowed)}",
            value,
            did_you_mean(str(value), allowed) if isinstance(value, str) else None,
        )
    return value
