"""The commands that follow an assessment over time: record, history, diff, score."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from rich.console import Group, NewLine, RenderableType
from rich.table import Table
from rich.text import Text

from scenarios.analyses import probability_words as pw
from scenarios.cli.render.common import (
    Breaking,
    add_column,
    block,
    blocks,
    fit,
    from_to,
    new_table,
    pct,
    points,
    rank_move,
    words_legend,
)
from scenarios.cli.render.ranks import caption, probability_notes, ranking_body
from scenarios.core.errors import plural
from scenarios.ledger.diffing import Diff, Edit, State
from scenarios.ledger.records import History, Recorded, made_like
from scenarios.ledger.scorecard import BEFORE, EVENT, OPEN, Forecast, Scorecard

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]

SPARKS = "▁▂▃▄▅▆▇█"


MAX_SPARK = 24  # records shown in a sparkline (the latest)


def level(p: float | None, low: float | None = None, high: float | None = None) -> str:
    """'48%': a probability to the precision its interval (low, high) allows; '–' if missing."""
    return pw.percent(p if p is not None and math.isfinite(p) else None, low, high)


def spark(values: np.ndarray) -> str:
    """One character a value, from its lowest (▁) to its highest (█); a blank where there is no
    value; a flat middle line where the values do not move."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return ""
    low, high = float(finite.min()), float(finite.max())
    if high - low < 5e-4:
        return "".join(SPARKS[3] if math.isfinite(v) else " " for v in values)
    return "".join(
        SPARKS[min(int((v - low) / (high - low) * len(SPARKS)), len(SPARKS) - 1)]
        if math.isfinite(v)
        else " "
        for v in values
    )


def recorded(result: Recorded) -> list[RenderableType]:
    record = result.record
    ranking = result.ranking
    title = Text(
        f"Recorded #{record.record} on {record.date} in {result.ledger.display}", style="bold"
    )
    notes = [
        caption(ranking),
        # the event's definition is rank's to show: a record keeps one screen
        *(n for n in probability_notes(ranking, legend=True) if not n.startswith("Event: ")),
        f"content {record.content_hash[:8]} · seed {record.seed} · "
        f"{100 * record.level:g}% intervals · tool {record.tool_version}",
    ]
    if record.note:
        notes.append(f"note: {record.note}")
    if result.same_as is not None:
        notes.append(
            f"Same workspace and options as record #{result.same_as}: the forecast stands."
        )
    elif result.ledger.records:
        notes.append(
            f"`scenarios diff record:{result.ledger.records[-1].record}` shows what changed "
            "since the previous record; `scenarios history` how the forecasts moved."
        )
    return [block(title, ranking_body(ranking), *notes)]


def _p_header(horizons: Sequence[float]) -> str:
    return f"P(≤{horizons[0]:g}y)" if len(horizons) == 1 else "P"


