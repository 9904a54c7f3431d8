"""CSV, JSON and Markdown writers and atomic file writes. No terminal code."""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

# A text cell starting with one of these is run as a formula by spreadsheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would read as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame's named index (country id, factor ...) as ordinary leading columns."""
    if any(name is not None for name in frame.index.names):
        return frame.reset_index()
    return frame


def _safe_text(frame: pd.DataFrame) -> pd.DataFrame:
    from pandas.api.types import is_numeric_dtype

    frame = flat(frame).copy()
    for column in frame.columns:
        if not is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise)
    return frame


def to_csv(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    _safe_text(frame).to_csv(buffer, index=False, lineterminator="\n", float_format="%.6g")
    return buffer.getvalue()


def csv_sections(frames: Mapping[str, pd.DataFrame]) -> str:
    """One table as plain CSV; several as sections, each headed by a `# name` line."""
    if len(frames) == 1:
        return to_csv(next(iter(frames.values())))
    return "\n".join(f"# {name}\n{to_csv(frame)}" for name, frame in frames.items())


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return _json_value(value.item())
    return value


def to_json(frames: Mapping[str, pd.DataFrame], meta: Mapping[str, Any]) -> str:
    tables = {
        name: [
            {k: _json_value(v) for k, v in row.items()} for row in flat(frame).to_dict("records")
        ]
        for name, frame in frames.items()
    }
    return json.dumps({"meta": dict(meta), "tables": tables}, ensure_ascii=False, indent=2) + "\n"


def _md_cell(value: Any) -> str:
    if isinstance(value, float):
        return "" if not math.isfinite(value) else f"{value:.4g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(frames: Mapping[str, pd.DataFrame]) -> str:
    out = []
    for name, indexed in frames.items():
        frame = flat(indexed)
        if len(frames) > 1:
            out.append(f"### {name}\n")
        numeric = [frame[c].dtype.kind in "fi" for c in frame.columns]
        out.append("| " + " | ".join(str(c) for c in frame.columns) + " |")
        out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
        for row in frame.itertuples(index=False):
            out.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
        out.append("")
    return "\n".join(out)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str | bytes, *, bom: bool = False) -> None:
    """Write text as UTF-8 (with a BOM for spreadsheets if asked), or bytes as they are, via a
    temp file and rename, so a reader never sees half a file and a failure leaves the old file
    untouched."""
    path = Path(path)
    prefix = "\ufeff" if bom else ""
    data = text if isinstance(text, bytes) else (prefix + text).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain write would have, or
        # keep the mode of the file it replaces.
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tables(
    folder: Path, frames: Mapping[str, pd.DataFrame], manifest: Mapping[str, Any], *, excel: bool
) -> list[Path]:
    """Write each table as NAME.csv plus manifest.json (written last) into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames.items():
        path = folder / f"{name}.csv"
        write_atomic(path, to_csv(frame), bom=excel)
        written.append(path)
    path = folder / "manifest.json"
    files = [p.name for p in written]
    write_atomic(
        path, json.dumps({**manifest, "files": files}, ensure_ascii=False, indent=2) + "\n"
    )
    written.append(path)
    return written
