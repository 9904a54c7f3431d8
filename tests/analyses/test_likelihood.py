"""Link maths, backtest metrics and calibration against hand computation."""

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scenarios
from scenarios.analyses import calibration, link, scoring
from scenarios.analyses import likelihood as lk
from scenarios.workspace.schema import BaseRate

from .. import tiny


def test_logistic_and_horizon_by_hand():
    assert lk.logistic(0.0) == 0.5
    assert lk.logistic(math.log(3)) == pytest.approx(0.75)
    assert lk.within_horizon(0.1, 3) == pytest.approx(1 - 0.9**3)
    assert lk.within_horizon(0.25, 1) == pytest.approx(0.25)
    assert lk.within_horizon(0.2, 0.5) == pytest.approx(1 - 0.8**0.5)


def test_link_probability():
    link = lk.Link(intercept=-2.0, slope=4.0, source="test")
    p = 1 / (1 + math.exp(-(-2 + 4 * 0.5)))  # = 0.5
    assert link.annual(np.array([0.5]))[0] == pytest.approx(p)
    assert link.probability(np.array([0.5]), 2)[0] == pytest.approx(0.75)


def test_annual_base_rate():
    from scenarios.workspace.schema import BaseRate

    base = BaseRate(events=1, of=4, years=2)
    # 1 of 4 within 2 years: 1 − (3/4)^(1/2) a year
    assert lk.annual_base_rate(base) == pytest.approx(1 - 0.75**0.5)


def test_intercept_derived_from_base_rate_at_the_mean_when_its_states_are_not_scored(tmp_path):
    # `of: 5` while the workspace has 3 countries: the reference class is not scored here, so
    # the mean score maps to the base rate
    model = tiny.MODEL + (
        "horizon_years: 1\nlink: {kind: logistic, slope: 3}\n"
        "base_rate: {events: 1, of: 5, years: 1}\n"
    )
    ws = scenarios.load_workspace(tiny.write(tmp_path / "b", model=model))
    result = scoring.rank(ws)
    mean = np.mean(list(tiny.SCORES.values()))
    assert result.link.intercept == pytest.approx(math.log(0.2 / 0.8) - 3 * mean)
    # a country scoring the mean would get the base rate
    assert result.link.annual(np.array([mean]))[0] == pytest.approx(0.2)
    assert "at the mean score" in result.link.source
    assert result.link.members is None


def test_intercept_calibrated_in_the_large_by_hand(tmp_path):
    # The three tiny states are the reference class (of: 3): one joined in 2 years. With slope
    # 0 every state gets the same annual p, and 3·(1 − (1 − p)²) = 1 gives p = 1 − √(2/3).
    model = tiny.MODEL + (
        "link: {kind: logistic, slope: 0}\nbase_rate: {events: 1, of: 3, years: 2}\n"
    )
    ws = scenarios.load_workspace(tiny.write(tmp_path / "c", model=model))
    link = scoring.rank(ws).link
    p = 1 - math.sqrt(2 / 3)
    assert link.intercept == pytest.approx(math.log(p / (1 - p)), abs=1e-12)
    assert link.members == pytest.approx(list(tiny.SCORES.values()))
    assert "1 of 3 expected in 2 years, as observed" in link.source


def test_intercept_calibrated_in_the_large_matches_a_root_finder(tmp_path):
    from scipy.optimize import brentq

    model = tiny.MODEL + (
        "link: {kind: logistic, slope: 6}\nbase_rate: {events: 2, of: 3, years: 4}\n"
    )
    ws = scenarios.load_workspace(tiny.write(tmp_path / "r", model=model))
    link = scoring.rank(ws).link
    s = np.array(list(tiny.SCORES.values()))

    def gap(a: float) -> float:
        return float(np.sum(1 - (1 - 1 / (1 + np.exp(-(a + 6 * s)))) ** 4) - 2)

    assert link.intercept == pytest.approx(brentq(gap, -40, 40, xtol=1e-14), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    scores=st.lists(st.floats(0, 1), min_size=1, max_size=12),
    slope=st.floats(-30, 30),
    share=st.floats(0.01, 0.99),
    years=st.floats(0.2, 20),
)
def test_calibrated_intercepts_reproduce_the_expected_count(scores, slope, share, years):
    s = np.array(scores)
    target = share * len(s)
    a = lk.calibrated_intercepts(np.array([slope]), np.array([target]), s, years)
    total = lk.expected_events(a, np.array([slope]), s, years)[0]
    assert total == pytest.approx(target, rel=1e-9, abs=1e-9)


def test_the_bundled_link_expects_the_observed_joins_over_the_window(tmp_path):
    # the profiles alone (no panel): 1 join among the five states from 2020-09-15 to as_of
    ws = scenarios.load_workspace(profiles_only(tmp_path))
    check = scenarios.base_rate_check(ws)
    assert check is not None and check.observed == 1
    assert check.total == pytest.approx(1.0, abs=1e-9)
    as_of = ws.model.event.as_of
    assert check.years == pytest.approx((as_of - dt.date(2020, 9, 15)).days / 365.25)
    assert check.joined == tuple(cid == "KZ" for cid in check.ids)


def profiles_only(tmp_path):
    """A copy of the bundled central-asia workspace without its panel folder."""
    import shutil

    from scenarios.workspace.find import bundled_root

    root = tmp_path / "ca"
    shutil.copytree(bundled_root() / "central-asia", root)
    shutil.rmtree(root / "panel", ignore_errors=True)
    return root


