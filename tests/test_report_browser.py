"""The report in a real browser: headless Chromium via Playwright opens both languages offline
and checks what a reader would see, then prints the page to PDF.

Needs the `playwright` package (dev extra) and a Chromium (Debian: `apt-get install chromium
fonts-noto-core`; or set SCENARIOS_CHROMIUM to its path). Playwright's own browser download is
never used. Without them the tests skip with the reason, except in CI (CI=true), where a
missing browser fails the run.

Screenshots of both languages are written to the test's temporary folder (printed with -s);
`UPDATE_SCREENSHOTS=1 pytest -n 0 tests/test_report_browser.py` also refreshes the README's copies
in docs/screenshots/.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from scenarios.report import build_report
from scenarios.workspace import load_workspace

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1100, "height": 1400}


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where the browser tests must run."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    given = os.environ.get("SCENARIOS_CHROMIUM")
    if given:
        return given
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


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
        page = build_report(workspace, lang=lang)
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
        "[...document.querySelectorAll('table.evidence a')].map(a => a.href)"
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
        page = build_report(scenarios.prepare(ws), lang=lang, samples=2_000, runs=2_000)
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
    from . import tiny

    profiles = {
        f"c{i}": f"id: C{i:02d}\nname: Country {i}\nfactors: {{a: {i % 11}, b: 5, c: 5}}\n"
        for i in range(35)
    }
    ws = load_workspace(tiny.write(tmp_path / "ws", profiles=profiles))
    path = tmp_path / "many.html"
    path.write_text(build_report(ws, samples=300, runs=300, seed=7).html, encoding="utf-8")
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
