"""Shared fixtures: a small valid workspace written as YAML text into a temporary folder.

The texts below are the contract of the line:column assertions in test_workspace.py and
test_cli_errors.py: every line number there is counted from these strings (line 1 is the first
line). Edit a text here and those numbers move.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

# model.yaml: 2 groups, 3 factors.
#  1 schema_version: 1
#  5 stale_after_years: 2
#  6 groups:           7 politics (weight 2, line 9)   10 economy (weight 1, line 12)
# 13 factors:         14 openness (15-18)  19 resistance (20-23)  24 trade (25-28)
MODEL = """\
schema_version: 1
title: Test model
question: Which country joins first?
scale: {min: 0, max: 10}
stale_after_years: 2
groups:
  politics:
    label: Politics
    weight: 2
  economy:
    label: Economy
    weight: 1
factors:
  openness:
    group: politics
    label: Openness
    weight: 1
    direction: for
  resistance:
    group: politics
    label: Resistance
    weight: 0.5
    direction: against
  trade:
    group: economy
    label: Trade
    weight: 1
    direction: for
"""

# profiles/*.yaml: one factor in block style (lines 5-10), two in flow style (lines 11, 12).
PROFILES = {
    "alpha": """\
schema_version: 1
id: AA
name: Alpha
factors:
  openness:
    value: 6
    low: 5
    high: 7
    confidence: high
    sources: [report A]
  resistance: {value: 4, low: 3, high: 5, sources: [report B]}
  trade: {value: 5, sources: [report C]}
""",
    "beta": """\
schema_version: 1
id: BB
name: Beta
factors:
  openness:
    value: 3
    low: 2
    high: 4
    confidence: medium
    sources: [report D]
  resistance: {value: 7, low: 6, high: 8, sources: [report E]}
  trade: {value: 2, sources: [report F]}
""",
    "gamma": """\
schema_version: 1
id: CC
name: Gamma
factors:
  openness:
    value: 8
    low: 7
    high: 9
    confidence: low
    sources: [report G]
  resistance: {value: 2, low: 1, high: 3, sources: [report H]}
  trade: {value: 9, sources: [report I]}
""",
}

# whatif/open_up.yaml
WHATIFS = {
    "open_up": """\
schema_version: 1
title: Alpha opens up
values:
  - factor: openness
    shift: 1
    countries: [AA, BB]
weights:
  - group: economy
    scale: 1.5
""",
}


@dataclass
class TmpWorkspace:
    """A workspace folder under tmp_path and helpers to corrupt its files line by line."""

    root: Path

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> Path:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def replace_line(self, rel: str, line: int, new: str) -> Path:
        """Replace line ``line`` (1-based) of a file; the old line must exist."""
        lines = self.read(rel).splitlines(keepends=True)
        assert 1 <= line <= len(lines), f"{rel} has no line {line}"
        lines[line - 1] = new if new.endswith("\n") else new + "\n"
        return self.write(rel, "".join(lines))

    def insert_line(self, rel: str, line: int, new: str) -> Path:
        """Insert a line so that it becomes line ``line`` (1-based)."""
        lines = self.read(rel).splitlines(keepends=True)
        assert 1 <= line <= len(lines) + 1, f"{rel} has no line {line}"
        lines.insert(line - 1, new if new.endswith("\n") else new + "\n")
        return self.write(rel, "".join(lines))

    def substitute(self, rel: str, old: str, new: str) -> Path:
        """Replace the one occurrence of ``old`` in a file."""
        text = self.read(rel)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
        return self.write(rel, text.replace(old, new))


def write_workspace(root: Path) -> TmpWorkspace:
    tmp = TmpWorkspace(root)
    tmp.write("model.yaml", MODEL)
    for name, text in PROFILES.items():
        tmp.write(f"profiles/{name}.yaml", text)
    for name, text in WHATIFS.items():
        tmp.write(f"whatif/{name}.yaml", text)
    return tmp


@pytest.fixture
def tmp_ws(tmp_path: Path) -> TmpWorkspace:
    """A valid workspace in ``tmp_path / "ws"`` (model, profiles alpha/beta/gamma, what-if
    open_up), ready to be corrupted by a test."""
    return write_workspace(tmp_path / "ws")