def test_every_score_and_probability_follows_from_the_files_alone(tmp_path):
    """An independent computation from model.yaml and the profiles, read with plain yaml."""
    import yaml
    from scipy.optimize import brentq

    root = profiles_only(tmp_path)
    model = yaml.safe_load((root / "model.yaml").read_text(encoding="utf-8"))
    lo, hi = model["scale"]["min"], model["scale"]["max"]
    factors = model["factors"]
    raw = {f: v["weight"] * model["groups"][v["group"]]["weight"] for f, v in factors.items()}
    total = sum(raw.values())
    scores = {}
    for path in sorted((root / "profiles").glob("*.yaml")):
        profile = yaml.safe_load(path.read_text(encoding="utf-8"))
        score = 0.0
        for f, spec in factors.items():
            entry = profile["factors"][f]
            v = entry["value"] if isinstance(entry, dict) else entry
            u = (v - lo) / (hi - lo)
            score += raw[f] / total * (u if spec["direction"] == "for" else 1 - u)
        scores[profile["id"]] = score
    base = model["base_rate"]
    as_of = model["event"]["as_of"]
    window = (as_of - base["since"]).days / 365.25
    # the link and its alternatives, each calibrated to the one join; P is their mean
    # (an alternative on equal weights widens the interval, not the figure)
    slopes = [model["link"]["slope"]] + [
        alt["slope"]
        for alt in model["link"].get("alternatives", {}).values()
        if alt.get("weights", "file") == "file"
    ]
    s = np.array(list(scores.values()))

    def intercept(slope: float) -> float:
        def gap(a: float) -> float:
            return float(np.sum(1 - (1 - 1 / (1 + np.exp(-(a + slope * s)))) ** window)) - 1

        return brentq(gap, -60, 60, xtol=1e-14)

    links = [(intercept(b), b) for b in slopes]
    frame = scenarios.rank(root).to_frame()
    horizon = model["horizon_years"]
    for cid, score in scores.items():
        assert frame.loc[cid, "score"] == pytest.approx(score, abs=1e-12)
        if cid != "KZ":  # joined: no probability
            p = np.mean(
                [1 - (1 - 1 / (1 + math.exp(-(a + b * score)))) ** horizon for a, b in links]
            )
            assert frame.loc[cid, "probability"] == pytest.approx(p, abs=1e-9)


def test_link_without_intercept_or_base_rate_is_an_error(tmp_path):
    model = tiny.MODEL + "link: {kind: logistic, slope: 3}\n"
    # found when the workspace is loaded, so `validate` reports it too
    with pytest.raises(
        scenarios.WorkspaceError, match=r"model.yaml:12:7: the link has no intercept"
    ):
        scenarios.load_workspace(tiny.write(tmp_path / "n", model=model))


# --- metrics on a tiny hand-computed case ------------------------------------------------

P = np.array([0.9, 0.6, 0.3, 0.2])
Y = np.array([1.0, 0.0, 1.0, 0.0])


def test_brier_by_hand():
    # (0.1² + 0.6² + 0.7² + 0.2²) / 4 = (0.01 + 0.36 + 0.49 + 0.04) / 4
    assert lk.brier(P, Y) == pytest.approx(0.225)


def test_log_loss_by_hand():
    expected = -(math.log(0.9) + math.log(0.4) + math.log(0.3) + math.log(0.8)) / 4
    assert lk.log_loss(P, Y) == pytest.approx(expected)


