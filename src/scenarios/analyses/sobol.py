"""The Sobol analysis: how much of the ranking's variance each input explains."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses import budget
from scenarios.analyses.sampler import Progress
from scenarios.core import engine
from scenarios.core.choices import DEFAULT_SEED, Aggregation, ValueDistribution
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd


SOBOL_MIN_SAMPLES = 64


@dataclass(frozen=True, eq=False)
class Sobol:
    workspace: Workspace
    base_samples: int
    inputs: tuple[str, ...]
    first: np.ndarray  # (C, I)
    first_conf: np.ndarray
    total: np.ndarray
    total_conf: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """How much of the scores' variance each input explains.

        Returns
        -------
        pandas.DataFrame
            Indexed by (id, input): S1, S1_conf, ST, ST_conf.
        """
        import pandas as pd

        rows = []
        for c, cid in enumerate(self.workspace.country_ids):
            for i, name in enumerate(self.inputs):
                if np.isnan(self.first[c, i]):
                    continue
                rows.append(
                    {
                        "id": cid,
                        "input": name,
                        "S1": self.first[c, i],
                        "S1_conf": self.first_conf[c, i],
                        "ST": self.total[c, i],
                        "ST_conf": self.total_conf[c, i],
                    }
                )
        columns = ["id", "input", "S1", "S1_conf", "ST", "ST_conf"]
        return pd.DataFrame(rows, columns=columns).set_index(["id", "input"])


def sobol(
    ws: Workspace,
    aggregation: Aggregation = "additive",
    *,
    samples: int = 1024,
    seed: int = DEFAULT_SEED,
    delta: float = 0.5,
    fixed_weights: bool = False,
    values: ValueDistribution = "uniform",
    progress: Progress | None = None,
    memory_budget: int | None = None,
) -> Sobol:
    """First-order and total Sobol indices of each country's score (Saltelli's scheme, the
    estimators of Saltelli et al. 2010 with bootstrap intervals, as SALib computes them).

    Inputs: each factor's weight, uniform in w·(1±Δ) before normalisation (unless fixed), and
    each of the country's values within its low–high range (uniform or triangular). Inputs with
    no spread are left out. `samples` is rounded up to a power of two, as Sobol' sequences need.

    Each country has its own scrambled Sobol' design (seed + its index) over its own inputs, as
    SALib's `sample` draws it; the countries are then evaluated and analysed together, in
    chunks whose size bounds the memory. A score is additive in each input's part, so a row of
    the design with one input taken from the second matrix is scored by changing that part
    alone: O(N·D) per country, not O(N·D·F).
    Inputs are drawn on the unit cube and scaled here, so a value at the top or bottom of its
    range, or a range below zero, is an ordinary triangular.
    """
    from scipy.stats import qmc

    # a power of two, and at least 64: fewer gives indices outside [0, 1] from noise alone
    n = 1 << max(int(samples) - 1, SOBOL_MIN_SAMPLES - 1).bit_length()
    w = ws.weights
    low, high = ws.ranges
    n_c, n_f = ws.values.shape
    names = ([f"weight:{f}" for f in ws.factor_ids] if not fixed_weights else []) + [
        f"value:{f}" for f in ws.factor_ids
    ]
    budget.check(
        budget.sobol_bytes(n, len(names)),
        memory_budget,
        f"Sobol with N = {n:,} ({len(names)} inputs)",
        budget.fewer(
            "--samples",
            budget.largest(lambda k: budget.sobol_bytes(k, len(names)), memory_budget),
            power_of_two=True,
        ),
    )
    offset = 0 if fixed_weights else n_f
    # which inputs vary, per country: (C, I)
    varies = np.zeros((n_c, len(names)), dtype=bool)
    if not fixed_weights:
        varies[:, :n_f] = (w > 0) & (delta > 0)
    if values != "fixed":
        varies[:, offset:] = high > low
    first = np.full((n_c, len(names)), np.nan)
    first_conf, total, total_conf = first.copy(), first.copy(), first.copy()
    countries = np.flatnonzero(varies.any(axis=1))
    per_country = n * (8 * len(names) + 10 * n_f + SOBOL_RESAMPLES)  # numbers held
    step = max(1, SOBOL_VALUES // per_country)
    for start in range(0, len(countries), step):
        chunk = countries[start : start + step]
        unit = np.zeros((2, len(chunk), n, len(names)))  # A and B on [0, 1)
        for k, c in enumerate(chunk):
            inputs = np.flatnonzero(varies[c])
            design = qmc.Sobol(d=2 * len(inputs), scramble=True, seed=seed + int(c)).random(n)
            unit[0, k][:, inputs] = design[:, : len(inputs)]
            unit[1, k][:, inputs] = design[:, len(inputs) :]
        parts = [
            _sobol_parts(ws, chunk, unit[i], varies[chunk], offset, delta, values, aggregation)
            for i in range(2)
        ]
        y_a, y_b, y_ab = _sobol_outputs(parts[0], parts[1], aggregation, bool(offset))
        s1, s1_conf, st, st_conf = _sobol_indices(y_a, y_b, y_ab, varies[chunk], chunk, seed)
        first[chunk], first_conf[chunk], total[chunk], total_conf[chunk] = s1, s1_conf, st, st_conf
        if progress:
            progress(min(start + step, len(countries)), len(countries))
    return Sobol(ws, n, tuple(names), first, first_conf, total, total_conf)


SOBOL_VALUES = 1 << 24  # numbers held at once by the Sobol analysis: bounds its memory
SOBOL_RESAMPLES = 100  # bootstrap resamples of each interval (SALib's default)


@dataclass(frozen=True)
class _SobolParts:
    """One design matrix of a chunk of countries, as the parts of each score: raw weights (K,
    N, F), each factor's part g(u) (additive: u; geometric: ln u, 0 where u = 0) and whether u =
    0 (a veto of the geometric mean where the weight is positive)."""

    weights: np.ndarray
    part: np.ndarray
    zero: np.ndarray


def _sobol_parts(
    ws: Workspace,
    chunk: np.ndarray,
    unit: np.ndarray,
    varies: np.ndarray,
    offset: int,
    delta: float,
    values: ValueDistribution,
    aggregation: Aggregation,
) -> _SobolParts:
    """Map a chunk's design on [0, 1) to weights and values as SALib scales samples: uniform
    x·(b − a) + a; triangular the inverse of its distribution function, ·(b − a) + a."""
    n_f = ws.values.shape[1]
    w = ws.weights
    weights = np.broadcast_to(w, (*unit.shape[:2], n_f)).copy()
    if offset:
        lo, hi = w * (1 - delta), w * (1 + delta)
        moved = unit[:, :, :n_f] * (hi - lo) + lo
        weights = np.where(varies[:, None, :n_f], moved, weights)
    low, high = (r[chunk][:, None, :] for r in ws.ranges)
    base = ws.values[chunk][:, None, :]
    x = unit[:, :, offset:]
    width = high - low
    if values == "triangular":
        peak = np.divide(base - low, width, out=np.zeros_like(width), where=width > 0)
        standard = np.where(x < peak, np.sqrt(peak * x), 1 - np.sqrt((1 - peak) * (1 - x)))
        drawn = standard * width + low
    else:
        drawn = x * width + low
    v = np.where(varies[:, None, offset:], drawn, base)
    scale_lo, scale_hi = ws.scale
    u = engine.normalize(v, scale_lo, scale_hi, ws.directions)
    if aggregation == "additive":
        return _SobolParts(weights, u, np.zeros(u.shape, dtype=bool))
    zero = u <= 0.0
    with np.errstate(divide="ignore"):
        return _SobolParts(weights, np.where(zero, 0.0, np.log(np.where(zero, 1.0, u))), zero)


def _sobol_outputs(
    a: _SobolParts, b: _SobolParts, aggregation: Aggregation, weight_inputs: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores of A (K, N), B (K, N) and of A with input j from B (K, N, I), inputs being each
    weight (unless the weights are fixed) then each value: the weighted sum of parts over the
    sum of weights, with one term changed for each j."""
    total = (a.weights * a.part).sum(axis=2)
    mass = a.weights.sum(axis=2)
    vetoes = ((a.weights > 0) & a.zero).sum(axis=2)
    n_f = a.part.shape[2]
    columns = []
    if weight_inputs:
        dw = b.weights - a.weights  # input = a weight: its term and the total mass change
        columns.append(
            (
                total[..., None] + dw * a.part,
                mass[..., None] + dw,
                vetoes[..., None] - ((a.weights > 0) & a.zero) + ((b.weights > 0) & a.zero),
            )
        )
    # input = a value: its term changes, the weights do not
    columns.append(
        (
            total[..., None] + a.weights * (b.part - a.part),
            np.broadcast_to(mass[..., None], (*mass.shape, n_f)),
            vetoes[..., None] + (a.weights > 0) * (b.zero.astype(int) - a.zero),
        )
    )
    y_ab = np.concatenate([_sobol_score(t, m, v, aggregation) for t, m, v in columns], axis=2)
    b_total = (b.weights * b.part).sum(axis=2)
    b_vetoes = ((b.weights > 0) & b.zero).sum(axis=2)
    y_a = _sobol_score(total, mass, vetoes, aggregation)
    y_b = _sobol_score(b_total, b.weights.sum(axis=2), b_vetoes, aggregation)
    return y_a, y_b, y_ab


