"""One scenario as typed records: what-ifs, weight and value changes, aggregation, panel rule.

Each `Change` is a frozen record whose `str()` is its command-line spelling (``--whatif X``,
``--weight u=2``, ``--set UZ.u=8``, ``--aggregation geometric``, ``--panel-aggregate
values=median``), which `parse_change` reads back. A `Scenario` groups them by kind. A
workspace's ``changes`` are the records applied to it, in order; every consumer reads their
fields, and prints (or records in the ledger) their spelling.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import get_args

from scenarios.core.choices import AGGREGATIONS
from scenarios.core.choices import Aggregation as AggregationRule
from scenarios.core.errors import OptionError, Problem


def _g(value: float) -> str:
    """2 → '2', 0.25 → '0.25'; exact (read back, the same number)."""
    short = f"{value:g}"
    return short if float(short) == value else repr(float(value))


@dataclass(frozen=True)
class WhatIf:
    """A named what-if of the workspace (whatif/NAME.yaml), applied whole."""

    name: str

    def __str__(self) -> str:
        return f"--whatif {self.name}"


@dataclass(frozen=True)
class WeightChange:
    """A factor's weight set for one run (model.yaml's, as if edited); `spelled` keeps the
    text as typed ("us_engagement=2.50"), which only the spelling uses."""

    factor: str
    value: float
    spelled: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"--weight {self.spelled or f'{self.factor}={_g(self.value)}'}"


@dataclass(frozen=True)
class ValueChange:
    """One country's value of one factor set for one run (its profile's, as if edited)."""

    country: str
    factor: str
    value: float
    spelled: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"--set {self.spelled or f'{self.country}.{self.factor}={_g(self.value)}'}"


@dataclass(frozen=True)
class Aggregation:
    """The rule that turns values and weights into scores, for one run."""

    rule: AggregationRule

    def __str__(self) -> str:
        return f"--aggregation {self.rule}"


@dataclass(frozen=True)
class PanelRule:
    """How the panel's analysts combine for one run: (setting, value as spelled) pairs, in the
    order given (the keys of panel.aggregate in model.yaml)."""

    settings: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        return "--panel-aggregate " + ",".join(f"{k}={v}" for k, v in self.settings)


@dataclass(frozen=True)
class Partial:
    """The countries left out because values are still to fill (``rank --partial``): a note of
    the run, not a change of any number."""

    note: str

    def __str__(self) -> str:
        return f"--partial: {self.note}"


@dataclass(frozen=True)
class Happened:
    """An indicator to watch of model.yaml, taken as happened (signposts)."""

    name: str

    def __str__(self) -> str:
        return f"indicator {self.name}"


Change = WhatIf | WeightChange | ValueChange | Aggregation | PanelRule | Partial | Happened
"""One change of a workspace for one run; its `str()` is its command-line spelling."""

HYPOTHETICAL = (WhatIf, WeightChange, ValueChange)
"""The kinds of change that make a workspace a hypothetical rather than the forecast."""


def _problem(text: str, expected: str) -> OptionError:
    return OptionError(Problem(f"{text!r}: expected {expected}"))


def _number(text: str, whole: str, expected: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise _problem(whole, expected) from None


def parse_change(text: str) -> Change:
    """The change a command-line spelling names: the inverse of ``str(change)``.

    Parameters
    ----------
    text : str
        One spelling, e.g. ``"--whatif us_withdraws"`` or ``"--weight us_engagement=2"``.

    Returns
    -------
    Change
        The typed record; ``str()`` of it gives `text` back.

    Raises
    ------
    OptionError
        Where `text` is no change's spelling.
    """
    if text.startswith("--partial: "):
        return Partial(text.removeprefix("--partial: "))
    option, _, rest = text.partition(" ")
    parser = _PARSERS.get(option)
    if parser is None or (not rest and option in _NAMED):
        raise _problem(text, "a change as on the command line (--whatif NAME, --weight F=W, ...)")
    return parser(text, rest)


def _aggregation_of(text: str, rest: str) -> Change:
    if rest not in AGGREGATIONS:
        raise _problem(text, f"--aggregation {' or '.join(AGGREGATIONS)}")
    return Aggregation(next(a for a in get_args(AggregationRule) if a == rest))


def _panel_rule_of(text: str, rest: str) -> Change:
    pairs = [part.partition("=") for part in rest.split(",")]
    if any(not sep or not key for key, sep, _ in pairs):
        raise _problem(text, "--panel-aggregate KEY=VALUE[,KEY=VALUE]")
    return PanelRule(tuple((key, value) for key, _, value in pairs))


def _weight_of(text: str, rest: str) -> Change:
    target, sep, raw = rest.partition("=")
    expected = "--weight FACTOR=WEIGHT"
    if not sep or not target.strip():
        raise _problem(text, expected)
    return WeightChange(target.strip(), _number(raw, text, expected), rest)


def _value_of(text: str, rest: str) -> Change:
    target, sep, raw = rest.partition("=")
    country, dot, factor = target.partition(".")
    expected = "--set ID.FACTOR=VALUE"
    if not sep or not dot or not country.strip() or not factor.strip():
        raise _problem(text, expected)
    return ValueChange(country.strip(), factor.strip(), _number(raw, text, expected), rest)


# the options whose text is a name: without one, the spelling is no change
_NAMED = ("--whatif", "indicator", "--panel-aggregate")
# each option's reader of the text after it (the whole spelling is kept for messages)
_PARSERS: dict[str, Callable[[str, str], Change]] = {
    "--whatif": lambda _text, rest: WhatIf(rest),
    "indicator": lambda _text, rest: Happened(rest),
    "--aggregation": _aggregation_of,
    "--panel-aggregate": _panel_rule_of,
    "--weight": _weight_of,
    "--set": _value_of,
}


class Typed(tuple[str, ...]):
    """Strings as typed on the command line: a problem with one names its option (``--weight
    TEXT``); the same strings from Python name the argument (``weights=['TEXT']``)."""

    __slots__ = ()


@dataclass(frozen=True)
class Scenario:
    """What one run changes, typed: the what-ifs applied in order, then the weights and values
    set, the aggregation and the panel's rule (None: model.yaml's).

    ``str(scenario)`` is the command line's spelling (``--whatif us_withdraws --weight
    us_engagement=2``); `Scenario.parse` reads it back. Pass one to any API function as
    ``scenario=``.

    >>> Scenario(whatifs=(WhatIf("us_withdraws"),), weights=(WeightChange("us_engagement", 2),))
    Scenario('--whatif us_withdraws --weight us_engagement=2')
    """

    whatifs: tuple[WhatIf, ...] = ()
    weights: tuple[WeightChange, ...] = ()
    values: tuple[ValueChange, ...] = ()
    aggregation: Aggregation | None = None
    panel_rule: PanelRule | None = None

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every change, in the order a run applies them: the panel's rule, the what-ifs, the
        weights, the values, then the aggregation."""
        rule = () if self.panel_rule is None else (self.panel_rule,)
        agg = () if self.aggregation is None else (self.aggregation,)
        return (*rule, *self.whatifs, *self.weights, *self.values, *agg)

    def __str__(self) -> str:
        return " ".join(str(c) for c in self.changes)

    def __repr__(self) -> str:
        return f"Scenario({str(self)!r})"

    def __bool__(self) -> bool:
        return bool(self.changes)

    @classmethod
    def of(cls, changes: Iterable[Change]) -> Scenario:
        """The scenario of these changes (a workspace's `changes`), grouped by kind; notes of
        the run (--partial, indicators) are not part of a scenario and are left out.

        Parameters
        ----------
        changes : iterable of Change

        Returns
        -------
        Scenario
        """
        given = list(changes)
        aggregations = [c for c in given if isinstance(c, Aggregation)]
        rules = [c for c in given if isinstance(c, PanelRule)]
        return cls(
            whatifs=tuple(c for c in given if isinstance(c, WhatIf)),
            weights=tuple(c for c in given if isinstance(c, WeightChange)),
            values=tuple(c for c in given if isinstance(c, ValueChange)),
            aggregation=aggregations[-1] if aggregations else None,
            panel_rule=rules[-1] if rules else None,
        )

    @classmethod
    def parse(cls, texts: str | Iterable[str]) -> Scenario:
        """The scenario a command line's spellings name (one string of several, or a list).

        Parameters
        ----------
        texts : str or iterable of str
            E.g. ``"--whatif us_withdraws --weight us_engagement=2"``, or the spellings a
            ledger record keeps, one a string.

        Returns
        -------
        Scenario
        """
        if isinstance(texts, str):
            words = texts.split(" ")
            starts = [i for i, w in enumerate(words) if w.startswith("--")] + [len(words)]
            texts = [" ".join(words[a:b]) for a, b in itertools.pairwise(starts)]
        return cls.of(parse_change(t) for t in texts)