def test_auc_by_hand_and_by_ranks():
    # positives 0.9, 0.3; negatives 0.6, 0.2: pairs won 0.9>0.6, 0.9>0.2, 0.3>0.2 → 3/4
    assert lk.roc_auc(P, Y) == 0.75
    rng = np.random.default_rng(0)
    s = np.round(rng.random(40), 1)  # with ties
    y = rng.random(40) < 0.4
    # Mann–Whitney from average ranks: (R₊ − n₊(n₊+1)/2) / (n₊ n₋)
    order = np.argsort(s, kind="stable")
    ranks = np.empty(40)
    ranks[order] = np.arange(1, 41)
    for value in np.unique(s):  # average ranks of ties
        ranks[s == value] = ranks[s == value].mean()
    n_pos, n_neg = y.sum(), (~y).sum()
    expected = (ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
    assert lk.roc_auc(s, y) == pytest.approx(expected)


def test_auc_counts_ties_half_even_with_rounding_noise():
    # 0.1 + 0.2 is 0.30000000000000004: the same score as 0.3, computed another way.
    # positives 0.1+0.2, 0.9, 0.5; negatives 0.3, 0.5:
    # (0.3 vs 0.3) tie ½, (0.3 vs 0.5) lost, (0.9 vs both) won 2, (0.5 vs 0.3) won,
    # (0.5 vs 0.5) tie ½ → 4/6
    scores = np.array([0.1 + 0.2, 0.9, 0.5, 0.3, 0.5])
    y = np.array([1, 1, 1, 0, 0])
    assert scores[0] > scores[3]  # the noise the rule must ignore
    assert lk.roc_auc(scores, y) == pytest.approx(4 / 6)
    # a real gap, however small next to the scores, still counts
    assert lk.roc_auc(np.array([0.300001, 0.3]), np.array([1, 0])) == 1.0


def test_auc_undefined_with_one_class():
    assert math.isnan(lk.roc_auc(P, np.ones(4)))


def test_reliability_bins():
    frame = lk.reliability(P, Y, bins=5)
    assert frame["count"].tolist() == [0, 2, 0, 1, 1]
    row = frame.iloc[1]  # 0.2–0.4: p 0.3 and 0.2, outcomes 1 and 0
    assert (row["predicted"], row["observed"]) == (pytest.approx(0.25), 0.5)


# --- calibration -------------------------------------------------------------------------


def test_calibration_recovers_known_parameters():
    rng = np.random.default_rng(42)
    a, b = -3.0, 5.0
    s = rng.random(6000)
    y = (rng.random(6000) < lk.logistic(a + b * s)).astype(float)
    fit = lk.calibrate(s, y, horizon=1.0, prior_sd_centre=100, prior_sd_slope=100)
    assert fit.intercept == pytest.approx(a, abs=3 * fit.intercept_sd)
    assert fit.slope == pytest.approx(b, abs=3 * fit.slope_sd)
    assert fit.intercept_sd < 0.3 and fit.slope_sd < 0.5
    assert not fit.small_sample


def test_calibration_with_a_horizon():
    rng = np.random.default_rng(7)
    a, b, years = -4.0, 6.0, 3.0
    s = rng.random(8000)
    y = (rng.random(8000) < lk.within_horizon(lk.logistic(a + b * s), years)).astype(float)
    fit = lk.calibrate(s, y, horizon=years, prior_sd_centre=100, prior_sd_slope=100)
    assert fit.intercept == pytest.approx(a, abs=3 * fit.intercept_sd)
    assert fit.slope == pytest.approx(b, abs=3 * fit.slope_sd)


def test_small_sample_leans_on_the_prior():
    s = np.array([0.2, 0.4, 0.6, 0.8])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    fit = lk.calibrate(s, y, base_rate=0.5)
    assert fit.small_sample
    assert "logit(base rate 0.500 a year)" in fit.prior
    # perfectly separable data: without the prior the slope would run off to infinity
    assert 0 < fit.slope < 30
    assert fit.yaml().startswith("link:\n  kind: logistic\n  intercept: ")


def test_backtest_on_the_historical_workspace():
    ws = scenarios.load_workspace("abraham-2020")
    bt = lk.backtest(ws, scoring.rank(ws).scores)
    n, events = len(bt.ids), int(bt.outcomes.sum())
    base = ws.model.base_rate
    assert bt.base_probability == pytest.approx(base.events / base.of)
    summary = bt.summary_frame()
    assert summary.loc["leave_one_out", "roc_auc"] == pytest.approx(
        lk.roc_auc(bt.scores, bt.outcomes)
    )
    assert summary.loc["leave_one_out", "brier_base_rate"] == pytest.approx(
        lk.brier(np.full(n, bt.base_probability), bt.outcomes)
    )
    # baselines: the base rate has no skill by definition; each factor gets its own AUC
    assert summary.loc["base_rate", "skill"] == pytest.approx(0.0)
    factors = bt.factors_frame()
    assert factors.index.tolist() == list(ws.factor_ids)
    for factor, row in factors.iterrows():
        u = ws.normalized[:, ws.factor_ids.index(factor)][bt.resolution.index]
        assert row["roc_auc"] == pytest.approx(lk.roc_auc(u, bt.outcomes))
        assert row["agreement"] == ("agrees" if row["roc_auc"] >= 0.5 else "wrong way")
    assert 0 < events < n
    # leave-one-out predictions come from fits that never saw the country
    assert not np.allclose(bt.loo_p, bt.fit.link().probability(bt.scores, 1.0))


EVENT = "event: {definition: joins, as_of: 2020-01-01}\nhorizon_years: 1\n"


def test_backtest_needs_both_outcomes(tmp_path):
    ws = scenarios.load_workspace(tiny.write(tmp_path / "t", model=tiny.MODEL + EVENT))
    with pytest.raises(
        scenarios.WorkspaceError,
        match=r"a backtest needs at least 3 resolved outcomes, both events and non-events "
        r"\(found 1, 1 events\)",
    ):
        lk.backtest(ws, scoring.rank(ws).scores, today=dt.date(2030, 1, 1))


def test_backtest_names_the_statuses_to_check(tmp_path):
    statuses = {
        "X": "{state: joined, date: 2020-06-01}",
        "Y": "{state: not_joined}",
        "Z": "{state: not_joined, as_of: 2020-11-30}",  # checked before the horizon ended
    }
    ws = scenarios.load_workspace(
        tiny.write(tmp_path / "t", model=tiny.MODEL + EVENT, profiles=outcome_profiles(statuses))
    )
    with pytest.raises(scenarios.WorkspaceError, match="status not checked") as caught:
        lk.backtest(ws, scoring.rank(ws).scores, today=dt.date(2030, 1, 1))
    assert str(caught.value.problems[0]).endswith(
        "(found 1, 1 events); status not checked since the horizon ended (set its `as_of` to "
        "2020-12-31 or later once checked): Y, Z (an outcome is scored only once it has "
        "resolved; record outcomes under `status:`)"
    )


def test_backtest_needs_the_evidence_date(tmp_path):
    ws = scenarios.load_workspace(tiny.write(tmp_path / "t"))
    with pytest.raises(
        scenarios.WorkspaceError, match=r"model.yaml:1:1: a backtest or calibration"
    ):
        lk.backtest(ws, scoring.rank(ws).scores)


def outcome_profiles(statuses: dict[str, str]) -> dict[str, str]:
    profiles = {}
    for key, text in tiny.PROFILES.items():
        text = "\n".join(line for line in text.splitlines() if not line.startswith("status"))
        cid = key.upper()
        if cid in statuses:
            text = text.replace("factors:", f"status: {statuses[cid]}\nfactors:")
        profiles[key] = text + "\n"
    return profiles


def test_only_resolved_outcomes_are_scored(tmp_path):
    # evidence as of 2020-01-01, one-year horizon: it resolves on 2020-12-31
    statuses = {
        "X": "{state: joined, date: 2020-06-01}",  # within the horizon: an event
        "Y": "{state: joined, date: 2019-05-01}",  # before the evidence date: not a forecast
        "Z": "{state: not_joined}",  # a non-event only once the horizon has passed
    }
    profiles = outcome_profiles(statuses)
    ws = scenarios.load_workspace(
        tiny.write(tmp_path / "o", model=tiny.MODEL + EVENT, profiles=profiles)
    )
    early = lk.resolved_outcomes(ws, 1.0, today=dt.date(2020, 7, 1))
    assert (early.index.tolist(), early.y.tolist()) == ([0], [1.0])
    assert early.unresolved == ("Z",) and early.before == ("Y",)
    # before X's join, nothing is known of it: it counts as not (yet) joined
    earlier = lk.resolved_outcomes(ws, 1.0, today=dt.date(2020, 5, 31))
    assert earlier.index.tolist() == [] and earlier.unresolved == ("X", "Z")
    late = lk.resolved_outcomes(ws, 1.0, today=dt.date(2021, 1, 1))
    # the horizon has passed, but nobody checked Z's status since: not scored either
    assert (late.index.tolist(), late.y.tolist()) == ([0], [1.0])
    assert late.resolves == dt.date(2020, 12, 31)
    assert late.unchecked == ("Z",) and late.unresolved == ()
    for checked, scored in (("2020-12-30", False), ("2020-12-31", True), ("2021-01-01", True)):
        statuses["Z"] = f"{{state: not_joined, as_of: {checked}}}"
        ws = scenarios.load_workspace(
            tiny.write(
                tmp_path / checked, model=tiny.MODEL + EVENT, profiles=outcome_profiles(statuses)
            )
        )
        found = lk.resolved_outcomes(ws, 1.0, today=dt.date(2021, 1, 1))
        assert (found.y.tolist() == [1.0, 0.0]) is scored
        assert (found.unchecked == ("Z",)) is not scored
    # a join without its date is not scored, however late
    undated = outcome_profiles({"X": "{state: joined}"})
    ws = scenarios.load_workspace(
        tiny.write(tmp_path / "u", model=tiny.MODEL + EVENT, profiles=undated)
    )
    found = lk.resolved_outcomes(ws, 1.0, today=dt.date(2030, 1, 1))
    assert found.undated == ("X",) and found.index.tolist() == []
    # a join after the horizon is a non-event, once the horizon has passed
    profiles = outcome_profiles({"X": "{state: joined, date: 2021-03-01}"})
    ws = scenarios.load_workspace(
        tiny.write(tmp_path / "p", model=tiny.MODEL + EVENT, profiles=profiles)
    )
    assert lk.resolved_outcomes(ws, 1.0, today=dt.date(2021, 1, 2)).y.tolist() == [0.0]
    assert lk.resolved_outcomes(ws, 1.0, today=dt.date(2020, 12, 1)).unresolved == ("X",)


def test_central_asia_has_no_resolved_outcome_yet():
    with pytest.raises(scenarios.WorkspaceError, match=r"not yet resolved \(the horizon ends 2031"):
        scenarios.backtest("central-asia")


def _edited(tmp_path, name, old, new, file="model.yaml"):
    root = profiles_only(tmp_path / name)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return root


def test_weight_override_equals_the_edited_file(tmp_path):
    root = profiles_only(tmp_path / "plain")
    edited = _edited(
        tmp_path,
        "edited",
        "religious_resistance:\n    label: Religious-social resistance\n"
        "    label_ar: المقاومة الدينية والاجتماعية\n    group: domestic\n    weight: 1\n",
        "religious_resistance:\n    label: Religious-social resistance\n"
        "    label_ar: المقاومة الدينية والاجتماعية\n    group: domestic\n    weight: 2\n",
    )
    by_option = scenarios.rank(root, weights=["religious_resistance=2"]).to_frame()
    by_file = scenarios.rank(edited).to_frame()
    assert by_option["probability"].tolist() == pytest.approx(
        by_file["probability"].tolist(), abs=1e-12, nan_ok=True
    )
    assert by_option["score"].tolist() == pytest.approx(by_file["score"].tolist(), abs=1e-12)
    plain = scenarios.rank(root).to_frame()
    # the edit moves the intercept, so a country whose inputs are unchanged moves too
    assert by_option.loc["TM", "probability"] != pytest.approx(plain.loc["TM", "probability"])


def test_value_override_equals_the_edited_file(tmp_path):
    root = profiles_only(tmp_path / "plain")
    text = (root / "profiles" / "uzbekistan.yaml").read_text(encoding="utf-8")
    import re

    found = re.search(r"(  multivector_openness:\n    value: )([0-9.]+)", text)
    assert found is not None
    edited = _edited(
        tmp_path, "edited", found.group(0), found.group(1) + "8.5", "profiles/uzbekistan.yaml"
    )
    by_option = scenarios.rank(root, sets=["UZ.multivector_openness=8.5"]).to_frame()
    by_file = scenarios.rank(edited).to_frame()
    assert by_option["probability"].tolist() == pytest.approx(
        by_file["probability"].tolist(), abs=1e-12, nan_ok=True
    )


def test_a_whatif_moves_only_the_countries_it_changes(tmp_path):
    # a what-if is a hypothesis about some states: the intercept stays the files', so the
    # others keep their probabilities; an edit made with it still moves the intercept
    root = profiles_only(tmp_path)
    base = scenarios.rank(root).to_frame()
    what = scenarios.rank(root, whatifs=["us_minerals_push"])
    changed = what.to_frame()
    assert what.link.intercept == pytest.approx(scenarios.rank(root).link.intercept)
    moved = [
        c
        for c in ("UZ", "TM", "KG", "TJ")
        if changed.loc[c, "score"] != pytest.approx(base.loc[c, "score"])
    ]
    for cid in {"UZ", "TM", "KG", "TJ"} - set(moved):
        assert changed.loc[cid, "probability"] == pytest.approx(base.loc[cid, "probability"])
    both = scenarios.rank(root, whatifs=["us_minerals_push"], weights=["us_engagement=2"])
    alone = scenarios.rank(root, weights=["us_engagement=2"])
    assert both.link.intercept == pytest.approx(alone.link.intercept, abs=1e-12)


@pytest.mark.parametrize(
    ("base_rate", "message"),
    [
        (
            "{events: 1, of: 3, since: 2019-01-01, years: 2}",
            "give `since` \\(the window then ends at event.as_of\\) or `years`, not both",
        ),
        (
            "{events: 1, of: 3, since: 2019-01-01}",
            "base_rate.since needs the event's date, where its window ends",
        ),
        ("{events: 1, of: 2, members: [X, Q]}", "base_rate.members names unknown country 'Q'"),
        (
            "{events: 1, of: 3, members: [X, Y]}",
            "members lists 2 states but `of` is 3: they must agree",
        ),
    ],
)
def test_base_rate_window_and_members_errors(tmp_path, base_rate, message):
    model = tiny.MODEL + f"link: {{kind: logistic, slope: 2}}\nbase_rate: {base_rate}\n"
    with pytest.raises(
        scenarios.WorkspaceError, match=r"model.yaml:\d+:\d+: (base_rate: )?" + message
    ):
        scenarios.load_workspace(tiny.write(tmp_path / "e", model=model))


def test_base_rate_window_ends_at_the_evidence_date(tmp_path):
    event = "event: {definition: joins, as_of: 2022-09-15}\n"
    model = (
        tiny.MODEL
        + event
        + ("link: {kind: logistic, slope: 2}\nbase_rate: {events: 1, of: 3, since: 2020-09-15}\n")
    )
    ws = scenarios.load_workspace(tiny.write(tmp_path / "w", model=model))
    assert ws.model.base_rate.years == pytest.approx(730 / 365.25)
    late = (
        tiny.MODEL
        + event
        + ("link: {kind: logistic, slope: 2}\nbase_rate: {events: 1, of: 3, since: 2022-09-15}\n")
    )
    with pytest.raises(
        scenarios.WorkspaceError,
        match=r"base_rate.since \(2022-09-15\) must be before event.as_of \(2022-09-15\)",
    ):
        scenarios.load_workspace(tiny.write(tmp_path / "l", model=late))


def test_interval_with_calibration_in_the_large_matches_a_direct_simulation():
    from scipy.optimize import brentq

    base = BaseRate(events=1, of=3, years=4.0)
    members = (0.2, 0.45, 0.7)
    link = lk.Link(0.0, 5.0, "test", slope_sd=2.0, base=base, members=members)
    scores = np.array([0.3, 0.6])
    low, high = link.interval(scores, 5.0, 0.8, 20_000, seed=3)
    rng = np.random.default_rng(11)
    n = 4_000
    rate = rng.beta(1.5, 2.5, n)
    slope = 5.0 + 2.0 * rng.standard_normal(n)
    m = np.array(members)
    intercept = np.array(
        [
            brentq(
                lambda a, b=b, r=r: (
                    float(np.sum(1 - (1 - 1 / (1 + np.exp(-(a + b * m)))) ** 4)) - 3 * r
                ),
                -80,
                80,
            )
            for b, r in zip(slope, rate, strict=True)
        ]
    )
    p = 1 - (1 - 1 / (1 + np.exp(-(intercept[:, None] + slope[:, None] * scores)))) ** 5
    expected = np.quantile(p, [0.1, 0.9], axis=0)
    np.testing.assert_allclose(low, expected[0], atol=0.02)
    np.testing.assert_allclose(high, expected[1], atol=0.02)


# --- oracles ------------------------------------------------------------------------------


def test_brier_skill_by_hand():
    y = np.array([1.0, 0.0, 0.0, 1.0])
    p = np.array([0.8, 0.1, 0.3, 0.6])
    m = lk.metrics(p, y, base_probability=0.25)
    brier = (0.2**2 + 0.1**2 + 0.3**2 + 0.4**2) / 4  # 0.075
    base = (0.75**2 + 0.25**2 + 0.25**2 + 0.75**2) / 4  # 0.3125
    assert m["brier"] == pytest.approx(brier)
    assert m["brier_base_rate"] == pytest.approx(base)
    assert m["skill"] == pytest.approx(1 - brier / base)  # 0.76


@pytest.mark.parametrize("base_rate", [0.02, 0.1, 0.4])
def test_calibration_prior_is_centred_on_the_base_rate(base_rate):
    # With a very tight prior on the centre, the fitted annual probability at the mean score is
    # the base rate whatever the outcomes say.
    s = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    y = np.array([1.0, 1.0, 0.0, 1.0, 1.0])
    fit = lk.calibrate(s, y, horizon=1.0, base_rate=base_rate, prior_sd_centre=1e-3)
    at_mean = lk.logistic(fit.intercept + fit.slope * s.mean())
    assert float(at_mean) == pytest.approx(base_rate, rel=0.01)


# --- probability intervals against a direct simulation -------------------------------------


def test_interval_of_a_link_with_standard_errors_matches_a_direct_simulation():
    link = lk.Link(-2.0, 4.0, "test", slope_sd=1.5, intercept_sd=0.8, correlation=-0.6)
    scores = np.array([0.2, 0.5, 0.8])
    low, high = link.interval(scores, 3.0, 0.9, 20_000, seed=1)
    rng = np.random.default_rng(99)
    cov = [[0.8**2, -0.6 * 0.8 * 1.5], [-0.6 * 0.8 * 1.5, 1.5**2]]
    a, b = rng.multivariate_normal([-2.0, 4.0], cov, 400_000).T
    p = 1 - (1 - 1 / (1 + np.exp(-(a[:, None] + b[:, None] * scores)))) ** 3
    expected_low, expected_high = np.quantile(p, [0.05, 0.95], axis=0)
    np.testing.assert_allclose(low, expected_low, atol=0.01)
    np.testing.assert_allclose(high, expected_high, atol=0.01)


def test_interval_with_a_base_rate_follows_the_beta_posterior():
    base = BaseRate(events=1, of=5, years=5.7)
    link = lk.Link(0.0, 7.5, "test", slope_sd=5.9, base=base, mean_score=0.45)
    scores = np.array([0.3, 0.55])
    low, high = link.interval(scores, 5.0, 0.8, 20_000, seed=2)
    rng = np.random.default_rng(7)
    rate = rng.beta(1.5, 4.5, 400_000)  # Jeffreys: Beta(events + ½, of − events + ½)
    annual = 1 - (1 - rate) ** (1 / 5.7)
    slope = 7.5 + 5.9 * rng.standard_normal(400_000)
    intercept = np.log(annual / (1 - annual)) - slope * 0.45
    p = 1 - (1 - 1 / (1 + np.exp(-(intercept[:, None] + slope[:, None] * scores)))) ** 5
    expected = np.quantile(p, [0.1, 0.9], axis=0)
    np.testing.assert_allclose(low, expected[0], atol=0.01)
    np.testing.assert_allclose(high, expected[1], atol=0.01)


def test_a_link_without_uncertainty_has_a_point_interval():
    link = lk.Link(-2.0, 4.0, "test")
    low, high = link.interval(np.array([0.5]), 1.0, 0.9, 1_000, seed=1)
    assert (
        low[0] == pytest.approx(high[0]) == pytest.approx(link.probability(np.array([0.5]), 1.0)[0])
    )


def test_validation_flag(tmp_path):
    fitted = "link: {kind: logistic, intercept: -3, slope: 4, basis: fitted, fit: {workspace: w, outcomes: 30, events: 5, loo_skill: %s}}\n"
    for skill, validated in (("0.2", True), ("-0.03", False), ("null", False)):
        ws = scenarios.load_workspace(
            tiny.write(tmp_path / skill, model=tiny.MODEL + fitted % skill)
        )
        link = lk.link_of(ws)
        assert link is not None and link.validated is validated
    assumed = tiny.MODEL + "link: {kind: logistic, intercept: -3, slope: 4}\n"
    link = lk.link_of(scenarios.load_workspace(tiny.write(tmp_path / "a", model=assumed)))
    assert link is not None and not link.validated
    assert link.caveat == "the link is an assumption, not fitted to outcomes"


# --- the fit in closed form: Newton's method against a general optimiser -------------------


def negative_log_posterior(theta, x, y, horizon, c0):
    p = np.clip(lk.within_horizon(lk.logistic(theta[0] + theta[1] * x), horizon), 1e-300, 1)
    q = np.clip(1 - p, 1e-300, 1)
    loglik = np.sum(y * np.log(p) + (1 - y) * np.log(q))
    prior = 0.5 * ((theta[0] - c0) / lk.PRIOR_SD_CENTRE) ** 2
    return -loglik + prior + 0.5 * (theta[1] / lk.PRIOR_SD_SLOPE) ** 2


@pytest.mark.parametrize("horizon", [1.0, 2.5])
def test_fit_is_the_optimum_a_general_optimiser_finds(horizon):
    from scipy.optimize import minimize

    rng = np.random.default_rng(3)
    s = rng.random(80)
    y = (rng.random(80) < lk.within_horizon(lk.logistic(-3 + 4 * s), horizon)).astype(float)
    fit = lk.calibrate(s, y, horizon=horizon, base_rate=0.1)
    x = s - s.mean()
    c0 = lk.logit(0.1)
    best = minimize(
        negative_log_posterior,
        [c0, 0.0],
        (x, y, horizon, c0),
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 20_000},
    )
    c, b = best.x
    assert fit.slope == pytest.approx(b, abs=1e-5)
    assert fit.intercept == pytest.approx(c - b * s.mean(), abs=1e-5)
    # the Laplace covariance: the inverse of the curvature, here by finite differences
    step, theta = 1e-4, best.x
    curvature = np.empty((2, 2))
    for i in range(2):
        for j in range(2):
            e_i, e_j = np.eye(2)[i] * step, np.eye(2)[j] * step
            f = lambda t: negative_log_posterior(t, x, y, horizon, c0)  # noqa: E731
            curvature[i, j] = (
                f(theta + e_i + e_j)
                - f(theta + e_i - e_j)
                - f(theta - e_i + e_j)
                + f(theta - e_i - e_j)
            ) / (4 * step**2)
    assert fit.slope_sd == pytest.approx(np.sqrt(np.linalg.inv(curvature)[1, 1]), rel=1e-4)


