"""`scenarios import SHEET`: the round trip with `scenarios export` (byte for byte), every
problem of a sheet located as SHEET:ROW:COLUMN with nothing written, and the three-command
start (`new`, `import --write`, `rank`)."""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from scenarios import api
from scenarios.api import load_workspace
from scenarios.cli.app import app
from scenarios.workspace.find import bundled_root

ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def yaml_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """`scenarios export` of the bundled workspace (once for the module)."""
    out = tmp_path_factory.mktemp("export") / "out"
    result = run("export", str(out), "-w", str(bundled_root() / "central-asia"), "--samples", "100")
    assert result.exit_code == 0, result.output
    return out / "evidence.csv"


@pytest.fixture
def ws(tmp_path) -> Path:
    folder = tmp_path / "ws"
    shutil.copytree(bundled_root() / "central-asia", folder)
    return folder


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def to_xlsx(rows: list[list[str]], path: Path) -> Path:
    """The rows as a workbook, numbers as numbers (as a spreadsheet would hold them)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        cells: list[object] = []
        for text in row:
            try:
                cells.append(float(text) if text not in ("", "True", "False") else text or None)
            except ValueError:
                cells.append(text)
        sheet.append(cells)
    book.save(path)
    return path


# --- the round trip -------------------------------------------------------------------


def test_the_backtest_workspace_round_trips_too(tmp_path):
    """abraham-2020 writes whole numbers (`value: 5`) where central-asia writes `5.0`."""
    ws = tmp_path / "ab"
    shutil.copytree(bundled_root() / "abraham-2020", ws)
    out = tmp_path / "out"
    assert run("export", str(out), "-w", str(ws), "--samples", "100").exit_code == 0
    before = yaml_bytes(ws)
    assert api.import_sheet(out / "evidence.csv", ws, write=True).changes == ()
    assert yaml_bytes(ws) == before


def test_a_country_and_factor_twice_is_refused(ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_rows(
        tmp_path / "s.csv",
        [["id", "factor", "value"], ["UZ", "us_engagement", "7"], ["UZ", "us_engagement", "6"]],
    )
    result = run("import", "s.csv", "-w", str(ws))
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: s.csv:3:1: UZ.us_engagement is also in row 2"


def test_an_unknown_column_is_refused_with_a_suggestion(ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_rows(
        tmp_path / "s.csv",
        [["id", "factor", "value", "confidense"], ["UZ", "us_engagement", "7", "low"]],
    )
    result = run("import", "s.csv", "-w", str(ws))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: s.csv:1:4: unknown column 'confidense' (did you mean 'confidence'?)"
    )


def test_new_from_an_xlsx_sheet(tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.chdir(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["السؤال", "البلد", "الاسم", "الاسم بالعربية", "العامل", "الاتجاه", "المجموعة", "الوزن"]
    )
    sheet.append(["من ينضم أولاً؟", "KZ", "Kazakhstan", "كازاخستان", "trade", "for", "economy", 2])
    sheet.append([None, "UZ", "Uzbekistan", None, "religion", "against", "society", None])
    book.save(tmp_path / "setup.xlsx")
    result = run("new", "mine", "--from", "setup.xlsx")
    assert result.exit_code == 0, result.output
    ws = api.validate(tmp_path / "mine").workspace
    assert ws.model.question == "من ينضم أولاً؟"
    assert [
        (p, ws.model.factors[p].direction, ws.model.factors[p].weight) for p in ws.model.factors
    ] == [
        ("trade", "for", 2.0),
        ("religion", "against", 1.0),
    ]
    assert sorted(ws.left_out) == ["KZ", "UZ"]
    assert 'name_ar: "كازاخستان"' in (tmp_path / "mine/profiles/kz.yaml").read_text()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_exported_sheet_imported_unchanged_changes_nothing(kind, exported, ws, tmp_path):
    sheet = exported if kind == "csv" else to_xlsx(read_rows(exported), tmp_path / "ev.xlsx")
    before = yaml_bytes(ws)
    plan = api.import_sheet(sheet, ws, write=True)
    assert plan.changes == ()
    assert plan.texts == {}
    assert yaml_bytes(ws) == before
    result = run("import", str(sheet), "-w", str(ws), "--write")
    assert result.exit_code == 0, result.output
    assert "nothing to change" in result.output
    assert yaml_bytes(ws) == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_three_changed_cells_are_exactly_three_edits(kind, exported, ws, tmp_path):
    rows = read_rows(exported)
    head = rows[0]
    value = head.index("value")
    picked = {}
    expected = set()
    for r in (1, 12, 30):  # three rows: a new value inside each one's range
        row = rows[r]
        low, high = float(row[head.index("low")]), float(row[head.index("high")])
        new = f"{low:g}" if f"{low:g}" != row[value] else f"{high:g}"
        picked[r] = new
        expected.add((row[head.index("id")], row[head.index("factor")], row[value], new))
        row[value] = new
    sheet = (
        write_rows(tmp_path / "ev.csv", rows)
        if kind == "csv"
        else to_xlsx(rows, tmp_path / "ev.xlsx")
    )
    original = tmp_path / "original"
    shutil.copytree(ws, original)
    before = yaml_bytes(ws)

    result = run("import", str(sheet), "-w", str(ws))  # the preview writes nothing
    assert result.exit_code == 0, result.output
    assert yaml_bytes(ws) == before
    assert "3 changes in 3 cells" in result.output
    assert "nothing written" in result.output
    # with the changes as CSV on stdout, the preview's reminder is a note on stderr
    as_csv = run("import", str(sheet), "-w", str(ws), "-f", "csv")
    assert as_csv.exit_code == 0 and "nothing written" not in as_csv.stdout
    assert as_csv.stderr.splitlines() == [
        "note: preview: nothing written; run again with --write to apply it"
    ]

    result = run("import", str(sheet), "-w", str(ws), "--write")
    assert result.exit_code == 0, result.output
    assert "run `scenarios record` to keep this state" in result.output

    d = api.diff(str(original), workspace=ws)
    assert {(e.country, e.factor, e.old, e.new) for e in d.edits} == expected
    assert all(e.kind == "value" for e in d.edits)
    # byte for byte: the changed files differ in those three lines and nowhere else
    after = yaml_bytes(ws)
    changed_lines = []
    for name, old in before.items():
        old_lines, new_lines = old.decode().splitlines(), after[name].decode().splitlines()
        assert len(old_lines) == len(new_lines), name
        changed_lines += [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert len(changed_lines) == 3
    assert sorted(b.strip() for _, b in changed_lines) == sorted(
        f"value: {float(new)}" for new in picked.values()
    )


def test_a_wide_sheet_sets_values_only(ws, tmp_path):
    old = load_workspace(ws).entry("UZ", "us_engagement")
    assert old.value != 7.5 and old.low is not None and old.low <= 7.5
    sheet = write_rows(tmp_path / "wide.csv", [["id", "us_engagement"], ["UZ", "7.5"]])
    plan = api.import_sheet(sheet, ws, write=True)
    assert [(c.country, c.factor, c.field, c.before, c.after) for c in plan.changes] == [
        ("UZ", "us_engagement", "value", f"{old.value:g}", "7.5")
    ]
    new = load_workspace(ws).entry("UZ", "us_engagement")
    assert new.value == 7.5
    assert new.model_copy(update={"value": old.value}) == old  # nothing else moved


def test_arabic_column_names_are_read(ws, tmp_path):
    sheet = write_rows(
        tmp_path / "ar.csv",
        [
            ["البلد", "العامل", "القيمة", "الأدنى", "الأعلى", "الثقة", "التاريخ", "الملاحظة"],
            ["UZ", "us_engagement", "7.5", "6", "9", "low", "2026-05-31", "ملاحظة"],
        ],
    )
    api.import_sheet(sheet, ws, write=True)
    entry = load_workspace(ws).entry("UZ", "us_engagement")
    assert (entry.value, entry.low, entry.high, entry.confidence) == (7.5, 6, 9, "low")
    assert str(entry.as_of) == "2026-05-31"
    assert entry.note == "ملاحظة"


# --- every problem at once, located, nothing written ----------------------------------

HEAD = ["id", "factor", "value", "low", "high", "confidence", "as_of", "note"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ["XX", "us_engagement", "5", "", "", "", "", ""],
            "sheet.csv:2:1: unknown country 'XX' (expected one of: KG, KZ, TJ, TM, UZ)",
        ),
        (
            ["UZ", "us_engagment", "5", "", "", "", "", ""],
            "sheet.csv:2:2: unknown factor 'us_engagment' (did you mean 'us_engagement'?)",
        ),
        (
            ["UZ", "us_engagement", "11", "", "", "", "", ""],
            "sheet.csv:2:3: value 11 is off the scale 0..10 (give a number from 0 to 10)",
        ),
        (
            ["UZ", "us_engagement", "5", "7", "6", "", "", ""],
            "sheet.csv:2:4: low 7 is above high 6 (low <= value <= high)",
        ),
        (
            ["UZ", "us_engagement", "6,5", "", "", "", "", ""],
            "sheet.csv:2:3: value: '6,5' has a decimal comma (write 6.5 with a decimal point)",
        ),
        (
            ["UZ", "us_engagement", "5", "", "", "", "31/05/2026", ""],
            "sheet.csv:2:7: as_of: '31/05/2026' is a date in a locale format (write it as "
            "YYYY-MM-DD (2026-05-31 if it is day/month/year), which reads one way only)",
        ),
        (
            ["UZ", "us_engagement", "", "", "", "", "", ""],
            "sheet.csv:2:3: empty value cell (every row needs its value)",
        ),
        (
            ["UZ", "us_engagement", "5", "", "", "sure", "", ""],
            "sheet.csv:2:6: confidence: 'sure' is not one of low, medium, high",
        ),
    ],
)
def test_each_problem_is_located_and_nothing_is_written(row, expected, ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_rows(tmp_path / "sheet.csv", [HEAD, row])
    before = folder_hash(ws)
    for extra in ([], ["--write"]):
        result = run("import", "sheet.csv", "-w", str(ws), *extra)
        assert result.exit_code == 2
        assert result.stderr.strip().splitlines() == [f"error: {expected}"]
        assert result.stdout == ""
        assert "Traceback" not in result.output
    assert folder_hash(ws) == before


def test_every_problem_of_a_sheet_is_reported_at_once(ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_rows(
        tmp_path / "sheet.csv",
        [
            HEAD,
            ["UZ", "us_engagement", "6,5", "", "", "", "", ""],
            ["XX", "us_engagement", "5", "", "", "", "", ""],
            ["KZ", "us_engagement", "5", "", "", "", "2026-13-01", ""],
        ],
    )
    before = folder_hash(ws)
    result = run("import", "sheet.csv", "-w", str(ws), "--write")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert [re.match(r"error: (sheet\.csv:\d+:\d+):", x).group(1) for x in lines] == [
        "sheet.csv:2:3",
        "sheet.csv:4:7",
    ]  # names are checked once the cells read: XX is reported when the rest is clean
    assert folder_hash(ws) == before


def test_formula_and_merged_cells_are_refused_in_xlsx(ws, tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.chdir(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEAD)
    sheet.append(["UZ", "us_engagement", "=2+3", None, None, None, None, None])
    sheet.append(["KZ", "us_engagement", 5, None, None, None, None, "a note"])
    sheet.merge_cells("H3:H4")
    sheet.append(["TJ", "us_engagement", 5, None, None, None, None, None])
    book.save(tmp_path / "sheet.xlsx")
    before = folder_hash(ws)
    result = run("import", "sheet.xlsx", "-w", str(ws), "--write")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: sheet.xlsx:2:3: a formula: the sheet must hold values (copy the cells and "
        "paste them as values only (Paste Special → Values))",
        "error: sheet.xlsx:3:8: a merged cell (unmerge the cells and give each its own value)",
        "error: sheet.xlsx:4:8: a merged cell (unmerge the cells and give each its own value)",
    ]
    assert folder_hash(ws) == before


def _ods(path: Path, rows: list[list[tuple[str, str | None]]]) -> Path:
    """An ODS sheet; a cell is (text, formula or None)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    for row in rows:
        tr = TableRow()
        for text, formula in row:
            try:
                number = float(text)
            except ValueError:
                cell = TableCell(valuetype="string")
            else:
                cell = TableCell(valuetype="float", value=number)
            if formula:
                cell.setAttribute("formula", formula)
            cell.addElement(P(text=text))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def test_ods_values_are_read_and_formulas_refused(ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    head = [("id", None), ("factor", None), ("value", None)]
    _ods(tmp_path / "good.ods", [head, [("UZ", None), ("us_engagement", None), ("7.5", None)]])
    api.import_sheet(tmp_path / "good.ods", ws, write=True)
    assert load_workspace(ws).entry("UZ", "us_engagement").value == 7.5
    _ods(
        tmp_path / "bad.ods",
        [head, [("UZ", None), ("us_engagement", None), ("5", "of:=2+3")]],
    )
    before = folder_hash(ws)
    result = run("import", "bad.ods", "-w", str(ws), "--write")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: bad.ods:2:3: a formula: the sheet must hold values")
    assert folder_hash(ws) == before


# --- any valid value round-trips ------------------------------------------------------


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.floats(min_value=0, max_value=10, allow_nan=False).map(lambda x: round(x, 4)),
        min_size=3,
        max_size=3,
    ).map(sorted),
    st.sampled_from(["low", "medium", "high"]),
    st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="'"), max_size=30),
)
@pytest.mark.slow
def test_any_valid_entry_round_trips(ws, tmp_path, triple, confidence, note):
    low, value, high = triple
    sheet = write_rows(
        tmp_path / "one.csv",
        [
            ["id", "factor", "value", "low", "high", "confidence", "note"],
            ["TJ", "security_cooperation", repr(value), repr(low), repr(high), confidence, note],
        ],
    )
    api.import_sheet(sheet, ws, write=True)
    entry = load_workspace(ws).entry("TJ", "security_cooperation")
    assert (entry.value, entry.low, entry.high, entry.confidence) == (value, low, high, confidence)
    assert entry.note == note.strip()
    again = api.import_sheet(sheet, ws)
    assert again.changes == ()


