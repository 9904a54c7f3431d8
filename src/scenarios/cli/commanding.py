"""How a command is declared: the core's errors become one-line messages, and each command
keeps what the app needs to register it (its name, help and tables)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import typer

from scenarios.cli.options import Command
from scenarios.core.errors import Interrupted, Problem, ScenariosError


def reporting(func: Callable[..., Any]) -> Callable[..., Any]:
    """The function, with the core's errors turned into one-line messages and exit status 2."""

    @functools.wraps(func)
    def wrapper(*a: Any, **kw: Any) -> Any:
        from scenarios.cli.output import check_choice, report_problems

        try:
            if "format" in kw:  # before the work: a format that cannot give what was asked
                check_choice(kw["format"], kw.get("output"), kw.get("table"))
            return func(*a, **kw)
        except ScenariosError as exc:
            report_problems(exc.problems)
            raise typer.Exit(2) from None
        except Interrupted as exc:  # Ctrl-C after work that landed: say what was kept
            report_problems([Problem(exc.done)], kind="interrupted")
            raise typer.Exit(130) from None
        except MemoryError:  # beyond the estimates (budget.py): still one line, not a trace
            report_problems(
                [
                    Problem(
                        "out of memory",
                        hint="use fewer samples or runs, or a smaller --memory-budget so "
                        "that runs this large are refused before they start",
                    )
                ]
            )
            raise typer.Exit(2) from None

    return wrapper


@dataclass(frozen=True)
class Declared:
    """A command as declared, not yet registered: the function and typer's keyword arguments."""

    func: Callable[..., Any]
    name: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    def register(self, app: typer.Typer) -> None:
        app.command(self.name, **self.settings)(self.func)


DECLARED: dict[Callable[..., Any], Declared] = {}


def command(
    name: str | None = None, *, tables: tuple[str, ...] = (), **kwargs: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a command whose core errors become one-line messages and exit status 2;
    `register` puts it on the app. ``tables``: the tables the command prints, its main one
    (what -f csv prints) first."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        wrapped = reporting(func)
        DECLARED[wrapped] = Declared(wrapped, name, {"cls": Command.listing(*tables), **kwargs})
        return wrapped

    return decorate


def register(app: typer.Typer, *commands: Callable[..., Any] | Declared) -> None:
    """Put the declared commands on the app, in this order (the order `scenarios --help` lists)."""
    for item in commands:
        (item if isinstance(item, Declared) else DECLARED[item]).register(app)
