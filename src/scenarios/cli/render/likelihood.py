"""`calibrate` and `backtest`: the link's fit, the base-rate check, variants, backtest."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.text import Text

from scenarios.cli.render.common import (
    add_column,
    block,
    blocks,
    fmt,
    frame_table,
    full_hint,
    new_table,
    percent,
)
from scenarios.core.errors import plural
from scenarios.core.writers import flat

if TYPE_CHECKING:
    from scenarios.analyses.likelihood import Backtest, BaseRateCheck, Fit, Variants


def calibration(
    check: BaseRateCheck | None,
    fit: Fit | None,
    unfitted: str,
    found: Variants | None = None,
    *,
    full: bool = True,
) -> list[RenderableType]:
    """`calibrate`: the base rate's check, then the fitted link (or why none was fitted), then
    the cohort's variants; without `full`, the link's alternatives and the variants in a line
    each, so the answer fits one screen."""
    parts: list[RenderableType] = [] if check is None else base_rate_check(check, full=full)
    hidden = check is not None and bool(check.link.alternatives) and not full
    if fit is not None:
        parts.extend(fit_block(fit))
        if found is not None and len(found.fits) > 1:
            if full:
                parts.extend(variants(found))
            else:
                slopes = [v.fit.slope for v in found.fits]
                skills = [v.fit.loo_skill for v in found.fits if v.fit.loo_skill is not None]
                parts.append(
                    Text(
                        f"{len(found.fits) - 1} variants of the cohort (model.yaml): slopes "
                        f"{min(slopes):.2f}–{max(slopes):.2f}, leave-one-out skill "
                        f"{min(skills):+.3f} to {max(skills):+.3f}.",
                    )
                )
                hidden = True
    else:
        if check is not None:
            parts.append(
                Text(
                    f"No slope is fitted here ({unfitted}); the slopes are model.yaml's.",
                    style="dim",
                )
            )
    if hidden:
        parts.append(Text("--full: each fit's intercept, slope, skill and AUC", style="dim"))
    return parts


def base_rate_check(check: BaseRateCheck, *, full: bool = True) -> list[RenderableType]:
    """The joins the link expects among the base rate's states over its window, and observed
    (with `full`, each of the link's fits too)."""
    table = new_table()
    for name in ("country", "score", "expected", "joined"):
        add_column(table, name, "left" if name == "country" else "right")
    for i, cid in enumerate(check.ids):
        table.add_row(
            Text(f"{check.names[i]} ({cid})"),
            f"{check.scores[i]:.3f}",
            f"{check.expected[i]:.3f}",
            "yes" if check.joined[i] else "",
        )
    table.add_section()
    table.add_row(Text("total"), "", f"{check.total:.3f}", f"{check.observed}")
    link = check.link
    parts: list[RenderableType] = [
        Text(
            f"Base rate check: over the base rate's window ({round(check.years, 1):g} years) "
            "the link "
            f"expects {check.total:.2f} joins among these states; {check.observed} happened.",
            style="bold",
        ),
        table,
    ]
    if not link.alternatives:
        parts.append(
            Text(
                f"annual p = logistic({link.intercept:.2f} + {link.slope:g}·score); the "
                "intercept is chosen so that expected equals observed (calibration in the "
                "large). expected: each state's probability of joining within the window.",
                style="dim",
            )
        )
        return parts
    if not full:
        slopes = [c.slope for c in link.components]
        parts.append(
            Text(
                f"The link and its {len(link.alternatives)} alternatives (slopes "
                f"{min(slopes):g}–{max(slopes):g}), each with its intercept chosen so that it "
                "expects the observed joins; P and `expected` are their equal mixture.",
                style="dim",
            )
        )
        return parts
    fits = new_table()
    for name in ("link", "intercept", "slope", "± sd"):
        add_column(fits, name, "left" if name == "link" else "right")
    for c in link.components:
        fits.add_row(Text(c.label), f"{c.intercept:.2f}", f"{c.slope:.3f}", f"{c.slope_sd:.3f}")
    parts += [
        fits,
        Text(
            "annual p = logistic(intercept + slope·score), each intercept chosen so that its link "
            "expects the observed joins; P and `expected` are the equal mixture of these.",
            style="dim",
        ),
    ]
    return parts


def variants(found: Variants) -> list[RenderableType]:
    """The cohort's own fit and each variant's, side by side."""
    table = new_table()
    for name in ("variant", "outcomes", "events", "slope", "± sd", "skill", "AUC"):
        add_column(table, name, "left" if name == "variant" else "right")
    for v in found.fits:
        skill = "–" if v.fit.loo_skill is None else f"{v.fit.loo_skill:+.3f}"
        table.add_row(
            Text(v.label),
            str(v.fit.n),
            str(v.fit.events),
            f"{v.fit.slope:.2f}",
            f"{v.fit.slope_sd:.2f}",
            skill,
            f"{v.roc_auc:.3f}",
        )
    return [
        Text(
            "The link fitted on each variant of the cohort (model.yaml's variants):", style="bold"
        ),
        table,
        Text(
            "skill: leave-one-out Brier skill against the variant's base rate (its own observed "
            "frequency where it counts other outcomes); AUC: how well the scores order the "
            "outcomes (ties count half).",
            style="dim",
        ),
    ]


def fit_block(fit: Fit) -> list[RenderableType]:
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


def backtest_summary(bt: Backtest, *, short: bool = False) -> RenderableType:
    """The model against its baselines: Brier, skill, log loss and ROC AUC of each; `short`:
    with a two-line note."""
    summary = flat(bt.summary_frame())
    table = new_table()
    for name in ("predictions", "Brier", "Brier of\nbase rate", "skill", "log loss", "ROC AUC"):
        add_column(table, name, "left" if name == "predictions" else "right")
    labels = {
        "model_link": "model.yaml link",
        "leave_one_out": "leave-one-out calibrated",
        "in_sample_fit": "calibrated on all (optimistic)",
        "base_rate": "baseline: base rate",
        "equal_weights": "baseline: equal weights",
    }
    for srow in summary.to_dict("records"):
        table.add_row(
            labels[str(srow["predictions"])],
            fmt(float(srow["brier"])),
            fmt(float(srow["brier_base_rate"])),
            f"{float(srow['skill']):+.3f}",
            fmt(float(srow["log_loss"])),
            fmt(float(srow["roc_auc"])),
        )
    years = "year" if bt.horizon == 1 else "years"
    return block(
        Text(
            f"Backtest: {len(bt.ids)} resolved outcomes, {int(bt.outcomes.sum())} joined, "
            f"horizon {bt.horizon:g} {years} from {bt.resolution.as_of}",
            style="bold",
        ),
        table,
        f"base rate over the horizon: {bt.base_probability:.3f} ({bt.base_source})"
        + (
            " · skill = 1 − Brier / Brier of the base rate · baselines: leave-one-out too"
            if short
            else "; skill = 1 − Brier / Brier of the base rate; ROC AUC uses the scores alone; "
            "the baselines are calibrated leave-one-out like the model"
        ),
    )


def few_outcomes(bt: Backtest) -> list[RenderableType]:
    """The warning that a small cohort's every figure is noisy (none from 30 outcomes)."""
    if len(bt.ids) >= 30:
        return []
    return [
        Text(
            "With so few outcomes every figure here is noisy: one country more or less "
            "changes it visibly.",
            style="yellow",
        )
    ]


def variants_skill(found: Variants) -> RenderableType:
    """`backtest`'s one-screen variants: each variant's leave-one-out skill and AUC."""
    table = new_table()
    for name in ("the link fitted on each variant (model.yaml)", "skill", "AUC"):
        add_column(table, name, "right" if name in ("skill", "AUC") else "left")
    for v in found.fits:
        skill = "–" if v.fit.loo_skill is None else f"{v.fit.loo_skill:+.3f}"
        table.add_row(Text(v.label), skill, f"{v.roc_auc:.3f}")
    return table


def backtest(bt: Backtest, *, full: bool = True) -> list[RenderableType]:
    """Every table of the backtest; or (not `full`) the model against its baselines, the
    variants' skill, and a hint naming --full."""
    if not full:
        return blocks(
            backtest_summary(bt, short=True),
            *([] if bt.variants is None else [variants_skill(bt.variants)]),
            *few_outcomes(bt),
            full_hint("every table (each factor alone, predictions, reliability, cohort)"),
        )
    found = bt.resolution
    factors = flat(bt.factors_frame())
    ftable = new_table()
    for name in ("factor", "±", "weight", "ROC AUC", "agreement", "skill"):
        add_column(ftable, name, "left" if name in ("factor", "±", "agreement") else "right")
    frow: dict[Hashable, Any]
    for frow in factors.to_dict("records"):
        wrong = frow["agreement"] == "wrong way"
        ftable.add_row(
            Text(str(frow["factor"])),
            "+" if frow["direction"] == "for" else "−",
            fmt(float(frow["weight"])),
            fmt(float(frow["roc_auc"])),
            Text(str(frow["agreement"]), "bold red" if wrong else ""),
            f"{frow['skill']:+.3f}",
        )
    preds = flat(bt.predictions_frame())
    ptable = new_table()
    for name in (
        "country",
        "outcome",
        "score",
        *(["P (model)"] if bt.model_p is not None else []),
        "P (leave-\none-out)",
    ):
        add_column(ptable, name, "left" if name in ("country", "outcome") else "right")
    prow: dict[Hashable, Any]
    for prow in preds.to_dict("records"):
        cells: list[RenderableType] = [
            Text(str(prow["name"])),
            "joined" if prow["outcome"] else "—",
            fmt(prow["score"]),
        ]
        if bt.model_p is not None:
            cells.append(percent(prow["p_model"]))
        cells.append(percent(prow["p_leave_one_out"]))
        ptable.add_row(*cells)
    rel = frame_table(bt.reliability_frame())
    notes: list[RenderableType] = []
    left_out = (  # the outcomes not scored, and why
        (found.unresolved, f"Not yet resolved (the horizon ends {found.resolves}), so not scored"),
        (found.undated, "Joined, but the date is not recorded, so not scored"),
        (
            found.unchecked,
            f"Status not checked since the horizon ended ({found.resolves}), so not scored",
        ),
        (found.before, f"Joined on or before the evidence date ({found.as_of}), so not forecasts"),
    )
    for ids, why in left_out:
        if ids:
            notes.append(Text(f"{why}: " + ", ".join(ids), style="dim"))
    notes += few_outcomes(bt)
    cohort = bt.cohort_frame().iloc[0]
    if cohort["background"]:
        notes.append(
            Text(
                f"{cohort['background']} of {cohort['values']} values rest on background "
                "knowledge (basis: background)"
            )
        )
    notes.append(Text(f"cohort sha256 {cohort['cohort_hash']}"))
    return blocks(
        backtest_summary(bt),
        block(
            "Baselines: each factor alone",
            ftable,
            "ROC AUC below 0.5: the factor orders the outcomes against its direction in the "
            "model ('wrong way')",
        ),
        *([] if bt.variants is None else [Group(*variants(bt.variants))]),
        block("Predictions", ptable),
        block("Reliability (predicted against observed, by bin)", rel),
        *notes,
    )
