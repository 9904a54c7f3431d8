"""The Arabic page in Arabic: every sentence the tool writes is Arabic, the workspace's own
Arabic texts (`*_ar`) are used and a missing one is an English block marked as quoted, every
number, range and sign is one left-to-right isolate, and exported charts carry their title,
source and date."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from scenarios import __version__
from scenarios.api import load_workspace, prepare, record, report
from scenarios.reporting.builder import build_report, write_charts

from .. import tiny

SMALL = {"samples": 200, "runs": 200, "seed": 7}
# Text on the page that is not the tool's own sentence: text quoted from the files as written
# (class "quoted", marked with its language), ids, file names and commands (<code>, class
# "code"), and the host a link shows (<a>). Nothing else is excused.
EXCUSED_CLASSES = {"quoted", "code"}
EXCUSED_TAGS = {"code", "a", "style", "script", "svg", "head"}
VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "col", "source"}
NUMBER_OR_SIGN = re.compile(r"[0-9+−%]")
LATIN = re.compile(r"[A-Za-z]")


class Script(HTMLParser):
    """The page's visible text, sorted by where it stands: tool-written text outside any
    excused element (`latin` keeps the runs with a Latin letter), text outside a left-to-right
    isolate (`loose` keeps the runs with a digit, a sign or a percent sign), and the text of
    each left-to-right isolate (`isolates`)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []
        self.latin: list[str] = []
        self.loose: list[str] = []
        self.isolates: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        _, excused, ltr = self.stack[-1] if self.stack else ("", False, False)
        excused = excused or tag in EXCUSED_TAGS or bool(classes & EXCUSED_CLASSES)
        opens = a.get("dir") == "ltr" and not ltr
        if opens and not excused:
            self.isolates.append("")
        self.stack.append((tag, excused, ltr or a.get("dir") == "ltr"))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        _, excused, ltr = self.stack[-1] if self.stack else ("", False, False)
        if excused:
            return
        if LATIN.search(data):
            self.latin.append(data.strip())
        if ltr:
            self.isolates[-1] += data
        elif NUMBER_OR_SIGN.search(data):
            self.loose.append(data.strip())


@pytest.fixture(scope="module")
def central():
    return load_workspace("central-asia")


@pytest.fixture(scope="module")
def arabic(central):
    return build_report(central, report(central, **SMALL), lang="ar")


@pytest.fixture(scope="module")
def pages(central, tmp_path_factory):
    """Arabic pages that between them hold every section and every sentence the bundled
    workspaces lead to: the forecast with its ledger's history and every what-if, a what-if
    page, a panel, and the backtest cohort."""
    ledger = tmp_path_factory.mktemp("ledger") / "ledger.jsonl"
    record(central, ledger=ledger, date="2026-06-01", note="first")
    record(central, ledger=ledger, date="2026-07-01", note="second", sets=["UZ.us_engagement=9"])
    whatif = prepare(central, whatifs=["gaza_escalation"], weights=["us_engagement=2"])
    panel = prepare(central, panel="example-panel")
    cohort = load_workspace("abraham-2020")
    return {
        "history": build_report(central, report(central, ledger=ledger, **SMALL), lang="ar"),
        "whatif": build_report(whatif, report(whatif, **SMALL), lang="ar"),
        "panel": build_report(panel, report(panel, **SMALL), lang="ar"),
        "cohort": build_report(cohort, report(cohort, **SMALL), lang="ar"),
    }


# --- the tool writes Arabic -----------------------------------------------------------------


@pytest.mark.slow
def test_the_arabic_page_has_no_tool_written_latin(arabic, pages):
    for name, page in {"forecast": arabic, **pages}.items():
        assert Script(page.html).latin == [], name


def test_the_scanner_sees_latin_outside_the_excused_elements():
    page = Script(
        '<p>عربي <bdi class="quoted" lang="en">as written</bdi> <code>central-asia</code> '
        '<a href="https://x.org">x.org</a> <span class="code">scenarios 0.1.0</span> '
        "and this</p>"
    )
    assert page.latin == ["and this"]


