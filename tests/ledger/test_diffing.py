"""What changed between two states of a workspace (a folder, a ledger record, a git revision),
with each country's change of score attributed to the edits, by hand on the tiny workspace."""

import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import scenarios
from scenarios.cli.app import app
from scenarios.core.errors import OptionError, WorkspaceError
from scenarios.ledger.diffing import Edit

from .. import tiny

BUNDLED = Path(scenarios.__file__).parents[2] / "scenarios"

ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}

# tiny.py, edited: Y's a from 5 to 10 and g2's weight from 1 to 3, so the effective weights go
# from a .4, b .4, c .2 to 2/7, 2/7, 3/7. Z's status becomes joined.
Y_A = ("  a: 5\n", "  a: 10\n")
G2 = ("g2: {label: Group two, weight: 1}", "g2: {label: Group two, weight: 3}")
Z_JOINS = ("name: Zland\n", "name: Zland\nstatus: {state: joined, date: 2021-01-01}\n")


def edited(root, *, value=True, weight=True, status=True, model=tiny.MODEL):
    profiles = dict(tiny.PROFILES)
    if value:
        profiles["y"] = profiles["y"].replace(*Y_A)
    if status:
        profiles["z"] = profiles["z"].replace(*Z_JOINS)
    if weight:
        model = model.replace(*G2)
    return tiny.write(root, model=model, profiles=profiles)


def test_diff_of_two_folders_by_hand(tmp_path):
    old = tiny.write(tmp_path / "old")
    new = edited(tmp_path / "new")
    d = scenarios.diff(str(old), workspace=new)
    assert d.edits == (
        Edit("group weight", "", "g2", "1", "3"),
        Edit("value", "Y", "a", "5", "10"),
        Edit("range", "Y", "a", "4–6", "9–10"),  # medium confidence: ±1, clipped to the scale
        Edit("status", "Z", "", "–", "joined 2021-01-01"),
    )
    frame = d.to_frame()
    # Y: 0.60 → 2/7 · 1 + 2/7 · .5 + 3/7 · 1 = 6/7; X: 0.74 → (1.6 + 1.6 + 1.5) / 7
    assert frame.loc["Y", "score_new"] == pytest.approx(6 / 7)
    assert frame.loc["X", "score_new"] == pytest.approx(4.7 / 7)
    assert list(frame.index) == ["Y", "X", "Z"]  # the new rank order
    assert (frame.loc["Y", "rank_old"], frame.loc["Y", "rank_new"]) == (2, 1)
    assert frame.loc["X", "rank_change"] == -1
    parts = d.attribution_frame()
    # Y: the value part of a is w'_a (u' − u) = 2/7 · .5; the weight parts (w' − w) u
    assert parts.loc[("Y", "a"), "values"] == pytest.approx(1 / 7)
    assert parts.loc[("Y", "a"), "weights"] == pytest.approx((2 / 7 - 0.4) * 0.5)
    assert parts.loc[("Y", "c"), "weights"] == pytest.approx((3 / 7 - 0.2) * 1)
    assert parts.loc[("X", "c"), "weights"] == pytest.approx((3 / 7 - 0.2) * 0.5)
    assert parts.loc[("X", "a"), "values"] == 0
    # the attribution sums to each country's change of score
    sums = parts["contribution_change"].groupby(level="id").sum()
    for cid in ("X", "Y", "Z"):
        assert sums[cid] == pytest.approx(frame.loc[cid, "score_change"], abs=1e-12)
    # Y's largest parts: its own value of a, then every weight together (6/7 − 0.60 − 1/7)
    assert d.causes("Y") == [("a", pytest.approx(1 / 7)), ("weights", pytest.approx(0.8 / 7))]
    # Y passes X: the gap moved (6/7 − 4.7/7) − (0.60 − 0.74), most of it through a
    (swap,) = d.swaps
    assert (swap.passer, swap.passed, swap.factor) == ("Y", "X", "a")
    assert swap.gap == pytest.approx(1.3 / 7 + 0.14)
    assert swap.amount == pytest.approx(1 / 7 + (2 / 7 - 0.4) * 0.5 - (2 / 7 - 0.4) * 0.8)


