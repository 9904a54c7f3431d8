"""Read YAML safely, reject duplicate keys, and remember where every value stands (line, column)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, WorkspaceError
from .files import read_file

Location = tuple[int, int]  # 1-based line and column

# libyaml's parser is ~15x faster than the pure-Python one; both are safe loaders.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DateSafeLoader(_Loader):  # type: ignore[misc, valid-type]
    """The safe loader, except that an impossible date such as 2025-13-01 stays a string: the
    schema then reports it where it stands, instead of the YAML library raising ValueError."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_DateSafeLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _DateSafeLoader.construct_yaml_timestamp
)


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its data and the position of each key and value by path."""

    path: Path
    data: Any
    locations: dict[tuple[Any, ...], Location] = field(default_factory=dict)
    key_locations: dict[tuple[Any, ...], Location] = field(default_factory=dict)

    def locate(self, path: tuple[Any, ...]) -> Location:
        """Position of the deepest part of ``path`` in the file (the file start if none)."""
        path = tuple(path)
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path[:-1]
        return self.locations.get((), (1, 1))

    def problem(self, path: tuple[Any, ...], message: str, hint: str | None = None) -> Problem:
        line, column = self.locate(path)
        return Problem(message, self.path, line, column, hint)

    def key_problem(self, path: tuple[Any, ...], message: str, hint: str | None = None) -> Problem:
        """A problem with the key at ``path`` itself (e.g. an unknown name): points at the key,
        not at its value, which may start on a later line."""
        if tuple(path) in self.key_locations:
            line, column = self.key_locations[tuple(path)]
            return Problem(message, self.path, line, column, hint)
        return self.problem(path, message, hint)


def _mark(node: yaml.Node) -> Location:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _walk(
    node: yaml.Node,
    path: tuple[Any, ...],
    locations: dict,
    problems: list[Problem],
    file: Path,
    keys: dict | None = None,
    walked: set[int] | None = None,
    open_nodes: set[int] | None = None,
) -> None:
    keys = {} if keys is None else keys
    walked = set() if walked is None else walked
    open_nodes = set() if open_nodes is None else open_nodes
    locations.setdefault(path, _mark(node))
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        # An *alias repeats a node: walk each node once, and refuse one that contains itself
        # (walking it would never end).
        if id(node) in open_nodes:
            line, column = locations[path]
            problems.append(
                Problem(
                    "a value contains itself (recursive alias)",
                    file,
                    line,
                    column,
                    "replace the *alias by the value itself",
                )
            )
            return
        if id(node) in walked:
            return
        walked.add(id(node))
        open_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in seen:
                line, column = _mark(key_node)
                first = seen[key].start_mark.line + 1
                problems.append(
                    Problem(
                        f"duplicate key '{key}'",
                        file,
                        line,
                        column,
                        f"it is already set on line {first}; keep one",
                    )
                )
                continue
            seen[key] = key_node
            child = (*path, key)
            keys[child] = _mark(key_node)
            locations[child] = _mark(value_node)
            _walk(value_node, child, locations, problems, file, keys, walked, open_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), locations, problems, file, keys, walked, open_nodes)
    open_nodes.discard(id(node))


def read_text(path: Path) -> str:
    """The file's text as UTF-8, or a WorkspaceError that says where the bad byte is (or why the
    file was not read: not a regular file, larger than files.MAX_FILE_BYTES)."""
    raw = read_file(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # In characters, as editors and YAML errors count (the bytes before are valid UTF-8).
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise WorkspaceError(
            Problem(
                f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                path,
                line,
                column,
                "save the file as UTF-8",
            )
        ) from None


def load_yaml(path: Path) -> Document:
    """Parse one YAML file with the safe loader, reporting syntax errors and duplicate keys."""
    text = read_text(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        loader = _DateSafeLoader(text)  # the pure-Python reader checks characters here
    except yaml.reader.ReaderError as exc:
        raise WorkspaceError(_reader_problem(exc, text, path)) from None
    try:
        node = loader.get_single_node()
        problems: list[Problem] = []
        locations: dict[tuple[Any, ...], Location] = {}
        keys: dict[tuple[Any, ...], Location] = {}
        if node is not None:
            _walk(node, (), locations, problems, path, keys)
        if problems:
            raise WorkspaceError(problems)
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:  # libyaml checks characters while parsing
        raise WorkspaceError(_reader_problem(exc, text, path)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        message = f"YAML syntax error: {exc.problem or exc.context}"
        raise WorkspaceError(
            Problem(message, path, line, column, "check indentation, colons and quotes")
        ) from None
    except yaml.YAMLError as exc:
        raise WorkspaceError(Problem(f"YAML error: {exc}", path)) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. `!!int abc`
        raise WorkspaceError(
            Problem(f"cannot read a value: {exc}", path, hint="check explicit !!tags")
        ) from None
    finally:
        loader.dispose()
    return Document(path, data, locations, keys)


def _reader_problem(exc: yaml.reader.ReaderError, text: str, path: Path) -> Problem:
    """A control character: where it is (libyaml gives a byte offset, so find the character)."""
    code = exc.character if isinstance(exc.character, int) else None
    position = text.find(chr(code)) if code is not None else -1
    if position < 0:
        position = min(exc.position, len(text))
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    what = f"control character U+{code:04X}" if code is not None else "a control character"
    return Problem(
        f"{what} is not allowed in YAML",
        path,
        line,
        column,
        "remove it, or write it as an escape in a double-quoted string",
    )
