"""The report page: deterministic bytes, every country and factor, both languages with the same
numbers, warnings for missing Arabic and missing glyphs, self-contained HTML, the CLI command."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenarios.analyses.assessment import backtest_cohort, resolved
from scenarios.api import load_workspace, report
from scenarios.cli.app import app
from scenarios.reporting import charts
from scenarios.reporting.builder import build_report, write_charts
from scenarios.reporting.formatting import split_source
from scenarios.workspace.lang import Names

from .. import tiny

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
SMALL = {"samples": 300, "runs": 300, "seed": 7}


class Page(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.tags: Counter[str] = Counter()
        self.root: dict[str, str] = {}
        self.num_cells: list[str] = []
        self.links: list[str] = []
        self.external: list[str] = []
        self._in_num = 0
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        if tag == "html":
            self.root = a
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a":
            self.links.append(a.get("href", ""))
        for key in ("src", "srcset", "poster", "data"):
            if key in a:
                self.external.append(a[key])
        if tag == "link" or (tag == "script" and "src" in a):
            self.external.append(tag)
        if tag == "td" and "num" in (a.get("class") or "").split():
            self._in_num = 1
            self._text = []

    def handle_endtag(self, tag):
        if tag == "td" and self._in_num:
            self.num_cells.append("".join(self._text).strip())
            self._in_num = 0

    def handle_data(self, data):
        if self._in_num:
            self._text.append(data)


@pytest.mark.slow
def test_building_twice_gives_the_same_bytes(central):
    first = build_report(central, report(central, **SMALL), lang="ar")
    second = build_report(central, report(central, **SMALL), lang="ar")
    assert first.html == second.html
    assert [c.svg for c in first.charts] == [c.svg for c in second.charts]


def test_a_different_seed_gives_a_different_page(central, pages):
    other = build_report(central, report(central, samples=300, runs=300, seed=8), lang="en")
    assert other.html != pages["en"].html


def test_the_page_names_every_country_and_factor_in_its_language(central, pages):
    en, ar = pages["en"].html, pages["ar"].html
    for profile in central.profiles:
        assert profile.name in en
        assert profile.name_ar in ar
        assert f'id="evidence-{profile.id}"' in en
    for factor in central.model.factors.values():
        assert factor.label in en
        assert factor.label_ar in ar


def test_both_languages_hold_the_same_numbers(pages):
    def numbers(html):
        return [re.findall(r"[+−-]?\d[\d.,]*%?", cell) for cell in Page(html).num_cells]

    en, ar = numbers(pages["en"].html), numbers(pages["ar"].html)
    assert sum(map(len, en)) > 200
    assert en == ar


def test_language_and_direction(pages):
    assert Page(pages["en"].html).root == {"lang": "en", "dir": "ltr"}
    assert Page(pages["ar"].html).root == {"lang": "ar", "dir": "rtl"}
    assert "الترتيب" in pages["ar"].html and "Ranking" not in Page(pages["ar"].html).ids


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_ids_are_unique_and_nothing_is_fetched(pages, lang):
    page = Page(pages[lang].html)
    duplicates = [i for i, n in Counter(page.ids).items() if n > 1]
    assert duplicates == []
    assert page.external == []  # no <img src>, <link>, <script src>
    assert not re.search(r"url\((?!data:|#)", pages[lang].html)  # no font or image by address
    assert "default-src 'none'" in pages[lang].html
    assert all(link.startswith(("#", "https://", "http://")) for link in page.links)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_section_and_chart_is_there(pages, lang):
    page = pages[lang]
    assert page.sections == (
        "key",
        "ranking",
        "method",
        "contributions",
        "tornado",
        "critical",
        "acceptability",
        "whatifs",
        "cascade",
        "backtest",
        "evidence",
        "references",
    )
    names = [c.name for c in page.charts]
    assert names == [
        "probabilities",
        "score-intervals",
        "contributions",
        "tornado",
        "acceptability",
        "whatifs",
        "cascade-years",
        "cascade-spur",
        "reliability",
    ]
    for chart in page.charts:
        assert chart.svg.startswith("<?xml")
        assert "<path" in chart.svg
        assert f'data-chart="{chart.name}"' in page.html
        assert "<text" not in chart.svg  # text drawn as paths: no font needed to show it


def test_no_glyph_is_missing_from_the_fonts(pages):
    for page in pages.values():
        assert [str(w) for w in page.warnings] == []


def test_a_missing_glyph_is_reported_not_drawn_as_a_silent_box(tmp_path):
    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace("name: Xland", "name: Xland\nname_ar: 中国")
    ws = load_workspace(tiny.write(tmp_path / "ws", profiles=profiles))
    page = build_report(ws, report(ws, **SMALL), lang="ar")
    messages = [str(w) for w in page.warnings]
    assert any("U+4E2D" in m and "chart" in m for m in messages), messages
    assert any("fonts lack" in m and "U+4E2D" in m for m in messages), messages


def test_a_workspace_without_arabic_labels_builds_with_warnings(tmp_path):
    ws = load_workspace(tiny.write(tmp_path / "ws"))
    page = build_report(ws, report(ws, **SMALL), lang="ar")
    messages = [str(w) for w in page.warnings]
    assert any("X has no name_ar; the English name 'Xland' is shown" in m for m in messages)
    assert any(re.search(r"model\.yaml:\d+:\d+: factor 'a' has no label_ar", m) for m in messages)
    assert any(re.search(r"x\.yaml:2:7: X has no name_ar", m) for m in messages)
    assert "Xland" in page.html and "Factor A" in page.html
    assert 'dir="rtl"' in page.html
    # the English page needs no Arabic and warns about nothing
    assert build_report(ws, report(ws, **SMALL), lang="en").warnings == ()


def test_sections_follow_what_the_workspace_has(tmp_path):
    ws = load_workspace(tiny.write(tmp_path / "ws"))
    page = build_report(ws, report(ws, **SMALL), lang="en")
    # no link, no cascade block, no what-ifs, no resolved outcomes, other factors than the cohort
    assert page.sections == (
        "key",
        "ranking",
        "method",
        "contributions",
        "tornado",
        "critical",
        "acceptability",
        "evidence",
    )
    assert "not a probability" in page.html


def test_the_backtest_uses_the_cohort_until_the_workspace_has_resolved_outcomes(central):
    cohort = load_workspace("abraham-2020")
    assert resolved(cohort)
    assert not resolved(central)  # four states have not joined *yet*
    found, own = backtest_cohort(central)
    assert found.model.title == cohort.model.title and not own
    assert backtest_cohort(cohort)[1] is True


def test_footer_states_version_hash_options_and_overrides(central):
    from scenarios.workspace.whatif import apply_all

    ws = apply_all(central, weights=["us_engagement=2"], whatifs=["gaza_escalation"])
    page = build_report(ws, report(ws, **SMALL), lang="en")
    footer = page.html[page.html.index('id="reproduce"') :]
    assert ws.content_hash in footer
    assert "--weight us_engagement=2" in footer and "--whatif gaza_escalation" in footer
    assert "--seed 7" in footer and "--samples 300" in footer and "--runs 300" in footer
    # the what-if applied to the baseline is not compared with itself (no table of its own)
    section = page.html[page.html.index('id="whatifs"') : page.html.index('id="cascade"')]
    captions = re.findall(r"<h3>(.*?)</h3>", section)
    assert len(captions) == len(central.whatifs) - 1
    assert not any("Renewed Gaza escalation" in caption for caption in captions)


def test_no_clock_in_the_page(pages):
    import datetime as dt

    today = dt.date.today().isoformat()
    assert today not in pages["en"].html
    assert "2026-01-28" in pages["en"].html  # the evidence date


def test_stale_evidence_is_marked(central, pages):
    # values dated more than stale_after_years (2) before the latest evidence (2026-01-28)
    assert pages["en"].html.count('<span class="badge stale">stale</span>') == 3
    assert pages["ar"].html.count('<span class="badge stale">قديمة</span>') == 3


def test_sources_become_links():
    parts = split_source("facts §2 R – share https://en.trend.az/business/1.html; more")
    assert parts == [
        ("facts §2 R – share ", None),
        ("en.trend.az", "https://en.trend.az/business/1.html"),
        ("; more", None),
    ]


def test_names_fall_back_to_english_once_per_name(tmp_path):
    ws = load_workspace(tiny.write(tmp_path / "ws"))
    names = Names(ws, "ar")
    assert names.country("X") == names.country("X") == "Xland"
    assert len(names.warnings) == 1
    assert Names(ws, "en").country("X") == "Xland"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        Names(ws, "fr")


def test_numbers_are_isolated_in_right_to_left_chart_text():
    assert charts.isolate_numbers("الوزن −50%") == "الوزن \u2066−50%\u2069"
    assert charts.isolate_numbers("5–95% من") == "\u20665–95%\u2069 من"
    assert charts.isolate_numbers("{score2}") == "{score2}"
    # a date is one unit: split, an Arabic page would show 2025-10-07 as 07-2025-10
    assert charts.isolate_numbers("في 2025-10-07") == "في \u20662025-10-07\u2069"


def test_the_arabic_evidence_dates_read_whole():
    ws = load_workspace("central-asia")
    html = build_report(ws, report(ws, **SMALL), lang="ar").html
    appendix = html[html.index('id="evidence"') :]
    assert "\u20662025-10\u2069-\u206607\u2069" not in appendix
    dates = re.findall(r'<td class="date[^"]*"[^>]*>(.*?)</td>', appendix)
    assert dates and all(
        re.fullmatch(r'(<bdi dir="ltr">)?\d{4}-\d{2}-\d{2}(</bdi>)?(.*)', d, re.S) for d in dates
    ), dates[:5]


def test_svg_ids_get_the_chart_prefix():
    svg = '<svg><defs><path id="a1"/></defs><use xlink:href="#a1"/><g clip-path="url(#a1)"/></svg>'
    assert charts.prefix_ids(svg, "c-x") == (
        '<svg><defs><path id="c-x-a1"/></defs><use xlink:href="#c-x-a1"/>'
        '<g clip-path="url(#c-x-a1)"/></svg>'
    )


def test_charts_as_svg_and_png(central, results, tmp_path):
    page = build_report(central, results, lang="ar", png=True)
    written = write_charts(page, tmp_path / "charts")
    assert len(written) == 2 * len(page.charts)
    for chart in page.charts:
        png = (tmp_path / "charts" / f"{chart.name}.png").read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 5_000
        assert (tmp_path / "charts" / f"{chart.name}.svg").read_text() == chart.svg


# --- the command ------------------------------------------------------------------------


@pytest.fixture
def run():
    runner = CliRunner(env=ENV)

    def invoke(*args):
        return runner.invoke(app, [str(a) for a in args])

    return invoke


def test_report_command_writes_the_page(run, tmp_path):
    ws = tiny.write(tmp_path / "ws")
    out = tmp_path / "r.html"
    result = run("report", "-w", ws, "-o", out, "--samples", 200, "--runs", 50, "--lang", "ar")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="ar"' in html
    assert "warning:" in result.stderr and "has no name_ar" in result.stderr
    assert f"wrote {out}" in result.stderr


def test_report_command_writes_charts(run, tmp_path):
    ws = tiny.write(tmp_path / "ws")
    charts_dir = tmp_path / "charts"
    result = run(
        "report", "-w", ws, "-o", tmp_path / "r.html", "--samples", 200, "--charts", charts_dir
    )
    assert result.exit_code == 0, result.output
    stems = sorted(p.name for p in charts_dir.iterdir())
    assert "contributions.png" in stems and "contributions.svg" in stems
    assert len(stems) % 2 == 0


def test_report_command_errors_are_one_line(run, tmp_path):
    ws = tiny.write(tmp_path / "ws")
    result = run("report", "-w", ws, "-o", tmp_path / "no" / "r.html", "--samples", 200)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: cannot write")
    assert len(result.stderr.strip().splitlines()) == 1
    bad = run("report", "-w", ws, "--lang", "fr")
    assert bad.exit_code == 2
    (tmp_path / "file").write_text("x")
    clash = run(
        "report",
        "-w",
        ws,
        "-o",
        tmp_path / "r.html",
        "--samples",
        200,
        "--charts",
        tmp_path / "file",
    )
    assert clash.exit_code == 2


def test_report_module_imports_no_terminal_code():
    import subprocess
    import sys

    code = (
        "import sys, scenarios.reporting.builder, scenarios.reporting.charts, scenarios.io.datapackage; "
        "bad = [m for m in ('rich', 'typer', 'matplotlib', 'jinja2', 'scenarios.cli.app') "
        "if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_rank_does_not_import_the_report_stack():
    import subprocess
    import sys

    code = (
        "import sys; from scenarios.cli.app import main; sys.argv = ['scenarios', 'rank', '-f', 'csv']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('matplotlib', 'jinja2', 'fontTools', 'pandas', 'scenarios.reporting.builder') "
        "if m in sys.modules], file=sys.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
    )
    assert out.stderr.strip().splitlines()[-1] == "['pandas']"  # csv needs pandas; nothing else


# --- the history of the ledger ----------------------------------------------------------------

LINKED = tiny.MODEL + "horizon_years: 4\nlink: {kind: logistic, intercept: -3, slope: 4}\n"
SVG = "{http://www.w3.org/2000/svg}"


def ledgered(root: Path, model: str = LINKED, records: int = 3, **each) -> Path:
    """The tiny workspace with `records` forecasts in its ledger, a week apart."""
    import scenarios

    ws = tiny.write(root, model=model)
    for n in range(records):
        scenarios.record(
            ws,
            note=f"update {n + 1}",
            date=f"2026-03-{1 + 7 * n:02d}",
            sets=[f"Z.a={2 + n}"],
            **each,
        )
    return ws


def marks(svg: str, kind: str) -> dict[int, int]:
    """Panel index -> the number of marks (<use> of a marker) in the group `kind-N` of the
    history chart."""
    import xml.etree.ElementTree as ET

    found = {}
    for group in ET.fromstring(svg.encode()).iter(f"{SVG}g"):
        match = re.fullmatch(rf"c-history-{kind}-(\d+)", group.get("id", ""))
        if match:
            found[int(match.group(1))] = sum(1 for _ in group.iter(f"{SVG}use"))
    return found


def plain(html: str) -> str:
    """The text of some HTML (charts left out; tags removed, entities decoded)."""
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", re.sub(r"<svg\b.*?</svg>", "", html, flags=re.S)))


def test_no_ledger_no_history_section(tmp_path):
    ws = load_workspace(tiny.write(tmp_path / "ws", model=LINKED))
    page = build_report(ws, report(ws, **SMALL), lang="en")
    assert "history" not in page.sections
    assert "history" not in [c.name for c in page.charts]
    assert 'id="history"' not in page.html and "Ledger" not in page.html


def test_the_history_section_shows_each_country_at_each_record(tmp_path):
    ws = load_workspace(ledgered(tmp_path / "ws"))
    page = build_report(ws, report(ws, **SMALL), lang="en")
    # after the analyses of the current state, before the evidence
    assert page.sections == (
        "key",
        "ranking",
        "method",
        "contributions",
        "tornado",
        "critical",
        "acceptability",
        "history",
        "evidence",
    )
    assert '<li><a href="#history">History: how the forecasts moved</a></li>' in page.html
    chart = next(c for c in page.charts if c.name == "history")
    assert 'data-chart="history"' in page.html
    # panels in the latest record's rank order: X, Y (joined: no probability), Z
    points = marks(chart.svg, "points")
    assert points == {0: 3, 1: 0, 2: 3}
    assert set(marks(chart.svg, "band")) == {0, 2}  # a band, where there are probabilities
    section = plain(page.html[page.html.index('id="history"') : page.html.index('id="evidence"')])
    assert "3 forecasts recorded in the ledger ledger.jsonl, from 2026-03-01 to" in section
    assert "2026-03-01" in section and "2026-03-15" in section
    for n in (1, 2, 3):
        assert f"update {n}" in section
        assert f"--set Z.a={1 + n}" in section
    assert ws.content_hash[:8] in section
    assert "4 years" in section  # the horizon of each record
    assert "not comparable" not in section
    footer = page.html[page.html.index('id="reproduce"') :]
    assert "Ledger" in footer and "ledger.jsonl" in footer


def test_one_record_is_a_table_and_no_chart(tmp_path):
    ws = load_workspace(ledgered(tmp_path / "ws", records=1))
    page = build_report(ws, report(ws, **SMALL), lang="en")
    assert "history" in page.sections
    assert "history" not in [c.name for c in page.charts]
    section = page.html[page.html.index('id="history"') : page.html.index('id="evidence"')]
    assert "a history needs at least two records" in section
    assert "update 1" in section and "<figure" not in section


def test_without_probabilities_the_chart_shows_ranks(tmp_path):
    ws = load_workspace(ledgered(tmp_path / "ws", model=tiny.MODEL))
    page = build_report(ws, report(ws, **SMALL), lang="en")
    chart = next(c for c in page.charts if c.name == "history")
    assert marks(chart.svg, "points") == {0: 3, 1: 3, 2: 3}  # every country has a rank
    assert marks(chart.svg, "band") == {}
    assert "Rank at each record date (1 = first)" in page.html
    assert "The records hold no probabilities" in page.html


def test_records_of_other_horizons_or_aggregations_are_not_compared(tmp_path):
    import scenarios

    root = ledgered(tmp_path / "ws", records=2)
    scenarios.record(root, note="longer", date="2026-04-01", horizon=8)
    scenarios.record(root, note="geometric", date="2026-04-08", aggregation="geometric")
    ws = load_workspace(root)
    pages = {lang: build_report(ws, report(ws, **SMALL), lang=lang) for lang in ("en", "ar")}
    en = pages["en"].html
    assert "The records use different horizons (" in en
    assert "The records use different aggregations (" in en
    assert "largest move" not in en and "Rank changes" not in en  # no comparison across them
    assert "<th>Aggregation</th>" in en.replace(' class="" scope="col"', "")
    assert "غير قابلة للمقارنة" in pages["ar"].html
    chart = next(c for c in pages["en"].charts if c.name == "history")
    assert marks(chart.svg, "points")[0] == 4
    # the three records made otherwise than the latest (geometric) are drawn in grey
    assert marks(chart.svg, "muted")[0] == 3
    assert "made otherwise than the latest (not comparable)" in chart.svg


def test_notes_are_text_not_markup(tmp_path):
    import scenarios

    root = tiny.write(tmp_path / "ws", model=LINKED)
    scenarios.record(root, note="<script>alert(1)</script> & <b>bold</b>", date="2026-03-01")
    scenarios.record(root, note="second", date="2026-03-08")
    ws = load_workspace(root)
    for lang in ("en", "ar"):
        html = build_report(ws, report(ws, **SMALL), lang=lang).html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
        assert "<script" not in html and "<b>" not in html
        assert Page(html).tags["script"] == 0


def test_notes_are_marked_with_the_language_they_are_written_in(tmp_path):
    import re

    import scenarios

    root = tiny.write(tmp_path / "ws", model=LINKED)
    scenarios.record(root, note="تراجعت التحويلات من روسيا", date="2026-03-01")
    scenarios.record(root, note="remittances fell", date="2026-03-08")
    scenarios.record(root, note="Rubio: «رفع جاكسون–فانيك»", date="2026-03-15")
    ws = load_workspace(root)

    def cell(html: str, text: str) -> str:
        """The opening tag of the table cell that shows `text`."""
        return re.findall(r"<td[^>]*>(?=[^<]*" + re.escape(text) + ")", html)[0]

    en = build_report(ws, report(ws, **SMALL), lang="en").html
    ar = build_report(ws, report(ws, **SMALL), lang="ar").html
    assert 'lang="ar" dir="rtl"' in cell(en, "تراجعت")
    assert "lang=" not in cell(en, "remittances") and "dir=" not in cell(en, "remittances")
    assert "lang=" not in cell(ar, "تراجعت") and "dir=" not in cell(ar, "تراجعت")
    assert 'lang="en" dir="ltr"' in cell(ar, "remittances")
    for html in (en, ar):  # both scripts: no language claimed, the browser sets each run
        assert "lang=" not in cell(html, "Rubio")
    assert 'dir="auto"' in cell(ar, "Rubio")


def test_a_notes_control_characters_are_shown_and_its_lines_kept(tmp_path):
    import scenarios

    root = tiny.write(tmp_path / "ws", model=LINKED)
    scenarios.record(root, note="first line\nsecond \x1b[2J line", date="2026-03-01")
    ws = load_workspace(root)
    html = build_report(ws, report(ws, **SMALL), lang="en").html
    assert "\x1b" not in html
    assert "first line\nsecond \u241b[2J line" in html  # ESC shown as ␛; the line break kept
    assert "white-space: pre-line" in html


def test_a_bidi_control_in_file_text_cannot_reverse_a_reading(tmp_path):
    """A U+202E (RIGHT-TO-LEFT OVERRIDE) reverses what follows it to the end of its paragraph.
    Validation refuses it in a title; the page still shows any such text isolated (<bdi>) and
    the control as a mark, so nothing after it in the sentence is reordered."""
    import dataclasses

    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace(
        "c: {value: 5, sources: [s1]}", 'c: {value: 5, note: "abc\u202edef", sources: [s1]}'
    )
    whatif = "title: Up\nvalues: [{factor: a, shift: 1}]\n"
    ws = load_workspace(tiny.write(tmp_path / "ws", profiles=profiles, whatifs={"up": whatif}))
    title = "Lift\u202e sanctions"  # past validation, as a library caller might build it
    ws = dataclasses.replace(
        ws, whatifs={"up": ws.whatifs["up"].model_copy(update={"title": title})}
    )
    shown = "Lift\ufffd sanctions"
    readings = {
        "en": f"<p>The largest move: “<bdi>{shown}</bdi>” changes <bdi>Zland</bdi>&#39;s score",
        "ar": (
            f'أكبر تغيّر: السيناريو «<bdi class="quoted" lang="en" dir="ltr">{shown}</bdi>» '
            "يغيّر درجة"
        ),
    }
    for lang, reading in readings.items():
        html = build_report(ws, report(ws, **SMALL), lang=lang).html
        assert reading in html
        assert "abc\ufffddef</p>" in html  # the profile's note, in the evidence
        drawn = re.sub(r"<!--.*?-->", "", html, flags=re.S)  # the SVG's comments: not drawn
        assert "\u202e" not in drawn


@pytest.mark.parametrize(
    ("n", "en", "ar"),
    [
        (1, "a panel of 1 analyst (", "تقديرات لجنة من محلل واحد ("),
        (2, "the aggregate of a panel of 2 analysts (", "لجنة من محللَين اثنين ("),
        (3, "the aggregate of a panel of 3 analysts (", "لجنة من 3 محللين ("),
        (11, "the aggregate of a panel of 11 analysts (", "لجنة من المحللين، وعددهم 11 ("),
    ],
)
def test_the_panel_sentence_agrees_with_its_count(tmp_path, n, en, ar):
    root = tiny.write(tmp_path / "ws")
    (root / "panel").mkdir()
    for k in range(n):
        (root / "panel" / f"a{k}.yaml").write_text(
            f"analyst: A{k}\nvalues: {{Z: {{a: {k % 9}}}}}\n"
        )
    for lang, words in (("en", en), ("ar", ar)):
        ws = load_workspace(root)
        html = build_report(ws, report(ws, samples=200, runs=10), lang=lang).html
        header = html[: html.index("</dl>")]
        assert words in re.sub(r"<[^>]+>|[\u2066\u2069]", "", header)


def test_count_forms():
    from scenarios.reporting.texts import count_form

    forms = {n: count_form("ar", n) for n in (1, 2, 3, 10, 11, 99, 100, 101, 102)}
    assert forms == {
        1: "_one",
        2: "_two",
        3: "",
        10: "",
        11: "_many",
        99: "_many",
        100: "_many",
        101: "_many",
        102: "_many",
    }
    assert [count_form("en", n) for n in (1, 2, 3, 11)] == ["_one", "", "", ""]


def test_written_in():
    from scenarios.workspace.lang import written_in

    assert written_in("remittances fell") == "en"
    assert written_in("Éire") == "en"
    assert written_in("تراجعت التحويلات") == "ar"
    assert written_in("ﻻ") == "ar"  # a presentation form
    assert written_in("Rubio «رفع»") is None
    assert written_in("2026-03-01 (+3.2)") is None


def test_the_arabic_history_section(tmp_path):
    ws = load_workspace(ledgered(tmp_path / "ws"))
    page = build_report(ws, report(ws, **SMALL), lang="ar")
    section = page.html[page.html.index('id="history"') : page.html.index('id="evidence"')]
    assert "<h2>تاريخ التوقعات: كيف تغيّرت</h2>" in section
    assert "القيود" in section and '<bdi dir="ltr">4</bdi> سنوات' in section
    assert re.search(
        r'<td class="record-note quoted" lang="en" dir="ltr"[^>]*>update 1</td>', section
    )
    assert "history" in [c.name for c in page.charts]


def test_history_numbers_are_the_same_in_both_languages(tmp_path):
    ws = load_workspace(ledgered(tmp_path / "ws"))
    results = report(ws, **SMALL)

    def cells(lang):
        html = build_report(ws, results, lang=lang).html
        section = html[html.index('id="history"') : html.index('id="evidence"')]
        chart_numbers = r'<details class="chart-data">.*?</details>'  # the chart's own table
        return Page(re.sub(chart_numbers, "", section, flags=re.S)).num_cells

    assert cells("en") == cells("ar") == ["1", "2", "3"]


def test_report_command_takes_the_ledger_to_show(run, tmp_path):
    import scenarios

    ws = tiny.write(tmp_path / "ws", model=LINKED)
    other = tmp_path / "elsewhere.jsonl"
    for n, date in enumerate(("2026-03-01", "2026-03-08"), start=1):
        scenarios.record(ws, note=f"kept elsewhere {n}", date=date, ledger=other)
    out = tmp_path / "r.html"
    base = ("report", "-w", ws, "-o", out, "--samples", 200, "--runs", 50)
    assert run(*base).exit_code == 0
    assert 'id="history"' not in out.read_text(encoding="utf-8")  # ws/ledger.jsonl: none
    result = run(*base, "--ledger", other, "--charts", tmp_path / "charts")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert 'id="history"' in html and "kept elsewhere 2" in html
    assert f"--ledger {other}" in html  # the command that makes the page again
    assert (tmp_path / "charts" / "history.svg").read_text().startswith("<?xml")
    assert (tmp_path / "charts" / "history.png").read_bytes().startswith(b"\x89PNG")
    # a ledger named that is not there is a mistyped path, not a ledger without records
    missing = run(*base, "--ledger", tmp_path / "none.jsonl")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("error: no ledger at ") and "none.jsonl" in missing.stderr


def test_report_command_refuses_a_broken_ledger(run, tmp_path):
    ws = ledgered(tmp_path / "ws", records=2)
    ledger = ws / "ledger.jsonl"
    lines = ledger.read_text(encoding="utf-8").splitlines()
    ledger.write_text(lines[0] + "\n{not json\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = run("report", "-w", ws, "-o", out, "--samples", 200, "--runs", 50)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert re.fullmatch(r"error: \S*ledger\.jsonl:2:2: not valid JSON: .*", message), message
    assert not out.exists()


def test_many_countries_draw_the_first_thirty_and_say_so(tmp_path):
    import scenarios

    profiles = {
        f"c{i}": f"id: C{i:02d}\nname: Country {i}\nfactors:\n  a: {i % 11}\n  b: 5\n  c: 5\n"
        for i in range(32)
    }
    root = tiny.write(tmp_path / "ws", model=LINKED, profiles=profiles)
    scenarios.record(root, date="2026-03-01")
    scenarios.record(root, date="2026-03-08", horizon=2)  # another horizon: points not joined
    scenarios.record(root, date="2026-03-15", horizon=2)
    ws = load_workspace(root)
    page = build_report(ws, report(ws, **SMALL), lang="en")
    chart = next(c for c in page.charts if c.name == "history")
    assert marks(chart.svg, "points") == {i: 3 for i in range(30)}
    section = plain(page.html[page.html.index('id="history"') : page.html.index('id="evidence"')])
    assert "The chart shows the first 30 of the 32 countries" in section
    assert "The records use different horizons (2 years, 4 years)" in section
    # compared from the first record over the latest's horizon, as `scenarios history` does
    assert "Only 2 of the 3 records were made with the latest record's horizon" in section
    assert "No probability moved between the first and the latest record." in section
    assert "No country changed rank between the first and the latest record." in section


# --- many countries: the charts draw the first thirty, the tables keep them all ---------------

MANY = 40


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Both pages of a workspace of 40 countries, with a link, a cascade and a what-if."""
    profiles = {
        f"c{i}": (
            f"id: C{i:02d}\nname: Country {i}\nname_ar: البلد {i}\n"
            f"factors:\n  a: {{value: {i % 11}, low: 0, high: 10}}\n  b: {(3 * i) % 11}\n"
            f"  c: {(7 * i) % 11}\n"
        )
        for i in range(MANY)
    }
    model = LINKED + "cascade: {peer_effect: {value: 1}}\n"
    whatifs = {"up": "title: A rises\nvalues:\n  - factor: a\n    shift: 2\n"}
    root = tiny.write(
        tmp_path_factory.mktemp("many") / "ws", model=model, profiles=profiles, whatifs=whatifs
    )
    ws = load_workspace(root)
    results = report(ws, **SMALL)
    return {lang: build_report(ws, results, lang=lang) for lang in ("en", "ar")}


