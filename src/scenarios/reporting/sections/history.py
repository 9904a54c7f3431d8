"""The history: how the ledger's records moved, with their chart and table."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.core.textsafe import printable
from scenarios.reporting.access import ChartData
from scenarios.reporting.formatting import (
    percent,
    signed,
    years_text,
)

if TYPE_CHECKING:
    from scenarios.reporting.context import Context


def section(cx: Context) -> dict[str, Any] | None:
    """The ledger's records: how each country's probability (or rank) moved, and the
    records themselves with their notes."""
    h = cx.r.history
    if h is None or not h.records or cx.whatif:  # the forecast's, not a hypothetical's
        return None
    t = cx.t
    records = h.records
    aggregations = sorted({r.model.aggregation for r in records})
    ledger = cx.code(h.ledger.path.name)
    charts = []
    if len(records) == 1:
        readings = [
            cx.say(
                "history_one",
                ledger=ledger,
                date=cx.num(records[0].date.isoformat()),
                command=cx.Markup('<code dir="ltr">scenarios record</code>'),
            )
        ]
    else:
        readings = [
            cx.say(
                "history_reading",
                n=cx.num(len(records)),
                ledger=ledger,
                first=cx.num(records[0].date.isoformat()),
                last=cx.num(records[-1].date.isoformat()),
            )
        ]
        charts.append(history_chart(cx))
        readings += history_caveats(cx)
        readings += _mixed(cx, aggregations)
        readings += history_moves(cx)
    if cx.lang != "en" and any(r.note for r in records):
        readings.append(cx.say("original_english"))
    return {
        "id": "history",
        "title": t["history"],
        "readings": readings,
        "charts": charts,
        "tables": [_records(cx, aggregations)],
    }


def _mixed(cx: Context, aggregations: Sequence[str]) -> list[Any]:
    """That the records use different horizons or aggregations, where they do."""
    h, t = cx.r.history, cx.t
    assert h is not None
    sep = "، " if cx.lang == "ar" else ", "
    readings = []
    if len(h.horizons) > 1:
        readings.append(
            cx.say(
                "history_horizons",
                horizons=cx.Markup(sep).join(cx.iso(years_text(cx.lang, x)) for x in h.horizons),
            )
        )
    if len(aggregations) > 1:
        readings.append(
            cx.say(
                "history_aggregations",
                aggregations=cx.Markup(sep).join(
                    cx.iso(t[f"aggregation_{a}"]) for a in aggregations
                ),
            )
        )
    return readings


def _records(cx: Context, aggregations: Sequence[str]) -> dict[str, Any]:
    """The records' table: a row a record, with its date, note, hash, changes and horizon
    (and aggregation, where they differ)."""
    h, t = cx.r.history, cx.t
    assert h is not None
    head = [
        cx.cell(t["col_record"], "num"),
        cx.cell(t["col_date"]),
        cx.cell(t["col_record_note"]),
        cx.cell(t["col_hash"]),
        cx.cell(t["col_changes"]),
        cx.cell(t["f_horizon"]),
    ]
    if len(aggregations) > 1:
        head.append(cx.cell(t["f_aggregation"]))
    rows = []
    for r in h.records:
        note = cx.Markup("{}").format(printable(r.note)) if r.note else t["nothing"]
        cells = [
            cx.cell(str(r.record), "num"),
            cx.cell(cx.num(r.date.isoformat()), "date"),
            cx.cell(note, "record-note", source=r.note or None),
            cx.cell(cx.code(r.content_hash[:8]), "hash"),
            cx.cell(cx.code(", ".join(r.changes)) if r.changes else t["none"], "changes"),
            cx.cell(years_text(cx.lang, r.horizon) if r.horizon else t["nothing"]),
        ]
        if len(aggregations) > 1:
            cells.append(cx.cell(t[f"aggregation_{r.model.aggregation}"]))
        rows.append({"cells": cells, "cls": ""})
    return {"caption": t["history_records"], "head": head, "rows": rows, "cls": "records"}


def history_name(cx: Context, country: str) -> str:
    """A country of the ledger by its name in the page's language (the record's name for
    one the workspace no longer has)."""
    h = cx.r.history
    assert h is not None
    if country in cx.ws.country_ids:
        return cx.names.country(country)
    return h.names[h.ids.index(country)]


def history_moves(cx: Context) -> list[Any]:
    """The largest move of a probability and the changes of rank from the first record to
    the latest, over the records made like the latest (`History.like_latest`: the same
    horizon, aggregation and what-ifs, as in `scenarios history`)."""
    h, t = cx.r.history, cx.t
    assert h is not None
    like = h.like_latest
    if like.sum() < 2:
        return []
    readings = []
    if not like.all():
        readings.append(
            cx.say("history_like_latest", n=cx.num(int(like.sum())), total=cx.num(like.size))
        )
    moves = []
    ranks = []
    for country in h.ids:
        p = h.series(country, "probability")[like]
        known = p[np.isfinite(p)]
        if known.size >= 2 and np.isfinite(p[-1]):
            moves.append((abs(float(p[-1] - known[0])), country, float(known[0]), float(p[-1])))
        rank = h.series(country, "rank")[like]
        seen = rank[np.isfinite(rank)]
        if seen.size >= 2 and seen[0] != seen[-1]:
            ranks.append((country, int(seen[0]), int(seen[-1])))
    if moves:
        size, country, p0, p1 = max(moves, key=lambda m: m[0])
        if size >= 0.0005:
            readings.append(
                cx.say(
                    "history_move",
                    name=history_name(cx, country),
                    p0=cx.num(percent(p0)),
                    p1=cx.num(percent(p1)),
                    change=cx.num(signed(100 * (p1 - p0), 1)),
                )
            )
        else:
            readings.append(cx.say("history_no_move"))
    if ranks:
        sep = "؛ " if cx.lang == "ar" else "; "
        changes = cx.Markup(sep).join(
            cx.Markup("{} ({})").format(
                cx.iso(history_name(cx, c)),
                cx.num(t["rank_move"].format(a=a, b=b)),
            )
            for c, a, b in ranks
        )
        readings.append(cx.say("history_rank_changes", changes=changes))
    else:
        readings.append(cx.say("history_no_rank_change"))
    return readings


def history_chart(cx: Context) -> dict[str, Any]:
    from scenarios.ledger.records import made_like
    from scenarios.reporting import charts as ch

    h, t = cx.r.history, cx.t
    assert h is not None
    records = h.records
    ids = h.ids[: ch.MAX_COUNTRIES]
    probability = np.array([h.series(c, "probability") for c in ids])
    ranks = np.array([h.series(c, "rank") for c in ids])
    by_probability = bool(np.isfinite(probability).any())
    keys = [made_like(r) for r in records]  # a line breaks where records stop comparing
    muted = (~h.like_latest).tolist()  # records made otherwise than the latest: in grey
    breaks = [False, *(a != b for a, b in itertools.pairwise(keys))]
    days = [r.date.toordinal() for r in records]
    dates = [r.date.isoformat() for r in records]
    names = [history_name(cx, c) for c in ids]
    if by_probability:
        titles = _panel_titles(cx, names, ranks)
        blanks = _blanks(cx, ids)
        title = _subtitle(cx)
        low = np.array([h.series(c, "low") for c in ids])
        high = np.array([h.series(c, "high") for c in ids])
        return cx.chart(
            "history",
            history_finding(cx, by_probability=True),
            lambda: ch.history(
                cx.c(titles),
                days,
                probability,
                low,
                high,
                cx.look,
                kind="probability",
                legend=cx.c((t["legend_history_p"], t["legend_history_interval"])),
                blanks=cx.c(blanks),
                breaks=breaks,
                muted=muted,
                muted_label=cx.c(t["legend_history_other"]),
            ),
            subtitle=title,
            data=ChartData.of(
                t["col_country"],
                dates,
                names,
                [[percent(v, 1) for v in row] for row in probability],
            ),
        )
    return cx.chart(
        "history",
        history_finding(cx, by_probability=False),
        lambda: ch.history(
            cx.c(names),
            days,
            ranks,
            None,
            None,
            cx.look,
            kind="rank",
            legend=cx.c((t["legend_history_rank"], "")),
            breaks=breaks,
            muted=muted,
            muted_label=cx.c(t["legend_history_other"]),
        ),
        subtitle=t["chart_history_rank"],
        data=ChartData.of(
            t["col_country"],
            dates,
            names,
            [["–" if not np.isfinite(v) else f"{v:g}" for v in row] for row in ranks],
        ),
    )


def _panel_titles(cx: Context, names: list[str], ranks: np.ndarray) -> list[str]:
    """Each country's panel title: its name and its rank (or its change of rank)."""
    t = cx.t
    titles = []
    for i, name in enumerate(names):
        seen = ranks[i][np.isfinite(ranks[i])]
        a, b = int(seen[0]), int(seen[-1])
        rank = str(b) if a == b else t["rank_move"].format(a=a, b=b)
        titles.append(t["history_panel"].format(name=name, rank=rank))
    return titles


