"""The report for a reader who cannot see its charts, reads on a phone or on paper: text
alternatives and tables of each chart's numbers, captions, focusable scroll boxes, readable
numbers on the heatmaps, the printed page's running head, and `report --pdf`'s errors."""

from __future__ import annotations

import re
import sys
from html import unescape

import numpy as np
import pytest
from typer.testing import CliRunner

from scenarios.api import load_workspace, report
from scenarios.cli.app import app
from scenarios.reporting import charts
from scenarios.reporting.access import ChartData, alt_text, css_string, min_width, running_head
from scenarios.reporting.builder import build_report

from .. import tiny

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
SMALL = {"samples": 300, "runs": 300, "seed": 7}


@pytest.fixture(scope="module")
def pages():
    ws = load_workspace("central-asia")
    results = report(ws, **SMALL)
    return {lang: build_report(ws, results, lang=lang).html for lang in ("en", "ar")}


@pytest.fixture
def run():
    runner = CliRunner(env=ENV)
    return lambda *args: runner.invoke(app, [str(a) for a in args])


# --- text alternatives -----------------------------------------------------------------------


def test_alt_text_says_what_the_chart_draws_with_its_numbers():
    data = ChartData.of("Country", ["Score", "Interval"], ["A", "B"], [["0.6", "x"], ["0.4", "y"]])
    assert alt_text("Scores", data, "en") == (
        "Scores. Score by Country: \u2068A\u2069 0.6, \u2068B\u2069 0.4. "
        "Every number is in the table under the chart."
    )
    assert alt_text("Scores", None, "en") == "Scores"


def test_alt_text_lists_six_names_then_how_many_more():
    names = [f"C{i}" for i in range(9)]
    data = ChartData.of("Country", ["P"], names, [[f"{i}%"] for i in range(9)])
    said = alt_text("T", data, "ar")
    assert said.startswith("T. P حسب Country: \u2068C0\u2069 0%، ")
    assert "\u2068C5\u2069 5%، و3 غيرها." in said and "C6" not in said


def test_chart_data_shows_controls_as_marks_and_keeps_one_line():
    data = ChartData.of("x", ["a\nb"], ["Lift\u202e sanctions"], [["1"]])
    assert data.columns == ("a b",)
    assert data.rows[0][0] == "Lift\ufffd sanctions"


def test_min_width_keeps_the_smallest_text_at_10_px():
    svg = (
        '<svg viewBox="0 0 500 200"><g transform="translate(1 2) scale(0.085 -0.085)"/>'
        '<g transform="translate(3 4) scale(0.08 -0.08)"/>'
        '<g style="fill: #1f2933" transform="translate(5 6) rotate(-90) scale(0.09 -0.09)"/></svg>'
    )
    assert min_width(svg) == 625  # 8 units of a 500-unit box: 10 px when it is 625 px wide
    smaller = svg.replace(
        "</svg>", '<g style="x" transform="translate(7 8) scale(0.05 -0.05)"/></svg>'
    )
    assert min_width(smaller) == 1000
    assert min_width('<svg viewBox="0 0 500 200"></svg>') == 0


# --- the page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_chart_has_its_numbers_a_click_away(pages, lang):
    html = pages[lang]
    figures = re.findall(r'<figure class="chart".*?</figure>', html, flags=re.S)
    assert len(figures) >= 8
    for figure in figures:
        caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, flags=re.S).group(1)
        title = re.search(r'<span class="chart-title">(.*?)</span>', caption).group(1)
        title = unescape(re.sub(r"<[^>]+>", "", title))
        label = unescape(re.search(r'<svg [^>]*aria-label="([^"]*)"', figure).group(1))
        assert label.startswith(title.rstrip(". ")) and len(label) > len(title) + 20
        assert re.search(r"\d", label[len(title) :])  # the numbers drawn
        box = re.search(r'<div class="chart-scroll"([^>]*)>', figure).group(1)
        assert 'tabindex="0"' in box and 'role="region"' in box and 'aria-label="' in box
        numbers = re.search(
            r'<details class="chart-data">\s*<summary>.+?</summary>(.*?)</details>',
            figure,
            flags=re.S,
        )
        assert numbers is not None
        assert "<caption" in numbers.group(1) and numbers.group(1).count("<td") >= 4


