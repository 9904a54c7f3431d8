"""`scenarios export --xlsx FILE`: the export's tables as one workbook, for a reader who asked for
"the spreadsheet". No terminal code; openpyxl is imported inside the functions that write.

- **Sheets.** The ranking first (probabilities with their intervals and words, as `rank` shows
  them), then one table a sheet: explain (contributions), critical weights, tornado, Monte
  Carlo, what-ifs (where the workspace has some), evidence, the ledger's history (where it has
  records), and last a sheet of notes: what the workbook was made from and the command that
  makes it again.
- **The same tables as the CSVs.** Every sheet is a table of `exporting.export_frames`, the one
  computation behind `export DIR` too; the workbook only picks, orders, names and formats.
- **Evidence as evidence.csv.** The evidence sheet keeps the columns of evidence.csv with their
  names as headings, in both languages, so `scenarios import` reads it back.
- **Formats.** Frozen, bold heading row; probabilities as percent to the precision their
  interval allows (`probability_words.step`, '<1%' and '>99%' as on screen); scores to three
  decimals; widths that fit the content, capped (longer text wraps).
- **Arabic.** With ``lang='ar'``: headings, sheet names, country names and factor labels in
  Arabic (name_ar, label_ar; English where a file has none), every sheet right to left.
- **Safe text.** Text cells are neutralised as in the CSVs (`writers.neutralise`: a text
  starting with = + - @ gets a leading apostrophe) and always stored as text, never as a formula.
- **Same bytes for the same input.** The document's dates are the evidence date, and every zip
  entry carries that date too, so two exports of the same files are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import shlex
import stat
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.analyses import probability_words
from scenarios.core.errors import OptionError, OutputError, Problem
from scenarios.core.files import is_folder, kind_of
from scenarios.core.textsafe import printable
from scenarios.core.writers import flat, neutralise, write_output
from scenarios.panels.analysts import FOLDER as PANEL_FOLDER
from scenarios.reporting.texts import TEXT

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.workspace.load import Workspace

SUFFIX = ".xlsx"
MIN_WIDTH = 6  # characters
MAX_WIDTH = 60  # characters; longer text wraps inside the column
MAX_CELL = 32_767  # characters a spreadsheet cell holds
EARLIEST = dt.datetime(1980, 1, 1)  # the earliest date a zip entry can carry

# --- what each sheet holds -------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One sheet: the export table it shows, its name in each language, and its columns in
    order (None: the table's own, with the country's name after its id and the factor's label
    after its id where the table has none)."""

    table: str
    en: str
    ar: str
    columns: tuple[str, ...] | None = None


RANKING_COLUMNS = (
    "rank",
    "name",
    "score",
    "probability",
    "probability_low",
    "probability_high",
    "probability_words",
    "status",
    "top_for",
    "top_against",
    "id",
)
SHEETS: tuple[Sheet, ...] = (
    Sheet("rankings", "Ranking", "الترتيب", RANKING_COLUMNS),
    Sheet("contributions", "Explain", "التفسير"),
    Sheet("critical", "Critical weights", "الأوزان الحرجة"),
    Sheet("oat", "Tornado", "مخطط الإعصار"),
    Sheet("mc_summary", "Monte Carlo", "مونت كارلو"),
    Sheet("compare", "What-ifs", "سيناريوهات ماذا لو"),
    Sheet("evidence", "Evidence", "الأدلة"),
    Sheet("history", "History", "تاريخ التوقعات"),
)
NOTES_SHEET = {"en": "Notes", "ar": "ملاحظات"}
# the sheet read back by `scenarios import`: its headings are evidence.csv's column names
AS_CSV = frozenset({"evidence"})

