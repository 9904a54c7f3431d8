"""Fuzz the command line: random workspaces (YAML trees, raw YAML text, bytes, odd files) and
random option strings, run in process exactly as the console script runs them.

Every run must end in exit status 0, or 2 with only `error: ...` lines on stderr: never a
traceback, a warning, a hang, a control character on the terminal, a formula-looking CSV
cell, a destroyed output target or a temporary file left behind.

Not part of the normal suite (pytest collects test_*.py only). Run it for ten minutes with

    python -m tests.fuzz_cli --minutes 10

It prints every failure (hypothesis's shrunk example) as it is found, then a summary of what it
covered. `--seed N` repeats a session; `--coverage` adds line coverage of src/scenarios (needs
the coverage package).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import csv
import io
import os
import random
import re
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as with_seed
from hypothesis import strategies as st

RUN_SECONDS = 60  # one command taking longer is reported as a hang
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}

# --- the base workspace: every command has something to do --------------------------------

MODEL = {
    "schema_version": 1,
    "title": "Fuzz",
    "question": "Which first?",
    "scale": {"min": 0, "max": 10},
    "horizon_years": 3,
    "stale_after_years": 2,
    "uncertainty": {"high": 0.5, "medium": 1, "low": 2},
    "groups": {"g1": {"label": "One", "weight": 2}, "g2": {"label": "Two", "weight": 1}},
    "factors": {
        "a": {"label": "A", "group": "g1", "weight": 1, "direction": "for"},
        "b": {"label": "B", "group": "g1", "weight": 1, "direction": "against"},
        "c": {"label": "C", "group": "g2", "weight": 1, "direction": "for"},
    },
    "link": {"kind": "logistic", "slope": 4, "per": "year"},
    "base_rate": {"events": 2, "of": 10, "years": 5},
    "drivers": {"d": {"label": "D", "sd": 1, "effects": {"a": {"default": 0.5, "X": 1}}}},
    "cascade": {"peer_effect": {"value": 1, "low": 0, "high": 2}, "peers": {"X": {"Y": 1}}},
}
PROFILES = {
    "x": {
        "id": "X",
        "name": "Xland",
        "status": {"state": "not_joined"},
        "factors": {
            "a": {"value": 8, "low": 7, "high": 9, "confidence": "high", "sources": ["s1"]},
            "b": {"value": 2, "note": "a note", "as_of": "2024-05"},
            "c": 5,
        },
    },
    "y": {
        "id": "Y",
        "name": "Yland",
        "name_ar": "واي",
        "status": {"state": "joined", "date": "2020-09-15"},
        "factors": {"a": 5, "b": 5, "c": 10},
    },
    "z": {
        "id": "Z",
        "name": "Zland",
        "status": {"state": "not_joined"},
        "factors": {"a": 2, "b": 8, "c": 0},
    },
}
WHATIFS = {
    "w": {
        "title": "W",
        "values": [{"factor": "a", "shift": 1, "countries": ["X"]}],
        "weights": [{"group": "g2", "scale": 1.5}],
        "status": [{"country": "Z", "state": "joined"}],
    }
}
PANEL = {
    "ann": {
        "analyst": "Ann",
        "note": "reads Z's a higher",
        "values": {"Z": {"a": {"value": 6, "low": 5, "high": 7}}, "X": {"c": 4}},
        "weights": {"factors": {"a": 2}},
    },
    "bob": {
        "analyst": "Bob",
        "swing": [
            {"factor": "b", "rating": 100},
            {"factor": "a", "rating": 60},
            {"factor": "c", "rating": 20},
        ],
    },
}
FILES = [
    "model.yaml",
    "profiles/x.yaml",
    "profiles/y.yaml",
    "profiles/z.yaml",
    "whatif/w.yaml",
    "panel/ann.yaml",
    "panel/bob.yaml",
]


def base_data() -> dict[str, Any]:
    import copy

    data: dict[str, Any] = {"model.yaml": copy.deepcopy(MODEL)}
    data |= {f"profiles/{k}.yaml": copy.deepcopy(v) for k, v in PROFILES.items()}
    data |= {f"whatif/{k}.yaml": copy.deepcopy(v) for k, v in WHATIFS.items()}
    data |= {f"panel/{k}.yaml": copy.deepcopy(v) for k, v in PANEL.items()}
    return data


_LEDGER: list[str] = []


def base_ledger() -> list[str]:
    """Two records of the base workspace, as `scenarios record` writes them (made once)."""
    if not _LEDGER:
        import scenarios

        with tempfile.TemporaryDirectory(prefix="fuzz-ledger-") as tmp:
            build(Path(tmp), [], with_ledger=False)
            ws = Path(tmp) / "ws"
            scenarios.record(ws, note="first")
            scenarios.record(ws, note="second", seed=7)
            _LEDGER.extend((ws / "ledger.jsonl").read_text(encoding="utf-8").splitlines())
    return list(_LEDGER)


LEDGER_PATHS = [
    ("record",),
    ("date",),
    ("note",),
    ("horizon",),
    ("level",),
    ("seed",),
    ("changes",),
    ("content_hash",),
    ("base_probability",),
    ("model", "scale"),
    ("model", "aggregation"),
    ("model", "factors", "a", "weight"),
    ("model", "groups", "g1"),
    ("countries",),
    ("countries", 0, "id"),
    ("countries", 0, "name"),
    ("countries", 0, "rank"),
    ("countries", 0, "probability"),
    ("countries", 1, "low"),
    ("countries", 2, "values", "a"),
    ("countries", 1, "status"),
]
LEDGER_LINES = [
    "[" * 100_000 + "]" * 100_000,  # deeper than Python's JSON reader goes
    '{"record": 1' + "0" * 5_000 + "}",  # more digits than Python reads into an integer
    "not json",
    "[]",
    "{}",
    '{"record": 1}',
    '{"record": -1, "date": "2026-01-01"}',
    '"\ud800"',
    "\x00",
    "\ufeff{}",
    '{"record": 1e999}',
    '{"record": true}',
    "{" + '"k": 1, ' * 10_000 + '"k": 2}',
    '{"note": "' + "n" * 100_000 + '"}',
]


def paths_of(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += paths_of(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += paths_of(v, (*prefix, i))
    return out


BASE_PATHS = {name: paths_of(tree) for name, tree in base_data().items()}


def number_paths(tree: Any, prefix: tuple = ()) -> list[tuple]:
    """Paths of the numbers of a tree: changing them keeps the files' shape, so the run gets
    past loading into the analyses."""
    if isinstance(tree, bool):
        return []
    if isinstance(tree, int | float):
        return [prefix]
    if isinstance(tree, dict):
        items = list(tree.items())
    elif isinstance(tree, list):
        items = list(enumerate(tree))
    else:
        items = []
    return [p for k, v in items for p in number_paths(v, (*prefix, k))]


NUMBER_PATHS = {
    name: [p for p in number_paths(tree) if p != ("schema_version",)]
    for name, tree in base_data().items()
}

# --- strategies ---------------------------------------------------------------------------

NAMES = ["a", "b", "c", "d", "X", "Y", "Z", "g1", "g2", "value", "weight", "low", "high", "id"]
ODD_TEXT = [
    "5",
    "1e3",
    "-0",
    "yes",
    "",
    " ",
    "nan",
    ".inf",
    "=cmd|' /C calc'!A0",
    "Yland\r=cmd|x",
    "\n@SUM(1)",
    "\x1b[2J\x1b]0;title\x07",
    "\x9b31m",
    "a|b\\|c",
    "<img src=x onerror=alert(1)>",
    ":100: [bold]x[/]",
    "~",
    "x" * 3000,
    "word " * 2000,
    "\u202eevil",
    "\x00nul",
    "-",
    "default",
]
NUMBERS = [
    0,
    -1,
    10,
    11,
    1e308,
    -1e308,
    1.7976931348623157e308,
    5e-324,
    1e200,
    -1e200,
    1e-300,
    -0.0,
    10**400,
    2**63,
    float("nan"),
    float("inf"),
    0.1,
]

scalars = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.sampled_from(NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(ODD_TEXT),
    st.booleans(),
    st.none(),
    st.dates(),
)
keys = st.one_of(st.sampled_from(NAMES), st.text(min_size=0, max_size=8))
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=8,
)

# Raw YAML put where a value stands (text level, so tags, anchors and broken syntax survive).
RAW = [
    '!!float ""',
    '!!int "-"',
    "!!timestamp x",
    "!!bool maybe",
    "!!int 0x",
    "!!int 0b",
    "!!binary x",
    "!!set [1]",
    "!!omap x",
    "!!str {a: 1}",
    "!!map [1]",
    "!!python/object:os.system x",
    "&a [*a]",
    "*nowhere",
    "[" * 70 + "]" * 70,
    "{a: " * 60 + "1" + "}" * 60,
    "[" * 1200,
    "{",
    "'unclosed",
    '"\\e[2J"',
    '"\\x9b"',
    '"\\0"',
    '"\\r=cmd"',
    "1e999",
    "-1e309",
    "1" * 5000,
    "0x" + "f" * 300,
    "1:30",
    "2025-13-01",
    "!!timestamp 2025-02-30",
    "<<: *nowhere",
    ": :",
    "- a",
    "|\n  block",
    ">-\n  folded",
    "\t1",
    "\x07",
    "\ufeff1",
    "?",
    "%YAML 1.1",
    "---",
    "...",
    "'5'",
    '"5"',
    "1_000",
    ".5",
    "+.inf",
    "~",
]


@st.composite
def edits(draw: st.DrawFn) -> list[tuple]:
    """A list of changes to the base workspace."""
    out: list[tuple] = []
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 1, 1, 2, 2, 3]))):
        kind = draw(
            st.sampled_from(
                ["number"] * 4
                + ["set", "set", "delete", "rename", "raw", "raw", "bytes", "fs", "extra"]
                + ["ledger", "ledger"]
            )
        )
        name = draw(st.sampled_from(FILES))
        if kind == "number" and NUMBER_PATHS[name]:
            path = draw(st.sampled_from(NUMBER_PATHS[name]))
            number = draw(
                st.one_of(
                    st.sampled_from(NUMBERS),
                    st.floats(min_value=-20, max_value=20),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.integers(-3, 12),
                )
            )
            out.append(("set", name, path, number))
        elif kind in ("set", "delete", "rename", "number"):
            kind = "set" if kind == "number" else kind
            path = draw(st.sampled_from(BASE_PATHS[name]))
            out.append((kind, name, path, draw(values) if kind == "set" else draw(keys)))
        elif kind == "raw":
            out.append((kind, name, draw(st.integers(0, 40)), draw(st.sampled_from(RAW))))
        elif kind == "bytes":
            junk = draw(st.sampled_from([b"\xff", b"\xc3", b"\x00", b"\xef\xbb\xbf", b"\x1b[2J"]))
            out.append((kind, name, draw(st.integers(0, 400)), junk))
        elif kind == "ledger":  # a line of the ledger replaced, added or mangled
            at = draw(st.integers(0, 3))
            line = draw(
                st.one_of(
                    st.sampled_from(LEDGER_LINES),
                    st.tuples(st.sampled_from(LEDGER_PATHS), values).map(tuple),
                    st.text(max_size=40),
                )
            )
            out.append((kind, at, line, None))
        elif kind == "extra":  # more files of each kind
            folder = draw(st.sampled_from(["profiles", "whatif", "panel"]))
            out.append((kind, folder, draw(st.text(min_size=1, max_size=12)), draw(values)))
        else:
            out.append((kind, draw(st.sampled_from(FS_ODDITIES)), name, None))
    return out


FS_ODDITIES = [
    "fifo",
    "devzero",
    "dangling",
    "emacs-lock",
    "folder-named-yaml",
    "huge",
    "hidden",
    "backup",
    "loop",
    "model-is-folder",
    "profiles-is-file",
    "empty",
    "no-profiles",
    "link-to-regular",
    "no-panel",
    "no-ledger",
    "ledger-fifo",
    "ledger-link",
    "ledger-lock-folder",
    "panel-yml-twin",
    "panel-newline-name",
]

COMMANDS = [
    "rank",
    "explain",
    "factors",
    "matrix",
    "validate",
    "schema",
    "whatifs",
    "compare",
    "sensitivity",
    "backtest",
    "calibrate",
    "cascade",
    "export",
    "init",
    "record",
    "history",
    "score",
    "diff",
    "signposts",
    "panel",
    "import",
    "new",
]
WORKSPACE_SPECS = ["ws"] * 12 + [
    "nope",
    "x" * 300,
    "~nosuchuser/x",
    "ws/model.yaml",
    "",
    "-",
]
TARGETS = [
    "out.csv",
    "dev-null",
    "fifo-out",
    "link-to-file",
    "dangling-out",
    "folder-out",
    "-",
    "r" * 250,
    "z" * 300,
    "missing/dir/x.csv",
    "~nosuchuser/x",
    "ws/model.yaml",
]
NUMBER_TEXT = st.one_of(
    st.sampled_from(["0", "1", "-1", "1e308", "nan", "inf", "", "1e-320", "2.5", "0x10", "1_0"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**12), 10**12).map(str),
    st.text(max_size=6),
)
SMALL = st.integers(min_value=-5, max_value=3000).map(str)
HUGE = st.sampled_from(["1000000000", "100000000000", "9" * 30])
OPTION_NAMES = [
    "--weight",
    "--set",
    "--whatif",
    "-a",
    "--horizon",
    "--samples",
    "--seed",
    "--delta",
    "--concentration",
    "--precision",
    "--chunk-size",
    "--runs",
    "--memory-budget",
    "--values",
    "-m",
    "--fixed-weights",
    "--excel",
    "--from",
    "--panel",
    "--no-panel",
    "--bogus",
]


SCORING = ["--weight", "--set", "--whatif", "-a"]
PANEL_OPTIONS = ["--panel", "--no-panel"]
COMMAND_OPTIONS: dict[str, list[str]] = {
    "rank": [*SCORING, "--horizon", *PANEL_OPTIONS],
    "explain": [*SCORING, *PANEL_OPTIONS],
    "factors": [*SCORING[:3], *PANEL_OPTIONS],
    "matrix": SCORING[:3],
    "validate": [],
    "schema": [],
    "whatifs": [],
    "compare": [*SCORING, *PANEL_OPTIONS],
    "sensitivity": [
        *SCORING,
        *PANEL_OPTIONS,
        "-m",
        "--delta",
        "--samples",
        "--seed",
        "--concentration",
        "--fixed-weights",
        "--values",
        "--precision",
        "--chunk-size",
        "--memory-budget",
    ],
    "backtest": ["-a", "--horizon"],
    "calibrate": ["-a", "--horizon"],
    "cascade": [*SCORING, "--horizon", "--runs", "--seed", "--memory-budget", *PANEL_OPTIONS],
    "export": [*SCORING, "--excel", "--samples", "--seed", "--memory-budget", *PANEL_OPTIONS],
    "init": ["--from"],
    "record": [*SCORING, "--horizon", "--panel-aggregate"],
    "history": [],
    "score": [],
    "diff": [],
    "signposts": [*SCORING, "--horizon", "--panel-aggregate"],
    "panel": [*SCORING, "--panel-aggregate", *PANEL_OPTIONS],
    "import": ["--write", "--full", "--analyst"],
    "new": ["-q", "--country", "--factor", "--from"],
}


PLAUSIBLE = {
    "--horizon": ["1", "2.5", "3", "10", "100", "0.01"],
    "--seed": ["0", "1", "20251106", str(2**32)],
    "--delta": ["0", "0.1", "0.5", "1"],
    "--concentration": ["0.001", "1", "100", "1000000"],
    "--precision": ["0.000001", "0.01", "0.5"],
    "--chunk-size": ["1", "999", "1000", "1000000"],
}


@st.composite
def option_values(draw: st.DrawFn, name: str, command: str) -> list[str]:
    if name in ("--fixed-weights", "--excel", "--no-panel"):
        return [name]
    if name == "--panel":  # the bundled example, the workspace's own, and what is not a panel
        choices = ["example-panel", "ws/panel", "ws", "nope", "", "ws/model.yaml", "exp"]
        return [name, draw(st.sampled_from(choices))]
    if name == "--weight":
        factor = draw(st.one_of(st.sampled_from(["a", "b", "c", "q", ""]), st.text(max_size=5)))
        return [name, f"{factor}{draw(st.sampled_from(['=', '', '==']))}{draw(NUMBER_TEXT)}"]
    if name == "--set":
        target = draw(st.sampled_from(["X.a", "Y.c", "Z.b", "Q.a", "X.q", "X", ".", "X.a.b"]))
        return [name, f"{target}={draw(NUMBER_TEXT)}"]
    if name == "--whatif":
        return [name, draw(st.sampled_from(["w", "nope", "", "../w", "w.yaml"]))]
    if name == "-a":
        return [name, draw(st.sampled_from(["additive", "geometric", "median", ""]))]
    if name == "--values":
        return [name, draw(st.sampled_from(["triangular", "uniform", "fixed", "x"]))]
    if name == "--panel-aggregate":
        key = draw(st.sampled_from(["values", "probabilities", "analysts", "extremize", "x"]))
        value = draw(st.sampled_from(["mean", "median", "log_odds", "equal", "1.5", "-1", ""]))
        return [name, f"{key}={value}"]
    if name == "-m":
        return [name, draw(st.sampled_from(["oat", "critical", "mc", "sobol", "x"]))]
    if name == "--from":
        return [name, draw(st.sampled_from(["central-asia", "abraham-2020", "nope"]))]
    if name == "--memory-budget":
        return [name, draw(st.sampled_from(["1", "10M", "1G", "64G", "lots", "0", "1e3", "2 GiB"]))]
    if name in ("--samples", "--runs"):
        # small, or so large that the memory budget refuses it (a fitting huge run is legitimate
        # but too slow to fuzz); the Monte Carlo's memory does not grow with --samples
        sobol = command == "sensitivity" and draw(st.booleans())
        huge = name == "--runs" or sobol
        text = draw(st.one_of(SMALL, HUGE) if huge else SMALL)
        return (["-m", "sobol"] if sobol else []) + [name, text]
    if draw(st.booleans()):  # a plausible value, so that the run goes on
        return [name, draw(st.sampled_from(PLAUSIBLE.get(name, ["1"])))]
    return [name, draw(NUMBER_TEXT)]


@st.composite
def invocations(draw: st.DrawFn) -> tuple[list[str], dict[str, str]]:
    command = draw(st.sampled_from(COMMANDS))
    args = [command]
    env: dict[str, str] = {}
    if command == "explain":
        args.append(draw(st.sampled_from(["X", "Y", "Z", "Q", "", "\x1b[2J"])))
    if command == "export":
        args.append(
            draw(
                st.sampled_from(
                    [
                        "exp",
                        "exp",
                        "ws",
                        "x" * 300,
                        "~nosuchuser/e",
                        "dev-null",
                        "out.csv",
                        "link-dir",
                    ]
                )
            )
        )
    if command == "init":
        args.append(draw(st.sampled_from(["new", "ws", "x" * 300, "missing/new"])))
    if command == "import":
        args.append(draw(st.sampled_from(SHEETS)))
    if command == "new":
        args.append(draw(st.sampled_from(["new", "ws", "x" * 300, "missing/new", "empty"])))
        if draw(st.booleans()):
            args += ["--from", draw(st.sampled_from(SHEETS))]
        else:
            args += ["-q", "Q?", "--country", "X,Ex", "--factor", "a,for,g"]
    if command == "diff":
        old = ["record:1", "record:-1", "record:2", "record:99", "record:x", "record:", "ws"]
        args.append(draw(st.sampled_from(old)))
        if draw(st.booleans()):
            args.append(draw(st.sampled_from(["record:2", "record:-2", "ws"])))
    if command == "panel" and draw(st.booleans()):  # a blank judgement sheet
        names = ["carl", "ann", "bob", "carl\n", "c\x1bl", "x" * 300, "", "../x", "Côte"]
        args += ["init", draw(st.sampled_from(names))]
    if command == "schema" and draw(st.booleans()):
        args.append(draw(st.sampled_from(["model", "profile", "whatif", "x"])))
    if command == "compare" and draw(st.booleans()):
        args.append(draw(st.sampled_from(["w", "nope"])))
    if command not in ("schema", "init", "new"):
        spec = draw(st.sampled_from(WORKSPACE_SPECS))
        if draw(st.integers(0, 9)) == 0:
            env["SCENARIOS_WORKSPACE"] = spec
        else:
            args += ["-w", spec]
    for _ in range(draw(st.integers(0, 3))):
        # mostly the command's own options (a wrong one only tests the usage error)
        own = draw(st.integers(0, 9)) > 0 and COMMAND_OPTIONS[command]
        name = draw(st.sampled_from(COMMAND_OPTIONS[command] if own else OPTION_NAMES))
        args += draw(option_values(name, command))
    if command in ("sensitivity", "export") and "--samples" not in args:
        args += ["--samples", "300"]  # the default 20,000 is slow for a fuzzer
    if command == "cascade" and "--runs" not in args:
        args += ["--runs", "500"]
    formats = command not in ("validate", "init", "schema", "export", "new")
    if formats and draw(st.booleans()):
        args += ["-f", draw(st.sampled_from(["table", "csv", "json", "markdown", "xml"]))]
    if (formats or command == "schema") and draw(st.integers(0, 3)) == 0:
        args += ["-o", draw(st.sampled_from(TARGETS))]
    return args, env


# --- building a case on disk ----------------------------------------------------------------


def get_parent(tree: Any, path: tuple) -> tuple[Any, Any] | None:
    node = tree
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return (node, path[-1]) if path else None


def dump(tree: Any) -> str:
    try:
        return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=10**6)
    except (yaml.YAMLError, ValueError, OverflowError):
        return yaml.safe_dump(repr(tree))


# sheets for `import` and `new --from`, beside the workspace: good ones, and every mistake the
# reader must locate (a decimal comma, a formula, a locale date, off the scale, unknown ids,
# control characters, bytes that are not text, a workbook that is not one)
SHEETS = [
    "long.csv",
    "wide.csv",
    "setup.csv",
    "bad.csv",
    "junk.csv",
    "fake.xlsx",
    "fake.ods",
    "missing.csv",
    "ws",
    "empty.csv",
]
SHEET_TEXTS: dict[str, bytes] = {
    "long.csv": b"country,factor,value,low,high\nX,a,6,5,7\nZ,b,7,,\n",
    "wide.csv": b"country,a,b,c\nX,8,2,5\nY,5,5,10\n",
    "setup.csv": b"question,country,name,factor,direction,group,weight\nQ?,X,Ex,a,for,g,1\n",
    "bad.csv": (
        b'country,factor,value,low,high,as_of\nX,a,"6,5",,,\nY,a,=1+1,,,\nZ,a,11,,,\n'
        b"Q,a,3,,,\nX,zz,3,,,\nX,b,5,7,3,31/05/2026\nX,c,\x1b[2J,,,\nY,b,,,,\n"
    ),
    "junk.csv": b"\xff\xfe\x00country\x00,\x00a\r\n\x00\x00",
    "fake.xlsx": b"PK\x03\x04 not a workbook",
    "fake.ods": b"not an ods",
    "empty.csv": b"",
}


def build(root: Path, changes: list[tuple], with_ledger: bool = True) -> None:
    for name, data in SHEET_TEXTS.items():
        (root / name).write_bytes(data)
    (root / "empty").mkdir()
    ws = root / "ws"
    trees = base_data()
    texts: dict[str, bytes] = {}
    extra: dict[str, Any] = {}
    fs: list[tuple[str, str]] = []
    for change in changes:
        kind = change[0]
        if kind in ("set", "delete", "rename"):
            _, name, path, value = change
            found = get_parent(trees[name], path)
            if found is None:
                if kind == "set" and not path:
                    trees[name] = value
                continue
            parent, key = found
            with contextlib.suppress(KeyError, IndexError, TypeError, AttributeError):
                if kind == "set":
                    parent[key] = value
                elif kind == "delete":
                    del parent[key]
                elif isinstance(parent, dict) and value not in parent:
                    parent[value] = parent.pop(key)
        elif kind == "extra":
            _, folder, stem, value = change
            stem = stem.replace("/", "_").replace("\x00", "_")
            extra[f"{folder}/{stem}.yaml"] = value
        elif kind == "fs":
            fs.append((change[1], change[2]))
    for name, tree in trees.items():
        texts[name] = dump(tree).encode("utf-8")
    for change in changes:
        if change[0] == "raw":
            _, name, line, snippet = change
            lines = texts[name].decode("utf-8", "replace").split("\n")
            i = min(line, len(lines) - 1)
            head, sep, _ = lines[i].partition(": ")
            lines[i] = f"{head}: {snippet}" if sep else f"{lines[i]}{snippet}"
            texts[name] = "\n".join(lines).encode("utf-8")
        elif change[0] == "bytes":
            _, name, offset, junk = change
            data = texts[name]
            at = min(offset, len(data))
            texts[name] = data[:at] + junk + data[at:]
    for name, data in texts.items():
        (ws / name).parent.mkdir(parents=True, exist_ok=True)
        (ws / name).write_bytes(data)
    if not with_ledger:
        return
    base = base_ledger()
    ledger = list(base)
    for change in changes:
        if change[0] == "ledger":
            _, at, line, _ = change
            if isinstance(line, tuple):  # a path of a record set to a value
                import json

                record = json.loads(base[at % len(base)])  # a record as written, mangled
                found = get_parent(record, line[0])
                if found is not None:
                    parent, key = found
                    with contextlib.suppress(KeyError, IndexError, TypeError):
                        parent[key] = line[1]
                line = json.dumps(record, ensure_ascii=False, default=str)
            ledger.insert(min(at, len(ledger)), line)
    (ws / "ledger.jsonl").write_text("\n".join(ledger) + "\n", encoding="utf-8", errors="replace")
    for name, value in extra.items():
        path = ws / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError, ValueError):
            path.write_text(dump(value), encoding="utf-8")
    for oddity, name in fs:
        make_oddity(ws, oddity, name)


def make_oddity(ws: Path, oddity: str, name: str) -> None:
    with contextlib.suppress(OSError):
        if oddity == "fifo":
            os.mkfifo(ws / "profiles" / "pipe.yaml")
        elif oddity == "devzero":
            (ws / "whatif" / "zero.yaml").symlink_to("/dev/zero")
        elif oddity == "dangling":
            (ws / "profiles" / "gone.yaml").symlink_to(ws / "nowhere.yaml")
        elif oddity == "emacs-lock":
            (ws / ".#model.yaml").symlink_to("user@host.1:2")
            (ws / "profiles" / ".#x.yaml").symlink_to("user@host.1:2")
        elif oddity == "folder-named-yaml":
            (ws / "profiles" / "dir.yaml").mkdir()
            (ws / "notes.yaml").mkdir()
        elif oddity == "huge":
            with (ws / "profiles" / "huge.yaml").open("wb") as handle:
                handle.truncate(11 * 1024 * 1024)
        elif oddity == "hidden":
            (ws / "profiles" / ".hidden.yaml").write_text("[broken")
        elif oddity == "backup":
            (ws / "profiles" / "x~.yaml").write_text("[broken")
            (ws / "profiles" / "#x.yaml#").write_text("[broken")
        elif oddity == "loop":
            (ws / "profiles" / "l1.yaml").symlink_to(ws / "profiles" / "l2.yaml")
            (ws / "profiles" / "l2.yaml").symlink_to(ws / "profiles" / "l1.yaml")
        elif oddity == "model-is-folder":
            (ws / "model.yaml").unlink()
            (ws / "model.yaml").mkdir()
        elif oddity == "profiles-is-file":
            shutil.rmtree(ws / "profiles")
            (ws / "profiles").write_text("x")
        elif oddity == "empty":
            (ws / name).write_bytes(b"")
        elif oddity == "no-profiles":
            shutil.rmtree(ws / "profiles")
        elif oddity == "no-panel":
            shutil.rmtree(ws / "panel")
        elif oddity == "no-ledger":
            (ws / "ledger.jsonl").unlink()
        elif oddity == "ledger-fifo":
            (ws / "ledger.jsonl").unlink()
            os.mkfifo(ws / "ledger.jsonl")
        elif oddity == "ledger-link":
            (ws / "ledger.jsonl").rename(ws.parent / "kept.jsonl")
            (ws / "ledger.jsonl").symlink_to(ws.parent / "kept.jsonl")
        elif oddity == "ledger-lock-folder":
            (ws / ".ledger.jsonl.lock").mkdir()
        elif oddity == "panel-yml-twin":
            shutil.copy(ws / "panel" / "ann.yaml", ws / "panel" / "ann.yml")
        elif oddity == "panel-newline-name":
            shutil.copy(ws / "panel" / "bob.yaml", ws / "panel" / "carl\n.yaml")
        elif oddity == "link-to-regular":
            (ws.parent / "elsewhere.yaml").write_bytes((ws / name).read_bytes())
            (ws / name).unlink()
            (ws / name).symlink_to(ws.parent / "elsewhere.yaml")


class FifoDrain:
    """A FIFO output target, with a reader that drains whatever is written into it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.stop = False
        threading.Thread(target=self.drain, daemon=True).start()

    def drain(self) -> None:
        while not self.stop:
            try:
                with open(self.path, "rb") as handle:
                    while handle.read(65536):
                        pass
            except OSError:
                return

    def close(self) -> None:
        self.stop = True
        with contextlib.suppress(OSError):  # wake the reader blocked in open()
            fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)


