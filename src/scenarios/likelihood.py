"""From scores to probabilities: the logistic link, base rates, calibration and backtest metrics.

Pure numpy (and scipy's optimiser, imported when a fit is asked for); no terminal code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import engine
from .errors import Problem, WorkspaceError, plural
from .schema import BaseRate
from .workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd

EPS = 1e-12
# Priors of the calibration, on the centred form logit(p) = c + b·(score − mean score):
# c ~ Normal(logit(base rate), PRIOR_SD_CENTRE²), b ~ Normal(0, PRIOR_SD_SLOPE²).
PRIOR_SD_CENTRE = 1.0
PRIOR_SD_SLOPE = 10.0
SMALL_SAMPLE = 30  # below this many outcomes (or 10 events) the fit is called rough


def logistic(x: np.ndarray | float) -> np.ndarray:
    with np.errstate(over="ignore"):  # exp(1000) = inf gives 1 / inf = 0, the right answer
        return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def logit(p: float) -> float:
    p = min(max(p, EPS), 1 - EPS)
    return float(np.log(p / (1 - p)))


def within_horizon(annual: np.ndarray | float, years: float) -> np.ndarray:
    """P(outcome within `years`) from a constant annual probability: 1 − (1 − p)^years."""
    return 1.0 - (1.0 - np.asarray(annual, dtype=float)) ** years


def annual_base_rate(base: BaseRate) -> float:
    """The reference class's annual probability: `events` of `of` within `years`."""
    return float(1.0 - (1.0 - base.events / base.of) ** (1.0 / base.years))


@dataclass(frozen=True)
class Link:
    intercept: float
    slope: float
    source: str  # "model.yaml", or how the intercept was derived

    def annual(self, scores: np.ndarray) -> np.ndarray:
        return logistic(self.intercept + self.slope * np.asarray(scores))

    def probability(self, scores: np.ndarray, years: float) -> np.ndarray:
        return within_horizon(self.annual(scores), years)


def link_of(ws: Workspace, aggregation: str = "additive") -> Link | None:
    """The model's link; without an intercept, one derived from the base rate so that the
    average score of the workspace as loaded (before what-ifs and overrides, which must move
    only the countries they change) maps to the base rate."""
    link = ws.model.link
    if link is None:
        return None
    if link.intercept is not None:
        return Link(link.intercept, link.slope, "model.yaml")
    base = ws.model.base_rate
    assert base is not None, "workspace.check rejects a link with neither intercept nor base_rate"
    rate = annual_base_rate(base)
    loaded = ws.origin or ws
    lo, hi = loaded.scale
    u = engine.normalize(loaded.values, lo, hi, loaded.directions)
    w = engine.effective_weights(loaded.factor_weights, loaded.group_weights)
    intercept = logit(rate) - link.slope * float(np.mean(engine.scores(u, w, aggregation)))
    return Link(
        intercept,
        link.slope,
        f"intercept from the base rate ({base.events} of {base.of} in {base.years:g} "
        f"years = {rate:.3f} a year at the mean score)",
    )


# --- calibration ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """A regularised maximum-likelihood (maximum a posteriori) logistic link."""

    intercept: float
    slope: float
    intercept_sd: float
    slope_sd: float
    n: int
    events: int
    horizon: float
    prior: str

    @property
    def small_sample(self) -> bool:
        return self.n < SMALL_SAMPLE or min(self.events, self.n - self.events) < 10

    def link(self) -> Link:
        return Link(self.intercept, self.slope, "calibrated")

    def yaml(self) -> str:
        return (
            f"link: {{kind: logistic, intercept: {self.intercept:.3f}, "
            f"slope: {self.slope:.3f}, per: year}}\n"
            f"# ± {self.intercept_sd:.2f} (intercept), ± {self.slope_sd:.2f} (slope): "
            f"{plural(self.n, 'outcome')}, {plural(self.events, 'event')}, "
            f"horizon {self.horizon:g} {'year' if self.horizon == 1 else 'years'}"
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
    from scipy.optimize import minimize

    s = np.asarray(scores, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    if len(s) == 0:
        raise ValueError("no outcomes to calibrate on")
    centre = float(s.mean())
    if base_rate is None:
        observed = min(max(y.mean(), 0.5 / len(y)), 1 - 0.5 / len(y))
        base_rate = float(1 - (1 - observed) ** (1 / horizon))
        prior = f"observed frequency {y.mean():.3f} over {horizon:g} years"
    else:
        prior = f"base rate {base_rate:.3f} a year"
    c0 = logit(base_rate)
    prior = (
        f"intercept at the mean score ~ Normal(logit({prior}) = {c0:.2f}, "
        f"{prior_sd_centre:g}²), slope ~ Normal(0, {prior_sd_slope:g}²)"
    )
    x = s - centre

    def negative_log_posterior(theta: np.ndarray) -> float:
        p = within_horizon(logistic(theta[0] + theta[1] * x), horizon)
        p = np.clip(p, EPS, 1 - EPS)
        loglik = np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))
        logprior = (
            -0.5 * ((theta[0] - c0) / prior_sd_centre) ** 2 - 0.5 * (theta[1] / prior_sd_slope) ** 2
        )
        return float(-(loglik + logprior))

    best = minimize(
        negative_log_posterior,
        np.array([c0, 0.0]),
        method="Nelder-Mead",
        options={"xatol": 1e-9, "fatol": 1e-12, "maxiter": 20_000},
    )
    theta = best.x
    covariance = np.linalg.inv(_hessian(negative_log_posterior, theta))
    c, b = theta
    var_a = covariance[0, 0] + centre**2 * covariance[1, 1] - 2 * centre * covariance[0, 1]
    return Fit(
        intercept=float(c - b * centre),
        slope=float(b),
        intercept_sd=float(np.sqrt(max(var_a, 0.0))),
        slope_sd=float(np.sqrt(max(covariance[1, 1], 0.0))),
        n=len(y),
        events=int(y.sum()),
        horizon=horizon,
        prior=prior,
    )