# column -> (English, Arabic) heading; a key of report_text.TEXT where the report has the word
HEADINGS: dict[str, tuple[str, str] | str] = {
    "rank": "col_rank",
    "name": "col_country",
    "id": ("Country id", "رمز الدولة"),
    "score": "col_score",
    "probability": ("Probability", "الاحتمال"),
    "probability_low": ("Interval, low", "المجال، الحد الأدنى"),
    "probability_high": ("Interval, high", "المجال، الحد الأعلى"),
    "probability_words": ("In words", "بالكلمات"),
    "status": "col_status",
    "top_for": "col_push",
    "top_against": "col_pull",
    "factor": ("Factor id", "رمز العامل"),
    "label": "col_factor",
    "value": "col_value",
    "normalized": ("Normalised (0–1)", "القيمة المعيارية (0–1)"),
    "weight": ("Weight", "الوزن"),
    "contribution": ("Contribution", "المساهمة"),
    "weight_low": ("Weight lowered", "الوزن بعد الخفض"),
    "weight_high": ("Weight raised", "الوزن بعد الرفع"),
    "score_at_low": ("Score, weight lowered", "الدرجة بعد خفض الوزن"),
    "score_at_high": ("Score, weight raised", "الدرجة بعد رفع الوزن"),
    "score_min": ("Lowest score", "أدنى درجة"),
    "score_max": ("Highest score", "أعلى درجة"),
    "rank_min": ("Best rank", "أفضل رتبة"),
    "rank_max": ("Worst rank", "أسوأ رتبة"),
    "swing": ("Largest swing", "أكبر تغيّر"),
    "increase_to": ("Raised to", "رفعه إلى"),
    "increase_change": ("Rise", "مقدار الرفع"),
    "increase_percent": ("Rise (%)", "الرفع (%)"),
    "increase_file_weight": ("model.yaml weight, raised", "الوزن في model.yaml بعد الرفع"),
    "increase_swap": ("Swap when raised", "التبادل عند الرفع"),
    "decrease_to": ("Lowered to", "خفضه إلى"),
    "decrease_change": ("Fall", "مقدار الخفض"),
    "decrease_percent": ("Fall (%)", "الخفض (%)"),
    "decrease_file_weight": ("model.yaml weight, lowered", "الوزن في model.yaml بعد الخفض"),
    "decrease_swap": ("Swap when lowered", "التبادل عند الخفض"),
    "mean": ("Mean score", "متوسط الدرجة"),
    "p05": ("Score, 5th percentile", "الدرجة، المئين الخامس"),
    "p95": ("Score, 95th percentile", "الدرجة، المئين الخامس والتسعون"),
    "p_first": ("P(ranks first)", "احتمال المرتبة الأولى"),
    "expected_rank": ("Expected rank", "الرتبة المتوقعة"),
    "probability_mean": ("Mean probability", "متوسط الاحتمال"),
    "probability_p05": ("Probability, 5th percentile", "الاحتمال، المئين الخامس"),
    "probability_p95": ("Probability, 95th percentile", "الاحتمال، المئين الخامس والتسعون"),
    "scenario": ("What-if", "السيناريو"),
    "score_change": ("Score change", "تغيّر الدرجة"),
    "rank_change": ("Rank change", "تغيّر الرتبة"),
    "record": ("Record", "القيد"),
    "date": ("Date", "التاريخ"),
    "horizon": ("Horizon (years)", "الأفق (سنوات)"),
}
# the probability columns shown to the precision of the row's interval
STEPPED = ("probability", "probability_low", "probability_high")


def heading(column: str, lang: str) -> str:
    """A column's heading in `lang` (the column's own name where none is written)."""
    words = HEADINGS.get(column)
    if words is None:
        return column
    if isinstance(words, str):
        return TEXT[lang][words].format(algorithm="SHA-256")  # the page's only placeholder
    return words[0] if lang == "en" else words[1]


# --- the target ------------------------------------------------------------------------------


