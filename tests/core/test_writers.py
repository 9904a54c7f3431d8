"""CSV, JSON and Markdown writers: spreadsheet formula neutralising in every CSV the tool writes."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

import scenarios
from scenarios.core import writers

from .. import tiny

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised(start):
    text = writers.to_csv(pd.DataFrame({"name": [f"{start}1+1", "plain"], "n": [1, 2]}))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == f"'{start}1+1"
    assert rows[2][0] == "plain"
    assert rows[1][1] == "1"  # numbers are left alone, negative ones included


def test_negative_numbers_are_not_neutralised():
    text = writers.to_csv(pd.DataFrame({"x": [-0.5]}))
    assert text.splitlines()[1] == "-0.5"


def test_index_becomes_leading_columns():
    frame = pd.DataFrame({"id": ["A"], "score": [0.5]}).set_index("id")
    assert writers.to_csv(frame).splitlines() == ["id,score", "A,0.5"]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_no_csv_the_export_writes_starts_a_cell_with_a_formula(tmp_path, start):
    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace("name: Xland", f'name: "{start}HYPERLINK(1)"')
    profiles["x"] = profiles["x"].replace("sources: [s1]}", f'sources: ["{start}cmd"]}}', 1)
    whatifs = {"up": f'title: "{start}title"\nvalues: [{{factor: a, shift: 1}}]\n'}
    ws = tiny.write(tmp_path / "w", profiles=profiles, whatifs=whatifs)
    written = scenarios.export(tmp_path / "out", ws, samples=200)
    csvs = [p for p in written if p.suffix == ".csv"]
    assert len(csvs) >= 8
    for path in csvs:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            for cell in row:
                assert not cell.startswith(tuple(FORMULA_STARTS)) or _is_number(cell), (path, cell)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_a_missing_whole_number_is_an_empty_cell_and_the_others_stay_whole():
    frame = pd.DataFrame({"id": ["A", "B"], "rank": pd.array([3, None], dtype="Int64")})
    assert writers.to_csv(frame) == "id,rank\nA,3\nB,\n"
    tables = writers.to_json({"t": frame}, {})
    assert '"rank": 3' in tables and '"rank": null' in tables
    assert writers.to_markdown({"t": frame}).splitlines()[2:4] == ["| A | 3 |", "| B |  |"]