def _hessian(f, theta: np.ndarray, step: float = 1e-4) -> np.ndarray:
    n = len(theta)
    h = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            e_i, e_j = np.eye(n)[i] * step, np.eye(n)[j] * step
            h[i, j] = (
                f(theta + e_i + e_j)
                - f(theta + e_i - e_j)
                - f(theta - e_i + e_j)
                + f(theta - e_i - e_j)
            ) / (4 * step**2)
    return h


# --- backtest ---------------------------------------------------------------------------


def brier(p: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((np.asarray(p) - np.asarray(y)) ** 2))


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(np.asarray(p, dtype=float), EPS, 1 - EPS)
    y = np.asarray(y, dtype=float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def roc_auc(scores: np.ndarray, y: np.ndarray) -> float:
    """P(a random positive scores above a random negative), ties counting half."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(y, dtype=bool)
    pos, neg = s[y], s[~y]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    above = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(above / (len(pos) * len(neg)))


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 5) -> pd.DataFrame:
    """Predicted against observed frequency in equal-width probability bins."""
    import pandas as pd

    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=float)
    edges = np.round(np.linspace(0, 1, bins + 1), 12)  # 0.6, not 0.6000000000000001
    which = np.minimum(np.digitize(p, edges[1:-1]), bins - 1)
    rows = []
    for b in range(bins):
        mask = which == b
        rows.append(
            {
                "bin": f"{edges[b]:.1f}–{edges[b + 1]:.1f}",
                "count": int(mask.sum()),
                "predicted": float(p[mask].mean()) if mask.any() else float("nan"),
                "observed": float(y[mask].mean()) if mask.any() else float("nan"),
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True, eq=False)
class Backtest:
    ids: tuple[str, ...]
    names: tuple[str, ...]
    outcomes: np.ndarray  # 1 = joined
    scores: np.ndarray
    horizon: float
    base_probability: float  # the base rate over the horizon
    base_source: str
    model_p: np.ndarray | None  # with the model's link
    loo_p: np.ndarray  # leave-one-out calibrated
    fit: Fit  # calibrated on all outcomes (in-sample)

    def metrics(self, p: np.ndarray) -> dict[str, float]:
        base = brier(np.full_like(p, self.base_probability), self.outcomes)
        score = brier(p, self.outcomes)
        return {
            "brier": score,
            "brier_base_rate": base,
            "skill": 1 - score / base if base > 0 else float("nan"),
            "log_loss": log_loss(p, self.outcomes),
        }

    def summary_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = []
        columns = {
            "leave_one_out": self.loo_p,
            "in_sample_fit": self.fit.link().probability(self.scores, self.horizon),
        }
        if self.model_p is not None:
            columns = {"model_link": self.model_p, **columns}
        for name, p in columns.items():
            rows.append(
                {
                    "predictions": name,
                    **self.metrics(p),
                    "roc_auc": roc_auc(self.scores, self.outcomes),
                }
            )
        return pd.DataFrame(rows)

    def predictions_frame(self) -> pd.DataFrame:
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
        return frame.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)

    def reliability_frame(self) -> pd.DataFrame:
        return reliability(self.model_p if self.model_p is not None else self.loo_p, self.outcomes)


def observed(ws: Workspace) -> tuple[np.ndarray, np.ndarray]:
    """(indices of countries with a recorded status, outcomes: 1 joined, 0 not)."""
    index = [i for i, p in enumerate(ws.profiles) if p.status is not None]
    outcomes = np.array([ws.profiles[i].status.state == "joined" for i in index], dtype=float)
    return np.array(index, dtype=int), outcomes


def backtest(
    ws: Workspace, scores: np.ndarray, horizon: float | None = None, aggregation: str = "additive"
) -> Backtest:
    """Score the countries with an observed outcome against it."""
    index, y = observed(ws)
    if len(index) < 3 or y.sum() == 0 or y.sum() == len(y):
        raise WorkspaceError(
            Problem(
                f"{ws.name}: a backtest needs at least 3 profiles with a status, both joined and "
                f"not_joined (found {len(index)}, {int(y.sum())} joined)",
                ws.root / "profiles",
                hint="record each country's outcome under `status:`",
            )
        )
    horizon = horizon or ws.model.horizon_years or 1.0
    s = scores[index]
    base = ws.model.base_rate
    rate = annual_base_rate(base) if base else None
    if rate is not None:
        base_p, base_source = float(within_horizon(rate, horizon)), "model.yaml base_rate"
    else:
        base_p, base_source = float(y.mean()), "observed frequency (no base_rate in model.yaml)"
    link = link_of(ws, aggregation)
    loo = np.empty(len(y))
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        fit = calibrate(s[keep], y[keep], horizon, rate)
        loo[i] = fit.link().probability(s[i : i + 1], horizon)[0]
    return Backtest(
        ids=tuple(ws.profiles[i].id for i in index),
        names=tuple(ws.profiles[i].name for i in index),
        outcomes=y,
        scores=s,
        horizon=horizon,
        base_probability=base_p,
        base_source=base_source,
        model_p=link.probability(s, horizon) if link else None,
        loo_p=loo,
        fit=calibrate(s, y, horizon, rate),
    )
