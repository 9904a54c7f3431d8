"""Adversarial inputs, options and output targets: every one ends in a clean `error:` line
with exit status 2 (or works), never a traceback, a hang, a destroyed file or unsafe output."""

from __future__ import annotations

import io
import json
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scenarios import WorkspaceError, load_workspace
from scenarios.cli.app import app
from scenarios.core.files import MAX_FILE_BYTES, read_file
from scenarios.workspace import checks
from scenarios.workspace.files import content_hash, workspace_files

from .. import tiny
from ..test_readme import all_text, page_with

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: Any, env: dict[str, str] | None = None, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], env={**ENV, **(env or {})}, input=input)

    return invoke


@pytest.fixture
def ws(tmp_path) -> Path:
    return tiny.write(tmp_path / "t")


def errors(result) -> list[str]:
    """The error lines of a run that must fail cleanly: exit 2, no traceback, nothing on
    stdout, every stderr line an `error:` line."""
    assert "Traceback" not in result.output
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), lines
    return lines


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run work in a thread; fail (instead of hanging the suite) if it takes longer."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the test below
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def load_problems(root: Path) -> list[str]:
    def work() -> list[str]:
        with pytest.raises(WorkspaceError, match=r".") as info:
            load_workspace(root)
        return [str(p) for p in info.value.problems]

    return [line.replace(f"{root}/", "") for line in within(10, work)]


# --- 2. input never crashes: the files a workspace consists of --------------------------

NOT_READ = "a workspace holds plain YAML files; remove it or replace it with a file"


def test_a_fifo_among_the_profiles_is_reported_not_opened(ws):
    os.mkfifo(ws / "profiles" / "pipe.yaml")
    assert load_problems(ws) == [
        f"profiles/pipe.yaml: is a named pipe (FIFO), not a regular file; it was not read ({NOT_READ})"
    ]


def test_a_fifo_as_model_yaml_is_reported_not_opened(ws):
    (ws / "model.yaml").unlink()
    os.mkfifo(ws / "model.yaml")
    assert load_problems(ws)[0] == (
        f"model.yaml: is a named pipe (FIFO), not a regular file; it was not read ({NOT_READ})"
    )


def test_a_link_out_of_the_workspace_into_a_device_is_not_read(ws):
    (ws / "whatif").mkdir()
    (ws / "whatif" / "zero.yaml").symlink_to("/dev/zero")
    assert load_problems(ws) == [
        f"whatif/zero.yaml: is a character device, not a regular file; it was not read ({NOT_READ})"
    ]


def test_a_link_to_a_fifo_elsewhere_is_not_opened(ws, tmp_path):
    os.mkfifo(tmp_path / "elsewhere")
    (ws / "profiles" / "w.yaml").symlink_to(tmp_path / "elsewhere")
    assert load_problems(ws) == [
        f"profiles/w.yaml: is a named pipe (FIFO), not a regular file; it was not read ({NOT_READ})"
    ]


def test_a_link_to_a_regular_file_elsewhere_is_read(ws, tmp_path):
    (tmp_path / "shared.yaml").write_text(tiny.PROFILES["z"].replace("id: Z", "id: W"))
    (ws / "profiles" / "w.yaml").symlink_to(tmp_path / "shared.yaml")
    assert load_workspace(ws).country_ids == ("W", "X", "Y", "Z")