def history(h: History) -> list[RenderableType]:
    if not h.records:
        return [
            Text(
                f"No records yet in {h.ledger.display}: `scenarios record` adds the current "
                "forecast."
            )
        ]
    like_latest = int(h.like_latest.sum())  # the records the sparklines show
    shown = min(like_latest, MAX_SPARK)
    cut = like_latest - shown
    latest = h.records[-1].horizon
    header = _p_header([latest] if latest is not None else [])

    def table(label: str) -> Table:
        t = new_table()
        add_column(t, "country")
        add_column(t, f"{header} by record", min_width=shown)
        add_column(t, "first", "right")
        add_column(t, "last", "right")
        add_column(t, "change", "right")
        add_column(t, "rank", "right")
        like = h.like_latest
        for cid, name in zip(h.ids, h.names, strict=True):
            p = h.series(cid, "probability")
            low, high = h.series(cid, "low"), h.series(cid, "high")
            ranks = h.series(cid, "rank")
            comparable = p[like]
            line = spark(comparable[-MAX_SPARK:])
            finite = comparable[np.isfinite(comparable)]
            at = int(np.flatnonzero(np.isfinite(comparable))[0]) if finite.size else 0
            first = float(finite[0]) if finite.size else math.nan
            first_shown = level(first, low[like][at], high[like][at])
            last = float(p[-1])
            in_latest = bool(np.isfinite(ranks[-1]))
            joined = not math.isfinite(last) and np.isfinite(p).sum() < p.size and in_latest
            known = ranks[like][np.isfinite(ranks[like])]
            if not in_latest:  # no longer in the workspace: its last rank, then none
                seen = ranks[np.isfinite(ranks)]
                rank: Text = Text(f"{int(seen[-1])} → –" if seen.size else "–")
            else:
                rank = rank_move(int(known[0]), int(known[-1])) if known.size else Text("–")
            t.add_row(
                Text(name if label == "name" else cid),
                Text(line, style="cyan"),
                first_shown if finite.size else "–",
                "joined" if joined else level(last, low[-1], high[-1]),
                points(last - first) if finite.size >= 2 and not joined else "",
                rank,
            )
        return t

    by_name, by_id = table("name"), table("id")
    first, last = h.records[0], h.records[-1]
    notes = [
        "each sparkline on its own scale, from the country's lowest probability (▁) to its "
        "highest (█), one character a record in date order; a blank: joined by then, or not "
        "in that record" + (f"; the first {cut} records are left out of it" if cut else ""),
        "first, last: the probability in the first and the latest record (first: the first "
        "with a probability), each to the precision its interval allows; change: in points; "
        "rank: first → latest",
    ]
    in_words = []
    for cid, name in zip(h.ids, h.names, strict=True):
        entry = h.entry(last, cid)
        if entry is not None and entry.probability is not None:
            in_words.append((name, pw.words(entry.probability, entry.low, entry.high), ""))
    legend = words_legend(in_words, "the latest record")
    if legend:
        notes.append(legend)
    if not h.like_latest.all():
        made = made_like(last)
        how = [f"a horizon of {made[0]:g} years" if made[0] is not None else "no horizon"]
        how.append(f"the {made[1]} aggregation")
        how.append(f"what-ifs {', '.join(made[2])}" if made[2] else "no what-if")
        notes.append(
            f"Only {like_latest} of the {len(h.records)} records were made like the latest ("
            + ", ".join(how)
            + "): the others' probabilities and ranks are not comparable with it, so the "
            "sparklines, first, change and rank show only those."
        )
    lines: list[RenderableType] = [Text("Records", style="bold"), NewLine()]
    for r in h.records:
        line = Text(f"#{r.record}  {r.date}  ", style="bold")
        line.append(r.content_hash[:8], style="dim")
        if r.changes:
            line.append(f"  [{', '.join(r.changes)}]", style="dim")
        line.append(f"  {r.note}" if r.note else "  (no note)")
        lines.append(line)
    return blocks(
        block(
            Text(
                f"History: {len(h.records)} records from {first.date} to {last.date} "
                f"({h.ledger.display})",
                style="bold",
            ),
            fit((by_name, by_name), (by_id, by_id)),
            *notes,
        ),
        Group(*lines),
    )


def _label(state_label: str, saved: str) -> str:
    return f"{state_label} ({saved})" if saved else state_label


def _shown(e: Edit, value: str) -> str:
    """An edit's old or new value as the table shows it: '–' for none, with its unit."""
    if not value:
        return "–"
    if e.kind == "horizon":
        return f"{value} year" + ("" if value == "1" else "s")
    if e.kind == "interval":
        return f"{100 * float(value):g}%"
    return value


