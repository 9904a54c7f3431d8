"""From scores to probabilities: the logistic link, base rates, calibration and backtest metrics.

Pure numpy (a fit is Newton's method in closed form); no terminal code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.analyses import gates
from scenarios.core import arguments, engine
from scenarios.core.choices import Aggregation
from scenarios.core.display import frame_html, short_repr
from scenarios.core.errors import OptionError, Problem, WorkspaceError, plural
from scenarios.workspace.load import Workspace
from scenarios.workspace.schema import BaseRate, LinkSettings, ProfileFile, Variant

if TYPE_CHECKING:
    import pandas as pd

EPS = 1e-12
# Priors of the calibration, on the centred form logit(p) = c + b·(score − mean score):
# c ~ Normal(logit(base rate), PRIOR_SD_CENTRE²), b ~ Normal(0, PRIOR_SD_SLOPE²).
PRIOR_SD_CENTRE = 1.0
PRIOR_SD_SLOPE = 10.0
SMALL_SAMPLE = 30  # below this many outcomes (or 10 events) the fit is called rough
NEWTON_ITERATIONS = 100  # a fit converges in a handful; the bound only stops a pathological one


def logistic(x: np.ndarray | float) -> np.ndarray:
    with np.errstate(over="ignore"):  # exp(1000) = inf gives 1 / inf = 0, the right answer
        return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float))))


def logit(p: float) -> float:
    p = min(max(p, EPS), 1 - EPS)
    return float(np.log(p / (1 - p)))


def within_horizon(annual: np.ndarray | float, years: float) -> np.ndarray:
    """P(outcome within `years`) from a constant annual probability: 1 − (1 − p)^years."""
    return 1.0 - (1.0 - np.asarray(annual, dtype=float)) ** years


def annual_base_rate(base: BaseRate) -> float:
    """The reference class's annual probability: `events` of `of` within `years`."""
    return float(1.0 - (1.0 - base.events / base.of) ** (1.0 / base.window))


def expected_events(
    intercept: np.ndarray, slope: np.ndarray, scores: np.ndarray, years: float
) -> np.ndarray:
    """(S,) the number of events the link expects among states of `scores` (M,) within `years`,
    for each of S (intercept, slope) pairs: Σ 1 − (1 − logistic(a + b·s))^years."""
    eta = np.asarray(intercept, dtype=float)[..., None] + np.asarray(slope, dtype=float)[
        ..., None
    ] * np.asarray(scores, dtype=float)
    return np.asarray(-np.expm1(-years * np.logaddexp(0.0, eta)).sum(axis=-1))


def calibrated_intercepts(
    slopes: np.ndarray, targets: np.ndarray, scores: np.ndarray, years: float
) -> np.ndarray:
    """(S,) for each slope the intercept at which the link expects `targets` events among the
    states of `scores` within `years` (calibration in the large). `scores` is (M,), the same
    states for every slope, or (S, M), each slope's own.

    The expected count rises strictly with the intercept, so each root is unique: Newton's
    method, kept inside a bracket that halves when a step would leave it."""
    b = np.asarray(slopes, dtype=float)
    s = np.asarray(scores, dtype=float)
    m = s.shape[-1]
    target = np.clip(np.asarray(targets, dtype=float), m * EPS, m * (1 - EPS))
    annual = 1.0 - (1.0 - target / m) ** (1.0 / years)
    a = np.log(annual / (1 - annual)) - b * s.mean(axis=-1)  # exact when all scores are equal
    lo, hi = np.full_like(a, -np.inf), np.full_like(a, np.inf)
    for _ in range(NEWTON_ITERATIONS):
        eta = a[:, None] + b[:, None] * s
        miss = np.exp(-years * np.logaddexp(0.0, eta))  # (1 − p)^years
        gap = (1.0 - miss).sum(axis=1) - target
        lo = np.where(gap < 0, a, lo)
        hi = np.where(gap > 0, a, hi)
        slope_in_a = (years * logistic(eta) * miss).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(slope_in_a > 0, gap / slope_in_a, np.sign(gap) * 8.0)
        new = a - np.clip(step, -8.0, 8.0)
        both = np.isfinite(lo) & np.isfinite(hi)
        outside = both & ((new <= lo) | (new >= hi))
        with np.errstate(invalid="ignore"):  # ±inf + ∓inf where a bracket is still open
            new = np.where(outside, (lo + hi) / 2, new)
        done = np.abs(new - a) <= 1e-13 * (1 + np.abs(a))
        a = new
        if done.all():
            break
    return np.asarray(a)


