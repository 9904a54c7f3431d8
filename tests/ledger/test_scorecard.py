"""Scoring the ledger once outcomes resolve: a small ledger scored by hand."""

import datetime as dt
import json
import math

import pytest
from typer.testing import CliRunner

import scenarios
from scenarios.cli.app import app
from scenarios.ledger.records import LEDGER_FILE
from scenarios.ledger.scorecard import BEFORE, EVENT, NON_EVENT, OPEN

from .. import tiny

MODEL = tiny.MODEL + (
    "horizon_years: 1\n"
    "event: {definition: joins, as_of: 2021-01-01}\n"
    "link: {kind: logistic, intercept: -2, slope: 2}\n"
    "base_rate: {events: 1, of: 10, years: 1}\n"
)
# Now: X joined on 2021-06-01; Y joined on 2020-09-15 (tiny.py); Z has not, checked 2023-01-01.
PROFILES = dict(tiny.PROFILES)
PROFILES["x"] = PROFILES["x"].replace(
    "name: Xland\n", "name: Xland\nstatus: {state: joined, date: 2021-06-01, as_of: 2023-01-01}\n"
)
PROFILES["z"] = PROFILES["z"].replace(
    "name: Zland\n", "name: Zland\nstatus: {state: not_joined, as_of: 2023-01-01}\n"
)


def record(number, date, as_of, probabilities):
    """A ledger line with the probabilities given (None: joined when recorded)."""
    values = {"a": [5, 4, 6], "b": [5, 4, 6], "c": [5, 4, 6]}
    return json.dumps(
        {
            "record": number,
            "date": date,
            "tool_version": "0.1.0",
            "workspace": "t",
            "content_hash": "0" * 64,
            "horizon": 1,
            "as_of": as_of,
            "level": 0.9,
            "seed": 1,
            "base_probability": 0.1,
            "model": {
                "scale": [0, 10],
                "aggregation": "additive",
                "groups": {"g1": 2, "g2": 1},
                "factors": {
                    f: {"group": "g1" if f != "c" else "g2", "weight": 1, "direction": "for"}
                    for f in "abc"
                },
            },
            "countries": [
                {
                    "id": cid,
                    "name": cid,
                    "score": 0.5,
                    "rank": 1,
                    "probability": p,
                    "values": values,
                }
                for cid, p in probabilities.items()
            ],
        }
    )


