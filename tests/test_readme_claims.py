"""Every number the prose of README.md and docs/ quotes is derived here from the output it
describes.

The rule: a number quoted in the prose of README.md or of a page of docs/ (outside the pasted
`<!-- tour: -->` and `<!-- month: -->` outputs, which tests/test_readme.py replays) has a claim
here. A claim is the sentence as the page writes it, each figure a `{placeholder}` filled by a
function that computes it from the Python API (`scenarios.rank`, `backtest`, `variants`,
`base_rate_check`, ...) and formats it as the page prints it. The test fails when the filled
sentence is on no page (whitespace collapsed, since prose wraps) and shows the sentence it
expected, so a change that moves a figure names every sentence to rewrite. A claim may also check
a statement without a number that the same output must bear out (that no what-if reorders the
countries, say).

The only figures not computed from today's code are the "before" of a change, measured once on
an earlier commit: they are constants below, each with the commit it was measured on.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import scenarios
from scenarios.analyses import probability_words as pw
from scenarios.cli.render.common import and_list

from .test_readme import EDITS, all_text

ROOT = Path(__file__).resolve().parent.parent
CENTRAL_ASIA = ROOT / "scenarios" / "central-asia"
COHORT = ROOT / "scenarios" / "abraham-2020"
PASTED = re.compile(r"<!-- (?:tour|month): .+? -->\n```console\n.*?```", re.S)

# --- before the change that calibrated the intercept in the large ------------------------------
# Measured on commit 97b623d (the last before that change), with `scenarios rank`: the default
# (the bundled illustrative panel of three analysts), and the same files with panel/ removed.
BEFORE_COMMIT = "97b623d"
BEFORE_PANEL_UZ = "48.6%"
BEFORE_PANEL_UZ_INTERVAL = "9.8–91%"
BEFORE_PROFILES_UZ = "48.4%"
BEFORE_PROFILES_UZ_INTERVAL = "9.6–93%"
BEFORE_AS_OF = "17 February 2026"
# the joins that commit's link expects among the five states over the base rate's 5.7 years,
# Σ 1 − (1 − logistic(−9.397 + 13.725·score))^5.7 over the profiles' five scores
BEFORE_EXPECTED = "1.64"


def prose() -> str:
    """The README and the pages of docs/ without their pasted outputs, whitespace collapsed."""
    text = PASTED.sub("", all_text())
    return " ".join(text.split())


# --- the outputs the prose describes ------------------------------------------------------------


@cache
def ranking(**options: Any) -> Any:
    return scenarios.rank(CENTRAL_ASIA, **options)


@cache
def backtest() -> object:
    return scenarios.backtest(COHORT)


@cache
def variants() -> object:
    return scenarios.variants(COHORT).to_frame()


def shown(r: object, cid: str) -> dict[str, str]:
    """A country's probability as the tables print it: figure, interval ends, words."""
    i = r.ids.index(cid)  # type: ignore[attr-defined]
    p = float(r.probability[i])  # type: ignore[attr-defined]
    low, high = (float(x[i]) for x in r.interval)  # type: ignore[attr-defined]
    step = pw.step(low, high)
    return {
        "p": pw.percent(p, low, high),
        "low": pw.figure(low, step) + "%",
        "high": pw.figure(high, step) + "%",
        "interval": pw.interval(low, high),
        "full": f"{100 * p:.1f}%",
        "words": pw.words(p, low, high),
    }


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "thirteenth")  # fmt: skip
NUMBERS = {5: "five", 30: "thirty", 12: "twelve", 4: "four"}


def day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


# --- the claims ----------------------------------------------------------------------------------


def rank_headline() -> dict[str, str]:
    r = ranking()
    uz = shown(r, "UZ")
    widths = r.interval[1] - r.interval[0]
    assert np.all(widths[np.isfinite(widths)] > 0.10), "an interval is 10 points wide or less"
    return {
        "uz": uz["p"],
        "uz_low": uz["low"],
        "uz_high": uz["high"],
        "uz_full": uz["full"],
        "uz_words": uz["words"],
        "covers": and_list(r.covers),
    }


