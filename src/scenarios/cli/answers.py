"""Answers kept: a table already drawn for the same question, on the same files, is printed
again without loading the workspace or computing anything.

A table printed on standard output is kept, with the notes printed before it, under the
sha256 of everything it rests on:

- the code: Python's version, every installed distribution's version (numpy computes, rich
  draws), and the size and time of every one of the tool's modules (as Python's own bytecode
  cache checks them);
- the question: the command and the value of every option;
- the workspace: where it is, how it was found, and every file it consists of
  (`workspace.files.content_hash`: model.yaml and the YAML files of profiles/, whatif/ and
  panel/, which is all that loading reads);
- today's date (an outcome resolves with time) and the folder the command runs in;
- the console it is drawn on: width, height, colours, encoding, terminal or not.

Anything else makes a new answer. Nothing is kept for -o, -f csv/json/markdown, --watch or
--panel DIR (a folder outside the workspace), nor for a run that failed. The answers live in
`answers/` of the folder of the caches (SCENARIOS_CACHE; set empty, nothing is kept), one JSON
file each, the `KEEP` most recently used. SCENARIOS_ANSWERS=0 computes every answer afresh.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scenarios._version import __version__
from scenarios.core.errors import ScenariosError
from scenarios.core.files import read_file
from scenarios.workspace.files import cache_folder, content_hash
from scenarios.workspace.find import locate_workspace

if TYPE_CHECKING:
    from rich.console import Console

SWITCH_VAR = "SCENARIOS_ANSWERS"  # "0": compute every answer afresh
FORMAT = 1  # of a kept answer's file: a new format keeps nothing of the old one
KEEP = 200  # answers kept; the least recently used beyond are removed when one is added
MAX_ANSWER_BYTES = 16 * 1024 * 1024  # a larger file is not read


@dataclass(frozen=True)
class Answer:
    """What a command printed: the notes before its table (on standard error), and the table as
    its console drew it."""

    notes: tuple[str, ...]
    text: str


def _code_state() -> dict[str, object]:
    """The code an answer comes from: Python's version, every installed distribution with its
    version (the names of the .dist-info folders on the path: an upgraded numpy or rich is a new
    answer), and the tool's modules as Python's bytecode cache checks them (size and time), so
    that an edited module, in a checkout installed with -e, never shows an answer of the code
    before."""
    installed: list[str] = []
    for entry in sys.path:
        with contextlib.suppress(OSError):
            installed += sorted(n for n in os.listdir(entry or ".") if n.endswith(".dist-info"))
    package = Path(__file__).resolve().parents[1]
    modules: list[tuple[str, int, int]] = []
    for folder, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(n for n in names if n.endswith(".py")):
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:  # a dangling link: a state of its own
                modules.append((os.path.relpath(path, package), -1, -1))
                continue
            modules.append((os.path.relpath(path, package), info.st_size, info.st_mtime_ns))
    return {
        "version": __version__,
        "python": sys.version,
        "installed": installed,
        "modules": modules,
    }


def _today() -> str:
    return dt.date.today().isoformat()


def _console_state(console: Console) -> list[object]:
    """What decides how the console draws a table."""
    options = console.options
    return [
        options.size.width,
        options.size.height,
        options.encoding,
        options.is_terminal,
        options.legacy_windows,
        options.ascii_only,
        console.color_system,
        console.no_color,
        console.is_dumb_terminal,
    ]


@dataclass(frozen=True)
class Question:
    """A command and its options, on the workspace they name: what a kept answer answers."""

    command: str
    options: str  # repr of every option's value
    workspace: str | None  # the workspace option as given (None: found from here)

    def key(self, console: Console) -> str | None:
        """The sha256 of everything the answer rests on; None when the workspace's files cannot
        be read (then the command itself says why)."""
        try:
            where = locate_workspace(self.workspace)
            files = content_hash(where.root)
            here = os.getcwd()
        except (ScenariosError, OSError, ValueError):
            return None
        rests_on = [
            FORMAT,
            _code_state(),
            self.command,
            self.options,
            str(where.root.resolve()),
            where.display,
            files,
            _today(),
            here,
            _console_state(console),
        ]
        return hashlib.sha256(json.dumps(rests_on).encode()).hexdigest()


def _folder() -> Path | None:
    if os.environ.get(SWITCH_VAR, "") == "0":
        return None
    folder = cache_folder()
    return None if folder is None else folder / "answers"


def recall(key: str) -> Answer | None:
    """The answer kept under `key`, if any (then marked as just used, so that the answers
    removed beyond `KEEP` are the ones least recently used). A file that cannot be read or is
    not an answer is no answer: the command computes it."""
    folder = _folder()
    if folder is None:
        return None
    path = folder / f"{key}.json"
    try:
        stored = json.loads(read_file(path, MAX_ANSWER_BYTES).decode("utf-8"))
        notes, text = stored["notes"], stored["text"]
        if stored["key"] != key or not isinstance(text, str) or not isinstance(notes, list):
            return None
        if not all(isinstance(n, str) for n in notes):
            return None
    except (ScenariosError, OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return Answer(tuple(notes), text)


STALE_SECONDS = 3600  # a temporary file this old was left by a run that was killed


def keep(key: str, answer: Answer) -> None:
    """Keep an answer under `key` (written whole, then renamed into place), and remove the
    least recently used beyond `KEEP`, and what killed runs left. A cache that cannot be
    written is no cache, not an error."""
    folder = _folder()
    if folder is None:
        return
    path = folder / f"{key}.json"
    tmp = folder / f".{key}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        body = {"key": key, "notes": list(answer.notes), "text": answer.text}
        tmp.write_text(
            json.dumps(body), encoding="ascii"
        )  # escaped: any text, even a lone surrogate
        os.replace(tmp, path)
        entries = list(os.scandir(folder))
        kept = sorted((e.stat().st_mtime_ns, e.path) for e in entries if e.name.endswith(".json"))
        stale = time.time() - STALE_SECONDS
        left = [e.path for e in entries if e.name.endswith(".tmp") and e.stat().st_mtime < stale]
        for old in [p for _, p in kept[: max(0, len(kept) - KEEP)]] + left:
            os.remove(old)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
