"""The backtest: the link and simple baselines scored on the cohort's resolved outcomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses.calibration import Fit, calibrate, leave_one_out
from scenarios.analyses.link import annual_base_rate, link_of, within_horizon
from scenarios.analyses.metrics import metrics, reliability, roc_auc
from scenarios.analyses.outcomes import (
    Outcomes,
    checked_horizon,
    cohort_hash,
    require_both_outcomes,
    resolved_outcomes,
)
from scenarios.analyses.variants import Variants, fit_variants
from scenarios.core import engine
from scenarios.core.choices import Aggregation
from scenarios.core.display import frame_html, short_repr
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd


def _auc_direction(auc: float) -> str:
    if not np.isfinite(auc):
        return ""
    return "agrees" if auc >= 0.5 else "wrong way"


@dataclass(frozen=True, eq=False)
class Backtest:
    """The model's predictions of resolved outcomes beside simple baselines: the base rate,
    equal weights, and each factor alone (each calibrated leave-one-out like the model)."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    workspace: Workspace
    aggregation: Aggregation
    ids: tuple[str, ...]
    names: tuple[str, ...]
    outcomes: np.ndarray  # 1 = joined within the horizon
    scores: np.ndarray
    horizon: float
    base_probability: float  # the base rate over the horizon
    base_source: str
    model_p: np.ndarray | None  # with the model's link
    loo_p: np.ndarray  # leave-one-out calibrated
    fit: Fit  # calibrated on all outcomes (in-sample)
    equal_scores: np.ndarray  # the same factors, equal weights
    equal_loo_p: np.ndarray
    factor_u: np.ndarray  # (n, F) each factor alone (normalised, direction applied)
    factor_loo_p: np.ndarray  # (n, F)
    resolution: Outcomes
    variants: Variants | None = None  # model.yaml's variants of the cohort, fitted (None: none)

    def metrics(self, p: np.ndarray) -> dict[str, float]:
        return metrics(p, self.outcomes, self.base_probability)

    @property
    def cohort_hash(self) -> str:
        """What the backtest scores, as one hash (see `cohort_hash`)."""
        return cohort_hash(self.workspace)

    def cohort_frame(self) -> pd.DataFrame:
        """One row: the cohort's hash (see `cohort_hash`), and how many of its values rest on
        background knowledge (`basis: background`).

        Returns
        -------
        pandas.DataFrame
            One row: cohort_hash, countries, values, background.
        """
        import pandas as pd

        entries = [e for p in self.workspace.profiles for e in p.factors.values()]
        return pd.DataFrame(
            [
                {
                    "cohort_hash": self.cohort_hash,
                    "countries": len(self.workspace.profiles),
                    "values": len(entries),
                    "background": sum(e.basis == "background" for e in entries),
                }
            ]
        )

    def summary_frame(self) -> pd.DataFrame:
        """One row per set of predictions: the model's, then the baselines.

        Returns
        -------
        pandas.DataFrame
            Indexed by predictions (model, base rate, equal weights): brier, brier_base_rate,
            skill, log_loss, roc_auc.
        """
        import pandas as pd

        model_auc = roc_auc(self.scores, self.outcomes)
        rows: list[dict[str, object]] = []

        def add(name: str, p: np.ndarray, auc: float) -> None:
            rows.append({"predictions": name, **self.metrics(p), "roc_auc": auc})

        if self.model_p is not None:
            add("model_link", self.model_p, model_auc)
        add("leave_one_out", self.loo_p, model_auc)
        add("in_sample_fit", self.fit.link().probability(self.scores, self.horizon), model_auc)
        add("base_rate", np.full(len(self.outcomes), self.base_probability), 0.5)
        add("equal_weights", self.equal_loo_p, roc_auc(self.equal_scores, self.outcomes))
        return pd.DataFrame(rows).set_index("predictions")

    def factors_frame(self) -> pd.DataFrame:
        """Each factor alone: how well it orders the outcomes, and whether its direction in the
        model agrees with them (an AUC below 0.5 means the factor points the wrong way).

        Returns
        -------
        pandas.DataFrame
            Indexed by factor: direction, weight, roc_auc, agreement, brier, skill.
        """
        import pandas as pd

        rows = []
        for f, factor in enumerate(self.workspace.factor_ids):
            auc = roc_auc(self.factor_u[:, f], self.outcomes)
            rows.append(
                {
                    "factor": factor,
                    "direction": self.workspace.model.factors[factor].direction,
                    "weight": float(self.workspace.weights[f]),
                    "roc_auc": auc,
                    "agreement": _auc_direction(auc),
                    **{
                        k: v
                        for k, v in self.metrics(self.factor_loo_p[:, f]).items()
                        if k in ("brier", "skill")
                    },
                }
            )
        return pd.DataFrame(rows).set_index("factor")

    def predictions_frame(self) -> pd.DataFrame:
        """Each country's outcome beside its predictions.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: name, outcome, score, p_leave_one_out, p_equal_weights.
        """
        import pandas as pd

        frame = pd.DataFrame(
            {
                "id": list(self.ids),
                "name": list(self.names),
                "outcome": self.outcomes.astype(int),
                "score": self.scores,
            }
        )
        if self.model_p is not None:
            frame["p_model"] = self.model_p
        frame["p_leave_one_out"] = self.loo_p
        frame["p_equal_weights"] = self.equal_loo_p
        return frame.sort_values("score", ascending=False, kind="stable").set_index("id")

    def reliability_frame(self) -> pd.DataFrame:
        """Predicted against observed frequency, by bin.

        Returns
        -------
        pandas.DataFrame
            One row a bin: bin, count, predicted, observed.
        """
        return reliability(self.model_p if self.model_p is not None else self.loo_p, self.outcomes)


def backtest(
    ws: Workspace,
    scores: np.ndarray,
    horizon: float | None = None,
    aggregation: Aggregation = "additive",
    *,
    today: dt.date | None = None,
) -> Backtest:
    """Score the resolved outcomes against the model and against simple baselines."""
    horizon = checked_horizon(ws, horizon)
    found = resolved_outcomes(ws, horizon, today)
    require_both_outcomes(ws, found, "a backtest")
    index, y = found.index, found.y
    s = np.asarray(scores)[index]
    base = ws.model.base_rate
    rate = annual_base_rate(base) if base else None
    if rate is not None:
        base_p, base_source = float(within_horizon(rate, horizon)), "model.yaml base_rate"
    else:
        base_p, base_source = float(y.mean()), "observed frequency (no base_rate in model.yaml)"
    link = link_of(ws, aggregation)
    u = ws.normalized[index]
    equal = engine.scores(u, np.full(u.shape[1], 1.0 / u.shape[1]), aggregation)
    factor_loo = np.column_stack(
        [leave_one_out(u[:, f], y, horizon, rate) for f in range(u.shape[1])]
    )
    return Backtest(
        workspace=ws,
        aggregation=aggregation,
        ids=tuple(ws.profiles[i].id for i in index),
        names=tuple(ws.profiles[i].name for i in index),
        outcomes=y,
        scores=s,
        horizon=horizon,
        base_probability=base_p,
        base_source=base_source,
        model_p=link.probability(s, horizon) if link else None,
        loo_p=leave_one_out(s, y, horizon, rate),
        fit=calibrate(s, y, horizon, rate),
        equal_scores=equal,
        equal_loo_p=leave_one_out(equal, y, horizon, rate),
        factor_u=u,
        factor_loo_p=factor_loo,
        resolution=found,
        variants=fit_variants(ws, aggregation, horizon, today=today) if ws.model.variants else None,
    )
