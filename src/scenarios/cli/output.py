"""How every command's results reach the user: one dispatcher for the formats, one place for
error lines, the progress bar, and the metadata that makes an output reproducible."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from scenarios.cli.options import Format, Lang, plain
from scenarios.cli.terminal import make_console, reader_left
from scenarios.core.errors import OptionError, Problem
from scenarios.core.textsafe import one_line

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console, RenderableType

    from scenarios.cli.answers import Question
    from scenarios.ledger.diffing import State


@dataclass
class Report:
    """What a command shows: tables for machines (frames) and renderables for people."""

    frames: Callable[[], dict[str, pd.DataFrame]]
    draw: Callable[[], list[RenderableType]]
    meta: dict[str, Any] = field(default_factory=dict)
    # what the countries' scores rest on, for --watch to say what moved since the last good run
    state: Callable[[], State] | None = None


def emit(
    report: Report,
    fmt: Format,
    output: str | Path | None,
    lang: Lang = "en",
    table: str | None = None,
) -> None:
    """Print or write a report in the chosen format: the one dispatcher for every command.

    CSV is one table: `table`, else the report's first (each command puts its main table
    first); a folder for `output` gets every table (or `table`) as NAME.csv. JSON and
    Markdown carry every table, or `table` alone."""
    from scenarios.core import writers as export

    report_problems([Problem(note) for note in report.meta.get("notes", ())], "note")
    folder = check_choice(fmt, output, table)
    if fmt == "table":
        note_table_language(lang)
    frames, meta = report.frames, report.meta
    if lang != "en" and fmt != "table":
        frames = lambda: localized(report, lang)  # noqa: E731
        meta = {**report.meta, "lang": plain(lang)}
    if fmt == "table":
        if output is None:
            console = make_console()
            page(drawn(report, console), console)
            return
        text = drawn(report, make_console(file=io.StringIO(), width=120))
    else:
        tables = chosen(frames(), table, whole=fmt != "csv" or folder is not None)
        if folder is not None:
            written = export.write_tables(folder, tables, meta, excel=False)
            names = ", ".join(p.name for p in written)
            message(
                make_console(stderr=True),
                f"wrote {len(written)} files to {output}: {names}",
                style="dim",
            )
            return
        if fmt == "csv":
            text = export.to_csv(next(iter(tables.values())))
        elif fmt == "json":
            text = export.to_json(tables, meta)
        else:
            text = export.to_markdown(tables)
    if output is None:
        page(text, make_console())
    else:
        write(output, text)


def drawn(report: Report, console: Console) -> str:
    """The report's table as the console draws it."""
    with console.capture() as captured:
        for part in report.draw():
            console.print(part)
    return captured.get()


def answer(build: Callable[[], Report], question: Question, lang: Lang) -> None:
    """A table on standard output, as `emit` prints it: from the answer kept for `question` when
    nothing it rests on has changed, else computed, printed and kept (cli.answers)."""
    from scenarios.cli import answers

    console = make_console()
    key = question.key(console)
    kept = None if key is None else answers.recall(key)
    if kept is None:
        report = build()
        notes = tuple(report.meta.get("notes", ()))
        report_problems([Problem(note) for note in notes], "note")
        note_table_language(lang)
        kept = answers.Answer(notes, drawn(report, console))
        # kept only if no file changed while it was computed: else it may not answer the key
        if key is not None and question.key(console) == key:
            answers.keep(key, kept)
    else:
        report_problems([Problem(note) for note in kept.notes], "note")
        note_table_language(lang)
    page(kept.text, console)


# --- the pager: output longer than the window, as git does -----------------------------------

paging = True  # False for this run: `scenarios --no-pager COMMAND` (set by cli's root callback)


def pager(console: Console) -> list[str] | None:
    """The pager's command line, or None when output is printed as it is: standard output is not
    a terminal (a pipe, a file), --no-pager, or SCENARIOS_PAGER (else PAGER) set empty or `cat`.
    SCENARIOS_PAGER, else PAGER, names the pager; else `less -FRX`."""
    import os
    import shlex

    if not paging or not console.is_terminal:
        return None
    command = os.environ.get("SCENARIOS_PAGER", os.environ.get("PAGER", "less -FRX"))
    try:
        words = shlex.split(command)
    except ValueError:  # unbalanced quotes: said when it fails to start (page)
        words = [command]
    return words if words and words != ["cat"] else None


