"""Change a loaded workspace: --weight/--set overrides and named what-if scenarios.

Every change returns a new Workspace, re-checked exactly as if the files had been edited.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial

from scenarios.core import arguments
from scenarios.core.errors import OptionError, Problem, did_you_mean
from scenarios.workspace.load import PanelAnalyst, Workspace
from scenarios.workspace.scenario import Change, Typed, ValueChange, WeightChange, WhatIf
from scenarios.workspace.schema import ModelFile, ProfileFile, Status, WhatIfFile


def _number(text: str, option: str) -> float:
    try:
        value = float(text) + 0.0  # -0.0 is 0 (and is shown so, never as '-0')
    except ValueError:
        raise OptionError(Problem(f"{option}: '{text}' is not a number")) from None
    if not math.isfinite(value):
        raise OptionError(Problem(f"{option}: the value must be a finite number"))
    return value


def parse_weight(text: str, ws: Workspace, *, typed: bool = True) -> tuple[str, float]:
    """'FACTOR=W' → (factor, weight), checked against the workspace; a problem names the
    option (--weight) where `typed` on the command line, else the argument (weights=)."""
    option = f"--weight {text}" if typed else f"weights=[{text!r}]"
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        hint = "e.g. --weight us_engagement=2" if typed else "e.g. weights={'us_engagement': 2}"
        raise OptionError(Problem(f"{option}: expected FACTOR=WEIGHT", hint=hint))
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


def parse_set(text: str, ws: Workspace, *, typed: bool = True) -> tuple[str, str, float]:
    """'ID.FACTOR=V' → (country id, factor, value), checked against the workspace. The country
    may be given by id in any case or by name. A problem names the option (--set) where
    `typed` on the command line, else the argument (sets=)."""
    option = f"--set {text}" if typed else f"sets=[{text!r}]"
    target, sep, raw = text.partition("=")
    country, dot, factor = target.strip().partition(".")
    if not sep or not dot or not country or not factor:
        hint = (
            "e.g. --set UZ.us_engagement=8" if typed else "e.g. sets={'UZ': {'us_engagement': 8}}"
        )
        raise OptionError(Problem(f"{option}: expected ID.FACTOR=VALUE", hint=hint))
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


def moved(
    profile: ProfileFile,
    factor: str,
    value: float,
    scale: tuple[float, float],
    low: float | None = None,
    high: float | None = None,
) -> ProfileFile:
    """The profile with `factor`'s value set to `value` (on the scale) and its range moved with
    it: each end the profile gives shifts by the same amount as the value (so the width stays),
    clamped to the scale; an end it does not give stays the confidence's default half-width, which
    follows the value by itself. `low`/`high`, where given, replace the moved ends."""
    lo, hi = scale
    entry = profile.factors[factor]
    delta = value - entry.value

    def shifted(end: float | None, given: float | None) -> float | None:
        if given is not None:
            return given
        return None if end is None else min(max(end + delta, lo), hi)

    return _with_value(
        profile, factor, value=value, low=shifted(entry.low, low), high=shifted(entry.high, high)
    )


Weights = Mapping[str, float] | Iterable[str]
"""{factor: weight}, or 'FACTOR=WEIGHT' strings as on the command line."""
Sets = Mapping[str, Mapping[str, float]] | Iterable[str]
"""{country id: {factor: value}}, or 'ID.FACTOR=VALUE' strings as on the command line."""


def _strings(items: object, name: str, form: str) -> list[str]:
    if isinstance(items, str) or not isinstance(items, Iterable):
        raise OptionError(
            Problem(
                f"{name}={items!r}: expected a mapping or a list of '{form}' strings",
                hint=f"e.g. {name}=[{items!r}]"
                if isinstance(items, str)
                else f"e.g. {name}=['{form}']",
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


def weight_overrides(
    weights: Weights | None, ws: Workspace
) -> list[tuple[WeightChange, str, float]]:
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
            value = _weight(weight, option)
            found.append((WeightChange(factor, value, f"{factor}={weight}"), factor, value))
        return found
    return [
        (WeightChange(factor, value, text), factor, value)
        for text in _strings(weights, "weights", "FACTOR=WEIGHT")
        for factor, value in [parse_weight(text, ws, typed=isinstance(weights, Typed))]
    ]


def set_overrides(sets: Sets | None, ws: Workspace) -> list[tuple[ValueChange, str, str, float]]:
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
                spelled = f"{cid}.{factor}={value}"
                change = ValueChange(cid, str(factor), number, spelled)
                found.append((change, cid, str(factor), number))
        return found
    return [
        (ValueChange(country, factor, value, text), country, factor, value)
        for text in _strings(sets, "sets", "ID.FACTOR=VALUE")
        for country, factor, value in [parse_set(text, ws, typed=isinstance(sets, Typed))]
    ]


def _outside_scale(option: str, value: float, ws: Workspace) -> None:
    lo, hi = ws.scale
    if not lo <= value <= hi:
        raise OptionError(
            Problem(
                f"{option}: {value:g} is outside the scale {lo:g}..{hi:g}",
                hint=f"give a value from {lo:g} to {hi:g}",
            )
        )


def _each_view(
    ws: Workspace,
    change: Callable[[Workspace], Workspace],
    owned: Callable[[PanelAnalyst], bool],
    name: Change,
) -> Workspace:
    """The change made as an edit of the files: with a panel, to the plain workspace and to
    every analyst's view except where the analyst's own file gives that number (`owned`), then
    combined again."""
    if ws.panel is None:
        return change(ws)

    def edit(view: Workspace, analyst: PanelAnalyst | None) -> Workspace:
        if analyst is not None and owned(analyst):
            return view.with_changes(change=name)
        return change(view)

    return ws.panel.edit(ws, edit)


def _outside_range(view: Workspace, country: str, factor: str, value: float) -> bool:
    """Whether `value` lies outside the cell's range in `view` (as given, or the confidence's
    default half-width)."""
    c, f = view.country_ids.index(country), view.factor_ids.index(factor)
    low, high = view.ranges
    return not low[c, f] <= value <= high[c, f]


def _set_weight(view: Workspace, change: Change, factor: str, weight: float) -> Workspace:
    return view.with_changes(model=_with_factor_weight(view.model, factor, weight), change=change)


def _set_value(
    view: Workspace, change: Change, country: str, factor: str, value: float
) -> Workspace:
    """One value set: inside its range, the range stays; outside, it moves with the value."""
    outside = _outside_range(view, country, factor, value)
    profiles = tuple(
        (moved(p, factor, value, view.scale) if outside else _with_value(p, factor, value=value))
        if p.id == country
        else p
        for p in view.profiles
    )
    return view.with_changes(profiles=profiles, change=change)


def _span(view: Workspace, country: str, factor: str) -> str:
    c, f = view.country_ids.index(country), view.factor_ids.index(factor)
    low, high = view.ranges
    return f"{round(float(low[c, f]), 2):g}–{round(float(high[c, f]), 2):g}"


def _range_note(
    before: Workspace, after: Workspace, change: Change, country: str, factor: str, value: float
) -> Problem | None:
    """The note that a value set outside its range moved the range (None: it did not). With a
    panel the edit is of the profile, so the note is of the profile's range."""
    if before.panel is not None and after.panel is not None:
        before, after = before.panel.plain, after.panel.plain
    if not _outside_range(before, country, factor, value):
        return None
    return Problem(
        f"{change} is outside its range {_span(before, country, factor)}; "
        f"the range moves with it to {_span(after, country, factor)}"
    )


