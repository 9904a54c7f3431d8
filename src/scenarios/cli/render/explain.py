"""`explain`: one country's answer, its factors, the gap to the one above, its evidence."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, NewLine, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from scenarios.analyses import probability_words as pw
from scenarios.analyses.scoring import GATED, TRANSFERRED, UNVALIDATED, status_label
from scenarios.cli.render.common import (
    BAR_WIDTH,
    add_column,
    bar,
    block,
    blocks,
    fmt,
    new_table,
    number,
    short_urls,
    signed_bar,
)
from scenarios.cli.render.ranks import (
    caption,
    interval_text,
    level_label,
    link_formula,
    probability_header,
    probability_notes,
    probability_text,
)
from scenarios.cli.render.signposting import what_would_change
from scenarios.core.writers import flat

if TYPE_CHECKING:
    from scenarios.analyses.scoring import Explanation, Ranking
    from scenarios.ledger.signposting import Signposts
    from scenarios.workspace.evidence import Staleness
    from scenarios.workspace.load import Workspace


CONFIDENCE = {"low": "low", "medium": "med", "high": "high"}


def _rests_on(ws: Workspace, rows: list[dict[str, Any]]) -> list[str]:
    """Under a panel, whose values each value of the table follows (where any analyst gives
    their own)."""
    if ws.panel is None:
        return []
    cells = [f"{r['factor']}: {r['rests_on']}" for r in rows if r["rests_on"] != "profile"]
    rule = ws.panel.rule.values.replace("_", " ")
    if not cells:
        return [f"Every value is the profile's: no analyst of the {ws.panel.label} gives one."]
    return [
        f"Each value is the {ws.panel.label}'s {rule} of: "
        + " · ".join(cells)
        + (
            "; the others, the profile's value, which every analyst takes."
            if len(cells) < len(rows)
            else "."
        )
    ]


def explanation(
    expl: Explanation,
    full: bool = False,
    with_evidence: bool = False,
    with_link: bool = False,
    moves: Signposts | None = None,
) -> list[RenderableType]:
    """`scenarios explain`: by default the answer on one screen (score, probability, the factor
    table, push and pull) and a hint; `with_evidence` adds each factor's notes and sources;
    `full` prints everything (the gap to the country above, what would change, how P is made):
    what would change is drawn from `moves`, the signposts of `expl.ranking`
    (`api.what_would_change`)."""
    if full:
        return explanation_full(expl, moves)
    ranking = expl.ranking
    ws = ranking.workspace
    i = expl.country
    frame_rows: list[dict[str, Any]] = [
        {str(k): v for k, v in row.items()} for row in flat(expl.to_frame()).to_dict("records")
    ]
    additive = ranking.aggregation == "additive"
    up, down = ranking.drivers(i)
    push = Text("main push ", style="bold")
    push.append(f"↑ {level_label(ws, up, pushes_up=True)}" if up else "↑ –", style="green")
    push.append(" · pull ", style="bold")
    push.append(f"↓ {level_label(ws, down, pushes_up=False)}" if down else "↓ –", style="red")
    contribution = (
        "contrib = weight × norm, adding up to the score"
        if additive
        else "w·ln u = weight × ln(norm), adding up to ln(score)"
    )
    shown = ranking.probability is not None and not status_label(ws, ws.country_ids[i])
    marks = ranking.marks(i) if shown else ""
    link = ranking.link
    mark_notes = [
        *([f"{UNVALIDATED} not validated: {link.caveat}"] if link and UNVALIDATED in marks else []),
        *([f"{TRANSFERRED} {link.transfer}"] if link and TRANSFERRED in marks else []),
        *[
            f"{GATED} gate '{name}' binds: {ws.model.gates[name].factor} is beyond its "
            "threshold, so P is capped whatever the other factors say"
            for name in ranking.gates_binding(i)
        ],
    ]
    parts: list[RenderableType] = [
        block(
            _explain_head(expl),
            _factor_table(ranking, frame_rows),
            push,
            Text(
                "±: + raises the likelihood, − lowers it · norm: the value on 0–1, direction "
                f"applied · {contribution}",
                style="dim",
            ),
            *[Text(note, style="dim") for note in mark_notes],
            *(
                [Text(link_formula(ranking), style="dim")]
                if with_link and link is not None and ranking.probability is not None
                else []
            ),
            caption(ranking),
        )
    ]
    if with_evidence:
        parts.append(evidence(frame_rows, expl.staleness))
        hint = "--full: also the gap to the country above, what would change, how P is made"
    else:
        hint = "--evidence: each factor's notes and sources · --full: everything"
    parts.append(Text(hint, style="dim"))
    return blocks(*parts)


def _explain_head(expl: Explanation) -> Text:
    """'Uzbekistan · أوزبكستان (UZ) — rank 2 of 5, score 0.542, P(≤5y) 23%§ (90%: 3–94%),
    unlikely · base rate alone: …': the answer, in one sentence."""
    ranking = expl.ranking
    ws = ranking.workspace
    i = expl.country
    profile = ws.profiles[i]
    head = Text(f"{profile.name}", style="bold")
    if profile.name_ar:
        head.append(f" · {profile.name_ar}")
    head.append(
        f" ({profile.id}) — rank {ranking.ranks[i]}{'=' if ranking.tied[i] else ''} "
        f"of {len(ranking.ids)}, score {fmt(ranking.scores[i])}"
    )
    status = status_label(ws, profile.id)
    if status:
        head.append(f" — {status}", style="bold magenta")
    elif ranking.probability is not None:
        head.append(
            f", {probability_header(ranking)} {probability_text(ranking, i)}{ranking.marks(i)}"
        )
        interval = interval_text(ranking, i)
        if interval:
            head.append(f" ({100 * ranking.level:g}%: {interval})")
        head.append(f", {ranking.words(i)}")
        rate = ws.model.base_rate
        if ranking.base_probability is not None and rate is not None and ranking.horizon:
            head.append(
                f" · base rate alone: {pw.base_rate_text(rate, ranking.horizon, ranking.level)}"
            )
    return head


