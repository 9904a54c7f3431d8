"""CSV, JSON and Markdown writers and atomic file writes. No terminal code."""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.core.errors import OutputError, Problem, WorkspaceError
from scenarios.core.files import is_folder, kind_of, read_file
from scenarios.core.textsafe import BIDI_CONTROLS, printable

if TYPE_CHECKING:
    import pandas as pd

# A text cell whose first non-blank character is one of these is run as a formula by
# spreadsheets (the full-width forms too, by some); so is one that starts with a tab or CR.
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A cell holding one of these is quoted: the separator, the quote, and every line break a reader
# may split rows at (Python's csv module leaves a lone CR unquoted).
_CSV_QUOTE = re.compile('[,"\n\r\u2028\u2029]')
# Line breaks (and other vertical space) in a Markdown cell end the table row: they become spaces.
_MD_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would read as a formula with an apostrophe: one
    starting with = + - @ (after any spaces or line breaks), a tab or a carriage return."""
    if isinstance(value, str) and (
        value.startswith(("\t", "\r")) or value.lstrip()[:1] in _FORMULA_START
    ):
        return "'" + value
    return value


def csv_text(value: str) -> str:
    """A text cell as written to CSV: NUL removed, other control characters (but tab and line
    breaks) shown as symbols, formula-neutralised, quoted when it holds a separator, a quote
    or any line break."""
    text = str(neutralise(printable(value.replace("\x00", ""), keep="\t\n\r")))
    if _CSV_QUOTE.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _missing(value: Any) -> bool:
    """None, or pandas' NA: the missing cell of a nullable column (Int64), which keeps its
    whole numbers whole (a float column would write a rank as 3.0 in JSON)."""
    return value is None or type(value).__name__ == "NAType"


def csv_cell(value: Any) -> str:
    """One cell: numbers as pandas writes them with float_format %.6g, empty for missing."""
    if _missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return "" if math.isnan(value) else "%.6g" % value  # noqa: UP031 (pandas' own format)
    return csv_text(str(value))


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame's named index (country id, factor ...) as ordinary leading columns."""
    if any(name is not None for name in frame.index.names):
        return frame.reset_index()
    return frame


def to_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV (header, then one line per row, LF line ends), every text cell made safe
    for spreadsheets and terminals (see csv_text); a named index becomes leading columns."""
    frame = flat(frame)
    rows = [[csv_cell(str(c)) for c in frame.columns]]
    rows += [[csv_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    # a line holding one empty cell would read as no line at all
    return "".join((",".join(r) if r != [""] else '""') + "\n" for r in rows)


def _json_value(value: Any) -> Any:
    if _missing(value):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return _json_value(value.item())
    return value


_ESCAPED = re.compile(f"[\x80-\x9f{BIDI_CONTROLS}]")


def to_json(frames: Mapping[str, pd.DataFrame], meta: Mapping[str, Any]) -> str:
    """Every table whole. json.dumps escapes the C0 controls; the C1 ones (U+009B starts a
    control sequence on some terminals) and the bidirectional ones (U+202E reverses what follows
    it) are escaped here, so no text reaches a terminal raw."""
    tables = {
        name: [
            {str(k): _json_value(v) for k, v in row.items()}
            for row in flat(frame).to_dict("records")
        ]
        for name, frame in frames.items()
    }
    text = json.dumps({"meta": dict(meta), "tables": tables}, ensure_ascii=False, indent=2)
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def md_cell(value: Any) -> str:
    """One Markdown table cell: line breaks become spaces; `\\`, `|` and `<` are escaped once
    each (so a cell cannot end early or open an HTML tag); control characters shown as symbols."""
    if isinstance(value, float | np.floating):
        return "" if not math.isfinite(value) else f"{value:.4g}"
    if _missing(value):
        return ""
    text = _MD_BREAKS.sub(" ", str(value))
    text = printable(text.replace("\x00", ""), keep="\t")
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "\\<")


def to_markdown(frames: Mapping[str, pd.DataFrame]) -> str:
    out = []
    for name, indexed in frames.items():
        frame = flat(indexed)
        if len(frames) > 1:
            out.append(f"### {name}\n")
        numeric = [frame[c].dtype.kind in "fi" for c in frame.columns]
        out.append("| " + " | ".join(md_cell(str(c)) for c in frame.columns) + " |")
        out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
        for row in frame.itertuples(index=False, name=None):
            out.append("| " + " | ".join(md_cell(v) for v in row) + " |")
        out.append("")
    return "\n".join(out)


# --- writing files: never destroy what a path points at ------------------------------------

TEMP_PREFIX = ".scenarios-"  # temporary files and folders: .scenarios-PID-RANDOM[.tmp]
_TEMP_NAME = re.compile(r"\.scenarios-(\d+)-[A-Za-z0-9_]+(?:\.tmp)?")
LOCK_NAME = ".scenarios-export.lock"
LOCK_WAIT = 30.0  # seconds an export waits for another one into the same folder to finish


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _cannot(what: str, exc: OSError) -> OutputError:
    return OutputError(Problem(f"{what}: {exc.strerror or exc}"))


def _expand(path: Path | str, what: str) -> Path:
    """``~`` and ``~user`` expanded, as for --workspace; an unknown user is an error."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        raise OutputError(
            Problem(f"{what} '{path}': no home folder for this user", hint="give the full path")
        ) from None


