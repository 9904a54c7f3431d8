"""The command line's options and choices are declared once: typer's enums are made from the
Literals of `core.choices`, each option's help is written in one place, and the commands' number
defaults are the core's named defaults."""

from __future__ import annotations

import ast
import inspect
from enum import StrEnum
from pathlib import Path
from typing import Any, get_args

import pytest

from scenarios.cli import options
from scenarios.cli.commanding import scenario_options
from scenarios.cli.options import NO_CHANGES, Options
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


# --- the options that change the workspace for one run: one declaration, every command ------

SCENARIO = ["weight", "set_", "whatif", "aggregation", "panel_aggregate", "panel_dir", "no_panel"]


def test_the_scenario_options_stand_where_opts_is_and_reach_it_as_one_options() -> None:
    def cmd(
        first: int = 1, workspace: str | None = None, opts: Options = NO_CHANGES, last: int = 2
    ) -> tuple[int, Options, int]:
        return first, opts, last

    full = scenario_options()(cmd)
    assert list(inspect.signature(full).parameters) == ["first", "workspace", *SCENARIO, "last"]
    assert full(workspace="w", weight=["a=2"], set_=["UZ.b=3"], whatif=["x", "y"], last=5) == (
        1,
        Options("w", ("a=2",), ("UZ.b=3",), ("x", "y"), None, (), None),
        5,
    )
    assert full(aggregation="geometric", panel_aggregate=["mean"], no_panel=True)[1] == Options(
        None, (), (), (), "geometric", ("mean",), False
    )
    assert full(7, "w", ["a=2"])[:2] == (7, Options("w", ("a=2",)))  # by position too
    narrow = scenario_options(aggregation=False, panel=False)(cmd)
    assert list(inspect.signature(narrow).parameters) == [
        "first",
        "workspace",
        "weight",
        "set_",
        "whatif",
        "panel_aggregate",
        "last",
    ]


def test_every_command_with_a_scenario_takes_the_one_declaration_of_each_option() -> None:
    import typer.main

    from scenarios.cli.app import app
    from scenarios.cli.commanding import SCENARIO_OPTIONS

    helps = {name: typing_help(declared) for name, declared, _ in SCENARIO_OPTIONS}
    group = typer.main.get_command(app)
    commands = {**group.commands, **group.commands["panel"].commands}  # type: ignore[attr-defined]
    commands["panel"] = group.commands["panel"]
    taking = 0
    for name, command in commands.items():
        params = {p.name: p for p in command.params}
        if "weight" not in params:
            continue
        taking += 1
        for option, help_text in helps.items():
            if option in params and not (name == "compare" and option == "whatif"):
                assert params[option].help == help_text, (name, option)  # type: ignore[attr-defined]
    assert taking == 12  # 11 functions; `matrix` is `factors` under its old name


def typing_help(declared: Any) -> str:
    """The help of an option declared as Annotated[type, typer.Option(...)]."""
    (info,) = [a for a in declared.__metadata__ if hasattr(a, "help")]
    return str(info.help)


def test_contradictory_panel_options_are_refused_before_a_panel_subcommand_too(tmp_path) -> None:
    # the panel group's own options are read before its subcommand runs, as every command's are
    from typer.testing import CliRunner

    from scenarios.cli.app import app

    result = CliRunner().invoke(
        app,
        ["panel", "--panel", "example-panel", "--no-panel", "init", "alice", "-o", "a.yaml"],
        env={"COLUMNS": "80", "NO_COLOR": "1"},
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --panel example-panel and --no-panel: give one")


# --- a run of one command builds that command alone ------------------------------------------


def _names() -> list[str]:
    from scenarios.cli.app import NAMES

    return sorted(NAMES)


@pytest.mark.parametrize("name", _names())
# none of them does any work: a command run for real writes files (record, report, export)
@pytest.mark.parametrize("tail", [["--help"], ["--no-such-option"], ["-w", "nowhere"]])
def test_the_app_of_one_command_answers_as_the_whole_app(name: str, tail: list[str]) -> None:
    from typer.testing import CliRunner

    from scenarios.cli.app import app, new_app

    env = {"COLUMNS": "80", "NO_COLOR": "1", "SCENARIOS_WORKSPACE": ""}
    whole = CliRunner().invoke(app, [name, *tail], env=env, prog_name="scenarios")
    alone = CliRunner().invoke(new_app(name), [name, *tail], env=env, prog_name="scenarios")
    assert (alone.exit_code, alone.stdout, alone.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )
    assert whole.exit_code in (0, 2) and "Traceback" not in whole.stderr


def test_the_whole_app_is_built_for_the_root_and_for_a_name_it_does_not_know() -> None:
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "scenarios", "rnk"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "COLUMNS": "80"},
    )
    assert run.returncode == 2 and "No such command 'rnk'" in run.stderr
    assert "rank" in run.stderr  # did you mean: the whole app's names
