"""`rank` and `factors`: the ranking with its probability notes and caption; the values."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from scenarios.analyses import probability_words as pw
from scenarios.analyses.scoring import GATED, TRANSFERRED, UNVALIDATED, status_label
from scenarios.cli.render.common import (
    BAR_WIDTH,
    ColourNote,
    add_column,
    and_list,
    bar,
    block,
    fit,
    fmt,
    heat_style,
    new_table,
    number,
    percent,
    split_columns,
)

if TYPE_CHECKING:
    from scenarios.analyses.scoring import Ranking
    from scenarios.workspace.load import Workspace


def caption(ranking: Ranking, extra: Iterable[str] = ()) -> str:
    ws = ranking.workspace
    parts = [
        f"workspace: {ws.name}"
        + (" (installed copy; `scenarios init DIR` makes one to edit)" if ws.installed else ""),
        f"method: {ranking.aggregation}",
    ]
    if ws.panel is None or not ws.panel.own_weights:
        parts.append("weights: model.yaml")
    if ws.panel is not None:
        parts.append(panel_caption(ws))
    if ws.changes:
        parts.append("changes: " + ", ".join(map(str, ws.changes)))
    parts.extend(extra)
    return " · ".join(parts)


LEVEL_LEGEND = "(high)/(low): factor's value on its scale."


def level_label(ws: Workspace, factor: str, pushes_up: bool, label: bool = False) -> str:
    """'religious_resistance (low)' for an against-factor that lifts a score, and so on; with
    `label`, the factor's label from model.yaml ('Religious-social resistance (low)')."""
    high = pushes_up == (ws.model.factors[factor].direction == "for")
    name = ws.model.factors[factor].label if label else factor
    return f"{name} ({'high' if high else 'low'})"


def ranking_body(ranking: Ranking) -> RenderableType:
    """The ranking table with the factors' labels where they fit the width, else their ids."""
    with_labels = ranking_table(ranking, labels=True)
    with_ids = ranking_table(ranking)
    return fit((with_labels, with_labels), (with_ids, with_ids))


def ranking_table(ranking: Ranking, labels: bool = False) -> Table:
    """One row of two lines a country: name over its status or the words of its probability,
    score over its bar, probability over its interval, strongest push over strongest pull
    (by label with `labels`, else by id)."""
    ws = ranking.workspace
    table = new_table()
    add_column(table, "rank", "right")
    add_column(table, "country")
    add_column(table, "score", min_width=BAR_WIDTH)
    if ranking.probability is not None:
        add_column(table, probability_header(ranking), "right")
    add_column(table, "main push ↑ / pull ↓")
    for i in ranking.order:
        profile = ws.profiles[i]
        status = status_label(ws, profile.id)
        name = Text(profile.name)
        if status:
            name.append(f"\n{status}", style="magenta")
        elif ranking.probability is not None:
            name.append(f"\n{ranking.words(i)}", style="dim")
        up, down = ranking.drivers(i)
        drivers = Text(
            f"↑ {level_label(ws, up, pushes_up=True, label=labels)}" if up else "↑ –",
            style="green",
        )
        drivers.append(
            f"\n↓ {level_label(ws, down, pushes_up=False, label=labels)}" if down else "\n↓ –",
            style="red",
        )
        score = Text(fmt(ranking.scores[i]) + "\n")
        score.append_text(bar(ranking.scores[i]))
        cells: list[RenderableType] = [
            f"{ranking.ranks[i]}{'=' if ranking.tied[i] else ''}",
            name,
            score,
        ]
        if ranking.probability is not None:
            cells.append("joined" if status else probability_cell(ranking, i))
        cells.append(drivers)
        table.add_row(*cells)
    return table


def probability_header(ranking: Ranking) -> str:
    return f"P(≤{ranking.horizon:g}y)"


def interval_text(ranking: Ranking, i: int) -> str:
    """'10–91%': the probability's interval to the precision its width allows, or ''."""
    return pw.interval(*ranking.interval_of(i))


