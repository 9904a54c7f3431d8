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
from scenarios import cli, render_tracking, writers
from scenarios.cli import app
from scenarios.errors import Problem
from scenarios.ledger import LEDGER_FILE, read_ledger
from scenarios.writers import held_lock

from . import tiny

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
    with pytest.raises(SystemExit) as info:
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
    monkeypatch.setattr("scenarios.ledger.append", interrupt)
    monkeypatch.setattr(sys, "argv", ["scenarios", "record", "-w", str(ws)])
    with pytest.raises(SystemExit) as info:
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
        "  - {factor: c, rating: 20}\n", encoding="utf-8"
    )
    lines = error_lines(run("rank", "-w", ws))
    assert lines == [
        "error: t/model.yaml:11:31: factor 'c' names unknown group 'g3' (expected one of: g1, g2)"
    ]

