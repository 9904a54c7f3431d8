"""`scenarios new DIR`: a blank workspace of one's own, from a question, the countries and the
factors, with every value left to fill.

The countries and factors come as options (`--country ID,NAME[,NAME_AR]`, `--factor
ID,DIRECTION,GROUP[,WEIGHT[,LABEL]]`) or from a small sheet (`--from FILE`): two lists side by
side, countries (country, name, name_ar) and factors (factor, label, label_ar, direction, group,
weight), and a `question` (and `title`) in its first row. Each profile lists every factor with
nothing after it: a value still to fill (see schema.ProfileFile), which `validate` lists,
`scenarios import` fills and `rank` refuses until none is left.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from scenarios.core.choices import DIRECTIONS
from scenarios.core.errors import OptionError, Problem, WorkspaceError, did_you_mean
from scenarios.core.files import new_folder
from scenarios.io.columns import SETUP_COLUMNS, lookup
from scenarios.io.spreadsheet import Cell, Sheet, read_sheet
from scenarios.workspace.schema import CountryId, FactorName, Label, Name, Weight

_CHECKS: dict[str, TypeAdapter[Any]] = {
    "country": TypeAdapter(CountryId),
    "factor": TypeAdapter(FactorName),
    "group": TypeAdapter(Name),
    "name": TypeAdapter(Label),
    "weight": TypeAdapter(Weight),
}


@dataclass(frozen=True)
class CountrySpec:
    id: str
    name: str
    name_ar: str | None = None


@dataclass(frozen=True)
class FactorSpec:
    id: str
    direction: str
    group: str
    weight: float = 1.0
    label: str | None = None
    label_ar: str | None = None


@dataclass(frozen=True)
class Setup:
    """What a new workspace is made of."""

    question: str
    title: str
    countries: tuple[CountrySpec, ...]
    factors: tuple[FactorSpec, ...]


def _label(identifier: str) -> str:
    """'us_engagement' -> 'Us engagement': a label until the analyst writes a better one."""
    text = identifier.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON's are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def model_text(setup: Setup) -> str:
    groups: dict[str, None] = dict.fromkeys(f.group for f in setup.factors)
    lines = [
        f"# {setup.title}: made by `scenarios new`. Check each factor's direction and weight;",
        "# a group's weight multiplies its factors' (see `scenarios factors`).",
        "schema_version: 1",
        f"title: {_q(setup.title)}",
        f"question: {_q(setup.question)}",
        "scale: {min: 0, max: 10}",
        "groups:",
    ]
    for group in groups:
        lines += [f"  {group}:", f"    label: {_q(_label(group))}", "    weight: 1"]
    lines.append("factors:")
    for f in setup.factors:
        lines += [
            f"  {f.id}:",
            f"    label: {_q(f.label or _label(f.id))}",
            *([f"    label_ar: {_q(f.label_ar)}"] if f.label_ar else []),
            f"    group: {f.group}",
            f"    weight: {f.weight:g}",
            f"    direction: {f.direction}",
        ]
    return "\n".join(lines) + "\n"


def profile_text(country: CountrySpec, setup: Setup) -> str:
    lines = [
        f"# {_line(country.name)}: every value is still to fill. Write each after its colon, a",
        "# number from 0 to 10 (`us_engagement: 6`), or with its evidence:",
        "#   us_engagement: {value: 6, low: 4, high: 8, confidence: medium, as_of: 2026-05,",
        '#                   note: "why", sources: ["where from"]}',
        "# or fill them from a spreadsheet with `scenarios import SHEET`.",
        "schema_version: 1",
        f"id: {country.id}",
        f"name: {_q(country.name)}",
        *([f"name_ar: {_q(country.name_ar)}"] if country.name_ar else []),
        "factors:",
        *[f"  {f.id}:" for f in setup.factors],
    ]
    return "\n".join(lines) + "\n"


def _line(text: str) -> str:
    return re.sub(r"\s+", " ", "".join(ch if ch.isprintable() else " " for ch in text)).strip()


def _file_name(country_id: str) -> str:
    return f"{country_id.lower()}.yaml"


# --- the specs, checked -----------------------------------------------------------------


def _check(kind: str, text: str) -> str | None:
    """What is wrong with ``text`` as a ``kind``, or None."""
    try:
        number = float(text) if kind == "weight" else None
    except ValueError:
        return f"'{text}' is not a number"
    try:
        _CHECKS[kind].validate_python(text if number is None else number)
    except ValidationError as exc:
        err = exc.errors()[0]
        if err["type"] == "string_pattern_mismatch":
            return f"'{text}' is not an id: use letters, digits and _, starting with a letter"
        return f"'{text}': {err['msg'][0].lower()}{err['msg'][1:]}".replace("Value error, ", "")
    return None


def _close(text: str, choices: Sequence[str]) -> str | None:
    """'did you mean' where a choice is close; None where not (the message lists them)."""
    hint = did_you_mean(text, choices)
    return hint if hint is not None and hint.startswith("did you mean") else None


def _problems(setup: Setup, at: dict[tuple[str, str, str], Problem]) -> list[Problem]:
    """Every mistake of the setup, located where ``at`` says ((kind, id, field) -> where);
    at the option otherwise."""
    problems: list[Problem] = []

    def add(key: tuple[str, str, str], message: str, hint: str | None = None) -> None:
        where = at.get(key) or at.get((key[0], key[1], ""))
        base = where or Problem("")
        problems.append(Problem(message, base.file, base.line, base.column, hint))

    if not setup.question.strip():
        add(("question", "", ""), "no question", "give --question TEXT (what is being asked)")
    if not setup.countries:
        add(("country", "", ""), "no country", "give --country ID,NAME (once a country)")
    if not setup.factors:
        add(("factor", "", ""), "no factor", "give --factor ID,DIRECTION,GROUP (once a factor)")
    seen: set[str] = set()
    for c in setup.countries:
        for kind, text in (("country", c.id), ("name", c.name)):
            wrong = _check(kind, text)
            if wrong:
                add(("country", c.id, kind), f"country {wrong}")
        if c.id.lower() in seen:
            add(("country", c.id, "country"), f"country '{c.id}' is there twice")
        seen.add(c.id.lower())
    seen = set()
    for f in setup.factors:
        for kind, text in (("factor", f.id), ("group", f.group), ("weight", str(f.weight))):
            wrong = _check(kind, text)
            if wrong:
                add(("factor", f.id, kind), f"{kind} {wrong}")
        if f.direction not in DIRECTIONS:
            add(
                ("factor", f.id, "direction"),
                f"direction '{f.direction}' of factor '{f.id}' is not one of "
                f"{', '.join(DIRECTIONS)}",
                _close(f.direction, DIRECTIONS),
            )
        if f.id in seen:
            add(("factor", f.id, "factor"), f"factor '{f.id}' is there twice")
        seen.add(f.id)
    if setup.factors and all(f.weight == 0 for f in setup.factors):
        add(("factor", "", ""), "every factor's weight is 0", "give at least one a weight above 0")
    return problems


def from_options(
    question: str | None, title: str | None, countries: Sequence[str], factors: Sequence[str]
) -> Setup:
    """The setup from `--country ID,NAME[,NAME_AR]` and `--factor
    ID,DIRECTION,GROUP[,WEIGHT[,LABEL]]` options (a label may hold commas: it comes last)."""
    parsed_countries = []
    problems: list[Problem] = []
    for text in countries:
        parts = [p.strip() for p in text.split(",")]
        if len(parts) not in (2, 3) or not all(parts[:2]):
            problems.append(
                Problem(
                    f"--country {text}: expected ID,NAME or ID,NAME,ARABIC_NAME",
                    hint="e.g. --country KZ,Kazakhstan",
                )
            )
            continue
        parsed_countries.append(
            CountrySpec(parts[0], parts[1], parts[2] if len(parts) == 3 else None)
        )
    parsed_factors = []
    for text in factors:
        parts = [p.strip() for p in text.split(",", 4)]
        if len(parts) < 3 or not all(parts[:3]):
            problems.append(
                Problem(
                    f"--factor {text}: expected ID,DIRECTION,GROUP[,WEIGHT[,LABEL]]",
                    hint="e.g. --factor us_engagement,for,external,2,US engagement",
                )
            )
            continue
        try:
            weight = float(parts[3]) if len(parts) > 3 and parts[3] else 1.0
        except ValueError:
            problems.append(Problem(f"--factor {text}: weight '{parts[3]}' is not a number"))
            continue
        parsed_factors.append(
            FactorSpec(parts[0], parts[1], parts[2], weight, parts[4] if len(parts) > 4 else None)
        )
    setup = Setup(
        question or "",
        title or "",
        tuple(parsed_countries),
        tuple(parsed_factors),
    )
    problems += _problems(setup, {})
    if problems:
        raise OptionError(problems)
    return setup


def _setup_header(sheet: Sheet) -> dict[str, int]:
    """Each column's name in a setup sheet, and its number; every name known, the five needed
    there (else a WorkspaceError)."""
    names = lookup(SETUP_COLUMNS)
    problems: list[Problem] = []
    header: dict[str, int] = {}
    for cell in sheet.rows[0]:
        if cell.empty:
            continue
        heading = str(cell.value).strip()
        name = names.get(heading.casefold())
        if name is None:
            problems.append(
                sheet.problem(
                    cell, f"unknown column '{heading}'", did_you_mean(heading, SETUP_COLUMNS)
                )
            )
        elif cell.formula or cell.merged:
            problems.append(sheet.problem(cell, "a formula or merged cell in the header"))
        else:
            header[name] = cell.column
    for needed in ("country", "name", "factor", "direction", "group"):
        if needed not in header and not problems:
            problems.append(
                sheet.problem(
                    sheet.rows[0][0],
                    f"no '{needed}' column",
                    "the first row names the columns: country, name, factor, direction, group "
                    "(and name_ar, label, weight, question, title)",
                )
            )
    if problems:
        raise WorkspaceError(problems)
    return header


class _SetupReader:
    """A setup sheet's rows read by column name, with the problems found in their cells and
    where each country's and factor's cells are (`at`, for the problems of the setup)."""

    def __init__(self, sheet: Sheet, header: dict[str, int]) -> None:
        self.sheet = sheet
        self.header = header
        self.problems: list[Problem] = []
        self.at: dict[tuple[str, str, str], Problem] = {}

    def get(self, row: tuple[Cell, ...], name: str) -> Cell | None:
        return row[self.header[name] - 1] if name in self.header else None

    def text(self, cell: Cell | None) -> str:
        if cell is None or cell.empty:
            return ""
        if cell.formula or cell.merged:
            self.problems.append(
                self.sheet.problem(
                    cell,
                    "a formula" if cell.formula else "a merged cell",
                    "give each cell its own typed value",
                )
            )
            return ""
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def country(self, row: tuple[Cell, ...]) -> CountrySpec | None:
        """The row's country, if it names one."""
        cid = self.text(self.get(row, "country"))
        if not (cid or self.text(self.get(row, "name"))):
            return None
        found = CountrySpec(
            cid, self.text(self.get(row, "name")), self.text(self.get(row, "name_ar")) or None
        )
        for key in ("country", "name"):
            at_cell = self.get(row, key)
            assert at_cell is not None
            self.at[("country", cid, key)] = self.sheet.problem(at_cell, "")
        return found

    def factor(self, row: tuple[Cell, ...]) -> FactorSpec | None:
        """The row's factor, if it names one."""
        fid = self.text(self.get(row, "factor"))
        if not fid:
            return None
        weight_text = self.text(self.get(row, "weight"))
        weight = 1.0
        try:
            weight = float(weight_text) if weight_text else 1.0
        except ValueError:
            at_cell = self.get(row, "weight")
            assert at_cell is not None
            self.problems.append(
                self.sheet.problem(at_cell, f"weight '{weight_text}' is not a number")
            )
        found = FactorSpec(
            fid,
            self.text(self.get(row, "direction")),
            self.text(self.get(row, "group")),
            weight,
            self.text(self.get(row, "label")) or None,
            self.text(self.get(row, "label_ar")) or None,
        )
        for key in ("factor", "direction", "group", "weight"):
            at_cell = self.get(row, key)
            if at_cell is not None:
                self.at[("factor", fid, key)] = self.sheet.problem(at_cell, "")
        return found