def svg_count(page, chart: str, kind: str) -> int:
    """How many groups of a kind a chart's SVG has: 'ytick' (a row of labels), 'xtick', 'axes'
    (a panel), 'country' (a line)."""
    svg = next(c.svg for c in page.charts if c.name == chart)
    return len(re.findall(rf'<g id="c-{chart}-{kind}[_-]\d+"', svg))


def figure(html: str, chart: str) -> str:
    start = html.index(f'data-chart="{chart}"')
    return html[start : html.index("</figure>", start)]


COUNTRY_CHARTS = (
    "score-intervals",
    "contributions",
    "tornado",
    "acceptability",
    "whatifs",
    "cascade-years",
    "cascade-spur",
)


@pytest.mark.slow
def test_many_countries_each_chart_draws_the_first_thirty(many):
    page = many["en"]
    assert {c.name for c in page.charts} >= set(COUNTRY_CHARTS)
    for chart in ("score-intervals", "contributions", "cascade-spur", "whatifs"):
        assert svg_count(page, chart, "ytick") == charts.MAX_COUNTRIES == 30, chart
    # a panel a country, two rows of six at most
    assert svg_count(page, "tornado", "axes") == charts.TORNADO_PANELS == 12
    # a line a country told apart by colour: no more lines than colours
    assert svg_count(page, "cascade-years", "country") == len(charts.PALETTE) == 12
    # the first 15 countries and ranks 1-15, then one column for ranks 16-40
    assert svg_count(page, "acceptability", "ytick") == charts.HEATMAP_COUNTRIES == 15
    assert svg_count(page, "acceptability", "xtick") == 16
    assert svg_count(page, "whatifs", "xtick") == 1  # a column a what-if, a row a country


