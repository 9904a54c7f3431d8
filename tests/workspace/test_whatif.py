"""What-if scenarios and comparison on the tiny workspace, with hand-computed results."""

import io
import json
import re

import numpy as np
import pandas as pd
import pytest
from rich.console import Console
from typer.testing import CliRunner

import scenarios
from scenarios.analyses import scoring
from scenarios.analyses.comparison import compare
from scenarios.cli.app import app
from scenarios.cli.watch import WatchState, rerun, watch_loop
from scenarios.workspace.whatif import apply_whatif

from .. import tiny

WHATIFS = {
    "shift_a": "title: Shift\nvalues:\n  - {factor: a, shift: 1, countries: [X]}\n",
    "scale_c": "title: Scale\nvalues:\n  - {factor: c, scale: 0.5}\n",
    "set_b": "title: Shift and clamp\nvalues:\n  - {factor: b, shift: 5, countries: [Z]}\n",
    "weight_c": "title: Weight\nweights:\n  - {factor: c, set: 3}\n",
    "group_g2": "title: Group\nweights:\n  - {group: g2, scale: 2}\n",
    "join_z": "title: Join\nstatus:\n  - {country: Z, state: joined, date: 2027-01-01}\n",
    "plus2": "title: Plus two\nvalues:\n  - {factor: a, shift: 2}\n",
    "half": "title: Half\nvalues:\n  - {factor: a, scale: 0.5}\n",
    "new_range": "title: Range\nvalues:\n  - {factor: a, set: 6, low: 5, high: 6.5, countries: [X]}\n",
}


@pytest.fixture
def ws(tmp_path):
    return scenarios.load_workspace(tiny.write(tmp_path / "w", whatifs=WHATIFS))


def scores_of(ws):
    result = scoring.rank(ws)
    return dict(zip(result.ids, result.scores, strict=True))


def test_shift_moves_value_and_range_for_listed_countries(ws):
    changed = apply_whatif(ws, "shift_a")
    entry = changed.entry("X", "a")
    assert (entry.value, entry.low, entry.high) == (9, 8, 10)
    assert changed.entry("Y", "a").value == 5  # not listed
    assert scores_of(changed)["X"] == pytest.approx(0.4 * 0.9 + 0.32 + 0.10)
    assert tuple(map(str, changed.changes)) == ("--whatif shift_a",)


def test_scale_applies_to_all_countries(ws):
    changed = apply_whatif(ws, "scale_c")
    assert [changed.entry(c, "c").value for c in "XYZ"] == [2.5, 5, 0]
    assert scores_of(changed)["Y"] == pytest.approx(0.2 + 0.2 + 0.2 * 0.5)


def test_shift_is_clamped_to_the_scale(ws):
    changed = apply_whatif(ws, "set_b")
    assert changed.entry("Z", "b").value == 10
    assert scores_of(changed)["Z"] == pytest.approx(0.08 + 0.0 + 0.0)


def test_set_with_a_new_range(ws):
    entry = apply_whatif(ws, "new_range").entry("X", "a")
    assert (entry.value, entry.low, entry.high) == (6, 5, 6.5)


def test_factor_weight_set(ws):
    got = scores_of(apply_whatif(ws, "weight_c"))
    assert got["Y"] == pytest.approx((2 * 0.5 + 2 * 0.5 + 3 * 1.0) / 7)


def test_group_weight_scale(ws):
    got = scores_of(apply_whatif(ws, "group_g2"))  # raw weights 2, 2, 2
    assert got["X"] == pytest.approx((0.8 + 0.8 + 0.5) / 3)


def test_status_change(ws):
    changed = apply_whatif(ws, "join_z")
    assert scoring.status_label(changed, "Z") == "joined 2027-01"
    assert scoring.status_label(ws, "Z") == ""


def test_composition_follows_the_order_given(ws):
    first = scenarios.prepare(ws, whatifs=["plus2", "half"]).entry("X", "a").value
    second = scenarios.prepare(ws, whatifs=["half", "plus2"]).entry("X", "a").value
    assert (first, second) == ((8 + 2) * 0.5, 8 * 0.5 + 2)


def test_overrides_apply_after_whatifs(ws):
    # the what-if sets c's weight to 3, then --weight sets it to 1 again: the override wins
    frame = scenarios.rank(ws, whatifs=["weight_c"], weights=["c=1"]).to_frame()
    assert frame["score"].to_dict() == pytest.approx(tiny.SCORES)


