"""Sources: malformed addresses refused where they stand, weak hosts and unknown citation keys
warned of, the bibliography of the report, and direction controls in ids and notes."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from scenarios import load_workspace
from scenarios.api import report
from scenarios.cli.app import app
from scenarios.reporting.builder import build_report
from scenarios.workspace.schema import Reference
from scenarios.workspace.sources import bibliography, cited_date, malformed, weak_kind

from .. import tiny
from ..test_readme import all_text

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
SMALL = {"samples": 300, "runs": 300, "seed": 7}
# tiny.PROFILES["x"], line 6: "  c: {value: 5, sources: [s1]}"
FLOW = "  c: {value: 5, sources: [s1]}"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: Any):
        return runner.invoke(app, [str(a) for a in args], env=ENV)

    return invoke


def errors(result) -> list[str]:
    assert "Traceback" not in result.output
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), lines
    return lines


def warnings_of(result) -> list[str]:
    """The warnings of a run that succeeds, but those of the tiny workspace's Y and Z, whose
    values have no sources."""
    assert result.exit_code == 0, result.output
    return [
        line
        for line in result.stderr.splitlines()
        if line.startswith("warning: ") and "value has no source" not in line
    ]


def with_source(tmp_path: Path, source: str, model: str = tiny.MODEL) -> Path:
    """The tiny workspace with X.c citing ``source`` (line 6; the source's quote at column 27)."""
    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace(FLOW, f'  c: {{value: 5, sources: ["{source}"]}}')
    return tiny.write(tmp_path / "w", model=model, profiles=profiles)


# --- malformed addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "column", "message"),
    [
        (
            "Diplomat https://thediplomat.com./2023/10/x",
            37,  # 27 (the quote) + 1 + len("Diplomat ")
            "malformed URL 'https://thediplomat.com./2023/10/x': its host 'thediplomat.com.' "
            "ends with a dot (write thediplomat.com without the dot)",
        ),
        (
            "see www.example.org/page",
            32,
            "malformed URL 'www.example.org/page': it has no scheme "
            "(write https://www.example.org/page)",
        ),
        (
            "see example.org/page",
            32,
            "malformed URL 'example.org/page': it has no scheme (write https://example.org/page)",
        ),
        (
            "see https://exa mple.org/x",
            32,
            "malformed URL 'https://exa': its host 'exa' has no domain ending "
            "(a URL holds no spaces: write a space as %20)",
        ),
        (
            "see http:/example.org/x",
            32,
            "malformed URL 'http:/example.org/x': 'http:' must be followed by two slashes "
            "(write http://...)",
        ),
        (
            "see htps://example.org/x",
            32,
            "malformed URL 'htps://example.org/x': the scheme 'htps:' is not http: or https: "
            "(write https://...)",
        ),
        (
            "see https://example.org:8o/x",
            32,
            "malformed URL 'https://example.org:8o/x': its port '8o' is not a number "
            "(drop the port or write it in digits)",
        ),
        (
            "see https://exa_mple.org/x",
            32,
            "malformed URL 'https://exa_mple.org/x': its host 'exa_mple.org' is not a host name "
            "(check for a stray character)",
        ),
    ],
)
def test_a_malformed_url_is_a_located_error(tmp_path, run, source, column, message):
    with_source(tmp_path, source)
    assert errors(run("validate", "-w", "w")) == [
        f"error: w/profiles/x.yaml:6:{column}: X.c: source 1: {message}"
    ]


def test_a_malformed_url_on_a_later_line_of_a_block_is_located_there(tmp_path, run):
    profiles = dict(tiny.PROFILES)
    block = "  c:\n    value: 5\n    sources:\n      - ok\n      - 'A https://a.org./x'\n"
    profiles["x"] = profiles["x"].replace(FLOW + "\n", block)
    tiny.write(tmp_path / "w", profiles=profiles)
    # line 10: "      - 'A https://a.org./x'": the quote at 9, the address at 12
    assert errors(run("validate", "-w", "w")) == [
        "error: w/profiles/x.yaml:10:12: X.c: source 2: malformed URL 'https://a.org./x': its "
        "host 'a.org.' ends with a dot (write a.org without the dot)"
    ]