@pytest.mark.parametrize("rate", [None, 0.05])
def test_leave_one_out_fits_at_once_match_each_fit_alone(rate):
    rng = np.random.default_rng(8)
    s = rng.random(25)
    y = (rng.random(25) < s).astype(float)
    at_once = calibration.leave_one_out(s, y, 2.0, rate)
    for i in range(25):
        keep = np.arange(25) != i
        alone = lk.calibrate(s[keep], y[keep], 2.0, rate).link().probability(s[i : i + 1], 2.0)
        assert at_once[i] == pytest.approx(alone[0], abs=1e-9)


# --- variants of the cohort and the link's alternatives --------------------------------------


@pytest.fixture(scope="module")
def cohort():
    ranking = scenarios.rank("abraham-2020")
    return ranking, lk.fit_variants(ranking.workspace, ranking.aggregation)


def _row(found, name):
    return next(v for v in found.fits if v.name == name)


def test_the_cohorts_own_row_is_the_calibration(cohort):
    ranking, found = cohort
    fit = lk.calibrate_workspace(ranking.workspace, ranking.scores)
    own = _row(found, lk.OWN_RULE)
    assert (own.fit.slope, own.fit.slope_sd) == pytest.approx((fit.slope, fit.slope_sd))
    assert own.fit.loo_skill == pytest.approx(fit.loo_skill)
    assert [v.name for v in found.fits] == [
        lk.OWN_RULE,
        "twelve_states",
        "narrow_event",
        "kosovo_anchor",
        "equal_weights",
        "flat_slope_prior",
    ]


