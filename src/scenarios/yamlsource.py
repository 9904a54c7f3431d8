"""Read YAML safely, reject duplicate keys, and remember where every value stands (line, column)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, WorkspaceError

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
    locations: dict[tuple[Any, ...], Location],
    problems: list[Problem],
    file: Path,
    keys: dict[tuple[Any, ...], Location] | None = None,
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
    """The file's text as UTF-8, or a WorkspaceError that says where the bad byte is."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise WorkspaceError(Problem("file not found", path)) from None
    except IsADirectoryError:
        raise WorkspaceError(Problem("is a folder, expected a file", path)) from None
    except OSError as exc:
        raise WorkspaceError(Problem(f"cannot read file: {exc.strerror}", path)) from None
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
    return parse_yaml(path, read_text(path))


def parse_yaml(path: Path, text: str) -> Document:
    """Parse the text of the YAML file at ``path`` (as `load_yaml`, without reading it)."""
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
        raise WorkspaceError(_syntax_problem(exc, text, path)) from None
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


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: Path) -> Problem:
    """A syntax error, with the fix named for the mistakes newcomers make: a tab used for
    indentation, a key without its colon (pointed at the line that lacks it, not the next)."""
    lines = text.split("\n")
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    at = exc.problem_mark
    if (
        at is not None
        and at.line < len(lines)
        and lines[at.line][at.column : at.column + 1] == "\t"
    ):
        return Problem(
            "a tab where YAML expects spaces",
            path,
            at.line + 1,
            at.column + 1,
            "YAML does not allow tabs; indent with spaces",
        )
    without = _line_without_colon(exc, lines)
    if without is not None:
        number, content = without
        indent = len(lines[number]) - len(lines[number].lstrip())
        return Problem(
            f"'{content}' has no ':' after its key",
            path,
            number + 1,
            indent + 1,
            "write KEY: VALUE, with ': ' after the key",
        )
    message = f"YAML syntax error: {problem or context}"
    return Problem(message, path, line, column, "check indentation, colons and quotes")


def _line_without_colon(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str] | None:
    """(0-based line, its text) of a key written without its colon, if that is the mistake.

    `b 2` then `c: 3` reads as a key `b 2` still looking for its ':' (the scanner names the
    line it started on); `openness` then an indented `value: 6` reads as one text running on to
    the next line's ':', which is 'not allowed here' (the scanner names the later line)."""
    if "could not find expected ':'" in (exc.problem or "") and exc.context_mark is not None:
        number = exc.context_mark.line
    elif "mapping values are not allowed" in (exc.problem or "") and exc.problem_mark:
        at = exc.problem_mark
        if ":" in lines[at.line][: at.column]:
            return None  # a second ':' on one line (`weight: 1: 2`), not a missing one
        number = at.line - 1
        while number >= 0 and (not lines[number].strip() or lines[number].lstrip().startswith("#")):
            number -= 1
        if number < 0 or ":" in lines[number]:
            return None
    else:
        return None
    if number >= len(lines) or not lines[number].strip():
        return None
    return number, lines[number].strip()
