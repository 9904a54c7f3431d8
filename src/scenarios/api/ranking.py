"""Rank, explain, sensitivity and what-ifs: the calls on one ranking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Unpack

from scenarios.analyses import scoring
from scenarios.api.common import Progress, WorkspaceLike, aggregation_of, run_options
from scenarios.api.keywords import (
    SCENARIO,
    ScenarioOptions,
    SensitivityOptions,
    resolved,
)
from scenarios.api.loading import prepare, prepare_run
from scenarios.core import arguments
from scenarios.core.choices import (
    DEFAULT_INTERVAL,
    DEFAULT_METHODS,
    DEFAULT_SEED,
    METHODS,
    Method,
)
from scenarios.core.display import frame_html, short_repr
from scenarios.core.errors import OptionError, Problem
from scenarios.workspace.load import Workspace

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.analyses.comparison import Comparison
    from scenarios.analyses.robustness import Sensitivity
    from scenarios.ledger.signposting import Signposts


def rank(
    ws: WorkspaceLike = None,
    *,
    horizon: float | None = None,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
    partial: bool = False,
    **options: Unpack[ScenarioOptions],
) -> scoring.Ranking:
    """Scores, ranks, contributions and (with a link) probabilities of every country.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None
        None: the workspace `scenarios rank` would find.
    horizon : float, optional
        Years of the probabilities (default: the model's).
    interval : float
        The central interval of each probability over the link's uncertainty (0.9: 90%).
    seed : int
        The seed of the link's draws behind the intervals.
    partial : bool
        Rank only the countries that have every value (the others are named in the
        workspace's changes).
    **options : ScenarioOptions
        ``scenario=`` (a `Scenario`), or its fields ``whatifs=``, ``weights=``, ``sets=``,
        ``aggregation=`` ("additive" or "geometric"), ``panel_aggregate=``; and ``panel=``
        (see `scenarios.api.keywords.ScenarioOptions`).

    Returns
    -------
    Ranking
        ``to_frame()``: one row a country, in rank order.

    Examples
    --------
    >>> ranking = scenarios.rank("central-asia", weights={"us_engagement": 2})
    >>> ranking.to_frame().loc["UZ", "rank"]
    """
    run = run_options(options, "rank")
    prepared = prepare_run(ws, run, partial)
    return scoring.rank(
        prepared, aggregation_of(run["aggregation"]), horizon, level=interval, seed=seed
    )


def explain(
    ws: WorkspaceLike,
    country: str,
    *,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
    **options: Unpack[ScenarioOptions],
) -> scoring.Explanation:
    """One country's factors (value, range, weight, contribution, evidence) and its gap to the
    country ranked just above it.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None
    country : str
        Its id (any case) or name.
    interval, seed :
        As for `rank`.
    **options : ScenarioOptions
        The scenario of the run, as for `rank`.

    Returns
    -------
    Explanation
        ``to_frame()``: one row a factor; ``gap_frame()``: the gap to the country above.
    """
    ranking = rank(ws, interval=interval, seed=seed, **options)
    return scoring.explain(ranking, country)


def what_would_change(ranking: scoring.Ranking) -> Signposts:
    """For each country of a finished ranking, the smallest changes of one value that would move
    it one rank up or down (the signposts without the indicators' effects): what `explain
    --full` shows of its country."""
    from scenarios.ledger.signposting import signposts as find

    return find(ranking, indicators=False)


def sensitivity(
    ws: WorkspaceLike = None,
    methods: Method | Sequence[Method] = DEFAULT_METHODS,
    *,
    progress: Progress | None = None,
    **settings: Unpack[SensitivityOptions],
) -> Sensitivity:
    """How robust the ranking is, by the methods asked.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None
    methods : "oat", "critical", "mc", "sobol", or a list of them
        One-at-a-time weights, critical weights, Monte Carlo, Sobol indices.
    progress : callable(label, done, total), optional
        Called as the Monte Carlo advances.
    **settings : SensitivityOptions
        The scenario of the run, as for `rank`; and the settings of `scenarios
        sensitivity`: ``delta``, ``samples``, ``seed``, ``concentration``, ``fixed_weights``,
        ``values``, ``precision``, ``chunk_size``, ``memory_budget`` (see
        `scenarios.api.keywords.SensitivityOptions`).

    Returns
    -------
    Sensitivity
        ``frames()``: one table a method.
    """
    from scenarios.analyses.robustness import SensitivitySettings, analyse

    if isinstance(methods, str):
        methods = [methods]
    chosen: list[Method] = []
    for method in methods:
        checked = arguments.choice("methods", method, METHODS)
        chosen.extend(m for m in METHODS if m == checked and m not in chosen)
    known = set(SensitivitySettings.__dataclass_fields__)
    for name in settings:
        if name not in known and name not in SCENARIO:
            from scenarios.core.errors import did_you_mean

            raise OptionError(
                Problem(f"unknown setting '{name}'", hint=did_you_mean(name, sorted(known)))
            )
    run = resolved({k: v for k, v in settings.items() if k in SCENARIO})
    chosen_settings: dict[str, Any] = {k: v for k, v in settings.items() if k in known}
    return analyse(
        prepare_run(ws, run),
        tuple(chosen),
        aggregation_of(run["aggregation"]),
        SensitivitySettings(**chosen_settings),
        progress,
    )


def compare(
    ws: WorkspaceLike = None,
    names: Sequence[str] | None = None,
    *,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
    **options: Unpack[ScenarioOptions],
) -> Comparison:
    """The baseline against each named what-if; the probabilities' intervals use the same
    seed throughout, so their differences are the what-ifs' own.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None
    names : list of str, optional
        The what-ifs to weigh, each alone against the baseline (default: all not already
        applied by ``whatifs=``).
    interval, seed :
        As for `rank`.
    **options : ScenarioOptions
        The scenario of the baseline, as for `rank`.

    Returns
    -------
    Comparison
        ``to_frame()``: one row a country and scenario; ``drivers_frame()``: the factors
        behind each change.
    """
    from scenarios.analyses.comparison import compare as run_compare

    run = run_options(options, "compare")
    prepared = prepare_run(ws, run)
    if isinstance(names, str):
        names = [names]
    return run_compare(
        prepared, names, aggregation_of(run["aggregation"]), level=interval, seed=seed
    )


@dataclass(frozen=True, eq=False)
class WhatIfList:
    """The what-if scenarios of a workspace."""

    __repr__ = short_repr
    _repr_html_ = frame_html

    workspace: Workspace

    def to_frame(self) -> pd.DataFrame:
        """One row per what-if, indexed by name.

        Returns
        -------
        pandas.DataFrame
            Indexed by name: title, the number of values, weights and statuses it changes, and
            description.
        """
        import pandas as pd

        rows = [
            {
                "name": name,
                "title": w.title,
                "values": len(w.values),
                "weights": len(w.weights),
                "status": len(w.status),
                "description": w.description,
            }
            for name, w in self.workspace.whatifs.items()
        ]
        columns = ["name", "title", "values", "weights", "status", "description"]
        return pd.DataFrame(rows, columns=columns).set_index("name")


def whatifs(ws: WorkspaceLike = None) -> WhatIfList:
    """The workspace's what-if scenarios (names, titles, what they change).

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)

    Returns
    -------
    WhatIfList
        ``to_frame()``: one row a what-if.
    """
    return WhatIfList(prepare(ws))
