"""Reading the workspace's files safely: regular files only, never more than a stated size.

A workspace file that is a folder, a FIFO, a device or a socket (directly or through a symbolic
link) is reported, never opened: opening a FIFO would wait forever for a writer, and reading a
device such as /dev/zero would never end. No terminal code.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scenarios.core.errors import OutputError, Problem, WorkspaceError

MAX_FILE_BYTES = 10 * 1024 * 1024  # 10 MiB: far above any hand-written workspace file
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check must not block the open
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def kind_of(mode: int) -> str:
    """What a file is, in words ('a folder', 'a named pipe (FIFO)' ...)."""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):  # seen without following it (os.lstat)
        return "a symbolic link"
    return "not a regular file"


def size_text(n: float) -> str:
    """1536 -> '1.5 KiB'."""
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def _refuse(path: Path, message: str, hint: str | None = None) -> WorkspaceError:
    return WorkspaceError(Problem(message, path, hint=hint))


PLAIN = "a workspace holds plain YAML files; remove it or replace it with a file"


def _check_mode(path: Path, mode: int, hint: str = PLAIN) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise _refuse(path, "is a folder, expected a file")
    raise _refuse(path, f"is {kind_of(mode)}, not a regular file; it was not read", hint)


def read_file(
    path: Path,
    limit: int = MAX_FILE_BYTES,
    *,
    large_hint: str = "workspace files are short YAML texts; split it or shorten long notes",
    plain_hint: str = PLAIN,
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or a WorkspaceError saying why
    not (not found, a folder, a FIFO or device, too large, unreadable). ``large_hint`` says what
    to do with a file beyond the limit, ``plain_hint`` with one that is not a regular file."""
    path = Path(path)
    too_large = (f"the file is larger than the limit of {size_text(limit)}", large_hint)
    try:
        # follows links: a link to a FIFO is a FIFO
        _check_mode(path, os.stat(path).st_mode, plain_hint)
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        raise _refuse(path, "file not found", _dangling_hint(path)) from None
    except OSError as exc:
        raise _refuse(path, f"cannot read file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        # what was opened, in case it changed since the check
        _check_mode(path, info.st_mode, plain_hint)
        if info.st_size > limit:
            raise _refuse(path, *too_large)
        chunks: list[bytes] = []
        total = 0
        while True:  # a file that grows while it is read is still cut at the limit
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _refuse(path, *too_large)
        return b"".join(chunks)
    except OSError as exc:
        raise _refuse(path, f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _dangling_hint(path: Path) -> str | None:
    try:
        return f"it is a link to '{os.readlink(path)}', which does not exist"
    except (OSError, ValueError):
        return None


def is_folder(path: Path) -> bool:
    """True for a folder (or a link to one); False for anything else, never raising."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


@contextmanager
def new_folder(folder: Path, command: str) -> Iterator[Path]:
    """A temporary sibling of ``folder`` to build in. When the block ends without an error, its
    content becomes ``folder`` (made, or an empty one kept and filled); otherwise it is removed,
    so that no half-made folder is left behind. ``folder`` must be new or empty: ``command``
    (``init``, ``new``) is who refuses to overwrite."""
    import shutil
    import tempfile

    try:  # a name too long, a loop of links ...: one line, like any other mistake
        taken = folder.exists() and (not folder.is_dir() or any(folder.iterdir()))
        target = folder.resolve()
        parent = target.parent
        parent_ok, parent_exists = parent.is_dir(), parent.exists()
    except (OSError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise OutputError(Problem(f"cannot create '{folder}': {reason}")) from None
    if taken:
        raise OutputError(
            Problem(
                f"'{folder}' already exists and is not empty",
                hint=f"choose a new folder; {command} never overwrites",
            )
        )
    if not parent_ok:
        what = "is not a folder" if parent_exists else "does not exist"
        raise OutputError(Problem(f"cannot create '{folder}': '{parent}' {what}"))
    try:
        # A short name, whatever the folder's: a 250-character name must still work.
        tmp = Path(tempfile.mkdtemp(prefix=f".scenarios-{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise OutputError(Problem(f"cannot create '{folder}': {exc.strerror}")) from None
    try:
        yield tmp
        if target.exists():  # an empty folder (perhaps the current one): keep it, fill it
            for child in tmp.iterdir():
                child.rename(target / child.name)
            tmp.rmdir()
        else:
            tmp.rename(target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(Problem(f"cannot create '{folder}': {exc.strerror}")) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
