"""Load a workspace (model.yaml, profiles/, whatif/) into validated objects.

Every problem of a workspace is collected and raised at once as a WorkspaceError whose
problems name file, line and column. A part read with it (the panels layer's panel/ of
analysts) is passed in by the caller (`part=`): loading knows nothing of panels.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from scenarios.core.choices import CONFIDENCE_LEVELS, Aggregation
from scenarios.core.display import short_repr
from scenarios.core.engine import effective_weights, normalize
from scenarios.core.errors import OptionError, Problem, WorkspaceError, did_you_mean, plural
from scenarios.core.textsafe import bidi_control, folded, id_control, shown_marks
from scenarios.workspace.cache import Cache
from scenarios.workspace.checks import check, check_whatif
from scenarios.workspace.files import (
    MODEL_FILE,
    content_hash,
    yaml_files,
)
from scenarios.workspace.find import locate_workspace
from scenarios.workspace.scenario import Change, PanelRule, Partial, Scenario
from scenarios.workspace.schema import Entry, ModelFile, PanelAggregate, ProfileFile, WhatIfFile
from scenarios.workspace.sources import url_problems
from scenarios.workspace.yamlsource import Document

# --- what loading knows of a panel ------------------------------------------------------------


class PanelAnalyst(Protocol):
    """What an edit of the files asks of one analyst of a panel: does their own file give
    that number?"""

    def owns_weight(self, factor: str) -> bool: ...

    def owns_value(self, country: str, factor: str) -> bool: ...


class AttachedPanel(Protocol):
    """A panel on a workspace, as the workspace layer uses it (the panels layer builds it): the
    workspace its analysts start from, a change made to every analyst's view, its warnings."""

    @property
    def plain(self) -> Workspace: ...

    def apply(self, ws: Workspace, change: Callable[[Workspace], Workspace]) -> Workspace: ...

    def edit(
        self, ws: Workspace, change: Callable[[Workspace, PanelAnalyst | None], Workspace]
    ) -> Workspace: ...

    def warnings(self) -> list[Problem]: ...

    # what the layers above read of it (the panels layer's `Panel` has them all)
    @property
    def analysts(self) -> tuple[Any, ...]: ...
    @property
    def ids(self) -> tuple[str, ...]: ...
    @property
    def rule(self) -> PanelAggregate: ...
    @property
    def weights(self) -> np.ndarray: ...
    @property
    def basis(self) -> str: ...
    @property
    def record(self) -> Any: ...
    @property
    def folder(self) -> str: ...
    @property
    def illustrative(self) -> bool: ...
    @property
    def label(self) -> str: ...
    @property
    def own_weights(self) -> bool: ...
    @property
    def values(self) -> np.ndarray: ...
    @property
    def effective_weights(self) -> np.ndarray: ...

    def describe(self) -> str: ...

    def monte_carlo_note(self) -> str: ...

    def rests_on(self, c: int, f: int) -> str: ...

    def scores(self, aggregation: Aggregation) -> np.ndarray: ...

    def probability(
        self,
        link: Any,
        aggregation: Aggregation,
        horizon: float,
        level: float,
        samples: int,
        seed: int,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...

    def sampler(self, settings: Any, inputs: Any) -> Any: ...

    def with_rule(self, ws: Workspace, rule: PanelAggregate, change: PanelRule) -> Workspace: ...


class Part(Protocol):
    """A part of a workspace's folder read with it (panel/): what reading its files found is
    listed after the workspace's own problems; it is checked against the model and profiles
    once they pass their own checks, and attached to the workspace loaded."""

    @property
    def problems(self) -> list[Problem]: ...

    def check(
        self, model: ModelFile, profiles: Sequence[ProfileFile], documents: Mapping[str, Document]
    ) -> list[Problem]: ...

    def attach(self, ws: Workspace) -> Workspace: ...


ReadPart = Callable[[Path], Part | None]
"""Reads the part from the workspace's folder; None where the folder has none."""

# --- the workspace ----------------------------------------------------------------------


@dataclass(frozen=True)
class Workspace:
    """A loaded, validated workspace. Arrays are indexed [country, factor] in file order."""

    __repr__ = short_repr

    root: Path
    name: str
    model: ModelFile
    profiles: tuple[ProfileFile, ...]
    whatifs: Mapping[str, WhatIfFile]
    documents: Mapping[str, Document] = field(repr=False)
    content_hash: str
    changes: tuple[Change, ...] = ()  # overrides and what-ifs applied, in order
    # what applying the changes adjusted besides (a range moved with a value set outside it)
    notes: tuple[Problem, ...] = field(default=(), compare=False)
    installed: bool = False  # the wheel's copy in site-packages (edits there are pointless)
    # the workspace as loaded from its files, before any change (None: this one)
    origin: Workspace | None = field(default=None, repr=False, compare=False)
    # the workspace as its files say after this run's --weight/--set edits, where what-ifs have
    # been applied on top (None: this one); the link's intercept is derived from it
    reference: Workspace | None = field(default=None, repr=False, compare=False)
    # the analysts of panel/*.yaml, whose aggregate this workspace is (None: no panel)
    panel: AttachedPanel | None = field(default=None, repr=False, compare=False)
    # what loading noticed without failing (e.g. a panel sheet not yet filled in): `validate`
    # lists them with the warnings
    notices: tuple[Problem, ...] = field(default=(), repr=False, compare=False)
    # the values the profiles leave blank, still to fill, one located line each (only where the
    # workspace was loaded with `partial`: the countries they belong to are then left out)
    to_fill: tuple[Problem, ...] = field(default=(), repr=False, compare=False)
    left_out: tuple[str, ...] = field(default=(), repr=False, compare=False)

    # identity (computed once: a changed workspace is a new object) -----------------------
    @cached_property
    def factor_ids(self) -> tuple[str, ...]:
        return tuple(self.model.factors)

    @cached_property
    def group_ids(self) -> tuple[str, ...]:
        return tuple(self.model.groups)

    @cached_property
    def country_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.profiles)

    @cached_property
    def _country_positions(self) -> dict[str, int]:
        return {cid: i for i, cid in enumerate(self.country_ids)}

    def country_index(self, text: str, option: str | None = None) -> int:
        """The index of the country that `text` names: its id in any case ('uz', 'UZ') or its
        name ('Uzbekistan', 'uzbekistan'). Raises OptionError (prefixed with `option`, such as
        '--set uz.x=1') with a did-you-mean when no country matches."""
        wanted = folded(text)
        for key in ("id", "name", "name_ar"):
            for i, p in enumerate(self.profiles):
                if folded(getattr(p, key) or "") == wanted:
                    return i
        hint = did_you_mean(text, [*self.country_ids, *(p.name for p in self.profiles)])
        if hint is not None and not hint.startswith("did you mean"):
            hint = did_you_mean(text, self.country_ids)  # nothing close: list the ids only
        prefix = f"{option}: " if option else ""
        raise OptionError(Problem(f"{prefix}unknown country '{text}'", hint=hint))

    def profile(self, country_id: str) -> ProfileFile:
        return self.profiles[self._country_positions[country_id]]

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

    @cached_property
    def directions(self) -> np.ndarray:
        """+1 for a factor that raises the likelihood, -1 for one that lowers it."""
        return np.array([1 if f.direction == "for" else -1 for f in self.model.factors.values()])

    @cached_property
    def factor_weights(self) -> np.ndarray:
        return np.array([f.weight for f in self.model.factors.values()], dtype=float)

    @cached_property
    def group_weights(self) -> np.ndarray:
        """The weight of each factor's group, one entry per factor."""
        return np.array(
            [self.model.groups[f.group].weight for f in self.model.factors.values()], dtype=float
        )

    @property
    def scale(self) -> tuple[float, float]:
        return self.model.scale.min, self.model.scale.max

    @cached_property
    def normalized(self) -> np.ndarray:
        """(C, F) values on [0, 1], direction applied: the one place they are computed."""
        lo, hi = self.scale
        return normalize(self.values, lo, hi, self.directions)

    @cached_property
    def weights(self) -> np.ndarray:
        """(F,) effective weights (group × factor, normalised to sum to 1): computed here only."""
        return effective_weights(self.factor_weights, self.group_weights)

    @property
    def scenario(self) -> Scenario:
        """The scenario of this run: the what-ifs, weights, values and panel rule applied."""
        return Scenario.of(self.changes)

    def with_changes(
        self,
        *,
        model: ModelFile | None = None,
        profiles: tuple[ProfileFile, ...] | None = None,
        change: Change,
    ) -> Workspace:
        """A copy with a changed model or profiles, re-checked as if the files had been edited."""
        new = replace(
            self,
            model=model or self.model,
            profiles=profiles if profiles is not None else self.profiles,
            changes=(*self.changes, change),
            origin=self.origin or self,
        )
        problems = check(new.model, new.profiles, new.documents, origin=str(change))
        if problems:
            raise WorkspaceError(problems)
        return new


