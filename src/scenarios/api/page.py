"""What a report shows, computed once for the page to draw."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from scenarios.api.common import Ledger, Progress, WorkspaceLike, aggregation_of
from scenarios.api.loading import prepare
from scenarios.core import arguments
from scenarios.core.choices import (
    DEFAULT_CASCADE_RUNS,
    DEFAULT_DELTA,
    DEFAULT_MC_SAMPLES,
    DEFAULT_SEED,
    MIN_REPORT_SAMPLES,
)
from scenarios.panels.part import panel_part
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    from scenarios.reporting.results import Results as ReportResults


def report(
    ws: WorkspaceLike = None,
    *,
    aggregation: str | None = None,
    horizon: float | None = None,
    samples: int = DEFAULT_MC_SAMPLES,
    seed: int = DEFAULT_SEED,
    runs: int = DEFAULT_CASCADE_RUNS,
    delta: float = DEFAULT_DELTA,
    ledger: Ledger = None,
    progress: Progress | None = None,
) -> ReportResults:
    """Every analysis `scenarios report` shows, computed once, for `build_report` to draw in any
    language (a workspace from `prepare` carries its what-ifs, weights, values and panel).
    `ledger`: the ledger whose records the page follows over time."""
    from scenarios.analyses.assessment import assess
    from scenarios.ledger.records import history as follow
    from scenarios.ledger.records import read_ledger_of
    from scenarios.ledger.signposting import signposts as find
    from scenarios.reporting.results import Results

    arguments.whole("samples", samples, at_least=MIN_REPORT_SAMPLES)
    arguments.whole("runs", runs, at_least=1)
    loaded = ws if isinstance(ws, Workspace) else prepare(ws)
    book = read_ledger_of(loaded, ledger)  # first: a broken ledger fails fast
    past = follow(book) if book.records else None
    found = assess(
        loaded, aggregation=aggregation_of(aggregation), horizon=horizon, samples=samples,
        seed=seed, runs=runs, delta=delta, progress=progress, part=panel_part,
    )  # fmt: skip
    named = None if ledger is None else os.fspath(ledger)
    return Results.of(found, history=past, signposts=find(found.ranking), ledger=named)