def _edits(d: Diff) -> RenderableType:
    if not d.edits:
        return Text(
            "No edits: the two states have the same values, ranges, weights and statuses"
            + (", and the same horizon." if d.new.horizon is not None else "."),
            style="dim",
        )

    def table(layout: str) -> Table:
        """wide: old and new side by side; narrow: old over new; stacked: the factor over
        'old → new', so that a long factor id keeps its line whole."""
        t = new_table()
        add_column(t, "kind")
        add_column(t, "country")
        if layout == "stacked":
            add_column(t, "factor\nold → new")
        else:
            add_column(t, "factor")
        if layout == "narrow":
            add_column(t, "old →\nnew", "right")
        elif layout == "wide":
            add_column(t, "old", "right")
            add_column(t, "new", "right")
        for e in d.edits:
            old, new = _shown(e, e.old), _shown(e, e.new)
            cells: list[RenderableType] = [Text(e.kind), Text(e.country)]
            if layout == "stacked":
                change = Text(f"{old} → {new}")
                cells.append(Group(Breaking(e.factor), change) if e.factor else change)
            else:
                cells.append(Breaking(e.factor))
                cells += [Text(f"{old} →\n{new}")] if layout == "narrow" else [Text(old), Text(new)]
            t.add_row(*cells)
        return t

    wide, narrow, stacked = table("wide"), table("narrow"), table("stacked")
    return fit((wide, wide), (narrow, narrow), (stacked, stacked))


def _causes(d: Diff, country: str) -> RenderableType:
    found = [(name, amount) for name, amount in d.causes(country) if abs(amount) >= 5e-4]
    if not found:
        if d.comparable and abs(d.score_change(country)) < 5e-4:
            return Text("·", style="dim")
        return Text("–", style="dim")
    text = Text()
    for n, (name, amount) in enumerate(found):
        if n:
            text.append("\n")
        text.append(f"{name} {amount:+.3f}", style="green" if amount > 0 else "red")
    return Breaking(text)  # a long factor id wraps after an underscore


def _p_side(state: State, country: str) -> str:
    """One state's probability of a country: '49%' (to its interval's precision; one decimal
    where the state kept no interval), 'joined' (no probability because it had joined), or '–'
    (not in the state, or the state gives no probabilities)."""
    i = state.positions.get(country)
    if i is None or state.probability is None:
        return "–"
    p = float(state.probability[i])
    return "joined" if math.isnan(p) else level(p, *state.interval_of(i))


def _p_words(state: State, country: str) -> str:
    """The words of one state's probability of a country, as shown; '' without one."""
    i = state.positions.get(country)
    if i is None or state.probability is None or math.isnan(state.probability[i]):
        return ""
    return pw.words(float(state.probability[i]), *state.interval_of(i))


def _p_change(d: Diff, country: str) -> str:
    """'33 → 49%', '49%' where it did not move (as shown), '49% → joined', 'joined → 12%',
    '3.5% → –' (removed), 'joined'."""
    old, new = _p_side(d.old, country), _p_side(d.new, country)
    if old == new:
        return new
    if old.endswith("%") and new.endswith("%"):
        return from_to(old[:-1], new[:-1], "%")
    return f"{old} → {new}"


def _has_p(d: Diff) -> bool:
    return d.old.probability is not None or d.new.probability is not None


def _horizons(d: Diff) -> list[float]:
    return sorted({h for h in (d.old.horizon, d.new.horizon) if h is not None})


def _moved_table(d: Diff, frame: pd.DataFrame, label: str) -> Table:
    """One row a country (by `label`, 'name' or 'id'): score, rank and P, old → new, and why."""
    import pandas as pd  # loaded already: for the frame's missing ranks

    has_p = _has_p(d)
    horizons = _horizons(d)
    header = _p_header(horizons) if horizons else "P"
    geometric = d.new.aggregation == "geometric"
    t = new_table()
    add_column(t, "country")
    add_column(t, "score", "right")
    add_column(t, "rank", "right")
    if has_p:
        add_column(t, header, "right")
    add_column(t, "because (Δ ln score)" if geometric else "because", wrap=True)
    for cid, row in frame.iterrows():
        name = str(row["name"]) if label == "name" else str(cid)
        both = pd.notna(row["rank_old"]) and pd.notna(row["rank_new"])
        cells: list[RenderableType] = [Text(name)]
        if both:
            score = Text(from_to(f"{row['score_old']:.3f}", f"{row['score_new']:.3f}"))
            cells += [score, rank_move(int(row["rank_old"]), int(row["rank_new"]))]
        else:
            gone = pd.isna(row["rank_new"])
            cells += [Text("removed" if gone else "added"), Text("")]
        if has_p:
            cells.append(Text(_p_change(d, str(cid))))
        cells.append(_causes(d, str(cid)) if both else Text(""))
        t.add_row(*cells)
    return t


