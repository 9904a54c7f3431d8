"""The report's method box (framework table, score to probability, caveats), the factors that
hold back, and the effects in probability points."""

from __future__ import annotations

import re

import numpy as np
import pytest

from scenarios.analyses import scoring
from scenarios.analyses.likelihood import logistic
from scenarios.analyses.robustness import file_weight
from scenarios.api import prepare, report
from scenarios.reporting import charts
from scenarios.reporting.builder import build_report
from scenarios.reporting.typefaces import page_text
from scenarios.workspace.whatif import apply_overrides

SMALL = {"samples": 300, "runs": 300, "seed": 7}


def section(html: str, name: str) -> str:
    found = re.search(rf'<section id="{name}".*?</section>', html, re.S)
    assert found, f"no section {name}"
    return found.group(0)


def rows(html: str, cls: str) -> list[list[str]]:
    """The body rows of the first table of class `cls`, as the text of each cell."""
    table = re.search(rf'<table class="{cls}">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert table, f"no table {cls}"
    return [
        [" ".join(page_text(cell).split()) for cell in re.findall(r"<td.*?</td>", row, re.S)]
        for row in re.findall(r"<tr.*?</tr>", table.group(1), re.S)
    ]


def test_method_box_follows_the_ranking(pages):
    assert pages["en"].sections[:3] == ("key", "ranking", "method")


def test_framework_table_lists_every_factor_with_its_effective_weight(central, pages):
    table = rows(section(pages["en"].html, "method"), "framework")
    assert [r[0] for r in table] == [central.model.factors[f].label for f in central.factor_ids]
    # by hand from model.yaml: group weight × factor weight over the sum of all such products
    # great_powers 3 × (0.6 + 0.4), domestic 2.5 × 1, posture 1.5 × 1, incentives 2 × (0.5 +
    # 0.5), israel_ties 1.5 × (0.5 + 0.5), strategic 1 × 1: 11.5 in all
    by_factor = {r[0]: r for r in table}
    assert by_factor["Religious-social resistance"][3] == "21.7%"  # 2.5 / 11.5
    assert by_factor["Dependence on Russia"][3] == "15.7%"  # 3 × 0.6 / 11.5
    assert by_factor["Economic incentives"][3] == "8.7%"  # 2 × 0.5 / 11.5
    # the definition and the ends of the scale come from model.yaml
    russia = central.model.factors["russia_dependence"]
    assert by_factor["Dependence on Russia"][1] == russia.description
    assert by_factor["Dependence on Russia"][4:] == [russia.low_means, russia.high_means]


def test_a_reversed_factor_reads_holds_back(pages):
    by_factor = {r[0]: r for r in rows(section(pages["en"].html, "method"), "framework")}
    assert by_factor["Religious-social resistance"][2] == "holds back"
    assert by_factor["Multi-vector openness"][2] == "pushes toward joining"
    arabic = {r[0]: r for r in rows(section(pages["ar"].html, "method"), "framework")}
    assert arabic["المقاومة الدينية والاجتماعية"][2] == "يكبح"
    assert arabic["الانفتاح متعدد الاتجاهات"][2] == "يدفع نحو الانضمام"


def test_the_contributions_chart_says_which_factors_hold_back(central, results, monkeypatch):
    seen = {}
    draw = charts.contributions

    def spy(names, values, labels, axis, look, holds_back=()):
        seen[look.lang] = (list(labels), list(holds_back))
        return draw(names, values, labels, axis, look, holds_back)

    monkeypatch.setattr(charts, "contributions", spy)
    for lang in ("en", "ar"):
        build_report(central, results, lang=lang)
    labels, held = seen["en"]
    k = central.factor_ids.index("religious_resistance")
    assert held == [central.model.factors[f].direction == "against" for f in central.factor_ids]
    assert labels[k] == "Religious-social resistance (holds back; bar = how little of it)"
    assert labels[central.factor_ids.index("us_engagement")] == "US engagement"
    assert "يكبح" in seen["ar"][0][k]
    fig = draw(["A"], np.full((1, len(held)), 0.1), labels, "x", charts.Look(), held)
    hatches = [c.get_hatch() for c in fig.axes[0].collections]
    assert [h is not None for h in hatches] == held


def test_factors_that_hold_back_are_never_drawn_in_a_pushing_colour():
    colours = charts._factor_colours([False, False, True, False, True])
    assert colours[2] in charts.HOLDING_BACK and colours[4] in charts.HOLDING_BACK
    assert not {colours[0], colours[1], colours[3]} & set(charts.HOLDING_BACK)
    assert "#009E73" not in (colours[2], colours[4])  # the green of the palette


def test_a_missing_definition_is_said_not_invented(central, results):
    from dataclasses import replace

    factors = dict(central.model.factors)
    factors["us_engagement"] = factors["us_engagement"].model_copy(
        update={"description": "", "low_means": ""}
    )
    ws = replace(central, model=central.model.model_copy(update={"factors": factors}))
    html = section(build_report(ws, results).html, "method")
    text = " ".join(page_text(html).split())
    assert "model.yaml gives no description for US engagement" in text
    assert "does not say what the ends of the scale mean for US engagement" in text
    assert {r[0]: r for r in rows(html, "framework")}["US engagement"][1] == ""


def test_score_to_probability_and_caveats(central, results, pages):
    text = " ".join(page_text(section(pages["en"].html, "method")).split())
    link = results.ranking.link
    assert f"p = logistic({link.intercept:.3g} + {link.slope:.3g} × s)".replace("-", "−") in text
    assert re.search(r"The slope b \(\s*13\.725 ± 5\.243\s*\) was fitted", text)
    assert "fitted on the 30 states of the abraham-2020 workspace, 5 of which joined" in text
    assert "expects 1 of the 5 states of the reference class to join within 5.7 years" in text
    assert "The link is carried over from other events" in text
    assert "The base rate is thin: 1 of 5 states in 5.7 years" in text
    assert "panel" not in text  # no panel, no panel caveat
    arabic = " ".join(page_text(section(pages["ar"].html, "method")).split())
    assert "المعدل الأساسي هشّ" in arabic and "الدالة منقولة من أحداث أخرى" in arabic
    assert "اللجنة" not in arabic


def test_the_panel_caveat_appears_with_a_panel():
    ws = prepare("central-asia", panel="example-panel")
    page = build_report(ws, report(ws, **SMALL))
    text = " ".join(page_text(section(page.html, "method")).split())
    assert "The panel is illustrative: its analysts are invented" in text
    assert "changes of weight are given in score only" in text


def test_a_tornado_row_in_points_is_what_rank_weight_shows(central, results, pages):
    """The +50% move of one weight, in points: the difference of two probabilities that
    `scenarios rank` gives, once with the file's weights and once with model.yaml edited so the
    factor's effective weight is 1.5 times its own."""
    k = central.factor_ids.index("religious_resistance")
    i = central.country_ids.index("UZ")
    w = central.weights[k]
    edited = apply_overrides(
        central, weights={"religious_resistance": file_weight(central, k, 1.5 * w)}
    )
    before = scoring.rank(central).probability[i]
    after = scoring.rank(edited).probability[i]
    assert edited.weights[k] == pytest.approx(1.5 * w)
    assert results.effects.tornado[k, 1, i] == pytest.approx(after - before, abs=1e-12)
    assert abs(after - before) > 0.005  # a move worth stating
    # the base is the ranking's own probability
    np.testing.assert_allclose(results.effects.base, results.ranking.probability, atol=1e-12)


def test_the_tornado_table_gives_each_factors_largest_move_in_points(central, results, pages):
    table = rows(section(pages["en"].html, "tornado"), "tornado")
    moved = results.effects.tornado
    k = central.factor_ids.index("religious_resistance")
    size = np.where(np.isfinite(moved[k]), np.abs(moved[k]), -1)
    side, i = np.unravel_index(int(np.argmax(size)), size.shape)
    row = next(r for r in table if r[0] == "Religious-social resistance")
    assert row[2] == ("−50%" if side == 0 else "+50%")
    assert row[3] == central.profiles[i].name
    assert row[4] == f"{100 * moved[k, side, i]:+.1f}".replace("-", "−")
    assert len(table) == len(central.factor_ids)


def test_a_whatif_row_in_points_is_the_difference_of_two_probabilities(central, results, pages):
    """The what-if keeps the link as derived for the files (what-ifs move only the countries
    they change): P = the mean over the link's components of 1 − (1 − logistic(a + b·s))^5."""
    comp = results.comparison
    name = "gaza_escalation"
    i = central.country_ids.index("UZ")
    link = results.ranking.link
    years = results.ranking.horizon

    def p(score: float) -> float:
        parts = link.on_file_weights
        return float(
            np.mean([1 - (1 - logistic(c.intercept + c.slope * score)) ** years for c in parts])
        )

    by_hand = p(comp.scenarios[name].scores[i]) - p(comp.baseline.scores[i])
    assert comp.probability_change(name)[i] == pytest.approx(by_hand, abs=1e-12)
    title = central.whatifs[name].title
    html = section(pages["en"].html, "whatifs")
    table = html[html.index(title) :]
    uz = next(r for r in rows(table, "whatif") if r[0] == "Uzbekistan")
    assert uz[4] == f"{100 * by_hand:+.1f}".replace("-", "−")


def test_critical_weights_give_the_swapping_pair_in_points(central, results, pages):
    crit = results.sensitivity.critical
    k = central.factor_ids.index("russia_dependence")
    th = crit.decrease[k]
    a, b = central.country_ids.index(th.above), central.country_ids.index(th.below)
    factor = central.factor_ids[k]
    edited = apply_overrides(central, weights={factor: file_weight(central, k, th.weight)})
    before, after = scoring.rank(central).probability, scoring.rank(edited).probability
    row = next(
        r
        for r in rows(section(pages["en"].html, "critical"), "critical")
        if r[0] == "Dependence on Russia"
    )

    def pts(x: float) -> str:
        return f"{100 * x:+.1f}".replace("-", "−")

    assert row[7] == f"{pts(after[a] - before[a])} / {pts(after[b] - before[b])}"


def test_a_probability_that_moves_against_its_score_is_explained(central, results, pages):
    """Lowering the weight of Dependence on Russia raises Uzbekistan's score a little but the
    others' more; the intercept, set anew, lowers its chance: the page says why."""
    k = central.factor_ids.index("russia_dependence")
    i = central.country_ids.index("UZ")
    tor = results.sensitivity.tornado
    assert tor.scores[k, 0, i] - tor.base_scores[i] > 0
    assert results.effects.tornado[k, 0, i] < 0
    text = " ".join(page_text(section(pages["en"].html, "tornado")).split())
    assert "A probability can move against its own score" in text