def base_rate_figure() -> dict[str, str]:
    r = ranking()
    base = r.workspace.model.base_rate
    return {"base": pw.base_rate_text(base, r.horizon, r.level)}


def turkmenistan_rests_on_russia() -> dict[str, str]:
    r = ranking()
    assert r.ranks[r.ids.index("TM")] == 3
    frame = backtest().factors_frame()  # type: ignore[attr-defined]
    auc = float(frame.loc["russia_dependence", "roc_auc"])
    assert auc < 0.5
    without = ranking(weights=("russia_dependence=0",))
    place = int(without.ranks[without.ids.index("TM")])
    assert place == len(without.ids), "Turkmenistan is not last without russia_dependence"
    return {"auc": f"{auc:.2f}", "place": ORDINALS[place - 1]}


def cascade_against_rank() -> dict[str, str]:
    c = scenarios.cascade(CENTRAL_ASIA, runs=20_000)
    spur = c.spur_frame()
    r = ranking()
    p = float(r.probability[r.ids.index("UZ")])
    assert spur.loc["UZ", "p_with_peers"] > p, "the cascade's figure is not the higher"
    assert spur.loc["UZ", "p_without_peers"] > p, "the simulation without peers is not higher"
    return {}


def kazakhstan_russia() -> dict[str, str]:
    value = ranking().workspace.profiles[0].factors["russia_dependence"].value
    assert ranking().workspace.profiles[0].id == "KZ"
    assert value > 5, "Kazakhstan's value does not work against"
    return {"kz": f"{value:g}"}


def no_whatif_reorders() -> dict[str, str]:
    """compare's first screen: no what-if moves a place; Uzbekistan's figure under three of
    them, as the table shows it (to its interval's precision); Turkmenistan's neutrality moves
    only Turkmenistan."""
    comparison = scenarios.compare(CENTRAL_ASIA)
    frame = comparison.to_frame()
    assert (frame["rank_change"] == 0).all(), "a what-if moves a country's place"
    assert len(comparison.scenarios) == 5, "the sentence speaks of five what-ifs"

    def uz(r: object) -> str:
        i = r.ids.index("UZ")  # type: ignore[attr-defined]
        p = float(r.probability[i])  # type: ignore[attr-defined]
        return pw.percent(p, *r.interval_of(i))  # type: ignore[attr-defined]

    moved = frame.xs("turkmen_neutrality_opens", level="scenario")
    assert list(moved.index[moved["score_change"].abs() > 1e-12]) == ["TM"]
    return {
        "uz": uz(comparison.baseline),
        **{
            key: uz(comparison.scenarios[name])
            for key, name in (
                ("gaza", "gaza_escalation"),
                ("russia", "russia_weakened"),
                ("minerals", "us_minerals_push"),
            )
        },
    }


@cache
def month() -> dict[str, object]:
    """The month of updates, replayed on a scratch copy: scores and probabilities before
    the first edit, after the first, and at the end."""
    import tempfile

    folder = Path(tempfile.mkdtemp()) / "month"
    ws = scenarios.init(folder)
    states = [scenarios.rank(ws)]
    for name in ("kyrgyz-remittances", "jackson-vanik", "domestic-weight"):
        for rel, old, new in EDITS[name]:
            path = ws / rel
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        states.append(scenarios.rank(ws))
    shutil.rmtree(folder.parent)
    return {"first": states[0], "kyrgyz": states[1], "last": states[-1]}


def _country(r: object, cid: str) -> tuple[float, float]:
    i = r.ids.index(cid)  # type: ignore[attr-defined]
    return float(r.scores[i]), float(r.probability[i])  # type: ignore[attr-defined]


