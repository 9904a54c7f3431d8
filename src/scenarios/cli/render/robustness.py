"""`sensitivity`: the tornado, critical weights, Monte Carlo and Sobol tables."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from rich.console import Group, NewLine, RenderableType
from rich.table import Table
from rich.text import Text

from scenarios.cli.render.common import (
    BAR_WIDTH,
    MAX_SCREEN,
    MAX_SQUARE,
    Items,
    Justify,
    add_column,
    and_list,
    bar,
    block,
    blocks,
    first_of,
    first_shown,
    fit,
    fmt,
    full_hint,
    heat_style,
    new_table,
    percent,
    rank_order,
    split_columns,
)
from scenarios.cli.render.ranks import short_percent

if TYPE_CHECKING:
    from scenarios.analyses.robustness import (
        CriticalWeights,
        MonteCarlo,
        Sensitivity,
        Sobol,
        Tornado,
    )
    from scenarios.analyses.scoring import Ranking


MAX_MOVES = 5  # rank changes listed per factor in the tornado (the CSV has them all)


def tornado(t: Tornado) -> RenderableType:
    """The tornado with each factor's rank changes beside it, or, where they do not fit beside
    it, in a second table of their own."""
    ws = t.workspace
    order = rank_order(ws.country_ids, t.base_scores)
    biggest = float(t.swing.max()) or 1.0
    changes: list[list[str]] = []
    for k in range(len(ws.factor_ids)):
        moved = []
        for c in order:
            lo = int(min(t.base_ranks[c], t.ranks[k, :, c].min()))
            hi = int(max(t.base_ranks[c], t.ranks[k, :, c].max()))
            if lo != hi:
                moved.append(f"{ws.country_ids[c]} {lo}–{hi}")
        changes.append(moved)

    def moves(k: int) -> RenderableType:
        if not changes[k]:
            return Text("none", style="dim")
        shown = changes[k][:MAX_MOVES]
        more = len(changes[k]) - len(shown)
        return Items([*shown, f"+{more} more"] if more else shown)

    def swings(with_changes: bool) -> Table:
        table = new_table()
        add_column(table, "factor")
        add_column(table, "weight", "right")
        add_column(table, "moved to", "right")
        add_column(table, "swing", "right")
        add_column(table, "", min_width=BAR_WIDTH - 2)
        if with_changes:
            add_column(table, "rank changes", wrap=True)
        for k in t.order:
            w = t.weights[k]
            table.add_row(
                Text(ws.factor_ids[k]),
                fmt(w),
                f"{fmt(w * (1 - t.delta))}–{fmt(min(w * (1 + t.delta), 1))}",
                fmt(t.swing[k]),
                bar(t.swing[k] / biggest, BAR_WIDTH - 2),
                *([moves(k)] if with_changes else []),
            )
        return table

    ranks = new_table()
    add_column(ranks, "factor")
    add_column(ranks, "rank changes", wrap=True)
    for k in t.order:
        ranks.add_row(Text(ws.factor_ids[k]), moves(k))
    title = f"One at a time: each factor's weight × (1 ± {t.delta:g}), others rescaled"
    swing = "swing: the largest change of any country's score"
    how = (
        "rank changes: the ranks a country takes, countries in rank order "
        f"(the first {MAX_MOVES}; -f csv --table oat lists them all)"
    )
    together = swings(with_changes=True)
    return fit(
        (together, block(title, together, f"{swing} · {how}")),
        (
            swings(with_changes=False),
            Group(
                block(title, swings(with_changes=False), swing),
                NewLine(),
                block("Rank changes under these moves", ranks, how),
            ),
        ),
    )


def critical(cw: CriticalWeights) -> RenderableType:
    ws = cw.workspace
    table = new_table()
    columns: list[tuple[str, Justify]] = [
        ("factor", "left"),
        ("weight", "right"),
        ("↑ to", "right"),
        ("change", "right"),
        ("swap", "left"),
        ("↓ to", "right"),
        ("change", "right"),
        ("swap", "left"),
    ]
    for name, justify in columns:
        add_column(table, name, justify, min_width=max(len(name), 5) if name != "factor" else None)
    for k, factor in enumerate(ws.factor_ids):
        cells: list[RenderableType] = [Text(factor), fmt(cw.weights[k])]
        for t in (cw.increase[k], cw.decrease[k]):
            if t is None:
                cells += [Text("none", style="dim"), "", ""]
            else:
                rel = cw.relative(k, t)
                cells += [
                    fmt(t.weight),
                    f"{100 * rel:+.0f}%" if math.isfinite(rel) else "",
                    Text(f"{t.above}↔{t.below}"),
                ]
        table.add_row(*cells)
    return block(
        "Critical weights: the smallest change of one weight that reorders the ranking",
        table,
        "↑ raise, ↓ lower: effective weights, the others rescaled in proportion (as editing one "
        "weight in model.yaml does); "
        + (
            "the CSV also gives the model.yaml weight"
            if ws.panel is None
            else "the analysts have their own weights, so no one model.yaml weight gives these"
        ),
        critical_verdict(cw),
    )


def critical_verdict(cw: CriticalWeights) -> Text:
    """The most critical weight in a sentence: which, by how much, and the pair that swaps."""
    from scenarios.analyses.robustness import file_weight

    ws = cw.workspace
    best = cw.most_critical
    if best is None:
        verdict = Text("No single weight change within [0, 1] reorders the ranking.")
    else:
        k, side = best
        t = cw.increase[k] if side == "increase" else cw.decrease[k]
        assert t is not None  # the most critical side has a threshold
        edit = file_weight(ws, k, t.weight)
        verdict = Text(
            f"Most critical: {ws.factor_ids[k]} — "
            f"{'raising' if side == 'increase' else 'lowering'} its weight by "
            f"{abs(100 * cw.relative(k, t)):.0f}% ({fmt(cw.weights[k])} → {fmt(t.weight)}"
            + (
                f"; weight {ws.model.factors[ws.factor_ids[k]].weight:g} → {edit:.3g} in model.yaml"
                if math.isfinite(edit) or ws.panel is None
                else "; of the panel's weights: the analysts have their own, so no one edit of "
                "model.yaml gives it"
            )
            + f") puts {t.below} above {t.above}.",
            style="bold",
        )
    return verdict


def acceptability_table(mc: MonteCarlo, rows: Sequence[int], columns: Sequence[int]) -> Table:
    """P(rank): the countries `rows` (in that order) by the ranks `columns` (0 = first)."""
    names = [p.name for p in mc.workspace.profiles]
    table = new_table()
    add_column(table, "country")
    for r in columns:
        add_column(table, f"#{r + 1}", "right", min_width=6)
    for c in rows:
        cells = [
            Text(f"{100 * p:.1f}%", style=heat_style(p)) if p >= 0.0005 else Text("·", "dim")
            for p in (mc.acceptability[c, r] for r in columns)
        ]
        table.add_row(Text(names[c]), *cells)
    return table


def rank_stability(mc: MonteCarlo) -> RenderableType:
    """`sensitivity`'s one-screen Monte Carlo: P(rank) for the first countries and ranks."""
    ws = mc.workspace
    order = rank_order(ws.country_ids, mc.base_scores)
    shown = order[:MAX_SCREEN]
    return block(
        "Rank stability: each country's chance of holding each rank (Monte Carlo)",
        acceptability_table(mc, shown, range(len(shown))),
        f"{mc.samples:,} samples of uncertain "
        + ("values" if mc.settings.fixed_weights else "weights and values")
        + f" · seed {mc.settings.seed} · '·' below 0.05%",
        *first_of("countries and ranks", len(order), MAX_SCREEN),
    )


