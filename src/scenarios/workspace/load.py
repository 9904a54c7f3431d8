"""Find and load a workspace (model.yaml, profiles/, whatif/, panel/) into validated objects.

Every problem of a workspace is collected and raised at once as a WorkspaceError whose
problems name file, line and column.
"""

from __future__ import annotations

import hashlib
import json
import os
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ValidationError

from scenarios._version import __version__
from scenarios.core.choices import CONFIDENCE_LEVELS
from scenarios.core.display import short_repr
from scenarios.core.engine import effective_weights, normalize
from scenarios.core.errors import OptionError, Problem, WorkspaceError, did_you_mean, plural
from scenarios.core.files import new_folder, read_file
from scenarios.core.textsafe import ID_HINT, bidi_control, folded, id_control, shown_marks
from scenarios.workspace.checks import check, check_whatif
from scenarios.workspace.scenario import Change, Partial, Scenario
from scenarios.workspace.schema import Entry, ModelFile, ProfileFile, WhatIfFile
from scenarios.workspace.sources import url_problems
from scenarios.workspace.yamlsource import (
    LIST_FOR_MAPPING,
    Document,
    load_yaml,
    parse_yaml,
    text_problem,
)

if TYPE_CHECKING:
    from scenarios.panels.analysts import Panel

DEFAULT_WORKSPACE = "central-asia"
CHECKOUT_FOLDER = "scenarios"  # the bundled workspaces' folder at a checkout's top level
ENV_VAR = "SCENARIOS_WORKSPACE"

# The installed package's folder (src/scenarios in a checkout): the wheel carries the bundled
# workspaces inside it
PACKAGE = Path(__file__).parent.parent


def bundled_root() -> Path:
    """Where the bundled workspaces are: inside the installed package (a wheel install), or the
    checkout's top-level scenarios/ folder (an editable install)."""
    packaged = PACKAGE / "workspaces"
    if packaged.is_dir():
        return packaged
    return PACKAGE.resolve().parents[1] / CHECKOUT_FOLDER


def bundled_is_installed_copy() -> bool:
    """True when the bundled workspaces are the wheel's copy in site-packages (editing them is
    pointless: a reinstall overwrites them)."""
    return (PACKAGE / "workspaces").is_dir()


def bundled_names() -> list[str]:
    root = bundled_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "model.yaml").is_file())


# --- finding ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """Where a workspace is, and how it was found (for captions and messages)."""

    root: Path
    how: str  # "option", "environment", "found", "checkout", "installed"
    given: str | None = None  # the folder as the user typed it (-w or $SCENARIOS_WORKSPACE)

    @property
    def installed(self) -> bool:
        return self.how == "installed" and bundled_is_installed_copy()

    @property
    def display(self) -> str:
        """The folder relative to the current one where possible, as the user would type it; the
        installed copy by its name."""
        if self.installed:
            return self.root.name
        return self.given if self.given is not None else display_path(self.root)


def display_path(path: Path) -> str:
    """``path`` relative to the current folder when it is near (``scenarios/x``, ``..``,
    ``../../scenarios/x``), else absolute."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.path.abspath(Path.cwd()))
    except (OSError, ValueError):  # the current folder was removed; another drive
        return absolute
    climbs = Path(relative).parts.count("..")
    return Path(relative).as_posix() if climbs <= 3 else absolute


def is_workspace(folder: Path) -> bool:
    """A folder holding model.yaml and a profiles/ folder (model.yaml alone is too common)."""
    try:
        return (folder / "model.yaml").is_file() and (folder / "profiles").is_dir()
    except OSError:
        return False


def _upwards(start: Path) -> list[Path]:
    start = Path(os.path.abspath(start))
    return [start, *start.parents]


def nearest_workspace(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that is a workspace (as git finds .git)."""
    for folder in _upwards(start):
        if is_workspace(folder):
            return folder
    return None


def nearest_checkout_workspace(name: str, start: Path) -> Path | None:
    """The nearest ``scenarios/NAME/`` from ``start`` upwards (a checkout of this project)."""
    for folder in _upwards(start):
        candidate = folder / CHECKOUT_FOLDER / name
        if is_workspace(candidate):
            return candidate
    return None


