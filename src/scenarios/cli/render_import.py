"""`scenarios import`: the preview of what a sheet changes, drawn to the house rules (every
table reads at 80 columns, text from files is printed literally), and then, where both states
can be ranked, how the ranking moves, as `scenarios diff` draws it."""

from __future__ import annotations

from rich.console import NewLine, RenderableType
from rich.text import Text

from scenarios.cli.render.common import Breaking, add_column, block, new_table
from scenarios.io.importing import Import

MAX_TEXT = 36  # characters of a note or a list of sources shown before '…'
MAX_CHANGES = 6  # changes listed on the first screen (--full and -f csv list them all)


def _short(text: str, start: int = 0) -> str:
    """At most MAX_TEXT characters of ``text`` from ``start`` ('…' where cut)."""
    head = "…" if start > 0 else ""
    rest = text[start:]
    room = MAX_TEXT - len(head)
    return head + (rest if len(rest) <= room else rest[: room - 1] + "…")


def _pair(before: str, after: str) -> tuple[str, str]:
    """Two long texts shown from a little before where they first differ, so that a changed
    note does not show twice the same opening words."""
    before, after = " ".join(before.split()), " ".join(after.split())
    same = next(
        (k for k, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
        min(len(before), len(after)),
    )
    start = max(same - 12, 0) if same > MAX_TEXT // 2 else 0
    start = before.rfind(" ", 0, start) + 1 if start else 0  # from the start of a word
    return _short(before, start), _short(after, start)


def ranking_line(plan: Import) -> str:
    """One line on how the ranking moves: the countries that change rank, else the largest
    move of a score."""
    d = plan.diff
    if d is None:
        return ""
    names = dict(zip(d.new.ids, d.new.names, strict=True))
    moved = [c for c in d.common if d.rank_change(c) != 0]
    if moved:
        shown = [
            f"{names[c]} {int(d.old.ranks[d.old.index(c)])} → {int(d.new.ranks[d.new.index(c)])}"
            for c in moved
        ]
        return "ranks: " + ", ".join(shown) + " (--full: how and why)."
    largest = max(d.common, key=lambda c: abs(d.score_change(c)))
    change = d.score_change(largest)
    if abs(change) < 5e-4:
        return "No rank or score changes."
    return (
        f"No country changes rank; the largest move is {names[largest]}'s score, "
        f"{change:+.3f} (--full: how and why)."
    )


def preview(plan: Import, *, full: bool = False) -> list[RenderableType]:
    """The changes, field by field, and how the ranking moves: on one screen, or (``full``)
    every change and the tables of `scenarios diff`."""
    title = plan.summary()
    if not plan.changes:
        return [Text(title)]
    table = new_table()
    add_column(table, "country")
    add_column(table, "factor", wrap=True)
    add_column(table, "field")
    add_column(table, "before", wrap=True)
    add_column(table, "after", wrap=True)
    shown = plan.changes if full else plan.changes[:MAX_CHANGES]
    for c in shown:
        before, after = _pair(c.before, c.after)
        table.add_row(Text(c.country), Breaking(c.factor), Text(c.field), Text(before), Text(after))
    notes = []
    if len(plan.changes) > len(shown):
        notes.append(
            f"… and {len(plan.changes) - len(shown)} more (--full or -f csv lists every change)."
        )
    if not full and plan.diff is not None:
        notes.append(ranking_line(plan))
    parts: list[RenderableType] = [block(Text(title, style="bold"), table, *notes)]
    if full and plan.diff is not None and plan.diff.edits:
        from scenarios.cli.render_tracking import diff

        parts += [NewLine(), *diff(plan.diff)]
    return parts
