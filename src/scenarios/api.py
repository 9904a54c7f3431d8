"""The public Python API: the same operations as the CLI, returning pandas DataFrames."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import scoring
from .engine import Aggregation
from .whatif import apply_all
from .workspace import Workspace, load_workspace

if TYPE_CHECKING:
    import pandas as pd

WorkspaceLike = Workspace | str | os.PathLike[str] | None


def prepare(
    ws: WorkspaceLike,
    *,
    whatifs: Sequence[str] = (),
    weights: Sequence[str] = (),
    sets: Sequence[str] = (),
) -> Workspace:
    """Load (if needed) and apply what-ifs, then `FACTOR=W` weights and `ID.FACTOR=V` values."""
    if not isinstance(ws, Workspace):
        ws = load_workspace(ws)
    return apply_all(ws, whatifs=whatifs, weights=weights, sets=sets)


def ranking(
    ws: WorkspaceLike = None,
    *,
    whatifs: Sequence[str] = (),
    weights: Sequence[str] = (),
    sets: Sequence[str] = (),
    aggregation: Aggregation | None = None,
    horizon: float | None = None,
) -> scoring.Ranking:
    """The full ranking result object (scores, ranks, contributions, probabilities)."""
    ws = prepare(ws, whatifs=whatifs, weights=weights, sets=sets)
    return scoring.rank(ws, aggregation, horizon)


def rank(ws: WorkspaceLike = None, **options) -> pd.DataFrame:
    """One row per country: rank, id, name, score[, probability], status, top factors.

    Options: whatifs, weights (["factor=2"]), sets (["UZ.factor=7"]), aggregation, horizon.
    """
    return ranking(ws, **options).to_frame()


def explain(ws: WorkspaceLike, country_id: str, **options) -> pd.DataFrame:
    """One row per factor of one country, with a `gap_to_above` column (contribution of the
    country ranked just above minus this one's)."""
    expl = scoring.explain(ranking(ws, **options), country_id)
    frame = expl.to_frame()
    gap = expl.gap()
    frame["gap_to_above"] = gap if gap is not None else float("nan")
    return frame


def sensitivity(
    ws: WorkspaceLike = None,
    methods: Sequence[str] = ("oat", "critical", "mc"),
    *,
    whatifs: Sequence[str] = (),
    weights: Sequence[str] = (),
    sets: Sequence[str] = (),
    aggregation: Aggregation | None = None,
    **settings,
) -> dict[str, pd.DataFrame]:
    """Sensitivity tables by name: oat, critical, acceptability, mc_summary, pairwise, sobol.

    ``settings`` are those of `scenarios sensitivity`: delta, samples, seed, concentration,
    fixed_weights, values, precision, chunk_size.
    """
    from .robustness import SensitivitySettings, analyse

    ws = prepare(ws, whatifs=whatifs, weights=weights, sets=sets)
    return analyse(ws, tuple(methods), aggregation, SensitivitySettings(**settings)).frames()
