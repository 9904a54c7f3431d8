"""Writers and file output: CSV, Markdown and JSON cells that are safe for spreadsheets and
terminals; -o that never destroys what it points at; export as one unit."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from scenarios.cli.app import app
from scenarios.core import writers as export
from scenarios.core.errors import ScenariosError
from scenarios.core.writers import (
    LOCK_NAME,
    csv_text,
    md_cell,
    neutralise,
    to_csv,
    to_json,
    to_markdown,
    write_output,
    write_tables,
)

from .. import tiny

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(app, [str(a) for a in args], env=ENV)

    return invoke


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _reaped() -> int:
    """The id of a process that has ended (a killed run's)."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


# --- CSV cells --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Yland\r=cmd|' /C calc'!A0", "\"Yland\r=cmd|' /C calc'!A0\""),  # CR: quoted
        ("a\nb", '"a\nb"'),
        ("a\u2028b", '"a\u2028b"'),
        ("=1+1", "'=1+1"),
        ("  =1+1", "'  =1+1"),  # after leading blanks
        ("\n=cmd", '"\'\n=cmd"'),  # after a leading line break: neutralised and quoted
        ("\r\n@SUM(A1)", '"\'\r\n@SUM(A1)"'),
        ("\tx", "'\tx"),
        ("－1", "'－1"),  # full-width minus
        ("plain", "plain"),
        ("a,b", '"a,b"'),
        ('say "hi"', '"say ""hi"""'),
        ("nul\x00here", "nulhere"),  # NUL removed
        ("esc\x1b[2J", "esc␛[2J"),  # control characters shown, not sent
        ("c1\x9b31m", "c1\ufffd31m"),
    ],
)
def test_csv_text_cells(value, written):
    assert csv_text(value) == written


def test_a_carriage_return_cannot_start_a_row(tmp_path):
    frame = pd.DataFrame({"id": ["X", "Y"], "name": ["Yland\r=cmd|x", "ok"], "score": [0.5, 0.25]})
    text = to_csv(frame)
    assert '"Yland\r=cmd|x"' in text  # quoted: a reader keeps it in its cell
    assert read_back(text) == [
        ["id", "name", "score"],
        ["X", "Yland\r=cmd|x", "0.5"],
        ["Y", "ok", "0.25"],
    ]


def test_csv_numbers_are_written_as_before():
    frame = pd.DataFrame(
        {"f": [1 / 3, float("nan")], "i": [1, 2], "b": [True, False], "s": ["-2", None]}
    )
    assert to_csv(frame) == "f,i,b,s\n0.333333,1,True,'-2\n,2,False,\n"
    assert to_csv(pd.DataFrame({"only": [""]})) == 'only\n""\n'


def test_neutralise_leaves_other_values_alone():
    assert neutralise(-3) == -3
    assert neutralise("Xland") == "Xland"
    assert neutralise("a=b") == "a=b"


def test_a_name_with_a_carriage_return_through_the_cli(tmp_path, run):
    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace("name: Xland", 'name: "Yland\\r=cmd|x\\0"')
    tiny.write(tmp_path / "cr", profiles=profiles)
    result = run("rank", "-w", "cr", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert read_back(result.stdout)[1][:3] == ["X", "1", "Yland\r=cmd|x"]


# --- Markdown and JSON cells --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("a|b", "a\\|b"),  # escaped once
        ("a\\|b", "a\\\\\\|b"),  # a backslash before it cannot undo the escape
        ("two\nlines\r\nhere\rand\u2028more", "two lines here and more"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)>"),
        ("esc\x1b]0;title\x07", "esc␛]0;title␇"),
        ("nul\x00", "nul"),
        (0.123456, "0.1235"),
        (float("nan"), ""),
    ],
)
def test_markdown_cells(value, written):
    assert md_cell(value) == written


