"""The file format: pydantic models of model.yaml, profiles, what-ifs and panel files (the single
definition), over the shared field types of `fields` (and the ledger's records in `ledger`).

`scenarios schema` prints the JSON Schema generated from these classes for editors.
"""

# ruff: noqa: RUF012  (pydantic copies a field's default: `= []` is not shared; ruff sees
# that only where BaseModel is the base class in the same file)
from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    model_validator,
)

from scenarios.core.choices import (
    DEFAULT_TRIM,
    Aggregation,
    Basis,
    Confidence,
    Direction,
    LinkBasis,
    Missing,
    PanelAnalysts,
    PanelProbabilities,
    PanelUncertainty,
    PanelValues,
    Shift,
    State,
)
from scenarios.workspace.schema.fields import (
    MAX_NUMBER as MAX_NUMBER,
)
from scenarios.workspace.schema.fields import (
    Count,
    CountryId,
    Date,
    FactorName,
    GateName,
    Label,
    Name,
    Number,
    Positive,
    Strict,
    StrictNumber,
    Weight,
)
from scenarios.workspace.schema.ledger import (
    LedgerCountry as LedgerCountry,
)
from scenarios.workspace.schema.ledger import (
    LedgerFactor as LedgerFactor,
)
from scenarios.workspace.schema.ledger import (
    LedgerModel as LedgerModel,
)
from scenarios.workspace.schema.ledger import (
    LedgerPanel as LedgerPanel,
)
from scenarios.workspace.schema.ledger import (
    LedgerRecord as LedgerRecord,
)
from scenarios.workspace.schema.ledger import (
    LedgerStatus as LedgerStatus,
)
from scenarios.workspace.schema.ledger import (
    Probability as Probability,
)

# --- model.yaml -------------------------------------------------------------------------


class Scale(Strict):
    min: Number = 0.0
    max: Number = 10.0

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if not self.min < self.max:
            raise ValueError(f"scale min ({self.min:g}) must be below max ({self.max:g})")
        if not math.isfinite(self.max - self.min):
            raise ValueError(
                f"the scale {self.min:g}..{self.max:g} is too wide to compute with "
                "(max − min is beyond the largest number)"
            )
        return self


class Group(Strict):
    label: Label
    label_ar: Label | None = None
    weight: Weight = Field(1.0, description="Weight of the group; normalised with the others.")


class Factor(Strict):
    label: Label
    label_ar: Label | None = None
    group: Name
    weight: Weight = Field(1.0, description="Weight inside its group.")
    direction: Direction = Field(description="`for` raises the likelihood, `against` lowers it.")
    description: str = ""
    description_ar: str | None = Field(default=None, description="The description in Arabic.")
    low_means: str = Field(
        "", description="What a value at the bottom of the scale means, in plain words."
    )
    high_means: str = Field(
        "", description="What a value at the top of the scale means, in plain words."
    )
    low_means_ar: str | None = Field(default=None, description="low_means in Arabic.")
    high_means_ar: str | None = Field(default=None, description="high_means in Arabic.")


class LinkFit(Strict):
    """What a fitted link rests on, as `scenarios calibrate` prints it."""

    workspace: str = Field(description="The workspace whose outcomes the link was fitted on.")
    outcomes: Annotated[int, Field(ge=0)]
    events: Annotated[int, Field(ge=0)]
    loo_skill: Number | None = Field(
        None,
        description="Out-of-sample (leave-one-out) Brier skill against the base rate, from "
        "`scenarios backtest`; at or below 0 the link is flagged as not validated.",
    )
    equal_weights_loo_skill: Number | None = Field(
        None,
        description="The same out-of-sample skill with every factor weighted equally (the "
        "backtest's 'baseline: equal weights'); where loo_skill does not beat it, `scenarios "
        "rank` says the file's weights add nothing out of sample.",
    )
    variant: Name | None = Field(
        None, description="The cohort workspace's variant it was fitted on (None: its own rule)."
    )


class Alternative(Strict):
    """Another defensible link, fitted otherwise (another cohort, event or prior): the headline
    probability and its interval are an equal mixture of the link and its alternatives."""

    label: Label
    slope: Number
    slope_sd: Weight | None = None
    weights: Literal["file", "equal"] = Field(
        "file",
        description="`equal`: the fit with every factor weighted equally. Such an alternative "
        "changes the scores, not only the link, so it enters the probability's interval (a "
        "share of its drawn worlds weighs the factors around equal weights) but not the "
        "figure, which is the file's weights'.",
    )
    note: str = ""
    fit: LinkFit | None = None