def check_target(path: Path) -> None:
    """Refuse, before any work, a workbook name that does not end in .xlsx, one that names a
    folder or anything but a file, and one whose folder does not exist."""
    if path.suffix.lower() != SUFFIX:
        raise OptionError(
            Problem(
                f"--xlsx {path}: a workbook's name ends in {SUFFIX}",
                hint=f"e.g. --xlsx {path.stem or 'results'}{SUFFIX}",
            )
        )
    try:
        info = os.stat(path.expanduser())
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(Problem(f"cannot write '{path}': {exc.strerror or exc}")) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(
            Problem(
                f"cannot write '{path}': it is {kind_of(info.st_mode)}",
                hint=f"give a file's name, e.g. {path / ('results' + SUFFIX)}"
                if stat.S_ISDIR(info.st_mode)
                else "give a file's name",
            )
        )
    folder = path.expanduser().parent
    if not is_folder(folder):
        there = os.path.lexists(folder)
        raise OutputError(
            Problem(
                f"cannot write '{path}': '{folder}' is not a folder"
                if there
                else f"cannot write '{path}': folder '{folder}' does not exist",
                hint="give a file in an existing folder",
            )
        )


# --- cells -----------------------------------------------------------------------------------


def text_cell(value: str) -> str:
    """A text cell as written: NUL removed, other control characters (but tab and line breaks)
    shown as symbols, formula-neutralised as in the CSVs, cut to what a cell holds."""
    text = str(neutralise(printable(value.replace("\x00", ""), keep="\t\n\r")))
    if len(text) > MAX_CELL:
        keep = MAX_CELL - 80  # room for the marker
        text = text[:keep] + f" … [{len(text) - keep:,} more characters; the CSV export has all]"
    return text


def _plain(value: Any) -> Any:
    """A cell's value as openpyxl takes it: None for missing, Python numbers, text made safe;
    an infinite number as the text the CSVs write ('inf')."""
    if value is None or type(value).__name__ == "NAType":
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, int):
        return value
    return text_cell(str(value))


def percent_format(step_points: float) -> str:
    """The number format of a probability shown to `step_points` percentage points: whole or
    one-decimal percent, '<1%' ('<0.1%') for a positive figure that would round to 0 and '>99%'
    ('>99.9%') for one that would round to 100, as `probability_words.figure` writes them."""
    if step_points >= 1:
        return '[<0.005]"<1%";[>=0.995]">99%";0%'
    return '[<0.0005]"<0.1%";[>=0.9995]">99.9%";0.0%'


def number_format(table: str, column: str, value: Any, ws: Workspace) -> str | None:
    """The format of a number in `column` of `table`, by the column's unit as datapackage.json
    states it; None for text."""
    from scenarios.io.datapackage import P, S, W, describe_column

    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    unit, _ = describe_column(table, column, ws)
    if unit == P:
        return "0.0%"
    if unit in (S, W, "0–1", "share of variance"):
        return "0.000"
    if unit == "percent":
        return '0.0"%"'
    if isinstance(value, int):
        return "0"
    if unit.startswith("rank"):
        return "0.00"
    return "General"


