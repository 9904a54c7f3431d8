"""Values that rest on background knowledge (`basis: background`), and the backtest's cohort
hash, which pre-registers what a backtest scores."""

import hashlib
import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

import scenarios
from scenarios.api import load_workspace
from scenarios.cli.app import app
from scenarios.workspace.evidence import evidence_frame

from .. import tiny

ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}

# A cohort of three as of the end of 2019: Y joined within the year, X and Z were checked after
# it and had not.
COHORT_MODEL = (
    tiny.MODEL
    + """\
horizon_years: 1
cohort:
  rule: Every land of the tiny atlas.
event:
  definition: It happens.
  as_of: 2019-12-31
"""
)
X = """\
id: X
name: Xland
status: {state: not_joined, as_of: 2021-01-01}
factors:
  a: {value: 8, low: 7, high: 9, confidence: high, basis: background, note: n, sources: [s1]}
  b: {value: 2, low: 1, high: 4, sources: [s1]}
  c: {value: 5, basis: background, sources: [s1]}
"""
Z = tiny.PROFILES["z"].replace(
    "name: Zland\n", "name: Zland\nstatus: {state: not_joined, as_of: 2021-01-01}\n"
)
PROFILES = {**tiny.PROFILES, "x": X, "z": Z}


@pytest.fixture
def cohort(tmp_path):
    return tiny.write(tmp_path / "cohort", model=COHORT_MODEL, profiles=PROFILES)


def run(*args):
    return CliRunner(env=ENV).invoke(app, [str(a) for a in args])


def test_basis_is_one_word(tmp_path):
    bad = X.replace("basis: background, note", "basis: memory, note")
    result = run("validate", "-w", tiny.write(tmp_path / "ws", profiles={**PROFILES, "x": bad}))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {tmp_path}/ws/profiles/x.yaml:5:59: factors.a.basis: 'memory' is not allowed: "
        "input should be 'background' (expected one of: background)\n"
    )


def test_the_evidence_tables_mark_background_values(cohort):
    ws = load_workspace(cohort)
    frame = evidence_frame(ws).set_index(["id", "factor"])["basis"]
    assert frame[frame == "background"].index.tolist() == [("X", "a"), ("X", "c")]
    assert (frame.drop([("X", "a"), ("X", "c")]) == "").all()
    # explain: the CSV column, and the line naming the factor in the terminal
    table = pd.read_csv(io.StringIO(run("explain", "X", "-w", cohort, "-f", "csv").stdout))
    assert table.set_index("factor")["basis"].fillna("").to_dict() == {
        "a": "background",
        "b": "",
        "c": "background",
    }
    shown = run("explain", "X", "-w", cohort, "--evidence").stdout
    assert "a · rests on background knowledge" in shown
    assert "c · rests on background knowledge" in shown
    assert "b · rests" not in shown


def test_export_and_report_mark_them(cohort, tmp_path):
    scenarios.export(tmp_path / "out", cohort, samples=200)
    exported = pd.read_csv(tmp_path / "out" / "evidence.csv", keep_default_na=False)
    assert exported.loc[exported["basis"] == "background", ["id", "factor"]].values.tolist() == [
        ["X", "a"],
        ["X", "c"],
    ]
    from scenarios.api import report
    from scenarios.reporting.builder import build_report

    for lang, badge, count in (
        ("en", "background knowledge", '<bdi dir="ltr">2</bdi> of <bdi dir="ltr">9</bdi> values'),
        ("ar", "معرفة عامة", 'وعددها <bdi dir="ltr">2</bdi> من <bdi dir="ltr">9</bdi>'),
    ):
        ws = load_workspace(cohort)
        html = build_report(ws, report(ws, samples=200, runs=50), lang=lang).html
        assert html.count(f'<span class="badge background">{badge}</span>') == 2
        assert count in html