class LinkSettings(Strict):
    """Annual probability = logistic(intercept + slope * score)."""

    kind: Literal["logistic"] = "logistic"
    intercept: Number | None = Field(
        None,
        description="Omit to derive it from base_rate: the link then expects the observed events "
        "among the reference class over the base rate's window (calibration in the large).",
    )
    slope: Number
    per: Literal["year"] = "year"
    intercept_sd: Weight | None = Field(
        default=None, description="Standard error of the intercept."
    )
    slope_sd: Weight | None = Field(default=None, description="Standard error of the slope.")
    correlation: Annotated[float, Field(ge=-1, le=1, allow_inf_nan=False)] | None = Field(
        None, description="Correlation of the intercept and slope estimates."
    )
    basis: LinkBasis = Field(
        "assumed",
        description="`fitted` (by `scenarios calibrate`, see `fit`) or `assumed` (a judgement).",
    )
    fit: LinkFit | None = None
    transfer: str | None = Field(
        None,
        description="Where the link is carried over from other events: what it was fitted on, "
        "and that applying it here is an assumption. Probabilities are marked § with this text.",
    )
    transfer_ar: str | None = Field(default=None, description="The transfer note in Arabic.")
    alternatives: dict[Name, Alternative] = Field(
        {},
        description="Other defensible fits of the slope; with an intercept derived from a base "
        "rate, each is calibrated in the large like the link, and the probabilities are their "
        "equal mixture.",
    )


class Variant(Strict):
    """A defensible alternative to a cohort's own choices, fitted and backtested beside them:
    fewer states, outcomes counted otherwise, values set otherwise, equal weights, or no prior
    on the slope."""

    label: Label
    note: str = ""
    countries: list[Name] | None = Field(default=None, description="Only these states (ids).")
    not_joined: list[Name] = Field([], description="Joins not counted as events (ids).")
    sets: dict[Name, dict[Name, Number]] = Field(
        {}, description="COUNTRY_ID -> {factor: value}: values set otherwise."
    )
    weights: Literal["file", "equal"] = Field(
        "file", description="`equal`: every factor the same weight."
    )
    slope_prior: Literal["default", "none"] = Field(
        "default", description="`none`: the slope is fitted without its Normal(0, 10²) prior."
    )


class Event(Strict):
    """What counts as the outcome, and from when forecasts run."""

    definition: str = Field(description="What counts, e.g. the announcement of normalization.")
    definition_ar: str | None = Field(default=None, description="The definition in Arabic.")
    as_of: Date = Field(
        description="The date of the evidence: forecasts run from here, and an outcome resolves "
        "once the horizon has passed since."
    )


class Gate(Strict):
    """A barrier: beyond its threshold a factor blocks the outcome whatever the other factors
    say (the probability is capped), rather than being traded against them."""

    factor: Name
    at_least: Number | None = Field(
        default=None, description="Binds when the value is at least this."
    )
    at_most: Number | None = Field(
        default=None, description="Binds when the value is at most this."
    )
    cap: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = Field(
        0.0, description="The highest probability a country can have while the gate binds."
    )
    note: str = ""
    sources: list[str] = []

    @model_validator(mode="after")
    def _one_threshold(self) -> Gate:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("give exactly one of at_least or at_most")
        return self


class Cohort(Strict):
    """How the countries of a backtest workspace were chosen: a rule, not a hand-picked list."""

    rule: str
    sources: list[str] = []


DAYS_A_YEAR = 365.25


class BaseRate(Strict):
    """Reference class: `events` of `of` comparable states reached the outcome within `years`
    (or within the window from `since` to the event's `as_of`)."""

    events: Annotated[Count, Field(ge=0)]
    of: Annotated[Count, Field(gt=0)]
    years: Positive | None = Field(
        None,
        description="Length of the window in years; omit it and give `since` to have it run "
        "from `since` to event.as_of (the default without either is 1).",
    )
    since: Date | None = Field(
        None,
        description="Start of the window; it ends at event.as_of, so it holds no later events.",
    )
    members: list[Name] | None = Field(
        None,
        description="Ids of the reference class's states when they are countries of the "
        "workspace (default: every country, when `of` counts them all). The intercept is then "
        "chosen so that the link expects `events` among them within the window, as observed.",
    )
    note: str = ""
    sources: list[str] = []

    @model_validator(mode="after")
    def _events_within(self) -> BaseRate:
        if self.events > self.of:
            raise ValueError(f"events ({self.events}) cannot exceed of ({self.of})")
        if self.since is not None and self.years is not None:
            raise ValueError(
                "give `since` (the window then ends at event.as_of) or `years`, not both"
            )
        if self.members is not None and len(self.members) != self.of:
            raise ValueError(
                f"members lists {len(self.members)} states but `of` is {self.of}: they must agree"
            )
        return self

    @property
    def window(self) -> float:
        """The window's length in years (`years`, else 1 until `since` is resolved)."""
        return self.years if self.years is not None else 1.0

    @property
    def window_label(self) -> str:
        """The window's length as printed: '5.7', '1'."""
        return f"{round(self.window, 1):g}"