def test_the_score_chart_table_holds_the_scores(pages):
    figure = re.search(
        r'<figure class="chart" id="chart-score-intervals".*?</figure>', pages["en"], flags=re.S
    ).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", figure.split("<tbody>")[1], flags=re.S)
    cells = [re.findall(r"<td[^>]*>(?:<bdi[^>]*>)?(.*?)(?:</bdi>)?</td>", row) for row in rows]
    assert [c[0] for c in cells] == [
        "Kazakhstan",
        "Uzbekistan",
        "Turkmenistan",
        "Kyrgyzstan",
        "Tajikistan",
    ]
    ranking = re.search(r'<table class="ranking">.*?</table>', pages["en"], flags=re.S).group(0)
    for name, value, interval in cells:
        row = re.search(rf'<td class="name"[^>]*>{name}</td>.*?</tr>', ranking, flags=re.S).group(0)
        assert f'<bdi dir="ltr">{value}</bdi>' in row and interval in row


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_table_has_a_caption_in_a_focusable_box(pages, lang):
    html = pages[lang]
    tables = re.findall(r"<table\b", html)
    captions = re.findall(r'<caption class="sr-only">\s*\S', html)
    assert len(tables) == len(captions) > 20
    boxes = re.findall(r'<div class="table-wrap"([^>]*)>', html)
    assert len(boxes) == len(tables)
    for box in boxes:
        assert 'role="region"' in box and 'tabindex="0"' in box
        assert re.search(r'aria-label="[^"]+"', box)


def test_every_cell_carries_its_column_heading(pages):
    ranking = re.search(r'<table class="ranking">.*?</table>', pages["en"], flags=re.S).group(0)
    heads = re.findall(r"<th[^>]*>(.*?)</th>", ranking)
    first = re.search(r"<tbody>\s*<tr[^>]*>(.*?)</tr>", ranking, flags=re.S).group(1)
    labels = re.findall(r'<td[^>]*data-label="([^"]*)"', first)
    assert labels == [re.sub(r"<[^>]+>", "", h) for h in heads]
    assert labels[:3] == ["Rank", "Country", "Score"]


@pytest.mark.parametrize(("lang", "side"), [("en", "top-left"), ("ar", "top-right")])
def test_the_printed_page_has_a_running_head_and_numbers(pages, lang, side):
    html = pages[lang]
    style = html[html.index("<style>") : html.index("</style>")]
    head = re.search(rf'@{side} {{ content: "([^"]*)"', style).group(1)
    title = {"en": "Central Asia and the Abraham Accords", "ar": "آسيا الوسطى واتفاقات أبراهام"}
    assert head.startswith("\\002068 " + title[lang])
    assert "counter(page)" in style and "counter(pages)" in style
    assert "2026\\00002d 05\\00002d 31" in style  # the evidence date, at the other side


def test_css_strings_cannot_close_their_string_or_sheet():
    assert css_string('a"b</style>') == '"a\\000022 b\\00003c \\00002f style\\00003e "'
    head = running_head('T"}</style><script>', "Dated", "2026-05-31", "en")
    assert "<" not in head and '"}' not in head.split("content: ")[1].split(";")[0][1:-1]


# --- heatmap numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("diverging", [False, True])
def test_every_heatmap_number_stands_out_from_its_cell(diverging):
    from matplotlib.colors import to_rgb

    values = np.linspace(-1 if diverging else 0, 1, 41).reshape(1, -1)
    fig = charts.heatmap(
        ["a"],
        [str(i) for i in range(41)],
        values,
        charts.Look(),
        diverging=diverging,
        fmt="signed" if diverging else "percent",
    )
    try:
        ax = fig.axes[0]
        image = ax.images[0]
        worst = min(
            charts.contrast(
                to_rgb(text.get_color()),
                image.cmap(image.norm(values[0, round(text.get_position()[0])])),
            )
            for text in ax.texts
        )
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
    # every cell has its number, but a share of exactly 0 (the first, 0%), which stays blank
    assert len(ax.texts) == (41 if diverging else 40)
    assert worst >= 4.5


def test_contrast_is_the_wcag_ratio():
    assert charts.contrast((1, 1, 1), (0, 0, 0)) == pytest.approx(21)
    assert charts.contrast((0, 0, 0), (1, 1, 1)) == pytest.approx(21)
    # #777777: luminance 0.1845 (hand: ((0x77/255 + 0.055) / 1.055) ** 2.4), 4.48:1 on white
    assert charts.contrast(to := (0x77 / 255,) * 3, (1, 1, 1)) == pytest.approx(4.478, abs=1e-3)
    assert to


# --- report --pdf: what is missing is said, before the page is built ------------------------


