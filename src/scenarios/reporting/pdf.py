"""`scenarios report --pdf`: the page printed to A4 by a headless Chromium, driven through
Playwright, with the page's headings as the PDF's bookmarks.

The Chromium is the system's (Debian: `apt install chromium`) or the one SCENARIOS_CHROMIUM
names; Playwright's own browser download is never used. Playwright, and pypdf, which names the
bookmarks, are imported only here, when a PDF is asked for (`pip install 'scenarios[pdf]'`).
The page is opened offline: every request but the page's own is refused.

Core side: no terminal code.
"""

from __future__ import annotations

import importlib
import io
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenarios.core.errors import OptionError, Problem

if TYPE_CHECKING:
    from collections.abc import Iterator

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
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
INSTALL_PLAYWRIGHT = "pip install 'scenarios[pdf]' (or pip install playwright pypdf)"
INSTALL_CHROMIUM = "apt install chromium, or set SCENARIOS_CHROMIUM to a Chromium's path"


def chromium_path() -> str | None:
    """The Chromium to print with: SCENARIOS_CHROMIUM, else the first of CHROMIUM_NAMES on the
    PATH; None when there is none."""
    given = os.environ.get("SCENARIOS_CHROMIUM")
    if given:
        return given
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def check() -> str:
    """The Chromium's path, once both it and Playwright are there; else an OptionError that
    says what to install (asked before a page is built, so that nothing is made in vain)."""
    for module, name in (("playwright.sync_api", "Playwright"), ("pypdf", "pypdf")):
        try:
            importlib.import_module(module)
        except ImportError:
            raise OptionError(
                Problem(f"--pdf needs {name}, which is not installed", hint=INSTALL_PLAYWRIGHT)
            ) from None
    executable = chromium_path()
    if executable is None:
        raise OptionError(
            Problem("--pdf needs Chromium, which was not found", hint=INSTALL_CHROMIUM)
        )
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        raise OptionError(
            Problem(
                f"SCENARIOS_CHROMIUM is '{executable}', which is not a program",
                hint="set it to a Chromium's path, or unset it to use the one on the PATH",
            )
        )
    return executable


@contextmanager
def _opened(playwright: Any, executable: str) -> Iterator[Any]:
    """The launched browser, closed after use; a browser that will not start: an OptionError."""
    from playwright.sync_api import Error

    try:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OptionError(
            Problem(f"Chromium at {executable} did not start: {first}", hint=INSTALL_CHROMIUM)
        ) from None
    try:
        yield browser
    finally:
        browser.close()


def print_pdf(html: str, executable: str | None = None) -> bytes:
    """The page printed to A4 as PDF bytes: backgrounds, the page's own @page rules (margins,
    page numbers, running head), bookmarks from its headings and a tagged (accessible) PDF."""
    from playwright.sync_api import sync_playwright

    executable = executable or check()
    with tempfile.TemporaryDirectory(prefix="scenarios-pdf-") as folder:
        source = Path(folder) / "report.html"
        source.write_text(html, encoding="utf-8")
        own = source.as_uri()
        with sync_playwright() as p, _opened(p, executable) as browser:
            page = browser.new_page()
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url == own or route.request.url.startswith("data:")
                    else route.abort()
                ),
            )
            page.goto(own, wait_until="load")
            page.evaluate("document.fonts.ready")
            page.emulate_media(media="print")
            headings: list[str] = page.evaluate(HEADINGS)
            data: bytes = page.pdf(
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                outline=True,
                tagged=True,
            )
    return titled(data, headings)


# the headings a printed page shows, in order: what Chromium makes its bookmarks of
HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.getClientRects().length)
    .map(h => h.textContent.replace(/\\s+/g, ' ').trim())"""


def titled(data: bytes, headings: list[str]) -> bytes:
    """The PDF with its bookmarks named by the page's headings, as written. Chromium names
    them from the laid-out text, which can repeat a right-to-left heading ('أثر كل وزنأثر كل
    وزن'); its bookmarks follow the headings one for one, so each takes its heading's text.
    Left as they are where the two do not pair up."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    items = []
    pending = [writer.root_object.get("/Outlines")]
    while pending:  # depth first, in reading order: an item, its children, then its next
        node = pending.pop()
        if node is None:
            continue
        node = node.get_object()
        if "/Title" in node:
            items.append(node)
        if "/Next" in node:
            pending.append(node["/Next"])
        if "/First" in node:
            pending.append(node["/First"])
    if len(items) != len(headings):
        return data
    for item, heading in zip(items, headings, strict=True):
        item[NameObject("/Title")] = TextStringObject(heading)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_pdf(html: str, path: Path, executable: str | None = None) -> None:
    """Print the page to PDF at `path` (replaced atomically: a failed run leaves the old file)."""
    from scenarios.core.writers import write_atomic

    write_atomic(Path(path), print_pdf(html, executable))


__all__ = ["CHROMIUM_ARGS", "check", "chromium_path", "print_pdf", "write_pdf"]
