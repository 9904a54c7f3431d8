"""The sources behind the evidence: the rule they are checked by, the addresses `validate`
refuses, the short citations ("seed §6", "facts §4 R") resolved to the works the model's
`references:` define, and the bibliography a report prints.

The rule (docs/evidence.md, "Sources"): cite the original publisher or an official source. A
mirror of Wikipedia, a blog presented as news, a content farm that copies wire stories without
naming them, and a satire site are weak: `validate` warns of a source on one of the hosts of
`WEAK_HOSTS`, unless the source itself says it is weak ("(weak: ...)"), as the rule asks where
no original is at hand. Wikipedia itself is not on the list: it is acceptable for
uncontroversial facts (a census share, a membership, a date), which a reader can check there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scenarios.core.errors import Problem, did_you_mean
from scenarios.core.textsafe import one_line

if TYPE_CHECKING:
    from scenarios.workspace.schema import ModelFile, PanelFile, ProfileFile, Reference, WhatIfFile
    from scenarios.workspace.yamlsource import Document

MIRROR = "a mirror of Wikipedia"
BLOG = "a blog"
FORUM = "a web forum"
FARM = "a content farm that copies news without naming its source"
SATIRE = "a satire site"
COPY = "an unofficial copy of a document"

# Known weak hosts, by the end of the host name (a host matches itself and its subdomains).
WEAK_HOSTS: dict[str, str] = {
    # mirrors of Wikipedia
    "pinocchiopedia.com": MIRROR,
    "wikimili.com": MIRROR,
    "wikiwand.com": MIRROR,
    "wiki.x.io": MIRROR,
    "kiwix.lema.org": MIRROR,
    "iiab.me": MIRROR,
    "owiki.org": MIRROR,
    "findatwiki.com": MIRROR,
    "wikisum.wiki": MIRROR,
    "kampuspedia.com": MIRROR,
    "perceptiode.com": MIRROR,
    "perceptiopt.com": MIRROR,
    "perceptiofr.com": MIRROR,
    "artikeldigital.com": MIRROR,
    "abcdef.wiki": MIRROR,
    # blogs
    "blogspot.com": BLOG,
    "wordpress.com": BLOG,
    "oberjuerge.com": BLOG,
    "dzen.ru": BLOG,  # Yandex's blog platform
    # forums
    "dorar-aliraq.net": FORUM,
    # content farms and aggregators that copy without naming the original
    "ruetir.com": FARM,
    "opera.news": FARM,
    "exbulletin.com": FARM,
    "dayfr.com": FARM,
    "oikosix.com": FARM,
    "naijajointz.co": FARM,
    # copies of documents
    "docslib.org": COPY,
    "fayllar.org": COPY,
    # satire (none is cited in the bundled workspaces; listed so that none is)
    "theonion.com": SATIRE,
    "babylonbee.com": SATIRE,
    "thebeaverton.com": SATIRE,
    "newsthump.com": SATIRE,
    "thedailymash.co.uk": SATIRE,
    "waterfordwhispersnews.com": SATIRE,
    "duffelblog.com": SATIRE,
    "clickhole.com": SATIRE,
    "der-postillon.com": SATIRE,
    "legorafi.fr": SATIRE,
    "elmundotoday.com": SATIRE,
}

# An address in a source (http or https), without the punctuation that ends a sentence.
URL = re.compile(r"https?://[^\s;<>\"']+[^\s;<>\"'.,)\]]")

WEAK_MARK = re.compile(r"\(weak\b", re.IGNORECASE)  # how a source says it is weak

# "seed §6", "facts §4 R – ...", "facts §6.4": a key, then the section.
CITATION = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_]*) §(?P<section>\d+(?:\.\d+)*)")

# A token with a scheme ("http://", "htps://", "http:/"), and an address without one
# ("www.example.com/...", "example.com/...").
_SCHEMED = re.compile(r"(?<![\w.+-])[A-Za-z][A-Za-z0-9+.-]*:/+[^\s;<>\"']*")
_SCHEMELESS = re.compile(
    r"(?<![\w/.@:%-])(?:www\.)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}\.?/[^\s;<>\"']*"
)
_LABEL = re.compile(r"^[^\W_](?:(?:[^\W_]|-)*[^\W_])?$")
_TRAILING = ".,)]"


def host_of(address: str) -> str:
    """The host of an http(s) address, lower case, without port or `www.`."""
    rest = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*:/*", "", address)
    host = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    host = host.split(":")[0].lower()
    return host.removeprefix("www.")


def weak_kind(address: str) -> str | None:
    """What kind of weak source the address is on (`WEAK_HOSTS`), or None."""
    host = host_of(address)
    for suffix, kind in WEAK_HOSTS.items():
        if host == suffix or host.endswith("." + suffix):
            return kind
    return None


def _host_problem(host: str) -> tuple[str, str] | None:
    if not host:
        return "it has no host", "write it as https://example.org/..."
    if host.endswith("."):
        return (
            f"its host '{host}' ends with a dot",
            f"write {host.rstrip('.')} without the dot",
        )
    labels = host.split(".")
    if len(labels) < 2 and host != "localhost":
        return (
            f"its host '{host}' has no domain ending",
            "a URL holds no spaces: write a space as %20",
        )
    if not all(_LABEL.match(label) for label in labels):
        return f"its host '{host}' is not a host name", "check for a stray character"
    return None


def url_problem(token: str) -> tuple[str, str] | None:
    """(what is wrong, hint) for one address with a scheme, or None where it is well formed."""
    token = token.rstrip(_TRAILING)
    scheme, _, rest = token.partition(":")
    if scheme.lower() not in ("http", "https"):
        return f"the scheme '{scheme}:' is not http: or https:", "write https://..."
    if not rest.startswith("//") or rest.startswith("///"):
        return f"'{scheme}:' must be followed by two slashes", f"write {scheme}://..."
    authority = re.split(r"[/?#]", rest[2:], maxsplit=1)[0].rsplit("@", 1)[-1]
    host, colon, port = authority.partition(":")
    if colon and not port.isdigit():
        return f"its port '{port}' is not a number", "drop the port or write it in digits"
    return _host_problem(host.lower())


def malformed(text: str) -> Iterator[tuple[str, str, str]]:
    """Each malformed address in a source: (the address as written, what is wrong, hint)."""
    spans = []
    for match in _SCHEMED.finditer(text):
        spans.append(match.span())
        problem = url_problem(match.group())
        if problem is not None:
            yield match.group().rstrip(_TRAILING), *problem
    ends = {b for _, b in spans}
    for match in _SCHEMELESS.finditer(text):
        if any(a <= match.start() < b for a, b in spans):
            continue
        if match.start() - 1 in ends:  # the rest of 'https://exa mple.org/': one mistake
            continue
        word = match.group().rstrip(_TRAILING)
        yield word, "it has no scheme", f"write https://{word}"


def _column(doc: Document, path: tuple[Any, ...], token: str) -> tuple[int, int]:
    """Line and column of ``token`` inside the value at ``path`` (the value's own position
    where the token is not on its first line, or the file cannot be read again)."""
    line, column = doc.locate(path)
    try:
        lines = doc.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return line, column
    if 0 < line <= len(lines):
        at = lines[line - 1].find(token, column - 1)
        if at >= 0:
            return line, at + 1
    return line, column


def _sources_of(
    model: ModelFile, profiles: Iterable[ProfileFile], whatifs: Mapping[str, WhatIfFile]
) -> Iterator[tuple[str, tuple[Any, ...], str, int, str]]:
    """(document key, path to the source, who, number, source) of every source in the files."""
    for name, gate in model.gates.items():
        for i, s in enumerate(gate.sources):
            yield "model", ("gates", name, "sources", i), f"gate {name}", i, s
    if model.cohort is not None:
        for i, s in enumerate(model.cohort.sources):
            yield "model", ("cohort", "sources", i), "cohort", i, s
    if model.base_rate is not None:
        for i, s in enumerate(model.base_rate.sources):
            yield "model", ("base_rate", "sources", i), "base_rate", i, s
    for name, indicator in model.indicators.items():
        for i, s in enumerate(indicator.sources):
            yield "model", ("indicators", name, "sources", i), f"indicator {name}", i, s
    for p in profiles:
        key = f"profile:{p.id}"
        if p.status is not None:
            for i, s in enumerate(p.status.sources):
                yield key, ("status", "sources", i), f"{p.id}.status", i, s
        for factor, entry in p.factors.items():
            for i, s in enumerate(entry.sources):
                yield key, ("factors", factor, "sources", i), f"{p.id}.{factor}", i, s
    for name, whatif in whatifs.items():
        for i, s in enumerate(whatif.sources):
            yield f"whatif:{name}", ("sources", i), f"what-if {name}", i, s


def url_problems(
    model: ModelFile,
    profiles: Iterable[ProfileFile],
    whatifs: Mapping[str, WhatIfFile],
    docs: Mapping[str, Document],
) -> list[Problem]:
    """Every malformed address in the sources of the model, profiles and what-ifs, located at
    the address itself: an error (a reader cannot follow it)."""
    problems = []
    mdoc = docs.get("model")
    seen: set[str] = set()
    for i, ref in enumerate(model.references):
        if mdoc is None:
            break
        if ref.id in seen:
            problems.append(
                mdoc.problem(
                    ("references", i, "id"),
                    f"references: '{ref.id}' is defined twice",
                    "give each reference its own id",
                )
            )
        seen.add(ref.id)
        for token, what, hint in malformed(ref.url or ""):
            line, column = _column(mdoc, ("references", i, "url"), token)
            problems.append(
                Problem(
                    f"references.{i}.url: malformed URL '{one_line(token)}': {what}",
                    mdoc.path,
                    line,
                    column,
                    hint,
                )
            )
    for key, path, who, i, source in _sources_of(model, profiles, whatifs):
        doc = docs.get(key)
        if doc is not None:
            problems += _malformed_at(doc, path, who, i, source)
    return problems


def _malformed_at(
    doc: Document, path: tuple[Any, ...], who: str, i: int, source: str
) -> list[Problem]:
    problems = []
    for token, what, hint in malformed(source):
        line, column = _column(doc, path, token)
        problems.append(
            Problem(
                f"{who}: source {i + 1}: malformed URL '{one_line(token)}': {what}",
                doc.path,
                line,
                column,
                hint,
            )
        )
    return problems


def panel_url_problems(doc: Document, file: PanelFile) -> list[Problem]:
    """Every malformed address in the sources of one analyst's file."""
    problems = []
    for cid, cells in file.values.items():
        for factor, entry in (cells or {}).items():
            for i, source in enumerate(entry.sources if entry is not None else ()):
                path = ("values", cid, factor, "sources", i)
                problems += _malformed_at(doc, path, f"{cid}.{factor}", i, source)
    return problems


