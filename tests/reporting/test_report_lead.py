"""The report's opening: the key judgements answer the question for the countries that have not
joined (with the figure `scenarios rank` prints), the first chart is their probabilities with
intervals, chart titles state findings computed from the results, a what-if page says it is a
hypothetical, and the probability of a country alone is named apart from the one with the peer
effect."""

from __future__ import annotations

import math
import re
import shutil
from html import unescape
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from scenarios.analyses import probability_words as pw
from scenarios.analyses import scoring
from scenarios.api import load_workspace, report
from scenarios.cli.app import app
from scenarios.reporting import charts
from scenarios.reporting.builder import build_report
from scenarios.workspace.find import bundled_root
from scenarios.workspace.whatif import apply_all

from .. import tiny
from .test_report import LINKED, ledgered

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
SMALL = {"samples": 300, "runs": 300, "seed": 7}


def text(html: str) -> str:
    """Visible text: tags removed, entities decoded, isolates dropped, spaces made plain."""
    html = re.sub(r"<svg\b.*?</svg>", "", html, flags=re.S)
    plain = unescape(re.sub(r"<[^>]+>", "", html))
    return re.sub(r"[\u2066-\u2069]", "", plain).replace("\u00a0", " ")


def judgements(html: str) -> list[str]:
    block = re.search(r'<ul class="judgements">(.*?)</ul>', html, flags=re.S)
    assert block is not None
    return [text(item) for item in re.findall(r"<li>(.*?)</li>", block.group(1), flags=re.S)]


def captions(html: str) -> dict[str, str]:
    """Each chart's caption (title and subtitle), by chart name, in page order."""
    found = re.findall(
        r'<figure class="chart" id="chart-([\w-]+)".*?<figcaption>(.*?)</figcaption>',
        html,
        flags=re.S,
    )
    return {name: text(caption) for name, caption in found}


def rank_row(output: str, name: str) -> tuple[str, str]:
    """(figure, interval) of one country in `scenarios rank`'s table: the row with its name
    holds the figure, the line under it the interval."""
    lines = output.splitlines()
    at = next(n for n, line in enumerate(lines) if re.match(rf"\s+\d+\s+{name}\s", line))
    figure = re.search(r"\s(<?\d+%)", lines[at])
    interval = re.search(r"\s(<?\d+–\d+%)", lines[at + 1])
    assert figure and interval
    return figure.group(1), interval.group(1)


# --- the key judgements --------------------------------------------------------------------


def test_the_key_judgement_names_the_most_likely_open_state_with_the_rank_figure(
    central, results, pages
):
    r = results.ranking
    open_ = [
        i for i, cid in enumerate(central.country_ids) if not scoring.status_label(central, cid)
    ]
    lead = max(open_, key=lambda i: float(r.probability[i]))
    name = central.profiles[lead].name
    printed = CliRunner().invoke(app, ["rank", "-w", "central-asia"], env=ENV)
    assert printed.exit_code == 0, printed.output
    figure, interval = rank_row(printed.output, name)
    first = judgements(pages["en"].html)[0]
    assert first.startswith(f"Of the countries that have not joined, {name} is the most likely")
    assert f": {figure} (90% interval {interval}), {r.words(lead)}." in first
    ar = judgements(pages["ar"].html)[0]
    assert central.profiles[lead].name_ar in ar
    assert f"{figure} (مجاله بنسبة 90%: {interval})" in ar


def test_joined_states_are_named_as_such_and_not_ranked_against_the_others(
    central, results, pages, monkeypatch
):
    r = results.ranking
    joined = [i for i, p in enumerate(central.profiles) if p.status and p.status.state == "joined"]
    assert joined  # Kazakhstan: the highest score, and joined
    assert int(np.argmax(r.scores)) in joined
    points = judgements(pages["en"].html)
    for i in joined:
        profile = central.profiles[i]
        month = profile.status.date.strftime("%b %Y")
        assert f"{profile.name} ({month})" in points[3]
        assert points[3].startswith("Already joined, and not ranked against the others:")
        assert profile.name not in points[0] + points[2]  # not the lead, not among the others
    others = points[2]
    assert others.startswith("The others, each alone: ")
    # the others in order of probability, each with its figure as rank prints it
    open_ = sorted(
        (i for i in range(len(central.profiles)) if i not in joined),
        key=lambda i: -float(r.probability[i]),
    )
    expected = ", ".join(
        f"{central.profiles[i].name} {pw.percent(float(r.probability[i]), *r.interval_of(i))} "
        f"({pw.interval(*r.interval_of(i))})"
        for i in open_[1:]
    )
    assert others == f"The others, each alone: {expected}."
    # the probability chart draws the open states only, most likely first
    drawn = {}

    def spy(names, p, low, high, labels, base, *rest):
        drawn.update(names=list(names), p=np.asarray(p), labels=list(labels), base=base)
        return real(names, p, low, high, labels, base, *rest)

    real = charts.probabilities
    monkeypatch.setattr(charts, "probabilities", spy)
    build_report(central, results, lang="en")
    assert drawn["names"] == [central.profiles[i].name for i in open_]
    assert np.all(np.diff(drawn["p"]) <= 0)
    assert drawn["base"] == pytest.approx(r.base_probability)


