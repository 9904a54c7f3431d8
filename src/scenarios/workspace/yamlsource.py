"""Read YAML safely, reject duplicate keys, and remember where every value stands (line, column)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scenarios.core.errors import Problem, WorkspaceError
from scenarios.core.files import MAX_FILE_BYTES, read_file, size_text
from scenarios.core.textsafe import nfc

Location = tuple[int, int]  # 1-based line and column

# libyaml's parser is ~15x faster than the pure-Python one; both are safe loaders.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_DEPTH = 50  # levels of nesting; a workspace file needs fewer than ten
# characters of a file's text with every *alias written out: an alias repeats a value without
# repeating its text, and 2,000 aliases of a 1 MB string would take gigabytes to validate
MAX_EXPANDED = MAX_FILE_BYTES

# What an explicit or implied tag promises, for "cannot read 'x' as ..." messages.
_TAG_WORDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:binary": "base64 data",
}


class BadValue(Exception):
    """A scalar the loader could not turn into the type its tag asks for, with where it is."""

    def __init__(self, node: yaml.Node, explicit: bool) -> None:
        self.line, self.column = _mark(node)
        tag = str(node.tag)
        what = _TAG_WORDS.get(tag, f"a value tagged {tag}")
        text = node.value if isinstance(node.value, str) else ""
        shown = repr(text) if len(text) <= 40 else repr(text[:37] + "...")
        self.message = f"cannot read {shown} as {what}"
        if tag == "tag:yaml.org,2002:int" and len(text) > 1000:
            self.message += f": it has {len(text):,} characters"
        short = tag.removeprefix("tag:yaml.org,2002:")
        self.hint = f"fix the value, or remove the !!{short} tag" if explicit else "fix the value"
        super().__init__(self.message)


class _DateSafeLoader(_Loader):  # type: ignore[misc, valid-type]
    """The safe loader, except that

    - an impossible date such as 2025-13-01 stays a string: the schema then reports it where it
      stands, instead of the YAML library raising ValueError;
    - a scalar that cannot be what its tag says (`!!float ""`, `!!int 0x`, `!!bool maybe`, a
      number with more digits than Python converts) is a BadValue with its line and column,
      never an IndexError or KeyError from inside the library."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, IndexError, KeyError, AttributeError, TypeError, OverflowError):
            implied = self.resolve(type(node), node.value, (True, False))
            raise BadValue(node, explicit=node.tag != implied) from None


_DateSafeLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _DateSafeLoader.construct_yaml_timestamp
)
# YAML 1.1 reads 1e3 and 1.5e3 (no dot, or no sign after the e) as text; YAML 1.2 and every
# analyst read them as numbers, and the schema refuses numbers written as text.
_DateSafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its data and the position of each key and value by path."""

    path: Path
    data: Any
    locations: dict[tuple[Any, ...], Location] = field(default_factory=dict)
    key_locations: dict[tuple[Any, ...], Location] = field(default_factory=dict)

    def located(self) -> Document:
        """This document with the positions of its keys and values (a document read from the
        cache finds them only when asked: see workspace._CachedDocument)."""
        return self

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
    depth: int = 0,
) -> None:
    keys = {} if keys is None else keys
    walked = set() if walked is None else walked
    open_nodes = set() if open_nodes is None else open_nodes
    locations.setdefault(path, _mark(node))
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        if depth >= MAX_DEPTH:  # refused before it is walked or built: no RecursionError
            line, column = _mark(node)
            problems.append(
                Problem(
                    f"values are nested more than {MAX_DEPTH} levels deep",
                    file,
                    line,
                    column,
                    "a workspace file needs a few levels; check the brackets and indentation",
                )
            )
            return
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
            _walk(value_node, child, locations, problems, file, keys, walked, open_nodes, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(
                item, (*path, index), locations, problems, file, keys, walked, open_nodes, depth + 1
            )
    open_nodes.discard(id(node))


def _check_expanded(node: yaml.Node, file: Path, problems: list[Problem]) -> None:
    """Refuse a file whose values, each *alias written out, would be longer than MAX_EXPANDED
    characters; the error points at the first value that passes the limit. Each node is
    measured once (aliases share nodes), so this takes time in proportion to the text."""
    sizes: dict[int, int] = {}

    def size(n: yaml.Node) -> int:
        if id(n) in sizes:
            return sizes[id(n)]
        if isinstance(n, yaml.MappingNode):
            total = sum(size(k) + size(v) for k, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            total = sum(size(item) for item in n.value)
        else:
            total = len(str(n.value))
        if total > MAX_EXPANDED and not problems:
            line, column = _mark(n)
            problems.append(
                Problem(
                    f"with every *alias written out, the values here would be longer than the "
                    f"limit of {size_text(MAX_EXPANDED)}",
                    file,
                    line,
                    column,
                    "write the value once, or use fewer aliases of long values",
                )
            )
        sizes[id(n)] = total
        return total

    size(node)


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
    return parse_yaml(path, read_text(path))


def parse_yaml(path: Path, text: str) -> Document:
    """Parse the text of the YAML file at ``path`` (as `load_yaml`, without reading it). The
    text is composed (NFC) first, so a name reads the same whichever normal form it was saved
    in, and names in different files match."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = nfc(text)
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
        if node is not None and not problems:  # no alias contains itself: sizes are finite
            _check_expanded(node, path, problems)
        if problems:
            raise WorkspaceError(problems)
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:  # libyaml checks characters while parsing
        raise WorkspaceError(_reader_problem(exc, text, path)) from None
    except yaml.MarkedYAMLError as exc:
        raise WorkspaceError(_syntax_problem(exc, text, path)) from None
    except yaml.YAMLError as exc:
        raise WorkspaceError(Problem(f"YAML error: {exc}", path)) from None
    except BadValue as exc:
        raise WorkspaceError(Problem(exc.message, path, exc.line, exc.column, exc.hint)) from None
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
    squeezed = _without_space(exc, lines, path)
    if squeezed is not None:
        return squeezed
    without = _line_without_colon(exc, lines)
    if without is not None:
        number, content = without
        indent = _indent(lines[number])
        return Problem(
            f"'{content}' has no ':' after its key",
            path,
            number + 1,
            indent + 1,
            "write KEY: VALUE, with ': ' after the key",
        )
    indented = _indentation_problem(exc, lines, path)
    if indented is not None:
        return indented
    message = f"YAML syntax error: {problem or context}"
    return Problem(message, path, line, column, "check indentation, colons and quotes")


# `  value:6` or `  - value:6`: a key, its colon, and no space before the value
_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(\S.*?)\s*$")
# `  value: 6`: a key with its value on the same line (not a key that opens a block)
_KEY_AND_VALUE = re.compile(r"^\s*(?:-\s+)?([^\s:#][^:#]*?):\s+[^\s#]")


_DECIMAL_COMMA = re.compile(r"^\s*([-+]?\d+),(\d+)\s*$")


def text_problem(value: object) -> tuple[str, str] | None:
    """(message, hint) in plain words for a value YAML read as text where a number or a mapping
    belongs: a decimal comma (`6,5`), or a key whose colon has no space after it (`value:6`)."""
    if not isinstance(value, str):
        return None
    comma = _DECIMAL_COMMA.match(value)
    if comma is not None:
        return (
            f"'{value}' has a decimal comma, so YAML reads it as text, not a number",
            f"write {comma.group(1)}.{comma.group(2)}, with a point",
        )
    squeezed = _NO_SPACE.match(value)
    if squeezed is not None:
        return (
            f"'{value}' has no space after its ':', so YAML reads it as one text",
            f"write {squeezed.group(2)}: {squeezed.group(3)}, with a space after the ':'",
        )
    return None


