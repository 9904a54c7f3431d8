"""The forecast ledger: record and history round-trip, atomic appends, clear errors for a ledger
edited into an invalid state, and a ledger the workspace's hash and discovery never see."""

import copy
import datetime as dt
import json
import os
import subprocess
import sys
import threading
from dataclasses import replace

import numpy as np
import pytest
from typer.testing import CliRunner

import scenarios
from scenarios.analyses import probability_words
from scenarios.cli.app import app
from scenarios.core import writers
from scenarios.core.errors import OutputError, Problem, WorkspaceError
from scenarios.core.writers import held_lock
from scenarios.ledger.records import LEDGER_FILE, read_ledger
from scenarios.workspace.files import content_hash

ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
MEND = "each line is one record as `scenarios record` wrote it; mend the line or remove it"


@pytest.fixture
def ws(tmp_path):
    return scenarios.init(tmp_path / "ws")


def run(*args):
    return CliRunner(env=ENV).invoke(app, [str(a) for a in args])


def test_record_and_history_round_trip(ws):
    first = scenarios.rank(ws)
    scenarios.record(ws, note="baseline", date="2026-05-31")
    later = scenarios.rank(ws, sets={"KG": {"russia_dependence": 6.5}})
    scenarios.record(
        ws, note="KG remittances fell", date="2026-06-14", sets=["KG.russia_dependence=6.5"]
    )
    history = scenarios.history(ws)
    frame = history.to_frame()
    assert [r.record for r in history.records] == [1, 2]
    assert [r.note for r in history.records] == ["baseline", "KG remittances fell"]
    for number, ranking in ((1, first), (2, later)):
        for i, cid in enumerate(ranking.ids):
            row = frame.loc[(cid, number)]
            # JSON keeps every float exactly
            assert row["score"] == ranking.scores[i]
            assert row["rank"] == ranking.ranks[i]
            assert row["probability"] == pytest.approx(ranking.probability[i], nan_ok=True, abs=0)
            assert row["probability_low"] == pytest.approx(
                ranking.interval[0][i], nan_ok=True, abs=0
            )
            assert row["probability_high"] == pytest.approx(
                ranking.interval[1][i], nan_ok=True, abs=0
            )
    record = history.records[1]
    assert record.changes == ["--set KG.russia_dependence=6.5"]
    assert record.content_hash == first.workspace.content_hash
    assert (record.horizon, record.level, record.seed) == (5.0, 0.9, 20251106)
    assert record.as_of.isoformat() == "2026-05-31"
    kg = next(c for c in record.countries if c.id == "KG")
    assert kg.values["russia_dependence"][0] == 6.5
    # the history of one country, by name in any case
    assert scenarios.history(ws, ["kyrgyzstan"]).ids == ("KG",)
    series = scenarios.history(ws).series("KG", "probability")
    assert series[1] > series[0]  # less dependence on Russia: a higher probability


def test_records_are_numbered_and_the_same_content_is_noticed(ws):
    assert scenarios.record(ws, date="2026-05-31").same_as is None
    again = scenarios.record(ws, date="2026-06-01")
    assert again.record.record == 2 and again.same_as == 1
    other = scenarios.record(ws, date="2026-06-02", sets=["KG.russia_dependence=6.5"])
    assert other.same_as is None
    lines = (ws / LEDGER_FILE).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["record"] for line in lines] == [1, 2, 3]


def test_recording_changes_neither_the_content_hash_nor_the_workspace(ws):
    before = content_hash(ws)
    loaded = scenarios.load_workspace(ws)
    scenarios.record(ws, date="2026-05-31")
    assert (ws / LEDGER_FILE).is_file()
    assert content_hash(ws) == before
    again = scenarios.load_workspace(ws)
    assert again.content_hash == before
    assert again.country_ids == loaded.country_ids and set(again.whatifs) == set(loaded.whatifs)