def test_the_base_rate_the_signposts_and_the_date_stand_beside_it(central, pages):
    points = judgements(pages["en"].html)
    assert points[1].startswith("Beside it, the base rate: 1 of 5 comparable states in 5.7 years")
    assert any(p.startswith("What would change it: ") for p in points)
    assert points[-1] == "Evidence dated up to 2026-05-31."
    ar = judgements(pages["ar"].html)
    assert ar[-1] == "الأدلة مؤرخة حتى 2026-05-31."


def test_the_first_chart_is_the_probability_chart(pages):
    for page in pages.values():
        assert page.charts[0].name == "probabilities"
        assert page.html.index('data-chart="probabilities"') < page.html.index('id="ranking"')
        assert page.html.index('id="key"') < page.html.index('class="facts"')


def test_a_tiny_workspace_key_judgement_by_hand(tmp_path):
    """X (score 0.74) and Z (0.16) are open, Y (0.60) joined on 2020-09-15. The link gives a
    year's P = logistic(-3 + 4 s), over 4 years 1 - (1 - P)^4: X 93.2%, Z 30.3%. No base rate:
    the chart's line is at 10%, and both are above it."""
    ws = load_workspace(tiny.write(tmp_path / "ws", model=LINKED))
    page = build_report(ws, report(ws, **SMALL), lang="en")
    r = report(ws, **SMALL).ranking

    def by_hand(s):
        return 1 - (1 - 1 / (1 + math.exp(3 - 4 * s))) ** 4

    assert float(r.probability[0]) == pytest.approx(by_hand(0.74))
    assert float(r.probability[2]) == pytest.approx(by_hand(0.16))
    assert by_hand(0.74) == pytest.approx(0.932, abs=5e-4)
    assert by_hand(0.16) == pytest.approx(0.303, abs=5e-4)
    points = judgements(page.html)
    assert points[0].startswith("Of the countries that have not joined, Xland is the most likely")
    assert "Already joined, and not ranked against the others: Yland (Sep 2020)." in points
    assert "Yland" not in points[0]
    assert not any(p.startswith("The others") and "Yland" in p for p in points)
    figure = pw.percent(float(r.probability[0]), *r.interval_of(0))
    assert captions(page.html)["probabilities"].startswith(
        f"2 countries are above 10%; Xland is the most likely, at {figure}"
    )
    # a steeper link (intercept -5, slope 8) puts Z at 9.1% over 4 years, below the line, and
    # leaves X (99.3%) alone above it: the title follows
    steep = LINKED.replace("slope: 4", "slope: 8").replace("intercept: -3", "intercept: -5")
    ws = load_workspace(tiny.write(tmp_path / "steep", model=steep))
    page = build_report(ws, report(ws, **SMALL), lang="en")
    assert by_hand_steep(0.16) < 0.10 < by_hand_steep(0.74)
    assert captions(page.html)["probabilities"].startswith("Xland is the only country above 10%")


def by_hand_steep(s: float) -> float:
    return 1 - (1 - 1 / (1 + math.exp(5 - 8 * s))) ** 4


# --- chart titles state their findings -----------------------------------------------------


def edited_copy(root: Path) -> Path:
    """The bundled central-asia workspace, copied, with Turkmenistan's religious resistance at 0
    and its multi-vector openness at 9 (as if its analyst had edited the file)."""
    shutil.copytree(bundled_root() / "central-asia", root)
    path = root / "profiles" / "turkmenistan.yaml"
    yaml = path.read_text(encoding="utf-8")
    yaml, n = re.subn(
        r"(religious_resistance:\n    value: )6\.0(\n    low: )3\.5", r"\g<1>0\g<2>0", yaml
    )
    assert n == 1
    yaml, n = re.subn(
        r"(multivector_openness:\n    value: )2\.0(\n    low: 1\.0\n    high: )3\.5",
        r"\g<1>9\g<2>9",
        yaml,
    )
    assert n == 1
    path.write_text(yaml, encoding="utf-8")
    return root