# --- the analyst's own sheet ----------------------------------------------------------


def test_panel_sheet_as_xlsx_reads_back_into_the_analysts_file(ws, tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.chdir(tmp_path)
    result = run("panel", "init", "alice", "--xlsx", "-w", str(ws))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "alice.xlsx")
    sheet = book["judgements"]
    assert sheet.freeze_panes == "F2"
    head = [c.value for c in sheet[1]]
    assert head[:6] == ["id", "name", "factor", "label", "direction", "value"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 5 * 9
    assert all(r[head.index("value")] is None for r in rows)  # nobody's values
    kz = load_workspace(ws).entry("KZ", "russia_dependence")
    assert rows[0][head.index("evidence")] == kz.note
    sheet.cell(2, head.index("value") + 1, 6)
    sheet.cell(2, head.index("note") + 1, "mine")
    sheet.cell(3, head.index("value") + 1, 2.5)
    sheet.cell(3, head.index("confidence") + 1, "low")
    book.save(tmp_path / "filled.xlsx")
    profiles = yaml_bytes(ws / "profiles")

    result = run("import", "--analyst", "alice", "filled.xlsx", "-w", str(ws), "--write")
    assert result.exit_code == 0, result.output
    assert "wrote panel/alice.yaml" in result.output
    assert yaml_bytes(ws / "profiles") == profiles  # the profiles are not the analyst's
    assert load_workspace(ws).panel is not None  # the panel loads with the workspace
    text = (ws / "panel" / "alice.yaml").read_text()
    assert '    russia_dependence:\n      value: 6\n      note: "mine"\n' in text
    assert "    china_dependence:\n      value: 2.5\n      confidence: low\n" in text


def test_an_analyst_sheet_fills_the_yaml_sheet_of_panel_init(ws, tmp_path):
    assert run("panel", "init", "bob", "-w", str(ws)).exit_code == 0
    yaml_sheet = (ws / "panel" / "bob.yaml").read_text()
    sheet = write_rows(
        tmp_path / "bob.csv", [["id", "factor", "value"], ["UZ", "us_engagement", "9"]]
    )
    api.import_sheet(sheet, ws, write=True, analyst="bob")
    after = (ws / "panel" / "bob.yaml").read_text()
    old, new = yaml_sheet.splitlines(), after.splitlines()
    assert len(new) == len(old)  # the comments all kept, one line changed
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        ("    us_engagement:", "    us_engagement: 9")
    ]


