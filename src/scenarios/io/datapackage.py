"""`datapackage.json` for an export: every CSV described by the Frictionless Data Package
convention (https://specs.frictionlessdata.io/data-package/), so the files say what they are.

Each resource has a title and a description (stating the overrides that shaped it), and each
column its name, type, unit and meaning. No terminal code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from scenarios.workspace.scenario import ValueChange, WeightChange, WhatIf

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.workspace.load import Workspace

UNDOCUMENTED = "(not described)"

# What each override changes: --weight the weights, --set the values, --whatif either (and
# statuses). A table lists the kinds of input it is computed from; LEDGER marks a table read
# from the ledger as recorded, which no override of the export changes.
WEIGHTS, VALUES, LEDGER = "weights", "values", "ledger"

# name -> (title, description, inputs it depends on)
TABLES: dict[str, tuple[str, str, frozenset[str]]] = {
    "rankings": (
        "Ranking",
        "One row per country, best first: rank, score and (where the model has a link) the "
        "probability of joining within the horizon, with the factors pushing and pulling most.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "contributions": (
        "Factor contributions",
        "One row per country and factor: the value, its normalised form, the factor's "
        "effective weight and its contribution to the score.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "matrix": (
        "Values matrix",
        "Countries × factors: each value on the model's scale, as in the profiles.",
        frozenset({VALUES}),
    ),
    "oat": (
        "One-at-a-time weight sensitivity (tornado)",
        "Each factor's effective weight moved down and up by delta (others rescaled in "
        "proportion): every country's score and rank at each side.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "critical": (
        "Critical weights",
        "For each factor, the smallest rise and fall of its effective weight that changes "
        "the ranking, and which pair of countries swaps.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "acceptability": (
        "Rank acceptability",
        "Monte Carlo: the probability of each country holding each rank.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "mc_summary": (
        "Monte Carlo score summary",
        "Monte Carlo over uncertain weights and values: each country's mean score, its "
        "5–95% interval, the probability of ranking first and the expected rank.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "pairwise": (
        "Pairwise probabilities",
        "Monte Carlo: the probability that the row's country ranks above the column's.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "sobol": (
        "Sobol indices",
        "Variance-based sensitivity: the share of each country's score variance due to each "
        "input, alone (first order) and with its interactions (total).",
        frozenset({WEIGHTS, VALUES}),
    ),
    "compare": (
        "What-ifs against the baseline",
        "One row per country and scenario (the baseline first): score, rank and their "
        "changes from the baseline. Each what-if is applied alone to the baseline.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "compare_drivers": (
        "Factors behind each what-if's changes",
        "One row per scenario, country and factor whose contribution changed.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "cascade_by_year": (
        "Cascade: probability of having joined, by year",
        "Simulated histories with the peer effect: the probability that each country has "
        "joined by the end of each year.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "cascade_spur": (
        "Cascade: the spur effect",
        "Each country's probability of joining within the horizon with and without the peer "
        "effect (same random numbers), and the difference.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "cascade_count": (
        "Cascade: number of new joiners",
        "The distribution of the number of countries that join within the horizon.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "cascade_orders": (
        "Cascade: most frequent join orders",
        "The most frequent orders in which countries join within the horizon ('A → B'; "
        "the same year: 'A+B').",
        frozenset({WEIGHTS, VALUES}),
    ),
    "cascade_conditional": (
        "Cascade: conditional probabilities",
        "The probability that the row's country joins within the horizon, given that the "
        "column's country does.",
        frozenset({WEIGHTS, VALUES}),
    ),
    "evidence": (
        "Evidence",
        "One row per country and factor: value, range, the confidence of its evidence, its "
        "date, the analyst's note and the sources. `stale` marks a value older than the "
        "model's stale_after_years at the evidence date (event.as_of, else the latest dated "
        "value).",
        frozenset({VALUES}),
    ),
    "factors": (
        "Factors and their labels",
        "One row per factor: its group, direction, weights, and its and its group's labels "
        "in English and Arabic.",
        frozenset({WEIGHTS}),
    ),
    "countries": (
        "Countries and their names",
        "One row per country: id, English and Arabic names, and the recorded status.",
        frozenset({VALUES}),
    ),
    "history": (
        "History of the recorded forecasts",
        "One row per country and ledger record, in time order: the score, rank and probability "
        "with its interval as recorded. Probabilities of records with different horizons are "
        "not comparable.",
        frozenset({LEDGER}),
    ),
    "records": (
        "The ledger's records",
        "One row per record (`scenarios record`): its date, note, the workspace's content hash, "
        "the tool version, the overrides, aggregation, horizon, evidence date, interval level "
        "and seed it was made with.",
        frozenset({LEDGER}),
    ),
    "scores": (
        "Scores of the recorded forecasts",
        "One row per record: how many of its forecasts have resolved by the export's date "
        "(scored_on in manifest.json), their Brier score and log loss beside the base rate's, "
        "and the score of every record up to it pooled. Every record scores the same "
        "countries' outcomes again: pooled, they are not independent tests. The outcomes are "
        "the profiles' statuses as written.",
        frozenset({LEDGER}),
    ),
    "forecasts": (
        "The recorded forecasts and their outcomes",
        "One row per record and country: the probability recorded and its outcome by the "
        "export's date (event, non-event, unresolved, or before: joined before the record's "
        "evidence date), read from the profiles' statuses as written.",
        frozenset({LEDGER}),
    ),
}

# column -> (unit, meaning); per table where the same name means something else there.
P = "probability (0–1)"
S = "score (0–1)"
W = "share of the total weight (0–1)"
COLUMNS: dict[str, tuple[str, str]] = {
    "rank": (
        "rank (1 = most likely)",
        "Rank of the country; tied countries share the better rank.",
    ),
    "id": ("", "Country id, as in its profile."),
    "name": ("", "Country name (English, or Arabic with --lang ar where the profile has it)."),
    "name_ar": ("", "Country name in Arabic (name_ar in the profile; empty where missing)."),
    "score": (S, "Weighted score: higher means more likely to join."),
    "probability": (
        P,
        "Probability of joining within the model's horizon (from its link), each country alone: "
        "without the peer effect, which cascade_spur's p_with_peers adds.",
    ),
    "probability_low": (
        P,
        "Lower end of the probability's interval (what it covers: interval_covers in "
        "manifest.json).",
    ),
    "probability_high": (
        P,
        "Upper end of the probability's interval (what it covers: interval_covers in "
        "manifest.json).",
    ),
    "probability_words": (
        "",
        "The probability in words of the ICD 203 yardstick (almost no chance <5%, very unlikely "
        "5–20%, unlikely 20–45%, roughly even chance 45–55%, likely 55–80%, very likely 80–95%, "
        "almost certain >95%), of the figure rounded to the precision its interval allows.",
    ),
    "probability_words_ar": ("", "The same words in Arabic."),
    "base_rate_probability": (
        P,
        "What the reference class alone (model.yaml base_rate) gives within the same horizon, "
        "the same for every country: beside the probability, what the factors add. Empty where "
        "the link has its own intercept and no base rate.",
    ),
    "words_with_peers": ("", "p_with_peers in the words of the ICD 203 yardstick."),
    "words_with_peers_ar": ("", "The same words in Arabic."),
    "gates": ("", "Gates that cap the country's probability (names, ';'-separated)."),
    "probability_mean": (P, "Mean probability over weights, values and the link (Monte Carlo)."),
    "probability_p05": (P, "5th percentile of the probability over weights, values and link."),
    "probability_p95": (P, "95th percentile of the probability over weights, values and link."),
    "by_horizon_low": (P, "Lower end of the interval of P(joined by the horizon)."),
    "by_horizon_high": (P, "Upper end of the interval of P(joined by the horizon)."),
    "p_equal_weights": (P, "Leave-one-out probability from equal weights (a baseline)."),
    "status": ("", "Recorded status of the country (e.g. 'joined 2025-11')."),
    "tied": ("", "True where the country's score ties another's."),
    "top_for": ("", "Factor id lifting the score most against a mid-scale value."),
    "top_against": ("", "Factor id holding the score back most against a mid-scale value."),
    "factor": ("", "Factor id, as in model.yaml."),
    "value": ("scale units", "The factor's value for the country, on the model's scale."),
    "normalized": (
        "0–1",
        "The value normalised to the declared scale, turned so that 1 always means more "
        "likely (1 − u for factors that lower the likelihood).",
    ),
    "weight": (W, "The factor's effective weight (group weight × factor weight, normalised)."),
    "contribution": (
        S,
        "The factor's part of the score: weight × normalised value (additive), or "
        "weight × ln(normalised value) (geometric).",
    ),
    "weight_low": (W, "The factor's effective weight moved down by delta."),
    "weight_high": (W, "The factor's effective weight moved up by delta (at most 1)."),
    "score_at_low": (S, "The country's score with the factor's weight moved down."),
    "score_at_high": (S, "The country's score with the factor's weight moved up."),
    "score_min": (S, "The lowest of the three scores (base, down, up)."),
    "score_max": (S, "The highest of the three scores (base, down, up)."),
    "rank_min": ("rank", "The best (lowest) rank of the three."),
    "rank_max": ("rank", "The worst (highest) rank of the three."),
    "swing": (S, "The largest score change of any country when this factor's weight moves."),
    "increase_to": (W, "Effective weight at which a rise first changes the ranking."),
    "increase_change": (W, "increase_to minus the current weight."),
    "increase_percent": ("percent", "The rise relative to the current weight."),
    "increase_file_weight": (
        "model.yaml weight",
        "The factor's `weight` to write in model.yaml to reach increase_to (inf: none can; "
        "empty with a panel, whose analysts have their own weights).",
    ),
    "increase_swap": ("", "The pair that swaps at increase_to ('above ↔ below'), or 'none'."),
    "decrease_to": (W, "Effective weight at which a fall first changes the ranking."),
    "decrease_change": (W, "decrease_to minus the current weight."),
    "decrease_percent": ("percent", "The fall relative to the current weight."),
    "decrease_file_weight": (
        "model.yaml weight",
        "The factor's `weight` to write in model.yaml to reach decrease_to (empty with a "
        "panel, whose analysts have their own weights).",
    ),
    "decrease_swap": ("", "The pair that swaps at decrease_to ('above ↔ below'), or 'none'."),
    "mean": (S, "Mean score over the Monte Carlo samples."),
    "p05": (S, "5th percentile of the score over the Monte Carlo samples."),
    "p95": (S, "95th percentile of the score over the Monte Carlo samples."),
    "p_first": (P, "Probability of ranking first."),
    "expected_rank": ("rank", "Expected rank over the Monte Carlo samples."),
    "scenario": ("", "What-if name (file name in whatif/), or 'baseline'."),
    "score_change": (S, "Score under the scenario minus the baseline's."),
    "rank_change": ("ranks", "Baseline rank minus the scenario's (positive: moved up)."),
    "contribution_change": (S, "The factor's contribution under the scenario minus baseline."),
    "already_joined": ("", "True where the country had joined before the simulation starts."),
    "p_with_peers": (P, "Probability of joining within the horizon, with the peer effect."),
    "p_without_peers": (
        P,
        "Probability of joining within the horizon, each country alone (without the peer "
        "effect), simulated over the link's draws: a little apart from rankings' probability.",
    ),
    "spur": (P, "p_with_peers minus p_without_peers: what the peer effect adds."),
    "new_joiners": ("countries", "Number of countries that join within the horizon."),
    "order": ("", "Join order ('A → B'; the same year: 'A+B'), or 'no new joiner'."),
    "unconditional": (P, "Probability that the country joins within the horizon."),
    "label": ("", "Factor label (English, or Arabic with --lang ar where it exists)."),
    "low": ("scale units", "Low end of the value's range (given, or from its confidence)."),
    "high": ("scale units", "High end of the value's range (given, or from its confidence)."),
    "range_given": ("", "True where the profile gives low/high; else the model's default."),
    "confidence": ("", "Confidence in the evidence: low, medium or high."),
    "as_of": ("date", "Date of the evidence (YYYY-MM-DD; empty where undated)."),
    "basis": (
        "",
        "'background' where the value rests, wholly or in part, on the analyst's background "
        "knowledge rather than on its sources; empty otherwise.",
    ),
    "note": ("", "The analyst's note: why the value is what it is."),
    "sources": ("", "Sources of the value, separated by ' | '."),
    "label_ar": ("", "Factor label in Arabic (label_ar; empty where missing)."),
    "group": ("", "Group id of the factor."),
    "group_label": ("", "Group label in English."),
    "group_label_ar": ("", "Group label in Arabic (empty where missing)."),
    "direction": ("", "'for' raises the likelihood, 'against' lowers it."),
    "weight_in_group": ("model.yaml weight", "The factor's weight within its group, as written."),
    "group_weight": ("model.yaml weight", "The group's weight, as written."),
    "effective_weight": (W, "Group weight × factor weight, normalised to sum to 1."),
    "description": ("", "What the factor measures."),
    "status_date": ("date", "Date of the recorded status (joined), if any."),
    "S1": ("share of variance", "Sobol first-order index."),
    "S1_conf": ("share of variance", "95% confidence half-width of S1."),
    "ST": ("share of variance", "Sobol total-order index."),
    "ST_conf": ("share of variance", "95% confidence half-width of ST."),
    "input": ("", "The sampled input (a factor's weight or a country's value)."),
}
LEDGER_COLUMNS: dict[str, tuple[str, str]] = {
    "record": ("", "The record's number in the ledger."),
    "date": ("date", "The date the forecast was recorded."),
    "horizon": ("years", "The horizon of the record's probabilities."),
    "note": ("", "The analyst's note on the record, as written."),
    "content_hash": ("", "sha256 of the workspace's files when the record was made."),
    "tool_version": ("", "The version of scenarios that made the record."),
    "changes": ("", "The overrides the record was made with ('; '-separated)."),
    "aggregation": ("", "additive or geometric."),
    "as_of": ("date", "The model's evidence date (event.as_of) when recorded."),
    "level": ("0–1", "The level of the recorded probability intervals."),
    "seed": ("", "The seed of the record's random draws."),
    "forecasts": ("forecasts", "Probabilities in the record (countries not yet joined)."),
    "resolved": ("forecasts", "Forecasts whose outcome has resolved by the export's date."),
    "events": ("forecasts", "Resolved forecasts whose country joined within the horizon."),
    "unresolved": ("forecasts", "Forecasts whose outcome has not resolved yet."),
    "brier": ("Brier score (0–1)", "Mean squared error of the resolved forecasts."),
    "brier_base_rate": ("Brier score (0–1)", "The base rate's Brier score on the same outcomes."),
    "skill": ("", "1 − brier / brier_base_rate (above 0: better than the base rate)."),
    "log_loss": ("nats", "−mean ln P(what happened) over the resolved forecasts."),
    "log_loss_base_rate": ("nats", "The base rate's log loss on the same outcomes."),
    "brier_to_date": ("Brier score (0–1)", "Brier score of every record up to this one pooled."),
    "skill_to_date": ("", "Skill of every record up to this one pooled."),
    "outcome": ("", "event, non-event, unresolved or before (not a forecast)."),
    "resolves": ("date", "The end of the record's horizon from its evidence date."),
    "why": ("", "How the outcome was read from the country's status."),
}
BY_TABLE: dict[tuple[str, str], tuple[str, str]] = {
    **{
        (table, column): meaning
        for table in ("history", "records", "scores", "forecasts")
        for column, meaning in LEDGER_COLUMNS.items()
    },
    ("history", "score"): (S, "The country's score as recorded."),
    ("history", "rank"): ("rank", "The country's rank as recorded."),
    ("history", "probability"): (P, "The probability recorded (empty: joined by then)."),
    ("history", "name"): ("", "Country name as recorded."),
    ("forecasts", "probability"): (P, "The probability recorded for the country."),
    ("forecasts", "name"): ("", "Country name as recorded."),
    ("oat", "score"): (S, "The country's score at the base weights."),
    ("oat", "rank"): ("rank", "The country's rank at the base weights."),
    ("critical", "weight"): (W, "The factor's current effective weight."),
    ("mc_summary", "score"): (S, "The country's score at the base weights and values."),
    ("compare", "score"): (S, "The country's score under the scenario."),
    ("compare", "rank"): ("rank", "The country's rank under the scenario."),
    ("cascade_count", "probability"): (P, "Probability of this number of new joiners."),
    ("cascade_orders", "probability"): (P, "Probability of this join order."),
    ("cascade_by_year", "name"): COLUMNS["name"],
}
PATTERNS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"rank_(\d+)"), P, "Probability that the country holds rank {0}."),
    (re.compile(r"year_(\d+)"), P, "Probability of having joined by the end of year {0}."),
    (re.compile(r"given_(.+)"), P, "Probability of joining, given that {0} joins."),
]


def field_type(frame: pd.DataFrame, column: str) -> str:
    kind = frame[column].dtype.kind
    return {"b": "boolean", "i": "integer", "u": "integer", "f": "number"}.get(kind, "string")


def describe_column(table: str, column: str, ws: Workspace) -> tuple[str, str]:
    """(unit, meaning) of a column."""
    if (table, column) in BY_TABLE:
        return BY_TABLE[(table, column)]
    if column == "stale":  # the rule with its date, as every output that marks stale states it
        from scenarios.workspace.evidence import staleness

        return "", f"True where the evidence is stale: {staleness(ws)}."
    if column in COLUMNS:
        return COLUMNS[column]
    for pattern, unit, meaning in PATTERNS:
        match = pattern.fullmatch(column)
        if match:
            return unit, meaning.format(match.group(1))
    if table == "matrix" and column in ws.model.factors:
        return "scale units", f"Value of '{ws.model.factors[column].label}' ({column})."
    if table == "pairwise" and column in ws.country_ids:
        return P, f"Probability that the row's country ranks above {column}."
    return "", UNDOCUMENTED


def overrides_of(ws: Workspace, inputs: frozenset[str]) -> list[str]:
    """The overrides (as typed) that change a table computed from `inputs`."""
    out = []
    for change in ws.changes:
        if (
            isinstance(change, WhatIf)
            or (isinstance(change, WeightChange) and WEIGHTS in inputs)
            or (isinstance(change, ValueChange) and VALUES in inputs)
        ):
            out.append(str(change))
    return out


def _unit_with_scale(unit: str, ws: Workspace) -> str:
    if unit == "scale units":
        lo, hi = ws.scale
        return f"scale units ({lo:g}–{hi:g})"
    return unit


def resource(
    name: str, frame: pd.DataFrame, ws: Workspace, *, excel: bool, extra: str = ""
) -> dict[str, Any]:
    title, description, inputs = TABLES.get(name, (name, UNDOCUMENTED, frozenset()))
    changes = overrides_of(ws, inputs)
    if LEDGER in inputs:
        description += " Read from the ledger as recorded: the export's overrides do not apply."
    elif changes:
        description += " Computed with these overrides applied: " + ", ".join(changes) + "."
    else:
        description += " Computed from the workspace's files as they are (no overrides)."
    if extra:
        description += " " + extra
    fields = []
    for column in frame.columns:
        unit, meaning = describe_column(name, str(column), ws)
        spec: dict[str, Any] = {
            "name": str(column),
            "type": field_type(frame, column),
            "description": meaning,
        }
        if unit:
            spec["unit"] = _unit_with_scale(unit, ws)
        if spec["type"] == "boolean":
            spec["trueValues"] = ["True"]
            spec["falseValues"] = ["False"]
        fields.append(spec)
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig" if excel else "utf-8",
        "title": title,
        "description": description,
        "schema": {"fields": fields, "missingValues": [""]},
    }


def descriptor(
    frames: Mapping[str, pd.DataFrame],
    manifest: Mapping[str, Any],
    ws: Workspace,
    *,
    excel: bool,
    notes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The data package of an export: its CSVs as tabular resources (manifest.json, named in the
    description, is not a table)."""
    notes = notes or {}
    changes = [str(c) for c in ws.changes]
    description = (
        f"{ws.model.question} Exported by scenarios {manifest.get('version', '')} from the "
        f"workspace '{ws.name}' (content hash {ws.content_hash}); the options and seed are "
        "in manifest.json."
    )
    if changes:
        description += " Overrides applied: " + ", ".join(changes) + "."
    if ws.panel is not None:
        description += (
            f" Weights and values: the aggregate of the {ws.panel.describe()}, the analysts' "
            f"files in {ws.panel.folder}"
            + (" (invented analysts, to show how a panel works)." if ws.panel.illustrative else ".")
        )
    resources = [
        resource(name, frame, ws, excel=excel, extra=notes.get(name, ""))
        for name, frame in frames.items()
    ]
    return {
        "profile": "tabular-data-package",
        "name": re.sub(r"[^a-z0-9._-]+", "-", ws.model.title.lower()).strip("-") or "scenarios",
        "title": ws.model.title,
        "description": description,
        "version": str(manifest.get("version", "")),
        "resources": resources,
    }