def apply_overrides(
    ws: Workspace, weights: Weights | None = None, sets: Sets | None = None
) -> Workspace:
    """Apply weight and value overrides, each exactly as an edit of the file would: of
    model.yaml (--weight) or of a profile (--set). With a panel, the edit is made to the files
    the panel is built from: every analyst's view changes where it takes that number from
    model.yaml or the profile, and stays where the analyst's own file gives it.

    A value set outside its range (as given, or the confidence's default half-width) moves the
    range with it, as a what-if's `set` does: same width, clamped to the scale; the workspace's
    `notes` say so. A value outside the scale is an OptionError."""
    if ws.reference is None or not (weights or sets):
        return _edit(ws, weights, sets)
    # What-ifs came first: the edit is made to the files' state under them too, so that the
    # link's intercept follows the edited files, not the hypothesis.
    once_w = weights if weights is None or isinstance(weights, Mapping) else list(weights)
    once_s = sets if sets is None or isinstance(sets, Mapping) else list(sets)
    edited = _edit(ws, once_w, once_s)
    return replace(edited, reference=_edit(ws.reference, once_w, once_s))


def _edit(ws: Workspace, weights: Weights | None, sets: Sets | None) -> Workspace:
    notes = ws.notes
    for change, factor, weight in weight_overrides(weights, ws):
        ws = _each_view(
            ws,
            partial(_set_weight, change=change, factor=factor, weight=weight),
            lambda analyst, factor=factor: analyst.owns_weight(factor),  # type: ignore[misc]
            change,
        )
    for setting, country, factor, value in set_overrides(sets, ws):
        where = (
            str(setting)
            if isinstance(sets, Typed)
            else f"sets[{country!r}][{factor!r}]"
            if isinstance(sets, Mapping)
            else f"sets=[{setting.spelled!r}]"
        )
        _outside_scale(where, value, ws)
        before = ws
        ws = _each_view(
            ws,
            partial(_set_value, change=setting, country=country, factor=factor, value=value),
            lambda analyst, c=country, f=factor: analyst.owns_value(c, f),  # type: ignore[misc]
            setting,
        )
        note = _range_note(before, ws, setting, country, factor, value)
        notes += (note,) if note is not None else ()
    # a panel's views are combined afresh on each change: the notes are carried over here
    return ws if ws.notes == notes else replace(ws, notes=notes)


