"""What a person sees: every table of every command at 80 and at 120 columns.

Each command is run in process as in a terminal of that width (a pipe, so without colour). The
tables rich draws are recorded on the way, so the checks can name the table that fails.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.table import Table
from typer.testing import CliRunner

from scenarios import render
from scenarios.cli import app
from scenarios.workspace import load_workspace

from . import tiny
from .test_readme import blocks as readme_blocks

ROOT = Path(__file__).resolve().parent.parent
ENV = {"NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
WIDTHS = [80, 120]

# Every command with a table, beyond the README's tour (which is added below).
COMMANDS = [
    "scenarios rank",
    "scenarios rank --weight religious_resistance=2 --set UZ.us_engagement=8",
    "scenarios rank -w abraham-2020",
    "scenarios explain UZ",
    "scenarios explain KZ",
    "scenarios explain SD -w abraham-2020",
    "scenarios factors",
    "scenarios factors -w abraham-2020",
    "scenarios whatifs",
    "scenarios compare",
    "scenarios compare russia_weakened uzbekistan_joins gaza_escalation",
    "scenarios sensitivity -m oat -m critical",
    "scenarios sensitivity -m mc --samples 500",
    "scenarios sensitivity -m sobol --samples 128",
    "scenarios sensitivity -w abraham-2020 -m oat -m critical -m mc --samples 500",
    "scenarios backtest -w abraham-2020",
    "scenarios calibrate -w abraham-2020",
    "scenarios cascade --runs 2000",
    "scenarios signposts",
    "scenarios signposts -a geometric --whatif gaza_escalation",
    "scenarios signposts -w abraham-2020",
    "scenarios explain KG",
    # the ledger's commands, on ledgers made by the `ledgers` fixture below
    "scenarios record --ledger {scratch}/new.jsonl --note 'the evidence as it stands'",
    "scenarios history --ledger {ledger}",
    "scenarios history UZ KG --ledger {ledger}",
    "scenarios diff record:1 --ledger {ledger}",
    "scenarios diff record:1 record:3 --ledger {ledger}",
    "scenarios diff record:1 -w abraham-2020 --ledger {abraham}",
    "scenarios score --ledger {ledger}",
    "scenarios score --ledger {short} --today 2026-06-01",
    "scenarios panel --panel example-panel",
    "scenarios panel --panel example-panel --full",
    "scenarios panel --panel example-panel --calibration",
    "scenarios panel --panel example-panel --panel-aggregate "
    "values=trimmed_mean,probabilities=log_odds,extremize=1.5",
    "scenarios rank --panel example-panel --panel-aggregate values=median",
    "scenarios sensitivity -m mc --samples 500 --panel example-panel "
    "--panel-aggregate uncertainty=widen",
    "scenarios explain UZ --panel example-panel",
]
DATA_FORMATS = re.compile(r"(^|\s)(-f|--format)\s+(csv|json|markdown)\b")
TOUR = [m["cmd"] for m in readme_blocks() if not DATA_FORMATS.search(m["cmd"])]


def names() -> set[str]:
    """Every name a table may show: countries (name and id), factors, what-ifs."""
    found: set[str] = set()
    for workspace in ("central-asia", "abraham-2020"):
        ws = load_workspace(workspace)
        found |= {p.name for p in ws.profiles} | set(ws.country_ids) | set(ws.factor_ids)
        found |= set(ws.whatifs)
    return found


NAMES = names()


@dataclass
class Drawn:
    output: str
    tables: list[tuple[Table, list[int], int]] = field(default_factory=list)  # widths, screen


def draw(command: str, width: int, monkeypatch: pytest.MonkeyPatch) -> Drawn:
    """Run a command as a terminal of `width` columns would show it, recording each table."""
    drawn = Drawn("")
    original = Table.__rich_console__

    def recording(self: Table, console: Console, options: ConsoleOptions):  # type: ignore[no-untyped-def]
        # rich's own column widths: the only way to see how many lines a cell takes
        drawn.tables.append((self, self._calculate_column_widths(console, options), width))
        return original(self, console, options)

    monkeypatch.setattr(Table, "__rich_console__", recording)
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)
    assert args[0] == "scenarios"
    result = CliRunner(env={**ENV, "COLUMNS": str(width)}).invoke(app, args[1:])
    assert result.exit_code == 0, result.output
    drawn.output = result.stdout
    return drawn


def cell_lines(table: Table, widths: list[int], console: Console) -> int:
    """The most lines any cell of the table takes at the widths rich gave its columns."""
    most = 0
    options = console.options
    last = len(table.columns) - 1
    for n, (column, width) in enumerate(zip(table.columns, widths, strict=True)):
        inner = max(width - (n < last), 1)  # the house style pads one space after a column
        for cell in column.cells:
            lines = console.render_lines(cell, options.update_width(inner), pad=False)
            most = max(most, len(lines))
    return most


@pytest.fixture(scope="session")
def ledgers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A ledger of three records of central-asia (two of them with changes, so that countries
    move); one of abraham-2020; and one of central-asia over a quarter of a year from its
    evidence date, whose outcomes the statuses (checked later) resolve."""
    import scenarios

    root = tmp_path_factory.mktemp("ledgers")
    ledger, abraham = root / "central-asia.jsonl", root / "abraham.jsonl"
    ws = load_workspace(ROOT / "scenarios" / "central-asia")
    scenarios.record(ws, ledger=ledger, date="2026-05-31", note="baseline")
    scenarios.record(
        ws, ledger=ledger, date="2026-06-07", sets=["UZ.economic_incentives=7"], note="minerals"
    )
    scenarios.record(
        ws,
        ledger=ledger,
        date="2026-06-14",
        sets=["KG.russia_dependence=6.5", "UZ.religious_resistance=6.5"],
        note="a long note that wraps over the width of the screen, as analysts' notes do: "
        "remittances from Russia fell, and Uzbek opinion softened after the ceasefire",
    )
    scenarios.record(
        load_workspace(ROOT / "scenarios" / "abraham-2020"), ledger=abraham, date="2020-01-01"
    )
    # a forecast dated a quarter before the statuses' check (31 May), so that they resolve it
    early = scenarios.init(root / "early")
    model = early / "model.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("as_of: 2026-05-31", "as_of: 2026-02-17", 1), encoding="utf-8")
    short = root / "short.jsonl"
    scenarios.record(early, ledger=short, date="2026-02-17", horizon=0.25)
    return {"ledger": ledger, "abraham": abraham, "short": short, "scratch": root}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", list(dict.fromkeys(TOUR + COMMANDS)))
