"""The report in a real browser: headless Chromium via Playwright opens both languages offline
and checks what a reader would see, then prints the page to PDF.

Needs the `playwright` package (dev extra) and a Chromium (Debian: `apt-get install chromium
fonts-noto-core`; or set SCENARIOS_CHROMIUM to its path). Playwright's own browser download is
never used. Without them the tests skip with the reason, except in CI (CI=true), where a
missing browser fails the run.

Screenshots of both languages are written to the test's temporary folder (printed with -s);
`UPDATE_SCREENSHOTS=1 pytest -n 0 tests/reporting/test_report_browser.py` also refreshes the README's copies
in docs/screenshots/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from scenarios.api import load_workspace, report
from scenarios.reporting.builder import build_report
from scenarios.reporting.pdf import CHROMIUM_ARGS, chromium_path

# a browser starts for these: minutes together, so `pytest -m 'not slow'` leaves them out
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1100, "height": 1400}


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where the browser tests must run."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[dev]')")
    executable = chromium_path()
    if executable is None:
        unavailable("no Chromium found (apt-get install chromium, or set SCENARIOS_CHROMIUM)")
    with sync_playwright() as p:
        try:
            launched = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:  # the browser would not start: say why
            unavailable(f"Chromium at {executable} did not start: {exc}")
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def workspace():
    return load_workspace("central-asia")


@pytest.fixture(scope="module")
def built(workspace, tmp_path_factory):
    """Both pages, as a user makes them (default samples), written to a temporary folder."""
    folder = tmp_path_factory.mktemp("report")
    paths = {}
    for lang in ("en", "ar"):
        page = build_report(workspace, report(workspace), lang=lang)
        path = folder / f"report-{lang}.html"
        path.write_text(page.html, encoding="utf-8")
        paths[lang] = (path, page)
    return paths


class Opened:
    def __init__(self, page, requests, errors, path):
        self.page = page
        self.requests = requests
        self.errors = errors
        self.path = path


@pytest.fixture(scope="module", params=["en", "ar"])
def opened(request, browser, built):
    path, _ = built[request.param]
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    requests: list[str] = []
    errors: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    yield Opened(page, requests, errors, path)
    context.close()


def lang_of(opened: Opened) -> str:
    return opened.path.stem.removeprefix("report-")


def test_nothing_goes_to_the_network(opened):
    others = [u for u in opened.requests if not u.startswith(("file://", "data:"))]
    assert others == []
    assert opened.requests[0] == opened.path.as_uri()


def test_no_console_error(opened):
    assert opened.errors == []


def test_language_and_direction(opened):
    lang = lang_of(opened)
    root = opened.page.evaluate(
        "[document.documentElement.lang, document.documentElement.dir, "
        "getComputedStyle(document.body).direction]"
    )
    assert root == [lang, "rtl" if lang == "ar" else "ltr", "rtl" if lang == "ar" else "ltr"]


def test_every_chart_is_present_and_drawn(opened, built):
    _, page = built[lang_of(opened)]
    found = opened.page.evaluate(
        """() => [...document.querySelectorAll('figure.chart')].map(f => {
            const svg = f.querySelector('svg'); const r = svg.getBoundingClientRect();
            return [f.dataset.chart, Math.round(r.width), Math.round(r.height),
                    svg.querySelectorAll('path, use').length];
        })"""
    )
    assert [name for name, *_ in found] == [c.name for c in page.charts]
    for name, width, height, marks in found:
        assert width > 300 and height > 120, name
        assert marks > 20, name


def test_no_duplicate_ids(opened):
    duplicates = opened.page.evaluate(
        """() => { const seen = {}; const dup = [];
            for (const e of document.querySelectorAll('[id]')) {
                if (seen[e.id]) dup.push(e.id); seen[e.id] = 1; }
            return dup; }"""
    )
    assert duplicates == []


SPILLS = """(selector) => {
            const out = [];
            for (const card of document.querySelectorAll(selector)) {
                const c = card.getBoundingClientRect();
                for (const e of card.querySelectorAll('svg, table, p, h2, h3, figcaption, li')) {
                    const r = e.getBoundingClientRect();
                    if (r.width === 0) continue;
                    if (r.left < c.left - 1 || r.right > c.right + 1)
                        out.push([card.id, e.tagName, Math.round(r.left), Math.round(r.right),
                                  Math.round(c.left), Math.round(c.right)]);
                }
                for (const w of card.querySelectorAll('.table-wrap'))
                    if (w.scrollWidth > w.clientWidth + 1) out.push([card.id, 'scrolls']);
            }
            return out; }"""


def test_nothing_spills_out_of_its_card(opened):
    assert opened.page.evaluate(SPILLS, ".card") == []


def test_chart_text_stays_inside_the_chart(opened):
    # text is drawn as paths: every glyph (a <use> of a glyph path) must lie inside its SVG
    outside = opened.page.evaluate(
        """() => { const out = [];
            for (const svg of document.querySelectorAll('figure.chart svg')) {
                const s = svg.getBoundingClientRect();
                for (const u of svg.querySelectorAll('use')) {
                    const r = u.getBoundingClientRect();
                    if (r.left < s.left - 1 || r.right > s.right + 1 ||
                        r.top < s.top - 1 || r.bottom > s.bottom + 1)
                        out.push(svg.closest('figure').dataset.chart);
                }
            }
            return [...new Set(out)]; }"""
    )
    assert outside == []


def test_the_evidence_table_is_complete(opened, workspace):
    rows = opened.page.evaluate(
        """() => [...document.querySelectorAll('table.evidence tbody tr')].map(tr =>
            [...tr.querySelectorAll('td')].map(td => td.textContent.trim()))"""
    )
    assert len(rows) == len(workspace.profiles) * len(workspace.factor_ids)
    for row in rows:
        assert len(row) == 6 and all(row[:5]), row
    links = opened.page.evaluate(
        "[...document.querySelectorAll('table.evidence a:not([href^=\"#\"])')].map(a => a.href)"
    )
    addresses = [
        s for p in workspace.profiles for e in p.factors.values() for s in e.sources if "http" in s
    ]
    assert len(links) >= len(addresses) > 100
    assert all(link.startswith("http") for link in links)
    stale = opened.page.evaluate("document.querySelectorAll('tr.stale .badge.stale').length")
    assert stale == 3


def test_prints_to_pdf_without_splitting_a_chart(opened, tmp_path):
    page = opened.page
    page.emulate_media(media="print")
    try:
        checks = page.evaluate(
            """() => [...document.querySelectorAll('figure.chart')].map(f =>
                [f.dataset.chart, getComputedStyle(f).breakInside,
                 Math.round(f.getBoundingClientRect().height)])"""
        )
    finally:
        page.emulate_media(media="screen")
    printable = (297 - 28) / 25.4 * 96  # A4 height less the margins, in CSS pixels
    for name, rule, height in checks:
        assert rule == "avoid", name
        assert height < printable, name
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 8, pages
    (tmp_path / f"{opened.path.stem}.pdf").write_bytes(pdf)
    assert len(pdf) > 100_000


def test_every_table_fits_the_printed_page(opened):
    """Paper cannot scroll sideways: at the width of A4 less its margins, printed, no table is
    wider than the page (an Arabic one would lose its leftmost columns)."""
    page = opened.page
    page.set_viewport_size({"width": round((210 - 28) / 25.4 * 96), "height": 1400})
    page.emulate_media(media="print")
    try:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('table')]
                .filter(t => t.getBoundingClientRect().width > document.body.clientWidth + 1)
                .map(t => t.className + ' ' + Math.round(t.getBoundingClientRect().width))"""
        )
    finally:
        page.emulate_media(media="screen")
        page.set_viewport_size(VIEWPORT)
    assert wide == []


