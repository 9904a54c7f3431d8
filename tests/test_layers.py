"""The three layers: no core module imports the terminal layer (rich, typer) or pandas."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "scenarios"
# Everything but the command line (cli/) and `python -m scenarios`, as dotted module names
CORE = sorted(
    ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
    for p in PACKAGE.rglob("*.py")
    if p.relative_to(PACKAGE).parts[0] not in ("cli", "__main__.py")
)


def test_the_core_is_listed():
    assert {"core.engine", "api.__init__", "workspace.load", "analyses.robustness"} <= set(CORE)


@pytest.mark.parametrize("module", CORE)
def test_importing_a_core_module_loads_no_terminal_code_and_no_pandas(module):
    name = "scenarios" if module == "__init__" else f"scenarios.{module.removesuffix('.__init__')}"
    code = (
        f"import sys, {name}\n"
        "bad = sorted(m for m in ('rich', 'typer', 'pandas') if m in sys.modules)\n"
        "print(','.join(bad))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "", f"{name} imports {found}"