def test_a_malformed_url_in_a_what_if_and_in_model_yaml_is_an_error(tmp_path, run):
    model = tiny.MODEL + 'gates:\n  g: {factor: a, at_least: 1, sources: ["https://b.org./y"]}\n'
    whatif = 'title: Up\nsources: ["x https://c.org./z"]\nvalues: [{factor: a, shift: 1}]\n'
    tiny.write(tmp_path / "w", model=model, whatifs={"up": whatif})
    assert errors(run("validate", "-w", "w")) == [
        "error: w/model.yaml:13:42: gate g: source 1: malformed URL 'https://b.org./y': its "
        "host 'b.org.' ends with a dot (write b.org without the dot)",
        "error: w/whatif/up.yaml:2:14: what-if up: source 1: malformed URL 'https://c.org./z': "
        "its host 'c.org.' ends with a dot (write c.org without the dot)",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "https://www.trtworld.com:443/news/x",
        "http://oberjuerge.com/http:/www.oberjuerge.com/uzbekistan",  # a path may hold 'http:/'
        "ends a sentence https://example.org.",
        "(https://example.org/a_(b))",
        "computed in facts.md from the rows below; H.R.5917; 2012/2013; Jan–Sep 2023",
        "https://perceptiode.com/Израильско-киргизские_отношения",
    ],
)
def test_well_formed_text_and_addresses_are_not_refused(text):
    assert list(malformed(text)) == []


def test_the_bundled_workspaces_have_no_malformed_url(run):
    for name in ("central-asia", "abraham-2020"):
        result = run("validate", "-w", name)
        assert result.exit_code == 0, result.output
        assert "malformed URL" not in result.output


# --- weak sources and citation keys -------------------------------------------------------------


def test_a_source_on_a_known_weak_host_is_warned_of(tmp_path, run):
    with_source(tmp_path, "EAEU https://pinocchiopedia.com/wiki/EAEU")
    hint = (
        "(cite the original; where there is none, add '(weak: ...)' to the source and lower "
        "the confidence)"
    )
    assert warnings_of(run("validate", "-w", "w")) == [
        "warning: w/profiles/x.yaml:6:27: X.c: source 1 is on pinocchiopedia.com, a mirror of "
        f"Wikipedia {hint}"
    ]


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("https://www.theonion.com/x", "a satire site"),
        ("https://babylonbee.com/news/x", "a satire site"),
        ("https://angryarab.blogspot.com/2016/01/x.html", "a blog"),
        ("https://en.m.wiki.x.io/wiki/X", "a mirror of Wikipedia"),
        (
            "https://www.ruetir.com/2023/12/x",
            "a content farm that copies news without naming its source",
        ),
        ("https://en.wikipedia.org/wiki/X", None),  # Wikipedia itself: acceptable for some facts
        ("https://notpinocchiopedia.com/x", None),  # a host, not a string, is matched
        ("https://www.reuters.com/x", None),
    ],
)
def test_the_rule_knows_weak_hosts_by_their_name(address, kind):
    assert weak_kind(address) == kind


def test_a_weak_source_marked_as_weak_is_not_warned_of(tmp_path, run):
    with_source(tmp_path, "EAEU https://pinocchiopedia.com/wiki/EAEU (weak: a Wikipedia mirror)")
    assert warnings_of(run("validate", "-w", "w")) == []


def test_a_citation_key_that_no_reference_defines_is_warned_of(tmp_path, run):
    with_source(tmp_path, "seed §6")
    assert warnings_of(run("validate", "-w", "w")) == [
        "warning: w/profiles/x.yaml:6:27: X.c: source 1 cites 'seed §6', but model.yaml defines "
        "no reference 'seed' (add it under `references:` with its title, publisher and date)"
    ]
    model = tiny.MODEL + "references:\n  - {id: seed, title: The article, date: 2025-11-24}\n"
    with_source(tmp_path, "seed §6", model=model)
    assert warnings_of(run("validate", "-w", "w")) == []


def test_a_reference_without_a_title_is_a_located_error(tmp_path, run):
    model = tiny.MODEL + "references:\n  - {id: seed, date: 2025-11-24}\n"
    tiny.write(tmp_path / "w", model=model)
    assert errors(run("validate", "-w", "w")) == [
        "error: w/model.yaml:13:5: missing required key 'title' in references.0"
    ]


