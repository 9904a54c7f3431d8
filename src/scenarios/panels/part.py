"""A workspace's panel/ read with it (`load_workspace(..., part=panel_part)`): where the folder
holds no analyst's file, the panels' machinery is not even imported (the start-up of `rank`)."""

from __future__ import annotations

from pathlib import Path

from scenarios.workspace.files import yaml_files
from scenarios.workspace.load import Part

FOLDER = "panel"  # as panels.analysts.FOLDER


def panel_part(root: Path) -> Part | None:
    """The workspace's panel/ read (None: it holds no analyst's file)."""
    if not yaml_files(root / FOLDER):
        return None
    from scenarios.panels.panel import read_panel

    return read_panel(root)