def targets(root: Path) -> FifoDrain:
    (root / "out.csv").write_text("old")
    if os.geteuid() == 0:
        os.mknod(root / "dev-null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
    (root / "real.csv").write_text("real")
    (root / "link-to-file").symlink_to(root / "real.csv")
    (root / "dangling-out").symlink_to(root / "made.csv")
    (root / "folder-out").mkdir()
    (root / "realdir").mkdir()
    (root / "link-dir").symlink_to(root / "realdir")
    return FifoDrain(root / "fifo-out")


def kinds(root: Path) -> dict[str, str]:
    out = {}
    for name in ("dev-null", "fifo-out", "link-to-file", "dangling-out", "folder-out", "link-dir"):
        with contextlib.suppress(OSError):
            mode = os.lstat(root / name).st_mode
            out[name] = stat.filemode(mode)[0]
    return out


# --- running the console script in process --------------------------------------------------


class Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang(f"still running after {RUN_SECONDS} s")


@dataclass
class Outcome:
    code: int | None
    stdout: str
    stderr: str
    crash: str | None
    seconds: float


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> Outcome:
    from scenarios.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    saved_env = {k: os.environ.get(k) for k in {**ENV, **env}}
    os.environ.update({**ENV, **env})
    saved_argv, saved_cwd = sys.argv, os.getcwd()
    sys.argv = ["scenarios", *args]
    os.chdir(cwd)
    code: int | None = None
    crash = None
    start = time.perf_counter()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(RUN_SECONDS)
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("error")  # a warning a user would see is a finding too
            warnings.simplefilter("ignore", DeprecationWarning)  # hidden from users by default
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # a crash, a warning turned error, or a hang
        crash = traceback.format_exc(limit=-8)
    finally:
        signal.alarm(0)
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return Outcome(code, out.getvalue(), err.getvalue(), crash, time.perf_counter() - start)


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def problems_of(
    outcome: Outcome, args: list[str], before: dict, after: dict, root: Path
) -> list[str]:
    found = []
    if outcome.crash:
        found.append("crash:\n" + outcome.crash)
        return found
    if outcome.code not in (0, 2):
        found.append(f"exit status {outcome.code}")
    for where, text in (("stdout", outcome.stdout), ("stderr", outcome.stderr)):
        if "Traceback" in text or "Warning:" in text:
            found.append(f"{where} has a traceback or warning")
        visible = text.replace("\r", "") if where == "stdout" and "csv" in args else text
        if CONTROL.search(visible.replace("\t", "")):
            found.append(f"{where} has a control character: {CONTROL.search(visible)!r}")
    lines = outcome.stderr.splitlines()
    if outcome.code == 2:
        if not lines or not all(line.startswith("error: ") for line in lines):
            found.append(f"exit 2 without clean error lines: {lines[:3]}")
        if outcome.stdout and args[0] not in ("validate",):
            found.append("exit 2 with output on stdout")
    elif outcome.code == 0:
        # a note: a --set outside its value's range moved the range
        bad = [line for line in lines if not line.startswith(("warning: ", "note: ", "wrote "))]
        if bad:
            found.append(f"success with other stderr lines: {bad[:3]}")
    if before != after:
        found.append(f"output targets changed kind: {before} -> {after}")
    left = [p.name for p in root.rglob(".scenarios-*")]
    if left:
        found.append(f"temporary files left behind: {left}")
    if outcome.code == 0 and "csv" in args and "-o" not in args:
        for row in csv.reader(io.StringIO(outcome.stdout, newline="")):
            for cell in row:
                if cell.lstrip()[:1] in ("=", "+", "@") and not cell.startswith("'"):
                    found.append(f"formula-looking CSV cell {cell[:40]!r}")
    if outcome.code == 0 and "-o" not in args:
        found += results_problems(args, outcome.stdout)
    if outcome.seconds > RUN_SECONDS / 2:
        found.append(f"slow: {outcome.seconds:.1f} s")
    return found


def results_problems(args: list[str], stdout: str) -> list[str]:
    """Numbers shown must be finite (scores in [0, 1]); JSON must be strict JSON."""
    import json
    import math

    fmt = args[args.index("-f") + 1] if "-f" in args else "table"
    found = []
    if fmt == "json":

        def refuse(token: str) -> None:
            raise ValueError(token)

        try:
            data = json.loads(stdout, parse_constant=refuse)
        except ValueError as exc:
            return [f"output is not strict JSON: {exc}"]
        for row in data.get("tables", {}).get("rankings", []):
            score = row.get("score")
            if not isinstance(score, int | float) or not 0 <= score <= 1:
                found.append(f"ranking score {score!r} is not a number in [0, 1]")
    elif fmt == "csv" and args[0] == "rank":
        rows = list(csv.DictReader(io.StringIO(stdout, newline="")))
        for row in rows:
            try:
                score = float(row["score"])
            except (KeyError, ValueError):
                found.append(f"ranking score {row.get('score')!r} is not a number")
                continue
            if not (math.isfinite(score) and 0 <= score <= 1):
                found.append(f"ranking score {score!r} is not a number in [0, 1]")
            p = row.get("probability")
            if p and not (math.isfinite(float(p)) and 0 <= float(p) <= 1):
                found.append(f"probability {p!r} is not a number in [0, 1]")
    return found


# --- the session ---------------------------------------------------------------------------


@dataclass
class Tally:
    runs: int = 0
    commands: collections.Counter = field(default_factory=collections.Counter)
    exits: collections.Counter = field(default_factory=collections.Counter)
    edits: collections.Counter = field(default_factory=collections.Counter)
    oddities: collections.Counter = field(default_factory=collections.Counter)
    options: collections.Counter = field(default_factory=collections.Counter)
    messages: collections.Counter = field(default_factory=collections.Counter)
    findings: list[str] = field(default_factory=list)


TALLY = Tally()


def check_case(changes: list[tuple], invocation: tuple[list[str], dict[str, str]]) -> None:
    args, env = invocation
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        root = Path(tmp)
        build(root, changes)
        drain = targets(root)
        before = kinds(root)
        try:
            outcome = run_cli(args, env, root)
        finally:
            drain.close()
        after = kinds(root)
        TALLY.runs += 1
        TALLY.commands[args[0]] += 1
        TALLY.exits[outcome.code if outcome.crash is None else "crash"] += 1
        TALLY.edits.update(c[0] for c in changes)
        TALLY.oddities.update(c[1] for c in changes if c[0] == "fs")
        TALLY.options.update(a for a in args if a.startswith("-") and len(a) < 20)
        for line in outcome.stderr.splitlines():
            if line.startswith("error: "):
                TALLY.messages[re.sub(r"^error: (\S+:\d+:\d+: )?", "", line)[:28]] += 1
        found = problems_of(outcome, args, before, after, root)
    assert not found, "\n".join(found) + f"\nargs: {args!r}\nenv: {env!r}\nchanges: {changes!r}"


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.generate, Phase.shrink],
)
@given(changes=edits(), invocation=invocations())
def fuzz_round(changes: list[tuple], invocation: tuple[list[str], dict[str, str]]) -> None:
    check_case(changes, invocation)


