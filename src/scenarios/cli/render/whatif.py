"""`whatifs` and `compare`: the what-if list and the baseline beside each what-if."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, NewLine, RenderableType
from rich.table import Table
from rich.text import Text

from scenarios.analyses.scoring import GATED, TRANSFERRED, UNVALIDATED, status_label
from scenarios.cli.render.common import (
    Items,
    add_column,
    block,
    blocks,
    fit,
    fmt,
    new_table,
    split_columns,
)
from scenarios.cli.render.ranks import (
    WORDS_NOTE,
    caption,
    probability_cell,
    probability_header,
    probability_notes,
    probability_text,
)
from scenarios.core.errors import plural

if TYPE_CHECKING:
    from scenarios.analyses.comparison import Comparison
    from scenarios.workspace.load import Workspace


def whatifs(ws: Workspace) -> list[RenderableType]:
    table = new_table()
    add_column(table, "name")
    add_column(table, "title", wrap=True)
    add_column(table, "changes", "right")
    for name, w in ws.whatifs.items():
        parts = [
            plural(len(w.values), "value") if w.values else "",
            plural(len(w.weights), "weight") if w.weights else "",
            f"{len(w.status)} status" if w.status else "",
        ]
        table.add_row(
            Text(name, style="bold"), Text(w.title), ", ".join(p for p in parts if p) or "none"
        )
    if not ws.whatifs:
        table.add_row(Text("(none)", style="dim"), "", "")
    return [
        block(
            Text(f"What-ifs of {ws.name}", style="bold"),
            table,
            "apply one with --whatif NAME; compare them all with `scenarios compare`",
        )
    ]


def change_text(score_change: float, rank_change: int) -> Text:
    """'+0.034 ↑1' in green, '-0.012' in red, '·' when nothing moved: the sign and the arrow
    say it without colour."""
    if abs(score_change) < 5e-4 and rank_change == 0:
        return Text("·", style="dim")
    text = Text(f"{score_change:+.3f}", style="green" if score_change > 0 else "red")
    if rank_change:
        arrow = "↑" if rank_change > 0 else "↓"
        text.append(
            f" {arrow}{abs(rank_change)}", style="bold " + ("green" if rank_change > 0 else "red")
        )
    return text


def column_labels(n: int) -> list[str]:
    """A, B, ... Z, then W27, W28 ...: short column labels explained by a legend."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [letters[i] if i < len(letters) else f"W{i + 1}" for i in range(n)]


def comparison_probabilities(result: Comparison, labels: Sequence[str]) -> RenderableType:
    """Each country's probability under the baseline and each what-if, with its interval:
    what-ifs by name where they fit, else by the letters of the score table's legend."""
    base = result.baseline
    ws = base.workspace
    names = list(result.scenarios)
    rankings = [base, *result.scenarios.values()]
    open_ = [i for i in base.order if not status_label(ws, ws.country_ids[i])]

    def table_of(columns: Sequence[int], headers: Sequence[str]) -> Table:
        table = new_table()
        add_column(table, "country")
        for j in columns:
            add_column(table, headers[j], "right", min_width=9)
        for i in open_:
            cells: list[RenderableType] = [Text(ws.profiles[i].name)]
            cells += [probability_cell(rankings[j], i, words=True) for j in columns]
            table.add_row(*cells)
        return table

    title = Text(f"{probability_header(base)}: baseline and what-ifs", style="bold")
    notes = [*probability_notes(base), WORDS_NOTE]
    everything = range(len(rankings))
    wide = table_of(everything, ["baseline", *names])
    short = ["baseline", *labels]
    pairs = [f"{label}={name}" for label, name in zip(labels, names, strict=True)]
    legend = Items([f"what-ifs: {pairs[0]}", *pairs[1:]] if pairs else [], style="dim")
    return fit(
        (wide, block(title, wide, *notes)),
        (
            table_of(everything, short),
            block(
                title,
                split_columns(lambda columns: table_of(columns, short), len(rankings)),
                legend,
                *notes,
            ),
        ),
    )


def whatif_moves(result: Comparison, name: str) -> tuple[list[str], list[str]]:
    """What one what-if does to the ranking: who changes place ('Turkmenistan ↑1'), in the
    what-if's order, and whose probability as shown changes ('Uzbekistan 23→15%', 'Uzbekistan
    joins'), largest change first. Without a link, the score changes instead ('+0.046')."""
    base = result.baseline
    scenario = result.scenarios[name]
    rank_change = result.rank_change(name)
    profiles = base.workspace.profiles
    moves = [
        f"{profiles[i].name} {'↑' if rank_change[i] > 0 else '↓'}{abs(int(rank_change[i]))}"
        for i in scenario.order
        if rank_change[i]
    ]
    changes: list[tuple[float, str]] = []
    for i in base.order:
        name_ = profiles[i].name
        was = status_label(base.workspace, base.ids[i])
        now = status_label(scenario.workspace, scenario.ids[i])
        if now and not was:
            changes.append((math.inf, f"{name_} joins"))
        elif base.probability is not None and scenario.probability is not None:
            if was:  # no probability to change
                continue
            before, after = probability_text(base, i), probability_text(scenario, i)
            if before != after:
                delta = float(scenario.probability[i] - base.probability[i])
                changes.append((abs(delta), f"{name_} {before.rstrip('%')}→{after}"))
        else:
            delta = float(scenario.scores[i] - base.scores[i])
            if abs(delta) >= 5e-4:
                changes.append((abs(delta), f"{name_} {delta:+.3f}"))
    changes.sort(key=lambda c: -c[0])
    return moves, [text for _, text in changes]


