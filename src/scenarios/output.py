"""How every command's results reach the user: one dispatcher for the formats, one place for
error lines, the progress bar, and the metadata that makes an output reproducible."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from . import render
from .errors import OptionError, Problem
from .options import Format
from .textsafe import one_line

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import RenderableType


@dataclass
class Report:
    """What a command shows: tables for machines (frames) and renderables for people."""

    frames: Callable[[], dict[str, pd.DataFrame]]
    draw: Callable[[], list[RenderableType]]
    meta: dict[str, Any] = field(default_factory=dict)


def version() -> str:
    from . import __version__

    return __version__


def meta_of(ws, **extra: Any) -> dict[str, Any]:
    return {
        "tool": "scenarios",
        "version": version(),
        "workspace": ws.name,
        "workspace_path": str(ws.root.resolve()),
        "content_hash": ws.content_hash,
        "changes": list(ws.changes),
        **extra,
    }


def emit(report: Report, fmt: Format, output: Path | None) -> None:
    """Print or write a report in the chosen format: the one dispatcher for every command."""
    from . import export

    if fmt is Format.table:
        if output is None:
            console = render.make_console()
            for part in report.draw():
                console.print(part)
            return
        buffer = io.StringIO()
        console = render.make_console(file=buffer)
        console.width = 120
        for part in report.draw():
            console.print(part)
        text = buffer.getvalue()
    elif fmt is Format.csv:
        text = export.csv_sections(report.frames())
    elif fmt is Format.json:
        text = export.to_json(report.frames(), report.meta)
    else:
        text = export.to_markdown(report.frames())
    if output is None:
        typer.echo(text, nl=False)
    else:
        write(output, text)


def show(
    build: Callable[[], Report],
    fmt: Format,
    output: Path | None,
    watch: bool,
    workspace: str | None,
) -> None:
    """Emit a report once, or (with --watch) redraw it on every save of the workspace."""
    if not watch:
        emit(build(), fmt, output)
        return
    if fmt is not Format.table or output is not None:
        raise OptionError(
            Problem(
                "--watch redraws a table in the terminal",
                hint="drop --format and --output, or drop --watch",
            )
        )
    from .watch import pinned, watch_loop
    from .workspace import find_workspace

    folder, _ = find_workspace(workspace)  # found once: the loop never moves to another one
    watch_loop(folder, pinned(folder, build), render.make_console())


def write(path: Path, text: str, bom: bool = False) -> None:
    """-o PATH: `-` is standard output; a device or FIFO is written through, a link's target
    and a regular file are replaced atomically, a folder is refused (export.write_output)."""
    from .export import write_output

    if str(path) == "-":
        typer.echo(text, nl=False)
        return
    write_output(path, text, bom=bom)
    render.make_console(stderr=True).print(
        f"wrote {path}", style="dim", markup=False, highlight=False, soft_wrap=True
    )


def _display_path(path: Path) -> Path:
    """The path relative to the current folder when inside it (links are not followed: the
    user should see the name they gave)."""
    import os

    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path(os.path.abspath(Path.cwd())))
    except ValueError:
        return path


def report_problems(problems: list[Problem], kind: str = "error") -> None:
    console = render.make_console(stderr=True)
    for problem in problems:
        if problem.file is not None:
            problem = Problem(
                problem.message,
                _display_path(problem.file),
                problem.line,
                problem.column,
                problem.hint,
            )
        console.print(
            one_line(f"{kind}: {problem}"),
            markup=False,
            highlight=False,
            soft_wrap=True,
            style="red" if kind == "error" else "yellow",
        )


class ProgressBar:
    """A progress callback ``(label, done, total)`` that draws a bar on stderr, but only once the
    work has run for a second (short runs stay quiet)."""

    def __init__(self) -> None:
        import time

        self._clock = time.perf_counter
        self._start = self._clock()
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        if self._bar is None:
            if self._clock() - self._start < 1.0 or done >= total:
                return
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed:,}/{task.total:,}"),
                TimeRemainingColumn(),
                console=render.make_console(stderr=True),
                transient=True,
            )
            self._bar.start()
        if label not in self._tasks:
            self._tasks[label] = self._bar.add_task(label, total=total)
        self._bar.update(self._tasks[label], completed=done)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def sensitivity_meta(result) -> dict[str, Any]:
    """What a reader needs to reproduce the random parts."""
    meta: dict[str, Any] = {}
    if result.tornado is not None:
        meta["delta"] = result.tornado.delta
    if result.monte_carlo is not None:
        mc = result.monte_carlo
        meta |= {
            "seed": mc.settings.seed,
            "samples": mc.samples,
            "standard_error": mc.standard_error,
            "concentration": mc.settings.concentration,
            "fixed_weights": mc.settings.fixed_weights,
            "values": mc.settings.values,
        }
    if result.sobol is not None:
        meta |= {"seed": result.settings.seed, "sobol_base_samples": result.sobol.base_samples}
    return meta
