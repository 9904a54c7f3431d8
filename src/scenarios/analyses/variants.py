"""The link fitted on the cohort's own rule and on each of model.yaml's variants, side by side."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses.calibration import PRIOR_SD_SLOPE, Fit, calibrate, leave_one_out
from scenarios.analyses.link import annual_base_rate, within_horizon
from scenarios.analyses.metrics import brier, roc_auc
from scenarios.analyses.outcomes import (
    Outcomes,
    checked_horizon,
    require_both_outcomes,
    resolved_outcomes,
)
from scenarios.core import engine
from scenarios.core.choices import Aggregation
from scenarios.core.display import frame_html, short_repr
from scenarios.core.errors import WorkspaceError, plural
from scenarios.workspace.load import Workspace
from scenarios.workspace.schema import Variant

if TYPE_CHECKING:
    import pandas as pd


OWN_RULE = "own_rule"


@dataclass(frozen=True)
class VariantFit:
    """The link fitted on one variant of the cohort, with its out-of-sample skill."""

    name: str  # OWN_RULE for the cohort's own choices
    label: str
    fit: Fit  # its loo_skill: leave-one-out Brier skill against the variant's own base rate
    roc_auc: float


@dataclass(frozen=True)
class Variants:
    """The cohort's own fit and each variant's, side by side."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    fits: tuple[VariantFit, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row a variant, the cohort's own rule first.

        Returns
        -------
        DataFrame indexed by variant: label, outcomes, events, slope, slope_sd, loo_skill,
        roc_auc.
        """
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "variant": v.name,
                    "label": v.label,
                    "outcomes": v.fit.n,
                    "events": v.fit.events,
                    "slope": v.fit.slope,
                    "slope_sd": v.fit.slope_sd,
                    "loo_skill": v.fit.loo_skill,
                    "roc_auc": v.roc_auc,
                }
                for v in self.fits
            ]
        ).set_index("variant")


def fit_variants(
    ws: Workspace,
    aggregation: Aggregation = "additive",
    horizon: float | None = None,
    *,
    today: dt.date | None = None,
) -> Variants:
    """The link fitted on the cohort as its rule has it and on each of model.yaml's variants."""
    years = checked_horizon(ws, horizon)
    found = resolved_outcomes(ws, years, today)
    require_both_outcomes(ws, found, "calibration")
    own = Variant.model_validate({"label": "the cohort's own rule"})
    return Variants(
        tuple(
            _fit_variant(ws, name, variant, found, aggregation, years)
            for name, variant in [(OWN_RULE, own), *ws.model.variants.items()]
        )
    )


def _fit_variant(
    ws: Workspace,
    name: str,
    variant: Variant,
    found: Outcomes,
    aggregation: Aggregation,
    years: float,
) -> VariantFit:
    u = ws.normalized.copy()
    lo, hi = ws.scale
    for cid, values in variant.sets.items():
        c = ws.country_ids.index(cid)
        for factor, value in values.items():
            f = ws.factor_ids.index(factor)
            x = (value - lo) / (hi - lo)
            u[c, f] = x if ws.directions[f] > 0 else 1 - x
    weights = ws.weights if variant.weights == "file" else np.full(u.shape[1], 1 / u.shape[1])
    scores = engine.scores(u, weights, aggregation)
    ids = [ws.country_ids[i] for i in found.index]
    y = np.where(np.isin(ids, variant.not_joined), 0.0, found.y)
    keep = (
        np.ones(len(ids), dtype=bool)
        if variant.countries is None
        else np.isin(ids, variant.countries)
    )
    index, y = found.index[keep], y[keep]
    if len(y) < 3 or y.sum() in (0, len(y)):
        raise WorkspaceError(
            ws.documents["model"].problem(
                ("variants", name),
                f"variant '{name}' leaves {plural(len(y), 'resolved outcome')}, "
                f"{int(y.sum())} of them events: a fit needs at least 3, both events and "
                "non-events",
            )
        )
    s = scores[index]
    base = ws.model.base_rate
    rate: float | None = None  # other outcomes: the variant's observed frequency is its base rate
    base_p = float(y.mean())
    if base is not None and variant.countries is None and not variant.not_joined:
        rate = annual_base_rate(base)
        base_p = float(within_horizon(rate, years))
    prior_sd = PRIOR_SD_SLOPE if variant.slope_prior == "default" else np.inf
    fit = calibrate(s, y, years, rate, prior_sd_slope=prior_sd)
    base_brier = brier(np.full(len(y), base_p), y)
    loo = brier(leave_one_out(s, y, years, rate, prior_sd), y)
    skill = 1 - loo / base_brier if base_brier > 0 else None
    return VariantFit(
        name,
        variant.label,
        replace(fit, workspace=ws.root.name, loo_skill=skill),
        roc_auc(s, y),
    )