def _outcomes(ranking):
    found = lk.resolved_outcomes(ranking.workspace, 1.0)
    ids = [ranking.workspace.country_ids[i] for i in found.index]
    return found, ids


def test_a_subset_and_a_narrow_event_are_fitted_on_their_own_outcomes(cohort):
    ranking, found = cohort
    resolved, ids = _outcomes(ranking)
    twelve = {"AE", "BH", "ID", "KW", "MA", "MR", "MY", "OM", "PK", "QA", "SA", "SD"}
    keep = np.array([cid in twelve for cid in ids])
    s, y = ranking.scores[resolved.index][keep], resolved.y[keep]
    fit = lk.calibrate(s, y, 1.0, None)  # its own observed frequency is its base rate
    assert _row(found, "twelve_states").fit.slope == pytest.approx(fit.slope)
    assert (_row(found, "twelve_states").fit.n, _row(found, "twelve_states").fit.events) == (12, 4)
    y = np.where(np.array(ids) == "XK", 0.0, resolved.y)
    fit = lk.calibrate(ranking.scores[resolved.index], y, 1.0, None)
    assert _row(found, "narrow_event").fit.slope == pytest.approx(fit.slope)
    assert _row(found, "narrow_event").fit.events == 4


def test_a_value_variant_equals_the_edited_profile(cohort, tmp_path):
    import shutil

    from scenarios.workspace.find import bundled_root

    _ranking, found = cohort
    root = tmp_path / "ab"
    shutil.copytree(bundled_root() / "abraham-2020", root)
    path = root / "profiles" / "kosovo.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  religious_resistance:\n    value: 5\n    low: 3\n    high: 8\n"
    assert old in text
    path.write_text(
        text.replace(old, "  religious_resistance:\n    value: 9\n    low: 3\n    high: 10\n"),
        encoding="utf-8",
    )
    edited = scenarios.rank(root)
    fit = lk.calibrate_workspace(edited.workspace, edited.scores)
    assert _row(found, "kosovo_anchor").fit.slope == pytest.approx(fit.slope)
    assert _row(found, "kosovo_anchor").fit.loo_skill == pytest.approx(fit.loo_skill)


