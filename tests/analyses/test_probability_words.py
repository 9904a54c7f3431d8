"""How a probability is shown: the rounding rule, the ICD 203 words (en, ar), the base rate's own
figure, and where rank, csv and json show them."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import scenarios
from scenarios.analyses import probability_words as pw
from scenarios.cli.app import app
from scenarios.workspace.schema import BaseRate

ROOT = Path(__file__).resolve().parents[2]
ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "SCENARIOS_WORKSPACE": ""}


# --- the rounding rule: step = 10^floor(log10(width/10)) points, within [0.1, 1] ------------


@pytest.mark.parametrize(
    ("low", "high", "step"),
    [
        (0.0, 0.10, 1.0),  # 10 points wide: log10(1) = 0, step 1
        (0.0, 0.0999, 0.1),  # 9.99 points: log10(0.999) < 0, step 0.1
        (0.098, 0.906, 1.0),  # 80.8 points: 10^0 = 1
        (0.0, 1.0, 1.0),  # 100 points: 10^1 = 10, kept at the coarsest step, 1
        (0.40, 0.41, 0.1),  # 1 point: 10^-1
        (0.40, 0.405, 0.1),  # 0.5 point: 10^-2 raised to the finest step, 0.1
        (0.3, 0.3, 0.1),  # no width
        (None, None, 0.1),  # no interval: one decimal
    ],
)
def test_step_is_set_by_the_interval_width(low, high, step):
    assert pw.step(low, high) == step


@pytest.mark.parametrize(
    ("p", "step", "shown"),
    [
        (0.125, 1.0, "13"),  # half up, not to even
        (0.135, 1.0, "14"),
        (0.0349, 1.0, "3"),
        (0.0801532, 0.1, "8.0"),
        (0.004, 1.0, "<1"),  # positive but rounds to 0
        (0.0004, 0.1, "<0.1"),
        (0.0, 1.0, "0"),  # exactly 0 stays 0
        (0.996, 1.0, ">99"),
        (0.9996, 0.1, ">99.9"),
        (1.0, 1.0, "100"),
        (float("nan"), 1.0, "–"),
    ],
)
def test_figure_rounds_to_the_step(p, step, shown):
    assert pw.figure(p, step) == shown


def test_percent_and_interval_take_the_interval_precision():
    # Uzbekistan in the bundled workspace: 48.6% within 9.8–90.6%, 81 points wide: whole percent
    assert pw.percent(0.486036, 0.0978861, 0.906325) == "49%"
    assert pw.interval(0.0978861, 0.906325) == "10–91%"
    # an interval 5 points wide allows one decimal
    assert pw.percent(0.0801532, 0.05, 0.10) == "8.0%"
    assert pw.interval(0.05, 0.10) == "5.0–10.0%"
    assert pw.percent(0.0801532) == "8.0%"  # no interval: one decimal
    assert pw.interval(None, None) == ""


# --- the words of ICD 203, at each boundary ----------------------------------------------------


@pytest.mark.parametrize(
    ("p", "en", "ar"),
    [
        (0.0, "almost no chance", "شبه مستحيل"),
        (0.049, "almost no chance", "شبه مستحيل"),
        (0.05, "very unlikely", "مستبعد جداً"),
        (0.199, "very unlikely", "مستبعد جداً"),
        (0.20, "unlikely", "مستبعد"),
        (0.449, "unlikely", "مستبعد"),
        (0.45, "roughly even chance", "احتمال متساوٍ تقريباً"),
        (0.55, "roughly even chance", "احتمال متساوٍ تقريباً"),
        (0.551, "likely", "مرجّح"),
        (0.80, "likely", "مرجّح"),
        (0.801, "very likely", "مرجّح جداً"),
        (0.95, "very likely", "مرجّح جداً"),
        (0.951, "almost certain", "شبه مؤكد"),
        (1.0, "almost certain", "شبه مؤكد"),
    ],
)
def test_words_at_each_boundary(p, en, ar):
    assert pw.words(p) == en
    assert pw.words(p, lang="ar") == ar


def test_words_are_those_of_the_figure_as_shown():
    # 4.7% with an interval 21 points wide is shown as 5%: very unlikely, not almost no chance
    assert pw.words(0.047, 0.007, 0.22) == "very unlikely"
    assert pw.words(0.047) == "almost no chance"  # shown 4.7%
    assert pw.words(float("nan")) == ""


# --- the base rate's own figure ------------------------------------------------------------


def test_base_rate_over_the_horizon_by_hand():
    # 1 of 5 in 5.7 years: 1 − (1 − 0.2)^(5/5.7) = 1 − exp(ln 0.8 · 0.877193)
    # = 1 − exp(−0.2231436 · 0.877193) = 1 − exp(−0.195740) = 1 − 0.822226 = 0.177774
    base = BaseRate(events=1, of=5, years=5.7)
    assert pw.base_rate_probability(base, 5) == pytest.approx(0.177774, abs=1e-6)
    assert pw.base_rate_probability(base, 5.7) == pytest.approx(0.2, abs=1e-12)
    low, high = pw.base_rate_interval(base, 5, 0.9)
    assert low < 0.177774 < high and high - low > 0.10  # wide: so whole percent
    assert pw.base_rate_text(base, 5, 0.9) == "1 of 5 in 5.7 years → 18% within 5 years"


def shown(workspace="central-asia", country="UZ"):
    """What the outputs must show for a country: its figure and interval at their precision,
    and its words, derived from the ranking's full figures."""
    frame = scenarios.rank(workspace).to_frame()
    p, low, high = (
        float(frame.loc[country, k]) for k in ("probability", "probability_low", "probability_high")
    )
    return {
        "p": p,
        "figure": pw.percent(p, low, high),
        "interval": pw.interval(low, high),
        "en": pw.words(p, low, high),
        "ar": pw.words(p, low, high, "ar"),
    }


