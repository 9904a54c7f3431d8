"""The live edit loop behind `--watch`: re-run on every save, keep the last good result.

This is terminal code (rich), used only by the CLI.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from scenarios.core.errors import Problem, ScenariosError, WorkspaceError
from scenarios.core.files import is_folder
from scenarios.core.textsafe import one_line
from scenarios.workspace.files import is_workspace_file_name

if TYPE_CHECKING:
    from scenarios.ledger.diffing import State

Build = Callable[[], list[RenderableType]]
Snapshot = Callable[[], "State | None"]


@dataclass
class WatchState:
    """What the screen shows: the last good result, and the errors of the latest save."""

    folder: Path
    last_good: list[RenderableType] | None = None
    errors: list[str] = field(default_factory=list)
    runs: int = 0
    at: str = ""
    good: State | None = None  # what the last good result rests on
    moved: list[RenderableType] = field(default_factory=list)  # since the good one before


def rerun(
    state: WatchState, build: Build, snapshot: Snapshot | None = None, saved: str = ""
) -> RenderableType:
    """Run once more; on a mistake in the files keep the last good result and show the error.
    With `snapshot`, say under the table which countries moved since the last good result, by
    how much, after which save."""
    state.runs += 1
    state.at = dt.datetime.now().strftime("%H:%M:%S")
    try:
        state.last_good = build()
        state.errors = []
        now = snapshot() if snapshot is not None else None
    except ScenariosError as exc:
        state.errors = [one_line(f"error: {problem}") for problem in exc.problems]
        return screen(state)
    if now is not None and state.good is not None:
        from scenarios.cli.render_tracking import moved_lines
        from scenarios.ledger.diffing import diff

        after = f"run {state.runs}, after saving {saved} at {state.at}" if saved else state.at
        state.moved = list(moved_lines(diff(state.good, now), after))
    if now is not None:
        state.good = now
    return screen(state)


def screen(state: WatchState, height: int | None = None) -> RenderableType:
    """The result, what moved, the errors and the watching line, cut to the window's `height`
    (the console's when None) so that the title and the column headers stay on screen."""
    body: list[RenderableType] = list(state.last_good or [Text("(no valid result yet)")])
    parts: list[RenderableType] = list(state.moved)
    if state.errors:
        parts.append(
            Text(
                "The last save left the workspace invalid; showing the last good result.",
                style="bold red",
            )
        )
        parts.extend(Text(line, style="red") for line in state.errors)
    parts.append(
        Text(
            f"watching {state.folder} · run {state.runs} at {state.at} · "
            "save a file to re-run, Ctrl-C to stop",
            style="dim",
        )
    )
    return _Screen(body, parts, height)


class _Screen:
    """The lines under the result (what moved, errors, the watching line) take at most half
    the window, the watching line always last; the result takes the rest from its top (title,
    headers, table), and a dim line says how many lines it leaves out."""

    def __init__(
        self, body: list[RenderableType], tail: list[RenderableType], height: int | None
    ) -> None:
        self.body, self.tail, self.height = body, tail, height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        height = max(self.height or options.height or console.height, 4)
        free = options.update(height=None)

        def lines(parts: list[RenderableType]) -> list[list[Segment]]:
            return console.render_lines(Group(*parts), free, pad=False)

        def note(text: str) -> list[Segment]:
            return lines([Text(text, style="dim", overflow="ellipsis", no_wrap=True)])[0]

        above, last = lines(self.tail[:-1]), lines(self.tail[-1:])
        most = max(height // 2 - len(last), 1)
        if len(above) > most:
            left_out = len(above) - most + 1
            above = [*above[: most - 1], note(f"… and {left_out} more lines")]
        tail = [*above, *last]
        body = lines(self.body)
        room = height - len(tail)
        if len(body) > room:
            left_out = len(body) - room + 1
            body = [
                *body[: room - 1],
                note(f"… {left_out} more lines: the command without --watch prints them all"),
            ]
        for line in [*body, *tail]:
            yield from line
            yield Segment.line()


def _workspace_file(change: object, path: str) -> bool:
    """Changes to the files a workspace reads (not editor locks, backups or other files)."""
    return is_workspace_file_name(Path(path).name)


RUST_TIMEOUT_MS = 300  # how often the watcher wakes up to check that the folder is still there
POLL_SECONDS = 0.5  # while the folder is gone, how often to look for it


def watch_changes(
    folder: Path, stop: threading.Event | None = None
) -> Iterator[set[tuple[Any, str]]]:
    """Batches of changes to the workspace's files.

    The first batch (empty) comes once the folder is being watched: draw the first table after
    it, and no save made while drawing is missed. If the folder disappears, a batch says so and
    the folder is polled for (a watcher cannot see a folder come back); when it is back, a batch
    says so too, and watching starts again. Ends on Ctrl-C or when ``stop`` is set.
    """
    from watchfiles import watch

    # what to say once the watcher is set up: first that watching has begun, later that the
    # folder is back (said after the watcher is up, so a save right after it is not missed)
    pending: set[tuple[Any, str]] | None = set()
    while stop is None or not stop.is_set():
        if not is_folder(folder):
            if pending is not None:
                yield pending
            yield {("gone", str(folder))}
            while not is_folder(folder):
                if stop is None:
                    time.sleep(POLL_SECONDS)
                elif stop.wait(POLL_SECONDS):
                    return
            pending = {("back", str(folder))}
            continue
        for changes in watch(
            folder,
            watch_filter=_workspace_file,
            raise_interrupt=False,
            yield_on_timeout=True,
            rust_timeout=RUST_TIMEOUT_MS,
            stop_event=stop,
        ):
            if pending is not None:
                yield pending
                pending = None
            if changes:
                yield changes
            if not is_folder(folder):
                break
        else:
            return  # Ctrl-C or stop: watchfiles ended the watch


def pinned(folder: Path, build: Callable[[], Any]) -> Build:
    """What the loop redraws: ``build()``'s report, but only ever of the workspace in
    ``folder``. While the folder or its model.yaml is missing, or the report read another
    workspace (discovery falls back to the next one it finds), it is an error: the screen shows
    it with the last good result, and waits for the next save."""
    expected = Path(os.path.abspath(folder)).resolve()

    def run() -> list[RenderableType]:
        if not is_folder(folder):
            raise WorkspaceError(
                Problem("the workspace folder is gone; waiting for it to come back", folder)
            )
        if not os.path.lexists(folder / "model.yaml"):
            raise WorkspaceError(
                Problem("model.yaml is gone; waiting for it to come back", folder / "model.yaml")
            )
        report = build()
        read = report.meta.get("workspace_path")
        if read is not None and Path(read) != expected:
            raise WorkspaceError(
                Problem(
                    f"the workspace read was {read}, not the one watched; waiting for "
                    f"{folder} to be a workspace again"
                )
            )
        drawn: list[RenderableType] = report.draw()
        return drawn

    return run


def saved_files(folder: Path, batch: object) -> str:
    """The files of a batch of changes ({(change, path), ...}), relative to the folder."""
    import os

    names = []
    for item in batch if isinstance(batch, Iterable) else ():
        path = item[1] if isinstance(item, tuple) and len(item) == 2 else None
        if isinstance(path, str):
            names.append(Path(os.path.relpath(path, folder)).as_posix())
    return ", ".join(sorted(set(names)))


def watch_loop(
    folder: Path,
    build: Build,
    console: Console,
    changes: Iterable[object] | None = None,
    snapshot: Snapshot | None = None,
    stop: threading.Event | None = None,
) -> WatchState:
    """Start watching, draw, then redraw after each batch of file changes until Ctrl-C (or
    ``stop``, or until ``changes`` runs out)."""
    from rich.live import Live

    state = WatchState(folder)
    events = iter(changes) if changes is not None else watch_changes(folder, stop)
    try:
        if changes is None:
            next(events, None)  # watching has begun (see watch_changes)
        with Live(
            rerun(state, build, snapshot),
            console=console,
            auto_refresh=False,
            vertical_overflow="visible",
        ) as live:
            for batch in events:
                saved = saved_files(folder, batch)
                live.update(rerun(state, build, snapshot, saved), refresh=True)
    except KeyboardInterrupt:
        pass
    return state