def _shown_length(value: Any, fmt: str | None) -> int:
    """Roughly how many characters a cell shows: its longest line of text, or its number as
    formatted."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max(len(line) for line in value.split("\n"))
    if isinstance(value, bool):
        return 5
    if fmt is not None and "%" in fmt:
        return 6
    if fmt == "0.000":
        return len(f"{value:.3f}")
    return len(f"{value:g}")


# --- the tables as sheets --------------------------------------------------------------------


def _readable(frame: pd.DataFrame, ws: Workspace, lang: str) -> pd.DataFrame:
    """The table with the country's name right after its id and the factor's label right after
    the factor's id, in `lang`; the ranking's words and main factors in `lang` too."""
    from scenarios.workspace.lang import Names

    names = Names(ws, lang)
    frame = flat(frame).copy()
    countries, factors = set(ws.country_ids), set(ws.factor_ids)
    if "id" in frame.columns:
        given = frame["name"] if "name" in frame.columns else [""] * len(frame)
        shown = [
            names.country(i) if i in countries else n
            for i, n in zip(frame["id"], given, strict=True)
        ]
        frame = _beside(frame, "id", "name", shown)
    if "factor" in frame.columns:
        given = frame["label"] if "label" in frame.columns else [""] * len(frame)
        shown = [
            names.factor(f) if f in factors else label
            for f, label in zip(frame["factor"], given, strict=True)
        ]
        frame = _beside(frame, "factor", "label", shown)
    for column in ("top_for", "top_against"):
        if column in frame.columns:
            frame[column] = [
                names.factor(f) if isinstance(f, str) and f in factors else f for f in frame[column]
            ]
    if lang == "ar":
        _in_arabic(frame, ws)
    return frame


def _in_arabic(frame: pd.DataFrame, ws: Workspace) -> None:
    """The tool's own words in a table in Arabic, in place: the probability's words, a joined
    country's status, the baseline of the what-ifs, and 'none' where no swap is."""
    t = TEXT["ar"]
    if "probability_words_ar" in frame.columns:
        frame["probability_words"] = frame["probability_words_ar"]
    if "status" in frame.columns and "id" in frame.columns:
        known = set(ws.country_ids)

        def status(country: str, given: Any) -> Any:
            found = ws.profile(country).status if country in known else None
            if found is None or found.state != "joined":
                return given
            if found.date is None:
                return t["joined"]
            return t["joined_on"].format(date=f"{found.date:%Y-%m}")

        frame["status"] = [status(c, g) for c, g in zip(frame["id"], frame["status"], strict=True)]
    if "scenario" in frame.columns:
        frame["scenario"] = [t["col_baseline"] if v == "baseline" else v for v in frame["scenario"]]
    for column in ("increase_swap", "decrease_swap"):
        if column in frame.columns:
            frame[column] = [t["none"] if v == "none" else v for v in frame[column]]


def _beside(frame: pd.DataFrame, after: str, column: str, values: list[Any]) -> pd.DataFrame:
    """The frame with `column` (replaced if there) set to `values`, right after `after`."""
    frame = frame.drop(columns=[column], errors="ignore")
    frame.insert(list(frame.columns).index(after) + 1, column, values)
    return frame


def _steps(frame: pd.DataFrame) -> list[float] | None:
    """Each row's rounding step for its probability and interval (None: no such columns)."""
    if "probability" not in frame.columns:
        return None
    lows = frame["probability_low"] if "probability_low" in frame.columns else None
    highs = frame["probability_high"] if "probability_high" in frame.columns else None

    def number(v: Any) -> float | None:
        return None if v is None or type(v).__name__ == "NAType" else float(v)

    return [
        probability_words.step(
            number(lows.iloc[i]) if lows is not None else None,
            number(highs.iloc[i]) if highs is not None else None,
        )
        for i in range(len(frame))
    ]