def _stat(path: Path, what: str, *, follow: bool = True) -> os.stat_result | None:
    """os.stat of path, None when nothing is there; any other failure (a name too long, a loop
    of links, no permission) is a one-line error."""
    try:
        return os.stat(path, follow_symlinks=follow)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        if isinstance(exc, OSError):
            raise _cannot(f"{what} '{path}'", exc) from None
        raise OutputError(Problem(f"{what} '{path}': {exc}")) from None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True  # someone else's process, or no way to tell: keep its files
    return True


def remove_stale(folder: Path) -> None:
    """Remove the temporary files and folders a killed run of this tool left in ``folder`` (those
    whose process no longer runs; another run's are left alone)."""
    if os.name != "posix":  # os.kill(pid, 0) is not a harmless probe elsewhere
        return
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = _TEMP_NAME.fullmatch(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            pass


def _temp_path(folder: Path, suffix: str) -> Path:
    """A new name in folder, short whatever the target's name (a 250-character file name must
    still be writable), marked with our process id for `remove_stale`."""
    return folder / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}{suffix}"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _write_through(path: Path, data: bytes) -> None:
    """Open an existing character device or FIFO and write into it: never create, empty or
    replace it (replacing /dev/null with a file, as root, breaks the machine)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):  # it changed since it was checked
            raise OutputError(Problem(f"cannot write '{path}': it changed while being written"))
        _write_all(fd, data)
    finally:
        os.close(fd)


def _replace(target: Path, data: bytes, old: os.stat_result | None) -> None:
    """Write a temporary file beside target, then rename it over target: a reader never sees
    half a file, and a failure leaves the old file as it was."""
    tmp = _temp_path(target.parent, ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        try:
            # keep the mode (and, as root, the owner) of the file replaced; a new file gets the
            # mode a plain write would give it
            os.chmod(tmp, old.st_mode & 0o7777 if old is not None else 0o666 & ~_umask())
            if old is not None and hasattr(os, "chown") and os.geteuid() == 0:
                os.chown(tmp, old.st_uid, old.st_gid)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        now = _stat(target, "cannot write", follow=False)
        if now is not None and not stat.S_ISREG(now.st_mode):  # it changed since it was checked
            raise OutputError(Problem(f"cannot write '{target}': it is now {kind_of(now.st_mode)}"))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    remove_stale(target.parent)


def write_output(path: Path | str, text: str | bytes, *, bom: bool = False) -> Path:
    """Write text as UTF-8 (with a BOM for spreadsheets if asked) to ``path`` without destroying
    what it points at, and return the file written:

    - a regular file, or nothing yet: replaced atomically (`_replace`), keeping its mode;
    - a symbolic link: followed to its target, which is replaced the same way (the link stays);
    - a character device or a FIFO (/dev/null, /dev/stdout, a named pipe): written through;
    - a folder, a block device or a socket: refused.
    """
    path = _expand(path, "cannot write")
    # bytes (a chart's PNG) are written as they are
    data = text if isinstance(text, bytes) else (("\ufeff" if bom else "") + text).encode()
    info = _stat(path, "cannot write")
    try:
        if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            _write_through(path, data)
            return path
        if info is not None and not stat.S_ISREG(info.st_mode):
            what = kind_of(info.st_mode)
            raise OutputError(
                Problem(f"cannot write '{path}': it is {what}", hint="give a file's name")
            )
        target = Path(os.path.realpath(path)) if os.path.islink(path) else path
        if not is_folder(target.parent):
            raise OutputError(
                Problem(f"cannot write {path}: folder '{target.parent}' does not exist")
            )
        _replace(target, data, info)
        return target
    except OSError as exc:
        raise _cannot(f"cannot write '{path}'", exc) from None


def write_atomic(path: Path, text: str | bytes, *, bom: bool = False) -> None:
    """Replace the regular file at path (or create it) atomically; see `write_output`."""
    write_output(path, text, bom=bom)


def replace_together(contents: Mapping[Path, bytes]) -> None:
    """Replace several regular files as one: every new text is written to a temporary file
    beside its target first (a failure there leaves every file as it was), then each is renamed
    over its target; should a rename fail, the files already replaced get their old bytes
    back. Each file keeps its mode."""
    staged: list[tuple[Path, Path, bytes | None]] = []  # (target, temporary file, old bytes)
    try:
        for target, data in contents.items():
            info = _stat(target, "cannot write", follow=False)
            if info is not None and not stat.S_ISREG(info.st_mode):
                raise OutputError(
                    Problem(f"cannot write '{target}': it is {kind_of(info.st_mode)}")
                )
            old = target.read_bytes() if info is not None else None
            tmp = _temp_path(target.parent, ".tmp")
            staged.append((target, tmp, old))
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.chmod(tmp, info.st_mode & 0o7777 if info is not None else 0o666 & ~_umask())
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
    except BaseException:
        for _, tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    done: list[tuple[Path, bytes | None]] = []
    try:
        for target, tmp, old in staged:
            os.replace(tmp, target)
            done.append((target, old))
    except BaseException:
        for _, tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        for target, old in done:  # put back what was replaced
            if old is None:
                target.unlink(missing_ok=True)
            else:
                write_atomic(target, old)
        raise


# --- export: a folder of tables, written as one unit -----------------------------------------


@contextmanager
def held_lock(path: Path, busy: Problem) -> Iterator[None]:
    """Hold the lock file at ``path``: a second writer waits (up to LOCK_WAIT seconds, then
    raises ``busy``) instead of mixing its work with the first one's. The lock file is removed
    on release; the lock itself ends with the process, so a killed writer never leaves it
    held."""
    try:
        import fcntl
    except ImportError:  # no flock here (Windows): each file is still replaced atomically
        yield
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fd = os.open(path, flags, 0o644)
        except OSError as exc:  # a folder or a link where the lock goes, a read-only folder
            raise OutputError(
                Problem(
                    f"cannot make the lock file '{path}': {exc.strerror or exc}",
                    hint="it keeps two writers apart; remove what stands at its name, or "
                    "make the folder writable",
                )
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() > deadline:
                raise OutputError(busy) from None
            time.sleep(0.05)
            continue
        try:  # the writer that held it may have removed the file and another made it anew
            same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        with suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _export_lock(folder: Path) -> AbstractContextManager[None]:
    """``folder``'s export lock: two exports into one folder at once cannot mix."""
    busy = Problem(
        f"another export into '{folder}' has been running for over {LOCK_WAIT:g} s",
        hint="wait for it to finish, or export into another folder",
    )
    return held_lock(folder / LOCK_NAME, busy)