def test_init_does_not_copy_a_ledger(ws, tmp_path, monkeypatch):
    from scenarios.workspace import find as workspace

    scenarios.record(ws, date="2026-05-31")
    monkeypatch.setattr(workspace, "bundled_root", lambda: ws.parent)
    monkeypatch.setattr(workspace, "bundled_names", lambda: [ws.name])
    copy = scenarios.init(tmp_path / "copy", template=ws.name)
    assert (copy / "model.yaml").is_file() and not (copy / LEDGER_FILE).exists()


def test_appending_is_atomic(ws, monkeypatch):
    scenarios.record(ws, date="2026-05-31")
    before = (ws / LEDGER_FILE).read_bytes()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError, match="No space left on device"):
        scenarios.record(ws, date="2026-06-01")
    assert (ws / LEDGER_FILE).read_bytes() == before
    assert [p.name for p in ws.iterdir() if p.name.startswith(".")] == []  # no temporary file


def test_records_made_at_once_all_land_with_their_own_numbers(ws):
    script = (
        "import sys, scenarios; scenarios.record(sys.argv[1], note=sys.argv[2], date='2026-05-31')"
    )
    env = {**os.environ, "SCENARIOS_WORKSPACE": ""}
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(ws), f"run {n}"], env=env)
        for n in range(4)
    ]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0, 0]
    records = read_ledger(ws / LEDGER_FILE).records
    assert sorted(r.record for r in records) == [1, 2, 3, 4]
    assert sorted(r.note for r in records) == [f"run {n}" for n in range(4)]
    assert [p.name for p in ws.iterdir() if p.name.startswith(".")] == []  # no lock left


def test_a_record_waits_for_the_one_in_progress(ws, monkeypatch):
    scenarios.record(ws, date="2026-05-31")
    lock = ws / f".{LEDGER_FILE}.lock"
    waiting = threading.Event()
    sleep = writers.time.sleep

    def wait(seconds):
        waiting.set()
        sleep(seconds)

    monkeypatch.setattr(writers.time, "sleep", wait)
    thread = threading.Thread(target=lambda: scenarios.record(ws, note="second", date="2026-06-01"))
    with held_lock(lock, Problem("busy")):
        thread.start()
        assert waiting.wait(60)  # the second record reached the lock, and waits
        assert thread.is_alive()
        assert len(read_ledger(ws / LEDGER_FILE).records) == 1
    thread.join(timeout=60)
    assert [r.note for r in read_ledger(ws / LEDGER_FILE).records] == ["", "second"]


def test_a_record_gives_up_on_a_lock_held_too_long(ws, monkeypatch):
    monkeypatch.setattr(writers, "LOCK_WAIT", 0.2)
    with held_lock(ws / f".{LEDGER_FILE}.lock", Problem("busy")):
        result = run("record", "-w", ws)
    assert result.exit_code == 2
    assert "another `scenarios record` has been writing" in result.output
    assert "wait for it to finish" in result.output
    assert not (ws / LEDGER_FILE).exists()


def test_the_installed_copy_takes_no_ledger(ws, tmp_path):
    installed = replace(scenarios.load_workspace(ws), installed=True)
    with pytest.raises(OutputError, match="installed copy"):
        scenarios.record(installed)
    elsewhere = tmp_path / "mine.jsonl"
    scenarios.record(installed, ledger=elsewhere, date="2026-05-31")
    assert len(read_ledger(elsewhere).records) == 1