class Uncertainty(Strict):
    """Default half-width of a value's range, by confidence, when the profile gives none."""

    high: Weight = 0.5
    medium: Weight = 1.0
    low: Weight = 2.0


class Driver(Strict):
    """A joint shock: one standard-normal draw per sample moves several factors together."""

    label: Label
    sd: Positive = Field(1.0, description="Standard deviation of the shock, in scale units.")
    effects: dict[Name, dict[str, Number]] = Field(
        description="factor -> {default: loading, COUNTRY_ID: loading}; "
        "loading multiplies the shock."
    )


class PeerEffect(Strict):
    value: Number
    low: Number | None = None
    high: Number | None = None

    @model_validator(mode="after")
    def _ordered(self) -> PeerEffect:
        low = self.value if self.low is None else self.low
        high = self.value if self.high is None else self.high
        if not low <= self.value <= high:
            raise ValueError("peer_effect needs low <= value <= high")
        if not math.isfinite(high - low):
            raise ValueError("peer_effect's range is too wide to compute with")
        return self


class CascadeSettings(Strict):
    peer_effect: PeerEffect
    peers: dict[str, dict[str, Weight]] | None = Field(
        None, description="country -> {peer country: weight}; default: all others equally."
    )


class Indicator(Strict):
    """A development to watch: the factor it would move, for which countries, and which way."""

    text: str = Field(description="What to watch for, in words.")
    factor: Name
    countries: list[str] | None = Field(default=None, description="Country ids; default: all.")
    direction: Shift = Field(description="`up` raises the factor's value, `down` lowers it.")
    shift: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = Field(
        None,
        description="The expected move, in scale units; without it `signposts` shows how far "
        "the value would have to move to change a rank.",
    )
    sources: list[str] = []


class PanelAggregate(Strict):
    """How the analysts of panel/ combine (see `scenarios panel`)."""

    values: PanelValues = Field(
        default="mean",
        description="How each cell's values (and each factor's weight) combine across analysts.",
    )
    trim: Annotated[float, Field(ge=0, lt=0.5, allow_inf_nan=False)] = Field(
        default=DEFAULT_TRIM,
        description="trimmed_mean: the share of the analysts' weight cut from each end.",
    )
    probabilities: PanelProbabilities = Field(
        default="linear_pool",
        description="How the analysts' probabilities combine: their weighted mean (linear_pool) "
        "or the weighted mean of their log-odds (log_odds), times `extremize`.",
    )
    extremize: Annotated[float, Field(gt=0, le=10, allow_inf_nan=False)] = Field(
        default=1.0,
        description="log_odds: multiplies the pooled log-odds (above 1 pushes away from 50%).",
    )
    analysts: PanelAnalysts = Field(
        default="equal",
        description="How much each analyst weighs: equally, or by their track record (1/Brier "
        "on the resolved outcomes of panel.track_record).",
    )
    uncertainty: PanelUncertainty = Field(
        default="pool",
        description="Disagreement in the Monte Carlo: draw one analyst per sample (pool), or "
        "widen each value's range to cover every analyst's (widen).",
    )

    @model_validator(mode="after")
    def _settings_that_apply(self) -> PanelAggregate:
        if "trim" in self.model_fields_set and self.values != "trimmed_mean":
            raise ValueError(f"trim applies to values: trimmed_mean, not {self.values}")
        if self.extremize != 1 and self.probabilities != "log_odds":
            raise ValueError("extremize applies to probabilities: log_odds only")
        return self


class PanelSettings(Strict):
    aggregate: PanelAggregate = PanelAggregate()
    track_record: str | None = Field(
        default=None,
        description="The backtest workspace the analysts' track records come from: a folder "
        "(relative to this workspace's) or a bundled name; default: the workspace the link was "
        "fitted on (link.fit.workspace).",
    )


class Reference(Strict):
    """A work that sources cite by a short key ("seed §6", "facts §4 R"): the report's
    bibliography gives it in full, and `validate` warns of a key that no reference defines."""

    id: Name = Field(description="The key a source starts with: `seed` in 'seed §6'.")
    title: Label
    title_ar: Label | None = None
    author: str = ""
    publisher: str = ""
    publisher_ar: str = ""
    date: Date | None = None
    language: str = Field("", description="The language of the work, e.g. `ar`, `en`.")
    url: str | None = None
    description: str = Field("", description="What the work is, in a sentence.")
    description_ar: str = ""