def _manifest_files(folder: Path) -> list[Any] | None:
    """The ``files`` list of the manifest.json an earlier export wrote into ``folder``; None
    where there is no such manifest (none, not JSON, or without that list)."""
    try:
        files = json.loads(read_file(folder / "manifest.json")).get("files")
    except (OutputError, WorkspaceError, ValueError, RecursionError, AttributeError):
        return None
    return files if isinstance(files, list) else None


def _old_listed(folder: Path) -> list[str]:
    """The tables an earlier export's manifest.json lists (plain .csv names only)."""
    files = _manifest_files(folder) or []
    return [
        f
        for f in files
        if isinstance(f, str) and f.endswith(".csv") and f == Path(f).name and f[0] != "."
    ]


def _stage(staging: Path, contents: Mapping[str, bytes]) -> None:
    """Write every file into a new folder of our own (removed again if anything fails)."""
    staging.mkdir(mode=0o777)
    try:
        for name, data in contents.items():
            fd = os.open(
                staging / name,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                0o666,
            )
            try:
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def refuse_all_but_files(folder: Path, names: Iterable[str], what: str) -> None:
    """Refuse to write the files ``names`` into ``folder`` where any of them is there as
    anything but a regular file: a link planted in the folder would carry the write to a file
    outside it, and a folder or device is not ours to replace. ``what`` names the writing
    ('export', 'write charts')."""
    for name in names:
        info = _stat(folder / name, f"cannot {what} into", follow=False)
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise OutputError(
                Problem(
                    f"cannot {what} into '{folder}': '{name}' there is {kind_of(info.st_mode)}",
                    hint=f"move it away, or {what} into another folder",
                )
            )


