"""Find and load a workspace (model.yaml, profiles/, whatif/) into validated objects.

Every problem of a workspace is collected and raised at once as a WorkspaceError whose
problems name file, line and column.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from .errors import Problem, WorkspaceError, did_you_mean
from .schema import Entry, ModelFile, ProfileFile, WhatIfFile
from .yamlsource import Document, load_yaml

DEFAULT_WORKSPACE = "central-asia"
ENV_VAR = "SCENARIOS_WORKSPACE"
CONFIDENCE_LEVELS = ("low", "medium", "high")


def bundled_root() -> Path:
    return Path(__file__).parent / "workspaces"


def bundled_names() -> list[str]:
    root = bundled_root()
    return sorted(p.name for p in root.iterdir() if (p / "model.yaml").is_file())


# --- finding ----------------------------------------------------------------------------


def _resolve(spec: str, origin: str) -> tuple[Path, str]:
    path = Path(spec).expanduser()
    if path.exists():
        if not path.is_dir():
            raise WorkspaceError(
                Problem(
                    f"{origin} '{spec}' is a file, not a folder", hint="give the workspace folder"
                )
            )
        return path, str(path)
    if spec in bundled_names():
        return bundled_root() / spec, spec
    hint = did_you_mean(spec, bundled_names())
    raise WorkspaceError(
        Problem(
            f"{origin} '{spec}' is neither a folder nor a bundled workspace",
            hint=f"{hint}" if hint else None,
        )
    )


def find_workspace(spec: str | os.PathLike[str] | None = None) -> tuple[Path, str]:
    """Where the workspace is and how to call it: the option, $SCENARIOS_WORKSPACE, the current
    folder when it holds a model.yaml, else the bundled default."""
    if spec is not None:
        return _resolve(str(spec), "workspace")
    env = os.environ.get(ENV_VAR)
    if env:
        return _resolve(env, f"${ENV_VAR}")
    if Path("model.yaml").is_file():
        return Path.cwd(), "."
    return bundled_root() / DEFAULT_WORKSPACE, DEFAULT_WORKSPACE


# --- pydantic errors -> problems --------------------------------------------------------


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model class found by following ``loc`` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        current = _core(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part) if isinstance(part, str) else None
            if info is None:
                return []
            current = info.annotation
        elif typing.get_origin(current) in (dict, list):  # part is a key (factors.NAME) or index
            current = typing.get_args(current)[-1]
        else:
            return []
    current = _core(current)
    return (
        list(current.model_fields)
        if isinstance(current, type) and issubclass(current, BaseModel)
        else []
    )


def _core(annotation: Any) -> Any:
    """``X | None`` and ``Annotated[X, ...]`` -> X (containers such as ``dict[K, V]`` are kept)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _problems_from(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        dotted = ".".join(str(p) for p in loc)
        kind = err["type"]
        hint = None
        if kind == "missing":
            message = f"missing required key '{loc[-1]}'"
            if len(loc) > 1:
                message += f" in {'.'.join(str(p) for p in loc[:-1])}"
            problems.append(doc.problem(loc[:-1], message))
            continue
        if kind == "extra_forbidden":
            hint = did_you_mean(str(loc[-1]), _fields_at(model, loc[:-1]))
            problems.append(doc.key_problem(loc, f"unknown key '{loc[-1]}'", hint))
            continue
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        msg = msg[0].lower() + msg[1:]
        if kind == "literal_error" and isinstance(err.get("input"), str):
            expected = [
                e.strip(" '") for e in err["ctx"]["expected"].replace(" or ", ",").split(",")
            ]
            hint = did_you_mean(err["input"], [e for e in expected if e])
            msg = f"'{err['input']}' is not allowed: {msg}"
        elif kind == "string_pattern_mismatch":
            msg = "use letters, digits and underscores, starting with a letter"
        if "input" in err and kind not in ("literal_error", "model_type", "dict_type"):
            value = err["input"]
            if isinstance(value, float | int | str) and not isinstance(value, bool):
                msg = f"{msg} (got {value!r})" if len(repr(value)) < 40 else msg
        problems.append(doc.problem(loc, f"{dotted}: {msg}" if dotted else msg, hint))
    return problems


def _validate(doc: Document, model: type[BaseModel], problems: list[Problem]) -> Any:
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        problems.append(doc.problem((), f"the file is {what}, expected a mapping of keys"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_problems_from(exc, doc, model))
        return None


# --- the workspace ----------------------------------------------------------------------


@dataclass(frozen=True)
class Workspace:
    """A loaded, validated workspace. Arrays are indexed [country, factor] in file order."""

    root: Path
    name: str
    model: ModelFile
    profiles: tuple[ProfileFile, ...]
    whatifs: Mapping[str, WhatIfFile]
    documents: Mapping[str, Document] = field(repr=False)
    content_hash: str
    changes: tuple[str, ...] = ()  # overrides and what-ifs applied, in order
    # the workspace as loaded from its files, before any change (None: this one)
    origin: Workspace | None = field(default=None, repr=False, compare=False)

    # identity ------------------------------------------------------------------------
    @property
    def factor_ids(self) -> tuple[str, ...]:
        return tuple(self.model.factors)

    @property
    def group_ids(self) -> tuple[str, ...]:
        return tuple(self.model.groups)

    @property
    def country_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.profiles)

    def profile(self, country_id: str) -> ProfileFile:
        for p in self.profiles:
            if p.id == country_id:
                return p
        raise KeyError(country_id)

    def entry(self, country_id: str, factor: str) -> Entry:
        return self.profile(country_id).factors[factor]

    # arrays --------------------------------------------------------------------------
    @cached_property
    def values(self) -> np.ndarray:
        return np.array(
            [[p.factors[f].value for f in self.factor_ids] for p in self.profiles], dtype=float
        )

    @cached_property
    def confidence(self) -> np.ndarray:
        """0 = low, 1 = medium, 2 = high."""
        return np.array(
            [
                [CONFIDENCE_LEVELS.index(p.factors[f].confidence) for f in self.factor_ids]
                for p in self.profiles
            ],
            dtype=np.int8,
        )

    @cached_property
    def ranges(self) -> tuple[np.ndarray, np.ndarray]:
        """(low, high) of every value: as given, else value ± the confidence's default half-width,
        clipped to the scale."""
        u = self.model.uncertainty
        half = np.array([u.low, u.medium, u.high])[self.confidence]
        low = np.empty_like(self.values)
        high = np.empty_like(self.values)
        for c, p in enumerate(self.profiles):
            for f, name in enumerate(self.factor_ids):
                e = p.factors[name]
                low[c, f] = e.low if e.low is not None else e.value - half[c, f]
                high[c, f] = e.high if e.high is not None else e.value + half[c, f]
        scale = self.model.scale
        return np.clip(low, scale.min, scale.max), np.clip(high, scale.min, scale.max)

    @property
    def directions(self) -> np.ndarray:
        """+1 for a factor that raises the likelihood, -1 for one that lowers it."""
        return np.array([1 if f.direction == "for" else -1 for f in self.model.factors.values()])

    @property
    def factor_weights(self) -> np.ndarray:
        return np.array([f.weight for f in self.model.factors.values()], dtype=float)

    @property
    def group_weights(self) -> np.ndarray:
        """The weight of each factor's group, one entry per factor."""
        return np.array(
            [self.model.groups[f.group].weight for f in self.model.factors.values()], dtype=float
        )

    @property
    def scale(self) -> tuple[float, float]:
        return self.model.scale.min, self.model.scale.max

    def with_changes(
        self,
        *,
        model: ModelFile | None = None,
        profiles: tuple[ProfileFile, ...] | None = None,
        change: str,
    ) -> Workspace:
        """A copy with a changed model or profiles, re-checked as if the files had been edited."""
        new = replace(
            self,
            model=model or self.model,
            profiles=profiles if profiles is not None else self.profiles,
            changes=(*self.changes, change),
            origin=self.origin or self,
        )
        problems = check(new.model, new.profiles, new.documents, origin=change)
        if problems:
            raise WorkspaceError(problems)
        return new


# --- cross-file checks ------------------------------------------------------------------


def check(
    model: ModelFile,
    profiles: tuple[ProfileFile, ...],
    docs: Mapping[str, Document],
    origin: str | None = None,
) -> list[Problem]:
    """Checks that need more than one file: names, scale, ranges, duplicates, weights.

    ``origin`` names the option or what-if that changed the files, so its errors say so.
    """
    problems: list[Problem] = []
    after = f" (after {origin})" if origin else ""
    mdoc = docs["model"]

    for name, factor in model.factors.items():
        if factor.group not in model.groups:
            problems.append(
                mdoc.problem(
                    ("factors", name, "group"),
                    f"factor '{name}' names unknown group '{factor.group}'{after}",
                    did_you_mean(factor.group, model.groups),
                )
            )
    if not model.factors:
        problems.append(mdoc.problem(("factors",), "the model has no factors"))
    else:
        effective = [
            f.weight * model.groups[f.group].weight
            for f in model.factors.values()
            if f.group in model.groups
        ]
        if effective and not any(w > 0 for w in effective):
            problems.append(
                mdoc.problem(
                    ("factors",),
                    f"all effective weights are zero{after}",
                    "give at least one factor and its group a weight above 0",
                )
            )

    for name, driver in model.drivers.items():
        for factor, loadings in driver.effects.items():
            if factor not in model.factors:
                problems.append(
                    mdoc.key_problem(
                        ("drivers", name, "effects", factor),
                        f"driver '{name}' names unknown factor '{factor}'",
                        did_you_mean(factor, model.factors),
                    )
                )
            ids = {p.id for p in profiles} | {"default"}
            for key in loadings:
                if key not in ids:
                    problems.append(
                        mdoc.problem(
                            ("drivers", name, "effects", factor, key),
                            f"driver '{name}' names unknown country '{key}'",
                            did_you_mean(key, ids),
                        )
                    )

    if model.link is not None and model.link.intercept is None and model.base_rate is None:
        problems.append(
            mdoc.problem(
                ("link",),
                "the link has no intercept and the model no base_rate to derive it from",
                "add link.intercept, or a base_rate block",
            )
        )

    if model.cascade and model.cascade.peers:
        ids = {p.id for p in profiles}
        for country, peers in model.cascade.peers.items():
            for key in (country, *peers):
                if key not in ids:
                    problems.append(
                        mdoc.problem(
                            ("cascade", "peers", country),
                            f"cascade names unknown country '{key}'",
                            did_you_mean(key, ids),
                        )
                    )

    lo, hi = model.scale.min, model.scale.max
    for profile in profiles:
        doc = docs[f"profile:{profile.id}"]
        for name, entry in profile.factors.items():
            path = ("factors", name)
            if name not in model.factors:
                problems.append(
                    doc.key_problem(
                        path, f"unknown factor '{name}'", did_you_mean(name, model.factors)
                    )
                )
                continue
            for key in ("value", "low", "high"):
                v = getattr(entry, key)
                if v is not None and not lo <= v <= hi:
                    problems.append(
                        doc.problem(
                            (*path, key),
                            f"{name}.{key} = {v:g} is outside the scale {lo:g}..{hi:g}{after}",
                        )
                    )
            if entry.low is not None and entry.low > entry.value:
                problems.append(
                    doc.problem(
                        (*path, "low"),
                        f"{name}: low ({entry.low:g}) is above value ({entry.value:g}){after}",
                        "low <= value <= high",
                    )
                )
            if entry.high is not None and entry.value > entry.high:
                problems.append(
                    doc.problem(
                        (*path, "high"),
                        f"{name}: value ({entry.value:g}) is above high ({entry.high:g}){after}",
                        "low <= value <= high",
                    )
                )
        if model.missing == "error":
            for name in model.factors:
                if name not in profile.factors:
                    problems.append(
                        doc.problem(
                            ("factors",),
                            f"factor '{name}' has no value",
                            "add it, or set `missing: midpoint` in model.yaml",
                        )
                    )
    return problems


def _fill_missing(model: ModelFile, profile: ProfileFile) -> ProfileFile:
    if model.missing != "midpoint" or all(f in profile.factors for f in model.factors):
        return profile
    lo, hi = model.scale.min, model.scale.max
    factors = {
        name: profile.factors.get(name)
        or Entry(
            value=(lo + hi) / 2,
            low=lo,
            high=hi,
            confidence="low",
            note="missing: the scale's midpoint (missing: midpoint)",
        )
        for name in model.factors
    }
    factors.update({k: v for k, v in profile.factors.items() if k not in factors})
    return profile.model_copy(update={"factors": factors})


def content_hash(root: Path) -> str:
    """sha256 of every YAML file of the workspace (relative path and bytes)."""
    digest = hashlib.sha256()
    for path in sorted([*root.rglob("*.yaml"), *root.rglob("*.yml")]):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _load_all(paths: list[Path], problems: list[Problem]) -> list[Document]:
    docs = []
    for path in paths:
        try:
            docs.append(load_yaml(path))
        except WorkspaceError as exc:
            problems.extend(exc.problems)
    return docs


def load_workspace(spec: str | os.PathLike[str] | None = None) -> Workspace:
    """Load and validate a workspace (folder or bundled name); raise WorkspaceError listing every
    problem found."""
    root, display = find_workspace(spec)
    model_path = root / "model.yaml"
    if not model_path.is_file():
        raise WorkspaceError(
            Problem(
                "no model.yaml in this folder",
                root,
                hint="a workspace needs model.yaml; `scenarios init DIR` creates one to edit",
            )
        )

    problems: list[Problem] = []
    documents: dict[str, Document] = {}
    model_docs = _load_all([model_path], problems)
    model = None
    if model_docs:
        documents["model"] = model_docs[0]
        model = _validate(model_docs[0], ModelFile, problems)

    profile_paths = sorted((root / "profiles").glob("*.yaml")) + sorted(
        (root / "profiles").glob("*.yml")
    )
    if not profile_paths:
        problems.append(
            Problem(
                "no profiles: the workspace has no profiles/*.yaml",
                root / "profiles",
                hint="add one YAML file per country",
            )
        )
    profiles: list[ProfileFile] = []
    for doc in _load_all(profile_paths, problems):
        profile = _validate(doc, ProfileFile, problems)
        if profile is not None:
            key = f"profile:{profile.id}"
            documents.setdefault(key, doc)
            if documents[key] is not doc:  # duplicate id: keep both documents addressable
                documents[f"{key}#{doc.path.name}"] = doc
                problems.append(
                    doc.problem(
                        ("id",),
                        f"id '{profile.id}' is also used by {documents[key].path.name}",
                        "give each country a unique id",
                    )
                )
                continue
            profiles.append(profile)

    whatifs: dict[str, WhatIfFile] = {}
    whatif_paths = sorted((root / "whatif").glob("*.yaml")) + sorted(
        (root / "whatif").glob("*.yml")
    )
    for doc in _load_all(whatif_paths, problems):
        whatif = _validate(doc, WhatIfFile, problems)
        if whatif is not None:
            whatifs[doc.path.stem] = whatif
            documents[f"whatif:{doc.path.stem}"] = doc

    if model is not None:
        profiles = [_fill_missing(model, p) for p in profiles]
        # What-ifs need every profile's id, so only files that all parsed and validated; a
        # value problem found by check() must not hide a what-if's unknown name.
        files_ok = not problems
        problems.extend(check(model, tuple(profiles), documents))
        if files_ok:
            from .whatif import check_whatif

            for name, whatif in whatifs.items():
                problems.extend(
                    check_whatif(whatif, model, tuple(profiles), documents[f"whatif:{name}"])
                )
    if problems:
        raise WorkspaceError(problems)
    assert model is not None
    return Workspace(
        root=root,
        name=display,
        model=model,
        profiles=tuple(profiles),
        whatifs=whatifs,
        documents=documents,
        content_hash=content_hash(root),
    )


def warnings(ws: Workspace, today: dt.date | None = None) -> list[Problem]:
    """Things `validate` mentions without failing: stale evidence and values with no source."""
    today = today or dt.date.today()
    found: list[Problem] = []
    years = ws.model.stale_after_years
    for profile in ws.profiles:
        doc = ws.documents[f"profile:{profile.id}"]
        for name, entry in profile.factors.items():
            path = ("factors", name)
            if years is not None and entry.as_of is not None:
                age = (today - entry.as_of).days / 365.25
                if age > years:
                    found.append(
                        doc.problem(
                            (*path, "as_of"),
                            f"{profile.id}.{name}: evidence dated {entry.as_of} "
                            f"is {age:.1f} years old",
                            f"the model's stale_after_years is {years:g}; check for newer evidence",
                        )
                    )
            if not entry.sources:
                found.append(
                    doc.problem(
                        path,
                        f"{profile.id}.{name}: value has no source",
                        "add `sources:` so the number can be traced",
                    )
                )
    return found