@pytest.mark.parametrize("where", ["", "profiles/", "whatif/"])
def test_an_editor_lock_file_is_skipped(ws, run, where):
    # Emacs keeps `.#NAME` (a link to nowhere) beside a file while it is being edited
    (ws / where).mkdir(exist_ok=True)
    before = content_hash(ws)
    (ws / where / ".#model.yaml").symlink_to("user@host.12345:1700000000")
    assert content_hash(ws) == before
    result = run("rank", "-w", ws, "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("X,1,Xland")


@pytest.mark.parametrize(
    "name", [".alpha.yaml", "#x.yaml", "x~.yaml", "~x.yaml", ".x.yml", "x.yaml~", "x.yaml.bak"]
)
def test_hidden_files_and_editor_backups_are_skipped(ws, name):
    (ws / "profiles" / name).write_text("this: [is not a profile")
    assert load_workspace(ws).country_ids == ("X", "Y", "Z")
    assert ws / "profiles" / name not in workspace_files(ws)


def test_folders_named_like_yaml_files(ws):
    (ws / "notes.yaml").mkdir()  # not part of the workspace: ignored
    assert load_workspace(ws).country_ids == ("X", "Y", "Z")
    (ws / "profiles" / "q.yaml").mkdir()  # where a profile is expected: said
    assert load_problems(ws) == ["profiles/q.yaml: is a folder, expected a file"]


def test_the_hash_covers_exactly_the_workspace_files(ws):
    before = content_hash(ws)
    (ws / "notes.yaml").write_text("anything: 1")
    (ws / "scratch").mkdir()
    (ws / "scratch" / "old.yaml").write_text("anything: 2")
    os.mkfifo(ws / "pipe.yaml")  # outside the folders read: neither read nor opened
    assert within(10, lambda: content_hash(ws)) == before
    (ws / "panel").mkdir()
    (ws / "panel" / "ana.yaml").write_text("analyst: Ana\n")
    assert content_hash(ws) != before
    assert [p.relative_to(ws).as_posix() for p in workspace_files(ws)] == [
        "model.yaml",
        "profiles/x.yaml",
        "profiles/y.yaml",
        "profiles/z.yaml",
        "panel/ana.yaml",
    ]


def test_a_file_over_the_size_limit_is_refused(ws):
    with (ws / "profiles" / "big.yaml").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    assert load_problems(ws) == [
        "profiles/big.yaml: the file is larger than the limit of 10.0 MiB (workspace files are "
        "short YAML texts; split it or shorten long notes)"
    ]


def test_the_size_limit_holds_for_a_file_that_grows_while_read(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * 101)
    with pytest.raises(WorkspaceError, match=r"larger than the limit of 100 bytes"):
        read_file(path, limit=100)
    assert read_file(path, limit=101) == b"x" * 101


def test_the_cli_reports_a_fifo_in_one_line(ws, run):
    os.mkfifo(ws / "profiles" / "pipe.yaml")
    result = within(20, lambda: run("rank", "-w", ws))
    assert errors(result) == [
        f"error: t/profiles/pipe.yaml: is a named pipe (FIFO), not a regular file; it was not "
        f"read ({NOT_READ})"
    ]


# --- 2. input never crashes: numbers ------------------------------------------------------


def model_with(old: str, new: str, extra: str = "") -> str:
    assert old in tiny.MODEL
    return tiny.MODEL.replace(old, new) + extra


def test_a_number_in_quotes_is_an_error_with_a_hint(tmp_path, run):
    profiles = dict(tiny.PROFILES)
    profiles["z"] = profiles["z"].replace("a: 2", 'a: "5"').replace("c: 0", "c: {value: '0'}")
    model = model_with("g1: {label: Group one, weight: 2}", "g1: {label: Group one, weight: '2'}")
    tiny.write(tmp_path / "q", model=model, profiles=profiles)
    assert errors(run("rank", "-w", "q")) == [
        "error: q/model.yaml:6:34: groups.g1.weight: expected a number, got text (got '2') "
        "(write the number without quotes)",
        "error: q/profiles/z.yaml:4:6: factors.a.value: expected a number, got text (got '5') "
        "(write the number without quotes)",
        "error: q/profiles/z.yaml:6:14: factors.c.value: expected a number, got text (got '0') "
        "(write the number without quotes)",
    ]


def test_scientific_notation_without_quotes_is_a_number(tmp_path, run):
    model = model_with("g1: {label: Group one, weight: 2}", "g1: {label: Group one, weight: 2e0}")
    tiny.write(tmp_path / "e", model=model)
    result = run("rank", "-w", "e", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "X,1,Xland,,0.74,,False,a,"


@pytest.mark.parametrize(
    ("model", "line"),
    [
        (
            model_with(
                "a: {label: Factor A, group: g1, weight: 1,",
                "a: {label: Factor A, group: g1, weight: 1e200,",
            ).replace("weight: 2}", "weight: 1e200}"),
            "error: m/model.yaml:9:43: factor 'a': weight × group weight (1e+200 × 1e+200) is "
            "too large to compute with (use numbers of ordinary size: only the weights' ratios "
            "matter)",
        ),
        (
            model_with("weight: 2}", "weight: 1.5e308}").replace(
                "g2: {label: Group two, weight: 1}", "g2: {label: Group two, weight: 1.5e308}"
            ),
            "error: m/model.yaml:9:3: the effective weights add up to more than the largest "
            "number (use numbers of ordinary size: only the weights' ratios matter)",
        ),
        (
            model_with("scale: {min: 0, max: 10}", "scale: {min: -1e308, max: 1e308}"),
            "error: m/model.yaml:4:8: scale: the scale -1e+308..1e+308 is too wide to compute "
            "with (max − min is beyond the largest number)",
        ),
        (
            model_with(
                "", "", "drivers:\n  d: {label: D, sd: 1e300, effects: {a: {default: 1e10}}}\n"
            ),
            "error: m/model.yaml:13:51: driver 'd': sd × loading (1e+300 × 1e+10) moves a by "
            "more than 1e+100 scale widths (a loading is in scale units per standard deviation; "
            "use a smaller one)",
        ),
        (
            model_with(
                "",
                "",
                "link: {intercept: -1, slope: 2}\n"
                "cascade: {peer_effect: {value: 0, low: -1e308, high: 1e308}}\n",
            ),
            "error: m/model.yaml:13:24: cascade.peer_effect: peer_effect's range is too wide to "
            "compute with",
        ),
    ],
    ids=["product", "sum", "scale", "driver", "peer-effect"],
)
def test_numbers_too_large_to_compute_with_are_refused_where_they_stand(tmp_path, run, model, line):
    tiny.write(tmp_path / "m", model=model)
    assert errors(run("rank", "-w", "m")) == [line]


def test_an_overflowing_weight_option_is_refused(ws, run):
    assert errors(run("rank", "-w", "t", "--weight", "a=8e307", "--weight", "b=8e307")) == [
        "error: t/model.yaml:9:3: the effective weights add up to more than the largest number "
        "(after --weight b=8e307) (use numbers of ordinary size: only the weights' ratios matter)"
    ]


@pytest.mark.filterwarnings("error::RuntimeWarning")  # in process, a warning would fail the run
def test_no_numpy_warning_reaches_stderr(tmp_path, run):
    # two countries at the bottom of a factor: both geometric scores are 0, contributions −inf
    profiles = dict(tiny.PROFILES)
    profiles["y"] = profiles["y"].replace("c: 10", "c: 0")
    tiny.write(
        tmp_path / "g", profiles=profiles, model=tiny.MODEL + "link: {intercept: -900, slope: 1}\n"
    )
    for args in (
        ["explain", "Z", "-a", "geometric"],
        ["explain", "Y", "-a", "geometric"],
        ["rank"],
    ):
        result = run(*args, "-w", "g")
        assert result.exit_code == 0, result.output
        assert result.stderr == ""


# --- 1. text from files never reaches the terminal as control sequences -------------------

ESCAPES = 'name: "\\e[2JX\\e]0;pwned\\a\\x9b31m"'


def test_names_and_notes_with_escape_characters_are_shown_escaped(tmp_path, run):
    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace("name: Xland", ESCAPES)
    profiles["x"] = profiles["x"].replace(
        "c: {value: 5, sources: [s1]}", 'c: {value: 5, note: "\\e[31mred\\e[0m", sources: [s1]}'
    )
    tiny.write(tmp_path / "e", profiles=profiles)
    for args in (["rank"], ["explain", "X"], ["factors"], ["compare", "--whatif", "none"]):
        result = run(*args, "-w", "e")
        for text in (result.stdout, result.stderr):
            assert "\x1b" not in text and "\x9b" not in text
    shown = run("explain", "X", "-w", "e", "--evidence").stdout
    assert "␛[2JX␛]0;pwned\ufffd31m (X) — rank 1 of 3" in shown
    assert "␛[31mred␛[0m" in shown


def test_error_lines_show_escape_characters_escaped(tmp_path, run):
    profiles = dict(tiny.PROFILES)
    profiles["z"] = profiles["z"].replace("a: 2", 'a: 2\n  "q\\e[2J": 1')
    tiny.write(tmp_path / "e", profiles=profiles)
    lines = errors(run("rank", "-w", "e"))
    assert lines[0].startswith("error: e/profiles/z.yaml:5:3: factors.q␛[2J: use letters")
    assert not any("\x1b" in line for line in lines)
    tiny.write(tmp_path / "ok")
    assert errors(run("rank", "-w", "ok", "--set", "Z.\x1b[2J=1")) == [
        "error: --set Z.␛[2J=1: unknown factor '␛[2J' (expected one of: a, b, c)"
    ]


RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: 'Xland' after it shows as 'dnalX'
BIDI_NAME = "an invisible U+{code} {name} is not allowed in a name: it reverses the text after it"
BIDI_HINT = "(delete it; a name needs no direction control)"


def bidi_error(where: str, code: str, name: str, got: str) -> str:
    message = BIDI_NAME.format(code=code, name=name)
    return f"error: {where}: {message} (got {got!r}) {BIDI_HINT}"


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "code", "name", "got"),
    [
        (
            "profiles/x.yaml",
            "name: Xland",
            f"name: X{RLO}land",
            "2:7: name",
            "202E",
            "RIGHT-TO-LEFT OVERRIDE",
            f"X{RLO}land",
        ),
        (
            "profiles/x.yaml",
            "name: Xland",
            'name: Xland\nname_ar: "\\u202Bس"',
            "3:10: name_ar",
            "202B",
            "RIGHT-TO-LEFT EMBEDDING",
            "\u202bس",
        ),
        (
            "model.yaml",
            "label: Factor A",
            "label: Factor\u2066 A",
            "9:14: factors.a.label",
            "2066",
            "LEFT-TO-RIGHT ISOLATE",
            "Factor\u2066 A",
        ),
        (
            "model.yaml",
            "label: Group two",
            "label: \u2069Two",
            "7:15: groups.g2.label",
            "2069",
            "POP DIRECTIONAL ISOLATE",
            "\u2069Two",
        ),
        (
            "model.yaml",
            "label: Group one",
            "label: One\u202c",
            "6:15: groups.g1.label",
            "202C",
            "POP DIRECTIONAL FORMATTING",
            "One\u202c",
        ),
        (
            "whatif/up.yaml",
            "title: Up",
            "title: U\u202dp",
            "1:8: title",
            "202D",
            "LEFT-TO-RIGHT OVERRIDE",
            "U\u202dp",
        ),
        (
            "panel/ann.yaml",
            "analyst: Ann",
            "analyst: A\u2067nn",
            "1:10: analyst",
            "2067",
            "RIGHT-TO-LEFT ISOLATE",
            "A\u2067nn",
        ),
        (
            "panel/ann.yaml",
            "analyst: Ann",
            "analyst: Ann\u2068",
            "1:10: analyst",
            "2068",
            "FIRST STRONG ISOLATE",
            "Ann\u2068",
        ),
        (
            "model.yaml",
            "label: Group one",
            "label: One\u202a",
            "6:15: groups.g1.label",
            "202A",
            "LEFT-TO-RIGHT EMBEDDING",
            "One\u202a",
        ),
    ],
)
def test_a_bidi_control_in_a_name_is_a_located_error(
    tmp_path, run, file, old, new, where, code, name, got
):
    root = tiny.write(
        tmp_path / "b", whatifs={"up": "title: Up\nvalues: [{factor: a, shift: 1}]\n"}
    )
    (root / "panel").mkdir()
    (root / "panel" / "ann.yaml").write_text("analyst: Ann\nvalues: {Z: {a: 3}}\n")
    path = root / file
    path.write_text(path.read_text().replace(old, new, 1), encoding="utf-8")
    assert errors(run("validate", "-w", "b")) == [bidi_error(f"b/{file}:{where}", code, name, got)]