def probability_text(ranking: Ranking, i: int) -> str:
    """'49%': the probability to the precision its interval allows (see probability_words)."""
    assert ranking.probability is not None
    return pw.percent(float(ranking.probability[i]), *ranking.interval_of(i))


def short_percent(p: float) -> str:
    """A percentage in two significant figures at most, without the sign: '0.4', '9.6', '93'."""
    value = 100 * p
    if value == 0:
        return "0"
    if value >= 9.95:
        return f"{value:.0f}"
    return f"{value:.1f}" if value >= 0.05 else f"{value:.2f}"


def probability_cell(ranking: Ranking, i: int, words: bool = False) -> Text:
    """The probability with its marks and its interval on the line below; with `words`, the
    interval beside the probability and the yardstick's words below (two lines at most)."""
    assert ranking.probability is not None
    if status_label(ranking.workspace, ranking.ids[i]):
        return Text("joined")
    cell = Text(probability_text(ranking, i) + ranking.marks(i))
    interval = interval_text(ranking, i)
    if interval:
        cell.append((" " if words else "\n") + interval, style="dim")
    if words:
        cell.append("\n" + ranking.words(i), style="dim")
    return cell


WORDS_NOTE = "Words: the ICD 203 yardstick (see the README, 'How a probability is shown')."


def base_rate_note(ranking: Ranking) -> str:
    """'Base rate: 1 of 5 in 5.7 years → 18%.', or '' without a base rate (a link with its own
    intercept). The horizon is the probability's, named just before."""
    base = ranking.link.base if ranking.link is not None else None
    if ranking.base_probability is None or base is None or ranking.horizon is None:
        return ""
    low, high = pw.base_rate_interval(base, ranking.horizon, ranking.level)
    return (
        f"Base rate: {base.events} of {base.of} in {base.window_label} years → "
        f"{pw.percent(ranking.base_probability, low, high)}."
    )


def link_formula(ranking: Ranking) -> str:
    """The link's algebra, for `explain`: 'P = 1 − (1 − p)^5, p = logistic(...); source.'"""
    link = ranking.link
    assert link is not None
    years = f"{ranking.horizon:g}"
    return (
        ("Each analyst's " if ranking.workspace.panel is not None else "")
        + f"P = 1 − (1 − p)^{years}, p = logistic({link.intercept:.3g} + {link.slope:.3g}·score)"
        + (
            f", averaged with its {len(link.on_file_weights) - 1} alternative slopes "
            "(`scenarios calibrate`)"
            if len(link.on_file_weights) > 1
            else ""
        )
        + f"; {link.source}."
    )


def probability_notes(ranking: Ranking, formula: bool = False, legend: bool = False) -> list[str]:
    """What the probability column means: the event, the interval, the words, the base rate,
    the marks; with `formula` the link's algebra too (`explain` shows it, `rank` points there);
    with `legend` the level words of the push/pull column, beside the base rate."""
    link = ranking.link
    if ranking.probability is None or link is None:
        return [LEVEL_LEGEND] if legend else []
    ws = ranking.workspace
    years = f"{ranking.horizon:g}"
    event = ws.model.event
    since = f" of {event.as_of}" if event is not None else ""
    base = base_rate_note(ranking)
    notes = [
        f"{probability_header(ranking)}: within {years} "
        f"{'year' if ranking.horizon == 1 else 'years'}{since}, each country alone; below, "
        f"{100 * ranking.level:g}% interval over {and_list(ranking.covers)}."
    ]
    if base or legend:
        notes.append(" ".join(note for note in (base, LEVEL_LEGEND if legend else "") if note))
    if formula:
        notes.append(f"{link_formula(ranking)} {WORDS_NOTE}")
    if link.transfer:
        notes.append(f"{TRANSFERRED} {link.transfer}")
    if link.equal_weights:
        notes.append(f"Weights: {link.equal_weights}.")
    if event is not None:
        notes.append(f"Event: {event.definition}")
    if not link.validated:
        notes.append(f"{UNVALIDATED} not validated: {link.caveat}; read P as a rough scale.")
    return notes + gate_notes(ranking)