# --- all or nothing -------------------------------------------------------------------


def test_a_failed_rename_puts_back_the_files_already_replaced(ws, tmp_path, monkeypatch):
    import os

    from scenarios.core import writers

    rows = [["id", "us_engagement"], ["KZ", "7.5"], ["UZ", "7.5"], ["TJ", "2.5"]]
    sheet = write_rows(tmp_path / "w.csv", rows)
    plan = api.import_sheet(sheet, ws)
    assert len(plan.texts) == 3
    before = folder_hash(ws)
    real = os.replace
    calls = []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(writers.os, "replace", failing)
    with pytest.raises(Exception, match="No space left on device"):
        plan.write()
    monkeypatch.setattr(writers.os, "replace", real)
    assert folder_hash(ws) == before  # the first file is back, no temporary file is left


def test_the_spreadsheet_libraries_are_imported_only_to_read_a_sheet():
    import subprocess
    import sys

    code = (
        "import sys; import scenarios.api, scenarios.cli.app, scenarios.io.importing, scenarios.io.newworkspace\n"
        "print(sorted(m for m in ('ruamel.yaml', 'openpyxl', 'odf') if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_a_value_outside_the_profiles_range_is_refused_at_its_cell(ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    entry = load_workspace(ws).entry("UZ", "us_engagement")
    assert entry.high is not None and entry.high < 9.5
    write_rows(tmp_path / "wide.csv", [["id", "us_engagement"], ["UZ", "9.5"]])
    before = folder_hash(ws)
    result = run("import", "wide.csv", "-w", str(ws), "--write")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: wide.csv:2:2: value 9.5 is above high {entry.high:g} (the high is the "
        "profile's: give low and high in the sheet too)"
    )
    assert folder_hash(ws) == before
    write_rows(
        tmp_path / "long.csv",
        [["id", "factor", "value", "high"], ["UZ", "us_engagement", "9.5", "10"]],
    )
    assert run("import", "long.csv", "-w", str(ws), "--write").exit_code == 0
    assert (load_workspace(ws).entry("UZ", "us_engagement").value) == 9.5


def test_the_preview_fits_a_screen_and_full_shows_the_diff(ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = [["id", "factor", "value", "low", "high"]]
    rows += [[c, "religious_resistance", "5", "0", "10"] for c in ("KZ", "UZ", "TM", "KG", "TJ")]
    write_rows(tmp_path / "s.csv", rows)
    short = run("import", "s.csv", "-w", str(ws))
    assert short.exit_code == 0
    assert len(short.stdout.splitlines()) <= 23
    assert "… and 9 more (--full or -f csv lists every change)." in short.stdout
    assert "How each country moved" not in short.stdout
    full = run("import", "s.csv", "-w", str(ws), "--full")
    assert "How each country moved, and why" in full.stdout
    assert full.stdout.count("religious_resistance") >= 15
    csv_out = run("import", "s.csv", "-w", str(ws), "-f", "csv")
    assert len(list(csv.DictReader(csv_out.stdout.splitlines()))) == 15


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.floats(min_value=0, max_value=10, allow_nan=False), min_size=3, max_size=3))
@pytest.mark.slow
def test_any_value_exported_reads_back_as_no_change(ws, tmp_path, triple):
    """However many digits a value has, the export's six significant digits read back as the
    same value: an exported sheet imported unchanged changes nothing."""
    from scenarios.core.writers import to_csv
    from scenarios.workspace.evidence import evidence_frame

    low, value, high = sorted(triple)
    first = write_rows(
        tmp_path / "one.csv",
        [
            ["id", "factor", "value", "low", "high"],
            ["KG", "existing_ties", repr(value), repr(low), repr(high)],
        ],
    )
    api.import_sheet(first, ws, write=True)
    before = yaml_bytes(ws)
    (tmp_path / "evidence.csv").write_text(to_csv(evidence_frame(load_workspace(ws))))
    assert api.import_sheet(tmp_path / "evidence.csv", ws, write=True).changes == ()
    assert yaml_bytes(ws) == before


