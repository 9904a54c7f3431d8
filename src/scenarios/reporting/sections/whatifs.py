"""The what-ifs: each named scenario against the page's ranking."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.reporting.access import ChartData
from scenarios.reporting.formatting import (
    points,
    score,
    signed,
)

if TYPE_CHECKING:
    from scenarios.analyses.comparison import Comparison
    from scenarios.reporting.context import Context

# countries drawn as columns of the what-if chart; more: one row a country
WHATIF_COLUMNS = 12


def section(cx: Context) -> dict[str, Any] | None:
    """Each what-if not applied already against the page's ranking: a chart of the score
    changes, a table a what-if, and what moved most."""
    comp = cx.r.comparison
    if comp is None or not comp.scenarios:
        return None
    t = cx.t
    order = list(comp.baseline.order)
    scenario_names = list(comp.scenarios)
    titles = [cx.whatif_title(name) for name in scenario_names]
    change = np.array([comp.score_change(name)[order] for name in scenario_names])
    names = [cx.country(i) for i in order]
    w, c = np.unravel_index(int(np.argmax(np.abs(change))), change.shape)
    chart = _chart(cx, order, titles, change, names)
    head = _head(cx, with_points=comp.baseline.probability is not None)
    tables = []
    moves: list[Any] = []
    for name, title in zip(scenario_names, titles, strict=True):
        tables.append(_table(cx, comp, name, title, head, moves))
    readings = [
        cx.say("whatifs_reading_whatif" if cx.whatif else "whatifs_reading"),
        cx.say(
            "whatifs_biggest",
            title=cx.english(titles[w]),
            name=names[c],
            change=cx.num(signed(change[w, c])),
        ),
    ]
    if comp.baseline.probability is not None:
        readings += _points(cx, comp, scenario_names, titles)
    if moves:
        sep = "؛ " if cx.lang == "ar" else "; "
        changes = cx.listing(moves, sep, "and_more_shaded")
        readings.append(cx.say("whatifs_rank_changes", changes=changes))
    else:
        readings.append(cx.say("whatifs_no_rank_change"))
    return {
        "id": "whatifs",
        "title": t["whatifs"],
        "readings": readings,
        "charts": [chart],
        "tables": tables,
    }


def _chart(
    cx: Context, order: list[int], titles: list[str], change: np.ndarray, names: list[str]
) -> dict[str, Any]:
    """The score changes, a what-if by a country; its title names the largest."""
    from scenarios.reporting import charts as ch

    t = cx.t
    drawn = len(cx.drawn(order))
    wrapped = [ch.wrap(cx.c(title), 40) for title in titles]
    if drawn <= WHATIF_COLUMNS:  # a row a what-if, a column a country
        across, down, cells = cx.c(names), wrapped, change
    else:  # too many countries for columns: a row a country, a column a what-if
        across, down, cells = wrapped, cx.c(names[:drawn]), change[:, :drawn].T
    w, c = np.unravel_index(int(np.argmax(np.abs(change))), change.shape)
    return cx.chart(
        "whatifs",
        t["finding_whatifs"].format(title=titles[w], name=names[c], change=signed(change[w, c])),
        lambda: ch.heatmap(down, across, cells, cx.look, fmt="signed", diverging=True),
        cx.cut(len(order), "compare.csv", table=True),
        subtitle=t["chart_whatifs"],
        data=ChartData.of(
            t["whatifs"] if drawn <= WHATIF_COLUMNS else t["col_country"],
            across,
            down,
            [[signed(v) for v in row] for row in cells],
        ),
    )


def _head(cx: Context, *, with_points: bool) -> list[dict[str, Any]]:
    t = cx.t
    head = [
        cx.cell(t["col_country"]),
        cx.cell(t["col_baseline_whatif" if cx.whatif else "col_baseline"], "num"),
        cx.cell(t["col_new"], "num"),
        cx.cell(t["col_change"], "num"),
    ]
    if with_points:
        head.append(cx.cell(t["col_points_change"], "num"))
    head += [cx.cell(t["col_rank_change"], "num"), cx.cell(t["col_behind"])]
    return head


def _table(
    cx: Context,
    comp: Comparison,
    name: str,
    title: str,
    head: list[dict[str, Any]],
    moves: list[Any],
) -> dict[str, Any]:
    """One what-if's table: a row a country (adding each change of rank to `moves`)."""
    t = cx.t
    result = comp.scenarios[name]
    delta = comp.score_change(name)
    change_p = comp.probability_change(name)
    rows = []
    for i in comp.baseline.order:
        drivers = comp.drivers(name, i)
        behind = ", " if cx.lang == "en" else "، "
        behind = behind.join(
            f"{cx.factor(cx.ws.factor_ids.index(f))} ({signed(v)})" for f, v in drivers
        )
        base_rank, new_rank = int(comp.baseline.ranks[i]), int(result.ranks[i])
        rank_text = (
            str(base_rank)
            if base_rank == new_rank
            else t["rank_move"].format(a=base_rank, b=new_rank)
        )
        if base_rank != new_rank:
            moves.append(
                cx.Markup("{} ({}: {})").format(
                    cx.iso(cx.country(i)),
                    cx.english(title),
                    cx.num(t["rank_move"].format(a=base_rank, b=new_rank)),
                )
            )
        row = [
            cx.cell(cx.country(i), "name"),
            cx.cell(score(comp.baseline.scores[i]), "num"),
            cx.cell(score(result.scores[i]), "num"),
            cx.cell(signed(delta[i]), "num"),
        ]
        if change_p is not None:
            row.append(cx.cell(points(change_p[i]), "num"))
        row += [cx.cell(rank_text, "num"), cx.cell(behind or t["nothing"])]
        rows.append({"cells": row, "cls": "moved" if base_rank != new_rank else ""})
    whatif = cx.ws.whatifs[name]
    description = cx.from_files(
        f"whatif:{name}", ("description",), whatif.description, whatif.description_ar,
        block=True,
    )  # fmt: skip
    return {
        "caption": cx.english(title),
        "note": description if whatif.description else "",
        **cx.table(head, rows, "whatif"),
    }


def _points(
    cx: Context, comp: Comparison, scenario_names: list[str], titles: list[str]
) -> list[Any]:
    """The largest change of a probability, in points (none where no change is known)."""
    by_p = [comp.probability_change(name) for name in scenario_names]
    p_change = np.array([c for c in by_p if c is not None])
    if not (p_change.size and np.isfinite(p_change).any()):
        return []
    size = np.where(np.isfinite(p_change), np.abs(p_change), -1.0)
    w, c = np.unravel_index(int(np.argmax(size)), size.shape)
    return [
        cx.say(
            "whatifs_points",
            title=cx.english(titles[w]),
            name=cx.country(int(c)),
            horizon=cx.horizon(),
            points=cx.num(points(p_change[w, c])),
        )
    ]