def test_chart_titles_follow_the_results(central, results, pages, tmp_path):
    r = results.ranking
    base = pw.percent(r.base_probability, *pw.base_rate_interval(central.model.base_rate, 5, 0.9))
    before = captions(pages["en"].html)
    assert before["probabilities"].startswith(
        f"Uzbekistan is the only country above the base rate ({base})"
    )
    ws = load_workspace(edited_copy(tmp_path / "ws"))
    other = report(ws, **SMALL)
    p = other.ranking.probability
    above = [ws.profiles[i].name for i in range(len(p)) if p[i] > other.ranking.base_probability]
    assert above == ["Turkmenistan"]  # the edit lifts Turkmenistan, past Uzbekistan
    after = captions(build_report(ws, other, lang="en").html)
    assert after["probabilities"].startswith(
        f"Turkmenistan is the only country above the base rate ({base})"
    )
    # the other titles are computed too: each names what its own numbers say
    mc = other.sensitivity.monte_carlo
    first = int(np.argmax(mc.acceptability[:, 0]))
    assert after["acceptability"].startswith(
        f"{ws.profiles[first].name} ranks first in {100 * mc.acceptability[first, 0]:.1f}% of runs"
    )
    assert before["acceptability"] != after["acceptability"]


def test_every_chart_has_a_finding_and_a_subtitle(pages):
    for page in pages.values():
        for chart in page.charts:
            assert chart.title and chart.subtitle and chart.title != chart.subtitle
        shown = captions(page.html)
        assert list(shown) == [chart.name for chart in page.charts]


# --- what-if pages -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def whatif_pages(central):
    ws = apply_all(central, whatifs=["gaza_escalation"])
    found = report(ws, **SMALL)
    return ws, found, {lang: build_report(ws, found, lang=lang) for lang in ("en", "ar")}


def test_a_what_if_page_says_so_in_its_title_kicker_and_every_chart(whatif_pages, monkeypatch):
    ws, found, pages = whatif_pages
    gaza = ws.whatifs["gaza_escalation"]
    for lang, word in (("en", "What if: "), ("ar", "ماذا لو: ")):
        title = gaza.title_ar if lang == "ar" else gaza.title  # the what-if's own, translated
        html = pages[lang].html
        head = re.search(r"<title>(.*?)</title>", html).group(1)
        h1 = text(re.search(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S).group(1))
        kicker = text(re.search(r'<p class="kicker[^"]*">(.*?)</p>', html).group(1))
        assert unescape(head).startswith(f"{word}{title}")
        assert h1.startswith(f"{word}{title}")
        assert kicker.startswith(word)
        shown = captions(html)
        assert len(shown) == len(pages[lang].charts) >= 8
        for name, caption in shown.items():
            assert caption.startswith(f"{word}{title} · "), name
        for chart in pages[lang].charts:
            assert chart.title.startswith(word)
    # and the drawing itself carries it: each chart is stamped
    stamped = []
    real = charts.stamp
    monkeypatch.setattr(
        charts, "stamp", lambda fig, t, look: stamped.append(t) or real(fig, t, look)
    )
    page = build_report(ws, found, lang="en")
    assert stamped == [f"What if: {gaza.title}"] * len(page.charts)


def test_the_forecast_page_is_not_stamped(central, results, monkeypatch):
    stamped = []
    monkeypatch.setattr(charts, "stamp", lambda *a: stamped.append(a))
    page = build_report(central, results, lang="en")
    assert stamped == []
    assert "What if" not in re.search(r"<title>(.*?)</title>", page.html).group(1)


def test_a_what_if_page_labels_the_forecast_and_the_hypothetical(central, results, whatif_pages):
    ws, found, pages = whatif_pages
    lead = next(
        i for i in found.ranking.order if not scoring.status_label(central, central.country_ids[i])
    )
    forecast, hypo = results.ranking, found.ranking
    assert found.forecast is not None
    assert np.allclose(found.forecast.probability, forecast.probability, equal_nan=True)

    def short(r):
        return f"{pw.percent(float(r.probability[lead]), *r.interval_of(lead))} " + (
            f"({pw.interval(*r.interval_of(lead))})"
        )

    first = judgements(pages["en"].html)[0]
    assert first == (
        "This page is a hypothetical, not the forecast: "
        f"{ws.whatifs['gaza_escalation'].title}. The forecast gives "
        f"{central.profiles[lead].name} {short(forecast)}; this hypothetical gives {short(hypo)}."
    )
    # the what-if table compares with this page's hypothetical, not with a "Baseline"
    section = pages["en"].html[pages["en"].html.index('id="whatifs"') :]
    section = section[: section.index("</section>")]
    assert "This page&#39;s hypothetical" in section and ">Baseline<" not in section
    assert "افتراض هذه الصفحة" in pages["ar"].html


