"""Change a loaded workspace: --weight/--set overrides and named what-if scenarios.

Every change returns a new Workspace, re-checked exactly as if the files had been edited.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from . import arguments
from .errors import OptionError, Problem, did_you_mean
from .schema import ModelFile, ProfileFile, Status
from .workspace import Workspace

if TYPE_CHECKING:
    from .analysts import Analyst


def _number(text: str, option: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise OptionError(Problem(f"{option}: '{text}' is not a number")) from None
    if not math.isfinite(value):
        raise OptionError(Problem(f"{option}: the value must be a finite number"))
    return value


def parse_weight(text: str, ws: Workspace) -> tuple[str, float]:
    """'FACTOR=W' → (factor, weight), checked against the workspace."""
    option = f"--weight {text}"
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise OptionError(
            Problem(f"{option}: expected FACTOR=WEIGHT", hint="e.g. --weight us_engagement=2")
        )
    name = name.strip()
    if name not in ws.model.factors:
        raise OptionError(
            Problem(f"{option}: unknown factor '{name}'", hint=did_you_mean(name, ws.factor_ids))
        )
    return name, _weight(_number(raw.strip(), option), option)


def _weight(value: object, option: str) -> float:
    weight = arguments.number(option, value)
    if weight < 0:
        raise OptionError(Problem(f"{option}: a weight cannot be negative"))
    return weight


def _country(country: str, ws: Workspace, option: str) -> str:
    """The id of the country named by id in any case or by name ('uz', 'Uzbekistan' → 'UZ')."""
    return ws.country_ids[ws.country_index(country, option)]


def _factor(factor: str, ws: Workspace, option: str) -> str:
    if factor not in ws.model.factors:
        raise OptionError(
            Problem(
                f"{option}: unknown factor '{factor}'", hint=did_you_mean(factor, ws.factor_ids)
            )
        )
    return factor


def parse_set(text: str, ws: Workspace) -> tuple[str, str, float]:
    """'ID.FACTOR=V' → (country id, factor, value), checked against the workspace. The country
    may be given by id in any case or by name."""
    option = f"--set {text}"
    target, sep, raw = text.partition("=")
    country, dot, factor = target.strip().partition(".")
    if not sep or not dot or not country or not factor:
        raise OptionError(
            Problem(f"{option}: expected ID.FACTOR=VALUE", hint="e.g. --set UZ.us_engagement=8")
        )
    return (
        _country(country, ws, option),
        _factor(factor, ws, option),
        _number(raw.strip(), option),
    )


def _with_factor_weight(model: ModelFile, factor: str, weight: float) -> ModelFile:
    factors = dict(model.factors)
    factors[factor] = factors[factor].model_copy(update={"weight": weight})
    return model.model_copy(update={"factors": factors})


def _with_group_weight(model: ModelFile, group: str, weight: float) -> ModelFile:
    groups = dict(model.groups)
    groups[group] = groups[group].model_copy(update={"weight": weight})
    return model.model_copy(update={"groups": groups})


def _with_value(profile: ProfileFile, factor: str, **update: object) -> ProfileFile:
    factors = dict(profile.factors)
    factors[factor] = factors[factor].model_copy(update=update)
    return profile.model_copy(update={"factors": factors})


Weights = Mapping[str, float] | Iterable[str]
"""{factor: weight}, or 'FACTOR=WEIGHT' strings as on the command line."""
Sets = Mapping[str, Mapping[str, float]] | Iterable[str]
"""{country id: {factor: value}}, or 'ID.FACTOR=VALUE' strings as on the command line."""


def _strings(items: object, name: str, form: str) -> list[str]:
    if isinstance(items, str) or not isinstance(items, Iterable):
        raise OptionError(
            Problem(
                f"{name}: expected a mapping or a list of '{form}' strings (got {items!r})",
                hint=f"e.g. {name}=['{form}']",
            )
        )
    texts = list(items)
    for text in texts:
        if not isinstance(text, str):
            raise OptionError(
                Problem(
                    f"{name}: expected '{form}' strings, got {text!r}",
                    hint=f"or give a mapping, e.g. {name}={{...}}",
                )
            )
    return texts


def weight_overrides(weights: Weights | None, ws: Workspace) -> list[tuple[str, str, float]]:
    """(how to name the change, factor, weight) for each override, checked."""
    if weights is None:
        return []
    if isinstance(weights, Mapping):
        found = []
        for factor, weight in weights.items():
            option = f"weights[{factor!r}]"
            if factor not in ws.model.factors:
                raise OptionError(
                    Problem(
                        f"{option}: unknown factor '{factor}'",
                        hint=did_you_mean(str(factor), ws.factor_ids),
                    )
                )
            found.append((f"--weight {factor}={weight}", factor, _weight(weight, option)))
        return found
    return [
        (f"--weight {text}", *parse_weight(text, ws))
        for text in _strings(weights, "weights", "FACTOR=WEIGHT")
    ]


def set_overrides(sets: Sets | None, ws: Workspace) -> list[tuple[str, str, str, float]]:
    """(how to name the change, country id, factor, value) for each override, checked."""
    if sets is None:
        return []
    if isinstance(sets, Mapping):
        found = []
        for country, values in sets.items():
            if not isinstance(values, Mapping):
                raise OptionError(
                    Problem(
                        f"sets[{country!r}]: expected a mapping {{factor: value}} (got {values!r})"
                    )
                )
            for factor, value in values.items():
                option = f"sets[{country!r}][{factor!r}]"
                cid = _country(str(country), ws, option)
                _factor(str(factor), ws, option)
                number = arguments.number(option, value)
                found.append((f"--set {cid}.{factor}={value}", cid, str(factor), number))
        return found
    return [
        (f"--set {text}", *parse_set(text, ws))
        for text in _strings(sets, "sets", "ID.FACTOR=VALUE")
    ]


def apply_overrides(
    ws: Workspace, weights: Weights | None = None, sets: Sets | None = None
) -> Workspace:
    """Apply weight and value overrides, each exactly as an edit of the file would: of
    model.yaml (--weight) or of a profile (--set). With a panel, the edit is made to the files
    the panel is built from: every analyst's view changes where it takes that number from
    model.yaml or the profile, and stays where the analyst's own file gives it."""
    checked_w = weight_overrides(weights, ws)
    checked_s = set_overrides(sets, ws)

    def edit(view: Workspace, analyst: Analyst | None = None) -> Workspace:
        for change, factor, weight in checked_w:
            model = view.model
            if analyst is None or not analyst.owns_weight(factor):
                model = _with_factor_weight(model, factor, weight)
            view = view.with_changes(model=model, change=change)
        for change, country, factor, value in checked_s:
            profiles = view.profiles
            if analyst is None or not analyst.owns_value(country, factor):
                profiles = tuple(
                    _with_value(p, factor, value=value) if p.id == country else p for p in profiles
                )
            view = view.with_changes(profiles=profiles, change=change)
        return view

    if ws.panel is not None and (checked_w or checked_s):
        return ws.panel.edit(ws, edit)
    return edit(ws)