def source_warnings(
    model: ModelFile,
    profiles: Iterable[ProfileFile],
    whatifs: Mapping[str, WhatIfFile],
    docs: Mapping[str, Document],
) -> list[Problem]:
    """`validate`'s warnings about sources: a weak host not marked as weak, and a citation
    key ('seed' in 'seed §6') that no reference in model.yaml defines."""
    found = []
    keys = {r.id for r in model.references}
    for key, path, who, i, source in _sources_of(model, profiles, whatifs):
        doc = docs.get(key)
        if doc is None:
            continue
        cited = CITATION.match(source)
        if cited is not None and cited.group("key") not in keys:
            found.append(
                doc.problem(
                    path,
                    f"{who}: source {i + 1} cites '{cited.group(0)}', but model.yaml defines "
                    f"no reference '{cited.group('key')}'",
                    _closest(cited.group("key"), keys)
                    or "add it under `references:` with its title, publisher and date",
                )
            )
        if WEAK_MARK.search(source):
            continue
        for match in URL.finditer(source):
            kind = weak_kind(match.group())
            if kind is not None:
                found.append(
                    doc.problem(
                        path,
                        f"{who}: source {i + 1} is on {host_of(match.group())}, {kind}",
                        "cite the original; where there is none, add '(weak: ...)' to the "
                        "source and lower the confidence",
                    )
                )
    return found


