"""Calibrating the link on resolved outcomes: the fit, its leave-one-out predictions and skill."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses.link import (
    EPS,
    NEWTON_ITERATIONS,
    Link,
    annual_base_rate,
    logistic,
    logit,
    within_horizon,
)
from scenarios.analyses.metrics import brier
from scenarios.analyses.outcomes import checked_horizon, require_both_outcomes, resolved_outcomes
from scenarios.core import engine
from scenarios.core.choices import Aggregation
from scenarios.core.display import frame_html, short_repr
from scenarios.core.errors import OptionError, Problem
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd


# Priors of the calibration, on the centred form logit(p) = c + b·(score − mean score):
# c ~ Normal(logit(base rate), PRIOR_SD_CENTRE²), b ~ Normal(0, PRIOR_SD_SLOPE²).
PRIOR_SD_CENTRE = 1.0
PRIOR_SD_SLOPE = 10.0
SMALL_SAMPLE = 30  # below this many outcomes (or 10 events) the fit is called rough


@dataclass(frozen=True)
class Fit:
    """A regularised maximum-likelihood (maximum a posteriori) logistic link."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    intercept: float
    slope: float
    intercept_sd: float
    slope_sd: float
    n: int
    events: int
    horizon: float
    prior: str
    correlation: float = 0.0
    workspace: str = ""  # the workspace whose outcomes it was fitted on
    loo_skill: float | None = None  # leave-one-out Brier skill against the base rate
    equal_weights_loo_skill: float | None = None  # the same, every factor weighted equally

    @property
    def small_sample(self) -> bool:
        return self.n < SMALL_SAMPLE or min(self.events, self.n - self.events) < 10

    def link(self) -> Link:
        return Link(self.intercept, self.slope, "calibrated")

    def to_frame(self) -> pd.DataFrame:
        """The fitted link in one row.

        Returns
        -------
        pandas.DataFrame
            One row: intercept and slope with their standard deviations, n, events, horizon,
            prior, small_sample, correlation, workspace, and the leave-one-out skill of the
            model and of equal weights.
        """
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "intercept": self.intercept,
                    "intercept_sd": self.intercept_sd,
                    "slope": self.slope,
                    "slope_sd": self.slope_sd,
                    "n": self.n,
                    "events": self.events,
                    "horizon": self.horizon,
                    "prior": self.prior,
                    "small_sample": self.small_sample,
                    "correlation": self.correlation,
                    "workspace": self.workspace,
                    "loo_skill": self.loo_skill,
                    "equal_weights_loo_skill": self.equal_weights_loo_skill,
                }
            ]
        )

    def yaml(self) -> str:
        """The `link:` block for model.yaml: the estimate, its uncertainty and what it rests on
        (drop `intercept` and `intercept_sd` to derive the intercept from a base rate instead)."""
        skill = "null" if self.loo_skill is None else f"{self.loo_skill:.3f}"
        equal = (
            ""
            if self.equal_weights_loo_skill is None
            else f", equal_weights_loo_skill: {self.equal_weights_loo_skill:.3f}"
        )
        workspace = self.workspace or "unknown"
        return (
            "link:\n"
            "  kind: logistic\n"
            f"  intercept: {self.intercept:.3f}\n"
            f"  slope: {self.slope:.3f}\n"
            f"  intercept_sd: {self.intercept_sd:.3f}\n"
            f"  slope_sd: {self.slope_sd:.3f}\n"
            f"  correlation: {self.correlation:.3f}\n"
            "  per: year\n"
            "  basis: fitted\n"
            f"  fit: {{workspace: {workspace}, outcomes: {self.n}, events: {self.events}, "
            f"loo_skill: {skill}{equal}}}\n"
            f"# horizon {self.horizon:g} {'year' if self.horizon == 1 else 'years'}; "
            "loo_skill: leave-one-out Brier skill against the base rate (at or below 0 the "
            "probabilities are flagged as not validated); equal_weights_loo_skill: the same with "
            "every factor weighted equally (where loo_skill does not beat it, `scenarios rank` "
            "says so)"
        )