def _fill(
    book: Any,
    title: str,
    table: str,
    frame: pd.DataFrame,
    headings: Sequence[str],
    ws: Workspace,
    *,
    rtl: bool,
) -> None:
    """Add a sheet: the heading row (bold, frozen, with a filter) and the rows, each cell with
    its format, every column as wide as its content. The workbook is written as it goes
    (openpyxl's write-only mode, which keeps no cell in memory): the sheet's layout is worked
    out from the rows first, since it must come before them."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    steps = _steps(frame)
    columns = [str(c) for c in frame.columns]
    widths = [len(h) + 2 for h in headings]
    formats: dict[tuple[str, bool], str | None] = {}  # a column's unit, looked up once
    long_text: set[int] = set()
    rows: list[list[tuple[Any, str | None] | None]] = []
    for r, row in enumerate(frame.itertuples(index=False, name=None)):
        cells: list[tuple[Any, str | None] | None] = []
        for c, raw in enumerate(row):
            value = _plain(raw)
            if value is None:
                cells.append(None)
                continue
            column = columns[c]
            fmt: str | None = None
            if isinstance(value, str):
                pass
            elif steps is not None and column in STEPPED:
                fmt = percent_format(steps[r])
            else:
                key = (column, isinstance(value, int) and not isinstance(value, bool))
                if isinstance(value, bool):
                    fmt = None
                elif key not in formats:
                    fmt = formats[key] = number_format(table, column, value, ws)
                else:
                    fmt = formats[key]
            cells.append((value, fmt))
            shown = _shown_length(value, fmt)
            widths[c] = max(widths[c], shown + 2)
            if shown + 2 > MAX_WIDTH:
                long_text.add(c)
        rows.append(cells)

    sheet = book.create_sheet(title)
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = max(MIN_WIDTH, min(MAX_WIDTH, width))
    sheet.freeze_panes = "A2"
    sheet.sheet_view.rightToLeft = rtl
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{len(rows) + 1}"

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def written(value: Any, fmt: str | None, c: int) -> Any:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, never an error code ('#N/A')
        if fmt is not None:
            cell.number_format = fmt
        if c in long_text:
            cell.alignment = wrap
        return cell

    heading_row = []
    for text in headings:
        cell = WriteOnlyCell(sheet, value=text_cell(text))
        cell.data_type = "s"
        cell.font = bold
        heading_row.append(cell)
    sheet.append(heading_row)
    for cells in rows:
        sheet.append(
            [None if cell is None else written(cell[0], cell[1], c) for c, cell in enumerate(cells)]
        )


def _sheet_frame(
    spec: Sheet, frame: pd.DataFrame, ws: Workspace, lang: str
) -> tuple[pd.DataFrame, list[str]]:
    """The table a sheet shows and its headings."""
    if spec.table in AS_CSV:
        from scenarios.workspace.lang import localize_frames

        shown = localize_frames({spec.table: frame}, ws, lang)[0][spec.table]
        return shown, [str(c) for c in shown.columns]
    shown = _readable(frame, ws, lang)
    if spec.columns is not None:
        shown = shown[[c for c in spec.columns if c in shown.columns]]
    else:
        shown = shown[[c for c in shown.columns if not str(c).endswith("_ar")]]
    headings = [heading(str(c), lang) for c in shown.columns]
    return shown, headings


def _horizon_text(lang: str, years: float) -> str:
    return TEXT[lang]["year"] if years == 1 else TEXT[lang]["years"].format(n=f"{years:g}")


# --- the notes sheet -------------------------------------------------------------------------

NOTES: dict[str, tuple[str, str] | str] = {
    "question": "question",
    "workspace": "workspace",
    "workspace_path": ("Workspace path", "مسار مساحة العمل"),
    "evidence_date": ("Evidence date", "تاريخ الأدلة"),
    "content_hash": "f_hash",
    "version": "f_version",
    "aggregation": "f_aggregation",
    "horizon": "f_horizon",
    "interval": ("Probability intervals", "مجالات الاحتمال"),
    "base_rate": ("Base rate", "المعدل الأساسي"),
    "words": ("Probability words", "الاحتمال بالكلمات"),
    "link_caveat": ("Link not validated", "الرابط غير مُتحقَّق منه"),
    "link_transfer": ("Link carried over", "الرابط منقول"),
    "link_equal_weights": ("Weights against equal weights", "الأوزان مقارنة بالأوزان المتساوية"),
    "overrides": "f_overrides",
    "panel": ("Panel", "فريق المحللين"),
    "ledger": "f_ledger",
    "samples": "f_samples",
    "seed": "f_seed",
    "delta": "f_delta",
    "evidence_sheet": ("Evidence sheet", "ورقة الأدلة"),
    "command": "f_command",
}
EVIDENCE_SHEET = {
    "en": "its headings are the columns of evidence.csv, which `scenarios import` reads back",
    "ar": "عناوين أعمدتها هي أعمدة evidence.csv كما هي، ليقرأها الأمر `scenarios import`",
}


def _note_label(key: str, lang: str) -> str:
    words = NOTES[key]
    if isinstance(words, str):
        return TEXT[lang][words].format(algorithm="SHA-256")  # the page's only placeholder
    return words[0] if lang == "en" else words[1]


def command_line(
    path: Path | str, ws: Workspace, manifest: Mapping[str, Any], lang: str, aggregation: str
) -> str:
    """The `scenarios export --xlsx` command that makes this workbook again."""
    parts = ["scenarios export", f"--xlsx {shlex.quote(str(path))}", f"-w {shlex.quote(ws.name)}"]
    own = f"{PANEL_FOLDER}/"
    if ws.panel is not None and ws.panel.folder != own:
        parts.append(f"--panel {shlex.quote(ws.panel.folder)}")
    elif ws.panel is None and (ws.root / PANEL_FOLDER).is_dir():
        parts.append("--no-panel")
    parts += map(str, ws.changes)
    if aggregation != ws.model.aggregation:
        parts.append(f"--aggregation {aggregation}")
    if manifest.get("ledger") is not None:
        parts.append(f"--ledger {shlex.quote(str(manifest['ledger']))}")
    if lang != "en":
        parts.append(f"--lang {lang}")
    parts += [f"--samples {manifest.get('samples')}", f"--seed {manifest.get('seed')}"]
    return " ".join(parts)


def _probability_notes(manifest: Mapping[str, Any], ws: Workspace, lang: str) -> dict[str, str]:
    """The notes on the probabilities: their horizon and intervals, the base rate, the words
    for them and the link's caveats (none without a link)."""
    rows: dict[str, str] = {}
    horizon = manifest.get("horizon")
    if horizon is not None:
        rows["horizon"] = _horizon_text(lang, float(horizon))
    level = manifest.get("interval_level")
    if level is not None:
        covers = ", ".join(manifest.get("interval_covers") or [])
        rows["interval"] = f"{100 * float(level):g}%" + (f": {covers}" if covers else "")
    rate = ws.model.base_rate
    if rate is not None and horizon is not None and level is not None:
        rows["base_rate"] = probability_words.base_rate_text(
            rate, float(horizon), float(level), "ar" if lang == "ar" else "en"
        )
    if manifest.get("probability_words"):
        rows["words"] = probability_words.YARDSTICK_NAME["ar" if lang == "ar" else "en"]
    for key in ("link_caveat", "link_transfer", "link_equal_weights"):
        if manifest.get(key):
            rows[key] = str(manifest[key])
    return rows


