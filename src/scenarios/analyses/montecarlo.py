"""The Monte Carlo: rank acceptability, pairwise wins, and score and probability intervals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses import budget
from scenarios.analyses.sampler import (
    BLOCK,
    MixedSampler,
    MonteCarloSettings,
    Progress,
    Sampler,
    SamplerInputs,
)
from scenarios.core import arguments, engine
from scenarios.core.choices import Aggregation
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd


HISTOGRAM_BINS = 10_000  # score quantiles are read from a histogram: memory is flat in N


@dataclass(frozen=True, eq=False)
class MonteCarlo:
    workspace: Workspace
    settings: MonteCarloSettings
    samples: int  # how many were drawn (fewer than asked when --precision was met)
    acceptability: np.ndarray  # (C, C): P(country holds rank r); ties split evenly
    pairwise: np.ndarray  # (C, C): P(row above column); ties count half
    mean: np.ndarray  # (C,)
    low: np.ndarray  # (C,) 5th percentile
    high: np.ndarray  # (C,) 95th percentile
    base_scores: np.ndarray
    # with a link: each country's probability over weights, values and the link together
    probability: _Distribution | None = None
    horizon: float | None = None
    gate_binding: np.ndarray | None = None  # (C, G) P(the gate binds) under the value ranges
    link_covers: tuple[str, ...] = ()  # what of the link each sample draws, for captions

    def gates_frame(self) -> pd.DataFrame:
        """P(each gate binds) for each country, under the value ranges.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: one column a gate.
        """
        import pandas as pd

        ws = self.workspace
        binding = (
            self.gate_binding
            if self.gate_binding is not None
            else np.zeros((len(ws.country_ids), 0))
        )
        frame = pd.DataFrame(binding, columns=list(ws.model.gates), index=list(ws.country_ids))
        frame.index.name = "id"
        return frame.iloc[self._order]

    @property
    def standard_error(self) -> float:
        """The largest standard error of any acceptability cell."""
        p = self.acceptability
        return float(np.sqrt(p * (1 - p) / self.samples).max())

    def acceptability_frame(self) -> pd.DataFrame:
        """How often each country takes each rank over the draws.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: rank_1 ... rank_N (shares of the draws).
        """
        import pandas as pd

        ids = self.workspace.country_ids
        frame = pd.DataFrame(self.acceptability, columns=[f"rank_{r + 1}" for r in range(len(ids))])
        frame.insert(0, "id", list(ids))
        return frame.iloc[self._order].set_index("id")

    def summary_frame(self) -> pd.DataFrame:
        """Each country's score and rank over the draws.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: name, score, mean, p05, p95, p_first, expected_rank, and the
            probability's mean, p05 and p95.
        """
        import pandas as pd

        ws = self.workspace
        frame = pd.DataFrame(
            {
                "id": list(ws.country_ids),
                "name": [p.name for p in ws.profiles],
                "score": self.base_scores,
                "mean": self.mean,
                "p05": self.low,
                "p95": self.high,
                "p_first": self.acceptability[:, 0],
                "expected_rank": self.acceptability @ np.arange(1, len(ws.country_ids) + 1),
            }
        )
        if self.probability is not None:
            frame["probability_mean"] = self.probability.mean
            frame["probability_p05"] = self.probability.low
            frame["probability_p95"] = self.probability.high
        return frame.iloc[self._order].set_index("id")

    def pairwise_frame(self) -> pd.DataFrame:
        """How often each country ranks above each other.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: one column a country (the share of draws in which the row's country
            ranks above it).
        """
        import pandas as pd

        ids = list(self.workspace.country_ids)
        order = self._order
        frame = pd.DataFrame(self.pairwise[np.ix_(order, order)], columns=[ids[i] for i in order])
        frame.insert(0, "id", [ids[i] for i in order])
        return frame.set_index("id")

    @property
    def _order(self) -> np.ndarray:
        expected = self.acceptability @ np.arange(1, self.acceptability.shape[1] + 1)
        return np.lexsort((-self.mean, expected))


def monte_carlo(
    ws: Workspace,
    aggregation: Aggregation = "additive",
    settings: MonteCarloSettings | None = None,
    progress: Progress | None = None,
) -> MonteCarlo:
    """Rank acceptability, P(first), pairwise P(a above b) and score intervals by simulation.

    Samples are drawn in blocks of BLOCK with seeds (seed, block index), each drawn and scored
    in pieces whose size bounds the memory (at most `chunk_size` samples and VALUES_PER_PIECE
    values), so results depend on the seed only, never on the chunk size.
    """
    settings = MonteCarloSettings() if settings is None else settings
    arguments.whole("samples", settings.samples, at_least=1)
    n_countries = len(ws.country_ids)
    budget.check(
        budget.monte_carlo_bytes(n_countries, len(ws.factor_ids)),
        settings.memory_budget,
        f"the Monte Carlo over {n_countries:,} countries",
        "its memory grows steeply with the number of countries, not with --samples: raise "
        "--memory-budget, or leave mc out (sensitivity --method oat --method critical)",
    )
    arguments.whole("chunk_size", settings.chunk_size, at_least=1)
    inputs = SamplerInputs.of(ws)
    n_c = len(ws.country_ids)
    total = np.zeros(n_c)
    blocks_per_chunk = max(1, -(-settings.chunk_size // BLOCK))
    n_blocks = -(-settings.samples // BLOCK)
    sampler = Sampler(settings, inputs) if ws.panel is None else ws.panel.sampler(settings, inputs)
    counter = _Counter(n_c)
    outcome = _Outcome(ws, aggregation, settings.seed)
    scores = np.empty((BLOCK, n_c))
    binds = np.empty((BLOCK, n_c, len(outcome.factor)), dtype=bool)
    done = 0
    for block in range(n_blocks):
        n = min(BLOCK, settings.samples - block * BLOCK)
        for rows, weights, u in sampler.pieces(block, n):
            scores[rows] = engine.scores(u, weights, aggregation)
            binds[rows] = outcome.binding(u)
        counter.add(scores[:n])
        outcome.add(block, scores[:n], binds[:n])
        total += scores[:n].sum(axis=0)
        done += n
        # stop once the asked precision is reached (checked every block, so the stopping point
        # does not depend on the chunk size)
        reached = False
        if settings.precision is not None and done >= 2 * BLOCK:
            p = counter.acceptability() / done
            reached = bool(np.sqrt(p * (1 - p) / done).max() < settings.precision)
        if progress and (reached or (block + 1) % blocks_per_chunk == 0 or block + 1 == n_blocks):
            progress(done, settings.samples)
        if reached:
            break
    p05, p95 = _quantiles(counter.histogram.reshape(n_c, HISTOGRAM_BINS), done)
    return MonteCarlo(
        ws,
        settings,
        done,
        counter.acceptability() / done,
        counter.pairwise() / done,
        total / done,
        p05,
        p95,
        engine.scores(inputs.mode, inputs.weights, aggregation),
        outcome.distribution(done) if outcome.link is not None else None,
        outcome.horizon if outcome.link is not None else None,
        outcome.gate_counts / done if ws.model.gates else None,
        outcome.link.covers if outcome.link is not None else (),
    )


def _quantiles(histogram: np.ndarray, n: int, level: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    """The central `level` interval (default the 5th and 95th percentiles) of values on [0, 1]
    from their (C, bins) histogram."""
    bins = histogram.shape[1]
    cumulative = np.cumsum(histogram, axis=1) / n
    edges = np.linspace(0, 1, bins + 1)
    tail = (1 - level) / 2
    return edges[np.argmax(cumulative >= tail, axis=1) + 1], edges[
        np.argmax(cumulative >= 1 - tail, axis=1) + 1
    ]


@dataclass(frozen=True)
class _Distribution:
    """Mean and 5–95% interval of a quantity on [0, 1], per country."""

    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray


class _Outcome:
    """With a link: each sample's probabilities (the link's parameters drawn per sample, from
    their own random stream, so the score draws are the same with or without it), capped where
    a gate binds; and how often each gate binds."""

    def __init__(
        self, ws: Workspace, aggregation: Aggregation, seed: int, horizon: float | None = None
    ) -> None:
        from scenarios.analyses import gates
        from scenarios.analyses.link import link_of, reference_members

        self.seed = seed
        self.link = link_of(ws, aggregation)
        self.horizon = horizon or ws.model.horizon_years or 1.0
        # Each sample is a world the files could describe: where the intercept is calibrated
        # in the large, it is calibrated on that world's scores of the reference class (a
        # what-if keeps the files' intercept, as rank does).
        self.members = (
            reference_members(ws)
            if self.link is not None and self.link.members is not None and ws.reference is None
            else None
        )
        # each sample's component of the link's mixture, where the sampler drew the weights of
        # that component (None: the components on the file's weights, in turn)
        self.which: np.ndarray | None = None
        self.joined = np.array(
            [p.status is not None and p.status.state == "joined" for p in ws.profiles]
        )
        n_c = len(ws.country_ids)
        self.total = np.zeros(n_c)
        self.histogram = np.zeros((n_c, HISTOGRAM_BINS), dtype=np.int64)
        _, factor, threshold, sign = gates.thresholds(ws)
        lo, hi = ws.scale
        # the gates in normalised space: u = (v − lo)/(hi − lo), flipped for `against` factors
        direction = ws.directions[factor]
        self.factor = factor
        self.sign = sign * direction
        self.threshold = np.where(direction > 0, 0, 1) + direction * (threshold - lo) / (hi - lo)
        self.caps = gates.caps(ws)
        self.gate_counts = np.zeros((n_c, len(factor)))

    def binding(self, u: np.ndarray) -> np.ndarray:
        """(n, C, G) True where a gate binds, from normalised values (n, C, F)."""
        return np.asarray(self.sign * (u[:, :, self.factor] - self.threshold) >= -1e-12)

    def add(self, block: int, scores: np.ndarray, binds: np.ndarray) -> None:
        n = len(scores)
        self.gate_counts += binds.sum(axis=0)
        if self.link is None:
            return
        from scenarios.analyses.gates import capped
        from scenarios.analyses.link import LINK_STREAM, logistic, within_horizon

        rng = np.random.default_rng(np.random.SeedSequence([self.seed, block, LINK_STREAM]))
        members = None if self.members is None else scores[:, self.members]
        which = None if self.which is None else self.which[:n]
        intercept, slope = self.link.draws_from(rng, n, members, which)
        p = within_horizon(logistic(intercept[:, None] + slope[:, None] * scores), self.horizon)
        p = capped(p, binds, self.caps)
        p[:, self.joined] = np.nan
        self.total += np.nansum(p, axis=0)
        bins = np.minimum((np.nan_to_num(p) * HISTOGRAM_BINS).astype(np.int64), HISTOGRAM_BINS - 1)
        bins += np.arange(p.shape[1]) * HISTOGRAM_BINS
        np.add.at(self.histogram.reshape(-1), bins.ravel(), 1)

    def distribution(self, n: int, level: float = 0.9) -> _Distribution:
        low, high = _quantiles(self.histogram, n, level)
        nan = np.where(self.joined, np.nan, 0.0)
        return _Distribution(self.total / n + nan, low + nan, high + nan)


class _Counter:
    """Adds each block's rank positions, pairwise wins and score histogram to running counts.

    A sample without ties (every two scores more than TIE_TOLERANCE apart) is sorted once,
    O(C log C): its countries' positions go into the acceptability counts by one bincount, and
    its pairwise wins are comparisons of small integer positions, counted for the pairs a < b
    only (b above a is the rest), in byte counters over at most 255 samples at a time. A sample
    with ties takes the exact rule: a country tied with k others shares positions first ..
    first+k evenly, and a tie counts half in the pairwise table.
    """

    PAIR_BUFFER = 1 << 22  # bytes of comparisons held at once

    def __init__(self, n_c: int) -> None:
        self.n_c = n_c
        self.positions = np.zeros((n_c, n_c), dtype=np.int64)  # [country, 0-based position]
        self.upper = np.zeros((n_c, n_c), dtype=np.int64)  # [a, b], a < b: a above b
        self.untied = 0  # samples counted in `positions` and `upper`
        self.shared = np.zeros((n_c, n_c))  # acceptability of the samples with ties
        self.shared_pairs = np.zeros((n_c, n_c))  # their pairwise wins, ties counting half
        self.histogram = np.zeros(n_c * HISTOGRAM_BINS, dtype=np.int64)
        self.offsets = np.arange(n_c) * HISTOGRAM_BINS
        self.rows = max(1, min(n_c, self.PAIR_BUFFER // (255 * n_c)))
        self.compared = np.empty((255, self.rows, n_c), dtype=bool)
        self.dtype = np.int16 if n_c < 2**15 else np.int32

    def add(self, s: np.ndarray) -> None:
        order = np.argsort(-s, axis=1, kind="stable")
        ordered = np.take_along_axis(s, order, axis=1)
        clean = (ordered[:, :-1] > ordered[:, 1:] + engine.TIE_TOLERANCE).all(axis=1)
        if clean.all():
            self._add_untied(order)
        else:
            if clean.any():
                self._add_untied(order[clean])
            self._add_tied(s[~clean])
        bins = (s * HISTOGRAM_BINS).astype(np.int64)
        np.minimum(bins, HISTOGRAM_BINS - 1, out=bins)
        bins += self.offsets
        np.add.at(self.histogram, bins.ravel(), 1)

    def _add_untied(self, order: np.ndarray) -> None:
        n, n_c = order.shape
        places = np.arange(n_c, dtype=self.dtype)
        self.positions += np.bincount((order * n_c + places).ravel(), minlength=n_c * n_c).reshape(
            n_c, n_c
        )
        position = np.empty((n, n_c), dtype=self.dtype)
        np.put_along_axis(position, order, np.broadcast_to(places, (n, n_c)), axis=1)
        for start in range(0, n, 255):
            part = position[start : start + 255]
            m = len(part)
            for a in range(0, n_c, self.rows):
                k = min(self.rows, n_c - a)
                above = np.less(
                    part[:, a : a + k, None],
                    part[:, None, a:],
                    out=self.compared[:m, :k, : n_c - a],
                )
                self.upper[a : a + k, a:] += np.add.reduce(
                    above.view(np.uint8), axis=0, dtype=np.uint8
                )
        self.untied += n

    def _add_tied(self, s: np.ndarray) -> None:
        n_c = self.n_c
        positions = np.arange(n_c)
        step = max(1, (1 << 22) // (n_c * n_c))
        for start in range(0, len(s), step):
            part = s[start : start + step]
            n = len(part)
            wins = np.greater(part[:, :, None], part[:, None, :] + engine.TIE_TOLERANCE)
            first = wins.sum(axis=1)  # countries above: the 0-based position
            n_tied = n_c - first - wins.sum(axis=2)  # includes itself
            holds = (positions >= first[..., None]) & (positions < (first + n_tied)[..., None])
            self.shared += (holds / n_tied[..., None]).sum(axis=0)
            ties = 1.0 - wins - wins.transpose(0, 2, 1)
            self.shared_pairs += wins.sum(axis=0) + 0.5 * (ties.sum(axis=0) - n * np.eye(n_c))

    def acceptability(self) -> np.ndarray:
        """(C, C) how many samples put each country at each rank (ties shared)."""
        return self.positions + self.shared

    def pairwise(self) -> np.ndarray:
        """(C, C) how many samples put the row's country above the column's (ties half)."""
        upper = np.triu(self.upper, 1)
        below = np.tril(self.untied - upper.T, -1)
        return upper + below + self.shared_pairs


INTERVAL_VALUES = 20_000_000  # values drawn for a probability interval, at most
MIN_INTERVAL_WORLDS = 1_000


def interval_worlds(samples: int, countries: int, factors: int) -> int:
    """How many worlds the probability interval draws: `samples`, or fewer where that would
    draw more than INTERVAL_VALUES values, never fewer than MIN_INTERVAL_WORLDS."""
    budget = INTERVAL_VALUES // max(countries * factors, 1)
    return max(min(samples, budget), min(samples, MIN_INTERVAL_WORLDS))


def probability_interval(
    ws: Workspace,
    aggregation: Aggregation,
    horizon: float,
    level: float,
    samples: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each country's central `level` interval of its probability within `horizon` over the
    weights, the values (with their joint drivers), the link's parameters and its alternatives,
    drawn together as the Monte Carlo draws them (same seed, same draws); joined: NaN.

    Only the probabilities are kept (no rank counts), so memory is a histogram per country.
    At most INTERVAL_VALUES values are drawn: a large workspace gets fewer worlds (never fewer
    than MIN_INTERVAL_WORLDS), so that every command that ranks stays quick."""
    samples = interval_worlds(samples, len(ws.country_ids), len(ws.factor_ids))
    settings = MonteCarloSettings(samples=samples, seed=seed)
    inputs = SamplerInputs.of(ws)
    outcome = _Outcome(ws, aggregation, seed, horizon)
    sampler = Sampler(settings, inputs)
    link = outcome.link
    if link is not None and any(c.equal_weights for c in link.components):
        # the worlds of an alternative on equal weights weigh the factors around equal weights
        outcome.which = np.arange(BLOCK) % len(link.components)
        on_equal = np.array([c.equal_weights for c in link.components])[outcome.which]
        sampler = MixedSampler(settings, inputs, on_equal)
    n_c = len(ws.country_ids)
    scores = np.empty((BLOCK, n_c))
    binds = np.empty((BLOCK, n_c, len(outcome.factor)), dtype=bool)
    for block in range(-(-samples // BLOCK)):
        n = min(BLOCK, samples - block * BLOCK)
        for rows, weights, u in sampler.pieces(block, n):
            scores[rows] = engine.scores(u, weights, aggregation)
            binds[rows] = outcome.binding(u)
        outcome.add(block, scores[:n], binds[:n])
    found = outcome.distribution(samples, level)
    return found.low, found.high
