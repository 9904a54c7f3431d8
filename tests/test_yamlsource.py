"""The YAML loader: every value it cannot build is a problem with file, line and column, never
an exception from inside the YAML library; nesting has a stated limit."""

from __future__ import annotations

import pytest

from scenarios.errors import WorkspaceError
from scenarios.yamlsource import MAX_DEPTH, load_yaml


def problem_of(tmp_path, text: str):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"f\.yaml:\d+:\d+: ") as info:
        load_yaml(path)
    assert len(info.value.problems) == 1
    problem = info.value.problems[0]
    assert problem.file == path
    return problem


# Each crashed the loader with IndexError, AttributeError, KeyError or ValueError (no line).
@pytest.mark.parametrize(
    ("value", "message", "hint"),
    [
        ('!!float ""', "cannot read '' as a number", "fix the value, or remove the !!float tag"),
        (
            '!!int "-"',
            "cannot read '-' as a whole number",
            "fix the value, or remove the !!int tag",
        ),
        ("!!int +", "cannot read '+' as a whole number", "fix the value, or remove the !!int tag"),
        (
            "!!int 0x",
            "cannot read '0x' as a whole number",
            "fix the value, or remove the !!int tag",
        ),
        (
            "!!int 0b",
            "cannot read '0b' as a whole number",
            "fix the value, or remove the !!int tag",
        ),
        ("!!float .", "cannot read '.' as a number", "fix the value, or remove the !!float tag"),
        (
            "!!timestamp x",
            "cannot read 'x' as a date",
            "fix the value, or remove the !!timestamp tag",
        ),
        (
            "!!bool maybe",
            "cannot read 'maybe' as true or false",
            "fix the value, or remove the !!bool tag",
        ),
    ],
)
def test_a_tagged_value_that_cannot_be_read_is_located(tmp_path, value, message, hint):
    problem = problem_of(tmp_path, f"name: x\nfactors:\n  a: {value}\n")
    assert (problem.line, problem.column, problem.message, problem.hint) == (3, 6, message, hint)


def test_a_number_with_too_many_digits_is_located(tmp_path):
    problem = problem_of(tmp_path, "a: 1\nb: " + "7" * 5000 + "\n")
    assert (problem.line, problem.column) == (2, 4)
    assert (
        problem.message
        == "cannot read '" + "7" * 37 + "...' as a whole number: it has 5,000 characters"
    )
    assert problem.hint == "fix the value"


def test_an_impossible_date_stays_text_for_the_schema_to_report(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("as_of: 2025-13-01\n", encoding="utf-8")
    assert load_yaml(path).data == {"as_of": "2025-13-01"}


@pytest.mark.parametrize(
    ("text", "number"),
    [("1e3", 1000.0), ("1.5e3", 1500.0), ("-2E-2", -0.02), ("+1e+2", 100.0), ("1_0e1", 100.0)],
)
def test_scientific_notation_is_a_number(tmp_path, text, number):
    # YAML 1.1 reads these as text; an analyst means a number (and text is refused as one)
    path = tmp_path / "f.yaml"
    path.write_text(f"w: {text}\nq: '{text}'\n", encoding="utf-8")
    assert load_yaml(path).data == {"w": number, "q": text}


@pytest.mark.parametrize(
    ("opening", "closing", "column"),
    [("[", "]", 3 + MAX_DEPTH - 1), ("{a: ", "}", 3 + 4 * (MAX_DEPTH - 1))],
)
def test_nesting_deeper_than_the_limit_is_an_error(tmp_path, opening, closing, column):
    depth = 900  # below libyaml's own limit (1,000), above Python's recursion limit's reach
    problem = problem_of(tmp_path, "a: " + opening * depth + closing * depth + "\n")
    assert problem.message == f"values are nested more than {MAX_DEPTH} levels deep"
    assert (problem.line, problem.column) == (1, column + 1)


def test_nesting_at_the_limit_loads(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n", encoding="utf-8")
    data = load_yaml(path).data
    for _ in range(MAX_DEPTH - 1):
        data = data[0]
    assert data == []


def test_block_nesting_beyond_the_limit_is_an_error(tmp_path):
    text = "".join(" " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + " " * 60 + "1\n"
    problem = problem_of(tmp_path, text)
    assert problem.message == f"values are nested more than {MAX_DEPTH} levels deep"
    assert problem.line == MAX_DEPTH + 1


def test_deep_but_shared_aliases_are_walked_once(tmp_path):
    # a "billion laughs" shape: each level repeats the one below ten times, by alias
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 5)]
    path = tmp_path / "f.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = load_yaml(path)  # 10^5 characters written out: within the limit
    assert len(doc.data["l4"]) == 10
    assert doc.data["l4"][0] is doc.data["l3"]  # shared, not copied
    # nine levels would be 10^9 characters written out: refused at the level that passes
    # 10 MiB (10^8 characters, l7 on line 8), measured without writing anything out
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(5, 9)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"f\.yaml:8:5: with every \*alias written out"):
        load_yaml(path)
