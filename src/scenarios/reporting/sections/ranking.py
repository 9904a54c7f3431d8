"""The ranking: every country's score, probability and drivers, with the score intervals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.analyses import probability_words as pw
from scenarios.analyses import scoring
from scenarios.reporting.access import ChartData
from scenarios.reporting.formatting import (
    percent,
    score,
)

if TYPE_CHECKING:
    from scenarios.reporting.context import Context


def section(cx: Context) -> dict[str, Any]:
    """The ranking: a row a country (rank, score, its interval, probability, status, what
    pushes and pulls it), what the ranking says, and the chart of the score intervals."""
    r, t = cx.r.ranking, cx.t
    mc = cx.r.sensitivity.monte_carlo
    order = list(r.order)
    head = _head(cx)
    rows = [_row(cx, i) for i in order]
    readings = [_lead(cx, order)]
    joined = [i for i in order if scoring.status_label(cx.ws, cx.ws.country_ids[i])]
    if joined:
        sep = "، " if cx.lang == "ar" else ", "
        readings.append(
            cx.say(
                "ranking_reading_joined",
                names=cx.listing([cx.iso(cx.country(i)) for i in joined], sep),
            )
        )
    if r.probability is not None:
        readings += _probability_readings(cx, order, joined)
    charts = []
    if mc is not None:
        first = int(np.argmax(mc.acceptability[:, 0]))
        readings.append(
            cx.say(
                "ranking_reading_mc",
                samples=cx.num(f"{mc.samples:,}"),
                name=cx.country(first),
                p=cx.num(percent(mc.acceptability[first, 0])),
            )
        )
        charts.append(_score_chart(cx, order))
    return {
        "id": "ranking",
        "title": t["ranking"],
        "readings": readings,
        "tables": [cx.table(head, rows, "ranking")],
        "charts": charts,
    }


def _head(cx: Context) -> list[dict[str, Any]]:
    """The ranking table's head: the Monte Carlo's and the probability's columns where the
    results have them."""
    r, t = cx.r.ranking, cx.t
    head = [
        cx.cell(t["col_rank"], "num"),
        cx.cell(t["col_country"]),
        cx.cell(t["col_score"], "num"),
    ]
    if cx.r.sensitivity.monte_carlo is not None:
        head.append(cx.cell(t["col_mc"], "num"))
    if r.probability is not None:
        head.append(cx.cell(t["col_p"].format(horizon=cx.horizon()), "num"))
        if r.interval is not None:
            head.append(cx.cell(t["col_p_interval"], "num"))
    head += [cx.cell(t["col_status"]), cx.cell(t["col_push"]), cx.cell(t["col_pull"])]
    return head


def _row(cx: Context, i: int) -> dict[str, Any]:
    """One country's row of the ranking table."""
    r, t = cx.r.ranking, cx.t
    mc = cx.r.sensitivity.monte_carlo
    label = scoring.status_label(cx.ws, cx.ws.country_ids[i])
    joined = bool(label)
    up, down = r.drivers(i)
    cells = [
        cx.cell(f"{r.ranks[i]}{'=' if r.tied[i] else ''}", "num"),
        cx.cell(cx.country(i), "name"),
        cx.cell(score(r.scores[i]), "num"),
    ]
    if mc is not None:
        cells.append(cx.cell(f"{score(mc.low[i])}–{score(mc.high[i])}", "num"))
    if r.probability is not None:
        cells += _probability_cells(cx, i, joined)
    # an open country's status is its chance in words (the ICD 203 yardstick)
    status_text = r.words(i, cx.lang_code) if r.probability is not None else ""
    status = cx.ws.profiles[i].status
    if joined and status is not None:
        date = status.date
        status_text = t["joined_on"].format(date=f"{date:%Y-%m}") if date else t["joined"]
    cells += [
        cx.cell(status_text, "status"),
        cx.cell(cx.level(up, True), "push"),
        cx.cell(cx.level(down, False), "pull"),
    ]
    return {"cells": cells, "cls": "joined" if joined else ""}


