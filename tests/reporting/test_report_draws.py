"""The report draws finished results: its modules run no analysis, and `scenarios.report` runs
them with the defaults of `choices`; one section a module, each a function of the context."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import scenarios
from scenarios.api import report
from scenarios.core import choices
from scenarios.core.errors import OptionError
from scenarios.reporting.builder import SECTIONS, build_report
from scenarios.reporting.results import Results

from .. import tiny

REPORTING = Path(__file__).resolve().parents[2] / "src" / "scenarios" / "reporting"
# what computes: the analyses, the ledger's readers and the workspace's loaders and editors
COMPUTE = {
    "analyse",
    "apply_all",
    "apply_overrides",
    "apply_whatif",
    "assess",
    "backtest",
    "backtest_cohort",
    "calibrate_workspace",
    "cascade",
    "compare",
    "history",
    "load_workspace",
    "probability_effects",
    "rank",
    "read_ledger_of",
    "resolved",
    "resolved_outcomes",
    "signposts",
    "wrong_way",
}
BELOW = ("scenarios.analyses", "scenarios.ledger", "scenarios.panels", "scenarios.workspace")


def computing(source: str) -> list[str]:
    """The names of `COMPUTE` a module takes from the layers below: imported by name, or
    reached as an attribute of a module imported from there."""
    tree = ast.parse(source)
    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(BELOW):
            for alias in node.names:
                if alias.name in COMPUTE:
                    found.append(f"{node.module}.{alias.name}")
                modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.attr in COMPUTE
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_no_module_of_the_report_runs_an_analysis():
    found = {
        str(path.relative_to(REPORTING)): names
        for path in sorted(REPORTING.rglob("*.py"))
        if (names := computing(path.read_text(encoding="utf-8")))
    }
    assert found == {}


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("from scenarios.analyses.scoring import rank\n", ["scenarios.analyses.scoring.rank"]),
        ("from scenarios.analyses import scoring\nscoring.rank(ws)\n", ["scoring.rank"]),
        ("from scenarios.ledger import records as r\nr.history(b)\n", ["r.history"]),
        ("from scenarios.analyses import scoring\nscoring.status_label(ws, 'UZ')\n", []),
        ("from scenarios.reporting.sections import history\nhistory.section(cx)\n", []),
    ],
)
def test_the_check_finds_an_analysis_run_by_the_report(source, names):
    assert computing(source) == names


def test_importing_the_report_loads_no_analysis_that_computes():
    code = (
        "import sys, scenarios.reporting.builder; "
        "print([m for m in ('scenarios.analyses.robustness', 'scenarios.analyses.cascading', "
        "'scenarios.analyses.comparison', 'scenarios.ledger.records', "
        "'scenarios.ledger.signposting', 'scenarios.api') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_each_section_is_a_module_of_its_own_under_the_size_limits():
    from radon.complexity import cc_visit

    sections = REPORTING / "sections"
    modules = sorted(sections.glob("*.py"))
    assert len(modules) >= 12
    for path in [*modules, REPORTING / "builder.py", REPORTING / "context.py"]:
        text = path.read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(text))
        assert doc, path.name
        assert len(text.splitlines()) <= 800, path.name
        worst = max((b.complexity for b in cc_visit(text)), default=0)
        assert worst <= 20, (path.name, worst)
    # the page's sections, in its order, each a function of the shared context
    assert [f"{s.__module__.rsplit('.', 1)[-1]}.{s.__name__}" for s in SECTIONS] == [
        "ranking.section",
        "method.section",
        "contributions.section",
        "sensitivity.tornado",
        "sensitivity.critical",
        "sensitivity.acceptability",
        "whatifs.section",
        "cascade.section",
        "history.section",
        "backtest.section",
        "evidence.section",
        "references.section",
    ]


def test_the_report_api_takes_its_defaults_from_choices():
    defaults = {
        name: p.default
        for name, p in inspect.signature(report).parameters.items()
        if p.default is not inspect.Parameter.empty
    }
    assert defaults["samples"] == choices.DEFAULT_MC_SAMPLES == 20_000
    assert defaults["runs"] == choices.DEFAULT_CASCADE_RUNS == 20_000
    assert defaults["delta"] == choices.DEFAULT_DELTA == 0.5
    assert defaults["seed"] == choices.DEFAULT_SEED
    assert scenarios.report is report and "report" in scenarios.__all__


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"samples": 99}, r"samples: must be at least 100 \(got 99\)"),
        ({"runs": 0}, r"runs: must be at least 1 \(got 0\)"),
        ({"aggregation": "geometirc"}, r"aggregation: .*geometirc"),
    ],
)
def test_the_report_api_refuses_bad_settings_in_library_words(tmp_path, settings, message):
    ws = tiny.write(tmp_path / "ws")
    with pytest.raises(OptionError, match=message):
        report(ws, **settings)


def test_the_report_api_runs_what_the_page_draws(tmp_path):
    ws = scenarios.load_workspace(tiny.write(tmp_path / "ws"))
    results = report(ws, samples=200, runs=10, seed=3, delta=0.25)
    assert isinstance(results, Results)
    assert results.settings == {
        "aggregation": ws.model.aggregation,
        "horizon": None,
        "samples": 200,
        "seed": 3,
        "runs": None,  # no link: no cascade
        "delta": 0.25,
        "ledger": None,
    }
    assert results.history is None and results.signposts is not None
    scores = dict(zip(ws.country_ids, results.ranking.scores, strict=True))
    assert scores == pytest.approx(tiny.SCORES)  # the scores worked by hand
    page = build_report(ws, results, lang="en")
    assert "±25%" in page.html  # the footer's delta: the one the results were made with
