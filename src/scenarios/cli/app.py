"""The `scenarios` command line: the app, its root options and its one printer of usage errors,
with every command registered in the order `scenarios --help` lists them. The commands live in
the `commands_*` modules by family; each parses options, calls the core and hands the results to
render/output.

Errors from the core (ScenariosError) become one line each on stderr and exit status 2.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from typing import Annotated, Any, Protocol, cast

import typer
from typer.core import TyperGroup

from scenarios.cli import (
    commands_files,
    commands_panel,
    commands_probability,
    commands_rank,
    commands_report,
    commands_robustness,
    commands_tracking,
)
from scenarios.cli.commanding import declared, register


class _UsageError(Protocol):
    exit_code: int

    def format_message(self) -> str: ...


def _is_usage_error(exc: BaseException) -> bool:
    # click's UsageError and BadParameter (typer may ship click under another module name)
    return hasattr(exc, "format_message") and isinstance(getattr(exc, "exit_code", None), int)


SHAPES = {"--weight": "FACTOR=WEIGHT", "--set": "ID.FACTOR=VALUE"}


def _value_split_in_two(args: list[str]) -> str | None:
    """`--weight religious_resistance 2` (the value split from its name by a space): what the
    user meant, said as the fix."""

    for i, arg in enumerate(args[:-2]):
        name, value = args[i + 1], args[i + 2]
        if arg in SHAPES and "=" not in name and not value.startswith("-"):
            return f"{arg} {name} {value}: write {SHAPES[arg]} as one word: {arg} {name}={value}"
    return None


class RootGroup(TyperGroup):
    """The top-level command group: click's and typer's own errors (an unknown option, a bad
    choice, a missing argument) are printed by the same one-line printer as every other error,
    `error: ... (see 'COMMAND --help')`, with their exit status (2), in process as from the
    console script."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        try:
            status = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:  # end of input at a prompt: as click says it in standalone mode
            typer.echo("Aborted!", err=True)
            sys.exit(1)
        except Exception as exc:
            if not _is_usage_error(exc):
                raise
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
                typer.echo(ctx.get_help())
                sys.exit(0)
            usage = cast("_UsageError", exc)
            sys.exit(_usage_error(usage, ctx, argv))
        sys.exit(status if isinstance(status, int) else 0)


def _usage_error(usage: _UsageError, ctx: Any, argv: list[str]) -> int:
    """Print click's error as one `error:` line; its exit status."""
    from scenarios.cli.output import error_line

    command = ctx.command_path if ctx is not None else "scenarios"
    message = usage.format_message().replace("Value error, ", "")
    if "unexpected extra argument" in message:
        message = _value_split_in_two(argv) or message
    error_line(f"{message} (see '{command} --help')")
    return usage.exit_code


def _print_version(value: bool) -> None:
    if value:
        from scenarios._version import __version__

        typer.echo(f"scenarios {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Print output longer than the window as it is, not through the pager "
            "(SCENARIOS_PAGER, else PAGER, else less -FRX); as SCENARIOS_PAGER= (empty).",
        ),
    ] = False,
) -> None:
    """Transparent, reproducible likelihood rankings from weighted factors in YAML.

    \b
    Start with:
      scenarios rank             rank the workspace you are in, or the bundled one
      scenarios explain UZ       why a country scores as it does
      scenarios init mine        a workspace of your own to edit
      scenarios COMMAND -h       each command's options, with examples
    """
    from scenarios.cli import output

    output.paging = not no_pager


COMMANDS = (  # the order `scenarios --help` lists them in, then `panel`
    commands_rank.rank,
    commands_rank.explain,
    commands_rank.factors,
    commands_rank.matrix,
    commands_files.validate,
    commands_files.schema,
    commands_files.init,
    commands_files.new,
    commands_files.import_,
    commands_files.export,
    commands_robustness.sensitivity,
    commands_rank.whatifs,
    commands_rank.compare,
    commands_probability.backtest,
    commands_probability.calibrate,
    commands_probability.cascade,
    commands_report.report,
    commands_tracking.record,
    commands_tracking.history,
    commands_tracking.diff,
    commands_tracking.signposts,
    commands_tracking.score,
)
PANEL = "panel"
NAMES = frozenset([*(declared(c).command_name for c in COMMANDS), PANEL])


def new_app(only: str | None = None) -> typer.Typer:
    """The app with every command; or with `only` the command of that name, which is all a run
    of it needs: typer builds every registered command's options from its signature on each
    run, so one command is built instead of all."""
    made = typer.Typer(
        name="scenarios",
        cls=RootGroup,
        no_args_is_help=True,
        add_completion=True,  # --install-completion, --show-completion
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # click's plain help: wraps to the screen, reads well at 80 columns
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    made.callback()(_root)
    register(made, *(c for c in COMMANDS if only in (None, declared(c).command_name)))
    if only in (None, PANEL):
        made.add_typer(
            commands_panel.panel_app,
            name=PANEL,
            short_help="The analysts of panel/: where they disagree, and so what.",
        )
    return made


app = new_app()


def main() -> None:
    """The console script: usage errors become one `error:` line too, with exit status 2.
    Output keeps to the terminal's encoding; a character it cannot show is a '?', and one
    note at the end says so."""
    from scenarios.cli.terminal import encoding_note, respect_encoding

    respect_encoding()
    try:
        _main()
    finally:
        note = encoding_note()
        if note is not None:
            with suppress(OSError, ValueError):  # a closed or broken stderr: nothing to say
                sys.stderr.write(note + "\n")


def _main() -> None:
    # `scenarios COMMAND ...` builds that command alone; the root's help, its options, an
    # unknown command's did-you-mean and shell completion need the whole app
    first = sys.argv[1] if len(sys.argv) > 1 else None
    completing = any(name.startswith("_SCENARIOS_COMPLETE") for name in os.environ)
    runs = new_app(first) if first in NAMES and not completing else app
    try:
        runs(prog_name="scenarios")  # RootGroup.main: every error one `error:` line, then exits
    except KeyboardInterrupt:
        sys.exit(130)
