"""`scenarios export --xlsx FILE`: one workbook of the export's tables.

The workbook is read back with python-calamine (a reader independent of openpyxl, which writes
it) for its cells, and with openpyxl for what calamine does not show: number formats, frozen
panes, column widths, bold headings and right-to-left sheets.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

import scenarios
from scenarios.analyses import probability_words
from scenarios.cli.app import app
from scenarios.core.errors import OptionError, OutputError
from scenarios.io import workbook
from scenarios.workspace.find import bundled_root

from .. import tiny

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
SAMPLES = "1000"
SHEETS_EN = [
    "Ranking",
    "Explain",
    "Critical weights",
    "Tornado",
    "Monte Carlo",
    "What-ifs",
    "Evidence",
    "History",
    "Notes",
]
SHEETS_AR = [
    "الترتيب",
    "التفسير",
    "الأوزان الحرجة",
    "مخطط الإعصار",
    "مونت كارلو",
    "سيناريوهات ماذا لو",
    "الأدلة",
    "تاريخ التوقعات",
    "ملاحظات",
]
ARABIC = re.compile("[\u0600-\u06ff]")
WHOLE = '[<0.005]"<1%";[>=0.995]">99%";0%'
TENTHS = '[<0.0005]"<0.1%";[>=0.9995]">99.9%";0.0%'


def invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A copy of the bundled workspace with one ledger record; its CSVs and English workbook
    written by one export, its Arabic workbook by another."""
    root = tmp_path_factory.mktemp("xlsx")
    ws = root / "ca"
    shutil.copytree(bundled_root() / "central-asia", ws)
    old = Path.cwd()
    os.chdir(root)
    try:
        done = invoke("record", "-w", ws, "--date", "2026-06-01", "--note", "first")
        assert done.exit_code == 0, done.output
        done = invoke("export", "out", "--xlsx", "book.xlsx", "-w", ws, "--samples", SAMPLES)
        assert done.exit_code == 0, done.output
        assert done.stdout.endswith(
            "wrote the workbook book.xlsx, its sheets:\n"
            "  Ranking, Explain, Critical weights, Tornado, Monte Carlo, What-ifs, Evidence, "
            "History, Notes\n"
        )
        arabic = ("--xlsx", "book-ar.xlsx", "--lang", "ar", "-w", ws, "--samples", SAMPLES)
        done = invoke("export", *arabic)
        assert done.exit_code == 0, done.output
    finally:
        os.chdir(old)
    return root


def cells(path: Path, sheet: int | str) -> list[list[object]]:
    book = CalamineWorkbook.from_path(str(path))
    found = book.get_sheet_by_index(sheet) if isinstance(sheet, int) else None
    if found is None:
        found = book.get_sheet_by_name(str(sheet))
    return found.to_python()


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"), newline="")))


def number(text: str) -> float | None:
    return float(text) if text != "" else None


def excel_shows(value: float, fmt: str) -> str:
    """What a spreadsheet shows for a probability in one of the workbook's two percent formats
    (half up, as spreadsheets round)."""
    if fmt == WHOLE:
        if value < 0.005:
            return "<1%"
        if value >= 0.995:
            return ">99%"
        return f"{int(100 * value + 0.5)}%"
    assert fmt == TENTHS, fmt
    if value < 0.0005:
        return "<0.1%"
    if value >= 0.9995:
        return ">99.9%"
    return f"{int(1000 * value + 0.5) / 10:.1f}%"


# --- sheets and cells ------------------------------------------------------------------------


def test_the_sheets_in_order(made):
    assert CalamineWorkbook.from_path(str(made / "book.xlsx")).sheet_names == SHEETS_EN
    assert CalamineWorkbook.from_path(str(made / "book-ar.xlsx")).sheet_names == SHEETS_AR


def test_the_ranking_sheet_holds_the_rankings_csv(made):
    rows = cells(made / "book.xlsx", "Ranking")
    assert rows[0] == [
        "Rank",
        "Country",
        "Score",
        "P alone, ≤ 5 years",
        "Interval, low",
        "Interval, high",
        "In words",
        "Status",
        "Strongest push",
        "Strongest pull",
        "Country id",
    ]
    expected = csv_rows(made / "out" / "rankings.csv")
    labels = {r["factor"]: r["label"] for r in csv_rows(made / "out" / "factors.csv")}
    assert len(rows) == len(expected) + 1
    for got, want in zip(rows[1:], expected, strict=True):
        rank, name, score, p, low, high, words, status, push, pull, country = got
        assert (rank, name, country) == (int(want["rank"]), want["name"], want["id"])
        assert score == pytest.approx(float(want["score"]), abs=5e-7)
        for cell, column in (
            (p, "probability"),
            (low, "probability_low"),
            (high, "probability_high"),
        ):
            if want[column] == "":
                assert cell == ""
            else:
                assert cell == pytest.approx(float(want[column]), rel=1e-5)
        assert words == want["probability_words"]
        assert status == want["status"]
        assert push == labels.get(want["top_for"], "")
        assert pull == labels.get(want["top_against"], "")