def page(text: str, console: Console) -> None:
    """`text` on standard output: through the pager when it is longer than the window, else
    printed. A pager that cannot be started (not installed) gets one note, and the text is
    printed instead."""
    import os
    import subprocess

    command = pager(console)
    if command is None or text.count("\n") <= console.height:
        _print(text)
        return
    try:
        # less keeps the colours and prints what fits without paging, as with git
        env = {"LESS": "FRX", **os.environ}
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError as exc:
        name = " ".join(command)
        report_problems(
            [
                Problem(
                    f"the pager {name!r} could not be started ({exc.strerror or exc}); "
                    "printing instead",
                    hint="set SCENARIOS_PAGER to a pager that is installed, or "
                    "SCENARIOS_PAGER= (empty) to print without one",
                )
            ],
            "note",
        )
        _print(text)
        return
    assert process.stdin is not None
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        process.stdin.write(text.encode(encoding, errors="replace"))
        process.stdin.close()
    except BrokenPipeError:  # the reader quit the pager before the end: nothing more to show
        pass
    while True:
        try:
            process.wait()
            break
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager, as with git
            continue


def _print(text: str) -> None:
    # colour codes kept: a captured table has them only where its console chose to draw them
    try:
        typer.echo(text, nl=False, color=True)
    except BrokenPipeError:
        reader_left()


TABLE_LANGUAGE_NOTE = Problem(
    "terminal tables are in English; Arabic names are in -f csv --lang ar (also json, "
    "markdown) and in scenarios report --lang ar"
)


def note_table_language(lang: Lang) -> None:
    """A table drawn for the terminal is English whatever --lang says: one note says where the
    Arabic is, instead of the option doing nothing silently."""
    if lang != "en":
        report_problems([TABLE_LANGUAGE_NOTE], "note")


def _folder(output: str | Path | None) -> Path | None:
    """The folder `-o` names: a path written with a trailing slash, or a folder that exists."""
    import os

    from scenarios.core.files import is_folder

    if output is None or str(output) in ("", "-"):
        return None
    text = str(output)
    if text.endswith(("/", os.sep)):
        return Path(text)
    try:
        return Path(text) if is_folder(Path(text).expanduser()) else None
    except RuntimeError:  # ~user of no user: not a folder; writing says why (writers._expand)
        return None


def check_choice(fmt: Format, output: str | Path | None, table: str | None) -> Path | None:
    """The folder `output` names, if any; and a refusal of what the format cannot give: a table
    by name on the terminal, a folder of anything but CSV files. Checked before the work
    (`cli.reporting`) and again when the results are printed."""
    folder = _folder(output)
    if output is not None and str(output) == "":
        raise OptionError(
            Problem("-o '' names no file", hint="give a file's name, or - for standard output")
        )
    if table is not None and fmt == "table":
        raise OptionError(
            Problem(
                f"--table {table} picks a table of -f csv, json or markdown",
                hint=f"add -f csv to print {table} as CSV, or drop --table",
            )
        )
    if folder is not None and fmt != "csv":
        raise OptionError(
            Problem(
                f"-o {output} names a folder, which takes -f csv (one CSV file a table)",
                hint="add -f csv, or give a file's name",
            )
        )
    return folder


def chosen(
    frames: dict[str, pd.DataFrame], table: str | None, *, whole: bool
) -> dict[str, pd.DataFrame]:
    """The tables to print: `table` alone; else all of them (`whole`), or the first."""
    if table is not None:
        if table not in frames:
            raise OptionError(
                Problem(
                    f"--table {table}: this run has no such table",
                    hint=f"its tables: {', '.join(frames) or 'none'}",
                )
            )
        return {table: frames[table]}
    if not frames:
        raise OptionError(Problem("this run has no table to print"))
    if whole:
        return frames
    name = next(iter(frames))
    return {name: frames[name]}


def main_first(frames: dict[str, pd.DataFrame], *names: str) -> dict[str, pd.DataFrame]:
    """The same tables with the first of `names` that is there in front: the main table, which
    -f csv prints."""
    for name in names:
        if name in frames:
            return {name: frames[name], **frames}
    return frames