def calibrate(
    scores: np.ndarray,
    outcomes: np.ndarray,
    horizon: float = 1.0,
    base_rate: float | None = None,
    prior_sd_centre: float = PRIOR_SD_CENTRE,
    prior_sd_slope: float = PRIOR_SD_SLOPE,
) -> Fit:
    """Fit annual p = logistic(a + b·score) to outcomes observed within `horizon` years.

    The posterior is maximised on the centred form c + b·(score − mean); c's prior is centred on
    the annual base rate (or, without one, on the observed annual frequency), b's on 0. The
    standard deviations come from the curvature at the optimum (Laplace approximation).
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    if len(s) == 0:
        raise OptionError(Problem("calibrate: no outcomes to calibrate on"))
    centre = float(s.mean())
    if base_rate is None:
        prior = f"observed frequency {y.mean():.3f} over {horizon:g} years"
    else:
        prior = f"base rate {base_rate:.3f} a year"
    c0 = float(_prior_centre(y[None, :], np.ones((1, len(y))), horizon, base_rate)[0])
    prior = (
        f"intercept at the mean score ~ Normal(logit({prior}) = {c0:.2f}, "
        f"{prior_sd_centre:g}²), slope ~ Normal(0, {prior_sd_slope:g}²)"
    )
    theta, curvature = _fit_many(
        (s - centre)[None, :],
        y,
        np.ones((1, len(y))),
        horizon,
        np.array([c0]),
        prior_sd_centre,
        prior_sd_slope,
    )
    covariance = np.linalg.inv(curvature[0])
    c, b = theta[0]
    # a = c − centre·b: its variance and its covariance with b follow from those of (c, b)
    var_a = covariance[0, 0] + centre**2 * covariance[1, 1] - 2 * centre * covariance[0, 1]
    cov_ab = covariance[0, 1] - centre * covariance[1, 1]
    sd_a, sd_b = np.sqrt(max(var_a, 0.0)), np.sqrt(max(covariance[1, 1], 0.0))
    return Fit(
        intercept=float(c - b * centre),
        slope=float(b),
        intercept_sd=float(sd_a),
        slope_sd=float(sd_b),
        correlation=float(np.clip(cov_ab / (sd_a * sd_b), -1, 1)) if sd_a * sd_b > 0 else 0.0,
        n=len(y),
        events=int(y.sum()),
        horizon=horizon,
        prior=prior,
    )


def _prior_centre(
    y: np.ndarray, used: np.ndarray, horizon: float, base_rate: float | None
) -> np.ndarray:
    """(k,) the prior's centre for k fits, each on the outcomes its row of `used` (k, n) marks:
    logit of the annual base rate, or of the annual rate of the observed frequency (kept half an
    outcome away from 0 and 1)."""
    if base_rate is not None:
        return np.full(len(used), logit(base_rate))
    n = used.sum(axis=1)
    observed = np.clip((used * y).sum(axis=1) / n, 0.5 / n, 1 - 0.5 / n)
    rate = np.clip(1 - (1 - observed) ** (1 / horizon), EPS, 1 - EPS)
    return np.asarray(np.log(rate / (1 - rate)))


def _derivatives(
    eta: np.ndarray, y: np.ndarray, horizon: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The log-likelihood of each outcome under p = 1 − (1 − logistic(η))^h, and its first and
    second derivatives in η, in closed form (stable in the tails)."""
    h = horizon
    if h == 1:  # p = logistic(η): the familiar forms, at a fraction of the cost
        a = np.logaddexp(0.0, eta)
        q = np.exp(eta - a)
        loglik = np.where(y > 0, eta - a, -a)
        return loglik, y - q, -q * (1 - q)
    a = h * np.logaddexp(0.0, eta)  # −log(1 − p) = h·softplus(η)
    p = -np.expm1(-a)
    q = np.exp(-np.logaddexp(0.0, -eta))  # logistic(η)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_p = np.log(p)
        miss = np.exp(-a)  # 1 − p
        # d/dη: y·h·q(1 − p)/p − (1 − y)·h·q
        first = np.where(y > 0, h * q * miss / p, 0.0) - (1 - y) * h * q
        second = np.where(y > 0, h * q * miss / p * ((1 - q) - h * q / p), 0.0) - (
            1 - y
        ) * h * q * (1 - q)
    loglik = np.where(y > 0, log_p, 0.0) - (1 - y) * a
    return loglik, first, second


