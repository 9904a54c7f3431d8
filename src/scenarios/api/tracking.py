"""Following an assessment over time: signposts, records, history, diffs and scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Unpack

from scenarios.api.common import Ledger, WorkspaceLike, date_of, run_options
from scenarios.api.keywords import (
    ScenarioOptions,
)
from scenarios.api.loading import prepare
from scenarios.api.ranking import rank
from scenarios.core.choices import (
    DEFAULT_INTERVAL,
    DEFAULT_SEED,
)
from scenarios.core.errors import OptionError, Problem

if TYPE_CHECKING:
    from scenarios.ledger.diffing import Diff
    from scenarios.ledger.records import History, Recorded
    from scenarios.ledger.scorecard import Scorecard
    from scenarios.ledger.signposting import Signposts


def signposts(
    ws: WorkspaceLike = None,
    *,
    horizon: float | None = None,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
    **options: Unpack[ScenarioOptions],
) -> Signposts:
    """For each country, the value of each factor at which it would move one rank up or down
    (the others as they are), and what each indicator of model.yaml would do if it happened.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    horizon, interval, seed, **options : as for `rank`

    Returns
    -------
    Signposts
        ``to_frame()``, ``thresholds_frame()``, ``indicators_frame()``.
    """
    from scenarios.ledger.signposting import signposts as find

    ranking = rank(
        ws,
        **options,
        horizon=horizon,
        interval=interval,
        seed=seed,
    )
    return find(ranking, seed=seed)


def record(
    ws: WorkspaceLike = None,
    *,
    note: str = "",
    date: dt.date | str | None = None,
    ledger: Ledger = None,
    horizon: float | None = None,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
    **options: Unpack[ScenarioOptions],
) -> Recorded:
    """Append today's forecast (or `date`'s) to the workspace's ledger: each country's score,
    rank, probability and interval, with the inputs, options and seed behind them. A what-if
    is refused: it is a hypothesis, and the ledger keeps forecasts, to be scored.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    note : kept with the record
    date : the forecast's date (default: today)
    ledger : the ledger file (default: the workspace's ledger.jsonl)
    horizon, interval, seed, **options : as for `rank` (no what-if)

    Returns
    -------
    Recorded
        ``to_frame()``: one row a country, as recorded.
    """
    from scenarios.core.errors import OutputError
    from scenarios.ledger.records import ledger_file
    from scenarios.ledger.records import record as append

    whatifs = run_options(options, "record")["whatifs"]
    if whatifs:
        names = [whatifs] if isinstance(whatifs, str) else list(whatifs)
        raise OptionError(
            Problem(
                f"--whatif {names[0]}: a what-if is a hypothesis, not a forecast, and the ledger "
                "keeps forecasts, to be scored once they resolve",
                hint="record the forecast itself; `scenarios compare` weighs the what-ifs",
            )
        )
    ranking = rank(
        ws,
        **options,
        horizon=horizon,
        interval=interval,
        seed=seed,
    )
    loaded = ranking.workspace
    if ledger is None and loaded.installed:
        raise OutputError(
            Problem(
                f"{loaded.name} is the installed copy: a ledger there is lost on reinstall",
                hint="`scenarios init DIR` makes a workspace to edit, or give --ledger FILE",
            )
        )
    if not isinstance(note, str):
        raise OptionError(Problem(f"note: expected text (got {note!r})"))
    return append(
        ranking, ledger_file(loaded, ledger), note=note, date=date_of("date", date), seed=seed
    )


def history(
    ws: WorkspaceLike = None, countries: Sequence[str] = (), *, ledger: Ledger = None
) -> History:
    """How each country's probability and rank moved across the ledger's records.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    countries : ids to show (default: all)
    ledger : as for `record`

    Returns
    -------
    History
        ``to_frame()``, ``records_frame()``.
    """
    from scenarios.ledger.records import history as build
    from scenarios.ledger.records import read_ledger_of

    loaded = prepare(ws)
    return build(read_ledger_of(loaded, ledger), countries)


def diff(
    old: str,
    new: str | None = None,
    *,
    workspace: WorkspaceLike = None,
    ledger: Ledger = None,
) -> Diff:
    """Two states of a workspace: what changed (values, ranges, weights, statuses) and how each
    country's score and rank moved because of it. A state is a folder, `record:N` of the ledger
    (`record:-1`: the last), or a git revision of the workspace's repository (`git:REV` to be
    explicit); `new` defaults to the workspace as it is.

    Parameters
    ----------
    old, new : states (a folder, record:N or git:REV)
    workspace : as ``ws`` elsewhere
    ledger : as for `record`

    Returns
    -------
    Diff
        ``frames()``: edits, attribution, swaps.
    """
    from scenarios.ledger.diffing import diff as compare_states
    from scenarios.ledger.revisions import current_state, state_from

    loaded = prepare(workspace)
    states = [state_from(str(old), loaded, ledger)]
    states.append(current_state(loaded) if new is None else state_from(str(new), loaded, ledger))
    return compare_states(*states)


def score(
    ws: WorkspaceLike = None, *, ledger: Ledger = None, today: dt.date | str | None = None
) -> Scorecard:
    """Score every ledger record's forecasts whose outcome has resolved by `today`: Brier and
    log scores per record and over time, against the base rate.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    ledger : as for `record`
    today : the day outcomes are resolved by (default: today)

    Returns
    -------
    Scorecard
        ``to_frame()``: one row a record; ``forecasts_frame()``.
    """
    from scenarios.ledger.records import read_ledger_of
    from scenarios.ledger.scorecard import scorecard

    loaded = prepare(ws)
    return scorecard(loaded, read_ledger_of(loaded, ledger), date_of("today", today))
