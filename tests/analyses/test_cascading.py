"""The cascade simulation: closed forms, monotonicity in the peer effect, reproducibility."""

import io
import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import scenarios
from scenarios.analyses import scoring
from scenarios.analyses.cascading import cascade, peer_matrix, simulate
from scenarios.analyses.likelihood import Link, logistic
from scenarios.cli.app import app

from .. import tiny

CASCADE_MODEL = tiny.MODEL + (
    "horizon_years: 4\nlink: {kind: logistic, intercept: -3, slope: 4}\n"
    "cascade:\n  peer_effect: {value: 1.5, low: 1, high: 2}\n"
)


@pytest.fixture
def ws(tmp_path):
    return scenarios.load_workspace(tiny.write(tmp_path / "c", model=CASCADE_MODEL))


def test_without_peer_effect_each_country_is_independent():
    base = np.array([-2.0, -1.0, 0.5])
    p = logistic(base)
    sim = simulate(np.zeros(3, bool), base, np.full((3, 3), 0.5), np.zeros(60_000), 5, seed=3)
    expected = 1 - (1 - p[:, None]) ** np.arange(1, 6)
    np.testing.assert_allclose(sim.by_year(), expected, atol=0.01)


def test_peer_effect_never_lowers_a_probability(ws):
    result = scoring.rank(ws)
    c = cascade(ws, result.scores, result.link, runs=20_000, seed=1)
    with_g = c.with_peers.by_year()
    without = c.without_peers.by_year()
    assert (with_g >= without - 1e-12).all()  # common random numbers: holds run by run
    assert (c.with_peers.years <= c.without_peers.years).all()
    # g = 0 matches the closed form 1 − (1 − p)^t
    p = Link(-3, 4, "").annual(result.scores)
    p = np.where(scoring.has_joined(ws), 1.0, p)
    np.testing.assert_allclose(without, 1 - (1 - p[:, None]) ** np.arange(1, 5), atol=0.01)
    spur = c.spur_frame()
    assert (spur["spur"].dropna() >= 0).all()
    # already joined: no chance to give, not a probability of 1
    assert spur.loc["Y", "already_joined"] and spur.loc["Y"][["p_with_peers", "spur"]].isna().all()
    assert not spur.loc["X", "already_joined"] and spur.loc["X", "p_with_peers"] > 0


def test_same_seed_same_numbers(ws):
    result = scoring.rank(ws)
    first = cascade(ws, result.scores, result.link, runs=3_000, seed=9)
    again = cascade(ws, result.scores, result.link, runs=3_000, seed=9)
    other = cascade(ws, result.scores, result.link, runs=3_000, seed=10)
    np.testing.assert_array_equal(first.with_peers.years, again.with_peers.years)
    assert not np.array_equal(first.with_peers.years, other.with_peers.years)


def test_frames_are_consistent(ws):
    result = scoring.rank(ws)
    c = cascade(ws, result.scores, result.link, runs=5_000)
    counts = c.count_frame()
    assert counts["probability"].sum() == pytest.approx(1.0)
    assert counts["new_joiners"].tolist() == [0, 1, 2]  # Y has joined: X and Z can
    orders = c.orders_frame(top=50)
    assert orders["probability"].sum() == pytest.approx(1.0)
    none = orders.loc[orders["order"] == "no new joiner", "probability"].item()
    assert none == pytest.approx(counts.loc[0, "probability"])
    by_year = c.by_year_frame()
    assert by_year.loc["Y", "year_1"] == 1.0
    cond = c.conditional_frame()
    assert cond.index.tolist() == ["X", "Z"]


def test_peer_matrix_default_and_declared(tmp_path, ws):
    np.testing.assert_allclose(peer_matrix(ws), [[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]])
    model = CASCADE_MODEL + "  peers:\n    X: {Y: 3, Z: 1}\n"
    declared = scenarios.load_workspace(tiny.write(tmp_path / "p", model=model))
    np.testing.assert_allclose(peer_matrix(declared)[0], [0, 0.75, 0.25])