def test_backtest_counts_them_and_prints_the_cohort_hash(cohort):
    # the canonical form, written out by hand: sorted keys, no spaces
    canonical = (
        '{"event":{"as_of":"2019-12-31","definition":"It happens."},'
        '"profiles":{'
        '"X":{"status":{"as_of":"2021-01-01","date":null,"state":"not_joined"},'
        '"values":{"a":8.0,"b":2.0,"c":5.0}},'
        '"Y":{"status":{"as_of":null,"date":"2020-09-15","state":"joined"},'
        '"values":{"a":5.0,"b":5.0,"c":10.0}},'
        '"Z":{"status":{"as_of":"2021-01-01","date":null,"state":"not_joined"},'
        '"values":{"a":2.0,"b":8.0,"c":0.0}}},'
        '"rule":"Every land of the tiny atlas.",'
        '"scale":{"max":10.0,"min":0.0}}'
    )
    expected = hashlib.sha256(canonical.encode()).hexdigest()
    table = run("backtest", "-w", cohort, "--full")
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert "2 of 9 values rest on background knowledge (basis: background)" in lines
    assert f"cohort sha256 {expected}" in lines
    data = json.loads(run("backtest", "-w", cohort, "-f", "json").stdout)
    assert data["meta"]["cohort_hash"] == expected
    assert data["tables"]["cohort"] == [
        {"cohort_hash": expected, "countries": 3, "values": 9, "background": 2}
    ]
    csv = run("backtest", "-w", cohort, "-f", "csv", "--table", "cohort").stdout
    assert csv == f"cohort_hash,countries,values,background\n{expected},3,9,2\n"


@pytest.mark.parametrize(
    ("old", "new", "changes"),
    [
        ("  a: {value: 8,", "  a: {value: 7.5,", True),  # a value
        (
            "as_of: 2021-01-01}\nfactors:\n  a: {value: 8",
            "as_of: 2021-02-01}\nfactors:\n  a: {value: 8",
            True,
        ),
        ("note: n,", "note: another note,", False),  # what the value rests on is not scored
        ("sources: [s1]}\n  b", "sources: [s2]}\n  b", False),
        ("low: 7, high: 9", "low: 6, high: 9", False),  # ranges are not scored
    ],
)
def test_the_cohort_hash_follows_what_is_scored(tmp_path, old, new, changes):
    before = scenarios.backtest(tiny.write(tmp_path / "a", model=COHORT_MODEL, profiles=PROFILES))
    assert X.count(old) == 1
    edited = {**PROFILES, "x": X.replace(old, new)}
    after = scenarios.backtest(tiny.write(tmp_path / "b", model=COHORT_MODEL, profiles=edited))
    assert (before.cohort_hash != after.cohort_hash) is changes


def test_the_cohort_hash_follows_the_rule_and_the_event_not_the_weights(tmp_path):
    def hash_of(model):
        return scenarios.backtest(
            tiny.write(tmp_path / str(hash(model)), model=model, profiles=PROFILES)
        ).cohort_hash

    base = hash_of(COHORT_MODEL)
    assert hash_of(COHORT_MODEL.replace("tiny atlas", "small atlas")) != base
    assert hash_of(COHORT_MODEL.replace("It happens.", "It happens soon.")) != base
    assert (
        hash_of(
            COHORT_MODEL.replace(
                "g2: {label: Group two, weight: 1}", "g2: {label: Group two, weight: 3}"
            )
        )
        == base
    )


def test_the_bundled_cohort_counts_its_background_values():
    frame = scenarios.backtest("abraham-2020").cohort_frame()
    entries = [e for p in load_workspace("abraham-2020").profiles for e in p.factors.values()]
    assert frame[["countries", "values"]].iloc[0].tolist() == [30, 270]
    # marked only where the note or a source says the value rests on background knowledge
    marked = [e for e in entries if e.basis == "background"]
    assert int(frame["background"].iloc[0]) == len(marked) == 211
    assert all("background" in (e.note + " ".join(e.sources)).lower() for e in marked)
