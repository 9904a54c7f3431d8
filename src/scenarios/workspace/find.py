"""Where a workspace is: the option, $SCENARIOS_WORKSPACE, the nearest folder upwards, a
checkout's scenarios/ folder or the bundled copies (and copying a bundled one for `init`)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from scenarios.core.errors import OptionError, Problem, WorkspaceError, did_you_mean
from scenarios.core.files import new_folder

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


def folders_upwards(start: Path) -> list[Path]:
    """``start`` (made absolute) and every folder above it, nearest first."""
    start = Path(os.path.abspath(start))
    return [start, *start.parents]


def nearest_workspace(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that is a workspace (as git finds .git)."""
    for folder in folders_upwards(start):
        if is_workspace(folder):
            return folder
    return None


def nearest_checkout_workspace(name: str, start: Path) -> Path | None:
    """The nearest ``scenarios/NAME/`` from ``start`` upwards (a checkout of this project)."""
    for folder in folders_upwards(start):
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


def create_workspace(folder: Path, template: str = DEFAULT_WORKSPACE) -> Path:
    """Copy the bundled workspace ``template`` into ``folder`` (new, or an empty folder).

    Never overwrites: a folder that holds anything is refused. The copy is made in a temporary
    sibling and renamed, so no half-copied workspace is left behind.
    """
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