def _run_notes(manifest: Mapping[str, Any], ws: Workspace, lang: str) -> dict[str, str]:
    """The notes on the run: its overrides, panel, ledger, samples, seed and step."""
    rows = {"overrides": ", ".join(map(str, ws.changes)) or TEXT[lang]["none"]}
    if ws.panel is not None:
        rows["panel"] = ws.panel.describe()
    if manifest.get("ledger") is not None:
        rows["ledger"] = f"{manifest['ledger']} ({manifest.get('ledger_records', 0)})"
    for key in ("samples", "seed"):
        if manifest.get(key) is not None:
            rows[key] = str(manifest[key])
    if manifest.get("delta") is not None:
        rows["delta"] = f"±{100 * float(manifest['delta']):g}%"
    return rows


def notes_rows(
    frames: Mapping[str, pd.DataFrame],
    manifest: Mapping[str, Any],
    ws: Workspace,
    lang: str,
    command: str,
) -> list[tuple[str, str]]:
    """The notes sheet's rows: what the workbook was made from, and how to make it again."""
    from scenarios.workspace.evidence import evidence_date

    date = evidence_date(ws)
    rows: dict[str, str] = {
        "question": ws.model.question,
        "workspace": str(manifest.get("workspace", ws.name)),
        "workspace_path": str(manifest.get("workspace_path", "")),
        "evidence_date": date.isoformat() if date is not None else TEXT[lang]["undated"],
        "content_hash": str(manifest.get("content_hash", ws.content_hash)),
        "version": f"scenarios {manifest.get('version', '')}",
        "aggregation": TEXT[lang].get(
            f"aggregation_{manifest.get('aggregation')}", str(manifest.get("aggregation"))
        ),
        **_probability_notes(manifest, ws, lang),
        **_run_notes(manifest, ws, lang),
        "evidence_sheet": EVIDENCE_SHEET[lang],
        "command": command,
    }
    return [(_note_label(key, lang), text) for key, text in rows.items()]