def test_compare_equals_separate_runs(ws):
    result = compare(ws)
    assert list(result.scenarios) == sorted(WHATIFS)
    for name in WHATIFS:
        separate = scenarios.rank(ws, whatifs=[name]).to_frame()
        for i, cid in enumerate(result.ids):
            assert result.scenarios[name].scores[i] == pytest.approx(separate.loc[cid, "score"])
            assert result.scenarios[name].ranks[i] == separate.loc[cid, "rank"]
    change = result.contribution_change("shift_a")
    np.testing.assert_allclose(change.sum(axis=1), result.score_change("shift_a"))
    assert result.drivers("shift_a", 0) == [("a", pytest.approx(0.04))]


def test_compare_frame_and_rank_change(ws):
    frame = compare(ws, ["set_b", "weight_c"]).to_frame()
    assert list(frame.index.names) == ["id", "scenario"]
    assert list(frame.columns) == [
        "name",
        "score",
        "rank",
        "score_change",
        "rank_change",
    ]
    y = frame.loc[("Y", "weight_c")]
    assert (y["rank"], y["rank_change"]) == (1, 1)  # Y moves from 2nd to 1st


def test_unknown_whatif_name(ws):
    with pytest.raises(
        scenarios.OptionError, match=r"--whatif shift: no such what-if .*did you mean 'shift_a'"
    ):
        apply_whatif(ws, "shift")


def test_whatif_set_outside_its_own_range_is_reported_at_load(tmp_path):
    whatifs = {"bad": "title: Bad\nvalues:\n  - {factor: a, set: 8, high: 7, countries: [X]}\n"}
    with pytest.raises(
        scenarios.WorkspaceError, match=r"bad.yaml:3:5: set must lie within the low..high given"
    ):
        scenarios.load_workspace(tiny.write(tmp_path / "b", whatifs=whatifs))


def test_whatif_set_outside_the_scale_is_a_typo_not_a_clamp(tmp_path):
    whatifs = {"typo": "title: Typo\nvalues:\n  - {factor: a, set: 80}\n"}
    with pytest.raises(
        scenarios.WorkspaceError, match=r"typo.yaml:3:22: set = 80 is outside the scale 0..10"
    ):
        scenarios.load_workspace(tiny.write(tmp_path / "t", whatifs=whatifs))


def test_whatif_moving_a_value_past_a_fixed_range_reports_the_whatif(tmp_path):
    whatifs = {"push": "title: Push\nvalues:\n  - {factor: a, set: 9.5, low: 9, countries: [X]}\n"}
    ws = scenarios.load_workspace(tiny.write(tmp_path / "p", whatifs=whatifs))
    # X.a has high 9 in its profile; the what-if sets 9.5 and a new low, and the high moves along
    entry = apply_whatif(ws, "push").entry("X", "a")
    assert (entry.value, entry.low, entry.high) == (9.5, 9, 10)


def test_a_whatif_applies_once(ws):
    with pytest.raises(
        scenarios.OptionError, match=r"^whatifs=\['shift_a'\]: this what-if is already applied"
    ):
        scenarios.prepare(ws, whatifs=["shift_a", "shift_a"])
    with pytest.raises(
        scenarios.OptionError, match="what-if shift_a: this what-if is already applied"
    ):
        compare(scenarios.prepare(ws, whatifs=["shift_a"]), ["shift_a"])
    # comparing all skips what is already in the baseline
    assert "shift_a" not in compare(scenarios.prepare(ws, whatifs=["shift_a"])).scenarios


# --- CLI ------------------------------------------------------------------------------


@pytest.fixture
def run():
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_cli_whatifs_lists_titles(run, ws):
    result = run("whatifs", "-w", ws.root)
    assert result.exit_code == 0
    assert "shift_a" in result.stdout and "Shift and clamp" in result.stdout
    frame = pd.read_csv(io.StringIO(run("whatifs", "-w", ws.root, "-f", "csv").stdout))
    assert frame["name"].tolist() == sorted(WHATIFS)