def test_the_bundled_workspaces_carry_every_arabic_text(arabic, pages):
    """No English fallback: titles, questions, events, what-ifs, status notes, the link's
    transfer note all have their Arabic (a missing one would be a warning)."""
    for name, page in {"forecast": arabic, **pages}.items():
        assert [str(w) for w in page.warnings] == [], name
        assert 'class="quoted block"' not in page.html, name


def test_the_workspace_arabic_is_on_the_arabic_page(arabic, central):
    html = arabic.html
    assert "<h1>آسيا الوسطى واتفاقات أبراهام</h1>" in html
    assert central.model.title not in html  # not even in <title>
    assert "<title>آسيا الوسطى واتفاقات أبراهام</title>" in html
    gaza = central.whatifs["gaza_escalation"]
    assert gaza.title_ar and gaza.title_ar in html
    assert gaza.description_ar and gaza.description_ar[:40] in html
    assert gaza.description[:40] not in html
    note = central.profile("UZ").status.note_ar
    assert note and note[:30] in html


def test_the_tool_sentences_that_were_english_are_arabic(arabic, pages):
    text = re.sub(r"<[^>]+>", "", arabic.html)
    # the link's source, from the base rate's window (1 of the 5 states, as observed)
    assert "المقطع مضبوط بحيث تتوقّع الدالة انضمام 1 من 5 خلال 5.7 سنة، كما رُصد فعلًا" in text
    assert "intercept" not in arabic.html
    # the file's weights against equal weights, out of sample (+0.260 vs +0.268 in model.yaml)
    assert "المهارة +0.260 مقابل +0.268" in text
    # the panel's rule: the mean of the values, the linear pool of the probabilities
    panel = re.sub(r"<[^>]+>", "", pages["panel"].html)
    assert "القيم: المتوسط، والاحتمالات: التجميع الخطي" in panel
    assert "linear pool" not in pages["panel"].html


def test_the_english_page_keeps_its_sentences(central):
    html = build_report(central, report(central, **SMALL), lang="en").html
    text = re.sub(r"<[^>]+>", "", html)
    assert "intercept: 1 of 5 expected in 5.7 years, as observed" in text
    assert "out of sample no better than equal weights (skill +0.260 vs +0.268)" in text
    assert "<h1>Central Asia and the Abraham Accords</h1>" in html
    # the page's own text (the bibliography may name a work's Arabic title beside its English)
    assert "آسيا الوسطى" not in html[: html.index('id="references"')]


# --- a workspace without Arabic ---------------------------------------------------------------


def test_a_missing_arabic_text_is_an_english_block_with_a_warning(tmp_path):
    model = tiny.MODEL.replace(
        "question: Which will happen?",
        "title_ar: صغير\nquestion: Which will happen?",
    )
    whatif = (
        "title: Up\ntitle_ar: صعود\ndescription: A rises.\nvalues:\n  - {factor: a, shift: 1}\n"
    )
    ws = load_workspace(tiny.write(tmp_path / "ws", model=model, whatifs={"up": whatif}))
    page = build_report(ws, report(ws, samples=200, runs=10), lang="ar")
    html = page.html
    assert "<h1>صغير</h1>" in html
    assert '<bdi class="quoted block" lang="en" dir="ltr">Which will happen?</bdi>' in html
    assert '<bdi class="quoted block" lang="en" dir="ltr">A rises.</bdi>' in html
    assert "صعود" in html
    warned = [str(w) for w in page.warnings if "_ar" in str(w) and "label" not in str(w)]
    assert any(
        re.search(r"model\.yaml:4:\d+: question has no question_ar; the English text is shown", w)
        for w in warned
    ), warned
    assert any(
        re.search(r"up\.yaml:3:\d+: description has no description_ar", w) for w in warned
    ), warned
    assert not any("title has no title_ar" in w for w in warned)


def test_the_schema_takes_the_arabic_fields():
    import scenarios

    model = scenarios.json_schema("model")
    assert {"title_ar", "question_ar"} <= set(model["properties"])
    assert "definition_ar" in model["$defs"]["Event"]["properties"]
    assert "description_ar" in model["$defs"]["Factor"]["properties"]
    assert "transfer_ar" in model["$defs"]["LinkSettings"]["properties"]
    whatif = scenarios.json_schema("whatif")["properties"]
    assert {"title_ar", "description_ar"} <= set(whatif)
    profile = scenarios.json_schema("profile")
    assert "note_ar" in profile["$defs"]["Status"]["properties"]