def _comparable_notes(d: Diff) -> list[str]:
    """Why the two states' contributions or probabilities cannot be compared, if they cannot."""
    old, new = d.old, d.new
    notes = []
    if not d.comparable:
        notes.append(
            f"The two states use different aggregations ({old.aggregation}, "
            f"{new.aggregation}): their contributions cannot be compared, so no cause is given."
        )
    if _has_p(d) and not d.probabilities_comparable:
        horizons = _horizons(d)
        if old.horizon is not None and new.horizon is not None:
            notes.append(
                f"The two states' probabilities are over different horizons ({old.horizon:g} "
                f"and {new.horizon:g} years): a probability within {min(horizons):g} years is "
                f"not one within {max(horizons):g}, so they are not comparable, and their "
                "difference is not a change of the forecast."
            )
        else:
            without = old.label if old.probability is None else new.label
            notes.append(
                f"{without} gives no probabilities (its model has no link): there is no change "
                "of probability to compare."
            )
    return notes


def diff(d: Diff) -> list[RenderableType]:
    old, new = d.old, d.new
    has_p = _has_p(d)
    geometric = new.aggregation == "geometric"
    frame = d.to_frame()
    notes: list[RenderableType] = [
        "because: the largest parts of the change of score"
        + (" (in log score, the geometric model)" if geometric else "")
        + ": each factor whose contribution moved with its value (by name), and all the "
        "weights together ('weights'); with the parts not shown they add up to the change "
        "(-f csv --table diff_attribution gives every part).",
        *_comparable_notes(d),
    ]
    against = [
        str(cid)
        for cid, row in frame.iterrows()
        if d.probabilities_comparable
        and abs(float(row["probability_change"])) >= 5e-4
        and "→" in _p_change(d, str(cid))  # a move too small to show is not named
        and (
            abs(float(row["score_change"])) < 5e-7
            or (float(row["score_change"]) > 0) != (float(row["probability_change"]) > 0)
        )
    ]
    if against:
        notes.append(
            f"P moves without the score, or against it, for {', '.join(against)}: where the "
            "link's intercept comes from the base rate (as in the bundled model), it is chosen "
            "so that the link expects the observed joins among the reference class, so P is "
            "relative to the other countries' scores, and their mean moved from "
            f"{float(np.mean(old.scores)):.3f} to {float(np.mean(new.scores)):.3f}."
        )
    if has_p:
        was = d.probabilities_comparable
        legend = words_legend(
            [
                (new.names[j], _p_words(new, new.ids[j]), _p_words(old, new.ids[j]) if was else "")
                for j in new.order
            ],
            f"in {new.label}",
        )
        if legend:
            notes.append(legend)
    for s in d.swaps:
        passer = new.names[new.index(s.passer)]
        passed = new.names[new.index(s.passed)]
        most = f", most from {s.factor} ({s.amount:+.3f})" if s.factor else ""
        notes.append(f"{passer} passes {passed}: the gap moved {s.gap:+.3f}{most}.")
    by_name, by_id = _moved_table(d, frame, "name"), _moved_table(d, frame, "id")
    title = Text(
        f"What changed: {_label(old.label, old.saved)} → {_label(new.label, new.saved)}",
        style="bold",
    )
    return blocks(
        block(title, _edits(d)),
        block(
            Text("How each country moved, and why", style="bold"),
            fit((by_name, by_name), (by_id, by_id)),
            *notes,
        ),
    )


