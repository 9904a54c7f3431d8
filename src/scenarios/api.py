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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from scenarios.core.errors import OptionError, Problem, plural
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
    from scenarios.panels.analysts import PanelChoice, RuleLike
    from scenarios.panels.disagreement import PanelSummary
    from scenarios.reporting.results import Results as ReportResults

WorkspaceLike = Workspace | str | os.PathLike[str] | None
Progress = Callable[[str, int, int], None]


def load_workspace(
    spec: str | os.PathLike[str] | None = None, *, to_fill: ToFill = "refuse"
) -> Workspace:
    """Load and validate a workspace (folder or bundled name) with its panel (panel/*.yaml)
    attached; raise WorkspaceError listing every problem found, the analysts' files last.
    `to_fill`: see `scenarios.workspace.load.load_workspace`."""
    return load_files(spec, to_fill=to_fill, part=panel_part)


def prepare(
    ws: WorkspaceLike = None,
    *,
    whatifs: Sequence[str] = (),
    weights: Weights | None = None,
    sets: Sets | None = None,
    panel_aggregate: RuleLike | None = None,
    panel: PanelChoice = None,
    partial: bool = False,
) -> Workspace:
    """Load (if needed), choose the panel, combine it by another rule if asked, then apply
    what-ifs in order, then weight and value overrides. With ``partial``, the countries with
    values still to fill are left out (and the workspace's changes say so) instead of refused.

    weights: {"us_engagement": 2} or ["us_engagement=2"]; sets: {"UZ": {"us_engagement": 9}}
    or ["UZ.us_engagement=9"]; panel_aggregate: {"values": "median"} or ["values=median"]
    (the keys of panel.aggregate in model.yaml); panel: None for the workspace's own panel/
    folder (if it has one), False for no panel, or a folder of analyst files or the bundled
    "example-panel" (illustrative analysts) instead.
    """
    if not isinstance(ws, Workspace):
        ws = load_workspace(ws, to_fill="leave_out" if partial else "refuse")
    if panel is not None or panel_aggregate:  # the panels' machinery only where one is asked for
        from scenarios.panels.analysts import use_panel, with_rule

        ws = with_rule(use_panel(ws, panel), panel_aggregate)
    return apply_all(ws, whatifs=whatifs, weights=weights, sets=sets)


def _aggregation(aggregation: str | None) -> Aggregation | None:
    if aggregation is None:
        return None
    checked = arguments.choice("aggregation", aggregation, AGGREGATIONS)
    return next(a for a in AGGREGATIONS if a == checked)


def rank(
    ws: WorkspaceLike = None,
    *,
    whatifs: Sequence[str] = (),
    weights: Weights | None = None,
    sets: Sets | None = None,
    aggregation: str | None = None,
    panel_aggregate: RuleLike | None = None,
    panel: PanelChoice = None,
    horizon: float | None = None,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
    partial: bool = False,
) -> scoring.Ranking:
    """Scores, ranks, contributions and (with a link) probabilities of every country, each
    probability with its central `interval` (e.g. 0.9) over the link's uncertainty. With
    `partial`, only the countries that have every value (the others are named in the
    workspace's changes)."""
    prepared = prepare(
        ws,
        whatifs=whatifs,
        weights=weights,
        sets=sets,
        panel_aggregate=panel_aggregate,
        panel=panel,
        partial=partial,
    )
    return scoring.rank(prepared, _aggregation(aggregation), horizon, level=interval, seed=seed)


def explain(
    ws: WorkspaceLike,
    country: str,
    *,
    whatifs: Sequence[str] = (),
    weights: Weights | None = None,
    sets: Sets | None = None,
    aggregation: str | None = None,
    panel_aggregate: RuleLike | None = None,
    panel: PanelChoice = None,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
) -> scoring.Explanation:
    """One country's factors (value, range, weight, contribution, evidence) and its gap to the
    country ranked just above it."""
    ranking = rank(
        ws,
        whatifs=whatifs,
        weights=weights,
        sets=sets,
        aggregation=aggregation,
        panel_aggregate=panel_aggregate,
        panel=panel,
        interval=interval,
        seed=seed,
    )
    return scoring.explain(ranking, country)


def what_would_change(ranking: scoring.Ranking) -> Signposts:
    """For each country of a finished ranking, the smallest changes of one value that would move
    it one rank up or down (the signposts without the indicators' effects): what `explain
    --full` shows of its country."""
    from scenarios.ledger.signposting import signposts as find

    return find(ranking, indicators=False)