def test_a_merged_ods_cell_is_refused(ws, tmp_path, monkeypatch):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    monkeypatch.chdir(tmp_path)
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    for row in (["id", "factor", "value", "note"], ["UZ", "us_engagement", "7", None]):
        tr = TableRow()
        for text in row[:3]:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=text))
            tr.addElement(cell)
        if row[3] is not None:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=row[3]))
            tr.addElement(cell)
        table.addElement(tr)
    # the third row: a note merged across two columns
    tr = TableRow()
    for text in ("KZ", "us_engagement", "7"):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=text))
        tr.addElement(cell)
    merged = TableCell(valuetype="string", numbercolumnsspanned=2)
    merged.addElement(P(text="a note"))
    tr.addElement(merged)
    tr.addElement(CoveredTableCell())
    table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(tmp_path / "m.ods"))
    before = folder_hash(ws)
    result = run("import", "m.ods", "-w", str(ws), "--write")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[0] == (
        "error: m.ods:3:4: a merged cell (unmerge the cells and give each its own value)"
    )
    assert folder_hash(ws) == before


def test_a_date_typed_as_a_date_in_xlsx_is_read(ws, tmp_path):
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["id", "factor", "value", "as_of"])
    book.active.append(["UZ", "us_engagement", 7, dt.datetime(2026, 5, 31)])
    book.save(tmp_path / "d.xlsx")
    api.import_sheet(tmp_path / "d.xlsx", ws, write=True)
    assert load_workspace(ws).entry("UZ", "us_engagement").as_of == dt.date(2026, 5, 31)


