"""The analysts' track records on a backtest workspace, and the weights they earn."""

from __future__ import annotations

import contextvars
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from scenarios.core import engine
from scenarios.core.choices import Aggregation
from scenarios.core.errors import WorkspaceError, plural
from scenarios.panels.judgements import Analyst
from scenarios.panels.pooling import caps_of, pool
from scenarios.workspace.schema import PanelSettings

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.workspace.load import ReadPart, Workspace


LOADING_TRACK_RECORD: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "loading_track_record", default=False
)


def performance_weights(record: TrackRecord, ids: Sequence[str]) -> tuple[np.ndarray, str]:
    """Weights proportional to 1/Brier on the record's outcomes (an analyst half as far off
    weighs twice as much); an analyst without a record weighs the mean of those with one."""
    brier = dict(zip(record.analysts, record.brier, strict=True))
    raw = np.array([1.0 / max(brier[i], 1e-6) if i in brier else np.nan for i in ids])
    known = raw[np.isfinite(raw)]
    raw = np.where(np.isfinite(raw), raw, known.mean())
    basis = (
        f"performance weights: 1/Brier on {record.name} "
        f"({plural(len(record.outcomes), 'resolved outcome')})"
    )
    if record.missing:
        basis += f"; without a record, the mean weight: {', '.join(record.missing)}"
    return raw / raw.sum(), basis


