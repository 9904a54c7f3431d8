"""`scenarios import SHEET`: values and their evidence from a CSV, XLSX or ODS sheet into the
workspace's profiles.

Two layouts are read. A long sheet has one row per country and factor, with the columns of
`scenarios export`'s evidence.csv (English or Arabic names, see `columns.py`); only the columns
present are imported. A wide sheet has the countries down and the factors across (their ids),
values only. Every problem of the sheet is reported at once, located as SHEET:ROW:COLUMN, and
then nothing is written. Otherwise the import is planned: which fields of which cells change,
the new text of each profile that changes, and (where both states can be ranked) the change of
the ranking, as `scenarios diff` shows it. Writing replaces the changed files as one.

The profiles are edited with ruamel.yaml's round trip: only the fields that change are touched,
so comments, key order, quoting and every other value keep their bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from scenarios.core.choices import CONFIDENCE_LEVELS
from scenarios.core.display import frame_html, short_repr
from scenarios.core.errors import OutputError, Problem, WorkspaceError, did_you_mean, plural
from scenarios.io.columns import DERIVED_COLUMNS, EVIDENCE_COLUMNS, lookup
from scenarios.io.spreadsheet import Cell, Sheet, read_sheet
from scenarios.panels.part import panel_part
from scenarios.workspace.files import workspace_files
from scenarios.workspace.load import Workspace, load_workspace
from scenarios.workspace.schema import Date, Entry, ProfileFile

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.ledger.diffing import Diff

# the fields of an entry, in the order a profile writes them
FIELDS = ("value", "low", "high", "confidence", "as_of", "basis", "note", "sources")
DEFAULTS: dict[str, Any] = {
    "low": None,
    "high": None,
    "confidence": "medium",
    "as_of": None,
    "basis": None,
    "note": "",
    "sources": [],
}
SOURCE_SEPARATOR = " | "  # as evidence.csv joins them
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_LOCALE_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})")
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_DATE = TypeAdapter(Date)
_SOURCES = re.compile(r"\s\|\s")  # " | " (a '|' inside a link is not a separator)
TO_FILL = "(to fill)"


@dataclass(frozen=True)
class Change:
    """One field of one cell that the import changes, as text (before, after)."""

    country: str
    factor: str
    field: str
    before: str
    after: str


@dataclass(frozen=True, eq=False)
class Import:
    """What importing a sheet would do: the changes, the new text of each file that changes,
    and the ranking's change where both states can be ranked."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    sheet: Path
    workspace: Workspace
    changes: tuple[Change, ...]
    texts: Mapping[Path, str] = field(repr=False)
    filled: int  # values that were still to fill and are filled
    diff: Diff | None = field(default=None, repr=False)
    to_fill: int = 0  # values still to fill after the import
    target: str = ""  # the file written to, where it is one file (an analyst's)

    def to_frame(self) -> pd.DataFrame:
        """One row per changed field: country, factor, field, before, after.

        Returns
        -------
        pandas.DataFrame
            One row a change: country, factor, field, before, after.
        """
        import pandas as pd

        return pd.DataFrame(
            [vars(c) for c in self.changes],
            columns=["country", "factor", "field", "before", "after"],
        )

    def summary(self) -> str:
        if not self.changes:
            return f"{self.sheet.name}: nothing to change in {self.workspace.name}"
        cells = {(c.country, c.factor) for c in self.changes}
        where = self.target or plural(len(self.texts), "profile")
        text = (
            f"{self.sheet.name}: {plural(len(self.changes), 'change')} in "
            f"{plural(len(cells), 'cell')} of {where}"
        )
        if self.filled:
            text += f"; {plural(self.filled, 'value')} filled"
        if self.to_fill:
            text += f"; {plural(self.to_fill, 'value')} still to fill"
        return text

    def write(self) -> list[Path]:
        """Replace every changed profile, all or none."""
        from scenarios.core.writers import replace_together

        if self.workspace.installed:
            raise OutputError(
                Problem(
                    f"{self.workspace.name} is the installed copy: an import into it is lost "
                    "on the next install",
                    hint="`scenarios init DIR` makes a workspace to edit",
                )
            )
        try:
            for path in self.texts:  # panel/ for an analyst's first file
                path.parent.mkdir(exist_ok=True)
            replace_together({path: text.encode() for path, text in self.texts.items()})
        except OSError as exc:
            raise OutputError(Problem(f"cannot write the profiles: {exc.strerror}")) from None
        return list(self.texts)