def test_a_markdown_row_keeps_its_cells():
    frame = pd.DataFrame({"name|x": ["a|b\nc"], "n": [1]})
    assert to_markdown({"t": frame}).splitlines()[:3] == [
        "| name\\|x | n |",
        "|---|---:|",
        "| a\\|b c | 1 |",
    ]


def test_json_keeps_text_whole_and_escapes_controls():
    frame = pd.DataFrame({"note": ["esc\x1b[2J c1\x9b nul\x00 " + "w" * 10]})
    text = to_json({"t": frame}, {})
    assert not any((0 <= ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in text)
    assert json.loads(text)["tables"]["t"][0]["note"] == frame["note"][0]


# --- -o: never destroy what the path points at ---------------------------------------------


def test_a_character_device_is_written_through_not_replaced(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    assert write_output(null, "rank,id\n") == null
    assert stat.S_ISCHR(null.stat().st_mode)
    assert null.stat().st_rdev == os.makedev(1, 3)


def test_rank_into_a_device_through_the_cli(tmp_path, run):
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    tiny.write(tmp_path / "t")
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    result = run("rank", "-w", "t", "-o", null)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.lstat().st_mode)


def test_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_output(fifo, "a,b\n1,2\n")
    reader.join(10)
    assert received == [b"a,b\n1,2\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_link_is_followed_and_its_target_replaced(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert write_output(link, "new\n") == target
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_dangling_link_gets_its_target_made(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to("made.csv")
    write_output(link, "x\n")
    assert link.is_symlink() and (tmp_path / "made.csv").read_text() == "x\n"


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    with pytest.raises(ScenariosError, match=r"cannot write '.*out': it is a folder"):
        write_output(tmp_path / "out", "x")
    assert (tmp_path / "out").is_dir()


def test_dash_is_standard_output(tmp_path, run):
    tiny.write(tmp_path / "t")
    result = run("rank", "-w", "t", "-f", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("id,rank,name")
    assert result.stderr == ""
    assert not (tmp_path / "-").exists()


def test_a_long_legal_file_name_is_usable(tmp_path):
    path = tmp_path / ("r" * 250)
    write_output(path, "x\n")
    assert path.read_text() == "x\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r" * 250]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("z" * 300, r"^error: cannot write 'z{300}': File name too long$"),
        ("~nosuchuser/x.csv", r"^error: cannot write '~nosuchuser/x.csv': no home folder"),
        ("nofolder/x.csv", r"^error: cannot write nofolder/x.csv: folder 'nofolder' does not"),
    ],
)
def test_bad_output_paths_are_one_line_errors(tmp_path, run, name, message):
    tiny.write(tmp_path / "t")
    result = run("rank", "-w", "t", "-o", name)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.stderr.splitlines()) == 1
    assert re_match(message, result.stderr)


def re_match(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.M) is not None


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "r.csv"
    path.write_text("old\n")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "replace", fail)
    with pytest.raises(ScenariosError, match=r"cannot write '.*r\.csv': No space left on device"):
        write_output(path, "new\n")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


