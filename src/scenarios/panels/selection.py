"""The panel of a run (--panel DIR, --no-panel) and its rule (--panel-aggregate)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from scenarios.core import arguments
from scenarios.core.choices import (
    PANEL_ANALYSTS,
    PANEL_PROBABILITIES,
    PANEL_UNCERTAINTY,
    PANEL_VALUES,
)
from scenarios.core.errors import OptionError, Problem, WorkspaceError, did_you_mean, plural
from scenarios.panels.judgements import FOLDER, check_files, filled, read_files
from scenarios.panels.panel import attach
from scenarios.workspace.scenario import PanelRule
from scenarios.workspace.schema import PanelAggregate

if TYPE_CHECKING:
    from scenarios.workspace.load import Workspace


# --- --panel DIR, --no-panel ------------------------------------------------------------------

EXAMPLE_PANEL = "example-panel"  # the bundled folder of illustrative analysts (opt-in)
PanelChoice = str | os.PathLike[str] | bool | None
"""A run's panel: None, the workspace's own panel/; False, none; a folder or a bundled name."""


def panel_folder(spec: str | os.PathLike[str]) -> Path:
    """The folder of analyst files that ``--panel`` names: a folder, or the name of a bundled
    one (example-panel), found as `-w` finds a bundled workspace."""
    from scenarios.workspace.files import yaml_files
    from scenarios.workspace.find import CHECKOUT_FOLDER, bundled_root, folders_upwards

    text = os.fspath(spec)
    option = f"--panel {text}"
    try:
        path = Path(text).expanduser()
        exists = path.exists()
    except (OSError, RuntimeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise OptionError(Problem(f"{option}: cannot use this path: {reason}")) from None
    if not exists and text and "/" not in text and os.sep not in text:
        here = [folder / CHECKOUT_FOLDER / text for folder in folders_upwards(Path.cwd())]
        for candidate in [*here, bundled_root() / text]:
            if candidate.is_dir() and not (candidate / "model.yaml").exists():
                path, exists = candidate, True
                break
    if not exists:
        raise OptionError(
            Problem(
                f"{option}: no such folder",
                hint=did_you_mean(text, [EXAMPLE_PANEL])
                or f"give a folder of analyst files (*.yaml), or the bundled {EXAMPLE_PANEL}",
            )
        )
    if not path.is_dir():
        raise OptionError(
            Problem(f"{option} is a file, not a folder", hint="give the folder of analyst files")
        )
    if (path / "model.yaml").exists() and (path / FOLDER).is_dir():
        path = path / FOLDER  # a workspace: its panel
    if not yaml_files(path):
        raise OptionError(
            Problem(
                f"{option}: no analyst files (*.yaml) in this folder",
                hint="one YAML file per analyst (`scenarios panel init NAME -o FILE`)",
            )
        )
    return path


def use_panel(ws: Workspace, panel: PanelChoice) -> Workspace:
    """The workspace with the panel of this run: None, its own panel/ (if it has one); False,
    none; a folder or a bundled name (example-panel), the analysts there instead of its own."""
    from scenarios.workspace.files import yaml_files
    from scenarios.workspace.find import display_path

    if panel is None:
        return ws
    if ws.changes:
        raise OptionError(
            Problem(
                "panel: choose the panel before any change (what-if, weight, value)",
                hint="pass panel= to the same call as the changes",
            )
        )
    plain = ws.panel.plain if ws.panel is not None else ws
    plain = replace(plain, notices=())  # what loading noticed is about its own panel/
    if panel is False:
        return plain
    if panel is True or not isinstance(panel, (str, os.PathLike)):
        raise OptionError(
            Problem(
                f"panel: expected a folder, a bundled name, None or False (got {panel!r})",
                hint=f"e.g. panel={EXAMPLE_PANEL!r}; panel=False for none",
            )
        )
    folder = panel_folder(panel)
    problems: list[Problem] = []
    files = read_files(yaml_files(folder), problems)
    if not problems:
        problems = check_files(files, plain.model, plain.profiles, plain.documents)
    if problems:
        raise WorkspaceError(problems)
    if not any(filled(file) for _, file in files):
        raise OptionError(
            Problem(
                f"--panel {os.fspath(panel)}: no sheet there is filled in yet "
                f"({plural(len(files), 'sheet')}, none with a value or weight of its own)",
                hint="a sheet counts once it gives at least one value or weight",
            )
        )
    return attach(plain, files, display_path(folder) + "/")


# --- --panel-aggregate ----------------------------------------------------------------------

RULE_CHOICES: dict[str, tuple[str, ...]] = {
    "values": PANEL_VALUES,
    "probabilities": PANEL_PROBABILITIES,
    "analysts": PANEL_ANALYSTS,
    "uncertainty": PANEL_UNCERTAINTY,
}
RULE_NUMBERS = ("trim", "extremize")
RuleLike = PanelAggregate | Mapping[str, object] | Sequence[str]


def parse_rule(given: RuleLike, current: PanelAggregate) -> tuple[PanelAggregate, PanelRule]:
    """The rule for one run: ``current`` (model.yaml's) with the settings given, as
    'KEY=VALUE' strings ('values=median', 'probabilities=log_odds,extremize=2'), a mapping or a
    PanelAggregate; and how to name the change."""
    option = "--panel-aggregate"
    if isinstance(given, PanelAggregate):
        return given, _rule(given.model_dump(exclude_unset=True))
    updates: dict[str, object] = {}
    items: list[tuple[str, object, str]]
    if isinstance(given, Mapping):
        items = [(str(k), v, f"panel_aggregate[{k!r}]") for k, v in given.items()]
    else:
        if isinstance(given, str):
            given = [given]
        items = []
        for text in given:
            for part in str(text).split(","):
                key, sep, raw = part.strip().partition("=")
                if not sep or not key.strip():
                    raise OptionError(
                        Problem(
                            f"{option} {part.strip()}: expected KEY=VALUE",
                            hint="e.g. --panel-aggregate values=median",
                        )
                    )
                items.append((key.strip(), raw.strip(), f"{option} {part.strip()}"))
    known = [*RULE_CHOICES, *RULE_NUMBERS]
    for name, value, where in items:
        if name in RULE_CHOICES:
            updates[name] = arguments.choice(where, value, RULE_CHOICES[name])
        elif name in RULE_NUMBERS:
            if isinstance(value, str):
                try:
                    value = float(value)
                except ValueError:
                    raise OptionError(Problem(f"{where}: '{value}' is not a number")) from None
            updates[name] = arguments.number(where, value)
        else:
            raise OptionError(
                Problem(f"{where}: unknown setting '{name}'", hint=did_you_mean(name, known))
            )
    data = current.model_dump(exclude_unset=True)
    if updates.get("values", "trimmed_mean") != "trimmed_mean":
        data.pop("trim", None)
    if updates.get("probabilities", "log_odds") != "log_odds":
        data.pop("extremize", None)
    try:
        rule = PanelAggregate.model_validate(data | updates)
    except ValidationError as exc:
        error = exc.errors()[0]
        message = str(error["msg"]).removeprefix("Value error, ")
        key = ".".join(str(p) for p in error["loc"])
        raise OptionError(
            Problem(f"{option} {_spell(updates)}: {key + ': ' if key else ''}{message}")
        ) from None
    return rule, _rule(updates)


def _rule(settings: Mapping[str, object]) -> PanelRule:
    return PanelRule(
        tuple((k, f"{v:g}" if isinstance(v, float) else f"{v}") for k, v in settings.items())
    )


def _spell(settings: Mapping[str, object]) -> str:
    return str(_rule(settings)).removeprefix("--panel-aggregate ")


def no_panel(ws: Workspace, prefix: str = "") -> Problem:
    """What to say where a panel is needed and the workspace has none (or only blank sheets)."""
    if ws.notices:
        return Problem(
            f"{prefix}{ws.name} has no panel yet: {plural(len(ws.notices), 'sheet')} in "
            f"{FOLDER}/ not filled in",
            hint="a sheet counts once it gives at least one value or weight; `scenarios "
            "validate` names them",
        )
    return Problem(
        f"{prefix}{ws.name} has no panel",
        hint="add one YAML file per analyst under panel/ (`scenarios panel init NAME`), or try "
        "--panel example-panel (illustrative analysts)",
    )


def with_rule(ws: Workspace, given: RuleLike | None) -> Workspace:
    """The workspace combined by the rule given for this run (None: as model.yaml says)."""
    if given is None or (not isinstance(given, PanelAggregate) and not given):
        return ws
    if ws.panel is None:
        raise OptionError(no_panel(ws, "--panel-aggregate: "))
    rule, change = parse_rule(given, ws.panel.rule)
    return ws.panel.with_rule(ws, rule, change)