def test_equal_weights_and_a_flat_prior(cohort):
    ranking, found = cohort
    resolved, _ = _outcomes(ranking)
    u = ranking.workspace.normalized[resolved.index]
    rate = lk.annual_base_rate(ranking.workspace.model.base_rate)
    fit = lk.calibrate(u.mean(axis=1), resolved.y, 1.0, rate)
    assert _row(found, "equal_weights").fit.slope == pytest.approx(fit.slope)
    flat = lk.calibrate(ranking.scores[resolved.index], resolved.y, 1.0, rate, prior_sd_slope=1e9)
    assert _row(found, "flat_slope_prior").fit.slope == pytest.approx(flat.slope, rel=1e-6)
    # without its prior the slope is steeper: the prior pulls it towards 0
    assert _row(found, "flat_slope_prior").fit.slope > _row(found, lk.OWN_RULE).fit.slope


@pytest.mark.parametrize(
    ("variant", "message"),
    [
        ("{label: odd, countries: [X, Q]}", "variant 'odd' names unknown country 'Q'"),
        ("{label: odd, sets: {X: {d: 3}}}", "variant 'odd' names unknown factor 'd'"),
        ("{label: odd, sets: {X: {a: 11}}}", "variant 'odd': X.a = 11 is outside the scale 0..10"),
    ],
)
def test_variant_errors_are_located(tmp_path, variant, message):
    name = variant.split(",")[0].split(": ")[1]
    model = tiny.MODEL + (
        "event: {definition: joins, as_of: 2019-12-31}\nhorizon_years: 1\n"
        f"variants:\n  {name}: {variant}\n"
    )
    root = tiny.write(tmp_path / "v", model=model)
    with pytest.raises(scenarios.WorkspaceError, match=r"model.yaml:\d+:\d+: " + message):
        scenarios.variants(root)


