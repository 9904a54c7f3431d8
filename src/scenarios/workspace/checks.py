"""Checks that need more than one file of a workspace: names, scale, ranges, weights, and the
names a what-if uses. They work on the validated file models, before any arrays are built, and
return problems with file, line and column (the loader raises them all at once)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from scenarios.core.errors import Problem, did_you_mean
from scenarios.workspace.schema import Entry, ModelFile, ProfileFile, ValueChange, WhatIfFile
from scenarios.workspace.yamlsource import Document


@dataclass(frozen=True)
class Files:
    """What the rules of `check` look at: the model, the profiles, their documents."""

    model: ModelFile
    profiles: tuple[ProfileFile, ...]
    docs: Mapping[str, Document]
    after: str  # " (after --weight x=2)": the option or what-if that changed the files
    unloaded: frozenset[str]  # ids of profiles that did not validate

    @property
    def mdoc(self) -> Document:
        return self.docs["model"]

    @property
    def ids(self) -> set[str]:
        return {p.id for p in self.profiles}


Rule = Callable[[Files], Iterable[Problem]]


def check(
    model: ModelFile,
    profiles: tuple[ProfileFile, ...],
    docs: Mapping[str, Document],
    origin: str | None = None,
    *,
    unloaded: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Checks that need more than one file: names, scale, ranges, duplicates, weights (the
    rules of `RULES`, in order).

    ``origin`` names the option or what-if that changed the files, so its errors say so.
    ``unloaded``: ids of profiles that did not validate; their own errors are reported, and a
    reference to them is not one more.
    """
    files = Files(model, profiles, docs, f" (after {origin})" if origin else "", unloaded)
    return [problem for rule in RULES for problem in rule(files)]


def factor_groups(f: Files) -> Iterator[Problem]:
    """Every factor's group exists."""
    model = f.model
    for name, factor in model.factors.items():
        if factor.group not in model.groups:
            yield f.mdoc.problem(
                ("factors", name, "group"),
                f"factor '{name}' names unknown group '{factor.group}'{f.after}",
                did_you_mean(factor.group, model.groups),
            )


def some_weight(f: Files) -> Iterator[Problem]:
    """The model has factors, and at least one weighs something."""
    model = f.model
    if not model.factors:
        yield f.mdoc.problem(("factors",), "the model has no factors")
        return
    effective = [
        factor.weight * model.groups[factor.group].weight
        for factor in model.factors.values()
        if factor.group in model.groups
    ]
    if effective and not any(w > 0 for w in effective):
        yield f.mdoc.problem(
            ("factors",),
            f"all effective weights are zero{f.after}",
            "give at least one factor and its group a weight above 0",
        )


def computable(f: Files) -> list[Problem]:
    """No weights or shifts whose products or sums overflow."""
    return _too_large(f.model, f.mdoc, f.after)


def driver_names(f: Files) -> Iterator[Problem]:
    """A driver's factors and countries exist."""
    model = f.model
    for name, driver in model.drivers.items():
        for factor_name, loadings in driver.effects.items():
            if factor_name not in model.factors:
                yield f.mdoc.key_problem(
                    ("drivers", name, "effects", factor_name),
                    f"driver '{name}' names unknown factor '{factor_name}'",
                    did_you_mean(factor_name, model.factors),
                )
            ids = f.ids | {"default"}
            for key in loadings:
                if key not in ids | f.unloaded:
                    yield f.mdoc.problem(
                        ("drivers", name, "effects", factor_name, key),
                        f"driver '{name}' names unknown country '{key}'",
                        did_you_mean(key, ids),
                    )


def link_intercept(f: Files) -> Iterator[Problem]:
    """The link has an intercept, or a base rate to derive it from."""
    model = f.model
    if model.link is not None and model.link.intercept is None and model.base_rate is None:
        yield f.mdoc.problem(
            ("link",),
            "the link has no intercept and the model no base_rate to derive it from",
            "add link.intercept, or a base_rate block",
        )


def base_rate(f: Files) -> list[Problem]:
    """The base rate's members exist and it holds together."""
    return _base_rate_problems(f.model, f.profiles, f.mdoc, f.unloaded)


