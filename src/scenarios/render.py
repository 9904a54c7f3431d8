"""Rich tables and terminal bars: the only module that draws."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from .errors import plural
from .scoring import Explanation, Ranking, status_label

BAR_WIDTH = 16


def new_table(title=None, caption=None, **options) -> Table:
    """The house style of every table: a heavy rule under the header, left-aligned title and
    caption."""
    return Table(
        title=title,
        caption=caption,
        box=box.SIMPLE_HEAVY,
        title_justify="left",
        caption_justify="left",
        **options,
    )


def make_console(stderr: bool = False, file=None) -> Console:
    """Consoles for data (stdout) and diagnostics (stderr). Rich honours NO_COLOR and drops colour
    codes when the stream is not a terminal. Text from files is shown safely (terminal.py)."""
    from .terminal import SafeConsole

    return SafeConsole(stderr=stderr, file=file, highlight=False, soft_wrap=False)


def bar(fraction: float, width: int = BAR_WIDTH, style: str = "cyan") -> Text:
    """A horizontal bar for a value in [0, 1], drawn with eighth blocks."""
    if not math.isfinite(fraction):
        return Text("")
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return Text("█" * full + partial.strip(), style=style)


def signed_bar(value: float, scale: float, width: int = BAR_WIDTH // 2) -> Text:
    """A bar left (red) for negative, right (green) for positive values, |value| ≤ scale."""
    if scale <= 0 or not math.isfinite(value):
        return Text(" " * width + "│" + " " * width)
    n = min(round(abs(value) / scale * width), width)
    if value < 0:
        return Text(" " * (width - n)) + Text("█" * n, style="red") + Text("│" + " " * width)
    return Text(" " * width + "│") + Text("█" * n, style="green") + Text(" " * (width - n))


def heat_style(fraction: float) -> str:
    """Background colour from red (0) through yellow to green (1)."""
    if not math.isfinite(fraction):
        return ""
    fraction = min(max(fraction, 0.0), 1.0)
    if fraction < 0.5:
        r, g = 200, int(60 + 280 * fraction)
    else:
        r, g = int(200 - 280 * (fraction - 0.5)), 200
    return f"black on rgb({r},{g},70)"


def fmt(value: float, digits: int = 3) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{value:.{digits}f}"


def percent(value: float) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{100 * value:.1f}%"


def caption(ranking: Ranking, extra: Iterable[str] = ()) -> str:
    ws = ranking.workspace
    parts = [
        f"workspace: {ws.name}"
        + (" (installed copy; `scenarios init DIR` makes one to edit)" if ws.installed else ""),
        f"method: {ranking.aggregation}",
        "weights: model.yaml (group × factor, normalised)",
    ]
    if ws.changes:
        parts.append("changes: " + ", ".join(ws.changes))
    parts.extend(extra)
    return " · ".join(parts)


def level_label(ws, factor: str, pushes_up: bool) -> str:
    """'religious_resistance (low)' for an against-factor that lifts a score, and so on."""
    high = pushes_up == (ws.model.factors[factor].direction == "for")
    return f"{factor} ({'high' if high else 'low'})"


def ranking_table(ranking: Ranking) -> Table:
    ws = ranking.workspace
    table = new_table(
        title=Text(ws.model.title),
        caption=Text(caption(ranking)),
    )
    table.add_column("rank", justify="right", no_wrap=True, min_width=4)
    table.add_column("country", no_wrap=True, min_width=12)
    table.add_column("score", justify="right", no_wrap=True, min_width=5)
    table.add_column("", no_wrap=True, min_width=12)
    if ranking.probability is not None:
        table.add_column(f"P(≤{ranking.horizon:g}y)", justify="right", no_wrap=True, min_width=6)
    table.add_column("main push ↑ / pull ↓", overflow="fold")
    for i in ranking.order:
        profile = ws.profiles[i]
        status = status_label(ws, profile.id)
        name = Text(profile.name)
        if status:
            name.append(f"\n{status}", style="magenta")
        up, down = ranking.drivers(i)
        drivers = Text(f"↑ {level_label(ws, up, pushes_up=True)}" if up else "↑ –", style="green")
        drivers.append(
            f"\n↓ {level_label(ws, down, pushes_up=False)}" if down else "\n↓ –", style="red"
        )
        cells: list[RenderableType] = [
            f"{ranking.ranks[i]}{'=' if ranking.tied[i] else ''}",
            name,
            fmt(ranking.scores[i]),
            bar(ranking.scores[i], 12),
        ]
        if ranking.probability is not None:
            cells.append("joined" if status else percent(ranking.probability[i]))
        cells.append(drivers)
        table.add_row(*cells)
    return table


def ranking_notes(ranking: Ranking) -> list[str]:
    notes = []
    if ranking.tied.any():
        notes.append("'=' marks a tie: tied countries share the better rank.")
    if ranking.probability is None:
        notes.append(
            "The score is a weighted index in [0, 1], not a probability (model.yaml has no `link`)."
        )
    else:
        link = ranking.link
        notes.append(
            f"P = 1 − (1 − p)^{ranking.horizon:g}, p = logistic({link.intercept:.3g} + "
            f"{link.slope:.3g}·score) per year; {link.source}."
        )
    return notes


def short_urls(text: str) -> str:
    """Web addresses shown by their site only ('[trend.az]'); exports keep them whole."""
    import re

    return re.sub(r"https?://(?:www\.)?([^/\s;]+)[^\s;]*", r"[\1]", text)


def explanation(expl: Explanation) -> list[RenderableType]:
    ranking = expl.ranking
    ws = ranking.workspace
    i = expl.country
    profile = ws.profiles[i]
    frame_rows = expl.to_frame().to_dict("records")
    additive = ranking.aggregation == "additive"
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
    table = new_table(
        caption=Text(caption(ranking)),
        padding=(0, 1),
        pad_edge=False,
    )
    table.add_column("factor", no_wrap=True, max_width=22)
    table.add_column("±")
    for name in ("value", "range", "conf", "norm", "weight", "contrib" if additive else "w·ln u"):
        table.add_column(
            name, justify="left" if name == "conf" else "right", no_wrap=True, min_width=len(name)
        )
    table.add_column("", no_wrap=True)
    biggest = (
        max(
            (abs(r["contribution"]) for r in frame_rows if math.isfinite(r["contribution"])),
            default=1.0,
        )
        or 1.0
    )
    for r in frame_rows:
        table.add_row(
            r["factor"],
            "+" if r["direction"] == "for" else "−",
            f"{r['value']:g}",
            f"{r['low']:g}–{r['high']:g}",
            r["confidence"][:3],
            fmt(r["normalized"], 2),
            fmt(r["weight"]),
            fmt(r["contribution"]),
            bar(abs(r["contribution"]) / biggest, 6, "green" if r["contribution"] >= 0 else "red"),
        )
    evidence = Table(
        box=box.SIMPLE,
        show_header=True,
        title_justify="left",
        title="Evidence (sites shortened; `-f csv` gives the full addresses)",
    )
    evidence.add_column("factor", no_wrap=True)
    evidence.add_column("as of", no_wrap=True)
    evidence.add_column("note and sources", overflow="fold")
    for r in frame_rows:
        text = Text(r["note"] or "(no note)")
        if r["sources"]:
            text.append("\n" + short_urls(r["sources"]), style="dim")
        evidence.add_row(r["factor"], r["as_of"], text)
    parts: list[RenderableType] = [head, table]
    gap = expl.gap_frame()
    if gap is not None:
        above = ws.profiles[expl.above]
        total = ranking.scores[expl.above] - ranking.scores[i]
        gtable = new_table(
            title=Text(
                f"Gap to {above.name} (rank {ranking.ranks[expl.above]}): {fmt(total)} in score"
            ),
        )
        gtable.add_column("factor")
        gtable.add_column(f"{above.id} − {profile.id}", justify="right")
        gtable.add_column("", no_wrap=True)
        scale = max(abs(g) for g in gap["gap"]) or 1.0
        for row in gap.itertuples():
            gtable.add_row(row.factor, f"{row.gap:+.3f}", signed_bar(-row.gap, scale))
        parts.append(gtable)
        parts.append(
            Text(
                "Bars right (green): this factor favours "
                f"{profile.id}; left (red): it favours {above.id}.",
                style="dim",
            )
        )
    else:
        parts.append(Text("Ranked first: no country above it.", style="dim"))
    parts.append(evidence)
    return parts


def matrix(ranking: Ranking) -> Table:
    """Factors down, countries across (in rank order): fits a terminal for a dozen countries."""
    ws = ranking.workspace
    lo, hi = ws.scale
    table = new_table(
        title=Text(f"{ws.model.title}: factor values ({lo:g}–{hi:g})"),
        caption="colour: green favours the outcome, red works against it (direction applied)",
    )
    table.padding = (0, 0)
    table.add_column("factor", no_wrap=True)
    order = ranking.order
    for i in order:
        table.add_column(ws.country_ids[i], justify="center", no_wrap=True, min_width=4)
    for f, factor in enumerate(ws.factor_ids):
        direction = "+" if ws.model.factors[factor].direction == "for" else "−"
        cells = [
            Text(f" {ws.values[i, f]:g} ", style=heat_style(ranking.normalized[i, f]))
            for i in order
        ]
        table.add_row(f" {direction} {factor} ", *cells)
    return table


def frame_table(frame, title: str | None = None, percent_columns: Sequence[str] = ()) -> Table:
    """A plain rich table of a DataFrame (used for secondary tables)."""
    table = new_table(
        title=title,
    )
    for column in frame.columns:
        numeric = frame[column].dtype.kind in "fi"
        table.add_column(str(column), justify="right" if numeric else "left")
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            if isinstance(value, float):
                cells.append(percent(value) if column in percent_columns else fmt(value))
            else:
                cells.append(str(value))
        table.add_row(*cells)
    return table


def group(parts: Sequence[RenderableType]) -> Group:
    return Group(*parts)


# --- sensitivity ------------------------------------------------------------------------


def tornado(t) -> Table:
    ws = t.workspace
    table = new_table(
        title=f"One at a time: each factor's weight × (1 ± {t.delta:g}), others rescaled",
        caption="swing: the largest change of any country's score",
    )
    table.add_column("factor", no_wrap=True)
    table.add_column("weight", justify="right")
    table.add_column("moved to", justify="right", no_wrap=True)
    table.add_column("swing", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("rank changes")
    biggest = float(t.swing.max()) or 1.0
    for k in t.order:
        changes = []
        for c, cid in enumerate(ws.country_ids):
            lo = int(min(t.base_ranks[c], t.ranks[k, :, c].min()))
            hi = int(max(t.base_ranks[c], t.ranks[k, :, c].max()))
            if lo != hi:
                changes.append(f"{cid} {lo}–{hi}")
        w = t.weights[k]
        table.add_row(
            ws.factor_ids[k],
            fmt(w),
            f"{fmt(w * (1 - t.delta))}–{fmt(min(w * (1 + t.delta), 1))}",
            fmt(t.swing[k]),
            bar(t.swing[k] / biggest, 12),
            ", ".join(changes) or Text("none", style="dim"),
        )
    return table


def critical(cw) -> list[RenderableType]:
    from .robustness import file_weight

    ws = cw.workspace
    table = new_table(
        title="Critical weights: the smallest change of one weight that reorders the ranking",
        caption="↑ raise, ↓ lower: effective weights, the others rescaled in proportion (as "
        "editing one weight in model.yaml does); the CSV also gives the model.yaml weight",
        padding=(0, 1),
        pad_edge=False,
    )
    for name, justify in [
        ("factor", "left"),
        ("weight", "right"),
        ("↑ to", "right"),
        ("change", "right"),
        ("swap", "left"),
        ("↓ to", "right"),
        ("change", "right"),
        ("swap", "left"),
    ]:
        table.add_column(
            name,
            justify=justify,
            no_wrap=True,
            min_width=max(len(name), 5),
            max_width=20 if name == "factor" else None,
        )
    for k, factor in enumerate(ws.factor_ids):
        cells: list[RenderableType] = [factor, fmt(cw.weights[k])]
        for t in (cw.increase[k], cw.decrease[k]):
            if t is None:
                cells += [Text("none", style="dim"), "", ""]
            else:
                rel = cw.relative(k, t)
                cells += [
                    fmt(t.weight),
                    f"{100 * rel:+.0f}%" if math.isfinite(rel) else "",
                    f"{t.above}↔{t.below}",
                ]
        table.add_row(*cells)
    parts: list[RenderableType] = [table]
    best = cw.most_critical
    if best is None:
        parts.append(Text("No single weight change within [0, 1] reorders the ranking."))
    else:
        k, side = best
        t = cw.increase[k] if side == "increase" else cw.decrease[k]
        parts.append(
            Text(
                f"Most critical: {ws.factor_ids[k]} — "
                f"{'raising' if side == 'increase' else 'lowering'} its weight by "
                f"{abs(100 * cw.relative(k, t)):.0f}% ({fmt(cw.weights[k])} → {fmt(t.weight)}; "
                f"weight {ws.model.factors[ws.factor_ids[k]].weight:g} → "
                f"{file_weight(ws, k, t.weight):.3g} in model.yaml) "
                f"puts {t.below} above {t.above}.",
                style="bold",
            )
        )
    return parts


def monte_carlo(mc) -> list[RenderableType]:
    ws = mc.workspace
    s = mc.settings
    names = {p.id: p.name for p in ws.profiles}
    acc = mc.acceptability_frame()
    weights = "fixed" if s.fixed_weights else f"Dirichlet, concentration {s.concentration:g}"
    about = (
        f"{mc.samples:,} samples · seed {s.seed} · weights: {weights} · values: {s.values}"
        + (f" · drivers: {', '.join(ws.model.drivers)}" if ws.model.drivers else "")
        + f" · largest standard error {mc.standard_error:.4f}"
    )
    table = new_table(
        title="Monte Carlo: probability of holding each rank",
    )
    table.add_column("country")
    for r in range(len(ws.country_ids)):
        table.add_column(f"#{r + 1}", justify="right", min_width=6)
    for row in acc.itertuples(index=False):
        cells = [
            Text(f"{100 * p:5.1f}%", style=heat_style(p)) if p >= 0.0005 else Text("·", style="dim")
            for p in row[1:]
        ]
        table.add_row(Text(names[row[0]]), *cells)
    summary = mc.summary_frame()
    stable = new_table(
        title="Scores under uncertainty",
    )
    for name in ("country", "score", "mean", "5–95%", "P(first)", "mean rank"):
        stable.add_column(name, justify="left" if name == "country" else "right")
    for row in summary.itertuples(index=False):
        stable.add_row(
            Text(row.name),
            fmt(row.score),
            fmt(row.mean),
            f"{fmt(row.p05)}–{fmt(row.p95)}",
            percent(row.p_first),
            f"{row.expected_rank:.2f}",
        )
    pair = mc.pairwise_frame()
    ptable = new_table(
        title="P(row ranks above column)",
    )
    ptable.add_column("")
    for cid in pair.columns[1:]:
        ptable.add_column(cid, justify="right")
    for row in pair.itertuples(index=False):
        ptable.add_row(
            row[0],
            *[
                Text("–", style="dim") if row[0] == cid else Text(percent(p), style=heat_style(p))
                for cid, p in zip(pair.columns[1:], row[1:], strict=True)
            ],
        )
    return [table, Text(about, style="dim"), stable, ptable]


def sobol(result) -> Table:
    ws = result.workspace
    table = new_table(
        title=f"Sobol indices of each score (first-order / total), N = {result.base_samples}",
        padding=(0, 1),
        pad_edge=False,
        caption="w = weight, v = value; '–': input has no spread; totals well above "
        "first-order indices mean interactions",
    )
    table.add_column("input", no_wrap=True, max_width=22)
    for cid in ws.country_ids:
        table.add_column(cid, justify="right", no_wrap=True, min_width=7)
    for i, name in enumerate(result.inputs):
        cells = []
        for c in range(len(ws.country_ids)):
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
        table.add_row(f"{kind[0]} {factor}", *cells)
    return table


def sensitivity(result) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if result.tornado is not None:
        parts.append(tornado(result.tornado))
    if result.critical is not None:
        parts += critical(result.critical)
    if result.monte_carlo is not None:
        parts += monte_carlo(result.monte_carlo)
    if result.sobol is not None:
        parts.append(sobol(result.sobol))
    return parts


# --- what-ifs ---------------------------------------------------------------------------


def whatifs(ws) -> Table:
    table = new_table(
        title=Text(f"What-ifs of {ws.name}"),
        caption="apply with --whatif NAME; compare all with `scenarios compare`",
    )
    table.add_column("name", no_wrap=True, style="bold")
    table.add_column("title")
    table.add_column("changes", justify="right", no_wrap=True)
    for name, w in ws.whatifs.items():
        parts = [
            f"{len(w.values)} values" if w.values else "",
            f"{len(w.weights)} weights" if w.weights else "",
            f"{len(w.status)} status" if w.status else "",
        ]
        table.add_row(name, Text(w.title), ", ".join(p for p in parts if p) or "none")
    if not ws.whatifs:
        table.add_row(Text("(none)", style="dim"), "", "")
    return table


def change_text(score_change: float, rank_change: int) -> Text:
    """'▲ +0.034 (+1)' in green, '▼ −0.012' in red, '·' when nothing moved."""
    if abs(score_change) < 5e-4 and rank_change == 0:
        return Text("·", style="dim")
    arrow, style = ("▲", "green") if score_change > 0 else ("▼", "red")
    text = Text(f"{arrow}{score_change:+.3f}", style=style)
    if rank_change:
        text.append(f" ({rank_change:+d})", style="bold " + ("green" if rank_change > 0 else "red"))
    return text


def comparison(result) -> list[RenderableType]:
    base = result.baseline
    ws = base.workspace
    table = new_table(
        title=Text(f"{ws.model.title}: baseline and what-ifs"),
        caption=Text(
            "cells: score (rank) and change against the baseline; "
            "(+1) = up one place · " + caption(base)
        ),
    )
    table.add_column("country")
    table.add_column("baseline", justify="right", no_wrap=True)
    for name in result.scenarios:
        table.add_column(name, justify="right")
    for i in base.order:
        cells: list[RenderableType] = [
            Text(ws.profiles[i].name),
            f"{fmt(base.scores[i])} ({base.ranks[i]})",
        ]
        for name, scenario in result.scenarios.items():
            cell = Text(f"{fmt(scenario.scores[i])} ({scenario.ranks[i]})\n")
            cell.append_text(
                change_text(float(result.score_change(name)[i]), int(result.rank_change(name)[i]))
            )
            cells.append(cell)
        table.add_row(*cells)
    drivers = new_table(
        title="What drives each change (contribution change of the top factors)",
    )
    drivers.add_column("country")
    for name in result.scenarios:
        drivers.add_column(name)
    for i in base.order:
        cells = [Text(ws.profiles[i].name)]
        for name in result.scenarios:
            moved = result.drivers(name, i)
            cells.append(
                Text("\n".join(f"{f} {c:+.3f}" for f, c in moved))
                if moved
                else Text("·", style="dim")
            )
        drivers.add_row(*cells)
    return [table, drivers]


# --- likelihood: backtest, calibration, cascade ----------------------------------------


def fit_block(fit) -> list[RenderableType]:
    parts: list[RenderableType] = [
        Text("Paste into model.yaml:", style="bold"),
        Text(fit.yaml()),
        Text(f"prior: {fit.prior}", style="dim"),
    ]
    if fit.small_sample:
        parts.append(
            Text(
                f"Small sample: {plural(fit.n, 'outcome')}, {fit.events} of them events. "
                "These numbers are rough and lean on the prior; "
                "read the ± as a warning, not as precision.",
                style="bold yellow",
            )
        )
    return parts


def backtest(bt) -> list[RenderableType]:
    summary = bt.summary_frame()
    table = new_table(
        title=Text(
            f"Backtest: {len(bt.ids)} outcomes, {int(bt.outcomes.sum())} joined, "
            f"horizon {bt.horizon:g} {'year' if bt.horizon == 1 else 'years'}"
        ),
        caption=Text(
            f"base rate over the horizon: {bt.base_probability:.3f} "
            f"({bt.base_source}); skill = 1 − Brier / Brier of the base rate; "
            "ROC AUC uses the scores alone"
        ),
    )
    for name in ("predictions", "Brier", "Brier (base rate)", "skill", "log loss", "ROC AUC"):
        table.add_column(name, justify="left" if name == "predictions" else "right")
    labels = {
        "model_link": "model.yaml link",
        "leave_one_out": "leave-one-out calibrated",
        "in_sample_fit": "calibrated on all (optimistic)",
    }
    for row in summary.itertuples(index=False):
        table.add_row(
            labels[row.predictions],
            fmt(row.brier),
            fmt(row.brier_base_rate),
            f"{row.skill:+.3f}",
            fmt(row.log_loss),
            fmt(row.roc_auc),
        )
    preds = bt.predictions_frame()
    ptable = new_table(
        title="Predictions",
    )
    for name in (
        "country",
        "outcome",
        "score",
        *(["P (model)"] if bt.model_p is not None else []),
        "P (leave-one-out)",
    ):
        ptable.add_column(name, justify="left" if name in ("country", "outcome") else "right")
    for row in preds.to_dict("records"):
        cells = [Text(row["name"]), "joined" if row["outcome"] else "—", fmt(row["score"])]
        if bt.model_p is not None:
            cells.append(percent(row["p_model"]))
        cells.append(percent(row["p_leave_one_out"]))
        ptable.add_row(*cells)
    rel = frame_table(bt.reliability_frame(), "Reliability (predicted vs observed by bin)")
    notes = (
        [
            Text(
                "With so few outcomes every figure here is noisy: one country more or less "
                "changes it visibly.",
                style="yellow",
            )
        ]
        if len(bt.ids) < 30
        else []
    )
    return [table, ptable, rel, *notes]


def cascade(c) -> list[RenderableType]:
    by_year = c.by_year_frame()
    low, value, high = c.peer_effect
    table = new_table(
        title=f"Cascade: P(joined by the end of each year), {c.runs:,} runs",
        caption=Text(
            f"peer effect g ~ triangular({low:g}, {value:g}, {high:g}) · "
            f"seed {c.seed} · annual p = logistic({c.link.intercept:.3g} + "
            f"{c.link.slope:.3g}·score + g·peer share)"
        ),
    )
    table.add_column("country")
    for t in range(1, c.horizon + 1):
        table.add_column(f"y{t}", justify="right")
    table.add_column("", no_wrap=True)
    for row in by_year.to_dict("records"):
        if row["already_joined"]:
            table.add_row(Text(row["name"]), *["joined"] * c.horizon, "")
            continue
        values = [row[f"year_{t}"] for t in range(1, c.horizon + 1)]
        spark = "".join(" ▁▂▃▄▅▆▇█"[min(int(v * 8 + 0.5), 8)] for v in values)
        table.add_row(Text(row["name"]), *[percent(v) for v in values], Text(spark, style="cyan"))
    spur = c.spur_frame()
    stable = new_table(
        title="Spur effect: P(joined by the horizon) with and without peers",
    )
    for name in ("country", "with peers", "without (g = 0)", "spur"):
        stable.add_column(name, justify="left" if name == "country" else "right")
    for row, done in zip(spur.to_dict("records"), c.already, strict=True):
        if not done:
            stable.add_row(
                Text(row["name"]),
                percent(row["p_with_peers"]),
                percent(row["p_without_peers"]),
                f"{100 * row['spur']:+.1f} pts",
            )
    counts = frame_table(c.count_frame(), "New joiners by the horizon", ["probability"])
    orders = frame_table(c.orders_frame(), "Most frequent join orders", ["probability"])
    cond = c.conditional_frame()
    ctable = new_table(
        title="P(row joins | column joins), by the horizon",
    )
    ctable.add_column("")
    ctable.add_column("alone", justify="right")
    for col in cond.columns[2:]:
        ctable.add_column(f"| {col.removeprefix('given_')}", justify="right")
    for row in cond.itertuples(index=False):
        cells = [percent(v) if math.isfinite(v) else "–" for v in row[2:]]
        ctable.add_row(row[0], percent(row[1]), *cells)
    return [table, stable, counts, orders, ctable]
