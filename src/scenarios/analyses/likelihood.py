"""From scores to probabilities: the public names of the link, base rates, calibration and backtest.

Each job has its module (`link`, `baserates`, `calibration`, `outcomes`, `metrics`, `backtest`,
`variants`); this one gathers their public names for the layers above. Modules of `analyses`
import from those modules directly.
"""

from __future__ import annotations

from scenarios.analyses.backtest import Backtest, backtest
from scenarios.analyses.baserates import BaseRateCheck, base_rate_check
from scenarios.analyses.calibration import (
    PRIOR_SD_CENTRE,
    PRIOR_SD_SLOPE,
    SMALL_SAMPLE,
    Fit,
    calibrate,
    calibrate_workspace,
)
from scenarios.analyses.link import (
    EPS,
    LINK_STREAM,
    NEWTON_ITERATIONS,
    Alternative,
    Link,
    annual_base_rate,
    calibrated_intercepts,
    equal_weights,
    expected_events,
    link_of,
    logistic,
    logit,
    probability_at_weights,
    reference_members,
    validation_reason,
    within_horizon,
)
from scenarios.analyses.metrics import TIE_TOLERANCE, brier, log_loss, metrics, reliability, roc_auc
from scenarios.analyses.outcomes import Outcomes, cohort_hash, resolved_outcomes
from scenarios.analyses.variants import OWN_RULE, VariantFit, Variants, fit_variants

__all__ = [
    "EPS",
    "LINK_STREAM",
    "NEWTON_ITERATIONS",
    "OWN_RULE",
    "PRIOR_SD_CENTRE",
    "PRIOR_SD_SLOPE",
    "SMALL_SAMPLE",
    "TIE_TOLERANCE",
    "Alternative",
    "Backtest",
    "BaseRateCheck",
    "Fit",
    "Link",
    "Outcomes",
    "VariantFit",
    "Variants",
    "annual_base_rate",
    "backtest",
    "base_rate_check",
    "brier",
    "calibrate",
    "calibrate_workspace",
    "calibrated_intercepts",
    "cohort_hash",
    "equal_weights",
    "expected_events",
    "fit_variants",
    "link_of",
    "log_loss",
    "logistic",
    "logit",
    "metrics",
    "probability_at_weights",
    "reference_members",
    "reliability",
    "resolved_outcomes",
    "roc_auc",
    "validation_reason",
    "within_horizon",
]