def test_cascade_needs_a_link_and_a_cascade_block(tmp_path):
    plain = scenarios.load_workspace(tiny.write(tmp_path / "plain"))
    with pytest.raises(scenarios.WorkspaceError, match="needs a probability link"):
        cascade(plain, scoring.rank(plain).scores, None)
    model = tiny.MODEL + "link: {kind: logistic, intercept: -3, slope: 4}\n"
    linked = scenarios.load_workspace(tiny.write(tmp_path / "linked", model=model))
    result = scoring.rank(linked)
    with pytest.raises(scenarios.WorkspaceError, match="has no `cascade:` block"):
        cascade(linked, result.scores, result.link)


def test_unknown_peer_country_is_a_workspace_error(tmp_path):
    model = CASCADE_MODEL + "  peers:\n    X: {Q: 1}\n"
    with pytest.raises(scenarios.WorkspaceError, match=r"cascade names unknown country 'Q'"):
        scenarios.load_workspace(tiny.write(tmp_path / "q", model=model))


# --- CLI -------------------------------------------------------------------------------


@pytest.fixture
def run():
    runner = CliRunner(env={"COLUMNS": "160", "NO_COLOR": "1", "TERM": "dumb"})
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_cli_cascade_tables_and_csv(run):
    result = run("cascade", "--runs", "2000", "--full")
    assert result.exit_code == 0, result.output
    for title in (
        "Cascade: P(joined by the end of each year after 2026-05-31), 2,000 runs",
        "Spur effect",
        "New joiners by the horizon",
        "Most frequent join orders",
        "P(row joins",
    ):
        assert title in result.stdout
    data = json.loads(run("cascade", "--runs", "2000", "-f", "json").stdout)
    assert data["meta"]["runs"] == 2000 and data["meta"]["horizon"] == 5
    assert {"cascade_by_year", "cascade_spur", "cascade_orders"} <= set(data["tables"])


def test_cli_cascade_whatif_applies_first(run):
    base = json.loads(run("cascade", "--runs", "2000", "-f", "json").stdout)
    joined = json.loads(
        run("cascade", "--runs", "2000", "--whatif", "uzbekistan_joins", "-f", "json").stdout
    )
    uz = lambda data: next(r for r in data["tables"]["cascade_by_year"] if r["id"] == "UZ")  # noqa: E731
    assert uz(joined)["already_joined"] is True and uz(base)["already_joined"] is False


def test_cli_backtest(run):
    result = run("backtest", "-w", "abraham-2020", "--full")
    assert result.exit_code == 0, result.output
    assert (
        "resolved outcomes" in result.stdout and "horizon 1 year from 2019-12-31" in result.stdout
    )
    assert "leave-one-out calibrated" in result.stdout
    assert "baseline: equal weights" in result.stdout
    assert "Baselines: each factor alone" in result.stdout
    csv = run("backtest", "-w", "abraham-2020", "-f", "csv").stdout
    first = pd.read_csv(io.StringIO(csv))  # the main table: the model against its baselines
    assert list(first.columns) == [
        "predictions",
        "brier",
        "brier_base_rate",
        "skill",
        "log_loss",
        "roc_auc",
    ]


def test_cli_backtest_leaves_out_a_status_not_checked_since_the_horizon(run, tmp_path):
    ws = scenarios.init(tmp_path / "bt", template="abraham-2020")
    afghanistan = ws / "profiles" / "afghanistan.yaml"
    text = afghanistan.read_text(encoding="utf-8")
    afghanistan.write_text(text.replace("  as_of: 2026-05-31\n", "", 1), encoding="utf-8")
    result = run("backtest", "-w", ws, "--full")
    assert result.exit_code == 0, result.output
    assert "Backtest: 29 resolved outcomes" in result.stdout
    assert "Status not checked since the horizon ended (2020-12-30), so not scored: AF" in (
        " ".join(result.stdout.split())
    )


def test_cli_calibrate_prints_a_link_block_and_warns(run):
    result = run("calibrate", "-w", "abraham-2020")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    start = lines.index("link:")
    assert lines[start + 1 : start + 3] == ["  kind: logistic", lines[start + 2]]
    assert lines[start + 2].startswith("  intercept: ")
    assert any(line.startswith("  fit: {workspace: abraham-2020, outcomes: ") for line in lines)
    assert "Small sample: " in result.stdout