def test_geometric_attribution_sums_to_the_change_of_log_score(tmp_path):
    model = tiny.MODEL.replace(
        "question: Which will happen?\n", "question: Q\naggregation: geometric\n"
    )
    old = tiny.write(tmp_path / "old", model=model)
    new = edited(tmp_path / "new", model=model, status=False)
    d = scenarios.diff(str(old), workspace=new)
    frame = d.to_frame()
    sums = d.attribution_frame()["contribution_change"].groupby(level="id").sum()
    for cid in ("X", "Y"):
        change = math.log(frame.loc[cid, "score_new"]) - math.log(frame.loc[cid, "score_old"])
        assert sums[cid] == pytest.approx(change, abs=1e-12)
    # Y's a: w'_a (ln 1 − ln .5) = 2/7 ln 2
    assert d.attribution_frame().loc[("Y", "a"), "values"] == pytest.approx(2 / 7 * math.log(2))
    # Z's c sits at 0, so its score is 0 in both states: no split in log space
    assert np.isnan(d.attribution_frame().loc["Z"]).all().all() and d.causes("Z") == []


def test_two_aggregations_are_not_attributed(tmp_path):
    old = tiny.write(tmp_path / "old")
    new = tiny.write(
        tmp_path / "new",
        model=tiny.MODEL.replace(
            "question: Which will happen?\n", "question: Q\naggregation: geometric\n"
        ),
    )
    d = scenarios.diff(str(old), workspace=new)
    assert d.edits == (Edit("aggregation", "", "", "additive", "geometric"),)
    assert not d.comparable and np.isnan(d.attribution_frame()["values"]).all()


def test_countries_and_factors_added_or_removed(tmp_path):
    old = tiny.write(tmp_path / "old")
    profiles = {k: v for k, v in tiny.PROFILES.items() if k != "z"}
    profiles["w"] = "id: W\nname: Wland\nfactors: {a: 5, b: 5, c: 5}\n"
    new = tiny.write(tmp_path / "new", profiles=profiles)
    d = scenarios.diff(str(old), workspace=new)
    assert Edit("country", "W", "", "", "ranked") in d.edits
    assert Edit("country", "Z", "", "ranked", "") in d.edits
    assert list(d.to_frame().index) == ["X", "Y", "W", "Z"]


def git(root, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path):
    """A repository with the tiny workspace in analysis/ws: a first commit, then one that moves
    Y's a to 10; then g2's weight edited in the working tree, not committed."""
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "-q")
    ws = tiny.write(top / "analysis" / "ws")
    (top / "README").write_text("not the workspace\n")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "first")
    edited(ws, weight=False, status=False)
    git(top, "commit", "-q", "-am", "Y opens")
    edited(ws, status=False)  # the weight, not committed
    return ws


def test_diff_against_git_revisions_reads_them_without_checking_out(repo):
    d = scenarios.diff("HEAD", workspace=repo)
    assert d.edits == (Edit("group weight", "", "g2", "1", "3"),)
    assert d.old.label == "HEAD" and len(d.old.saved) == 10  # the commit, abbreviated
    both = scenarios.diff("HEAD~1", workspace=repo)
    assert [e.kind for e in both.edits] == ["group weight", "value", "range"]
    # two revisions: only the committed edit
    committed = scenarios.diff("git:HEAD~1", "HEAD", workspace=repo)
    assert [e.kind for e in committed.edits] == ["value", "range"]
    sums = committed.attribution_frame()["contribution_change"].groupby(level="id").sum()
    assert sums["Y"] == pytest.approx(0.2)  # .4 × (1 − .5): the value alone
    assert committed.to_frame().loc["Y", "score_change"] == pytest.approx(0.2)
    # nothing was checked out: the working tree still holds the uncommitted weight
    assert "weight: 3" in (repo / "model.yaml").read_text()
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True
    )
    assert status.stdout.strip() == "M analysis/ws/model.yaml"


