"""The YAML loader: every value it cannot build is a problem with file, line and column, never
an exception from inside the YAML library; nesting has a stated limit."""

from __future__ import annotations

import pytest

from scenarios.core.errors import WorkspaceError
from scenarios.workspace.yamlsource import MAX_DEPTH, load_yaml


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


# --- the mistakes newcomers make, in plain words ----------------------------------------------
# Line numbers count from conftest.PROFILES["alpha"]: `openness:` on line 5, its keys on lines
# 6-10 (indented 4 spaces), `resistance` on line 11, `trade` on line 12.

ALPHA = "ws/profiles/alpha.yaml"


@pytest.mark.parametrize(
    ("line", "new", "error"),
    [
        (  # an indentation mistake: one space too many
            7,
            "     low: 5",
            "7:6: this line is indented more than 'value' on line 6, though that key already "
            "has its value (indent the keys of one mapping alike: 4 spaces here, as on line 6)",
        ),
        (  # ... and one space too few
            7,
            "   low: 5",
            "7:4: this line is indented less than line 6 above it, and more than the key they "
            "belong to (indent the keys of one mapping alike: 4 spaces here, as on line 6)",
        ),
        (  # a decimal comma: YAML reads 6,5 as text
            6,
            "    value: 6,5",
            "6:12: factors.openness.value: '6,5' has a decimal comma, so YAML reads it as text, "
            "not a number (write 6.5, with a point)",
        ),
        (  # a list where a mapping belongs
            12,
            "  trade:\n    - value: 5\n    - sources: [report C]",
            "13:5: factors.trade: a list where a mapping belongs "
            "(write KEY: VALUE lines here, with no '- ' in front and no [...])",
        ),
        (  # ... and one '- ' item among keys
            11,
            "  - resistance: {value: 4, sources: [report B]}",
            "11:3: a '- ' list item among KEY: VALUE lines "
            "(keys of a mapping have no '- ' in front: remove it)",
        ),
        (  # ... and a '- ' key whose siblings have none
            5,
            "  - openness:",
            "11:3: a KEY: VALUE line among '- ' list items (the list starts on line 5) "
            "(keys of a mapping have no '- ' in front: remove the '- ' on line 5)",
        ),
        (  # a missing space after a colon, the next line a key
            6,
            "    value:6",
            "6:10: 'value:6' has no space after its ':' "
            "(write value: 6, with a space after the ':')",
        ),
        (  # ... the next line a key with its own missing space
            9,
            "    confidence:high",
            "9:15: 'confidence:high' has no space after its ':' "
            "(write confidence: high, with a space after the ':')",
        ),
        (  # ... read as the whole value of a factor
            12,
            "  trade:\n    value:5",
            "13:5: factors.trade.value: 'value:5' has no space after its ':', so YAML reads it "
            "as one text (write value: 5, with a space after the ':')",
        ),
    ],
)
def test_common_yaml_mistakes_get_a_hint_in_plain_words(tmp_ws, monkeypatch, line, new, error):
    from typer.testing import CliRunner

    from scenarios.cli.app import app

    tmp_ws.replace_line("profiles/alpha.yaml", line, new)
    monkeypatch.chdir(tmp_ws.root.parent)
    env = {"COLUMNS": "60", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
    result = CliRunner().invoke(app, ["validate", "-w", "ws"], env=env)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [f"error: {ALPHA}:{error}"]