def _factor_table(ranking: Ranking, frame_rows: list[dict[str, Any]]) -> Table:
    """One row a factor: its direction, value, range, confidence, norm, weight, contribution."""
    additive = ranking.aggregation == "additive"
    table = new_table()
    add_column(table, "factor")
    add_column(table, "±", "center", min_width=1)
    for name in ("value", "range", "conf", "norm", "weight", "contrib" if additive else "w·ln u"):
        add_column(table, name, "left" if name == "conf" else "right")
    add_column(table, "", min_width=BAR_WIDTH - 2)
    biggest = (
        max(
            (abs(r["contribution"]) for r in frame_rows if math.isfinite(r["contribution"])),
            default=1.0,
        )
        or 1.0
    )
    for r in frame_rows:
        table.add_row(
            Text(r["factor"]),
            "+" if r["direction"] == "for" else "−",
            number(r["value"]),
            f"{number(r['low'])}–{number(r['high'])}",
            CONFIDENCE.get(r["confidence"], r["confidence"]),
            fmt(r["normalized"], 2),
            fmt(r["weight"]),
            fmt(r["contribution"]),
            bar(
                abs(r["contribution"]) / biggest,
                BAR_WIDTH - 2,
                "green" if r["contribution"] >= 0 else "red",
            ),
        )
    return table


def explanation_full(expl: Explanation, moves: Signposts | None = None) -> list[RenderableType]:
    """`scenarios explain --full`: everything, the evidence last; what would change where
    `moves` (the signposts of the explanation's ranking) are given."""
    ranking = expl.ranking
    ws = ranking.workspace
    i = expl.country
    profile = ws.profiles[i]
    frame_rows: list[dict[str, Any]] = [
        {str(k): v for k, v in row.items()} for row in flat(expl.to_frame()).to_dict("records")
    ]
    additive = ranking.aggregation == "additive"
    head = _explain_head(expl)
    table = _factor_table(ranking, frame_rows)
    lo, hi = ws.scale
    contribution = (
        "contrib = weight × norm; the contributions add up to the score"
        if additive
        else "w·ln u = weight × ln(norm); they add up to ln(score)"
    )
    parts: list[RenderableType] = [
        block(
            head,
            table,
            f"±: + the factor raises the likelihood (direction: for), − lowers it (against) · "
            f"value on the {lo:g}–{hi:g} scale, range and confidence of its evidence · norm: the "
            f"value on 0–1 with the direction applied · {contribution}",
            caption(ranking),
            *_rests_on(ws, frame_rows),
            *[
                note
                for note in probability_notes(ranking, formula=True)
                if not note.startswith(GATED)
            ],
            *[
                f"{GATED} gate '{name}' binds: {ws.model.gates[name].factor} is beyond "
                "its threshold, so P is capped whatever the other factors say. "
                f"{ws.model.gates[name].note}"
                for name in ranking.gates_binding(i)
            ],
        )
    ]
    gap = expl.gap_frame()
    gap = None if gap is None else flat(gap)
    if gap is not None and expl.above is not None:
        above = ws.profiles[expl.above]
        total = ranking.scores[expl.above] - ranking.scores[i]
        gtable = new_table()
        add_column(gtable, "factor")
        add_column(gtable, f"{above.id} − {profile.id}", "right")
        half = BAR_WIDTH // 2 + 3  # the width of each side of signed_bar
        add_column(
            gtable,
            f"{'← ' + above.id:>{half}}│{profile.id + ' →':<{half}}",
            min_width=2 * half + 1,
        )
        values = [float(g) for g in gap["gap"]]
        scale = max(abs(g) for g in values) or 1.0
        for factor, value in zip(gap["factor"], values, strict=True):
            gtable.add_row(Text(str(factor)), f"{value:+.3f}", signed_bar(-value, scale))
        parts.append(
            block(
                Text(
                    f"Gap to {above.name} (rank {ranking.ranks[expl.above]}): "
                    f"{fmt(total)} in score",
                    style="bold",
                ),
                gtable,
                f"+: the factor gives {above.id} more than {profile.id} (the bar points to "
                f"{above.id}); −: it gives {profile.id} more (the bar points to {profile.id}).",
            )
        )
    else:
        parts.append(Text("Ranked first: no country above it.", style="dim"))
    if moves is not None:
        parts.append(what_would_change(moves, i))
    parts.append(evidence(frame_rows, expl.staleness))
    return blocks(*parts)


def evidence(rows: Sequence[dict[str, object]], rule: Staleness) -> RenderableType:
    """Each factor's note and sources under a line naming the factor: the text takes the whole
    width instead of a narrow column. Stale dates are marked, and the rule is stated once."""
    parts: list[RenderableType] = [
        Text("Evidence (web addresses shortened to their site; `-f csv` gives them whole)", "bold")
    ]
    if rule.applies:
        parts.append(Text(f"stale: {rule}", style="dim"))
    for r in rows:
        head = Text(str(r["factor"]), style="bold")
        if r["as_of"]:
            head.append(f" · as of {r['as_of']}")
            if r.get("stale"):
                head.append(" · stale", style="bold")
        if r.get("basis") == "background":
            head.append(" · rests on background knowledge")
        text = Text(str(r["note"] or "(no note)"))
        if r["sources"]:
            text.append("\n" + short_urls(str(r["sources"])), style="dim")
        parts += [NewLine(), head, Padding(text, (0, 0, 0, 2))]
    return Group(*parts)