def kyrgyz_gain() -> dict[str, str]:
    """The gain of the month's first edit, and the line `--watch` prints after saving it."""
    from scenarios.cli.render_tracking import moved_lines
    from scenarios.ledger.diffing import diff, state_of

    m = month()
    (s0, _), (s1, _) = _country(m["first"], "KG"), _country(m["kyrgyz"], "KG")
    moved = diff(state_of(m["first"], "before"), state_of(m["kyrgyz"], "after"))
    saved = "run 2, after saving profiles/kyrgyzstan.yaml at 10:42:07"
    return {"gain": f"{s1 - s0:.3f}", "watch": str(moved_lines(moved, saved)[0])}


def month_uzbekistan() -> dict[str, str]:
    m = month()
    first, last = m["first"], m["last"]
    (s0, p0), (s1, p1) = _country(first, "UZ"), _country(last, "UZ")
    assert s1 > s0 and p1 < p0, "Uzbekistan's score did not rise while its probability fell"
    others = [c for c in first.ids if c != "UZ"]  # type: ignore[attr-defined]
    rises = [_country(last, c)[0] - _country(first, c)[0] for c in others]
    assert all(r > s1 - s0 for r in rises), "not every other country rose more"
    return {"score": f"{s0:.3f} → {s1:.3f}", "points": f"{100 * (p0 - p1):.1f}"}


def month_resolves() -> dict[str, str]:
    r = ranking()
    as_of = r.workspace.model.event.as_of
    resolve = as_of.replace(year=as_of.year + int(r.horizon))
    return {"as_of": day(as_of), "resolve": day(resolve), "month": f"{resolve:%B %Y}"}


def backtest_bullets() -> dict[str, str]:
    b = backtest()
    summary = b.summary_frame()  # type: ignore[attr-defined]
    own, equal = summary.loc["leave_one_out"], summary.loc["equal_weights"]
    twelve = variants().loc["twelve_states"]
    assert twelve["loo_skill"] < 0
    return {
        "auc": f"{own['roc_auc']:.3f}",
        "skill": f"{own['skill']:+.2f}",
        "skill3": f"{own['skill']:+.3f}",
        "eq_auc": f"{equal['roc_auc']:.3f}",
        "eq_skill": f"{equal['skill']:+.3f}",
        "twelve_auc": f"{twelve['roc_auc']:.2f}",
        "twelve_skill": f"{twelve['loo_skill']:+.2f}".replace("-", "−"),
    }


def sudan_and_saudi() -> dict[str, str]:
    frame = backtest().predictions_frame()  # type: ignore[attr-defined]
    order = frame.sort_values("score", ascending=False, kind="stable")
    names = list(order["name"])
    sudan = names.index("Sudan") + 1
    assert names[0] == "Saudi Arabia"
    assert order.loc[order["name"] == "Saudi Arabia", "outcome"].item() == 0
    return {"sudan": ORDINALS[sudan - 1], "n": NUMBERS[len(names)]}


def background_count() -> dict[str, str]:
    row = backtest().cohort_frame().iloc[0]  # type: ignore[attr-defined]
    return {"background": str(row["background"]), "values": str(row["values"])}


def central_asia_link() -> dict[str, str]:
    r = ranking()
    own = variants().loc["own_rule"]
    link = r.workspace.model.link
    assert round(link.slope, 3) == round(float(own["slope"]), 3), "the slope is not the fit"
    base = r.workspace.model.base_rate
    check = scenarios.base_rate_check(CENTRAL_ASIA)
    assert abs(check.total - base.events) < 1e-6
    return {
        "slope": f"{own['slope']:.1f} ± {own['slope_sd']:.1f}",
        "events": NUMBERS.get(base.events, str(base.events)) if base.events > 1 else "one",
        "of": NUMBERS[base.of],
        "years": base.window_label,
        "since": day(base.since),
        "as_of": day(r.workspace.model.event.as_of),
        "alternatives": NUMBERS[len(r.link.alternatives)],
    }


