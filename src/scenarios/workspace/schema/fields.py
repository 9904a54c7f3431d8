"""The file format's shared field types: numbers written as numbers, partial dates, names and
labels, and `Strict`, the base of every file model (unknown keys are errors)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
)
from pydantic_core import PydanticCustomError

from scenarios.core import textsafe


def _strict_number(value: Any) -> Any:
    """A number must be written as a number: not a boolean (YAML turns `yes`/`true` into one,
    which pydantic would read as 1), not text (`"5"` in quotes is text, as in every other field),
    and not so large that it cannot be computed with."""
    if isinstance(value, bool):
        raise ValueError("expected a number, got a boolean")
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value  # not a number at all: pydantic says so
        if not math.isfinite(number):
            return value  # pydantic says it must be finite
        raise PydanticCustomError(
            "number_as_text",
            "expected a number, got text",
            {"hint": "write the number without quotes"},
        )
    if isinstance(value, int) and abs(value) > MAX_NUMBER:
        raise ValueError(f"the number is too large (more than {MAX_NUMBER:g})")
    if isinstance(value, float) and value == 0:
        return 0.0  # -0.0 is 0 (and is shown so, never as '-0')
    return value


def _partial_date(value: Any) -> Any:
    """Accept YYYY, YYYY-MM and YYYY-MM-DD (evidence is often dated by month)."""
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return dt.date(value, 1, 1)
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
        if match and not (match.group(3) and not match.group(2)):
            year, month, day = (int(g) if g else 1 for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError as exc:
                raise ValueError(f"not a valid date: {exc}") from None
        raise ValueError("expected a date as YYYY-MM-DD, YYYY-MM or YYYY")
    return value


MAX_NUMBER = 1.7976931348623157e308  # the largest float; `.inf` and `.nan` are refused too
StrictNumber = BeforeValidator(_strict_number)
Number = Annotated[float, StrictNumber, Field(allow_inf_nan=False)]
Weight = Annotated[float, StrictNumber, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, StrictNumber, Field(gt=0, allow_inf_nan=False)]
Count = Annotated[int, StrictNumber]
Date = Annotated[dt.date, BeforeValidator(_partial_date)]
Name = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]


def _not_reserved(value: str) -> str:
    if value == "default":
        raise ValueError(
            "'default' is reserved (drivers use it for every country); pick another id"
        )
    return value


def _not_a_column(*columns: str) -> AfterValidator:
    """Refuse a name that would stand beside ``columns`` in a table the tool writes (factors
    are the columns of matrix.csv beside id and name; countries those of pairwise.csv beside
    id; gates those of gates.csv beside id): two columns of one name cannot be told apart."""

    def check(value: str) -> str:
        if value in columns:
            raise ValueError(
                f"'{value}' is taken: the tables the tool writes have a column '{value}' "
                "beside these names; pick another name"
            )
        return value

    return AfterValidator(check)


def _no_bidi_control(value: str) -> str:
    problem = textsafe.bidi_control(value)
    if problem is not None:
        raise PydanticCustomError("bidi_control", problem, {"hint": textsafe.BIDI_HINT})
    return value


# A name or title shown in tables, charts and sentences: no bidirectional control, which would
# make it read otherwise than written ('Xland' after U+202E shows as 'dnalX'). Notes and other
# free text may hold one: it is shown as a visible mark (textsafe.printable).
Label = Annotated[str, AfterValidator(_no_bidi_control)]

CountryId = Annotated[
    str,
    Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$"),
    AfterValidator(_not_reserved),
    _not_a_column("id"),
]
FactorName = Annotated[Name, _not_a_column("id", "name")]
GateName = Annotated[Name, _not_a_column("id")]


class Strict(BaseModel):
    """Unknown keys are errors (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