def _blanks(cx: Context, ids: Sequence[str]) -> list[str]:
    """What a panel without probabilities says: that the country joined, or that it has none."""
    h, t = cx.r.history, cx.t
    assert h is not None
    blanks = []
    for country in ids:
        latest = next(
            (e for r in reversed(h.records) if (e := h.entry(r, country)) is not None), None
        )
        status = latest.status if latest is not None else None
        joined = status is not None and status.state == "joined"
        blanks.append(t["joined"] if joined else t["history_no_p"])
    return blanks


def _subtitle(cx: Context) -> str:
    """What the probability chart draws: its horizon and level, where the records share them."""
    h, t = cx.r.history, cx.t
    assert h is not None
    horizons = h.horizons
    levels = {r.level for r in h.records}
    if len(horizons) == 1 and len(levels) == 1:
        return t["chart_history"].format(
            horizon=years_text(cx.lang, horizons[0]),
            level=f"{100 * levels.pop():g}%",
        )
    return t["chart_history_mixed"]


def history_finding(cx: Context, *, by_probability: bool) -> str:
    """The history chart's title: the largest move of a probability (or the first change
    of rank) from the first record to the latest, over the records made like the latest."""
    h, t = cx.r.history, cx.t
    assert h is not None
    like = h.like_latest
    if by_probability:
        moves = []
        for country in h.ids:
            p = h.series(country, "probability")[like]
            known = p[np.isfinite(p)]
            if known.size >= 2 and np.isfinite(p[-1]):
                moves.append((abs(float(p[-1] - known[0])), country, known[0], p[-1]))
        if moves:
            size, country, p0, p1 = max(moves, key=lambda m: m[0])
            if size >= 0.0005:
                return t["finding_history_move"].format(
                    name=history_name(cx, country), p0=percent(p0), p1=percent(p1)
                )
        return t["finding_history_still"]
    for country in h.ids:
        rank = h.series(country, "rank")[like]
        seen = rank[np.isfinite(rank)]
        if seen.size >= 2 and seen[0] != seen[-1]:
            return t["finding_history_rank_move"].format(
                name=history_name(cx, country), a=int(seen[0]), b=int(seen[-1])
            )
    return t["finding_history_ranks_still"]


def history_caveats(cx: Context) -> list[Any]:
    """What the chart shows and leaves out."""
    from scenarios.reporting import charts as ch

    h = cx.r.history
    assert h is not None
    probability = np.array([h.series(c, "probability") for c in h.ids])
    readings = []
    if np.isfinite(probability).any():
        readings.append(cx.say("history_chart_p"))
        blank = [
            r.record for k, r in enumerate(h.records) if not np.isfinite(probability[:, k]).any()
        ]
        if blank:
            readings.append(
                cx.say(
                    "history_records_without_p" if len(blank) > 1 else "history_record_without_p",
                    records=cx.Markup(", ").join(cx.num(f"#{n}") for n in blank),
                )
            )
    else:
        readings.append(cx.say("history_chart_rank"))
    if len(h.ids) > ch.MAX_COUNTRIES:
        readings.append(
            cx.say(
                "history_cut",
                shown=cx.num(ch.MAX_COUNTRIES),
                total=cx.num(len(h.ids)),
                file=cx.code("history.csv"),
                command=cx.Markup('<code dir="ltr">scenarios export</code>'),
            )
        )
    return readings
