"""The library in a notebook: `dir(scenarios)`, short reprs, errors in the library's words, a
typed `Scenario` whose text is the command line's, and types that make mypy reject a misspelt
choice in a user's script."""

from __future__ import annotations

import dataclasses
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import scenarios
from scenarios import OptionError, Scenario
from scenarios.workspace.scenario import (
    Aggregation,
    Happened,
    PanelRule,
    Partial,
    ValueChange,
    WeightChange,
    WhatIf,
    parse_change,
)

from . import tiny


@pytest.fixture
def ws(tmp_path):
    whatifs = {"up": "title: Up\nvalues: [{factor: a, shift: 1}]\n"}
    return scenarios.load_workspace(tiny.write(tmp_path / "tiny", whatifs=whatifs))


# --- dir() and the exported types ---------------------------------------------------------


def test_dir_lists_the_api_and_not_the_module_machinery():
    shown = dir(scenarios)
    for name in ("rank", "sensitivity", "compare", "Ranking", "Sensitivity", "Comparison"):
        assert name in shown
    for name in ("Scenario", "WhatIf", "WeightChange", "ScenarioOptions", "OptionError"):
        assert name in shown
    for name in ("Any", "TYPE_CHECKING", "annotations", "import_module"):
        assert name not in shown
    assert shown == sorted(scenarios.__all__)


def test_every_listed_name_resolves_to_the_type_results_have(ws):
    for name in scenarios.__all__:
        assert getattr(scenarios, name) is not None
    assert isinstance(scenarios.rank(ws), scenarios.Ranking)
    assert isinstance(scenarios.compare(ws), scenarios.Comparison)


# --- reprs ----------------------------------------------------------------------------------


def test_a_ranking_shows_itself_in_a_few_lines(ws):
    ranking = scenarios.rank(ws, weights={"c": 3})
    text = repr(ranking)
    lines = text.splitlines()
    assert len(lines) <= 4 and len(text) < 400
    # tiny: c weighs 3 → scores X 0.4·… ; the leader is the country ranked 1
    first = ranking.ids[ranking.order[0]]
    assert lines[0] == (
        f"<Ranking of 3 countries × 3 factors in {ranking.workspace.name} with --weight c=3>"
    )
    assert lines[1].startswith(f"  1 {first} {float(ranking.scores[ranking.order[0]]):.3f}")
    assert lines[2] == "  tables: .to_frame(), .contributions_frame(), .matrix_frame()"
    html = ranking._repr_html_()
    assert "<table" in html and first in html


def test_other_results_and_the_workspace_are_short_too(ws):
    for result in (
        scenarios.explain(ws, "Z"),
        scenarios.compare(ws),
        scenarios.sensitivity(ws, "oat"),
        ws,
    ):
        text = repr(result)
        assert len(text.splitlines()) <= 4 and len(text) < 400, text
        assert text.startswith(f"<{type(result).__name__} of 3 countries × 3 factors")
    assert ", for Z>" in repr(scenarios.explain(ws, "Z")).splitlines()[0]


# --- errors in the library's words ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": "c=3"}, r"^weights='c=3': expected a mapping or a list of 'FACTOR=WEIGHT'"),
        ({"weights": ["cc=3"]}, r"^weights=\['cc=3'\]: unknown factor 'cc'"),
        ({"sets": ["Z.a=12"]}, r"^sets=\['Z.a=12'\]: 12 is outside the scale 0..10"),
        ({"weight": {"c": 3}}, r"^rank\(\): unknown keyword argument 'weight'"),
        ({"scenario": "--weight c=3"}, r"^scenario: expected a Scenario"),
        (
            {"scenario": Scenario(weights=(WeightChange("c", 3),)), "weights": {"c": 2}},
            r"^scenario= and weights=: give the scenario one way",
        ),
    ],
)
def test_library_errors_name_the_python_argument(ws, kwargs, message):
    with pytest.raises(OptionError, match=message) as exc:
        scenarios.rank(ws, **kwargs)
    assert not str(exc.value).startswith("--")  # an argument, not a command-line option