def test_the_readme_quotes_the_bidi_error_as_printed(tmp_path, run):
    profile = tiny.PROFILES["x"].replace("id: X", "id: KG").replace("Xland", f"{RLO}Kyrgyzstan")
    tiny.write(tmp_path / "w", profiles={**tiny.PROFILES, "kg": profile})
    [line] = errors(run("validate", "-w", "w"))
    assert line.replace("w/profiles/", "profiles/") in " ".join(all_text().split())


def test_a_bidi_control_in_a_what_if_s_file_name_is_an_error(tmp_path, run):
    tiny.write(tmp_path / "b", whatifs={f"up{RLO}down": "title: Up\nvalues: []\n"})
    message = BIDI_NAME.format(code="202E", name="RIGHT-TO-LEFT OVERRIDE")
    shown = "up\ufffddown.yaml"  # the name in the message shows the control as a mark
    assert errors(run("validate", "-w", "b")) == [
        f"error: b/whatif/{shown}: what-if file name '{shown}': {message} (rename the file)"
    ]


def test_the_marks_lrm_rlm_and_alm_are_allowed_in_names(tmp_path, run):
    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace(
        "name: Xland", 'name: "X\u200eland"\nname_ar: "س\u200f\u061c"'
    )
    tiny.write(tmp_path / "m", profiles=profiles)
    result = run("validate", "-w", "m")
    assert result.exit_code == 0, result.output