def link_alternatives(f: Files) -> Iterator[Problem]:
    """Alternatives of the link derive their intercept from the base rate."""
    link = f.model.link
    if link is not None and link.alternatives and link.intercept is not None:
        yield f.mdoc.problem(
            ("link", "alternatives"),
            "link.alternatives need an intercept derived from the base rate, as each "
            "alternative's is",
            "drop link.intercept and give a base_rate block",
        )


def variants(f: Files) -> list[Problem]:
    """The variants name countries and settings that exist."""
    return _variant_problems(f.model, f.profiles, f.mdoc, f.unloaded)


def gates(f: Files) -> Iterator[Problem]:
    """A gate's factor exists and its thresholds lie on the scale."""
    model = f.model
    for name, gate in model.gates.items():
        if gate.factor not in model.factors:
            yield f.mdoc.problem(
                ("gates", name, "factor"),
                f"gate '{name}' names unknown factor '{gate.factor}'",
                did_you_mean(gate.factor, model.factors),
            )
        for key in ("at_least", "at_most"):
            threshold = getattr(gate, key)
            if threshold is not None and not model.scale.min <= threshold <= model.scale.max:
                yield f.mdoc.problem(
                    ("gates", name, key),
                    f"gate '{name}': {key} = {threshold:g} is outside the scale "
                    f"{model.scale.min:g}..{model.scale.max:g}",
                )


def indicators(f: Files) -> Iterator[Problem]:
    """An indicator's factor and countries exist."""
    model = f.model
    for name, indicator in model.indicators.items():
        if indicator.factor not in model.factors:
            yield f.mdoc.problem(
                ("indicators", name, "factor"),
                f"indicator '{name}' names unknown factor '{indicator.factor}'",
                did_you_mean(indicator.factor, model.factors),
            )
        known = [p.id for p in f.profiles]
        for j, country in enumerate(indicator.countries or ()):
            if country not in known and country not in f.unloaded:
                yield f.mdoc.problem(
                    ("indicators", name, "countries", j),
                    f"indicator '{name}' names unknown country '{country}'",
                    did_you_mean(country, known),
                )


def cascade_peers(f: Files) -> Iterator[Problem]:
    """The cascade's countries and their peers exist."""
    cascade = f.model.cascade
    if not (cascade and cascade.peers):
        return
    ids = f.ids
    for country, peers in cascade.peers.items():
        for key in (country, *peers):
            if key not in ids | f.unloaded:
                yield f.mdoc.problem(
                    ("cascade", "peers", country),
                    f"cascade names unknown country '{key}'",
                    did_you_mean(key, ids),
                )


def profile_values(f: Files) -> Iterator[Problem]:
    """Each profile in turn: its factors exist, its values lie on the scale and within their
    ranges, its blanks name factors of the model, and (with `missing: error`) no factor is
    left out."""
    for profile in f.profiles:
        doc = f.docs[f"profile:{profile.id}"]
        for name, entry in profile.factors.items():
            yield from _entry(f, doc, name, entry)
        for name in profile.to_fill:  # a blank still to fill names a factor of the model too
            if name not in f.model.factors:
                yield doc.key_problem(
                    ("factors", name),
                    f"unknown factor '{name}'",
                    did_you_mean(name, f.model.factors),
                )
        if f.model.missing == "error":
            for name in f.model.factors:
                if name not in profile.factors and name not in profile.to_fill:
                    yield doc.problem(
                        ("factors",),
                        f"factor '{name}' has no value",
                        "add it, or set `missing: midpoint` in model.yaml",
                    )


def _entry(f: Files, doc: Document, name: str, entry: Entry) -> Iterator[Problem]:
    """One value of a profile: a factor of the model, on the scale, low <= value <= high."""
    path, after = ("factors", name), f.after
    if name not in f.model.factors:
        yield doc.key_problem(path, f"unknown factor '{name}'", did_you_mean(name, f.model.factors))
        return
    lo, hi = f.model.scale.min, f.model.scale.max
    for key in ("value", "low", "high"):
        v = getattr(entry, key)
        if v is not None and not lo <= v <= hi:
            yield doc.problem(
                (*path, key),
                f"{name}.{key} = {v:g} is outside the scale {lo:g}..{hi:g}{after}",
            )
    if entry.low is not None and entry.low > entry.value:
        yield doc.problem(
            (*path, "low"),
            f"{name}: low ({entry.low:g}) is above value ({entry.value:g}){after}",
            "low <= value <= high",
        )
    if entry.high is not None and entry.value > entry.high:
        yield doc.problem(
            (*path, "high"),
            f"{name}: value ({entry.value:g}) is above high ({entry.high:g}){after}",
            "low <= value <= high",
        )