def test_a_killed_writers_temporary_file_is_removed_by_the_next(tmp_path):
    stale = tmp_path / f".scenarios-{_reaped()}-a1b2c3d4.tmp"
    stale.write_text("half")
    ours = tmp_path / f".scenarios-{os.getpid()}-e5f6a7b8.tmp"  # a live process's: kept
    ours.write_text("busy")
    write_output(tmp_path / "r.csv", "x\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [ours.name, "r.csv"]


# --- export: one unit -------------------------------------------------------------------


def frames(tag: str, extra: bool = False) -> dict[str, pd.DataFrame]:
    tables = {
        "rankings": pd.DataFrame({"id": ["X", "Y"], "tag": [tag, tag]}),
        "matrix": pd.DataFrame({"id": ["X"], "tag": [tag]}),
    }
    if extra:
        tables["compare"] = pd.DataFrame({"tag": [tag]})
    return tables


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_new_folder_appears_whole(tmp_path):
    out = tmp_path / "new" / "out"
    written = write_tables(out, frames("a"), {"tag": "a"}, excel=False)
    assert [p.name for p in written] == ["rankings.csv", "matrix.csv", "manifest.json"]
    assert sorted(snapshot(out)) == ["manifest.json", "matrix.csv", "rankings.csv"]
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["out"]  # nothing hidden left


def test_an_export_replaces_the_previous_one_and_keeps_other_files(tmp_path):
    out = tmp_path / "out"
    write_tables(out, frames("a", extra=True), {"tag": "a"}, excel=False)
    (out / "notes.txt").write_text("mine")
    write_tables(out, frames("b"), {"tag": "b"}, excel=False)
    files = snapshot(out)
    assert sorted(files) == ["manifest.json", "matrix.csv", "notes.txt", "rankings.csv"]
    assert read_back(files["rankings.csv"].decode()) == [["id", "tag"], ["X", "b"], ["Y", "b"]]
    assert json.loads(files["manifest.json"])["files"] == ["rankings.csv", "matrix.csv"]
    assert files["notes.txt"] == b"mine"


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4, 5])
def test_an_export_that_fails_partway_leaves_the_folder_as_it_was(tmp_path, monkeypatch, fail_at):
    out = tmp_path / "out"
    write_tables(out, frames("a", extra=True), {"tag": "a"}, excel=False)
    before = snapshot(out)
    calls = {"n": 0}
    real_rename = os.rename

    def flaky(src, dst):
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise OSError(5, "Input/output error")
        return real_rename(src, dst)

    monkeypatch.setattr(export.os, "rename", flaky)
    with pytest.raises(ScenariosError, match=r"cannot write into '.*out': Input/output error"):
        write_tables(out, frames("b"), {"tag": "b"}, excel=False)
    monkeypatch.undo()
    assert snapshot(out) == before


