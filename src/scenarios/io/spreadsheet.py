"""Read the first sheet of a CSV, XLSX or ODS file into cells that know where they are.

A cell keeps what a spreadsheet put in it (text, a number, a date) and what would make its
value untrustworthy: a formula (its value is whatever the last program to save it computed, or
nothing) or a merged cell (one value shown across several cells). The readers that use the
cells (`scenarios new --from`, `scenarios import`) report those at the cell's row and column.
openpyxl and odfpy are imported only when such a file is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios.core.errors import Problem, WorkspaceError
from scenarios.core.files import read_file

SUFFIXES = (".csv", ".xlsx", ".ods")
MAX_SHEET_BYTES = 64 * 1024 * 1024

CellValue = str | float | int | bool | dt.date | dt.datetime | None


@dataclass(frozen=True)
class Cell:
    """One cell: its value as the file holds it, and its place (1-based, the header is row 1)."""

    value: CellValue
    row: int
    column: int
    formula: bool = False
    merged: bool = False

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass(frozen=True)
class Sheet:
    """The rows of a sheet, the first one its header; every row as long as the longest."""

    path: Path
    rows: tuple[tuple[Cell, ...], ...]
    name: str | None = None  # the sheet read, where it is not the workbook's first

    def problem(self, cell: Cell, message: str, hint: str | None = None) -> Problem:
        """A problem at ``cell``: SHEET:ROW:COLUMN, the sheet named where it is not the first
        (`book.xlsx[Evidence]:3:5`)."""
        where = self.path if self.name is None else Path(f"{self.path}[{self.name}]")
        return Problem(message, where, cell.row, cell.column, hint)


def read_sheet(path: Path) -> Sheet:
    """The first sheet of ``path`` (.csv, .xlsx or .ods); of a workbook of `scenarios export
    --xlsx`, its Evidence sheet."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise WorkspaceError(
            Problem(
                "not a sheet this tool reads: expected a .csv, .xlsx or .ods file",
                path,
                hint="save the sheet as CSV (UTF-8), Excel (.xlsx) or OpenDocument (.ods)",
            )
        )
    data = read_file(path, MAX_SHEET_BYTES)
    name = None
    if suffix == ".csv":
        rows = _csv_rows(path, data)
    elif suffix == ".xlsx":
        rows, name = _xlsx_rows(path, data)
    else:
        rows = _ods_rows(path, data)
    width = max((len(r) for r in rows), default=0)
    padded = tuple(
        tuple(r) + tuple(Cell(None, i + 1, j + 1) for j in range(len(r), width))
        for i, r in enumerate(rows)
    )
    # rows empty from some row on are not rows (a spreadsheet's trailing blank lines)
    while padded and all(c.empty for c in padded[-1]):
        padded = padded[:-1]
    if not padded:
        raise WorkspaceError(
            Problem("the sheet is empty", path, hint="the first row names the columns")
        )
    return Sheet(path, padded, name)


def _unreadable(path: Path, what: str) -> WorkspaceError:
    return WorkspaceError(Problem(what, path))