def what_changed() -> dict[str, str]:
    r = ranking()
    panel = ranking(panel="example-panel")
    uz, uz_panel = shown(r, "UZ"), shown(panel, "UZ")
    check = scenarios.base_rate_check(CENTRAL_ASIA)
    return {
        "before_panel": BEFORE_PANEL_UZ,
        "before_panel_interval": BEFORE_PANEL_UZ_INTERVAL,
        "before_profiles": BEFORE_PROFILES_UZ,
        "before_profiles_interval": BEFORE_PROFILES_UZ_INTERVAL,
        "before_expected": BEFORE_EXPECTED,
        "before_as_of": BEFORE_AS_OF,
        "commit": BEFORE_COMMIT,
        "after": uz["p"],
        "after_interval": uz["interval"],
        "after_words": uz["words"],
        "after_panel": uz_panel["p"],
        "expected": f"{check.total:.2f}",
        "observed": str(check.observed),
        "as_of": day(r.workspace.model.event.as_of),
        # the alternative slopes (on the file's weights) the figure averages, and all of them
        "Slopes": NUMBERS[sum(not a.equal_weights for a in r.link.alternatives)].capitalize(),
        "alternatives": NUMBERS[len(r.link.alternatives)],
    }


def interval_worlds() -> dict[str, str]:
    """The worlds behind rank's interval: the default, and the budget that caps them."""
    from scenarios.analyses import robustness
    from scenarios.core.choices import DEFAULT_LINK_SAMPLES

    r = ranking()
    ws = r.workspace
    assert (
        robustness.interval_worlds(DEFAULT_LINK_SAMPLES, len(ws.country_ids), len(ws.factor_ids))
        == DEFAULT_LINK_SAMPLES
    ), "the bundled workspace no longer gets every world"
    return {
        "worlds": f"{DEFAULT_LINK_SAMPLES:,}",
        "values": f"{robustness.INTERVAL_VALUES:,}",
        "least": f"{robustness.MIN_INTERVAL_WORLDS:,}",
    }


def interval_covers() -> dict[str, str]:
    covers = ranking().covers
    assert covers[:2] == ("weights", "values"), (
        "the interval no longer covers the weights and values: rewrite the sentence on what it "
        "covers"
    )
    return {"covers": and_list(covers)}


def panel_moves() -> dict[str, str]:
    r, p = ranking(), ranking(panel="example-panel")
    return {
        "uz0": shown(r, "UZ")["p"],
        "uz1": shown(p, "UZ")["p"],
        "tm0": shown(r, "TM")["p"],
        "tm1": shown(p, "TM")["p"],
    }


def panel_spread() -> dict[str, str]:
    result = scenarios.panel(CENTRAL_ASIA, panel="example-panel")
    frame = result.rankings_frame()
    uz = {a: frame.loc["UZ", f"probability_{a}"] for a in ("incentives", "pessimist", "sceptic")}
    assert min(uz, key=uz.__getitem__) == "pessimist" and max(uz, key=uz.__getitem__) == "sceptic"
    orders = {a: tuple(frame[f"rank_{a}"]) for a in uz}
    assert len(set(orders.values())) == 1, "the analysts do not order the countries alike"
    cells = result.cells_frame()
    swapping = cells[cells["swaps"] != ""]
    assert list(swapping.index) == [("KG", "religious_resistance")], list(swapping.index)
    who = str(swapping.iloc[0]["furthest"])
    assert swapping.iloc[0]["swaps"] == "KG↔TJ"
    return {"who": who, "value": f"{swapping.iloc[0][f'value_{who}']:g}"}


def rounding_examples() -> dict[str, str]:
    """The rule's examples: Uzbekistan's figure today, and a narrow interval of 5 points."""
    uz = shown(ranking(), "UZ")
    return {
        "uz": uz["p"],
        "uz_interval": uz["interval"],
        "narrow": pw.percent(0.08, 0.05, 0.10),
        "narrow_interval": pw.interval(0.05, 0.10),
    }


def _yaml_number(text: str, key: str) -> str:
    found = re.search(rf"\b{key}: ([0-9.]+)", text)
    assert found, key
    return f"{float(found[1]):g}"


