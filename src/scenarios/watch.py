"""The live edit loop behind `--watch`: re-run on every save, keep the last good result.

This is terminal code (rich), used only by the CLI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.text import Text

from .errors import ScenariosError

if TYPE_CHECKING:
    from .diffing import State

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
        state.errors = [f"error: {problem}" for problem in exc.problems]
        return screen(state)
    if now is not None and state.good is not None:
        from .diffing import diff
        from .render_tracking import moved_lines

        after = f"run {state.runs}, after saving {saved} at {state.at}" if saved else state.at
        state.moved = list(moved_lines(diff(state.good, now), after))
    if now is not None:
        state.good = now
    return screen(state)


def screen(state: WatchState) -> RenderableType:
    parts: list[RenderableType] = list(state.last_good or [Text("(no valid result yet)")])
    parts.extend(state.moved)
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
    return Group(*parts)


def _yaml_only(change: object, path: str) -> bool:
    return path.endswith((".yaml", ".yml"))


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
) -> WatchState:
    """Draw, then redraw after each batch of file changes until Ctrl-C (or `changes` runs out)."""
    from rich.live import Live

    state = WatchState(folder)
    if changes is None:
        from watchfiles import watch

        changes = watch(folder, watch_filter=_yaml_only, raise_interrupt=False)
    with Live(
        rerun(state, build, snapshot),
        console=console,
        auto_refresh=False,
        vertical_overflow="visible",
    ) as live:
        try:
            for batch in changes:
                saved = saved_files(folder, batch)
                live.update(rerun(state, build, snapshot, saved), refresh=True)
        except KeyboardInterrupt:
            pass
    return state