def _cwd() -> Path:
    try:
        return Path.cwd()
    except OSError:
        raise WorkspaceError(
            Problem("the current folder no longer exists", hint="cd into an existing folder")
        ) from None


def _resolve(spec: str, origin: str, how: str) -> Location:
    try:
        path = Path(spec).expanduser()
        exists = path.exists()
    except (OSError, RuntimeError, ValueError) as exc:  # ~nosuchuser, a name too long ...
        reason = getattr(exc, "strerror", None) or str(exc)
        raise WorkspaceError(
            Problem(f"{origin} '{spec}': cannot use this path: {reason}")
        ) from None
    if exists:
        if not path.is_dir():
            raise WorkspaceError(
                Problem(
                    f"{origin} '{spec}' is a file, not a folder", hint="give the workspace folder"
                )
            )
        return Location(path, how, given=spec)
    if "/" not in spec and os.sep not in spec:
        found = nearest_checkout_workspace(spec, _cwd())
        if found is not None:
            return Location(found, how)
        if spec in bundled_names():
            return Location(bundled_root() / spec, "installed")
    hint = did_you_mean(spec, bundled_names())
    raise WorkspaceError(
        Problem(
            f"{origin} '{spec}' is neither a folder nor a bundled workspace",
            hint=f"{hint}" if hint else None,
        )
    )


def locate_workspace(spec: str | os.PathLike[str] | None = None) -> Location:
    """Where the workspace is, in this order: the option (a folder, or a NAME looked up as
    scenarios/NAME/ from here upwards, then among the installed ones); $SCENARIOS_WORKSPACE (the
    same way); the nearest folder from here upwards holding model.yaml and profiles/; the
    nearest scenarios/central-asia/ from here upwards; the installed copy."""
    if spec is not None:
        return _resolve(str(spec), "workspace", "option")
    env = os.environ.get(ENV_VAR)
    if env:
        return _resolve(env, f"${ENV_VAR}", "environment")
    here = _cwd()
    found = nearest_workspace(here)
    if found is not None:
        return Location(found, "found")
    found = nearest_checkout_workspace(DEFAULT_WORKSPACE, here)
    if found is not None:
        return Location(found, "checkout")
    return Location(bundled_root() / DEFAULT_WORKSPACE, "installed")


def find_workspace(spec: str | os.PathLike[str] | None = None) -> tuple[Path, str]:
    """(folder, how to call it): see `locate_workspace`."""
    where = locate_workspace(spec)
    return where.root, where.display


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
        on_key = loc[-1:] == ("[key]",)  # the key itself is wrong: point at the key
        if on_key:
            loc = loc[:-1]
        dotted = ".".join(shown_marks(str(p)) for p in loc)
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
        hint = (err.get("ctx") or {}).get("hint")  # a check's own hint (schema.py)
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
            invisible = id_control(str(err.get("input", "")))
            if invisible is not None:
                msg, hint = invisible, ID_HINT
                err = {**err, "input": shown_marks(str(err.get("input", "")))}
        if kind in ("model_type", "dict_type") and isinstance(err.get("input"), list):
            msg = "a list where a mapping belongs"
            hint = LIST_FOR_MAPPING
        elif (
            hint is None
            and kind in ("float_parsing", "int_parsing", "model_type", "dict_type")
            and (read_as_text := text_problem(err.get("input"))) is not None
        ):
            msg, hint = read_as_text
        elif "input" in err and kind not in ("literal_error", "model_type", "dict_type"):
            value = err["input"]
            if isinstance(value, float | int | str) and not isinstance(value, bool):
                msg = f"{msg} (got {value!r})" if len(repr(value)) < 40 else msg
        place = doc.key_problem if on_key else doc.problem
        problems.append(place(loc, f"{dotted}: {msg}" if dotted else msg, hint))
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
    panel: Panel | None = field(default=None, repr=False, compare=False)
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

MODEL_FILE = "model.yaml"
FOLDERS = ("profiles", "whatif", "panel")  # one YAML file per country, what-if, analyst
YAML_SUFFIXES = (".yaml", ".yml")


