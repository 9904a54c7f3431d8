"""The sensitivity sections: the tornado, the critical weights and the rank acceptability."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.reporting.access import ChartData
from scenarios.reporting.formatting import (
    percent,
    points,
    score,
    signed,
)

if TYPE_CHECKING:
    from scenarios.reporting.context import Context


def tornado(cx: Context) -> dict[str, Any] | None:
    from scenarios.reporting import charts as ch

    tor = cx.r.sensitivity.tornado
    if tor is None:
        return None
    t = cx.t
    order = list(cx.r.ranking.order)
    factors = list(tor.order)
    shown = factors[: ch.TORNADO_FACTORS]  # the rest move the scores less; oat.csv has all
    delta = f"{100 * tor.delta:g}%"
    drawn = cx.drawn(order)[: ch.TORNADO_PANELS]  # a panel a country: two rows at most
    at_low = (tor.scores[:, 0, :] - tor.base_scores)[np.ix_(shown, drawn)]
    at_high = (tor.scores[:, 1, :] - tor.base_scores)[np.ix_(shown, drawn)]
    labels = [cx.factor(k) for k in shown]
    notes = [cx.cut(len(order), "oat.csv", table=False, limit=len(drawn))]
    if len(shown) < len(factors):
        notes.append(
            cx.cut(len(factors), "oat.csv", table=False, key="chart_cut_factors",
                     limit=len(shown))
        )  # fmt: skip
    note = cx.Markup(" ").join(n for n in notes if n is not None) or None
    names = [cx.country(i) for i in drawn]
    chart = cx.chart(
        "tornado",
        t["finding_tornado"].format(
            factor=cx.factor(factors[0]), swing=score(tor.swing[factors[0]])
        ),
        lambda: ch.tornado(
            cx.c(names),
            cx.c(labels),
            at_low,
            at_high,
            cx.c(t["axis_score_change"]),
            cx.c(
                (
                    t["legend_weight_down"].format(delta=delta),
                    t["legend_weight_up"].format(delta=delta),
                )
            ),
            cx.look,
        ),
        note,
        subtitle=t["chart_tornado"].format(delta=delta),
        data=ChartData.of(
            f"{t['col_country']} · {t['col_factor']}",
            (
                t["legend_weight_down"].format(delta=delta),
                t["legend_weight_up"].format(delta=delta),
            ),
            [f"{names[c]} · {labels[k]}" for c in range(len(names)) for k in range(len(labels))],
            [
                (signed(at_low[k, c]), signed(at_high[k, c]))
                for c in range(len(names))
                for k in range(len(labels))
            ],
        ),
    )
    top = factors[0]
    readings = [
        cx.say(
            "tornado_reading",
            delta=cx.num(delta),
            factor=cx.factor(top),
            swing=cx.num(score(tor.swing[top])),
        )
    ]
    readings.append(_rank_changes(cx, tor, factors, delta))
    effects = cx.r.effects
    moved = effects.tornado if effects is not None else None
    tables = []
    if moved is not None and np.isfinite(moved).any():
        readings.append(_points(cx, moved, delta))
        tables.append(tornado_table(cx, tor, moved, factors))
        change = tor.scores - tor.base_scores  # (F, 2, C)
        with np.errstate(invalid="ignore"):
            against = (np.abs(change) >= 5e-4) & (np.abs(moved) >= 5e-4)
            against &= np.sign(change) != np.sign(moved)
        if against.any():
            readings.append(cx.say("tornado_points_against"))
    return {
        "id": "tornado",
        "title": t["tornado"],
        "readings": readings,
        "charts": [chart],
        "tables": tables,
    }


def _rank_changes(cx: Context, tor: Any, factors: list[int], delta: str) -> Any:
    """Which moves of a weight change a rank (or that none does)."""
    moves = []
    for k in factors:
        for side, sign in ((0, "−"), (1, "+")):
            if (tor.ranks[k, side] != tor.base_ranks).any():
                moves.append(
                    cx.Markup("{} ({})").format(cx.iso(cx.factor(k)), cx.num(f"{sign}{delta}"))
                )
    if not moves:
        return cx.say("tornado_no_rank_change")
    sep = "، " if cx.lang == "ar" else "; "
    return cx.say("tornado_rank_change", moves=cx.Markup(sep).join(moves))


def _points(cx: Context, moved: np.ndarray, delta: str) -> Any:
    """The move of a weight that changes a probability most, in points."""
    size = np.where(np.isfinite(moved), np.abs(moved), -1.0)  # (F, 2, C)
    most = np.unravel_index(int(np.argmax(size)), size.shape)
    return cx.say(
        "tornado_points",
        points=cx.num(points(moved[most])),
        horizon=cx.horizon(),
        name=cx.country(int(most[2])),
        factor=cx.factor(int(most[0])),
        move=cx.num(f"{'−+'[int(most[1])]}{delta}"),
    )


def tornado_table(cx: Context, tor: Any, moved: np.ndarray, factors: list[int]) -> dict[str, Any]:
    """One row a factor: its weight, and the move of it (down or up) that changes a
    probability most, with that change in points and in score, and for which country."""
    t = cx.t
    head = [
        cx.cell(t["col_factor"]),
        cx.cell(t["col_weight"], "num"),
        cx.cell(t["col_weight_move"], "num"),
        cx.cell(t["col_points_for"]),
        cx.cell(t["col_points_swing"], "num"),
        cx.cell(t["col_score_swing"], "num"),
    ]
    change = tor.scores - tor.base_scores  # (F, 2, C)
    delta = f"{100 * tor.delta:g}%"
    rows = []
    for k in factors:
        size = np.where(np.isfinite(moved[k]), np.abs(moved[k]), -1.0)
        side, i = np.unravel_index(int(np.argmax(size)), size.shape)
        rows.append(
            {
                "cells": [
                    cx.cell(cx.factor(k)),
                    cx.cell(percent(tor.weights[k]), "num"),
                    cx.cell(f"{'−+'[side]}{delta}", "num"),
                    cx.cell(cx.country(int(i)), "name"),
                    cx.cell(points(moved[k, side, i]), "num"),
                    cx.cell(signed(change[k, side, i]), "num"),
                ],
                "cls": "",
            }
        )
    return {"caption": t["tornado_table"], "head": head, "rows": rows, "cls": "tornado"}


def critical(cx: Context) -> dict[str, Any] | None:
    crit = cx.r.sensitivity.critical
    if crit is None:
        return None
    t = cx.t

    def swap(th: Any) -> str:
        if th is None:
            return t["no_swap"]
        return f"{cx.names.country(th.above)} ↔ {cx.names.country(th.below)}"

    def moved(k: int, th: Any) -> str:
        if th is None:
            return "–"
        return f"{percent(th.weight)} ({signed(crit.relative(k, th) * 100, 0)}%)"

    effects = cx.r.effects
    at = effects.critical if effects is not None else None
    ids = cx.ws.country_ids

    def pair(th: Any, change: np.ndarray | None) -> str:
        """The two swapping countries' changes of probability, in the swap's order."""
        if th is None or change is None:
            return "–"
        return f"{points(change[ids.index(th.above)])} / {points(change[ids.index(th.below)])}"

    head = [
        cx.cell(t["col_factor"]),
        cx.cell(t["col_weight"], "num"),
        cx.cell(t["col_up"], "num"),
        cx.cell(t["col_swap"]),
    ]
    if at is not None:
        head.append(cx.cell(t["col_points_swap"], "num"))
    head += [cx.cell(t["col_down"], "num"), cx.cell(t["col_swap"])]
    if at is not None:
        head.append(cx.cell(t["col_points_swap"], "num"))
    rows = []
    nearest = []
    for k in range(len(crit.weights)):
        up, down = crit.increase[k], crit.decrease[k]
        cells = [
            cx.cell(cx.factor(k)),
            cx.cell(percent(crit.weights[k]), "num"),
            cx.cell(moved(k, up), "num"),
            cx.cell(swap(up)),
        ]
        if at is not None:
            cells.append(cx.cell(pair(up, at[k][0]), "num"))
        cells += [cx.cell(moved(k, down), "num"), cx.cell(swap(down))]
        if at is not None:
            cells.append(cx.cell(pair(down, at[k][1]), "num"))
        rows.append({"cells": cells, "cls": ""})
        for th in (up, down):
            if th is not None:
                nearest.append((abs(crit.relative(k, th)), k, th))
    readings = [cx.say("critical_reading")]
    if nearest:
        _, k, th = min(nearest, key=lambda item: (item[0], item[1]))
        readings.append(
            cx.say(
                "critical_most",
                factor=cx.factor(k),
                w=cx.num(percent(crit.weights[k])),
                w2=cx.num(percent(th.weight)),
                change=cx.num(f"{signed(crit.relative(k, th) * 100, 0)}%"),
                a=cx.names.country(th.above),
                b=cx.names.country(th.below),
            )
        )
    else:
        readings.append(cx.say("critical_none"))
    if at is not None:
        readings.append(cx.say("critical_points", horizon=cx.horizon()))
    return {
        "id": "critical",
        "title": t["critical"],
        "readings": readings,
        "charts": [],
        "tables": [{"head": head, "rows": rows, "cls": "critical"}],
    }


def acceptability(cx: Context) -> dict[str, Any] | None:
    from scenarios.reporting import charts as ch

    mc = cx.r.sensitivity.monte_carlo
    if mc is None:
        return None
    t = cx.t
    order = list(cx.r.ranking.order)
    drawn = cx.drawn(order)[: ch.HEATMAP_COUNTRIES]  # a cell's number stays legible
    names = [cx.country(i) for i in drawn]
    shown = mc.acceptability[drawn]  # (drawn countries, every rank)
    if len(order) > len(drawn):
        # ranks past the drawn ones add up in one last column, so each row still sums to 1
        rest = shown[:, len(drawn) :].sum(axis=1, keepdims=True)
        shown = np.hstack([shown[:, : len(drawn)], rest])
        ranks = [str(n + 1) for n in range(len(drawn))]
        ranks.append(t["rank_rest"].format(a=len(drawn) + 1, b=f"{len(order):,}"))
        axis = t["col_rank"]
    else:
        ranks = [t["rank_n"].format(n=n + 1) for n in range(len(order))]
        axis = ""
    first = int(np.argmax(mc.acceptability[:, 0]))
    chart = cx.chart(
        "acceptability",
        t["finding_acceptability"].format(
            name=cx.country(first), p=percent(mc.acceptability[first, 0])
        ),
        lambda: ch.heatmap(cx.c(names), cx.c(ranks), shown, cx.look, column_label=cx.c(axis)),
        cx.cut(
            len(order),
            "acceptability.csv",
            table=False,
            key="chart_cut_ranks",
            limit=len(drawn),
        ),
        subtitle=t["chart_acceptability"],
        data=ChartData.of(
            t["col_country"], ranks, names, [[percent(v, 0) for v in row] for row in shown]
        ),
    )
    by_first = np.argsort(-mc.acceptability[:, 0], kind="stable")
    second = ""
    if len(by_first) > 1 and mc.acceptability[by_first[1], 0] > 0:
        second = cx.say(
            "acceptability_second",
            name=cx.country(int(by_first[1])),
            p=cx.num(percent(mc.acceptability[by_first[1], 0])),
        )
    readings = [
        cx.say(
            "acceptability_reading",
            samples=cx.num(f"{mc.samples:,}"),
            name=cx.country(int(by_first[0])),
            p=cx.num(percent(mc.acceptability[by_first[0], 0])),
            second=cx.Markup(second),
        )
    ]
    return {
        "id": "acceptability",
        "title": t["acceptability"],
        "readings": readings,
        "charts": [chart],
        "tables": [],
    }