def test_cli_calibrate_without_outcomes(run, tmp_path):
    model = tiny.MODEL + "event: {definition: joins, as_of: 2020-01-01}\n"
    result = run("calibrate", "-w", tiny.write(tmp_path / "few", model=model))
    assert result.exit_code == 2
    assert "calibration needs at least 3 resolved outcomes" in result.stderr


def test_cli_rank_shows_probability_where_there_is_a_link(run, tmp_path):
    result = run("rank", "-w", tiny.write(tmp_path / "l", model=CASCADE_MODEL), "-f", "csv")
    frame = pd.read_csv(io.StringIO(result.stdout))
    p = logistic(-3 + 4 * 0.74)
    assert frame.loc[0, "probability"] == pytest.approx(1 - (1 - p) ** 4)
    assert np.isnan(frame.loc[frame["id"] == "Y", "probability"].item())
    table = run("rank", "-w", tmp_path / "l").stdout
    assert "P(≤4y)" in table and "joined" in table


def test_cascade_simulates_whole_years_only(ws):
    result = scoring.rank(ws)
    with pytest.raises(
        scenarios.OptionError,
        match=r"horizon 2.5: the cascade simulates whole years from 1 to 100",
    ):
        cascade(ws, result.scores, result.link, horizon=2.5)


def test_cascade_half_year_horizon_in_the_model_points_at_the_file(tmp_path):
    model = CASCADE_MODEL.replace("horizon_years: 4", "horizon_years: 0.5")
    ws = scenarios.load_workspace(tiny.write(tmp_path / "h", model=model))
    result = scoring.rank(ws)
    with pytest.raises(
        scenarios.WorkspaceError, match=r"model.yaml:12:16: the cascade simulates whole years"
    ):
        cascade(ws, result.scores, result.link)


# --- oracles: the peer matrix's direction and the peer effect drawn per run ----------------


def year_one(ws, runs: int = 200_000, seed: int = 5) -> np.ndarray:
    result = scoring.rank(ws)
    return cascade(ws, result.scores, result.link, runs=runs, seed=seed).with_peers.by_year()[:, 0]


def test_peers_name_who_influences_a_country(tmp_path):
    # X listens to Y only; Z to both others. Y has joined, so X's peer share is 1, Z's ½.
    model = CASCADE_MODEL.replace(
        "peer_effect: {value: 1.5, low: 1, high: 2}", "peer_effect: {value: 2}"
    ) + ("  peers:\n    X: {Y: 1}\n")
    ws = scenarios.load_workspace(tiny.write(tmp_path / "d", model=model))
    p = year_one(ws)
    expected_x = 1 / (1 + np.exp(-(-3 + 4 * 0.74 + 2 * 1.0)))
    expected_z = 1 / (1 + np.exp(-(-3 + 4 * 0.16 + 2 * 0.5)))
    se = np.sqrt(0.25 / 200_000)
    assert p[0] == pytest.approx(expected_x, abs=4 * se)
    assert p[2] == pytest.approx(expected_z, abs=4 * se)


def test_peer_effect_is_drawn_per_group_of_runs_and_widens_the_interval(tmp_path):
    # A wide, strongly nonlinear range: the year-one probability must be the average of the
    # logistic over g's triangular density (here over 1,000 draws of g, one per group of runs),
    # not the logistic at any single g; and the interval spans the groups' estimates.
    model = CASCADE_MODEL.replace(
        "peer_effect: {value: 1.5, low: 1, high: 2}",
        "peer_effect: {value: 0, low: -10, high: 10}",
    )
    ws = scenarios.load_workspace(tiny.write(tmp_path / "g", model=model))
    result = scoring.rank(ws)
    c = cascade(ws, result.scores, result.link, runs=200_000, seed=5)
    assert c.groups == 1_000
    p = c.with_peers.by_year()[:, 0]
    g = np.linspace(-10, 10, 200_001)
    density = np.clip(1 - np.abs(g) / 10, 0, None) / 10  # triangular(−10, 0, 10)
    for country, score in ((0, 0.74), (2, 0.16)):
        inside = 1 / (1 + np.exp(-(-3 + 4 * score + g * 0.5)))
        expected = np.trapezoid(inside * density, g)
        assert p[country] == pytest.approx(expected, abs=0.04)  # 3 s.e. of a 1,000-draw mean
    low, high, noise = c.interval()
    assert noise < 0.06
    # g·½ spans −5..5 on the log-odds: the groups' estimates spread far beyond their noise
    assert (high[[0, 2]] - low[[0, 2]] > 0.5).all()
    # without uncertainty in the link or the peer effect the interval is the noise alone
    fixed = CASCADE_MODEL.replace(
        "peer_effect: {value: 1.5, low: 1, high: 2}", "peer_effect: {value: 1}"
    )
    ws = scenarios.load_workspace(tiny.write(tmp_path / "f", model=fixed))
    c = cascade(ws, result.scores, scoring.rank(ws).link, runs=200_000, seed=5)
    low, high, noise = c.interval()
    assert (high[[0, 2]] - low[[0, 2]] < 4 * noise).all()


