"""The key judgements: the answer for the countries that have not joined, and its chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scenarios.analyses import probability_words as pw
from scenarios.analyses import scoring
from scenarios.reporting.access import ChartData
from scenarios.reporting.formatting import (
    score,
    value_text,
    years_text,
)
from scenarios.workspace.evidence import evidence_date

if TYPE_CHECKING:
    from scenarios.reporting.context import Context

# countries a key judgement names before "and N more" (the ranking below lists them all)
KEY_LIST = 6


def section(cx: Context) -> dict[str, Any]:
    """The key judgements: the answer to the question for the countries that have not
    joined, the base rate beside it, what would change it, the date of the evidence; the
    countries that have joined named as such. With the chart of the probabilities."""
    r, t, ws = cx.r.ranking, cx.t, cx.ws
    points: list[Any] = []
    open_ = open_order(cx, r)
    joined = [i for i in r.order if i not in open_]
    if cx.whatif:
        points.append(_whatif(cx, open_))
    points.append(_lead(cx, open_))
    points += _base_rate(cx, open_)
    if len(open_) > 1 and r.probability is not None:
        others = [
            cx.Markup("{} {}").format(cx.iso(cx.country(i)), cx.num(p_short(cx, r, i)))
            for i in open_[1:]
        ]
        sep = "، " if cx.lang == "ar" else ", "
        points.append(cx.say("key_others", others=cx.listing(others, sep, limit=KEY_LIST)))
    if joined:
        points.append(_joined(cx, joined))
    if open_:
        points += key_changes(cx, open_)
    date = evidence_date(ws)
    points.append(cx.say("key_date", date=cx.num(date.isoformat() if date else t["undated"])))
    if cx.whatif and cx.r.history is not None:
        points.append(cx.say("key_history_left_out"))
    charts = [probability_chart(cx, open_)] if open_ and r.probability is not None else []
    return {"id": "key", "title": t["key"], "points": points, "charts": charts}


def _whatif(cx: Context, open_: list[int]) -> Any:
    """On a hypothetical page: what its changes do to the most likely country's chance."""
    r, forecast = cx.r.ranking, cx.r.forecast
    if open_ and r.probability is not None and forecast is not None:
        lead = open_[0]
        return cx.say(
            "key_whatif",
            changes=cx.changes_text(),
            name=cx.country(lead),
            p0=cx.num(p_short(cx, forecast, lead)),
            p1=cx.num(p_short(cx, r, lead)),
        )
    return cx.say("key_whatif_no_p", changes=cx.changes_text())


def _lead(cx: Context, open_: list[int]) -> Any:
    """The answer: the most likely country that has not joined, with its chance (or its
    score, without a link); or that all have joined."""
    r = cx.r.ranking
    if not open_:
        return cx.say("key_all_joined")
    lead = open_[0]
    if r.probability is None:
        return cx.say(
            "key_lead_no_link", name=cx.country(lead), score=cx.num(score(r.scores[lead]))
        )
    low, high = r.interval_of(lead)
    return cx.say(
        "key_lead" if r.interval is not None else "key_lead_no_interval",
        name=cx.country(lead),
        horizon=cx.horizon(),
        p=cx.num(pw.percent(float(r.probability[lead]), low, high)),
        level=cx.num(f"{100 * r.level:g}%"),
        range=cx.num(pw.interval(low, high)),
        words=r.words(lead, cx.lang_code),
    )


def _base_rate(cx: Context, open_: list[int]) -> list[Any]:
    """The base rate beside the answer (none without a link or a base rate)."""
    r = cx.r.ranking
    rate = cx.ws.model.base_rate
    if not (open_ and r.base_probability is not None and rate is not None and r.horizon):
        return []
    low_rate, high_rate = pw.base_rate_interval(rate, r.horizon, r.level)
    return [
        cx.say(
            "key_base_rate",
            events=cx.num(str(rate.events)),
            of=cx.num(str(rate.of)),
            years=years_text(cx.lang, float(rate.window_label)),
            horizon=cx.horizon(),
            p=cx.num(pw.percent(r.base_probability, low_rate, high_rate)),
            words=pw.words(r.base_probability, low_rate, high_rate, cx.lang_code),
        )
    ]


def _joined(cx: Context, joined: list[int]) -> Any:
    """The countries that have joined, each with its month."""
    named = []
    for i in joined:
        status = cx.ws.profiles[i].status
        date = status.date if status is not None else None
        name = cx.iso(cx.country(i))
        named.append(
            cx.Markup("{} ({})").format(name, cx.isolated(month(cx, date))) if date else name
        )
    sep = "، " if cx.lang == "ar" else ", "
    return cx.say("key_joined", names=cx.listing(named, sep, limit=KEY_LIST))


