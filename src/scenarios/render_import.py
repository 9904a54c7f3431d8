"""`scenarios import`: the preview of what a sheet changes, drawn to the house rules (every
table reads at 80 columns, text from files is printed literally), and then, where both states
can be ranked, how the ranking moves, as `scenarios diff` draws it."""

from __future__ import annotations

from rich.console import NewLine, RenderableType
from rich.text import Text

from .importing import Import
from .render import add_column, block, new_table

MAX_TEXT = 48  # characters of a note or a list of sources shown before '…'
MAX_CHANGES = 20  # changes listed on screen (-f csv lists them all)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def preview(plan: Import) -> list[RenderableType]:
    """The changes, field by field, and the ranking's change."""
    title = plan.summary()
    if not plan.changes:
        return [Text(title)]
    table = new_table()
    add_column(table, "country")
    add_column(table, "factor", wrap=True)
    add_column(table, "field")
    add_column(table, "before", wrap=True)
    add_column(table, "after", wrap=True)
    shown = plan.changes[:MAX_CHANGES]
    for c in shown:
        table.add_row(
            Text(c.country),
            Text(c.factor),
            Text(c.field),
            Text(_short(c.before)),
            Text(_short(c.after)),
        )
    notes = []
    if len(plan.changes) > len(shown):
        notes.append(f"… and {len(plan.changes) - len(shown)} more (-f csv lists every change).")
    parts: list[RenderableType] = [block(Text(title, style="bold"), table, *notes)]
    if plan.diff is not None and plan.diff.edits:
        from .render_tracking import diff

        parts += [NewLine(), *diff(plan.diff)]
    return parts