def moved_lines(d: Diff, saved: str) -> list[Text]:
    """The change since the last good state, for the foot of a watched table: which countries
    moved, by how much, after which save."""
    lines = []
    compare_p = d.probabilities_comparable  # not across horizons: P ≤ 3y is not P ≤ 5y
    for cid in d.common:
        i, j = d.old.index(cid), d.new.index(cid)
        change = d.score_change(cid)
        r0, r1 = int(d.old.ranks[i]), int(d.new.ranks[j])
        p0 = d.old.probability[i] if d.old.probability is not None and compare_p else math.nan
        p1 = d.new.probability[j] if d.new.probability is not None and compare_p else math.nan
        parts = [f"{change:+.3f}"] if abs(change) >= 5e-4 else []
        if r0 != r1:
            parts.append(f"rank {r0} → {r1}")
        if math.isfinite(p0) and math.isfinite(p1):
            was, now = pct(p0, *d.old.interval_of(i)), pct(p1, *d.new.interval_of(j))
            if was != now:  # a move within the precision its interval allows is not shown
                parts.append(f"P {was} → {now}% ({pw.words(p1, *d.new.interval_of(j))})")
        if parts:
            lines.append(f"{d.new.names[j]} " + ", ".join(parts))
    head = f"Since the last good state ({saved}): "
    horizons = d.old.horizon, d.new.horizon
    if horizons[0] != horizons[1] and None not in horizons:
        head += (
            f"the horizon went from {horizons[0]:g} to {horizons[1]:g} years "
            "(probabilities not compared); "
        )
    if not lines:
        return [Text(head + "nothing moved.", style="dim")]
    return [Text(head + "; ".join(lines) + ".", style="cyan")]


def _skill(x: float) -> str:
    return "–" if not math.isfinite(x) else f"{x:+.3f}"


def _loss(x: float) -> str:
    """Three decimals, or two significant figures below 0.01 (a Brier score of 0.0003 is not
    0.000)."""
    if not math.isfinite(x):
        return "–"
    return f"{x:.3f}" if x >= 0.01 or x == 0 else f"{x:.4f}"


def _against(score: float, base: float) -> Text:
    """A score over the base rate's score on the same outcomes (dim)."""
    text = Text(_loss(score))
    if not (math.isfinite(score) or math.isfinite(base)):
        return text
    text.append(f"\n{_loss(base)}", style="dim")
    return text


def scorecard(sc: Scorecard) -> list[RenderableType]:
    if not sc.records and sc.later:
        return [
            Text(
                f"Every record in {sc.ledger.display} ({sc.later}) is dated after {sc.today}: "
                "none had been made on that day, so there is nothing to score."
            )
        ]
    if not sc.records:
        return [
            Text(
                f"No records yet in {sc.ledger.display}: `scenarios record` adds the current "
                "forecast, and `scenarios score` scores it once its outcomes resolve."
            )
        ]
    total = sc.overall
    forecasts = sum(len(part) for part in sc.forecasts) - len(_before(sc))
    parts: list[RenderableType] = [
        block(
            Text(
                f"Forecasts scored against outcomes: {total.resolved} of {forecasts} resolved "
                f"in {plural(len(sc.records), 'record')} ({sc.ledger.display}, as of {sc.today})",
                style="bold",
            ),
            _score_table(sc),
            *_score_notes(sc, forecasts),
        )
    ]
    resolved = [f for part in sc.forecasts for f in part if f.resolved]
    if resolved:
        r = new_table()
        for name in ("#", "country", "P", "in words", "outcome", "why"):
            add_column(r, name, "right" if name in ("#", "P") else "left", wrap=name == "why")
        for f in resolved:
            r.add_row(
                f"#{f.record}",
                Text(f.name),
                level(f.probability, f.low, f.high),
                Text(pw.words(f.probability, f.low, f.high), style="dim"),
                Text(f.outcome, style="green" if f.outcome == EVENT else ""),
                Text(f.why),
            )
        parts.append(block(Text("Resolved forecasts", style="bold"), r))
    return blocks(*parts)