def monte_carlo(mc: MonteCarlo) -> list[RenderableType]:
    ws = mc.workspace
    s = mc.settings
    ids = ws.country_ids
    names = [p.name for p in ws.profiles]
    order = rank_order(ids, mc.base_scores)
    weights = "fixed" if s.fixed_weights else f"Dirichlet, concentration {s.concentration:g}"
    about = (
        f"{mc.samples:,} samples · seed {s.seed} · weights: {weights} · values: {s.values}"
        + (f" · drivers: {', '.join(ws.model.drivers)}" if ws.model.drivers else "")
        + f" · largest standard error {mc.standard_error:.4f} · '·' below 0.05%"
    )

    def acceptability(columns: Sequence[int]) -> Table:
        return acceptability_table(mc, order[:MAX_SQUARE], columns)

    stable = new_table()
    for name in ("country", "score", "mean", "5–95%", "P(first)", "mean rank"):
        add_column(stable, name, "left" if name == "country" else "right")
    expected = mc.acceptability @ np.arange(1, len(ids) + 1)
    for c in order:
        stable.add_row(
            Text(names[c]),
            fmt(mc.base_scores[c]),
            fmt(mc.mean[c]),
            f"{fmt(mc.low[c])}–{fmt(mc.high[c])}",
            percent(mc.acceptability[c, 0]),
            f"{expected[c]:.2f}",
        )

    def pairwise(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "")
        for j in columns:
            add_column(table, ids[order[j]], "right", min_width=6)
        for a in order[:MAX_SQUARE]:
            cells = [
                Text("–", style="dim")
                if a == order[j]
                else Text(percent(mc.pairwise[a, order[j]]), heat_style(mc.pairwise[a, order[j]]))
                for j in columns
            ]
            table.add_row(Text(ids[a]), *cells)
        return table

    shown = order[:MAX_SQUARE]
    return [
        block(
            "Monte Carlo: probability of holding each rank",
            split_columns(acceptability, len(shown)),
            about,
            *first_shown("countries and ranks", len(ids)),
        ),
        block("Scores under uncertainty", stable),
        *monte_carlo_probabilities(mc, order),
        block(
            "P(row ranks above column)",
            split_columns(pairwise, len(shown)),
            *first_shown("countries", len(ids)),
        ),
    ]


