"""The analysts' judgement files: reading and checking them, and each analyst's own view."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from scenarios.core.errors import Problem, did_you_mean
from scenarios.panels.swing import check_swing, swing_weights
from scenarios.workspace.schema import ModelFile, PanelFile, ProfileFile
from scenarios.workspace.yamlsource import Document

if TYPE_CHECKING:
    from scenarios.workspace.load import Workspace


FOLDER = "panel"


# An analyst's id, matched against the whole name (fullmatch): '$' would also match before a
# trailing newline, and 'carl\n' is no analyst's id.
ANALYST_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def panel_paths(root: Path) -> list[Path]:
    folder = root / FOLDER
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))


def read_files(paths: Sequence[Path], problems: list[Problem]) -> list[tuple[Document, PanelFile]]:
    """Parse and validate each panel file against the schema (names are checked later, once
    the model and the profiles have loaded)."""
    from scenarios.workspace.load import _load_all, _validate

    found = []
    for doc in _load_all(list(paths), problems):
        file = _validate(doc, PanelFile, problems)
        stem = doc.path.stem
        if not ANALYST_ID.fullmatch(stem):
            problems.append(
                Problem(
                    f"panel file name '{doc.path.name}': the name is the analyst's id",
                    doc.path,
                    hint="use letters, digits, '-' and '_', starting with a letter",
                )
            )
            continue
        if file is not None:
            found.append((doc, file))
    return found


def check_files(
    files: Sequence[tuple[Document, PanelFile]],
    model: ModelFile,
    profiles: Sequence[ProfileFile],
    documents: Mapping[str, Document],
) -> list[Problem]:
    """Names (countries, factors, groups), the swing list, and then every value and weight as
    a profile's or model.yaml's are checked: in the analyst's view, reported in their file."""
    from scenarios.workspace.checks import check
    from scenarios.workspace.sources import panel_url_problems

    problems: list[Problem] = []
    ids = [p.id for p in profiles]
    for doc, file in files:
        found: list[Problem] = []
        for cid, cells in file.values.items():
            if cid not in ids:
                found.append(
                    doc.key_problem(
                        ("values", cid), f"unknown country '{cid}'", did_you_mean(cid, ids)
                    )
                )
                continue
            for factor in cells or {}:
                if factor not in model.factors:
                    found.append(
                        doc.key_problem(
                            ("values", cid, factor),
                            f"unknown factor '{factor}'",
                            did_you_mean(factor, model.factors),
                        )
                    )
        if file.weights is not None:
            for kind, names in (("group", model.groups), ("factor", model.factors)):
                for name in getattr(file.weights, f"{kind}s"):
                    if name not in names:
                        found.append(
                            doc.key_problem(
                                ("weights", f"{kind}s", name),
                                f"unknown {kind} '{name}'",
                                did_you_mean(name, names),
                            )
                        )
        if file.swing is not None and file.weights is not None:
            found.append(
                doc.key_problem(
                    ("swing",),
                    "give weights or swing, not both",
                    "swing weighting gives every factor's weight; drop one of the two",
                )
            )
        elif file.swing is not None:
            found += check_swing(doc, file, model)
        if not found:
            view_model = own_weights(model, file)
            view_profiles = tuple(own_values(p, file) for p in profiles)
            routed = routed_documents(documents, doc, file, model)
            found = [
                problem
                for problem in check(view_model, view_profiles, routed)
                if problem.file == doc.path
            ]
        problems += found + panel_url_problems(doc, file)
    return problems


def own_values(profile: ProfileFile, file: PanelFile) -> ProfileFile:
    """The profile with the analyst's cells in place of its own (a whole entry each: value,
    range, confidence, note and sources are the analyst's)."""
    given = {f: e for f, e in (file.values.get(profile.id) or {}).items() if e is not None}
    if not given:
        return profile
    return profile.model_copy(update={"factors": {**profile.factors, **given}})


def with_effective_weights(model: ModelFile, effective: np.ndarray) -> ModelFile:
    """model.yaml's weights rewritten so that the effective weights become ``effective`` (F,),
    in model.yaml's units: the groups keep their weights (a group of weight 0 takes 1) and each
    factor's weight × its group's is its share of model.yaml's total, so that a later edit of
    one weight (--weight, a what-if) means what it means in model.yaml."""
    factors = model.factors
    total = sum(f.weight * model.groups[f.group].weight for f in factors.values())
    groups = {
        name: g if g.weight > 0 else g.model_copy(update={"weight": 1.0})
        for name, g in model.groups.items()
    }
    new = {
        name: f.model_copy(update={"weight": float(effective[k]) * total / groups[f.group].weight})
        for k, (name, f) in enumerate(factors.items())
    }
    return model.model_copy(update={"groups": groups, "factors": new})


def own_weights(model: ModelFile, file: PanelFile) -> ModelFile:
    if file.swing is not None:
        order = [item.factor for item in file.swing]
        ratings = [file.swing[order.index(f)].rating for f in model.factors]
        return with_effective_weights(model, swing_weights(ratings))
    if file.weights is None:
        return model
    groups = {
        name: g.model_copy(update={"weight": file.weights.groups[name]})
        if name in file.weights.groups
        else g
        for name, g in model.groups.items()
    }
    factors = {
        name: f.model_copy(update={"weight": file.weights.factors[name]})
        if name in file.weights.factors
        else f
        for name, f in model.factors.items()
    }
    return model.model_copy(update={"groups": groups, "factors": factors})


