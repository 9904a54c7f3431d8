"""`scenarios export`: every table of a workspace as CSV, plus manifest.json, in one folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenarios.analyses import probability_words, scoring
from scenarios.analyses.provenance import meta_of, sensitivity_meta
from scenarios.core import arguments
from scenarios.core.choices import DEFAULT_METHODS, Aggregation
from scenarios.core.errors import OptionError, OutputError, Problem
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.ledger.records import Ledger


def export_tables(
    folder: Path | None,
    ws: Workspace,
    aggregation: Aggregation | None,
    *,
    excel: bool,
    samples: int,
    seed: int,
    options: dict[str, Any],
    progress: Callable[[str, int, int], None] | None = None,
    memory_budget: int | None = None,
    ledger: Path | None = None,
    workbook: Path | None = None,
    lang: str = "en",
) -> list[Path]:
    """Rankings, contributions, matrix, sensitivity and (with what-ifs) comparison tables; with a
    ledger of records (`ledger`, default the workspace's), its history and scores too. Written
    as CSVs into `folder`, as one workbook `workbook` (.xlsx, headings and names in `lang`), or
    both, from one computation."""
    from scenarios.core.writers import refuse_foreign, write_tables

    if folder is None and workbook is None:
        raise OptionError(
            Problem("nothing to write", hint="give a folder for the CSVs, a workbook, or both")
        )
    arguments.whole("samples", samples, at_least=100)
    arguments.whole("seed", seed)
    if folder is not None:
        refuse_foreign(folder)  # before the work, not after it; write_tables checks again
    if workbook is not None:
        from scenarios.io.workbook import check_target

        check_target(workbook)
    frames, manifest = export_frames(
        ws,
        aggregation,
        excel=excel,
        samples=samples,
        seed=seed,
        options=options,
        progress=progress,
        memory_budget=memory_budget,
        ledger=ledger,
    )
    written: list[Path] = []
    if folder is not None:
        from scenarios.io.datapackage import package_text

        package = package_text(frames, manifest, ws, excel=excel)
        try:
            written += write_tables(
                folder, frames, manifest, excel=excel, extra={"datapackage.json": package}
            )
        except OSError as exc:
            raise OutputError(Problem(f"cannot write into '{folder}': {exc.strerror}")) from None
    if workbook is not None:
        from scenarios.io.workbook import write_workbook

        written.append(write_workbook(workbook, frames, manifest, ws, lang=lang))
    return written


def export_frames(
    ws: Workspace,
    aggregation: Aggregation | None,
    *,
    excel: bool,
    samples: int,
    seed: int,
    options: dict[str, Any],
    progress: Callable[[str, int, int], None] | None = None,
    memory_budget: int | None = None,
    ledger: Path | None = None,
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Every table of an export, by name, and its manifest (what makes it reproducible): the
    one computation behind the CSVs and the workbook."""
    from scenarios.analyses.robustness import SensitivitySettings, analyse
    from scenarios.io.datapackage import extra_tables
    from scenarios.ledger.records import read_ledger_of

    records = read_ledger_of(ws, ledger)  # first: a broken ledger fails fast
    result = scoring.rank(ws, aggregation)
    sens = analyse(
        ws,
        DEFAULT_METHODS,
        aggregation,
        SensitivitySettings(samples=samples, seed=seed, memory_budget=memory_budget),
        progress,
    )
    frames: dict[str, pd.DataFrame] = {
        "rankings": result.to_frame(),
        "contributions": result.contributions_frame(),
        "matrix": result.matrix_frame(),
        **sens.frames(),
    }
    if ws.whatifs:
        from scenarios.analyses.comparison import compare

        comparison = compare(ws, None, aggregation)
        frames |= {"compare": comparison.to_frame(), "compare_drivers": comparison.drivers_frame()}
    frames |= extra_tables(ws, result, seed=seed)
    today = dt.date.today()
    frames |= ledger_tables(ws, records, today)
    manifest = meta_of(
        ws,
        aggregation=result.aggregation,
        horizon=result.horizon,
        interval_level=result.level if result.interval is not None else None,
        interval_covers=list(result.covers) if result.interval is not None else None,
        link_caveat=(
            result.link.caveat if result.link is not None and not result.link.validated else None
        ),
        link_transfer=(result.link.transfer or None) if result.link is not None else None,
        link_equal_weights=(result.link.equal_weights or None) if result.link is not None else None,
        probability_words=(
            probability_words.YARDSTICK_NAME["en"] if result.probability is not None else None
        ),
        excel=excel,
        **sensitivity_meta(sens),
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        options=options,
        **(
            {
                "ledger": records.display,
                "ledger_records": len(records.records),
                "scored_on": today.isoformat(),
            }
            if records.records
            else {}
        ),
    )
    return frames, manifest


def ledger_tables(ws: Workspace, ledger: Ledger, today: dt.date) -> dict[str, pd.DataFrame]:
    """The ledger's tables, where it has records: each country's history across them, the
    records themselves, and their scores against the outcomes resolved by `today`."""
    if not ledger.records:
        return {}
    from scenarios.ledger.records import history
    from scenarios.ledger.scorecard import scorecard
    from scenarios.panels.part import panel_part
    from scenarios.workspace.load import load_workspace

    past = history(ledger)
    # outcomes are what happened: the statuses as written, never a what-if's
    as_written = load_workspace(ws.root, part=panel_part) if ws.changes else ws
    card = scorecard(as_written, ledger, today)
    return {
        "history": past.to_frame(),
        "records": past.records_frame(),
        "scores": card.to_frame(),
        "forecasts": card.forecasts_frame(),
    }