def test_a_ledger_edited_into_an_invalid_state_gives_each_line(ws):
    scenarios.record(ws, date="2026-05-31")
    scenarios.record(ws, date="2026-06-01")
    path = ws / LEDGER_FILE
    first, second = path.read_text(encoding="utf-8").splitlines()
    broken = second.replace('"record": 2', '"record": 1').replace('"score": 0.', '"score": 1.')
    path.write_text(
        "\n".join([first, first.replace('"note": ""', '"note" ""'), "", broken, "[1, 2]"]) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(WorkspaceError, match="not valid JSON") as caught:
        read_ledger(path)
    lines = [str(p).replace(str(path), "ledger.jsonl") for p in caught.value.problems]
    mend = "each line is one record as `scenarios record` wrote it; mend the line or remove it"
    assert lines[0] == f"ledger.jsonl:2:65: not valid JSON: Expecting ':' delimiter ({mend})"
    assert lines[1].startswith("ledger.jsonl:4:1: record 1: countries.0.score: input should be")
    assert lines[-1] == f"ledger.jsonl:5:1: expected a JSON object {{...}} ({mend})"
    # the CLI says the same, one line each, exit status 2
    result = run("history", "-w", ws)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].endswith(
        f"ledger.jsonl:2:65: not valid JSON: Expecting ':' delimiter ({mend})"
    )
    # and nothing is appended to a broken ledger
    assert run("record", "-w", ws).exit_code == 2


def test_a_duplicate_record_number_is_named(ws):
    scenarios.record(ws, date="2026-05-31")
    path = ws / LEDGER_FILE
    line = path.read_text(encoding="utf-8")
    path.write_text(line + line, encoding="utf-8")
    with pytest.raises(WorkspaceError, match="record 1 is also on line 1"):
        read_ledger(path)


def test_history_of_an_unknown_country_suggests_one(ws):
    scenarios.record(ws, date="2026-05-31")
    with pytest.raises(scenarios.OptionError, match="did you mean 'Uzbekistan'"):
        scenarios.history(ws, ["Uzbekstan"])


def test_cli_record_and_history(ws):
    result = run("record", "-w", ws, "--date", "2026-05-31", "--note", "baseline")
    assert result.exit_code == 0, result.output
    assert "Recorded #1 on 2026-05-31 in" in result.stdout
    assert "note: baseline" in result.stdout
    # as rank prints it: what the interval covers and the base rate beside the probabilities
    printed = " ".join(result.stdout.split())
    assert "90% interval over weights, values, the link (slope, base rate)" in printed
    assert "Base rate: 1 of 5 in 5.7 years → " in printed
    run("record", "-w", ws, "--date", "2026-06-07", "--set", "UZ.religious_resistance=5.5")
    result = run("history", "-w", ws)
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line[:1].isalpha()}
    # Uzbekistan's probability rose: its sparkline goes from the bottom to the top
    latest = scenarios.rank(ws, sets=["UZ.religious_resistance=5.5"]).to_frame()
    uz = latest.loc["UZ"]
    # to the precision its interval allows, as rank shows it, and in words below the table
    shown = probability_words.percent(
        uz["probability"], uz["probability_low"], uz["probability_high"]
    )
    assert f"Uzbekistan {uz['probability_words']}" in " ".join(result.stdout.split())
    assert "▁█" in rows["Uzbekistan"] and shown in rows["Uzbekistan"]
    assert rows["Kazakhstan"].split()[-1] == "1"
    assert "#1  2026-05-31" in result.stdout and "baseline" in result.stdout
    assert "[--set UZ.religious_resistance=5.5]" in result.stdout
    csv = run("history", "-w", ws, "UZ", "-f", "csv").stdout.splitlines()
    assert csv[0].startswith("id,record,date,name,rank")  # the main table alone
    assert [line.split(",")[:2] for line in csv[1:]] == [["UZ", "1"], ["UZ", "2"]]
    records = run("history", "-w", ws, "UZ", "-f", "csv", "--table", "records").stdout
    assert [line.split(",")[0] for line in records.splitlines()] == ["record", "1", "2"]