def sensitivity(
    ws: WorkspaceLike = None,
    methods: Sequence[str] = DEFAULT_METHODS,
    *,
    whatifs: Sequence[str] = (),
    weights: Weights | None = None,
    sets: Sets | None = None,
    aggregation: str | None = None,
    panel_aggregate: RuleLike | None = None,
    panel: PanelChoice = None,
    progress: Progress | None = None,
    **settings: Any,
) -> Sensitivity:
    """How robust the ranking is: methods among oat, critical, mc, sobol.

    ``settings`` are those of `scenarios sensitivity`: delta, samples, seed, concentration,
    fixed_weights, values, precision, chunk_size.
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
        if name not in known:
            from scenarios.core.errors import did_you_mean

            raise OptionError(
                Problem(f"unknown setting '{name}'", hint=did_you_mean(name, sorted(known)))
            )
    prepared = prepare(
        ws,
        whatifs=whatifs,
        weights=weights,
        sets=sets,
        panel_aggregate=panel_aggregate,
        panel=panel,
    )
    return analyse(
        prepared,
        tuple(chosen),
        _aggregation(aggregation),
        SensitivitySettings(**settings),
        progress,
    )


def compare(
    ws: WorkspaceLike = None,
    names: Sequence[str] | None = None,
    *,
    whatifs: Sequence[str] = (),
    weights: Weights | None = None,
    sets: Sets | None = None,
    aggregation: str | None = None,
    panel_aggregate: RuleLike | None = None,
    panel: PanelChoice = None,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
) -> Comparison:
    """The baseline against each named what-if (default: all not already applied); the
    probabilities' intervals use the same seed throughout, so their differences are the
    what-ifs' own."""
    from scenarios.analyses.comparison import compare as run_compare

    prepared = prepare(
        ws,
        whatifs=whatifs,
        weights=weights,
        sets=sets,
        panel_aggregate=panel_aggregate,
        panel=panel,
    )
    if isinstance(names, str):
        names = [names]
    return run_compare(prepared, names, _aggregation(aggregation), level=interval, seed=seed)


@dataclass(frozen=True, eq=False)
class WhatIfList:
    """The what-if scenarios of a workspace."""

    workspace: Workspace

    def to_frame(self) -> pd.DataFrame:
        """One row per what-if, indexed by name."""
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
    """The workspace's what-if scenarios (names, titles, what they change)."""
    return WhatIfList(prepare(ws))


def calibrate(
    ws: WorkspaceLike = None, *, aggregation: str | None = None, horizon: float | None = None
) -> Fit:
    """Fit the link's intercept and slope to the outcomes recorded in the profiles."""
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
    aggregation: str | None = None,
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
    ws: WorkspaceLike = None, *, aggregation: str | None = None, horizon: float | None = None
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
    ws: WorkspaceLike = None, *, aggregation: str | None = None, horizon: float | None = None
) -> Backtest:
    """Score the recorded outcomes against the model: Brier, skill, log loss, ROC AUC."""
    from scenarios.analyses.likelihood import backtest as run_backtest

    ranking = rank(ws, aggregation=aggregation)
    return run_backtest(ranking.workspace, ranking.scores, horizon, ranking.aggregation)