def _probability_cells(cx: Context, i: int, joined: bool) -> list[dict[str, Any]]:
    """A country's probability (with its marks) and its interval; a country that has joined
    says so instead."""
    r, t = cx.r.ranking, cx.t
    assert r.probability is not None
    marks = "" if joined else r.marks(i)
    shown = pw.percent(float(r.probability[i]), *r.interval_of(i))
    p_text = t["joined"] if joined else shown + marks
    cells = [cx.cell(p_text, "num")]
    if r.interval is not None:
        text = "–" if joined else pw.interval(*r.interval_of(i))
        cells.append(cx.cell(text, "num"))
    return cells


def _lead(cx: Context, order: list[int]) -> Any:
    """The first reading: who leads, by what score, and who follows."""
    r = cx.r.ranking
    lead = cx.say(
        "ranking_reading_lead",
        first=cx.country(order[0]),
        score=cx.num(score(r.scores[order[0]])),
    )
    if len(order) > 1:
        lead += cx.say(
            "ranking_reading_next",
            second=cx.country(order[1]),
            score2=cx.num(score(r.scores[order[1]])),
        )
    return lead + cx.Markup(". ") + cx.say("ranking_reading_scale")


def _probability_readings(cx: Context, order: list[int], joined: list[int]) -> list[Any]:
    """What the probabilities say: the likeliest country that has not joined, what the
    interval covers, the base rate, the words, the link's caveats, the factors pointing the
    wrong way and the gates that bind."""
    r = cx.r.ranking
    probability = r.probability
    assert probability is not None
    readings = []
    open_ = [i for i in order if i not in joined]
    if open_:
        best = max(open_, key=lambda i: probability[i])
        readings.append(
            cx.say(
                "ranking_reading_prob",
                name=cx.country(best),
                horizon=cx.horizon(),
                p=p_full(cx, r, best),
            )
        )
        readings.append(
            cx.say(
                "ranking_reading_alone"
                if cx.r.cascade is not None
                else "ranking_reading_alone_no_cascade"
            )
        )
    if r.interval is not None:
        readings.append(cx.say(interval_key(cx), level=cx.num(f"{100 * r.level:g}%")))
    rate = cx.ws.model.base_rate
    if r.base_probability is not None and rate is not None and r.horizon:
        low_rate, high_rate = pw.base_rate_interval(rate, r.horizon, r.level)
        readings.append(
            cx.say(
                "ranking_reading_base_rate",
                events=cx.num(str(rate.events)),
                of=cx.num(str(rate.of)),
                years=cx.num(rate.window_label),
                horizon=cx.horizon(),
                p=cx.num(pw.percent(r.base_probability, low_rate, high_rate)),
                words=pw.words(r.base_probability, low_rate, high_rate, cx.lang_code),
            )
        )
    readings.append(cx.say("ranking_reading_words"))
    readings += _link_readings(cx)
    readings += wrong_way_readings(cx, order, joined)
    gated = sorted({g for i in order for g in r.gates_binding(i)})
    for name in gated:
        who = [cx.iso(cx.country(i)) for i in order if name in r.gates_binding(i)]
        readings.append(cx.say("ranking_reading_gate", gate=name, names=cx.listing(who, ", ")))
    return readings


def interval_key(cx: Context) -> str:
    """The text saying what the probability's interval covers: the link's draws, and the
    panel's (or equal weights') where they enter."""
    link = cx.r.ranking.link
    if cx.ws.panel is not None:
        return "ranking_reading_interval_link"
    if link is not None and any(a.equal_weights for a in link.alternatives):
        return "ranking_reading_interval_equal"
    return "ranking_reading_interval"


def _link_readings(cx: Context) -> list[Any]:
    """The link's caveats: not validated, carried over from other events, equal weights."""
    r = cx.r.ranking
    readings = []
    if r.link is not None and not r.link.validated:
        readings.append(cx.say("ranking_reading_unvalidated", caveat=cx.link_caveat()))
    settings = cx.ws.model.link
    if r.link is not None and r.link.transfer and settings is not None:
        transfer = cx.from_files(
            "model", ("link", "transfer"), r.link.transfer, settings.transfer_ar
        )
        readings.append(cx.say("ranking_reading_transfer", transfer=transfer))
    if r.link is not None and r.link.equal_weights:
        readings.append(cx.say("ranking_reading_equal", note=equal_weights_note(cx)))
    return readings


