"""The console script. `scenarios --version` is answered here, before the command line's
modules are imported (they cost far more than printing a constant); everything else goes to
`cli.main`."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from scenarios._version import __version__

        sys.stdout.write(f"scenarios {__version__}\n")
        return
    from scenarios.cli.app import main as run

    run()