# The rules of `check`, in the order their problems are listed.
RULES: tuple[Rule, ...] = (
    factor_groups,
    some_weight,
    computable,
    driver_names,
    link_intercept,
    base_rate,
    link_alternatives,
    variants,
    gates,
    indicators,
    cascade_peers,
    profile_values,
)


@dataclass(frozen=True)
class WhatIf:
    """What the rules of `check_whatif` look at: one what-if and the workspace's names."""

    whatif: WhatIfFile
    model: ModelFile
    ids: list[str]
    doc: Document

    def unknown(
        self, path: tuple[Any, ...], kind: str, name: str, choices: Iterable[str]
    ) -> Problem:
        return self.doc.problem(path, f"unknown {kind} '{name}'", did_you_mean(name, choices))


def check_whatif(
    whatif: WhatIfFile, model: ModelFile, profiles: Iterable[ProfileFile], doc: Document
) -> list[Problem]:
    """Names a what-if uses (factors, groups, countries) must exist in the workspace (the rules
    of `WHATIF_RULES`, in order)."""
    w = WhatIf(whatif, model, [p.id for p in profiles], doc)
    return [problem for rule in WHATIF_RULES for problem in rule(w)]


def whatif_values(w: WhatIf) -> Iterator[Problem]:
    """Each value change in turn: its factor exists, its numbers lie on the scale, `set` lies
    within the low..high given, its countries exist."""
    for i, change in enumerate(w.whatif.values):
        yield from _value_change(w, i, change)


def _value_change(w: WhatIf, i: int, change: ValueChange) -> Iterator[Problem]:
    model, doc = w.model, w.doc
    if change.factor not in model.factors:
        yield w.unknown(("values", i, "factor"), "factor", change.factor, model.factors)
    # a `set`, `low` or `high` outside the scale is a typo, not something to clamp quietly
    lo, hi = model.scale.min, model.scale.max
    for key in ("set", "low", "high"):
        v = getattr(change, key)
        if v is not None and not lo <= v <= hi:
            yield doc.problem(
                ("values", i, key), f"{key} = {v:g} is outside the scale {lo:g}..{hi:g}"
            )
    if change.set is not None and (
        (change.low is not None and change.low > change.set)
        or (change.high is not None and change.set > change.high)
    ):
        yield doc.problem(
            ("values", i), "set must lie within the low..high given", "low <= set <= high"
        )
    for j, country in enumerate(change.countries or ()):
        if country not in w.ids:
            yield w.unknown(("values", i, "countries", j), "country", country, w.ids)


def whatif_weights(w: WhatIf) -> Iterator[Problem]:
    """The factors and groups whose weights it changes exist."""
    model = w.model
    for i, weight in enumerate(w.whatif.weights):
        if weight.factor is not None and weight.factor not in model.factors:
            yield w.unknown(("weights", i, "factor"), "factor", weight.factor, model.factors)
        if weight.group is not None and weight.group not in model.groups:
            yield w.unknown(("weights", i, "group"), "group", weight.group, model.groups)


def whatif_status(w: WhatIf) -> Iterator[Problem]:
    """The countries whose status it changes exist."""
    for i, status in enumerate(w.whatif.status):
        if status.country not in w.ids:
            yield w.unknown(("status", i, "country"), "country", status.country, w.ids)


# The rules of `check_whatif`, in the order their problems are listed.
WHATIF_RULES: tuple[Callable[[WhatIf], Iterable[Problem]], ...] = (
    whatif_values,
    whatif_weights,
    whatif_status,
)


# A driver may move a value by at most this many scale widths per standard deviation: far beyond
# any meaning, and small enough that sums of draws stay finite numbers.
MAX_DRIVER_SHIFT = 1e100


