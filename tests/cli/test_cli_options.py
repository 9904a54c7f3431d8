"""The command line's options and choices are declared once: typer's enums are made from the
Literals of `core.choices`, each option's help is written in one place, and the commands' number
defaults are the core's named defaults."""

from __future__ import annotations

import ast
from enum import StrEnum
from pathlib import Path
from typing import Any, get_args

import pytest

from scenarios.cli import options
from scenarios.core import choices
from scenarios.workspace import lang

CLI = Path(options.__file__).parent

ENUMS = [
    (options.Format, choices.OutputFormat),
    (options.Lang, choices.Language),
    (options.AggregationChoice, choices.Aggregation),
    (options.Method, choices.Method),
    (options.ValuesChoice, choices.ValueDistribution),
]


@pytest.mark.parametrize(("enum", "literal"), ENUMS, ids=lambda x: getattr(x, "__name__", ""))
def test_each_enum_offers_its_literals_words_in_order(enum: Any, literal: Any) -> None:
    assert issubclass(enum, StrEnum)
    assert [member.value for member in enum] == list(get_args(literal))
    assert [member.name for member in enum] == list(get_args(literal))


def test_the_placeholders_list_the_literals_words() -> None:
    assert options.choices(choices.Method) == "oat|critical|mc|sobol"
    assert options.choices(choices.OutputFormat) == "table|csv|json|markdown"


def test_a_word_given_to_the_api_is_a_plain_str() -> None:
    word = options.plain(options.Format("csv"))
    assert type(word) is str and word == "csv"


def calls(name: str) -> list[tuple[Path, ast.Call]]:
    """Every call of typer.Option or typer.Argument in the command line's modules."""
    found = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == name:
                found.append((path, node))
    return found


def test_each_option_and_argument_help_is_written_once() -> None:
    """A help text written twice is an option declared twice: it belongs in one Annotated
    alias, used by every command that has the option."""
    seen: dict[str, str] = {}
    twice = []
    for path, node in calls("Option") + calls("Argument"):
        for keyword in node.keywords:
            if keyword.arg == "help" and isinstance(keyword.value, ast.Constant):
                where = f"{path.name}:{node.lineno}"
                if keyword.value.value in seen:
                    twice.append(f"{where} repeats {seen[keyword.value.value]}")
                seen.setdefault(keyword.value.value, where)
    assert len(seen) > 60  # the scan finds the options
    assert twice == []


def test_the_commands_number_defaults_are_the_cores_named_defaults() -> None:
    """`--samples`, `--runs`, `--delta`...: a number written in a command's signature would
    drift from the API's default; each is a name from core.choices."""
    numbers = []
    for path in sorted(CLI.glob("commands_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            defaults = node.args.defaults + [d for d in node.args.kw_defaults if d is not None]
            numbers += [
                f"{path.name}:{d.lineno}"
                for d in defaults
                if isinstance(d, ast.Constant)
                and isinstance(d.value, int | float)
                and not isinstance(d.value, bool)
            ]
    assert numbers == []


def test_the_language_of_names_is_the_one_the_workspace_reads() -> None:
    assert lang.Lang is choices.Language


def test_every_declared_command_is_on_the_app() -> None:
    """A command declared in a `commands_*` module but left out of app.py's list is missing."""
    import typer

    from scenarios.cli.app import app
    from scenarios.cli.commanding import DECLARED

    listed = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    declared = {d.name or d.func.__name__ for d in DECLARED.values()}
    assert len(declared) == 21  # and the panel, a group of its own
    assert declared <= listed