def test_the_hint_says_what_the_argument_must_be(ws):
    with pytest.raises(OptionError, match=r"weights=\['c'\]: expected FACTOR=WEIGHT") as exc:
        scenarios.rank(ws, weights=["c"])
    assert exc.value.problems[0].hint == "e.g. weights={'us_engagement': 2}"
    with pytest.raises(OptionError, match=r"unknown keyword argument 'weight'") as exc:
        scenarios.rank(ws, weight={"c": 3})  # type: ignore[call-arg]
    assert exc.value.problems[0].hint is not None and "weights" in exc.value.problems[0].hint


def test_sensitivity_refuses_an_unknown_setting(ws):
    with pytest.raises(OptionError, match=r"unknown setting 'sample' \(did you mean 'samples'"):
        scenarios.sensitivity(ws, ["mc"], sample=10)  # type: ignore[call-arg]


# --- the typed scenario ---------------------------------------------------------------------

NAME = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
NUMBER = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)
CHANGES = st.one_of(
    st.builds(WhatIf, NAME),
    st.builds(WeightChange, NAME, NUMBER),
    st.builds(ValueChange, st.from_regex(r"[A-Z]{2}", fullmatch=True), NAME, NUMBER),
    st.builds(Aggregation, st.sampled_from(["additive", "geometric"])),
    st.builds(
        PanelRule,
        st.lists(st.tuples(NAME, NAME), min_size=1, max_size=3).map(tuple),
    ),
    st.builds(Partial, st.text(min_size=1).filter(lambda t: "\n" not in t)),
    st.builds(Happened, NAME),
)


@given(CHANGES)
def test_every_change_reads_back_from_its_spelling(change):
    again = parse_change(str(change))
    assert again == change
    assert str(again) == str(change)


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (WhatIf("us_withdraws"), "--whatif us_withdraws"),
        (WeightChange("us_engagement", 2), "--weight us_engagement=2"),
        (WeightChange("us_engagement", 2.5, "us_engagement=2.50"), "--weight us_engagement=2.50"),
        (ValueChange("UZ", "trade", 9), "--set UZ.trade=9"),
        (Aggregation("geometric"), "--aggregation geometric"),
        (
            PanelRule((("values", "median"), ("trim", "0.3"))),
            "--panel-aggregate values=median,trim=0.3",
        ),
        (Partial("2 of 3 countries ranked"), "--partial: 2 of 3 countries ranked"),
        (Happened("sanctions"), "indicator sanctions"),
    ],
)
def test_the_spelling_is_the_command_line_one(change, text):
    assert str(change) == text
    assert str(parse_change(text)) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("--weight us_engagement", r"expected --weight FACTOR=WEIGHT"),
        ("--weight u=x", r"expected --weight FACTOR=WEIGHT"),
        ("--set UZ=3", r"expected --set ID.FACTOR=VALUE"),
        ("--aggregation geometirc", r"expected --aggregation additive or geometric"),
        ("--pannel x", r"a change as on the command line"),
    ],
)
def test_a_spelling_that_is_no_change_is_refused(text, message):
    with pytest.raises(OptionError, match=message):
        parse_change(text)


def test_changes_and_scenarios_are_frozen_and_equal_by_value():
    change = WeightChange("u", 2.0, "u=2.0")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign"):
        change.value = 3  # type: ignore[misc]
    assert change == WeightChange("u", 2)  # the spelling is not part of the value
    assert hash(change) == hash(WeightChange("u", 2))
    assert WeightChange("u", 2) != WeightChange("u", 3)
    scenario = Scenario.parse("--whatif up --weight c=3 --set Z.a=9 --aggregation geometric")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign"):
        scenario.whatifs = ()  # type: ignore[misc]
    assert scenario == Scenario(
        whatifs=(WhatIf("up"),),
        weights=(WeightChange("c", 3),),
        values=(ValueChange("Z", "a", 9),),
        aggregation=Aggregation("geometric"),
    )
    assert str(scenario) == "--whatif up --weight c=3 --set Z.a=9 --aggregation geometric"
    assert Scenario.parse(str(scenario)) == scenario
    assert repr(scenario) == f"Scenario({str(scenario)!r})"
    assert not Scenario() and scenario