# --- the workbook ----------------------------------------------------------------------------


def document_date(ws: Workspace) -> dt.datetime:
    """The date the workbook carries as made and modified, and on every zip entry: the
    evidence date (a fixed date where nothing is dated), so the same input gives the same
    bytes."""
    from scenarios.workspace.evidence import evidence_date

    date = evidence_date(ws)
    if date is None:
        return EARLIEST
    return max(EARLIEST, dt.datetime(date.year, date.month, date.day))


def workbook_bytes(
    frames: Mapping[str, pd.DataFrame],
    manifest: Mapping[str, Any],
    ws: Workspace,
    *,
    lang: str = "en",
    command: str,
) -> bytes:
    """The workbook of an export's tables (see the module's docstring), as the bytes of an
    .xlsx file."""
    import pandas as pd
    from openpyxl import Workbook

    if lang not in ("en", "ar"):
        raise OptionError(Problem(f"unknown language '{lang}'", hint="en or ar"))
    book = Workbook(write_only=True)
    for spec in SHEETS:
        if spec.table not in frames:
            continue
        frame = frames[spec.table]
        if spec.table == "history" and frame.empty:
            continue
        shown, headings = _sheet_frame(spec, frame, ws, lang)
        if spec.table == "rankings" and manifest.get("horizon") is not None:
            horizon = _horizon_text(lang, float(manifest["horizon"]))
            headings[list(shown.columns).index("probability")] = TEXT[lang]["col_p"].format(
                horizon=horizon
            )
        title = spec.en if lang == "en" else spec.ar
        _fill(book, title, spec.table, shown, headings, ws, rtl=lang == "ar")
    notes = notes_rows(frames, manifest, ws, lang, command)
    labels = ("Item", "Value") if lang == "en" else ("البند", "القيمة")
    frame = pd.DataFrame(notes, columns=list(labels))
    _fill(book, NOTES_SHEET[lang], "notes", frame, labels, ws, rtl=lang == "ar")
    return _fixed_bytes(book, document_date(ws))


def _fixed_bytes(book: Any, when: dt.datetime) -> bytes:
    """The workbook's bytes with `when` as its created and modified date and on every zip
    entry (openpyxl writes the time of writing into both)."""
    from openpyxl.writer.excel import ExcelWriter

    book.properties.creator = "scenarios"
    book.properties.lastModifiedBy = None
    book.properties.created = when
    book.properties.modified = when
    written = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which sets the modified date to now
    ExcelWriter(book, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED)).save()
    fixed = io.BytesIO()
    stamp = when.timetuple()[:6]
    with (
        zipfile.ZipFile(written) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, on every system
            target.writestr(info, source.read(entry.filename))
    return fixed.getvalue()


def write_workbook(
    path: Path,
    frames: Mapping[str, pd.DataFrame],
    manifest: Mapping[str, Any],
    ws: Workspace,
    *,
    lang: str = "en",
) -> Path:
    """Write the workbook to `path` atomically (a temporary file renamed over it: a reader
    never sees half a workbook) and return the file written."""
    check_target(path)
    command = command_line(path, ws, manifest, lang, str(manifest.get("aggregation")))
    data = workbook_bytes(frames, manifest, ws, lang=lang, command=command)
    return write_output(path, data)


def sheet_names(path: Path) -> list[str]:
    """The names of a workbook's sheets, in order (read from its xl/workbook.xml)."""
    from xml.etree import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    return [str(sheet.get("name")) for sheet in root.iter(f"{main}sheet")]


def arabic_gaps(ws: Workspace) -> list[Problem]:
    """Where the workbook in Arabic shows an English name: countries without name_ar, factors
    without label_ar (one warning each, at the English name's line)."""
    from scenarios.workspace.lang import Names

    names = Names(ws, "ar")
    for country in ws.country_ids:
        names.country(country)
    for factor in ws.factor_ids:
        names.factor(factor)
    return names.warnings