def _score_chart(cx: Context, order: list[int]) -> dict[str, Any]:
    """The scores with their Monte Carlo intervals; its title says who overlaps the first."""
    from scenarios.reporting import charts as ch

    r, t = cx.r.ranking, cx.t
    mc = cx.r.sensitivity.monte_carlo
    assert mc is not None
    drawn = cx.drawn(order)
    names = [cx.country(i) for i in drawn]
    top = order[0]
    overlap = [
        cx.country(i) for i in order[1:] if mc.high[i] >= mc.low[top] and mc.low[i] <= mc.high[top]
    ]
    sep = "، " if cx.lang == "ar" else ", "
    if overlap:
        names_shown = overlap[:3]
        if len(overlap) > 3:
            names_shown.append(t["and_more"].format(n=f"{len(overlap) - 3:,}"))
        found = t["finding_scores_overlap"].format(
            name=cx.country(top), names=sep.join(names_shown)
        )
    else:
        found = t["finding_scores_clear"].format(name=cx.country(top))
    return cx.chart(
        "score-intervals",
        found,
        lambda: ch.intervals(
            cx.c(names),
            r.scores[drawn],
            mc.low[drawn],
            mc.high[drawn],
            cx.c(t["axis_score"]),
            cx.c((t["legend_score"], t["legend_interval"])),
            cx.look,
        ),
        cx.cut(len(order), "mc_summary.csv", table=True),
        subtitle=t["chart_intervals"],
        data=ChartData.of(
            t["col_country"],
            (t["legend_score"], t["legend_interval"]),
            names,
            [(score(r.scores[i]), f"{score(mc.low[i])}–{score(mc.high[i])}") for i in drawn],
        ),
    )


def p_full(cx: Context, ranking: scoring.Ranking, i: int, *, words: bool = True) -> Any:
    """A country's probability as `scenarios rank` rounds it, with its interval and, if
    asked, its words: '23% (90% interval 3–94%), unlikely'."""
    assert ranking.probability is not None
    low, high = ranking.interval_of(i)
    p = cx.num(pw.percent(float(ranking.probability[i]), low, high))
    if ranking.interval is not None:  # no probability without its interval
        step = pw.step(low, high)
        p = cx.say(
            "p_with_interval",
            p=p,
            level=cx.num(f"{100 * ranking.level:g}%"),
            range=cx.span(pw.figure(low, step), pw.figure(high, step) + "%"),
        )
    if words:
        comma = "، " if cx.lang == "ar" else ", "
        p = p + cx.Markup(comma) + ranking.words(i, cx.lang_code)
    return p


def wrong_way_readings(cx: Context, order: list[int], joined: list[int]) -> list[Any]:
    """Whose place rests on a factor that points the wrong way in the backtest: the
    countries not yet joined that would fall with that factor's weight at 0 (those that
    would rise only take the places they leave)."""
    r = cx.r.ranking
    readings = []
    for factor, auc, without in cx.r.wrong_way:
        k = cx.ws.factor_ids.index(factor)
        for i in order:
            if i in joined or int(without[i]) <= int(r.ranks[i]):
                continue
            readings.append(
                cx.say(
                    "ranking_reading_wrong_way",
                    name=cx.country(i),
                    rank=cx.num(str(int(r.ranks[i]))),
                    n=cx.num(str(len(order))),
                    factor=cx.factor(k),
                    auc=cx.num(f"{auc:.2f}"),
                    new_rank=cx.num(str(int(without[i]))),
                )
            )
    return readings


def equal_weights_note(cx: Context) -> Any:
    """The file's weights against equal weights out of sample, in the page's language."""
    settings = cx.ws.model.link
    fit = settings.fit if settings is not None else None
    assert fit is not None and fit.loo_skill is not None
    assert fit.equal_weights_loo_skill is not None
    return cx.say(
        "equal_weights_note",
        skill=cx.num(f"{fit.loo_skill:+.3f}"),
        equal=cx.num(f"{fit.equal_weights_loo_skill:+.3f}"),
    )