def month_edits() -> dict[str, str]:
    """The edits the walk-through's prose describes are those tests/test_readme.py makes."""
    ((_, old, new),) = EDITS["kyrgyz-remittances"]
    ((_, old_weight, new_weight),) = EDITS["domestic-weight"]
    values = {
        f"{when}_{key}": _yaml_number(text, key)
        for when, text in (("old", old), ("new", new))
        for key in ("value", "low", "high")
    }
    return {
        **values,
        "old_weight": _yaml_number(old_weight, "weight"),
        "new_weight": _yaml_number(new_weight, "weight"),
    }


def peer_effect() -> dict[str, str]:
    peer = ranking().workspace.model.cascade.peer_effect
    return {
        "low": f"{peer.low:g}".replace("-", "−"),
        "high": f"{peer.high:g}",
        "value": f"{peer.value:g}",
    }


def cohort_size() -> dict[str, str]:
    frame = backtest().predictions_frame()  # type: ignore[attr-defined]
    n = NUMBERS[len(frame)]
    return {"n": n, "N": n.capitalize(), "events": NUMBERS[int(frame["outcome"].sum())]}


def cohort_warnings() -> dict[str, str]:
    warnings = scenarios.validate(COHORT).warnings
    assert all("after the event's as_of" in w.message for w in warnings)
    return {"n": NUMBERS[len(warnings)]}


Claim = tuple[str, Callable[[], dict[str, str]]]