def _csv_rows(path: Path, data: bytes) -> list[list[Cell]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkspaceError(
            Problem(
                f"not UTF-8 text (byte {exc.start + 1})",
                path,
                hint="save the sheet as 'CSV UTF-8'",
            )
        ) from None
    try:
        return [
            [Cell(value, i + 1, j + 1) for j, value in enumerate(row)]
            for i, row in enumerate(csv.reader(io.StringIO(text, newline="")))
        ]
    except csv.Error as exc:
        raise _unreadable(path, f"not a valid CSV file ({exc})") from None


def _xlsx_rows(path: Path, data: bytes) -> tuple[list[list[Cell]], str | None]:
    """The rows of the sheet to read, and its name where it is not the first."""
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _unreadable(path, f"not a valid .xlsx workbook ({exc})") from None
    sheet = _evidence_sheet(book)
    merged = {
        (r, c)
        for span in sheet.merged_cells.ranges
        for r in range(span.min_row, span.max_row + 1)
        for c in range(span.min_col, span.max_col + 1)
    }
    rows: list[list[Cell]] = []
    for i, row in enumerate(sheet.iter_rows(), start=1):
        cells = []
        for j, cell in enumerate(row, start=1):
            formula = cell.data_type == "f"
            value = cell.value
            if formula or not isinstance(value, str | float | int | bool | dt.date | None):
                value = str(value)
            cells.append(Cell(value, i, j, formula=formula, merged=(i, j) in merged))
        rows.append(cells)
    return rows, (sheet.title if sheet is not book.worksheets[0] else None)


def _attr(element: Any, name: str) -> str | None:
    """An attribute of an ODS element, or None where the element has none or cannot have one
    (odfpy refuses to look up an attribute its element type does not allow)."""
    try:
        value = element.getAttribute(name)
    except ValueError:
        return None
    return str(value) if value is not None else None


def _count(element: Any, name: str) -> int:
    """A repeat or span count of an ODS element (1 where it has none or it is not a count)."""
    text = _attr(element, name) or "1"
    return max(int(text), 1) if text.isdigit() else 1


def _ods_value(element: Any) -> CellValue:
    """What an ODS cell holds: its typed value (a number, a date, a truth value), else its
    text."""
    from odf import teletype

    kind = _attr(element, "valuetype")
    try:
        if kind in ("float", "percentage", "currency"):
            number = float(_attr(element, "value") or "")
            return int(number) if number.is_integer() else number
        if kind == "date":
            raw = _attr(element, "datevalue") or ""
            return dt.datetime.fromisoformat(raw) if "T" in raw else dt.date.fromisoformat(raw)
        if kind == "boolean":
            return _attr(element, "booleanvalue") == "true"
    except ValueError:
        pass  # a typed value that does not parse: its text is what the sheet shows
    return teletype.extractText(element) or None


def _evidence_sheet(book: Any) -> Any:
    """The sheet to read: a workbook of `scenarios export --xlsx` holds its values on its
    Evidence sheet (in English or Arabic); any other workbook, on its first sheet."""
    from scenarios.io.workbook import SHEETS

    names = {name for s in SHEETS if s.table == "evidence" for name in (s.en, s.ar)}
    return next((ws for ws in book.worksheets if ws.title in names), book.worksheets[0])


def _ods_rows(path: Path, data: bytes) -> list[list[Cell]]:
    import xml.parsers.expat
    import zipfile

    from odf import opendocument, table

    try:
        document = opendocument.load(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, xml.parsers.expat.ExpatError) as exc:
        raise _unreadable(path, f"not a valid .ods spreadsheet ({exc})") from None
    sheets = document.spreadsheet.getElementsByType(table.Table)
    if not sheets:
        return []
    rows: list[list[Cell]] = []
    covered: set[tuple[int, int]] = set()  # cells under a merged one
    for row_element in sheets[0].getElementsByType(table.TableRow):
        repeat_rows = _count(row_element, "numberrowsrepeated")
        cells: list[Cell] = []
        i = len(rows) + 1
        for element in row_element.childNodes:
            if element.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            repeat = _count(element, "numbercolumnsrepeated")
            value = _ods_value(element)
            formula = bool(_attr(element, "formula"))
            spans = (
                _count(element, "numberrowsspanned"),
                _count(element, "numbercolumnsspanned"),
            )
            for _ in range(min(repeat, 1024)):  # a trailing run of empty columns is long
                j = len(cells) + 1
                merged = element.qname[1] == "covered-table-cell" or spans != (1, 1)
                if spans != (1, 1):
                    covered |= {(i + a, j + b) for a in range(spans[0]) for b in range(spans[1])}
                cells.append(Cell(value, i, j, formula=formula, merged=merged or (i, j) in covered))
        while cells and cells[-1].empty and not cells[-1].merged:
            cells.pop()
        for k in range(min(repeat_rows, 1024)):
            rows.append([Cell(c.value, i + k, c.column, c.formula, c.merged) for c in cells])
    return rows