def test_a_bidi_control_in_a_note_is_shown_as_a_mark(tmp_path, run):
    """Free text may hold one (an Arabic note may well): the terminal, CSV and Markdown show it
    as � (one character for one), JSON as an escape, and none of them sends it raw."""
    profiles = dict(tiny.PROFILES)
    note = "abc\u202edef \u2067ghi\u2069 \u202a\u202b\u202c\u202d \u2066\u2068"
    profiles["x"] = profiles["x"].replace(
        "c: {value: 5, sources: [s1]}", f'c: {{value: 5, note: "{note}", sources: [s1]}}'
    )
    tiny.write(tmp_path / "n", profiles=profiles)
    shown = "abc\ufffddef \ufffdghi\ufffd \ufffd\ufffd\ufffd\ufffd \ufffd\ufffd"
    for fmt in ("table", "csv", "markdown"):
        result = run("explain", "X", "-w", "n", "-f", fmt, "--evidence")
        assert result.exit_code == 0, result.output
        assert shown in result.stdout, fmt
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", result.stdout), fmt
    result = run("explain", "X", "-w", "n", "-f", "json")
    assert result.exit_code == 0, result.output
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", result.stdout)
    assert json.loads(result.stdout)["tables"]["explain"][2]["note"] == note  # kept whole