def cascade(
    ws: WorkspaceLike = None,
    *,
    whatifs: Sequence[str] = (),
    weights: Weights | None = None,
    sets: Sets | None = None,
    aggregation: str | None = None,
    panel_aggregate: RuleLike | None = None,
    panel: PanelChoice = None,
    horizon: float | None = None,
    runs: int = DEFAULT_CASCADE_RUNS,
    seed: int = DEFAULT_SEED,
    interval: float = DEFAULT_INTERVAL,
    memory_budget: int | None = None,
) -> Cascade:
    """Year-by-year simulation of joining, with and without the peer effect; the link's
    parameters and the peer effect are drawn per group of runs, giving each probability by the
    horizon its central `interval`."""
    from scenarios.analyses.cascading import cascade as run_cascade

    ranking = rank(
        ws,
        whatifs=whatifs,
        weights=weights,
        sets=sets,
        aggregation=aggregation,
        panel_aggregate=panel_aggregate,
        panel=panel,
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
    whatifs: Sequence[str] = (),
    weights: Weights | None = None,
    sets: Sets | None = None,
    aggregation: str | None = None,
    panel_aggregate: RuleLike | None = None,
    panel: PanelChoice = None,
    horizon: float | None = None,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
    calibration: bool = False,
) -> PanelSummary:
    """The workspace's panel of analysts: per cell and weight the aggregate, the spread and who
    is furthest out (the disagreements that reorder the ranking first), and the ranking each
    analyst's own numbers give beside the pooled one, with their rank agreement; with
    `calibration`, each analyst's Brier and log score on the resolved outcomes of the backtest
    workspace they scored too."""
    from scenarios.panels.disagreement import summarize

    prepared = prepare(
        ws,
        whatifs=whatifs,
        weights=weights,
        sets=sets,
        panel_aggregate=panel_aggregate,
        panel=panel,
    )
    if not isinstance(calibration, bool):
        raise OptionError(Problem(f"calibration: expected True or False (got {calibration!r})"))
    return summarize(
        prepared,
        aggregation=_aggregation(aggregation),
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
    back. Never overwrites."""
    from scenarios.panels.sheet import check_name, write_sheet, write_workbook

    check_name(name)
    if xlsx:
        return write_workbook(prepare(ws), name, Path(output or f"{name}.xlsx"))
    return write_sheet(prepare(ws), name, None if output is None else Path(output))


@dataclass(frozen=True, eq=False)
class Validation:
    """A workspace that loaded without errors, and what `validate` warns about."""

    workspace: Workspace
    warnings: tuple[Problem, ...]

    def summary(self) -> str:
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
    `event.as_of`."""
    loaded = prepare(ws if isinstance(ws, Workspace) else load_workspace(ws, to_fill="list"))
    return Validation(loaded, tuple(warnings(loaded)))


def export(
    folder: str | os.PathLike[str] | None = None,
    ws: WorkspaceLike = None,
    *,
    whatifs: Sequence[str] = (),
    weights: Weights | None = None,
    sets: Sets | None = None,
    aggregation: str | None = None,
    panel_aggregate: RuleLike | None = None,
    panel: PanelChoice = None,
    excel: bool = False,
    samples: int = DEFAULT_MC_SAMPLES,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    memory_budget: int | None = None,
    ledger: Ledger = None,
    xlsx: str | os.PathLike[str] | None = None,
    lang: str = "en",
) -> list[Path]:
    """Write every table as CSV plus manifest.json into ``folder``, one workbook ``xlsx`` (the
    ranking first, one table a sheet, headings and names in ``lang``: en or ar), or both from
    one computation; return the files written. With a ledger of records (`ledger`, default the
    workspace's ledger.jsonl), its history, records, scores and forecasts too."""
    from scenarios.io.exporting import export_tables

    prepared = prepare(
        ws,
        whatifs=whatifs,
        weights=weights,
        sets=sets,
        panel_aggregate=panel_aggregate,
        panel=panel,
    )
    return export_tables(
        None if folder is None else Path(folder),
        prepared,
        _aggregation(aggregation),
        excel=excel,
        samples=samples,
        seed=seed,
        progress=progress,
        memory_budget=memory_budget,
        ledger=None if ledger is None else Path(ledger),
        options={
            "weight": list(weights or ()) if not isinstance(weights, dict) else weights,
            "set": list(sets or ()) if not isinstance(sets, dict) else sets,
            "whatif": list(whatifs),
        },
        workbook=None if xlsx is None else Path(xlsx),
        lang=lang,
    )


def init(folder: str | os.PathLike[str], *, template: str = "central-asia") -> Path:
    """Copy a bundled workspace into a new (or empty) folder to edit; never overwrites."""
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
    or a `sheet` (CSV, XLSX or ODS) listing them side by side. Never overwrites."""
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
    once, located as SHEET:ROW:COLUMN."""
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
    whatifs: Sequence[str] = (),
    weights: Weights | None = None,
    sets: Sets | None = None,
    aggregation: str | None = None,
    panel_aggregate: RuleLike | None = None,
    panel: PanelChoice = None,
    horizon: float | None = None,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
) -> Signposts:
    """For each country, the value of each factor at which it would move one rank up or down
    (the others as they are), and what each indicator of model.yaml would do if it happened."""
    from scenarios.ledger.signposting import signposts as find

    ranking = rank(
        ws,
        whatifs=whatifs,
        weights=weights,
        sets=sets,
        aggregation=aggregation,
        panel_aggregate=panel_aggregate,
        panel=panel,
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
    whatifs: Sequence[str] = (),
    weights: Weights | None = None,
    sets: Sets | None = None,
    aggregation: str | None = None,
    panel_aggregate: RuleLike | None = None,
    panel: PanelChoice = None,
    horizon: float | None = None,
    interval: float = DEFAULT_INTERVAL,
    seed: int = DEFAULT_SEED,
) -> Recorded:
    """Append today's forecast (or `date`'s) to the workspace's ledger: each country's score,
    rank, probability and interval, with the inputs, options and seed behind them. A what-if
    is refused: it is a hypothesis, and the ledger keeps forecasts, to be scored."""
    from scenarios.core.errors import OptionError, OutputError
    from scenarios.ledger.records import ledger_file
    from scenarios.ledger.records import record as append

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
        whatifs=whatifs,
        weights=weights,
        sets=sets,
        aggregation=aggregation,
        panel_aggregate=panel_aggregate,
        panel=panel,
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
    """How each country's probability and rank moved across the ledger's records."""
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
    explicit); `new` defaults to the workspace as it is."""
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
    log scores per record and over time, against the base rate."""
    from scenarios.ledger.records import read_ledger_of
    from scenarios.ledger.scorecard import scorecard

    loaded = prepare(ws)
    return scorecard(loaded, read_ledger_of(loaded, ledger), _date("today", today))


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """The JSON Schema of one file kind (model, profile, whatif, panel), or of all four."""
    from scenarios.workspace.schema import FILE_KINDS
    from scenarios.workspace.schema import json_schema as one

    if kind is None:
        return {k: one(k) for k in FILE_KINDS}
    return one(arguments.choice("kind", kind, FILE_KINDS))