def test_cli_compare_csv_matches_rank_with_whatif(run, ws):
    out = run("compare", "set_b", "weight_c", "-w", ws.root, "-f", "csv").stdout
    frame = pd.read_csv(io.StringIO(out))  # the main table: the scores and ranks
    ranked = pd.read_csv(
        io.StringIO(run("rank", "-w", ws.root, "--whatif", "weight_c", "-f", "csv").stdout)
    )
    merged = frame[frame["scenario"] == "weight_c"].merge(ranked, on="id", suffixes=("", "_rank"))
    assert merged["score"].tolist() == pytest.approx(merged["score_rank"].tolist())
    out = run(
        "compare", "set_b", "weight_c", "-w", ws.root, "-f", "csv", "--table", "compare_drivers"
    )
    drivers = pd.read_csv(io.StringIO(out.stdout))
    assert set(drivers["scenario"]) == {"set_b", "weight_c"}


def test_cli_compare_table_marks_changes(run, ws):
    result = run("compare", "weight_c", "-w", ws.root, "--full")
    assert result.exit_code == 0
    assert "+0.114 ↑1" in result.stdout  # Y: 0.6 → 5/7, rank 2 → 1 (up one place)


def test_cli_compare_unknown_name(run, ws):
    result = run("compare", "nope", "-w", ws.root)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: what-if nope: no such what-if")


def test_cli_compare_without_whatifs(run, tmp_path):
    result = run("compare", "-w", tiny.write(tmp_path / "none"))
    assert result.exit_code == 2
    assert "has no what-ifs to compare (add YAML files under whatif/)" in result.stderr


def test_cli_export_writes_compare(run, ws, tmp_path):
    out = tmp_path / "out"
    assert run("export", out, "-w", ws.root, "--samples", "1000").exit_code == 0
    frame = pd.read_csv(out / "compare.csv")
    assert set(frame["scenario"]) == {"baseline", *WHATIFS}


def test_cli_watch_refuses_other_formats(run, ws):
    result = run("rank", "-w", ws.root, "--watch", "-f", "csv")
    assert result.exit_code == 2
    assert "--watch redraws a table" in result.stderr


def test_bundled_whatifs_all_apply():
    ws = scenarios.load_workspace("central-asia")
    assert len(ws.whatifs) >= 4
    result = compare(ws)
    for name in ws.whatifs:
        assert np.all((result.scenarios[name].scores >= 0) & (result.scenarios[name].scores <= 1))
    assert scoring.status_label(apply_whatif(ws, "uzbekistan_joins"), "UZ").startswith("joined")


# --- the watch loop -------------------------------------------------------------------


def test_rerun_keeps_the_last_good_result_on_an_invalid_save(tmp_path):
    root = tiny.write(tmp_path / "live")

    def build():
        result = scoring.rank(scenarios.load_workspace(root))
        return [f"top: {result.ids[result.order[0]]} {result.scores[result.order[0]]:.2f}"]

    state = WatchState(root)
    rerun(state, build)
    assert state.last_good == ["top: X 0.74"] and state.errors == []
    # a save that changes a weight re-renders with the new numbers
    (root / "model.yaml").write_text(
        tiny.MODEL.replace(
            "c: {label: Factor C, group: g2, weight: 1", "c: {label: Factor C, group: g2, weight: 3"
        )
    )
    rerun(state, build)
    assert state.last_good == ["top: Y 0.71"]
    # a save that breaks a file keeps the last good table and shows the error line
    (root / "profiles" / "x.yaml").write_text(tiny.PROFILES["x"].replace("value: 8", "value: 80"))
    screen = rerun(state, build)
    assert state.last_good == ["top: Y 0.71"]
    assert len(state.errors) == 2  # out of scale, and above its own high
    assert "x.yaml:4:14: a.value = 80 is outside the scale 0..10" in state.errors[0]
    assert "x.yaml:4:32: a: value (80) is above high (9)" in state.errors[1]
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(screen)
    text = console.file.getvalue()
    assert "top: Y 0.71" in text and "outside the scale" in text and "run 3" in text
    # fixing the file clears the error
    (root / "profiles" / "x.yaml").write_text(tiny.PROFILES["x"])
    rerun(state, build)
    assert state.errors == [] and state.runs == 4


def test_watch_loop_redraws_on_each_change_batch(tmp_path):
    root = tiny.write(tmp_path / "loop")
    calls = []

    def build():
        calls.append(1)
        return [f"run {len(calls)}"]

    console = Console(file=io.StringIO(), width=120, color_system=None)
    state = watch_loop(root, build, console, changes=iter([{"change"}, {"change"}]))
    assert state.runs == 3 and len(calls) == 3
    assert state.last_good == ["run 3"]


# --- --set outside a value's range --------------------------------------------------------