def test_a_variant_too_small_to_fit_is_located(tmp_path):
    import shutil

    from scenarios.workspace.find import bundled_root

    root = tmp_path / "ab"
    shutil.copytree(bundled_root() / "abraham-2020", root)
    model = root / "model.yaml"
    text = model.read_text(encoding="utf-8")
    few = "variants:\n  few:\n    label: few\n    countries: [AE, BH]\n"
    model.write_text(text.replace("variants:\n", few, 1), encoding="utf-8")
    with pytest.raises(
        scenarios.WorkspaceError,
        match=r"model.yaml:\d+:\d+: variant 'few' leaves 2 resolved outcomes, 2 of them events: "
        "a fit needs at least 3, both events and non-events",
    ):
        scenarios.variants(root)


def test_alternatives_need_a_derived_intercept(tmp_path):
    model = tiny.MODEL + (
        "link: {kind: logistic, intercept: -2, slope: 3, alternatives: "
        "{steep: {label: steep, slope: 6}}}\n"
    )
    with pytest.raises(
        scenarios.WorkspaceError,
        match=r"model.yaml:\d+:\d+: link.alternatives need an intercept derived from the base",
    ):
        scenarios.load_workspace(tiny.write(tmp_path / "a", model=model))


MIXED = tiny.MODEL + (
    "link:\n  kind: logistic\n  slope: 4\n  slope_sd: 1\n"
    "  alternatives:\n    flat: {label: flat, slope: 1, slope_sd: 0.5}\n"
    "    steep: {label: steep, slope: 9, slope_sd: 2}\n"
    "base_rate: {events: 1, of: 3, years: 3}\nhorizon_years: 2\n"
)


def test_the_mixture_is_the_mean_of_its_components_each_calibrated(tmp_path):
    ws = scenarios.load_workspace(tiny.write(tmp_path / "m", model=MIXED))
    ranking = scoring.rank(ws)
    link = ranking.link
    s = np.array(list(tiny.SCORES.values()))
    assert [c.slope for c in link.components] == [4, 1, 9]
    for c in link.components:  # each expects the one observed join over the 3 years
        expected = np.sum(1 - (1 - lk.logistic(c.intercept + c.slope * s)) ** 3)
        assert expected == pytest.approx(1.0, abs=1e-9)
    by_hand = np.mean(
        [1 - (1 - lk.logistic(c.intercept + c.slope * s)) ** 2 for c in link.components], axis=0
    )
    probability = ranking.to_frame().loc[["X", "Z"], "probability"].to_numpy()
    assert probability == pytest.approx(by_hand[[0, 2]], abs=1e-12)
    check = scenarios.base_rate_check(ws)
    assert check.total == pytest.approx(1.0, abs=1e-9)
    assert "3 alternative" not in " ".join(link.covers)
    assert link.covers[-1] == "2 alternative slopes"


def test_the_mixtures_interval_matches_a_direct_simulation(tmp_path):
    from scipy.optimize import brentq

    ws = scenarios.load_workspace(tiny.write(tmp_path / "m", model=MIXED))
    ranking = scoring.rank(ws, level=0.8, link_samples=30_000)
    s = np.array(list(tiny.SCORES.values()))
    rng = np.random.default_rng(5)
    n = 3_000
    component = rng.integers(0, 3, n)
    slope = np.array([4.0, 1.0, 9.0])[component] + np.array([1.0, 0.5, 2.0])[component] * (
        rng.standard_normal(n)
    )
    rate = rng.beta(1.5, 2.5, n)
    intercept = np.array(
        [
            brentq(
                lambda a, b=b, r=r: float(np.sum(1 - (1 - lk.logistic(a + b * s)) ** 3)) - 3 * r,
                -80,
                80,
            )
            for b, r in zip(slope, rate, strict=True)
        ]
    )
    p = 1 - (1 - lk.logistic(intercept[:, None] + slope[:, None] * s)) ** 2
    low, high = ranking.interval
    expected = np.quantile(p, [0.1, 0.9], axis=0)
    for i in (0, 2):  # X and Z (Y has joined)
        assert low[i] == pytest.approx(expected[0, i], abs=0.02)
        assert high[i] == pytest.approx(expected[1, i], abs=0.03)


def test_the_bundled_link_lists_the_cohorts_variant_fits(cohort):
    """central-asia's alternatives are the fits `calibrate -w abraham-2020` prints."""
    _, found = cohort
    link = scenarios.load_workspace("central-asia").model.link
    for name, alternative in link.alternatives.items():
        fit = _row(found, name).fit
        assert alternative.slope == pytest.approx(fit.slope, abs=5e-4)
        assert alternative.slope_sd == pytest.approx(fit.slope_sd, abs=5e-4)
        assert alternative.fit.loo_skill == pytest.approx(fit.loo_skill, abs=5e-4)
        assert (alternative.fit.outcomes, alternative.fit.events) == (fit.n, fit.events)


def test_calibrated_intercepts_take_each_samples_own_states():
    rng = np.random.default_rng(3)
    scores = rng.uniform(0, 1, (6, 4))
    slopes, targets = rng.uniform(-5, 12, 6), rng.uniform(0.3, 3.5, 6)
    together = lk.calibrated_intercepts(slopes, targets, scores, 2.5)
    for i in range(6):
        alone = lk.calibrated_intercepts(slopes[i : i + 1], targets[i : i + 1], scores[i], 2.5)
        assert together[i] == pytest.approx(alone[0], abs=1e-10)
        total = lk.expected_events(together[i : i + 1], slopes[i : i + 1], scores[i], 2.5)[0]
        assert total == pytest.approx(targets[i], abs=1e-9)


ONE_FACTOR = """\
schema_version: 1
title: One factor
question: Which?
scale: {min: 0, max: 10}
uncertainty: {high: 0, medium: 0, low: 0}
horizon_years: 2
groups: {g: {label: G, weight: 1}}
factors: {a: {label: A, group: g, weight: 1, direction: for}}
link: {kind: logistic, slope: 5, slope_sd: 2}
base_rate: {events: 1, of: 3, years: 4}
"""


ONE_FACTOR_PROFILES = {
    c.lower(): f"id: {c}\nname: {c}land\nfactors:\n  a: {{value: {v}, sources: [s]}}\n"
    for c, v in (("X", 8), ("Y", 5), ("Z", 2))
}