def _sobol_score(
    total: np.ndarray, mass: np.ndarray, vetoes: np.ndarray, aggregation: Aggregation
) -> np.ndarray:
    if aggregation == "additive":
        return np.asarray(total / mass)
    return np.asarray(np.where(vetoes > 0, 0.0, np.exp(total / mass)))


def _sobol_indices(
    y_a: np.ndarray,
    y_b: np.ndarray,
    y_ab: np.ndarray,
    varies: np.ndarray,
    chunk: np.ndarray,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """S1, its interval's half-width, ST and its, (K, I) each, NaN where an input does not vary.

    As SALib's `analyze` (calc_second_order=False): the outputs are standardised by their mean
    and standard deviation over the whole design; S1 = mean(B·(AB − A)) / Var, ST = mean((A −
    AB)²) / 2Var, Var over A and B together; the intervals are 1.96 bootstrap standard
    deviations over 100 resamples of the N rows (drawn with seed + the country's index), each
    resample's means taken by one product with its counts of each row."""
    k, n = y_a.shape
    used = varies[:, None, :]
    count = n * (varies.sum(axis=1) + 2)
    mean = (y_a.sum(axis=1) + y_b.sum(axis=1) + np.where(used, y_ab, 0).sum(axis=(1, 2))) / count
    square = (
        ((y_a - mean[:, None]) ** 2).sum(axis=1)
        + ((y_b - mean[:, None]) ** 2).sum(axis=1)
        + np.where(used, (y_ab - mean[:, None, None]) ** 2, 0).sum(axis=(1, 2))
    )
    sd = np.sqrt(square / count)
    flat = sd <= 0  # every score the same: SALib would divide by zero; every index is 0 here
    sd = np.where(flat, 1.0, sd)
    a = (y_a - mean[:, None]) / sd[:, None]
    b = (y_b - mean[:, None]) / sd[:, None]
    ab = (y_ab - mean[:, None, None]) / sd[:, None, None]
    first_terms = b[:, :, None] * (ab - a[:, :, None])  # (K, N, I)
    total_terms = 0.5 * (a[:, :, None] - ab) ** 2
    both = np.concatenate([a, b], axis=1)
    variance = both.var(axis=1)
    eps = np.finfo(float).eps
    constant = flat | (np.ptp(both, axis=1) <= eps)
    divisor = np.where(variance > eps, variance, np.inf)[:, None]
    s1 = np.where(constant[:, None], 0.0, first_terms.mean(axis=1) / divisor)
    st = np.where(constant[:, None], 0.0, total_terms.mean(axis=1) / divisor)
    # bootstrap: counts[k, r, i] = how often row i is in resample r of country k
    counts = np.zeros((k, SOBOL_RESAMPLES, n))
    for j, c in enumerate(chunk):
        rows = np.random.default_rng(seed + int(c)).integers(n, size=(n, SOBOL_RESAMPLES))
        places = (np.arange(SOBOL_RESAMPLES) * n + rows).ravel()
        counts[j] = np.bincount(places, minlength=SOBOL_RESAMPLES * n).reshape(-1, n)
    mean_r = (counts @ a[..., None] + counts @ b[..., None])[..., 0] / (2 * n)
    square_r = (counts @ (a**2)[..., None] + counts @ (b**2)[..., None])[..., 0] / (2 * n)
    variance_r = square_r - mean_r**2  # (K, R)
    divisor_r = np.where(variance_r > eps, variance_r, np.inf)[..., None]
    z = 1.959963984540054  # the standard normal's 97.5th percentile
    # one product per country (numpy's stacked matmul is several times slower than BLAS here)
    sums = np.empty((k, SOBOL_RESAMPLES, 2 * ab.shape[2]))
    for j in range(k):
        np.matmul(counts[j], np.concatenate([first_terms[j], total_terms[j]], axis=1), out=sums[j])
    resampled = sums / n / divisor_r
    s1_conf = z * resampled[..., : ab.shape[2]].std(axis=1, ddof=1)
    st_conf = z * resampled[..., ab.shape[2] :].std(axis=1, ddof=1)
    s1_conf = np.where(constant[:, None], 0.0, s1_conf)
    st_conf = np.where(constant[:, None], 0.0, st_conf)
    missing = np.where(varies, 0.0, np.nan)
    return s1 + missing, s1_conf + missing, st + missing, st_conf + missing