def test_history_compares_only_records_over_the_latest_horizon(ws):
    five = scenarios.rank(ws)
    scenarios.record(ws, date="2026-05-31")
    scenarios.record(ws, date="2026-06-28", sets=["UZ.religious_resistance=5.5"])
    three = scenarios.rank(ws, horizon=3)
    scenarios.record(ws, date="2026-07-29", horizon=3)
    history = scenarios.history(ws)
    assert history.like_latest.tolist() == [False, False, True]
    result = run("history", "-w", ws)
    assert result.exit_code == 0, result.output
    uz = next(line for line in result.stdout.splitlines() if line.startswith("Uzbekistan"))
    i3, i5 = three.ids.index("UZ"), five.ids.index("UZ")
    p3 = probability_words.percent(three.probability[i3], *three.interval_of(i3))
    p5 = probability_words.percent(five.probability[i5], *five.interval_of(i5))
    assert p3 != p5 and p3 in uz and p5 not in uz
    assert "P(≤3y) by record" in result.stdout
    # one comparable record: a one-character sparkline, and no change to show
    assert uz.split()[1] in "▁▂▃▄▅▆▇█" and "pts" not in uz
    text = " ".join(result.stdout.split())
    assert (
        "Only 1 of the 3 records were made like the latest (a horizon of 3 years, the additive "
        "aggregation, no what-if)" in text
    )


def test_a_what_if_is_not_recorded(ws):
    result = run("record", "-w", ws, "--whatif", "gaza_escalation")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --whatif gaza_escalation: a what-if is a hypothesis, not a forecast, and the "
        "ledger keeps forecasts, to be scored once they resolve (record the forecast itself; "
        "`scenarios compare` weighs the what-ifs)"
    )
    assert not (ws / LEDGER_FILE).exists()


def test_records_of_an_older_ledger_made_under_a_what_if_are_set_apart(ws):
    scenarios.record(ws, date="2026-05-31", note="forecast")
    scenarios.record(ws, date="2026-06-01", note="hypothesis")
    path = ws / LEDGER_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    second = json.loads(lines[1])
    second["changes"] = ["--whatif gaza_escalation"]
    path.write_text(lines[0] + "\n" + json.dumps(second) + "\n", encoding="utf-8")
    history = scenarios.history(ws)
    # the latest is the hypothesis: only it compares with itself
    assert history.like_latest.tolist() == [False, True]
    card = scenarios.score(ws, today="2026-06-12")
    assert [r.record for r in card.records] == [1] and card.hypotheses == 1
    result = run("score", "-w", ws, "--today", "2026-06-12")
    assert "1 record made under a what-if left out: a what-if is a hypothesis" in " ".join(
        result.stdout.split()
    )


def test_cli_refuses_a_bad_date_naming_the_option(ws):
    result = run("record", "-w", ws, "--date", "17/02/2026")
    assert result.exit_code == 2
    assert "Invalid value for '--date': expected a date as YYYY-MM-DD (got '17/02/2026')" in (
        result.stderr
    )
    assert not (ws / LEDGER_FILE).exists()
    # one line from the console script
    script = subprocess.run(
        [sys.executable, "-m", "scenarios", "record", "-w", str(ws), "--date", "17/02/2026"],
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
    )
    assert (script.returncode, script.stdout, script.stderr) == (
        2,
        "",
        "error: Invalid value for '--date': expected a date as YYYY-MM-DD (got '17/02/2026') "
        "(see 'scenarios record --help')\n",
    )
    # the API names its keyword argument
    with pytest.raises(scenarios.OptionError, match=r"^date: expected a date") as caught:
        scenarios.record(ws, date="17/02/2026")
    assert str(caught.value) == "date: expected a date as YYYY-MM-DD (got '17/02/2026')"
    assert not (ws / LEDGER_FILE).exists()