def monte_carlo_probabilities(mc: MonteCarlo, order: Sequence[int]) -> list[RenderableType]:
    """With a link: each probability over weights, values and the link together; with gates:
    how often each gate binds under the value ranges."""
    ws = mc.workspace
    names = [p.name for p in ws.profiles]
    parts: list[RenderableType] = []
    dist = mc.probability
    if dist is not None and mc.horizon is not None:
        table = new_table()
        for name in ("country", "mean", "5–95%"):
            add_column(table, name, "left" if name == "country" else "right")
        for c in order:
            if math.isfinite(dist.mean[c]):
                table.add_row(
                    Text(names[c]),
                    percent(dist.mean[c]),
                    f"{short_percent(dist.low[c])}–{short_percent(dist.high[c])}%",
                )
        parts.append(
            block(
                f"P(≤{mc.horizon:g}y) under every uncertainty: weights, values and the link",
                table,
                f"{and_list(mc.link_covers or ('the link',))} are drawn in each sample too",
            )
        )
    if mc.gate_binding is not None and ws.model.gates:
        gates = list(ws.model.gates)
        table = new_table()
        add_column(table, "country")
        for name in gates:
            add_column(table, name, "right")
        for c in order:
            table.add_row(
                Text(names[c]), *[percent(mc.gate_binding[c, g]) for g in range(len(gates))]
            )
        parts.append(block("How often each gate binds under the value ranges", table))
    return parts


def sobol(result: Sobol, order: Sequence[int] | None = None) -> RenderableType:
    ws = result.workspace
    ids = ws.country_ids
    countries = (list(order) if order is not None else list(range(len(ids))))[:MAX_SQUARE]

    def make(columns: Sequence[int]) -> Table:
        table = new_table()
        add_column(table, "input")
        for j in columns:
            add_column(table, ids[countries[j]], "right", min_width=7)
        for i, name in enumerate(result.inputs):
            cells: list[RenderableType] = []
            for j in columns:
                c = countries[j]
                s1, st = result.first[c, i], result.total[c, i]
                cells.append(
                    "–"
                    if not math.isfinite(s1)
                    else Text(
                        f"{max(s1, 0):.2f}/{max(st, 0):.2f}".replace("0.", "."),
                        style=heat_style(1 - st) if st >= 0.1 else "",
                    )
                )
            kind, _, factor = name.partition(":")
            table.add_row(Text(f"{kind[0]} {factor}"), *cells)
        return table

    return block(
        f"Sobol indices of each score (first-order / total), N = {result.base_samples}",
        split_columns(make, len(countries)),
        "w = weight, v = value; '–': input has no spread; totals well above first-order indices "
        "mean interactions",
        *first_shown("countries", len(ids)),
    )


SENSITIVITY_TABLES = (  # what --full adds, by the analysis that gives it
    ("tornado", "tornado"),
    ("critical", "critical weights"),
    ("monte_carlo", "Monte Carlo scores, pairs"),
    ("sobol", "Sobol indices"),
)


def sensitivity(
    result: Sensitivity, ranking: Ranking | None = None, *, full: bool = True
) -> list[RenderableType]:
    """Every analysis asked for, countries in rank order throughout (the Sobol table's: that of
    `ranking`, the ranking the analyses start from); or (not `full`) what fits one screen: the
    most critical weight and the rank stability, and a hint for the rest."""
    if not full and (result.critical is not None or result.monte_carlo is not None):
        return sensitivity_summary(result)
    return sensitivity_full(result, ranking)


def sensitivity_summary(result: Sensitivity) -> list[RenderableType]:
    """The most critical weight and the Monte Carlo's P(rank), with the hint naming --full."""
    parts: list[RenderableType] = []
    if result.critical is not None:
        parts.append(critical_verdict(result.critical))
    if result.monte_carlo is not None:
        parts.append(rank_stability(result.monte_carlo))
    parts += panel_note(result)
    hidden = [what for name, what in SENSITIVITY_TABLES if getattr(result, name) is not None]
    parts.append(full_hint(f"every table ({', '.join(hidden)})"))
    return blocks(*parts)


def sensitivity_full(result: Sensitivity, ranking: Ranking | None = None) -> list[RenderableType]:
    """Every table of the analyses asked for."""
    parts: list[RenderableType] = []
    if result.tornado is not None:
        parts.append(tornado(result.tornado))
    if result.critical is not None:
        parts.append(critical(result.critical))
    if result.monte_carlo is not None:
        parts += monte_carlo(result.monte_carlo)
    if result.sobol is not None:
        ws = result.sobol.workspace
        order = None if ranking is None else rank_order(ws.country_ids, ranking.scores)
        parts.append(sobol(result.sobol, order))
    parts += panel_note(result)
    return blocks(*parts)


def panel_note(result: Sensitivity) -> list[RenderableType]:
    """Whose weights and values the analyses use, when a panel gives them (none without)."""
    panel = result.workspace.panel
    if panel is None:
        return []
    return [
        Text(
            f"Weights and values: the aggregate of the {panel.describe()}"
            + (f"; Monte Carlo: {panel.monte_carlo_note()}" if result.monte_carlo else ""),
            style="dim",
        )
    ]