def is_workspace_file_name(name: str) -> bool:
    """A name the workspace reads: ends in .yaml or .yml, and is neither hidden (`.x.yaml`,
    Emacs's lock `.#x.yaml`) nor an editor's backup or autosave (`#x.yaml`, `x~.yaml`)."""
    return (
        name.endswith(YAML_SUFFIXES)
        and not name.startswith((".", "#", "~"))
        and not name.removesuffix(".yaml").removesuffix(".yml").endswith("~")
    )


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files of one workspace folder (.yaml before .yml, each by name); [] when the
    folder does not exist. Entries that are not regular files are listed, so that loading them
    reports what they are; they are never opened."""
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise WorkspaceError(
            Problem(f"cannot list the folder: {exc.strerror or exc}", folder)
        ) from None
    names = [n for n in names if is_workspace_file_name(n)]
    return [folder / n for suffix in YAML_SUFFIXES for n in sorted(names) if n.endswith(suffix)]


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


def workspace_files(root: Path) -> list[Path]:
    """Every file the workspace consists of: model.yaml and the YAML files of its folders
    (profiles/, whatif/, panel/). Nothing else in the folder is read or hashed."""
    files = [root / MODEL_FILE]
    for folder in FOLDERS:
        files += yaml_files(root / folder)
    return files


def content_hash(root: Path) -> str:
    """sha256 of every file of the workspace (relative path and bytes), as `workspace_files`
    lists them; read with the same checks as loading (regular files, size limit)."""
    digest = hashlib.sha256()
    for path in sorted(workspace_files(root)):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(read_file(path))
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


# --- the cache of validated files ---------------------------------------------------------

CACHE_VAR = "SCENARIOS_CACHE"  # a folder for the cache; empty: no cache
MAX_CACHE_BYTES = 64 * 1024 * 1024  # a larger cache file is not read (and is then rewritten)


@dataclass(frozen=True)
class _CachedDocument(Document):
    """A file whose validated contents came from the cache: its text is parsed (for the line
    and column of a problem) only when a problem must be located."""

    text: str = ""

    @cached_property
    def _parsed(self) -> Document:
        return parse_yaml(self.path, self.text)

    def located(self) -> Document:
        return self._parsed

    def locate(self, path: tuple[Any, ...]) -> tuple[int, int]:
        return self._parsed.locate(path)

    def problem(self, path: tuple[Any, ...], message: str, hint: str | None = None) -> Problem:
        return self._parsed.problem(path, message, hint)

    def key_problem(self, path: tuple[Any, ...], message: str, hint: str | None = None) -> Problem:
        return self._parsed.key_problem(path, message, hint)


class _Cache:
    """Each file's validated contents as JSON, keyed by the file's sha256, the tool's version and
    the file format's definition (schema.py), one cache file per workspace folder. A file whose
    bytes are unchanged is then validated from JSON (pydantic's own parser) instead of parsed as
    YAML: the edit loop re-reads only the file that was edited. Only files that validated are
    kept; any problem with the cache itself means it is not used."""

    def __init__(self, root: Path) -> None:
        folder = os.environ.get(CACHE_VAR)
        if folder is None:
            base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
            folder = os.path.join(base, "scenarios")
        self.root = root
        self.path = (
            Path(folder) / f"{hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]}.json"
            if folder
            else None
        )
        schema_file = Path(__file__).with_name("schema.py")
        self.key = f"{__version__}:{hashlib.sha256(schema_file.read_bytes()).hexdigest()}"
        self.old: dict[str, list[str]] = {}
        self.new: dict[str, list[str]] = {}
        if self.path is not None:
            try:  # read as the workspace's files are: a FIFO here must not hang every command
                stored = json.loads(read_file(self.path, MAX_CACHE_BYTES).decode("utf-8"))
                if stored.get("key") == self.key and isinstance(stored["files"], dict):
                    self.old = stored["files"]
            except (
                WorkspaceError,
                OSError,
                ValueError,
                RecursionError,
                KeyError,
                TypeError,
                AttributeError,
            ):
                self.old = {}

    def load(
        self, path: Path, model: type[BaseModel], unreadable: list[Problem], invalid: list[Problem]
    ) -> tuple[Document, Any] | None:
        """(document, validated object) of one file, or None where it cannot be read (then
        `unreadable` says why; `invalid` gets what does not validate)."""
        try:  # only a regular file of bounded size is read (files.read_file): never a FIFO
            raw: bytes | None = read_file(path)
        except (OSError, WorkspaceError):
            raw = None
        if raw is None:
            docs = _load_all([path], unreadable)  # its own messages for what cannot be read
            return (docs[0], _validate(docs[0], model, invalid)) if docs else None
        digest = hashlib.sha256(raw).hexdigest()
        name = path.relative_to(self.root).as_posix()
        hit = self.old.get(name)
        if (
            isinstance(hit, list)
            and len(hit) == 3
            and hit[:2] == [digest, model.__name__]
            and isinstance(hit[2], str)
        ):
            try:
                text = raw.decode("utf-8")
                value = model.model_validate_json(hit[2])
            except (UnicodeDecodeError, ValidationError, ValueError, RecursionError):
                pass
            else:
                self.new[name] = hit
                return _CachedDocument(path, None, text=text), value
        docs = _load_all([path], unreadable)
        if not docs:
            return None
        before = len(invalid)
        value = _validate(docs[0], model, invalid)
        # a profile with values still to fill is not kept: the cache holds values only
        if (
            self.path is not None
            and value is not None
            and len(invalid) == before
            and not getattr(value, "to_fill", ())
        ):
            self.new[name] = [digest, model.__name__, value.model_dump_json()]
        return docs[0], value

    def save(self) -> None:
        if self.path is None or self.new == self.old:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"key": self.key, "files": self.new}), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written is no cache, not an error


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
    spec: str | os.PathLike[str] | None = None, *, to_fill: ToFill = "refuse"
) -> Workspace:
    """Load and validate a workspace (folder or bundled name); raise WorkspaceError listing every
    problem found.

    Values still to fill (a factor left blank in a profile) are refused by default (`refuse`),
    naming the first few. With `leave_out` (`rank --partial`), the countries that lack a value
    are left out: the workspace's `changes` say which, `left_out` names them and `to_fill`
    lists every value missing; refused where no country is complete. `list` (`validate`) is the
    same, but also where no country is complete (the workspace then has no country: only its
    `to_fill` is for use)."""
    where = locate_workspace(spec)
    root, display = where.root, where.display
    model_path = root / MODEL_FILE
    if not os.path.lexists(model_path):  # anything else there (a FIFO ...) is reported below
        raise WorkspaceError(
            Problem(
                "no model.yaml in this folder",
                root,
                hint="a workspace needs model.yaml; `scenarios init DIR` creates one to edit",
            )
        )

    problems: list[Problem] = []
    documents: dict[str, Document] = {}
    cache = _Cache(root)
    model = None
    loaded = cache.load(model_path, ModelFile, problems, problems)
    if loaded is not None:
        documents["model"], model = loaded

    profile_paths = yaml_files(root / "profiles")
    if not profile_paths:
        problems.append(
            Problem(
                "no profiles: the workspace has no profiles/*.yaml",
                root / "profiles",
                hint="add one YAML file per country",
            )
        )
    profiles: list[ProfileFile] = []
    # every file that cannot be read first, then those that do not validate, in file order
    unreadable: list[Problem] = []
    invalid: list[Problem] = []
    unloaded: set[str] = set()  # ids of profiles that did not validate
    for path in profile_paths:
        loaded = cache.load(path, ProfileFile, unreadable, invalid)
        if loaded is None:
            continue
        doc, profile = loaded
        if profile is None:  # its own errors are reported; its id is still a country
            if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                unloaded.add(doc.data["id"])
            continue
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
            continue
        profiles.append(profile)
    problems.extend(unreadable + invalid)

    whatifs: dict[str, WhatIfFile] = {}
    unreadable, invalid = [], []
    whatif_paths = one_per_stem(yaml_files(root / "whatif"), "what-if", unreadable)
    for path in whatif_paths:
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
        loaded = cache.load(path, WhatIfFile, unreadable, invalid)
        if loaded is None:
            continue
        doc, whatif = loaded
        if whatif is not None:
            whatifs[doc.path.stem] = whatif
            documents[f"whatif:{doc.path.stem}"] = doc
    problems.extend(unreadable + invalid)

    panel_problems: list[Problem] = []  # one analyst's mistake does not hide another's
    panel_paths = one_per_stem(yaml_files(root / "panel"), "analyst", panel_problems)
    if panel_paths:
        from scenarios.panels.analysts import attach, check_files, read_files

        panel_files = read_files(panel_paths, panel_problems)

    if model is not None:
        profiles = [_fill_missing(model, p) for p in profiles]
        # What-ifs need every profile's id, so only files that all parsed and validated; a
        # value problem found by check() must not hide a what-if's unknown name.
        files_ok = not problems
        checked = check(model, tuple(profiles), documents, unloaded=frozenset(unloaded))
        problems.extend(checked)
        problems.extend(url_problems(model, profiles, whatifs, documents))
        if files_ok:
            for name, whatif in whatifs.items():
                problems.extend(
                    check_whatif(whatif, model, tuple(profiles), documents[f"whatif:{name}"])
                )
        problems.extend(panel_problems)
        # The analysts' files are checked against a model and profiles that passed their own
        # checks: an analyst's weights are scaled by the model's groups, which must all exist.
        if files_ok and not checked and panel_paths:
            problems.extend(check_files(panel_files, model, profiles, documents))
    else:
        problems.extend(panel_problems)
    cache.save()
    if problems:
        raise WorkspaceError(problems)
    assert model is not None
    blanks = _to_fill(profiles, documents)
    changes: tuple[Change, ...] = ()
    left_out = tuple(p.id for p in profiles if p.to_fill)
    if blanks and to_fill == "refuse":
        raise _incomplete(blanks, profiles)
    if blanks:
        profiles, change = _partial(model, profiles, documents, none_ok=to_fill == "list")
        changes = (change,)
    workspace = Workspace(
        root=root,
        name=display,
        model=model,
        profiles=tuple(profiles),
        whatifs=whatifs,
        documents=documents,
        content_hash=content_hash(root),
        changes=changes,
        installed=where.installed,
        to_fill=tuple(blanks),
        left_out=left_out,
    )
    return attach(workspace, panel_files) if panel_paths else workspace


def warnings(ws: Workspace) -> list[Problem]:
    """Things `validate` mentions without failing: stale evidence (by the one rule of
    `evidence.staleness`, at the evidence date, never today's), values with no source, and
    evidence, notes or sources dated after the event's `as_of` (hindsight)."""
    from scenarios.workspace.evidence import staleness
    from scenarios.workspace.hindsight import later_in_entry
    from scenarios.workspace.sources import source_warnings

    found: list[Problem] = []
    rule = staleness(ws)
    as_of = ws.model.event.as_of if ws.model.event is not None else None
    for profile in ws.profiles:
        doc = ws.documents[f"profile:{profile.id}"]
        for name, entry in profile.factors.items():
            path = ("factors", name)
            if as_of is not None:
                found += later_in_entry(doc, path, f"{profile.id}.{name}", entry, as_of)
            if rule.is_stale(entry.as_of):
                found.append(
                    doc.problem(
                        (*path, "as_of"),
                        f"{profile.id}.{name}: evidence dated {entry.as_of} is stale: {rule}",
                        "check for newer evidence",
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
    found += source_warnings(ws)
    return [*found, *ws.notices, *(ws.panel.warnings() if ws.panel is not None else [])]


def create_workspace(folder: Path, template: str = DEFAULT_WORKSPACE) -> Path:
    """Copy the bundled workspace ``template`` into ``folder`` (new, or an empty folder).

    Never overwrites: a folder that holds anything is refused. The copy is made in a temporary
    sibling and renamed, so no half-copied workspace is left behind.
    """
    import shutil

    if template not in bundled_names():
        raise OptionError(
            Problem(
                f"--from {template}: no such bundled workspace",
                hint=did_you_mean(template, bundled_names()),
            )
        )
    with new_folder(folder, "init") as tmp:
        shutil.copytree(
            bundled_root() / template,
            tmp,
            dirs_exist_ok=True,
            # the template's forecast ledger is its own history, not the copy's
            ignore=shutil.ignore_patterns("__pycache__", "ledger.jsonl"),
        )
    return folder.resolve()