def test_a_date_before_the_evidence_or_after_today_is_refused(ws):
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    before = run("record", "-w", ws, "--date", "2026-05-30")  # evidence: 2026-05-31
    assert before.exit_code == 2
    assert before.stderr == (
        "error: --date 2026-05-30 is before the evidence date 2026-05-31 in model.yaml "
        "(a forecast cannot predate the evidence it rests on)\n"
    )
    after = run("record", "-w", ws, "--date", tomorrow.isoformat())
    assert after.exit_code == 2
    assert after.stderr == (
        f"error: --date {tomorrow} is after today ({today}) (a forecast cannot be dated in "
        "the future; leave --date out for today)\n"
    )
    assert not (ws / LEDGER_FILE).exists()
    # the API refuses the same, naming its argument
    with pytest.raises(scenarios.OptionError, match="before the evidence date") as caught:
        scenarios.record(ws, date="2020-01-01")
    assert str(caught.value).startswith("date 2020-01-01 is before the evidence date 2026-05-31")
    with pytest.raises(scenarios.OptionError, match=f"date {tomorrow} is after today"):
        scenarios.record(ws, date=tomorrow)
    assert not (ws / LEDGER_FILE).exists()
    # the evidence date itself and today are both days a forecast can be made
    assert run("record", "-w", ws, "--date", "2026-05-31").exit_code == 0
    assert scenarios.record(ws, date=today).record.date == today
    assert [r.date for r in read_ledger(ws / LEDGER_FILE).records] == [
        dt.date(2026, 5, 31),
        today,
    ]


def test_history_without_records_says_how_to_make_one(ws):
    result = run("history", "-w", ws)
    assert result.exit_code == 0
    assert "No records yet" in result.stdout and "`scenarios record`" in result.stdout
    assert np.isnan(np.nan)  # nothing else to check: no table


def test_a_record_is_not_the_same_as_one_with_another_interval_or_seed(ws):
    scenarios.record(ws, date="2026-05-31")
    assert scenarios.record(ws, date="2026-05-31", interval=0.5).same_as is None
    assert scenarios.record(ws, date="2026-05-31", interval=0.5).same_as == 2
    assert scenarios.record(ws, date="2026-05-31", interval=0.5, seed=3).same_as is None
    result = run("record", "-w", ws, "--date", "2026-05-31")
    assert result.exit_code == 0
    assert "record #1: the forecast stands." in " ".join(result.stdout.split())
    result = run("record", "-w", ws, "--date", "2026-05-31", "--interval", "0.8")
    assert result.exit_code == 0
    assert "stands as it was" not in result.stdout


def _edits():
    """Hand edits that break a record, and the problem each must give at read time."""

    def values(n, factor, triple):
        return lambda r: r["countries"][n]["values"].__setitem__(factor, triple)

    def drop(n, factor):
        return lambda r: r["countries"][n]["values"].pop(factor)

    def set_(key, value, where=lambda r: r):
        return lambda r: where(r).__setitem__(key, value)

    def first_id(r):
        r["countries"][2]["id"] = r["countries"][0]["id"]

    def no_weight(r):
        for factor in r["model"]["factors"].values():
            factor["weight"] = 0

    model = lambda r: r["model"]  # noqa: E731
    kg = lambda r: r["countries"][1]  # noqa: E731
    f = "religious_resistance"
    return [
        (set_("countries", []), "countries: the record has no countries"),
        (values(1, f, [9.0, 1.0, 2.0]), f"countries.1: KG: values.{f} is [9, 1, 2]: needs "),
        (values(1, f, [1.0, 2.0, 3.0]), f"countries.1: KG: values.{f} is [1, 2, 3]: needs "),
        (values(1, f, [11.0, 1.0, 12.0]), f"countries.1: KG: values.{f} is [11, 1, 12]: outside"),
        (drop(1, f), f"countries.1: KG: no value for model factor '{f}'"),
        (values(1, "other", [1.0, 1.0, 1.0]), "countries.1: KG: values.other is not a factor"),
        (first_id, "countries.2: KZ: also at countries.0"),
        (set_("record", True), "record: input should be a valid integer"),
        (set_("rank", 1.0, kg), "countries.1.rank: input should be a valid integer"),
        (set_("seed", True), "seed: input should be a valid integer"),
        (set_("factors", {}, model), "model: factors: the model has no factors"),
        (set_("groups", {}, model), "model: factors.russia_dependence: group 'great_powers' is"),
        (set_("scale", [10, 0], model), "model: scale: min (10) must be below max (0)"),
        (no_weight, "model: factors: all effective weights are zero"),
        (set_("horizon", 1000), "horizon: input should be less than or equal to 100"),
        (set_("as_of", "9999-06-01"), "horizon: 5 years from 9999-06-01 ends after the year 9999"),
        # the letters of a country's id keep their case (kG was shown for KG)
        (set_("high", 0.01, kg), "countries.1: KG: needs low <= probability <= high"),
    ]