def test_pdf_without_playwright_says_what_to_install(run, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails
    out = tmp_path / "r.html"
    result = run(
        "report", "-w", tiny.write(tmp_path / "ws"), "-o", out, "--pdf", tmp_path / "r.pdf"
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --pdf needs Playwright, which is not installed "
        "(pip install 'scenarios[pdf]' (or pip install playwright pypdf))"
    )
    assert not out.exists() and not (tmp_path / "r.pdf").exists()


def test_pdf_without_pypdf_says_what_to_install(run, tmp_path, monkeypatch):
    pytest.importorskip("playwright.sync_api")
    monkeypatch.setitem(sys.modules, "pypdf", None)
    result = run("report", "-w", tiny.write(tmp_path / "ws"), "--pdf", tmp_path / "r.pdf")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --pdf needs pypdf, which is not installed "
        "(pip install 'scenarios[pdf]' (or pip install playwright pypdf))"
    )


def test_pdf_without_chromium_says_what_to_install(run, tmp_path, monkeypatch):
    pytest.importorskip("playwright.sync_api")
    import scenarios.reporting.pdf

    monkeypatch.delenv("SCENARIOS_CHROMIUM", raising=False)
    monkeypatch.setattr(scenarios.reporting.pdf.shutil, "which", lambda name: None)
    result = run(
        "report",
        "-w",
        tiny.write(tmp_path / "ws"),
        "-o",
        tmp_path / "r.html",
        "--pdf",
        tmp_path / "r.pdf",
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --pdf needs Chromium, which was not found "
        "(apt install chromium, or set SCENARIOS_CHROMIUM to a Chromium's path)"
    )
    assert not (tmp_path / "r.html").exists()


def test_pdf_with_a_chromium_that_will_not_start_keeps_the_old_file(run, tmp_path, monkeypatch):
    pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("SCENARIOS_CHROMIUM", "/bin/false")
    old = tmp_path / "r.pdf"
    old.write_bytes(b"%PDF old")
    result = run(
        "report",
        "-w",
        tiny.write(tmp_path / "ws"),
        "-o",
        tmp_path / "r.html",
        "--pdf",
        old,
        "--samples",
        200,
        "--runs",
        50,
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"wrote {tmp_path / 'r.html'}"  # the page is written first
    assert lines[1].startswith("error: Chromium at /bin/false did not start: ")
    assert lines[1].endswith(
        "(apt install chromium, or set SCENARIOS_CHROMIUM to a Chromium's path)"
    )
    assert len(lines) == 2
    assert old.read_bytes() == b"%PDF old"


def test_pdf_with_scenarios_chromium_not_a_program_says_so(run, tmp_path, monkeypatch):
    pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("SCENARIOS_CHROMIUM", str(tmp_path / "none"))
    result = run(
        "report",
        "-w",
        tiny.write(tmp_path / "ws"),
        "-o",
        tmp_path / "r.html",
        "--pdf",
        tmp_path / "r.pdf",
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: SCENARIOS_CHROMIUM is '{tmp_path / 'none'}', which is not a program "
        "(set it to a Chromium's path, or unset it to use the one on the PATH)"
    )
    assert not (tmp_path / "r.html").exists()


# --- the page's charts are drawn as laid out ---------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("whatif", [False, True])
def test_every_chart_of_the_page_draws_inside_its_figure(monkeypatch, lang, whatif):
    """The page's charts are saved uncropped (a crop would draw each twice): nothing a chart
    draws (labels, legends, the what-if stamp) may stand outside its figure, or it is cut."""
    from scenarios.workspace.whatif import apply_all

    seen = []
    real = charts.render

    def checked(fig, prefix, png=False, **kw):
        if not kw.get("metadata"):  # the page's drawing, not a chart file's
            fig.canvas.draw()
            drawn = fig.get_tightbbox(fig.canvas.get_renderer())
            width, height = fig.get_size_inches()
            seen.append((prefix, drawn.x0, drawn.y0, drawn.x1 - width, drawn.y1 - height))
        return real(fig, prefix, png, **kw)

    monkeypatch.setattr(charts, "render", checked)
    ws = load_workspace("central-asia")
    if whatif:
        ws = apply_all(ws, whatifs=["gaza_escalation"])
    build_report(ws, report(ws, **SMALL), lang=lang)
    assert len(seen) >= 8
    outside = [s for s in seen if min(s[1], s[2]) < -0.005 or max(s[3], s[4]) > 0.005]
    assert outside == [], outside