# Random numbers of the link's parameters come from their own stream of the seed, so they never
# coincide with the Monte Carlo's or the cascade's draws.
LINK_STREAM = 7


@dataclass(frozen=True)
class Alternative:
    """Another fit of the slope, its intercept derived as the link's."""

    label: str
    intercept: float
    slope: float
    slope_sd: float = 0.0
    equal_weights: bool = False  # fitted, and applied, with every factor weighted equally


@dataclass(frozen=True)
class Link:
    """Annual p = logistic(intercept + slope·score), with what is known of its uncertainty.

    Where the intercept is derived from a base rate (``base`` set), the base rate's uncertainty
    is the Beta posterior of `events` in `of` under Jeffreys' prior, Beta(events + ½,
    of − events + ½), and the intercept follows each drawn rate and slope so that the mean score
    of the workspace as loaded maps to it, or, where the reference class's states are scored
    (``members``), so that the link expects the drawn share of them to have the event within the
    base rate's window (calibration in the large). Otherwise the intercept and slope are drawn
    from a bivariate normal with the standard errors and correlation given in model.yaml.
    """

    intercept: float
    slope: float
    source: str  # "model.yaml", or how the intercept was derived
    slope_sd: float = 0.0
    intercept_sd: float = 0.0
    correlation: float = 0.0
    base: BaseRate | None = None
    mean_score: float = 0.0
    # scores of the reference class's states, where the workspace scores them (else None)
    members: tuple[float, ...] | None = None
    validated: bool = False
    caveat: str = ""  # why the link is not validated ("" when it is)
    # model.yaml's alternatives, each with its intercept derived as this link's: the
    # probabilities are the equal mixture of this link and these
    alternatives: tuple[Alternative, ...] = ()
    transfer: str = ""  # where the link is carried over from other events, and why that is assumed
    # one sentence where the file's weights do not beat equal weights out of sample ("" otherwise)
    equal_weights: str = ""

    @property
    def covers(self) -> tuple[str, ...]:
        """What the link's own probability interval is drawn over, in plain words, for
        captions (alternatives on equal weights are not: they need the scores drawn again)."""
        if self.base is None:
            return ("the link's intercept", "the link's slope")
        slopes = sum(not a.equal_weights for a in self.alternatives)
        if slopes:
            return ("the link's slope", "the base rate", f"{slopes} alternative slopes")
        return ("the link's slope", "the base rate")

    @property
    def components(self) -> tuple[Alternative, ...]:
        """This link and its alternatives, each as (label, intercept, slope, slope_sd)."""
        return (
            Alternative("model.yaml", self.intercept, self.slope, self.slope_sd),
            *self.alternatives,
        )

    @property
    def on_file_weights(self) -> tuple[Alternative, ...]:
        """The components that score with the file's weights: those the figure averages."""
        return tuple(c for c in self.components if not c.equal_weights)

    def annual(self, scores: np.ndarray) -> np.ndarray:
        """The annual probability under this link alone (not its alternatives)."""
        return logistic(self.intercept + self.slope * np.asarray(scores))

    def probability(self, scores: np.ndarray, years: float) -> np.ndarray:
        """P(outcome within `years`): the mean over this link and its alternatives on the
        file's weights (those on equal weights widen the interval, not the figure)."""
        parts = self.on_file_weights
        if len(parts) == 1:
            return within_horizon(self.annual(scores), years)
        x = np.asarray(scores, dtype=float)
        return np.asarray(
            np.mean(
                [within_horizon(logistic(c.intercept + c.slope * x), years) for c in parts],
                axis=0,
            )
        )

    def draws(self, samples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
        """(intercepts, slopes), each (samples,), drawn from the link's uncertainty."""
        rng = np.random.default_rng(np.random.SeedSequence([seed, LINK_STREAM]))
        return self.draws_from(rng, samples)

    def draws_from(
        self,
        rng: np.random.Generator,
        samples: int,
        members: np.ndarray | None = None,
        which: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(intercepts, slopes), each (samples,). `members` (samples, M): the reference class's
        scores in each sample, where the intercept is calibrated in the large on them (default:
        the scores it was derived from). `which` (samples,): each sample's component (index into
        `components`), for a caller whose samples were scored with that component's weights;
        by default the components on the file's weights take their shares in turn."""
        z1, z2 = rng.standard_normal((2, samples))
        if self.base is not None:
            if self.alternatives:  # an equal mixture: each component draws its share in turn
                parts = self.components
                if which is None:
                    own = np.flatnonzero([not c.equal_weights for c in parts])
                    which = own[np.arange(samples) % len(own)]
                centre = np.array([c.slope for c in parts])[which]
                spread = np.array([c.slope_sd for c in parts])[which]
                slope = centre + spread * z1
            else:
                slope = self.slope + self.slope_sd * z1
            base = self.base
            rate = rng.beta(base.events + 0.5, base.of - base.events + 0.5, samples)
            if self.members is not None:
                own = np.array(self.members) if members is None else members
                intercept = calibrated_intercepts(slope, rate * base.of, own, base.window)
                return intercept, slope
            annual = 1.0 - (1.0 - rate) ** (1.0 / base.window)
            annual = np.clip(annual, EPS, 1 - EPS)
            intercept = np.log(annual / (1 - annual)) - slope * self.mean_score
            return intercept, slope
        rho = self.correlation
        intercept = self.intercept + self.intercept_sd * z1
        slope = self.slope + self.slope_sd * (rho * z1 + np.sqrt(1 - rho**2) * z2)
        return intercept, slope

    def interval(
        self,
        scores: np.ndarray,
        years: float,
        level: float,
        samples: int,
        seed: int,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The central `level` interval of each country's probability within `years`, over the
        link's uncertainty. Countries are processed in chunks so memory stays bounded."""
        intercept, slope = self.draws(samples, seed)
        scores = np.asarray(scores, dtype=float)
        low, high = np.empty(len(scores)), np.empty(len(scores))
        quantiles = [(1 - level) / 2, (1 + level) / 2]
        chunk = max(1, 2_000_000 // max(samples, 1))
        for start in range(0, len(scores), chunk):
            part = scores[start : start + chunk]
            p = within_horizon(logistic(intercept[:, None] + slope[:, None] * part), years)
            low[start : start + chunk], high[start : start + chunk] = np.quantile(
                p, quantiles, axis=0
            )
        return low, high


def link_of(ws: Workspace, aggregation: Aggregation = "additive") -> Link | None:
    """The model's link; without an intercept, one derived from the base rate.

    The intercept is derived from the workspace as its files say after this run's --weight and
    --set edits (exactly as if the files had been edited) but before its what-ifs, which must
    move only the countries they change. Where the base rate's reference class is scored in the
    workspace (`members`, or every country when `of` counts them all), the intercept makes the
    link expect as many events among them within the window as were observed; otherwise the
    mean score maps to the base rate."""
    link = ws.model.link
    if link is None:
        return None
    validated, caveat = _validation(link)
    point = Link(
        link.intercept or 0.0,
        link.slope,
        "model.yaml",
        slope_sd=link.slope_sd or 0.0,
        intercept_sd=link.intercept_sd or 0.0,
        correlation=link.correlation or 0.0,
        validated=validated,
        caveat=caveat,
        transfer=(link.transfer or "").strip(),
        equal_weights=_against_equal_weights(link),
    )
    if link.intercept is not None:
        return point
    base = ws.model.base_rate
    assert base is not None, "workspace.check rejects a link with neither intercept nor base_rate"
    reference = ws.reference or ws
    scores = engine.scores(reference.normalized, reference.weights, aggregation)
    mean_score = float(np.mean(scores))
    equal_scores = engine.scores(reference.normalized, equal_weights(reference), aggregation)
    equal_mean = float(np.mean(equal_scores))
    members = reference_members(reference)
    if members is None:
        rate = annual_base_rate(base)
        return replace(
            point,
            intercept=logit(rate) - link.slope * mean_score,
            alternatives=tuple(
                Alternative(
                    a.label,
                    logit(rate) - a.slope * (equal_mean if a.weights == "equal" else mean_score),
                    a.slope,
                    a.slope_sd or 0.0,
                    a.weights == "equal",
                )
                for a in link.alternatives.values()
            ),
            source=f"intercept from the base rate ({base.events} of {base.of} in "
            f"{base.window_label} years, {rate:.3f} a year) at the mean score",
            base=base,
            mean_score=mean_score,
        )
    member_scores = scores[members]
    slopes = np.array([link.slope, *(a.slope for a in link.alternatives.values())])
    on_equal = np.array([False, *(a.weights == "equal" for a in link.alternatives.values())])
    # each component calibrated on the reference class as it scores it (its own weights)
    states = (
        np.where(on_equal[:, None], equal_scores[members], member_scores)
        if on_equal.any()
        else member_scores
    )
    intercepts = calibrated_intercepts(
        slopes, np.full(len(slopes), float(base.events)), states, base.window
    )
    alternatives = tuple(
        Alternative(
            a.label, float(intercepts[k + 1]), a.slope, a.slope_sd or 0.0, bool(on_equal[k + 1])
        )
        for k, a in enumerate(link.alternatives.values())
    )
    return replace(
        point,
        intercept=float(intercepts[0]),
        alternatives=alternatives,
        source=f"intercept: {base.events} of {base.of} expected in {base.window_label} years, "
        "as observed",
        base=base,
        mean_score=mean_score,
        members=tuple(float(x) for x in member_scores),
    )


def probability_at_weights(
    ws: Workspace,
    weights: np.ndarray,
    years: float,
    aggregation: Aggregation = "additive",
) -> np.ndarray | None:
    """(N, C) each country's probability within `years` with the effective weights set to each
    row of `weights` (N, F), as `scenarios rank` would give it had model.yaml those weights:
    the link's intercepts derived anew from the base rate on the scores those weights give
    (the reference class scored with them too), averaged over the link's components on the
    file's weights, capped where a gate binds. NaN where a country has joined. None without a
    link, or with a panel (whose probability pools the analysts' own, not one score's).

    One pass for every row: the intercepts of N rows × K components are solved together."""
    link = ws.model.link
    if link is None or ws.panel is not None:
        return None
    w = np.atleast_2d(np.asarray(weights, dtype=float))
    scores = engine.scores(ws.normalized, w, aggregation)  # (N, C)
    if link.intercept is not None:
        p = within_horizon(logistic(link.intercept + link.slope * scores), years)
    else:
        base = ws.model.base_rate
        assert base is not None, "workspace.check rejects a link with neither"
        on_file = [a for a in link.alternatives.values() if a.weights != "equal"]
        slopes = np.array([link.slope, *(a.slope for a in on_file)])  # (K,)
        reference = ws.reference or ws
        states = engine.scores(reference.normalized, w, aggregation)  # (N, M)
        members = reference_members(reference)
        if members is None:
            rate = annual_base_rate(base)
            intercepts = logit(rate) - slopes[None, :] * states.mean(axis=1)[:, None]  # (N, K)
        else:
            n, k = len(w), len(slopes)
            flat = calibrated_intercepts(
                np.tile(slopes, n),
                np.full(n * k, float(base.events)),
                np.repeat(states[:, members], k, axis=0),
                base.window,
            )
            intercepts = flat.reshape(n, k)
        eta = intercepts[:, :, None] + slopes[None, :, None] * scores[:, None, :]  # (N, K, C)
        p = within_horizon(logistic(eta), years).mean(axis=1)
    if ws.model.gates:
        p = gates.capped(p, gates.binding(ws), gates.caps(ws))
    joined = np.array([q.status is not None and q.status.state == "joined" for q in ws.profiles])
    return np.asarray(np.where(joined, np.nan, p))


def equal_weights(ws: Workspace) -> np.ndarray:
    """(F,) every factor the same effective weight, as the backtest's equal-weights baseline."""
    return np.full(len(ws.factor_ids), 1.0 / len(ws.factor_ids))


def reference_members(ws: Workspace) -> np.ndarray | None:
    """Indices of the base rate's reference class among the workspace's countries: its
    `members`, else every country when `of` counts them all; None when it is not scored here."""
    base = ws.model.base_rate
    if base is None:
        return None
    if base.members is not None:
        return np.array([ws.country_ids.index(m) for m in base.members], dtype=np.int64)
    if base.of == len(ws.country_ids):
        return np.arange(base.of)
    return None


@dataclass(frozen=True)
class BaseRateCheck:
    """Calibration in the large: over the base rate's window, the events the link expects among
    the reference class's states against the events observed."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    ids: tuple[str, ...]
    names: tuple[str, ...]
    scores: np.ndarray  # (M,) the states' scores
    expected: np.ndarray  # (M,) each state's probability of the event within the window
    joined: tuple[bool, ...]  # whose profile says it has joined
    observed: int  # base_rate.events
    years: float
    link: Link

    @property
    def total(self) -> float:
        """The events the link expects among the states within the window."""
        return float(self.expected.sum())

    def to_frame(self) -> pd.DataFrame:
        """One row per state of the reference class, and a last row `total`.

        Returns
        -------
        DataFrame indexed by country id: name, score, expected (P of the event within the
        window), joined (1 where the profile says so; the total row gives base_rate.events).
        """
        import pandas as pd

        return pd.DataFrame(
            {
                "name": [*self.names, ""],
                "score": [*self.scores.tolist(), float("nan")],
                "expected": [*self.expected.tolist(), self.total],
                "joined": [*(int(j) for j in self.joined), self.observed],
            },
            index=pd.Index([*self.ids, "total"], name="id"),
        )


def base_rate_check(ws: Workspace, aggregation: Aggregation = "additive") -> BaseRateCheck | None:
    """The check of a link whose intercept comes from a base rate scored in the workspace
    (None where there is no such link)."""
    link = link_of(ws, aggregation)
    if link is None or link.base is None or link.members is None:
        return None
    reference = ws.reference or ws
    members = reference_members(reference)
    assert members is not None  # link.members is set only where they are
    scores = np.array(link.members)
    expected = link.probability(scores, link.base.window)
    profiles = [reference.profiles[i] for i in members]
    return BaseRateCheck(
        ids=tuple(p.id for p in profiles),
        names=tuple(p.name for p in profiles),
        scores=scores,
        expected=expected,
        joined=tuple(p.status is not None and p.status.state == "joined" for p in profiles),
        observed=link.base.events,
        years=link.base.window,
        link=link,
    )


def validation_reason(link: LinkSettings) -> tuple[str, dict[str, Any]]:
    """Why the link is not validated out of sample, as a key ('assumed', 'unrecorded',
    'no_skill'; '' when it is validated) and the values its sentence names, for a page to say
    in its own language."""
    if link.basis == "assumed" or link.fit is None:
        return "assumed", {}
    fit = link.fit
    if fit.loo_skill is None:
        return "unrecorded", {"workspace": fit.workspace}
    if fit.loo_skill <= 0:
        return "no_skill", {
            "workspace": fit.workspace,
            "skill": fit.loo_skill,
            "outcomes": fit.outcomes,
        }
    return "", {}


def _validation(link: LinkSettings) -> tuple[bool, str]:
    """Is the link validated out of sample, and if not, why (one short sentence)."""
    key, v = validation_reason(link)
    if key == "assumed":
        return False, "the link is an assumption, not fitted to outcomes"
    if key == "unrecorded":
        return False, f"the link's out-of-sample check on {v['workspace']} is not recorded"
    if key == "no_skill":
        return False, (
            f"out of sample the link does not beat the base rate (leave-one-out skill "
            f"{v['skill']:+.2f} on {v['workspace']}, {plural(v['outcomes'], 'outcome')})"
        )
    return True, ""


def _against_equal_weights(link: LinkSettings) -> str:
    """One sentence where the file's weights do not beat equal weights out of sample, else ''."""
    fit = link.fit
    if fit is None or fit.loo_skill is None or fit.equal_weights_loo_skill is None:
        return ""
    if fit.loo_skill > fit.equal_weights_loo_skill:
        return ""
    return (
        f"out of sample no better than equal weights (skill {fit.loo_skill:+.3f} vs "
        f"{fit.equal_weights_loo_skill:+.3f})"
    )


# --- calibration ------------------------------------------------------------------------


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
    years = _horizon(ws, horizon)
    found = resolved_outcomes(ws, years, today)
    _needs_both(ws, found, "calibration")
    base = ws.model.base_rate
    rate = annual_base_rate(base) if base else None
    s, y = np.asarray(scores)[found.index], found.y
    fit = calibrate(s, y, years, rate)
    base_p = float(within_horizon(rate, years)) if rate is not None else float(y.mean())
    base_brier = brier(np.full(len(y), base_p), y)
    loo = brier(_leave_one_out(s, y, years, rate), y)
    skill = 1 - loo / base_brier if base_brier > 0 else None
    u = ws.normalized[found.index]
    equal = engine.scores(
        u, np.full(u.shape[1], 1.0 / u.shape[1]), aggregation or ws.model.aggregation
    )
    equal_loo = brier(_leave_one_out(equal, y, years, rate), y)
    equal_skill = 1 - equal_loo / base_brier if base_brier > 0 else None
    return replace(
        fit, workspace=ws.root.name, loo_skill=skill, equal_weights_loo_skill=equal_skill
    )


def _horizon(ws: Workspace, horizon: float | None) -> float:
    """The horizon asked for, else the model's, else one year; checked."""
    if horizon is not None:
        return arguments.number("horizon", horizon, above=0, at_most=100)
    return ws.model.horizon_years or 1.0


# --- backtest ---------------------------------------------------------------------------


def brier(p: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((np.asarray(p) - np.asarray(y)) ** 2))


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(np.asarray(p, dtype=float), EPS, 1 - EPS)
    y = np.asarray(y, dtype=float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


TIE_TOLERANCE = 1e-9
"""Scores closer than this (relative) are tied in ROC AUC."""


def roc_auc(scores: np.ndarray, y: np.ndarray) -> float:
    """P(a random positive scores above a random negative), ties counting half.

    Scores within ``TIE_TOLERANCE`` of each other (relative to the largest, at least 1) are a
    tie: two states with the same values get scores that differ only by floating-point rounding
    (0.45 against 0.45000000000000007), and that noise must not decide the pair.
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(y, dtype=bool)
    pos, neg = s[y], s[~y]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    gap = pos[:, None] - neg[None, :]
    tied = np.abs(gap) <= TIE_TOLERANCE * max(1.0, float(np.abs(s).max()))
    above = (gap > 0)[~tied].sum() + 0.5 * tied.sum()
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


@dataclass(frozen=True)
class Outcomes:
    """Which recorded outcomes have resolved by `today`, for a forecast made on the evidence
    date (`event.as_of`) over `horizon` years."""

    index: np.ndarray  # countries whose outcome has resolved
    y: np.ndarray  # 1 = the event happened within the horizon, 0 = it did not
    unresolved: tuple[str, ...]  # not joined, and the horizon has not passed
    before: tuple[str, ...]  # joined on or before the evidence date: not a forecast
    as_of: dt.date | None
    resolves: dt.date | None  # the evidence date plus the horizon
    # not joined and the horizon has passed, but the status was not checked after it ended
    unchecked: tuple[str, ...] = ()
    undated: tuple[str, ...] = ()  # joined, but when is not recorded: within the horizon or not?


def resolved_outcomes(ws: Workspace, horizon: float, today: dt.date | None = None) -> Outcomes:
    """Score an outcome only once it has resolved: a join within the horizon counts as an
    event; a country counts as a non-event only once the horizon has passed since the evidence
    date and its status says it was checked (`as_of`) on or after the horizon's end: a status
    last checked earlier cannot tell a join in the meantime from none. A join without its date
    is not scored (it may have come after the horizon), and nothing dated after `today` is
    known on `today`: a join dated later counts as not (yet) joined. Without `event.as_of` in
    model.yaml the tool cannot tell when the horizon ends, and says so."""
    event = ws.model.event
    if event is None:
        raise WorkspaceError(
            ws.documents["model"].problem(
                (),
                "a backtest or calibration needs the date of the evidence, to know which "
                "outcomes have resolved",
                "add `event: {definition: ..., as_of: YYYY-MM-DD}` to model.yaml",
            )
        )
    today = dt.date.today() if today is None else today
    resolves = event.as_of + dt.timedelta(days=round(horizon * 365.25))
    index: list[int] = []
    y: list[float] = []
    unresolved: list[str] = []
    before: list[str] = []
    unchecked: list[str] = []
    undated: list[str] = []
    for i, profile in enumerate(ws.profiles):
        status = profile.status
        if status is None:
            continue
        if status.state == "joined":
            if status.date is None:
                undated.append(profile.id)
            elif status.date <= event.as_of:
                before.append(profile.id)
            elif status.date <= resolves and status.date <= today:
                index.append(i)
                y.append(1.0)
            elif today >= resolves:  # joined after the horizon (known from the join's date)
                index.append(i)
                y.append(0.0)
            else:  # the join comes after `today`: on `today` the country had not joined
                unresolved.append(profile.id)
        elif today < resolves:
            unresolved.append(profile.id)
        elif status.as_of is not None and status.as_of >= resolves:
            index.append(i)
            y.append(0.0)
        else:
            unchecked.append(profile.id)
    return Outcomes(
        np.array(index, dtype=int),
        np.array(y, dtype=float),
        tuple(unresolved),
        tuple(before),
        event.as_of,
        resolves,
        tuple(unchecked),
        tuple(undated),
    )


def metrics(p: np.ndarray, y: np.ndarray, base_probability: float) -> dict[str, float]:
    """Brier score, the base rate's Brier score, skill (1 − their ratio) and log loss."""
    base = brier(np.full(len(y), base_probability), y)
    score = brier(p, y)
    return {
        "brier": score,
        "brier_base_rate": base,
        "skill": 1 - score / base if base > 0 else float("nan"),
        "log_loss": log_loss(p, y),
    }


def cohort_hash(ws: Workspace) -> str:
    """SHA-256 of what a backtest scores: the cohort rule and the event (definition and date)
    of model.yaml, the scale, and every profile's values and status, in a canonical form (sorted
    keys, no spaces). Notes, translations, sources, ranges, weights and what-ifs are not in it:
    quote the hash before a run to pre-register the cohort, and any later change to what is
    scored shows."""
    import hashlib
    import json

    model = ws.model
    event = model.event

    def status(profile: ProfileFile) -> dict[str, object] | None:
        if profile.status is None:
            return None
        return profile.status.model_dump(mode="json", exclude={"note", "note_ar", "sources"})

    content = {
        "rule": model.cohort.rule if model.cohort is not None else None,
        # a translation changes nothing scored, so the hash of a pre-registered cohort stays
        "event": event.model_dump(mode="json", exclude={"definition_ar"})
        if event is not None
        else None,
        "scale": model.scale.model_dump(mode="json"),
        "profiles": {
            p.id: {
                "values": {name: e.value for name, e in sorted(p.factors.items())},
                "status": status(p),
            }
            for p in sorted(ws.profiles, key=lambda p: p.id)
        },
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def _leave_one_out(
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


def _needs_both(ws: Workspace, found: Outcomes, what: str) -> None:
    y = found.y
    if len(y) >= 3 and 0 < y.sum() < len(y):
        return
    pending = (
        f"; not yet resolved (the horizon ends {found.resolves}): {', '.join(found.unresolved)}"
        if found.unresolved
        else ""
    )
    if found.undated:
        pending += (
            f"; joined, but the date is not recorded (add `date` to its status): "
            f"{', '.join(found.undated)}"
        )
    if found.unchecked:
        pending += (
            f"; status not checked since the horizon ended (set its `as_of` to "
            f"{found.resolves} or later once checked): {', '.join(found.unchecked)}"
        )
    raise WorkspaceError(
        Problem(
            f"{ws.name}: {what} needs at least 3 resolved outcomes, both events and non-events "
            f"(found {len(y)}, {int(y.sum())} events){pending}",
            ws.root / "profiles",
            hint="an outcome is scored only once it has resolved; record outcomes under `status:`",
        )
    )


def backtest(
    ws: Workspace,
    scores: np.ndarray,
    horizon: float | None = None,
    aggregation: Aggregation = "additive",
    *,
    today: dt.date | None = None,
) -> Backtest:
    """Score the resolved outcomes against the model and against simple baselines."""
    horizon = _horizon(ws, horizon)
    found = resolved_outcomes(ws, horizon, today)
    _needs_both(ws, found, "a backtest")
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
        [_leave_one_out(u[:, f], y, horizon, rate) for f in range(u.shape[1])]
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
        loo_p=_leave_one_out(s, y, horizon, rate),
        fit=calibrate(s, y, horizon, rate),
        equal_scores=equal,
        equal_loo_p=_leave_one_out(equal, y, horizon, rate),
        factor_u=u,
        factor_loo_p=factor_loo,
        resolution=found,
        variants=fit_variants(ws, aggregation, horizon, today=today) if ws.model.variants else None,
    )


# --- variants of the cohort -----------------------------------------------------------------

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
    years = _horizon(ws, horizon)
    found = resolved_outcomes(ws, years, today)
    _needs_both(ws, found, "calibration")
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
    loo = brier(_leave_one_out(s, y, years, rate, prior_sd), y)
    skill = 1 - loo / base_brier if base_brier > 0 else None
    return VariantFit(
        name,
        variant.label,
        replace(fit, workspace=ws.root.name, loo_skill=skill),
        roc_auc(s, y),
    )