def _at_most(items: Sequence[str], most: int) -> str:
    """'a, b, c' or 'a, b and 2 more': a cell that stays within two lines."""
    if len(items) <= most:
        return ", ".join(items)
    return ", ".join(items[: most - 1]) + f" and {len(items) - most + 1} more"


def comparison_summary(result: Comparison) -> list[RenderableType]:
    """`scenarios compare`: one row a what-if, saying what it does to the ranking: who changes
    place, and whose probability changes (from → to); `--full` gives every number."""
    base = result.baseline
    ws = base.workspace
    with_p = base.probability is not None
    table = new_table()
    add_column(table, "what-if")
    add_column(table, "ranking")
    add_column(
        table, f"{probability_header(base)} that changes" if with_p else "score change", wrap=True
    )
    for name in result.scenarios:
        moves, changes = whatif_moves(result, name)
        table.add_row(
            Text(name),
            Text("\n".join(moves if len(moves) <= 2 else [moves[0], f"and {len(moves) - 1} more"]))
            if moves
            else Text("unchanged", style="dim"),
            Text(_at_most(changes, 4)) if changes else Text("·", style="dim"),
        )
    order = " > ".join(ws.profiles[i].name for i in base.order)
    what = (
        f"{probability_header(base)}: baseline → what-if, largest change first"
        if with_p
        else "score: change against the baseline, largest first"
    )
    marks = [
        note
        for note in probability_notes(base)
        if note.startswith((TRANSFERRED, UNVALIDATED, GATED))
    ]
    return blocks(
        block(
            Text(f"{ws.model.title}: what each what-if changes", style="bold"),
            table,
            f"baseline: {order}",
            f"ranking: who changes place (↑1 = up one) · {what}",
            *marks,
            caption(base),
        ),
        Text(
            "--full: every score, rank and probability, and the factors behind each change",
            style="dim",
        ),
    )


def comparison(result: Comparison, full: bool = True) -> list[RenderableType]:
    """`scenarios compare`: by default the summary (`comparison_summary`); `full`, every table."""
    if not full:
        return comparison_summary(result)
    base = result.baseline
    ws = base.workspace
    names = list(result.scenarios)
    order = list(base.order)
    changes = {
        name: (result.score_change(name), result.rank_change(name)) for name in result.scenarios
    }

    def baseline_cell(i: int) -> str:
        return f"{fmt(base.scores[i])} ({base.ranks[i]})"

    wide = new_table()
    add_column(wide, "country")
    add_column(wide, "baseline", "right")
    for name in names:
        add_column(wide, name, "right")
    for i in order:
        cells: list[RenderableType] = [Text(ws.profiles[i].name), baseline_cell(i)]
        for name, scenario in result.scenarios.items():
            cell = Text(f"{fmt(scenario.scores[i])} ({scenario.ranks[i]})\n")
            score, rank = changes[name]
            cell.append_text(change_text(float(score[i]), int(rank[i])))
            cells.append(cell)
        wide.add_row(*cells)

    labels = column_labels(len(names))

    def compact(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "country")
        add_column(table, "baseline", "right")
        for j in columns:
            add_column(table, labels[j], "right", min_width=6)
        for i in order:
            cells: list[RenderableType] = [Text(ws.profiles[i].name), baseline_cell(i)]
            for j in columns:
                score, rank = changes[names[j]]
                cells.append(change_text(float(score[i]), int(rank[i])))
            table.add_row(*cells)
        return table

    pairs = [f"{label}={name}" for label, name in zip(labels, names, strict=True)]
    legend = Items([f"what-ifs: {pairs[0]}", *pairs[1:]] if pairs else [], style="dim")
    marks = ["↑1 = up one place", "↓1 = down one", "a dot: nothing moved"]
    table = fit(
        (
            wide,
            block(
                None,
                wide,
                Items(
                    [
                        "cells: score (rank) under the what-if, then its change against the "
                        "baseline",
                        *marks,
                    ],
                    sep="; ",
                    style="dim",
                ),
            ),
        ),
        (
            compact(range(len(names))),
            block(
                None,
                split_columns(compact, len(names)),
                legend,
                Items(
                    ["cells: change of score against the baseline", *marks],
                    sep="; ",
                    style="dim",
                ),
            ),
        ),
    )
    parts: list[RenderableType] = [
        block(
            Text(f"{ws.model.title}: baseline and what-ifs", style="bold"),
            table,
            caption(base),
        )
    ]
    if base.probability is not None:
        parts.append(comparison_probabilities(result, labels))
    drivers: list[RenderableType] = [
        Text("What drives each change: the two factors whose contribution moved most", "bold")
    ]
    for name in names:
        dtable = new_table(show_header=False)
        add_column(dtable, "country")
        add_column(dtable, "most", wrap=True)
        add_column(dtable, "next", wrap=True)
        for i in order:
            moved = result.drivers(name, i)
            cells = [Text(ws.profiles[i].name)]
            cells += [Text(f"{f} {c:+.3f}") for f, c in moved]
            if not moved:
                cells.append(Text("·", style="dim"))
            dtable.add_row(*cells)
        drivers += [NewLine(), Text(name, style="bold"), dtable]
    parts.append(Group(*drivers))
    return blocks(*parts)
