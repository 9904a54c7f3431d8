"""The options the commands share, declared once (typer types and the Options object)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .api import prepare
from .workspace import Workspace


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class AggregationChoice(StrEnum):
    additive = "additive"
    geometric = "geometric"


# --- options shared by every command (defined once) -------------------------------------

WorkspaceOpt = Annotated[
    str | None,
    typer.Option(
        "--workspace",
        "-w",
        metavar="PATH_OR_NAME",
        help="Workspace folder or bundled name; default: $SCENARIOS_WORKSPACE, the current "
        "folder if it has model.yaml, else the bundled 'central-asia'.",
    ),
]
WeightOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--weight",
        metavar="FACTOR=W",
        help="Set a factor's weight for this run, as if edited in model.yaml (repeatable).",
    ),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="ID.FACTOR=V",
        help="Set a country's factor value for this run, as if edited in its profile (repeatable).",
    ),
]
WhatifOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--whatif",
        metavar="NAME",
        help="Apply the named what-if from whatif/ first (repeatable; applied in order).",
    ),
]
AggregationOpt = Annotated[
    AggregationChoice | None,
    typer.Option(
        "--aggregation",
        "-a",
        help="additive: Σ w·u; geometric: Π u^w (a weak factor cannot be compensated). "
        "Default: the model's.",
    ),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Output format: table, csv, json or markdown.")
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        dir_okay=False,
        help="Write to FILE (atomically) instead of standard output.",
    ),
]
SeedOpt = Annotated[
    int,
    typer.Option(
        min=0, help="Random seed (a whole number ≥ 0); the same seed gives the same numbers."
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


def _memory_size(text: str) -> int:
    from .budget import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


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

    @classmethod
    def of(cls, workspace, weight, set_, whatif, aggregation) -> Options:
        return cls(
            workspace,
            tuple(weight or ()),
            tuple(set_ or ()),
            tuple(whatif or ()),
            aggregation.value if aggregation else None,
        )

    def workspace_loaded(self) -> Workspace:
        return prepare(self.workspace, whatifs=self.whatifs, weights=self.weights, sets=self.sets)


class Method(StrEnum):
    oat = "oat"
    critical = "critical"
    mc = "mc"
    sobol = "sobol"


class ValuesChoice(StrEnum):
    triangular = "triangular"
    uniform = "uniform"
    fixed = "fixed"