def _fill_missing(model: ModelFile, profile: ProfileFile) -> ProfileFile:
    """With `missing: midpoint`, a factor the profile does not name gets the scale's midpoint
    (a factor left blank is still to fill, not missing: it is never filled in here)."""
    absent = [f for f in model.factors if f not in profile.factors and f not in profile.to_fill]
    if model.missing != "midpoint" or not absent:
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
        if name not in profile.to_fill
    }
    factors.update({k: v for k, v in profile.factors.items() if k not in factors})
    return profile.model_copy(update={"factors": factors})


# --- the files a workspace consists of ---------------------------------------------------


def one_per_stem(paths: list[Path], what: str, problems: list[Problem]) -> list[Path]:
    """The files of a folder whose name (without .yaml/.yml) is an id, one per id: a second
    file of the same name with the other extension (alice.yml beside alice.yaml) is reported
    at the second file and left out, never read as a second analyst or what-if."""
    kept: dict[str, Path] = {}
    for path in paths:
        first = kept.setdefault(path.stem, path)
        if first is not path:
            problems.append(
                Problem(
                    f"{what} '{path.stem}' has two files: {first.name} and {path.name}",
                    path,
                    hint="keep one of them; the name without .yaml/.yml is the id",
                )
            )
    return list(kept.values())