@pytest.fixture
def ws(tmp_path):
    root = tiny.write(tmp_path / "t", model=MODEL, profiles=PROFILES)
    lines = [
        # evidence of 2021-01-01: X 20%, Z 50% within a year (to 2022-01-01); Y had joined
        record(1, "2021-01-05", "2021-01-01", {"X": 0.2, "Y": None, "Z": 0.5}),
        # evidence of 2021-07-01: X's join of 2021-06-01 was missed; Z 30% (to 2022-07-01)
        record(2, "2021-07-01", "2021-07-01", {"X": 0.25, "Z": 0.3}),
        # evidence of 2022-06-01: Z 40% to 2023-06-01
        record(3, "2022-06-01", "2022-06-01", {"Z": 0.4}),
    ]
    (root / LEDGER_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def outcomes(card):
    return [[(f.id, f.outcome) for f in part] for part in card.forecasts]


def test_scoring_by_hand(ws):
    card = scenarios.score(ws, today="2023-03-01")
    assert outcomes(card) == [
        [("X", EVENT), ("Z", NON_EVENT)],  # X joined within the year; Z's year ended, checked after
        [("X", BEFORE), ("Z", NON_EVENT)],  # X had joined before the evidence date: no forecast
        [("Z", OPEN)],  # the horizon ends 2023-06-01
    ]
    first = card.per_record(0)
    # Brier: ((.2 − 1)² + (.5 − 0)²) / 2; base rate .1: ((.1 − 1)² + .1²) / 2
    assert first.brier == pytest.approx((0.64 + 0.25) / 2)
    assert first.brier_base == pytest.approx((0.81 + 0.01) / 2)
    assert first.skill == pytest.approx(1 - 0.445 / 0.41)
    # log loss: −(ln .2 + ln(1 − .5)) / 2; base: −(ln .1 + ln .9) / 2
    assert first.log_loss == pytest.approx(-(math.log(0.2) + math.log(0.5)) / 2)
    assert first.log_loss_base == pytest.approx(-(math.log(0.1) + math.log(0.9)) / 2)
    second = card.per_record(1)
    assert (second.resolved, second.events) == (1, 0)
    assert second.brier == pytest.approx(0.09) and second.skill == pytest.approx(1 - 0.09 / 0.01)
    assert math.isnan(card.per_record(2).brier)
    # over time: every record up to the second pooled (three resolved forecasts)
    to_date = card.to_date(1)
    assert to_date.brier == pytest.approx((0.64 + 0.25 + 0.09) / 3)
    assert to_date.skill == pytest.approx(1 - 0.98 / 0.83)
    assert card.overall.resolved == 3 and card.unresolved == 1
    # three resolved forecasts, but only two outcomes: X (joined) and Z, scored twice
    assert card.countries_resolved == (2, 1)
    frame = card.to_frame()
    assert frame["resolved"].tolist() == [2, 1, 0] and frame["unresolved"].tolist() == [0, 0, 1]
    assert card.next_resolution == dt.date(2023, 6, 1)


def test_nothing_is_scored_before_it_resolves(ws):
    card = scenarios.score(ws, today="2021-12-01")
    # X's join counts at once; Z's year has not ended; the third record was not made yet
    assert outcomes(card) == [
        [("X", EVENT), ("Z", OPEN)],
        [("X", BEFORE), ("Z", OPEN)],
    ]
    assert card.later == 1
    assert card.overall.brier == pytest.approx(0.64)
    # on 2021-05-01 X's join (2021-06-01) had not happened: nothing is known of it yet
    early = scenarios.score(ws, today="2021-05-01")
    assert outcomes(early) == [[("X", OPEN), ("Z", OPEN)]] and early.later == 2
    # and once the first record's year is over, a join dated after that day tells nothing
    # new: X joined within it, which is known from 2021-06-01 on
    assert outcomes(scenarios.score(ws, today="2021-06-01"))[0][0] == ("X", EVENT)
    # the third record's horizon has passed by 2024, but Z's status was last checked before its
    # end (2023-01-01): it cannot say Z did not join in time
    late = scenarios.score(ws, today="2024-01-01")
    z = late.forecasts[2][0]
    assert z.outcome == OPEN and "before the horizon ended" in z.why


def test_a_join_without_its_date_is_not_scored(ws):
    x = ws / "profiles" / "x.yaml"
    x.write_text(
        x.read_text().replace("{state: joined, date: 2021-06-01, as_of: 2023-01-01}", "joined"),
        encoding="utf-8",
    )
    x.write_text(x.read_text().replace("status: joined", "status: {state: joined}"))
    card = scenarios.score(ws, today="2024-01-01")
    first = card.forecasts[0][0]
    assert (first.id, first.outcome, first.why) == (
        "X",
        OPEN,
        "joined, but the date is not recorded",
    )


def test_records_made_after_the_day_are_not_scored(ws):
    env = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}

    def run(*args):
        return CliRunner(env=env).invoke(app, [str(a) for a in args])

    result = run("score", "-w", ws, "--today", "2021-03-01")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "2 records dated after 2021-03-01 left out: not made yet on that day." in text
    none = run("score", "-w", ws, "--today", "2020-12-31")
    assert "(3) is dated after 2020-12-31: none had been made on that day" in " ".join(
        none.stdout.split()
    )