def test_many_countries_each_capped_chart_says_so_in_both_languages(many):
    for chart in COUNTRY_CHARTS:
        en = plain(figure(many["en"].html, chart))
        ar = plain(figure(many["ar"].html, chart))
        n = {"cascade-years": 12, "tornado": 12, "acceptability": 15}.get(chart, 30)
        assert f"The chart draws the first {n} of the 40 countries, in rank order" in en, chart
        assert "scenarios export" in en and ".csv" in en
        assert f"يرسم المخطط أول {n} دولة من أصل 40 بترتيب الرتبة" in ar, chart
        assert "scenarios export" in ar
    with_table = plain(figure(many["en"].html, "contributions"))
    assert "the table below lists them all, as does contributions.csv" in with_table
    ranks = plain(figure(many["en"].html, "acceptability"))
    assert "its last column adds up ranks 16–40" in ranks
    assert "acceptability.csv, written by scenarios export, has every country" in ranks
    assert "ويجمع عموده الأخير الرتب 16–40" in plain(figure(many["ar"].html, "acceptability"))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_many_countries_the_tables_keep_every_country(many, lang):
    html = many[lang].html
    names = [f"البلد {i}" if lang == "ar" else f"Country {i}" for i in range(MANY)]

    def names_in(cls: str) -> list[str]:
        """The country of each row of the tables of a class (numbers' isolates removed)."""
        tables = "".join(re.findall(rf'<table class="{cls}">.*?</table>', html, flags=re.S))
        cells = re.findall(r'<td class="name"[^>]*>(.*?)</td>', tables)
        return [re.sub("[\u2066-\u2069]", "", plain(cell)) for cell in cells]

    for cls in ("ranking", "drivers", "whatif", "cascade"):
        assert sorted(names_in(cls)) == sorted(names), cls
        assert len(re.findall(rf'<table class="{cls}">', html)) == 2, cls  # first 30, the rest
    ranking = re.findall(r'<table class="ranking">.*?</table>', html, flags=re.S)
    assert [t.count("<tr") - 1 for t in ranking] == [30, 10]  # less the header row
    more = "Show the other 10 countries" if lang == "en" else "اعرض الدول الأخرى، وعددها 10"
    assert plain(html).count(more) == 4  # ranking, drivers, the what-if, the cascade
    # every country's evidence: the first 30 open, the other 10 folded under one summary
    assert len(re.findall(r'id="evidence-C\d\d"', html)) == MANY
    folded = html[html.index('id="evidence"') :].split("<details", 1)[1]
    assert len(re.findall(r'id="evidence-C\d\d"', folded)) == 10
    label = "Show the evidence for the other 10 countries"
    assert (label if lang == "en" else "اعرض أدلة الدول الأخرى، وعددها 10") in plain(folded)