def test_an_export_that_fails_while_writing_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_tables(out, frames("a"), {"tag": "a"}, excel=False)
    before = snapshot(out)
    real_write = export._write_all
    calls = {"n": 0}

    def full(fd, data):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real_write(fd, data)

    monkeypatch.setattr(export, "_write_all", full)
    with pytest.raises(ScenariosError, match=r"No space left on device"):
        write_tables(out, frames("b"), {"tag": "b"}, excel=False)
    assert snapshot(out) == before
    fresh = tmp_path / "fresh"
    calls["n"] = 0
    with pytest.raises(ScenariosError, match=r"No space left on device"):
        write_tables(fresh, frames("b"), {"tag": "b"}, excel=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_killed_exports_leftovers_are_removed_by_the_next(tmp_path):
    out = tmp_path / "out"
    write_tables(out, frames("a"), {"tag": "a"}, excel=False)
    pid = _reaped()
    (out / f".scenarios-{pid}-deadbeef").mkdir()
    (out / f".scenarios-{pid}-deadbeef" / "rankings.csv").write_text("half")
    (tmp_path / f".scenarios-{pid}-cafebabe").mkdir()
    write_tables(out, frames("b"), {"tag": "b"}, excel=False)
    assert sorted(snapshot(out)) == ["manifest.json", "matrix.csv", "rankings.csv"]
    write_tables(tmp_path / "other", frames("c"), {"tag": "c"}, excel=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other", "out"]


def test_two_exports_into_one_folder_do_not_mix(tmp_path):
    out = tmp_path / "out"
    write_tables(out, frames("a"), {"tag": "a"}, excel=False)
    done = threading.Event()
    with export._export_lock(out):  # an export is running
        worker = threading.Thread(
            target=lambda: (write_tables(out, frames("b"), {"tag": "b"}, excel=False), done.set()),
            daemon=True,
        )
        worker.start()
        time.sleep(0.3)
        assert not done.is_set()  # it waits
        assert read_back(snapshot(out)["rankings.csv"].decode())[1] == ["X", "a"]
    worker.join(10)
    assert done.is_set()
    assert json.loads(snapshot(out)["manifest.json"])["tag"] == "b"
    assert not (out / LOCK_NAME).exists()


def test_many_exports_at_once_leave_one_whole_export(tmp_path):
    out = tmp_path / "out"
    failures: list[BaseException] = []

    def export_tagged(tag: str) -> None:
        try:
            write_tables(out, frames(tag), {"tag": tag}, excel=False)
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)

    workers = [threading.Thread(target=export_tagged, args=(f"t{i}",)) for i in range(6)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert failures == []
    files = snapshot(out)
    tag = json.loads(files["manifest.json"])["tag"]
    assert read_back(files["rankings.csv"].decode())[1] == ["X", tag]
    assert read_back(files["matrix.csv"].decode())[1] == ["X", tag]
    assert sorted(files) == ["manifest.json", "matrix.csv", "rankings.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_where_a_table_goes_is_not_touched(tmp_path):
    out = tmp_path / "out"
    write_tables(out, frames("a"), {"tag": "a"}, excel=False)
    (out / "matrix.csv").unlink()
    (out / "matrix.csv").mkdir()
    (out / "matrix.csv" / "keep").write_text("mine")
    before = snapshot(out / "matrix.csv")
    with pytest.raises(ScenariosError, match=r"'matrix\.csv' there is a folder"):
        write_tables(out, frames("b"), {"tag": "b"}, excel=False)
    assert snapshot(out / "matrix.csv") == before
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "matrix.csv", "rankings.csv"]


# --- export into an existing folder: empty, an earlier export, or refused ---------------


def test_an_existing_empty_folder_is_used(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    written = write_tables(out, frames("a"), {"tag": "a"}, excel=False)
    assert [p.name for p in written] == ["rankings.csv", "matrix.csv", "manifest.json"]
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "matrix.csv", "rankings.csv"]
    assert read_back((out / "rankings.csv").read_text()) == [["id", "tag"], ["X", "a"], ["Y", "a"]]


@pytest.mark.parametrize("fail_at", [1, 2, 3])
def test_an_export_into_an_empty_folder_that_fails_leaves_it_empty(tmp_path, monkeypatch, fail_at):
    out = tmp_path / "out"
    out.mkdir()
    calls = {"n": 0}
    real_rename = os.rename

    def flaky(src, dst):
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise OSError(5, "Input/output error")
        return real_rename(src, dst)

    monkeypatch.setattr(export.os, "rename", flaky)
    with pytest.raises(ScenariosError, match=r"cannot write into '.*out': Input/output error"):
        write_tables(out, frames("a"), {"tag": "a"}, excel=False)
    monkeypatch.undo()
    assert list(out.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_folder_holding_only_a_killed_exports_leftovers_counts_as_empty(tmp_path):
    out = tmp_path / "out"
    (out / f".scenarios-{_reaped()}-deadbeef").mkdir(parents=True)
    write_tables(out, frames("a"), {"tag": "a"}, excel=False)
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "matrix.csv", "rankings.csv"]


FOREIGN = {
    "notes.txt": b"mine\n",
    "a.csv": b"x,y\n1,2\n",
    "b.csv": b"",
    "c.csv": b"c",
    "manifest.json": b'{"name": "a web app"}\n',  # not an export's: no list of its files
}


@pytest.mark.parametrize(
    ("files", "listed"),
    [
        ({"notes.txt": b"mine\n"}, "'notes.txt'"),
        ({"rankings.csv": b"id\nX\n"}, "'rankings.csv'"),  # a table's name, but no manifest
        (FOREIGN, "'a.csv', 'b.csv', 'c.csv' and 2 more"),
    ],
)
def test_a_folder_of_other_files_is_refused_and_not_touched(tmp_path, files, listed):
    out = tmp_path / "out"
    out.mkdir()
    for name, data in files.items():
        (out / name).write_bytes(data)
    before = snapshot(out)
    mtime = out.stat().st_mtime_ns
    message = (
        f"cannot export into '{out}': it holds {listed}, and no manifest.json of an earlier "
        "export (export into a new or empty folder, or one an earlier export wrote)"
    )
    with pytest.raises(ScenariosError, match=f"^{re.escape(message)}$"):
        write_tables(out, frames("a"), {"tag": "a"}, excel=False)
    assert snapshot(out) == before
    assert out.stat().st_mtime_ns == mtime  # not even the lock file was made
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_foreign_folder_is_refused_from_the_command_line(tmp_path, run):
    tiny.write(tmp_path / "t")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    result = run("export", "out", "-w", "t", "--samples", "100")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "error: cannot export into 'out': it holds 'notes.txt', and no manifest.json of an "
        "earlier export (export into a new or empty folder, or one an earlier export wrote)\n"
    )
    assert result.stdout == ""
    assert snapshot(tmp_path / "out") == {"notes.txt": b"mine"}


def test_an_empty_folder_is_used_from_the_command_line_and_again(tmp_path, run):
    tiny.write(tmp_path / "t")
    (tmp_path / "out").mkdir()
    first = run("export", "out", "-w", "t", "--samples", "100")
    assert first.exit_code == 0, first.output
    assert first.stderr == ""
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    names = sorted([*manifest["files"], "manifest.json"])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == names
    assert read_back((tmp_path / "out" / "rankings.csv").read_text())[1][0] == "X"
    again = run("export", "out", "-w", "t", "--samples", "100")  # its own earlier export
    assert again.exit_code == 0, again.output


def test_the_python_export_uses_a_fresh_temporary_folder_and_refuses_a_foreign_one(tmp_path):
    import tempfile

    import scenarios

    ws = tiny.write(tmp_path / "t")
    with tempfile.TemporaryDirectory() as fresh:
        written = scenarios.export(fresh, ws, samples=100)
        assert written[0] == Path(fresh) / "rankings.csv"
        assert sorted(p.name for p in Path(fresh).iterdir()) == sorted(p.name for p in written)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "data.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(ScenariosError, match=r"^cannot export into '.*foreign': it holds 'data"):
        scenarios.export(foreign, ws, samples=100)
    assert snapshot(foreign) == {"data.xlsx": b"PK\x03\x04"}


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("y" * 300, r"^error: cannot write into 'y{300}': File name too long$"),
        ("~nosuchuser/x", r"^error: cannot write into '~nosuchuser/x': no home folder"),
        ("afile", r"^error: 'afile' is a file, expected a folder$"),
    ],
)
def test_bad_export_folders_are_one_line_errors(tmp_path, run, folder, message):
    tiny.write(tmp_path / "t")
    (tmp_path / "afile").write_text("x")
    result = run("export", folder, "-w", "t", "--samples", "100")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert re_match(message, result.stderr), result.stderr


def test_a_link_to_a_missing_folder_is_refused(tmp_path):
    (tmp_path / "out").symlink_to(tmp_path / "gone")
    with pytest.raises(ScenariosError, match=r"is a link to a folder that does not exist"):
        write_tables(tmp_path / "out", frames("a"), {"tag": "a"}, excel=False)
    assert not (tmp_path / "gone").exists()


def test_a_failed_export_says_its_error_alone(tmp_path):
    """A --set outside its range is noted only once the export has been written: a run that
    fails (here on its memory budget) prints its error line and nothing else."""
    from typer.testing import CliRunner

    from scenarios.cli.app import app

    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "SCENARIOS_WORKSPACE": ""})
    args = ["export", str(tmp_path / "out"), "--set", "KZ.us_engagement=0", "--samples", "300"]
    failed = runner.invoke(app, [*args, "--memory-budget", "1"])
    assert failed.exit_code == 2
    assert [line[:6] for line in failed.stderr.splitlines()] == ["error:"]
    assert not (tmp_path / "out").exists()
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "note: --set KZ.us_engagement=0 is outside its range" in done.stderr