def gate_notes(ranking: Ranking) -> list[str]:
    """One note a gate that binds somewhere: what it does, to which countries, and why."""
    ws = ranking.workspace
    notes = []
    binding = {name for i in range(len(ranking.ids)) for name in ranking.gates_binding(i)}
    for name in sorted(binding):
        gate = ws.model.gates[name]
        limit = "blocked" if gate.cap == 0 else f"capped at {percent(gate.cap)}"
        who = ", ".join(
            ranking.ids[i] for i in range(len(ranking.ids)) if name in ranking.gates_binding(i)
        )
        notes.append(f"{GATED} gate '{name}' ({gate.factor}): {limit} for {who}. {gate.note}")
    return notes


def ranking_notes(ranking: Ranking) -> list[str]:
    notes = []
    if ranking.tied.any():
        notes.append("'=' marks a tie: tied countries share the better rank.")
    if ranking.probability is None or ranking.link is None:
        notes.append(
            "The score is a weighted index in [0, 1], not a probability (model.yaml has no `link`)."
        )
    return notes + probability_notes(ranking, legend=True)


def ranking(result: Ranking) -> list[RenderableType]:
    """`scenarios rank`: the table, the workspace it read, and how to read P."""
    return [
        block(
            Text(result.workspace.model.title, style="bold"),
            ranking_body(result),
            caption(result),
            *ranking_notes(result),
        )
    ]


def favour_mark(fraction: float) -> str:
    """↑ where a value favours the outcome (above the middle, direction applied), ↓ where it works
    against it, nothing at the middle."""
    if not math.isfinite(fraction) or abs(fraction - 0.5) < 1e-9:
        return " "
    return "↑" if fraction > 0.5 else "↓"


def matrix(ranking: Ranking) -> list[RenderableType]:
    """Factors down, countries across in rank order (split over tables when they do not fit)."""
    ws = ranking.workspace
    lo, hi = ws.scale
    order = list(ranking.order)

    def make(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "±", "center", min_width=1)
        add_column(table, "factor")
        for c in columns:
            add_column(table, ws.country_ids[order[c]], "right", min_width=4)
        for f, factor in enumerate(ws.factor_ids):
            cells = [
                Text(
                    f"{number(ws.values[order[c], f])}"
                    f"{favour_mark(ranking.normalized[order[c], f])}",
                    style=heat_style(ranking.normalized[order[c], f]),
                )
                for c in columns
            ]
            direction = "+" if ws.model.factors[factor].direction == "for" else "−"
            table.add_row(direction, Text(factor), *cells)
        return table

    return [
        block(
            Text(f"{ws.model.title}: factor values ({lo:g}–{hi:g})", style="bold"),
            split_columns(make, len(order)),
            "±: + the factor raises the likelihood, − lowers it · ↑ the value favours the "
            "outcome, ↓ it works against it (its side of the middle of the scale, direction "
            "applied) · countries in rank order"
            + (
                f" · {panel_caption(ws)} (`scenarios panel` shows each analyst)"
                if ws.panel is not None
                else ""
            ),
            ColourNote("colour: the same, from red (against) to green (favours)"),
        )
    ]


def panel_caption(ws: Workspace) -> str:
    """'panel: 3 analysts' mean' (their values, weights and probabilities), 'panel: 3 analysts'
    median, P their log-odds mean × 1.5', 'illustrative panel: 1 analyst's mean' ...; ''
    without a panel."""
    if ws.panel is None:
        return ""
    panel = ws.panel
    rule = panel.rule
    values = rule.values.replace("_", " ")
    p = "mean" if rule.probabilities == "linear_pool" else "log-odds mean"
    if rule.probabilities == "log_odds" and rule.extremize != 1:
        p += f" × {rule.extremize:g}"
    n = len(panel.analysts)
    text = (
        f"{panel.label}: {n} analyst's {values}"
        if n == 1
        else f"{panel.label}: {n} analysts' {values}"
    )
    if p != values:
        text += f", P their {p}"
    if rule.analysts == "performance":
        text += " (weighted by track record)"
    return text