def to_text(package: Mapping[str, Any]) -> str:
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


CASCADE_RUNS = 20_000


def extra_tables(ws: Workspace, ranking: Any, *, seed: int) -> dict[str, pd.DataFrame]:
    """The tables an export adds to the analyses': the evidence, the factors and countries with
    their labels in both languages, and the cascade (where the model has a link, a cascade
    block and a horizon of whole years)."""
    from scenarios.workspace.evidence import countries_frame, evidence_frame, factors_frame

    frames = {
        "evidence": evidence_frame(ws),
        "factors": factors_frame(ws),
        "countries": countries_frame(ws),
    }
    years = ranking.horizon
    if (
        ranking.link is not None
        and ws.model.cascade is not None
        and years is not None
        and float(years).is_integer()
        and years >= 1
    ):
        from scenarios.analyses.cascading import cascade

        c = cascade(ws, ranking.scores, ranking.link, runs=CASCADE_RUNS, seed=seed)
        frames |= {
            "cascade_by_year": c.by_year_frame(),
            "cascade_spur": c.spur_frame(),
            "cascade_count": c.count_frame(),
            "cascade_orders": c.orders_frame(),
            "cascade_conditional": c.conditional_frame(),
        }
    return frames


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def package_text(
    frames: Mapping[str, pd.DataFrame],
    manifest: Mapping[str, Any],
    ws: Workspace,
    *,
    excel: bool,
) -> str:
    """The text of datapackage.json describing the CSVs the frames are written as."""
    from scenarios.core.writers import flat

    notes = {
        name: f"{CASCADE_RUNS:,} simulated histories, seed {manifest.get('seed', '')}."
        for name in frames
        if name.startswith("cascade_")
    }
    horizon, level = manifest.get("horizon"), manifest.get("interval_level")
    if "rankings" in frames and horizon is not None and level is not None:
        # what a probability column means, said where the table is described
        notes["rankings"] = (
            f"Probabilities are of joining within {horizon:g} years of the evidence date; "
            f"probability_low and probability_high bound its {100 * level:g}% interval over "
            + _and_list(manifest.get("interval_covers") or ["the link's uncertainty"])
            + "."
            + (f" Not validated: {manifest['link_caveat']}." if manifest.get("link_caveat") else "")
            + (
                f" § The link is carried over: {manifest['link_transfer']}."
                if manifest.get("link_transfer")
                else ""
            )
            + (
                f" Weights: {manifest['link_equal_weights']}."
                if manifest.get("link_equal_weights")
                else ""
            )
        )
    written = {name: flat(frame) for name, frame in frames.items()}  # as the CSVs hold them
    return to_text(descriptor(written, manifest, ws, excel=excel, notes=notes))