def test_screenshots(opened, tmp_path_factory):
    """Full-page screenshots for a person to look at; UPDATE_SCREENSHOTS=1 refreshes the README's
    copies (the top of each page)."""
    folder = tmp_path_factory.mktemp("screenshots")
    name = opened.path.stem
    full = folder / f"{name}-full.png"
    opened.page.screenshot(path=str(full), full_page=True)
    assert full.stat().st_size > 100_000
    print(f"screenshot: {full}")
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        opened.page.evaluate("window.scrollTo(0, 0)")
        opened.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


# --- the history of a ledger ------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_history(tmp_path_factory):
    """Both pages of a copy of the bundled workspace with three records in its ledger (the
    README's month of updates, shortened)."""
    import scenarios

    folder = tmp_path_factory.mktemp("history")
    ws = scenarios.init(folder / "month")
    scenarios.record(ws, date="2026-05-31", note="baseline: the evidence of 31 May")
    scenarios.record(
        ws,
        date="2026-06-07",
        note="Kyrgyz remittances from Russia fell",
        sets=["KG.russia_dependence=6.5"],
    )
    scenarios.record(
        ws,
        date="2026-06-14",
        note="Jackson–Vanik repealed <for the four>",
        sets=["KG.russia_dependence=6.5", "UZ.us_engagement=7.5", "TM.us_engagement=3.5"],
    )
    paths = {}
    for lang in ("en", "ar"):
        prepared = scenarios.prepare(ws)
        page = build_report(prepared, report(prepared, samples=2_000, runs=2_000), lang=lang)
        path = folder / f"history-{lang}.html"
        path.write_text(page.html, encoding="utf-8")
        paths[lang] = path
    return paths


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_history_section_reads_in_both_languages(browser, with_history, lang, tmp_path):
    """The section drawn, inside its card, notes as text; a screenshot of it for a person to
    look at (UPDATE_SCREENSHOTS=1 also refreshes docs/screenshots/report-history-LANG.png)."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    try:
        page = context.new_page()
        page.goto(with_history[lang].as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready")
        width, height, dots = page.evaluate(
            """() => { const svg = document.querySelector('#chart-history svg');
                const r = svg.getBoundingClientRect();
                return [r.width, r.height,
                        svg.querySelectorAll('g[id^="c-history-points-"] use').length]; }"""
        )
        assert width > 600 and height > 250
        assert dots == 4 * 3  # Kazakhstan has joined: no probability, no dot
        assert page.evaluate(SPILLS, "#history") == []
        notes = page.evaluate(
            "[...document.querySelectorAll('#history td.record-note')].map(td => td.textContent)"
        )
        assert notes[2] == "Jackson–Vanik repealed <for the four>"
        shot = tmp_path / f"history-{lang}.png"
        page.locator("#history").screenshot(path=str(shot))
        print(f"screenshot: {shot}")
        if os.environ.get("UPDATE_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.locator("#history").screenshot(
                path=str(SCREENSHOTS / f"report-history-{lang}.png")
            )
    finally:
        context.close()


def test_folded_rows_print_with_the_rest(browser, tmp_path):
    """A page of more than 30 countries folds the rest of each long table on screen; printed,
    nothing can be unfolded, so every row prints."""
    from .. import tiny

    profiles = {
        f"c{i}": f"id: C{i:02d}\nname: Country {i}\nfactors: {{a: {i % 11}, b: 5, c: 5}}\n"
        for i in range(35)
    }
    ws = load_workspace(tiny.write(tmp_path / "ws", profiles=profiles))
    path = tmp_path / "many.html"
    path.write_text(
        build_report(ws, report(ws, samples=300, runs=300, seed=7)).html, encoding="utf-8"
    )
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        folded = page.locator("details.more tbody tr")
        assert folded.count() >= 5
        assert not folded.first.is_visible()  # on screen: folded
        page.emulate_media(media="print")
        assert folded.first.is_visible() and folded.last.is_visible()
        assert not page.locator("details.more > summary").first.is_visible()
    finally:
        context.close()


def test_each_citation_leads_to_its_bibliography_entry(opened):
    """A citation in the evidence (`facts §1`, `[12]`) is a link to an entry of the References,
    and following it brings the entry into view."""
    missing = opened.page.evaluate(
        """() => [...document.querySelectorAll('table.evidence a[href^="#ref-"]')]
            .map(a => a.getAttribute('href').slice(1))
            .filter(id => !document.getElementById(id))"""
    )
    assert missing == []
    link = opened.page.locator("table.evidence a.ref").nth(5)
    target = link.get_attribute("href")
    link.click()
    seen = opened.page.evaluate(
        """(id) => { const r = document.getElementById(id).getBoundingClientRect();
            return [location.hash, r.top >= -1 && r.bottom <= innerHeight + 1]; }  // sub-pixel""",
        target[1:],
    )
    assert seen == [target, True]