def test_markup_and_emoji_codes_in_names_are_shown_as_written(tmp_path, run):
    what = "title: x\nvalues: [{factor: a, shift: 1}]\n"
    tiny.write(tmp_path / "m", whatifs={"a_[bold]b_:100:": what})
    result = run("whatifs", "-w", "m")
    assert result.exit_code == 0, result.output
    assert "a_[bold]b_:100:" in result.stdout


def test_a_long_note_is_cut_in_the_terminal_and_whole_in_csv(tmp_path, run):
    note = "word " * 200_000  # 1 MB: wrapping it whole took seconds
    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace(
        "c: {value: 5, sources: [s1]}", f"c: {{value: 5, note: '{note}', sources: [s1]}}"
    )
    tiny.write(tmp_path / "n", profiles=profiles)
    shown = run("explain", "X", "-w", "n", "--evidence")
    assert shown.exit_code == 0, shown.output
    assert re.search(r"… \[998,\d+ more characters; -f csv or -f json shows all\]", shown.stdout)
    assert len(shown.stdout) < 20_000
    exported = run("explain", "X", "-w", "n", "-f", "csv")
    assert note.strip() in exported.stdout


# --- 3. --watch stays on its workspace and misses no save ---------------------------------


class FakeReport:
    def __init__(self, path: Path, text: str) -> None:
        self.meta = {"workspace_path": str(path.resolve())}
        self.text = text

    def draw(self) -> list[str]:
        return [self.text]


def test_watch_never_switches_to_another_workspace(ws, tmp_path):
    from scenarios.cli.watch import WatchState, pinned, rerun

    other = tiny.write(tmp_path / "other")
    found = {"root": ws}
    calls: list[Path] = []

    def build() -> FakeReport:  # as discovery would: the next workspace it finds
        calls.append(found["root"])
        return FakeReport(found["root"], f"ranking of {found['root'].name}")

    state = WatchState(ws)
    draw = pinned(ws, build)
    rerun(state, draw)
    assert state.last_good == ["ranking of t"] and state.errors == []
    (ws / "model.yaml").rename(tmp_path / "model.yaml.saved")
    found["root"] = other
    rerun(state, draw)
    assert state.last_good == ["ranking of t"]
    assert state.errors == [
        f"error: {ws}/model.yaml: model.yaml is gone; waiting for it to come back"
    ]
    assert calls == [ws]  # discovery was not even asked
    (tmp_path / "model.yaml.saved").rename(ws / "model.yaml")
    rerun(state, draw)  # model.yaml is back, but discovery found another one: still refused
    assert state.last_good == ["ranking of t"]
    assert "not the one watched; waiting for" in state.errors[0]
    found["root"] = ws
    rerun(state, draw)
    assert state.errors == []
    ws.rename(tmp_path / "elsewhere")
    rerun(state, draw)
    assert state.errors == [
        f"error: {ws}: the workspace folder is gone; waiting for it to come back"
    ]


