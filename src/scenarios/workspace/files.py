"""The files a workspace consists of (model.yaml and the YAML files of its folders), their
content hash, and the folder of the caches kept of them. Light: no YAML, numpy or pydantic, so
that a command can tell whether anything changed before it loads anything."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from scenarios.core.errors import Problem, WorkspaceError
from scenarios.core.files import read_file

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


CACHE_VAR = "SCENARIOS_CACHE"  # a folder for the caches; empty: no cache


def cache_folder() -> Path | None:
    """The folder of the caches: $SCENARIOS_CACHE, else $XDG_CACHE_HOME/scenarios, else
    ~/.cache/scenarios; None when SCENARIOS_CACHE is set empty (no cache)."""
    folder = os.environ.get(CACHE_VAR)
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = os.path.join(base, "scenarios")
    return Path(folder) if folder else None
