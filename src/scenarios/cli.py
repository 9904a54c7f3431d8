"""The `scenarios` command line: parse options, call the core, hand results to render/export.

Errors from the core (ScenariosError) become one line each on stderr and exit status 2.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import render, scoring
from .errors import OptionError, Problem, ScenariosError, WorkspaceError
from .options import (
    AggregationOpt,
    Format,
    FormatOpt,
    HorizonOpt,
    MemoryBudgetOpt,
    Method,
    Options,
    OutputOpt,
    SeedOpt,
    SetOpt,
    ValuesChoice,
    WatchOpt,
    WeightOpt,
    WhatifOpt,
    WorkspaceOpt,
)
from .output import (
    ProgressBar,
    Report,
    emit,
    meta_of,
    report_problems,
    sensitivity_meta,
    show,
    write,
)
from .workspace import bundled_names, bundled_root, load_workspace, warnings

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import RenderableType

app = typer.Typer(
    name="scenarios",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"scenarios {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Transparent, reproducible likelihood rankings from weighted factors in YAML."""


def command(*args: Any, **kwargs: Any) -> Callable:
    """app.command that turns the core's errors into one-line messages and exit status 2."""

    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(*a: Any, **kw: Any) -> Any:
            try:
                return func(*a, **kw)
            except ScenariosError as exc:
                report_problems(exc.problems)
                raise typer.Exit(2) from None
            except MemoryError:  # beyond the estimates (budget.py): still one line, not a trace
                report_problems(
                    [
                        Problem(
                            "out of memory",
                            hint="use fewer samples or runs, or a smaller --memory-budget so "
                            "that runs this large are refused before they start",
                        )
                    ]
                )
                raise typer.Exit(2) from None

        return app.command(*args, **kwargs)(wrapper)

    return decorate


# --- commands ---------------------------------------------------------------------------


@command()
def rank(
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    horizon: HorizonOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    watch: WatchOpt = False,
) -> None:
    """Rank the countries by score (and probability, where the model has a link)."""
    opts = Options.of(workspace, weight, set_, whatif, aggregation)

    def build() -> Report:
        result = scoring.rank(opts.workspace_loaded(), opts.aggregation, horizon)

        def draw() -> list[RenderableType]:
            from rich.text import Text

            notes = [Text(n, style="dim") for n in render.ranking_notes(result)]
            return [render.ranking_table(result), *notes]

        meta = meta_of(result.workspace, aggregation=result.aggregation, horizon=result.horizon)
        return Report(lambda: {"rankings": result.to_frame()}, draw, meta)

    show(build, format, output, watch, opts.workspace)


