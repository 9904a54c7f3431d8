"""`scenarios panel init NAME`: a blank judgement sheet for one analyst.

Every country × factor to fill, with the evidence notes and sources of the profiles beside each
cell as YAML comments, and without anyone's values (neither the other analysts' nor the
profiles'), so that the analyst's judgements stay their own. The sheet loads as it is: a blank
cell falls back to the profile; a sheet with no value and no weight filled in is not counted.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from scenarios.core.errors import OptionError, OutputError, Problem
from scenarios.panels.judgements import ANALYST_ID, FOLDER
from scenarios.workspace.files import YAML_SUFFIXES
from scenarios.workspace.find import display_path
from scenarios.workspace.load import Workspace

WIDTH = 96


def _comment(text: str, indent: str, first: str = "", width: int = WIDTH) -> list[str]:
    """``text`` as comment lines under ``indent``: printable characters only (a control
    character in a comment would make the file unreadable), wrapped between words."""
    clean = re.sub(r"\s+", " ", "".join(ch if ch.isprintable() else " " for ch in text)).strip()
    if not clean:
        return []
    return textwrap.wrap(
        clean,
        width,
        initial_indent=f"{indent}# {first}",
        subsequent_indent=f"{indent}#   ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def check_name(name: str) -> str:
    if not ANALYST_ID.fullmatch(name):
        raise OptionError(
            Problem(
                f"panel init {name}: the name is the analyst's id and their file's name",
                hint="use letters, digits, '-' and '_', starting with a letter",
            )
        )
    return name


def sheet(ws: Workspace, name: str) -> str:
    """The sheet's YAML text for the analyst ``name``."""
    check_name(name)
    plain = ws.panel.plain if ws.panel is not None else ws.origin or ws
    model = plain.model
    lo, hi = model.scale.min, model.scale.max
    lines = [
        f"# Judgement sheet of {name}: {model.title}",
        *_comment(model.question, "", "Question: "),
        "#",
        *_comment(
            "Give your own values, independently: neither the other analysts' values nor the "
            "profiles' are here, so that your numbers are your own. Beside each cell are the "
            f"evidence notes and sources of the profiles. Values are on the scale {lo:g} to "
            f"{hi:g}. A factor marked 'for' raises the likelihood as its value rises; one marked "
            "'against' lowers it.",
            "",
        ),
        "#",
        "# A cell:  us_engagement: 6",
        "#     or:  us_engagement: {value: 6, low: 4, high: 8, confidence: low, note: why}",
        *_comment(
            "A cell left blank falls back to the profile's value. The sheet counts once it "
            "gives at least one value or weights of your own; until then the panel leaves it "
            "out. Save the filled sheet as "
            f"{FOLDER}/{name}.yaml in the workspace; `scenarios validate` checks it and "
            "`scenarios panel` shows the panel.",
            "",
        ),
        "schema_version: 1",
        f"analyst: {json.dumps(name, ensure_ascii=False)}",
        'note: ""  # whose reading this is, and why it differs where it does',
        "",
        "values:",
    ]
    for profile in plain.profiles:
        status = ""
        if profile.status is not None and profile.status.state == "joined":
            status = " (joined" + (f" {profile.status.date:%Y-%m}" if profile.status.date else "")
            status += ")"
        lines.append(f"  {profile.id}:  # {_line(profile.name)}{status}")
        for factor_id, factor in model.factors.items():
            lines.append(
                f"    # {factor_id}: {_line(factor.label)} ({factor.direction}: a higher value "
                f"{'raises' if factor.direction == 'for' else 'lowers'} the likelihood)"
            )
            entry = profile.factors.get(factor_id)
            if entry is not None:
                dated = f" (as of {entry.as_of})" if entry.as_of else ""
                lines += _comment(entry.note or "(no note)", "    ", f"evidence{dated}: ")
                for source in entry.sources:
                    lines += _comment(source, "    ", "source: ")
            lines.append(f"    {factor_id}:")
        lines.append("")
    factors = list(model.factors)
    lines += [
        *_comment(
            "Your weights (optional; leave them out to use model.yaml's). Swing weighting: "
            "picture a country at the worst level of every factor. Which factor's swing from "
            "its worst level to its best would raise the likelihood most? List it first, rated "
            "100. List the others in order, each rated against the first (0 to 100; 50 = half "
            "as much). Rank every factor once. Uncomment, reorder and rate:",
            "",
        ),
        "# swing:",
        *[f"#   - {{factor: {f}, rating: }}" for f in factors],
        *_comment(
            "Or type weights in model.yaml's terms (group weight × factor weight within the "
            "group), giving only those you change:",
            "",
        ),
        "# weights:",
        "#   groups:",
        *[f"#     {g}:" for g in model.groups],
        "#   factors:",
        *[f"#     {f}:" for f in factors],
    ]
    return "\n".join(lines) + "\n"


def _line(text: str) -> str:
    return re.sub(r"\s+", " ", "".join(ch if ch.isprintable() else " " for ch in text)).strip()