def test_a_revision_is_read_whole_with_its_panel(tmp_path):
    ws = scenarios.init(tmp_path / "ws")
    assert not (ws / "panel").exists()  # init copies no invented analysts
    shutil.copytree(BUNDLED / "example-panel", ws / "panel")  # its numbers are a panel's
    git(ws, "init", "-q")
    (ws / "profiles" / "drafts").mkdir()
    (ws / "profiles" / "drafts" / "zz.yaml").write_text("not: a profile\n")  # not loaded
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "first")
    same = scenarios.diff("HEAD", workspace=ws)
    assert same.edits == ()
    assert (same.to_frame()["score_change"] == 0).all()
    # one analyst's value moves the aggregate: the revision's panel is the one compared
    panel = sorted((ws / "panel").glob("*.yaml"))[0]
    text = panel.read_text(encoding="utf-8")
    git(ws, "rm", "-q", "--cached", str(panel))
    git(ws, "commit", "-q", "-m", "without that analyst")
    assert scenarios.diff("HEAD", workspace=ws).edits != ()
    assert scenarios.diff("HEAD~1", workspace=ws).edits == ()
    assert panel.read_text(encoding="utf-8") == text


def test_a_broken_file_at_a_revision_names_the_revision(repo):
    x = repo / "profiles" / "x.yaml"
    x.write_text(tiny.PROFILES["x"].replace("value: 8", "value: 80"))
    git(repo, "commit", "-q", "-am", "typo")
    x.write_text(tiny.PROFILES["x"])  # mended in the working tree since
    with pytest.raises(WorkspaceError, match="outside the scale") as caught:
        scenarios.diff("HEAD", workspace=repo)
    assert str(caught.value.problems[0]).startswith(
        "HEAD:profiles/x.yaml:4:14: a.value = 80 is outside the scale 0..10"
    )


def test_unknown_revisions_and_folders_outside_git_are_explained(repo, tmp_path):
    with pytest.raises(OptionError, match="'nope' is not a folder, a ledger record or a revision"):
        scenarios.diff("nope", workspace=repo)
    with pytest.raises(OptionError, match="the workspace did not exist yet"):
        scenarios.diff("HEAD", workspace=shutil.copytree(repo, repo.parent / "other"))
    outside = tiny.write(tmp_path / "outside")
    with pytest.raises(OptionError, match="is not in a git repository"):
        scenarios.diff("HEAD", workspace=outside)
    with pytest.raises(OptionError, match="no records yet"):
        scenarios.diff("record:1", workspace=outside)


def test_diff_against_a_ledger_record(tmp_path):
    ws = scenarios.init(tmp_path / "ws")
    assert not (ws / "panel").exists()  # the profiles alone: the weights are model.yaml's
    scenarios.record(ws, date="2026-05-31")
    kg = ws / "profiles" / "kyrgyzstan.yaml"
    text = kg.read_text(encoding="utf-8")
    kg.write_text(
        text.replace("    value: 7.5\n    low: 6.5\n", "    value: 3.0\n    low: 2.5\n", 1)
    )
    d = scenarios.diff("record:1", workspace=ws)
    assert d.old.label == "record 1" and d.old.saved == "2026-05-31"
    assert d.edits == (
        Edit("value", "KG", "russia_dependence", "7.5", "3"),
        Edit("range", "KG", "russia_dependence", "6.5–8.5", "2.5–8.5"),
    )
    # the record's scores, kept in the ledger, are those recomputed from its inputs
    record = scenarios.history(ws).records[0]
    for c in record.countries:
        assert d.old.scores[d.old.index(c.id)] == pytest.approx(c.score, abs=1e-15)
    frame = d.to_frame()
    # KG's russia_dependence: w = 3 × 0.6 / 11.5 (weights in model.yaml), u from .25 to .7
    w = 3 * 0.6 / (3 + 2.5 + 1.5 + 2 + 1.5 + 1)
    assert frame.loc["KG", "score_change"] == pytest.approx(w * 0.45)
    assert frame.loc["KG", "rank_old"] == 4 and frame.loc["KG", "rank_new"] == 3
    (swap,) = d.swaps
    assert (swap.passer, swap.passed, swap.factor) == ("KG", "TM", "russia_dependence")
    assert scenarios.diff("record:-1", workspace=ws).old.label == "record 1"


