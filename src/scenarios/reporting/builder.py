"""`scenarios report`: the whole assessment on one self-contained HTML page, in English or Arabic.

The page needs nothing from the network: its fonts (cut to the characters it uses) and its charts
(SVG, text drawn as paths) are inline, and a Content-Security-Policy forbids any request. It
prints to A4 with no chart split across pages. The same workspace, options and seed give the
same bytes: no clock is read, the Monte Carlo and the cascade are seeded, and the SVGs carry no
date and a fixed hash salt.

Core side: no terminal code. matplotlib, jinja2 and fontTools are imported when a page is built.
"""

from __future__ import annotations

import base64
import io
import itertools
import os
import re
import shlex
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import numpy as np

from scenarios.analyses import probability_words as pw
from scenarios.analyses import scoring
from scenarios.core.choices import DEFAULT_METHODS, DEFAULT_SEED
from scenarios.core.errors import Problem, ScenariosError
from scenarios.core.textsafe import printable
from scenarios.core.writers import flat
from scenarios.reporting.access import TEXT as ACCESS_TEXT
from scenarios.reporting.access import ChartData, running_head
from scenarios.reporting.texts import TEXT, count_form
from scenarios.workspace.evidence import URL, evidence_date, staleness
from scenarios.workspace.lang import DIRECTION, LANGS, Names, written_in
from scenarios.workspace.scenario import HYPOTHETICAL, Change, WhatIf
from scenarios.workspace.sources import CITATION, BibEntry, Bibliography, bibliography

if TYPE_CHECKING:
    from scenarios.analyses.cascading import Cascade
    from scenarios.analyses.comparison import Comparison
    from scenarios.analyses.likelihood import Backtest
    from scenarios.analyses.robustness import ProbabilityEffects, Sensitivity
    from scenarios.ledger.records import History
    from scenarios.ledger.signposting import Signposts
    from scenarios.workspace.load import Workspace

# the options that make a page a hypothetical rather than the forecast
# countries a key judgement names before "and N more" (the ranking below lists them all)
KEY_LIST = 6
COHORT = "abraham-2020"  # the bundled backtest cohort: the 2020 wave, scored as of end 2019
TEMPLATES = Path(__file__).parent / "templates"
WHATIF_COLUMNS = 12  # countries drawn as columns of the what-if chart; more: one row a country
GLYPH_MISSING = re.compile(r"Glyph (\d+) .*missing from (?:current )?font")


@dataclass(frozen=True)
class Chart:
    """One chart: its file stem, title (in the page's language), SVG and, if asked, PNG."""

    name: str
    title: str
    svg: str
    png: bytes | None = None
    subtitle: str = ""  # what the chart draws (the title says what it finds)


@dataclass(frozen=True)
class Page:
    """A built report: the HTML text, its charts, and what the reader of stderr should know."""

    html: str
    lang: str
    charts: tuple[Chart, ...]
    warnings: tuple[Problem, ...] = ()
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Results:
    """Every analysis the page shows, computed once (the numbers are the same in every
    language)."""

    ranking: scoring.Ranking
    sensitivity: Sensitivity
    comparison: Comparison | None
    cascade: Cascade | None
    backtest: Backtest | None
    cohort: Workspace | None  # the workspace the backtest scored (None: no backtest)
    own_backtest: bool
    settings: dict[str, Any]
    notes: tuple[Problem, ...] = ()
    history: History | None = None  # the ledger's records (None: the ledger has none)
    # each factor that the backtest finds pointing the wrong way (its ROC AUC alone below 0.5),
    # with that AUC and the ranking with its weight at 0
    wrong_way: tuple[tuple[str, float, np.ndarray], ...] = ()
    # the tornado's and the critical weights' effects in probability points (None: no link,
    # or a panel)
    effects: ProbabilityEffects | None = None
    # what would move each country one rank, and what the indicators to watch would do
    signposts: Signposts | None = None
    # a hypothetical page (--whatif, --weight, --set): the forecast's ranking, without them
    forecast: scoring.Ranking | None = None


def hypothetical(ws: Workspace) -> tuple[Change, ...]:
    """The changes that make the workspace a hypothetical rather than the forecast (what-ifs,
    weights and values set on the command line), in the order applied."""
    return tuple(c for c in ws.changes if isinstance(c, HYPOTHETICAL))


# --- the analyses ---------------------------------------------------------------------------


def _wrong_way(
    ws: Workspace, ranking: scoring.Ranking, backtest: Backtest | None
) -> tuple[tuple[str, float, np.ndarray], ...]:
    """The factors of the model that the backtest finds pointing the wrong way, each with its
    ROC AUC alone and the ranks with its weight at 0 (as if model.yaml said 0)."""
    from scenarios.core import engine
    from scenarios.workspace.whatif import apply_overrides

    if backtest is None:
        return ()
    factors = backtest.factors_frame()
    found = []
    for factor in factors.index:
        weighted = factor in ws.model.factors and ws.model.factors[factor].weight > 0
        if weighted and factors.loc[factor, "agreement"] == "wrong way":
            without = apply_overrides(ws, weights={factor: 0.0})
            scores = engine.scores(without.normalized, without.weights, ranking.aggregation)
            found.append((str(factor), float(factors.loc[factor, "roc_auc"]), engine.ranks(scores)))
    return tuple(found)


def resolved(ws: Workspace) -> bool:
    """True when the workspace's own outcomes can be scored: at least three have resolved (the
    horizon has passed since the evidence date, or the event happened), of both kinds."""
    from scenarios.analyses.likelihood import resolved_outcomes

    if ws.model.event is None:
        return False
    y = resolved_outcomes(ws, ws.model.horizon_years or 1.0).y
    return len(y) >= 3 and 0 < y.sum() < len(y)


def backtest_cohort(ws: Workspace) -> tuple[Workspace, bool] | None:
    """(workspace to backtest, whether it is the workspace itself): the workspace when its own
    outcomes are resolved, else the bundled cohort when it has the same factors, else None."""
    from scenarios.workspace.load import bundled_root, is_workspace, load_workspace

    if resolved(ws):
        return ws, True
    root = bundled_root() / COHORT
    if not is_workspace(root) or Path(ws.root).resolve() == root.resolve():
        return None
    cohort = load_workspace(root)
    if set(cohort.factor_ids) != set(ws.factor_ids):
        return None
    return cohort, False


