"""Shared fixtures: a small valid workspace written as YAML text into a temporary folder.

The texts below are the contract of the line:column assertions in test_workspace.py and
test_cli_errors.py: every line number there is counted from these strings (line 1 is the first
line). Edit a text here and those numbers move.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The cache of validated files goes to a folder of the test run, never the user's; and no
    answer is kept, so that every test computes what it checks (tests/cli/test_answers.py
    turns them on)."""
    import os

    os.environ["SCENARIOS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["SCENARIOS_ANSWERS"] = "0"


@pytest.fixture(autouse=True, scope="session")
def _each_app_built_once() -> None:
    """typer builds an app's click commands from the functions' signatures on every invoke
    (the whole app, about 40 ms, for each test's one command); the tests invoke the app
    thousands of times, so CliRunner builds each app once per run. The app's commands keep no
    state between runs: each invoke makes its own context."""
    import typer.main
    import typer.testing

    built: dict[int, tuple[object, object]] = {}  # the app kept, so that its id is not reused

    def get_command(app: typer.Typer) -> object:
        if id(app) not in built:
            built[id(app)] = (app, typer.main.get_command(app))
        return built[id(app)][1]

    typer.testing._get_command = get_command  # type: ignore[assignment]


# --- the bundled workspace's report, for the report's tests (a test file may define its own) ---

REPORT_SAMPLES = {"samples": 300, "runs": 300, "seed": 7}  # small, and seeded: quick and fixed


@pytest.fixture(scope="module")
def central():
    """The bundled Central Asia workspace."""
    from scenarios.api import load_workspace

    return load_workspace("central-asia")


@pytest.fixture(scope="module")
def results(central):
    """The analyses of its report, on REPORT_SAMPLES."""
    from scenarios.api import report

    return report(central, **REPORT_SAMPLES)


@pytest.fixture(scope="module")
def pages(central, results):
    """Its report in English and in Arabic, by language."""
    from scenarios.reporting.builder import build_report

    return {lang: build_report(central, results, lang=lang) for lang in ("en", "ar")}


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


@dataclass(frozen=True)
class BadInput:
    """A corruption of the valid workspace and every problem it must cause, in order.

    ``edits`` are (file, line, new text) for TmpWorkspace.replace_line; a new text with several
    lines inserts the extra ones after it. ``problems`` are (file, line, column, message, hint).
    """

    id: str
    edits: tuple[tuple[str, int, str], ...]
    problems: tuple[tuple[str, int, int, str, str | None], ...]

    def apply(self, ws: TmpWorkspace) -> TmpWorkspace:
        for rel, line, new in self.edits:
            ws.replace_line(rel, line, new)
        return ws

    def error_lines(self, prefix: str = "ws/") -> list[str]:
        """The lines the CLI must print, with files shown as ``prefix + file``."""
        return [
            f"error: {prefix}{rel}:{line}:{column}: {message}" + (f" ({hint})" if hint else "")
            for rel, line, column, message, hint in self.problems
        ]


MODEL_Y = "model.yaml"
ALPHA = "profiles/alpha.yaml"
BETA = "profiles/beta.yaml"
GAMMA = "profiles/gamma.yaml"
WHATIF = "whatif/open_up.yaml"
RANGE_HINT = "low <= value <= high"
MISSING_HINT = "add it, or set `missing: midpoint` in model.yaml"

# Columns are counted by hand from the texts above, e.g. in
# "  resistance: {value: 6, low: 3, high: 5, ...}" the 5 after "high: " is column 40.
BAD_INPUTS = [
    BadInput(
        "duplicate-key-model",
        ((MODEL_Y, 9, "    weight: 2\n    weight: 3"),),
        ((MODEL_Y, 10, 5, "duplicate key 'weight'", "it is already set on line 9; keep one"),),
    ),
    BadInput(
        "duplicate-key-profile",
        ((BETA, 8, "    high: 4\n    value: 3.5"),),
        ((BETA, 9, 5, "duplicate key 'value'", "it is already set on line 6; keep one"),),
    ),
    BadInput(
        "duplicate-key-flow",
        ((BETA, 12, "  trade: {value: 2, value: 3}"),),
        ((BETA, 12, 21, "duplicate key 'value'", "it is already set on line 12; keep one"),),
    ),
    BadInput(
        "wrong-type",
        ((MODEL_Y, 17, '    weight: "heavy"'),),
        (
            (
                MODEL_Y,
                17,
                13,
                "factors.openness.weight: input should be a valid number, unable "
                "to parse string as a number (got 'heavy')",
                None,
            ),
        ),
    ),
    BadInput(
        "boolean",
        ((ALPHA, 6, "    value: yes"),),
        ((ALPHA, 6, 12, "factors.openness.value: expected a number, got a boolean", None),),
    ),
    BadInput(
        "nan",
        ((ALPHA, 6, "    value: .nan"),),
        (
            (
                ALPHA,
                6,
                12,
                "factors.openness.value: input should be a finite number (got nan)",
                None,
            ),
        ),
    ),
    BadInput(
        "inf",
        ((ALPHA, 12, "  trade: {value: .inf, sources: [report C]}"),),
        ((ALPHA, 12, 18, "factors.trade.value: input should be a finite number (got inf)", None),),
    ),
    BadInput(
        "out-of-scale",
        ((ALPHA, 12, "  trade: {value: 12, sources: [report C]}"),),
        ((ALPHA, 12, 18, "trade.value = 12 is outside the scale 0..10", None),),
    ),
    BadInput(
        "low-out-of-scale",
        ((ALPHA, 7, "    low: -1"),),
        ((ALPHA, 7, 10, "openness.low = -1 is outside the scale 0..10", None),),
    ),
    BadInput(
        "low-above-value",
        ((ALPHA, 7, "    low: 6.5"),),
        ((ALPHA, 7, 10, "openness: low (6.5) is above value (6)", RANGE_HINT),),
    ),
    BadInput(
        "value-above-high",
        ((ALPHA, 11, "  resistance: {value: 6, low: 3, high: 5, sources: [report B]}"),),
        ((ALPHA, 11, 40, "resistance: value (6) is above high (5)", RANGE_HINT),),
    ),
    BadInput(
        "negative-weight",
        ((MODEL_Y, 22, "    weight: -1"),),
        (
            (
                MODEL_Y,
                22,
                13,
                "factors.resistance.weight: input should be greater than or equal to 0 (got -1)",
                None,
            ),
        ),
    ),
    BadInput(
        "all-weights-zero",
        ((MODEL_Y, 9, "    weight: 0"), (MODEL_Y, 12, "    weight: 0")),
        (
            (
                MODEL_Y,
                14,
                3,
                "all effective weights are zero",
                "give at least one factor and its group a weight above 0",
            ),
        ),
    ),
    BadInput(
        "unknown-group",
        ((MODEL_Y, 25, "    group: econmy"),),
        (
            (
                MODEL_Y,
                25,
                12,
                "factor 'trade' names unknown group 'econmy'",
                "did you mean 'economy'?",
            ),
        ),
    ),
    BadInput(
        "unknown-factor",
        ((ALPHA, 12, "  trad: {value: 5, sources: [report C]}"),),
        (
            (ALPHA, 12, 3, "unknown factor 'trad'", "did you mean 'trade'?"),
            (ALPHA, 5, 3, "factor 'trade' has no value", MISSING_HINT),
        ),
    ),
    BadInput(
        "unknown-key-model",
        ((MODEL_Y, 17, "    weigth: 1"),),
        ((MODEL_Y, 17, 5, "unknown key 'weigth'", "did you mean 'weight'?"),),
    ),
    BadInput(
        "unknown-key-profile",
        ((ALPHA, 9, "    confidnce: high"),),
        ((ALPHA, 9, 5, "unknown key 'confidnce'", "did you mean 'confidence'?"),),
    ),
    BadInput(
        "unknown-key-block",
        ((MODEL_Y, 6, "grups:"),),
        (
            (MODEL_Y, 1, 1, "missing required key 'groups'", None),
            (MODEL_Y, 6, 1, "unknown key 'grups'", "did you mean 'groups'?"),
        ),
    ),
    BadInput(
        "missing-factor",
        ((BETA, 12, ""),),
        ((BETA, 5, 3, "factor 'trade' has no value", MISSING_HINT),),
    ),
    BadInput(
        "duplicate-id",
        ((GAMMA, 2, "id: AA"),),
        ((GAMMA, 2, 5, "id 'AA' is also used by alpha.yaml", "give each country a unique id"),),
    ),
    BadInput(
        "bad-date",
        ((ALPHA, 9, "    confidence: high\n    as_of: 2025-13-01"),),
        (
            (
                ALPHA,
                10,
                12,
                "factors.openness.as_of: not a valid date: month must be in 1..12 "
                "(got '2025-13-01')",
                None,
            ),
        ),
    ),
    BadInput(
        "control-character",
        ((ALPHA, 3, "name: Al\x07pha"),),
        (
            (
                ALPHA,
                3,
                9,
                "control character U+0007 is not allowed in YAML",
                "remove it, or write it as an escape in a double-quoted string",
            ),
        ),
    ),
    BadInput(
        "recursive-alias",
        ((ALPHA, 10, "    sources: &s [*s]"),),
        (
            (
                ALPHA,
                10,
                14,
                "a value contains itself (recursive alias)",
                "replace the *alias by the value itself",
            ),
        ),
    ),
    BadInput(
        "driver-unknown-factor",
        (
            (
                MODEL_Y,
                28,
                "    direction: for\ndrivers:\n  shock:\n    label: Shock\n"
                "    effects:\n      opennes: {default: 1}",
            ),
        ),
        (
            (
                MODEL_Y,
                33,
                7,
                "driver 'shock' names unknown factor 'opennes'",
                "did you mean 'openness'?",
            ),
        ),
    ),
    BadInput(
        "whatif-unknown-factor",
        ((WHATIF, 4, "  - factor: opennes"),),
        ((WHATIF, 4, 13, "unknown factor 'opennes'", "did you mean 'openness'?"),),
    ),
    BadInput(
        "whatif-unknown-country",
        ((WHATIF, 6, "    countries: [AA, BBB]"),),
        ((WHATIF, 6, 21, "unknown country 'BBB'", "did you mean 'BB'?"),),
    ),
    BadInput(
        "whatif-unknown-group",
        ((WHATIF, 8, "  - group: econmy"),),
        ((WHATIF, 8, 12, "unknown group 'econmy'", "did you mean 'economy'?"),),
    ),
    # Every problem at once: one per file, from different stages of the checks.
    BadInput(
        "two-files",
        ((MODEL_Y, 17, "    weigth: 1"), (ALPHA, 6, "    value: .nan")),
        (
            (MODEL_Y, 17, 5, "unknown key 'weigth'", "did you mean 'weight'?"),
            (
                ALPHA,
                6,
                12,
                "factors.openness.value: input should be a finite number (got nan)",
                None,
            ),
        ),
    ),
    BadInput(
        "three-files",
        (
            (BETA, 6, "    value: 4.5"),
            (GAMMA, 12, "  trade: {value: 11}"),
            (WHATIF, 4, "  - factor: opennes"),
        ),
        (
            (BETA, 8, 11, "openness: value (4.5) is above high (4)", RANGE_HINT),
            (GAMMA, 12, 18, "trade.value = 11 is outside the scale 0..10", None),
            (WHATIF, 4, 13, "unknown factor 'opennes'", "did you mean 'openness'?"),
        ),
    ),
]


@pytest.fixture(params=BAD_INPUTS, ids=[b.id for b in BAD_INPUTS])
def bad_input(request: pytest.FixtureRequest, tmp_ws: TmpWorkspace) -> BadInput:
    """Each BadInput in turn, already applied to ``tmp_ws``."""
    bad: BadInput = request.param
    bad.apply(tmp_ws)
    return bad


@pytest.fixture
def tmp_ws(tmp_path: Path) -> TmpWorkspace:
    """A valid workspace in ``tmp_path / "ws"`` (model, profiles alpha/beta/gamma, what-if
    open_up), ready to be corrupted by a test."""
    return write_workspace(tmp_path / "ws")


def bundled_label(name: str) -> str:
    """How captions name a bundled workspace found outside any checkout: by its name when it is
    a wheel's installed copy, by its folder when the install is editable."""
    from scenarios.workspace.find import Location, bundled_root

    return Location(bundled_root() / name, "installed").display
