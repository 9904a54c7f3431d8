"""The format of ledger.jsonl: one JSON object a line, appended by `scenarios record`."""

# ruff: noqa: RUF012  (pydantic copies a field's default: `= []` is not shared; ruff sees
# that only where BaseModel is the base class in the same file)
from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal

from pydantic import (
    Field,
    model_validator,
)

from scenarios.core.choices import (
    Aggregation,
    Direction,
    State,
)
from scenarios.workspace.schema.fields import Name, Number, Strict, StrictNumber, Weight

# --- ledger.jsonl ---------------------------------------------------------------------
# One JSON object a line, appended by `scenarios record`: the forecast and the inputs behind it.

Probability = Annotated[float, StrictNumber, Field(ge=0, le=1, allow_inf_nan=False)]


class LedgerStatus(Strict):
    state: State
    date: dt.date | None = None


# The ledger is JSON written by the tool: pydantic's own strict float refuses booleans, text and
# non-finite numbers as Number does, in its core rather than in a Python validator per number
# (a record of 1,000 countries × 50 factors holds 150,000 of them).
LedgerNumber = Annotated[float, Field(strict=True, allow_inf_nan=False)]


# A whole number written as one: `true` is not record 1, nor `1.0` rank 1.
LedgerCount = Annotated[int, Field(strict=True, ge=0)]


class LedgerCountry(Strict):
    id: str
    name: str
    score: Probability
    rank: Annotated[LedgerCount, Field(ge=1)] = Field(
        description="Ties share the better rank, so a rank may repeat."
    )
    probability: Probability | None = None
    low: Probability | None = None
    high: Probability | None = None
    status: LedgerStatus | None = None
    values: dict[Name, tuple[LedgerNumber, LedgerNumber, LedgerNumber]] = Field(
        description="factor -> [value, low, high] as scored."
    )

    @model_validator(mode="after")
    def _ordered(self) -> LedgerCountry:
        if self.probability is not None and not (
            (self.low is None or self.low <= self.probability + 1e-12)
            and (self.high is None or self.probability <= self.high + 1e-12)
        ):
            raise ValueError(f"{self.id}: needs low <= probability <= high")
        for factor, (value, low, high) in self.values.items():
            if not low <= value <= high:
                raise ValueError(
                    f"{self.id}: values.{factor} is [{value:g}, {low:g}, {high:g}]: needs "
                    "low <= value <= high"
                )
        return self


class LedgerFactor(Strict):
    group: Name
    weight: Weight
    direction: Direction


class LedgerModel(Strict):
    scale: tuple[Number, Number]
    aggregation: Aggregation
    groups: dict[Name, Weight]
    factors: dict[Name, LedgerFactor]

    @model_validator(mode="after")
    def _computable(self) -> LedgerModel:
        """What model.yaml's checks ensure, so that a record's state can be scored again."""
        low, high = self.scale
        if not low < high:
            raise ValueError(f"scale: min ({low:g}) must be below max ({high:g})")
        if not math.isfinite(high - low):
            raise ValueError(f"scale: {low:g}..{high:g} is too wide to compute with")
        if not self.factors:
            raise ValueError("factors: the model has no factors")
        for name, factor in self.factors.items():
            if factor.group not in self.groups:
                raise ValueError(f"factors.{name}: group '{factor.group}' is not in groups")
        effective = [f.weight * self.groups[f.group] for f in self.factors.values()]
        if not math.isfinite(sum(effective)):
            raise ValueError("factors: the effective weights are too large to compute with")
        if not any(w > 0 for w in effective):
            raise ValueError("factors: all effective weights are zero")
        return self


class LedgerPanel(Strict):
    """With a panel: the analysts, and the files their aggregate was built from as typed
    (model.yaml's weights and the profiles' values), so that `diff` lists edits as typed."""

    folder: str
    illustrative: bool = False
    analysts: dict[Name, str] = Field(description="analyst id -> a digest of their file")
    model: LedgerModel
    values: dict[str, dict[Name, tuple[LedgerNumber, LedgerNumber, LedgerNumber]]] = Field(
        description="country id -> factor -> [value, low, high] of the profiles."
    )


class LedgerRecord(Strict):
    schema_version: Literal[1] = 1
    record: Annotated[LedgerCount, Field(ge=1)]
    date: dt.date
    note: str = ""
    tool_version: str
    workspace: str
    content_hash: str
    changes: list[str] = []
    horizon: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] | None = None
    as_of: dt.date | None = Field(
        default=None, description="The model's event.as_of when recorded."
    )
    level: Annotated[float, Field(gt=0, lt=1, allow_inf_nan=False)]
    seed: LedgerCount
    base_probability: Probability | None = Field(
        None, description="The model's base rate over the horizon, when recorded."
    )
    model: LedgerModel
    countries: list[LedgerCountry]
    panel: LedgerPanel | None = None

    @model_validator(mode="after")
    def _consistent(self) -> LedgerRecord:
        """The countries agree with the record's model, each country once, so that the record
        can be compared (`diff record:N`) and scored (`score`)."""
        if not self.countries:
            raise ValueError("countries: the record has no countries")
        factors = self.model.factors
        low, high = self.model.scale
        first: dict[str, int] = {}
        for n, country in enumerate(self.countries):
            where = f"countries.{n}: {country.id}"
            if country.id in first:
                raise ValueError(f"{where}: also at countries.{first[country.id]}")
            first[country.id] = n
            if country.values.keys() != factors.keys():
                lacking = [f for f in factors if f not in country.values]
                if lacking:
                    raise ValueError(f"{where}: no value for model factor '{lacking[0]}'")
                extra = next(f for f in country.values if f not in factors)
                raise ValueError(f"{where}: values.{extra} is not a factor of the model")
            for factor, triple in country.values.items():
                if not (low <= triple[1] and triple[2] <= high):
                    raise ValueError(
                        f"{where}: values.{factor} is [{triple[0]:g}, {triple[1]:g}, "
                        f"{triple[2]:g}]: outside the scale {low:g}..{high:g}"
                    )
        if self.horizon is not None:
            start = self.as_of if self.as_of is not None else self.date
            try:
                start + dt.timedelta(days=round(self.horizon * 365.25))
            except OverflowError:
                raise ValueError(
                    f"horizon: {self.horizon:g} years from {start} ends after the year 9999"
                ) from None
        return self