def _too_large(model: ModelFile, mdoc: Document, after: str) -> list[Problem]:
    """Numbers each finite on their own whose products or sums are not (1e200 × 1e200): every
    score would be NaN. Refused where they stand, so results are always finite."""
    problems: list[Problem] = []
    hint = "use numbers of ordinary size: only the weights' ratios matter"
    raw = []
    for name, factor in model.factors.items():
        group = model.groups.get(factor.group)
        if group is None:
            continue
        product = factor.weight * group.weight
        if not math.isfinite(product):
            problems.append(
                mdoc.problem(
                    ("factors", name, "weight"),
                    f"factor '{name}': weight × group weight ({factor.weight:g} × "
                    f"{group.weight:g}) is too large to compute with{after}",
                    hint,
                )
            )
        raw.append(product)
    if not problems and not math.isfinite(sum(raw)):
        problems.append(
            mdoc.problem(
                ("factors",),
                f"the effective weights add up to more than the largest number{after}",
                hint,
            )
        )
    width = model.scale.max - model.scale.min
    for name, driver in model.drivers.items():
        for moved, loadings in driver.effects.items():
            for key, loading in loadings.items():
                shift = driver.sd * abs(loading) / width
                if not shift <= MAX_DRIVER_SHIFT:  # also catches inf and NaN
                    problems.append(
                        mdoc.problem(
                            ("drivers", name, "effects", moved, key),
                            f"driver '{name}': sd × loading ({driver.sd:g} × {loading:g}) "
                            f"moves {moved} by more than {MAX_DRIVER_SHIFT:g} scale widths",
                            "a loading is in scale units per standard deviation; use a smaller one",
                        )
                    )
    return problems


def _base_rate_problems(
    model: ModelFile,
    profiles: tuple[ProfileFile, ...],
    mdoc: Document,
    unloaded: frozenset[str],
) -> list[Problem]:
    """The base rate's window ends at the evidence date, and its members are countries here."""
    base = model.base_rate
    if base is None:
        return []
    problems = []
    if base.since is not None:
        if model.event is None:
            problems.append(
                mdoc.problem(
                    ("base_rate", "since"),
                    "base_rate.since needs the event's date, where its window ends",
                    "add event.as_of, or give base_rate.years instead of since",
                )
            )
        elif base.since >= model.event.as_of:
            problems.append(
                mdoc.problem(
                    ("base_rate", "since"),
                    f"base_rate.since ({base.since}) must be before event.as_of "
                    f"({model.event.as_of}), where its window ends",
                )
            )
    ids = {p.id for p in profiles}
    for i, member in enumerate(base.members or []):
        if member not in ids | unloaded:
            problems.append(
                mdoc.problem(
                    ("base_rate", "members", i),
                    f"base_rate.members names unknown country '{member}'",
                    did_you_mean(member, ids),
                )
            )
    return problems


def _variant_problems(
    model: ModelFile,
    profiles: tuple[ProfileFile, ...],
    mdoc: Document,
    unloaded: frozenset[str],
) -> list[Problem]:
    """A cohort variant names countries and factors of the workspace, and values on its scale."""
    ids = {p.id for p in profiles}
    problems = []

    def country(path: tuple[Any, ...], cid: str, name: str) -> None:
        if cid not in ids | unloaded:
            problems.append(
                mdoc.problem(
                    path, f"variant '{name}' names unknown country '{cid}'", did_you_mean(cid, ids)
                )
            )

    for name, variant in model.variants.items():
        for i, cid in enumerate(variant.countries or []):
            country(("variants", name, "countries", i), cid, name)
        for i, cid in enumerate(variant.not_joined):
            country(("variants", name, "not_joined", i), cid, name)
        for cid, values in variant.sets.items():
            country(("variants", name, "sets", cid), cid, name)
            for factor, value in values.items():
                path = ("variants", name, "sets", cid, factor)
                if factor not in model.factors:
                    problems.append(
                        mdoc.problem(
                            path,
                            f"variant '{name}' names unknown factor '{factor}'",
                            did_you_mean(factor, model.factors),
                        )
                    )
                elif not model.scale.min <= value <= model.scale.max:
                    problems.append(
                        mdoc.problem(
                            path,
                            f"variant '{name}': {cid}.{factor} = {value:g} is outside the scale "
                            f"{model.scale.min:g}..{model.scale.max:g}",
                        )
                    )
    return problems