# --- what-ifs ---------------------------------------------------------------------------


def apply_whatif(
    ws: Workspace, name: str, option: str = "--whatif", *, where: str | None = None
) -> Workspace:
    """Apply the named what-if of the workspace: value changes, then weights, then status (with a
    panel, to every analyst's view)."""
    if ws.panel is not None:
        return ws.panel.apply(ws, lambda view: apply_whatif(view, name, option, where=where))
    where = where or f"{option} {name}"  # how a problem names it: as typed, or as given
    if name not in ws.whatifs:
        raise OptionError(
            Problem(
                f"{where}: no such what-if in {ws.name}",
                hint=did_you_mean(name, ws.whatifs) or "the workspace has no what-ifs",
            )
        )
    if WhatIf(name) in ws.changes:
        raise OptionError(
            Problem(
                f"{where}: this what-if is already applied",
                hint="a what-if applies once; give each name once",
            )
        )
    whatif = ws.whatifs[name]
    profiles = _moved_values(ws, whatif)
    model = _moved_weights(ws.model, whatif)
    profiles = _set_statuses(profiles, whatif, name)
    changed = ws.with_changes(model=model, profiles=tuple(profiles), change=WhatIf(name))
    return replace(changed, reference=ws.reference or ws)


def _moved_values(ws: Workspace, whatif: WhatIfFile) -> list[ProfileFile]:
    """The profiles with the what-if's value changes made (clipped to the scale)."""
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
            profiles[i] = moved(profile, change.factor, new, (lo, hi), change.low, change.high)
    return profiles


def _moved_weights(model: ModelFile, whatif: WhatIfFile) -> ModelFile:
    """The model with the what-if's factor and group weights set or scaled."""
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
    return model


def _set_statuses(profiles: list[ProfileFile], whatif: WhatIfFile, name: str) -> list[ProfileFile]:
    """The profiles with the statuses the what-if sets."""
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
    return profiles


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
    typed = isinstance(whatifs, Typed)
    for name in whatifs:
        ws = apply_whatif(ws, name, where=None if typed else f"whatifs=[{name!r}]")
    return apply_overrides(ws, weights, sets)
