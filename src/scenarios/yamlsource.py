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


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its data and the position of each key and value by path."""

    path: Path
    data: Any
    locations: dict[tuple[Any, ...], Location] = field(default_factory=dict)

    def locate(self, path: tuple[Any, ...]) -> Location:
        """Position of the deepest part of ``path`` that exists in the file (the file start if none)."""
        path = tuple(path)
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path[:-1]
        return self.locations.get((), (1, 1))

    def problem(self, path: tuple[Any, ...], message: str, hint: str | None = None) -> Problem:
        line, column = self.locate(path)
        return Problem(message, self.path, line, column, hint)


def _mark(node: yaml.Node) -> Location:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _walk(
    node: yaml.Node, path: tuple[Any, ...], locations: dict, problems: list[Problem], file: Path
) -> None:
    locations.setdefault(path, _mark(node))
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
            locations[child] = _mark(value_node)
            _walk(value_node, child, locations, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), locations, problems, file)


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
        column = exc.start - (before.rfind(b"\n") + 1) + 1
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
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        problems: list[Problem] = []
        locations: dict[tuple[Any, ...], Location] = {}
        if node is not None:
            _walk(node, (), locations, problems, path)
        if problems:
            raise WorkspaceError(problems)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        message = f"YAML syntax error: {exc.problem or exc.context}"
        raise WorkspaceError(
            Problem(message, path, line, column, "check indentation, colons and quotes")
        ) from None
    except yaml.YAMLError as exc:
        raise WorkspaceError(Problem(f"YAML error: {exc}", path)) from None
    finally:
        loader.dispose()
    return Document(path, data, locations)