def test_a_country_in_one_state_only_has_no_rank_there(tmp_path):
    old = tiny.write(tmp_path / "old")
    profiles = {k: v for k, v in tiny.PROFILES.items() if k != "z"}
    profiles["w"] = tiny.PROFILES["z"].replace("id: Z", "id: W").replace("Zland", "Wland")
    new = tiny.write(tmp_path / "new", profiles=profiles)
    frame = scenarios.diff(str(old), workspace=new).to_frame()
    assert list(frame.index) == ["X", "Y", "W", "Z"]  # W added, Z removed
    assert frame.loc["X", "rank_change"] == 0 and frame["rank_new"].dtype == "Int64"
    for cid, column in (("W", "rank_old"), ("Z", "rank_new")):
        assert frame.loc[cid, column] is pd.NA and frame.loc[cid, "rank_change"] is pd.NA
    result = CliRunner(env=ENV).invoke(app, ["diff", str(old), "-w", str(new), "-f", "csv"])
    assert result.exit_code == 0, result.output
    table = result.stdout.splitlines()  # the main table alone: the header, then the rows
    header = table[0].split(",")
    rows = {line.split(",")[0]: line.split(",") for line in table[1:]}
    assert sorted(rows) == ["W", "X", "Y", "Z"]
    ranks = [header.index(c) for c in ("rank_old", "rank_new", "rank_change")]
    assert [rows["X"][k] for k in ranks] == ["1", "1", "0"]
    assert [rows["W"][k] for k in ranks] == ["", "3", ""]
    assert [rows["Z"][k] for k in ranks] == ["3", "", ""]
    as_json = CliRunner(env=ENV).invoke(app, ["diff", str(old), "-w", str(new), "-f", "json"])
    table = {row["id"]: row for row in json.loads(as_json.stdout)["tables"]["diff"]}
    assert (table["W"]["rank_old"], table["W"]["rank_new"], table["W"]["rank_change"]) == (
        None,
        3,
        None,
    )
    # the terminal table says which country came and which went
    shown = CliRunner(env=ENV).invoke(app, ["diff", str(old), "-w", str(new)])
    assert shown.exit_code == 0, shown.output
    rows = [line.split() for line in shown.stdout.splitlines()]
    assert ["Wland", "added"] in rows and ["Zland", "removed"] in rows
    assert ["Xland", "0.740", "1", "·"] in rows