def from_sheet(path: Path, question: str | None, title: str | None) -> Setup:
    """The setup from a sheet of two lists side by side (countries, factors), its question and
    title in their columns' first row unless given as options."""
    sheet = read_sheet(path)
    reader = _SetupReader(sheet, _setup_header(sheet))
    countries, factors = [], []
    found_question = found_title = ""
    for row in sheet.rows[1:]:
        found_question = found_question or reader.text(reader.get(row, "question"))
        found_title = found_title or reader.text(reader.get(row, "title"))
        country = reader.country(row)
        if country is not None:
            countries.append(country)
        factor = reader.factor(row)
        if factor is not None:
            factors.append(factor)
    setup = Setup(
        question if question is not None else found_question,
        title if title is not None else found_title,
        tuple(countries),
        tuple(factors),
    )
    at = reader.at
    first = sheet.problem(sheet.rows[0][0], "")
    at.setdefault(("question", "", ""), first)
    at.setdefault(("country", "", ""), first)
    at.setdefault(("factor", "", ""), first)
    problems = reader.problems + _problems(setup, at)
    if problems:
        raise WorkspaceError(problems)
    return setup


# --- writing ----------------------------------------------------------------------------


def create(folder: Path, setup: Setup) -> Path:
    """Write the blank workspace into ``folder`` (new, or empty), all at once: the files go to a
    temporary sibling first, which is checked as a workspace, then renamed. Never overwrites."""
    from scenarios.panels.part import panel_part
    from scenarios.workspace.load import load_workspace

    if not setup.title:
        setup = Setup(
            setup.question, _label(folder.name) or "Assessment", setup.countries, setup.factors
        )
    with new_folder(folder, "new") as tmp:
        (tmp / "model.yaml").write_text(model_text(setup), encoding="utf-8")
        (tmp / "profiles").mkdir()
        for country in setup.countries:
            (tmp / "profiles" / _file_name(country.id)).write_text(
                profile_text(country, setup), encoding="utf-8"
            )
        load_workspace(tmp, to_fill="list", part=panel_part)  # what was written is a workspace
    return folder.resolve()
