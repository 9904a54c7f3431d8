"""The report's words in English: headings, column names and readings, as format strings."""

from __future__ import annotations

EN: dict[str, str] = {
    "report": "Report",
    "kicker": "Likelihood assessment",
    "contents": "Contents",
    "question": "Question",
    "event": "Event",
    "event_link": (
        "A country joins (its status becomes “joined”) within {horizon} of the evidence "
        "date. Probabilities come from a logistic link on the score: {link}."
    ),
    "event_no_link": (
        "A country joins (its status becomes “joined”). The model has no probability link, "
        "so the score ranks the countries but is not a probability."
    ),
    "evidence_date": "Evidence dated up to",
    "chart_source": "Source: {tool}, workspace {workspace}. Evidence dated up to {date}.",
    "undated": "undated",
    "workspace": "Workspace",
    "workspace_panel": "{workspace}: the aggregate of a panel of {n} analysts ({rule})",
    "workspace_panel_one": "{workspace}: a panel of 1 analyst ({rule})",
    "workspace_panel_illustrative": (
        "{workspace}: the aggregate of an illustrative panel of {n} analysts ({rule}); "
        "the analysts are invented, to show how a panel works"
    ),
    "workspace_panel_illustrative_one": (
        "{workspace}: an illustrative panel of 1 analyst ({rule}); the analyst is invented, "
        "to show how a panel works"
    ),
    "changes": "Changes applied",
    "none": "none",
    "original_english": "Text from the workspace's files is shown as written.",
    "years": "{n} years",
    "year": "1 year",
    # key judgements: the answer first
    "key": "Key judgements",
    "key_lead": (
        "Of the countries that have not joined, {name} is the most likely to join within "
        "{horizon}: {p} ({level} interval {range}), {words}."
    ),
    "key_lead_no_interval": (
        "Of the countries that have not joined, {name} is the most likely to join within "
        "{horizon}: {p}, {words}."
    ),
    "key_lead_no_link": (
        "Of the countries that have not joined, {name} ranks first, with a score of {score}; "
        "the model has no link from score to probability, so the page gives no probability."
    ),
    "key_base_rate": (
        "Beside it, the base rate: {events} of {of} comparable states in {years}, {p} within "
        "{horizon} ({words})."
    ),
    "key_others": "The others, each alone: {others}.",
    "key_joined": "Already joined, and not ranked against the others: {names}.",
    "key_all_joined": "Every country has joined: none is left to rank.",
    "key_change_down": (
        "What would change it: {name} would fall behind {other} if its value for {factor} "
        "went from {old} to {new}{beyond}, every other value as it is (the nearest such "
        "change in the signposts)."
    ),
    "key_change_up": (
        "What would change it: {other} would overtake {name} if its value for {factor} went "
        "from {old} to {new}{beyond}, every other value as it is (the nearest such change in "
        "the signposts)."
    ),
    "key_change_none": (
        "What would change it: no single value within the scale would put another country "
        "ahead of {name} (signposts)."
    ),
    "key_beyond": ", beyond the range its evidence gives today",
    "key_indicator": (
        "Of the indicators to watch, {indicator} would move {name} most: from {p0} to {p1}."
    ),
    "key_date": "Evidence dated up to {date}.",
    "ranking_reading_alone": (
        "These probabilities are each country's alone: what its own factors give, without "
        "the peer effect of others joining, which the cascade section adds."
    ),
    "ranking_reading_alone_no_cascade": (
        "These probabilities are each country's alone: what its own factors give, without "
        "any effect of others joining."
    ),
    "key_whatif": (
        "This page is a hypothetical, not the forecast: {changes}. The forecast gives {name} "
        "{p0}; this hypothetical gives {p1}."
    ),
    "key_whatif_no_p": "This page is a hypothetical, not the forecast: {changes}.",
    "key_history_left_out": (
        "The ledger's history is that of the forecast, not of this hypothetical: it is left "
        "out of this page."
    ),
    "months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "month_year": "{month} {year}",
    # a what-if page: a hypothetical, said so wherever it shows
    "kicker_whatif": "What if: a hypothetical, not the forecast",
    "whatif_label": "What if: {changes}",
    "title_whatif": "What if: {changes} — {title}",
    "col_baseline_whatif": "This page's hypothetical",
    "whatifs_reading_whatif": (
        "Each what-if is applied alone on top of this page's hypothetical, not of the "
        "forecast; the table gives the new score, the change and the factors behind it."
    ),
    # the probability chart (the first chart)
    "chart_p": (
        "Probability of joining within {horizon}, each country alone: the dot, with its "
        "{level} interval (the line)"
    ),
    "chart_p_base": (
        "Probability of joining within {horizon}, each country alone: the dot, with its "
        "{level} interval (the line); the dashed line is the base rate"
    ),
    "axis_p_alone": "P(join within {horizon}), each country alone",
    "legend_p_alone": "probability, each alone",
    "legend_p_interval": "its {level} interval",
    "legend_base_rate": "base rate",
    "line_base_rate": "the base rate ({p})",
    "finding_p_only": "{name} is the only country above {line}",
    "finding_p_none": "No country is above {line}; {name} is the most likely, at {p}",
    "finding_p_some": "{n} countries are above {line}; {name} is the most likely, at {p}",
    "finding_p_one": "{name}, the one country left, stands at {p}",
    # chart titles that state what the chart finds
    "finding_scores_clear": "{name} scores highest, clear of every other score's interval",
    "finding_scores_overlap": "{name} scores highest; its interval overlaps those of: {names}",
    "finding_contributions": "{factor} adds the most to the scores",
    "finding_tornado": "The weight of {factor} moves the scores most (up to {swing})",
    "finding_acceptability": "{name} ranks first in {p} of runs",
    "finding_whatifs": "“{title}” moves {name}'s score most ({change})",
    "finding_cascade_years": (
        "With the peer effect, {name} is the likeliest to have joined within {horizon}: {p}"
    ),
    "finding_spur": "The peer effect adds most to {name}: {spur} points",
    "finding_spur_none": "The peer effect adds to no country's probability",
    "finding_history_move": "{name}'s probability moved most: from {p0} to {p1}",
    "finding_history_still": "No probability moved between the first and the latest record",
    "finding_history_rank_move": "{name} moved from rank {a} to rank {b}",
    "finding_history_ranks_still": (
        "No country changed rank between the first and the latest record"
    ),
    "finding_reliability_good": "Out of sample, the method beats the base rate (skill {skill})",
    "finding_reliability_bad": (
        "Out of sample, the method does not beat the base rate (skill {skill})"
    ),
    "finding_reliability_auc": (
        "A country that joined outscores one that did not in {p} of pairs (ROC AUC)"
    ),
    # ranking
    "ranking": "Ranking",
    "ranking_reading_lead": "{first} ranks first with a score of {score}",
    "ranking_reading_next": "; {second} follows with {score2}",
    "ranking_reading_scale": (
        "Scores run from 0 to 1: each factor's value on its scale, turned so that higher "
        "always means more likely, times its weight, added up."
    ),
    "ranking_reading_joined": "Already joined: {names}.",
    "ranking_reading_prob": (
        "Of the countries that have not joined, {name} is the most likely to join within "
        "{horizon}: {p}."
    ),
    "p_with_interval": "{p} ({level} interval {range})",
    # where the link's intercept comes from, and why it is not validated
    "link_source_file": "{file}",
    "link_source_base": (
        "intercept from the base rate ({events} of {of} in {years} years, {rate} a year) at "
        "the mean score"
    ),
    "link_source_members": "intercept: {events} of {of} expected in {years} years, as observed",
    "caveat_assumed": "the link is an assumption, not fitted to outcomes",
    "caveat_unrecorded": "the link's out-of-sample check on {workspace} is not recorded",
    "caveat_no_skill": (
        "out of sample the link does not beat the base rate (leave-one-out skill {skill} on "
        "{workspace}, {outcomes})"
    ),
    "outcomes": "{n} outcomes",
    "outcomes_one": "1 outcome",
    "equal_weights_note": ("out of sample no better than equal weights (skill {skill} vs {equal})"),
    # how a panel combines its analysts
    "panel_rule": "values {values}, P {p}",
    "rule_values_mean": "mean",
    "rule_values_median": "median",
    "rule_values_trimmed_mean": "trimmed mean ({share} off each end)",
    "rule_p_linear_pool": "linear pool",
    "rule_p_log_odds": "mean of log-odds",
    "ranking_reading_interval": (
        "Each probability comes with its {level} interval over the weights, the values and "
        "the link from score to probability (its slope, the base rate and its alternative "
        "slopes), drawn together; it does not cover equal weights in place of the file's, the "
        "choice of reference class for the base rate, or the carrying over of the link from "
        "other events."
    ),
    "ranking_reading_interval_equal": (
        "Each probability comes with its {level} interval over the weights (around the "
        "file's and, for a share of the draws, around equal weights), the values and the link "
        "from score to probability (its slope, the base rate and its alternative slopes), "
        "drawn together; it does not cover the choice of reference class for the base rate, "
        "or the carrying over of the link from other events."
    ),
    "ranking_reading_interval_link": (
        "Each probability comes with its {level} interval over what is uncertain in the "
        "link from score to probability (its slope and the base rate); the interval does not "
        "include the uncertainty of the weights and values, which the rank chart shows."
    ),
    "ranking_reading_wrong_way": (
        "{name}'s place ({rank} of {n}) rests on {factor}, the factor that points the wrong "
        "way in the backtest (alone, its ROC AUC is {auc}, below 0.5): with its weight at 0 it "
        "would be {new_rank} of {n}."
    ),
    "ranking_reading_unvalidated": (
        "† Not validated: {caveat}. Read these probabilities as a rough scale, not a forecast."
    ),
    "ranking_reading_base_rate": (
        "The base rate alone, {events} of {of} comparable states in {years} years, gives {p} "
        "within {horizon} ({words}): what the factors move each country away from."
    ),
    "ranking_reading_words": (
        "Figures are rounded to the precision their interval allows (whole percent where it is "
        "10 points wide or more); the words are the yardstick of ICD 203 (US Intelligence "
        "Community Directive 203, 2015): almost no chance below 5%, very unlikely 5–20%, "
        "unlikely 20–45%, roughly even chance 45–55%, likely 55–80%, very likely 80–95%, "
        "almost certain above 95%."
    ),
    "ranking_reading_transfer": ("§ The link is carried over from other events: {transfer}."),
    "ranking_reading_equal": "Weights: {note}.",
    "ranking_reading_gate": (
        "‡ The gate '{gate}' caps the probability of {names}, whatever the other factors say."
    ),
    "ranking_reading_mc": (
        "With weights and values drawn within their ranges ({samples} Monte Carlo runs), "
        "{name} ranks first in {p} of runs; the chart shows each score's 5–95% interval."
    ),
    "col_rank": "Rank",
    "col_country": "Country",
    "col_score": "Score",
    "col_mc": "Score 5–95%",
    "col_p": "P alone, ≤ {horizon}",
    "col_p_interval": "P interval",
    "col_status": "Status",
    "col_push": "Strongest push",
    "col_pull": "Strongest pull",
    "joined": "joined",
    "joined_on": "joined {date}",
    "tie": "tied",
    # many countries: what a chart draws and where the others are
    "chart_cut": (
        "The chart draws the first {shown} of the {total} countries, in rank order; the "
        "file {file}, written by {command}, has them all."
    ),
    "chart_cut_factors": (
        "It draws the {shown} factors whose weight moves the scores most, of {total}; the "
        "file {file}, written by {command}, has every factor."
    ),
    "chart_cut_table": (
        "The chart draws the first {shown} of the {total} countries, in rank order; the "
        "table below lists them all, as does {file}, written by {command}."
    ),
    "chart_cut_ranks": (
        "The chart draws the first {shown} of the {total} countries, in rank order, with "
        "their chances of ranks 1 to {shown}; its last column adds up ranks {rest}. "
        "The file {file}, written by {command}, has every country and every rank."
    ),
    "rank_rest": "{a}–{b}",
    "more_countries": "Show the other {n} countries",
    "more_evidence": "Show the evidence for the other {n} countries",
    "and_more": "and {n} more",
    "and_more_shaded": "and {n} more, shaded in the tables below",
    "chart_intervals": "Score with its Monte Carlo 5–95% interval",
    "axis_score": "Score (0–1)",
    "legend_score": "score",
    "legend_interval": "5–95% of Monte Carlo runs",
    # contributions
    "contributions": "Why each country scores as it does",
    "contributions_reading": (
        "Each bar adds up the factors' contributions to the score (weight × value on a 0–1 "
        "scale, turned so that higher means more likely). The strongest push is the factor "
        "lifting the score most compared with a middling value; the strongest pull holds it "
        "back most."
    ),
    "contributions_reading_geometric": (
        "The model multiplies the factors (geometric): each bar adds up weight × log of the "
        "value, so a long bar to the left is a weak factor that others cannot make up for."
    ),
    "chart_contributions": "Factor contributions to each score",
    "axis_contribution": "Contribution to the score",
    "axis_contribution_geometric": "Weight × log(value)",
    "high": "high",
    "low": "low",
    "level": "{label} ({level})",
    "nothing": "–",
    # tornado
    "tornado": "How much each weight matters",
    "tornado_reading": (
        "Each factor's weight is moved {delta} down and up, one at a time, with the others "
        "rescaled in proportion. The bars show how far each country's score moves. "
        "{factor} matters most: it moves a score by up to {swing}."
    ),
    "tornado_no_rank_change": "No single move of this size changes the order of the ranking.",
    "tornado_rank_change": "Moves that change the order: {moves}.",
    "chart_tornado": "Score change when one weight moves {delta} down or up",
    "axis_score_change": "Change of the score",
    "legend_weight_down": "weight −{delta}",
    "legend_weight_up": "weight +{delta}",
    # critical
    "critical": "What would have to change",
    "critical_reading": (
        "For each factor, the smallest change of its weight (the others rescaled in "
        "proportion) that changes the ranking, and which two countries would swap."
    ),
    "critical_most": (
        "The nearest tipping point: if the weight of {factor} went from {w} to {w2} "
        "({change}), {a} and {b} would swap places."
    ),
    "critical_none": "No single weight change within 0–100% reorders the ranking.",
    "col_factor": "Factor",
    "col_weight": "Weight now",
    "col_up": "Raised to",
    "col_down": "Lowered to",
    "col_swap": "Swap",
    "no_swap": "no swap",
    # acceptability
    "acceptability": "Rank acceptability",
    "acceptability_reading": (
        "The share of {samples} Monte Carlo runs in which each country holds each rank. "
        "{name} holds rank 1 in {p} of runs{second}."
    ),
    "acceptability_second": "; {name} in {p}",
    "chart_acceptability": "Probability of holding each rank (blank: never, in any draw)",
    "rank_n": "Rank {n}",
    "ranks": "Rank",
    # what-ifs
    "whatifs": "What-if scenarios",
    "whatifs_reading": (
        "Each what-if is applied alone to the baseline; the table gives the new score, "
        "the change and the factors behind it."
    ),
    "whatifs_biggest": "The largest move: “{title}” changes {name}'s score by {change}.",
    "whatifs_rank_changes": "Rank changes: {changes}.",
    "whatifs_no_rank_change": "No what-if changes the order of the ranking.",
    "chart_whatifs": "Change of each score under each what-if",
    "col_whatif": "What-if",
    "col_baseline": "Baseline",
    "col_new": "What-if",
    "col_change": "Change",
    "col_rank_change": "Rank",
    "col_behind": "Factors behind the change",
    "rank_move": "{a} → {b}",
    # cascade
    "cascade": "The cascade: will one joining spur the others?",
    "cascade_reading": (
        "{runs} simulated histories over {horizon}: each year a country that has not joined "
        "joins with its own annual probability, moved by the share of its peers that have "
        "already joined (peer effect {g}, drawn between {low} and {high}: below 0 it holds "
        "a country back). Without the peer effect the simulation averages over the link's "
        "uncertain slope, base rate and alternative slopes, so its figures sit a little "
        "apart from the ranking's, which use their central values: quote the ranking's, with "
        "its interval."
    ),
    "cascade_spur": (
        "The peer effect adds most to {name}: {p0} alone (simulated), {p1} with the peer "
        "effect ({spur} points)."
    ),
    "cascade_count": (
        "Chance that no further country joins within {horizon}: {none}; that at least two "
        "do: {two}."
    ),
    "chart_cascade_years": "Probability of having joined, by year, with the peer effect",
    "chart_spur": (
        "Probability of joining within {horizon}: alone (simulated) and with the peer effect, "
        "each with its {level} interval"
    ),
    "axis_year": "Years from the evidence date",
    "axis_p_joined": "P(joined), with the peer effect",
    "axis_p_join": "P(join within {horizon})",
    "legend_without": "alone (simulated)",
    "legend_with": "with the peer effect",
    "col_with": "With the peer effect",
    "col_without": "Alone (simulated)",
    "col_spur": "Peer effect (points)",
    "col_interval": "{level} interval",
    # history
    "history": "History: how the forecasts moved",
    "history_reading": (
        "{n} forecasts recorded in the ledger {ledger}, from {first} to {last}, each with "
        "its date, the workspace's content hash, the options it was made with and a note."
    ),
    "history_one": (
        "The ledger {ledger} holds one forecast, recorded on {date}: a history needs at "
        "least two records. {command} adds the next."
    ),
    "history_chart_p": (
        "Each panel follows one country, in the order of the latest record: its probability "
        "at each record (a dot a record) and the interval recorded with it (the band). Each "
        "panel has its own scale, starting at 0. A gap: the country had joined by then, or "
        "the record does not include it."
    ),
    "history_chart_rank": (
        "The records hold no probabilities (the model had no link), so each panel follows "
        "one country's rank at each record, rank 1 at the top, in the order of the latest "
        "record."
    ),
    "history_records_without_p": (
        "Records {records} hold no probabilities (the model had no link then): the chart "
        "has no point for them."
    ),
    "history_record_without_p": (
        "Record {records} holds no probabilities (the model had no link then): the chart "
        "has no point for it."
    ),
    "history_cut": (
        "The chart shows the first {shown} of the {total} countries, in the order of the "
        "latest record; the file {file} that {command} writes holds them all."
    ),
    "history_move": (
        "Between the first and the latest record, the largest move is {name}'s: from {p0} "
        "to {p1} ({change} points)."
    ),
    "history_like_latest": (
        "Only {n} of the {total} records were made with the latest record's horizon and "
        "aggregation: the comparisons that follow, from the first record to the latest, use "
        "those alone."
    ),
    "history_no_move": "No probability moved between the first and the latest record.",
    "history_rank_changes": "Rank changes between the first and the latest record: {changes}.",
    "history_no_rank_change": ("No country changed rank between the first and the latest record."),
    "history_horizons": (
        "The records use different horizons ({horizons}): their probabilities are not "
        "comparable across them, and the chart's line is broken where the horizon changes."
    ),
    "history_aggregations": (
        "The records use different aggregations ({aggregations}): their scores, ranks and "
        "probabilities are not comparable across them, and the chart's line is broken where "
        "the aggregation changes."
    ),
    "history_panel": "{name} · rank {rank}",
    "history_no_p": "no probability",
    "history_records": "Records",
    "chart_history": (
        "Probability of joining within {horizon} at each record date, with its {level} interval"
    ),
    "chart_history_mixed": "Probability of joining at each record date, with its interval",
    "chart_history_rank": "Rank at each record date (1 = first)",
    "legend_history_p": "probability at each record",
    "legend_history_interval": "its interval",
    "legend_history_rank": "rank at each record",
    "legend_history_other": "made otherwise than the latest (not comparable)",
    "col_record": "Record",
    "col_record_note": "Note",
    "col_hash": "Content hash",
    "col_changes": "Options",
    # backtest
    "backtest": "Backtest: how the method did on history",
    "backtest_reading_cohort": (
        "The method is checked on the cohort “{title}” ({n} countries, {k} of them joined), "
        "scored on what was knowable before the outcome, with the same factors. The "
        "workspace's own outcomes are not yet resolved, so it cannot be checked on itself."
    ),
    "backtest_reading_own": (
        "The workspace's own resolved outcomes ({n} countries, {k} of them joined) against "
        "the scores."
    ),
    "backtest_reading_metrics": (
        "Brier score: lower is better; skill above 0 beats always forecasting the base rate "
        "({base}). Leave-one-out is the honest out-of-sample check; “calibrated on all” has "
        "seen every outcome and is optimistic. ROC AUC {auc}: the chance that a country that "
        "joined outscores one that did not."
    ),
    "backtest_skill_good": "Out of sample, the method beats the base rate (skill {skill}).",
    "backtest_skill_bad": (
        "Out of sample, the method does not beat the base rate (skill {skill}): read the "
        "probabilities as rough orders of magnitude and the ranking as the firmer result."
    ),
    "chart_reliability": "Reliability: predicted against observed",
    "axis_predicted": "Predicted probability",
    "axis_observed": "Observed frequency",
    "col_states": "States",
    "legend_diagonal": "perfect calibration",
    "col_predictions": "Predictions",
    "col_brier": "Brier",
    "col_brier_base": "Brier, base rate",
    "col_skill": "Skill",
    "col_log_loss": "Log loss",
    "col_auc": "ROC AUC",
    "pred_model_link": "model's link",
    "pred_leave_one_out": "leave-one-out calibrated",
    "pred_in_sample_fit": "calibrated on all (optimistic)",
    "pred_base_rate": "baseline: the base rate",
    "pred_equal_weights": "baseline: equal weights",
    # evidence
    "evidence": "Evidence",
    "evidence_reading": (
        "Every value with its range, the confidence of its evidence, its date, the "
        "analyst's note and the sources."
    ),
    "evidence_stale": (
        "Marked stale: older than {years} at the evidence date, {date}; {n} values."
    ),
    "evidence_background": (
        "Marked background knowledge: the value rests, wholly or in part, on the analyst's "
        "background knowledge rather than on its sources; {n} of {m} values."
    ),
    "references": "References",
    "references_reading": (
        "Every work and address the evidence cites, numbered as in the evidence: a short "
        "citation such as “seed §6” names a work below and its section. An address is "
        "titled by the text that cites it and dated by the date that text gives, else by "
        "the date of the value it backs."
    ),
    "references_rule": (
        "Sources are held to one rule: the original publisher or an official source first; "
        "a mirror of Wikipedia, a blog, a copy without its original or a satire site is "
        "weak, and is marked so where no original was found."
    ),
    "ref_in_arabic": "in Arabic",
    "ref_cited_as": "Cited as {cites}.",
    "ref_no_date": "undated",
    "ref_date_cited": "{date}, as the citation dates it",
    "ref_date_as_of": "{date}, the date of the value it backs (the citation gives none)",
    "ref_unresolved": "no reference in model.yaml defines “{key}”",
    "col_value": "Value",
    "col_range": "Range",
    "col_confidence": "Confidence",
    "col_date": "Date",
    "col_note": "Note and sources",
    "col_sources": "Sources",
    "stale": "stale",
    "background": "background knowledge",
    "confidence_low": "low",
    "confidence_medium": "medium",
    "confidence_high": "high",
    "direction_for": "raises the likelihood",
    "direction_against": "lowers the likelihood",
    "status_note": "Status",
    # footer
    "footer": "Reproduce this page",
    "footer_reading": (
        "The same files, options and seed give the same page, byte for byte. The export's "
        "{file} carries the same facts."
    ),
    "f_version": "Tool version",
    "f_hash": "Workspace content hash ({algorithm})",
    "f_aggregation": "Aggregation",
    "f_horizon": "Horizon",
    "f_samples": "Monte Carlo samples",
    "f_runs": "Cascade histories",
    "f_seed": "Seed",
    "f_delta": "Weight change (tornado)",
    "f_overrides": "Overrides",
    "f_command": "Command",
    "f_language": "Language",
    "f_ledger": "Ledger",
    "aggregation_additive": "additive (Σ weight × value)",
    "aggregation_geometric": "geometric (Π value^weight)",
}