class ModelFile(Strict):
    schema_version: Literal[1] = 1
    title: Label
    title_ar: Label | None = None
    question: str
    question_ar: str | None = Field(default=None, description="The question in Arabic.")
    scale: Scale = Scale()
    aggregation: Aggregation = "additive"
    missing: Missing = Field(
        "error",
        description="What a factor missing from a profile means: an error, or the scale's midpoint "
        "with the whole scale as its range and low confidence.",
    )
    horizon_years: Positive | None = None
    stale_after_years: Positive | None = None
    uncertainty: Uncertainty = Uncertainty()
    groups: dict[Name, Group]
    factors: dict[FactorName, Factor]
    event: Event | None = None
    link: LinkSettings | None = None
    base_rate: BaseRate | None = None
    drivers: dict[Name, Driver] = {}
    cascade: CascadeSettings | None = None
    gates: dict[GateName, Gate] = {}
    cohort: Cohort | None = None
    variants: dict[Name, Variant] = Field(
        {},
        description="Alternatives to the cohort's own choices, fitted and backtested beside it.",
    )
    indicators: dict[Name, Indicator] = {}
    panel: PanelSettings | None = Field(
        default=None,
        description="How the analysts of panel/*.yaml combine; default as stated there.",
    )
    references: list[Reference] = Field(
        [],
        description="The works that sources cite by key (`seed §6`): title, publisher, date.",
    )

    @model_validator(mode="after")
    def _window_ends_at_as_of(self) -> ModelFile:
        # A base rate's window given by its start ends at the evidence date: its length in years
        # is derived here once, so that everything downstream reads `years`.
        base = self.base_rate
        if base is not None and base.since is not None and self.event is not None:
            days = (self.event.as_of - base.since).days
            if days > 0:
                # frozen model: set the derived field once, while the model is being built
                object.__setattr__(
                    self, "base_rate", base.model_copy(update={"years": days / DAYS_A_YEAR})
                )
        return self


# --- profiles/*.yaml --------------------------------------------------------------------


class Status(Strict):
    state: State
    date: Date | None = Field(default=None, description="When the outcome happened (for `joined`).")
    as_of: Date | None = Field(default=None, description="When the status was last checked.")
    note: str = ""
    note_ar: str | None = Field(default=None, description="The note in Arabic.")
    sources: list[str] = []


class Entry(Strict):
    value: Number
    low: Number | None = None
    high: Number | None = None
    confidence: Confidence = "medium"
    as_of: Date | None = None
    basis: Basis | None = Field(
        default=None,
        description="`background` where the value rests, wholly or in part, on the analyst's "
        "background knowledge rather than on its sources (say which part in the note).",
    )
    note: str = ""
    sources: list[str] = []

    # low <= value <= high and the scale are checked with the workspace, which knows the scale.


def _shorthand(value: Any) -> Any:
    """`factor: 6` means `factor: {value: 6}` (and `factor: "6"` is read the same way, so that
    the value's check says the number is in quotes)."""
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        return {"value": value}
    return value


ProfileValue = Annotated[Entry, BeforeValidator(_shorthand, json_schema_input_type=float | Entry)]


# In a profile, a factor written with nothing after it (`us_engagement:`) is a value still to
# fill: `scenarios new` writes them so, `validate` lists them, `scenarios import` fills them,
# and every analysis refuses the workspace until none is left (`rank --partial` scores the
# countries that have every value).
ProfileCell = Annotated[
    Entry, BeforeValidator(_shorthand, json_schema_input_type=float | Entry | None)
]


class ProfileFile(Strict):
    schema_version: Literal[1] = 1
    id: CountryId
    name: Label
    name_ar: Label | None = None
    status: Status | None = None
    factors: dict[Name, ProfileCell] = Field(
        description="factor -> value, or an entry with value, low, high, confidence, as_of, "
        "note and sources; a factor with nothing after it is a value still to fill."
    )
    _to_fill: tuple[str, ...] = PrivateAttr(())

    @model_validator(mode="wrap")
    @classmethod
    def _blanks_to_fill(cls, data: Any, handler: ModelWrapValidatorHandler[ProfileFile]) -> Any:
        """Set aside the factors left blank: they are not values (`factors` holds only the
        values given), and `to_fill` names them in file order."""
        blank: tuple[str, ...] = ()
        if isinstance(data, dict) and isinstance(data.get("factors"), dict):
            blank = tuple(str(k) for k, v in data["factors"].items() if v is None)
            if blank:
                given = {k: v for k, v in data["factors"].items() if v is not None}
                data = {**data, "factors": given}
        profile = handler(data)
        if blank:
            profile._to_fill = blank
        return profile

    @property
    def to_fill(self) -> tuple[str, ...]:
        """The factors this profile leaves blank, still to fill."""
        return self._to_fill