def test_records_that_break_the_rules_are_refused_when_read(ws):
    scenarios.record(ws, date="2026-05-31")
    path = ws / LEDGER_FILE
    good = json.loads(path.read_text(encoding="utf-8"))
    edits = _edits()
    lines = []
    for n, (edit, _) in enumerate(edits, start=1):
        broken = copy.deepcopy(good)
        broken["record"] = n
        edit(broken)
        lines.append(json.dumps(broken))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"ledger\.jsonl") as caught:
        read_ledger(path)
    problems = caught.value.problems
    assert [p.line for p in problems] == list(range(1, len(edits) + 1))
    for problem, (_, expected) in zip(problems, edits, strict=True):
        number = "" if problem.line in (8,) else f"record {problem.line}: "  # record: true
        assert problem.message.startswith(number + expected), problem.message
        assert (problem.file, problem.column) == (path, 1)


def test_a_record_without_countries_is_an_error_not_a_traceback(ws):
    scenarios.record(ws, date="2026-05-31")
    path = ws / LEDGER_FILE
    record = json.loads(path.read_text(encoding="utf-8"))
    record["countries"] = []
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    for command in (["diff", "record:1"], ["history"], ["score"]):
        result = run(*command, "-w", ws)
        assert result.exit_code == 2, result.output
        assert result.stderr == (
            f"error: {path}:1:1: record 1: countries: the record has no countries ({MEND})\n"
        )


def test_tied_ranks_are_kept(ws):
    scenarios.record(ws, date="2026-05-31")
    path = ws / LEDGER_FILE
    record = json.loads(path.read_text(encoding="utf-8"))
    for country in record["countries"]:
        country["rank"] = 1
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (read,) = read_ledger(path).records
    assert [c.rank for c in read.countries] == [1] * 5
    assert run("diff", "record:1", "-w", ws).exit_code == 0


@pytest.mark.parametrize(
    "command",
    [["history"], ["score"], ["diff", "record:1"], ["export", "out"], ["report", "-o", "r.html"]],
)
def test_a_ledger_named_but_missing_is_an_error(ws, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = run(*command, "-w", ws, "--ledger", "nonexist.jsonl")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "error: no ledger at nonexist.jsonl (check the path; `scenarios record --ledger "
        "nonexist.jsonl` starts one)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws"]  # nothing written


def test_a_ledger_named_but_missing_is_an_error_in_the_api_too(ws, tmp_path):
    missing = tmp_path / "nonexist.jsonl"
    for call in (
        lambda: scenarios.history(ws, ledger=missing),
        lambda: scenarios.score(ws, ledger=missing),
        lambda: scenarios.diff("record:1", workspace=ws, ledger=missing),
    ):
        with pytest.raises(
            scenarios.OptionError, match=r"^no ledger at .*nonexist\.jsonl \(check the path"
        ):
            call()
    # the workspace's own ledger, not made yet, has no records; a named one is started by record
    assert scenarios.history(ws).records == ()
    result = run("record", "-w", ws, "--ledger", tmp_path / "new.jsonl", "--date", "2026-05-31")
    assert result.exit_code == 0, result.output
    assert len(scenarios.history(ws, ledger=tmp_path / "new.jsonl").records) == 1