@dataclass(frozen=True)
class _Routed(Document):
    """A profile's (or model.yaml's) document whose problems about the cells (or weights) an
    analyst gave are reported in the analyst's file, where those numbers stand."""

    prefixes: Mapping[tuple[Any, ...], tuple[Document, tuple[Any, ...]]] = field(
        default_factory=dict
    )
    exact: Mapping[tuple[Any, ...], tuple[Document, tuple[Any, ...]]] = field(default_factory=dict)

    def _route(self, path: tuple[Any, ...]) -> tuple[Document, tuple[Any, ...]] | None:
        if path in self.exact:
            return self.exact[path]
        for n in range(len(path), 0, -1):
            if path[:n] in self.prefixes:
                doc, prefix = self.prefixes[path[:n]]
                return doc, (*prefix, *path[n:])
        return None

    def problem(self, path: tuple[Any, ...], message: str, hint: str | None = None) -> Problem:
        routed = self._route(tuple(path))
        if routed is not None:
            return routed[0].problem(routed[1], message, hint)
        return super().problem(path, message, hint)

    def key_problem(self, path: tuple[Any, ...], message: str, hint: str | None = None) -> Problem:
        routed = self._route(tuple(path))
        if routed is not None:
            return routed[0].key_problem(routed[1], message, hint)
        return super().key_problem(path, message, hint)


def _routed(doc: Document, **routes: Any) -> _Routed:
    doc = doc.located()  # a document from the cache: parsed now, for the positions
    return _Routed(doc.path, doc.data, doc.locations, doc.key_locations, **routes)


def routed_documents(
    documents: Mapping[str, Document], pdoc: Document, file: PanelFile, model: ModelFile
) -> dict[str, Document]:
    routed: dict[str, Document] = dict(documents)
    for cid, cells in file.values.items():
        key = f"profile:{cid}"
        given = {f: ("values", cid, f) for f, e in (cells or {}).items() if e is not None}
        if key in documents and given:
            prefixes = {("factors", f): (pdoc, path) for f, path in given.items()}
            routed[key] = _routed(documents[key], prefixes=prefixes)
    Route = dict[tuple[Any, ...], tuple[Document, tuple[Any, ...]]]
    if file.swing is not None:
        exact: Route = {("factors",): (pdoc, ("swing",))}
        exact |= {
            ("factors", item.factor, "weight"): (pdoc, ("swing", i, "rating"))
            for i, item in enumerate(file.swing)
        }
        routed["model"] = _routed(documents["model"], exact=exact)
    elif file.weights is not None:
        exact = {("factors",): (pdoc, ("weights",))}
        for kind in ("groups", "factors"):
            for name in getattr(file.weights, kind):
                exact[(kind, name, "weight")] = (pdoc, ("weights", kind, name))
        routed["model"] = _routed(documents["model"], exact=exact)
    return routed


Weighting = Literal["model.yaml", "typed", "swing"]


@dataclass(frozen=True, eq=False)
class Analyst:
    """One analyst of the panel: their file, and the workspace as they see it (their values and
    weights, the profiles' and model.yaml's where they gave none), with any changes of this run
    applied."""

    id: str  # the file's name without .yaml
    file: PanelFile
    document: Document
    view: Workspace

    @property
    def name(self) -> str:
        return self.file.analyst

    @property
    def note(self) -> str:
        return self.file.note

    @property
    def weighting(self) -> Weighting:
        if self.file.swing is not None:
            return "swing"
        return "typed" if self.file.weights is not None else "model.yaml"

    @cached_property
    def given(self) -> np.ndarray:
        """(C, F) True where the analyst gave the value."""
        ws = self.view
        mask = np.zeros(ws.values.shape, dtype=bool)
        for c, cid in enumerate(ws.country_ids):
            for factor, entry in (self.file.values.get(cid) or {}).items():
                if entry is not None:
                    mask[c, ws.factor_ids.index(factor)] = True
        return mask

    @cached_property
    def digest(self) -> str:
        """A short digest of the analyst's file as validated (a ledger record keeps it, so
        that `diff` can say whose file changed)."""
        import hashlib

        return hashlib.sha256(self.file.model_dump_json().encode()).hexdigest()[:16]

    def owns_weight(self, factor: str) -> bool:
        """Does the analyst's own file give this factor's weight (by swing, every factor's), so
        that an edit of model.yaml's weight leaves their view as it is?"""
        if self.file.swing is not None:
            return True
        return self.file.weights is not None and factor in self.file.weights.factors

    def owns_value(self, country: str, factor: str) -> bool:
        """Does the analyst's own file give this cell, so that an edit of the profile leaves
        their view as it is?"""
        return (self.file.values.get(country) or {}).get(factor) is not None

    def swing(self) -> list[tuple[str, float, float]] | None:
        """(factor, rating, derived weight), largest swing first; None without swing weights."""
        if self.file.swing is None:
            return None
        weights = swing_weights([item.rating for item in self.file.swing])
        return [
            (item.factor, item.rating, float(w))
            for item, w in zip(self.file.swing, weights, strict=True)
        ]


def filled(file: PanelFile) -> bool:
    """Has the analyst filled in their sheet? A sheet counts once it gives at least one value,
    or weights of its own (typed or by swing); until then (a blank `panel init` sheet) it is
    not counted, so that it cannot move the results."""
    cells = any(e is not None for row in file.values.values() for e in (row or {}).values())
    typed = file.weights is not None and bool(file.weights.groups or file.weights.factors)
    return cells or typed or file.swing is not None