def bundled_base_rate() -> float:
    """1 of 5 over the window from 2020-09-15 to the evidence date, carried to 5 years."""
    model = scenarios.load_workspace("central-asia").model
    window = (model.event.as_of - model.base_rate.since).days / 365.25
    return 1 - (1 - 0.2) ** (5 / window)


# --- where the outputs show them -----------------------------------------------------------


@pytest.fixture
def run():
    runner = CliRunner(env=ENV)

    def invoke(*args):
        return runner.invoke(app, [str(a) for a in args])

    return invoke


@pytest.fixture
def central(tmp_path):
    dest = tmp_path / "central-asia"
    shutil.copytree(ROOT / "scenarios" / "central-asia", dest)
    return dest


def test_csv_and_json_keep_full_figures_and_add_words_and_base_rate(run):
    result = run("rank", "-f", "csv")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout), index_col="id")
    uz, want = frame.loc["UZ"], shown()
    assert uz["probability"] == pytest.approx(want["p"], abs=1e-6)  # full figure, not rounded
    assert uz["probability"] != round(uz["probability"], 2)
    assert uz["probability_words"] == want["en"]
    assert uz["probability_words_ar"] == want["ar"]
    base = bundled_base_rate()
    assert frame["base_rate_probability"].tolist() == pytest.approx([base] * 5, abs=1e-6)
    rows = json.loads(run("rank", "-f", "json").stdout)["tables"]
    ranking = next(iter(rows.values()))
    uz_row = next(r for r in ranking if r.get("id") == "UZ")
    assert uz_row["probability_words"] == want["en"]
    assert uz_row["base_rate_probability"] == pytest.approx(base, abs=1e-6)


