"""Bad input met by the ledger, the panel, the report and the terminal: each case ends in one
`error:` line with exit status 2 (or works), never a traceback, a hang or a lost record."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import scenarios
from scenarios.cli import app as cli
from scenarios.cli import render_tracking
from scenarios.cli.app import app
from scenarios.core import writers
from scenarios.core.errors import Problem
from scenarios.core.writers import held_lock
from scenarios.ledger.records import LEDGER_FILE, read_ledger

from .. import tiny

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: Any, env: dict[str, str] | None = None):
        return runner.invoke(app, [str(a) for a in args], env={**ENV, **(env or {})})

    return invoke


@pytest.fixture
def ws(tmp_path) -> Path:
    return tiny.write(tmp_path / "t")


def error_lines(result) -> list[str]:
    """The stderr lines of a run that must fail cleanly: exit 2, no traceback, all `error:`."""
    assert "Traceback" not in result.output
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), lines
    return lines


# --- the ledger's lock ----------------------------------------------------------------------


def test_records_through_a_link_and_the_real_path_all_land(ws, tmp_path, run):
    assert run("record", "-w", ws, "--date", "2026-02-17").exit_code == 0
    link = tmp_path / "link.jsonl"
    link.symlink_to(ws / LEDGER_FILE)
    script = (
        "import sys, scenarios; "
        "scenarios.record(sys.argv[1], ledger=sys.argv[2], note=sys.argv[3], date='2026-02-18')"
    )
    env = {**os.environ, "SCENARIOS_WORKSPACE": ""}
    paths = [link, ws / LEDGER_FILE, link, ws / LEDGER_FILE]
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(ws), str(p), f"run {n}"], env=env)
        for n, p in enumerate(paths)
    ]
    assert [r.wait(timeout=180) for r in runs] == [0, 0, 0, 0]
    records = read_ledger(ws / LEDGER_FILE).records
    assert sorted(r.record for r in records) == [1, 2, 3, 4, 5]
    assert sorted(r.note for r in records[1:]) == [f"run {n}" for n in range(4)]
    assert link.is_symlink()
    result = run("history", "-w", ws)
    assert result.exit_code == 0, result.output


def test_a_record_through_a_link_waits_for_one_through_the_real_path(ws, tmp_path, monkeypatch):
    scenarios.record(ws, date="2026-02-17")
    link = tmp_path / "link.jsonl"
    link.symlink_to(ws / LEDGER_FILE)
    waiting = threading.Event()
    sleep = writers.time.sleep

    def wait(seconds: float) -> None:
        waiting.set()
        sleep(seconds)

    monkeypatch.setattr(writers.time, "sleep", wait)
    thread = threading.Thread(
        target=lambda: scenarios.record(ws, ledger=link, note="second", date="2026-02-18")
    )
    with held_lock(ws / f".{LEDGER_FILE}.lock", Problem("busy")):
        thread.start()
        assert waiting.wait(60)  # the record through the link found the real file's lock
        assert thread.is_alive()
        assert len(read_ledger(ws / LEDGER_FILE).records) == 1
    thread.join(timeout=60)
    assert [r.note for r in read_ledger(ws / LEDGER_FILE).records] == ["", "second"]


def test_a_folder_where_the_lock_goes_is_named_in_the_error(ws, run):
    lock = ws / f".{LEDGER_FILE}.lock"
    lock.mkdir()
    lines = error_lines(run("record", "-w", ws))
    assert lines == [
        f"error: cannot make the lock file '{lock}': Is a directory (it keeps two writers apart; "
        "remove what stands at its name, or make the folder writable)"
    ]
    assert not (ws / LEDGER_FILE).exists()


def test_an_interrupted_record_says_that_it_landed(ws, tmp_path, monkeypatch, capsys):
    def interrupt(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCENARIOS_WORKSPACE", "")
    monkeypatch.setattr(render_tracking, "recorded", interrupt)
    monkeypatch.setattr(sys, "argv", ["scenarios", "record", "-w", str(ws)])
    with pytest.raises(SystemExit, match=r"^130$") as info:
        cli.main()
    assert info.value.code == 130
    assert capsys.readouterr().err == (
        "interrupted: record 1 was already appended to t/ledger.jsonl; it is kept "
        "(`scenarios history` shows it; recording again would add another)\n"
    )
    assert [r.record for r in read_ledger(ws / LEDGER_FILE).records] == [1]


def test_an_interrupt_before_the_record_lands_says_nothing_landed(ws, monkeypatch, capsys):
    def interrupt(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setenv("SCENARIOS_WORKSPACE", "")
    monkeypatch.setattr("scenarios.ledger.records.append", interrupt)
    monkeypatch.setattr(sys, "argv", ["scenarios", "record", "-w", str(ws)])
    with pytest.raises(SystemExit, match=r"^130$") as info:
        cli.main()
    assert info.value.code == 130
    assert capsys.readouterr().err == ""
    assert not (ws / LEDGER_FILE).exists()


# --- the cross-file checks come before the panel -----------------------------------------------


def test_an_unknown_group_with_a_panel_is_one_located_error(tmp_path, run):
    ws = tiny.write(tmp_path / "t", model=tiny.MODEL.replace("group: g2", "group: g3"))
    (ws / "panel").mkdir()
    (ws / "panel" / "alice.yaml").write_text(
        "analyst: Alice\nswing:\n  - {factor: a, rating: 100}\n  - {factor: b, rating: 50}\n"
        "  - {factor: c, rating: 20}\n",
        encoding="utf-8",
    )
    lines = error_lines(run("rank", "-w", ws))
    assert lines == [
        "error: t/model.yaml:11:31: factor 'c' names unknown group 'g3' (expected one of: g1, g2)"
    ]


# --- the ledger is read through the guarded reader -------------------------------------------

LEDGER_PLAIN = (
    "a ledger is a plain text file that `scenarios record` writes; remove it or give --ledger "
    "another path"
)


@pytest.mark.parametrize("command", ["history", "record", "score"])
def test_a_ledger_that_is_a_fifo_is_refused_not_waited_on(ws, run, command):
    os.mkfifo(ws / LEDGER_FILE)
    box: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: box.setdefault("r", run(command, "-w", ws)))
    thread.start()
    thread.join(20)
    if thread.is_alive():  # let the stuck reader go, then fail
        with open(ws / LEDGER_FILE, "w"):
            pass
        pytest.fail(f"`{command}` waited on the FIFO")
    assert error_lines(box["r"]) == [
        f"error: t/ledger.jsonl: is a named pipe (FIFO), not a regular file; it was not read "
        f"({LEDGER_PLAIN})"
    ]


def test_a_ledger_beyond_the_limit_is_refused_with_a_fitting_hint(ws, run, monkeypatch):
    from scenarios.ledger import records as ledger

    assert run("record", "-w", ws).exit_code == 0
    monkeypatch.setattr(ledger, "MAX_LEDGER_BYTES", 100)
    for command in ("history", "record", "score"):
        assert error_lines(run(command, "-w", ws)) == [
            "error: t/ledger.jsonl: the file is larger than the limit of 100 bytes (start a new "
            "ledger with --ledger NEW.jsonl and keep this one as an archive)"
        ], command
    assert len(read_ledger_lines(ws)) == 1


def read_ledger_lines(ws: Path) -> list[str]:
    return (ws / LEDGER_FILE).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "values nested too deeply to read"),
        ('{"record": 1' + "0" * 5000 + "}", "a number longer than 4,300 digits"),
    ],
    ids=["deep", "long-number"],
)
def test_a_ledger_line_python_cannot_read_is_located(ws, run, line, message):
    assert run("record", "-w", ws).exit_code == 0
    with open(ws / LEDGER_FILE, "a", encoding="utf-8") as f:
        f.write(line + "\n")
    lines = error_lines(run("history", "-w", ws))
    assert lines == [
        f"error: t/ledger.jsonl:2:1: {message} (each line is one record as `scenarios record` "
        "wrote it; mend the line or remove it)"
    ]


# --- the cache ---------------------------------------------------------------------------------


def test_a_cache_file_that_is_a_fifo_is_not_used(ws, run, tmp_path):
    import hashlib

    cache = tmp_path / "cache"
    cache.mkdir()
    name = hashlib.sha256(str(ws.resolve()).encode()).hexdigest()[:24]
    os.mkfifo(cache / f"{name}.json")
    box: dict[str, Any] = {}
    env = {"SCENARIOS_CACHE": str(cache)}
    thread = threading.Thread(target=lambda: box.setdefault("r", run("rank", "-w", ws, env=env)))
    thread.start()
    thread.join(20)
    if thread.is_alive():
        with open(cache / f"{name}.json", "w"):
            pass
        pytest.fail("`rank` waited on the cache FIFO")
    result = box["r"]
    assert result.exit_code == 0, result.output
    assert result.stdout.index("Xland") < result.stdout.index("Yland")


# --- text from files in charts ---------------------------------------------------------------


def test_dollar_signs_in_names_are_drawn_as_written(tmp_path, run):
    profiles = {**tiny.PROFILES, "x": tiny.PROFILES["x"].replace("name: Xland", "name: US$^$")}
    model = tiny.MODEL.replace("label: Factor A", "label: $5 to $6")
    ws = tiny.write(tmp_path / "t", model=model, profiles=profiles)
    out = tmp_path / "r.html"
    result = run(
        "report", "-w", ws, "-o", out, "--samples", 200, "--runs", 50, "--charts", tmp_path / "c"
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "US$^$" in out.read_text(encoding="utf-8")


def test_no_chart_text_is_read_as_mathematics():
    import numpy as np
    from matplotlib.text import Text

    from scenarios.reporting import charts

    fig = charts.intervals(
        ["US$^$", "$5 to $6"],
        np.array([0.5, 0.4]),
        np.array([0.4, 0.3]),
        np.array([0.6, 0.5]),
        "score $x$",
        ("$a$", "$b$"),
        charts.Look(),
    )
    charts.render(fig, "t", png=True)
    texts = [t for t in fig.findobj(Text) if "$" in t.get_text()]
    assert len(texts) >= 5  # two names, the axis label, two legend entries
    assert not any(t.get_parse_math() for t in texts)


# --- names that would collide with a table's own columns -------------------------------------


@pytest.mark.parametrize("factor", ["name", "id"])
@pytest.mark.parametrize("command", ["factors", "export", "sensitivity"])
def test_a_factor_named_like_a_column_is_refused_where_it_is_named(tmp_path, run, factor, command):
    model = tiny.MODEL.replace("  c: {label", f"  {factor}: {{label")
    profiles = {k: v.replace("  c:", f"  {factor}:") for k, v in tiny.PROFILES.items()}
    ws = tiny.write(tmp_path / "t", model=model, profiles=profiles)
    args = {"factors": ["-f", "csv"], "export": [tmp_path / "out"], "sensitivity": ["-f", "csv"]}
    assert error_lines(run(command, "-w", ws, *args[command])) == [
        f"error: t/model.yaml:11:3: factors.{factor}: '{factor}' is taken: the tables the tool "
        f"writes have a column '{factor}' beside these names; pick another name (got '{factor}')"
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["factors", "export", "sensitivity"])
def test_a_country_with_the_id_id_is_refused_where_it_is_named(tmp_path, run, command):
    profiles = {**tiny.PROFILES, "x": tiny.PROFILES["x"].replace("id: X", "id: id")}
    ws = tiny.write(tmp_path / "t", profiles=profiles)
    args = {"factors": ["-f", "csv"], "export": [tmp_path / "out"], "sensitivity": ["-f", "csv"]}
    assert error_lines(run(command, "-w", ws, *args[command])) == [
        "error: t/profiles/x.yaml:1:5: id: 'id' is taken: the tables the tool writes have a "
        "column 'id' beside these names; pick another name (got 'id')"
    ]


# --- a terminal that is not UTF-8 -------------------------------------------------------------


def test_a_latin_1_terminal_gets_question_marks_and_one_note(tmp_path):
    profiles = {**tiny.PROFILES, "x": tiny.PROFILES["x"].replace("name: Xland", "name: Σland")}
    ws = tiny.write(tmp_path / "t", profiles=profiles)
    env = {
        **os.environ,
        **ENV,
        "PYTHONIOENCODING": "latin-1",
        "SCENARIOS_CACHE": "",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "scenarios", "rank", "-w", str(ws)],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "?land" in done.stdout.decode("latin-1")
    assert done.stderr.decode("latin-1") == (
        "note: the terminal's encoding (latin-1) cannot show some characters; they are printed "
        "as '?' (set a UTF-8 locale, or PYTHONIOENCODING=utf-8, to see them)\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "scenarios", "rank", "-w", str(ws), "--set", "X.q=1"],
        env={**env, "PYTHONIOENCODING": "ascii"},
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.decode("ascii") == (
        "error: --set X.q=1: unknown factor 'q' (expected one of: a, b, c)\n"
    )


# --- panel files: one per analyst, named by an id ------------------------------------------------

ALICE = "analyst: Alice\nvalues:\n  Z:\n    a: 9\n"


def test_an_analyst_with_two_files_is_an_error_not_counted_twice(ws, run):
    (ws / "panel").mkdir()
    (ws / "panel" / "alice.yaml").write_text(ALICE, encoding="utf-8")
    (ws / "panel" / "alice.yml").write_text(ALICE, encoding="utf-8")
    for command in ("rank", "panel"):
        assert error_lines(run(command, "-w", ws)) == [
            "error: t/panel/alice.yml: analyst 'alice' has two files: alice.yaml and alice.yml "
            "(keep one of them; the name without .yaml/.yml is the id)"
        ]


def test_a_what_if_with_two_files_is_an_error(tmp_path, run):
    whatif = "title: More a\nvalues:\n  - {factor: a, shift: 1.0}\n"
    ws = tiny.write(tmp_path / "t", whatifs={"up": whatif})
    (ws / "whatif" / "up.yml").write_text(whatif, encoding="utf-8")
    assert error_lines(run("compare", "-w", ws)) == [
        "error: t/whatif/up.yml: what-if 'up' has two files: up.yaml and up.yml (keep one of "
        "them; the name without .yaml/.yml is the id)"
    ]


def test_panel_init_never_writes_beside_the_analysts_yml_file(ws, run):
    (ws / "panel").mkdir()
    (ws / "panel" / "carl.yml").write_text("analyst: Carl\n", encoding="utf-8")
    assert error_lines(run("panel", "init", "carl", "-w", ws)) == [
        "error: 't/panel/carl.yml' already exists (init never overwrites: it may hold "
        "judgements; choose another name or file)"
    ]
    assert sorted(p.name for p in (ws / "panel").iterdir()) == ["carl.yml"]


@pytest.mark.parametrize("name", ["carl\n", "carl\t", "car\x1bl"])
def test_panel_init_refuses_a_name_with_control_characters(ws, run, name):
    shown = name.replace("\n", "␊").replace("\t", "␉").replace("\x1b", "␛")
    assert error_lines(run("panel", "init", name, "-w", ws)) == [
        f"error: panel init {shown}: the name is the analyst's id and their file's name (use "
        "letters, digits, '-' and '_', starting with a letter)"
    ]
    assert not (ws / "panel").exists() or list((ws / "panel").iterdir()) == []


def test_a_panel_file_named_with_a_newline_is_not_an_analyst(ws, run):
    (ws / "panel").mkdir()
    (ws / "panel" / "carl\n.yaml").write_text("analyst: Carl\n", encoding="utf-8")
    assert error_lines(run("rank", "-w", ws)) == [
        "error: t/panel/carl␊.yaml: panel file name 'carl␊.yaml': the name is the analyst's id "
        "(use letters, digits, '-' and '_', starting with a letter)"
    ]


# --- critical weights with exact ties ----------------------------------------------------------


def brute_force_thresholds(ws: Any, k: int, steps: int = 20_001) -> tuple[float, float]:
    """The first weight of factor k, up from its own and down from it (the others rescaled in
    proportion), at which some country's rank differs from the ranking at its own weight:
    found by scoring a fine grid of weights, not by the closed form."""
    import numpy as np

    from scenarios.core import engine

    u, w = ws.normalized, ws.weights
    base = engine.ranks(u @ w)
    found = []
    for grid in (np.linspace(w[k], 1.0, steps)[1:], np.linspace(w[k], 0.0, steps)[1:]):
        weights = np.outer(1.0 - grid, w / (1.0 - w[k]))
        weights[:, k] = grid
        changed = (engine.ranks(weights @ u.T) != base).any(axis=1)
        found.append(float(grid[np.argmax(changed)]) if changed.any() else float("nan"))
    return found[0], found[1]


TIED = {
    # P and Q score the same (0.4·0.3 + 0.4·0.9 + 0.2·0.5 = 0.4·0.5 + 0.4·0.7 + 0.2·0.5 = 0.58)
    # and have the same value of c: no weight of c can part them
    "p": "id: P\nname: Pland\nfactors: {a: 3, b: 1, c: 5}\n",
    "q": "id: Q\nname: Qland\nfactors: {a: 5, b: 3, c: 5}\n",
    "r": "id: R\nname: Rland\nfactors: {a: 9, b: 6, c: 2}\n",
    "s": "id: S\nname: Sland\nfactors: {a: 1, b: 8, c: 9}\n",
}


@pytest.mark.parametrize("name", ["tied", "abraham-2020"])
def test_critical_weights_with_exact_ties_agree_with_brute_force(tmp_path, name):
    import numpy as np

    from scenarios.analyses.robustness import critical_weights

    root = tiny.write(tmp_path / "t", profiles=TIED) if name == "tied" else name
    ws = scenarios.load_workspace(root)
    found = critical_weights(ws)
    for k, factor in enumerate(ws.factor_ids):
        up, down = brute_force_thresholds(ws, k)
        for threshold, brute in ((found.increase[k], up), (found.decrease[k], down)):
            if threshold is None:
                assert np.isnan(brute), factor
            else:  # the grid's first changed point lies just past the exact threshold
                assert abs(threshold.weight - brute) <= 1e-4, (factor, threshold, brute)


def test_a_tie_that_no_weight_can_part_is_no_swap_at_plus_0(tmp_path, run):
    ws = tiny.write(tmp_path / "t", profiles=TIED)
    result = run("sensitivity", "-w", ws, "-m", "critical", "-f", "csv")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("c,"))
    assert "P ↔ Q" not in row and "Q ↔ P" not in row
    assert ",0,0," not in row  # no change of 0 (a swap 'at +0%')


# --- Unicode normal forms ------------------------------------------------------------------------

COMPOSED = "C\u00f4te"  # ô as one character
DECOMPOSED = "Co\u0302te"  # o + combining circumflex


@pytest.mark.parametrize(
    ("in_file", "typed"), [(DECOMPOSED, COMPOSED), (COMPOSED, DECOMPOSED)], ids=["nfd", "nfc"]
)
def test_a_name_matches_in_either_normal_form(tmp_path, run, in_file, typed):
    profiles = {**tiny.PROFILES, "x": tiny.PROFILES["x"].replace("name: Xland", f"name: {in_file}")}
    ws = tiny.write(tmp_path / "t", profiles=profiles)
    result = run("explain", typed, "-w", ws)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{COMPOSED} (X)")
    assert run("record", "-w", ws).exit_code == 0
    result = run("history", typed, "-w", ws, "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = [line.split(",") for line in result.stdout.splitlines() if line[:2] in ("X,", "Y,")]
    assert [(row[0], row[1], row[3]) for row in rows] == [("X", "1", COMPOSED)]


# --- minus zero ----------------------------------------------------------------------------------


def test_minus_zero_is_shown_as_zero(tmp_path, run):
    profiles = {**tiny.PROFILES, "z": tiny.PROFILES["z"].replace("c: 0", "c: -0.0")}
    model = tiny.MODEL.replace("scale: {min: 0, max: 10}", "scale: {min: -0.0, max: 10}")
    ws = tiny.write(tmp_path / "t", model=model, profiles=profiles)
    shown = run("factors", "-w", ws)
    assert shown.exit_code == 0, shown.output
    assert "factor values (0–10)" in shown.stdout
    assert "-0" not in shown.stdout
    explained = run("explain", "Z", "-w", ws, "--set", "Z.a=-0")
    assert explained.exit_code == 0, explained.output
    assert "-0" not in explained.stdout.replace("--set Z.a=-0", "")
    assert "-0" not in run("explain", "Z", "-w", ws, "-f", "csv").stdout


# --- counts in words -----------------------------------------------------------------------------


def test_a_panel_of_one_analyst_is_said_in_the_singular(ws, run):
    (ws / "panel").mkdir()
    (ws / "panel" / "alice.yaml").write_text(ALICE, encoding="utf-8")
    ranked = run("rank", "-w", ws)
    assert ranked.exit_code == 0, ranked.output
    assert "panel: 1 analyst's mean" in ranked.stdout
    assert "analysts'" not in ranked.stdout
    validated = run("validate", "-w", ws)
    assert validated.exit_code == 0, validated.output
    assert "t — 3 countries, 3 factors in 2 groups, 0 what-ifs, 1 analyst;" in validated.output


# --- every scoring command takes --panel-aggregate -----------------------------------------------

BOB = "analyst: Bob\nvalues:\n  Z:\n    a: 3\n"


def test_signposts_and_record_take_panel_aggregate(ws, run):
    (ws / "panel").mkdir()
    (ws / "panel" / "alice.yaml").write_text(ALICE, encoding="utf-8")
    (ws / "panel" / "bob.yaml").write_text(BOB, encoding="utf-8")
    shown = run("signposts", "-w", ws, "--panel-aggregate", "values=median")
    assert shown.exit_code == 0, shown.output
    assert "panel: 2 analysts' median, P their mean" in " ".join(shown.stdout.split())
    recorded = run("record", "-w", ws, "--panel-aggregate", "values=median")
    assert recorded.exit_code == 0, recorded.output
    assert read_ledger(ws / LEDGER_FILE).records[0].changes == ["--panel-aggregate values=median"]
    for command in ("signposts", "record"):
        assert error_lines(run(command, "-w", ws, "--panel-aggregate", "values=mode")) == [
            "error: --panel-aggregate values=mode: expected one of mean, median, trimmed_mean "
            "(got 'mode') (expected one of: mean, median, trimmed_mean)"
        ]


# --- score: linear in the records ----------------------------------------------------------------


def test_scores_to_date_are_the_pooled_scores_of_every_record_so_far(tmp_path, run):
    import json
    import math
    import random

    from scenarios.ledger.scorecard import scores_of

    from ..ledger.test_scorecard import MODEL, PROFILES, record

    root = tiny.write(tmp_path / "t", model=MODEL, profiles=PROFILES)
    rng = random.Random(7)
    lines = []
    for n in range(1, 301):
        date = ["2021-01-05", "2021-07-01", "2022-06-01"][n % 3]
        line = json.loads(
            record(n, date, date, {c: round(rng.uniform(0.01, 0.99), 3) for c in "XZ"})
        )
        if n == 150:
            line["base_probability"] = None  # from here on the base rate's scores are unknown
        lines.append(json.dumps(line))
    (root / LEDGER_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    card = scenarios.score(root, today="2023-03-01")
    assert len(card.records) == 300
    for n in (0, 1, 2, 99, 148, 149, 150, 299):
        pooled = [f for part in card.forecasts[: n + 1] for f in part]
        base = [card.records[k].base_probability for k in range(n + 1) for _ in card.forecasts[k]]
        want, got = scores_of(pooled, base), card.to_date(n)
        assert (got.resolved, got.events) == (want.resolved, want.events)
        for key in ("brier", "brier_base", "log_loss", "log_loss_base"):
            a, b = getattr(got, key), getattr(want, key)
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12), (n, key)
    assert math.isnan(card.to_date(299).brier_base) and not math.isnan(card.to_date(0).brier)
    result = run("score", "-w", root, "-f", "csv")
    assert result.exit_code == 0, result.output


# --- a link planted in the charts folder -------------------------------------------------------


def test_a_link_planted_in_the_charts_folder_is_not_followed(ws, tmp_path, run):
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me\n", encoding="utf-8")
    charts = tmp_path / "c"
    charts.mkdir()
    (charts / "contributions.svg").symlink_to(outside)
    result = run(
        "report", "-w", ws, "-o", tmp_path / "r.html", "--samples", 200, "--charts", charts
    )
    assert error_lines(result) == [
        f"error: cannot write charts into '{charts}': 'contributions.svg' there is a symbolic "
        "link (move it away, or write charts into another folder)"
    ]
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    assert [p.name for p in charts.iterdir()] == ["contributions.svg"]  # nothing else written
    assert not (tmp_path / "r.html").exists()


# --- aliases that multiply a file -----------------------------------------------------------------


@pytest.mark.parametrize("where", ["profiles/x.yaml", "whatif/w.yaml", "panel/alice.yaml"])
def test_aliases_that_would_multiply_a_file_are_refused(ws, run, where):
    long = "x" * 10_000
    aliases = "\n".join("  - *s" for _ in range(2_000))  # 20 MB written out, from 30 KB
    path = ws / where
    path.parent.mkdir(exist_ok=True)
    start = path.read_text(encoding="utf-8") if path.exists() else "analyst: Alice\n"
    path.write_text(f"{start}note: &s {long}\nmore:\n{aliases}\n", encoding="utf-8")
    line = start.count("\n") + 3  # the first item of `more:`
    lines = error_lines(within_seconds(30, lambda: run("rank", "-w", ws)))
    assert lines == [
        f"error: t/{where}:{line}:3: with every *alias written out, the values here would be "
        "longer than the limit of 10.0 MiB (write the value once, or use fewer aliases of long "
        "values)"
    ]


def within_seconds(seconds: float, work: Any) -> Any:
    box: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: box.setdefault("r", work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    return box["r"]


# --- the cache keeps positions ----------------------------------------------------------------


def test_a_document_from_the_warm_cache_keeps_its_positions(ws, tmp_path, monkeypatch):
    # an analyst's view of a profile is built from its document's positions (analysts.py,
    # _routed): a document from the cache must still give them, not 1:1
    monkeypatch.setenv("SCENARIOS_CACHE", str(tmp_path / "cache"))
    fresh = scenarios.load_workspace(ws).documents["profile:X"]
    cached = scenarios.load_workspace(ws).documents["profile:X"]
    assert fresh.data is not None and cached.data is None  # the second came from the cache
    for doc in (fresh, cached):
        located = doc.located()
        assert located.locate(("factors", "b", "low")) == (5, 22)  # `  b: {value: 2, low: 1`
        assert located.key_locations[("factors", "c")] == (6, 3)
