"""The README's tour output comes from real runs: this test re-runs each command and compares.

Refresh the README after a deliberate change with:  UPDATE_README=1 pytest tests/test_readme.py
"""

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenarios.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"<!-- tour: (?P<cmd>.+?) -->\n```console\n\$ (?P=cmd)\n(?P<out>.*?)```", re.S)
ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}


def run(command: str) -> str:
    args = shlex.split(command)
    assert args[0] == "scenarios"
    result = CliRunner(env=ENV).invoke(app, args[1:])
    assert result.exit_code == 0, result.output
    return "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"


def blocks() -> list[re.Match]:
    return list(BLOCK.finditer(README.read_text(encoding="utf-8")))


def test_readme_has_a_tour():
    commands = [m["cmd"] for m in blocks()]
    assert "scenarios rank" in commands
    assert len(commands) >= 8


@pytest.mark.parametrize("command", [m["cmd"] for m in blocks()])
def test_tour_output_matches_a_real_run(command, monkeypatch):
    monkeypatch.chdir(README.parent)  # at the checkout's root, as the README's reader is
    actual = run(command)
    if os.environ.get("UPDATE_README"):
        text = README.read_text(encoding="utf-8")
        pattern = re.compile(
            r"(<!-- tour: "
            + re.escape(command)
            + r" -->\n```console\n\$ "
            + re.escape(command)
            + r"\n).*?```",
            re.S,
        )
        README.write_text(
            pattern.sub(lambda m: m.group(1) + actual + "```", text), encoding="utf-8"
        )
        return
    expected = next(m["out"] for m in blocks() if m["cmd"] == command)
    assert actual == expected


def test_python_api_section_runs(tmp_path, monkeypatch):
    """The README's Python example is real code: run it (in a scratch folder, since it writes)."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Python API") :]
    code = section[section.index("```python\n") + len("```python\n") :]
    code = code[: code.index("```")]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCENARIOS_WORKSPACE", "")
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "out" / "manifest.json").is_file()
    assert (tmp_path / "mine" / "model.yaml").is_file()