def range_of(ws, country, factor):
    c, f = ws.country_ids.index(country), ws.factor_ids.index(factor)
    return float(ws.ranges[0][c, f]), float(ws.ranges[1][c, f])


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "note"),
    [
        # X's a is 8 (7–9): 9.5 moves the range by +1.5 to 8.5–10.5, clamped to the scale
        ("X.a=9.5", 9.5, 8.5, 10, "outside its range 7–9; the range moves with it to 8.5–10"),
        # down by 4: 3–5
        ("X.a=4", 4, 3, 5, "outside its range 7–9; the range moves with it to 3–5"),
        # an against factor alike: X's b is 2 (1–4), to 0 moves it by −2 to −1–2, clamped 0–2
        ("X.b=0", 0, 0, 2, "outside its range 1–4; the range moves with it to 0–2"),
    ],
)
def test_a_value_set_outside_its_range_moves_the_range(ws, text, value, low, high, note):
    changed = scenarios.prepare(ws, sets=[text])
    country, factor = text.split("=")[0].split(".")
    entry = changed.entry(country, factor)
    assert (entry.value, entry.low, entry.high) == (value, low, high)
    assert [str(n) for n in changed.notes] == [f"--set {text} is {note}"]
    assert tuple(map(str, changed.changes)) == (f"--set {text}",)


def test_a_range_from_the_confidence_moves_by_itself_and_is_said_too(ws):
    # X's c is 5 with no range: medium confidence, 5 ± 1; at 8 the range is 7–9
    changed = scenarios.prepare(ws, sets={"X": {"c": 8}})
    entry = changed.entry("X", "c")
    assert (entry.value, entry.low, entry.high) == (8, None, None)
    assert range_of(changed, "X", "c") == (7, 9)
    assert [str(n) for n in changed.notes] == [
        "--set X.c=8 is outside its range 4–6; the range moves with it to 7–9"
    ]


def test_a_value_set_inside_its_range_leaves_the_range_and_says_nothing(ws):
    changed = scenarios.prepare(ws, sets=["X.a=8.5", "X.c=5.5"])
    entry = changed.entry("X", "a")
    assert (entry.value, entry.low, entry.high) == (8.5, 7, 9)
    assert range_of(changed, "X", "c") == (4.5, 6.5)  # the confidence's ± 1 follows the value
    assert changed.notes == ()


def test_a_value_set_moves_the_range_as_a_whatif_setting_it_does(tmp_path):
    whatif = "title: Set\nvalues:\n  - {factor: a, set: 9.5, countries: [X]}\n"
    ws = scenarios.load_workspace(tiny.write(tmp_path / "w", whatifs={"set_a": whatif}))
    by_set = scenarios.prepare(ws, sets=["X.a=9.5"]).entry("X", "a")
    by_whatif = scenarios.prepare(ws, whatifs=["set_a"]).entry("X", "a")
    assert (by_set.value, by_set.low, by_set.high) == (by_whatif.value, by_whatif.low, 10)
    assert by_whatif.low == 8.5


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        # from Python, the argument is named as given (the command line names --set X.a=11)
        (["X.a=11"], "sets=['X.a=11']: 11 is outside the scale 0..10"),
        ({"X": {"b": -0.5}}, "sets['X']['b']: -0.5 is outside the scale 0..10"),
    ],
)
def test_a_value_set_outside_the_scale_is_an_error(ws, sets, message):
    with pytest.raises(scenarios.OptionError, match=re.escape(message)) as caught:
        scenarios.prepare(ws, sets=sets)
    [problem] = caught.value.problems
    assert (problem.file, problem.hint) == (None, "give a value from 0 to 10")


def test_the_cli_says_in_one_note_that_the_range_moved(run, tmp_path):
    tiny.write(tmp_path / "w")
    result = run("rank", "-w", tmp_path / "w", "--set", "X.a=9.5", "-f", "json")
    assert result.exit_code == 0
    note = "--set X.a=9.5 is outside its range 7–9; the range moves with it to 8.5–10"
    assert result.stderr.splitlines() == [f"note: {note}"]
    assert json.loads(result.stdout)["meta"]["notes"] == [note]
    outside = run("rank", "-w", tmp_path / "w", "--set", "X.a=11")
    assert outside.exit_code == 2
    assert outside.stderr.splitlines() == [
        "error: --set X.a=11: 11 is outside the scale 0..10 (give a value from 0 to 10)"
    ]