# --- whatif/*.yaml ----------------------------------------------------------------------


class ValueChange(Strict):
    factor: Name
    countries: list[str] | None = Field(default=None, description="Country ids; default: all.")
    shift: Number | None = None
    scale: Number | None = None
    set: Number | None = None
    low: Number | None = None
    high: Number | None = None

    @model_validator(mode="after")
    def _one_operation(self) -> ValueChange:
        given = [k for k in ("shift", "scale", "set") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of shift, scale or set")
        return self


class WeightChange(Strict):
    factor: Name | None = None
    group: Name | None = None
    scale: Weight | None = None
    set: Weight | None = None

    @model_validator(mode="after")
    def _one_target_one_operation(self) -> WeightChange:
        if (self.factor is None) == (self.group is None):
            raise ValueError("give exactly one of factor or group")
        if (self.scale is None) == (self.set is None):
            raise ValueError("give exactly one of scale or set")
        return self


class StatusChange(Strict):
    country: str
    state: State
    date: Date | None = None


class WhatIfFile(Strict):
    schema_version: Literal[1] = 1
    title: Label
    title_ar: Label | None = None
    description: str = ""
    description_ar: str | None = Field(default=None, description="The description in Arabic.")
    sources: list[str] = []
    values: list[ValueChange] = []
    weights: list[WeightChange] = []
    status: list[StatusChange] = []


# --- panel/*.yaml -----------------------------------------------------------------------


class SwingRating(Strict):
    factor: Name
    rating: Annotated[float, StrictNumber, Field(ge=0, le=100, allow_inf_nan=False)]


class OwnWeights(Strict):
    """An analyst's weights in model.yaml's terms; what is left out stays as model.yaml has it."""

    groups: dict[Name, Weight] = {}
    factors: dict[Name, Weight] = {}


class PanelFile(Strict):
    """One analyst's independent judgements; what is left out falls back to the profiles."""

    schema_version: Literal[1] = 1
    analyst: Label = Field(description="Who judges: a name or a role.")
    note: str = Field("", description="Whose reading this is, and why it differs.")
    illustrative: bool = Field(
        False,
        description="true: an invented analyst, for showing how a panel works; every output "
        "that uses the panel then says 'illustrative panel'.",
    )
    values: dict[CountryId, dict[Name, ProfileValue | None] | None] = Field(
        {},
        description="country id -> factor -> value, or an entry with value, low, high, "
        "confidence, as_of, note and sources; a blank cell falls back to the profile.",
    )
    weights: OwnWeights | None = None
    swing: list[SwingRating] | None = Field(
        None,
        description="Swing weighting, instead of weights: every factor, from the largest swing "
        "(worst to best level) down; the first rated 100, each other rated against it (0-100).",
    )


FILE_KINDS: dict[str, type[BaseModel]] = {
    "model": ModelFile,
    "profile": ProfileFile,
    "whatif": WhatIfFile,
    "panel": PanelFile,
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind, for yaml-language-server and other editors."""
    schema = FILE_KINDS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


__all__ = [
    "DAYS_A_YEAR",
    "FILE_KINDS",
    "MAX_NUMBER",
    "Alternative",
    "BaseRate",
    "CascadeSettings",
    "Cohort",
    "Count",
    "CountryId",
    "Date",
    "Driver",
    "Entry",
    "Event",
    "Factor",
    "FactorName",
    "Gate",
    "GateName",
    "Group",
    "Indicator",
    "Label",
    "LedgerCountry",
    "LedgerFactor",
    "LedgerModel",
    "LedgerPanel",
    "LedgerRecord",
    "LedgerStatus",
    "LinkFit",
    "LinkSettings",
    "ModelFile",
    "Name",
    "Number",
    "OwnWeights",
    "PanelAggregate",
    "PanelFile",
    "PanelSettings",
    "PeerEffect",
    "Positive",
    "Probability",
    "ProfileCell",
    "ProfileFile",
    "ProfileValue",
    "Reference",
    "Scale",
    "Status",
    "StatusChange",
    "Strict",
    "StrictNumber",
    "SwingRating",
    "Uncertainty",
    "ValueChange",
    "Variant",
    "Weight",
    "WeightChange",
    "WhatIfFile",
    "json_schema",
]