# --- each probability to the precision its own interval allows ------------------------------

# (probability, low, high) by record and country, set by hand in the ledger. UZ's interval is
# 30 points wide (step 1 point): 23.40% shows as 23%, 24.12% as 24%. TM's records keep no
# interval: its figures keep their decimal. KG moves 0.2 points inside a 30-point interval.
HAND = {
    1: {"UZ": (0.2340, 0.10, 0.40), "TM": (0.0472, None, None), "KG": (0.030, 0.0, 0.30)},
    2: {"UZ": (0.2412, 0.11, 0.41), "TM": (0.0581, None, None), "KG": (0.032, 0.0, 0.30)},
}


def _hand_ledger(ws):
    scenarios.record(ws, date="2026-05-31")
    scenarios.record(ws, date="2026-06-07", note="again")
    path = ws / LEDGER_FILE
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for c in record["countries"]:
            if c["id"] in HAND[record["record"]]:
                c["probability"], c["low"], c["high"] = HAND[record["record"]][c["id"]]
        lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(output, name):
    return next(line for line in output.splitlines() if line.startswith(name)).split()


def test_history_shows_each_probability_to_its_intervals_precision(ws):
    _hand_ledger(ws)
    result = run("history", "-w", ws)
    assert result.exit_code == 0, result.output
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    # first, last, change: a level to its interval's step, a change with its decimal
    assert _row(result.stdout, "Uzbekistan")[2:5] == ["23%", "24%", "+0.7"]
    assert _row(result.stdout, "Turkmenistan")[2:5] == ["4.7%", "5.8%", "+1.1"]
    assert _row(result.stdout, "Kyrgyzstan")[2:5] == ["3%", "3%", "+0.2"]
    text = " ".join(result.stdout.split())
    # 24% unlikely (20–45), 5.8% very unlikely (5–20), 3% almost no chance (1–5)
    assert (
        "P in words (ICD 203), the latest record: Uzbekistan unlikely · Turkmenistan very "
        "unlikely · Kyrgyzstan almost no chance" in text
    )
    # the machine format keeps the full figures
    csv = run("history", "-w", ws, "-f", "csv").stdout
    assert "0.2412" in csv and "0.0472" in csv


def test_diff_and_watch_show_each_probability_to_its_intervals_precision(ws):
    from scenarios.cli.render_tracking import moved_lines
    from scenarios.ledger.diffing import diff, state_of_record
    from scenarios.ledger.records import read_ledger

    _hand_ledger(ws)
    result = run("diff", "record:1", "record:2", "-w", ws)
    assert result.exit_code == 0, result.output
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    # country, score, rank, P: one state's figure where both show the same
    assert _row(result.stdout, "Uzbekistan")[3:6] == ["23", "→", "24%"]
    assert _row(result.stdout, "Turkmenistan")[3:6] == ["4.7", "→", "5.8%"]
    assert _row(result.stdout, "Kyrgyzstan")[3] == "3%"
    text = " ".join(result.stdout.split())
    assert (
        "P in words (ICD 203), in record 2: Uzbekistan unlikely · Turkmenistan very unlikely "
        "(was almost no chance) · Kyrgyzstan almost no chance" in text
    )
    # the same content: P moves without the score, where the move shows (not KG's 0.2 points)
    assert "P moves without the score, or against it, for UZ, TM:" in text
    # watch's line: the moves a reader can see, with the words of the new figure; KG's 0.2
    # points inside its 30-point interval do not show
    one, two = read_ledger(ws / LEDGER_FILE).records
    (line,) = moved_lines(diff(state_of_record(one), state_of_record(two)), "run 2")
    assert "Uzbekistan P 23 → 24% (unlikely)" in line.plain
    assert "Turkmenistan P 4.7 → 5.8% (very unlikely)" in line.plain
    assert "Kyrgyzstan" not in line.plain
