"""What a person sees: every table of every command at 80 and at 120 columns.

Each command is run in process as in a terminal of that width (a pipe, so without colour). The
tables rich draws are recorded on the way, so the checks can name the table that fails.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.table import Table
from typer.testing import CliRunner

from scenarios.api import load_workspace
from scenarios.cli import render
from scenarios.cli.app import app
from scenarios.cli.render import common
from scenarios.ledger.signposting import WAYS

from .. import tiny
from ..test_readme import blocks as readme_blocks

ROOT = Path(__file__).resolve().parents[2]
ENV = {"NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
WIDTHS = [80, 120]

# Every command with a table, beyond the README's tour (which is added below).
COMMANDS = [
    "scenarios rank",
    "scenarios rank --weight religious_resistance=2 --set UZ.us_engagement=8",
    "scenarios rank -w abraham-2020",
    "scenarios explain UZ",
    "scenarios explain UZ --full",
    "scenarios explain UZ --evidence",
    "scenarios explain KZ",
    "scenarios explain SD -w abraham-2020",
    "scenarios factors",
    "scenarios factors -w abraham-2020",
    "scenarios whatifs",
    "scenarios compare",
    "scenarios compare --full",
    "scenarios compare -a geometric --no-panel",
    "scenarios compare russia_weakened uzbekistan_joins gaza_escalation",
    "scenarios sensitivity -m oat -m critical --full",
    "scenarios sensitivity -m mc --samples 500",
    "scenarios sensitivity -m sobol --samples 128",
    "scenarios sensitivity -w abraham-2020 -m oat -m critical -m mc --samples 500 --full",
    "scenarios sensitivity -w abraham-2020 -m critical -m mc --samples 500",
    "scenarios backtest -w abraham-2020",
    "scenarios backtest -w abraham-2020 --full",
    "scenarios calibrate -w abraham-2020",
    "scenarios cascade --runs 2000",
    "scenarios cascade --runs 2000 --full",
    "scenarios signposts",
    "scenarios signposts --full",
    "scenarios signposts -a geometric --whatif gaza_escalation --full",
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
    # calibrate leads with its check in prose; a workbook's export lists the sheets it wrote
    assert drawn.tables or "calibrate" in command or "--xlsx" in command, "no table drawn"
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


# The first screen of each long command: (command, its titles that only --full prints)
FIRST_SCREENS = {
    "scenarios sensitivity --samples 2000": (
        "One at a time",
        "Critical weights: the smallest change",
        "Monte Carlo: probability of holding each rank",
        "Scores under uncertainty",
        "P(row ranks above column)",
    ),
    "scenarios signposts": (
        "would move one rank",
        "Indicators to watch (model.yaml)",
    ),
    "scenarios backtest -w abraham-2020": (
        "Baselines: each factor alone",
        "Predictions",
        "Reliability (predicted against observed, by bin)",
        "cohort sha256",
    ),
    "scenarios cascade --runs 2000": (
        "P(joined by the end of each year",
        "New joiners by the horizon",
        "Most frequent join orders",
        "P(row joins | column joins)",
    ),
    "scenarios signposts -w abraham-2020": ("would move one rank",),
}
CENTRAL_ASIA = ROOT / "scenarios" / "central-asia"


def row_of(lines: list[str], name: str) -> str:
    """The one line of a table that starts with `name`."""
    found = [line for line in lines if line.startswith(name + " ")]
    assert len(found) == 1, (name, lines)
    return found[0]


@pytest.mark.parametrize("command", list(FIRST_SCREENS))
def test_a_long_command_fits_one_screen_and_full_prints_every_table(command, monkeypatch):
    """24 lines: the output and the next prompt; its last line names --full, which prints the
    tables the first screen leaves out."""
    lines = draw(command, 80, monkeypatch).output.splitlines()
    assert len(lines) <= 23, "\n".join(lines)
    assert lines[-1].startswith("--full prints ")
    whole = " ".join(draw(f"{command} --full", 80, monkeypatch).output.split())
    for title in FIRST_SCREENS[command]:
        assert title not in " ".join(lines)
        assert title in whole
    assert "--full prints" not in whole


def test_sensitivity_leads_with_the_most_critical_weight_and_rank_stability(monkeypatch):
    import scenarios

    result = scenarios.sensitivity(CENTRAL_ASIA, ["critical", "mc"], samples=2000)
    assert result.critical is not None and result.monte_carlo is not None
    best = result.critical.most_critical
    assert best is not None
    factor = result.workspace.factor_ids[best[0]]
    lines = draw("scenarios sensitivity --samples 2000", 80, monkeypatch).output.splitlines()
    assert lines[0].startswith(f"Most critical: {factor} — ")
    # P(rank): a row a country in rank order, its chance of each rank in turn
    mc = result.monte_carlo
    rows = []
    for c in np.argsort(-mc.base_scores, kind="stable"):
        rows.append(row_of(lines, result.workspace.profiles[c].name))
        expected = [f"{100 * p:.1f}%" if p >= 0.0005 else "·" for p in mc.acceptability[c]]
        assert rows[-1].split()[-len(mc.acceptability) :] == expected
    assert [lines.index(row) for row in rows] == sorted(lines.index(row) for row in rows)


def test_signposts_lead_with_each_countrys_nearest_change(monkeypatch):
    import scenarios

    sp = scenarios.signposts(CENTRAL_ASIA)
    ws = sp.workspace
    lines = draw("scenarios signposts", 80, monkeypatch).output.splitlines()
    for i in sp.ranking.order:  # one row a country, its smaller move of the two ways
        moves = [m for m in (sp.best(i, way) for way in WAYS) if m is not None]
        nearest = min(moves, key=lambda m: abs(m.change))
        row = row_of(lines, ws.profiles[i].name)
        arrow = "↑ passes" if nearest.way == "up" else "↓ behind"
        assert f"{arrow} {ws.profiles[nearest.other].name}" in row
        assert ws.factor_ids[nearest.factor] in row
        assert f"→ {nearest.shown(*ws.scale):g}" in row


def test_backtest_leads_with_the_model_against_its_baselines(monkeypatch):
    import scenarios

    bt = scenarios.backtest("abraham-2020")
    assert bt.variants is not None
    lines = draw("scenarios backtest -w abraham-2020", 80, monkeypatch).output.splitlines()
    summary = bt.summary_frame()  # a row a set of predictions
    for key, label in (
        ("leave_one_out", "leave-one-out calibrated"),
        ("base_rate", "baseline: base rate"),
        ("equal_weights", "baseline: equal weights"),
    ):
        assert f"{summary.loc[key, 'skill']:+.3f}" in row_of(lines, label)
    for v in bt.variants.fits:  # the variants' skill, a row each
        assert row_of(lines, v.label).split()[-2] == f"{v.fit.loo_skill:+.3f}"


def test_cascade_leads_with_and_without_peers_a_row_a_country(monkeypatch):
    import scenarios

    c = scenarios.cascade(CENTRAL_ASIA, runs=2000)
    ws = c.workspace
    lines = draw("scenarios cascade --runs 2000", 80, monkeypatch).output.splitlines()
    words = c.words()
    waiting = [i for i in scenarios.rank(CENTRAL_ASIA).order if not c.already[i]]
    rows = [row_of(lines, ws.profiles[i].name) for i in waiting]
    assert [lines.index(row) for row in rows] == sorted(lines.index(row) for row in rows)
    for i, row in zip(waiting, rows, strict=True):
        assert words[i] in row and row.endswith(" pts")
    joined = [ws.profiles[i].name for i in range(len(ws.profiles)) if c.already[i]]
    assert joined and f"already joined: {', '.join(joined)}" in " ".join(lines)


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
        "scenarios sensitivity -m mc --samples 500 --full",
        "scenarios cascade --runs 500 --full",
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
    cascade = " ".join(draw("scenarios cascade --runs 500 --full", 120, monkeypatch).output.split())
    assert "each country alone" in rank
    assert "With the peer effect" in cascade
    assert "it sits a little apart from `scenarios rank`'s figure" in cascade
    assert "quote rank's, with its interval" in cascade


def test_compare_abbreviates_with_a_legend_only_where_names_do_not_fit(monkeypatch):
    narrow = draw("scenarios compare --full", 80, monkeypatch).output
    assert "what-ifs: A=gaza_escalation, B=russia_weakened" in " ".join(narrow.split())
    wide = draw("scenarios compare --full", 250, monkeypatch).output
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
    compare = draw(f"scenarios compare -w {ws} --full", 80, monkeypatch).output
    xland = compare.split("Xland")[1].split("Yland")[0]
    yland = compare.split("Yland")[1].split("Zland")[0]
    # down one place and a lower score: said by the sign and the arrow, not only by red
    assert "↓1" in xland and "↑1" in yland and "+0.200" in yland, compare
    explain = draw("scenarios explain UZ --full", 80, monkeypatch).output
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
        table = common.new_table()
        common.add_column(table, "row")
        for c in columns:
            common.add_column(table, f"column-{c:02d}", "right")
        table.add_row("label", *[f"{c:9d}" for c in columns])
        return table

    console = Console(width=60, file=None, record=True, no_color=True)
    console.print(common.split_columns(make, 10))
    text = console.export_text()
    assert all(f"column-{c:02d}" in text for c in range(10))
    assert text.count("label") == 2  # 5 + 10 columns of 11 need 115: two tables of 5 fit 60
    assert max(cell_len(line) for line in text.splitlines()) <= 60


def test_fit_takes_the_first_layout_that_fits():
    wide, narrow = common.new_table(), common.new_table()
    common.add_column(wide, "x" * 50)
    common.add_column(narrow, "y")
    choice = common.fit((wide, wide), (narrow, narrow))
    for width, expected in [(60, "x" * 50), (40, "y")]:
        console = Console(width=width, record=True, no_color=True)
        console.print(choice)
        assert console.export_text().split()[0] == expected


def test_breaking_wraps_after_an_underscore_and_folds_only_a_part_wider_than_the_column():
    from rich.measure import Measurement

    console = Console(width=80, no_color=True, markup=False)

    def lines(text: str, width: int) -> list[str]:
        drawn = console.render_lines(
            common.Breaking(text), console.options.update_width(width), pad=False
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
    assert Measurement.get(console, console.options, common.Breaking(long)) == (11, 34)


def test_critical_weights_say_whether_a_model_yaml_weight_exists(monkeypatch):
    # the example panel's analysts weigh on their own: no one model.yaml edit gives the weights
    panel = " ".join(
        draw(
            "scenarios sensitivity -m critical --panel example-panel --full", 120, monkeypatch
        ).output.split()
    )
    assert "the analysts have their own weights, so no one model.yaml weight gives these" in panel
    alone = " ".join(
        draw(
            "scenarios sensitivity -m critical -w abraham-2020 --full", 120, monkeypatch
        ).output.split()
    )
    assert "the CSV also gives the model.yaml weight" in alone


SCREEN = 24  # rows of the terminal the first screen is measured in


def first_screen(command: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], str]:
    """The default output at 80 columns: its lines, and the whole of it on one line."""
    lines = draw(command, 80, monkeypatch).output.splitlines()
    assert len(lines) <= SCREEN, f"{len(lines)} lines:\n" + "\n".join(lines)
    return lines, " ".join(" ".join(lines).split())


def line_of(lines: list[str], pattern: str) -> int:
    found = [n for n, line in enumerate(lines) if re.search(pattern, line)]
    assert found, f"no line matches {pattern!r}:\n" + "\n".join(lines)
    return found[0]


FACTOR_HEADER = r"^factor\s+±\s+value\s+range\s+conf\s+norm\s+weight\s+contrib\b"


@pytest.mark.parametrize(
    "command",
    ["scenarios explain UZ", "scenarios explain UZ --panel example-panel", "scenarios explain KG"],
)
def test_explain_answers_on_the_first_screen(command, monkeypatch):
    """The answer of `explain`: the line with the probability, and the factor table, whole."""
    lines, text = first_screen(command, monkeypatch)
    assert line_of(lines, r"\(\w\w\) — rank \d of 5, score 0\.\d{3}, P\(≤5y\) \d+%") < SCREEN
    header = line_of(lines, FACTOR_HEADER)
    ws = load_workspace(ROOT / "scenarios" / "central-asia")
    rows = [line_of(lines, rf"^{factor}\s+[+−]\s") for factor in ws.factor_ids]
    assert header < min(rows) and max(rows) < SCREEN
    assert "(90%: " in text and "base rate alone: 1 of 5 in 5.7 years" in text
    assert (
        line_of(lines, r"^main push ↑ (\w+ \((high|low)\)|–) · pull ↓ \w+ \((high|low)\)$") < SCREEN
    )
    assert "--evidence" in lines[-1] and "--full" in lines[-1]
    assert "Evidence (" not in text and "Gap to" not in text  # asked for, not printed


def test_explain_names_the_push_and_the_pull(monkeypatch):
    # Uzbekistan, w·(u − ½): multivector_openness 0.130·(0.75 − 0.5) = +0.033 lifts most;
    # religious_resistance (against, value 6) 0.217·(0.40 − 0.5) = −0.022 holds back most
    lines, _ = first_screen("scenarios explain UZ", monkeypatch)
    push = lines[line_of(lines, r"^main push")]
    expected = "main push ↑ multivector_openness (high) · pull ↓ religious_resistance (high)"
    assert " ".join(push.split()) == expected


def test_explain_evidence_and_full_print_the_rest(monkeypatch):
    short = draw("scenarios explain UZ", 80, monkeypatch).output
    evidence = draw("scenarios explain UZ --evidence", 80, monkeypatch).output
    full = draw("scenarios explain UZ --full", 80, monkeypatch).output
    assert evidence.startswith(short.rsplit("\n\n", 1)[0])  # the short form, then the evidence
    assert "Evidence (web addresses shortened" in evidence and "Gap to" not in evidence
    assert "--full" in evidence.splitlines()[-1]
    for part in (
        "Gap to Kazakhstan (rank 1): 0.094 in score",  # 0.636 − 0.542
        "What would have to change",
        "P = 1 − (1 − p)^5, p = logistic(",
        "Evidence (web addresses shortened",
    ):
        assert part in " ".join(full.split()), part
    assert len(full.splitlines()) > 100 and "--evidence" not in full


def test_compare_answers_on_the_first_screen(monkeypatch):
    """The answer of `compare`: one row a what-if, saying who changes place and whose
    probability changes, baseline → what-if."""
    lines, text = first_screen("scenarios compare", monkeypatch)
    header = line_of(lines, r"^what-if\s+ranking\s+P\(≤5y\) that changes")
    ws = load_workspace(ROOT / "scenarios" / "central-asia")
    rows = {name: line_of(lines, rf"^{name}\s") for name in ws.whatifs}
    assert header < min(rows.values()) and max(rows.values()) < SCREEN
    # turkmen_neutrality_opens sets Turkmenistan's values alone: no other country changes
    row = lines[rows["turkmen_neutrality_opens"]]
    assert re.search(r"unchanged\s+Turkmenistan \d+→\d+%\s*$", row), row
    assert "Uzbekistan joins" in lines[rows["uzbekistan_joins"]]
    # the baseline figure is rank's
    ranked = CliRunner(env={**ENV, "COLUMNS": "80"}).invoke(app, ["rank", "-f", "json"])
    import json

    uz = next(r for r in json.loads(ranked.stdout)["tables"]["rankings"] if r["id"] == "UZ")
    assert f"Uzbekistan {round(100 * uz['probability'])}→" in text
    assert "--full" in lines[-1] and "A=gaza_escalation" not in text


def test_compare_says_who_changes_place(monkeypatch, tmp_path):
    # Y's a from 5 to 10: Y 0.60 + 0.4·0.5 = 0.80 overtakes X 0.74 (tiny.py); no link, so
    # the score changes are shown instead of probabilities
    whatifs = {"lift_y": "title: Lift Y\nvalues: [{factor: a, countries: [Y], set: 10}]\n"}
    ws = tiny.write(tmp_path / "t", whatifs=whatifs)
    lines, _ = first_screen(f"scenarios compare -w {ws}", monkeypatch)
    row = line_of(lines, r"^lift_y\s")
    assert lines[row].split() == ["lift_y", "Yland", "↑1", "Yland", "+0.200"]
    assert lines[row + 1].split() == ["Xland", "↓1"]
    assert line_of(lines, r"^baseline: Xland > Yland > Zland$") > row


def test_compare_full_prints_every_table(monkeypatch):
    full = " ".join(draw("scenarios compare --full", 80, monkeypatch).output.split())
    assert "what-ifs: A=gaza_escalation" in full
    assert "What drives each change" in full and "P(≤5y): baseline and what-ifs" in full


def test_explain_says_what_was_changed_on_the_first_screen(monkeypatch):
    _, text = first_screen("scenarios explain UZ --whatif russia_weakened", monkeypatch)
    assert "changes: --whatif russia_weakened" in text


# --- rank's caption, push/pull labels and --watch at 80×24 ------------------------------------


def test_rank_caption_says_p_and_its_interval_in_two_lines(monkeypatch):
    lines = draw("scenarios rank", 80, monkeypatch).output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("P(≤5y)"))
    # the P paragraph ends at the first line ending in a full stop: two lines at 80 columns
    end = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith("."))
    assert end - start + 1 <= 2, lines[start : end + 1]
    p = " ".join(" ".join(lines[start : end + 1]).split())
    assert p == (
        "P(≤5y): within 5 years of 2026-05-31, each country alone; below, 90% interval over "
        "weights, values, the link (slope, base rate) and its 5 alternatives."
    )
    # the base rate and the legend share the next line
    assert lines[end + 1].rstrip() == (
        "Base rate: 1 of 5 in 5.7 years → 18%. (high)/(low): factor's value on its scale."
    )


@pytest.mark.parametrize("width", [80, 200])
def test_rank_names_factors_by_label_where_they_fit(width, monkeypatch):
    """The bundled labels fit at 80 columns: UZ's strongest pull is religious_resistance, an
    against-factor (a high value pulls down), and the legend says once what (high) means."""
    out = draw("scenarios rank", width, monkeypatch).output
    assert "↓ Religious-social resistance (high)" in out
    assert "religious_resistance" not in out and "multivector_openness" not in out
    assert "↑ Multi-vector openness (high)" in out
    assert out.count("(high)/(low):") == 1
    assert all(cell_len(line) <= width for line in out.splitlines())


def test_rank_falls_back_to_ids_where_labels_do_not_fit(tmp_path, monkeypatch):
    """A label longer than the column has room for at 80 columns: the ids come back, and the
    table stays within 80 columns; at 200 columns the label fits."""
    import shutil

    ws = tmp_path / "ca"
    shutil.copytree(ROOT / "scenarios" / "central-asia", ws)
    model = ws / "model.yaml"
    text = model.read_text(encoding="utf-8")
    long = "Religious and social resistance to normalisation with Israel"
    assert "label: Religious-social resistance" in text
    model.write_text(text.replace("Religious-social resistance", long), encoding="utf-8")
    narrow = draw(f"scenarios rank -w {ws}", 80, monkeypatch).output
    assert "↓ religious_resistance (high)" in narrow and long not in narrow
    assert "↑ multivector_openness (high)" in narrow  # ids for every row, not a mix
    assert all(cell_len(line) <= 80 for line in narrow.splitlines())
    wide = draw(f"scenarios rank -w {ws}", 200, monkeypatch).output
    assert f"↓ {long} (high)" in wide and "religious_resistance" not in wide


def test_watch_keeps_title_and_headers_on_a_24_row_screen():
    """After a change, what moved, two errors and the watching line go under the table: the
    screen is cut to 24 rows from the bottom of the caption, never the title or headers."""
    import io

    from rich.text import Text

    from scenarios.analyses import scoring
    from scenarios.cli.watch import WatchState, screen

    ranking = scoring.rank(load_workspace(ROOT / "scenarios" / "central-asia"))
    state = WatchState(ROOT / "scenarios" / "central-asia")
    state.last_good = render.ranking(ranking)
    state.moved = [Text("Since the last good state (run 2): " + "Uzbekistan P 23 → 24%; " * 6)]
    state.errors = ["error: profiles/uz.yaml:4:14: a value is outside the scale"] * 2
    state.runs, state.at = 3, "12:00:00"
    console = Console(file=io.StringIO(), width=80, height=100, color_system=None)
    console.print(screen(state, height=24))
    lines = console.file.getvalue().splitlines()
    assert len(lines) <= 24, "\n".join(lines)
    assert lines[0] == "Central Asia and the Abraham Accords"
    assert lines[2].split()[:4] == ["rank", "country", "score", "P(≤5y)"]
    assert sum("Tajikistan" in line for line in lines) == 1  # the whole table is there
    # the watching line, whole, at the bottom (two lines: the folder's path is long)
    assert " ".join(lines[-2:]).startswith("watching ") and "run 3 at 12:00:00" in lines[-2]
    assert lines[-1].endswith("Ctrl-C to stop")
    assert sum(line.startswith("error: ") for line in lines) == 2
    assert any("more lines: the command without --watch prints them all" in x for x in lines)
    # twenty errors take at most half the screen: the title and headers stay
    state.errors = [
        f"error: profiles/uz.yaml:{n}:1: a value is outside the scale" for n in range(20)
    ]
    console = Console(file=io.StringIO(), width=80, height=100, color_system=None)
    console.print(screen(state, height=24))
    lines = console.file.getvalue().splitlines()
    assert len(lines) <= 24 and lines[0] == "Central Asia and the Abraham Accords"
    assert lines[2].split()[:2] == ["rank", "country"]
    assert 0 < sum(line.startswith("error: ") for line in lines) < 12
    assert any(line.startswith("… and ") and line.endswith(" more lines") for line in lines)
    assert " ".join(lines[-2:]).startswith("watching ")
    # with room for everything, nothing is left out
    console = Console(file=io.StringIO(), width=80, height=100, color_system=None)
    console.print(screen(state, height=60))
    whole = console.file.getvalue()
    assert "more lines" not in whole and "Event: " in whole


def test_renderers_draw_finished_results_without_running_an_analysis(monkeypatch):
    """`explain --full`, the Sobol table and the cascade draw what the API handed over: with the
    ranking and the signposts unavailable to them, they still draw it all, in that order."""
    import io

    import scenarios
    from scenarios import api
    from scenarios.analyses import scoring
    from scenarios.ledger import signposting

    ws = scenarios.load_workspace()
    ranking = scenarios.rank(ws)
    expl = scenarios.explain(ws, "UZ")
    moves = api.what_would_change(expl.ranking)
    sens = scenarios.sensitivity(ws, ["sobol"], samples=128)
    c = scenarios.cascade(ws, runs=2000)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a renderer ran an analysis")

    monkeypatch.setattr(scoring, "rank", refuse)
    monkeypatch.setattr(signposting, "signposts", refuse)

    def text(parts: list[object]) -> str:
        console = Console(file=io.StringIO(), width=120, color_system=None)
        for part in parts:
            console.print(part)
        return console.file.getvalue()

    full = text(render.explanation(expl, full=True, moves=moves))
    assert "What would have to change" in full
    assert "What would have to change" not in text(render.explanation(expl, full=True))
    # the Sobol table's columns follow the ranking given (by hand: its order), not the file's
    header = next(
        line for line in text(render.sensitivity(sens, ranking)).splitlines() if "input" in line
    )
    shown = [cid for cid in header.split() if cid in ws.country_ids]
    assert shown == [ws.country_ids[i] for i in ranking.order][: len(shown)]
    assert shown != list(ws.country_ids)[: len(shown)]
    assert "Spur effect" in text(render.cascade(c, ranking))
