"""The contributions: how much each factor adds to each country's score."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.reporting.access import ChartData
from scenarios.reporting.formatting import (
    score,
    signed,
)

if TYPE_CHECKING:
    from scenarios.reporting.context import Context


def section(cx: Context) -> dict[str, Any]:
    from scenarios.reporting import charts as ch

    r, t = cx.r.ranking, cx.t
    order = list(r.order)
    geometric = r.aggregation == "geometric"
    readings = [cx.say("contributions_reading")]
    if geometric:
        readings.append(cx.say("contributions_reading_geometric"))
    drawn = cx.drawn(order)
    names = [cx.country(i) for i in drawn]
    held = [cx.ws.model.factors[f].direction == "against" for f in cx.ws.factor_ids]
    labels = [
        t["legend_holds_back"].format(label=cx.factor(k)) if held[k] else cx.factor(k)
        for k in range(len(cx.ws.factor_ids))
    ]
    if any(held):
        sep = "، " if cx.lang == "ar" else ", "
        who = [cx.iso(cx.factor(k)) for k in range(len(held)) if held[k]]
        readings.append(
            cx.say("contributions_reading_holds_back", factors=cx.Markup(sep).join(who))
        )
    # the factor whose contributions add up to the most over the countries drawn
    most = int(np.argmax(r.contributions[drawn].sum(axis=0)))
    chart = cx.chart(
        "contributions",
        t["finding_contributions"].format(factor=cx.factor(most)),
        lambda: ch.contributions(
            cx.c(names),
            r.contributions[drawn],
            cx.c(labels),
            cx.c(t["axis_contribution_geometric" if geometric else "axis_contribution"]),
            cx.look,
            held,
        ),
        cx.cut(len(order), "contributions.csv", table=True),
        subtitle=t["chart_contributions"],
        data=ChartData.of(
            t["col_country"],
            labels,
            names,
            [[score(v) for v in r.contributions[i]] for i in drawn],
        ),
    )
    head = [
        cx.cell(t["col_country"]),
        cx.cell(t["col_push"]),
        cx.cell("", "num"),
        cx.cell(t["col_pull"]),
        cx.cell("", "num"),
    ]
    rows = []
    factors = cx.ws.factor_ids
    for i in order:
        up, down = r.drivers(i)
        lift = r.weights * (r.normalized[i] - 0.5)  # as drivers() measures them
        rows.append(
            {
                "cells": [
                    cx.cell(cx.country(i), "name"),
                    cx.cell(cx.level(up, True), "push"),
                    cx.cell(signed(lift[factors.index(up)]) if up else "", "num"),
                    cx.cell(cx.level(down, False), "pull"),
                    cx.cell(signed(lift[factors.index(down)]) if down else "", "num"),
                ],
                "cls": "",
            }
        )
    return {
        "id": "contributions",
        "title": t["contributions"],
        "readings": readings,
        "charts": [chart],
        "tables": [cx.table(head, rows, "drivers")],
    }