def analyse(
    ws: Workspace,
    *,
    aggregation: str | None = None,
    horizon: float | None = None,
    samples: int = 20_000,
    seed: int = DEFAULT_SEED,
    runs: int = 20_000,
    delta: float = 0.5,
    ledger: str | os.PathLike[str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Results:
    """Run everything the report shows. `ledger`: the forecast ledger whose records the page
    follows over time (default: ledger.jsonl in the workspace folder, without records until the
    first `record`; a ledger named must exist)."""
    from scenarios.analyses import likelihood, robustness
    from scenarios.analyses.cascading import cascade as run_cascade
    from scenarios.analyses.comparison import compare
    from scenarios.ledger.records import history, read_ledger_of

    if samples < 100:
        raise ScenariosError(Problem(f"samples must be at least 100, not {samples}"))
    if runs < 1:
        raise ScenariosError(Problem(f"runs must be at least 1, not {runs}"))
    book = read_ledger_of(ws, ledger)  # first: a broken ledger fails fast
    past = history(book) if book.records else None
    ranking = scoring.rank(ws, aggregation, horizon)  # type: ignore[arg-type]
    forecast = None
    if hypothetical(ws) and ws.origin is not None:
        forecast = scoring.rank(ws.origin, ranking.aggregation, horizon)
    settings = robustness.SensitivitySettings(delta=delta, samples=samples, seed=seed)
    sensitivity = robustness.analyse(ws, DEFAULT_METHODS, ranking.aggregation, settings, progress)
    applied = {c.name for c in ws.changes if isinstance(c, WhatIf)}
    remaining = [name for name in ws.whatifs if name not in applied]
    comparison = (
        compare(
            ws,
            remaining,
            ranking.aggregation,
            # the page's own ranking is the comparison's baseline where they are the same
            baseline=ranking if horizon is None else None,
        )
        if remaining
        else None
    )
    notes: list[Problem] = []
    cascade = None
    if ranking.link is not None and ws.model.cascade is not None:
        years = ranking.horizon or 1.0
        if float(years).is_integer() and years >= 1:
            cascade = run_cascade(
                ws, ranking.scores, ranking.link, horizon=years, runs=runs, seed=seed
            )
        else:
            notes.append(
                Problem(
                    f"the cascade section is left out: it simulates whole years, not {years:g}",
                    hint="use a whole --horizon",
                )
            )
    backtest = None
    cohort = None
    own = False
    found = backtest_cohort(ws)
    if found is not None:
        cohort, own = found
        scores = ranking.scores if own else scoring.rank(cohort, ranking.aggregation).scores
        try:
            backtest = likelihood.backtest(
                cohort, scores, horizon if own else None, ranking.aggregation
            )
        except ScenariosError:
            cohort = None
    effects = (
        robustness.probability_effects(
            ws, sensitivity.tornado, sensitivity.critical, ranking.horizon, ranking.aggregation
        )
        if ranking.horizon is not None
        else None
    )
    from scenarios.ledger.signposting import signposts

    return Results(
        effects=effects,
        wrong_way=_wrong_way(ws, ranking, backtest),
        signposts=signposts(ranking),
        forecast=forecast,
        ranking=ranking,
        sensitivity=sensitivity,
        comparison=comparison,
        cascade=cascade,
        backtest=backtest,
        cohort=cohort if backtest is not None else None,
        own_backtest=own,
        settings={
            "aggregation": ranking.aggregation,
            "horizon": ranking.horizon,
            "samples": sensitivity.monte_carlo.samples if sensitivity.monte_carlo else samples,
            "seed": seed,
            "runs": runs if cascade is not None else None,
            "delta": delta,
            "ledger": None if ledger is None else os.fspath(ledger),
        },
        notes=tuple(notes),
        history=past,
    )


# --- formatting (the same digits in both languages) -------------------------------------------


def value_text(x: float) -> str:
    """A value as typed ('7.5'), or to two decimals where it has more (a panel's mean)."""
    x = float(x)
    return f"{x:g}" if abs(x - round(x, 3)) < 1e-9 else f"{x:.2f}"


def score(x: float) -> str:
    return "–" if not np.isfinite(x) else f"{x:.3f}"


def signed(x: float, digits: int = 3) -> str:
    if not np.isfinite(x):
        return "–"
    if abs(x) < 0.5 * 10**-digits:
        return f"{0:.{digits}f}"
    return f"{x:+.{digits}f}".replace("-", "−")


def percent(x: float, digits: int = 1) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{100 * x:.{digits}f}%"


def points(x: float) -> str:
    """A change of probability (a fraction) in percentage points: '+3.1', '−0.4', '–' for none."""
    return signed(100 * x, 1) if x is not None and np.isfinite(x) else "–"


def coefficient(x: float) -> str:
    """A coefficient of the link as printed in its formula: three significant digits."""
    return f"{x:.3g}".replace("-", "−")


def years_text(lang: str, years: float) -> str:
    if lang == "ar":
        if years == 1:
            return "سنة واحدة"
        if years == 2:
            return "سنتين"
        if float(years).is_integer() and 3 <= years <= 10:
            return f"{years:g} سنوات"
        return f"{years:g} سنة"
    return "1 year" if years == 1 else f"{years:g} years"


def split_source(source: str) -> list[tuple[str, str | None]]:
    """A source string as (text, None) and (link text, address) parts."""
    parts: list[tuple[str, str | None]] = []
    last = 0
    for match in URL.finditer(source):
        if match.start() > last:
            parts.append((source[last : match.start()], None))
        address = match.group(0)
        site = re.sub(r"^https?://(?:www\.)?", "", address).split("/")[0].split(":")[0]
        parts.append((site, address))
        last = match.end()
    if last < len(source):
        parts.append((source[last:], None))
    return parts


TAG = re.compile(r"<[^>]*>")  # an HTML tag, to read the text of a part


# --- the page -------------------------------------------------------------------------------


class _Builder:
    """Turns Results into the template's context for one language."""

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

    # text helpers ----------------------------------------------------------------------
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

    # the tool's own sentences about the link and the panel, in the page's language
    def link_source(self) -> Any:
        """Where the link's intercept comes from (the link's `source`, in words)."""
        link = self.r.ranking.link
        assert link is not None
        base = link.base
        if base is None:
            if link.source != "model.yaml":  # a link made otherwise says so itself
                return self.english(link.source)
            return self.say("link_source_file", file=self.code("model.yaml"))
        values = {
            "events": self.num(str(base.events)),
            "of": self.num(str(base.of)),
            "years": self.num(base.window_label),
        }
        if link.members is not None:
            return self.say("link_source_members", **values)
        from scenarios.analyses.likelihood import annual_base_rate

        rate = self.num(f"{annual_base_rate(base):.3f}")
        return self.say("link_source_base", rate=rate, **values)

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

    def equal_weights_note(self) -> Any:
        """The file's weights against equal weights out of sample, in the page's language."""
        settings = self.ws.model.link
        fit = settings.fit if settings is not None else None
        assert fit is not None and fit.loo_skill is not None
        assert fit.equal_weights_loo_skill is not None
        return self.say(
            "equal_weights_note",
            skill=self.num(f"{fit.loo_skill:+.3f}"),
            equal=self.num(f"{fit.equal_weights_loo_skill:+.3f}"),
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

    def wrong_way_readings(self, order: list[int], joined: list[int]) -> list[Any]:
        """Whose place rests on a factor that points the wrong way in the backtest: the
        countries not yet joined that would fall with that factor's weight at 0 (those that
        would rise only take the places they leave)."""
        r = self.r.ranking
        readings = []
        for factor, auc, without in self.r.wrong_way:
            k = self.ws.factor_ids.index(factor)
            for i in order:
                if i in joined or int(without[i]) <= int(r.ranks[i]):
                    continue
                readings.append(
                    self.say(
                        "ranking_reading_wrong_way",
                        name=self.country(i),
                        rank=self.num(str(int(r.ranks[i]))),
                        n=self.num(str(len(order))),
                        factor=self.factor(k),
                        auc=self.num(f"{auc:.2f}"),
                        new_rank=self.num(str(int(without[i]))),
                    )
                )
        return readings

    def level(self, factor: str, pushes_up: bool) -> str:
        if not factor:
            return self.t["nothing"]
        high = pushes_up == (self.ws.model.factors[factor].direction == "for")
        return self.t["level"].format(
            label=self.names.factor(factor), level=self.t["high" if high else "low"]
        )

    # charts ------------------------------------------------------------------------------
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

    # sections ---------------------------------------------------------------------------
    def header(self) -> dict[str, Any]:
        ws, t = self.ws, self.t
        ranking = self.r.ranking
        if ranking.link is not None:
            event = self.say("event_link", horizon=self.horizon(), link=self.link_source())
        else:
            event = self.say("event_no_link")
        model = ws.model
        if model.event is not None:
            definition = self.from_files(
                "model", ("event", "definition"), model.event.definition,
                model.event.definition_ar, block=True,
            )  # fmt: skip
            event = definition + self.Markup(" ") + event
        date = evidence_date(ws)
        local = self.names.text("model", ("title",), model.title, model.title_ar)
        title = model.title if local is None else local
        if self.whatif:
            title = t["title_whatif"].format(changes=self.changes_text(), title=title)
        return {
            "title": self.isolated(title),
            "kicker": t["kicker_whatif" if self.whatif else "kicker"],
            "whatif": bool(self.whatif),
            "title_english": local is None and not self.whatif,
            "question": self.from_files(
                "model", ("question",), model.question, model.question_ar, block=True
            ),
            "event": event,
            "evidence_date": date.isoformat() if date else t["undated"],
            "workspace": self.code(ws.name)
            if ws.panel is None
            else self.say(
                "workspace_panel"
                + ("_illustrative" if ws.panel.illustrative else "")
                + count_form(self.lang, len(ws.panel.analysts)),
                workspace=self.code(ws.name),
                n=str(len(ws.panel.analysts)),
                rule=self.panel_rule(),
            ),
            "changes": self.code(", ".join(map(str, ws.changes))) if ws.changes else t["none"],
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

    def month(self, date: Any) -> str:
        """'Nov 2025' (Arabic: the month's name and the year)."""
        months = self.t["months"].split()
        return self.t["month_year"].format(month=months[date.month - 1], year=date.year)

    def open_order(self, ranking: scoring.Ranking) -> list[int]:
        """The countries that have not joined, most likely first (by probability where the
        model has a link, else by rank)."""
        order = [
            i for i in ranking.order if not scoring.status_label(self.ws, self.ws.country_ids[i])
        ]
        probability = ranking.probability
        if probability is None:
            return order
        return sorted(order, key=lambda i: -float(probability[i]))  # stable: rank breaks ties

    def p_full(self, ranking: scoring.Ranking, i: int, *, words: bool = True) -> Any:
        """A country's probability as `scenarios rank` rounds it, with its interval and, if
        asked, its words: '23% (90% interval 3–94%), unlikely'."""
        assert ranking.probability is not None
        low, high = ranking.interval_of(i)
        p = self.num(pw.percent(float(ranking.probability[i]), low, high))
        if ranking.interval is not None:  # no probability without its interval
            step = pw.step(low, high)
            p = self.say(
                "p_with_interval",
                p=p,
                level=self.num(f"{100 * ranking.level:g}%"),
                range=self.span(pw.figure(low, step), pw.figure(high, step) + "%"),
            )
        if words:
            comma = "، " if self.lang == "ar" else ", "
            p = p + self.Markup(comma) + ranking.words(i, self.lang_code)
        return p

    def p_short(self, ranking: scoring.Ranking, i: int) -> str:
        """'5% (<1–44%)': the figure and its interval as the ranking's columns give them."""
        assert ranking.probability is not None
        low, high = ranking.interval_of(i)
        shown = pw.percent(float(ranking.probability[i]), low, high)
        if ranking.interval is None:
            return shown
        return f"{shown}\u00a0({pw.interval(low, high)})"  # one unit: never split at the space

    def key(self) -> dict[str, Any]:
        """The key judgements: the answer to the question for the countries that have not
        joined, the base rate beside it, what would change it, the date of the evidence; the
        countries that have joined named as such. With the chart of the probabilities."""
        r, t, ws = self.r.ranking, self.t, self.ws
        points: list[Any] = []
        open_ = self.open_order(r)
        joined = [i for i in r.order if i not in open_]
        if self.whatif:
            forecast = self.r.forecast
            if open_ and r.probability is not None and forecast is not None:
                lead = open_[0]
                points.append(
                    self.say(
                        "key_whatif",
                        changes=self.changes_text(),
                        name=self.country(lead),
                        p0=self.num(self.p_short(forecast, lead)),
                        p1=self.num(self.p_short(r, lead)),
                    )
                )
            else:
                points.append(self.say("key_whatif_no_p", changes=self.changes_text()))
        if not open_:
            points.append(self.say("key_all_joined"))
        elif r.probability is not None:
            lead = open_[0]
            low, high = r.interval_of(lead)
            points.append(
                self.say(
                    "key_lead" if r.interval is not None else "key_lead_no_interval",
                    name=self.country(lead),
                    horizon=self.horizon(),
                    p=self.num(pw.percent(float(r.probability[lead]), low, high)),
                    level=self.num(f"{100 * r.level:g}%"),
                    range=self.num(pw.interval(low, high)),
                    words=r.words(lead, self.lang_code),
                )
            )
        else:
            points.append(
                self.say(
                    "key_lead_no_link",
                    name=self.country(open_[0]),
                    score=self.num(score(r.scores[open_[0]])),
                )
            )
        rate = ws.model.base_rate
        if open_ and r.base_probability is not None and rate is not None and r.horizon:
            low_rate, high_rate = pw.base_rate_interval(rate, r.horizon, r.level)
            points.append(
                self.say(
                    "key_base_rate",
                    events=self.num(str(rate.events)),
                    of=self.num(str(rate.of)),
                    years=years_text(self.lang, float(rate.window_label)),
                    horizon=self.horizon(),
                    p=self.num(pw.percent(r.base_probability, low_rate, high_rate)),
                    words=pw.words(r.base_probability, low_rate, high_rate, self.lang_code),
                )
            )
        if len(open_) > 1 and r.probability is not None:
            others = [
                self.Markup("{} {}").format(self.iso(self.country(i)), self.num(self.p_short(r, i)))
                for i in open_[1:]
            ]
            sep = "، " if self.lang == "ar" else ", "
            points.append(self.say("key_others", others=self.listing(others, sep, limit=KEY_LIST)))
        if joined:
            named = []
            for i in joined:
                date = ws.profiles[i].status.date
                name = self.iso(self.country(i))
                named.append(
                    self.Markup("{} ({})").format(name, self.isolated(self.month(date)))
                    if date
                    else name
                )
            sep = "، " if self.lang == "ar" else ", "
            points.append(self.say("key_joined", names=self.listing(named, sep, limit=KEY_LIST)))
        if open_:
            points += self.key_changes(open_)
        date = evidence_date(ws)
        points.append(
            self.say("key_date", date=self.num(date.isoformat() if date else t["undated"]))
        )
        if self.whatif and self.r.history is not None:
            points.append(self.say("key_history_left_out"))
        charts = [self.probability_chart(open_)] if open_ and r.probability is not None else []
        return {"id": "key", "title": t["key"], "points": points, "charts": charts}

    def key_changes(self, open_: list[int]) -> list[Any]:
        """What would change the key judgement, from the signposts: the nearest change of one
        value that puts another country that has not joined ahead of the most likely one, and
        the indicator to watch that would move the most likely one's probability most."""
        sp, r, ws = self.r.signposts, self.r.ranking, self.ws
        if sp is None:
            return []
        lead = open_[0]
        found = []
        considered = False
        below = int(sp.neighbours[lead, 1])
        if below in open_:
            considered = True
            found.append(sp.best(lead, "down"))
        for j in open_[1:]:
            if int(sp.neighbours[j, 0]) == lead:
                considered = True
                found.append(sp.best(j, "up"))
        moves = [m for m in found if m is not None]
        readings = []
        if moves:
            move = min(moves, key=lambda m: abs(m.change))
            new = move.shown(*ws.scale)
            low, high = ws.ranges
            f = move.factor
            beyond = not low[move.country, f] <= new <= high[move.country, f]
            readings.append(
                self.say(
                    "key_change_down" if move.way == "down" else "key_change_up",
                    name=self.country(lead),
                    other=self.country(move.other if move.way == "down" else move.country),
                    factor=self.factor(f),
                    old=self.num(value_text(move.old)),
                    new=self.num(value_text(new)),
                    beyond=self.say("key_beyond") if beyond else "",
                )
            )
        elif considered:
            readings.append(self.say("key_change_none", name=self.country(lead)))
        if r.probability is not None:
            effects = [
                (abs(float(e.shifted.probability[lead] - r.probability[lead])), e)
                for e in sp.indicators
                if lead in e.countries
                and e.shifted is not None
                and e.shifted.probability is not None
            ]
            if effects:
                size, effect = max(effects, key=lambda item: item[0])
                shifted = effect.shifted
                assert shifted is not None
                if size >= 0.0005:
                    readings.append(
                        self.say(
                            "key_indicator",
                            indicator=self.Markup('<code dir="ltr">{}</code>').format(effect.name),
                            name=self.country(lead),
                            p0=self.num(self.p_short(r, lead)),
                            p1=self.num(self.p_short(shifted, lead)),
                        )
                    )
        return readings

    def probability_chart(self, open_: list[int]) -> dict[str, Any]:
        """The probabilities of the countries that have not joined, each with its interval,
        most likely first; the base rate as a reference line. Its title states its finding."""
        from scenarios.reporting import charts as ch

        r, t = self.r.ranking, self.t
        assert r.probability is not None
        drawn = self.drawn(open_)
        p = r.probability[drawn]
        if r.interval is not None:
            low, high = r.interval[0][drawn], r.interval[1][drawn]
        else:
            low, high = p, p
        labels = [pw.percent(float(r.probability[i]), *r.interval_of(i)) for i in drawn]
        base = r.base_probability
        level = f"{100 * r.level:g}%"
        if base is not None:
            line_at = base
            rate = self.ws.model.base_rate
            interval = pw.base_rate_interval(rate, r.horizon, r.level) if rate and r.horizon else ()
            line = t["line_base_rate"].format(p=pw.percent(base, *interval))
        else:
            line_at, line = 0.10, "10%"
        lead = open_[0]
        above = [i for i in open_ if r.probability[i] > line_at]
        lead_p = pw.percent(float(r.probability[lead]), *r.interval_of(lead))
        if len(open_) == 1:
            title = t["finding_p_one"].format(name=self.country(lead), p=lead_p)
        elif len(above) == 1:
            title = t["finding_p_only"].format(name=self.country(above[0]), line=line)
        elif not above:
            title = t["finding_p_none"].format(line=line, name=self.country(lead), p=lead_p)
        else:
            title = t["finding_p_some"].format(
                n=len(above), line=line, name=self.country(lead), p=lead_p
            )
        subtitle = t["chart_p_base" if base is not None else "chart_p"].format(
            horizon=self.horizon(), level=level
        )
        names = [self.country(i) for i in drawn]
        return self.chart(
            "probabilities",
            title,
            lambda: ch.probabilities(
                self.c(names),
                p,
                low,
                high,
                self.c(labels),
                base,
                self.c(t["axis_p_alone"].format(horizon=self.horizon())),
                self.c(
                    (
                        t["legend_p_alone"],
                        t["legend_p_interval"].format(level=level),
                        t["legend_base_rate"],
                    )
                ),
                self.look,
            ),
            self.cut(len(open_), "rankings.csv", table=True),
            subtitle=subtitle,
            data=ChartData.of(
                t["col_country"],
                (t["legend_p_alone"], t["legend_p_interval"].format(level=level)),
                names,
                [
                    (label, pw.interval(float(lo), float(hi)))
                    for label, lo, hi in zip(labels, low, high, strict=True)
                ],
            ),
        )

    def ranking(self) -> dict[str, Any]:
        r, t = self.r.ranking, self.t
        mc = self.r.sensitivity.monte_carlo
        order = list(r.order)
        interval = r.interval  # (low, high), each (C,), where the model has a link
        head = [
            self.cell(t["col_rank"], "num"),
            self.cell(t["col_country"]),
            self.cell(t["col_score"], "num"),
        ]
        if mc is not None:
            head.append(self.cell(t["col_mc"], "num"))
        if r.probability is not None:
            head.append(self.cell(t["col_p"].format(horizon=self.horizon()), "num"))
            if interval is not None:
                head.append(self.cell(t["col_p_interval"], "num"))
        head += [self.cell(t["col_status"]), self.cell(t["col_push"]), self.cell(t["col_pull"])]
        rows = []
        for i in order:
            status = scoring.status_label(self.ws, self.ws.country_ids[i])
            joined = bool(status)
            up, down = r.drivers(i)
            cells = [
                self.cell(f"{r.ranks[i]}{'=' if r.tied[i] else ''}", "num"),
                self.cell(self.country(i), "name"),
                self.cell(score(r.scores[i]), "num"),
            ]
            if mc is not None:
                cells.append(self.cell(f"{score(mc.low[i])}–{score(mc.high[i])}", "num"))
            if r.probability is not None:
                marks = "" if joined else r.marks(i)
                shown = pw.percent(float(r.probability[i]), *r.interval_of(i))
                p_text = t["joined"] if joined else shown + marks
                cells.append(self.cell(p_text, "num"))
                if interval is not None:
                    text = "–" if joined else pw.interval(*r.interval_of(i))
                    cells.append(self.cell(text, "num"))
            # an open country's status is its chance in words (the ICD 203 yardstick)
            status_text = r.words(i, self.lang_code) if r.probability is not None else ""
            profile = self.ws.profiles[i]
            if joined:
                date = profile.status.date
                status_text = t["joined_on"].format(date=f"{date:%Y-%m}") if date else t["joined"]
            cells += [
                self.cell(status_text, "status"),
                self.cell(self.level(up, True), "push"),
                self.cell(self.level(down, False), "pull"),
            ]
            rows.append({"cells": cells, "cls": "joined" if joined else ""})
        readings = []
        lead = self.say(
            "ranking_reading_lead",
            first=self.country(order[0]),
            score=self.num(score(r.scores[order[0]])),
        )
        if len(order) > 1:
            lead += self.say(
                "ranking_reading_next",
                second=self.country(order[1]),
                score2=self.num(score(r.scores[order[1]])),
            )
        readings.append(lead + self.Markup(". ") + self.say("ranking_reading_scale"))
        joined_idx = [i for i in order if scoring.status_label(self.ws, self.ws.country_ids[i])]
        if joined_idx:
            sep = "، " if self.lang == "ar" else ", "
            readings.append(
                self.say(
                    "ranking_reading_joined",
                    names=self.listing([self.iso(self.country(i)) for i in joined_idx], sep),
                )
            )
        probability = r.probability
        if probability is not None:
            open_ = [i for i in order if i not in joined_idx]
            if open_:
                best = max(open_, key=lambda i: probability[i])
                readings.append(
                    self.say(
                        "ranking_reading_prob",
                        name=self.country(best),
                        horizon=self.horizon(),
                        p=self.p_full(r, best),
                    )
                )
                readings.append(
                    self.say(
                        "ranking_reading_alone"
                        if self.r.cascade is not None
                        else "ranking_reading_alone_no_cascade"
                    )
                )
            if interval is not None:
                key = (
                    "ranking_reading_interval_link"
                    if self.ws.panel is not None
                    else "ranking_reading_interval_equal"
                    if r.link is not None and any(a.equal_weights for a in r.link.alternatives)
                    else "ranking_reading_interval"
                )
                readings.append(self.say(key, level=self.num(f"{100 * r.level:g}%")))
            rate = self.ws.model.base_rate
            if r.base_probability is not None and rate is not None and r.horizon:
                low_rate, high_rate = pw.base_rate_interval(rate, r.horizon, r.level)
                readings.append(
                    self.say(
                        "ranking_reading_base_rate",
                        events=self.num(str(rate.events)),
                        of=self.num(str(rate.of)),
                        years=self.num(rate.window_label),
                        horizon=self.horizon(),
                        p=self.num(pw.percent(r.base_probability, low_rate, high_rate)),
                        words=pw.words(r.base_probability, low_rate, high_rate, self.lang_code),
                    )
                )
            readings.append(self.say("ranking_reading_words"))
            if r.link is not None and not r.link.validated:
                readings.append(self.say("ranking_reading_unvalidated", caveat=self.link_caveat()))
            settings = self.ws.model.link
            if r.link is not None and r.link.transfer and settings is not None:
                transfer = self.from_files(
                    "model", ("link", "transfer"), r.link.transfer, settings.transfer_ar
                )
                readings.append(self.say("ranking_reading_transfer", transfer=transfer))
            if r.link is not None and r.link.equal_weights:
                readings.append(self.say("ranking_reading_equal", note=self.equal_weights_note()))
            readings += self.wrong_way_readings(order, joined_idx)
            gated = sorted({g for i in order for g in r.gates_binding(i)})
            for name in gated:
                who = [self.iso(self.country(i)) for i in order if name in r.gates_binding(i)]
                readings.append(
                    self.say("ranking_reading_gate", gate=name, names=self.listing(who, ", "))
                )
        charts = []
        if mc is not None:
            first = int(np.argmax(mc.acceptability[:, 0]))
            readings.append(
                self.say(
                    "ranking_reading_mc",
                    samples=self.num(f"{mc.samples:,}"),
                    name=self.country(first),
                    p=self.num(percent(mc.acceptability[first, 0])),
                )
            )
            from scenarios.reporting import charts as ch

            drawn = self.drawn(order)
            names = [self.country(i) for i in drawn]
            top = order[0]
            overlap = [
                self.country(i)
                for i in order[1:]
                if mc.high[i] >= mc.low[top] and mc.low[i] <= mc.high[top]
            ]
            sep = "، " if self.lang == "ar" else ", "
            if overlap:
                names_shown = overlap[:3]
                if len(overlap) > 3:
                    names_shown.append(t["and_more"].format(n=f"{len(overlap) - 3:,}"))
                found = t["finding_scores_overlap"].format(
                    name=self.country(top), names=sep.join(names_shown)
                )
            else:
                found = t["finding_scores_clear"].format(name=self.country(top))
            charts.append(
                self.chart(
                    "score-intervals",
                    found,
                    lambda: ch.intervals(
                        self.c(names),
                        r.scores[drawn],
                        mc.low[drawn],
                        mc.high[drawn],
                        self.c(t["axis_score"]),
                        self.c((t["legend_score"], t["legend_interval"])),
                        self.look,
                    ),
                    self.cut(len(order), "mc_summary.csv", table=True),
                    subtitle=t["chart_intervals"],
                    data=ChartData.of(
                        t["col_country"],
                        (t["legend_score"], t["legend_interval"]),
                        names,
                        [
                            (score(r.scores[i]), f"{score(mc.low[i])}–{score(mc.high[i])}")
                            for i in drawn
                        ],
                    ),
                )
            )
        return {
            "id": "ranking",
            "title": t["ranking"],
            "readings": readings,
            "tables": [self.table(head, rows, "ranking")],
            "charts": charts,
        }

    def contributions(self) -> dict[str, Any]:
        from scenarios.reporting import charts as ch

        r, t = self.r.ranking, self.t
        order = list(r.order)
        geometric = r.aggregation == "geometric"
        readings = [self.say("contributions_reading")]
        if geometric:
            readings.append(self.say("contributions_reading_geometric"))
        drawn = self.drawn(order)
        names = [self.country(i) for i in drawn]
        held = [self.ws.model.factors[f].direction == "against" for f in self.ws.factor_ids]
        labels = [
            t["legend_holds_back"].format(label=self.factor(k)) if held[k] else self.factor(k)
            for k in range(len(self.ws.factor_ids))
        ]
        if any(held):
            sep = "، " if self.lang == "ar" else ", "
            who = [self.iso(self.factor(k)) for k in range(len(held)) if held[k]]
            readings.append(
                self.say("contributions_reading_holds_back", factors=self.Markup(sep).join(who))
            )
        # the factor whose contributions add up to the most over the countries drawn
        most = int(np.argmax(r.contributions[drawn].sum(axis=0)))
        chart = self.chart(
            "contributions",
            t["finding_contributions"].format(factor=self.factor(most)),
            lambda: ch.contributions(
                self.c(names),
                r.contributions[drawn],
                self.c(labels),
                self.c(t["axis_contribution_geometric" if geometric else "axis_contribution"]),
                self.look,
                held,
            ),
            self.cut(len(order), "contributions.csv", table=True),
            subtitle=t["chart_contributions"],
            data=ChartData.of(
                t["col_country"],
                labels,
                names,
                [[score(v) for v in r.contributions[i]] for i in drawn],
            ),
        )
        head = [
            self.cell(t["col_country"]),
            self.cell(t["col_push"]),
            self.cell("", "num"),
            self.cell(t["col_pull"]),
            self.cell("", "num"),
        ]
        rows = []
        factors = self.ws.factor_ids
        for i in order:
            up, down = r.drivers(i)
            lift = r.weights * (r.normalized[i] - 0.5)  # as drivers() measures them
            rows.append(
                {
                    "cells": [
                        self.cell(self.country(i), "name"),
                        self.cell(self.level(up, True), "push"),
                        self.cell(signed(lift[factors.index(up)]) if up else "", "num"),
                        self.cell(self.level(down, False), "pull"),
                        self.cell(signed(lift[factors.index(down)]) if down else "", "num"),
                    ],
                    "cls": "",
                }
            )
        return {
            "id": "contributions",
            "title": t["contributions"],
            "readings": readings,
            "charts": [chart],
            "tables": [self.table(head, rows, "drivers")],
        }

    def tornado(self) -> dict[str, Any] | None:
        from scenarios.reporting import charts as ch

        tor = self.r.sensitivity.tornado
        if tor is None:
            return None
        t = self.t
        order = list(self.r.ranking.order)
        factors = list(tor.order)
        shown = factors[: ch.TORNADO_FACTORS]  # the rest move the scores less; oat.csv has all
        delta = f"{100 * tor.delta:g}%"
        drawn = self.drawn(order)[: ch.TORNADO_PANELS]  # a panel a country: two rows at most
        at_low = (tor.scores[:, 0, :] - tor.base_scores)[np.ix_(shown, drawn)]
        at_high = (tor.scores[:, 1, :] - tor.base_scores)[np.ix_(shown, drawn)]
        labels = [self.factor(k) for k in shown]
        notes = [self.cut(len(order), "oat.csv", table=False, limit=len(drawn))]
        if len(shown) < len(factors):
            notes.append(
                self.cut(len(factors), "oat.csv", table=False, key="chart_cut_factors",
                         limit=len(shown))
            )  # fmt: skip
        note = self.Markup(" ").join(n for n in notes if n is not None) or None
        names = [self.country(i) for i in drawn]
        chart = self.chart(
            "tornado",
            t["finding_tornado"].format(
                factor=self.factor(factors[0]), swing=score(tor.swing[factors[0]])
            ),
            lambda: ch.tornado(
                self.c(names),
                self.c(labels),
                at_low,
                at_high,
                self.c(t["axis_score_change"]),
                self.c(
                    (
                        t["legend_weight_down"].format(delta=delta),
                        t["legend_weight_up"].format(delta=delta),
                    )
                ),
                self.look,
            ),
            note,
            subtitle=t["chart_tornado"].format(delta=delta),
            data=ChartData.of(
                f"{t['col_country']} · {t['col_factor']}",
                (
                    t["legend_weight_down"].format(delta=delta),
                    t["legend_weight_up"].format(delta=delta),
                ),
                [
                    f"{names[c]} · {labels[k]}"
                    for c in range(len(names))
                    for k in range(len(labels))
                ],
                [
                    (signed(at_low[k, c]), signed(at_high[k, c]))
                    for c in range(len(names))
                    for k in range(len(labels))
                ],
            ),
        )
        top = factors[0]
        readings = [
            self.say(
                "tornado_reading",
                delta=self.num(delta),
                factor=self.factor(top),
                swing=self.num(score(tor.swing[top])),
            )
        ]
        moves = []
        for k in factors:
            for side, sign in ((0, "−"), (1, "+")):
                if (tor.ranks[k, side] != tor.base_ranks).any():
                    moves.append(
                        self.Markup("{} ({})").format(
                            self.iso(self.factor(k)), self.num(f"{sign}{delta}")
                        )
                    )
        if moves:
            sep = "، " if self.lang == "ar" else "; "
            readings.append(self.say("tornado_rank_change", moves=self.Markup(sep).join(moves)))
        else:
            readings.append(self.say("tornado_no_rank_change"))
        effects = self.r.effects
        moved = effects.tornado if effects is not None else None
        tables = []
        if moved is not None and np.isfinite(moved).any():
            size = np.where(np.isfinite(moved), np.abs(moved), -1.0)  # (F, 2, C)
            most = np.unravel_index(int(np.argmax(size)), size.shape)
            readings.append(
                self.say(
                    "tornado_points",
                    points=self.num(points(moved[most])),
                    horizon=self.horizon(),
                    name=self.country(int(most[2])),
                    factor=self.factor(int(most[0])),
                    move=self.num(f"{'−+'[int(most[1])]}{delta}"),
                )
            )
            tables.append(self.tornado_table(tor, moved, factors))
            change = tor.scores - tor.base_scores  # (F, 2, C)
            with np.errstate(invalid="ignore"):
                against = (np.abs(change) >= 5e-4) & (np.abs(moved) >= 5e-4)
                against &= np.sign(change) != np.sign(moved)
            if against.any():
                readings.append(self.say("tornado_points_against"))
        return {
            "id": "tornado",
            "title": t["tornado"],
            "readings": readings,
            "charts": [chart],
            "tables": tables,
        }

    def tornado_table(self, tor: Any, moved: np.ndarray, factors: list[int]) -> dict[str, Any]:
        """One row a factor: its weight, and the move of it (down or up) that changes a
        probability most, with that change in points and in score, and for which country."""
        t = self.t
        head = [
            self.cell(t["col_factor"]),
            self.cell(t["col_weight"], "num"),
            self.cell(t["col_weight_move"], "num"),
            self.cell(t["col_points_for"]),
            self.cell(t["col_points_swing"], "num"),
            self.cell(t["col_score_swing"], "num"),
        ]
        change = tor.scores - tor.base_scores  # (F, 2, C)
        delta = f"{100 * tor.delta:g}%"
        rows = []
        for k in factors:
            size = np.where(np.isfinite(moved[k]), np.abs(moved[k]), -1.0)
            side, i = np.unravel_index(int(np.argmax(size)), size.shape)
            rows.append(
                {
                    "cells": [
                        self.cell(self.factor(k)),
                        self.cell(percent(tor.weights[k]), "num"),
                        self.cell(f"{'−+'[side]}{delta}", "num"),
                        self.cell(self.country(int(i)), "name"),
                        self.cell(points(moved[k, side, i]), "num"),
                        self.cell(signed(change[k, side, i]), "num"),
                    ],
                    "cls": "",
                }
            )
        return {"caption": t["tornado_table"], "head": head, "rows": rows, "cls": "tornado"}

    def critical(self) -> dict[str, Any] | None:
        crit = self.r.sensitivity.critical
        if crit is None:
            return None
        t = self.t

        def swap(th: Any) -> str:
            if th is None:
                return t["no_swap"]
            return f"{self.names.country(th.above)} ↔ {self.names.country(th.below)}"

        def moved(k: int, th: Any) -> str:
            if th is None:
                return "–"
            return f"{percent(th.weight)} ({signed(crit.relative(k, th) * 100, 0)}%)"

        effects = self.r.effects
        at = effects.critical if effects is not None else None
        ids = self.ws.country_ids

        def pair(th: Any, change: np.ndarray | None) -> str:
            """The two swapping countries' changes of probability, in the swap's order."""
            if th is None or change is None:
                return "–"
            return f"{points(change[ids.index(th.above)])} / {points(change[ids.index(th.below)])}"

        head = [
            self.cell(t["col_factor"]),
            self.cell(t["col_weight"], "num"),
            self.cell(t["col_up"], "num"),
            self.cell(t["col_swap"]),
        ]
        if at is not None:
            head.append(self.cell(t["col_points_swap"], "num"))
        head += [self.cell(t["col_down"], "num"), self.cell(t["col_swap"])]
        if at is not None:
            head.append(self.cell(t["col_points_swap"], "num"))
        rows = []
        nearest = []
        for k in range(len(crit.weights)):
            up, down = crit.increase[k], crit.decrease[k]
            cells = [
                self.cell(self.factor(k)),
                self.cell(percent(crit.weights[k]), "num"),
                self.cell(moved(k, up), "num"),
                self.cell(swap(up)),
            ]
            if at is not None:
                cells.append(self.cell(pair(up, at[k][0]), "num"))
            cells += [self.cell(moved(k, down), "num"), self.cell(swap(down))]
            if at is not None:
                cells.append(self.cell(pair(down, at[k][1]), "num"))
            rows.append({"cells": cells, "cls": ""})
            for th in (up, down):
                if th is not None:
                    nearest.append((abs(crit.relative(k, th)), k, th))
        readings = [self.say("critical_reading")]
        if nearest:
            _, k, th = min(nearest, key=lambda item: (item[0], item[1]))
            readings.append(
                self.say(
                    "critical_most",
                    factor=self.factor(k),
                    w=self.num(percent(crit.weights[k])),
                    w2=self.num(percent(th.weight)),
                    change=self.num(f"{signed(crit.relative(k, th) * 100, 0)}%"),
                    a=self.names.country(th.above),
                    b=self.names.country(th.below),
                )
            )
        else:
            readings.append(self.say("critical_none"))
        if at is not None:
            readings.append(self.say("critical_points", horizon=self.horizon()))
        return {
            "id": "critical",
            "title": t["critical"],
            "readings": readings,
            "charts": [],
            "tables": [{"head": head, "rows": rows, "cls": "critical"}],
        }

    def acceptability(self) -> dict[str, Any] | None:
        from scenarios.reporting import charts as ch

        mc = self.r.sensitivity.monte_carlo
        if mc is None:
            return None
        t = self.t
        order = list(self.r.ranking.order)
        drawn = self.drawn(order)[: ch.HEATMAP_COUNTRIES]  # a cell's number stays legible
        names = [self.country(i) for i in drawn]
        shown = mc.acceptability[drawn]  # (drawn countries, every rank)
        if len(order) > len(drawn):
            # ranks past the drawn ones add up in one last column, so each row still sums to 1
            rest = shown[:, len(drawn) :].sum(axis=1, keepdims=True)
            shown = np.hstack([shown[:, : len(drawn)], rest])
            ranks = [str(n + 1) for n in range(len(drawn))]
            ranks.append(t["rank_rest"].format(a=len(drawn) + 1, b=f"{len(order):,}"))
            axis = t["col_rank"]
        else:
            ranks = [t["rank_n"].format(n=n + 1) for n in range(len(order))]
            axis = ""
        first = int(np.argmax(mc.acceptability[:, 0]))
        chart = self.chart(
            "acceptability",
            t["finding_acceptability"].format(
                name=self.country(first), p=percent(mc.acceptability[first, 0])
            ),
            lambda: ch.heatmap(
                self.c(names), self.c(ranks), shown, self.look, column_label=self.c(axis)
            ),
            self.cut(
                len(order),
                "acceptability.csv",
                table=False,
                key="chart_cut_ranks",
                limit=len(drawn),
            ),
            subtitle=t["chart_acceptability"],
            data=ChartData.of(
                t["col_country"], ranks, names, [[percent(v, 0) for v in row] for row in shown]
            ),
        )
        by_first = np.argsort(-mc.acceptability[:, 0], kind="stable")
        second = ""
        if len(by_first) > 1 and mc.acceptability[by_first[1], 0] > 0:
            second = self.say(
                "acceptability_second",
                name=self.country(int(by_first[1])),
                p=self.num(percent(mc.acceptability[by_first[1], 0])),
            )
        readings = [
            self.say(
                "acceptability_reading",
                samples=self.num(f"{mc.samples:,}"),
                name=self.country(int(by_first[0])),
                p=self.num(percent(mc.acceptability[by_first[0], 0])),
                second=self.Markup(second),
            )
        ]
        return {
            "id": "acceptability",
            "title": t["acceptability"],
            "readings": readings,
            "charts": [chart],
            "tables": [],
        }

    def whatifs(self) -> dict[str, Any] | None:
        from scenarios.reporting import charts as ch

        comp = self.r.comparison
        if comp is None or not comp.scenarios:
            return None
        t = self.t
        order = list(comp.baseline.order)
        scenario_names = list(comp.scenarios)
        titles = [self.whatif_title(name) for name in scenario_names]
        change = np.array([comp.score_change(name)[order] for name in scenario_names])
        names = [self.country(i) for i in order]
        drawn = len(self.drawn(order))
        wrapped = [ch.wrap(self.c(title), 40) for title in titles]
        if drawn <= WHATIF_COLUMNS:  # a row a what-if, a column a country
            across, down, cells = self.c(names), wrapped, change
        else:  # too many countries for columns: a row a country, a column a what-if
            across, down, cells = wrapped, self.c(names[:drawn]), change[:, :drawn].T
        w, c = np.unravel_index(int(np.argmax(np.abs(change))), change.shape)
        chart = self.chart(
            "whatifs",
            t["finding_whatifs"].format(
                title=titles[w], name=names[c], change=signed(change[w, c])
            ),
            lambda: ch.heatmap(down, across, cells, self.look, fmt="signed", diverging=True),
            self.cut(len(order), "compare.csv", table=True),
            subtitle=t["chart_whatifs"],
            data=ChartData.of(
                t["whatifs"] if drawn <= WHATIF_COLUMNS else t["col_country"],
                across,
                down,
                [[signed(v) for v in row] for row in cells],
            ),
        )
        head = [
            self.cell(t["col_country"]),
            self.cell(t["col_baseline_whatif" if self.whatif else "col_baseline"], "num"),
            self.cell(t["col_new"], "num"),
            self.cell(t["col_change"], "num"),
        ]
        with_points = comp.baseline.probability is not None
        if with_points:
            head.append(self.cell(t["col_points_change"], "num"))
        head += [self.cell(t["col_rank_change"], "num"), self.cell(t["col_behind"])]
        tables = []
        moves = []
        for name, title in zip(scenario_names, titles, strict=True):
            result = comp.scenarios[name]
            delta = comp.score_change(name)
            change_p = comp.probability_change(name)
            rows = []
            for i in order:
                drivers = comp.drivers(name, i)
                behind = ", " if self.lang == "en" else "، "
                behind = behind.join(
                    f"{self.factor(self.ws.factor_ids.index(f))} ({signed(v)})" for f, v in drivers
                )
                base_rank, new_rank = int(comp.baseline.ranks[i]), int(result.ranks[i])
                rank_text = (
                    str(base_rank)
                    if base_rank == new_rank
                    else t["rank_move"].format(a=base_rank, b=new_rank)
                )
                if base_rank != new_rank:
                    moves.append(
                        self.Markup("{} ({}: {})").format(
                            self.iso(self.country(i)),
                            self.english(title),
                            self.num(t["rank_move"].format(a=base_rank, b=new_rank)),
                        )
                    )
                row = [
                    self.cell(self.country(i), "name"),
                    self.cell(score(comp.baseline.scores[i]), "num"),
                    self.cell(score(result.scores[i]), "num"),
                    self.cell(signed(delta[i]), "num"),
                ]
                if change_p is not None:
                    row.append(self.cell(points(change_p[i]), "num"))
                row += [self.cell(rank_text, "num"), self.cell(behind or t["nothing"])]
                rows.append({"cells": row, "cls": "moved" if base_rank != new_rank else ""})
            whatif = self.ws.whatifs[name]
            description = self.from_files(
                f"whatif:{name}", ("description",), whatif.description, whatif.description_ar,
                block=True,
            )  # fmt: skip
            tables.append(
                {
                    "caption": self.english(title),
                    "note": description if whatif.description else "",
                    **self.table(head, rows, "whatif"),
                }
            )
        readings = [
            self.say("whatifs_reading_whatif" if self.whatif else "whatifs_reading"),
            self.say(
                "whatifs_biggest",
                title=self.english(titles[w]),
                name=names[c],
                change=self.num(signed(change[w, c])),
            ),
        ]
        if with_points:
            by_p = [comp.probability_change(name) for name in scenario_names]
            p_change = np.array([c for c in by_p if c is not None])
            if p_change.size and np.isfinite(p_change).any():
                size = np.where(np.isfinite(p_change), np.abs(p_change), -1.0)
                w, c = np.unravel_index(int(np.argmax(size)), size.shape)
                readings.append(
                    self.say(
                        "whatifs_points",
                        title=self.english(titles[w]),
                        name=self.country(int(c)),
                        horizon=self.horizon(),
                        points=self.num(points(p_change[w, c])),
                    )
                )
        if moves:
            sep = "؛ " if self.lang == "ar" else "; "
            changes = self.listing(moves, sep, "and_more_shaded")
            readings.append(self.say("whatifs_rank_changes", changes=changes))
        else:
            readings.append(self.say("whatifs_no_rank_change"))
        return {
            "id": "whatifs",
            "title": t["whatifs"],
            "readings": readings,
            "charts": [chart],
            "tables": tables,
        }

    def cascade(self) -> dict[str, Any] | None:
        from scenarios.reporting import charts as ch

        c = self.r.cascade
        if c is None:
            return None
        t = self.t
        order = [i for i in self.r.ranking.order if not c.already[i]]
        if not order:
            return None
        horizon = years_text(self.lang, c.horizon)
        level = f"{100 * c.level:g}%"
        drawn = self.drawn(order)
        # one line a country, told apart by colour: no more lines than colours
        lines = drawn[: len(ch.PALETTE)]
        by_year = c.with_peers.by_year()[lines]
        with_g = c.with_peers.by_year()[:, -1]
        without = c.without_peers.by_year()[:, -1]
        # each probability's interval over the draws of the link and the peer effect
        low_g, high_g, _ = c.interval()
        low_0, high_0, _ = c.interval(peers=False)
        shown_g = [pw.percent(float(with_g[i]), low_g[i], high_g[i]) for i in range(len(with_g))]
        shown_0 = [pw.percent(float(without[i]), low_0[i], high_0[i]) for i in range(len(without))]
        names = [self.country(i) for i in drawn]
        spur = with_g - without
        best = max(order, key=lambda i: spur[i])
        likeliest = max(order, key=lambda i: with_g[i])
        if spur[best] > 0:
            spur_title = t["finding_spur"].format(
                name=self.country(best), spur=f"+{100 * spur[best]:.1f}"
            )
        else:
            spur_title = t["finding_spur_none"]
        charts = [
            self.chart(
                "cascade-years",
                t["finding_cascade_years"].format(
                    name=self.country(likeliest), horizon=horizon, p=shown_g[likeliest]
                ),
                lambda: ch.cascade_years(
                    self.c(names[: len(lines)]),
                    by_year,
                    self.c((t["axis_year"], t["axis_p_joined"])),
                    self.look,
                ),
                self.cut(len(order), "cascade_by_year.csv", table=False, limit=len(lines)),
                subtitle=t["chart_cascade_years"],
                data=ChartData.of(
                    t["col_country"],
                    [str(y + 1) for y in range(by_year.shape[1])],
                    names[: len(lines)],
                    [[percent(v) for v in row] for row in by_year],
                ),
            ),
            self.chart(
                "cascade-spur",
                spur_title,
                lambda: ch.paired_bars(
                    self.c(names),
                    without[drawn],
                    with_g[drawn],
                    self.c(t["axis_p_join"].format(horizon=horizon)),
                    self.c((t["legend_without"], t["legend_with"])),
                    self.look,
                    spans=(low_0[drawn], high_0[drawn], low_g[drawn], high_g[drawn]),
                    labels=(  # each figure with its interval: the whisker's ends
                        self.c(
                            [f"{shown_0[i]} ({pw.interval(low_0[i], high_0[i])})" for i in drawn]
                        ),
                        self.c(
                            [f"{shown_g[i]} ({pw.interval(low_g[i], high_g[i])})" for i in drawn]
                        ),
                    ),
                ),
                self.cut(len(order), "cascade_spur.csv", table=True),
                subtitle=t["chart_spur"].format(horizon=horizon, level=level),
                data=ChartData.of(
                    t["col_country"],
                    (t["legend_without"], t["legend_with"]),
                    names,
                    [
                        (
                            f"{shown_0[i]} ({pw.interval(low_0[i], high_0[i])})",
                            f"{shown_g[i]} ({pw.interval(low_g[i], high_g[i])})",
                        )
                        for i in drawn
                    ],
                ),
            ),
        ]
        low, value, high = c.peer_effect
        years = c.with_peers.years
        new = ((years > 0) & (years <= c.horizon)).sum(axis=1)
        readings = [
            self.say(
                "cascade_reading",
                runs=self.num(f"{c.runs:,}"),
                horizon=horizon,
                g=self.num(f"{value:g}"),
                low=self.num(f"{low:g}"),
                high=self.num(f"{high:g}"),
            ),
            self.say(
                "cascade_spur",
                name=self.country(best),
                p0=self.num(shown_0[best]),
                p1=self.num(shown_g[best]),
                spur=self.sign(100 * spur[best], 1),
            ),
            self.say(
                "cascade_count",
                horizon=horizon,
                none=self.num(percent(float((new == 0).mean()))),
                two=self.num(percent(float((new >= 2).mean()))),
            ),
        ]
        head = [
            self.cell(t["col_country"]),
            self.cell(t["col_without"], "num"),
            self.cell(t["col_interval"].format(level=level), "num"),
            self.cell(t["col_with"], "num"),
            self.cell(t["col_interval"].format(level=level), "num"),
            self.cell(t["col_spur"], "num"),
        ]
        rows = [
            {
                "cells": [
                    self.cell(self.country(i), "name"),
                    self.cell(shown_0[i], "num"),
                    self.cell(pw.interval(low_0[i], high_0[i]), "num"),
                    self.cell(shown_g[i], "num"),
                    self.cell(pw.interval(low_g[i], high_g[i]), "num"),
                    self.cell(signed(100 * spur[i], 1), "num"),
                ],
                "cls": "",
            }
            for i in order
        ]
        return {
            "id": "cascade",
            "title": t["cascade"],
            "readings": readings,
            "charts": charts,
            "tables": [self.table(head, rows, "cascade")],
        }

    def history(self) -> dict[str, Any] | None:
        """The ledger's records: how each country's probability (or rank) moved, and the
        records themselves with their notes."""
        h = self.r.history
        if h is None or not h.records or self.whatif:  # the forecast's, not a hypothetical's
            return None
        t = self.t
        records = h.records
        sep = "، " if self.lang == "ar" else ", "
        horizons = h.horizons
        aggregations = sorted({r.model.aggregation for r in records})
        ledger = self.code(h.ledger.path.name)
        readings = []
        charts = []
        if len(records) == 1:
            readings.append(
                self.say(
                    "history_one",
                    ledger=ledger,
                    date=self.num(records[0].date.isoformat()),
                    command=self.Markup('<code dir="ltr">scenarios record</code>'),
                )
            )
        else:
            readings.append(
                self.say(
                    "history_reading",
                    n=self.num(len(records)),
                    ledger=ledger,
                    first=self.num(records[0].date.isoformat()),
                    last=self.num(records[-1].date.isoformat()),
                )
            )
            charts.append(self.history_chart())
            readings += self.history_caveats()
            if len(horizons) > 1:
                readings.append(
                    self.say(
                        "history_horizons",
                        horizons=self.Markup(sep).join(
                            self.iso(years_text(self.lang, x)) for x in horizons
                        ),
                    )
                )
            if len(aggregations) > 1:
                readings.append(
                    self.say(
                        "history_aggregations",
                        aggregations=self.Markup(sep).join(
                            self.iso(t[f"aggregation_{a}"]) for a in aggregations
                        ),
                    )
                )
            readings += self.history_moves()
        if self.lang != "en" and any(r.note for r in records):
            readings.append(self.say("original_english"))
        head = [
            self.cell(t["col_record"], "num"),
            self.cell(t["col_date"]),
            self.cell(t["col_record_note"]),
            self.cell(t["col_hash"]),
            self.cell(t["col_changes"]),
            self.cell(t["f_horizon"]),
        ]
        if len(aggregations) > 1:
            head.append(self.cell(t["f_aggregation"]))
        rows = []
        for r in records:
            note = self.Markup("{}").format(printable(r.note)) if r.note else t["nothing"]
            cells = [
                self.cell(str(r.record), "num"),
                self.cell(self.num(r.date.isoformat()), "date"),
                self.cell(note, "record-note", source=r.note or None),
                self.cell(self.code(r.content_hash[:8]), "hash"),
                self.cell(self.code(", ".join(r.changes)) if r.changes else t["none"], "changes"),
                self.cell(years_text(self.lang, r.horizon) if r.horizon else t["nothing"]),
            ]
            if len(aggregations) > 1:
                cells.append(self.cell(t[f"aggregation_{r.model.aggregation}"]))
            rows.append({"cells": cells, "cls": ""})
        return {
            "id": "history",
            "title": t["history"],
            "readings": readings,
            "charts": charts,
            "tables": [
                {"caption": t["history_records"], "head": head, "rows": rows, "cls": "records"}
            ],
        }

    def history_name(self, country: str) -> str:
        """A country of the ledger by its name in the page's language (the record's name for
        one the workspace no longer has)."""
        h = self.r.history
        assert h is not None
        if country in self.ws.country_ids:
            return self.names.country(country)
        return h.names[h.ids.index(country)]

    def history_moves(self) -> list[Any]:
        """The largest move of a probability and the changes of rank from the first record to
        the latest, over the records made like the latest (`History.like_latest`: the same
        horizon, aggregation and what-ifs, as in `scenarios history`)."""
        h, t = self.r.history, self.t
        assert h is not None
        like = h.like_latest
        if like.sum() < 2:
            return []
        readings = []
        if not like.all():
            readings.append(
                self.say(
                    "history_like_latest", n=self.num(int(like.sum())), total=self.num(like.size)
                )
            )
        moves = []
        ranks = []
        for country in h.ids:
            p = h.series(country, "probability")[like]
            known = p[np.isfinite(p)]
            if known.size >= 2 and np.isfinite(p[-1]):
                moves.append((abs(float(p[-1] - known[0])), country, float(known[0]), float(p[-1])))
            rank = h.series(country, "rank")[like]
            seen = rank[np.isfinite(rank)]
            if seen.size >= 2 and seen[0] != seen[-1]:
                ranks.append((country, int(seen[0]), int(seen[-1])))
        if moves:
            size, country, p0, p1 = max(moves, key=lambda m: m[0])
            if size >= 0.0005:
                readings.append(
                    self.say(
                        "history_move",
                        name=self.history_name(country),
                        p0=self.num(percent(p0)),
                        p1=self.num(percent(p1)),
                        change=self.num(signed(100 * (p1 - p0), 1)),
                    )
                )
            else:
                readings.append(self.say("history_no_move"))
        if ranks:
            sep = "؛ " if self.lang == "ar" else "; "
            changes = self.Markup(sep).join(
                self.Markup("{} ({})").format(
                    self.iso(self.history_name(c)),
                    self.num(t["rank_move"].format(a=a, b=b)),
                )
                for c, a, b in ranks
            )
            readings.append(self.say("history_rank_changes", changes=changes))
        else:
            readings.append(self.say("history_no_rank_change"))
        return readings

    def history_chart(self) -> dict[str, Any]:
        from scenarios.ledger.records import made_like
        from scenarios.reporting import charts as ch

        h, t = self.r.history, self.t
        assert h is not None
        records = h.records
        ids = h.ids[: ch.MAX_COUNTRIES]
        probability = np.array([h.series(c, "probability") for c in ids])
        ranks = np.array([h.series(c, "rank") for c in ids])
        by_probability = bool(np.isfinite(probability).any())
        keys = [made_like(r) for r in records]  # a line breaks where records stop comparing
        muted = (~h.like_latest).tolist()  # records made otherwise than the latest: in grey
        breaks = [False, *(a != b for a, b in itertools.pairwise(keys))]
        days = [r.date.toordinal() for r in records]
        dates = [r.date.isoformat() for r in records]
        names = [self.history_name(c) for c in ids]
        if by_probability:
            titles = []
            for i, name in enumerate(names):
                seen = ranks[i][np.isfinite(ranks[i])]
                a, b = int(seen[0]), int(seen[-1])
                rank = str(b) if a == b else t["rank_move"].format(a=a, b=b)
                titles.append(t["history_panel"].format(name=name, rank=rank))
            blanks = []
            for country in ids:
                latest = next(
                    (e for r in reversed(records) if (e := h.entry(r, country)) is not None), None
                )
                status = latest.status if latest is not None else None
                joined = status is not None and status.state == "joined"
                blanks.append(t["joined"] if joined else t["history_no_p"])
            horizons = h.horizons
            levels = {r.level for r in records}
            if len(horizons) == 1 and len(levels) == 1:
                title = t["chart_history"].format(
                    horizon=years_text(self.lang, horizons[0]),
                    level=f"{100 * levels.pop():g}%",
                )
            else:
                title = t["chart_history_mixed"]
            low = np.array([h.series(c, "low") for c in ids])
            high = np.array([h.series(c, "high") for c in ids])
            return self.chart(
                "history",
                self.history_finding(by_probability=True),
                lambda: ch.history(
                    self.c(titles),
                    days,
                    probability,
                    low,
                    high,
                    self.look,
                    kind="probability",
                    legend=self.c((t["legend_history_p"], t["legend_history_interval"])),
                    blanks=self.c(blanks),
                    breaks=breaks,
                    muted=muted,
                    muted_label=self.c(t["legend_history_other"]),
                ),
                subtitle=title,
                data=ChartData.of(
                    t["col_country"],
                    dates,
                    names,
                    [[percent(v, 1) for v in row] for row in probability],
                ),
            )
        return self.chart(
            "history",
            self.history_finding(by_probability=False),
            lambda: ch.history(
                self.c(names),
                days,
                ranks,
                None,
                None,
                self.look,
                kind="rank",
                legend=self.c((t["legend_history_rank"], "")),
                breaks=breaks,
                muted=muted,
                muted_label=self.c(t["legend_history_other"]),
            ),
            subtitle=t["chart_history_rank"],
            data=ChartData.of(
                t["col_country"],
                dates,
                names,
                [["–" if not np.isfinite(v) else f"{v:g}" for v in row] for row in ranks],
            ),
        )

    def history_finding(self, *, by_probability: bool) -> str:
        """The history chart's title: the largest move of a probability (or the first change
        of rank) from the first record to the latest, over the records made like the latest."""
        h, t = self.r.history, self.t
        assert h is not None
        like = h.like_latest
        if by_probability:
            moves = []
            for country in h.ids:
                p = h.series(country, "probability")[like]
                known = p[np.isfinite(p)]
                if known.size >= 2 and np.isfinite(p[-1]):
                    moves.append((abs(float(p[-1] - known[0])), country, known[0], p[-1]))
            if moves:
                size, country, p0, p1 = max(moves, key=lambda m: m[0])
                if size >= 0.0005:
                    return t["finding_history_move"].format(
                        name=self.history_name(country), p0=percent(p0), p1=percent(p1)
                    )
            return t["finding_history_still"]
        for country in h.ids:
            rank = h.series(country, "rank")[like]
            seen = rank[np.isfinite(rank)]
            if seen.size >= 2 and seen[0] != seen[-1]:
                return t["finding_history_rank_move"].format(
                    name=self.history_name(country), a=int(seen[0]), b=int(seen[-1])
                )
        return t["finding_history_ranks_still"]

    def history_caveats(self) -> list[Any]:
        """What the chart shows and leaves out."""
        from scenarios.reporting import charts as ch

        h = self.r.history
        assert h is not None
        probability = np.array([h.series(c, "probability") for c in h.ids])
        readings = []
        if np.isfinite(probability).any():
            readings.append(self.say("history_chart_p"))
            blank = [
                r.record
                for k, r in enumerate(h.records)
                if not np.isfinite(probability[:, k]).any()
            ]
            if blank:
                readings.append(
                    self.say(
                        "history_records_without_p"
                        if len(blank) > 1
                        else "history_record_without_p",
                        records=self.Markup(", ").join(self.num(f"#{n}") for n in blank),
                    )
                )
        else:
            readings.append(self.say("history_chart_rank"))
        if len(h.ids) > ch.MAX_COUNTRIES:
            readings.append(
                self.say(
                    "history_cut",
                    shown=self.num(ch.MAX_COUNTRIES),
                    total=self.num(len(h.ids)),
                    file=self.code("history.csv"),
                    command=self.Markup('<code dir="ltr">scenarios export</code>'),
                )
            )
        return readings

    def backtest(self) -> dict[str, Any] | None:
        from scenarios.reporting import charts as ch

        bt, cohort = self.r.backtest, self.r.cohort
        if bt is None or cohort is None:
            return None
        t = self.t
        summary = flat(bt.summary_frame())
        auc = float(summary["roc_auc"].iloc[0])
        if self.r.own_backtest:
            lead = self.say(
                "backtest_reading_own", n=self.num(len(bt.ids)), k=self.num(int(bt.outcomes.sum()))
            )
        else:
            lead = self.say(
                "backtest_reading_cohort",
                title=self.from_files(
                    "model",
                    ("title",),
                    cohort.model.title,
                    cohort.model.title_ar,
                    names=Names(cohort, self.lang),
                ),
                n=self.num(len(bt.ids)),
                k=self.num(int(bt.outcomes.sum())),
            )
        readings = [
            lead,
            self.say(
                "backtest_reading_metrics",
                base=self.num(percent(bt.base_probability)),
                auc=self.num(f"{auc:.2f}"),
            ),
        ]
        loo = summary[summary["predictions"] == "leave_one_out"]
        if len(loo):
            skill = float(loo["skill"].iloc[0])
            key = "backtest_skill_good" if skill > 0 else "backtest_skill_bad"
            readings.append(self.say(key, skill=self.num(signed(skill))))
        head = [
            self.cell(t["col_predictions"]),
            self.cell(t["col_brier"], "num"),
            self.cell(t["col_brier_base"], "num"),
            self.cell(t["col_skill"], "num"),
            self.cell(t["col_log_loss"], "num"),
            self.cell(t["col_auc"], "num"),
        ]
        rows = []
        for row in summary.to_dict("records"):
            rows.append(
                {
                    "cells": [
                        self.cell(t[f"pred_{row['predictions']}"]),
                        self.cell(score(row["brier"]), "num"),
                        self.cell(score(row["brier_base_rate"]), "num"),
                        self.cell(signed(row["skill"]), "num"),
                        self.cell(score(row["log_loss"]), "num"),
                        self.cell(f"{row['roc_auc']:.3f}", "num"),
                    ],
                    "cls": "",
                }
            )
        rel = bt.reliability_frame()
        if len(loo):
            skill = float(loo["skill"].iloc[0])
            found = t["finding_reliability_good" if skill > 0 else "finding_reliability_bad"]
            found = found.format(skill=signed(skill))
        else:
            found = t["finding_reliability_auc"].format(p=f"{100 * auc:.0f}%")
        chart = self.chart(
            "reliability",
            found,
            lambda: ch.reliability(
                rel["predicted"].to_numpy(dtype=float),
                rel["observed"].to_numpy(dtype=float),
                rel["count"].to_numpy(dtype=float),
                self.c((t["axis_predicted"], t["axis_observed"])),
                self.c(t["legend_diagonal"]),
                self.look,
            ),
            subtitle=t["chart_reliability"],
            data=ChartData.of(
                t["axis_predicted"],
                (t["axis_observed"], t["col_states"]),
                [percent(v) for v in rel["predicted"]],
                [
                    (percent(o), f"{n:g}")
                    for o, n in zip(rel["observed"], rel["count"], strict=True)
                ],
            ),
        )
        cohort_names = Names(cohort, self.lang) if cohort is not self.ws else self.names
        pred_head = [
            self.cell(t["col_country"]),
            self.cell(t["col_status"]),
            self.cell(t["col_score"], "num"),
            self.cell(
                t["pred_model_link" if bt.model_p is not None else "pred_leave_one_out"], "num"
            ),
        ]
        pred_rows = []
        for row in flat(bt.predictions_frame()).to_dict("records"):
            p = row["p_model"] if bt.model_p is not None else row["p_leave_one_out"]
            pred_rows.append(
                {
                    "cells": [
                        self.cell(cohort_names.country(row["id"]), "name"),
                        self.cell(t["joined"] if row["outcome"] else t["nothing"]),
                        self.cell(score(row["score"]), "num"),
                        self.cell(percent(p), "num"),
                    ],
                    "cls": "joined" if row["outcome"] else "",
                }
            )
        if cohort_names is not self.names:
            self.problems.extend(cohort_names.warnings)
        return {
            "id": "backtest",
            "title": t["backtest"],
            "readings": readings,
            "charts": [chart],
            "tables": [
                {"head": head, "rows": rows, "cls": "metrics"},
                {"head": pred_head, "rows": pred_rows, "cls": "predictions"},
            ],
            "side_by_side": True,
        }

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

    def ref_link(self, number: int) -> Any:
        return self.html(
            '<a class="ref" href="#ref-{}"><bdi dir="ltr">[{}]</bdi></a>', number, number
        )

    def sources(self, sources: Sequence[str]) -> Any:
        items = []
        for source in sources:
            parts = []
            cited = CITATION.match(source)
            work = self.bib.for_key(cited.group("key")) if cited is not None else None
            if cited is not None and work is not None:
                parts.append(
                    self.html('<a class="cite" href="#{}">{}</a>', work.anchor, cited.group(0))
                )
                source = source[cited.end() :]
            for text, address in split_source(source):
                if address is None:
                    parts.append(self.escape(text))
                else:
                    parts.append(
                        self.html('<a href="{}" rel="noopener noreferrer">{}</a>', address, text)
                    )
                    entry = self.bib.for_url(address)
                    if entry is not None:
                        parts.append(self.Markup("\u00a0") + self.ref_link(entry.number))
            items.append(self.html("<li>{}</li>", self.Markup("").join(parts)))
        if not items:
            return ""
        return self.Markup('<ul class="sources">{}</ul>').format(self.Markup("").join(items))

    def note(self, note: str, sources: Sequence[str]) -> Any:
        text = self.Markup("<p>{}</p>").format(printable(note)) if note else self.Markup("")
        return text + self.sources(sources)

    def evidence(self) -> dict[str, Any]:
        ws, t = self.ws, self.t
        low, high = ws.ranges
        rule = staleness(ws)
        order = list(self.r.ranking.order)
        head = [
            self.cell(t["col_factor"]),
            self.cell(t["col_value"], "num"),
            self.cell(t["col_range"], "num"),
            self.cell(t["col_confidence"]),
            self.cell(t["col_date"]),
            self.cell(t["col_note"]),
        ]
        tables = []
        stale_count = background_count = 0
        for c in order:
            profile = ws.profiles[c]
            rows = []
            for f, factor in enumerate(ws.factor_ids):
                entry = profile.factors[factor]
                stale = rule.is_stale(entry.as_of)
                stale_count += stale
                background = entry.basis == "background"
                background_count += background
                confidence = t[f"confidence_{entry.confidence}"]
                confidence_cell = (
                    self.Markup('{} <span class="badge background">{}</span>').format(
                        confidence, t["background"]
                    )
                    if background
                    else confidence
                )
                date = entry.as_of.isoformat() if entry.as_of else ""
                date_cell = (
                    self.Markup('{} <span class="badge stale">{}</span>').format(
                        self.num(date), t["stale"]
                    )
                    if stale
                    else date
                )
                rows.append(
                    {
                        "cells": [
                            self.cell(self.factor(f), "factor"),
                            self.cell(value_text(entry.value), "num"),
                            self.cell(f"{value_text(low[c, f])}–{value_text(high[c, f])}", "num"),
                            self.cell(confidence_cell, f"conf {entry.confidence}"),
                            self.cell(date_cell, "date"),
                            self.cell(
                                self.note(entry.note, entry.sources), "note", source=entry.note
                            ),
                        ],
                        "cls": "stale" if stale else "",
                    }
                )
            status = profile.status
            note = ""
            if status is not None and status.note:
                note = self.from_files(
                    f"profile:{profile.id}", ("status", "note"), status.note, status.note_ar,
                    block=True,
                )  # fmt: skip
            tables.append(
                {
                    "caption": self.country(c),
                    "anchor": f"evidence-{profile.id}",
                    "note": note,
                    "note_label": t["status_note"],
                    "head": head,
                    "rows": rows,
                    "cls": "evidence",
                }
            )
        readings = [self.say("evidence_reading")]
        if rule.years is not None and rule.date is not None:
            readings.append(
                self.say(
                    "evidence_stale",
                    years=years_text(self.lang, rule.years),
                    date=self.num(rule.date.isoformat()),
                    n=self.num(stale_count),
                )
            )
        if background_count:
            readings.append(
                self.say(
                    "evidence_background",
                    n=self.num(background_count),
                    m=self.num(len(order) * len(ws.factor_ids)),
                )
            )
        if self.lang != "en":
            readings.append(self.say("original_english"))
        from scenarios.reporting.charts import MAX_COUNTRIES

        more = tables[MAX_COUNTRIES:]  # in the page, folded away under the first countries'
        return {
            "id": "evidence",
            "title": t["evidence"],
            "readings": readings,
            "charts": [],
            "tables": tables[:MAX_COUNTRIES],
            "more_tables": more,
            "more_label": self.say("more_evidence", n=self.num(f"{len(more):,}")) if more else "",
        }

    # the method box ----------------------------------------------------------------------
    def method(self) -> dict[str, Any]:
        """How the numbers are made: the framework table (what each factor measures, which
        way it works, its effective weight and what the ends of its scale mean), how a score
        becomes a probability and what its interval covers, and the caveats the numbers
        cannot carry."""
        t, ws = self.t, self.ws
        sep = "، " if self.lang == "ar" else ", "
        readings = [self.say("method_framework")]
        blank = [k for k, f in enumerate(ws.factor_ids) if not ws.model.factors[f].description]
        if blank:
            who = self.Markup(sep).join(self.iso(self.factor(k)) for k in blank)
            readings.append(self.say("method_no_definition", factors=who))
        no_ends = [
            k
            for k, f in enumerate(ws.factor_ids)
            if not (ws.model.factors[f].low_means and ws.model.factors[f].high_means)
        ]
        if no_ends:
            who = self.Markup(sep).join(self.iso(self.factor(k)) for k in no_ends)
            readings.append(self.say("method_no_ends", factors=who))
        readings += self.method_link()
        caveats = self.method_caveats()
        return {
            "id": "method",
            "title": t["method"],
            "readings": readings,
            "charts": [],
            "tables": [self.framework()],
            "caveats": caveats,
            "caveats_title": t["method_caveats"],
        }

    def framework(self) -> dict[str, Any]:
        """The framework table: one row a factor, in model.yaml's order."""
        t, ws, r = self.t, self.ws, self.r.ranking
        scale = ws.model.scale
        head = [
            self.cell(t["col_factor"]),
            self.cell(t["col_definition"]),
            self.cell(t["col_direction"]),
            self.cell(t["col_effective_weight"], "num"),
            self.cell(t["col_scale_end"].format(value=value_text(scale.min))),
            self.cell(t["col_scale_end"].format(value=value_text(scale.max))),
        ]
        rows = []
        for k, factor_id in enumerate(ws.factor_ids):
            f = ws.model.factors[factor_id]
            low = (f.low_means_ar if self.lang == "ar" else None) or f.low_means
            high = (f.high_means_ar if self.lang == "ar" else None) or f.high_means
            path = ("factors", factor_id, "description")
            written = self.names.text("model", path, f.description, f.description_ar)
            definition = f.description if written is None else written
            pushes = f.direction == "for"
            rows.append(
                {
                    "cells": [
                        self.cell(self.factor(k), "factor"),
                        self.cell(
                            self.english(definition) if definition else "",
                            "definition",
                            source=definition or None,
                        ),
                        self.cell(
                            t["direction_for" if pushes else "direction_against"],
                            "direction " + ("pushes" if pushes else "holds-back"),
                        ),
                        self.cell(percent(r.weights[k]), "num"),
                        self.cell(self.english(low) if low else "", "end", source=low or None),
                        self.cell(self.english(high) if high else "", "end", source=high or None),
                    ],
                    "cls": "" if pushes else "holds-back",
                }
            )
        return {"caption": t["method_table"], "head": head, "rows": rows, "cls": "framework"}

    def method_link(self) -> list[Any]:
        """How a score becomes a probability, where the slope and the intercept come from,
        what the interval covers, and what the effects below are given in."""
        r = self.r.ranking
        link, settings = r.link, self.ws.model.link
        if link is None or settings is None or r.probability is None:
            return [self.say("method_no_link")]
        years = r.horizon or 1.0

        def code(text: str) -> Any:
            return self.Markup('<code dir="ltr">{}</code>').format(text)

        formula = code(
            f"P = 1 − (1 − p)^{years:g}, p = logistic({coefficient(link.intercept)} + "
            f"{coefficient(link.slope)} × s)"
        )
        readings = [
            self.say(
                "method_link",
                annual=code("p = logistic(a + b × s)"),
                horizon=self.horizon(),
                within=code(f"P = 1 − (1 − p)^{years:g}"),
                formula=formula,
            )
        ]
        n = len(link.on_file_weights) - 1
        if n:
            readings.append(self.say("method_alternatives", n=self.num(n)))
        fit = settings.fit
        if settings.basis == "fitted" and fit is not None:
            slope = self.say(
                "method_slope_fitted",
                slope=self.num(f"{link.slope:g} ± {link.slope_sd:g}"),
                outcomes=self.num(fit.outcomes),
                workspace=self.Markup('<code dir="ltr">{}</code>').format(fit.workspace),
                events=self.num(fit.events),
            )
            if fit.loo_skill is not None:
                skill = self.say("method_slope_skill", skill=self.num(signed(fit.loo_skill, 2)))
                slope = slope + self.Markup(" ") + skill
            readings.append(slope)
        else:
            readings.append(self.say("method_slope_assumed", slope=self.num(f"{link.slope:g}")))
        base = link.base
        if base is None:
            readings.append(
                self.say("method_intercept_file", a=self.num(coefficient(link.intercept)))
            )
        else:
            readings.append(
                self.say(
                    "method_intercept_members"
                    if link.members is not None
                    else "method_intercept_mean",
                    events=self.num(base.events),
                    of=self.num(base.of),
                    years=self.num(base.window_label),
                )
            )
        if r.interval is not None:  # what the interval covers: the words the ranking uses
            key = (
                "ranking_reading_interval_link"
                if self.ws.panel is not None
                else "ranking_reading_interval_equal"
                if any(a.equal_weights for a in link.alternatives)
                else "ranking_reading_interval"
            )
            readings.append(self.say(key, level=self.num(f"{100 * r.level:g}%")))
        readings.append(
            self.say("method_points_panel")
            if self.r.effects is None
            else self.say("method_points", horizon=self.horizon())
        )
        return readings

    def method_caveats(self) -> list[Any]:
        """What the numbers cannot carry: the link carried over from other events, a thin base
        rate, a link not validated out of sample, and a panel (illustrative or not)."""
        from scenarios.analyses.likelihood import SMALL_SAMPLE

        r, ws = self.r.ranking, self.ws
        caveats = []
        link = r.link
        if link is not None and r.probability is not None:
            if link.transfer:
                settings = self.ws.model.link
                transfer = self.from_files(
                    "model",
                    ("link", "transfer"),
                    link.transfer,
                    settings.transfer_ar if settings is not None else None,
                )
                caveats.append(self.say("method_caveat_transfer", transfer=transfer))
            base = link.base
            if base is not None and (base.of < SMALL_SAMPLE or base.events < 10):
                caveats.append(
                    self.say(
                        "method_caveat_thin",
                        events=self.num(base.events),
                        of=self.num(base.of),
                        years=self.num(base.window_label),
                    )
                )
            if not link.validated:
                caveats.append(self.say("ranking_reading_unvalidated", caveat=self.link_caveat()))
        if ws.panel is not None:
            caveats.append(
                self.say("method_caveat_panel_illustrative")
                if ws.panel.illustrative
                else self.say("method_caveat_panel", rule=self.panel_rule())
            )
        return caveats

    def references(self) -> dict[str, Any] | None:
        """The bibliography: every work and address the evidence cites, with its anchor."""
        if not self.bib.entries:
            return None
        return {
            "id": "references",
            "title": self.t["references"],
            "readings": [self.say("references_reading"), self.say("references_rule")],
            "charts": [],
            "tables": [],
            "bibliography": [self.reference_item(e) for e in self.bib.entries],
        }

    def reference_item(self, e: BibEntry) -> Any:
        t, M = self.t, self.Markup
        parts: list[Any] = []
        ref = e.reference

        def local(english: str, arabic: str | None) -> Any:
            """A reference's field in the page's language: the Arabic as written for the page
            (a part in backticks, such as a citation key, is code), else the English."""
            if self.lang == "ar" and arabic:
                return M("<bdi>{}</bdi>").format(self.isolated(printable(arabic)))
            return self.english(english)

        if ref is not None:
            parts.append(M("<cite>{}</cite>").format(local(ref.title, ref.title_ar)))
            if self.lang != "ar" and ref.title_ar:
                parts.append(M("({}: {})").format(t["ref_in_arabic"], self.english(ref.title_ar)))
            if ref.publisher:
                parts.append(local(ref.publisher, ref.publisher_ar))
        else:
            parts.append(M("<cite>{}</cite>").format(self.english(e.title)))
            if e.weak:
                parts.append(M('<span class="weak">{}</span>').format(self.english(e.weak)))
        if e.date:
            # a date copied from the citation ('Jan–Sep 2023') is quoted as written
            date = self.english(e.date) if re.search(r"[A-Za-z]", e.date) else self.num(e.date)
            key = "ref_date_as_of" if e.date_basis == "as_of" else "ref_date_cited"
            parts.append(self.say(key, date=date) if ref is None else date)
        else:
            parts.append(t["ref_no_date"])
        if e.url:
            shown = re.sub(r"[^\x21-\x7e]", lambda m: quote(m.group()), e.url)
            parts.append(
                M('<a class="address" href="{}" rel="noopener noreferrer">{}</a>').format(
                    e.url, self.num(shown)
                )
            )
        if ref is not None:
            if ref.description:
                parts.append(local(ref.description, ref.description_ar))
            if e.sections:
                cites = f"{e.key} " + ", ".join(e.sections)
                parts.append(self.say("ref_cited_as", cites=self.code(cites)))
        body = []
        for part in parts:  # sentences, each ended by a full stop unless it has its own
            shown = self.escape(part)
            ends = TAG.sub("", shown).rstrip()[-1:]
            body.append(shown + (" " if ends in (".", "?", "!", "؟") else ". "))
        return self.html(
            '<li id="{}"><span class="ref-n"><bdi dir="ltr">[{}]</bdi></span> '
            '<span class="ref-body">{}</span></li>',
            e.anchor,
            e.number,
            M("".join(body).rstrip()),
        )

    def footer(self, command: str) -> list[tuple[Any, Any, bool]]:
        """(label, value, whether the value is code) for the footer."""
        from scenarios._version import __version__

        t, s = self.t, self.r.settings
        rows = [
            (t["f_version"], f"scenarios {__version__}", True),
            (t["workspace"], self.ws.name, True),
            (self.say("f_hash", algorithm=self.code("SHA-256")), self.ws.content_hash, True),
            (t["f_aggregation"], t[f"aggregation_{s['aggregation']}"], False),
        ]
        if s["horizon"] is not None:
            rows.append((t["f_horizon"], years_text(self.lang, s["horizon"]), False))
        rows += [
            (t["f_samples"], f"{s['samples']:,}", True),
            (t["f_delta"], f"±{100 * s['delta']:g}%", True),
        ]
        if s["runs"] is not None:
            rows.append((t["f_runs"], f"{s['runs']:,}", True))
        if self.r.history is not None:
            rows.append((t["f_ledger"], self.r.history.ledger.path.name, True))
        changes = ", ".join(map(str, self.ws.changes))
        rows += [
            (t["f_seed"], str(s["seed"]), True),
            (t["f_overrides"], changes or t["none"], bool(changes)),
            (t["f_language"], self.lang, True),
            (t["f_command"], command, True),
        ]
        return [
            (
                label if isinstance(label, self.Markup) else self.isolated(label),
                value if code else self.isolated(value),
                code,
            )
            for label, value, code in rows
        ]


def command_line(ws: Workspace, lang: str, results: Results) -> str:
    """The `scenarios report` command that makes this page again."""
    s = results.settings
    parts = ["scenarios report", f"-w {ws.name}"]
    parts += map(str, ws.changes)
    if s["aggregation"] != ws.model.aggregation:
        parts.append(f"--aggregation {s['aggregation']}")
    if s["horizon"] is not None and s["horizon"] != ws.model.horizon_years:
        parts.append(f"--horizon {s['horizon']:g}")
    if s.get("ledger") is not None:
        parts.append(f"--ledger {shlex.quote(s['ledger'])}")
    parts += [f"--lang {lang}", f"--samples {s['samples']}", f"--seed {s['seed']}"]
    if s["runs"] is not None:
        parts.append(f"--runs {s['runs']}")
    return " ".join(parts)


# --- fonts ----------------------------------------------------------------------------------

FONT_FACES = (
    # (CSS family, weight, file)
    ("Scenarios Noto Sans", 400, "NotoSans-Regular.ttf"),
    ("Scenarios Noto Sans", 700, "NotoSans-Bold.ttf"),
    ("Scenarios Noto Sans Arabic", 400, "NotoSansArabic-Regular.ttf"),
    ("Scenarios Noto Sans Arabic", 700, "NotoSansArabic-Bold.ttf"),
    ("Scenarios Noto Sans Math", 400, "NotoSansMath-Regular.ttf"),
)


def page_text(html: str) -> str:
    """The characters a reader sees (tags, SVG and CSS removed, entities decoded)."""
    from html import unescape

    html = re.sub(r"<(svg|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def font_faces(text: str) -> tuple[str, set[str]]:
    """@font-face rules with each font cut to the characters of `text` (WOFF, base64), and the
    characters no font has."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from scenarios.reporting.charts import FONT_DIR

    wanted = {ord(ch) for ch in set(text) if not ch.isspace() or ch == " "}  # each once
    wanted |= {ord(ch) for ch in "0123456789.,%–-"}
    covered: set[int] = set()
    rules = []
    for family, weight, file in FONT_FACES:
        font = TTFont(FONT_DIR / file, recalcTimestamp=False)
        cmap = set(font.getBestCmap())
        keep = wanted & cmap
        covered |= cmap
        if not keep:
            continue
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(keep))
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.flavor = "woff"
        font.save(buffer)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'{family}';font-weight:{weight};font-style:normal;"
            f"font-display:block;src:url(data:font/woff;base64,{data}) format('woff')}}"
        )
    invisible = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF}
    missing = {chr(c) for c in wanted - covered - invisible if c >= 0x20}
    return "\n".join(rules), missing


# --- building -------------------------------------------------------------------------------


def build_report(
    ws: Workspace,
    *,
    lang: str = "en",
    aggregation: str | None = None,
    horizon: float | None = None,
    samples: int = 20_000,
    seed: int = DEFAULT_SEED,
    runs: int = 20_000,
    delta: float = 0.5,
    png: bool = False,
    ledger: str | os.PathLike[str] | None = None,
    results: Results | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Page:
    """Build the page (and its charts) for one workspace in one language.

    Pass `results` from `analyse` to build several languages from one set of numbers (`ledger`
    is then the one `analyse` was given)."""
    if lang not in LANGS:
        raise ScenariosError(
            Problem(f"unknown language '{lang}'", hint=f"expected one of {', '.join(LANGS)}")
        )
    import jinja2

    if results is None:
        results = analyse(
            ws,
            aggregation=aggregation,
            horizon=horizon,
            samples=samples,
            seed=seed,
            runs=runs,
            delta=delta,
            ledger=ledger,
            progress=progress,
        )
    b = _Builder(ws, results, lang, png)
    key = b.key()  # the answer first: its chart is the page's first
    makers = (
        b.ranking,
        b.method,
        b.contributions,
        b.tornado,
        b.critical,
        b.acceptability,
        b.whatifs,
        b.cascade,
        b.history,
        b.backtest,
        b.evidence,
        b.references,
    )
    sections = [s for s in (make() for make in makers) if s is not None]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    template = env.get_template("report.html.j2")
    header = b.header()
    context = {
        "lang": lang,
        "dir": DIRECTION[lang],
        "t": b.t,
        "key": key,
        "header": header,
        "running_head": running_head(
            header["title"], b.t["evidence_date"], header["evidence_date"], lang
        ),
        "sections": sections,
        "footer": b.footer(command_line(ws, lang, results)),
        "footer_reading": b.say("footer_reading", file=b.code("manifest.json")),
        "css": (TEMPLATES / "report.css").read_text(encoding="utf-8"),
        "access": ACCESS_TEXT[lang],
    }
    marker = b.Markup("<scenarios-fonts>")  # a tag: no text of the page can spell it
    draft = template.render(**context, fonts=marker)
    fonts, missing = font_faces(page_text(draft))
    html = draft.replace(marker, fonts, 1)
    problems = [*b.problems, *b.names.warnings]
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
        charts=tuple(b.charts),
        warnings=tuple(dict.fromkeys(problems)),
        sections=(key["id"], *(s["id"] for s in sections)),
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


__all__ = [
    "COHORT",
    "Chart",
    "Page",
    "Results",
    "analyse",
    "backtest_cohort",
    "build_report",
    "resolved",
    "write_charts",
    "write_page",
]
