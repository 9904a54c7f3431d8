"""`scenarios report`: the whole assessment on one self-contained HTML page, in English or Arabic.

The page needs nothing from the network: its fonts (cut to the characters it uses) and its charts
(SVG, text drawn as paths) are inline, and a Content-Security-Policy forbids any request. It
prints to A4 with no chart split across pages. The same workspace, options and seed give the
same bytes: no clock is read, the Monte Carlo and the cascade are seeded, and the SVGs carry no
date and a fixed hash salt.

It draws finished results (`scenarios.report` runs the analyses): each section is a module of
`sections/`, a function of one shared `Context`; this module assembles them into the template.
Core side: no terminal code. matplotlib, jinja2 and fontTools are imported when a page is built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenarios.core.errors import Problem, ScenariosError
from scenarios.reporting.access import TEXT as ACCESS_TEXT
from scenarios.reporting.access import running_head
from scenarios.reporting.context import Chart, Context
from scenarios.reporting.sections import (
    backtest,
    cascade,
    contributions,
    evidence,
    frame,
    history,
    key,
    method,
    ranking,
    references,
    sensitivity,
    whatifs,
)
from scenarios.reporting.typefaces import font_faces, page_text
from scenarios.workspace.lang import DIRECTION, LANGS

if TYPE_CHECKING:
    from scenarios.reporting.results import Results
    from scenarios.workspace.load import Workspace

TEMPLATES = Path(__file__).parent / "templates"
# the sections after the key judgements, in the page's order (each None: left out)
SECTIONS: tuple[Callable[[Context], dict[str, Any] | None], ...] = (
    ranking.section,
    method.section,
    contributions.section,
    sensitivity.tornado,
    sensitivity.critical,
    sensitivity.acceptability,
    whatifs.section,
    cascade.section,
    history.section,
    backtest.section,
    evidence.section,
    references.section,
)


@dataclass(frozen=True)
class Page:
    """A built report: the HTML text, its charts, and what the reader of stderr should know."""

    html: str
    lang: str
    charts: tuple[Chart, ...]
    warnings: tuple[Problem, ...] = ()
    sections: tuple[str, ...] = ()


def build_report(ws: Workspace, results: Results, *, lang: str = "en", png: bool = False) -> Page:
    """Build the page (and its charts) for one workspace in one language, from the finished
    results of `scenarios.report` (one set of numbers gives the page in every language)."""
    if lang not in LANGS:
        raise ScenariosError(
            Problem(f"unknown language '{lang}'", hint=f"expected one of {', '.join(LANGS)}")
        )
    import jinja2

    cx = Context(ws, results, lang, png)
    key_judgements = key.section(cx)  # the answer first: its chart is the page's first
    sections = [s for s in (make(cx) for make in SECTIONS) if s is not None]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    template = env.get_template("report.html.j2")
    header = frame.header(cx)
    context = {
        "lang": lang,
        "dir": DIRECTION[lang],
        "t": cx.t,
        "key": key_judgements,
        "header": header,
        "running_head": running_head(
            header["title"], cx.t["evidence_date"], header["evidence_date"], lang
        ),
        "sections": sections,
        "footer": frame.footer(cx, frame.command_line(ws, lang, results)),
        "footer_reading": cx.say("footer_reading", file=cx.code("manifest.json")),
        "css": (TEMPLATES / "report.css").read_text(encoding="utf-8"),
        "access": ACCESS_TEXT[lang],
    }
    marker = cx.Markup("<scenarios-fonts>")  # a tag: no text of the page can spell it
    draft = template.render(**context, fonts=marker)
    fonts, missing = font_faces(page_text(draft))
    html = draft.replace(marker, fonts, 1)
    problems = [*cx.problems, *cx.names.warnings]
    if missing:
        shown = " ".join(f"U+{ord(ch):04X}" for ch in sorted(missing))
        problems.append(
            Problem(
                f"the page uses characters that its fonts lack ({shown}); a browser shows them "
                "in another font",
                hint="add a font that has them, or avoid them",
            )
        )
    return Page(
        html=html,
        lang=lang,
        charts=tuple(cx.charts),
        warnings=tuple(dict.fromkeys(problems)),
        sections=(key_judgements["id"], *(s["id"] for s in sections)),
    )


def write_page(page: Page, path: Path) -> None:
    from scenarios.core.writers import write_atomic

    write_atomic(Path(path), page.html)


def write_charts(page: Page, folder: Path) -> list[Path]:
    """Each chart as NAME.svg and NAME.png (when built with png=True) into folder. A name
    there that is anything but a regular file (a link planted in the folder) is refused before
    anything is written, as export does."""
    from scenarios.core.writers import refuse_all_but_files, write_atomic

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    names = [
        f"{chart.name}.{kind}"
        for chart in page.charts
        for kind in ("svg", "png")
        if kind == "svg" or chart.png is not None
    ]
    refuse_all_but_files(folder, names, "write charts")
    written = []
    for chart in page.charts:
        path = folder / f"{chart.name}.svg"
        write_atomic(path, chart.svg)
        written.append(path)
        if chart.png is not None:
            path = folder / f"{chart.name}.png"
            write_atomic(path, chart.png)
            written.append(path)
    return written


__all__ = ["Chart", "Page", "build_report", "write_charts", "write_page"]