def test_the_probabilities_show_as_rank_shows_them(made):
    """Each probability and interval end, in its cell's format, reads as `rank` prints it:
    whole percent for these wide intervals, '<1%' for an end that rounds to 0."""
    sheet = openpyxl.load_workbook(made / "book.xlsx")["Ranking"]
    shown = {}
    for row in sheet.iter_rows(min_row=2):
        p, low, high = row[3], row[4], row[5]
        if p.value is None:
            continue
        assert p.number_format == low.number_format == high.number_format
        figure = excel_shows(p.value, p.number_format)
        ends = [excel_shows(c.value, c.number_format) for c in (low, high)]
        shown[row[10].value] = (figure, ends[0].removesuffix("%") + "–" + ends[1])
        assert shown[row[10].value] == (
            probability_words.percent(p.value, low.value, high.value),
            probability_words.interval(low.value, high.value),
        )
    # by hand from rankings.csv: UZ 0.2347 (0.0255–0.9378), TM 0.0521 (0.0019–0.4369)
    assert shown["UZ"] == ("23%", "3–94%")
    assert shown["TM"] == ("5%", "<1–44%")


def test_a_narrow_interval_shows_one_decimal():
    """The step is the one probability_words gives the row's interval: 9 points wide shows
    tenths, 10 points and more whole percent."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "probability": [0.15, 0.15],
            "probability_low": [0.10, 0.10],
            "probability_high": [0.19, 0.20],
        }
    )
    steps = workbook._steps(frame)
    assert steps == [0.1, 1.0]
    assert [workbook.percent_format(s) for s in steps] == [TENTHS, WHOLE]
    assert excel_shows(0.1234, TENTHS) == "12.3%"
    assert excel_shows(0.0004, TENTHS) == "<0.1%"


def test_the_explain_sheet_holds_the_contributions(made):
    rows = cells(made / "book.xlsx", "Explain")
    assert rows[0][:4] == ["Country id", "Country", "Factor id", "Factor"]
    expected = csv_rows(made / "out" / "contributions.csv")
    assert len(rows) == len(expected) + 1
    for got, want in zip(rows[1:], expected, strict=True):
        assert (got[0], got[2]) == (want["id"], want["factor"])
        assert got[4:] == pytest.approx(
            [float(want[c]) for c in ("value", "normalized", "weight", "contribution")], rel=1e-5
        )


def test_the_evidence_sheet_is_evidence_csv(made):
    """The sheet `scenarios import` reads back: the columns of evidence.csv, named as there,
    in both languages; the same cells."""
    expected = csv_rows(made / "out" / "evidence.csv")
    header = list(expected[0])
    assert header == [
        *("id", "name", "factor", "label", "value", "low", "high", "range_given"),
        *("confidence", "as_of", "stale", "basis", "note", "sources"),
    ]
    for name, sheet in (("book.xlsx", "Evidence"), ("book-ar.xlsx", "الأدلة")):
        rows = cells(made / name, sheet)
        assert rows[0] == header
        assert len(rows) == len(expected) + 1
        for got, want in zip(rows[1:], expected, strict=True):
            row = dict(zip(header, got, strict=True))
            for column in ("id", "factor", "confidence", "as_of", "basis", "note", "sources"):
                assert row[column] == want[column], column
            for column in ("value", "low", "high"):
                assert row[column] == pytest.approx(number(want[column]), rel=1e-5)
            assert str(row["range_given"]) == want["range_given"]
            assert str(row["stale"]) == want["stale"]
    arabic = cells(made / "book-ar.xlsx", "الأدلة")
    assert all(ARABIC.search(row[1]) and ARABIC.search(row[3]) for row in arabic[1:])


def test_the_history_sheet_holds_the_ledger(made):
    rows = cells(made / "book.xlsx", "History")
    expected = csv_rows(made / "out" / "history.csv")
    assert len(rows) == len(expected) + 1 == 6
    assert rows[0][:3] == ["Country id", "Country", "Record"]
    assert [r[0] for r in rows[1:]] == [r["id"] for r in expected]
    assert {r[3] for r in rows[1:]} == {"2026-06-01"}


def test_no_history_sheet_without_records(tmp_path):
    tiny.write(tmp_path / "t")
    out = scenarios.export(None, tmp_path / "t", xlsx=tmp_path / "t.xlsx", samples=200)
    assert out == [tmp_path / "t.xlsx"]
    names = CalamineWorkbook.from_path(str(tmp_path / "t.xlsx")).sheet_names
    assert "History" not in names and "What-ifs" not in names
    assert names[0] == "Ranking" and names[-1] == "Notes"


def test_the_notes_sheet_says_how_to_make_it_again(made):
    rows = dict(cells(made / "book.xlsx", "Notes")[1:])
    ws = scenarios.rank(made / "ca").workspace
    assert rows["Workspace content hash (SHA-256)"] == ws.content_hash
    assert rows["Evidence date"] == "2026-05-31"
    assert rows["Workspace path"] == str((made / "ca").resolve())
    assert rows["Tool version"] == f"scenarios {scenarios.__version__}"
    assert rows["Command"].startswith("scenarios export --xlsx book.xlsx -w ")
    assert rows["Command"].endswith(f"--samples {SAMPLES} --seed 20251106")


def test_the_command_in_the_notes_makes_the_same_workbook(made, tmp_path, monkeypatch):
    monkeypatch.chdir(made)
    command = dict(cells(made / "book.xlsx", "Notes")[1:])["Command"]
    again = made / "again"
    again.mkdir()
    shutil.copy(made / "book.xlsx", again / "first.xlsx")
    done = invoke(*command.split()[1:])
    assert done.exit_code == 0, done.output
    assert (made / "book.xlsx").read_bytes() == (again / "first.xlsx").read_bytes()


def test_the_command_in_the_notes_keeps_the_panel(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ws = bundled_root() / "central-asia"
    done = invoke(
        "export", "--xlsx", "p.xlsx", "-w", ws, "--panel", "example-panel", "--samples", "200"
    )
    assert done.exit_code == 0, done.output
    first = (tmp_path / "p.xlsx").read_bytes()
    notes = dict(cells(tmp_path / "p.xlsx", "Notes")[1:])
    assert notes["Panel"].startswith("illustrative panel of 3 analysts")
    assert " --panel " in notes["Command"]
    done = invoke(*notes["Command"].split()[1:])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "p.xlsx").read_bytes() == first


# --- formats ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["book.xlsx", "book-ar.xlsx"])
def test_every_sheet_has_a_frozen_bold_heading_and_fitting_widths(made, name):
    book = openpyxl.load_workbook(made / name)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert not any(cell.font.bold for cell in sheet[2]), sheet.title
        for column in sheet.iter_cols(min_row=1):
            width = sheet.column_dimensions[column[0].column_letter].width
            assert workbook.MIN_WIDTH <= width <= workbook.MAX_WIDTH, (sheet.title, width)
            text = [len(str(c.value)) for c in column if isinstance(c.value, str)]
            if text and max(text) + 2 <= workbook.MAX_WIDTH:
                assert width >= max(text) + 2, (sheet.title, column[0].value)
        assert sheet.sheet_view.rightToLeft is (name == "book-ar.xlsx")


def test_numbers_carry_their_formats(made):
    book = openpyxl.load_workbook(made / "book.xlsx")
    ranking = book["Ranking"]
    assert [c.number_format for c in ranking["A"][1:]] == ["0"] * 5
    assert [c.number_format for c in ranking["C"][1:]] == ["0.000"] * 5
    assert {c.number_format for c in ranking["D"][1:] if c.value is not None} == {WHOLE}
    monte_carlo = book["Monte Carlo"]
    heading = [c.value for c in monte_carlo[1]]
    first = monte_carlo.cell(row=2, column=heading.index("P(ranks first)") + 1)
    assert first.number_format == "0.0%"
    critical = book["Critical weights"]
    heading = [c.value for c in critical[1]]
    assert critical.cell(row=2, column=heading.index("Rise (%)") + 1).number_format == '0.0"%"'
    notes = book["Evidence"]
    note = [c.value for c in notes[1]].index("note") + 1
    assert notes.cell(row=2, column=note).alignment.wrap_text
    assert notes.column_dimensions[notes.cell(row=1, column=note).column_letter].width == 60


def test_the_arabic_workbook_reads_right_to_left_in_arabic(made):
    rows = cells(made / "book-ar.xlsx", "الترتيب")
    english = csv_rows(made / "out" / "rankings.csv")
    assert rows[0][:3] == ["الرتبة", "الدولة", "الدرجة"]
    assert [r[1] for r in rows[1:]] == [r["name_ar"] for r in english]
    assert [r[6] for r in rows[1:]] == [r["probability_words_ar"] for r in english]
    assert [r[7] for r in rows[1:]] == ["انضمت 2025-11", "", "", "", ""]
    whatifs = cells(made / "book-ar.xlsx", "سيناريوهات ماذا لو")
    assert whatifs[1][2] == "خط الأساس"
    assert {r[2] for r in whatifs[1:]} >= {"خط الأساس", "gaza_escalation"}
    critical = cells(made / "book-ar.xlsx", "الأوزان الحرجة")
    swaps = {r[7] for r in critical[1:]} | {r[12] for r in critical[1:]}
    assert "لا شيء" in swaps and "none" not in swaps
    for name in SHEETS_AR:
        if name == "الأدلة":
            continue
        heading = cells(made / "book-ar.xlsx", name)[0]
        ids = {"id", "factor"}
        assert all(ARABIC.search(h) for h in heading if h not in ids), (name, heading)


def test_a_name_without_arabic_stays_english_with_a_warning(tmp_path, monkeypatch):
    tiny.write(tmp_path / "t")
    monkeypatch.chdir(tmp_path)
    result = invoke("export", "--xlsx", "t.xlsx", "--lang", "ar", "-w", "t", "--samples", "100")
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert len(warnings) == 6  # three countries, three factors
    assert warnings[0].startswith("warning: t/profiles/x.yaml:2:7: X has no name_ar; the English")
    assert warnings[3].startswith("warning: t/model.yaml:")
    assert "factor 'a' has no label_ar" in warnings[3]
    rows = cells(tmp_path / "t.xlsx", "الترتيب")
    assert [r[1] for r in rows[1:]] == ["Xland", "Yland", "Zland"]
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0].sheet_view.rightToLeft


# --- the same bytes --------------------------------------------------------------------------


def test_the_same_input_gives_the_same_bytes_at_any_time(tmp_path, monkeypatch):
    tiny.write(tmp_path / "t")
    monkeypatch.chdir(tmp_path)
    scenarios.export(None, "t", xlsx="t.xlsx", samples=200)
    first = (tmp_path / "t.xlsx").read_bytes()
    later = time.time() + 3 * 365 * 86400 + 12345
    monkeypatch.setattr(time, "time", lambda: later)
    scenarios.export(None, "t", xlsx="t.xlsx", samples=200)
    assert (tmp_path / "t.xlsx").read_bytes() == first
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(\w+) [^>]*>([^<]*)<", core) == [
        ("created", "1980-01-01T00:00:00Z"),
        ("modified", "1980-01-01T00:00:00Z"),
    ]


def test_the_document_date_is_the_evidence_date(made):
    with zipfile.ZipFile(made / "book.xlsx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 5, 31, 0, 0, 0)}
        assert "2026-05-31T00:00:00Z" in archive.read("docProps/core.xml").decode()


# --- safe text -------------------------------------------------------------------------------


def test_formula_text_is_neutralised_and_stored_as_text(tmp_path):
    tiny.write(tmp_path / "t")
    profile = tmp_path / "t" / "profiles" / "x.yaml"
    text = profile.read_text().replace(
        "sources: [s1]}", 'sources: [s1], note: "=HYPERLINK(\\"http://x\\",\\"click\\")"}', 1
    )
    text = text.replace("b: {value: 2,", 'b: {note: "#N/A", value: 2,', 1)
    text = text.replace("c: {value: 5,", 'c: {note: " @SUM(A1)", value: 5,', 1)
    profile.write_text(text)
    scenarios.export(None, tmp_path / "t", xlsx=tmp_path / "t.xlsx", samples=200)
    rows = cells(tmp_path / "t.xlsx", "Evidence")
    note = rows[0].index("note")
    assert [r[note] for r in rows[1:4]] == [
        '\'=HYPERLINK("http://x","click")',
        "#N/A",
        "' @SUM(A1)",
    ]
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(archive.read(n).decode() for n in sheets)
    assert "<f>" not in xml and 't="e"' not in xml
    cell = openpyxl.load_workbook(tmp_path / "t.xlsx")["Evidence"].cell(row=3, column=note + 1)
    assert (cell.value, cell.data_type) == ("#N/A", "s")


def test_a_text_too_long_for_a_cell_is_cut_with_a_marker():
    cut = workbook.text_cell("x" * 40_000)
    assert len(cut) <= workbook.MAX_CELL
    assert cut.endswith("more characters; the CSV export has all]")


# --- errors ----------------------------------------------------------------------------------


def _nothing_written(folder: Path, before: set[str]) -> None:
    assert {p.name for p in folder.iterdir()} == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--xlsx", "results.csv"),
            r"^error: --xlsx results.csv: a workbook's name ends in \.xlsx \(e\.g\. --xlsx results\.xlsx\)$",
        ),
        (
            ("--xlsx", "folder.xlsx"),
            r"^error: cannot write 'folder.xlsx': it is a folder \(give a file's name, e\.g\. folder\.xlsx/results\.xlsx\)$",
        ),
        (
            ("--xlsx", "gone/r.xlsx"),
            r"^error: cannot write 'gone/r.xlsx': folder 'gone' does not exist \(give a file in an existing folder\)$",
        ),
        (("--xlsx", "afile/r.xlsx"), r"^error: cannot write 'afile/r.xlsx': Not a directory$"),
        (
            (),
            r"^error: export needs DIR for the CSVs, --xlsx FILE for a workbook, or both \(e\.g\. scenarios export results, or scenarios export --xlsx results\.xlsx\)$",
        ),
        (
            ("out", "--lang", "ar"),
            r"^error: --lang sets the workbook's language; the CSVs hold both languages' names \(add --xlsx FILE, or drop --lang\)$",
        ),
        (
            ("--xlsx", "r.xlsx", "--excel"),
            r"^error: --excel marks the CSVs for spreadsheets; a workbook needs no mark \(drop --excel, or give DIR for the CSVs\)$",
        ),
    ],
)
def test_bad_targets_are_one_line_errors_and_write_nothing(tmp_path, monkeypatch, args, message):
    tiny.write(tmp_path / "t")
    (tmp_path / "folder.xlsx").mkdir()
    (tmp_path / "afile").write_text("x")
    monkeypatch.chdir(tmp_path)
    before = {p.name for p in tmp_path.iterdir()}
    result = invoke("export", *args, "-w", "t", "--samples", "100")
    assert result.exit_code == 2, result.output
    assert re.match(message, result.stderr.strip()), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    _nothing_written(tmp_path, before)
    assert list((tmp_path / "folder.xlsx").iterdir()) == []


def test_an_unwritable_folder_is_a_one_line_error(tmp_path, monkeypatch):
    if os.geteuid() == 0:  # root writes into any folder of its own; not into /sys
        if not Path("/sys").is_dir():
            pytest.skip("no folder here that root cannot write into")
        target, folder = Path("/sys/scenarios-test.xlsx"), Path("/sys")
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        target = folder / "r.xlsx"
    tiny.write(tmp_path / "t")
    before = {p.name for p in folder.iterdir()}
    result = invoke("export", "--xlsx", target, "-w", tmp_path / "t", "--samples", "100")
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: cannot write '{target}': Permission denied\n"
    _nothing_written(folder, before)


def test_a_failed_write_leaves_the_old_workbook_whole(tmp_path, monkeypatch):
    tiny.write(tmp_path / "t")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.xlsx").write_bytes(b"the old workbook")
    before = {p.name for p in tmp_path.iterdir()}

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = invoke("export", "--xlsx", "r.xlsx", "-w", "t", "--samples", "100")
    assert result.exit_code == 2, result.output
    assert result.stderr == "error: cannot write 'r.xlsx': No space left on device\n"
    assert (tmp_path / "r.xlsx").read_bytes() == b"the old workbook"
    _nothing_written(tmp_path, before)


def test_the_api_refuses_to_write_nothing(tmp_path):
    tiny.write(tmp_path / "t")
    with pytest.raises(OptionError, match=r"^nothing to write \(give a folder"):
        scenarios.export(None, tmp_path / "t")
    (tmp_path / "x.xlsx").mkdir()
    with pytest.raises(OutputError, match=r"x\.xlsx': it is a folder"):
        scenarios.export(None, tmp_path / "t", xlsx=tmp_path / "x.xlsx")


def test_the_csvs_are_the_same_with_a_workbook_beside_them(made, tmp_path):
    """--xlsx adds a file; the CSV folder and datapackage.json are what `export DIR` writes."""
    alone = tmp_path / "alone"
    done = invoke("export", alone, "-w", made / "ca", "--samples", SAMPLES)
    assert done.exit_code == 0, done.output
    names = sorted(p.name for p in alone.iterdir())
    assert names == sorted(p.name for p in (made / "out").iterdir())
    for name in names:
        if name != "manifest.json":  # its `created` is the time of writing
            assert (alone / name).read_bytes() == (made / "out" / name).read_bytes(), name