TO_FILL_SHOWN = 5  # values to fill named when a workspace is refused for them


def _countries(n: int) -> str:
    return "1 country" if n == 1 else f"{n} countries"


def _to_fill(profiles: list[ProfileFile], documents: Mapping[str, Document]) -> list[Problem]:
    """One located line per value left blank, in file order."""
    return [
        documents[f"profile:{p.id}"].problem(
            ("factors", name),
            f"{p.id}.{name}: no value yet (to fill)",
        )
        for p in profiles
        for name in p.to_fill
    ]


def _incomplete(blanks: list[Problem], profiles: list[ProfileFile]) -> WorkspaceError:
    """The refusal of a workspace with values still to fill: the first few, located, then how
    many in all and what to do."""
    countries = sum(1 for p in profiles if p.to_fill)
    summary = Problem(
        f"{plural(len(blanks), 'value')} still to fill in {_countries(countries)}",
        hint="`scenarios validate` lists them all, `scenarios import SHEET --write` fills "
        "them from a spreadsheet, and `scenarios rank --partial` ranks the countries that "
        "have every value",
    )
    return WorkspaceError([*blanks[:TO_FILL_SHOWN], summary])


def _partial(
    model: ModelFile,
    profiles: list[ProfileFile],
    documents: Mapping[str, Document],
    *,
    none_ok: bool,
) -> tuple[list[ProfileFile], Partial]:
    """The profiles that have every value, and the change that says which were left out;
    refused where none is complete (unless ``none_ok``), or where what is left no longer holds
    together (a base rate's members, a driver's countries ...)."""
    kept = [p for p in profiles if not p.to_fill]
    left = [p.id for p in profiles if p.to_fill]
    if not kept and none_ok:
        return kept, Partial(f"no country has every value yet ({_countries(len(left))})")
    if not kept:
        raise WorkspaceError(
            Problem(
                f"--partial: no country has every value ({_countries(len(left))} with values "
                "to fill)",
                hint="fill in every value of at least one country; `scenarios validate` lists "
                "what is missing",
            )
        )
    shown = ", ".join(left[:3]) + (f" and {len(left) - 3} more" if len(left) > 3 else "")
    change = Partial(f"{len(kept)} of {len(profiles)} countries ranked (values to fill: {shown})")
    problems = check(model, tuple(kept), documents, origin="--partial")
    if problems:
        raise WorkspaceError(problems)
    return kept, change


