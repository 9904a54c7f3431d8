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
    memory_budget: int | None = None,
) -> list[Path]:
    """Rankings, contributions, matrix, sensitivity and (with what-ifs) comparison tables."""
    from .datapackage import extra_tables, package_text
    from .robustness import SensitivitySettings, analyse
    from .writers import write_tables

    arguments.whole("samples", samples, at_least=100)
    arguments.whole("seed", seed)
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
    package = package_text(frames, manifest, ws, excel=excel)
    try:
        return write_tables(
            folder, frames, manifest, excel=excel, extra={"datapackage.json": package}
        )
    except OSError as exc:
        raise OutputError(Problem(f"cannot write into '{folder}': {exc.strerror}")) from None
