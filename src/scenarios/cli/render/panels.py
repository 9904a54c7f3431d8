"""`panel`: the analysts, where they disagree, and what that changes in the ranking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, NewLine, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from scenarios.analyses import probability_words as pw
from scenarios.analyses.scoring import status_label
from scenarios.cli.render.common import (
    Items,
    add_column,
    block,
    blocks,
    fmt,
    new_table,
    number,
    percent,
    split_columns,
)
from scenarios.cli.render.ranks import probability_header
from scenarios.core.errors import plural
from scenarios.core.writers import flat

if TYPE_CHECKING:
    from scenarios.analyses.scoring import Ranking
    from scenarios.panels.analysts import Panel
    from scenarios.panels.disagreement import PanelSummary, Spread
    from scenarios.workspace.load import Workspace


MAX_CELLS = 15  # disagreeing cells listed by `scenarios panel` (the CSV has every cell)


def panel(
    result: PanelSummary, calibration: bool = False, full: bool = True
) -> list[RenderableType]:
    """`scenarios panel`: the analysts; with `calibration` their track records; with `full`
    their rankings beside the pooled one, the cells and weights they disagree on, and their
    notes; else (one screen) who disagrees and whether it matters (`panel_short`)."""
    ws = result.workspace
    p = result.panel
    ranking = result.ranking
    analysts = new_table()
    add_column(analysts, "analyst")
    add_column(analysts, "own values", "right")
    add_column(analysts, "weights")
    add_column(analysts, "weight in\nthe panel", "right")
    add_column(analysts, "r_W", "right")
    cells = len(ws.country_ids) * len(ws.factor_ids)
    for k, a in enumerate(p.analysts):
        analysts.add_row(
            Text(a.id),
            f"{int(a.given.sum())} of {cells}",
            a.weighting,
            percent(float(p.weights[k])),
            f"{result.agreement[k]:+.2f}",
        )
    record = (
        [
            f"The performance weights rest on {plural(len(p.record.outcomes), 'outcome')} "
            f"({plural(p.record.events, 'event')})"
            + (", a small sample: read them as rough" if p.record.small_sample else "")
            + "; `scenarios panel --calibration` shows the records."
        ]
        if p.record is not None and p.rule.analysts == "performance"
        else []
    )
    if not (full or calibration):
        return panel_short(result, analysts, record)
    head = block(
        panel_title(ws, p),
        analysts,
        f"combined by panel.aggregate: {p.rule_text()} · {p.basis} · "
        f"Monte Carlo: {p.monte_carlo_note()}",
        "r_W: the weighted rank correlation (Pinto da Costa & Soares 2005) of the analyst's "
        "own ranking with the pooled one: +1 the same order, −1 reversed; places near the top "
        "count most",
        *record,
    )
    if calibration:
        return blocks(head, track_record(result))

    def rankings(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "country")
        add_column(table, "pooled", "right")
        for a in columns:
            add_column(table, p.ids[a], "right")
        for i in ranking.order:
            cells: list[RenderableType] = [
                Text(ws.profiles[i].name),
                _rank_cell(int(ranking.ranks[i]), ranking, i, None),
            ]
            cells += [_rank_cell(int(result.ranks[a, i]), ranking, i, result, a) for a in columns]
            table.add_row(*cells)
        table.add_row(
            Text("r_W", style="dim"),
            "",
            *[Text(f"{result.agreement[a]:+.2f}", style="dim") for a in columns],
        )
        return table

    what = "P" if ranking.probability is not None else "score"
    parts: list[RenderableType] = [
        head,
        block(
            Text("Each analyst's own ranking beside the pooled one", style="bold"),
            split_columns(rankings, len(p.analysts)),
            (
                f"cells: rank and {probability_header(ranking)} from the analyst's own values and "
                "weights; pooled: the aggregate's rank, and the analysts' probabilities pooled; "
                "each probability to the precision the pooled one's interval allows"
                if what == "P"
                else "cells: rank and score from the analyst's own values and weights; pooled: "
                "the aggregate's rank and score"
            ),
            *pooled_words(ranking),
        ),
        disagreements(result),
    ]
    if p.own_weights:
        parts.append(weight_spreads(result))
    parts += [swing(result, k) for k, a in enumerate(p.analysts) if a.weighting == "swing"]
    parts.append(readings(result))
    return blocks(*parts)


SHORT_ROWS = 5  # countries ranked apart, on the first screen


SHORT_MOVES = 3  # disagreements that reorder the ranking, on the first screen


def panel_title(ws: Workspace, p: Panel) -> Text:
    """'Illustrative panel of 3 analysts: TITLE (invented analysts, ...)'."""
    return Text(
        f"{p.label.capitalize()} of {plural(len(p.analysts), 'analyst')}: {ws.model.title}"
        + (" (invented analysts, to show how a panel works)" if p.illustrative else ""),
        style="bold",
    )


def panel_short(result: PanelSummary, analysts: Table, record: list[str]) -> list[RenderableType]:
    """`scenarios panel` on one screen: the analysts with their agreement r_W, the countries
    they rank differently, and whether their disagreements reorder the pooled ranking."""
    ws, p, ranking = result.workspace, result.panel, result.ranking
    head = block(
        panel_title(ws, p),
        analysts,
        f"combined by panel.aggregate: {p.rule_text()} · {p.basis}",
        "r_W: rank agreement with the pooled ranking (+1 the same order, −1 reversed)",
        *record,
    )
    apart = [
        i
        for i in ranking.order
        if (result.ranks[:, i] != int(ranking.ranks[i])).any()
        and not status_label(ws, ranking.ids[i])
    ]

    def ranks(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "country")
        add_column(table, "pooled", "right")
        for a in columns:
            add_column(table, p.ids[a], "right")
        for i in apart[:SHORT_ROWS]:
            table.add_row(
                Text(ws.profiles[i].name),
                str(int(ranking.ranks[i])),
                *[str(int(result.ranks[a, i])) for a in columns],
            )
        return table

    if apart:
        more = len(apart) - SHORT_ROWS
        order: RenderableType = block(
            Text(
                f"Ranked differently: {len(apart)} "
                + ("country" if len(apart) == 1 else "countries"),
                style="bold",
            ),
            split_columns(ranks, len(p.analysts)),
            *([f"and {more} more (--full)"] if more > 0 else []),
        )
    else:
        order = Text("Every analyst ranks the countries in the pooled order.")
    matters = Text("\n".join(_matters(result)))
    return blocks(head, order, matters, Text(PANEL_FULL_HINT, style="dim"))


PANEL_FULL_HINT = "--full: each analyst's ranking, every cell and weight, and the readings"


def _matters(result: PanelSummary) -> list[str]:
    """Whether the disagreements matter: those cells and weights that reorder the pooled
    ranking when they take the lowest or the highest analyst's number, one a line."""
    ws, p = result.workspace, result.panel
    if not result.cells and not result.weights:
        return ["The analysts give the same numbers: nothing to disagree on."]
    moving = [
        f"  {ws.country_ids[s.country]} {ws.factor_ids[s.factor]} "
        f"{number(s.low)}–{number(s.high)}: {_swaps(s)}"
        for s in result.cells
        if s.swaps and s.country is not None
    ] + [
        f"  weight of {ws.factor_ids[s.factor]} {fmt(s.low)}–{fmt(s.high)}: {_swaps(s)}"
        for s in result.weights
        if s.swaps
    ]
    spread = f"They differ on {plural(len(result.cells), 'cell')}" + (
        f" and {plural(len(result.weights), 'weight')}" if p.own_weights else ""
    )
    if not moving:
        return [f"{spread}; none reorders the pooled ranking at an analyst's extreme."]
    shown = moving[:SHORT_MOVES]
    more = len(moving) - len(shown)
    return [
        f"{spread}; {len(moving)} reorder{'s' if len(moving) == 1 else ''} the pooled ranking "
        "at an analyst's extreme:",
        *shown,
        *([f"  and {more} more (--full)"] if more > 0 else []),
    ]


