"""The live edit loop behind `--watch`: re-run on every save, keep the last good result.

This is terminal code (rich), used only by the CLI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.text import Text

from .errors import ScenariosError

Build = Callable[[], list[RenderableType]]


@dataclass
class WatchState:
    """What the screen shows: the last good result, and the errors of the latest save."""

    folder: Path
    last_good: list[RenderableType] | None = None
    errors: list[str] = field(default_factory=list)
    runs: int = 0
    at: str = ""


def rerun(state: WatchState, build: Build) -> RenderableType:
    """Run once more; on a mistake in the files keep the last good result and show the error."""
    state.runs += 1
    state.at = dt.datetime.now().strftime("%H:%M:%S")
    try:
        state.last_good = build()
        state.errors = []
    except ScenariosError as exc:
        state.errors = [f"error: {problem}" for problem in exc.problems]
    return screen(state)


def screen(state: WatchState) -> RenderableType:
    parts: list[RenderableType] = list(state.last_good or [Text("(no valid result yet)")])
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


def watch_loop(
    folder: Path, build: Build, console: Console, changes: Iterable[object] | None = None
) -> WatchState:
    """Draw, then redraw after each batch of file changes until Ctrl-C (or `changes` runs out)."""
    from rich.live import Live

    state = WatchState(folder)
    if changes is None:
        from watchfiles import watch

        changes = watch(folder, watch_filter=_yaml_only, raise_interrupt=False)
    with Live(
        rerun(state, build), console=console, auto_refresh=False, vertical_overflow="visible"
    ) as live:
        try:
            for _ in changes:
                live.update(rerun(state, build), refresh=True)
        except KeyboardInterrupt:
            pass
    return state