ToFill = Literal["refuse", "leave_out", "list"]


def load_workspace(
    spec: str | os.PathLike[str] | None = None,
    *,
    to_fill: ToFill = "refuse",
    part: ReadPart | None = None,
) -> Workspace:
    """Load and validate a workspace (folder or bundled name); raise WorkspaceError listing every
    problem found.

    Values still to fill (a factor left blank in a profile) are refused by default (`refuse`),
    naming the first few. With `leave_out` (`rank --partial`), the countries that lack a value
    are left out: the workspace's `changes` say which, `left_out` names them and `to_fill`
    lists every value missing; refused where no country is complete. `list` (`validate`) is the
    same, but also where no country is complete (the workspace then has no country: only its
    `to_fill` is for use).

    `part` reads a further part of the folder (the panels layer's panel/): its problems join
    the workspace's, and it is attached to the workspace loaded."""
    where = locate_workspace(spec)
    root = where.root
    model_path = root / MODEL_FILE
    if not os.path.lexists(model_path):  # anything else there (a FIFO ...) is reported below
        raise WorkspaceError(
            Problem(
                "no model.yaml in this folder",
                root,
                hint="a workspace needs model.yaml; `scenarios init DIR` creates one to edit",
            )
        )
    files = _Files(root, Cache(root))
    files.read_model(model_path)
    files.read_profiles()
    files.read_whatifs()
    extra = part(root) if part is not None else None
    files.check(extra)
    files.cache.save()
    if files.problems:
        raise WorkspaceError(files.problems)
    workspace = _complete(files, to_fill, where.display, where.installed)
    return extra.attach(workspace) if extra is not None else workspace


