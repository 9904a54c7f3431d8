"""Write a synthetic, valid workspace of C countries × F factors, for the scale benchmark.

    python bench/generate.py DIR --countries 200 --factors 50 [--seed 1]

The workspace has everything the commands read: groups of about five factors with weights,
both directions, every value with a range, confidence, date, note and source (as the bundled
profiles have), two drivers, a gate, an event dated in the past with a one-year horizon (so the
outcomes have resolved and `backtest` and `calibrate` run), a base rate and a link, a cascade
block (peers weigh equally), statuses (about one country in twelve joined within the horizon,
more often the higher-scoring ones) and three what-ifs. The same arguments write the same bytes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

FACTORS_PER_GROUP = 5


def model_text(n_factors: int, n_countries: int, rng: np.random.Generator) -> str:
    groups = -(-n_factors // FACTORS_PER_GROUP)
    lines = [
        "schema_version: 1",
        f"title: Synthetic workspace, {n_countries} countries x {n_factors} factors",
        "question: Which of these countries reaches the outcome within a year?",
        "scale: {min: 0, max: 10}",
        "aggregation: additive",
        "horizon_years: 1",
        "stale_after_years: 10",
        "event:",
        "  definition: The country announces the outcome.",
        "  as_of: 2019-12-31",
        "link:",
        "  kind: logistic",
        "  slope: 8.0",
        "  slope_sd: 2.0",
        "  per: year",
        "  basis: assumed",
        "base_rate:",
        "  events: 8",
        "  of: 100",
        "  years: 1",
        "  note: A synthetic reference class.",
        "  sources: [synthetic]",
        "uncertainty: {high: 0.5, medium: 1.0, low: 2.0}",
        "groups:",
    ]
    for g in range(groups):
        weight = round(float(rng.uniform(0.5, 3.0)), 1)
        lines.append(f"  g{g:03d}: {{label: Group {g}, label_ar: المجموعة {g}, weight: {weight}}}")
    lines.append("factors:")
    for f in range(n_factors):
        direction = "against" if rng.random() < 0.3 else "for"
        weight = round(float(rng.uniform(0.2, 1.0)), 2)
        lines += [
            f"  f{f:03d}:",
            f"    label: Factor {f}",
            f"    label_ar: العامل {f}",
            f"    group: g{f // FACTORS_PER_GROUP:03d}",
            f"    weight: {weight}",
            f"    direction: {direction}",
            f"    description: Synthetic factor number {f}.",
        ]
    lines += [
        "drivers:",
        "  shock_one:",
        "    label: A shock moving the first factor everywhere",
        "    sd: 0.75",
        "    effects:",
        "      f000: {default: 1.0, C0000: 1.5}",
        "  shock_two:",
        "    label: A shock moving the second factor",
        "    sd: 0.5",
        "    effects:",
        f"      f{min(1, n_factors - 1):03d}: {{default: 1.0}}",
        "cascade:",
        "  peer_effect: {value: 1.0, low: 0.0, high: 2.0}",
        "gates:",
        "  blocked:",
        f"    factor: f{n_factors - 1:03d}",
        "    at_most: 0.5",
        "    cap: 0.02",
        "    note: A synthetic barrier.",
    ]
    return "\n".join(lines) + "\n"


def profile_text(
    c: int, values: np.ndarray, spread: np.ndarray, joined: bool, rng: np.random.Generator
) -> str:
    lines = [
        "schema_version: 1",
        f"id: C{c:04d}",
        f"name: Country {c}",
        f"name_ar: البلد {c}",
        "status:",
        f"  state: {'joined' if joined else 'not_joined'}",
    ]
    if joined:
        lines.append(f"  date: 2020-{1 + c % 12:02d}-15")
    lines += ["  as_of: 2021-06-30", "  sources: [synthetic]", "factors:"]
    for f, (v, s) in enumerate(zip(values, spread, strict=True)):
        low, high = max(0.0, v - s), min(10.0, v + s)
        confidence = ("low", "medium", "high")[int(rng.integers(3))]
        lines += [
            f"  f{f:03d}:",
            f"    value: {v:.1f}",
            f"    low: {low:.1f}",
            f"    high: {high:.1f}",
            f"    confidence: {confidence}",
            f"    as_of: 2019-{1 + f % 12:02d}",
            f'    note: "Synthetic value {f} of country {c}, drawn at random."',
            "    sources:",
            f'      - "synthetic source {c}-{f}: https://example.org/{c}/{f}"',
        ]
    return "\n".join(lines) + "\n"


WHATIFS = {
    "first_rises": """\
schema_version: 1
title: The first factor rises in the first countries
values:
  - factor: f000
    shift: 1.5
    countries: [C0000, C0001, C0002]
""",
    "group_weighs_more": """\
schema_version: 1
title: The first group weighs twice as much
weights:
  - group: g000
    scale: 2
""",
    "one_joins": """\
schema_version: 1
title: The second country joins
status:
  - country: C0001
    state: joined
    date: 2020-03-01
""",
}


def generate(root: Path, countries: int, factors: int, seed: int = 1) -> Path:
    """Write the workspace into ``root`` (created; files of the same names are overwritten)."""
    if countries < 3 or factors < 2:
        raise ValueError("at least 3 countries and 2 factors")
    rng = np.random.default_rng(seed)
    (root / "profiles").mkdir(parents=True, exist_ok=True)
    (root / "whatif").mkdir(exist_ok=True)
    (root / "model.yaml").write_text(model_text(factors, countries, rng), encoding="utf-8")
    # each country has a level, and its values scatter around it: scores then differ
    level = rng.uniform(2.0, 8.0, countries)
    # inside (0, 10), so that every value lies strictly inside its range
    raw = level[:, None] + rng.normal(0, 2.0, (countries, factors))
    values = np.clip(np.round(raw, 1), 0.1, 9.9)
    spread = np.round(rng.uniform(0.3, 1.5, (countries, factors)), 1)
    # about one in twelve joined, more often those with a higher level
    chance = 1 / (1 + np.exp(-(level - 7.0) * 1.5))
    joined = rng.random(countries) < chance
    joined[np.argsort(-level)[:2]] = True  # both outcomes occur
    joined[np.argsort(level)[:2]] = False
    for c in range(countries):
        text = profile_text(c, values[c], spread[c], bool(joined[c]), rng)
        (root / "profiles" / f"c{c:04d}.yaml").write_text(text, encoding="utf-8")
    for name, text in WHATIFS.items():
        (root / "whatif" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--countries", type=int, default=200)
    parser.add_argument("--factors", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.folder, args.countries, args.factors, args.seed)
    print(f"wrote {args.folder}: {args.countries} countries x {args.factors} factors")


if __name__ == "__main__":
    main()