def _swaps(s: Spread) -> str:
    return ", ".join(f"{a}↔{b}" for a, b in s.swaps)


def pooled_words(ranking: Ranking) -> list[str]:
    """The pooled probabilities in words, one line (none without probabilities)."""
    if ranking.probability is None:
        return []
    ws = ranking.workspace
    shown = [
        f"{ws.profiles[i].name} {ranking.words(i)}"
        for i in ranking.order
        if not status_label(ws, ranking.ids[i])
    ]
    return [f"P in words (ICD 203), pooled: {' · '.join(shown)}."] if shown else []


def _rank_cell(
    rank: int, ranking: Ranking, i: int, result: PanelSummary | None, a: int = 0
) -> Text:
    if status_label(ranking.workspace, ranking.ids[i]):
        return Text(f"{rank} joined")
    if ranking.probability is None:
        score = ranking.scores[i] if result is None else result.scores[a, i]
        return Text(f"{rank} {fmt(score)}")
    p = ranking.probability[i] if result is None else result.probability[a, i]  # type: ignore[index]
    # each analyst's figure to the precision the pooled figure's interval allows
    return Text(f"{rank} {pw.percent(float(p), *ranking.interval_of(i))}")


def disagreements(result: PanelSummary) -> RenderableType:
    ws, p = result.workspace, result.panel
    rule = p.rule.values.replace("_", " ")
    table = new_table()
    add_column(table, "country")
    add_column(table, "factor")
    add_column(table, rule, "right")
    add_column(table, "range", "right")
    add_column(table, "furthest out")
    add_column(table, "swaps", wrap=True)
    shown = result.cells[:MAX_CELLS]
    for s in shown:
        assert s.country is not None
        table.add_row(
            Text(ws.country_ids[s.country]),
            Text(ws.factor_ids[s.factor]),
            number(s.aggregate),
            f"{number(s.low)}–{number(s.high)}",
            Text(f"{p.ids[s.furthest]} {number(p.values[s.furthest, s.country, s.factor])}"),
            Items([f"{a}↔{b}" for a, b in s.swaps]) if s.swaps else Text("·", style="dim"),
        )
    if not shown:
        table.add_row(Text("(none)", style="dim"), "", "", "", "", "")
    notes = [
        "range: the lowest and highest analyst's value (-f csv adds the interquartile range); "
        "swaps: pairs of the pooled ranking that change places when the cell takes the lowest "
        "or the highest analyst's value, the rest as pooled"
    ]
    if len(result.cells) > len(shown):
        notes.append(
            f"{len(result.cells) - len(shown)} more cells where the analysts differ without "
            "reordering the ranking; -f csv lists every cell"
        )
    return block(
        Text(
            f"Where the analysts disagree: {plural(len(result.cells), 'cell')}, those that "
            "reorder the ranking first",
            style="bold",
        ),
        table,
        *notes,
    )


