"""The guard against hindsight: evidence, notes and sources dated after the event's as_of."""

import datetime as dt

import pytest
from typer.testing import CliRunner

from scenarios.cli.app import app
from scenarios.workspace.hindsight import dates_in

from .. import tiny

ENV = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
HINT = "(a forecast may use only what was known at event.as_of: drop it, or move as_of)"
MODEL = tiny.MODEL + "event:\n  definition: It happens.\n  as_of: 2026-02-17\n"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("on 2026-02-18 it", [("2026-02-18", dt.date(2026, 2, 18))]),
        ("6 Nov 2025", [("6 Nov 2025", dt.date(2025, 11, 6))]),
        ("the 17th February 2026 talks", [("17th February 2026", dt.date(2026, 2, 17))]),
        ("March 3, 2026", [("March 3, 2026", dt.date(2026, 3, 3))]),
        ("in late May 2026", [("May 2026", dt.date(2026, 5, 1))]),
        (
            "Sept. 2026 and Jan 2026",
            [("Sept. 2026", dt.date(2026, 9, 1)), ("Jan 2026", dt.date(2026, 1, 1))],
        ),
        ("Jan–Nov 2025", [("Nov 2025", dt.date(2025, 11, 1))]),
        # not dates: a year alone, a number, an impossible day, a month in a word, lower case
        ("in 2027, 12 2026, 31 Feb 2026, Mayday 2026, may 2026", []),
        ("https://kz.kursiv.media/en/2025-10-07/story", [("2025-10-07", dt.date(2025, 10, 7))]),
    ],
)
def test_dates_written_in_text(text, found):
    assert list(dates_in(text)) == found


def _validate(root):
    return CliRunner(env=ENV).invoke(app, ["validate", "-w", str(root)])


def test_validate_warns_of_each_date_after_as_of(tmp_path):
    x = """\
id: X
name: Xland
factors:
  a:
    value: 8
    as_of: 2026-02-18
    sources: [s1]
  b:
    value: 2
    note: "Signed 6 Nov 2025; talks resumed on 3 Mar 2026 and in Mar 2026."
    sources: ["report of 2026-03-10 https://example.org", "minutes, March 1, 2026"]
  c:
    value: 5
    note: Checked in late May 2026.
    sources: [s1]
"""
    root = tiny.write(tmp_path / "ws", model=MODEL, profiles={**tiny.PROFILES, "x": x})
    result = _validate(root)
    assert result.exit_code == 0
    x_file = f"{root}/profiles/x.yaml"
    hindsight = [line for line in result.stderr.splitlines() if "after the event" in line]
    assert hindsight == [
        f"warning: {x_file}:6:12: X.a: evidence dated 2026-02-18 is after the event's as_of "
        f"(2026-02-17) {HINT}",
        f"warning: {x_file}:10:11: X.b: the note mentions '3 Mar 2026', after the event's as_of "
        f"(2026-02-17) {HINT}",
        f"warning: {x_file}:10:11: X.b: the note mentions 'Mar 2026', after the event's as_of "
        f"(2026-02-17) {HINT}",
        f"warning: {x_file}:11:15: X.b: source 1 mentions '2026-03-10', after the event's as_of "
        f"(2026-02-17) {HINT}",
        f"warning: {x_file}:11:59: X.b: source 2 mentions 'March 1, 2026', after the event's "
        f"as_of (2026-02-17) {HINT}",
        f"warning: {x_file}:14:11: X.c: the note mentions 'May 2026', after the event's as_of "
        f"(2026-02-17) {HINT}",
    ]


def test_nothing_at_or_before_as_of_is_warned(tmp_path):
    x = """\
id: X
name: Xland
factors:
  a: {value: 8, as_of: 2026-02-17, note: "17 Feb 2026, 2026-02-17, Feb 2026, mid-Feb 2026", sources: [s1]}
  b: {value: 2, note: "February 17, 2026; Jan 2026; 1 Jan 2000", sources: ["2026-02-16"]}
  c: {value: 5, sources: [s1]}
"""
    root = tiny.write(tmp_path / "ws", model=MODEL, profiles={**tiny.PROFILES, "x": x})
    result = _validate(root)
    assert result.exit_code == 0
    assert "after the event" not in result.stderr
    assert (
        "after the event"
        in _validate(
            tiny.write(
                tmp_path / "later",
                model=MODEL,
                profiles={**tiny.PROFILES, "x": x.replace("Jan 2026", "Mar 2026")},
            )
        ).stderr
    )


def test_without_an_event_date_nothing_is_checked(tmp_path):
    x = tiny.PROFILES["x"].replace("sources: [s1]}", "note: 3 Mar 2099, sources: [s1]}", 1)
    result = _validate(tiny.write(tmp_path / "ws", profiles={**tiny.PROFILES, "x": x}))
    assert result.exit_code == 0 and "after the event" not in result.stderr


def test_analysts_notes_and_values_are_checked(tmp_path):
    root = tiny.write(tmp_path / "ws", model=MODEL)
    (root / "panel").mkdir()
    (root / "panel" / "b.yaml").write_text(
        "analyst: B\nnote: Read in April 2026.\nvalues:\n"
        "  X:\n    a: {value: 7, as_of: 2026-03-01, sources: [s]}\n",
        encoding="utf-8",
    )
    lines = [line for line in _validate(root).stderr.splitlines() if "after the event" in line]
    panel = f"{root}/panel/b.yaml"
    assert lines == [
        f"warning: {panel}:2:7: analyst 'b': the note mentions 'April 2026', after the event's "
        f"as_of (2026-02-17) {HINT}",
        f"warning: {panel}:5:26: analyst 'b', X.a: evidence dated 2026-03-01 is after the "
        f"event's as_of (2026-02-17) {HINT}",
    ]


def test_the_bundled_forecast_uses_nothing_after_its_date():
    from scenarios import api
    from scenarios.workspace.warnings import warnings

    ws = api.load_workspace("central-asia")
    assert ws.model.event is not None and ws.model.event.as_of == dt.date(2026, 5, 31)
    assert [str(p) for p in warnings(ws) if "after the event" in p.message] == []
