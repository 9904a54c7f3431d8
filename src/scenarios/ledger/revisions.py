"""Where a state of a workspace comes from, for `scenarios diff`: a folder, a record of the
ledger, or a git revision of the repository holding the workspace (read without checking out).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from scenarios.core.errors import OptionError, Problem, WorkspaceError
from scenarios.ledger.diffing import State, state_of, state_of_record
from scenarios.workspace.files import FOLDERS, MODEL_FILE, is_workspace_file_name

if TYPE_CHECKING:
    from scenarios.workspace.load import Workspace


RECORD_PREFIX = "record:"
GIT_PREFIX = "git:"


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(cwd), *args], capture_output=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise OptionError(
            Problem("git is not installed", hint="install git, or compare with a folder")
        ) from None


def git_workspace_files(root: Path, revision: str) -> tuple[str, dict[str, bytes]]:
    """(commit, {path relative to the workspace: bytes}) of the workspace's files (model.yaml,
    profiles/, whatif/, panel/) as they were at `revision` of the repository holding the
    workspace, read with `git show` (nothing is checked out)."""
    top = _git(root, "rev-parse", "--show-prefix")
    if top.returncode != 0:
        raise OptionError(
            Problem(
                f"'{revision}' is not a folder or a ledger record, and the workspace "
                f"{root} is not in a git repository",
                hint="give a folder, record:N, or a git revision of the workspace's repository",
            )
        )
    prefix = top.stdout.decode().strip()
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if found.returncode != 0:
        raise OptionError(
            Problem(
                f"'{revision}' is not a folder, a ledger record or a revision of the git "
                "repository holding the workspace",
                hint="give a folder, record:N (see `scenarios history`), or a git revision "
                "such as HEAD~1",
            )
        )
    commit = found.stdout.decode().strip()
    wanted = [f"{prefix}{MODEL_FILE}", *(f"{prefix}{folder}" for folder in FOLDERS)]
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *wanted)
    files: dict[str, bytes] = {}
    for entry in listing.stdout.decode("utf-8", "surrogateescape").split("\0"):
        mode, _, path = entry.partition("\t")
        rel = path[len(prefix) :]
        folder, _, name = rel.rpartition("/")
        # what loading the folder would read: model.yaml and the YAML files of its folders
        # (not their subfolders), stored as plain files
        readable = rel == MODEL_FILE or (folder in FOLDERS and is_workspace_file_name(name))
        if not readable or not mode.startswith(("100644", "100755")):
            continue
        shown = _git(root, "show", f"{commit}:{path}")
        if shown.returncode == 0:
            files[rel] = shown.stdout
    if "model.yaml" not in files:
        raise OptionError(
            Problem(
                f"revision '{revision}' has no model.yaml in {prefix or 'the top folder'}",
                hint="the workspace did not exist yet at that revision",
            )
        )
    return commit, files


def load_files(files: Mapping[str, bytes], label: str) -> State:
    """Load a workspace from its files' bytes (in a temporary folder, removed after) and rank
    it; problems name each file as `label:path`."""
    from scenarios.analyses import scoring
    from scenarios.panels.part import panel_part
    from scenarios.workspace.load import load_workspace

    with tempfile.TemporaryDirectory(prefix="scenarios-diff-") as folder:
        root = Path(folder)
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        try:
            ws = load_workspace(root, part=panel_part)
        except WorkspaceError as exc:
            raise WorkspaceError(
                [
                    Problem(
                        p.message,
                        Path(f"{label}:{_relative(p.file, root)}") if p.file else None,
                        p.line,
                        p.column,
                        p.hint,
                    )
                    for p in exc.problems
                ]
            ) from None
        return state_of(scoring.rank(ws), label)


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:
        return str(path)


def current_state(ws: Workspace) -> State:
    """The workspace as loaded (with any change applied to it), ranked."""
    from scenarios.analyses import scoring

    label = ws.name if ws.name not in (".", "") else ws.root.resolve().name
    return replace(state_of(scoring.rank(ws), label), saved="now")


def state_from(spec: str, ws: Workspace, ledger: str | os.PathLike[str] | None = None) -> State:
    """The state `spec` names: `record:N` of the workspace's ledger, a folder, or a git
    revision of the repository holding the workspace (`git:REV` to say so when a folder of that
    name exists)."""
    from scenarios.analyses import scoring
    from scenarios.panels.part import panel_part
    from scenarios.workspace.load import load_workspace

    if spec.startswith(RECORD_PREFIX):
        from scenarios.ledger.records import read_ledger_of

        found = read_ledger_of(ws, ledger).find(spec[len(RECORD_PREFIX) :])
        return state_of_record(found)
    if spec.startswith(GIT_PREFIX):
        revision = spec[len(GIT_PREFIX) :]
    else:
        try:
            folder = Path(spec).expanduser().is_dir()
        except (OSError, RuntimeError, ValueError):
            folder = False
        if folder:
            return state_of(scoring.rank(load_workspace(spec, part=panel_part)), spec)
        revision = spec
    commit, files = git_workspace_files(ws.root, revision)
    state = load_files(files, revision)
    return replace(state, saved=commit[:10])
