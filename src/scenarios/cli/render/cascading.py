"""`cascade`: P(joined) by year with and without peers, the spur effect, joiners, orders."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from scenarios.analyses import probability_words as pw
from scenarios.analyses.scoring import TRANSFERRED, UNVALIDATED
from scenarios.cli.render.common import (
    MAX_ROWS,
    MAX_SQUARE,
    add_column,
    and_list,
    block,
    blocks,
    first_of,
    first_shown,
    frame_table,
    full_hint,
    new_table,
    percent,
    split_columns,
)
from scenarios.cli.render.ranks import panel_caption

if TYPE_CHECKING:
    from scenarios.analyses.cascading import Cascade
    from scenarios.analyses.scoring import Ranking
    from scenarios.workspace.load import Workspace


def cascade_summary(c: Cascade, order: Sequence[int]) -> list[RenderableType]:
    """`cascade` on one screen: each country's P(joined by the horizon) with and without the
    peer effect, one row a country (the first MAX_ROWS not yet joined, in rank order)."""
    ws = c.workspace
    names = [p.name for p in ws.profiles]
    spur_with = c.with_peers.by_year()[:, -1]
    spur_without = c.without_peers.by_year()[:, -1]
    low, high, _ = c.interval()
    words = c.words()
    table = new_table()
    for name in ("country", "with peers", "in words", f"{100 * c.level:g}% interval"):
        add_column(table, name, "left" if name in ("country", "in words") else "right")
    add_column(table, "without (g = 0)", "right")
    add_column(table, "spur", "right")
    waiting = [i for i in order if not c.already[i]]
    for i in waiting[:MAX_ROWS]:
        step = pw.step(low[i], high[i])  # the figures to the precision the interval allows
        spur = pw.rounded(spur_with[i], step) - pw.rounded(spur_without[i], step)
        table.add_row(
            Text(names[i]),
            pw.percent(spur_with[i], low[i], high[i]) + (TRANSFERRED if c.link.transfer else ""),
            Text(words[i], "dim"),
            pw.interval(low[i], high[i]),
            pw.figure(spur_without[i], step) + "%",
            f"{spur:+.{0 if step >= 1 else 1}f} pts",
        )
    joined = [names[i] for i in order if c.already[i]]
    pg_low, pg_value, pg_high = c.peer_effect
    years = "year" if c.horizon == 1 else "years"
    return blocks(
        block(
            f"Cascade: P(joined within {c.horizon} {years}{evidence_since(ws)}) with and "
            "without peers",
            table,
            f"with peers: each yearly chance moves with the share of peers that have joined, by "
            f"g ~ triangular({pg_low:g}, {pg_value:g}, {pg_high:g}), an assumption stated in "
            f"model.yaml · {c.runs:,} runs · seed {c.seed} · words: ICD 203"
            + (f" · scores: {panel_caption(ws)}" if ws.panel is not None else ""),
            *([f"already joined: {and_list(joined)}"] if joined else []),
            *([f"{UNVALIDATED} not validated: {c.link.caveat}"] if not c.link.validated else []),
            *([f"{TRANSFERRED} {c.link.transfer}"] if c.link.transfer else []),
            *first_of("countries not yet joined", len(waiting), MAX_ROWS),
        ),
        full_hint("every table (by year, new joiners, join orders, P given another)"),
    )


def evidence_since(ws: Workspace) -> str:
    event = ws.model.event
    return "" if event is None else f" after {event.as_of}"


def cascade(c: Cascade, ranking: Ranking, *, full: bool = True) -> list[RenderableType]:
    """The cascade's tables, countries in the rank order of `ranking` (the scores the cascade
    ran from); or (not `full`) P(joined by the horizon) with and without peers, one row a
    country, and a hint naming --full."""
    ws = c.workspace
    order = list(ranking.order)
    if not full:
        return cascade_summary(c, order)
    by_year = c.with_peers.by_year()
    spur_with = by_year[:, -1]
    spur_without = c.without_peers.by_year()[:, -1]
    low, value, high = c.peer_effect
    names = [p.name for p in ws.profiles]

    year_intervals = [c.interval(t + 1)[:2] for t in range(c.horizon)]

    def years(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "country")
        for t in columns:
            add_column(table, f"y{t + 1}", "right", min_width=6)
        add_column(table, "", min_width=len(columns))
        for i in order:
            if c.already[i]:
                table.add_row(Text(names[i]), *["joined"] * len(columns), "")
                continue
            values = [by_year[i, t] for t in columns]
            spark = "".join(" ▁▂▃▄▅▆▇█"[min(int(v * 8 + 0.5), 8)] for v in values)
            cells: list[RenderableType] = []
            for t in columns:
                low, high = year_intervals[t]
                cell = Text(pw.percent(by_year[i, t], low[i], high[i]))
                cell.append(f"\n{pw.interval(low[i], high[i])[:-1]}", style="dim")
                cells.append(cell)
            table.add_row(Text(names[i]), *cells, Text(spark, "cyan"))
        return table

    interval_low, interval_high, noise = c.interval()
    stable = new_table()
    for name in (
        "country",
        "with peers",
        f"{100 * c.level:g}% interval",
        "without (g = 0)",
        "spur",
    ):
        add_column(stable, name, "left" if name == "country" else "right")
    words = c.words()
    for i in order:
        if not c.already[i]:
            # the three figures to the precision the with-peers interval allows
            step = pw.step(interval_low[i], interval_high[i])
            spur = pw.rounded(spur_with[i], step) - pw.rounded(spur_without[i], step)
            stable.add_row(
                Text(names[i]),
                Text(
                    pw.percent(spur_with[i], interval_low[i], interval_high[i])
                    + (TRANSFERRED if c.link.transfer else "")
                    + "\n"
                )
                + Text(words[i], "dim"),
                pw.interval(interval_low[i], interval_high[i]),
                pw.figure(spur_without[i], step) + "%",
                f"{spur:+.{0 if step >= 1 else 1}f} pts",
            )
    base_p = c.base_probability
    rate = ws.model.base_rate
    base_line = (
        [f"base rate alone: {pw.base_rate_text(rate, c.horizon, c.level)}"]
        if base_p is not None and rate is not None
        else []
    )
    counts = frame_table(c.count_frame(), ["probability"])
    orders = frame_table(c.orders_frame(), ["probability"])
    cond = c.conditional_frame()
    index = {cid: n for n, cid in enumerate(cond.index)}
    candidates = [ws.country_ids[i] for i in order if ws.country_ids[i] in index]
    rows = candidates[:MAX_SQUARE]
    table_of = cond[[f"given_{cid}" for cid in rows]].to_numpy()
    alone = cond["unconditional"].to_numpy()

    def conditional(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "")
        add_column(table, "alone", "right")
        for j in columns:
            add_column(table, rows[j], "right", min_width=6)
        for cid in rows:
            r = index[cid]
            cells = [
                percent(float(table_of[r, j])) if math.isfinite(table_of[r, j]) else "–"
                for j in columns
            ]
            table.add_row(Text(cid), percent(float(alone[r])), *cells)
        return table

    return blocks(
        block(
            f"Cascade: P(joined by the end of each year{evidence_since(ws)}), {c.runs:,} runs",
            split_columns(years, c.horizon),
            "With the peer effect g: a country's yearly chance moves with the share of its peers "
            "that have joined (up where g > 0, down where g < 0: backlash). The 'without' column "
            "below is the same simulation without it: averaged over the link's uncertain slope "
            "and base rate, it sits a little apart from `scenarios rank`'s figure, which uses "
            "their central values; quote rank's, with its interval.",
            f"Below each P: its {100 * c.level:g}% interval over {c.groups:,} draws of "
            f"{', '.join(c.link.covers)} and the peer effect ({c.runs // c.groups:,} runs a draw, "
            "so it moves in steps and includes some simulation noise); each figure to the "
            "precision its interval allows.",
            f"peer effect g ~ triangular({low:g}, {value:g}, {high:g}), an assumption stated in "
            "model.yaml, not a finding · "
            f"annual p = logistic({c.link.intercept:.3g} + {c.link.slope:.3g}·score + "
            f"g·peer share) · seed {c.seed}"
            + (f" · scores: {panel_caption(ws)}" if ws.panel is not None else ""),
        ),
        block(
            "Spur effect: P(joined by the horizon) with and without peers",
            stable,
            f"interval: over {c.groups:,} draws of {' and '.join(c.link.covers)} and of the peer "
            f"effect ({c.runs // c.groups:,} runs each, whose own noise, up to ±{100 * noise:.1f} "
            "pts, widens it a little); figures to the precision the interval allows; words: "
            "ICD 203",
            *base_line,
            *([f"{UNVALIDATED} not validated: {c.link.caveat}"] if not c.link.validated else []),
            *([f"{TRANSFERRED} {c.link.transfer}"] if c.link.transfer else []),
        ),
        block("New joiners by the horizon", counts),
        block("Most frequent join orders", orders),
        block(
            "P(row joins | column joins), by the horizon",
            split_columns(conditional, len(rows)),
            *first_shown("countries not yet joined", len(candidates)),
        ),
    )