# --- at scale: counted, not looped; the same numbers ----------------------------------------


def test_runs_simulated_in_chunks_give_the_numbers_of_one_go(monkeypatch):
    from scenarios.analyses import cascading

    base = np.array([[-2.0, -1.0, 0.5, -0.3], [-1.0, -2.5, 0.1, 0.0]])  # two groups
    member = np.arange(5_000) % 2
    g = np.linspace(0, 2, 5_000)
    whole = simulate(np.zeros(4, bool), base, None, g, 3, seed=4, member=member)
    monkeypatch.setattr(cascading, "RUN_VALUES", 7 * 4)  # 7 runs at a time
    parts = simulate(np.zeros(4, bool), base, None, g, 3, seed=4, member=member)
    np.testing.assert_array_equal(parts.years, whole.years)
    per_run = simulate(np.zeros(4, bool), base[member], None, g, 3, seed=4)
    np.testing.assert_array_equal(per_run.years, whole.years)


def test_equal_peers_are_counted_as_the_matrix_would_weigh_them():
    base = np.array([-2.0, -1.0, 0.5])
    g = np.full(4_000, 3.0)
    joined = np.array([False, True, False])
    dense = simulate(joined, base, np.full((3, 3), 0.5) - 0.5 * np.eye(3), g, 4, seed=2)
    counted = simulate(joined, base, None, g, 4, seed=2)
    np.testing.assert_array_equal(counted.years, dense.years)


def frames_by_loops(c):
    """The join orders and the conditional table computed run by run."""
    ids = c.workspace.country_ids
    orders: dict[str, int] = {}
    for pattern in c.with_peers.years:
        years = sorted({int(y) for y in pattern if 0 < y <= c.horizon})
        key = " → ".join(
            "+".join(ids[i] for i in range(len(ids)) if pattern[i] == y) for y in years
        )
        orders[key or "no new joiner"] = orders.get(key or "no new joiner", 0) + 1
    joined = c.with_peers.years <= c.horizon
    open_ = [i for i in range(len(ids)) if not c.already[i]]
    table = np.full((len(open_), len(open_)), np.nan)
    for j, y in enumerate(open_):
        for i, x in enumerate(open_):
            if x != y and joined[:, y].any():
                table[i, j] = joined[joined[:, y], x].mean()
    return orders, table


def test_orders_and_conditional_table_match_run_by_run_counts(tmp_path):
    profiles = {
        f"c{i}": f"id: C{i}\nname: C{i}\nfactors: {{a: {2 + i}, b: {8 - i}, c: 5}}\n"
        for i in range(5)
    }
    model = CASCADE_MODEL.replace("horizon_years: 4", "horizon_years: 3")
    ws = scenarios.load_workspace(tiny.write(tmp_path / "o", model=model, profiles=profiles))
    result = scoring.rank(ws)
    c = cascade(ws, result.scores, result.link, runs=4_000, seed=5)
    orders, table = frames_by_loops(c)
    frame = c.orders_frame(top=1_000)
    assert dict(zip(frame["order"], frame["probability"] * c.runs, strict=True)) == pytest.approx(
        orders
    )
    assert frame["probability"].is_monotonic_decreasing
    np.testing.assert_allclose(c.conditional_frame().iloc[:, 1:].to_numpy(), table)
    years = c.with_peers.years
    expected = (years[:, :, None] <= np.arange(1, 4)).mean(axis=0)
    np.testing.assert_array_equal(c.with_peers.by_year(), expected)
