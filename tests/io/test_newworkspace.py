"""`scenarios new DIR`: a blank workspace whose values are still to fill; `validate` lists them,
every analysis refuses them (one located line each, never a traceback), `rank --partial` ranks
the complete countries and says so; and the three commands from a sheet to a ranking."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenarios import api
from scenarios.cli.app import app

ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
TWO = [
    "-q",
    "Who joins first?",
    "--country",
    "KZ,Kazakhstan,كازاخستان",
    "--country",
    "UZ,Uzbekistan",
    "--factor",
    "us_engagement,for,external,2,US engagement",
    "--factor",
    "religious_resistance,against,society",
]


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


@pytest.fixture
def blank(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    result = run("new", "mine", *TWO)
    assert result.exit_code == 0, result.output
    assert "2 countries × 2 factors, 4 values to fill" in result.stdout
    return tmp_path / "mine"


def test_new_writes_a_model_and_a_profile_per_country(blank):
    kz = (blank / "profiles" / "kz.yaml").read_text()
    assert 'name_ar: "كازاخستان"' in kz
    assert kz.endswith("factors:\n  us_engagement:\n  religious_resistance:\n")
    model = (blank / "model.yaml").read_text()
    assert 'question: "Who joins first?"' in model
    assert "    weight: 2\n    direction: for\n" in model


def test_validate_lists_every_value_to_fill_and_passes(blank):
    result = run("validate", "-w", "mine")
    assert result.exit_code == 0
    assert result.stderr.strip().splitlines() == [
        "to fill: mine/profiles/kz.yaml:11:17: KZ.us_engagement: no value yet (to fill)",
        "to fill: mine/profiles/kz.yaml:12:24: KZ.religious_resistance: no value yet (to fill)",
        "to fill: mine/profiles/uz.yaml:10:17: UZ.us_engagement: no value yet (to fill)",
        "to fill: mine/profiles/uz.yaml:11:24: UZ.religious_resistance: no value yet (to fill)",
    ]
    assert "4 values to fill in 2 of 2 countries: `rank` refuses until they are filled" in (
        " ".join(result.stdout.split())
    )


REFUSAL = (
    "error: 4 values still to fill in 2 countries (`scenarios validate` lists them all, "
    "`scenarios import SHEET --write` fills them from a spreadsheet, and `scenarios rank "
    "--partial` ranks the countries that have every value)"
)


@pytest.mark.parametrize(
    "command",
    [
        ["rank"],
        ["rank"],  # again: from the cache of validated files, the same refusal
        ["explain", "KZ"],
        ["factors"],
        ["sensitivity", "--samples", "200"],
        ["signposts"],
        ["record"],
        ["report", "-o", "r.html"],
        ["export", "out"],
        ["panel", "init", "alice"],
    ],
)
def test_every_analysis_refuses_values_to_fill(blank, command):
    before = hashlib.sha256(
        b"".join(p.read_bytes() for p in sorted(blank.rglob("*")) if p.is_file())
    ).hexdigest()
    result = run(*command, "-w", "mine")
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert (
        lines[0] == "error: mine/profiles/kz.yaml:11:17: KZ.us_engagement: no value yet (to fill)"
    )
    assert " ".join(" ".join(lines[4:]).split()) == REFUSAL
    assert "Traceback" not in result.output
    after = hashlib.sha256(
        b"".join(p.read_bytes() for p in sorted(blank.rglob("*")) if p.is_file())
    ).hexdigest()
    assert after == before


def test_rank_partial_ranks_the_complete_countries_and_says_so(blank):
    (blank / "profiles" / "kz.yaml").write_text(
        (blank / "profiles" / "kz.yaml")
        .read_text()
        .replace("  us_engagement:\n", "  us_engagement: 7\n")
        .replace("  religious_resistance:\n", "  religious_resistance: 3\n")
    )
    refused = run("rank", "-w", "mine")
    assert refused.exit_code == 2
    assert "2 values still to fill in 1 country" in refused.stderr
    result = run("rank", "-w", "mine", "--partial", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [r["id"] for r in rows] == ["KZ"]
    # by hand: weights 2·1 and 1·1 -> 2/3 and 1/3; 2/3·0.7 + 1/3·(1 - 0.3) = 0.7
    assert float(rows[0]["score"]) == pytest.approx(0.7)
    table = run("rank", "-w", "mine", "--partial")
    assert "--partial: 1 of 2 countries ranked (values to fill: UZ)" in " ".join(
        table.stdout.split()
    )
    none_complete = run("rank", "-w", "mine", "--partial")
    assert none_complete.exit_code == 0


def test_partial_with_no_complete_country_is_refused(blank):
    result = run("rank", "-w", "mine", "--partial")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: --partial: no country has every value (2 countries with values to fill)"
    )


def test_a_blank_is_not_filled_by_missing_midpoint(blank):
    model = blank / "model.yaml"
    model.write_text(model.read_text() + "missing: midpoint\n")
    result = run("rank", "-w", "mine")
    assert result.exit_code == 2
    assert "4 values still to fill" in result.stderr


def test_a_blank_naming_no_factor_of_the_model_is_an_unknown_factor(blank):
    path = blank / "profiles" / "uz.yaml"
    path.write_text(path.read_text() + "  us_engagment:\n")
    result = run("validate", "-w", "mine")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: mine/profiles/uz.yaml:12:3: unknown factor 'us_engagment' (did you mean "
        "'us_engagement'?)"
    )


def test_the_schema_says_a_value_may_be_left_blank():
    schema = api.json_schema("profile")
    (cell,) = schema["properties"]["factors"]["patternProperties"].values()
    assert {"type": "null"} in cell["anyOf"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--country", "KZ,Kazakhstan", "--factor", "x,up,g"],
            "error: direction 'up' of factor 'x' is not one of for, against",
        ),
        (
            ["--country", "K Z,Kazakhstan", "--factor", "x,for,g"],
            "error: country 'K Z' is not an id",
        ),
        (["--factor", "x,for,g"], "error: no country (give --country ID,NAME (once a country))"),
        (["--country", "KZ", "--factor", "x,for,g"], "error: --country KZ: expected ID,NAME"),
    ],
)
def test_new_refuses_bad_options_and_creates_nothing(tmp_path, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    result = run("new", "mine", "-q", "Q?", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(expected)
    assert not (tmp_path / "mine").exists()
    assert list(tmp_path.iterdir()) == []


def test_new_never_overwrites(blank):
    result = run("new", "mine", *TWO)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: 'mine' already exists and is not empty")


def test_new_from_a_sheet_locates_its_mistakes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "setup.csv").write_text(
        "question,country,name,factor,direction,group,weight\n"
        "Who?,KZ,Kazakhstan,x,for,g,1\n"
        ",UZ,Uzbekistan,y,sideways,g,heavy\n"
    )
    result = run("new", "mine", "--from", "setup.csv")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: setup.csv:3:7: weight 'heavy' is not a number",
        "error: setup.csv:3:5: direction 'sideways' of factor 'y' is not one of for, against",
    ]
    assert not (tmp_path / "mine").exists()


# --- from a sheet to a ranking in three commands --------------------------------------


def test_new_import_rank_in_three_commands(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    countries = [(f"C{i:02d}", f"Country {i}") for i in range(30)]
    factors = [(f"f{j}", "for" if j % 3 else "against", f"g{j % 3}") for j in range(9)]
    with open("setup.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["question", "country", "name", "factor", "direction", "group", "weight"])
        for k in range(30):
            row = ["Which joins first?" if k == 0 else "", *countries[k]]
            row += [*factors[k], "1"] if k < 9 else ["", "", "", ""]
            w.writerow(row)
    with open("values.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["country", *(fid for fid, _, _ in factors)])
        for i, (cid, _) in enumerate(countries):
            w.writerow([cid, *(str((i * 7 + j * 3) % 11) for j in range(9))])

    made = run("new", "assessment", "--from", "setup.csv")
    assert made.exit_code == 0, made.output
    assert "30 countries × 9 factors, 270 values to fill" in made.stdout
    filled = run("import", "values.csv", "-w", "assessment", "--write")
    assert filled.exit_code == 0, filled.output
    assert "270 changes in 270 cells of 30 profiles; 270 values filled" in " ".join(
        filled.stdout.split()
    )
    ranked = run("rank", "-w", "assessment", "-f", "csv")
    assert ranked.exit_code == 0, ranked.output
    rows = list(csv.DictReader(ranked.stdout.splitlines()))
    assert len(rows) == 30
    # by hand, C00: values j*3 % 11 = 0,3,6,9,1,4,7,10,2; factors 0,3,6 are against (1 - u);
    # three groups of three equal factors, equal group weights: every weight 1/9
    values = [(j * 3) % 11 for j in range(9)]
    u = [(1 - v / 10) if j % 3 == 0 else v / 10 for j, v in enumerate(values)]
    c00 = next(r for r in rows if r["id"] == "C00")
    assert float(c00["score"]) == pytest.approx(sum(u) / 9)
    assert re.search(r"ok: assessment — 30 countries", run("validate", "-w", "assessment").stdout)


def test_new_from_a_sheet_keeps_each_label_in_its_language(tmp_path, monkeypatch):
    """A setup sheet's label and label_ar (and name_ar) land in their own fields of the files."""
    import yaml

    monkeypatch.chdir(tmp_path)
    (tmp_path / "setup.csv").write_text(
        "question,country,name,name_ar,factor,label,label_ar,direction,group,weight\n"
        "Who?,KZ,Kazakhstan,كازاخستان,trade,Trade with Israel,التجارة مع إسرائيل,for,econ,2\n"
        ",UZ,Uzbekistan,,faith,Religious resistance,,against,society,1\n",
        encoding="utf-8",
    )
    result = run("new", "mine", "--from", "setup.csv")
    assert result.exit_code == 0, result.output
    model = yaml.safe_load((tmp_path / "mine" / "model.yaml").read_text(encoding="utf-8"))
    trade, faith = model["factors"]["trade"], model["factors"]["faith"]
    assert (trade["label"], trade["label_ar"]) == ("Trade with Israel", "التجارة مع إسرائيل")
    assert faith["label"] == "Religious resistance" and "label_ar" not in faith
    kz = yaml.safe_load((tmp_path / "mine" / "profiles" / "kz.yaml").read_text(encoding="utf-8"))
    assert (kz["name"], kz["name_ar"]) == ("Kazakhstan", "كازاخستان")