def test_with_nothing_else_uncertain_the_interval_is_the_links(tmp_path):
    """One factor (its weight is always all of it) and values without ranges: the simulated
    worlds differ only in the link, so rank's interval is the link's own interval."""
    profiles = ONE_FACTOR_PROFILES
    ws = scenarios.load_workspace(tiny.write(tmp_path / "one", model=ONE_FACTOR, profiles=profiles))
    ranking = scoring.rank(ws, level=0.8, link_samples=20_000)
    low, high = ranking.link.interval(ranking.scores, 2.0, 0.8, 40_000, seed=9)
    np.testing.assert_allclose(ranking.interval[0], low, atol=0.01)
    np.testing.assert_allclose(ranking.interval[1], high, atol=0.01)
    assert ranking.covers[:2] == ("weights", "values")


def test_uncertain_values_widen_the_interval(tmp_path):
    profiles = ONE_FACTOR_PROFILES
    fixed = scenarios.load_workspace(
        tiny.write(tmp_path / "f", model=ONE_FACTOR, profiles=profiles)
    )
    loose = scenarios.load_workspace(
        tiny.write(
            tmp_path / "l",
            model=ONE_FACTOR.replace(
                "{high: 0, medium: 0, low: 0}", "{high: 2, medium: 2, low: 2}"
            ),
            profiles=profiles,
        )
    )
    a, b = scoring.rank(fixed).interval, scoring.rank(loose).interval
    assert ((b[1] - b[0]) > (a[1] - a[0])).all()


def test_each_simulated_world_calibrates_its_own_intercept(tmp_path, monkeypatch):
    """In the simulation behind rank's interval each world (its weights and values drawn) gets
    the intercept its files would give: calibrated in the large on that world's scores of the
    reference class, so that every world expects the observed joins."""
    root = profiles_only(tmp_path)
    seen = []
    real = lk.calibrated_intercepts

    def spy(slopes, targets, scores, years):
        found = real(slopes, targets, scores, years)
        if np.ndim(scores) == 2 and len(found) >= 100:  # the simulated worlds, not link_of's
            expected = [
                lk.expected_events(found[i : i + 1], slopes[i : i + 1], scores[i], years)[0]
                for i in range(0, len(found), 97)
            ]
            seen.append((np.ptp(scores[:, 0]), expected, targets[::97]))
        return found

    monkeypatch.setattr(link, "calibrated_intercepts", spy)
    scenarios.rank(root)
    assert seen, "the worlds' intercepts were not calibrated on their own scores"
    spread, expected, targets = seen[0]
    assert spread > 0  # Kazakhstan's score differs from world to world
    assert expected == pytest.approx(list(targets), abs=1e-9)
    # a what-if keeps the files' intercept: no world recalibrates it
    seen.clear()
    scenarios.rank(root, whatifs=["us_minerals_push"])
    assert not seen


SKEWED = """\
schema_version: 1
title: Skewed
question: Which?
scale: {min: 0, max: 10}
uncertainty: {high: 0, medium: 0, low: 0}
horizon_years: 2
groups: {g1: {label: One, weight: 9}, g2: {label: Two, weight: 1}}
factors:
  a: {label: A, group: g1, weight: 1, direction: for}
  c: {label: C, group: g2, weight: 1, direction: for}
link:
  kind: logistic
  slope: 6
  alternatives: {equal: {label: equal weights, weights: equal, slope: 6}}
base_rate: {events: 1, of: 3, years: 4}
"""
SKEWED_PROFILES = {
    c.lower(): f"id: {c}\nname: {c}land\nfactors:\n  a: {{value: {a}, sources: [s]}}\n"
    f"  c: {{value: {cc}, sources: [s]}}\n"
    for c, a, cc in (("X", 10, 0), ("Y", 5, 5), ("Z", 0, 10))
}


def test_an_alternative_on_equal_weights_widens_the_interval_not_the_figure(tmp_path):
    """Z scores 0.1 on the file's weights (0.9, 0.1) and 0.5 on equal weights: half the drawn
    worlds weigh the factors around equal weights, so Z's interval reaches its equal-weights
    figure, while the figure stays the file's weights' alone."""
    with_equal = scenarios.load_workspace(
        tiny.write(tmp_path / "e", model=SKEWED, profiles=SKEWED_PROFILES)
    )
    without = scenarios.load_workspace(
        tiny.write(
            tmp_path / "n",
            model=SKEWED.replace(
                "  alternatives: {equal: {label: equal weights, weights: equal, slope: 6}}\n", ""
            ),
            profiles=SKEWED_PROFILES,
        )
    )
    a, b = scoring.rank(with_equal, level=0.9), scoring.rank(without, level=0.9)
    link = a.link
    equal = next(c for c in link.components if c.equal_weights)
    # calibrated in the large on the scores equal weights give (0.5 each): 1 of 3 in 4 years
    p = 1 - (2 / 3) ** (1 / 4)
    assert equal.intercept == pytest.approx(math.log(p / (1 - p)) - 6 * 0.5, abs=1e-9)
    assert a.probability[2] == pytest.approx(b.probability[2], abs=1e-12)  # the figure
    z_equal = 1 - (1 - lk.logistic(equal.intercept + 6 * 0.5)) ** 2
    # with the alternative Z's interval reaches past its equal-weights figure, and far above
    # where the file's weights alone take it (the base rate's uncertainty widens both)
    assert a.interval[1][2] > z_equal
    assert a.interval[1][2] > 2 * b.interval[1][2]
    assert a.covers[-1] == "its alternative" and b.covers[-1] == "the link (slope, base rate)"


def test_link_draws_spread_the_slope_by_its_sd_and_the_rate_by_jeffreys_posterior():
    """From a base rate: slopes ~ N(slope, slope_sd); the rate behind each drawn intercept is
    Beta(events + ½, of − events + ½) (mean 1.5/6 = 0.25 for 1 of 5), mapped through the mean
    score over the window."""
    from scenarios.workspace.schema import BaseRate

    base = BaseRate(events=1, of=5, years=5.0)
    link = lk.Link(-3.0, 4.0, "t", slope_sd=0.5, base=base, mean_score=0.4)
    intercept, slope = link.draws(200_000, seed=1)
    assert slope.mean() == pytest.approx(4.0, abs=0.01)
    assert slope.std() == pytest.approx(0.5, rel=0.01)
    annual = 1 / (1 + np.exp(-(intercept + slope * 0.4)))
    rate = 1 - (1 - annual) ** 5.0
    assert rate.mean() == pytest.approx(1.5 / 6, abs=0.002)
    # Beta(1.5, 4.5)'s variance: ab / ((a + b)² (a + b + 1)) = 6.75 / (36 · 7)
    assert rate.var() == pytest.approx(6.75 / 252, rel=0.02)