def write_sheet(ws: Workspace, name: str, output: Path | None = None) -> Path:
    """Write the sheet to ``output``, by default the workspace's panel/NAME.yaml; never over an
    existing file (it may hold judgements)."""
    from scenarios.core.writers import write_atomic

    text = sheet(ws, name)
    if output is None:
        if ws.installed:
            raise OutputError(
                Problem(
                    f"{ws.name} is the installed copy: a sheet written into it is lost on the "
                    "next install",
                    hint="`scenarios init DIR` makes a workspace to edit; or give -o FILE",
                )
            )
        output = ws.root / FOLDER / f"{name}.yaml"
        try:
            output.parent.mkdir(exist_ok=True)
        except OSError as exc:
            raise OutputError(Problem(f"cannot create {output.parent}: {exc.strerror}")) from None
        for suffix in YAML_SUFFIXES:  # the analyst's file, whichever extension it has
            mine = output.with_suffix(suffix)
            if mine.exists() or mine.is_symlink():
                output = mine
    if output.exists() or output.is_symlink():
        raise OutputError(
            Problem(
                f"'{display_path(output)}' already exists",
                hint="init never overwrites: it may hold judgements; choose another name or file",
            )
        )
    if not output.parent.is_dir():
        raise OutputError(
            Problem(f"cannot write {output}: folder '{output.parent}' does not exist")
        )
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise OutputError(Problem(f"cannot write {output}: {exc.strerror}")) from None
    return output


XLSX_COLUMNS = (
    ("id", 8),
    ("name", 16),
    ("factor", 24),
    ("label", 30),
    ("direction", 10),
    ("value", 8),
    ("low", 8),
    ("high", 8),
    ("confidence", 11),
    ("note", 40),
    ("sources", 30),
    ("evidence", 60),
    ("evidence_sources", 60),
)
_YOURS = ("value", "low", "high", "confidence", "note", "sources")


def workbook(ws: Workspace, name: str) -> bytes:
    """The judgement sheet of ``name`` as an XLSX workbook: one row per country and factor,
    the analyst's cells (value, low, high, confidence, note, sources) empty, the factor's
    direction and the profiles' evidence beside them for reading (`scenarios import --analyst`
    reads the analyst's cells back and passes over the others). Text that a spreadsheet would
    run as a formula is neutralised."""
    import io

    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    from scenarios.core.writers import neutralise

    check_name(name)
    plain = ws.panel.plain if ws.panel is not None else ws.origin or ws
    model = plain.model
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "judgements"
    sheet.append([column for column, _ in XLSX_COLUMNS])
    for profile in plain.profiles:
        for factor_id, factor in model.factors.items():
            entry = profile.factors.get(factor_id)
            row = {
                "id": profile.id,
                "name": profile.name,
                "factor": factor_id,
                "label": factor.label,
                "direction": factor.direction,
                "evidence": entry.note if entry is not None else "",
                "evidence_sources": " | ".join(entry.sources) if entry is not None else "",
            }
            sheet.append([neutralise(row.get(column)) for column, _ in XLSX_COLUMNS])
    yours = PatternFill("solid", fgColor="FFF2CC")
    for j, (column, width) in enumerate(XLSX_COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(j)
        sheet.column_dimensions[letter].width = width
        sheet.cell(1, j).font = Font(bold=True)
        if column in _YOURS:
            sheet.cell(1, j).fill = yours
        if column in ("evidence", "evidence_sources", "note"):
            for cells in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
                cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "F2"
    about = book.create_sheet("about")
    for line in (
        f"Judgement sheet of {name}: {model.title}",
        f"Question: {model.question}",
        f"Values are on the scale {model.scale.min:g} to {model.scale.max:g}. A factor marked "
        "'for' raises the likelihood as its value rises; one marked 'against' lowers it.",
        "Fill in the shaded columns (value, and if you wish low, high, confidence, note, "
        "sources), independently: nobody's values are here. A row left without a value falls "
        "back to the profile. The evidence columns are the profiles' notes, for reading.",
        f"Send the sheet back; `scenarios import --analyst {name} SHEET` reads it into "
        f"{FOLDER}/{name}.yaml.",
    ):
        about.append([neutralise(line)])
    about.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_workbook(ws: Workspace, name: str, output: Path) -> Path:
    """Write the XLSX judgement sheet to ``output``; never over an existing file."""
    from scenarios.core.writers import write_atomic

    if output.exists() or output.is_symlink():
        raise OutputError(
            Problem(
                f"'{display_path(output)}' already exists",
                hint="init never overwrites: it may hold judgements; choose another file",
            )
        )
    if not output.parent.is_dir():
        raise OutputError(
            Problem(f"cannot write {output}: folder '{output.parent}' does not exist")
        )
    data = workbook(ws, name)
    try:
        write_atomic(output, data)
    except OSError as exc:
        raise OutputError(Problem(f"cannot write {output}: {exc.strerror}")) from None
    return output