def test_the_bundled_central_asia_sources_follow_the_rule(run):
    """Every weak source in the bundled profiles is replaced or marked weak; every key cited is
    defined."""
    lines = warnings_of(run("validate", "-w", "central-asia"))
    assert [line for line in lines if " is on " in line or "defines no reference" in line] == []


# --- the bibliography ---------------------------------------------------------------------------


def test_the_bibliography_numbers_works_then_addresses_once_each():
    seed = Reference(id="seed", title="The article", date=dt.date(2025, 11, 24))
    other = Reference(id="other", title="Not cited")
    cited = [
        ("seed §6", "2025-11-24"),
        ("facts §4 R – Remittances: ~24% (World Bank, 2024) https://a.org/x", "2025-05-31"),
        ("seed §1", "2025-11-24"),
        ("CSTO: member https://b.org/y ; https://a.org/x", "2025-01-31"),
        ("https://c.org/z (dates the broken relations)", ""),
        ("Kant air base to at least 2032 https://d.org/w", "2025-05-31"),
    ]
    bib = bibliography([other, seed], cited)
    got = [(e.number, e.key, e.url, e.title, e.date, e.date_basis) for e in bib.entries]
    assert got == [
        (1, "seed", None, "The article", "2025-11-24", "cited"),
        (
            2,
            None,
            "https://a.org/x",
            "facts §4 R – Remittances: ~24% (World Bank, 2024)",
            "2024",
            "cited",
        ),
        (3, None, "https://b.org/y", "CSTO: member", "2025-01-31", "as_of"),
        (4, None, "https://c.org/z", "dates the broken relations", "", ""),
        (5, None, "https://d.org/w", "Kant air base to at least 2032", "2025-05-31", "as_of"),
    ]
    assert bib.entries[0].sections == ("§1", "§6")
    assert bib.for_key("seed") is bib.entries[0] and bib.for_key("facts") is None
    assert bib.for_url("https://a.org/x").anchor == "ref-2"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("~14% of GDP (World Bank, 2024)", "2024"),
        ("94% from Russia (Jan–May 2025)", "Jan–May 2025"),
        ("talks (reported 6 Nov 2025)", "6 Nov 2025"),
        ("(2023–2024)", "2023–2024"),
        ("bases to at least 2032", None),  # not in brackets: not the source's date
        ("(Chinese customs): $43.82bn", None),
        ("share (2023) and then (Jan–Sep 2024)", "Jan–Sep 2024"),  # the last bracket with one
    ],
)
def test_a_citation_is_dated_by_the_date_in_its_brackets(text, date):
    assert cited_date(text) == date


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.cites: list[tuple[str, str]] = []  # (href, class)
        self.external: list[str] = []
        self.items: dict[str, str] = {}  # bibliography li id -> its text
        self._item: str | None = None
        self._in_evidence = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
            if a["id"] == "evidence":
                self._in_evidence = 1
            if a["id"] == "references":
                self._in_evidence = 0
        if tag == "li" and (a.get("id") or "").startswith("ref-"):
            self._item = a["id"]
            self.items[self._item or ""] = ""
        if tag == "a" and self._in_evidence:
            href = a.get("href") or ""
            if href.startswith("#ref-"):
                self.cites.append((href, a.get("class") or ""))
            elif href.startswith("http"):
                self.external.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self.items[self._item] += data


