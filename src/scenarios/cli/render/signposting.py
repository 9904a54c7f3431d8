"""`signposts`, and `explain`'s 'what would have to change': moves of one value."""

from __future__ import annotations

import math

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from scenarios.analyses.scoring import status_label
from scenarios.cli.render.common import (
    MAX_ROWS,
    add_column,
    block,
    blocks,
    first_of,
    fit,
    from_to,
    full_hint,
    new_table,
    number,
    pct,
    points,
    rank_move,
    short_urls,
    words_legend,
)
from scenarios.cli.render.ranks import caption
from scenarios.ledger.signposting import WAYS, Move, Signposts, Way, indicator_way

MAX_MOVES = 3  # alternatives listed per direction in `explain`


WAY_WORDS = {"up": ("↑", "passes"), "down": ("↓", "behind")}


def _move_text(sp: Signposts, move: Move | None, way: Way, country: int, label: str) -> Text:
    arrow, verb = WAY_WORDS[way]
    ws = sp.workspace
    other = int(sp.neighbours[country, WAYS.index(way)])
    if other < 0:
        return Text(f"{arrow} {'first' if way == 'up' else 'last'} already", style="dim")
    who = ws.profiles[other].name if label == "name" else ws.country_ids[other]
    return Text(f"{arrow} {verb} {who}", style="green" if way == "up" else "red")


def _factor_text(sp: Signposts, move: Move | None, way: Way, country: int) -> Text:
    if move is not None:
        return Text(sp.workspace.factor_ids[move.factor])
    if sp.neighbours[country, WAYS.index(way)] < 0:
        return Text("")
    return Text("out of reach", style="dim")


BEYOND = "*"  # beside a signpost value outside the range its evidence gives today


def _value_text(sp: Signposts, move: Move | None) -> str:
    if move is None:
        return ""
    ws = sp.workspace
    lo, hi = ws.scale
    low, high = ws.ranges
    shown = move.shown(lo, hi)
    outside = not low[move.country, move.factor] <= shown <= high[move.country, move.factor]
    return f"{number(move.old)} → {shown:g}" + (BEYOND if outside else "")


def signpost_table(sp: Signposts, label: str, other: str) -> Table:
    """Countries by `label` ('name' or 'id'), the country passed by `other`."""
    ws = sp.workspace
    t = new_table()
    add_column(t, "country")
    add_column(t, "would move one rank")
    add_column(t, "if its factor")
    add_column(t, "went from → to", "right")
    for i in sp.ranking.order:
        for n, way in enumerate(WAYS):
            move = sp.best(i, way)
            name = ws.profiles[i].name if label == "name" else ws.country_ids[i]
            t.add_row(
                Text(name if n == 0 else ""),
                _move_text(sp, move, way, i, other),
                _factor_text(sp, move, way, i),
                _value_text(sp, move),
            )
    return t


def _indicator_table(sp: Signposts, n: int, label: str) -> Table:
    """The countries an indicator moves (and any whose rank it changes): value, rank and
    probability before and after its shift; without a shift, where the rank would change."""
    ws = sp.workspace
    effect = sp.indicators[n]
    base = sp.ranking
    after = effect.shifted
    way = indicator_way(ws, effect.indicator)
    k = WAYS.index(way)
    f = effect.factor

    def name(i: int) -> Text:
        return Text(ws.profiles[i].name if label == "name" else ws.country_ids[i])

    t = new_table()
    add_column(t, "country")
    add_column(t, "value", "right")
    add_column(t, "rank", "right")
    if after is not None:
        add_column(t, "P" if base.horizon is None else f"P(≤{base.horizon:g}y)", "right")
        add_column(t, "change", "right")
        for i in base.order:
            if i not in effect.countries and after.ranks[i] == base.ranks[i]:
                continue
            p0 = float(base.probability[i]) if base.probability is not None else math.nan
            p1 = float(after.probability[i]) if after.probability is not None else math.nan
            joined = bool(status_label(ws, ws.country_ids[i]))
            value = (
                from_to(number(ws.values[i, f]), number(after.workspace.values[i, f]))
                if i in effect.countries
                else ""
            )
            t.add_row(
                name(i),
                value,
                rank_move(int(base.ranks[i]), int(after.ranks[i])),
                "joined"
                if joined
                else from_to(pct(p0, *base.interval_of(i)), pct(p1, *after.interval_of(i)), "%"),
                "" if joined else points(p1 - p0),
            )
        return t
    add_column(t, "the rank moves at", "right")
    arrow, verb = WAY_WORDS[way]
    for i in base.order:
        if i not in effect.countries:
            continue
        at = sp.shown(i, way, f)
        other = int(sp.neighbours[i, k])
        if other < 0:
            where = Text(f"{arrow} {'first' if way == 'up' else 'last'} already", "dim")
        elif not math.isfinite(at):
            where = Text(f"{arrow} out of reach", style="dim")
        else:
            where = Text(f"{at:g} ({arrow} {verb} {ws.country_ids[other]})")
        t.add_row(name(i), number(ws.values[i, f]), str(base.ranks[i]), where)
    return t


def _indicator_block(sp: Signposts, n: int) -> RenderableType:
    effect = sp.indicators[n]
    ind = effect.indicator
    who = ", ".join(ind.countries) if ind.countries else "every country"
    size = f" {ind.shift:g}" if ind.shift is not None else ""
    head = Text(f"{effect.name}", style="bold")
    head.append(f" · {ind.factor} {ind.direction}{size} for {who}")
    by_name, by_id = _indicator_table(sp, n, "name"), _indicator_table(sp, n, "id")
    text = ind.text + (f" ({short_urls('; '.join(ind.sources))})" if ind.sources else "")
    legend = _indicator_words(sp, n)
    return block(head, fit((by_name, by_name), (by_id, by_id)), text, *([legend] if legend else []))