def refuse_foreign(folder: Path | str) -> None:
    """Refuse to export into an existing folder that holds anything but an earlier export (a
    manifest.json listing its files). An empty folder is used; so is one holding only this
    tool's lock and temporary files. Nothing in the folder is touched."""
    folder = _expand(folder, "cannot write into")
    if _manifest_files(folder) is not None:
        return
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(folder)
            if entry.name != LOCK_NAME and _TEMP_NAME.fullmatch(entry.name) is None
        )
    except (FileNotFoundError, NotADirectoryError):
        return  # no folder (yet): write_tables makes it, or says what is there instead
    except OSError as exc:
        raise _cannot(f"cannot write into '{folder}'", exc) from None
    if names:
        shown = ", ".join(f"'{n}'" for n in names[:3])
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        raise OutputError(
            Problem(
                f"cannot export into '{folder}': it holds {shown}{more}, "
                "and no manifest.json of an earlier export",
                hint="export into a new or empty folder, or one an earlier export wrote",
            )
        )


def _swap(folder: Path, staging: Path, names: list[str]) -> None:
    """Move the staged files into folder: the old manifest out first, the tables over the old
    ones, the tables only the old manifest listed out, the new manifest last. On any failure,
    what was there before is put back."""
    refuse_all_but_files(folder, names, "export")
    backup = staging / ".old"
    backup.mkdir()
    moved_in: list[str] = []
    moved_out: list[str] = []

    def out(name: str) -> None:
        if os.path.lexists(folder / name):
            os.rename(folder / name, backup / name)
            moved_out.append(name)

    try:
        *tables, manifest = names
        gone = [n for n in _old_listed(folder) if n not in names]
        out(manifest)
        for name in tables:
            out(name)
            old = _stat(backup / name, "cannot export into") if name in moved_out else None
            if old is not None:
                os.chmod(staging / name, old.st_mode & 0o7777)
            os.rename(staging / name, folder / name)
            moved_in.append(name)
        for name in gone:
            info = _stat(folder / name, "cannot export into", follow=False)
            if info is not None and stat.S_ISREG(info.st_mode):  # never someone's folder
                out(name)
        os.rename(staging / manifest, folder / manifest)
        moved_in.append(manifest)
    except BaseException:
        for name in reversed(moved_in):
            with suppress(OSError):
                os.unlink(folder / name)
        for name in reversed(moved_out):
            with suppress(OSError):
                os.rename(backup / name, folder / name)
        raise


def write_tables(
    folder: Path,
    frames: Mapping[str, pd.DataFrame],
    manifest: Mapping[str, Any],
    *,
    excel: bool,
    extra: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write each table as NAME.csv plus manifest.json into folder, as one unit.

    Every file is first written into a temporary folder: beside ``folder`` when it does not
    exist yet (then renamed into place), inside it otherwise (then swapped in by `_swap`, under
    the folder's export lock, so two exports into one folder at once cannot mix). An existing
    folder must be empty or hold an earlier export (`refuse_foreign`). If anything fails, the
    folder is left as it was; a killed export's temporary files are removed by the next export
    into the same place.
    """
    folder = _expand(folder, "cannot write into")
    extra = dict(extra or {})  # further files (datapackage.json), written in the same unit
    names = [f"{name}.csv" for name in frames] + list(extra) + ["manifest.json"]
    bom = "\ufeff" if excel else ""
    contents = {
        f"{name}.csv": (bom + to_csv(frame)).encode("utf-8") for name, frame in frames.items()
    }
    contents |= {name: text.encode("utf-8") for name, text in extra.items()}
    listing = json.dumps({**manifest, "files": names[:-1]}, ensure_ascii=False, indent=2)
    contents["manifest.json"] = (listing + "\n").encode("utf-8")
    what = "cannot write into"
    try:
        info = _stat(folder, what)
        if info is not None and not stat.S_ISDIR(info.st_mode):
            raise OutputError(Problem(f"'{folder}' is {kind_of(info.st_mode)}, expected a folder"))
        staging: Path | None = None
        if info is None and os.path.islink(folder):
            raise OutputError(Problem(f"'{folder}' is a link to a folder that does not exist"))
        if info is None:
            folder.parent.mkdir(parents=True, exist_ok=True)
            remove_stale(folder.parent)
            staging = _temp_path(folder.parent, "")
            _stage(staging, contents)
            try:
                os.rename(staging, folder)  # a new folder appears whole, or not at all
                return [folder / name for name in names]
            except OSError:
                if not is_folder(folder):  # not another export's folder appearing meanwhile
                    shutil.rmtree(staging, ignore_errors=True)
                    raise
        try:
            if not os.path.lexists(folder / LOCK_NAME):  # else checked once the lock is held
                refuse_foreign(folder)  # before the lock file: a refused folder is not touched
            with _export_lock(folder):
                refuse_foreign(folder)  # an export that held the lock has finished by now
                remove_stale(folder)
                if staging is None:
                    staging = _temp_path(folder, "")
                    _stage(staging, contents)
                _swap(folder, staging, names)
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise _cannot(f"{what} '{folder}'", exc) from None
    return [folder / name for name in names]
