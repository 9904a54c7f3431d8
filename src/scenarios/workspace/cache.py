"""The cache of validated files: each file's validated contents kept by the sha256 of its
bytes, so that the edit loop parses and validates again only the file that was edited."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from scenarios._version import __version__
from scenarios.core.errors import Problem, WorkspaceError
from scenarios.core.files import read_file
from scenarios.workspace.files import cache_folder
from scenarios.workspace.validate import read_documents, validate_document
from scenarios.workspace.yamlsource import Document, parse_yaml

SCHEMA = Path(__file__).with_name("schema")  # the file format's definition, one package

MAX_CACHE_BYTES = 64 * 1024 * 1024  # a larger cache file is not read (and is then rewritten)


def schema_digest() -> str:
    """sha256 of every module of the file format's definition (in name order): a change to any
    of them is a new format, and the cache of the old one is not used."""
    digest = hashlib.sha256()
    for module in sorted(SCHEMA.glob("*.py")):
        digest.update(module.name.encode())
        digest.update(b"\0")
        digest.update(module.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class CachedDocument(Document):
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


class Cache:
    """Each file's validated contents as JSON, keyed by the file's sha256, the tool's version and
    the file format's definition (every module of schema/), one cache file per workspace folder.
    A file whose bytes are unchanged is then validated from JSON (pydantic's own parser) instead
    of parsed as YAML: the edit loop re-reads only the file that was edited. Only files that
    validated are kept; any problem with the cache itself means it is not used."""

    def __init__(self, root: Path) -> None:
        folder = cache_folder()
        self.root = root
        self.path = (
            folder / f"{hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]}.json"
            if folder is not None
            else None
        )
        self.key = f"{__version__}:{schema_digest()}"
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
            docs = read_documents([path], unreadable)  # its own messages for what cannot be read
            return (docs[0], validate_document(docs[0], model, invalid)) if docs else None
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
                return CachedDocument(path, None, text=text), value
        docs = read_documents([path], unreadable)
        if not docs:
            return None
        before = len(invalid)
        value = validate_document(docs[0], model, invalid)
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
