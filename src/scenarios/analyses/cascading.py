"""Does one state's joining pull its neighbours along? A year-by-year Monte Carlo.

Each year, a country that has not joined joins with probability
logistic(a + b·score + g·peer), where `peer` is the weighted share of its peers that have
joined by then and g the peer effect (drawn per run from its range). Vectorised across runs;
the loop is over years only. Pure numpy; no terminal code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses import budget, probability_words
from scenarios.analyses.link import Link, logistic
from scenarios.analyses.sampler import triangular
from scenarios.analyses.scoring import has_joined
from scenarios.core import arguments
from scenarios.core.choices import DEFAULT_CASCADE_RUNS, DEFAULT_INTERVAL, DEFAULT_SEED
from scenarios.core.display import frame_html, short_repr
from scenarios.core.errors import OptionError, Problem, WorkspaceError
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd

NEVER = np.iinfo(np.int16).max  # join year of a country that has not joined within the horizon
MAX_YEARS = 100
RUNS_PER_GROUP = 100  # runs that share one draw of the uncertain parameters
MAX_GROUPS = 1_000
RUN_VALUES = 1 << 20  # runs x countries simulated at once: bounds the memory


def peer_matrix(ws: Workspace) -> np.ndarray:
    """(C, C) row-normalised peer weights; default: every other country equally."""
    ids = ws.country_ids
    n = len(ids)
    weights = np.ones((n, n)) - np.eye(n)
    cascade = ws.model.cascade
    if cascade is not None and cascade.peers:
        for country, peers in cascade.peers.items():
            row = ids.index(country)
            weights[row] = 0.0
            for peer, w in peers.items():
                weights[row, ids.index(peer)] = w
    totals = weights.sum(axis=1, keepdims=True)
    return np.asarray(np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0))


def declared_peers(ws: Workspace) -> np.ndarray | None:
    """The peer matrix where model.yaml declares `peers:`; None where every other country
    weighs equally (the share of peers joined is then counted, not multiplied out)."""
    cascade = ws.model.cascade
    return peer_matrix(ws) if cascade is not None and cascade.peers else None


@dataclass(frozen=True, eq=False)
class Simulation:
    """Join years (0 = joined before the start, NEVER = not within the horizon), (runs, C)."""

    years: np.ndarray
    horizon: int

    def by_year(self) -> np.ndarray:
        """(C, horizon) P(joined by the end of year t), t = 1..horizon."""
        runs, n = self.years.shape
        last = self.horizon + 1  # every year after the horizon, and NEVER
        places = np.minimum(self.years, last).astype(np.int64) + np.arange(n) * (last + 1)
        counts = np.bincount(places.ravel(), minlength=n * (last + 1)).reshape(n, last + 1)
        return np.asarray(np.cumsum(counts, axis=1)[:, 1:last] / runs)

    def by_group(self, groups: int, year: int | None = None) -> np.ndarray:
        """(groups, C) P(joined by the end of `year` (default: the horizon)) within each group of
        runs (run r is in group r mod groups), one estimate per draw of the uncertain
        parameters."""
        joined = self.years <= (self.horizon if year is None else year)
        runs, n = joined.shape
        whole = runs // groups * groups
        sums = joined[:whole].reshape(-1, groups, n).sum(axis=0)
        sums[: runs - whole] += joined[whole:]
        counts = np.bincount(np.arange(runs) % groups, minlength=groups)
        return np.asarray(sums / counts[:, None])


def simulate(
    joined: np.ndarray,
    base_logit: np.ndarray,
    peers: np.ndarray | None,
    g: np.ndarray,
    horizon: int,
    seed: int,
    member: np.ndarray | None = None,
) -> Simulation:
    """Run len(g) simulations over `horizon` years. base_logit is (C,), or per run (runs, C),
    or per group of runs (groups, C) with `member` (runs,) naming each run's group. peers is
    the (C, C) peer matrix, or None where every other country weighs equally.

    The uniforms of year t come from the seed and t alone, so runs with and without a peer
    effect share them (common random numbers). Runs are simulated in chunks, each drawing its
    rows of every year's uniforms in turn, so memory is bounded by the chunk and the numbers are
    those of drawing each year's at once."""
    runs, n = len(g), base_logit.shape[-1]
    years = np.empty((runs, n), dtype=np.int16)
    draws = [
        np.random.default_rng(np.random.SeedSequence([seed, 1, t])) for t in range(1, horizon + 1)
    ]
    chunk = max(1, RUN_VALUES // max(n, 1))
    for start in range(0, runs, chunk):
        rows = slice(start, min(start + chunk, runs))
        m = rows.stop - rows.start
        if member is not None:
            logit = base_logit[member[rows]]
        else:
            logit = base_logit[rows] if base_logit.ndim == 2 else base_logit
        effect = g[rows, None]
        state = np.broadcast_to(joined, (m, n)).copy()
        part = np.where(state, 0, NEVER).astype(np.int16)
        for t, rng in enumerate(draws, start=1):
            uniforms = rng.random((m, n))
            p = logistic(logit + effect * _peer_share(state, peers))
            new = ~state & (uniforms < p)
            part[new] = t
            state |= new
        years[rows] = part
    return Simulation(years, horizon)


def _peer_share(state: np.ndarray, peers: np.ndarray | None) -> np.ndarray:
    """(runs, C) the weighted share of each country's peers that have joined."""
    if peers is not None:
        return np.asarray(state.astype(float) @ peers.T)
    n = state.shape[1]
    if n < 2:
        return np.zeros(state.shape)
    joined = np.count_nonzero(state, axis=1)[:, None]
    return np.asarray((joined - state) / (n - 1))


@dataclass(frozen=True, eq=False)
class Cascade:
    """The year-by-year simulation of joining, with and without the peer effect."""

    __repr__ = short_repr
    _repr_html_ = frame_html
    workspace: Workspace
    link: Link
    horizon: int
    runs: int
    seed: int
    peer_effect: tuple[float, float, float]  # low, value, high
    with_peers: Simulation
    without_peers: Simulation  # g = 0, same random numbers
    groups: int = 1  # draws of (link, peer effect); each shared by runs/groups runs
    level: float = DEFAULT_INTERVAL

    def interval(
        self, year: int | None = None, *, peers: bool = True
    ) -> tuple[np.ndarray, np.ndarray, float]:
        """(low, high, noise): the central `level` interval of P(joined by the end of `year`,
        default the horizon) over the draws of the link and the peer effect, and the largest
        standard error that each draw's own finite runs add to it (the interval is that much
        wider than the parameters alone would make it). `peers=False`: of the runs without
        the peer effect (each country alone, over the link's draws)."""
        simulation = self.with_peers if peers else self.without_peers
        estimates = simulation.by_group(self.groups, year)
        q = [(1 - self.level) / 2, (1 + self.level) / 2]
        low, high = np.quantile(estimates, q, axis=0)
        per_group = self.runs / self.groups
        noise = float(np.sqrt(estimates * (1 - estimates) / per_group).mean(axis=0).max())
        return np.asarray(low), np.asarray(high), noise

    @property
    def already(self) -> np.ndarray:
        return has_joined(self.workspace)

    @property
    def base_probability(self) -> float | None:
        """What the reference class alone gives by the horizon (None without a base rate)."""
        base = self.workspace.model.base_rate
        if base is None or self.link.base is None:
            return None
        return probability_words.base_rate_probability(base, self.horizon)

    def words(self, lang: probability_words.Lang = "en") -> list[str]:
        """The yardstick's words of each country's P(joined by the horizon) with peers, as
        shown to its interval's precision ('' where it had joined before)."""
        low, high, _ = self.interval()
        p = self.with_peers.by_year()[:, -1]
        return [
            ""
            if self.already[i]
            else probability_words.words(float(p[i]), float(low[i]), float(high[i]), lang)
            for i in range(len(p))
        ]

    def by_year_frame(self) -> pd.DataFrame:
        """Each country's chance of having joined by each year, with the peer effect.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: name, already_joined, year_1 ... year_N (cumulative), and the
            interval of the chance by the horizon (by_horizon_low, by_horizon_high).
        """
        import pandas as pd

        ws = self.workspace
        table = self.with_peers.by_year()
        frame = pd.DataFrame(table, columns=[f"year_{t}" for t in range(1, self.horizon + 1)])
        frame.insert(0, "id", list(ws.country_ids))
        frame.insert(1, "name", [p.name for p in ws.profiles])
        frame.insert(2, "already_joined", self.already)
        low, high, _ = self.interval()
        frame["by_horizon_low"] = np.where(self.already, np.nan, low)
        frame["by_horizon_high"] = np.where(self.already, np.nan, high)
        return frame.set_index("id")

    def spur_frame(self) -> pd.DataFrame:
        """How much the others' joining spurs each country.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: name, already_joined, p_with_peers, p_without_peers, spur (their
            difference), the words for p_with_peers (en, ar) and base_rate_probability.
        """
        import pandas as pd

        ws = self.workspace
        # a country that had joined before the simulation has no chance to give: empty cells
        with_g = np.where(self.already, np.nan, self.with_peers.by_year()[:, -1])
        without = np.where(self.already, np.nan, self.without_peers.by_year()[:, -1])
        return pd.DataFrame(
            {
                "id": list(ws.country_ids),
                "name": [p.name for p in ws.profiles],
                "already_joined": self.already,
                "p_with_peers": with_g,
                "p_without_peers": without,
                "spur": with_g - without,
                "words_with_peers": self.words(),
                "words_with_peers_ar": self.words("ar"),
                "base_rate_probability": np.nan
                if self.base_probability is None
                else self.base_probability,
            }
        ).set_index("id")

    def count_frame(self) -> pd.DataFrame:
        """Distribution of the number of new joiners by the horizon.

        Returns
        -------
        pandas.DataFrame
            One row a count: new_joiners, probability.
        """
        import pandas as pd

        new = ((self.with_peers.years > 0) & (self.with_peers.years <= self.horizon)).sum(axis=1)
        candidates = int((~self.already).sum())
        counts = np.bincount(new, minlength=candidates + 1)[: candidates + 1]
        return pd.DataFrame(
            {"new_joiners": np.arange(candidates + 1), "probability": counts / self.runs}
        )

    def orders_frame(self, top: int = 8) -> pd.DataFrame:
        """The most frequent join orders, whatever the years ('UZ → TM'; same year: 'UZ+TM').

        Returns
        -------
        pandas.DataFrame
            One row an order: order (ids in turn), probability.
        """
        import pandas as pd

        ids = self.workspace.country_ids
        patterns, counts = np.unique(self.with_peers.years, axis=0, return_counts=True)
        # a pattern's order: each country's join year replaced by its place among the distinct
        # years of the pattern (1 = the first year anyone joined), 0 = no new join
        within = (patterns > 0) & (patterns <= self.horizon)
        rows = np.nonzero(within)[0]
        present = np.zeros((len(patterns), self.horizon + 1), dtype=np.int64)
        present[rows, patterns[within]] = 1
        place = np.cumsum(present, axis=1)
        steps = np.where(within, np.take_along_axis(place, np.where(within, patterns, 0), 1), 0)
        orders, first, inverse = np.unique(steps, axis=0, return_index=True, return_inverse=True)
        totals = np.bincount(inverse.ravel(), weights=counts, minlength=len(orders))
        # most frequent first; a tie in the order its first pattern comes
        ranked = np.lexsort((first, -totals))[:top]

        def name(order: np.ndarray) -> str:
            joins = [
                "+".join(ids[c] for c in np.flatnonzero(order == step))
                for step in range(1, int(order.max(initial=0)) + 1)
            ]
            return " → ".join(joins) or "no new joiner"

        return pd.DataFrame(
            {
                "order": [name(orders[k]) for k in ranked],
                "probability": [totals[k] / self.runs for k in ranked],
            }
        )

    def conditional_frame(self) -> pd.DataFrame:
        """P(row joins by the horizon | column joined by the horizon), for countries not yet in.

        Returns
        -------
        pandas.DataFrame
            Indexed by id: unconditional, then given_ID for each other country.
        """
        import pandas as pd

        ids = self.workspace.country_ids
        open_ = np.flatnonzero(~self.already)
        # both[i, j]: runs in which i and j both joined, counted by a product of 0/1 matrices
        # (exact: float32 counts whole numbers up to 2^24)
        both = np.zeros((len(open_), len(open_)))
        step = max(1, RUN_VALUES // max(len(open_), 1))
        exact = np.dtype(np.float32 if step <= 2**24 else np.float64)
        for start in range(0, self.runs, step):
            part = self.with_peers.years[start : start + step, open_] <= self.horizon
            joined: np.ndarray = part.astype(exact)
            both += joined.T @ joined
        given = np.diag(both).copy()
        with np.errstate(divide="ignore", invalid="ignore"):
            table = np.where(given > 0, both / given, np.nan)
        np.fill_diagonal(table, np.nan)
        frame = pd.DataFrame(table, columns=[f"given_{ids[c]}" for c in open_])
        frame.insert(0, "id", [ids[c] for c in open_])
        frame.insert(1, "unconditional", given / self.runs)
        return frame.set_index("id")


def cascade(
    ws: Workspace,
    scores: np.ndarray,
    link: Link | None,
    *,
    horizon: float | None = None,
    runs: int = DEFAULT_CASCADE_RUNS,
    seed: int = DEFAULT_SEED,
    level: float = DEFAULT_INTERVAL,
    memory_budget: int | None = None,
) -> Cascade:
    """Simulate joining year by year, with and without the peer effect, drawing the link's
    parameters and the peer effect per group of runs. A run estimated to need more memory than
    ``memory_budget`` bytes (default: budget.default_budget()) is refused."""
    arguments.whole("runs", runs, at_least=1)
    arguments.whole("seed", seed)
    if link is None:
        raise WorkspaceError(
            ws.documents["model"].problem(
                (),
                "the cascade needs a probability link, and model.yaml has none",
                "add `link:` to model.yaml; scenarios calibrate prints one",
            )
        )
    if ws.model.cascade is None:
        raise WorkspaceError(
            ws.documents["model"].problem(
                (),
                "model.yaml has no `cascade:` block",
                "add cascade: {peer_effect: {value: 1, low: 0, high: 2}}",
            )
        )
    asked = horizon or ws.model.horizon_years or 1
    years = round(asked)
    if years != asked or not 1 <= years <= MAX_YEARS:
        problem = f"the cascade simulates whole years from 1 to {MAX_YEARS}, not {asked:g}"
        if horizon:  # from --horizon
            raise OptionError(Problem(f"horizon {horizon:g}: {problem}"))
        raise WorkspaceError(
            ws.documents["model"].problem(
                ("horizon_years",), problem, "use --horizon with whole years"
            )
        )
    arguments.number("level", level, above=0, at_most=0.999)
    n_countries = len(ws.country_ids)
    budget.check(
        budget.cascade_bytes(runs, n_countries, years),
        memory_budget,
        f"the cascade with {runs:,} runs",
        budget.fewer(
            "--runs",
            budget.largest(lambda r: budget.cascade_bytes(r, n_countries, years), memory_budget),
        ),
    )
    effect = ws.model.cascade.peer_effect
    low = effect.value if effect.low is None else effect.low
    high = effect.value if effect.high is None else effect.high
    # The uncertain parameters (the link's intercept and slope, the peer effect) are drawn once
    # per group of runs, so each group estimates the probabilities under one draw and the spread
    # of the groups' estimates is the interval.
    groups = max(1, min(MAX_GROUPS, runs // RUNS_PER_GROUP))
    u1, u2 = np.random.default_rng(np.random.SeedSequence([seed, 0])).random((2, groups))
    g_group = triangular(u1, u2, np.float64(low), np.float64(effect.value), np.float64(high))
    intercept, slope = link.draws(groups, seed)
    member = np.arange(runs) % groups
    g = g_group[member]
    base_logit = intercept[:, None] + slope[:, None] * np.asarray(scores)[None, :]  # per group
    peers = declared_peers(ws)
    joined = has_joined(ws)
    return Cascade(
        ws,
        link,
        years,
        runs,
        seed,
        (low, effect.value, high),
        simulate(joined, base_logit, peers, g, years, seed, member),
        simulate(joined, base_logit, peers, np.zeros(runs), years, seed, member),
        groups,
        level,
    )