def weight_spreads(result: PanelSummary) -> RenderableType:
    ws, p = result.workspace, result.panel
    table = new_table()
    add_column(table, "factor")
    add_column(table, p.rule.values.replace("_", " "), "right")
    add_column(table, "range", "right")
    add_column(table, "furthest out")
    add_column(table, "swaps", wrap=True)
    for s in result.weights:
        table.add_row(
            Text(ws.factor_ids[s.factor]),
            fmt(s.aggregate),
            f"{fmt(s.low)}–{fmt(s.high)}",
            Text(f"{p.ids[s.furthest]} {fmt(float(p.effective_weights[s.furthest, s.factor]))}"),
            Items([f"{a}↔{b}" for a, b in s.swaps]) if s.swaps else Text("·", style="dim"),
        )
    return block(
        Text("Weights: where the analysts differ (effective weights)", style="bold"),
        table,
        "swaps: pairs of the pooled ranking that change places when the factor takes the lowest "
        "or the highest analyst's weight, the others rescaled in proportion",
    )


def swing(result: PanelSummary, k: int) -> RenderableType:
    ws, p = result.workspace, result.panel
    analyst = p.analysts[k]
    rows = analyst.swing() or []
    table = new_table()
    add_column(table, "#", "right")
    add_column(table, "factor")
    add_column(table, "rating", "right")
    add_column(table, "weight", "right")
    add_column(table, "model.yaml", "right")
    model = p.plain.weights
    for n, (factor, rating, weight) in enumerate(rows, start=1):
        table.add_row(
            str(n),
            Text(factor),
            f"{rating:g}",
            fmt(weight),
            fmt(float(model[ws.factor_ids.index(factor)])),
        )
    return block(
        Text(f"Swing weights of {analyst.id}, largest swing first", style="bold"),
        table,
        "rating: the factor's swing from its worst level to its best against the largest (100); "
        "weight: rating / sum of ratings; model.yaml: the effective weight there",
    )