@pytest.mark.parametrize("columns", ["80", "120"])
def test_the_preview_fits_the_width_and_keeps_names_whole(ws, tmp_path, monkeypatch, columns):
    monkeypatch.chdir(tmp_path)
    long_note = "A note long enough to wrap several times in any column of the table " * 3
    write_rows(
        tmp_path / "s.csv",
        [
            ["id", "factor", "value", "low", "high", "note", "sources"],
            ["KZ", "economic_incentives", "5", "4", "7", long_note, "a | b | c"],
            ["TM", "multivector_openness", "6", "4", "8", "short", ""],
        ],
    )
    for extra in ([], ["--full"]):
        result = CliRunner().invoke(
            app, ["import", "s.csv", "-w", str(ws), *extra], env={**ENV, "COLUMNS": columns}
        )
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= int(columns)
        for name in ("economic_incentives", "multivector_openness"):
            # a factor's id is never cut inside a word: its pieces break at underscores
            assert name in result.stdout or all(part in result.stdout for part in name.split("_"))


def test_with_a_panel_the_profiles_as_written_are_compared_and_edited(ws, tmp_path):
    """A panel's aggregate is not what the profiles say: a sheet of the profiles' own values
    changes nothing, and a change lands in the profile, not in the aggregate."""
    from scenarios.core.writers import to_csv
    from scenarios.workspace.evidence import evidence_frame

    (ws / "panel").mkdir()
    shutil.copy(
        bundled_root().parent / "scenarios" / "example-panel" / "pessimist.yaml", ws / "panel"
    )
    panelled = load_workspace(ws)
    assert panelled.panel is not None
    plain = panelled.panel.plain
    assert (
        panelled.entry("UZ", "religious_resistance").value
        != plain.entry("UZ", "religious_resistance").value
    )  # the aggregate differs from the profile here
    (tmp_path / "ev.csv").write_text(to_csv(evidence_frame(plain)))
    before = yaml_bytes(ws)
    assert api.import_sheet(tmp_path / "ev.csv", ws, write=True).changes == ()
    assert yaml_bytes(ws) == before
    sheet = write_rows(tmp_path / "w.csv", [["id", "religious_resistance"], ["UZ", "6.5"]])
    plan = api.import_sheet(sheet, ws, write=True)
    assert [(c.before, c.after) for c in plan.changes] == [
        (f"{plain.entry('UZ', 'religious_resistance').value:g}", "6.5")
    ]
    assert load_workspace(ws).panel.plain.entry("UZ", "religious_resistance").value == 6.5


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_exported_workbook_reads_back_from_its_evidence_sheet(ws, tmp_path, lang):
    """`export --xlsx` then `import` of the workbook: nothing changes; three cells edited on
    its Evidence sheet are exactly three edits."""
    import openpyxl

    book_path = tmp_path / "wb.xlsx"
    result = run(
        "export", "--xlsx", str(book_path), "-w", str(ws), "--samples", "100", "--lang", lang
    )
    assert result.exit_code == 0, result.output
    before = yaml_bytes(ws)
    assert api.import_sheet(book_path, ws, write=True).changes == ()
    assert yaml_bytes(ws) == before

    book = openpyxl.load_workbook(book_path)
    sheet = book["Evidence" if lang == "en" else "الأدلة"]
    head = [c.value for c in sheet[1]]
    col = {name: head.index(name) + 1 for name in ("id", "factor", "value", "low", "high")}
    expected = set()
    for r in (2, 13, 31):
        old = sheet.cell(r, col["value"]).value
        low, high = sheet.cell(r, col["low"]).value, sheet.cell(r, col["high"]).value
        new = low if low != old else high
        sheet.cell(r, col["value"]).value = new
        expected.add(
            (
                sheet.cell(r, col["id"]).value,
                sheet.cell(r, col["factor"]).value,
                f"{old:g}",
                f"{new:g}",
            )
        )
    book.save(book_path)
    plan = api.import_sheet(book_path, ws, write=True)
    assert {(c.country, c.factor, c.before, c.after) for c in plan.changes} == expected
    assert {(e.country, e.factor, e.old, e.new) for e in plan.diff.edits} == expected