def _closest(key: str, keys: Iterable[str]) -> str | None:
    """'did you mean ...?' for a misspelt key, else None."""
    hint = did_you_mean(key, keys)
    return hint if hint is not None and hint.startswith("did you mean") else None


# --- the bibliography -------------------------------------------------------------------

# A date as a citation writes it: "6 Nov 2025", "Jan–May 2025", "Aug 2015", "2023–2024", "2024".
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"
    rf"|\b(?:\d{{1,2}} )?{_MONTH}(?:\s?[–-]\s?(?:\d{{1,2}} )?{_MONTH})? (?:19|20)\d{{2}}\b"
    r"|\b(?:19|20)\d{2}(?:[–-](?:19|20)?\d{2})?\b(?![\d,.]\d)"
)


def cited_date(text: str) -> str | None:
    """The date a citation gives in brackets, as the reference notes date their figures
    ("~14% (World Bank, 2024)" gives '2024'; "bases to 2032" gives none), or None: the last
    bracket holding one."""
    for group in reversed(re.findall(r"\(([^()]*)\)", text)):
        match = _DATE.search(group)
        if match is not None:
            return match.group(0)
    return None


@dataclass(frozen=True)
class BibEntry:
    """One entry of the bibliography: a work the model's references define, or an address."""

    number: int
    key: str | None = None  # the citation key of a reference ("seed")
    url: str | None = None
    title: str = ""
    reference: Reference | None = None
    date: str = ""
    date_basis: str = ""  # "cited": the citation gives it; "as_of": the value's date
    sections: tuple[str, ...] = ()  # the sections cited ("§1", "§6")
    weak: str = ""  # what the citing source says of its weakness: "(weak: a blog; ...)"

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"


