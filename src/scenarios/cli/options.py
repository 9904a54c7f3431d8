"""The options the commands share, declared once (typer types and the Options object), with
their shell completion and the help layout every command uses."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, TypeAlias, TypeVar, cast, get_args

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from scenarios.core.choices import Aggregation, Language, OutputFormat, ValueDistribution
from scenarios.core.choices import Method as MethodName
from scenarios.core.errors import OptionError, Problem
from scenarios.workspace.scenario import Typed

if TYPE_CHECKING:
    from typer import _click as click

    from scenarios.workspace.load import Workspace


def choice_enum(name: str, words: Any) -> type[StrEnum]:
    """typer's enum of a Literal's words (typer offers and checks an enum's values): each set
    of choices is spelled once, in the Literal."""
    return cast("type[StrEnum]", StrEnum(name, {word: word for word in get_args(words)}))


# typer is given the enums; mypy checks the words themselves against the Literals
if TYPE_CHECKING:
    Format: TypeAlias = OutputFormat
    Lang: TypeAlias = Language
    AggregationChoice: TypeAlias = Aggregation
    Method: TypeAlias = MethodName
    ValuesChoice: TypeAlias = ValueDistribution
else:
    Format = choice_enum("Format", OutputFormat)
    Lang = choice_enum("Lang", Language)
    AggregationChoice = choice_enum("AggregationChoice", Aggregation)
    Method = choice_enum("Method", MethodName)
    ValuesChoice = choice_enum("ValuesChoice", ValueDistribution)

Word = TypeVar("Word", bound=str)


def plain(choice: Word) -> Word:
    """The word itself, a plain str rather than typer's enum member: what the API, the files
    and the metadata take."""
    return cast("Word", str(choice))


def choices(words: Any) -> str:
    """'table|csv|json|markdown': a placeholder that lists a Literal's words."""
    return "|".join(get_args(words))


# --- help ---------------------------------------------------------------------------------


def _placeholder(param: click.Parameter) -> str:
    """An argument's placeholder as the user writes it: ID, DIR, [NAME]... (no <str>)."""
    name = param.metavar or (param.name or "").upper()
    return name if param.required or name.startswith("[") else f"[{name}]"


class _Tables:
    """A command's tables (`--table NAME`), its main one first: the help of --table lists them,
    and the option refuses any other name before the command runs."""

    tables: ClassVar[tuple[str, ...]] = ()

    def _list_tables(self, params: list[click.Parameter]) -> None:
        for param in params:
            if isinstance(param, TyperOption) and param.name == "table" and self.tables:
                names = ", ".join(self.tables)
                param.help = f"{param.help} Tables: {names}."


def _with_tables(base: type[Any], tables: tuple[str, ...]) -> type[Any]:
    return type(base.__name__, (base,), {"tables": tables})


class Command(_Tables, TyperCommand):
    """Help that reads as words: arguments by their placeholder in the usage line and the
    argument list, without the Python type typer adds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._list_tables(self.params)

    @classmethod
    def listing(cls, *tables: str) -> type[Command]:
        """This class for a command whose results are these tables, the main one first."""
        return _with_tables(cls, tables)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                pieces.append(_placeholder(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                arguments.append((_placeholder(param), record[1]))
            else:
                options.append(record)
        for title, records in (("Arguments", arguments), ("Options", options)):
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


class Group(_Tables, TyperGroup):
    """A group whose own callback prints results (`panel`), with its tables as Command's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._list_tables(self.params)

    @classmethod
    def listing(cls, *tables: str) -> type[Group]:
        return _with_tables(cls, tables)


# --- shell completion ---------------------------------------------------------------------


def _workspace_quietly(ctx: typer.Context) -> Workspace | None:
    """The workspace the command line names so far, or None: completion runs inside the user's
    shell on every TAB, so it never prints and never fails, whatever is wrong."""
    from scenarios.api import load_workspace

    try:
        return load_workspace(ctx.params.get("workspace"))
    except Exception:  # a broken file or a bug alike must not spill into the shell
        return None


def _matching(candidates: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    wanted = incomplete.casefold()
    return [(value, about) for value, about in candidates if value.casefold().startswith(wanted)]


def _countries(ws: Workspace, incomplete: str, suffix: str = "") -> list[tuple[str, str]]:
    """Country ids (and one-word names), in lower case when the user started in lower case: a
    country is accepted in any case, and the shell keeps only what starts with the typed text."""
    candidates = [(p.id, p.name) for p in ws.profiles]
    candidates += [(p.name, p.id) for p in ws.profiles if len(p.name.split()) == 1]
    if incomplete.islower():
        candidates = [(value.lower(), about) for value, about in candidates]
    return _matching([(value + suffix, about) for value, about in candidates], incomplete)


def complete_country(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    ws = _workspace_quietly(ctx)
    return [] if ws is None else _countries(ws, incomplete)


def complete_whatif(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    ws = _workspace_quietly(ctx)
    if ws is None:
        return []
    return _matching([(name, w.title) for name, w in ws.whatifs.items()], incomplete)


def complete_weight(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """FACTOR= for --weight."""
    ws = _workspace_quietly(ctx)
    if ws is None or "=" in incomplete:
        return []
    factors = ws.model.factors
    return _matching([(f"{f}=", factors[f].label) for f in ws.factor_ids], incomplete)


def complete_set(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """ID. then ID.FACTOR= for --set."""
    ws = _workspace_quietly(ctx)
    if ws is None or "=" in incomplete:
        return []
    country, dot, _ = incomplete.partition(".")
    if not dot:
        return _countries(ws, incomplete, suffix=".")
    factors = ws.model.factors
    return _matching([(f"{country}.{f}=", factors[f].label) for f in ws.factor_ids], incomplete)


def _folders(incomplete: str) -> list[tuple[str, str]]:
    """The folders whose path starts with the typed text, each ending in / (hidden ones only
    when the typed name starts with a dot); nothing where the folder cannot be listed."""
    parent, name = incomplete[: incomplete.rfind("/") + 1], incomplete[incomplete.rfind("/") + 1 :]
    try:
        entries = list(os.scandir(Path(parent or ".").expanduser()))
        return sorted(
            (parent + entry.name + "/", "folder")
            for entry in entries
            if entry.name.startswith(name)
            and (name.startswith(".") or not entry.name.startswith("."))
            and entry.is_dir()
        )
    except (OSError, RuntimeError):  # unreadable, or ~user with no home
        return []


def complete_workspace(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The bundled workspaces' names for -w, with the folders that match as well. Where no
    bundled name matches, nothing: the shell then completes the folder's path itself (as it
    does for any path, going on into it without a space)."""
    from scenarios.workspace.find import bundled_names

    names = [(name, "bundled workspace") for name in bundled_names()]
    matches = _matching(names, incomplete) if "/" not in incomplete else []
    return matches + _folders(incomplete) if matches else []


def complete_table(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    tables: tuple[str, ...] = getattr(ctx.command, "tables", ())
    return _matching([(name, "") for name in tables], incomplete)


# --- options shared by every command (defined once) -------------------------------------

WorkspaceOpt = Annotated[
    str | None,
    typer.Option(
        "--workspace",
        "-w",
        metavar="PATH_OR_NAME",
        autocompletion=complete_workspace,
        help="Workspace folder, or a bundled workspace's name (central-asia, abraham-2020). "
        "Default: $SCENARIOS_WORKSPACE, else the nearest folder upwards with model.yaml and "
        "profiles/, else scenarios/central-asia in a checkout, else the installed copy.",
    ),
]
WeightOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--weight",
        metavar="FACTOR=WEIGHT",
        help="Set a factor's weight for this run, as if edited in model.yaml (repeatable), "
        "e.g. --weight religious_resistance=2.",
        autocompletion=complete_weight,
    ),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="ID.FACTOR=VALUE",
        help="Set a country's factor value for this run, as if edited in its profile "
        "(repeatable), e.g. --set UZ.us_engagement=9; ID may be the country's name. Outside "
        "the value's range, the range moves with it, as in a what-if (a note says so).",
        autocompletion=complete_set,
    ),
]
WhatifOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--whatif",
        metavar="NAME",
        help="Apply the named what-if from whatif/ first (repeatable; applied in order).",
        autocompletion=complete_whatif,
    ),
]
# compare's --whatif: the what-ifs applied to the baseline it compares the others with
BaselineWhatifOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--whatif",
        metavar="NAME",
        help="Apply a what-if to the baseline itself first (repeatable).",
        autocompletion=complete_whatif,
    ),
]
AggregationOpt = Annotated[
    AggregationChoice | None,
    typer.Option(
        "--aggregation",
        "-a",
        metavar=choices(Aggregation),
        help="additive: Σ w·u; geometric: Π u^w (a weak factor cannot be compensated). "
        "Default: the model's.",
    ),
]
PanelAggregateOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--panel-aggregate",
        metavar="KEY=VALUE",
        help="How the panel's analysts combine for this run, as in panel.aggregate in "
        "model.yaml (repeatable, or comma-separated: values=median, "
        "probabilities=log_odds,extremize=1.5); it needs a panel (e.g. --panel example-panel "
        "--panel-aggregate values=median).",
    ),
]
PanelOpt = Annotated[
    str | None,
    typer.Option(
        "--panel",
        metavar="DIR",
        help="Score the aggregate of the analysts in DIR (one YAML file each) instead of the "
        "workspace's own panel/; DIR may be the bundled panel of illustrative analysts (e.g. "
        "--panel example-panel).",
    ),
]
NoPanelOpt = Annotated[
    bool,
    typer.Option(
        "--no-panel",
        help="Score the profiles and model.yaml alone, leaving out any panel for this run.",
    ),
]
FullOpt = Annotated[
    bool,
    typer.Option(
        "--full",
        help="Print every table, as before: the default prints what fits one screen.",
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        metavar=choices(OutputFormat),
        help="Output format: a table for people, or csv, json or markdown for machines.",
    ),
]
OutputOpt = Annotated[
    # the path as written: `-o out/` asks for a folder, and a Path would drop its slash
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of standard output. With -f csv, a folder "
        "(DIR/, or a folder that exists) gets one CSV file a table and a manifest.json.",
    ),
]


def _check_table(ctx: typer.Context, value: str | None) -> str | None:
    """--table NAME: one of the command's tables (a usage error, before any work, otherwise)."""
    from scenarios.core.errors import did_you_mean

    tables: tuple[str, ...] = getattr(ctx.command, "tables", ())
    if value is None or value in tables:
        return value
    command = ctx.command.name or "this command"
    close = did_you_mean(value, tables)
    hint = f"{close} " if close is not None and close.startswith("did") else ""
    raise typer.BadParameter(
        f"{command} has no table '{value}' ({hint}its tables: {', '.join(tables)})"
    )


TableOpt = Annotated[
    str | None,
    typer.Option(
        "--table",
        metavar="NAME",
        callback=_check_table,
        autocompletion=complete_table,
        help="With -f csv, the one table to print (default: the main one, the first listed "
        "that the run has). -f json and markdown print every table, or NAME alone.",
    ),
]
LangOpt = Annotated[
    Lang,
    typer.Option(
        "--lang",
        help="Language of names and labels in csv, json and markdown output: en, or ar for "
        "name_ar and label_ar (English where a file has none). A terminal table stays English "
        "(a note says so).",
    ),
]
SeedOpt = Annotated[
    int,
    typer.Option(
        min=0,
        metavar="N",
        help="Random seed (a whole number ≥ 0); the same seed gives the same numbers.",
    ),
]
HorizonOpt = Annotated[
    float | None,
    typer.Option(
        "--horizon",
        min=0.01,
        max=100,
        metavar="YEARS",
        help="Years for the probability (needs a `link` in model.yaml); default: the "
        "model's horizon_years.",
    ),
]


IntervalOpt = Annotated[
    float,
    typer.Option(
        "--interval",
        min=0.01,
        max=0.999,
        metavar="LEVEL",
        help="Width of every probability interval, e.g. 0.9 for the central 90%.",
    ),
]
LinkSeedOpt = Annotated[
    int,
    typer.Option(
        "--seed",
        min=0,
        metavar="N",
        help="Random seed of the probability intervals (a whole number; the same seed gives the "
        "same interval).",
    ),
]


LedgerOpt = Annotated[
    Path | None,
    typer.Option(
        "--ledger",
        metavar="FILE",
        dir_okay=False,
        help="The ledger file; default: ledger.jsonl in the workspace folder.",
    ),
]


def _memory_size(text: str) -> int:
    from scenarios.analyses.budget import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def parse_date(text: str) -> dt.date:
    """A day written YYYY-MM-DD (--date, --today)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"expected a date as YYYY-MM-DD (got {text!r})") from None


MemoryBudgetOpt = Annotated[
    int | None,
    typer.Option(
        "--memory-budget",
        metavar="SIZE",
        parser=_memory_size,
        help="Refuse a run estimated to need more memory than this (e.g. 4G, 512M); default: "
        "half of the memory available (the machine's, or its container's or ulimit's).",
    ),
]


WatchOpt = Annotated[
    bool,
    typer.Option(
        "--watch",
        help="Re-run and redraw whenever a workspace file is saved (Ctrl-C "
        "stops); a save that breaks a file shows its error and keeps the last good table.",
    ),
]


@dataclass(frozen=True)
class Options:
    """The options every scoring command shares, passed as one object."""

    workspace: str | None = None
    weights: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()
    whatifs: tuple[str, ...] = ()
    aggregation: str | None = None
    panel_aggregate: tuple[str, ...] = ()
    panel: str | bool | None = None  # --panel DIR, or False for --no-panel

    @classmethod
    def of(
        cls,
        workspace: str | None,
        weight: list[str] | None,
        set_: list[str] | None,
        whatif: list[str] | None,
        aggregation: AggregationChoice | None,
        panel_aggregate: list[str] | None = None,
        panel: str | None = None,
        no_panel: bool = False,
    ) -> Options:
        if panel is not None and no_panel:
            raise OptionError(
                Problem(
                    f"--panel {panel} and --no-panel: give one of the two",
                    hint="--no-panel leaves out every panel; --panel DIR uses the one in DIR",
                )
            )
        return cls(
            workspace,
            tuple(weight or ()),
            tuple(set_ or ()),
            tuple(whatif or ()),
            plain(aggregation) if aggregation else None,
            tuple(panel_aggregate or ()),
            False if no_panel else panel,
        )

    @property
    def changes(self) -> dict[str, Any]:
        """The keyword arguments of the API functions that change the workspace for one run."""
        return {
            "whatifs": Typed(self.whatifs),
            "weights": Typed(self.weights),
            "sets": Typed(self.sets),
            "aggregation": self.aggregation,
            "panel_aggregate": self.panel_aggregate,
            "panel": self.panel,
        }

    @property
    def edits(self) -> dict[str, Any]:
        """`changes` without the aggregation: the keyword arguments of `api.prepare`."""
        return {k: v for k, v in self.changes.items() if k != "aggregation"}


NO_CHANGES = Options()  # a command's `opts` until scenario_options (cli.commanding) fills it