@dataclass
class _Files:
    """The files of one workspace as they are read, and every problem found, in order."""

    root: Path
    cache: Cache
    problems: list[Problem] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    model: ModelFile | None = None
    profiles: list[ProfileFile] = field(default_factory=list)
    unloaded: set[str] = field(default_factory=set)  # ids of profiles that did not validate
    whatifs: dict[str, WhatIfFile] = field(default_factory=dict)

    def read_model(self, path: Path) -> None:
        loaded = self.cache.load(path, ModelFile, self.problems, self.problems)
        if loaded is not None:
            self.documents["model"], self.model = loaded

    def read_profiles(self) -> None:
        paths = yaml_files(self.root / "profiles")
        if not paths:
            self.problems.append(
                Problem(
                    "no profiles: the workspace has no profiles/*.yaml",
                    self.root / "profiles",
                    hint="add one YAML file per country",
                )
            )
        # every file that cannot be read first, then those that do not validate, in file order
        unreadable: list[Problem] = []
        invalid: list[Problem] = []
        for path in paths:
            loaded = self.cache.load(path, ProfileFile, unreadable, invalid)
            if loaded is not None:
                self._add_profile(*loaded, invalid)
        self.problems.extend(unreadable + invalid)

    def _add_profile(
        self, doc: Document, profile: ProfileFile | None, invalid: list[Problem]
    ) -> None:
        documents = self.documents
        if profile is None:  # its own errors are reported; its id is still a country
            if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                self.unloaded.add(doc.data["id"])
            return
        key = f"profile:{profile.id}"
        documents.setdefault(key, doc)
        if documents[key] is not doc:  # duplicate id: keep both documents addressable
            documents[f"{key}#{doc.path.name}"] = doc
            invalid.append(
                doc.problem(
                    ("id",),
                    f"id '{profile.id}' is also used by {documents[key].path.name}",
                    "give each country a unique id",
                )
            )
            return
        self.profiles.append(profile)

    def read_whatifs(self) -> None:
        unreadable: list[Problem] = []
        invalid: list[Problem] = []
        for path in one_per_stem(yaml_files(self.root / "whatif"), "what-if", unreadable):
            problem, shown = bidi_control(path.stem), path.name  # the file name is its name
            if problem is None and id_control(path.stem) is not None:  # a mark: it is an id too
                problem, shown = id_control(path.stem), shown_marks(path.name)
            if problem is not None:
                invalid.append(
                    Problem(
                        f"what-if file name '{shown}': {problem}",
                        path,
                        hint="rename the file",
                    )
                )
                continue
            loaded = self.cache.load(path, WhatIfFile, unreadable, invalid)
            if loaded is None:
                continue
            doc, whatif = loaded
            if whatif is not None:
                self.whatifs[doc.path.stem] = whatif
                self.documents[f"whatif:{doc.path.stem}"] = doc
        self.problems.extend(unreadable + invalid)

    def check(self, extra: Part | None) -> None:
        """The checks across files, once the files are read; then the part's own problems."""
        model, problems = self.model, self.problems
        if model is None:
            problems.extend(extra.problems if extra is not None else [])
            return
        self.profiles = [_fill_missing(model, p) for p in self.profiles]
        profiles, documents = tuple(self.profiles), self.documents
        # What-ifs need every profile's id, so only files that all parsed and validated; a
        # value problem found by check() must not hide a what-if's unknown name.
        files_ok = not problems
        checked = check(model, profiles, documents, unloaded=frozenset(self.unloaded))
        problems.extend(checked)
        problems.extend(url_problems(model, profiles, self.whatifs, documents))
        if files_ok:
            for name, whatif in self.whatifs.items():
                problems.extend(check_whatif(whatif, model, profiles, documents[f"whatif:{name}"]))
        if extra is None:
            return
        problems.extend(extra.problems)  # one analyst's mistake does not hide another's
        # The part is checked against a model and profiles that passed their own checks: an
        # analyst's weights are scaled by the model's groups, which must all exist.
        if files_ok and not checked:
            problems.extend(extra.check(model, profiles, documents))


def _complete(files: _Files, to_fill: ToFill, name: str, installed: bool) -> Workspace:
    """The workspace of files that passed every check, once values still to fill are refused
    or their countries left out."""
    model, profiles, documents = files.model, files.profiles, files.documents
    assert model is not None
    blanks = _to_fill(profiles, documents)
    changes: tuple[Change, ...] = ()
    left_out = tuple(p.id for p in profiles if p.to_fill)
    if blanks and to_fill == "refuse":
        raise _incomplete(blanks, profiles)
    if blanks:
        profiles, change = _partial(model, profiles, documents, none_ok=to_fill == "list")
        changes = (change,)
    return Workspace(
        root=files.root,
        name=name,
        model=model,
        profiles=tuple(profiles),
        whatifs=files.whatifs,
        documents=documents,
        content_hash=content_hash(files.root),
        changes=changes,
        installed=installed,
        to_fill=tuple(blanks),
        left_out=left_out,
    )
