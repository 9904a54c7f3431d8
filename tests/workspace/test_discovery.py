"""The edit loop where the user stands: a checkout's scenarios/ folder is what `scenarios rank`
reads, from its root and from any folder inside it; -w and $SCENARIOS_WORKSPACE still win."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenarios.cli.app import app
from scenarios.workspace.find import bundled_root, locate_workspace

ROOT = Path(__file__).resolve().parents[2]
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}


def first_country(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(app, ["rank", "-f", "csv", *args], env={**ENV, **(env or {})})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[1].split(",")[0]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the checkout's layout: pyproject.toml and scenarios/<workspace>/."""
    root = tmp_path / "project"
    (root / "docs" / "notes").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    shutil.copytree(bundled_root() / "central-asia", root / "scenarios" / "central-asia")
    shutil.copytree(bundled_root() / "abraham-2020", root / "scenarios" / "abraham-2020")
    return root


def edit_weight(model: Path, factor: str, weight: float) -> None:
    """Set one factor's weight, as a user would in an editor (the line after `factor:`)."""
    lines = model.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{factor}:")
    at = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("weight:"))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines[at] = f"{indent}weight: {weight}\n"
    model.write_text("".join(lines), encoding="utf-8")


def test_an_edited_weight_shows_from_the_root_and_from_a_subfolder(checkout, monkeypatch):
    monkeypatch.chdir(checkout)
    assert first_country() == "KZ"
    edit_weight(checkout / "scenarios" / "central-asia" / "model.yaml", "russia_dependence", 20)
    assert first_country() == "TM"
    monkeypatch.chdir(checkout / "docs" / "notes")
    assert first_country() == "TM"
    monkeypatch.chdir(checkout / "scenarios" / "central-asia" / "profiles")
    assert first_country() == "TM"


def test_the_caption_names_the_folder_read(checkout, monkeypatch):
    monkeypatch.chdir(checkout)
    result = CliRunner().invoke(app, ["rank"], env=ENV)
    assert "workspace: scenarios/central-asia ·" in result.stdout
    monkeypatch.chdir(checkout / "scenarios" / "central-asia" / "profiles")
    result = CliRunner().invoke(app, ["rank"], env=ENV)
    assert "workspace: .. ·" in result.stdout.replace("\n", " ")


def test_option_and_environment_win_over_the_checkout(checkout, monkeypatch, tmp_path):
    edit_weight(checkout / "scenarios" / "central-asia" / "model.yaml", "russia_dependence", 20)
    mine = tmp_path / "mine"
    shutil.copytree(bundled_root() / "central-asia", mine)
    monkeypatch.chdir(checkout)
    assert first_country("-w", str(mine)) == "KZ"
    assert first_country(env={"SCENARIOS_WORKSPACE": str(mine)}) == "KZ"
    assert first_country("-w", str(mine), env={"SCENARIOS_WORKSPACE": "abraham-2020"}) == "KZ"


def test_a_name_is_looked_up_in_the_checkout_first(checkout, monkeypatch):
    monkeypatch.chdir(checkout / "docs")
    where = locate_workspace("abraham-2020")
    assert where.root == checkout / "scenarios" / "abraham-2020"
    assert where.display == "../scenarios/abraham-2020"


def test_nearest_workspace_folder_wins_over_the_checkout_default(checkout, monkeypatch):
    mine = checkout / "docs" / "mine"
    shutil.copytree(bundled_root() / "central-asia", mine)
    monkeypatch.chdir(mine / "profiles")
    assert locate_workspace().root == mine


def test_model_yaml_alone_is_not_a_workspace(checkout, monkeypatch):
    (checkout / "docs" / "model.yaml").write_text("title: not ours\n", encoding="utf-8")
    monkeypatch.chdir(checkout / "docs")
    assert locate_workspace().root == checkout / "scenarios" / "central-asia"


def test_outside_any_checkout_the_installed_copy_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCENARIOS_WORKSPACE", raising=False)
    where = locate_workspace()
    assert where.how == "installed"
    assert where.root == bundled_root() / "central-asia"


def test_import_from_the_checkout_root_finds_the_package_not_the_data_folder():
    found = subprocess.run(
        [sys.executable, "-c", "import scenarios; print(scenarios.__file__)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert found.endswith(str(Path("scenarios") / "__init__.py"))
    assert (
        Path(found).parent.name == "scenarios"
        and (Path(found).parent / "core" / "engine.py").exists()
    )