def keep_bundled_away() -> None:
    """A run with no workspace of its own falls back to the bundled one, which in a checkout is
    the repository's own scenarios/ folder: point the bundled workspaces at a temporary copy, so
    that no fuzzed `record` or `panel init` writes into the checkout."""
    import atexit

    from scenarios.workspace import find as workspace

    copy_root = Path(tempfile.mkdtemp(prefix="fuzz-bundled-"))
    shutil.copytree(workspace.bundled_root(), copy_root / "scenarios")
    atexit.register(shutil.rmtree, copy_root, True)
    workspace.bundled_root = lambda: copy_root / "scenarios"  # type: ignore[assignment]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--coverage", action="store_true", help="measure line coverage")
    options = parser.parse_args()
    cov = None
    if options.coverage:
        import coverage

        # by folder: from the checkout's root, "scenarios" would name the data folder
        cov = coverage.Coverage(
            data_file=None, source=[str(Path(__file__).parents[1] / "src" / "scenarios")]
        )
        cov.start()
    random.seed(options.seed)
    keep_bundled_away()
    start = time.monotonic()
    rounds = 0
    while time.monotonic() - start < options.minutes * 60:
        rounds += 1
        seed = random.getrandbits(64)
        try:
            with_seed(seed)(fuzz_round)()
        except AssertionError as exc:
            TALLY.findings.append(str(exc))
            print(f"\n=== finding (round {rounds}, seed {seed}) ===\n{exc}\n", flush=True)
        elapsed = time.monotonic() - start
        print(f"round {rounds}: {TALLY.runs} runs in {elapsed / 60:.1f} min", flush=True)
    print(f"\n{TALLY.runs} runs in {(time.monotonic() - start) / 60:.1f} minutes, {rounds} rounds")
    for title, counter in (
        ("commands", TALLY.commands),
        ("exit status", TALLY.exits),
        ("workspace edits", TALLY.edits),
        ("odd files", TALLY.oddities),
        ("options", TALLY.options),
    ):
        print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counter.most_common(30)))
    print(f"distinct error messages (first 28 characters): {len(TALLY.messages)}")
    for message, count in TALLY.messages.most_common(60):
        print(f"  {count:6d}  {message}")
    if cov is not None:
        cov.stop()
        cov.report(file=sys.stdout)
    print(f"findings: {len(TALLY.findings)}", flush=True)
    return 1 if TALLY.findings else 0


if __name__ == "__main__":
    sys.exit(main())