def localized(report: Report, lang: Lang) -> dict[str, pd.DataFrame]:
    """The report's tables with names and labels in `lang`, read from the workspace the metadata
    names; a name or label with no translation stays English, with a warning."""
    from scenarios.api import load_workspace
    from scenarios.workspace.lang import localize_frames

    ws = load_workspace(report.meta["workspace_path"])
    frames, problems = localize_frames(report.frames(), ws, plain(lang))
    report_problems(problems, "warning")
    return frames


def show(
    build: Callable[[], Report],
    fmt: Format,
    output: str | Path | None,
    watch: bool,
    workspace: str | None,
    lang: Lang = "en",
    table: str | None = None,
    question: Question | None = None,
) -> None:
    """Emit a report once, or (with --watch) redraw it on every save of the workspace. A table
    for standard output that answers `question` is printed from the answer kept for it, if the
    files it rests on have not changed (cli.answers)."""
    if not watch:
        if question is not None and fmt == "table" and output is None:
            answer(build, question, lang)
        else:
            emit(build(), fmt, output, lang, table)
        return
    if fmt != "table" or output is not None or table is not None:
        raise OptionError(
            Problem(
                "--watch redraws a table in the terminal",
                hint="drop --format, --output and --table, or drop --watch",
            )
        )
    from scenarios.cli.watch import pinned, watch_loop
    from scenarios.workspace.find import find_workspace

    note_table_language(lang)

    folder, _ = find_workspace(workspace)  # found once: the loop never moves to another one
    last: list[Report] = []

    def report() -> Report:
        last[:] = [build()]
        return last[0]

    def state() -> State | None:
        return last[0].state() if last and last[0].state is not None else None

    watch_loop(folder, pinned(folder, report), make_console(), snapshot=state)


def write(path: str | Path, text: str, bom: bool = False) -> None:
    """-o PATH: `-` is standard output; a device or FIFO is written through, a link's target
    and a regular file are replaced atomically, a folder is refused (writers.write_output)."""
    from scenarios.core.writers import write_output

    if str(path) == "-":
        typer.echo(text, nl=False)
        return
    write_output(path, text, bom=bom)
    message(make_console(stderr=True), f"wrote {path}", style="dim")


def message(console: Console, text: str, style: str = "") -> None:
    """A message printed literally. A pipe or a file gets each line whole (for grep, and editors
    that jump to FILE:LINE:COL); a terminal gets it wrapped between words, never inside one, with
    the lines that continue it indented."""
    if console.is_terminal:
        import textwrap

        text = "\n".join(
            textwrap.fill(
                line,
                max(console.width, 20),
                subsequent_indent="  ",
                break_long_words=False,
                break_on_hyphens=False,
            )
            for line in text.split("\n")
        )
    console.print(text, style=style, soft_wrap=True)


def say(text: str) -> None:
    """A message on stdout (see `message`)."""
    message(make_console(), text)


def say_list(head: str, items: list[str]) -> None:
    """`head`, then the items comma-separated on indented lines that break between items only."""
    import textwrap

    width = max(make_console().width - 2, 20)
    lines = textwrap.wrap(", ".join(items), width, break_long_words=False, break_on_hyphens=False)
    say("\n".join([head, *("  " + line for line in lines)]))


def _display_path(path: Path) -> Path:
    """The path relative to the current folder when inside it (links are not followed: the
    user should see the name they gave)."""
    import os

    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path(os.path.abspath(Path.cwd())))
    except ValueError:
        return path


def error_line(text: str) -> None:
    """One error as one logical line on stderr, `error: TEXT`: whole in a pipe or a file, wrapped
    between words with a hanging indent only when stderr is a terminal (see `message`)."""
    message(make_console(stderr=True), one_line(f"error: {text}"), style="red")


def report_problems(problems: list[Problem], kind: str = "error") -> None:
    console = make_console(stderr=True)
    for problem in problems:
        if problem.file is not None:
            problem = Problem(
                problem.message,
                _display_path(problem.file),
                problem.line,
                problem.column,
                problem.hint,
            )
        message(
            console, one_line(f"{kind}: {problem}"), style="red" if kind == "error" else "yellow"
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
                console=make_console(stderr=True),
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