@dataclass(frozen=True)
class Bibliography:
    """Every work and address the evidence cites, numbered in the order they first appear."""

    entries: tuple[BibEntry, ...]
    by_key: Mapping[str, int] = field(default_factory=dict)
    by_url: Mapping[str, int] = field(default_factory=dict)

    def for_key(self, key: str) -> BibEntry | None:
        number = self.by_key.get(key)
        return None if number is None else self.entries[number - 1]

    def for_url(self, url: str) -> BibEntry | None:
        number = self.by_url.get(url)
        return None if number is None else self.entries[number - 1]


def _title(source: str, start: int, end: int) -> str:
    """The text before an address (its title), else the text after it."""
    before = source[:start]
    first = URL.search(source)
    if first is not None and first.start() < start:  # "A https://x ; https://y": A for both
        before = source[: first.start()]
    title = before.strip().rstrip(":;,–-( ").strip()
    if not title:
        title = source[end:].strip().strip("();, ").strip()
    return title


def bibliography(references: Sequence[Reference], cited: Iterable[tuple[str, str]]) -> Bibliography:
    """The bibliography of ``cited``: (source, the date of the value it backs, ISO or "") in
    the order the page shows them. The model's references that are cited come first, in their
    own order, then each address once, titled by the text before it and dated by the citation
    where it gives a date, else by the value's date (`date_basis` says which)."""
    cited = list(cited)
    sections: dict[str, list[str]] = {r.id: [] for r in references}
    for source, _ in cited:
        match = CITATION.match(source)
        if match is not None and match.group("key") in sections:
            section = f"§{match.group('section')}"
            if section not in sections[match.group("key")]:
                sections[match.group("key")].append(section)
    entries: list[BibEntry] = []
    by_key: dict[str, int] = {}
    for ref in references:
        if not sections[ref.id]:  # a work the evidence does not cite is not listed
            continue
        number = len(entries) + 1
        by_key[ref.id] = number
        found = sorted(sections[ref.id], key=lambda s: [int(x) for x in s[1:].split(".")])
        entries.append(
            BibEntry(
                number,
                key=ref.id,
                url=ref.url,
                title=ref.title,
                reference=ref,
                date=ref.date.isoformat() if ref.date else "",
                date_basis="cited" if ref.date else "",
                sections=tuple(found),
            )
        )
    by_url: dict[str, int] = {}
    for source, as_of in cited:
        for match in URL.finditer(source):
            url = match.group(0)
            if url in by_url:
                continue
            title = _title(source, match.start(), match.end())
            date = cited_date(title)
            weak = re.search(r"\(weak\b[^()]*\)", source, re.IGNORECASE)
            number = len(entries) + 1
            by_url[url] = number
            entries.append(
                BibEntry(
                    number,
                    url=url,
                    title=title,
                    date=date or as_of,
                    date_basis="cited" if date else ("as_of" if as_of else ""),
                    weak=weak.group(0) if weak else "",
                )
            )
    return Bibliography(tuple(entries), by_key, by_url)
