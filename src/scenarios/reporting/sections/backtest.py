"""The backtest: how the link's probabilities did on outcomes already known."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scenarios.core.writers import flat
from scenarios.reporting.access import ChartData
from scenarios.reporting.formatting import (
    percent,
    score,
    signed,
)
from scenarios.workspace.lang import Names

if TYPE_CHECKING:
    from scenarios.reporting.context import Context


def section(cx: Context) -> dict[str, Any] | None:
    from scenarios.reporting import charts as ch

    bt, cohort = cx.r.backtest, cx.r.cohort
    if bt is None or cohort is None:
        return None
    t = cx.t
    summary = flat(bt.summary_frame())
    auc = float(summary["roc_auc"].iloc[0])
    if cx.r.own_backtest:
        lead = cx.say(
            "backtest_reading_own", n=cx.num(len(bt.ids)), k=cx.num(int(bt.outcomes.sum()))
        )
    else:
        lead = cx.say(
            "backtest_reading_cohort",
            title=cx.from_files(
                "model",
                ("title",),
                cohort.model.title,
                cohort.model.title_ar,
                names=Names(cohort, cx.lang),
            ),
            n=cx.num(len(bt.ids)),
            k=cx.num(int(bt.outcomes.sum())),
        )
    readings = [
        lead,
        cx.say(
            "backtest_reading_metrics",
            base=cx.num(percent(bt.base_probability)),
            auc=cx.num(f"{auc:.2f}"),
        ),
    ]
    loo = summary[summary["predictions"] == "leave_one_out"]
    if len(loo):
        skill = float(loo["skill"].iloc[0])
        key = "backtest_skill_good" if skill > 0 else "backtest_skill_bad"
        readings.append(cx.say(key, skill=cx.num(signed(skill))))
    head = [
        cx.cell(t["col_predictions"]),
        cx.cell(t["col_brier"], "num"),
        cx.cell(t["col_brier_base"], "num"),
        cx.cell(t["col_skill"], "num"),
        cx.cell(t["col_log_loss"], "num"),
        cx.cell(t["col_auc"], "num"),
    ]
    rows = []
    for row in summary.to_dict("records"):
        rows.append(
            {
                "cells": [
                    cx.cell(t[f"pred_{row['predictions']}"]),
                    cx.cell(score(row["brier"]), "num"),
                    cx.cell(score(row["brier_base_rate"]), "num"),
                    cx.cell(signed(row["skill"]), "num"),
                    cx.cell(score(row["log_loss"]), "num"),
                    cx.cell(f"{row['roc_auc']:.3f}", "num"),
                ],
                "cls": "",
            }
        )
    rel = bt.reliability_frame()
    if len(loo):
        skill = float(loo["skill"].iloc[0])
        found = t["finding_reliability_good" if skill > 0 else "finding_reliability_bad"]
        found = found.format(skill=signed(skill))
    else:
        found = t["finding_reliability_auc"].format(p=f"{100 * auc:.0f}%")
    chart = cx.chart(
        "reliability",
        found,
        lambda: ch.reliability(
            rel["predicted"].to_numpy(dtype=float),
            rel["observed"].to_numpy(dtype=float),
            rel["count"].to_numpy(dtype=float),
            cx.c((t["axis_predicted"], t["axis_observed"])),
            cx.c(t["legend_diagonal"]),
            cx.look,
        ),
        subtitle=t["chart_reliability"],
        data=ChartData.of(
            t["axis_predicted"],
            (t["axis_observed"], t["col_states"]),
            [percent(v) for v in rel["predicted"]],
            [(percent(o), f"{n:g}") for o, n in zip(rel["observed"], rel["count"], strict=True)],
        ),
    )
    cohort_names = Names(cohort, cx.lang) if cohort is not cx.ws else cx.names
    pred_head = [
        cx.cell(t["col_country"]),
        cx.cell(t["col_status"]),
        cx.cell(t["col_score"], "num"),
        cx.cell(t["pred_model_link" if bt.model_p is not None else "pred_leave_one_out"], "num"),
    ]
    pred_rows = []
    for row in flat(bt.predictions_frame()).to_dict("records"):
        p = row["p_model"] if bt.model_p is not None else row["p_leave_one_out"]
        pred_rows.append(
            {
                "cells": [
                    cx.cell(cohort_names.country(row["id"]), "name"),
                    cx.cell(t["joined"] if row["outcome"] else t["nothing"]),
                    cx.cell(score(row["score"]), "num"),
                    cx.cell(percent(p), "num"),
                ],
                "cls": "joined" if row["outcome"] else "",
            }
        )
    if cohort_names is not cx.names:
        cx.problems.extend(cohort_names.warnings)
    return {
        "id": "backtest",
        "title": t["backtest"],
        "readings": readings,
        "charts": [chart],
        "tables": [
            {"head": head, "rows": rows, "cls": "metrics"},
            {"head": pred_head, "rows": pred_rows, "cls": "predictions"},
        ],
        "side_by_side": True,
    }