@command()
def explain(
    country: Annotated[str, typer.Argument(metavar="ID", help="Country id, e.g. UZ.")],
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Show why a country scores as it does: each factor's value, weight, contribution and
    evidence, and the gap to the country ranked just above it."""
    opts = Options.of(workspace, weight, set_, whatif, aggregation)
    expl = scoring.explain(scoring.rank(opts.workspace_loaded(), opts.aggregation), country)

    def frames() -> dict[str, pd.DataFrame]:
        frame = expl.to_frame()
        gap = expl.gap()
        frame["gap_to_above"] = gap if gap is not None else float("nan")
        return {"explain": frame}

    emit(
        Report(
            frames,
            lambda: render.explanation(expl),
            meta_of(expl.ranking.workspace, country=country, aggregation=expl.ranking.aggregation),
        ),
        format,
        output,
    )


@command("factors")
def factors(
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """The countries × factors table of values, coloured as a heatmap (alias: matrix)."""
    opts = Options.of(workspace, weight, set_, whatif, None)
    result = scoring.rank(opts.workspace_loaded())
    emit(
        Report(
            lambda: {"matrix": result.matrix_frame()},
            lambda: [render.matrix(result)],
            meta_of(result.workspace),
        ),
        format,
        output,
    )


app.command("matrix", help="Alias of `factors`.")(factors)


@command()
def validate(workspace: WorkspaceOpt = None) -> None:
    """Check every file of a workspace; print 'ok' with a summary, or every problem.

    Also warns (without failing) about stale evidence and values with no source."""
    ws = load_workspace(workspace)
    found = warnings(ws)
    report_problems(found, "warning")
    console = render.make_console()
    console.print(
        f"ok: {ws.name} — {len(ws.profiles)} countries, {len(ws.factor_ids)} factors in "
        f"{len(ws.group_ids)} groups, {len(ws.whatifs)} what-ifs"
        + (f"; {len(found)} warnings" if found else ""),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


@command()
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(help="model, profile or whatif; default: all three in one JSON object."),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Print the JSON Schema of the workspace files (for editors such as yaml-language-server)."""
    import json

    from .errors import OptionError, did_you_mean
    from .schema import FILE_KINDS, json_schema

    if kind is not None and kind not in FILE_KINDS:
        raise OptionError(
            Problem(f"unknown file kind '{kind}'", hint=did_you_mean(kind, FILE_KINDS))
        )
    data = json_schema(kind) if kind else {k: json_schema(k) for k in FILE_KINDS}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        write(output, text)


@command()
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="New folder to create.")],
    from_: Annotated[
        str, typer.Option("--from", metavar="NAME", help="Bundled workspace to copy.")
    ] = "central-asia",
) -> None:
    """Copy a bundled workspace into DIR to edit (never overwrites)."""
    import os
    import shutil
    import tempfile

    from .errors import OptionError, did_you_mean

    if from_ not in bundled_names():
        raise OptionError(
            Problem(
                f"--from {from_}: no such bundled workspace",
                hint=did_you_mean(from_, bundled_names()),
            )
        )
    try:  # a name too long, a loop of links ...: one line, like any other mistake
        taken = folder.exists() and (not folder.is_dir() or any(folder.iterdir()))
        target = folder.resolve()
        parent = target.parent
        parent_ok, parent_exists = parent.is_dir(), parent.exists()
    except (OSError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise WorkspaceError(Problem(f"cannot create '{folder}': {reason}")) from None
    if taken:
        raise WorkspaceError(
            Problem(
                f"'{folder}' already exists and is not empty",
                hint="choose a new folder; init never overwrites",
            )
        )
    if not parent_ok:
        what = "is not a folder" if parent_exists else "does not exist"
        raise WorkspaceError(Problem(f"cannot create '{folder}': '{parent}' {what}"))
    try:
        # Copy into a temporary sibling, then rename: no half-copied workspace is left behind.
        # (A short name, whatever the folder's: a 250-character name must still work.)
        tmp = Path(tempfile.mkdtemp(prefix=f".scenarios-{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise WorkspaceError(Problem(f"cannot create '{folder}': {exc.strerror}")) from None
    try:
        shutil.copytree(
            bundled_root() / from_,
            tmp,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        if target.exists():  # an empty folder (perhaps the current one): keep it, fill it
            for child in tmp.iterdir():
                child.rename(target / child.name)
            tmp.rmdir()
        else:
            tmp.rename(target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise WorkspaceError(Problem(f"cannot create '{folder}': {exc.strerror}")) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    console = render.make_console()
    console.print(
        f"created {folder} from '{from_}'. Next:\n  cd {folder}\n  scenarios rank",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


@command()
def export(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write the CSVs into.")],
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel", help="UTF-8 with a byte-order mark, so spreadsheets show Arabic names."
        ),
    ] = False,
    samples: Annotated[
        int, typer.Option(min=100, help="Monte Carlo samples for the sensitivity tables.")
    ] = 20_000,
    seed: SeedOpt = 20251106,
    memory_budget: MemoryBudgetOpt = None,
) -> None:
    """Write every table as CSV (rankings, contributions, matrix, sensitivity) plus manifest.json
    (version, workspace hash, options, seed)."""
    from . import robustness as sa
    from .export import write_tables

    opts = Options.of(workspace, weight, set_, whatif, aggregation)
    ws = opts.workspace_loaded()
    result = scoring.rank(ws, opts.aggregation)
    with ProgressBar() as bar:
        sens = sa.analyse(
            ws,
            sa.DEFAULT_METHODS,
            opts.aggregation,
            sa.SensitivitySettings(samples=samples, seed=seed, memory_budget=memory_budget),
            bar,
        )
    frames = {
        "rankings": result.to_frame(),
        "contributions": result.contributions_frame(),
        "matrix": result.matrix_frame(),
        **sens.frames(),
    }
    if ws.whatifs:
        from .compare import compare as run_compare

        comparison = run_compare(ws, None, opts.aggregation)
        frames |= {"compare": comparison.to_frame(), "compare_drivers": comparison.drivers_frame()}
    manifest = meta_of(
        ws,
        aggregation=result.aggregation,
        horizon=result.horizon,
        excel=excel,
        **sensitivity_meta(sens),
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        options={
            "weight": list(opts.weights),
            "set": list(opts.sets),
            "whatif": list(opts.whatifs),
        },
    )
    try:
        written = write_tables(folder, frames, manifest, excel=excel)
    except OSError as exc:
        raise ScenariosError(Problem(f"cannot write into '{folder}': {exc.strerror}")) from None
    console = render.make_console()
    console.print(
        f"wrote {len(written)} files to {folder}: " + ", ".join(p.name for p in written),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


@command()
def sensitivity(
    method: Annotated[
        list[Method] | None,
        typer.Option(
            "--method",
            "-m",
            help="Analysis to run (repeatable): oat (tornado), critical "
            "(critical weights), mc (Monte Carlo), sobol. Default: oat, critical, mc.",
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    delta: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Relative weight change for oat (and the weight range for sobol).",
        ),
    ] = 0.5,
    samples: Annotated[
        int | None,
        typer.Option(
            min=100,
            help="Monte Carlo samples (default 20,000), or the Sobol base N (default 1,024; "
            "rounded up to a power of two).",
        ),
    ] = None,
    seed: SeedOpt = 20251106,
    concentration: Annotated[
        float,
        typer.Option(
            min=0.001,
            max=1e6,
            help="Dirichlet concentration of the sampled weights around the base weights "
            "(larger = closer).",
        ),
    ] = 100.0,
    fixed_weights: Annotated[
        bool,
        typer.Option("--fixed-weights", help="Keep the weights fixed; sample the values only."),
    ] = False,
    values: Annotated[
        ValuesChoice,
        typer.Option(
            help="How values are drawn within low–high: triangular (peak at the value), "
            "uniform, or "
            "fixed."
        ),
    ] = ValuesChoice.triangular,
    precision: Annotated[
        float | None,
        typer.Option(
            min=1e-6,
            help="Monte Carlo: stop once every rank probability's standard error is below "
            "this (or --samples is reached).",
        ),
    ] = None,
    chunk_size: Annotated[
        int,
        typer.Option(
            min=1, help="Monte Carlo samples per chunk (memory); results do not depend on it."
        ),
    ] = 20_000,
    memory_budget: MemoryBudgetOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    watch: WatchOpt = False,
) -> None:
    """How robust is the ranking? Tornado, critical weights, Monte Carlo and Sobol indices."""
    from . import robustness as sa

    opts = Options.of(workspace, weight, set_, whatif, aggregation)
    methods = tuple(dict.fromkeys(m.value for m in method)) if method else sa.DEFAULT_METHODS
    settings = sa.SensitivitySettings(
        delta=delta,
        samples=samples,
        seed=seed,
        concentration=concentration,
        fixed_weights=fixed_weights,
        values=values.value,
        precision=precision,
        chunk_size=chunk_size,
        memory_budget=memory_budget,
    )

    def build() -> Report:
        ws = opts.workspace_loaded()
        with ProgressBar() as bar:
            result = sa.analyse(ws, methods, opts.aggregation, settings, bar)
        meta = meta_of(
            ws,
            aggregation=opts.aggregation or ws.model.aggregation,
            methods=list(methods),
            **sensitivity_meta(result),
        )
        return Report(result.frames, lambda: render.sensitivity(result), meta)

    show(build, format, output, watch, opts.workspace)


@command()
def whatifs(
    workspace: WorkspaceOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """List the workspace's what-if scenarios with their titles and what they change."""
    ws = load_workspace(workspace)

    def frames() -> dict[str, pd.DataFrame]:
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
            for name, w in ws.whatifs.items()
        ]
        columns = ["name", "title", "values", "weights", "status", "description"]
        return {"whatifs": pd.DataFrame(rows, columns=columns)}

    emit(Report(frames, lambda: [render.whatifs(ws)], meta_of(ws)), format, output)


@command()
def compare(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[NAME]...", help="What-ifs to compare with the baseline; default: all."
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: Annotated[
        list[str] | None,
        typer.Option(
            "--whatif",
            metavar="NAME",
            help="Apply a what-if to the baseline itself first (repeatable).",
        ),
    ] = None,
    aggregation: AggregationOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    watch: WatchOpt = False,
) -> None:
    """Baseline against each what-if: scores, ranks, changes, and the factors behind them."""
    from .compare import compare as run_compare

    opts = Options.of(workspace, weight, set_, whatif, aggregation)

    def build() -> Report:
        ws = opts.workspace_loaded()
        if not names and not ws.whatifs:
            raise OptionError(
                Problem(
                    f"{ws.name} has no what-ifs to compare", hint="add YAML files under whatif/"
                )
            )
        result = run_compare(ws, names, opts.aggregation)
        frames = lambda: {"compare": result.to_frame(), "compare_drivers": result.drivers_frame()}  # noqa: E731
        return Report(
            frames,
            lambda: render.comparison(result),
            meta_of(ws, aggregation=result.baseline.aggregation, whatifs=list(result.scenarios)),
        )

    show(build, format, output, watch, opts.workspace)


@command()
def backtest(
    workspace: WorkspaceOpt = None,
    aggregation: AggregationOpt = None,
    horizon: HorizonOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Score the profiles whose outcome is known against it: Brier, skill, log loss, ROC AUC,
    reliability, and leave-one-out calibration."""
    from . import likelihood

    opts = Options.of(workspace, None, None, None, aggregation)
    ws = opts.workspace_loaded()
    result = scoring.rank(ws, opts.aggregation)
    bt = likelihood.backtest(ws, result.scores, horizon, result.aggregation)
    frames = lambda: {  # noqa: E731
        "backtest": bt.summary_frame(),
        "predictions": bt.predictions_frame(),
        "reliability": bt.reliability_frame(),
    }
    emit(
        Report(
            frames,
            lambda: render.backtest(bt),
            meta_of(ws, aggregation=result.aggregation, horizon=bt.horizon),
        ),
        format,
        output,
    )


@command()
def calibrate(
    workspace: WorkspaceOpt = None,
    aggregation: AggregationOpt = None,
    horizon: HorizonOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Fit the link's intercept and slope to the observed outcomes (regularised maximum
    likelihood, prior centred on the base rate) and print the `link:` block for model.yaml."""
    from . import likelihood

    opts = Options.of(workspace, None, None, None, aggregation)
    ws = opts.workspace_loaded()
    scores = scoring.rank(ws, opts.aggregation).scores
    index, outcomes = likelihood.observed(ws)
    if len(index) < 3:
        raise WorkspaceError(
            Problem(
                f"{ws.name}: calibration needs at least 3 profiles with a recorded status "
                f"(found {len(index)})",
                ws.root / "profiles",
                hint="record outcomes under `status:`",
            )
        )
    base = ws.model.base_rate
    years = horizon or ws.model.horizon_years or 1.0
    fit = likelihood.calibrate(
        scores[index], outcomes, years, likelihood.annual_base_rate(base) if base else None
    )

    def frames() -> dict[str, pd.DataFrame]:
        import pandas as pd

        return {
            "calibration": pd.DataFrame(
                [
                    {
                        "intercept": fit.intercept,
                        "intercept_sd": fit.intercept_sd,
                        "slope": fit.slope,
                        "slope_sd": fit.slope_sd,
                        "n": fit.n,
                        "events": fit.events,
                        "horizon": fit.horizon,
                        "prior": fit.prior,
                        "small_sample": fit.small_sample,
                    }
                ]
            )
        }

    emit(Report(frames, lambda: render.fit_block(fit), meta_of(ws, horizon=years)), format, output)


@command()
def cascade(
    workspace: WorkspaceOpt = None,
    weight: WeightOpt = None,
    set_: SetOpt = None,
    whatif: WhatifOpt = None,
    aggregation: AggregationOpt = None,
    horizon: HorizonOpt = None,
    runs: Annotated[int, typer.Option(min=1, help="Simulated histories.")] = 20_000,
    seed: SeedOpt = 20251106,
    memory_budget: MemoryBudgetOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Will one state's joining spur the others? Year-by-year simulation with a peer effect."""
    from .cascade import cascade as run_cascade

    opts = Options.of(workspace, weight, set_, whatif, aggregation)
    ws = opts.workspace_loaded()
    result = scoring.rank(ws, opts.aggregation, horizon)
    c = run_cascade(
        ws,
        result.scores,
        result.link,
        horizon=horizon,
        runs=runs,
        seed=seed,
        memory_budget=memory_budget,
    )
    frames = lambda: {  # noqa: E731
        "cascade_by_year": c.by_year_frame(),
        "cascade_spur": c.spur_frame(),
        "cascade_count": c.count_frame(),
        "cascade_orders": c.orders_frame(),
        "cascade_conditional": c.conditional_frame(),
    }
    emit(
        Report(
            frames,
            lambda: render.cascade(c),
            meta_of(ws, seed=seed, runs=runs, horizon=c.horizon, peer_effect=list(c.peer_effect)),
        ),
        format,
        output,
    )


def _is_usage_error(exc: BaseException) -> bool:
    # click's UsageError and BadParameter (typer may ship click under another module name)
    return hasattr(exc, "format_message") and isinstance(getattr(exc, "exit_code", None), int)


def main() -> None:
    """The console script: usage errors become one `error:` line too, with exit status 2."""
    import sys

    try:
        status = app(prog_name="scenarios", standalone_mode=False)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if not _is_usage_error(exc):
            raise
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            typer.echo(ctx.get_help())
            sys.exit(0)
        command = ctx.command_path if ctx is not None else "scenarios"
        message = exc.format_message().replace("Value error, ", "")
        typer.echo(f"error: {message} (see '{command} --help')", err=True)
        sys.exit(exc.exit_code)
    sys.exit(status if isinstance(status, int) else 0)
