"""The version, in one place: pyproject.toml reads it from here (hatch), the tool prints it."""

__version__ = "0.1.0"
