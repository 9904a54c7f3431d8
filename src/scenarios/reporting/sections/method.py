"""The method box: the framework table, the link from score to probability, the caveats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scenarios.reporting.formatting import (
    coefficient,
    percent,
    signed,
    value_text,
)
from scenarios.reporting.sections.ranking import interval_key

if TYPE_CHECKING:
    from scenarios.reporting.context import Context


def section(cx: Context) -> dict[str, Any]:
    """How the numbers are made: the framework table (what each factor measures, which
    way it works, its effective weight and what the ends of its scale mean), how a score
    becomes a probability and what its interval covers, and the caveats the numbers
    cannot carry."""
    t, ws = cx.t, cx.ws
    sep = "، " if cx.lang == "ar" else ", "
    readings = [cx.say("method_framework")]
    blank = [k for k, f in enumerate(ws.factor_ids) if not ws.model.factors[f].description]
    if blank:
        who = cx.Markup(sep).join(cx.iso(cx.factor(k)) for k in blank)
        readings.append(cx.say("method_no_definition", factors=who))
    no_ends = [
        k
        for k, f in enumerate(ws.factor_ids)
        if not (ws.model.factors[f].low_means and ws.model.factors[f].high_means)
    ]
    if no_ends:
        who = cx.Markup(sep).join(cx.iso(cx.factor(k)) for k in no_ends)
        readings.append(cx.say("method_no_ends", factors=who))
    readings += method_link(cx)
    caveats = method_caveats(cx)
    return {
        "id": "method",
        "title": t["method"],
        "readings": readings,
        "charts": [],
        "tables": [framework(cx)],
        "caveats": caveats,
        "caveats_title": t["method_caveats"],
    }


def framework(cx: Context) -> dict[str, Any]:
    """The framework table: one row a factor, in model.yaml's order."""
    t, ws, r = cx.t, cx.ws, cx.r.ranking
    scale = ws.model.scale
    head = [
        cx.cell(t["col_factor"]),
        cx.cell(t["col_definition"]),
        cx.cell(t["col_direction"]),
        cx.cell(t["col_effective_weight"], "num"),
        cx.cell(t["col_scale_end"].format(value=value_text(scale.min))),
        cx.cell(t["col_scale_end"].format(value=value_text(scale.max))),
    ]
    rows = []
    for k, factor_id in enumerate(ws.factor_ids):
        f = ws.model.factors[factor_id]
        low = (f.low_means_ar if cx.lang == "ar" else None) or f.low_means
        high = (f.high_means_ar if cx.lang == "ar" else None) or f.high_means
        path = ("factors", factor_id, "description")
        written = cx.names.text("model", path, f.description, f.description_ar)
        definition = f.description if written is None else written
        pushes = f.direction == "for"
        rows.append(
            {
                "cells": [
                    cx.cell(cx.factor(k), "factor"),
                    cx.cell(
                        cx.english(definition) if definition else "",
                        "definition",
                        source=definition or None,
                    ),
                    cx.cell(
                        t["direction_for" if pushes else "direction_against"],
                        "direction " + ("pushes" if pushes else "holds-back"),
                    ),
                    cx.cell(percent(r.weights[k]), "num"),
                    cx.cell(cx.english(low) if low else "", "end", source=low or None),
                    cx.cell(cx.english(high) if high else "", "end", source=high or None),
                ],
                "cls": "" if pushes else "holds-back",
            }
        )
    return {"caption": t["method_table"], "head": head, "rows": rows, "cls": "framework"}


def method_link(cx: Context) -> list[Any]:
    """How a score becomes a probability, where the slope and the intercept come from,
    what the interval covers, and what the effects below are given in."""
    r = cx.r.ranking
    link, settings = r.link, cx.ws.model.link
    if link is None or settings is None or r.probability is None:
        return [cx.say("method_no_link")]
    years = r.horizon or 1.0

    def code(text: str) -> Any:
        return cx.Markup('<code dir="ltr">{}</code>').format(text)

    formula = code(
        f"P = 1 − (1 − p)^{years:g}, p = logistic({coefficient(link.intercept)} + "
        f"{coefficient(link.slope)} × s)"
    )
    readings = [
        cx.say(
            "method_link",
            annual=code("p = logistic(a + b × s)"),
            horizon=cx.horizon(),
            within=code(f"P = 1 − (1 − p)^{years:g}"),
            formula=formula,
        )
    ]
    n = len(link.on_file_weights) - 1
    if n:
        readings.append(cx.say("method_alternatives", n=cx.num(n)))
    fit = settings.fit
    if settings.basis == "fitted" and fit is not None:
        slope = cx.say(
            "method_slope_fitted",
            slope=cx.num(f"{link.slope:g} ± {link.slope_sd:g}"),
            outcomes=cx.num(fit.outcomes),
            workspace=cx.Markup('<code dir="ltr">{}</code>').format(fit.workspace),
            events=cx.num(fit.events),
        )
        if fit.loo_skill is not None:
            skill = cx.say("method_slope_skill", skill=cx.num(signed(fit.loo_skill, 2)))
            slope = slope + cx.Markup(" ") + skill
        readings.append(slope)
    else:
        readings.append(cx.say("method_slope_assumed", slope=cx.num(f"{link.slope:g}")))
    base = link.base
    if base is None:
        readings.append(cx.say("method_intercept_file", a=cx.num(coefficient(link.intercept))))
    else:
        readings.append(
            cx.say(
                "method_intercept_members" if link.members is not None else "method_intercept_mean",
                events=cx.num(base.events),
                of=cx.num(base.of),
                years=cx.num(base.window_label),
            )
        )
    if r.interval is not None:  # what the interval covers: the words the ranking uses
        readings.append(cx.say(interval_key(cx), level=cx.num(f"{100 * r.level:g}%")))
    readings.append(
        cx.say("method_points_panel")
        if cx.r.effects is None
        else cx.say("method_points", horizon=cx.horizon())
    )
    return readings


def method_caveats(cx: Context) -> list[Any]:
    """What the numbers cannot carry: the link carried over from other events, a thin base
    rate, a link not validated out of sample, and a panel (illustrative or not)."""
    from scenarios.analyses.likelihood import SMALL_SAMPLE

    r, ws = cx.r.ranking, cx.ws
    caveats = []
    link = r.link
    if link is not None and r.probability is not None:
        if link.transfer:
            settings = cx.ws.model.link
            transfer = cx.from_files(
                "model",
                ("link", "transfer"),
                link.transfer,
                settings.transfer_ar if settings is not None else None,
            )
            caveats.append(cx.say("method_caveat_transfer", transfer=transfer))
        base = link.base
        if base is not None and (base.of < SMALL_SAMPLE or base.events < 10):
            caveats.append(
                cx.say(
                    "method_caveat_thin",
                    events=cx.num(base.events),
                    of=cx.num(base.of),
                    years=cx.num(base.window_label),
                )
            )
        if not link.validated:
            caveats.append(cx.say("ranking_reading_unvalidated", caveat=cx.link_caveat()))
    if ws.panel is not None:
        caveats.append(
            cx.say("method_caveat_panel_illustrative")
            if ws.panel.illustrative
            else cx.say("method_caveat_panel", rule=cx.panel_rule())
        )
    return caveats