@dataclass(frozen=True, eq=False)
class TrackRecord:
    """Each analyst's probabilities of the resolved outcomes of a backtest workspace they scored
    too (their own panel file there), beside the pool's and the plain profiles'."""

    workspace: Workspace  # the backtest workspace
    analysts: tuple[str, ...]  # the analysts of the panel with a file there, in panel order
    missing: tuple[str, ...]  # those without
    ids: tuple[str, ...]  # the countries whose outcome has resolved
    outcomes: np.ndarray  # (n,) 1 = the event happened within the horizon
    probability: np.ndarray  # (k, n) each analyst's
    pooled: np.ndarray  # (n,) theirs pooled by the rule, with equal weights
    plain: np.ndarray  # (n,) the backtest's profiles'
    method: str  # how the probabilities were made
    horizon: float
    base_probability: float

    @property
    def name(self) -> str:
        """The backtest workspace by its folder's name ('abraham-2020')."""
        return self.workspace.root.name

    @property
    def folder(self) -> str:
        """Its folder as the user would type it."""
        from scenarios.workspace.find import display_path

        return display_path(self.workspace.root)

    @property
    def events(self) -> int:
        return int(self.outcomes.sum())

    @property
    def brier(self) -> np.ndarray:
        return np.asarray(((self.probability - self.outcomes) ** 2).mean(axis=1))

    def rows(self) -> list[tuple[str, np.ndarray]]:
        """(who, probabilities): every analyst, then the pool and the profiles."""
        rows = list(zip(self.analysts, self.probability, strict=True))
        if self.analysts:
            rows.append(("pool", self.pooled))
        return [*rows, ("profiles", self.plain)]

    @property
    def small_sample(self) -> bool:
        from scenarios.analyses.calibration import SMALL_SAMPLE

        n = len(self.outcomes)
        return n < SMALL_SAMPLE or min(self.events, n - self.events) < 10

    def to_frame(self, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
        """Each analyst's track record.

        Returns
        -------
        pandas.DataFrame
            Indexed by analyst (then the pool and the profiles): outcomes, events, brier,
            log_loss, skill, and weight (from `weights`, NaN where not given).
        """
        import pandas as pd

        from scenarios.analyses.metrics import metrics

        rows = []
        for who, p in self.rows():
            m = metrics(p, self.outcomes, self.base_probability)
            rows.append(
                {
                    "analyst": who,
                    "outcomes": len(self.outcomes),
                    "events": self.events,
                    "brier": m["brier"],
                    "log_loss": m["log_loss"],
                    "skill": m["skill"],
                    "weight": (weights or {}).get(who, float("nan")),
                }
            )
        return pd.DataFrame(rows).set_index("analyst")


def record_workspace(ws: Workspace) -> Path | None:
    """Where the panel's track records are: panel.track_record, else the workspace the link was
    fitted on; a folder relative to this workspace's, a sibling folder, or a bundled name."""
    from scenarios.workspace.find import bundled_root, is_workspace

    settings = ws.model.panel
    spec = settings.track_record if settings is not None else None
    if spec is None and ws.model.link is not None and ws.model.link.fit is not None:
        spec = ws.model.link.fit.workspace
    if spec is None:
        return None
    for folder in (ws.root / spec, ws.root.parent / spec, bundled_root() / spec):
        if is_workspace(folder):
            return folder
    return None


def track_record(
    ws: Workspace,
    analysts: Sequence[Analyst],
    aggregation: Aggregation,
    part: ReadPart | None = None,
) -> TrackRecord:
    """Score every analyst on the resolved outcomes of the backtest workspace, where they have
    a panel file of the same name there: with its link if it has one, else (as `scenarios
    backtest` does) with a link calibrated leave-one-out on the analyst's own scores. `part`
    reads the backtest workspace's panel/ (the panels' reader, passed in by the module that
    defines it)."""
    from scenarios.analyses.calibration import leave_one_out
    from scenarios.analyses.link import annual_base_rate, link_of, within_horizon
    from scenarios.analyses.outcomes import (
        checked_horizon,
        require_both_outcomes,
        resolved_outcomes,
    )
    from scenarios.workspace.load import load_workspace

    folder = record_workspace(ws)
    where = ("panel", "track_record") if ws.model.panel and ws.model.panel.track_record else ()
    if folder is None:
        raise WorkspaceError(
            ws.documents["model"].problem(
                where,
                "no backtest workspace to take the analysts' track records from",
                "set panel.track_record in model.yaml to a workspace whose outcomes have "
                "resolved (e.g. abraham-2020)",
            )
        )
    token = LOADING_TRACK_RECORD.set(True)
    try:
        backtest = load_workspace(folder, part=part)
    finally:
        LOADING_TRACK_RECORD.reset(token)
    horizon = checked_horizon(backtest, None)
    found = resolved_outcomes(backtest, horizon)
    require_both_outcomes(backtest, found, "a track record")
    index, y = found.index, found.y
    base = backtest.model.base_rate
    rate = annual_base_rate(base) if base else None
    base_p = float(within_horizon(rate, horizon)) if rate is not None else float(y.mean())
    link = link_of(backtest, aggregation)
    method = (
        f"{backtest.root.name}'s link"
        if link is not None
        else "a link calibrated leave-one-out on each analyst's own scores"
    )

    def probabilities(view: Workspace) -> np.ndarray:
        s = engine.scores(view.normalized, view.weights, aggregation)
        if link is not None:
            return np.asarray(caps_of(view)(link.probability(s, horizon))[index])
        return leave_one_out(s[index], y, horizon, rate)

    theirs = {a.id: a for a in backtest.panel.analysts} if backtest.panel is not None else {}
    scored = [a.id for a in analysts if a.id in theirs]
    missing = tuple(a.id for a in analysts if a.id not in theirs)
    p = np.array([probabilities(theirs[i].view) for i in scored]).reshape(len(scored), len(y))
    rule = (ws.model.panel or PanelSettings(track_record=None)).aggregate
    pooled = (
        pool(p, np.full(len(scored), 1 / len(scored)), rule.probabilities, rule.extremize)
        if scored
        else np.full(len(y), np.nan)
    )
    plain = backtest.panel.plain if backtest.panel is not None else backtest
    return TrackRecord(
        workspace=backtest,
        analysts=tuple(scored),
        missing=missing,
        ids=tuple(backtest.country_ids[i] for i in index),
        outcomes=y,
        probability=p,
        pooled=pooled,
        plain=probabilities(plain),
        method=method,
        horizon=horizon,
        base_probability=base_p,
    )