def _fit_many(
    x: np.ndarray,
    y: np.ndarray,
    used: np.ndarray,
    horizon: float,
    c0: np.ndarray,
    sd_centre: float,
    sd_slope: float,
    start: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """k maximum-a-posteriori fits of (c, b) in η = c + b·x at once, by Newton's method with the
    closed-form gradient and Hessian (a step halved until the posterior rises), from `start`
    (k, 2) if given, else from the prior's centre.

    x: (k, n) centred scores of each fit; used: (k, n) 1 for an outcome the fit uses, else 0;
    c0: (k,) the prior centres. Returns θ (k, 2) and the Hessian of the negative log posterior
    there (k, 2, 2), whose inverse is the Laplace covariance."""
    k = len(x)
    theta = np.column_stack([c0, np.zeros(k)]) if start is None else np.array(start, dtype=float)

    def objective(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        loglik, d1, d2 = _derivatives(t[:, :1] + t[:, 1:] * x, y, horizon)
        value = -(used * loglik).sum(axis=1)
        value += 0.5 * ((t[:, 0] - c0) / sd_centre) ** 2 + 0.5 * (t[:, 1] / sd_slope) ** 2
        w1, w2 = used * d1, used * d2
        gradient = np.column_stack(
            [-w1.sum(axis=1) + (t[:, 0] - c0) / sd_centre**2, -(w1 * x).sum(axis=1)]
        )
        gradient[:, 1] += t[:, 1] / sd_slope**2
        hessian = np.empty((k, 2, 2))
        hessian[:, 0, 0] = -w2.sum(axis=1) + 1 / sd_centre**2
        hessian[:, 0, 1] = hessian[:, 1, 0] = -(w2 * x).sum(axis=1)
        hessian[:, 1, 1] = -(w2 * x * x).sum(axis=1) + 1 / sd_slope**2
        return value, gradient, hessian

    value, gradient, hessian = objective(theta)
    active = np.ones(k, dtype=bool)
    for _ in range(NEWTON_ITERATIONS):
        # Newton's step where the curvature is positive, else a gradient step of unit length
        det = hessian[:, 0, 0] * hessian[:, 1, 1] - hessian[:, 0, 1] ** 2
        convex = (det > 0) & (hessian[:, 0, 0] > 0)
        safe = np.where(convex, det, 1.0)
        step = np.column_stack(
            [
                (hessian[:, 1, 1] * gradient[:, 0] - hessian[:, 0, 1] * gradient[:, 1]) / safe,
                (hessian[:, 0, 0] * gradient[:, 1] - hessian[:, 0, 1] * gradient[:, 0]) / safe,
            ]
        )
        norm = np.maximum(np.hypot(gradient[:, 0], gradient[:, 1]), 1e-300)
        step = np.where(convex[:, None], step, gradient / norm[:, None])
        step[~active] = 0.0
        length = np.ones(k)
        trial = theta - step
        new_value, new_gradient, new_hessian = objective(trial)
        for _halving in range(60):
            worse = active & ~(new_value <= value + 1e-12 * np.abs(value))
            if not worse.any():
                break
            length[worse] /= 2
            trial[worse] = theta[worse] - length[worse, None] * step[worse]
            new_value, new_gradient, new_hessian = objective(trial)
        moved = np.abs(trial - theta).max(axis=1)
        theta, value, gradient, hessian = trial, new_value, new_gradient, new_hessian
        active &= moved > 1e-12 * (1 + np.abs(theta).max(axis=1))
        if not active.any():
            break
    return theta, hessian


def calibrate_workspace(
    ws: Workspace,
    scores: np.ndarray,
    horizon: float | None = None,
    *,
    today: dt.date | None = None,
    aggregation: Aggregation | None = None,
) -> Fit:
    """Calibrate the link on the resolved outcomes recorded under the profiles' `status:`, and
    check it out of sample (leave-one-out) against the base rate, as are the same factors
    weighted equally (`aggregation`: the scores', default the model's)."""
    years = checked_horizon(ws, horizon)
    found = resolved_outcomes(ws, years, today)
    require_both_outcomes(ws, found, "calibration")
    base = ws.model.base_rate
    rate = annual_base_rate(base) if base else None
    s, y = np.asarray(scores)[found.index], found.y
    fit = calibrate(s, y, years, rate)
    base_p = float(within_horizon(rate, years)) if rate is not None else float(y.mean())
    base_brier = brier(np.full(len(y), base_p), y)
    loo = brier(leave_one_out(s, y, years, rate), y)
    skill = 1 - loo / base_brier if base_brier > 0 else None
    u = ws.normalized[found.index]
    equal = engine.scores(
        u, np.full(u.shape[1], 1.0 / u.shape[1]), aggregation or ws.model.aggregation
    )
    equal_loo = brier(leave_one_out(equal, y, years, rate), y)
    equal_skill = 1 - equal_loo / base_brier if base_brier > 0 else None
    return replace(
        fit, workspace=ws.root.name, loo_skill=skill, equal_weights_loo_skill=equal_skill
    )


def leave_one_out(
    scores: np.ndarray,
    y: np.ndarray,
    horizon: float,
    rate: float | None,
    prior_sd_slope: float = PRIOR_SD_SLOPE,
) -> np.ndarray:
    """Each outcome predicted by a link calibrated on all the others (all n fits at once)."""
    n = len(y)
    scores = np.asarray(scores, dtype=float)
    # the fit on every outcome is close to each fit without one: Newton starts there
    whole = calibrate(scores, y, horizon, rate, prior_sd_slope=prior_sd_slope)
    used = 1.0 - np.eye(n)
    centre = (scores.sum() - scores) / (n - 1)  # each fit's mean score
    start = np.column_stack(
        [np.full(n, whole.intercept) + whole.slope * centre, np.full(n, whole.slope)]
    )
    theta, _ = _fit_many(
        scores[None, :] - centre[:, None],
        y,
        used,
        horizon,
        _prior_centre(y, used, horizon, rate),
        PRIOR_SD_CENTRE,
        prior_sd_slope,
        start,
    )
    c, b = theta[:, 0], theta[:, 1]
    return np.asarray(within_horizon(logistic((c - b * centre) + b * scores), horizon))
