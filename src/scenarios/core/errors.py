"""The core's exceptions. The CLI turns them into one line each; nothing else is caught."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One mistake in a user's file or option, with where it is and how to fix it."""

    message: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class ScenariosError(Exception):
    """Base of every error caused by the user's files or options (exit status 2)."""

    def __init__(self, problems: Problem | list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = Problem(problems)
        self.problems: list[Problem] = (
            [problems] if isinstance(problems, Problem) else list(problems)
        )
        super().__init__("\n".join(str(p) for p in self.problems))


class WorkspaceError(ScenariosError):
    """A workspace could not be found, read or validated."""


class OptionError(ScenariosError):
    """An option of the command line (--weight, --set, --horizon ...) or an argument of the
    Python API (weights=, horizon= ...) names something unknown or is invalid."""


class OutputError(ScenariosError):
    """Where results are to be written cannot take them (init's folder, export's folder, -o)."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C after work that has already landed: ``done`` says what was kept, so the user does
    not repeat it (a second `record` would add a second record)."""

    def __init__(self, done: str) -> None:
        self.done = done
        super().__init__(done)


def plural(n: int, word: str) -> str:
    """'1 event', '4 events'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def did_you_mean(name: str, choices: object) -> str | None:
    """A 'did you mean' hint for a misspelt name, or a list of valid names when nothing is close."""
    import difflib

    options = sorted(str(c) for c in choices)  # type: ignore[attr-defined]
    by_lower = {o.lower(): o for o in options}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{by_lower[close[0]]}'?"
    if not options:
        return None
    shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return f"expected one of: {shown}"
