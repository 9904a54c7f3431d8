"""How a result shows itself in a notebook: a short repr, and its table as HTML.

A result class takes both with two lines (``__repr__ = short_repr`` and ``_repr_html_ =
frame_html``): the repr names the result, its workspace, its size and the methods that give
its tables, in a few lines however large the result; the HTML is its main table.
"""

from __future__ import annotations

from typing import Any

MAX_SHOWN = 3  # the countries named in a ranking's repr


def _workspace(result: object) -> Any:
    """The workspace a result was computed from, where it keeps one (or the workspace)."""
    if hasattr(result, "country_ids"):
        return result
    for path in (
        ("workspace",),
        ("ranking", "workspace"),
        ("baseline", "workspace"),
        ("plain",),
        ("ws",),
    ):
        found: Any = result
        for name in path:
            found = getattr(found, name, None)
        if found is not None and hasattr(found, "country_ids"):
            return found
    return None


def _tables(result: object) -> list[str]:
    names = [
        n
        for n in dir(type(result))
        if not n.startswith("_") and (n in ("to_frame", "frames") or n.endswith("_frame"))
    ]
    first = [n for n in ("to_frame", "frames") if n in names]
    return [f".{n}()" for n in first + sorted(n for n in names if n not in first)]


def _leaders(result: Any) -> str:
    """'1 KZ 0.678 · 2 UZ 0.570 · 3 TM 0.362 …' for a ranking (empty for other results)."""
    try:
        order, ids, scores = result.order, result.ids, result.scores
    except AttributeError:
        return ""
    shown = [f"{int(result.ranks[i])} {ids[i]} {float(scores[i]):.3f}" for i in order[:MAX_SHOWN]]
    return " · ".join(shown) + (" …" if len(order) > MAX_SHOWN else "")


def short_repr(result: object) -> str:
    """A few lines: the result's kind, workspace and size, its leaders (a ranking), and the
    methods that give its tables.

    Parameters
    ----------
    result : object
        Any result object of the API.

    Returns
    -------
    str
        E.g. ``<Ranking of 5 countries × 9 factors in central-asia>`` and a line of leaders
        and a line of tables.
    """
    ws = _workspace(result)
    head = f"<{type(result).__name__}"
    if ws is not None:
        head += f" of {len(ws.country_ids)} countries × {len(ws.factor_ids)} factors in {ws.name}"
        if ws.changes:
            head += " with " + " ".join(str(c) for c in ws.changes)
    country = getattr(result, "id", None)
    if isinstance(country, str):
        head += f", for {country}"
    lines = [head + ">"]
    leaders = _leaders(result)
    if leaders:
        lines.append(f"  {leaders}")
    tables = _tables(result)
    if tables:
        lines.append("  tables: " + ", ".join(tables))
    return "\n".join(lines)


def frame_html(result: Any) -> str:
    """The result's main table (``to_frame()``, else the first of ``frames()``) as HTML.

    Parameters
    ----------
    result : object
        A result object with ``to_frame()`` or ``frames()``.

    Returns
    -------
    str
        pandas' HTML of the table, under the result's short description.
    """
    from html import escape

    if hasattr(result, "to_frame"):
        frame = result.to_frame()
    else:
        frame = next(iter(result.frames().values()))
    title = escape(short_repr(result).splitlines()[0])
    return f"<p><code>{title}</code></p>" + str(frame._repr_html_())