def test_scenario_argument_gives_what_the_fields_give(ws):
    scenario = Scenario.parse("--whatif up --weight c=3 --set Z.a=10 --aggregation geometric")
    typed = scenarios.rank(ws, scenario=scenario)
    fields = scenarios.rank(
        ws, whatifs=["up"], weights=["c=3"], sets=["Z.a=10"], aggregation="geometric"
    )
    assert typed.aggregation == "geometric"
    assert list(typed.scores) == list(fields.scores)
    assert typed.workspace.changes == fields.workspace.changes
    assert [str(c) for c in typed.workspace.changes] == [
        "--whatif up",
        "--weight c=3",
        "--set Z.a=10",
    ]
    assert typed.workspace.scenario == Scenario.parse("--whatif up --weight c=3 --set Z.a=10")


def test_compare_leaves_out_only_the_whatifs_applied(ws):
    # a weight set before comparing is not a what-if: 'up' is still compared
    assert list(scenarios.compare(ws, weights={"c": 3}).scenarios) == ["up"]
    assert list(scenarios.compare(ws, whatifs=["up"]).scenarios) == []


# --- mypy on a notebook-style script --------------------------------------------------------

GOOD = """
    import scenarios
    from scenarios import Scenario, WeightChange, WhatIf

    ranking = scenarios.rank("central-asia", weights={"us_engagement": 2}, aggregation="geometric")
    frame = ranking.to_frame()
    top: str = ranking.ids[ranking.order[0]]
    scenario = Scenario(whatifs=(WhatIf("gaza_escalation"),), weights=(WeightChange("u", 2),))
    again = scenarios.rank("central-asia", scenario=scenario, horizon=5)
    robust = scenarios.sensitivity("central-asia", ["oat", "mc"], samples=500, values="uniform")
    tables = robust.frames()
    seen = scenarios.compare("central-asia", ["gaza_escalation"], sets=["UZ.us_engagement=9"])
    print(frame, top, again, tables, seen.to_frame())
"""

BAD = {
    'scenarios.rank("central-asia", aggregation="geometirc")': (
        'Argument "aggregation" to "rank" has incompatible type "Literal[\'geometirc\']"'
    ),
    'scenarios.sensitivity("central-asia", ["montecarlo"], samples=10)': (
        "List item 0 has incompatible type \"Literal['montecarlo']\""
    ),
    'scenarios.sensitivity("central-asia", ["mc"], sample=10)': (
        'Unexpected keyword argument "sample" for "sensitivity"'
    ),
    'scenarios.rank("central-asia", weights=2)': (
        'Argument "weights" to "rank" has incompatible type "int"'
    ),
    'scenarios.rank("central-asia", weights=[("u", 2)])': (
        'List item 0 has incompatible type "tuple[str, int]"; expected "str"'
    ),
    'scenarios.compare("central-asia", weight={"u": 2})': (
        'Unexpected keyword argument "weight" for "compare"'
    ),
}


def test_mypy_accepts_good_use_and_rejects_each_mistake(tmp_path, monkeypatch):
    from mypy import api as mypy_api

    good = tmp_path / "good.py"
    good.write_text(textwrap.dedent(GOOD).lstrip())
    bad = tmp_path / "bad.py"
    bad.write_text("import scenarios\n\n" + "\n".join(BAD) + "\n")
    # the package under test, not another copy installed
    monkeypatch.setenv("MYPYPATH", str(Path(scenarios.__file__).parent.parent))
    out, err, status = mypy_api.run(
        [
            "--strict",
            "--no-error-summary",
            "--show-error-codes",
            "--cache-dir",
            str(Path(__file__).parent.parent / ".mypy_cache"),
            str(good),
            str(bad),
        ]
    )
    assert err == "", err
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert not [e for e in errors if "good.py:" in e], out
    lines = {}
    for e in errors:
        found = re.search(r"bad\.py:(\d+): error: (.*)", e)
        if found:
            lines[int(found.group(1))] = found.group(2)
    for number, (code, message) in enumerate(BAD.items(), start=3):
        assert number in lines, f"mypy accepted: {code}\n{out}"
        assert message in lines[number], (code, lines[number])
    assert status == 1


def test_the_package_lists_every_call_of_the_api_and_loads_each_from_it():
    """`scenarios` and `scenarios.api` name the same calls (the type aliases of arguments stay
    in `scenarios.api`), and each lazy name is the API's own object."""
    import scenarios.api as api

    aliases = {"Ledger", "Progress", "WorkspaceLike"}
    assert set(api.__all__) - set(scenarios.__all__) == aliases
    for name in set(api.__all__) - aliases:
        assert getattr(scenarios, name) is getattr(api, name), name
