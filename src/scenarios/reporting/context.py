"""The shared context of the report's sections: results, language, texts, names, chart helper."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from scenarios.analyses import probability_words as pw
from scenarios.analyses.assessment import hypothetical
from scenarios.core.errors import Problem
from scenarios.core.textsafe import printable
from scenarios.reporting.access import ChartData
from scenarios.reporting.formatting import signed, years_text
from scenarios.reporting.texts import TEXT, count_form
from scenarios.workspace.evidence import evidence_date
from scenarios.workspace.lang import DIRECTION, Names, written_in
from scenarios.workspace.scenario import WhatIf
from scenarios.workspace.sources import Bibliography, bibliography

if TYPE_CHECKING:
    from scenarios.reporting.results import Results
    from scenarios.workspace.load import Workspace

GLYPH_MISSING = re.compile(r"Glyph (\d+) .*missing from (?:current )?font")


@dataclass(frozen=True)
class Chart:
    """One chart: its file stem, title (in the page's language), SVG and, if asked, PNG."""

    name: str
    title: str
    svg: str
    png: bytes | None = None
    subtitle: str = ""  # what the chart draws (the title says what it finds)


class Context:
    """What every section of one page shares: the workspace and its finished results, the
    page's language, texts and names, the ways of writing text safely in either direction,
    and the chart helper (which collects the page's charts and warnings)."""

    def __init__(self, ws: Workspace, results: Results, lang: str, png: bool) -> None:
        from markupsafe import Markup, escape

        self.Markup = Markup
        self.escape = escape
        self.ws = ws
        self.r = results
        self.lang = lang
        self.t = TEXT[lang]
        self.names = Names(ws, lang)
        self.png = png
        self.charts: list[Chart] = []
        self.problems: list[Problem] = list(results.notes)
        from scenarios.reporting.charts import Look

        self.look = Look(lang)
        changes = hypothetical(ws)
        # a hypothetical page says so in its title, kicker and on every chart ("" : the forecast)
        self.whatif = self.t["whatif_label"].format(changes=self.changes_text()) if changes else ""

    def c(self, text: Any) -> Any:
        """Text for a chart: in Arabic, numbers isolated left to right (lists and tuples too)."""
        from scenarios.reporting.charts import isolate_numbers

        if isinstance(text, str):
            return isolate_numbers(text) if self.lang == "ar" else text
        return type(text)(self.c(item) for item in text)

    @property
    def lang_code(self) -> pw.Lang:
        return "ar" if self.lang == "ar" else "en"

    def say(self, key: str, **values: Any) -> Any:
        """A text of the page with its values escaped and isolated (bidi-safe)."""
        return self.isolated(self.t[key]).format(**{k: self.iso(v) for k, v in values.items()})

    def isolated(self, text: str) -> Any:
        """Text of the page, escaped; on a right-to-left page each number in it (with its sign,
        percent sign or range) is one left-to-right isolate, as `num` makes them. A part of a
        text in backticks (a command, a file name, a symbol) is code, as `code` makes it."""
        if "`" in text:
            parts = text.split("`")
            return self.Markup("").join(
                self.code(part) if k % 2 else self.isolated(part) for k, part in enumerate(parts)
            )
        if self.lang == "en":
            return self.Markup(self.escape(text))
        from scenarios.reporting.charts import NUMBER

        parts, last = [], 0
        for match in NUMBER.finditer(text):
            parts += [self.escape(text[last : match.start()]), self.num(match.group(0))]
            last = match.end()
        return self.Markup("").join([*parts, self.escape(text[last:])])

    def span(self, low: str, high: str) -> Any:
        """A range as one left-to-right isolate, low to high ('3–94%'), in either language:
        never two isolates round a dash, which a right-to-left line shows high to low."""
        return self.num(f"{low}–{high}")

    def sign(self, x: float, digits: int = 3, unit: str = "") -> Any:
        """A signed number ('+2.4') with its sign inside its isolate."""
        return self.num(signed(x, digits) + unit)

    def from_files(
        self,
        document: str,
        path: tuple[str, ...],
        english: str,
        arabic: str | None,
        *,
        block: bool = False,
        names: Names | None = None,
    ) -> Any:
        """A text of the files in the page's language (its `_ar` field on an Arabic page),
        else the English as written, quoted (`block`: a paragraph of its own)."""
        text = (names or self.names).text(document, path, english, arabic)
        return self.english(english if text is None else text, block=block)

    def iso(self, value: Any) -> Any:
        if isinstance(value, self.Markup):
            return value
        if isinstance(value, str):  # its numbers isolated too ('5 سنوات')
            return self.Markup("<bdi>{}</bdi>").format(self.isolated(value))
        return self.Markup("<bdi>{}</bdi>").format(value)

    def html(self, template: str, *values: Any) -> Any:
        """`Markup(template).format(*values)` for plain `{}` fields, at a fraction of its cost
        (a page of 10,000 evidence entries makes hundreds of thousands of these)."""
        escape = self.escape
        return self.Markup(template.format(*(escape(v) for v in values)))

    def num(self, text: Any) -> Any:
        return self.html('<bdi dir="ltr">{}</bdi>', text)

    def english(self, text: str, *, block: bool = False) -> Any:
        """Text from the files, as written: in English unless its script says otherwise (an
        analyst may write notes in Arabic). Always isolated (<bdi>), so nothing in it can
        reorder the sentence it stands in; text in another language than the page's is marked
        with its language and direction and the class `quoted` (`block`: set apart as a
        paragraph of its own, aligned to its own start); text mixing both scripts has its
        direction left to the browser."""
        written = written_in(text)
        text = printable(text)  # a control character shown, never sent to the browser
        if written == self.lang or (written is None and self.lang == "en"):
            return self.Markup("<bdi>{}</bdi>").format(self.isolated(text))
        if written is None:
            return self.Markup('<bdi dir="auto">{}</bdi>').format(text)
        return self.Markup('<bdi class="{}" lang="{}" dir="{}">{}</bdi>').format(
            "quoted block" if block else "quoted", written, DIRECTION[written], text
        )

    def whatif_title(self, name: str) -> str:
        """A what-if's title in the page's language (`title_ar`), else as written."""
        whatif = self.ws.whatifs[name]
        title = self.names.text(f"whatif:{name}", ("title",), whatif.title, whatif.title_ar)
        return whatif.title if title is None else title

    def chart_source(self, *, isolated: bool = False) -> dict[str, str]:
        """What a chart file says of itself besides its title: its source line (the tool and
        its version, the workspace, the evidence date) in the page's language, and the same
        as metadata (`isolated`: the tool and workspace as left-to-right isolates, to draw them
        in Arabic)."""
        from scenarios._version import __version__

        date = evidence_date(self.ws)
        dated = date.isoformat() if date else self.t["undated"]
        iso = "\u2066{}\u2069".format if isolated and self.lang == "ar" else "{}".format
        source = self.t["chart_source"].format(
            tool=iso(f"scenarios {__version__}"), workspace=iso(self.ws.name), date=dated
        )
        about = {"Source": source, "Description": f"{self.t['evidence_date']} {dated}"}
        if date is not None:
            about["Date"] = dated
        return about

    def code(self, text: str) -> Any:
        """An id, a file name or a command: as typed, left to right, in any language."""
        return self.Markup('<code dir="ltr">{}</code>').format(text)

    def link_caveat(self) -> Any:
        """Why the link is not validated (likelihood's reason, in the page's language)."""
        from scenarios.analyses.likelihood import validation_reason

        settings = self.ws.model.link
        assert settings is not None
        key, values = validation_reason(settings)
        fit = settings.fit
        return self.say(
            f"caveat_{key}",
            workspace=self.code(values.get("workspace", "")),
            skill=self.num(f"{fit.loo_skill:+.2f}" if fit and fit.loo_skill is not None else ""),
            outcomes=self.say(
                "outcomes" + count_form(self.lang, int(values.get("outcomes", 0))),
                n=self.num(str(values.get("outcomes", ""))),
            ),
        )

    def panel_rule(self) -> Any:
        """How the panel combines ('values mean, P linear pool'), in the page's language."""
        assert self.ws.panel is not None
        rule = self.ws.panel.rule
        values = self.say(f"rule_values_{rule.values}", share=self.num(f"{100 * rule.trim:g}%"))
        p = self.say(f"rule_p_{rule.probabilities}")
        if rule.probabilities == "log_odds" and rule.extremize != 1:
            p += self.Markup(" × ") + self.num(f"{rule.extremize:g}")
        return self.say("panel_rule", values=values, p=p)

    def cell(self, text: Any, kind: str = "", *, source: str | None = None) -> dict[str, Any]:
        """A table cell; `source`: the text from the files it shows, whose language (when not
        the page's) the cell is marked with."""
        if type(text) is str and (kind != "num" or written_in(text) == "ar"):
            text = self.isolated(text)  # a number of a "num" cell is isolated as it stands
        lang = direction = ""
        if source is not None:
            written = written_in(source)
            if written is None and self.lang != "en":
                direction = "auto"
            elif written is not None and written != self.lang:
                lang, direction = written, DIRECTION[written]
                kind = f"{kind} quoted".strip()
        return {"text": text, "cls": kind, "lang": lang, "dir": direction}

    def country(self, i: int) -> str:
        return self.names.country(self.ws.country_ids[i])

    def factor(self, k: int) -> str:
        return self.names.factor(self.ws.factor_ids[k])

    def horizon(self) -> str:
        return years_text(self.lang, self.r.ranking.horizon or 1.0)

    def level(self, factor: str, pushes_up: bool) -> str:
        if not factor:
            return self.t["nothing"]
        high = pushes_up == (self.ws.model.factors[factor].direction == "for")
        return self.t["level"].format(
            label=self.names.factor(factor), level=self.t["high" if high else "low"]
        )

    def drawn(self, order: Sequence[int]) -> list[int]:
        """The countries a country-by-country chart draws: the first MAX_COUNTRIES of `order`."""
        from scenarios.reporting.charts import MAX_COUNTRIES

        return list(order)[:MAX_COUNTRIES]

    def cut(
        self, total: int, file: str, *, table: bool, key: str = "", limit: int | None = None
    ) -> Any:
        """The sentence under a chart that draws only the first countries (None when it draws
        them all): how many of how many, and where all of them are (the section's table, when
        it has one, and the CSV file `scenarios export` writes). `limit`: the chart's own
        limit, where it is below MAX_COUNTRIES."""
        from scenarios.reporting.charts import MAX_COUNTRIES

        shown = MAX_COUNTRIES if limit is None else limit
        if total <= shown:
            return None
        return self.say(
            key or ("chart_cut_table" if table else "chart_cut"),
            shown=self.num(shown),
            total=self.num(f"{total:,}"),
            rest=self.span(str(shown + 1), f"{total:,}"),
            file=self.Markup('<code dir="ltr">{}</code>').format(file),
            command=self.Markup('<code dir="ltr">scenarios export</code>'),
        )

    def listing(
        self, items: Sequence[Any], sep: str, more: str = "and_more", limit: int | None = None
    ) -> Any:
        """Items of a reading joined by `sep`: the first MAX_COUNTRIES (or `limit`), then how
        many more."""
        from scenarios.reporting.charts import MAX_COUNTRIES

        shown = MAX_COUNTRIES if limit is None else limit
        listed = self.Markup(sep).join(items[:shown])
        if len(items) <= shown:
            return listed
        rest = self.say(more, n=self.num(f"{len(items) - shown:,}"))
        return listed + self.Markup(sep) + rest

    def table(self, head: list[Any], rows: list[dict[str, Any]], cls: str) -> dict[str, Any]:
        """A table of one row a country: past MAX_COUNTRIES rows, the rest are in the page but
        folded away (a <details> under the first rows, saying how many it holds)."""
        from scenarios.reporting.charts import MAX_COUNTRIES

        shown, more = rows[:MAX_COUNTRIES], rows[MAX_COUNTRIES:]
        folded = self.say("more_countries", n=self.num(f"{len(more):,}")) if more else ""
        return {"head": head, "rows": shown, "more": more, "more_label": folded, "cls": cls}

    def chart(
        self,
        name: str,
        title: str,
        make: Callable[[], Any],
        note: Any = None,
        *,
        subtitle: str = "",
        data: ChartData | None = None,
    ) -> dict[str, Any]:
        """A chart of the page: `title` states what it finds (computed from the results),
        `subtitle` what is drawn, `data` the numbers it draws, which give its text alternative
        and the table a click away under it. On a what-if page both the caption and the
        drawing say "What if: ...". With chart files, the file's drawing also carries its
        title, source and date, so that it stands alone."""
        from scenarios.reporting.access import alt_text, data_table, min_width
        from scenarios.reporting.charts import inline, render, stamp, stand_alone

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig = make()
            if self.whatif:
                fig = stamp(fig, self.c(self.whatif.replace("`", "")), self.look)
            svg, image = render(fig, f"c-{name}", close=not self.png)
            file_svg = svg
            if self.png:  # the chart's files stand alone: its title, source and date drawn in
                about = self.chart_source()
                drawn = self.c(self.chart_source(isolated=True)["Source"])
                stand_alone(fig, self.c(title), drawn, self.look)
                file_svg, image = render(
                    fig, f"c-{name}", png=True, metadata={"Title": title, **about}
                )
        for w in caught:
            match = GLYPH_MISSING.search(str(w.message))
            if match:
                self.problems.append(
                    Problem(
                        f"chart '{name}': no font has the character "
                        f"U+{int(match.group(1)):04X} ({chr(int(match.group(1)))!r}); "
                        "it shows as an empty box",
                        hint="use another character, or add a font that has it",
                    )
                )
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
        if self.whatif:
            title = f"{self.whatif} · {title}"
        title = printable(title)  # names from the files: a control character shown, not obeyed
        plain = title.replace("`", "")  # the chart's file and its text alternative: no code
        self.charts.append(Chart(name, plain, file_svg, image, subtitle))
        label = f"{plain}. {subtitle}" if subtitle else plain
        return {
            "name": name,
            "title": self.isolated(title),
            "subtitle": self.isolated(subtitle),
            "svg": self.Markup(inline(svg, alt_text(label, data, self.lang))),
            "note": note,
            "min_width": min_width(svg),
            "data": None if data is None else data_table(data, self.isolated),
        }

    def changes_text(self) -> str:
        """What makes the page hypothetical, in words where the files give them (a what-if's
        title) and as typed otherwise (--weight, --set)."""
        shown = []
        for change in hypothetical(self.ws):
            if isinstance(change, WhatIf) and change.name in self.ws.whatifs:
                shown.append(self.whatif_title(change.name))
            else:  # an option as typed: code (in backticks, which `isolated` makes code)
                shown.append(f"`{str(change).replace('`', '')}`")
        return printable(("؛ " if self.lang == "ar" else "; ").join(shown))

    @cached_property
    def bib(self) -> Bibliography:
        """The works and addresses the evidence cites, in the order the evidence shows them."""
        cited = []
        for c in self.r.ranking.order:
            profile = self.ws.profiles[c]
            for factor in self.ws.factor_ids:
                entry = profile.factors[factor]
                date = entry.as_of.isoformat() if entry.as_of else ""
                cited += [(source, date) for source in entry.sources]
        return bibliography(self.ws.model.references, cited)