# --- the first screen: the answer, then the probabilities --------------------------------------

FIRST_SCREENS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", list(FIRST_SCREENS))
def test_the_key_judgement_is_in_the_first_screen(browser, built, lang, width):
    """A reader sees the answer without scrolling, on a laptop and on a phone, and the first
    chart of the page is the probabilities with their intervals."""
    path, page = built[lang]
    screen = FIRST_SCREENS[width]
    context = browser.new_context(viewport=screen, device_scale_factor=1)
    try:
        view = context.new_page()
        view.goto(path.as_uri(), wait_until="load")
        view.evaluate("document.fonts.ready")
        lead = view.locator(".judgements li").first
        box = lead.bounding_box()
        assert box is not None
        assert box["y"] >= 0 and box["y"] + box["height"] <= screen["height"], box
        assert box["x"] >= 0 and box["x"] + box["width"] <= screen["width"], box
        said = lead.inner_text()
        lead_name = re.search(r"(?:joined, |بعد، )(\S+)", said)
        assert lead_name is not None and lead_name.group(1) in page.html
        first = view.locator("figure.chart").first
        assert first.get_attribute("data-chart") == "probabilities"
        caption = view.locator("figure.chart figcaption").first.inner_text()
        assert lead_name.group(1) in caption, caption
    finally:
        context.close()