def key_changes(cx: Context, open_: list[int]) -> list[Any]:
    """What would change the key judgement, from the signposts: the nearest change of one
    value that puts another country that has not joined ahead of the most likely one, and
    the indicator to watch that would move the most likely one's probability most."""
    sp, r, ws = cx.r.signposts, cx.r.ranking, cx.ws
    if sp is None:
        return []
    lead = open_[0]
    found = []
    considered = False
    below = int(sp.neighbours[lead, 1])
    if below in open_:
        considered = True
        found.append(sp.best(lead, "down"))
    for j in open_[1:]:
        if int(sp.neighbours[j, 0]) == lead:
            considered = True
            found.append(sp.best(j, "up"))
    moves = [m for m in found if m is not None]
    readings = []
    if moves:
        move = min(moves, key=lambda m: abs(m.change))
        new = move.shown(*ws.scale)
        low, high = ws.ranges
        f = move.factor
        beyond = not low[move.country, f] <= new <= high[move.country, f]
        readings.append(
            cx.say(
                "key_change_down" if move.way == "down" else "key_change_up",
                name=cx.country(lead),
                other=cx.country(move.other if move.way == "down" else move.country),
                factor=cx.factor(f),
                old=cx.num(value_text(move.old)),
                new=cx.num(value_text(new)),
                beyond=cx.say("key_beyond") if beyond else "",
            )
        )
    elif considered:
        readings.append(cx.say("key_change_none", name=cx.country(lead)))
    if r.probability is not None:
        effects = [
            (abs(float(e.shifted.probability[lead] - r.probability[lead])), e)
            for e in sp.indicators
            if lead in e.countries and e.shifted is not None and e.shifted.probability is not None
        ]
        if effects:
            size, effect = max(effects, key=lambda item: item[0])
            shifted = effect.shifted
            assert shifted is not None
            if size >= 0.0005:
                readings.append(
                    cx.say(
                        "key_indicator",
                        indicator=cx.Markup('<code dir="ltr">{}</code>').format(effect.name),
                        name=cx.country(lead),
                        p0=cx.num(p_short(cx, r, lead)),
                        p1=cx.num(p_short(cx, shifted, lead)),
                    )
                )
    return readings


def probability_chart(cx: Context, open_: list[int]) -> dict[str, Any]:
    """The probabilities of the countries that have not joined, each with its interval,
    most likely first; the base rate as a reference line. Its title states its finding."""
    from scenarios.reporting import charts as ch

    r, t = cx.r.ranking, cx.t
    assert r.probability is not None
    drawn = cx.drawn(open_)
    p = r.probability[drawn]
    if r.interval is not None:
        low, high = r.interval[0][drawn], r.interval[1][drawn]
    else:
        low, high = p, p
    labels = [pw.percent(float(r.probability[i]), *r.interval_of(i)) for i in drawn]
    base = r.base_probability
    level = f"{100 * r.level:g}%"
    if base is not None:
        line_at = base
        rate = cx.ws.model.base_rate
        interval = pw.base_rate_interval(rate, r.horizon, r.level) if rate and r.horizon else ()
        line = t["line_base_rate"].format(p=pw.percent(base, *interval))
    else:
        line_at, line = 0.10, "10%"
    lead = open_[0]
    above = [i for i in open_ if r.probability[i] > line_at]
    lead_p = pw.percent(float(r.probability[lead]), *r.interval_of(lead))
    if len(open_) == 1:
        title = t["finding_p_one"].format(name=cx.country(lead), p=lead_p)
    elif len(above) == 1:
        title = t["finding_p_only"].format(name=cx.country(above[0]), line=line)
    elif not above:
        title = t["finding_p_none"].format(line=line, name=cx.country(lead), p=lead_p)
    else:
        title = t["finding_p_some"].format(n=len(above), line=line, name=cx.country(lead), p=lead_p)
    subtitle = t["chart_p_base" if base is not None else "chart_p"].format(
        horizon=cx.horizon(), level=level
    )
    names = [cx.country(i) for i in drawn]
    return cx.chart(
        "probabilities",
        title,
        lambda: ch.probabilities(
            cx.c(names),
            p,
            low,
            high,
            cx.c(labels),
            base,
            cx.c(t["axis_p_alone"].format(horizon=cx.horizon())),
            cx.c(
                (
                    t["legend_p_alone"],
                    t["legend_p_interval"].format(level=level),
                    t["legend_base_rate"],
                )
            ),
            cx.look,
        ),
        cx.cut(len(open_), "rankings.csv", table=True),
        subtitle=subtitle,
        data=ChartData.of(
            t["col_country"],
            (t["legend_p_alone"], t["legend_p_interval"].format(level=level)),
            names,
            [
                (label, pw.interval(float(lo), float(hi)))
                for label, lo, hi in zip(labels, low, high, strict=True)
            ],
        ),
    )


def open_order(cx: Context, ranking: scoring.Ranking) -> list[int]:
    """The countries that have not joined, most likely first (by probability where the
    model has a link, else by rank)."""
    order = [i for i in ranking.order if not scoring.status_label(cx.ws, cx.ws.country_ids[i])]
    probability = ranking.probability
    if probability is None:
        return order
    return sorted(order, key=lambda i: -float(probability[i]))  # stable: rank breaks ties


def p_short(cx: Context, ranking: scoring.Ranking, i: int) -> str:
    """'5% (<1–44%)': the figure and its interval as the ranking's columns give them."""
    assert ranking.probability is not None
    low, high = ranking.interval_of(i)
    shown = pw.percent(float(ranking.probability[i]), low, high)
    if ranking.interval is None:
        return shown
    return f"{shown}\u00a0({pw.interval(low, high)})"  # one unit: never split at the space


def month(cx: Context, date: Any) -> str:
    """'Nov 2025' (Arabic: the month's name and the year)."""
    months = cx.t["months"].split()
    return cx.t["month_year"].format(month=months[date.month - 1], year=date.year)
