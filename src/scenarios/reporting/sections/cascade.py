"""The cascade: each country's chance with and without its peers joining."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scenarios.analyses import probability_words as pw
from scenarios.reporting.access import ChartData
from scenarios.reporting.formatting import (
    percent,
    signed,
    years_text,
)

if TYPE_CHECKING:
    from scenarios.reporting.context import Context


def section(cx: Context) -> dict[str, Any] | None:
    from scenarios.reporting import charts as ch

    c = cx.r.cascade
    if c is None:
        return None
    t = cx.t
    order = [i for i in cx.r.ranking.order if not c.already[i]]
    if not order:
        return None
    horizon = years_text(cx.lang, c.horizon)
    level = f"{100 * c.level:g}%"
    drawn = cx.drawn(order)
    # one line a country, told apart by colour: no more lines than colours
    lines = drawn[: len(ch.PALETTE)]
    by_year = c.with_peers.by_year()[lines]
    with_g = c.with_peers.by_year()[:, -1]
    without = c.without_peers.by_year()[:, -1]
    # each probability's interval over the draws of the link and the peer effect
    low_g, high_g, _ = c.interval()
    low_0, high_0, _ = c.interval(peers=False)
    shown_g = [pw.percent(float(with_g[i]), low_g[i], high_g[i]) for i in range(len(with_g))]
    shown_0 = [pw.percent(float(without[i]), low_0[i], high_0[i]) for i in range(len(without))]
    names = [cx.country(i) for i in drawn]
    spur = with_g - without
    best = max(order, key=lambda i: spur[i])
    likeliest = max(order, key=lambda i: with_g[i])
    if spur[best] > 0:
        spur_title = t["finding_spur"].format(
            name=cx.country(best), spur=f"+{100 * spur[best]:.1f}"
        )
    else:
        spur_title = t["finding_spur_none"]
    charts = [
        cx.chart(
            "cascade-years",
            t["finding_cascade_years"].format(
                name=cx.country(likeliest), horizon=horizon, p=shown_g[likeliest]
            ),
            lambda: ch.cascade_years(
                cx.c(names[: len(lines)]),
                by_year,
                cx.c((t["axis_year"], t["axis_p_joined"])),
                cx.look,
            ),
            cx.cut(len(order), "cascade_by_year.csv", table=False, limit=len(lines)),
            subtitle=t["chart_cascade_years"],
            data=ChartData.of(
                t["col_country"],
                [str(y + 1) for y in range(by_year.shape[1])],
                names[: len(lines)],
                [[percent(v) for v in row] for row in by_year],
            ),
        ),
        cx.chart(
            "cascade-spur",
            spur_title,
            lambda: ch.paired_bars(
                cx.c(names),
                without[drawn],
                with_g[drawn],
                cx.c(t["axis_p_join"].format(horizon=horizon)),
                cx.c((t["legend_without"], t["legend_with"])),
                cx.look,
                spans=(low_0[drawn], high_0[drawn], low_g[drawn], high_g[drawn]),
                labels=(  # each figure with its interval: the whisker's ends
                    cx.c([f"{shown_0[i]} ({pw.interval(low_0[i], high_0[i])})" for i in drawn]),
                    cx.c([f"{shown_g[i]} ({pw.interval(low_g[i], high_g[i])})" for i in drawn]),
                ),
            ),
            cx.cut(len(order), "cascade_spur.csv", table=True),
            subtitle=t["chart_spur"].format(horizon=horizon, level=level),
            data=ChartData.of(
                t["col_country"],
                (t["legend_without"], t["legend_with"]),
                names,
                [
                    (
                        f"{shown_0[i]} ({pw.interval(low_0[i], high_0[i])})",
                        f"{shown_g[i]} ({pw.interval(low_g[i], high_g[i])})",
                    )
                    for i in drawn
                ],
            ),
        ),
    ]
    low, value, high = c.peer_effect
    years = c.with_peers.years
    new = ((years > 0) & (years <= c.horizon)).sum(axis=1)
    readings = [
        cx.say(
            "cascade_reading",
            runs=cx.num(f"{c.runs:,}"),
            horizon=horizon,
            g=cx.num(f"{value:g}"),
            low=cx.num(f"{low:g}"),
            high=cx.num(f"{high:g}"),
        ),
        cx.say(
            "cascade_spur",
            name=cx.country(best),
            p0=cx.num(shown_0[best]),
            p1=cx.num(shown_g[best]),
            spur=cx.sign(100 * spur[best], 1),
        ),
        cx.say(
            "cascade_count",
            horizon=horizon,
            none=cx.num(percent(float((new == 0).mean()))),
            two=cx.num(percent(float((new >= 2).mean()))),
        ),
    ]
    head = [
        cx.cell(t["col_country"]),
        cx.cell(t["col_without"], "num"),
        cx.cell(t["col_interval"].format(level=level), "num"),
        cx.cell(t["col_with"], "num"),
        cx.cell(t["col_interval"].format(level=level), "num"),
        cx.cell(t["col_spur"], "num"),
    ]
    rows = [
        {
            "cells": [
                cx.cell(cx.country(i), "name"),
                cx.cell(shown_0[i], "num"),
                cx.cell(pw.interval(low_0[i], high_0[i]), "num"),
                cx.cell(shown_g[i], "num"),
                cx.cell(pw.interval(low_g[i], high_g[i]), "num"),
                cx.cell(signed(100 * spur[i], 1), "num"),
            ],
            "cls": "",
        }
        for i in order
    ]
    return {
        "id": "cascade",
        "title": t["cascade"],
        "readings": readings,
        "charts": charts,
        "tables": [cx.table(head, rows, "cascade")],
    }
