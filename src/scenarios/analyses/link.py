"""The logistic link from scores to probabilities: its parameters, alternatives and draws."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from scenarios.analyses import gates
from scenarios.core import engine
from scenarios.core.choices import Aggregation
from scenarios.core.errors import plural
from scenarios.workspace.load import Workspace
from scenarios.workspace.schema import BaseRate, LinkSettings

EPS = 1e-12


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
    bs = b[:, None] * s
    # exp(1000) = inf gives the logistic 1 / inf = 0, the right answer; ±inf + ∓inf where a
    # bracket is still open, and 0 / 0 where a step is not taken, are replaced below
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        for _ in range(NEWTON_ITERATIONS):
            eta = a[:, None] + bs
            miss = np.exp(-years * np.logaddexp(0.0, eta))  # (1 − p)^years
            gap = (1.0 - miss).sum(axis=1) - target
            lo = np.where(gap < 0, a, lo)
            hi = np.where(gap > 0, a, hi)
            slope_in_a = (years * (1.0 / (1.0 + np.exp(-eta))) * miss).sum(axis=1)
            step = np.where(slope_in_a > 0, gap / slope_in_a, np.sign(gap) * 8.0)
            new = a - np.minimum(np.maximum(step, -8.0), 8.0)
            both = np.isfinite(lo) & np.isfinite(hi)
            outside = both & ((new <= lo) | (new >= hi))
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