# --- reading the sheet ------------------------------------------------------------------


@dataclass
class _Reader:
    """The checks of one sheet's cells; every problem is kept, none stops the reading."""

    sheet: Sheet
    problems: list[Problem] = field(default_factory=list)

    def fail(self, cell: Cell, message: str, hint: str | None = None) -> None:
        self.problems.append(self.sheet.problem(cell, message, hint))

    def usable(self, cell: Cell) -> bool:
        """False (and said) for a formula or a merged cell: its value cannot be trusted."""
        if cell.formula:
            self.fail(
                cell,
                "a formula: the sheet must hold values",
                "copy the cells and paste them as values only (Paste Special → Values)",
            )
            return False
        if cell.merged:
            self.fail(cell, "a merged cell", "unmerge the cells and give each its own value")
            return False
        return True

    def text(self, cell: Cell) -> str:
        value = cell.value
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, dt.datetime):
            value = value.date()
        text = str(value).strip()
        if text[:1] == "'" and text[1:2] in _FORMULA_START:
            text = text[1:]  # the apostrophe the tool's own exports put before '=...'
        return text

    def required(self, cell: Cell, column: str) -> str | None:
        text = self.text(cell)
        if not text:
            self.fail(cell, f"empty {column} cell", f"every row needs its {column}")
            return None
        return text

    def number(self, cell: Cell, column: str) -> float | None:
        value = cell.value
        if isinstance(value, bool):
            self.fail(cell, f"{column}: expected a number, got {str(value).upper()}")
            return None
        if isinstance(value, int | float):
            if not math.isfinite(value):
                self.fail(cell, f"{column}: not a finite number")
                return None
            return float(value)
        if isinstance(value, dt.date):
            self.fail(
                cell, f"{column}: a date where a number belongs", "format the cell as a number"
            )
            return None
        text = self.text(cell)
        if _DECIMAL_COMMA.fullmatch(text):
            self.fail(
                cell,
                f"{column}: '{text}' has a decimal comma",
                f"write {text.replace(',', '.')} with a decimal point",
            )
            return None
        try:
            number = float(text)
        except ValueError:
            self.fail(cell, f"{column}: '{text}' is not a number")
            return None
        if not math.isfinite(number):
            self.fail(cell, f"{column}: '{text}' is not a finite number")
            return None
        return number

    def date(self, cell: Cell, column: str) -> dt.date | None:
        value = cell.value
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = self.text(cell)
        if not text:
            return None
        match = _LOCALE_DATE.fullmatch(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            example = (
                f" ({year:04d}-{month:02d}-{day:02d} if it is day/month/year)"
                if len(match.group(3)) == 4 and month <= 12
                else ""
            )
            self.fail(
                cell,
                f"{column}: '{text}' is a date in a locale format",
                f"write it as YYYY-MM-DD{example}, which reads one way only",
            )
            return None
        try:
            return _DATE.validate_python(int(text) if text.isdigit() else text)
        except ValidationError:
            self.fail(cell, f"{column}: '{text}' is not a date", "write it as YYYY-MM-DD")
            return None

    def choice(self, cell: Cell, column: str, allowed: tuple[str, ...]) -> str | None:
        text = self.text(cell)
        if text not in allowed:
            hint = did_you_mean(text, allowed)  # only a close name: the choices are said
            close = hint if hint is not None and hint.startswith("did you mean") else None
            self.fail(cell, f"{column}: '{text}' is not one of {', '.join(allowed)}", close)
            return None
        return text


@dataclass(frozen=True)
class _Row:
    """What one row of the sheet gives for one cell of the workspace."""

    country: str
    factor: str
    fields: dict[str, Any]
    cells: dict[str, Cell]  # where each field was read (for the checks on values)


def _header(reader: _Reader, names: dict[str, str]) -> dict[str, Cell]:
    """The header's columns by canonical name; a column of another name is kept under its own
    text (the caller says whether it may be)."""
    found: dict[str, Cell] = {}
    for cell in reader.sheet.rows[0]:
        if cell.empty or not reader.usable(cell):
            continue
        text = reader.text(cell)
        name = names.get(text.casefold(), text)
        if name in found:
            reader.fail(cell, f"column '{text}' is there twice", "keep one of them")
            continue
        found[name] = cell
    return found


def _check_long_header(reader: _Reader, header: dict[str, Cell]) -> None:
    """Every column of a long sheet known, and the id, factor and value columns there."""
    known = {*EVIDENCE_COLUMNS, *DERIVED_COLUMNS}
    for name, cell in header.items():
        if name not in known:
            reader.fail(
                cell,
                f"unknown column '{name}'",
                did_you_mean(name, [*EVIDENCE_COLUMNS, *DERIVED_COLUMNS]),
            )
    for needed in ("id", "factor", "value"):
        if needed not in header:
            first = reader.sheet.rows[0][0]
            reader.fail(
                first,
                f"no '{needed}' column",
                f"the first row names the columns: {', '.join(EVIDENCE_COLUMNS[needed])}",
            )


def _confidence(reader: _Reader, cell: Cell) -> Any:
    return "medium" if cell.empty else reader.choice(cell, "confidence", CONFIDENCE_LEVELS)


def _basis(reader: _Reader, cell: Cell) -> Any:
    return None if cell.empty else reader.choice(cell, "basis", ("background",))


def _sources(reader: _Reader, cell: Cell) -> Any:
    return [s.strip() for s in _SOURCES.split(reader.text(cell)) if s.strip()]


# The fields of a long sheet's row after its value and range, each read from its cell (when
# the sheet has its column), in this order.
_FIELDS: dict[str, Callable[[_Reader, Cell], Any]] = {
    "confidence": _confidence,
    "as_of": lambda reader, cell: reader.date(cell, "as_of"),
    "basis": _basis,
    "note": lambda reader, cell: reader.text(cell),
    "sources": _sources,
}


def _ranged(reader: _Reader, at: dict[str, Cell]) -> bool:
    """Whether the row's range was given: an export writes the default range where none was
    given, and says so in its range_given column."""
    if "range_given" not in at:
        return True
    return reader.text(at["range_given"]).casefold() not in ("false", "0", "no")


def _long_row(reader: _Reader, at: dict[str, Cell], *, blank_ok: bool) -> _Row | None:
    """One row of a long sheet (its cells by column name); None where it gives nothing to read
    (a blank value an analyst may leave) or its country or factor is missing."""
    country = reader.required(at["id"], "id")
    factor = reader.required(at["factor"], "factor")
    fields: dict[str, Any] = {}
    if blank_ok and at["value"].empty:
        return None  # an analyst's cell left blank: it falls back to the profile
    value = reader.required(at["value"], "value")
    if value is not None:
        fields["value"] = reader.number(at["value"], "value")
    ranged = _ranged(reader, at)
    for key in ("low", "high"):
        if key in at:
            empty = not ranged or at[key].empty
            fields[key] = None if empty else reader.number(at[key], key)
    for name, read in _FIELDS.items():
        if name in at:
            fields[name] = read(reader, at[name])
    if country is None or factor is None:
        return None
    return _Row(country, factor, fields, at)


def _long_rows(reader: _Reader, header: dict[str, Cell], *, blank_ok: bool) -> list[_Row]:
    _check_long_header(reader, header)
    if reader.problems:
        return []
    known = {*EVIDENCE_COLUMNS, *DERIVED_COLUMNS}
    rows: list[_Row] = []
    for row in reader.sheet.rows[1:]:
        if all(c.empty for c in row):
            continue
        at = {name: row[cell.column - 1] for name, cell in header.items() if name in known}
        if not all(reader.usable(c) for c in at.values()):
            continue
        found = _long_row(reader, at, blank_ok=blank_ok)
        if found is not None:
            rows.append(found)
    return rows


def _wide_rows(reader: _Reader, header: dict[str, Cell], factors: tuple[str, ...]) -> list[_Row]:
    if "id" not in header:
        reader.fail(
            reader.sheet.rows[0][0],
            "no 'id' column: a wide sheet has the countries' ids down its first column",
            f"name it one of: {', '.join(EVIDENCE_COLUMNS['id'])}; or give a long sheet with "
            "a 'factor' column",
        )
        return []
    columns: dict[str, Cell] = {}
    for name, cell in header.items():
        if name == "id" or name in DERIVED_COLUMNS:
            continue
        if name in factors:
            columns[name] = cell
        else:
            reader.fail(cell, f"unknown factor '{name}'", did_you_mean(name, factors))
    rows: list[_Row] = []
    for row in reader.sheet.rows[1:]:
        if all(c.empty for c in row):
            continue
        id_cell = row[header["id"].column - 1]
        if not reader.usable(id_cell):
            continue
        country = reader.required(id_cell, "id")
        for factor, cell in columns.items():
            at = row[cell.column - 1]
            if at.empty and not at.merged and not at.formula:
                continue  # a value not given is left as it is
            if not reader.usable(at):
                continue
            value = reader.number(at, "value")
            if country is not None:
                rows.append(_Row(country, factor, {"value": value}, {"value": at, "id": id_cell}))
    return rows


def _all_profiles(ws: Workspace) -> dict[str, tuple[ProfileFile, Path]]:
    """Every profile by id with its file, those with values still to fill too."""
    found = {p.id: (p, ws.documents[f"profile:{p.id}"].path) for p in ws.profiles}
    for cid in ws.left_out:
        doc = ws.documents[f"profile:{cid}"]
        found[cid] = (ProfileFile.model_validate(doc.located().data), doc.path)
    return dict(sorted(found.items(), key=lambda item: str(item[1][1])))


def _check_rows(
    reader: _Reader,
    rows: list[_Row],
    ws: Workspace,
    ids: list[str],
    entries: Callable[[str, str], Entry | None],
) -> None:
    """The names and values of the rows: a known country and factor, once each; values on the
    scale and low <= value <= high."""
    lo, hi = ws.scale
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        id_cell = row.cells["id"]
        if row.country not in ids:
            reader.fail(id_cell, f"unknown country '{row.country}'", did_you_mean(row.country, ids))
        if "factor" in row.cells and row.factor not in ws.factor_ids:
            reader.fail(
                row.cells["factor"],
                f"unknown factor '{row.factor}'",
                did_you_mean(row.factor, ws.factor_ids),
            )
        key = (row.country, row.factor)
        if key in seen:
            reader.fail(id_cell, f"{row.country}.{row.factor} is also in row {seen[key]}")
        seen.setdefault(key, id_cell.row)
        for name in ("value", "low", "high"):
            v = row.fields.get(name)
            if v is not None and not lo <= v <= hi:
                reader.fail(
                    row.cells[name],
                    f"{name} {v:g} is off the scale {lo:g}..{hi:g}",
                    f"give a number from {lo:g} to {hi:g}",
                )
        if row.country in ids and row.factor in ws.factor_ids:
            _check_range(reader, row, entries(row.country, row.factor))


def _check_range(reader: _Reader, row: _Row, entry: Entry | None) -> None:
    """low <= value <= high, with what the sheet does not give taken from the cell as it is
    (a new value outside the profile's range is refused, not quietly widened)."""
    given = row.fields

    def pick(name: str) -> tuple[float | None, bool]:
        if name in given:
            return given[name], True
        return (getattr(entry, name) if entry is not None else None), False

    (low, low_ours), (value, value_ours), (high, high_ours) = map(pick, ("low", "value", "high"))
    hint = "low <= value <= high"

    def where(a: tuple[str, bool], b: tuple[str, bool]) -> tuple[Cell, str]:
        """The cell to blame (the sheet's), and what to add where a bound is the profile's."""
        ours = [name for name, mine in (a, b) if mine]
        theirs = [name for name, mine in (a, b) if not mine]
        cell = row.cells[ours[0]]
        if theirs:
            return cell, f"the {theirs[0]} is the profile's: give low and high in the sheet too"
        return cell, hint

    if low is not None and high is not None and low > high and (low_ours or high_ours):
        cell, why = where(("low", low_ours), ("high", high_ours))
        reader.fail(cell, f"low {low:g} is above high {high:g}", why)
    elif low is not None and value is not None and low > value and (low_ours or value_ours):
        cell, why = where(("value", value_ours), ("low", low_ours))
        reader.fail(cell, f"low {low:g} is above value {value:g}", why)
    elif high is not None and value is not None and value > high and (high_ours or value_ours):
        cell, why = where(("value", value_ours), ("high", high_ours))
        reader.fail(cell, f"value {value:g} is above high {high:g}", why)


def read_rows(
    sheet: Sheet,
    ws: Workspace,
    ids: list[str],
    entries: Callable[[str, str], Entry | None],
    *,
    blank_ok: bool = False,
) -> list[_Row]:
    """The sheet's rows, checked; every problem raised at once. ``blank_ok``: a row without a
    value is passed over (an analyst's sheet), not refused."""
    reader = _Reader(sheet)
    names = lookup({**EVIDENCE_COLUMNS, **DERIVED_COLUMNS})
    header = _header(reader, names)
    if "factor" in header:
        rows = _long_rows(reader, header, blank_ok=blank_ok)
    else:
        rows = _wide_rows(reader, header, ws.factor_ids)
    if not reader.problems:
        _check_rows(reader, rows, ws, ids, entries)
    if reader.problems:
        raise WorkspaceError(reader.problems)
    return rows


# --- what changes -----------------------------------------------------------------------


def _shown(name: str, value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return SOURCE_SEPARATOR.join(value) if value else "–"
    return str(value) if value != "" else "–"


def _same(name: str, old: Any, new: Any) -> bool:
    """Numbers are the same where the sheet shows the old one as an export writes it (six
    significant digits), so that an exported sheet read back changes nothing."""
    if isinstance(old, float) and isinstance(new, float):
        return old == new or float(f"{old:.6g}") == new
    return bool(old == new)


def _changes(
    rows: list[_Row], entries: Callable[[str, str], Entry | None], blank: str = TO_FILL
) -> tuple[dict[str, dict[str, dict[str, Any]]], list[Change], int]:
    """country -> factor -> the fields that change (new values), the changes as text, and how
    many values still to fill (or blank cells) are filled. ``entries``: the cell as it is."""
    edits: dict[str, dict[str, dict[str, Any]]] = {}
    shown: list[Change] = []
    filled = 0
    for row in rows:
        entry = entries(row.country, row.factor)
        fields = dict(row.fields)
        if entry is None:  # still to fill
            if fields.get("value") is None:
                continue
            filled += 1
            changed = {k: v for k, v in fields.items() if k == "value" or v != DEFAULTS[k]}
            shown.append(
                Change(row.country, row.factor, "value", blank, _shown("value", fields["value"]))
            )
            shown += [
                Change(row.country, row.factor, k, "–", _shown(k, v))
                for k, v in changed.items()
                if k != "value"
            ]
        else:
            changed = {
                k: v
                for k, v in fields.items()
                if not _same(k, getattr(entry, k), v) and not (k == "value" and v is None)
            }
            shown += [
                Change(row.country, row.factor, k, _shown(k, getattr(entry, k)), _shown(k, v))
                for k, v in changed.items()
            ]
        if changed:
            edits.setdefault(row.country, {})[row.factor] = changed
    return edits, shown, filled


# --- writing the YAML -------------------------------------------------------------------


def _yaml(text: str) -> Any:
    """A ruamel.yaml round-trip reader and writer set to the file's own indentation."""
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line (a note, a source) that was one line
    try:
        _, sequence, offset = load_yaml_guess_indent(text)
    except Exception:
        sequence, offset = None, None
    yaml.indent(mapping=2, sequence=sequence or 4, offset=offset if offset is not None else 2)
    return yaml


def _node(name: str, value: Any, old: Any) -> Any:
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, float):
        return int(value) if value.is_integer() and not isinstance(old, float) else value
    if name == "note":
        return DoubleQuotedScalarString(value)
    if name == "sources":
        return CommentedSeq([DoubleQuotedScalarString(s) for s in value])
    return value


def edit_profile(
    text: str, edits: Mapping[str, Mapping[str, Any]], at: tuple[str, ...] = ("factors",)
) -> str:
    """``text`` with the fields ``edits`` gives (factor -> field -> new value) changed, and
    nothing else: a field set to its default is removed; a new field goes where a profile
    writes it; a cell that is only a value stays the shorthand `factor: 6`. ``at``: the keys
    of the mapping of factors (a profile's `factors`, an analyst's `values` of one country)."""
    from ruamel.yaml.comments import CommentedMap

    yaml = _yaml(text)
    data = yaml.load(text)
    parent = data
    for key in at:
        if parent.get(key) is None:
            parent[key] = CommentedMap()
        parent = parent[key]
    factors = parent
    for factor, fields in edits.items():
        node = factors.get(factor)
        entry = node if isinstance(node, CommentedMap) else CommentedMap()
        if node is not None and not isinstance(node, CommentedMap):
            entry["value"] = node  # the shorthand `factor: 6`
        for name in FIELDS:
            if name not in fields:
                continue
            new = fields[name]
            if name != "value" and new == DEFAULTS[name]:
                entry.pop(name, None)
            elif name in entry:
                entry[name] = _node(name, new, entry[name])
            else:
                place = sum(
                    1 for k in entry if k in FIELDS and FIELDS.index(k) < FIELDS.index(name)
                )
                entry.insert(place, name, _node(name, new, None))
        if list(entry) == ["value"] and not isinstance(node, CommentedMap):
            factors[factor] = entry["value"]
        else:
            factors[factor] = entry
    out = io.StringIO()
    yaml.dump(data, out)
    written = out.getvalue()
    if not text.endswith("\n"):
        written = written.removesuffix("\n")
    return written


# --- the plan ---------------------------------------------------------------------------


def _load_copy(ws: Workspace, texts: Mapping[Path, str]) -> Workspace:
    """The workspace as it would be with ``texts`` written, loaded from a temporary copy (the
    same checks as loading the files themselves)."""
    folder = Path(tempfile.mkdtemp(prefix="scenarios-import-"))
    try:
        for path in {*workspace_files(ws.root), *texts}:
            target = folder / path.relative_to(ws.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(texts[path].encode() if path in texts else path.read_bytes())
        try:
            return load_workspace(folder, to_fill="list", part=panel_part)
        except WorkspaceError as exc:  # named as the files the import would write
            raise WorkspaceError(
                [
                    Problem(
                        f"after the import: {p.message}",
                        _moved(p.file, folder, ws.root),
                        p.line,
                        p.column,
                        p.hint,
                    )
                    for p in exc.problems
                ]
            ) from None
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def _moved(path: Path | None, old: Path, new: Path) -> Path | None:
    """``path`` under ``new`` where it is under ``old``."""
    if path is None:
        return None
    try:
        return new / path.relative_to(old)
    except ValueError:
        return path


def plan(workspace: str | Workspace | None, sheet_path: Path) -> Import:
    """What importing ``sheet_path`` into the workspace would change; nothing is written."""
    loaded = (
        workspace
        if isinstance(workspace, Workspace)
        else load_workspace(workspace, to_fill="list", part=panel_part)
    )
    # the profiles as written, not a panel's aggregate of them
    ws = loaded.panel.plain if loaded.panel is not None else loaded
    profiles = _all_profiles(ws)
    sheet = read_sheet(sheet_path)

    def entry(country: str, factor: str) -> Entry | None:
        return profiles[country][0].factors.get(factor)

    rows = read_rows(sheet, ws, list(profiles), entry)
    edits, changes, filled = _changes(rows, entry)
    texts: dict[Path, str] = {}
    for country, fields in edits.items():
        _, path = profiles[country]
        texts[path] = edit_profile(path.read_text(encoding="utf-8"), fields)
    after = _load_copy(loaded, texts) if texts else loaded
    return Import(
        sheet=sheet_path,
        workspace=loaded,
        changes=tuple(changes),
        texts=texts,
        filled=filled,
        diff=_ranking_change(loaded, after, sheet_path.name) if texts else None,
        to_fill=len(after.to_fill),
    )


def _ranking_change(before: Workspace, after: Workspace, label: str) -> Diff | None:
    """How the ranking moves, where both states have every value."""
    if before.left_out or after.left_out:
        return None
    from dataclasses import replace

    from scenarios.analyses import scoring
    from scenarios.ledger.diffing import diff, state_of
    from scenarios.ledger.revisions import current_state

    new = replace(state_of(scoring.rank(after), label), saved="import")
    return diff(current_state(before), new)


def plan_analyst(ws: Workspace, name: str, sheet_path: Path) -> Import:
    """What importing an analyst's judgement sheet into panel/NAME.yaml would change: the
    file the panel's sheet or an earlier import made (edited as the profiles are), or a new
    one. A row without a value is passed over: that cell falls back to the profile."""
    from scenarios.panels.analysts import FOLDER
    from scenarios.panels.sheet import check_name
    from scenarios.workspace.files import YAML_SUFFIXES
    from scenarios.workspace.schema import PanelFile
    from scenarios.workspace.yamlsource import load_yaml

    check_name(name)
    ws = ws.panel.plain if ws.panel is not None else ws
    path = ws.root / FOLDER / f"{name}.yaml"
    for suffix in YAML_SUFFIXES:
        if ws.root.joinpath(FOLDER, f"{name}{suffix}").exists():
            path = ws.root / FOLDER / f"{name}{suffix}"
    exists = path.exists()
    current = PanelFile.model_validate(load_yaml(path).data) if exists else None
    text = (
        path.read_text(encoding="utf-8")
        if exists
        else f"# Judgements of {name}, read from {sheet_path.name} by `scenarios import "
        f"--analyst`.\nschema_version: 1\nanalyst: {_quoted(name)}\nvalues: {{}}\n"
    )

    def entry(country: str, factor: str) -> Entry | None:
        cells = current.values.get(country) if current is not None else None
        return (cells or {}).get(factor)

    rows = read_rows(read_sheet(sheet_path), ws, list(ws.country_ids), entry, blank_ok=True)
    edits, changes, _ = _changes(rows, entry, blank="(profile's)")
    for country, fields in edits.items():
        text = edit_profile(text, fields, at=("values", country))
    texts = {path: text} if edits else {}
    if texts:
        _load_copy(ws, texts)  # the panel's file as written loads with the workspace
    return Import(
        sheet=sheet_path,
        workspace=ws,
        changes=tuple(changes),
        texts=texts,
        filled=0,
        target=f"{FOLDER}/{path.name}",
    )


def _quoted(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