def test_a_what_if_page_leaves_the_forecast_history_out(tmp_path):
    ws = load_workspace(ledgered(tmp_path / "ws"))
    forecast = build_report(ws, report(ws, **SMALL), lang="en")
    assert "history" in forecast.sections
    hypo = apply_all(ws, weights=["a=3"])
    for lang, said in (
        ("en", "The ledger's history is that of the forecast, not of this hypothetical"),
        ("ar", "تاريخ دفتر التوقعات هو تاريخ التوقع لا تاريخ هذا الافتراض"),
    ):
        page = build_report(hypo, report(hypo, **SMALL), lang=lang)
        assert "history" not in page.sections
        assert 'id="history"' not in page.html and 'data-chart="history"' not in page.html
        assert any(point.startswith(said) for point in judgements(page.html))


# --- one name per probability ----------------------------------------------------------------


def test_the_probability_alone_and_with_the_peer_effect_are_named_apart(pages):
    html = pages["en"].html
    ranking = html[html.index('id="ranking"') : html.index('id="contributions"')]
    assert "P alone, ≤ 5 years" in ranking
    assert "احتمالها وحدها خلال" in pages["ar"].html
    assert "These probabilities are each country&#39;s alone" in ranking
    cascade = html[html.index('id="cascade"') : html.index('id="backtest"')]
    # the section's own table, not the charts' numbers a click away
    cascade = re.sub(r'<details class="chart-data">.*?</details>', "", cascade, flags=re.S)
    heads = [text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", cascade)]
    assert heads == [
        "Country",
        "Alone (simulated)",
        "90% interval",
        "With the peer effect",
        "90% interval",
        "Peer effect (points)",
    ]
    assert "Without peers" not in html and "With peers" not in html


def test_the_cascade_gives_each_probability_its_interval(central, results, pages):
    c = results.cascade
    # the 90% interval over the draws of the link and the peer effect, each draw a group of runs
    group = np.arange(c.runs) % c.groups
    rows = {}
    for sim, name in ((c.without_peers, "alone"), (c.with_peers, "with")):
        joined = sim.years <= c.horizon
        per_group = np.array([joined[group == g].mean(axis=0) for g in range(c.groups)])
        low, high = np.quantile(per_group, [0.05, 0.95], axis=0)
        p = joined.mean(axis=0)
        rows[name] = (p, low, high)
    html = pages["en"].html
    cascade = html[html.index('id="cascade"') : html.index('id="backtest"')]
    body = re.findall(r"<tr>(.*?)</tr>", cascade, flags=re.S)
    table = {
        text(cells[0]): [text(c) for c in cells[1:]]
        for cells in (re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S) for row in body)
        if cells
    }
    shown = 0
    for i, profile in enumerate(central.profiles):
        if c.already[i]:
            assert profile.name not in table
            continue
        cells = table[profile.name]
        for k, name in ((0, "alone"), (2, "with")):
            p, low, high = (a[i] for a in rows[name])
            assert cells[k] == pw.percent(float(p), low, high)
            assert cells[k + 1] == pw.interval(low, high)
            assert low < high  # an interval, not a point
        shown += 1
    assert shown == 4


def test_the_key_judgements_name_six_others_and_count_the_rest(tmp_path):
    """12 open countries: the lead, six others by name, then how many more (the ranking lists
    them all); the key stays short enough to read first."""
    profiles = {
        f"c{i}": (
            f"id: C{i:02d}\nname: Country {i}\n"
            f"factors:\n  a: {i % 11}\n  b: {(3 * i) % 11}\n  c: {(7 * i) % 11}\n"
        )
        for i in range(12)
    }
    ws = load_workspace(tiny.write(tmp_path / "ws", model=LINKED, profiles=profiles))
    page = build_report(ws, report(ws, **SMALL), lang="en")
    others = next(p for p in judgements(page.html) if p.startswith("The others"))
    assert others.count("Country ") == 6
    assert others.endswith(", and 5 more.")


def test_a_what_if_page_is_deterministic_too(whatif_pages):
    ws, _, pages = whatif_pages
    again = build_report(ws, report(ws, **SMALL), lang="ar")
    assert again.html == pages["ar"].html
    assert [c.svg for c in again.charts] == [c.svg for c in pages["ar"].charts]
