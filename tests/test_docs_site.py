"""The README is a front page and docs/ a site: short, every link leads somewhere, and the site
builds with `mkdocs build --strict` into pages that load nothing from the network."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .test_readme import README, ROOT, pages

MAX_README_LINES = 400
LINK = re.compile(r"!?\[[^\]]*\]\((?P<url>[^)\s]+)\)")


def github_anchors(page: Path) -> set[str]:
    """The anchors of a page's headings as GitHub makes them (MkDocs makes the same for ours)."""
    anchors, fence = set(), False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and (m := re.match(r"#+ (.+)", line)):
            anchors.add(re.sub(r"[^\w\- ]", "", m[1].strip().lower()).replace(" ", "-"))
    return anchors


def relative_links(page: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return [m["url"] for m in LINK.finditer(text) if not re.match(r"[a-z]+:", m["url"], re.I)]


def test_the_readme_is_a_front_page():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_README_LINES, f"README.md has {lines} lines: move some to docs/"


def test_the_readme_keeps_the_two_commands_ci_runs():
    readme = README.read_text(encoding="utf-8")
    assert (
        "```sh\npython3 -m venv .venv && . .venv/bin/activate\npip install . && scenarios rank\n```"
        in readme
    )
    assert "```sh\npip install -e '.[dev]' && pytest\n```" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\npip install --quiet . && scenarios rank\n" in ci
    assert "\npip install --quiet -e '.[dev]'\n" in ci
    assert "`mkdocs serve`" in readme  # how to read the docs as a site


def test_the_readme_links_every_page_of_the_docs():
    linked = {url.split("#")[0] for url in relative_links(README)}
    assert {f"docs/{p.name}" for p in pages()[1:]} <= linked


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_every_relative_link_leads_to_a_file_and_its_anchor(page: Path):
    for url in relative_links(page):
        path, _, anchor = url.partition("#")
        target = (page.parent / path).resolve() if path else page
        assert target.is_file(), f"{page.name}: a link to {url}, which does not exist"
        if anchor and target.suffix == ".md":
            assert anchor in github_anchors(target), f"{page.name}: no anchor for {url}"


def test_the_home_page_installs_as_the_readme_does():
    """docs/index.md repeats the README's "Install and run" (its links relative to docs/), so
    the two commands CI runs are the same on both."""

    def section(text: str) -> str:
        start = text.index("## Install and run\n")
        return text[start : text.index("\n## ", start + 1)]

    readme = section(README.read_text(encoding="utf-8")).replace("](docs/", "](")
    assert section((ROOT / "docs" / "index.md").read_text(encoding="utf-8")) == readme


# A reference that makes a browser fetch something: src=, href=, @import and url(.
FETCH = re.compile(
    r"""(?P<how><(?P<tag>\w+)[^<>]*?\b(?:src|href)\s*=\s*|@import\s+(?:url\(\s*)?|url\(\s*)"""
    r"""["']?(?P<url>https?://[^"')\s>]+)""",
    re.I,
)
FORBIDDEN_HOST = re.compile(r"https?://[^/]*(googleapis|gstatic|cdn|unpkg|jsdelivr)", re.I)


def network_references(site: Path) -> list[str]:
    """Every reference in the built site's HTML, CSS and JS that loads from the network (a link
    of the prose, <a href=...>, does not load anything and is allowed unless to a font or script
    host)."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in {".html", ".css", ".js"}:
            continue
        for m in FETCH.finditer(path.read_text(encoding="utf-8", errors="replace")):
            if (m["tag"] or "").lower() != "a" or FORBIDDEN_HOST.match(m["url"]):
                found.append(f"{path.relative_to(site)}: {m['url']}")
    return found


def test_the_site_builds_strict_and_loads_nothing_from_the_network(tmp_path: Path):
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install -e '.[dev]')")
    pytest.importorskip("material", reason="mkdocs-material is not installed")
    site = tmp_path / "site"
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert built.returncode == 0, built.stderr
    for page in pages()[1:]:
        name = "" if page.stem == "index" else page.stem
        assert (site / name / "index.html").is_file(), page.name
    # the repository file the pages link to outside docs/ is a page of the site
    assert (site / "scenarios" / "abraham-2020" / "HISTORY" / "index.html").is_file()
    assert network_references(site) == []


def test_the_check_finds_a_font_or_script_from_the_network(tmp_path: Path):
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">\n'
        '<script src="https://example.org/x.js"></script>\n'
        '<a href="https://cdn.jsdelivr.net/npm/x">x</a>\n'
        '<a href="https://www.state.gov/">a source</a>\n',
        encoding="utf-8",
    )
    (tmp_path / "b.css").write_text(
        '@import "https://fonts.googleapis.com/css2";\n'
        "body { background: url(https://unpkg.com/x.png); }\n"
        "i { background: url(\"data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'/>\") }\n",
        encoding="utf-8",
    )
    assert network_references(tmp_path) == [
        "a.html: https://fonts.googleapis.com/css?family=Roboto",
        "a.html: https://example.org/x.js",
        "a.html: https://cdn.jsdelivr.net/npm/x",
        "b.css: https://fonts.googleapis.com/css2",
        "b.css: https://unpkg.com/x.png",
    ]


def test_mkdocs_is_installed_where_ci_runs():
    """CI installs the dev extra, which carries MkDocs: there the site test cannot skip."""
    import tomllib

    dev = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]["dev"]
    assert any(d.startswith("mkdocs>=") for d in dev)
    assert any(d.startswith("mkdocs-material>=") for d in dev)
    assert 'mkdocs build --strict --site-dir "$(mktemp -d)"' in (ROOT / ".ci" / "run").read_text(
        encoding="utf-8"
    )
