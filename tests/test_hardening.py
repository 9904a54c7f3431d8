"""Adversarial inputs, options and output targets: every one ends in a clean `error:` line
with exit status 2 (or works), never a traceback, a hang, a destroyed file or unsafe output."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scenarios import WorkspaceError, load_workspace
from scenarios.cli import app
from scenarios.files import MAX_FILE_BYTES, read_file
from scenarios.workspace import content_hash, workspace_files

from . import tiny

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: Any, env: dict[str, str] | None = None, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], env={**ENV, **(env or {})}, input=input)

    return invoke


@pytest.fixture
def ws(tmp_path) -> Path:
    return tiny.write(tmp_path / "t")


def errors(result) -> list[str]:
    """The error lines of a run that must fail cleanly: exit 2, no traceback, nothing on
    stdout, every stderr line an `error:` line."""
    assert "Traceback" not in result.output
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), lines
    return lines


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run work in a thread; fail (instead of hanging the suite) if it takes longer."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the test below
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def load_problems(root: Path) -> list[str]:
    def work() -> list[str]:
        with pytest.raises(WorkspaceError, match=r".") as info:
            load_workspace(root)
        return [str(p) for p in info.value.problems]

    return [line.replace(f"{root}/", "") for line in within(10, work)]


# --- 2. input never crashes: the files a workspace consists of --------------------------

NOT_READ = "a workspace holds plain YAML files; remove it or replace it with a file"


def test_a_fifo_among_the_profiles_is_reported_not_opened(ws):
    os.mkfifo(ws / "profiles" / "pipe.yaml")
    assert load_problems(ws) == [
        f"profiles/pipe.yaml: is a named pipe (FIFO), not a regular file; it was not read ({NOT_READ})"
    ]


def test_a_fifo_as_model_yaml_is_reported_not_opened(ws):
    (ws / "model.yaml").unlink()
    os.mkfifo(ws / "model.yaml")
    assert load_problems(ws)[0] == (
        f"model.yaml: is a named pipe (FIFO), not a regular file; it was not read ({NOT_READ})"
    )


def test_a_link_out_of_the_workspace_into_a_device_is_not_read(ws):
    (ws / "whatif").mkdir()
    (ws / "whatif" / "zero.yaml").symlink_to("/dev/zero")
    assert load_problems(ws) == [
        f"whatif/zero.yaml: is a character device, not a regular file; it was not read ({NOT_READ})"
    ]


def test_a_link_to_a_fifo_elsewhere_is_not_opened(ws, tmp_path):
    os.mkfifo(tmp_path / "elsewhere")
    (ws / "profiles" / "w.yaml").symlink_to(tmp_path / "elsewhere")
    assert load_problems(ws) == [
        f"profiles/w.yaml: is a named pipe (FIFO), not a regular file; it was not read ({NOT_READ})"
    ]


def test_a_link_to_a_regular_file_elsewhere_is_read(ws, tmp_path):
    (tmp_path / "shared.yaml").write_text(tiny.PROFILES["z"].replace("id: Z", "id: W"))
    (ws / "profiles" / "w.yaml").symlink_to(tmp_path / "shared.yaml")
    assert load_workspace(ws).country_ids == ("W", "X", "Y", "Z")


@pytest.mark.parametrize("where", ["", "profiles/", "whatif/"])
def test_an_editor_lock_file_is_skipped(ws, run, where):
    # Emacs keeps `.#NAME` (a link to nowhere) beside a file while it is being edited
    (ws / where).mkdir(exist_ok=True)
    before = content_hash(ws)
    (ws / where / ".#model.yaml").symlink_to("user@host.12345:1700000000")
    assert content_hash(ws) == before
    result = run("rank", "-w", ws, "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("1,X,Xland")


@pytest.mark.parametrize(
    "name", [".alpha.yaml", "#x.yaml", "x~.yaml", "~x.yaml", ".x.yml", "x.yaml~", "x.yaml.bak"]
)
def test_hidden_files_and_editor_backups_are_skipped(ws, name):
    (ws / "profiles" / name).write_text("this: [is not a profile")
    assert load_workspace(ws).country_ids == ("X", "Y", "Z")
    assert ws / "profiles" / name not in workspace_files(ws)


def test_folders_named_like_yaml_files(ws):
    (ws / "notes.yaml").mkdir()  # not part of the workspace: ignored
    assert load_workspace(ws).country_ids == ("X", "Y", "Z")
    (ws / "profiles" / "q.yaml").mkdir()  # where a profile is expected: said
    assert load_problems(ws) == ["profiles/q.yaml: is a folder, expected a file"]


def test_the_hash_covers_exactly_the_workspace_files(ws):
    before = content_hash(ws)
    (ws / "notes.yaml").write_text("anything: 1")
    (ws / "scratch").mkdir()
    (ws / "scratch" / "old.yaml").write_text("anything: 2")
    os.mkfifo(ws / "pipe.yaml")  # outside the folders read: neither read nor opened
    assert within(10, lambda: content_hash(ws)) == before
    (ws / "panel").mkdir()
    (ws / "panel" / "ana.yaml").write_text("analyst: Ana\n")
    assert content_hash(ws) != before
    assert [p.relative_to(ws).as_posix() for p in workspace_files(ws)] == [
        "model.yaml",
        "profiles/x.yaml",
        "profiles/y.yaml",
        "profiles/z.yaml",
        "panel/ana.yaml",
    ]


def test_a_file_over_the_size_limit_is_refused(ws):
    with (ws / "profiles" / "big.yaml").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    assert load_problems(ws) == [
        "profiles/big.yaml: the file is larger than the limit of 10.0 MiB (workspace files are "
        "short YAML texts; split it or shorten long notes)"
    ]


def test_the_size_limit_holds_for_a_file_that_grows_while_read(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * 101)
    with pytest.raises(WorkspaceError, match=r"larger than the limit of 100 bytes"):
        read_file(path, limit=100)
    assert read_file(path, limit=101) == b"x" * 101


def test_the_cli_reports_a_fifo_in_one_line(ws, run):
    os.mkfifo(ws / "profiles" / "pipe.yaml")
    result = within(20, lambda: run("rank", "-w", ws))
    assert errors(result) == [
        f"error: t/profiles/pipe.yaml: is a named pipe (FIFO), not a regular file; it was not "
        f"read ({NOT_READ})"
    ]