def test_cli_diff_table_and_csv(tmp_path):
    old = tiny.write(tmp_path / "old")
    new = edited(tmp_path / "new")
    result = CliRunner(env=ENV).invoke(app, ["diff", str(old), "-w", str(new)])
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    flowing = " ".join(result.stdout.split())
    assert flowing.startswith(f"What changed: {old} → {new} ")
    assert "group weight           g2        1                  3" in lines
    assert "status        Z                  –  joined 2021-01-01" in lines
    y = next(line for line in lines if line.startswith("Yland"))
    assert y.split()[:7] == ["Yland", "0.600", "→", "0.857", "2", "→", "1"]
    assert "↑1" in y and "a +0.143" in y
    assert any(line.startswith("weights +0.114") for line in (x.strip() for x in lines))
    assert "Yland passes Xland: the gap moved +0.326, most from a (+0.177)." in flowing
    csv = CliRunner(env=ENV).invoke(app, ["diff", str(old), "-w", str(new), "-f", "csv"])
    assert csv.stdout.startswith("id,name,score_old,score_new,score_change")
    for name, first in (
        ("diff_edits", "kind,country,factor,"),
        ("diff_attribution", "id,factor,"),
        ("diff_swaps", "passer,passed,"),
    ):
        one = CliRunner(env=ENV).invoke(
            app, ["diff", str(old), "-w", str(new), "-f", "csv", "--table", name]
        )
        assert one.exit_code == 0 and one.stdout.startswith(first), (name, one.output)
    bad = CliRunner(env=ENV).invoke(app, ["diff", "record:7", "-w", str(new)])
    assert bad.exit_code == 2 and bad.stderr.startswith("error: record:7: the ledger")


def test_watch_says_what_moved_since_the_last_good_state(tmp_path):
    import io

    from rich.console import Console

    from scenarios.analyses import scoring
    from scenarios.cli.watch import WatchState, rerun, saved_files
    from scenarios.ledger.diffing import state_of

    root = tiny.write(tmp_path / "live")
    built = []

    def build():
        built[:] = [scoring.rank(scenarios.load_workspace(root))]
        return ["the table"]

    def snapshot():
        return state_of(built[0], "live")

    def text(screen) -> str:
        console = Console(file=io.StringIO(), width=200, color_system=None)
        console.print(screen)
        return " ".join(console.file.getvalue().split())

    state = WatchState(root)
    assert "Since the last good state" not in text(rerun(state, build, snapshot))
    # Y's a from 5 to 10: Y 0.80 passes X 0.74
    (root / "profiles" / "y.yaml").write_text(tiny.PROFILES["y"].replace(*Y_A))
    saved = saved_files(root, {(2, str(root / "profiles" / "y.yaml"))})
    assert saved == "profiles/y.yaml"
    shown = text(rerun(state, build, snapshot, saved))
    assert "Since the last good state (run 2, after saving profiles/y.yaml at" in shown
    assert "Yland +0.200, rank 2 → 1; Xland rank 1 → 2." in shown
    # a save that breaks a file keeps the last good table and what moved to reach it
    (root / "profiles" / "y.yaml").write_text("id: Y\nname: [\n")
    shown = text(rerun(state, build, snapshot, "profiles/y.yaml"))
    assert "Yland +0.200, rank 2 → 1" in shown and "error:" in shown
    # mended as it was: the move is measured from the last good state, not the broken one
    (root / "profiles" / "y.yaml").write_text(tiny.PROFILES["y"].replace(*Y_A))
    assert "nothing moved" in text(rerun(state, build, snapshot, "profiles/y.yaml"))


def test_watch_does_not_compare_probabilities_across_horizons(tmp_path):
    from scenarios.analyses import scoring
    from scenarios.cli.render_tracking import moved_lines
    from scenarios.ledger.diffing import diff, state_of

    ws = scenarios.load_workspace(scenarios.init(tmp_path / "ws"))
    five = state_of(scoring.rank(ws), "ws")
    three = state_of(scoring.rank(ws, horizon=3), "ws")
    (line,) = moved_lines(diff(five, three), "run 2")
    assert line.plain == (
        "Since the last good state (run 2): the horizon went from 5 to 3 years "
        "(probabilities not compared); nothing moved."
    )