CLAIMS: dict[str, Claim] = {
    "rank: Uzbekistan's interval": (
        "Uzbekistan's {uz} could be anything from {uz_low} to {uz_high} given what the interval "
        "covers (the caption names it: {covers}), and the table says so rather than print a bare "
        '"{uz_full}".',
        rank_headline,
    ),
    "rank: whole percent and words": (
        "whole percent here, because every interval is wider than 10 points, and under the "
        'country\'s name the words of the ICD 203 yardstick ("{uz_words}" for Uzbekistan).',
        rank_headline,
    ),
    "rank: the base rate's figure": (
        "the line under it gives the base rate's own figure over the same horizon ({base}):",
        base_rate_figure,
    ),
    "rank: Turkmenistan's place": (
        "Turkmenistan's third place rests on that factor, the one that points the wrong way in the "
        "backtest (alone, its ROC AUC on the 2020 wave is {auc}, below 0.5); with its weight at 0 "
        "(`--weight russia_dependence=0`) Turkmenistan is {place}, last, as the seed's reading "
        'of it as "the most reserved state" has it.',
        turkmenistan_rests_on_russia,
    ),
    "rank: the cascade's figure": (
        "so Uzbekistan's figure there is higher than here; both tables say which they are.",
        cascade_against_rank,
    ),
    "factors: Kazakhstan's dependence on Russia": (
        "Kazakhstan's {kz} for `russia_dependence` works against",
        kazakhstan_russia,
    ),
    "compare: no place moves": (
        "Here none of the five what-ifs moves a country's place: Uzbekistan's {uz} falls to "
        "{gaza} under a Gaza escalation and rises to {russia} if Russia is weakened and "
        "{minerals} under a US minerals push, and opening Turkmenistan's neutrality moves "
        "Turkmenistan alone.",
        no_whatif_reorders,
    ),
    "watch: the example line": ("`{watch}`),", kyrgyz_gain),
    "sensitivity: the cohort's countries": (
        "as with the {n} countries of `abraham-2020`).",
        cohort_size,
    ),
    "probabilities: how many worlds": (
        "Each probability's interval is drawn over {worlds} simulated worlds (fewer in a large "
        "workspace: at most {values} values are drawn, and never fewer than {least} worlds)",
        interval_worlds,
    ),
    "probabilities: what the interval covers": (
        "The interval printed under each probability is drawn over {covers}, as the caption says.",
        interval_covers,
    ),
    "probabilities: what changed": (
        "Before this change the bundled assessment gave Uzbekistan {before_panel} ({before_panel_"
        "interval}), with the invented panel as the default, and {before_profiles} "
        "({before_profiles_interval}) on its profiles alone (measured on commit {commit}); it now "
        "gives {after} ({after_interval}, {after_words}) on its profiles alone, and {after_panel} "
        "with `--panel example-panel`.",
        what_changed,
    ),
    "probabilities: the old intercept's count": (
        "Applied to the five states over the base rate's window, that link expected "
        "{before_expected} joins (on the profiles) where {observed} happened; the intercept calibrated in the large "
        "expects {expected}.",
        what_changed,
    ),
    "probabilities: as_of": (
        "The evidence date moved from {before_as_of} to {as_of},",
        what_changed,
    ),
    "probabilities: the alternatives": (
        "**The alternatives are in the interval.** {Slopes} other fits of the slope, each "
        "from a variant of the 2020 cohort, are mixed equally with the link's own",
        what_changed,
    ),
    "probabilities: not blind": (
        "and so were the {alternatives} alternatives:",
        what_changed,
    ),
    "backtest: the scores order the wave": (
        "The scores order the 2020 wave well (ROC AUC {auc}), and out of sample (leave-one-out) the "
        "calibrated probabilities beat the base rate (Brier skill {skill}).",
        backtest_bullets,
    ),
    "backtest: the twelve states": (
        "On the hand-picked twelve states (a variant in the table above) the same method has an "
        "AUC of {twelve_auc} and no skill ({twelve_skill}).",
        backtest_bullets,
    ),
    "backtest: equal weights": (
        "(AUC {eq_auc} against {auc}, skill {eq_skill} against {skill3})",
        backtest_bullets,
    ),
    "backtest: Russia the wrong way": (
        "**Dependence on Russia points the wrong way** in 2020 (AUC {auc} < 0.5)",
        turkmenistan_rests_on_russia,
    ),
    "backtest: Sudan and Saudi Arabia": (
        "scores {sudan} of {n}; Saudi Arabia, which did not join, scores first.",
        sudan_and_saudi,
    ),
    "backtest: background knowledge": (
        "**{background} of the {values} values rest, wholly or in part, on background knowledge**",
        background_count,
    ),
    "evidence: background knowledge": (
        "marked `basis: background`: {background} of the {values} values)",
        background_count,
    ),
    "backtest: the Central Asia link": (
        "The Central Asia model uses the slope `calibrate` fits here ({slope}, with its fit record) "
        "and {alternatives} alternative fits from the variants, and derives each one's intercept "
        "from its own base rate: {events} of the {of} Central Asian states joined in the {years} "
        "years from {since} to the evidence date, {as_of},",
        central_asia_link,
    ),
    "cascade: against rank": (
        "it is not `rank`'s figure again, and is higher,",
        cascade_against_rank,
    ),
    "panel: the example panel moves the results": (
        "They move the bundled results a little (Uzbekistan's P from {uz0} to {uz1}, "
        "Turkmenistan's from {tm0} to {tm1}).",
        panel_moves,
    ),
    "panel: one disagreement reorders": (
        "moving Kyrgyzstan's religious resistance to the {who}'s {value} puts it below Tajikistan, "
        "and no other disagreement changes the order.",
        panel_spread,
    ),
    "probabilities: the rounding rule's examples": (
        "An interval 10 points wide or more gives whole percent (Uzbekistan's {uz}, {uz_interval}), "
        "a narrower one a decimal ({narrow}, {narrow_interval});",
        rounding_examples,
    ),
    "month: the edits": (
        "`russia_dependence` goes from {old_value} ({old_low}–{old_high}) to {new_value} "
        "({new_low}–{new_high}).",
        month_edits,
    ),
    "month: the weight edit": (
        "the `domestic` group's weight goes from {old_weight} to {new_weight}.",
        month_edits,
    ),
    "cascade: the peer effect's range": (
        "The bundled range, {low} to {high} around {value},",
        peer_effect,
    ),
    "outcomes: the cohort's warned notes": (
        "In `abraham-2020` (as of the end of 2019) {n} notes are warned:",
        cohort_warnings,
    ),
    "backtest: the cohort": (
        "the end of 2019, {n} states, {events} of which announced normalization in 2020",
        cohort_size,
    ),
    "backtest: a small sample": (
        "- {N} outcomes and {events} events are a small sample",
        cohort_size,
    ),
    "month: Kyrgyzstan's gain": (
        "Kyrgyzstan gains {gain}, all from its own dependence on Russia.",
        kyrgyz_gain,
    ),
    "month: Uzbekistan over the month": (
        "Over the month Uzbekistan's score rose a little ({score}) while its probability fell {points} "
        "points.",
        month_uzbekistan,
    ),
    "outcomes: when the forecasts resolve": (
        "(the Central Asia forecasts resolve in {month}).",
        month_resolves,
    ),
    "month: when the forecasts resolve": (
        "The first forecasts resolve on {resolve}, five years after their evidence date",
        month_resolves,
    ),
}


