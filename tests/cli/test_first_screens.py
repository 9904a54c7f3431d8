"""Every command's default output fits one 80×24 terminal and holds its answer there.

A terminal of 24 rows shows 23 lines of output above the next prompt. Each command's answer is
named here as a pattern its first screen must show; `--full` (or `--evidence`) prints the rest,
and the machine formats (-f csv/json/markdown) always carry everything. `scenarios schema` prints
JSON for editors, a machine format, and is not a screen.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import scenarios
from scenarios.cli.app import app
from scenarios.workspace.find import bundled_root

SCREEN = 23
ENV = {"COLUMNS": "80", "LINES": "24", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}

# command (run in a copy of central-asia with a ledger of two records) → its answer
ANSWERS = {
    "rank": r"^\s+2\s+Uzbekistan\s+0\.\d{3}\s+\d+%",
    "explain UZ": r"Uzbekistan .*\(UZ\) — rank 2 of 5, score 0\.\d{3}, P\(≤5y\) \d+%",
    "factors": r"^±\s+factor\s+KZ\s+UZ\s+TM\s+KG\s+TJ",
    "whatifs": r"^gaza_escalation\s",
    "validate": r"^ok: ",
    "compare": r"^gaza_escalation\s+(unchanged|\w+ [↑↓]\d)",
    "sensitivity": r"^Most critical: \w+",
    "signposts": r"^Uzbekistan\s+[↑↓] (passes|behind) ",
    "calibrate": r"^Base rate check: ",
    "calibrate -w abraham-2020": r"^  slope: \d+\.\d{3}$",
    "backtest -w abraham-2020": r"^Backtest: 30 resolved outcomes",
    "cascade": r"^Uzbekistan\s+\d+%",
    "panel --panel example-panel": r"^(incentives|pessimist|sceptic)\s",
    "history": r"^Uzbekistan\s",
    "diff record:1": r"^What changed: record 1 ",
    "score": r"^Forecasts scored against outcomes: ",
    "record --date 2026-06-15": r"^Recorded #3 on 2026-06-15 in ledger\.jsonl",
    "init mine": r"mine",
    "export out": r"^wrote \d+ files to out",
    "report -o page.html --samples 300 --runs 300": r"",  # writes the page, prints nothing
    "panel init carl -o carl.yaml": r"carl\.yaml",
    "new fresh -q Q? --country KZ,Kazakhstan --factor x,for,g": r"^created fresh: 1 country",
    "import evidence.csv": r"^evidence\.csv: \d+ changes in 7 cells of 5 profiles$",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("screens") / "ws"
    shutil.copytree(bundled_root() / "central-asia", root)
    scenarios.record(root, date="2026-06-01")
    scenarios.record(root, date="2026-06-08", sets=["UZ.religious_resistance=5.5"])
    # a sheet of seven edits in five profiles, for `import`
    rows = [f"{c},religious_resistance,5,0,10" for c in ("KZ", "UZ", "TM", "KG", "TJ")]
    rows += ["UZ,us_engagement,7.5,5,9", "KG,us_engagement,4.5,3,6"]
    (root / "evidence.csv").write_text("id,factor,value,low,high\n" + "\n".join(rows) + "\n")
    return root


def test_every_command_is_named_here():
    """A new command gets its answer named here, with the pattern its first screen shows."""
    import typer

    group = typer.main.get_command(app)
    names = set(group.commands)  # type: ignore[attr-defined]
    named = {command.split()[0] for command in ANSWERS} | {"schema", "matrix"}
    assert names <= named, sorted(names - named)


@pytest.mark.parametrize("command", list(ANSWERS))
def test_the_answer_is_on_the_first_screen(command, folder, monkeypatch):
    monkeypatch.chdir(folder)
    result = CliRunner(env=ENV).invoke(app, command.split())
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # a message is one line wherever it goes and wraps only on the terminal: count its rows
    rows = sum(max(1, -(-len(line) // 80)) for line in lines)
    assert rows <= SCREEN, f"{rows} rows:\n{result.stdout}"
    if ANSWERS[command]:
        assert any(re.search(ANSWERS[command], line) for line in lines), result.stdout