def cli_diff(*args):
    result = CliRunner(env=ENV).invoke(app, ["diff", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_horizon_or_interval_of_its_own_is_an_edit_and_its_probabilities_are_not_compared(
    tmp_path,
):
    ws = scenarios.init(tmp_path / "ws")
    scenarios.record(ws, date="2026-05-31")
    scenarios.record(ws, date="2026-06-01", horizon=3, interval=0.8)
    d = scenarios.diff("record:2", "record:1", workspace=ws)
    assert d.edits == (
        Edit("horizon", "", "", "3", "5"),
        Edit("interval", "", "", "0.8", "0.9"),
    )
    assert d.comparable and not d.probabilities_comparable
    # the workspace as it is: model.yaml's horizon and the default interval, as record 1
    assert scenarios.diff("record:1", workspace=ws).edits == ()
    now = scenarios.diff("record:2", workspace=ws)
    assert (now.new.horizon, now.new.level) == (5, 0.9)
    assert [e.kind for e in now.edits] == ["horizon", "interval"]
    shown = cli_diff("record:2", "record:1", "-w", ws)
    flowing = " ".join(shown.split())
    assert "No edits" not in shown
    assert "horizon 3 years 5 years" in flowing and "interval 80% 90%" in flowing
    assert "over different horizons (3 and 5 years)" in flowing
    assert "not comparable" in flowing
    assert "P moves without the score" not in flowing  # no link-based explanation
    # one horizon: the probabilities compare (README's month shows the link's explanation)
    scenarios.record(ws, date="2026-06-02", sets=["KG.russia_dependence=6.5"])
    same = scenarios.diff("record:1", "record:3", workspace=ws)
    assert same.probabilities_comparable and [e.kind for e in same.edits] == ["value"]
    assert "different horizons" not in cli_diff("record:1", "record:3", "-w", ws)


LINKED = tiny.MODEL + "horizon_years: 1\nlink: {kind: logistic, intercept: -2, slope: 2}\n"


def p_cell(output: str, name: str) -> str:
    """The P column of a country's row in the table of how each country moved."""
    line = next(x for x in output.splitlines() if x.startswith(name))
    side = r"(joined|[\d.]+%|–)"
    found = re.search(rf"[\d.]+ → [\d.]+%|{side}( → {side})?(?=\s\s|\s*$)", line)
    assert found, line
    return found[0]


def test_a_country_that_joins_keeps_its_old_forecast_on_screen(tmp_path):
    old = tiny.write(tmp_path / "old", model=LINKED)
    new = edited(tmp_path / "new", model=LINKED, value=False, weight=False)
    d = scenarios.diff(str(old), workspace=new)
    before = d.old.probability[d.old.index("Z")]
    assert math.isfinite(before) and math.isnan(d.new.probability[d.new.index("Z")])
    shown = cli_diff(old, "-w", new)
    assert p_cell(shown, "Zland") == f"{100 * before:.1f}% → joined"
    assert p_cell(shown, "Yland") == "joined"  # joined in both
    # the status undone
    back = cli_diff(new, "-w", old)
    assert p_cell(back, "Zland") == f"joined → {100 * before:.1f}%"
    assert all(len(line) <= 80 for line in shown.splitlines() + back.splitlines())


def test_a_removed_country_shows_its_probability_with_its_unit(tmp_path):
    old = tiny.write(tmp_path / "old", model=LINKED)
    profiles = {k: v for k, v in tiny.PROFILES.items() if k != "z"}
    profiles["w"] = "id: W\nname: Wland\nfactors: {a: 5, b: 5, c: 5}\n"
    new = tiny.write(tmp_path / "new", model=LINKED, profiles=profiles)
    d = scenarios.diff(str(old), workspace=new)
    z = 100 * d.old.probability[d.old.index("Z")]
    w = 100 * d.new.probability[d.new.index("W")]
    shown = cli_diff(old, "-w", new)
    assert p_cell(shown, "Zland") == f"{z:.1f}% → –"
    assert p_cell(shown, "Wland") == f"– → {w:.1f}%"
    assert "–%" not in shown


LONG = "religious_resistance_of_the_clergy_and_the_public_at_large"  # 58 characters


def test_a_long_factor_id_wraps_after_an_underscore_never_inside_a_word(tmp_path):
    def long(text: str) -> str:
        return re.sub(r"^(\s*)a:", rf"\1{LONG}:", text, flags=re.M)

    model = long(tiny.MODEL)
    profiles = {k: long(v) for k, v in tiny.PROFILES.items()}
    old = tiny.write(tmp_path / "old", model=model, profiles=profiles)
    new = tiny.write(
        tmp_path / "new",
        model=model,
        profiles={**profiles, "y": profiles["y"].replace(f"{LONG}: 5", f"{LONG}: 10")},
    )
    assert Edit("value", "Y", LONG, "5", "10") in scenarios.diff(str(old), workspace=new).edits
    shown = cli_diff(old, "-w", new)
    lines = shown.splitlines()
    assert all(len(line) <= 80 for line in lines)
    # the edits table gives the id a line of its own, whole, so it can be copied
    assert any(line.split() == ["value", "Y", LONG] for line in lines), shown
    # where it must wrap (beside the change of score), it breaks after an underscore
    parts = [w for line in lines for w in re.findall(r"[a-z]+_[a-z_]*", line) if w in LONG]
    for part in parts:
        if part != LONG:
            start = LONG.find(part)
            assert part.endswith("_") or start + len(part) == len(LONG), part
            assert start == 0 or LONG[start - 1] == "_", part
    assert "".join(p for p in parts if p != LONG) == LONG  # the two pieces of the cause


def test_under_a_panel_one_edit_of_model_yaml_is_one_row(tmp_path):
    """The aggregate's effective weights all move when one model.yaml weight is typed anew
    (an analyst who weighs by swing keeps theirs); the diff lists the edit as typed."""
    ws = tiny.write(tmp_path / "ws")
    (ws / "panel").mkdir()
    swing = "analyst: Sue\nswing:\n  - {factor: c, rating: 100}\n  - {factor: a, rating: 50}\n"
    (ws / "panel" / "sue.yaml").write_text(swing + "  - {factor: b, rating: 20}\n")
    (ws / "panel" / "ann.yaml").write_text("analyst: Ann\nvalues: {Z: {a: 6}}\n")
    git(ws, "init", "-q")
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "first")
    model = (ws / "model.yaml").read_text()
    (ws / "model.yaml").write_text(
        model.replace("weight: 1, direction: for}", "weight: 3, direction: for}", 1)
    )
    d = scenarios.diff("HEAD", workspace=ws)
    assert d.edits == (Edit("weight", "", "a", "1", "3"),)
    # every effective weight of the aggregate moved: the scores are the aggregate's
    assert (d.old.weights != d.new.weights).all()
    # a profile's value edit: as typed in the profile (the aggregate moves by half: ann's own)
    z = ws / "profiles" / "z.yaml"
    z.write_text(z.read_text().replace("  a: 2\n", "  a: 4\n"))
    d = scenarios.diff("HEAD", workspace=ws)
    assert d.edits == (
        Edit("weight", "", "a", "1", "3"),
        Edit("value", "Z", "a", "2", "4"),
        Edit("range", "Z", "a", "1–3", "3–5"),  # the default range (± 1) moves with it
    )
    assert d.new.values[2, 0] - d.old.values[2, 0] == pytest.approx(1.0)
    # an analyst's file: one row each, as it came, went or changed
    (ws / "panel" / "ann.yaml").write_text("analyst: Ann\nvalues: {Z: {a: 7}}\n")
    (ws / "panel" / "sue.yaml").unlink()
    (ws / "panel" / "cat.yaml").write_text("analyst: Cat\nvalues: {Y: {c: 9}}\n")
    d = scenarios.diff("HEAD", workspace=ws)
    assert d.edits[3:] == (
        Edit("analyst", "", "ann", "their file", "edited"),
        Edit("analyst", "", "sue", "in the panel", ""),
        Edit("analyst", "", "cat", "", "in the panel"),
    )


def test_under_a_panel_a_record_keeps_the_files_as_typed(tmp_path):
    """`diff record:N` lists one model.yaml edit as one row, as `diff REV` does."""
    ws = tiny.write(tmp_path / "ws")
    (ws / "panel").mkdir()
    swing = "analyst: Sue\nswing:\n  - {factor: c, rating: 100}\n  - {factor: a, rating: 50}\n"
    (ws / "panel" / "sue.yaml").write_text(swing + "  - {factor: b, rating: 20}\n")
    (ws / "panel" / "ann.yaml").write_text(
        "analyst: Ann\nillustrative: true\nvalues: {Z: {a: 6}}\n"
    )
    scenarios.record(ws, date="2026-02-17")
    line = json.loads((ws / "ledger.jsonl").read_text().splitlines()[0])
    assert line["panel"]["model"]["factors"]["a"]["weight"] == 1  # as typed
    assert line["panel"]["values"]["Z"]["a"] == [2, 1, 3]  # the profile's, not ann's
    assert line["panel"]["illustrative"] is True and set(line["panel"]["analysts"]) == {
        "ann",
        "sue",
    }
    model = (ws / "model.yaml").read_text()
    (ws / "model.yaml").write_text(
        model.replace("weight: 1, direction: for}", "weight: 3, direction: for}", 1)
    )
    (ws / "panel" / "ann.yaml").write_text("analyst: Ann\nvalues: {Z: {a: 7}}\n")
    d = scenarios.diff("record:1", workspace=ws)
    assert d.edits == (
        Edit("weight", "", "a", "1", "3"),
        Edit("analyst", "", "ann", "their file", "edited"),
    )
    # the record's scores are those recomputed from its inputs (the aggregate's)
    record = scenarios.history(ws).records[0]
    for c in record.countries:
        assert d.old.scores[d.old.index(c.id)] == pytest.approx(c.score, abs=1e-15)
    # a record without a panel is written as before, with no panel key
    plain = tiny.write(tmp_path / "plain")
    scenarios.record(plain, date="2026-02-17")
    assert "panel" not in json.loads((plain / "ledger.jsonl").read_text())


def test_a_new_factor_brings_its_whole_contribution_with_its_weight(tmp_path):
    """Factor d joins g2 beside c: the weights (group × factor) a 2, b 2, c 1, d 1 of 6, so
    a and b fall from 2/5 to 1/3 and c from 1/5 to 1/6. X (d = 10): d's weight brings 1/6 · 1,
    c's −(1/5 − 1/6) · .5, a's and b's −(2/5 − 1/3) · .8 each: 0.74 → 0.74 + 13/300.
    Z (d = 5): d brings 1/6 · .5, c (at 0) nothing."""
    old = tiny.write(tmp_path / "old")
    model = tiny.MODEL + "  d: {label: Factor D, group: g2, weight: 1, direction: for}\n"
    profiles = {
        key: text.replace("  c: ", f"  d: {d}\n  c: ")
        for (key, text), d in zip(tiny.PROFILES.items(), (10, 0, 5), strict=True)
    }
    new = tiny.write(tmp_path / "new", model=model, profiles=profiles)
    d = scenarios.diff(str(old), workspace=new)
    parts = d.attribution_frame()
    assert parts.loc[("X", "d"), "weights"] == pytest.approx(1 / 6)
    assert parts.loc[("Z", "d"), "weights"] == pytest.approx(0.5 / 6)
    assert parts.loc[("X", "c"), "weights"] == pytest.approx(-(1 / 5 - 1 / 6) * 0.5)
    assert parts.loc[("X", "a"), "weights"] == pytest.approx(-(2 / 5 - 1 / 3) * 0.8)
    sums = parts["contribution_change"].groupby(level="id").sum()
    assert sums["X"] == pytest.approx(13 / 300)
    assert d.to_frame().loc["X", "score_new"] == pytest.approx(0.74 + 13 / 300)
