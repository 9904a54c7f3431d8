"""`scenarios export` writes a valid Frictionless data package naming every file and column;
the evidence, labels and cascade tables; and --lang ar on the table commands."""

from __future__ import annotations

import io
import json

import frictionless
import pandas as pd
import pytest
from typer.testing import CliRunner

from scenarios.cli.app import app
from scenarios.io.datapackage import UNDOCUMENTED

from .. import tiny

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}


@pytest.fixture
def run():
    runner = CliRunner(env=ENV)

    def invoke(*args):
        return runner.invoke(app, [str(a) for a in args])

    return invoke


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "out"
    result = CliRunner(env=ENV).invoke(
        app, ["export", str(out), "--samples", "300", "--weight", "us_engagement=2"]
    )
    assert result.exit_code == 0, result.output
    return out


def package(folder):
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def test_the_package_validates(bundled):
    report = frictionless.validate(str(bundled / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_every_csv_and_every_column_is_described(bundled):
    pkg = package(bundled)
    csvs = sorted(p.name for p in bundled.glob("*.csv"))
    assert sorted(r["path"] for r in pkg["resources"]) == csvs
    assert {
        "evidence.csv",
        "factors.csv",
        "countries.csv",
        "cascade_by_year.csv",
        "cascade_spur.csv",
    } <= set(csvs)
    for resource in pkg["resources"]:
        assert resource["title"] and resource["description"]
        header = pd.read_csv(bundled / resource["path"], nrows=0).columns.tolist()
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header
        for f in fields:
            assert f["type"] in {"string", "number", "integer", "boolean"}
            assert f["description"] and f["description"] != UNDOCUMENTED, (resource["name"], f)
    rankings = next(r for r in pkg["resources"] if r["name"] == "rankings")
    by_name = {f["name"]: f for f in rankings["schema"]["fields"]}
    assert by_name["score"]["unit"] == "score (0–1)" and by_name["rank"]["type"] == "integer"
    matrix = next(r for r in pkg["resources"] if r["name"] == "matrix")
    assert {f.get("unit") for f in matrix["schema"]["fields"][2:]} == {"scale units (0–10)"}


def test_overrides_are_stated_where_they_matter(bundled):
    pkg = package(bundled)
    by_name = {r["name"]: r["description"] for r in pkg["resources"]}
    assert "--weight us_engagement=2" in pkg["description"]
    for name in ("rankings", "contributions", "oat", "mc_summary", "factors", "cascade_spur"):
        assert "--weight us_engagement=2" in by_name[name], name
    for name in ("matrix", "evidence", "countries"):  # values, not weights
        assert "--weight" not in by_name[name] and "no overrides" in by_name[name]


@pytest.fixture(scope="module")
def ledgered(tmp_path_factory):
    """An export of a workspace with two records, made with a what-if that has Uzbekistan
    join."""
    import scenarios

    ws = scenarios.init(tmp_path_factory.mktemp("ledgered") / "ws")
    scenarios.record(ws, note="baseline", date="2026-05-31")
    scenarios.record(ws, note="KG", date="2026-06-28", sets=["KG.russia_dependence=6.5"])
    out = ws.parent / "out"
    result = CliRunner(env=ENV).invoke(
        app,
        ["export", str(out), "-w", str(ws), "--samples", "300", "--whatif", "uzbekistan_joins"],
    )
    assert result.exit_code == 0, result.output
    return ws, out


def test_the_ledger_is_exported_and_described(ledgered):
    _, out = ledgered
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    pkg = package(out)
    resources = {r["name"]: r for r in pkg["resources"]}
    assert {"history", "records", "scores", "forecasts"} <= set(resources)
    for name in ("history", "records", "scores", "forecasts"):
        assert "Read from the ledger as recorded" in resources[name]["description"]
        assert "--whatif" not in resources[name]["description"]
        for f in resources[name]["schema"]["fields"]:
            assert f["description"] != UNDOCUMENTED, (name, f)
    history = pd.read_csv(out / "history.csv", keep_default_na=False)
    assert len(history) == 2 * 5 and set(history["record"]) == {1, 2}
    records = pd.read_csv(out / "records.csv", keep_default_na=False)
    assert records["note"].tolist() == ["baseline", "KG"]
    # a cell a spreadsheet would run as a formula is prefixed with '
    assert records["changes"].tolist() == ["", "'--set KG.russia_dependence=6.5"]
    # the outcomes are the statuses as written, not the what-if's: Uzbekistan has not joined
    forecasts = pd.read_csv(out / "forecasts.csv", keep_default_na=False)
    uz = forecasts[forecasts["id"] == "UZ"]
    assert len(uz) == 2 and set(uz["outcome"]) == {"unresolved"}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ledger_records"] == 2 and manifest["scored_on"]


def test_an_export_without_a_ledger_has_no_ledger_tables(bundled):
    assert not (bundled / "history.csv").exists() and "ledger" not in json.loads(
        (bundled / "manifest.json").read_text(encoding="utf-8")
    )


def test_a_broken_ledger_stops_the_export_before_it_writes(run, tmp_path):
    import scenarios

    ws = scenarios.init(tmp_path / "ws")
    (ws / "ledger.jsonl").write_text('{"record": 1}\n{oops\n', encoding="utf-8")
    result = run("export", tmp_path / "out", "-w", ws, "--samples", "300")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("error: ") and "ledger.jsonl:1:1: record 1: missing" in lines[0]
    assert any("ledger.jsonl:2:2: not valid JSON" in line for line in lines)
    assert not (tmp_path / "out").exists()


def test_the_probabilities_say_their_horizon_interval_and_caveat(bundled, run, tmp_path):
    rankings = next(r for r in package(bundled)["resources"] if r["name"] == "rankings")
    assert "joining within 5 years of the evidence date" in rankings["description"]
    assert "bound its 90% interval over weights, values, the link" in rankings["description"]
    assert "Not validated" not in rankings["description"]  # the bundled link is calibrated
    manifest = json.loads((bundled / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["interval_level"] == 0.9 and manifest["link_caveat"] is None
    # a link written by hand, never checked against outcomes, carries its caveat into the CSVs
    model = tiny.MODEL + "horizon_years: 2\nlink: {kind: logistic, intercept: -3, slope: 4}\n"
    root = tiny.write(tmp_path / "t", model=model)
    assert run("export", tmp_path / "out", "-w", root, "--samples", "300").exit_code == 0
    described = next(r for r in package(tmp_path / "out")["resources"] if r["name"] == "rankings")[
        "description"
    ]
    assert "within 2 years" in described and "Not validated: " in described


def test_evidence_and_labels_are_exported(bundled):
    evidence = pd.read_csv(bundled / "evidence.csv", keep_default_na=False)
    assert len(evidence) == 5 * 9
    uz = evidence[(evidence["id"] == "UZ") & (evidence["factor"] == "russia_dependence")].iloc[0]
    assert (uz["value"], uz["low"], uz["high"], uz["confidence"]) == (5.0, 4.0, 6.0, "medium")
    assert uz["as_of"] == "2024-12-31" and "Remittances" in uz["note"]
    assert "https://en.trend.az/business/4015469.html" in uz["sources"]
    assert evidence["stale"].sum() == 3
    factors = pd.read_csv(bundled / "factors.csv", keep_default_na=False)
    row = factors[factors["factor"] == "russia_dependence"].iloc[0]
    assert (row["label"], row["label_ar"]) == ("Dependence on Russia", "الاعتماد على روسيا")
    assert factors["effective_weight"].sum() == pytest.approx(1.0)
    countries = pd.read_csv(bundled / "countries.csv", keep_default_na=False)
    assert dict(zip(countries["id"], countries["name_ar"], strict=True))["KZ"] == "كازاخستان"


def test_cascade_tables_match_the_cascade_command(bundled, run):
    spur = pd.read_csv(bundled / "cascade_spur.csv")
    result = run("cascade", "-f", "csv", "--weight", "us_engagement=2")
    assert result.exit_code == 0
    alone = pd.read_csv(io.StringIO(result.stdout))  # the main table: with and without peers
    assert spur["spur"].tolist() == pytest.approx(alone["spur"].tolist(), nan_ok=True)
    assert spur["already_joined"].tolist() == [True, False, False, False, False]  # KZ first


def test_excel_package_says_utf8_with_bom_and_validates(run, tmp_path):
    ws = tiny.write(tmp_path / "ws")
    out = tmp_path / "out"
    assert run("export", out, "-w", ws, "--samples", 200, "--excel").exit_code == 0
    pkg = package(out)
    assert {r["encoding"] for r in pkg["resources"]} == {"utf-8-sig"}
    assert frictionless.validate(str(out / "datapackage.json")).valid
    # no link or cascade block in the tiny model: no cascade tables
    assert not any(r["name"].startswith("cascade") for r in pkg["resources"])


# --- --lang on the table commands -------------------------------------------------------


def test_rank_csv_in_arabic(run):
    result = run("rank", "-f", "csv", "--lang", "ar")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert frame["name"].tolist()[:2] == ["كازاخستان", "أوزبكستان"]
    assert frame["id"].tolist()[:2] == ["KZ", "UZ"]  # ids stay ids
    assert result.stderr == ""


def test_explain_json_and_markdown_in_arabic(run):
    data = json.loads(run("explain", "UZ", "-f", "json", "--lang", "ar").stdout)
    assert data["meta"]["lang"] == "ar"
    labels = {row["factor"]: row["label"] for row in data["tables"]["explain"]}
    assert labels["us_engagement"] == "الانخراط الأمريكي"
    markdown = run("explain", "UZ", "-f", "markdown", "--lang", "ar").stdout
    assert "| russia_dependence | الاعتماد على روسيا |" in markdown


TABLE_NOTE = (
    "note: terminal tables are in English; Arabic names are in -f csv --lang ar (also json, "
    "markdown) and in scenarios report --lang ar\n"
)


@pytest.mark.parametrize("command", [["rank"], ["explain", "UZ"], ["factors"]])
def test_the_terminal_table_stays_english_and_one_note_says_where_arabic_is(run, command):
    english = run(*command)
    arabic = run(*command, "--lang", "ar")
    assert (english.exit_code, arabic.exit_code) == (0, 0), arabic.output
    assert arabic.stdout == english.stdout
    assert english.stderr == ""
    assert arabic.stderr == TABLE_NOTE


def test_a_table_written_to_a_file_gets_the_note_and_machine_formats_do_not(run, tmp_path):
    table = run("rank", "--lang", "ar", "-o", tmp_path / "rank.txt")
    assert table.exit_code == 0
    assert table.stderr.startswith(TABLE_NOTE)
    assert "كازاخستان" not in (tmp_path / "rank.txt").read_text("utf-8")
    for fmt in ("csv", "json", "markdown"):
        machine = run("rank", "-f", fmt, "--lang", "ar")
        assert machine.exit_code == 0
        assert machine.stderr == ""
        assert "كازاخستان" in machine.stdout


def test_missing_arabic_falls_back_with_a_warning(run, tmp_path):
    ws = tiny.write(tmp_path / "ws")
    result = run("rank", "-w", ws, "-f", "csv", "--lang", "ar")
    assert result.exit_code == 0
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert frame["name"].tolist() == ["Xland", "Yland", "Zland"]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("warning: ") and "x.yaml:2:7: X has no name_ar" in lines[0]


def test_watch_in_arabic_says_the_note_once_before_it_starts(tmp_path, monkeypatch, capsys):
    import scenarios.cli.watch
    from scenarios.cli.options import Format, Lang
    from scenarios.cli.output import show

    ws = tiny.write(tmp_path / "ws")
    started: list[str] = []
    monkeypatch.setattr(scenarios.cli.watch, "watch_loop", lambda *a, **k: started.append("loop"))
    show(
        lambda: pytest.fail("not built before the loop"), Format.table, None, True, str(ws), Lang.ar
    )
    assert started == ["loop"]
    assert capsys.readouterr().err == TABLE_NOTE


def test_the_export_says_what_its_intervals_cover(tmp_path):
    """manifest.json lists what rankings.csv's probability interval is drawn over, as rank's
    caption does, and the data package's description of rankings.csv quotes it."""
    import json

    import scenarios

    out = tmp_path / "out"
    scenarios.export(out, "central-asia", samples=200)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    covers = list(scenarios.rank("central-asia").covers)
    assert manifest["interval_covers"] == covers
    assert covers[:2] == ["weights", "values"]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    rankings = next(r for r in package["resources"] if r["name"] == "rankings")
    said = ", ".join(covers[:-1]) + " and " + covers[-1]
    assert f"90% interval over {said}." in rankings["description"]
    assert "not over the weights and values" not in rankings["description"]