def test_every_table_reads_at_the_width(command, width, monkeypatch, ledgers):
    drawn = draw(command.format(**ledgers), width, monkeypatch)
    lines = drawn.output.splitlines()
    assert lines, "no output"
    too_long = [line for line in lines if cell_len(line) > width]
    assert not too_long, f"lines wider than {width}:\n" + "\n".join(too_long)
    assert not re.search(r"\w…|…\w", drawn.output), "a name is cut short with '…'"
    assert drawn.tables or "calibrate" in command, "no table drawn"
    console = Console(width=width, no_color=True, markup=False, emoji=False)
    for table, widths, _ in drawn.tables:
        for column in table.columns if table.show_header else ():
            for word in str(column.header).split():
                assert word in drawn.output, f"column header '{column.header}' is missing"
        assert cell_lines(table, widths, console) <= 2, (
            f"a cell of the table with columns {[str(c.header) for c in table.columns]} "
            "wraps over more than two lines"
        )


@pytest.mark.parametrize("command", list(dict.fromkeys(TOUR + COMMANDS)))
def test_names_are_whole_at_80_columns(command, monkeypatch, ledgers):
    """A name shown at full width is shown whole at 80 columns too."""
    command = command.format(**ledgers)
    wide = draw(command, 250, monkeypatch).output
    narrow = draw(command, 80, monkeypatch).output
    shown = {n for n in NAMES if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", wide)}
    missing = {n for n in shown if not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", narrow)}
    assert not missing, f"names cut or broken over lines at 80 columns: {sorted(missing)}"


def test_rank_of_five_countries_fits_one_screen(monkeypatch):
    """24 lines: the output and the next prompt."""
    lines = draw("scenarios rank", 80, monkeypatch).output.splitlines()
    assert len(lines) <= 23, "\n".join(lines)
    rows = [line for line in lines if re.match(r"\s+\d+=?\s", line)]
    assert [row.split()[1] for row in rows] == [
        "Kazakhstan",
        "Uzbekistan",
        "Turkmenistan",
        "Kyrgyzstan",
        "Tajikistan",
    ]


def test_panel_leads_with_who_disagrees_on_one_screen(monkeypatch):
    """The analysts' agreement r_W with the pooled ranking, the countries they rank apart, and
    whether a disagreement reorders it: in 24 lines; --full prints every table."""
    lines = draw("scenarios panel --panel example-panel", 80, monkeypatch).output.splitlines()
    assert len(lines) <= 23, "\n".join(lines)
    full = draw("scenarios panel --panel example-panel --full", 80, monkeypatch).output
    assert len(full.splitlines()) > 24
    # each analyst's r_W, as the full output's ranking table gives it
    analysts = sorted(p.stem for p in (ROOT / "scenarios" / "example-panel").glob("*.yaml"))
    r_w = next(line for line in full.splitlines() if line.startswith("r_W "))
    rows = {line.split()[0]: line.split()[-1] for line in lines if line[:1].isalpha()}
    assert [rows[a] for a in analysts] == r_w.split()[1:]
    text = " ".join(" ".join(lines).split())
    assert (
        "Every analyst ranks the countries in the pooled order." in text
        or "Ranked differently: " in text
    )
    assert re.search(r"They differ on \d+ cells and \d+ weights; (none|\d+) reorder", text)
    assert lines[-1].startswith("--full: ")
    for title in ("Each analyst's own ranking beside the pooled one", "Whose readings"):
        assert title in full and title not in text


RANK_ORDER = ["KZ", "UZ", "TM", "KG", "TJ"]


@pytest.mark.parametrize(
    "command",
    [
        "scenarios factors",
        "scenarios sensitivity -m sobol --samples 128",
        "scenarios sensitivity -m mc --samples 500",
        "scenarios cascade --runs 500",
    ],
)
def test_countries_in_rank_order_across_tables(command, monkeypatch):
    """Column headers of country ids follow the ranking, as the rows of `rank` do."""
    drawn = draw(command, 120, monkeypatch)
    for table, _, _ in drawn.tables:
        ids = [str(c.header) for c in table.columns if str(c.header) in RANK_ORDER]
        assert ids == [c for c in RANK_ORDER if c in ids]


def test_rank_and_cascade_say_which_probability_is_which(monkeypatch):
    rank = " ".join(draw("scenarios rank", 120, monkeypatch).output.split())
    cascade = " ".join(draw("scenarios cascade --runs 500", 120, monkeypatch).output.split())
    assert "each country alone" in rank
    assert "With the peer effect" in cascade
    assert "it sits a little apart from `scenarios rank`'s figure" in cascade
    assert "quote rank's, with its interval" in cascade


def test_compare_abbreviates_with_a_legend_only_where_names_do_not_fit(monkeypatch):
    narrow = draw("scenarios compare", 80, monkeypatch).output
    assert "what-ifs: A=gaza_escalation, B=russia_weakened" in " ".join(narrow.split())
    wide = draw("scenarios compare", 250, monkeypatch).output
    assert "what-ifs: A=" not in wide
    header = next(line for line in wide.splitlines() if line.startswith("country"))
    assert header.split() == [
        "country",
        "baseline",
        "gaza_escalation",
        "russia_weakened",
        "turkmen_neutrality_opens",
        "us_minerals_push",
        "uzbekistan_joins",
    ]


def test_colour_is_never_the_only_signal(monkeypatch, tmp_path):
    # Y's a from 5 to 10: Y 0.80 overtakes X 0.74 (tiny.py's hand-computed scores)
    whatifs = {"lift_y": "title: Lift Y\nvalues: [{factor: a, countries: [Y], set: 10}]\n"}
    ws = tiny.write(tmp_path / "t", whatifs=whatifs)
    compare = draw(f"scenarios compare -w {ws}", 80, monkeypatch).output
    xland = compare.split("Xland")[1].split("Yland")[0]
    yland = compare.split("Yland")[1].split("Zland")[0]
    # down one place and a lower score: said by the sign and the arrow, not only by red
    assert "↓1" in xland and "↑1" in yland and "+0.200" in yland, compare
    explain = draw("scenarios explain UZ", 80, monkeypatch).output
    assert re.search(r"^religious_resistance\s+−\s+6\s", explain, re.M)  # direction column
    assert "← KZ│UZ →" in explain  # which way a bar points, in words
    assert not re.search(r"\b(green|red)\b", explain)


def test_colour_notes_only_where_there_is_colour(monkeypatch):
    monkeypatch.chdir(ROOT)

    def factors(**env: str | None) -> str:
        terminal = {"COLUMNS": "80", "TERM": "xterm-256color", "SCENARIOS_WORKSPACE": ""}
        result = CliRunner(env={**terminal, **env}).invoke(app, ["factors"])
        assert result.exit_code == 0
        return result.stdout

    assert "colour: the same, from red" in factors(FORCE_COLOR="1", NO_COLOR=None)
    assert "colour" not in factors(FORCE_COLOR="1", NO_COLOR="1")
    assert "colour" not in factors(FORCE_COLOR=None, NO_COLOR=None)  # a pipe


def test_split_columns_repeats_row_labels_and_keeps_every_column():
    def make(columns):
        table = render.new_table()
        render.add_column(table, "row")
        for c in columns:
            render.add_column(table, f"column-{c:02d}", "right")
        table.add_row("label", *[f"{c:9d}" for c in columns])
        return table

    console = Console(width=60, file=None, record=True, no_color=True)
    console.print(render.split_columns(make, 10))
    text = console.export_text()
    assert all(f"column-{c:02d}" in text for c in range(10))
    assert text.count("label") == 2  # 5 + 10 columns of 11 need 115: two tables of 5 fit 60
    assert max(cell_len(line) for line in text.splitlines()) <= 60


def test_fit_takes_the_first_layout_that_fits():
    wide, narrow = render.new_table(), render.new_table()
    render.add_column(wide, "x" * 50)
    render.add_column(narrow, "y")
    choice = render.fit((wide, wide), (narrow, narrow))
    for width, expected in [(60, "x" * 50), (40, "y")]:
        console = Console(width=width, record=True, no_color=True)
        console.print(choice)
        assert console.export_text().split()[0] == expected


def test_breaking_wraps_after_an_underscore_and_folds_only_a_part_wider_than_the_column():
    from rich.measure import Measurement

    console = Console(width=80, no_color=True, markup=False)

    def lines(text: str, width: int) -> list[str]:
        drawn = console.render_lines(
            render.Breaking(text), console.options.update_width(width), pad=False
        )
        return ["".join(segment.text for segment in line).rstrip() for line in drawn]

    long = "religious_resistance_of_the_clergy"
    assert lines(long, 80) == [long]
    assert lines(long, 22) == ["religious_resistance_", "of_the_clergy"]
    assert lines(f"{long} +0.091\nweights -0.004", 30) == [
        "religious_resistance_of_the_",
        "clergy +0.091",
        "weights -0.004",
    ]
    assert lines("abcdefghij_k", 4) == ["abcd", "efgh", "ij_k"]  # folded only where it must
    # narrowest: its longest part; widest: its longest line
    assert Measurement.get(console, console.options, render.Breaking(long)) == (11, 34)


def test_critical_weights_say_whether_a_model_yaml_weight_exists(monkeypatch):
    # the example panel's analysts weigh on their own: no one model.yaml edit gives the weights
    panel = " ".join(
        draw(
            "scenarios sensitivity -m critical --panel example-panel", 120, monkeypatch
        ).output.split()
    )
    assert "the analysts have their own weights, so no one model.yaml weight gives these" in panel
    alone = " ".join(
        draw("scenarios sensitivity -m critical -w abraham-2020", 120, monkeypatch).output.split()
    )
    assert "the CSV also gives the model.yaml weight" in alone