def test_up_to_thirty_countries_nothing_is_cut(pages):
    for lang, page in pages.items():
        folded = '<details class="more"'  # (each chart's numbers are a click away: not cut)
        assert 'class="chart-note"' not in page.html and folded not in page.html, lang
        assert svg_count(page, "tornado", "axes") == 5
        assert svg_count(page, "acceptability", "xtick") == 5
        assert svg_count(page, "score-intervals", "ytick") == 5


def test_a_place_that_rests_on_a_factor_pointing_the_wrong_way_is_said(central, pages):
    """Turkmenistan's third place rests on russia_dependence, which orders the backtest's
    outcomes against its direction: the page says so, with the figures derived here."""
    import scenarios

    factors = scenarios.backtest("abraham-2020").factors_frame()
    wrong = [f for f in factors.index if factors.loc[f, "agreement"] == "wrong way"]
    assert wrong == ["russia_dependence"]
    auc = f"{factors.loc['russia_dependence', 'roc_auc']:.2f}"
    now = scenarios.rank(central).to_frame()
    without = scenarios.rank(central, weights={"russia_dependence": 0}).to_frame()
    assert (int(now.loc["TM", "rank"]), int(without.loc["TM", "rank"])) == (3, 5)
    en = " ".join(re.sub(r"[\u2066-\u2069]", "", plain(pages["en"].html)).split())
    assert (
        f"Turkmenistan's place (3 of 5) rests on Dependence on Russia, the factor that points "
        f"the wrong way in the backtest (alone, its ROC AUC is {auc}, below 0.5): with its "
        "weight at 0 it would be 5 of 5." in en
    )
    ar = " ".join(re.sub(r"[\u2066-\u2069]", "", plain(pages["ar"].html)).split())
    assert "يستند موقع تركمانستان (3 من 5) إلى عامل «الاعتماد على روسيا»" in ar
    assert f"وحده {auc}، أي دون 0.5): ولو كان وزنه صفرًا لكان ترتيبه 5 من 5." in ar
    # only a country that would fall is named: those that rise take the places it leaves
    rising = [c for c in now.index if int(without.loc[c, "rank"]) < int(now.loc[c, "rank"])]
    assert rising  # Kyrgyzstan and Tajikistan move up
    for cid in [*rising, "UZ"]:
        assert f"{now.loc[cid, 'name']}'s place" not in en


def test_the_interval_sentence_says_what_it_covers(pages):
    en = " ".join(plain(pages["en"].html).split())
    assert (
        "interval over the weights (around the file's and, for a share of the draws, around "
        "equal weights), the values and the link from score to probability" in en
    )
    assert "does not cover the choice of reference class" in en
    assert "does not include the uncertainty of the weights and values" not in en