# --- numbers, ranges and signs ------------------------------------------------------------------

RANGE = re.compile(r"([<>]?)([+−]?\d[\d.,]*)(%?)–([<>]?)([+−]?\d[\d.,]*)(%?)")


def test_every_number_of_the_arabic_page_is_in_a_left_to_right_isolate(arabic, pages):
    for name, page in {"forecast": arabic, **pages}.items():
        assert Script(page.html).loose == [], name


def test_every_range_reads_low_to_high_in_one_isolate(arabic, pages):
    ranges = 0
    for page in (arabic, *pages.values()):
        for isolate in Script(page.html).isolates:
            for match in RANGE.finditer(isolate):
                if re.fullmatch(r"\d{4}-\d{2}-\d{2}", isolate):
                    continue
                low = float(match.group(2).replace("−", "-").replace(",", ""))
                high = float(match.group(5).replace("−", "-").replace(",", ""))
                assert low <= high, isolate
                ranges += 1
    assert ranges > 20  # the rank chart's intervals, the probability intervals, the evidence


def test_the_sign_and_the_range_stand_inside_their_isolate(arabic):
    html = arabic.html
    # the cascade's spur: '(+2.4 نقطة مئوية)' with the sign inside, never '(2.4+ ...)'
    spur = re.search(r"\((<bdi dir=\"ltr\">[^<]*</bdi>) نقطة مئوية\)", html)
    assert spur and re.fullmatch(r'<bdi dir="ltr">[+−]\d+\.\d</bdi>', spur.group(1)), spur
    # the probability's interval: one isolate '3–94%', never '3%' and '94%' round a dash
    interval = re.search(r"مجاله بنسبة <bdi dir=\"ltr\">90%</bdi>: (<bdi[^>]*>[^<]*</bdi>)\)", html)
    assert interval and re.fullmatch(r'<bdi dir="ltr">\d+–\d+%</bdi>', interval.group(1))
    assert not re.search(r"</bdi>–<bdi", html)


def test_english_evidence_is_a_left_to_right_block(arabic):
    html = arabic.html
    notes = re.findall(r'<td class="note quoted" lang="en" dir="ltr"[^>]*>', html)
    assert len(notes) == 5 * 9  # every factor of every country has an English note
    assert ".quoted.block { display: block;" in html
    assert '.quoted[dir="ltr"] { text-align: left; }' in html


# --- exported charts ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.slow
def test_an_exported_chart_carries_its_title_source_and_date(central, tmp_path, lang):
    from PIL import Image

    page = build_report(central, report(central, **SMALL), lang=lang, png=True)
    written = write_charts(page, tmp_path)
    assert len(written) == 2 * len(page.charts)
    source = {"en": "Source: ", "ar": "المصدر: "}[lang]
    for chart in page.charts:
        svg = (tmp_path / f"{chart.name}.svg").read_text(encoding="utf-8")
        # what is drawn: each text the chart draws (as paths) is named in a comment before it
        drawn = [re.sub("[\u2066\u2069]", "", t) for t in re.findall(r"<!-- (.*?) -->", svg, re.S)]
        assert chart.title in " ".join(drawn)  # a long title is drawn in lines
        line = next(t for t in drawn if t.startswith(source))
        assert f"scenarios {__version__}" in line
        assert "scenarios/central-asia" in line and "2026-05-31" in line
        # what the file says of itself
        assert f"<dc:title>{chart.title}</dc:title>" in svg
        assert "<dc:date>2026-05-31</dc:date>" in svg
        assert f"<dc:source>{source}scenarios {__version__}" in svg
        image = Image.open(io.BytesIO((tmp_path / f"{chart.name}.png").read_bytes()))
        assert image.text["Title"] == chart.title
        assert image.text["Date"] == "2026-05-31"
        assert image.text["Source"].startswith(source)
        # the page's own drawing has no title or source: its caption says them
        inline = re.search(
            rf'<figure class="chart" id="chart-{chart.name}".*?</figure>', page.html, re.S
        )
        assert inline and source not in inline.group(0)