def test_watch_starts_watching_before_the_first_draw(ws):
    from rich.console import Console

    from scenarios.cli.watch import watch_loop

    stop = threading.Event()
    calls: list[int] = []

    def build() -> list[str]:
        calls.append(1)
        if len(calls) == 1:  # a save while the first table is being drawn
            (ws / "profiles" / "z.yaml").write_text(tiny.PROFILES["z"].replace("a: 2", "a: 3"))
        if len(calls) >= 2:
            stop.set()
        return [f"run {len(calls)}"]

    console = Console(file=io.StringIO(), width=100, color_system=None)
    state = within(20, lambda: watch_loop(ws, build, console, stop=stop))
    assert state.runs >= 2 and stop.is_set()


def test_watch_waits_for_a_removed_folder_to_come_back(ws, tmp_path):
    from scenarios.cli.watch import watch_changes

    stop = threading.Event()
    events = watch_changes(ws, stop)
    assert next(events) == set()  # watching
    (ws / "model.yaml").rename(tmp_path / "saved.yaml")
    assert any(str(path).endswith("model.yaml") for _, path in within(10, lambda: next(events)))
    moved = tmp_path / "moved"
    ws.rename(moved)
    batch = within(10, lambda: next(events))
    while ("gone", str(ws)) not in batch:
        batch = within(10, lambda: next(events))
    moved.rename(ws)
    assert within(10, lambda: next(events)) == {("back", str(ws))}
    (tmp_path / "saved.yaml").rename(ws / "model.yaml")
    assert any(str(path).endswith("model.yaml") for _, path in within(10, lambda: next(events)))
    stop.set()


def test_an_error_about_a_value_with_a_line_break_is_one_line(ws, run):
    assert errors(run("rank", "-w", "t", "--set", "X.a=\n")) == [
        "error: --set X.a=␊: '' is not a number"
    ]
    (ws / "model.yaml").write_text(
        tiny.MODEL.replace("schema_version: 1", 'schema_version: "a\\nb"')
    )
    assert errors(run("rank", "-w", "t")) == [
        "error: t/model.yaml:1:17: schema_version: 'a␊b' is not allowed: input should be 1 "
        "(expected one of: 1)"
    ]


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_compare_geometric_with_countries_at_the_bottom_of_a_factor(tmp_path, run):
    what = "title: x\nvalues: [{factor: a, shift: 1, countries: [X]}]\n"
    tiny.write(tmp_path / "g", whatifs={"w": what})
    result = run("compare", "-w", "g", "-a", "geometric", "-f", "csv")  # Z has c = 0
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_init_with_long_folder_names(tmp_path, run):
    assert errors(run("init", "x" * 300)) == [
        f"error: cannot create '{'x' * 300}': File name too long"
    ]
    made = run("init", "y" * 250)  # legal: usable, whatever the temporary folder's name
    assert made.exit_code == 0, made.output
    assert (tmp_path / ("y" * 250) / "model.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["y" * 250]


def test_the_readme_states_the_limits_the_code_has():
    from scenarios.analyses import budget
    from scenarios.core import textsafe
    from scenarios.workspace import files, yamlsource

    errors_section = page_with("# Errors\n").read_text(encoding="utf-8")  # with its Limits
    assert MAX_FILE_BYTES == 10 * 1024**2 and "at most 10 MiB" in errors_section
    assert f"at most {yamlsource.MAX_DEPTH} levels deep" in errors_section
    assert f"at most {textsafe.MAX_SHOWN:,} characters" in errors_section
    assert budget.DEFAULT_SHARE == 0.5 and "by default half of the memory" in errors_section
    assert checks.MAX_DRIVER_SHIFT == 1e100 and "at most 1e100 scale" in errors_section
    assert budget.cascade_bytes(1, 1, 0) - budget.BASE_BYTES == 64 + 64  # per run: 64 + 64·C
    assert "(64 + years) bytes per run and country" in errors_section
    assert budget.sobol_bytes(1, 1) - budget.BASE_BYTES == 40 * 3 + 8_000
    assert "40·N·(D + 2)·D bytes" in errors_section
    assert round(budget.monte_carlo_bytes(1000, 50) / 1024**2, -1) == 660
    assert "about 660 MiB for 1,000 countries" in errors_section
    assert all(f"`{p}/`" in errors_section for p in files.FOLDERS)