# --- what-ifs ---------------------------------------------------------------------------


def apply_whatif(ws: Workspace, name: str, option: str = "--whatif") -> Workspace:
    """Apply the named what-if of the workspace: value changes, then weights, then status (with a
    panel, to every analyst's view)."""
    if ws.panel is not None:
        return ws.panel.apply(ws, lambda view: apply_whatif(view, name, option))
    if name not in ws.whatifs:
        raise OptionError(
            Problem(
                f"{option} {name}: no such what-if in {ws.name}",
                hint=did_you_mean(name, ws.whatifs) or "the workspace has no what-ifs",
            )
        )
    if f"--whatif {name}" in ws.changes:
        raise OptionError(
            Problem(
                f"{option} {name}: this what-if is already applied",
                hint="a what-if applies once; give each name once",
            )
        )
    whatif = ws.whatifs[name]
    lo, hi = ws.scale
    profiles = list(ws.profiles)
    for change in whatif.values:
        for i, profile in enumerate(profiles):
            if change.countries is not None and profile.id not in change.countries:
                continue
            entry = profile.factors[change.factor]
            if change.set is not None:
                new = change.set
            elif change.shift is not None:
                new = entry.value + change.shift
            else:
                new = entry.value * change.scale  # type: ignore[operator]
            new = min(max(new, lo), hi)
            delta = new - entry.value
            # The range moves with the value (same width), clamped, unless the what-if sets it.
            low = (
                change.low
                if change.low is not None
                else (None if entry.low is None else min(max(entry.low + delta, lo), hi))
            )
            high = (
                change.high
                if change.high is not None
                else (None if entry.high is None else min(max(entry.high + delta, lo), hi))
            )
            profiles[i] = _with_value(profile, change.factor, value=new, low=low, high=high)
    model = ws.model
    for wchange in whatif.weights:
        if wchange.factor is not None:
            old = model.factors[wchange.factor].weight
            new = wchange.set if wchange.set is not None else old * wchange.scale  # type: ignore[operator]
            model = _with_factor_weight(model, wchange.factor, new)
        else:
            assert wchange.group is not None
            old = model.groups[wchange.group].weight
            new = wchange.set if wchange.set is not None else old * wchange.scale  # type: ignore[operator]
            model = _with_group_weight(model, wchange.group, new)
    for schange in whatif.status:
        for i, profile in enumerate(profiles):
            if profile.id == schange.country:
                status = Status(
                    state=schange.state,
                    date=schange.date,
                    as_of=None,
                    note=f"set by what-if '{name}'",
                )
                profiles[i] = profile.model_copy(update={"status": status})
    return ws.with_changes(model=model, profiles=tuple(profiles), change=f"--whatif {name}")


def apply_all(
    ws: Workspace,
    *,
    whatifs: Sequence[str] = (),
    weights: Weights | None = None,
    sets: Sets | None = None,
) -> Workspace:
    """What-ifs in the order given, then the --weight/--set overrides of this run."""
    if isinstance(whatifs, str):
        raise OptionError(
            Problem(
                f"whatifs: expected a list of names (got {whatifs!r})",
                hint=f"e.g. whatifs=[{whatifs!r}]",
            )
        )
    for name in whatifs:
        ws = apply_whatif(ws, name)
    return apply_overrides(ws, weights, sets)