@pytest.fixture(scope="module")
def whatif_built(workspace, tmp_path_factory):
    """Both pages of a what-if (a hypothetical), written to a temporary folder."""
    from scenarios.workspace.whatif import apply_all

    folder = tmp_path_factory.mktemp("whatif")
    ws = apply_all(workspace, whatifs=["gaza_escalation"])
    paths = {}
    for lang in ("en", "ar"):
        path = folder / f"whatif-{lang}.html"
        path.write_text(
            build_report(ws, report(ws, samples=2000, runs=2000), lang=lang).html, "utf-8"
        )
        paths[lang] = path
    return paths


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_what_if_page_says_so_first_and_fits_a_phone(browser, whatif_built, lang):
    """At 390 px the kicker says "What if", the first judgement (the hypothetical beside the
    forecast) is in the first screen, and the what-if's title, however long, wraps: the page
    never scrolls sideways."""
    screen = FIRST_SCREENS["390"]
    context = browser.new_context(viewport=screen, device_scale_factor=1)
    try:
        view = context.new_page()
        view.goto(whatif_built[lang].as_uri(), wait_until="load")
        view.evaluate("document.fonts.ready")
        word = "What if" if lang == "en" else "ماذا لو"
        assert view.locator(".kicker").inner_text().lower().startswith(word.lower())
        lead = view.locator(".judgements li").first
        box = lead.bounding_box()
        assert box is not None and box["y"] + box["height"] <= screen["height"], box
        assert view.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    finally:
        context.close()


# --- a phone, a laptop, a screen reader, paper ----------------------------------------------

WIDTHS = {1280: 900, 390: 844}  # a laptop's and a phone's viewport (width: height)