def _caption(stdout: str) -> list[str]:
    """The caption from the line after the workspace's (whose length depends on the path)."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("P(≤5y)"))
    return lines[start:]


def test_rank_shows_rounded_figures_words_base_rate_and_marks(run, central):
    result = run("rank", "-w", central)
    assert result.exit_code == 0, result.output
    out, want = result.stdout, shown(central)
    assert f"{want['figure']}§" in out and want["interval"] in out
    assert f"{100 * want['p']:.1f}%" not in out  # no decimal where the interval spans tens
    assert want["en"] in out
    assert all(len(line) <= 80 for line in out.splitlines())
    caption = _caption(out)
    assert len(caption) <= 7, caption  # with the workspace's line 8: the whole fits 23 lines
    flowing = " ".join(" ".join(caption).split())
    assert "§ fitted on states opening relations with Israel in 2020" in flowing
    assert "over weights, values, the link (slope, base rate) and its 5 alternatives" in flowing
    assert f"Base rate: 1 of 5 in 5.7 years → {100 * bundled_base_rate():.0f}%." in flowing
    assert "no better than equal weights (skill +0.260 vs +0.268)" in flowing


def test_no_transfer_no_mark(run, central):
    model = central / "model.yaml"
    text = model.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("  transfer:"))
    model.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    out = run("rank", "-w", central).stdout
    assert "§" not in out and shown(central)["figure"] in out


def test_equal_weights_line_only_where_the_weights_do_not_beat_them(run, central):
    model = central / "model.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(
        text.replace("equal_weights_loo_skill: 0.268}", "equal_weights_loo_skill: 0.250}"),
        encoding="utf-8",
    )
    out = " ".join(run("rank", "-w", central).stdout.split())
    assert "no better than equal weights" not in out
    model.write_text(
        text.replace("equal_weights_loo_skill: 0.268}", "equal_weights_loo_skill: 0.260}"),
        encoding="utf-8",
    )
    out = " ".join(run("rank", "-w", central).stdout.split())
    assert "no better than equal weights (skill +0.260 vs +0.260)" in out  # a tie does not beat


def test_explicit_intercept_has_no_base_rate_figure(run, central):
    model = central / "model.yaml"
    text = model.read_text(encoding="utf-8")
    start, end = text.index("  alternatives:\n"), text.index("base_rate:")
    text = text[:start] + text[end:]  # alternatives need a derived intercept
    model.write_text(text.replace("  slope: 13.725\n", "  intercept: -9.4\n  slope: 13.725\n"))
    result = run("rank", "-w", central, "-f", "csv")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout), index_col="id")
    assert frame["base_rate_probability"].isna().all()
    assert "Base rate:" not in run("rank", "-w", central).stdout


def test_report_shows_words_base_rate_and_marks_in_both_languages():
    import re

    from scenarios.api import load_workspace, report
    from scenarios.reporting.builder import build_report

    ws = load_workspace("central-asia")
    results = report(ws, samples=300, runs=300, seed=7)

    def flowing(lang: str) -> str:
        html = build_report(ws, results, lang=lang).html
        return " ".join(re.sub(r"<[^>]+>|[\u2066-\u2069]", "", html).split())

    text = {lang: flowing(lang) for lang in ("en", "ar")}
    en, ar = text["en"], text["ar"]
    want = shown()
    assert f"{want['figure']}§" in en and f"{100 * want['p']:.1f}%§" not in en
    assert want["en"] in en and want["ar"] in ar
    base = f"{100 * bundled_base_rate():.0f}%"
    assert f"gives {base} within 5 years (very unlikely)" in en
    assert f"يعطي {base} خلال 5 سنوات (مستبعد جداً)" in ar
    assert "§ The link is carried over from other events: fitted on states opening" in en
    assert "§ الدالة منقولة من أحداث أخرى" in ar
    assert "no better than equal weights (skill +0.260 vs +0.268)" in en
    assert "لا تتفوّق أوزان الملف على الأوزان المتساوية" in ar


def test_export_metadata_carries_the_transfer_and_the_equal_weights_line(run, tmp_path):
    out = tmp_path / "out"
    result = run("export", out, "--samples", "200")
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["link_transfer"].startswith("fitted on states opening relations with Israel")
    assert "no better than equal weights" in manifest["link_equal_weights"]
    assert manifest["probability_words"].startswith("ICD 203")
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    rankings = next(r for r in package["resources"] if r["name"] == "rankings")
    fields = {f["name"]: f for f in rankings["schema"]["fields"]}
    assert "ICD 203" in fields["probability_words"]["description"]
    assert "reference class" in fields["base_rate_probability"]["description"]
    assert "§ The link is carried over" in rankings["description"]
    ranks = pd.read_csv(out / "rankings.csv", index_col="id")
    assert ranks.loc["UZ", "probability_words"] == shown()["en"]


def test_calibrate_records_the_equal_weights_skill_the_backtest_shows():
    from scenarios import api

    fit = api.calibrate("abraham-2020")
    summary = api.backtest("abraham-2020").summary_frame()
    assert fit.equal_weights_loo_skill == pytest.approx(summary.loc["equal_weights", "skill"])
    assert fit.loo_skill == pytest.approx(summary.loc["leave_one_out", "skill"])
    # what model.yaml records, to its three decimals
    assert round(fit.equal_weights_loo_skill, 3) == 0.268 and round(fit.loo_skill, 3) == 0.260
    assert "equal_weights_loo_skill: 0.268}" in fit.yaml()