def _before(sc: Scorecard) -> list[Forecast]:
    """The countries that had joined by a record's evidence date: not forecasts."""
    return [f for part in sc.forecasts for f in part if f.outcome == BEFORE]


def _score_table(sc: Scorecard) -> Table:
    """One row a record, its scores against the base rate's, and a row for all of them."""
    t = new_table()
    for name, justify in (
        ("#", "right"),
        ("date", "left"),
        ("resolved", "right"),
        ("open", "right"),
        ("Brier\nbase rate", "right"),
        ("skill", "right"),
        ("log loss\nbase rate", "right"),
        ("skill\nto date", "right"),
    ):
        add_column(t, name, justify)  # type: ignore[arg-type]
    for n, record in enumerate(sc.records):
        own, pooled = sc.per_record(n), sc.to_date(n)
        t.add_row(
            f"#{record.record}",
            str(record.date),
            str(own.resolved),
            str(sc.count(n, OPEN)),
            _against(own.brier, own.brier_base),
            _skill(own.skill),
            _against(own.log_loss, own.log_loss_base),
            _skill(pooled.skill),
        )
    total = sc.overall
    t.add_row(
        Text("all", style="bold"),
        "",
        str(total.resolved),
        str(sc.unresolved),
        _against(total.brier, total.brier_base),
        _skill(total.skill),
        _against(total.log_loss, total.log_loss_base),
        "",
    )
    return t


def _score_notes(sc: Scorecard, forecasts: int) -> list[str]:
    """How to read the scores, and what was left out and why."""
    total = sc.overall
    before = _before(sc)
    notes = [
        "resolved: the country joined within the record's horizon (an event), or the horizon "
        "has passed and its status was checked after the end (a non-event); open: not yet. "
        "Nothing is scored before it resolves.",
        "under each score, the base rate's on the same outcomes (the base rate over the "
        "record's horizon, as model.yaml gave it then) · skill = 1 − Brier / Brier of the base "
        "rate (above 0: better than the base rate) · log loss = −mean ln P(what happened) · "
        "to date: every record up to this one pooled",
    ]
    if before:
        notes.append(
            "Not forecasts, so not scored: "
            + ", ".join(f"#{f.record} {f.id}" for f in before)
            + " (joined on or before the record's evidence date, as the status now says)."
        )
    if total.resolved:
        countries, joined = sc.countries_resolved
        rest = "rests" if total.resolved == 1 else "rest"
        whose = "1 country" if countries == 1 else f"{countries} countries"
        notes.append(
            f"The {plural(total.resolved, 'resolved forecast')} {rest} on the outcomes of "
            f"{whose} ({joined} joined): each record scores the same outcomes again, so the "
            "pooled scores are not independent tests"
            + (", and with so few outcomes every figure here is noisy." if countries < 30 else ".")
        )
    if sc.hypotheses:
        notes.append(
            f"{plural(sc.hypotheses, 'record')} made under a what-if left out: a what-if is a "
            "hypothesis, not a forecast."
        )
    if sc.later:
        notes.append(
            f"{plural(sc.later, 'record')} dated after {sc.today} left out: "
            "not made yet on that day."
        )
    upcoming = sc.next_resolution
    if forecasts == 0:
        notes.append(
            "The records hold no probability to score: the model had no link when they were "
            "made, or every country had already joined."
        )
    elif total.resolved == 0:
        notes.append(
            "Nothing has resolved yet"
            + (
                f": the earliest horizon ends {upcoming}, unless a country joins before."
                if upcoming
                else "."
            )
        )
    return notes
