"""How a command is declared: the core's errors become one-line messages, and each command
keeps what the app needs to register it (its name, help and tables)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import typer

from scenarios.cli.options import (
    AggregationOpt,
    Command,
    NoPanelOpt,
    Options,
    PanelAggregateOpt,
    PanelOpt,
    SetOpt,
    WeightOpt,
    WhatifOpt,
)
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

    @property
    def command_name(self) -> str:
        """The name it is called by: its own, else its function's, as typer spells it."""
        return self.name or typer.main.get_command_name(self.func.__name__)


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


def declared(item: Callable[..., Any] | Declared) -> Declared:
    """A command as declared: `item` itself, or the declaration of the function `item`."""
    return item if isinstance(item, Declared) else DECLARED[item]


def register(app: typer.Typer, *commands: Callable[..., Any] | Declared) -> None:
    """Put the declared commands on the app, in this order (the order `scenarios --help` lists)."""
    for item in commands:
        declared(item).register(app)


# --- the options that change the workspace for one run, declared once -----------------------

# (parameter, its declaration, its default), in the order every command's --help lists them
SCENARIO_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("weight", WeightOpt, None),
    ("set_", SetOpt, None),
    ("whatif", WhatifOpt, None),
    ("aggregation", AggregationOpt, None),
    ("panel_aggregate", PanelAggregateOpt, None),
    ("panel_dir", PanelOpt, None),
    ("no_panel", NoPanelOpt, False),
)
PANEL_OPTIONS = ("panel_dir", "no_panel")
KIND = inspect.Parameter.POSITIONAL_OR_KEYWORD


def scenario_options(
    *, aggregation: bool = True, panel: bool = True, whatif: Any = WhatifOpt
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options that change the workspace for one run (--weight, --set, --whatif,
    --aggregation, --panel-aggregate, --panel, --no-panel), declared once for every command
    that takes them: they stand in the command's signature (so in its --help) where its
    `opts: Options` parameter is, and the command gets them, with its --workspace, as that one
    `Options`. ``aggregation=False`` leaves --aggregation out; ``panel=False``, --panel and
    --no-panel; ``whatif`` is --whatif's declaration where its help says more."""
    chosen = [
        (name, whatif if name == "whatif" else declared, default)
        for name, declared, default in SCENARIO_OPTIONS
        if (aggregation or name != "aggregation") and (panel or name not in PANEL_OPTIONS)
    ]

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func, eval_str=True)
        params = list(signature.parameters.values())
        at = [p.name for p in params].index("opts")
        shared = [
            inspect.Parameter(name, KIND, default=default, annotation=declared)
            for name, declared, default in chosen
        ]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kwargs = dict(advertised.bind(*args, **kwargs).arguments)  # positions as names
            given = {name: kwargs.pop(name, default) for name, _, default in chosen}
            kwargs["opts"] = Options.of(
                kwargs.get("workspace"),
                given["weight"],
                given["set_"],
                given["whatif"],
                given.get("aggregation"),
                given["panel_aggregate"],
                given.get("panel_dir"),
                given.get("no_panel", False),
            )
            return func(**kwargs)

        params[at : at + 1] = shared
        advertised = signature.replace(parameters=params)
        wrapper.__signature__ = advertised  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in params} | {
            "return": signature.return_annotation
        }
        return wrapper

    return decorate
