"""The public Python API: every operation of the command line, as a library call first.

Each function takes a workspace (a loaded `Workspace`, a folder, a bundled name, or None for the
one `scenarios rank` would find) and typed keyword arguments, checks them, and returns a frozen
result object whose `to_frame()` (or `frames()`) gives pandas DataFrames indexed by country id
(and factor where it applies). Bad arguments raise `OptionError`, bad files `WorkspaceError`,
unusable output locations `OutputError`: all `ScenariosError`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from scenarios.analyses import scoring
from scenarios.core import arguments
from scenarios.core.choices import (
    AGGREGATIONS,
    DEFAULT_CASCADE_RUNS,
    DEFAULT_DELTA,
    DEFAULT_INTERVAL,
    DEFAULT_MC_SAMPLES,
    DEFAULT_METHODS,
    DEFAULT_SEED,
    METHODS,
    MIN_REPORT_SAMPLES,
    Aggregation,
    Method,
)
from scenarios.core.display import frame_html, short_repr
from scenarios.core.errors import OptionError, Problem, plural
from scenarios.keywords import (
    EDITS,
    SCENARIO,
    EditOptions,
    ScenarioOptions,
    SensitivityOptions,
    check_keywords,
    resolved,
)
from scenarios.panels.part import panel_part
from scenarios.workspace.load import ToFill, Workspace
from scenarios.workspace.load import load_workspace as load_files
from scenarios.workspace.warnings import warnings
from scenarios.workspace.whatif import Sets, Weights, apply_all

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.analyses.cascading import Cascade
    from scenarios.analyses.comparison import Comparison
    from scenarios.analyses.likelihood import Backtest, BaseRateCheck, Fit, Variants
    from scenarios.analyses.robustness import Sensitivity
    from scenarios.io.importing import Import
    from scenarios.ledger.diffing import Diff
    from scenarios.ledger.records import History, Recorded
    from scenarios.ledger.scorecard import Scorecard
    from scenarios.ledger.signposting import Signposts
    from scenarios.panels.disagreement import PanelSummary
    from scenarios.reporting.results import Results as ReportResults

WorkspaceLike = Workspace | str | os.PathLike[str] | None
Progress = Callable[[str, int, int], None]


def load_workspace(
    spec: str | os.PathLike[str] | None = None, *, to_fill: ToFill = "refuse"
) -> Workspace:
    """Load and validate a workspace (folder or bundled name) with its panel (panel/*.yaml)
    attached; raise WorkspaceError listing every problem found, the analysts' files last.

    Parameters
    ----------
    spec : folder, bundled name or None
        None: the workspace `scenarios rank` would find.
    to_fill : "refuse", "leave_out" or "list"
        What to do with values still to fill (see `scenarios.workspace.load.load_workspace`).

    Returns
    -------
    Workspace
        Validated, with its panel attached where panel/ holds analysts' files.
    """
    return load_files(spec, to_fill=to_fill, part=panel_part)


def prepare(
    ws: WorkspaceLike = None, *, partial: bool = False, **options: Unpack[EditOptions]
) -> Workspace:
    """The workspace of one run: loaded (if needed), with the panel chosen and combined by
    the rule asked, then the what-ifs applied in order, then the weights and values set.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None
        None: the workspace `scenarios rank` would find.
    partial : bool
        Leave out the countries with values still to fill (the workspace's changes say so)
        instead of refusing them.
    **options : EditOptions
        ``scenario=`` (a `Scenario`), or its fields ``whatifs=``, ``weights=``, ``sets=``,
        ``panel_aggregate=``, and ``panel=`` (see `scenarios.keywords.EditOptions`).

    Returns
    -------
    Workspace
        Its ``changes`` (and ``scenario``) say what this run changed.

    Examples
    --------
    >>> ws = scenarios.prepare("central-asia", weights={"us_engagement": 2})
    >>> str(ws.scenario)
    '--weight us_engagement=2'
    """
    check_keywords(options, EDITS, "prepare")
    return _prepared(ws, resolved(options), partial)


def _prepared(ws: WorkspaceLike, run: dict[str, Any], partial: bool = False) -> Workspace:
    if not isinstance(ws, Workspace):
        ws = load_workspace(ws, to_fill="leave_out" if partial else "refuse")
    if run["panel"] is not None or run["panel_aggregate"]:  # the panels' code only when asked
        from scenarios.panels.analysts import use_panel, with_rule

        ws = with_rule(use_panel(ws, run["panel"]), run["panel_aggregate"])
    return apply_all(ws, whatifs=run["whatifs"], weights=run["weights"], sets=run["sets"])


def _run(options: Mapping[str, object], function: str) -> dict[str, Any]:
    """The scenario options of a call, checked (unknown keywords refused) and resolved."""
    check_keywords(options, SCENARIO, function)
    return resolved(options)


def _aggregation(aggregation: str | None) -> Aggregation | None:
    if aggregation is None:
        return None
    checked = arguments.choice("aggregation", aggregation, AGGREGATIONS)
    return next(a for a in AGGREGATIONS if a == checked)


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
        (see `scenarios.keywords.ScenarioOptions`).

    Returns
    -------
    Ranking
        ``to_frame()``: one row a country, in rank order.

    Examples
    --------
    >>> ranking = scenarios.rank("central-asia", weights={"us_engagement": 2})
    >>> ranking.to_frame().loc["UZ", "rank"]
    """
    run = _run(options, "rank")
    prepared = _prepared(ws, run, partial)
    return scoring.rank(
        prepared, _aggregation(run["aggregation"]), horizon, level=interval, seed=seed
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
        `scenarios.keywords.SensitivityOptions`).

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
        _prepared(ws, run),
        tuple(chosen),
        _aggregation(run["aggregation"]),
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

    run = _run(options, "compare")
    prepared = _prepared(ws, run)
    if isinstance(names, str):
        names = [names]
    return run_compare(prepared, names, _aggregation(run["aggregation"]), level=interval, seed=seed)


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


def calibrate(
    ws: WorkspaceLike = None,
    *,
    aggregation: Aggregation | None = None,
    horizon: float | None = None,
) -> Fit:
    """Fit the link's intercept and slope to the outcomes recorded in the profiles.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
        Its profiles record outcomes.
    aggregation : "additive" or "geometric" (default: the model's)
    horizon : years (default: the model's)

    Returns
    -------
    Fit
        ``to_frame()``: the link's intercept and slope with their spread, in one row.
    """
    from scenarios.analyses.likelihood import calibrate_workspace

    ranking = rank(ws, aggregation=aggregation)
    return calibrate_workspace(
        ranking.workspace, ranking.scores, horizon, aggregation=ranking.aggregation
    )


def base_rate_check(
    ws: WorkspaceLike = None,
    *,
    weights: Weights | None = None,
    sets: Sets | None = None,
    aggregation: Aggregation | None = None,
) -> BaseRateCheck | None:
    """Calibration in the large: the events the link expects among the base rate's states over
    its window, against those observed (None where the intercept is not derived from a base rate
    whose states the workspace scores).

    Parameters
    ----------
    ws: the workspace; weights, sets: edits of this run, as on the command line;
    aggregation: "additive" or "geometric" (default: the model's).

    Returns
    -------
    BaseRateCheck, whose ``total`` equals ``observed`` to the precision of the fit.
    """
    from scenarios.analyses.likelihood import base_rate_check as check

    ranking = rank(ws, weights=weights, sets=sets, aggregation=aggregation)
    return check(ranking.workspace, ranking.aggregation)


def variants(
    ws: WorkspaceLike = None,
    *,
    aggregation: Aggregation | None = None,
    horizon: float | None = None,
) -> Variants:
    """The link fitted on the cohort's own rule and on each of model.yaml's `variants`.

    Parameters
    ----------
    ws: a workspace with resolved outcomes (a backtest cohort such as abraham-2020);
    aggregation: "additive" or "geometric"; horizon: years (default: the model's).

    Returns
    -------
    Variants, whose ``to_frame()`` has one row a variant: outcomes, events, slope, slope_sd,
    loo_skill (leave-one-out Brier skill) and roc_auc.
    """
    from scenarios.analyses.likelihood import fit_variants

    ranking = rank(ws, aggregation=aggregation)
    return fit_variants(ranking.workspace, ranking.aggregation, horizon)


def backtest(
    ws: WorkspaceLike = None,
    *,
    aggregation: Aggregation | None = None,
    horizon: float | None = None,
) -> Backtest:
    """Score the recorded outcomes against the model: Brier, skill, log loss, ROC AUC.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
        A cohort with resolved outcomes (such as abraham-2020).
    aggregation, horizon : as for `calibrate`

    Returns
    -------
    Backtest
        ``summary_frame()``, ``predictions_frame()``, ``factors_frame()`` ...
    """
    from scenarios.analyses.likelihood import backtest as run_backtest

    ranking = rank(ws, aggregation=aggregation)
    return run_backtest(ranking.workspace, ranking.scores, horizon, ranking.aggregation)


def cascade(
    ws: WorkspaceLike = None,
    *,
    horizon: float | None = None,
    runs: int = DEFAULT_CASCADE_RUNS,
    seed: int = DEFAULT_SEED,
    interval: float = DEFAULT_INTERVAL,
    memory_budget: int | None = None,
    **options: Unpack[ScenarioOptions],
) -> Cascade:
    """Year-by-year simulation of joining, with and without the peer effect; the link's
    parameters and the peer effect are drawn per group of runs, giving each probability by the
    horizon its central `interval`.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    horizon, interval, seed, **options : as for `rank`
    runs : the simulated runs
    memory_budget : bytes a run may use (default: half of the memory available)

    Returns
    -------
    Cascade
        ``by_year_frame()``, ``spur_frame()``, ``count_frame()`` ...
    """
    from scenarios.analyses.cascading import cascade as run_cascade

    ranking = rank(
        ws,
        **options,
        horizon=horizon,
    )
    return run_cascade(
        ranking.workspace,
        ranking.scores,
        ranking.link,
        horizon=horizon,
        runs=runs,
        seed=seed,
        level=interval,
        memory_budget=memory_budget,
    )


def panel(
    ws: WorkspaceLike = None,
    *,
    horizon: float | None = None,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
    calibration: bool = False,
    **options: Unpack[ScenarioOptions],
) -> PanelSummary:
    """The workspace's panel of analysts: per cell and weight the aggregate, the spread and who
    is furthest out (the disagreements that reorder the ranking first), and the ranking each
    analyst's own numbers give beside the pooled one, with their rank agreement; with
    `calibration`, each analyst's Brier and log score on the resolved outcomes of the backtest
    workspace they scored too.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    horizon, interval, seed, **options : as for `rank`
    calibration : score each analyst on the resolved outcomes too

    Returns
    -------
    PanelSummary
        ``frames()``: analysts, rankings, cells, weights (and calibration).
    """
    from scenarios.panels.disagreement import summarize

    run = _run(options, "panel")
    prepared = _prepared(ws, run)
    if not isinstance(calibration, bool):
        raise OptionError(Problem(f"calibration: expected True or False (got {calibration!r})"))
    return summarize(
        prepared,
        aggregation=_aggregation(run["aggregation"]),
        horizon=horizon,
        level=interval,
        seed=seed,
        calibration=calibration,
    )


def panel_init(
    name: str,
    ws: WorkspaceLike = None,
    *,
    output: str | os.PathLike[str] | None = None,
    xlsx: bool = False,
) -> Path:
    """Write a blank judgement sheet for the analyst `name`: every country × factor to fill,
    with the profiles' evidence notes and sources beside each cell and nobody's values; into the
    workspace's panel/NAME.yaml, or `output`. With `xlsx`, as an XLSX workbook (to `output`,
    default NAME.xlsx in the current folder), which `import_sheet(..., analyst=NAME)` reads
    back. Never overwrites.

    Parameters
    ----------
    name : the analyst's file name (panel/NAME.yaml)
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    output : where to write (default: panel/NAME.yaml, or NAME.xlsx)
    xlsx : write an XLSX workbook instead

    Returns
    -------
    Path
        The file written.
    """
    from scenarios.panels.sheet import check_name, write_sheet, write_workbook

    check_name(name)
    if xlsx:
        return write_workbook(prepare(ws), name, Path(output or f"{name}.xlsx"))
    return write_sheet(prepare(ws), name, None if output is None else Path(output))


@dataclass(frozen=True, eq=False)
class Validation:
    """A workspace that loaded without errors, and what `validate` warns about."""

    __repr__ = short_repr

    workspace: Workspace
    warnings: tuple[Problem, ...]

    def summary(self) -> str:
        """What `scenarios validate` prints first.

        Returns
        -------
        str
            One line: the workspace, its countries, factors, groups, what-ifs (and analysts),
            the warnings, and the values still to fill.
        """
        ws = self.workspace
        found = len(self.warnings)
        countries = len(ws.profiles) + len(ws.left_out)
        blanks = len(ws.to_fill)
        complete = len(ws.profiles)
        to_fill = (
            f"; {plural(blanks, 'value')} to fill in {len(ws.left_out)} of {countries} "
            "countries: `rank` refuses until they are filled"
            + (f" (`rank --partial` ranks the {complete} complete)" if complete else "")
            if blanks
            else ""
        )
        return (
            f"ok: {ws.name} — {countries} "
            f"{'country' if countries == 1 else 'countries'}, "
            f"{plural(len(ws.factor_ids), 'factor')} in {plural(len(ws.group_ids), 'group')}, "
            f"{plural(len(ws.whatifs), 'what-if')}"
            + (f", {plural(len(ws.panel.analysts), 'analyst')}" if ws.panel is not None else "")
            + (f"; {plural(found, 'warning')}" if found else "")
            + to_fill
        )


def validate(ws: WorkspaceLike = None) -> Validation:
    """Load every file (raising WorkspaceError with every problem; values still to fill are
    listed in the workspace's `to_fill`, not refused), then collect warnings:
    stale evidence (older than the model's stale_after_years at the evidence date,
    `event.as_of`, else the latest dated value), values with no source, and dates after
    `event.as_of`.

    Parameters
    ----------
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)

    Returns
    -------
    Validation
        The workspace and its warnings; ``summary()`` says them in a line.
    """
    loaded = prepare(ws if isinstance(ws, Workspace) else load_workspace(ws, to_fill="list"))
    return Validation(loaded, tuple(warnings(loaded)))


def export(
    folder: str | os.PathLike[str] | None = None,
    ws: WorkspaceLike = None,
    *,
    excel: bool = False,
    samples: int = DEFAULT_MC_SAMPLES,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    memory_budget: int | None = None,
    ledger: Ledger = None,
    xlsx: str | os.PathLike[str] | None = None,
    lang: str = "en",
    **options: Unpack[ScenarioOptions],
) -> list[Path]:
    """Write every table as CSV plus manifest.json into ``folder``, one workbook ``xlsx`` (the
    ranking first, one table a sheet, headings and names in ``lang``: en or ar), or both from
    one computation; return the files written. With a ledger of records (`ledger`, default the
    workspace's ledger.jsonl), its history, records, scores and forecasts too.

    Parameters
    ----------
    folder : where the CSVs and manifest.json go (None: only the workbook)
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    excel : CSVs with a byte-order mark, for Excel
    samples, seed : of the Monte Carlo
    progress : called as the Monte Carlo advances
    memory_budget : as for `cascade`
    ledger : the ledger file (default: the workspace's ledger.jsonl)
    xlsx : the workbook to write
    lang : "en" or "ar"
    **options : the scenario, as for `rank`

    Returns
    -------
    list of Path
        The files written.
    """
    from scenarios.io.exporting import export_tables

    run = _run(options, "export")
    prepared = _prepared(ws, run)
    weights, sets = run["weights"], run["sets"]
    return export_tables(
        None if folder is None else Path(folder),
        prepared,
        _aggregation(run["aggregation"]),
        excel=excel,
        samples=samples,
        seed=seed,
        progress=progress,
        memory_budget=memory_budget,
        ledger=None if ledger is None else Path(ledger),
        options={
            "weight": list(weights or ()) if not isinstance(weights, dict) else weights,
            "set": list(sets or ()) if not isinstance(sets, dict) else sets,
            "whatif": list(run["whatifs"]),
        },
        workbook=None if xlsx is None else Path(xlsx),
        lang=lang,
    )


def init(folder: str | os.PathLike[str], *, template: str = "central-asia") -> Path:
    """Copy a bundled workspace into a new (or empty) folder to edit; never overwrites.

    Parameters
    ----------
    folder : a new or empty folder
    template : the bundled workspace to copy

    Returns
    -------
    Path
        The workspace's folder.
    """
    from scenarios.workspace.find import create_workspace

    return create_workspace(Path(folder), template)


def new(
    folder: str | os.PathLike[str],
    *,
    question: str | None = None,
    title: str | None = None,
    countries: Sequence[str] = (),
    factors: Sequence[str] = (),
    sheet: str | os.PathLike[str] | None = None,
) -> Path:
    """Make a blank workspace in a new (or empty) folder: model.yaml from the question and the
    factors, one profile per country with every value still to fill. The countries and factors
    are `countries` ("ID,NAME[,NAME_AR]") and `factors` ("ID,DIRECTION,GROUP[,WEIGHT[,LABEL]]"),
    or a `sheet` (CSV, XLSX or ODS) listing them side by side. Never overwrites.

    Parameters
    ----------
    folder : a new or empty folder
    question, title : of the model
    countries, factors : as on the command line
    sheet : a CSV, XLSX or ODS listing both instead

    Returns
    -------
    Path
        The workspace's folder.
    """
    from scenarios.io.newworkspace import create, from_options, from_sheet

    if sheet is not None and (countries or factors):
        raise OptionError(
            Problem(
                "--from FILE and --country/--factor: give the countries and factors one way",
                hint="list them all in the sheet, or all as options",
            )
        )
    setup = (
        from_sheet(Path(sheet), question, title)
        if sheet is not None
        else from_options(question, title, countries, factors)
    )
    return create(Path(folder), setup)


def import_sheet(
    sheet: str | os.PathLike[str],
    ws: WorkspaceLike = None,
    *,
    write: bool = False,
    analyst: str | None = None,
) -> Import:
    """What importing a sheet (CSV, XLSX or ODS; long like evidence.csv or wide: countries down,
    factors across) into the workspace's profiles changes; written, all files or none, only
    with `write`. With `analyst`, into that analyst's panel/NAME.yaml instead (a row without a
    value is left blank: it falls back to the profile). Every problem of the sheet is raised at
    once, located as SHEET:ROW:COLUMN.

    Parameters
    ----------
    sheet : a CSV, XLSX or ODS file
    ws : Workspace, folder, bundled name or None (the one `scenarios rank` would find)
    write : write the files (else only say what would change)
    analyst : into panel/NAME.yaml instead of the profiles

    Returns
    -------
    Import
        ``to_frame()``: one row a changed field.
    """
    from scenarios.io.importing import plan, plan_analyst

    loaded = ws if isinstance(ws, Workspace) else load_workspace(ws, to_fill="list")
    result = (
        plan(loaded, Path(sheet)) if analyst is None else plan_analyst(loaded, analyst, Path(sheet))
    )
    if write and result.texts:
        result.write()
    return result


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


Ledger = str | os.PathLike[str] | None
"""A ledger file, which must exist where it is read; None: ledger.jsonl in the workspace folder
(no records until the first `record`)."""


def _date(name: str, value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        from scenarios.core.errors import OptionError

        raise OptionError(
            Problem(f"{name}: expected a date as YYYY-MM-DD (got {value!r})")
        ) from None


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
    from scenarios.core.errors import OptionError, OutputError
    from scenarios.ledger.records import ledger_file
    from scenarios.ledger.records import record as append

    whatifs = _run(options, "record")["whatifs"]
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
        ranking, ledger_file(loaded, ledger), note=note, date=_date("date", date), seed=seed
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


def report(
    ws: WorkspaceLike = None,
    *,
    aggregation: str | None = None,
    horizon: float | None = None,
    samples: int = DEFAULT_MC_SAMPLES,
    seed: int = DEFAULT_SEED,
    runs: int = DEFAULT_CASCADE_RUNS,
    delta: float = DEFAULT_DELTA,
    ledger: Ledger = None,
    progress: Progress | None = None,
) -> ReportResults:
    """Every analysis `scenarios report` shows, computed once, for `build_report` to draw in any
    language (a workspace from `prepare` carries its what-ifs, weights, values and panel).
    `ledger`: the ledger whose records the page follows over time."""
    from scenarios.analyses.assessment import assess
    from scenarios.ledger.records import history as follow
    from scenarios.ledger.records import read_ledger_of
    from scenarios.ledger.signposting import signposts as find
    from scenarios.panels.part import panel_part
    from scenarios.reporting.results import Results

    arguments.whole("samples", samples, at_least=MIN_REPORT_SAMPLES)
    arguments.whole("runs", runs, at_least=1)
    loaded = ws if isinstance(ws, Workspace) else prepare(ws)
    book = read_ledger_of(loaded, ledger)  # first: a broken ledger fails fast
    past = follow(book) if book.records else None
    found = assess(
        loaded, aggregation=_aggregation(aggregation), horizon=horizon, samples=samples,
        seed=seed, runs=runs, delta=delta, progress=progress, part=panel_part,
    )  # fmt: skip
    named = None if ledger is None else os.fspath(ledger)
    return Results.of(found, history=past, signposts=find(found.ranking), ledger=named)


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
    return scorecard(loaded, read_ledger_of(loaded, ledger), _date("today", today))


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """The JSON Schema of one file kind (model, profile, whatif, panel), or of all four.

    Parameters
    ----------
    kind : "model", "profile", "whatif" or "panel" (None: all four)

    Returns
    -------
    dict
        The JSON Schema (or a mapping of kind to schema).
    """
    from scenarios.workspace.schema import FILE_KINDS
    from scenarios.workspace.schema import json_schema as one

    if kind is None:
        return {k: one(k) for k in FILE_KINDS}
    return one(arguments.choice("kind", kind, FILE_KINDS))