def _indicator_words(sp: Signposts, n: int) -> str:
    """The words of each probability the indicator's table shows, after its shift."""
    ws = sp.workspace
    effect = sp.indicators[n]
    base, after = sp.ranking, effect.shifted
    if after is None or after.probability is None or base.probability is None:
        return ""
    rows = [
        (ws.profiles[i].name, after.words(int(i)), base.words(int(i)))
        for i in base.order
        if (i in effect.countries or after.ranks[i] != base.ranks[i])
        and not status_label(ws, ws.country_ids[i])
    ]
    return words_legend(rows, "if it happened")


def nearest_table(sp: Signposts, label: str, other: str) -> Table:
    """One row a country (by `label`, the first MAX_ROWS in rank order): its nearest change, up
    or down, the country passed by `other`."""
    ws = sp.workspace
    t = new_table()
    add_column(t, "country")
    add_column(t, "nearest change")
    add_column(t, "if its factor")
    add_column(t, "went from → to", "right")
    for i in sp.ranking.order[:MAX_ROWS]:
        move = sp.nearest(i)
        name = ws.profiles[i].name if label == "name" else ws.country_ids[i]
        if move is None:
            t.add_row(Text(name), Text("out of reach both ways", style="dim"), "", "")
            continue
        t.add_row(
            Text(name),
            _move_text(sp, move, move.way, i, other),
            _factor_text(sp, move, move.way, i),
            _value_text(sp, move),
        )
    return t


def signposts(sp: Signposts, *, full: bool = True) -> list[RenderableType]:
    """Each country's smallest moves up and down and the indicators' effects; or (not `full`)
    one row a country, its nearest change, and a hint naming --full."""
    if not full:
        return signposts_summary(sp)
    ws = sp.workspace
    layouts = [signpost_table(sp, *how) for how in (("name", "name"), ("name", "id"))]
    by_id = signpost_table(sp, "id", "id")
    additive = sp.ranking.aggregation == "additive"
    parts: list[RenderableType] = [
        block(
            Text(
                "Signposts: the smallest change of one value that moves each country one rank",
                style="bold",
            ),
            fit(*((table, table) for table in layouts), (by_id, by_id)),
            "every other value as it is; passes: draws level with and then overtakes the "
            "country above; behind: falls behind the one below; out of reach: no single value "
            "within the scale does it. Exact for the "
            + (
                "additive model (the score is linear in each value)"
                if additive
                else "geometric model (the log score is linear in each log value)"
            )
            + "; the value shown is rounded away from today's, so it does move the rank; "
            f"{BEYOND}: beyond the range its evidence gives today (low–high). "
            "`-f csv --table signpost_thresholds` gives every factor's threshold.",
            caption(sp.ranking),
        )
    ]
    if ws.model.indicators:
        parts.append(
            Text(
                "Indicators to watch (model.yaml): what each would do if it happened",
                style="bold",
            )
        )
        parts.extend(_indicator_block(sp, n) for n in range(len(sp.indicators)))
    else:
        parts.append(
            Text(
                "model.yaml names no indicators to watch: add `indicators:` (text, factor, "
                "countries, direction up or down, an optional shift) to see what each would do.",
                style="dim",
            )
        )
    return blocks(*parts)


def signposts_summary(sp: Signposts) -> list[RenderableType]:
    """`signposts` on one screen: the nearest change for each country."""
    ws = sp.workspace
    cut = len(ws.country_ids) > MAX_ROWS  # a country passed may have no row: named by its id
    ways = (("name", "id"),) if cut else (("name", "name"), ("name", "id"))
    layouts = [nearest_table(sp, *how) for how in ways]
    by_id = nearest_table(sp, "id", "id")
    watched = list(ws.model.indicators)
    return blocks(
        block(
            Text("Signposts: the nearest change that moves each country one rank", style="bold"),
            fit(*((table, table) for table in layouts), (by_id, by_id)),
            "the smallest change of one value, up (passes) or down (behind), every other "
            f"value as it is; {BEYOND}: beyond the range its evidence gives today",
            caption(sp.ranking),
            *first_of("countries", len(ws.country_ids), MAX_ROWS),
        ),
        full_hint(
            "both ways for each country"
            + (f" and the {len(watched)} indicators to watch" if watched else "")
        ),
    )


def what_would_change(sp: Signposts, country: int) -> RenderableType:
    """`explain`'s block: for one country, the smallest changes of one value that would move it
    one rank up or down (the three smallest each way)."""
    ws = sp.workspace
    t = new_table()
    add_column(t, "would move one rank")
    add_column(t, "if its factor")
    add_column(t, "went from → to", "right")
    add_column(t, "change", "right")
    lo, hi = ws.scale
    for way in WAYS:
        moves = sp.moves(country, way)[:MAX_MOVES]
        if not moves:
            t.add_row(
                _move_text(sp, None, way, country, "name"),
                _factor_text(sp, None, way, country),
                "",
                "",
            )
        for n, move in enumerate(moves):
            t.add_row(
                _move_text(sp, move, way, country, "name") if n == 0 else Text(""),
                Text(ws.factor_ids[move.factor]),
                _value_text(sp, move),
                f"{move.shown(lo, hi) - move.old:+.2g}",
            )
    return block(
        Text("What would have to change (one value at a time, the others as they are)", "bold"),
        t,
        f"{BEYOND}: beyond the range its evidence gives today (low–high) · `scenarios "
        "signposts` lists every country, and what the indicators in model.yaml would do",
    )