def test_a_recorded_ledger_scores_after_a_join(tmp_path):
    """The whole path: record with `scenarios record`, then the status records a join."""
    root = tiny.write(tmp_path / "t", model=MODEL)
    scenarios.record(root, date="2021-01-02")
    card = scenarios.score(root, today="2021-02-01")
    assert card.overall.resolved == 0 and card.unresolved == 2
    x = root / "profiles" / "x.yaml"
    x.write_text(
        tiny.PROFILES["x"].replace(
            "name: Xland\n", "name: Xland\nstatus: {state: joined, date: 2021-03-01}\n"
        )
    )
    card = scenarios.score(root, today="2021-04-01")
    (forecast,) = [f for f in card.forecasts[0] if f.resolved]
    assert (forecast.id, forecast.outcome) == ("X", EVENT)
    recorded = scenarios.history(root).records[0]
    p = next(c.probability for c in recorded.countries if c.id == "X")
    assert card.overall.brier == pytest.approx((1 - p) ** 2)
    base = 1 - (1 - 0.1) ** 1  # the base rate over the one-year horizon
    assert recorded.base_probability == pytest.approx(base)
    assert card.overall.brier_base == pytest.approx((1 - base) ** 2)


def test_cli_score(ws):
    env = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
    result = CliRunner(env=env).invoke(app, ["score", "-w", str(ws), "--today", "2023-03-01"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    rows = [line.split() for line in lines if line.lstrip().startswith("#")][1:]
    # each score, and under it the base rate's (Brier, then log loss)
    assert rows[0] == ["#1", "2021-01-05", "2", "0", "0.445", "-0.085", "1.151", "-0.085"]
    under = lines[[line.split() for line in lines].index(rows[0]) + 1].split()
    assert under == ["0.410", "1.204"]
    assert rows[1][:6] == ["#2", "2021-07-01", "1", "0", "0.090", "-8.000"]
    assert rows[1][-1] == "-0.181"  # to date: 1 − (0.98 / 3) / (0.83 / 3)
    assert "Resolved forecasts" in result.stdout
    assert (
        "The 3 resolved forecasts rest on the outcomes of 2 countries (1 joined): each record "
        "scores the same outcomes again, so the pooled scores are not independent tests, and "
        "with so few outcomes every figure here is noisy."
    ) in " ".join(result.stdout.split())
    csv = CliRunner(env=env).invoke(
        app, ["score", "-w", str(ws), "-f", "csv", "--today", "2023-03-01"]
    )
    assert csv.stdout.startswith("record,date,forecasts,resolved,events,unresolved,brier")
    bad = CliRunner(env=env).invoke(app, ["score", "-w", str(ws), "--today", "soon"])
    assert bad.exit_code == 2
    assert "Invalid value for '--today': expected a date as YYYY-MM-DD (got 'soon')" in (bad.stderr)
    with pytest.raises(
        scenarios.OptionError, match=r"^today: "
    ) as caught:  # the API names its argument
        scenarios.score(ws, today="soon")
    assert str(caught.value) == "today: expected a date as YYYY-MM-DD (got 'soon')"


def test_records_without_probabilities_say_so(tmp_path):
    root = tiny.write(tmp_path / "t")  # no link: scores, no probabilities
    scenarios.record(root, date="2021-01-02")
    env = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
    result = CliRunner(env=env).invoke(app, ["score", "-w", str(root)])
    assert result.exit_code == 0
    assert "0 of 0 resolved in 1 record" in " ".join(result.stdout.split())
    assert "The records hold no probability to score" in " ".join(result.stdout.split())


def test_resolved_forecasts_show_each_probability_to_its_intervals_precision(ws):
    path = ws / LEDGER_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    # X's interval is 30 points wide (step 1 point): 23.45% shows as 23%, unlikely (20–45);
    # Z's 50% has no interval and keeps its decimal, roughly even chance (45–55)
    first["countries"][0].update(probability=0.2345, low=0.05, high=0.35)
    path.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")
    env = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}
    result = CliRunner(env=env).invoke(app, ["score", "-w", str(ws), "--today", "2023-03-01"])
    assert result.exit_code == 0, result.output
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    table = result.stdout.split("Resolved forecasts")[1]
    rows = [line.split() for line in table.splitlines() if line.lstrip().startswith("#1 ")]
    assert rows[0][:5] == ["#1", "X", "23%", "unlikely", "event"]
    assert rows[1][:7] == ["#1", "Z", "50.0%", "roughly", "even", "chance", "non-event"]