@pytest.fixture(scope="module")
def central_pages():
    ws = load_workspace("central-asia")

    results = report(ws, **SMALL)
    return ws, {lang: build_report(ws, results, lang=lang).html for lang in ("en", "ar")}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_citation_in_the_bundled_evidence_resolves_to_an_entry(central_pages, lang):
    ws, pages = central_pages
    html = pages[lang]
    page = Links()
    page.feed(html)
    evidence = html[html.index('id="evidence"') : html.index('id="references"')]
    text = re.sub(r"<[^>]+>", "", evidence)
    # every short citation is a link, and every link lands on an entry of the bibliography
    assert len(re.findall(r"(?:seed|facts) §\d", text)) == len(
        [c for c in page.cites if c[1] == "cite"]
    )
    assert {href for href, _ in page.cites} <= {f"#{i}" for i in page.items}
    seed, facts = (page.items["ref-1"], page.items["ref-2"])
    assert "2025-11-24" in seed and ("Center for Arab Eurasian Studies" in seed or lang == "ar")
    assert "facts.md" in facts
    # every address of the evidence has its entry, which gives the address in full
    sources = [s for p in ws.profiles for e in p.factors.values() for s in e.sources]
    urls = set(re.findall(r"https?://[^\s;<>\"']+[^\s;<>\"'.,)\]]", " ".join(sources)))
    assert set(page.external) == urls
    assert len([c for c in page.cites if c[1] == "ref"]) == len(page.external)
    entries = " ".join(page.items.values())
    for url in urls:  # shown with any letter outside ASCII percent-encoded
        assert re.sub(r"[^\x21-\x7e]", lambda m: quote(m.group()), url) in entries, url
    for href, _ in page.cites:
        assert href[1:] in page.ids


def test_a_workspace_that_cites_nothing_has_no_bibliography(tmp_path):
    ws = load_workspace(tiny.write(tmp_path / "ws"))
    page = build_report(ws, report(ws, **SMALL), lang="en")
    assert "references" not in page.sections and 'id="ref-1"' not in page.html


# --- direction controls in ids and notes --------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where", "code", "name", "got"),
    [
        ("id: X", 'id: "X\\u200f"', "1:5: id", "200F", "RIGHT-TO-LEFT MARK", "X⟨U+200F⟩"),
        ("id: X", 'id: "X\\u061c"', "1:5: id", "061C", "ARABIC LETTER MARK", "X⟨U+061C⟩"),
        ("id: X", 'id: "\\u202eX"', "1:5: id", "202E", "RIGHT-TO-LEFT OVERRIDE", "⟨U+202E⟩X"),
    ],
)
def test_a_direction_mark_or_control_in_an_id_is_a_located_error(
    tmp_path, run, old, new, where, code, name, got
):
    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace(old, new, 1)
    tiny.write(tmp_path / "w", profiles=profiles)
    assert errors(run("validate", "-w", "w")) == [
        f"error: w/profiles/x.yaml:{where}: an invisible U+{code} {name} is not allowed in an "
        f"id: it cannot be seen or typed (got '{got}') (delete it; an id is typed as written)"
    ]


def test_a_mark_in_a_factor_id_is_a_located_error(tmp_path, run):
    model = tiny.MODEL.replace("  c: {label", '  "c\\u200e": {label')
    tiny.write(tmp_path / "w", model=model)
    lines = errors(run("validate", "-w", "w"))
    assert lines[0] == (
        "error: w/model.yaml:11:3: factors.c⟨U+200E⟩: an invisible U+200E LEFT-TO-RIGHT MARK "
        "is not allowed in an id: it cannot be seen or typed (got 'c⟨U+200E⟩') (delete it; an "
        "id is typed as written)"
    )


def test_a_mark_in_a_what_if_s_file_name_is_an_error(tmp_path, run):
    tiny.write(tmp_path / "w", whatifs={"up\u200fdown": "title: Up\nvalues: []\n"})
    [line] = errors(run("validate", "-w", "w"))
    assert line.endswith(
        ": what-if file name 'up⟨U+200F⟩down.yaml': an invisible U+200F RIGHT-TO-LEFT MARK is "
        "not allowed in an id: it cannot be seen or typed (rename the file)"
    )


def test_a_bidi_control_in_a_country_name_is_refused_with_its_place(tmp_path, run):
    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace("name: Xland", "name: Kyrgy\u202ezstan")
    tiny.write(tmp_path / "w", profiles=profiles)
    assert errors(run("validate", "-w", "w")) == [
        "error: w/profiles/x.yaml:2:7: name: an invisible U+202E RIGHT-TO-LEFT OVERRIDE is not "
        "allowed in a name: it reverses the text after it (got 'Kyrgy\\u202ezstan') (delete "
        "it; a name needs no direction control)"
    ]