@pytest.mark.parametrize("name", list(CLAIMS))
def test_the_readme_says_what_the_output_says(name: str) -> None:
    template, derive = CLAIMS[name]
    expected = " ".join(template.format(**derive()).split())
    if expected not in prose():
        pytest.fail(f"README.md or docs/ should say (prose, whitespace collapsed):\n{expected}")


def _edited_copy(tmp_path: Path, panel: bool) -> Path:
    copy = tmp_path / "edited"
    shutil.copytree(CENTRAL_ASIA, copy)
    if panel:
        shutil.copytree(ROOT / "scenarios" / "example-panel", copy / "panel")
    model = copy / "model.yaml"
    text = model.read_text(encoding="utf-8")
    old = "religious_resistance:\n    label: Religious-social resistance"
    assert text.count(old) == 1
    block = text[text.index(old) :]
    weight = block[: block.index("\n  multivector_openness")]
    assert weight.count("weight: 1\n") == 1, weight
    model.write_text(text.replace(weight, weight.replace("weight: 1\n", "weight: 2\n")), "utf-8")
    profile = copy / "profiles" / "uzbekistan.yaml"
    text = profile.read_text(encoding="utf-8")
    old = "  us_engagement:\n    value: 6.5\n"
    assert text.count(old) == 1
    profile.write_text(text.replace(old, "  us_engagement:\n    value: 8\n"), "utf-8")
    return copy


@pytest.mark.parametrize("panel", [False, True], ids=["profiles", "example-panel"])
def test_weight_and_set_are_exactly_the_file_edit(tmp_path: Path, panel: bool) -> None:
    """'Change a weight or a value for one run, exactly as if you had edited the file', with and
    without a panel: the docs' own example against the same edit of a copy."""
    copy = _edited_copy(tmp_path, panel)
    options = {"panel": "example-panel"} if panel else {}
    by_option = scenarios.rank(
        CENTRAL_ASIA,
        weights={"religious_resistance": 2},
        sets=["UZ.us_engagement=8"],
        **options,  # type: ignore[arg-type]
    )
    by_file = scenarios.rank(copy)
    assert by_option.scores == pytest.approx(by_file.scores, abs=1e-12)
    assert by_option.probability == pytest.approx(by_file.probability, abs=1e-12, nan_ok=True)
    for ends_option, ends_file in zip(by_option.interval, by_file.interval, strict=True):
        assert ends_option == pytest.approx(ends_file, abs=1e-12, nan_ok=True)
    assert "exactly as if you had edited the file" in prose()


SET_NOTE = re.compile(r"\$ scenarios rank (?P<args>--set \S+) > /dev/null\n(?P<note>note: .+)\n```")


@pytest.mark.parametrize("panel", [[], ["--panel", "example-panel"]], ids=["profiles", "panel"])
def test_the_set_note_quoted_is_the_one_printed(panel: list[str], monkeypatch) -> None:
    """The note the docs quote for a --set outside its range is what stderr says, with or
    without a panel (under a panel --set edits the profile, so the note is the same)."""
    from typer.testing import CliRunner

    from scenarios.cli.app import app

    found = SET_NOTE.search(all_text())
    assert found, "neither the README nor docs/ quotes a --set note"
    monkeypatch.chdir(ROOT)
    env = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
    result = CliRunner(env=env).invoke(app, ["rank", *found["args"].split(), *panel])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == found["note"]