# the hint for a list ('- ' items or [...]) where the schema wants KEY: VALUE lines
LIST_FOR_MAPPING = "write KEY: VALUE lines here, with no '- ' in front and no [...]"


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _previous_content(lines: list[str], number: int) -> int | None:
    """The 0-based number of the last line before `number` that holds more than a comment."""
    number -= 1
    while number >= 0 and (not lines[number].strip() or lines[number].lstrip().startswith("#")):
        number -= 1
    return number if number >= 0 else None


def _without_space(exc: yaml.MarkedYAMLError, lines: list[str], path: Path) -> Problem | None:
    """`value:6`: a key whose colon has no space after it, so YAML reads `value:6` as one text.
    The line after it then looks like a key without its colon, or like a key where none is
    allowed; the problem is the earlier line."""
    text = exc.problem or ""
    if "could not find expected ':'" in text and exc.context_mark is not None:
        number: int | None = exc.context_mark.line
    elif "mapping values are not allowed" in text and exc.problem_mark is not None:
        number = _previous_content(lines, exc.problem_mark.line)
    else:
        return None
    if number is None or number >= len(lines):
        return None
    squeezed = _NO_SPACE.match(lines[number])
    if squeezed is None or ": " in lines[number]:
        return None
    key, value = squeezed.group(2), squeezed.group(3)
    return Problem(
        f"'{lines[number].strip()}' has no space after its ':'",
        path,
        number + 1,
        squeezed.end(2) + 1,
        f"write {key}: {value}, with a space after the ':'",
    )


def _list_start(lines: list[str], number: int, indent: int) -> int | None:
    """The first line of the '- ' list at `indent` that ends just before line `number`."""
    start = None
    for n in range(number - 1, -1, -1):
        line = lines[n]
        if not line.strip() or line.lstrip().startswith("#") or _indent(line) > indent:
            continue
        if _indent(line) < indent or not line.lstrip().startswith("- "):
            break
        start = n
    return start


def _indentation_problem(exc: yaml.MarkedYAMLError, lines: list[str], path: Path) -> Problem | None:
    """A key indented differently from the keys beside it, said in plain words.

    Indented more than a `key: value` line above, YAML reads the line as the rest of that value
    ('mapping values are not allowed here'); indented less than its neighbours but more than
    the mapping around them, it belongs to no mapping ('did not find expected key')."""
    at = exc.problem_mark
    text = exc.problem or ""
    if at is None or at.line >= len(lines):
        return None
    this = lines[at.line]
    above = _previous_content(lines, at.line)
    if above is None or not this.strip():
        return None
    here, there = _indent(this), _indent(lines[above])
    spaces = f"{there} space{'' if there == 1 else 's'}"
    if ("mapping values are not allowed" in text or "expected key" in text) and here > there:
        key = _KEY_AND_VALUE.match(lines[above])
        if key is None:
            return None
        return Problem(
            f"this line is indented more than '{key.group(1)}' on line {above + 1}, though "
            "that key already has its value",
            path,
            at.line + 1,
            here + 1,
            f"indent the keys of one mapping alike: {spaces} here, as on line {above + 1}",
        )
    if "expected '-' indicator" in text:
        items = _list_start(lines, at.line, here)
        if items is None:
            return None
        return Problem(
            f"a KEY: VALUE line among '- ' list items (the list starts on line {items + 1})",
            path,
            at.line + 1,
            here + 1,
            f"keys of a mapping have no '- ' in front: remove the '- ' on line {items + 1}",
        )
    if "expected key" in text and this.lstrip().startswith("- "):
        return Problem(
            "a '- ' list item among KEY: VALUE lines",
            path,
            at.line + 1,
            here + 1,
            "keys of a mapping have no '- ' in front: remove it",
        )
    if "did not find expected key" in text and 0 < here < there:
        return Problem(
            f"this line is indented less than line {above + 1} above it, and more than the "
            "key they belong to",
            path,
            at.line + 1,
            here + 1,
            f"indent the keys of one mapping alike: {spaces} here, as on line {above + 1}",
        )
    return None


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