def test_a_bidi_control_in_a_note_is_a_visible_mark_in_the_exported_csv(tmp_path, run):
    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace(
        FLOW, '  c: {value: 5, note: "abc\u202edef", sources: [s1]}'
    )
    tiny.write(tmp_path / "w", profiles=profiles)
    result = run("export", "out", "-w", "w")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "evidence.csv").read_text(encoding="utf-8")
    assert "abc\ufffddef" in text
    assert "\u202e" not in text


def in_readme(line: str) -> bool:
    """Whether the README or a page of docs/ quotes line (whitespace collapsed)."""
    return " ".join(line.split()) in " ".join(all_text().split())


def test_the_readme_quotes_the_source_messages_as_printed(tmp_path, run):
    assert run("init", "mine").exit_code == 0
    kz, tm = (
        tmp_path / "mine/profiles/kazakhstan.yaml",
        tmp_path / "mine/profiles/turkmenistan.yaml",
    )
    good = tm.read_text(encoding="utf-8")
    tm.write_text(good.replace("https://thediplomat.com/2023", "https://thediplomat.com./2023"))
    [line] = errors(run("validate", "-w", "mine"))
    assert in_readme(line), line
    tm.write_text(good, encoding="utf-8")
    text = kz.read_text(encoding="utf-8")
    text = text.replace(
        "Member_states_of_Eurasian_Union (weak: a mirror of Wikipedia; no original in the "
        "reference notes)",
        "Member_states_of_Eurasian_Union",
        1,
    )
    kz.write_text(text.replace('      - "seed §1"', '      - "sead §1"', 1), encoding="utf-8")
    lines = warnings_of(run("validate", "-w", "mine"))
    quoted = [line for line in lines if "russia_dependence" in line or "sead" in line]
    assert len(quoted) == 2 and all(in_readme(line) for line in quoted), quoted


def test_the_readme_quotes_the_id_mark_error_as_printed(tmp_path, run):
    profiles = dict(tiny.PROFILES)
    profiles["x"] = profiles["x"].replace("id: X", 'id: "X\\u200f"', 1)
    tiny.write(tmp_path / "mine", profiles=profiles)
    [line] = errors(run("validate", "-w", "mine"))
    assert in_readme(line), line


def test_a_bibliography_entry_says_that_its_source_is_weak():
    cited = [("EAEU https://p.com/x (weak: a mirror of Wikipedia; no original)", "2025-01-31")]
    [entry] = bibliography([], cited).entries
    assert (entry.title, entry.weak) == ("EAEU", "(weak: a mirror of Wikipedia; no original)")
    [entry] = bibliography([], [("CSTO https://t.com/y", "")]).entries
    assert entry.weak == ""
    [entry] = bibliography([], [("a topline (https://t.com/y) covers KZ", "")]).entries
    assert entry.title == "a topline"  # the bracket that holds the address is not the title's


def test_a_reference_s_malformed_url_and_a_duplicate_id_are_located_errors(tmp_path, run):
    model = tiny.MODEL + "references:\n  - {id: seed, title: A, url: 'https://a.org./x'}\n"
    model += "  - {id: seed, title: B}\n"
    tiny.write(tmp_path / "w", model=model)
    # line 13: "  - {id: seed, title: A, url: 'https://a.org./x'}": the address at column 32
    assert errors(run("validate", "-w", "w")) == [
        "error: w/model.yaml:13:32: references.0.url: malformed URL 'https://a.org./x': its "
        "host 'a.org.' ends with a dot (write a.org without the dot)",
        "error: w/model.yaml:14:10: references: 'seed' is defined twice (give each reference "
        "its own id)",
    ]


def test_a_malformed_url_in_an_analyst_s_file_is_a_located_error(tmp_path, run):
    root = tiny.write(tmp_path / "w")
    (root / "panel").mkdir()
    panel = 'analyst: Ann\nvalues:\n  Z:\n    a: {value: 3, sources: ["see https://d.org./p"]}\n'
    (root / "panel" / "ann.yaml").write_text(panel, encoding="utf-8")
    # line 4: '    a: {value: 3, sources: ["see https://d.org./p"]}': the address at column 34
    assert errors(run("validate", "-w", "w")) == [
        "error: w/panel/ann.yaml:4:34: Z.a: source 1: malformed URL 'https://d.org./p': its "
        "host 'd.org.' ends with a dot (write d.org without the dot)"
    ]