def test_a_problem_on_the_workbooks_evidence_sheet_names_the_sheet(ws, tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.chdir(tmp_path)
    assert run("export", "--xlsx", "wb.xlsx", "-w", str(ws), "--samples", "100").exit_code == 0
    book = openpyxl.load_workbook("wb.xlsx")
    sheet = book["Evidence"]
    value = [c.value for c in sheet[1]].index("value") + 1
    sheet.cell(3, value).value = "6,5"
    book.save("wb.xlsx")
    result = run("import", "wb.xlsx", "-w", str(ws))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: wb.xlsx[Evidence]:3:{value}: value: '6,5' has a decimal comma (write 6.5 with "
        "a decimal point)"
    )


def test_a_blank_confidence_cell_means_the_default_medium(ws, tmp_path):
    """A long sheet's row states the whole entry; a blank confidence is the file format's
    default, medium. UZ's us_engagement is medium already, so only the value typed changes."""
    old = load_workspace(ws).entry("UZ", "us_engagement")
    assert old.confidence == "medium" and old.low is not None and old.high is not None
    row = ["UZ", "us_engagement", "7.5", f"{old.low:g}", f"{old.high:g}", "", old.note]
    sheet = write_rows(
        tmp_path / "long.csv",
        [["id", "factor", "value", "low", "high", "confidence", "note"], row],
    )
    plan = api.import_sheet(sheet, ws, write=True)
    assert [(c.field, c.after) for c in plan.changes] == [("value", "7.5")]
    new = load_workspace(ws).entry("UZ", "us_engagement")
    assert new.model_copy(update={"value": old.value}) == old
