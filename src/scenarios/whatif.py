"""Change a loaded workspace: --weight/--set overrides and named what-if scenarios.

Every change returns a new Workspace, re-checked exactly as if the files had been edited.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from .errors import OptionError, Problem, did_you_mean
from .schema import ModelFile, ProfileFile, Status, WhatIfFile
from .workspace import Workspace
from .yamlsource import Document


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
    weight = _number(raw.strip(), option)
    if weight < 0:
        raise OptionError(Problem(f"{option}: a weight cannot be negative"))
    return name, weight


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
    country = ws.country_ids[ws.country_index(country, option)]  # 'uz' or 'Uzbekistan' → 'UZ'
    if factor not in ws.model.factors:
        raise OptionError(
            Problem(
                f"{option}: unknown factor '{factor}'", hint=did_you_mean(factor, ws.factor_ids)
            )
        )
    return country, factor, _number(raw.strip(), option)


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


def apply_overrides(
    ws: Workspace, weights: Sequence[str] = (), sets: Sequence[str] = ()
) -> Workspace:
    """Apply --weight FACTOR=W and --set ID.FACTOR=V, each exactly as an edit of the file."""
    for text in weights:
        factor, weight = parse_weight(text, ws)
        ws = ws.with_changes(
            model=_with_factor_weight(ws.model, factor, weight), change=f"--weight {text}"
        )
    for text in sets:
        country, factor, value = parse_set(text, ws)
        profiles = tuple(
            _with_value(p, factor, value=value) if p.id == country else p for p in ws.profiles
        )
        ws = ws.with_changes(profiles=profiles, change=f"--set {text}")
    return ws


# --- what-ifs ---------------------------------------------------------------------------


def check_whatif(
    whatif: WhatIfFile, model: ModelFile, profiles: Iterable[ProfileFile], doc: Document
) -> list[Problem]:
    """Names a what-if uses (factors, groups, countries) must exist in the workspace."""
    ids = [p.id for p in profiles]
    problems = []

    def unknown(path: tuple, kind: str, name: str, choices: Iterable[str]) -> None:
        problems.append(doc.problem(path, f"unknown {kind} '{name}'", did_you_mean(name, choices)))

    lo, hi = model.scale.min, model.scale.max
    for i, change in enumerate(whatif.values):
        if change.factor not in model.factors:
            unknown(("values", i, "factor"), "factor", change.factor, model.factors)
        # a `set`, `low` or `high` outside the scale is a typo, not something to clamp quietly
        for key in ("set", "low", "high"):
            v = getattr(change, key)
            if v is not None and not lo <= v <= hi:
                problems.append(
                    doc.problem(
                        ("values", i, key), f"{key} = {v:g} is outside the scale {lo:g}..{hi:g}"
                    )
                )
        if change.set is not None and (
            (change.low is not None and change.low > change.set)
            or (change.high is not None and change.set > change.high)
        ):
            problems.append(
                doc.problem(
                    ("values", i), "set must lie within the low..high given", "low <= set <= high"
                )
            )
        for j, country in enumerate(change.countries or ()):
            if country not in ids:
                unknown(("values", i, "countries", j), "country", country, ids)
    for i, change in enumerate(whatif.weights):
        if change.factor is not None and change.factor not in model.factors:
            unknown(("weights", i, "factor"), "factor", change.factor, model.factors)
        if change.group is not None and change.group not in model.groups:
            unknown(("weights", i, "group"), "group", change.group, model.groups)
    for i, change in enumerate(whatif.status):
        if change.country not in ids:
            unknown(("status", i, "country"), "country", change.country, ids)
    return problems


def apply_whatif(ws: Workspace, name: str, option: str = "--whatif") -> Workspace:
    """Apply the named what-if of the workspace: value changes, then weights, then status."""
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
                    state=schange.state, date=schange.date, note=f"set by what-if '{name}'"
                )
                profiles[i] = profile.model_copy(update={"status": status})
    return ws.with_changes(model=model, profiles=tuple(profiles), change=f"--whatif {name}")


def apply_all(
    ws: Workspace,
    *,
    whatifs: Sequence[str] = (),
    weights: Sequence[str] = (),
    sets: Sequence[str] = (),
) -> Workspace:
    """What-ifs in the order given, then the --weight/--set overrides of this run."""
    for name in whatifs:
        ws = apply_whatif(ws, name)
    return apply_overrides(ws, weights, sets)