@pytest.fixture(scope="module", params=[(lang, w) for lang in ("en", "ar") for w in WIDTHS])
def sized(request, browser, built):
    """Each page at each width, opened offline as a reader would (device pixels 1)."""
    lang, width = request.param
    path, _ = built[lang]
    context = browser.new_context(
        viewport={"width": width, "height": WIDTHS[width]}, device_scale_factor=1
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file://", "data:"))
            else route.abort()
        ),
    )
    page = context.new_page()
    page.goto(path.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    yield lang, width, page
    context.close()


def test_axe_finds_nothing_serious(sized):
    """axe-core (the copy the axe-playwright-python package ships) over the whole page: no
    violation of impact 'serious' or 'critical'."""
    from importlib.resources import files

    lang, width, page = sized
    page.evaluate(files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8"))
    found = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.length + ' e.g. '
                     + v.nodes[0].target.join(' ')); }"""
    )
    assert found == [], f"{lang} at {width} px"


NO_TABLE_OVERFLOWS = """() => {
    const out = [];
    for (const table of document.querySelectorAll('table')) {
        if (!table.getClientRects().length) continue;  // folded away
        const box = table.closest('.table-wrap');
        const fits = box.scrollWidth <= box.clientWidth + 1;
        const first = table.querySelector('tbody td');
        const marked = box.getAttribute('role') === 'region' && box.tabIndex === 0
            && box.getAttribute('aria-label') && getComputedStyle(first).position === 'sticky';
        if (!fits && !marked) out.push(table.className + ' ' + box.scrollWidth + '>' + box.clientWidth);
    }
    return out; }"""


def test_nothing_scrolls_the_page_sideways_at_390_px(sized):
    _, width, page = sized
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(NO_TABLE_OVERFLOWS) == []
    if width == 390:  # the tables read as stacked rows: every cell under its heading
        shown = page.evaluate(
            """() => { const td = document.querySelector('table.ranking tbody td:nth-child(3)');
                return [getComputedStyle(td).display, getComputedStyle(td, '::before').content]; }"""
        )
        assert shown[0] == "grid" and shown[1] not in ("none", "normal", '""')


CHART_TEXT_PX = """() => [...document.querySelectorAll('figure.chart')].map(f => {
    const sizes = [...f.querySelectorAll('svg g[transform*="scale("]')]
        .filter(g => /scale\\([\\d.]+ -/.test(g.getAttribute('transform')))
        .map(g => { const m = g.getScreenCTM(); return Math.hypot(m.c, m.d) * 100; });
    return [f.dataset.chart, Math.min(...sizes)]; })"""


def test_chart_text_is_at_least_10_px(sized):
    """Chart text is drawn as glyph paths scaled to the font's size / 100: on screen, the
    smallest is 10 CSS pixels or more; on a phone the chart scrolls sideways in a box a
    keyboard can reach, and a line under it says so."""
    lang, width, page = sized
    sizes = page.evaluate(CHART_TEXT_PX)
    assert len(sizes) >= 8
    small = [(name, round(px, 1)) for name, px in sizes if px < 10 - 0.01]
    assert small == [], f"{lang} at {width} px"
    hints = page.evaluate(
        """() => [...document.querySelectorAll('figure.chart')].map(f => {
            const box = f.querySelector('.chart-scroll');
            return [box.scrollWidth > box.clientWidth + 1,
                    f.querySelector('.scroll-hint').getBoundingClientRect().height > 5]; })"""
    )
    assert all(scrolls == hinted for scrolls, hinted in hints), hints
    if width == 390:
        assert any(scrolls for scrolls, _ in hints)


def test_first_screen(sized, tmp_path_factory):
    """The first screen for a person to look at; UPDATE_SCREENSHOTS=1 refreshes the README's
    copies (docs/screenshots/report-LANG-WIDTH.png)."""
    lang, width, page = sized
    page.evaluate("window.scrollTo(0, 0)")
    shot = tmp_path_factory.mktemp("first") / f"report-{lang}-{width}.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"report-{lang}-{width}.png"))


def test_dates_and_numbers_stay_whole_in_print(opened):
    page = opened.page
    page.emulate_media(media="print")
    try:
        wrapping = page.evaluate(
            """() => [...document.querySelectorAll('td.date, td.num bdi, p bdi[dir="ltr"]:not([lang])')]
                .filter(e => getComputedStyle(e).whiteSpace !== 'nowrap')
                .map(e => e.textContent).slice(0, 5)"""
        )
    finally:
        page.emulate_media(media="screen")
    assert wrapping == []


@pytest.fixture(scope="module")
def printed(browser, built, tmp_path_factory):
    """Both pages printed by `scenarios report --pdf`'s own code (in a thread of its own: this
    one already drives a browser), read back with pypdf."""
    from concurrent.futures import ThreadPoolExecutor

    from pypdf import PdfReader

    from scenarios.reporting.pdf import write_pdf

    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for lang in ("en", "ar"):
        _, page = built[lang]
        pdf = folder / f"report-{lang}.pdf"
        with ThreadPoolExecutor(1) as pool:
            pool.submit(write_pdf, page.html, pdf).result()
        print(f"pdf: {pdf}")
        out[lang] = (PdfReader(pdf), page)
    return out


def outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles += outline_titles(item) if isinstance(item, list) else [item.title]
    return titles


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pdf_has_page_numbers_a_running_head_and_bookmarks(printed, lang, workspace):
    reader, page = printed[lang]
    n = len(reader.pages)
    assert n >= 10
    texts = [p.extract_text() for p in reader.pages]
    for i, text in enumerate(texts, start=1):
        assert re.search(rf"(?<!\d){i} / {n}(?!\d)", text), (i, text[-200:])
    title = workspace.model.title_ar if lang == "ar" else workspace.model.title
    # the running head, from page 2 (a PDF's text runs right-to-left words in its own order)
    assert all(word in texts[1] for word in title.split()) and "2026-05-31" in texts[1]
    assert not re.search(r"\d{4}-\d{2}-?\n\d", "\n".join(texts))  # no date broken
    titles = outline_titles(reader.outline)
    assert titles[0] == title
    sections = re.findall(r'<section id="[^"]+" class="card[^"]*">\s*<h2>(.*?)</h2>', page.html)
    assert len(sections) >= 8
    assert [t for t in titles if t in sections] == sections
    countries = [p.name for p in workspace.profiles]
    if lang == "en":
        assert set(countries) <= set(titles)  # the evidence of each country


# --- the Arabic page: the tool's text in Arabic, numbers left to right, English blocks ---------

ARABIC_PAGE_JS = """() => {
  const excused = '.quoted, code, .code, a, style, script, svg, head, title';
  const latin = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (/[A-Za-z]/.test(node.data) && !node.parentElement.closest(excused)) {
      latin.push(node.data.trim());
    }
  }
  const backwards = [];
  let read = 0;
  for (const el of document.querySelectorAll('bdi')) {  // every isolate, whatever its dir
    const text = el.firstChild;
    if (!text || text.nodeType !== 3 || !/^[+−<>]?\\d.*\\d%?$/.test(text.data)) continue;
    const range = document.createRange();
    range.setStart(text, 0); range.setEnd(text, 1);
    const first = range.getBoundingClientRect();
    range.setStart(text, text.length - 1); range.setEnd(text, text.length);
    const last = range.getBoundingClientRect();
    if (first.width === 0 || Math.abs(first.top - last.top) > 2) continue;  // hidden, or wrapped
    read += 1;
    if (!(first.left < last.left)) backwards.push(text.data);
  }
  const notes = [...document.querySelectorAll('td.quoted')].map(td => {
    const style = getComputedStyle(td);
    return style.direction + ' ' + style.textAlign;
  });
  return {latin, backwards, read, notes: [...new Set(notes)]};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_arabic_page_reads_in_arabic_with_numbers_left_to_right(browser, built, width):
    path, _ = built["ar"]
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready")
        found = page.evaluate(ARABIC_PAGE_JS)
    finally:
        context.close()
    assert found["latin"] == []  # the tool writes Arabic; quoted evidence and ids are excused
    assert found["read"] > 100 and found["backwards"] == []  # '3–94%' reads 3 first
    assert found["notes"] == ["ltr left"]  # English evidence: its own left-to-right block
