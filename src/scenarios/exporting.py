"""`scenarios export`: every table of a workspace as CSV, plus manifest.json, in one folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import arguments, scoring
from .choices import DEFAULT_METHODS, Aggregation
from .errors import OutputError, Problem
from .provenance import meta_of, sensitivity_meta
from .workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd


def export_tables(
    folder: Path,
    ws: Workspace,
    aggregation: Aggregation | None,
    *,
    excel: bool,
    samples: int,
    seed: int,
    options: dict[str, Any],
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Path]:
    """Rankings, contributions, matrix, sensitivity and (with what-ifs) comparison tables."""
    from .datapackage import extra_tables, write_package
    from .robustness import SensitivitySettings, analyse
    from .writers import write_tables

    arguments.whole("samples", samples, at_least=100)
    arguments.whole("seed", seed)
    if folder.exists() and not folder.is_dir():
        raise OutputError(Problem(f"'{folder}' is a file, expected a folder"))
    result = scoring.rank(ws, aggregation)
    sens = analyse(
        ws,
        DEFAULT_METHODS,
        aggregation,
        SensitivitySettings(samples=samples, seed=seed),
        progress,
    )
    frames: dict[str, pd.DataFrame] = {
        "rankings": result.to_frame(),
        "contributions": result.contributions_frame(),
        "matrix": result.matrix_frame(),
        **sens.frames(),
    }
    if ws.whatifs:
        from .comparison import compare

        comparison = compare(ws, None, aggregation)
        frames |= {"compare": comparison.to_frame(), "compare_drivers": comparison.drivers_frame()}
    frames |= extra_tables(ws, result, seed=seed)
    manifest = meta_of(
        ws,
        aggregation=result.aggregation,
        horizon=result.horizon,
        excel=excel,
        **sensitivity_meta(sens),
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        options=options,
    )
    try:
        written = write_tables(folder, frames, manifest, excel=excel)
        written.append(write_package(folder, frames, manifest, ws, excel=excel))
        return written
    except OSError as exc:
        raise OutputError(Problem(f"cannot write into '{folder}': {exc.strerror}")) from None