def readings(result: PanelSummary) -> RenderableType:
    parts: list[RenderableType] = [Text("Whose readings", style="bold")]
    for a in result.panel.analysts:
        head = Text(a.id, style="bold")
        if a.name and a.name != a.id:
            head.append(f" · {a.name}")
        parts += [NewLine(), head, Padding(Text(a.note or "(no note)"), (0, 0, 0, 2))]
    return Group(*parts)


def track_record(result: PanelSummary) -> RenderableType:
    record = result.record
    assert record is not None
    p = result.panel
    weights = dict(zip(p.ids, map(float, p.weights), strict=True))
    frame = flat(result.calibration_frame())
    table = new_table()
    for name in ("analyst", "Brier", "log loss", "skill", "weight in\nthe panel"):
        add_column(table, name, "left" if name == "analyst" else "right")
    for row in frame.to_dict("records"):
        who = str(row["analyst"])
        table.add_row(
            Text(who, style="" if who in weights else "dim"),
            fmt(float(row["brier"])),
            fmt(float(row["log_loss"])),
            f"{float(row['skill']):+.3f}",
            percent(weights[who]) if who in weights else "",
        )
    notes = [
        f"probabilities: {record.method}; skill = 1 − Brier / Brier of the base rate (P = "
        f"{record.base_probability:.3f} for every country); "
        + ("pool: the analysts' probabilities pooled by the rule; " if record.analysts else "")
        + f"profiles: {record.name}'s own profiles",
    ]
    if record.missing:
        notes.append(
            f"No record: {', '.join(record.missing)} (no file of that name in "
            f"{record.folder}/panel/)."
        )
    if not record.analysts:
        notes.append(
            f"None of the analysts has scored {record.name} yet. Each can, in "
            f"{record.folder}/panel/ID.yaml under the same id, judging the evidence as it stood "
            "then; a record made after the outcomes were known is hindsight, not calibration."
        )
    notes.append(
        f"Small sample: {plural(len(record.outcomes), 'outcome')}, "
        f"{plural(record.events, 'event')}. "
        "Brier scores this close are noise as much as skill, and so are the performance "
        "weights built on them (1/Brier)."
        if record.small_sample
        else f"{plural(len(record.outcomes), 'outcome')}, {plural(record.events, 'event')}."
    )
    return block(
        Text(
            f"Track records on {record.name}: {plural(len(record.outcomes), 'resolved outcome')}, "
            f"{record.events} joined, horizon {record.horizon:g} "
            f"{'year' if record.horizon == 1 else 'years'}",
            style="bold",
        ),
        table,
        *notes,
    )
