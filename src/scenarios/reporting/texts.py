"""The report's words in English and Arabic: headings, column names and the plain-language
readings, as format strings. The numbers are filled in by report.py, the same for both languages.

Text from the workspace's files that has no Arabic field (the question, notes, what-if
descriptions) is shown as written, marked as English.
"""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "en": {
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
        "equal_weights_note": (
            "out of sample no better than equal weights (skill {skill} vs {equal})"
        ),
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
        "history_no_rank_change": (
            "No country changed rank between the first and the latest record."
        ),
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
    },
    "ar": {
        "report": "تقرير",
        "kicker": "تقييم الاحتمالات",
        "contents": "المحتويات",
        "question": "السؤال",
        "event": "الحدث",
        "event_link": (
            "أن تنضم الدولة (أي أن تصبح حالتها «انضمت») خلال {horizon} من تاريخ الأدلة. "
            "تُحسب الاحتمالات من الدرجة بدالة لوجستية: {link}."
        ),
        "event_no_link": (
            "أن تنضم الدولة (أي أن تصبح حالتها «انضمت»). لا يحتوي النموذج على دالة ربط "
            "للاحتمال، لذا ترتّب الدرجةُ الدولَ لكنها ليست احتمالًا."
        ),
        "evidence_date": "تاريخ أحدث الأدلة",
        "chart_source": "المصدر: {tool}، مساحة العمل {workspace}. الأدلة حتى تاريخ {date}.",
        "undated": "غير مؤرخة",
        "workspace": "مساحة العمل",
        "workspace_panel": "{workspace}: تجميع لتقديرات لجنة من {n} محللين ({rule})",
        "workspace_panel_one": "{workspace}: تقديرات لجنة من محلل واحد ({rule})",
        "workspace_panel_illustrative": (
            "{workspace}: تجميع لتقديرات لجنة توضيحية من {n} محللين ({rule})؛ "
            "المحللون افتراضيون، لبيان طريقة عمل اللجنة"
        ),
        "workspace_panel_illustrative_one": (
            "{workspace}: تقديرات لجنة توضيحية من محلل واحد ({rule})؛ "
            "المحلل افتراضي، لبيان طريقة عمل اللجنة"
        ),
        "workspace_panel_two": "{workspace}: تجميع لتقديرات لجنة من محللَين اثنين ({rule})",
        "workspace_panel_illustrative_two": (
            "{workspace}: تجميع لتقديرات لجنة توضيحية من محللَين اثنين ({rule})؛ "
            "المحللان افتراضيان، لبيان طريقة عمل اللجنة"
        ),
        "workspace_panel_many": (
            "{workspace}: تجميع لتقديرات لجنة من المحللين، وعددهم {n} ({rule})"
        ),
        "workspace_panel_illustrative_many": (
            "{workspace}: تجميع لتقديرات لجنة توضيحية من المحللين، وعددهم {n} ({rule})؛ "
            "المحللون افتراضيون، لبيان طريقة عمل اللجنة"
        ),
        "changes": "التعديلات المطبقة",
        "none": "لا شيء",
        "original_english": ("النصوص المأخوذة من ملفات مساحة العمل معروضة كما كُتبت."),
        "years": "{n} سنوات",
        "year": "سنة واحدة",
        # key judgements: the answer first
        "key": "الأحكام الرئيسية",
        "key_lead": (
            "من بين الدول التي لم تنضم بعد، {name} هي الأرجح انضمامًا خلال {horizon}: {p} (مجاله "
            "بنسبة {level}: {range})، {words}."
        ),
        "key_lead_no_interval": (
            "من بين الدول التي لم تنضم بعد، {name} هي الأرجح انضمامًا خلال {horizon}: {p}، {words}."
        ),
        "key_lead_no_link": (
            "من بين الدول التي لم تنضم بعد، تأتي {name} أولًا بدرجة {score}؛ ولا دالة في النموذج "
            "تحوّل الدرجة إلى احتمال، فلا تعطي الصفحة احتمالًا."
        ),
        "key_base_rate": (
            "وبجانبه المعدل الأساسي: {events} من {of} دول مماثلة خلال {years}، أي {p} خلال "
            "{horizon} ({words})."
        ),
        "key_others": "والدول الأخرى، كل دولة وحدها: {others}.",
        "key_joined": "انضمت بالفعل، فلا تُرتَّب مع الأخريات: {names}.",
        "key_all_joined": "انضمت الدول كلها: لم يبقَ ما يُرتَّب.",
        "key_change_down": (
            "ما الذي قد يغيّر هذا الحكم: تتأخر {name} عن {other} لو انتقلت قيمتها في {factor} من "
            "{old} إلى {new}{beyond}، مع بقاء كل قيمة أخرى على حالها (أقرب تغيير كهذا في "
            "المؤشرات الدالة)."
        ),
        "key_change_up": (
            "ما الذي قد يغيّر هذا الحكم: تتقدم {other} على {name} لو انتقلت قيمتها في {factor} "
            "من {old} إلى {new}{beyond}، مع بقاء كل قيمة أخرى على حالها (أقرب تغيير كهذا في "
            "المؤشرات الدالة)."
        ),
        "key_change_none": (
            "ما الذي قد يغيّر هذا الحكم: لا تكفي قيمة واحدة ضمن المقياس لتقديم دولة أخرى على "
            "{name} (المؤشرات الدالة)."
        ),
        "key_beyond": "، أي خارج المدى الذي تعطيه أدلتها اليوم",
        "key_indicator": (
            "ومن المؤشرات التي تستحق المتابعة، {indicator} هو الأكثر تحريكًا لاحتمال {name}: من "
            "{p0} إلى {p1}."
        ),
        "key_date": "الأدلة مؤرخة حتى {date}.",
        "ranking_reading_alone": (
            "هذه الاحتمالات لكل دولة وحدها: ما تعطيه عواملها هي، من دون أثر النظراء الناتج عن "
            "انضمام غيرها، الذي يضيفه قسم الأثر المتتالي."
        ),
        "ranking_reading_alone_no_cascade": (
            "هذه الاحتمالات لكل دولة وحدها: ما تعطيه عواملها هي، من دون أي أثر لانضمام غيرها."
        ),
        "key_whatif": (
            "هذه الصفحة افتراض لا التوقع: {changes}. يعطي التوقعُ {name} {p0}، ويعطيها هذا "
            "الافتراض {p1}."
        ),
        "key_whatif_no_p": "هذه الصفحة افتراض لا التوقع: {changes}.",
        "key_history_left_out": (
            "تاريخ دفتر التوقعات هو تاريخ التوقع لا تاريخ هذا الافتراض، فهو خارج هذه الصفحة."
        ),
        "months": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
        "month_year": "{month} {year}",
        # a what-if page: a hypothetical, said so wherever it shows
        "kicker_whatif": "ماذا لو: افتراض، لا التوقع",
        "whatif_label": "ماذا لو: {changes}",
        "title_whatif": "ماذا لو: {changes} — {title}",
        "col_baseline_whatif": "افتراض هذه الصفحة",
        "whatifs_reading_whatif": (
            "يُطبَّق كل سيناريو وحده فوق افتراض هذه الصفحة، لا فوق التوقع؛ ويعطي الجدول الدرجة "
            "الجديدة والتغيّر والعوامل التي تقف وراءه."
        ),
        # the probability chart (the first chart)
        "chart_p": (
            "احتمال الانضمام خلال {horizon}، كل دولة وحدها: النقطة، ومجالها بنسبة {level} (الخط)"
        ),
        "chart_p_base": (
            "احتمال الانضمام خلال {horizon}، كل دولة وحدها: النقطة، ومجالها بنسبة {level} (الخط)؛ "
            "والخط المتقطع هو المعدل الأساسي"
        ),
        "axis_p_alone": "احتمال الانضمام خلال {horizon}، كل دولة وحدها",
        "legend_p_alone": "الاحتمال، كل دولة وحدها",
        "legend_p_interval": "مجاله بنسبة {level}",
        "legend_base_rate": "المعدل الأساسي",
        "line_base_rate": "المعدل الأساسي ({p})",
        "finding_p_only": "{name} هي الدولة الوحيدة فوق {line}",
        "finding_p_none": "لا دولة فوق {line}؛ و{name} هي الأرجح، باحتمال {p}",
        "finding_p_some": "عدد الدول فوق {line}: {n}؛ و{name} هي الأرجح، باحتمال {p}",
        "finding_p_one": "{name}، الدولة الوحيدة الباقية، احتمالها {p}",
        # chart titles that state what the chart finds
        "finding_scores_clear": "{name} صاحبة أعلى درجة، بعيدًا عن مجال كل درجة أخرى",
        "finding_scores_overlap": "{name} صاحبة أعلى درجة؛ ويتداخل مجالها مع مجالات: {names}",
        "finding_contributions": "«{factor}» هو أكثر العوامل إضافةً إلى الدرجات",
        "finding_tornado": "وزن «{factor}» هو الأكثر تحريكًا للدرجات (حتى {swing})",
        "finding_acceptability": "تحتل {name} المرتبة الأولى في {p} من عمليات المحاكاة",
        "finding_whatifs": "السيناريو «{title}» هو الأكثر تحريكًا لدرجة {name} ({change})",
        "finding_cascade_years": ("مع أثر النظراء، {name} هي الأرجح انضمامًا خلال {horizon}: {p}"),
        "finding_spur": "يضيف أثر النظراء أكثر ما يضيف إلى {name}: {spur} نقطة مئوية",
        "finding_spur_none": "لا يضيف أثر النظراء شيئًا إلى احتمال أي دولة",
        "finding_history_move": "احتمال {name} هو الأكثر تغيّرًا: من {p0} إلى {p1}",
        "finding_history_still": "لم يتغيّر أي احتمال بين القيد الأول وأحدث قيد",
        "finding_history_rank_move": "انتقلت {name} من الرتبة {a} إلى الرتبة {b}",
        "finding_history_ranks_still": "لم تتغيّر رتبة أي دولة بين القيد الأول وأحدث قيد",
        "finding_reliability_good": (
            "خارج العينة تتفوق الطريقة على المعدل الأساسي (المهارة {skill})"
        ),
        "finding_reliability_bad": (
            "خارج العينة لا تتفوق الطريقة على المعدل الأساسي (المهارة {skill})"
        ),
        "finding_reliability_auc": (
            "تتفوق درجة الدولة التي انضمت على درجة التي لم تنضم في {p} من الأزواج (مساحة ROC)"
        ),
        # ranking
        "ranking": "الترتيب",
        "ranking_reading_lead": "تأتي {first} في المرتبة الأولى بدرجة {score}",
        "ranking_reading_next": "، تليها {second} بدرجة {score2}",
        "ranking_reading_scale": (
            "تتراوح الدرجات بين 0 و1: قيمة كل عامل على مقياسه، بعد توجيهها بحيث تعني القيمة "
            "الأعلى دائمًا احتمالًا أكبر، مضروبة في وزنه، ثم تُجمع."
        ),
        "ranking_reading_joined": "انضمت بالفعل: {names}.",
        "ranking_reading_prob": (
            "من بين الدول التي لم تنضم بعد، {name} هي الأرجح انضمامًا خلال {horizon}: {p}."
        ),
        "p_with_interval": "{p} (مجاله بنسبة {level}: {range})",
        "link_source_file": "المقطع والميل كما حُدِّدا في {file}",
        "link_source_base": (
            "المقطع مشتقّ من المعدل الأساسي ({events} من {of} خلال {years} سنة، أي {rate} في "
            "السنة) عند متوسط الدرجات"
        ),
        "link_source_members": (
            "المقطع مضبوط بحيث تتوقّع الدالة انضمام {events} من {of} خلال {years} سنة، كما رُصد فعلًا"
        ),
        "caveat_assumed": "دالة الربط افتراضٌ لم يُعايَر على نتائج مرصودة",
        "caveat_unrecorded": "لم يُسجَّل فحص دالة الربط خارج العينة على {workspace}",
        "caveat_no_skill": (
            "خارج العينة لا تتفوّق دالة الربط على المعدل الأساسي (المهارة بترك واحد خارجًا "
            "{skill} على {workspace}، {outcomes})"
        ),
        "outcomes": "{n} نتائج",
        "outcomes_one": "نتيجة واحدة",
        "outcomes_two": "نتيجتان",
        "outcomes_many": "{n} نتيجة",
        "equal_weights_note": (
            "خارج العينة لا تتفوّق أوزان الملف على الأوزان المتساوية (المهارة {skill} مقابل {equal})"
        ),
        "panel_rule": "القيم: {values}، والاحتمالات: {p}",
        "rule_values_mean": "المتوسط",
        "rule_values_median": "الوسيط",
        "rule_values_trimmed_mean": "المتوسط المشذَّب (بحذف {share} من كل طرف)",
        "rule_p_linear_pool": "التجميع الخطي",
        "rule_p_log_odds": "متوسط لوغاريتم الأرجحية",
        "ranking_reading_interval": (
            "ترافق كلَّ احتمال فترتُه بنسبة {level} على الأوزان والقيم والدالة التي تحوّل الدرجة "
            "إلى احتمال (ميلها والمعدل الأساسي وميولها البديلة)، مسحوبةً معًا؛ ولا تشمل الأوزانَ "
            "المتساوية بدل أوزان الملف، ولا اختيارَ فئة المقارنة للمعدل الأساسي، ولا افتراضَ نقل "
            "الدالة من أحداث أخرى."
        ),
        "ranking_reading_interval_equal": (
            "ترافق كلَّ احتمال فترتُه بنسبة {level} على الأوزان (حول أوزان الملف، وحول الأوزان "
            "المتساوية في حصة من السحبات) والقيم والدالة التي تحوّل الدرجة إلى احتمال (ميلها "
            "والمعدل الأساسي وميولها البديلة)، مسحوبةً معًا؛ ولا تشمل اختيارَ فئة المقارنة "
            "للمعدل الأساسي، ولا افتراضَ نقل الدالة من أحداث أخرى."
        ),
        "ranking_reading_interval_link": (
            "ترافق كل احتمال فترته بنسبة {level} بحسب عدم اليقين في الدالة التي تحوّل الدرجة إلى "
            "احتمال (ميلها والمعدل الأساسي)؛ ولا تشمل الفترة عدم اليقين في الأوزان والقيم، الذي "
            "يعرضه مخطط الترتيب."
        ),
        "ranking_reading_wrong_way": (
            "يستند موقع {name} ({rank} من {n}) إلى عامل «{factor}»، وهو العامل الذي يشير في "
            "الاتجاه الخاطئ في الاختبار الرجعي (المساحة تحت منحنى التمييز له وحده {auc}، "
            "أي دون 0.5): "
            "ولو كان وزنه صفرًا لكان ترتيبه {new_rank} من {n}."
        ),
        "ranking_reading_unvalidated": (
            "† غير مُتحقَّق منها: {caveat}. اقرأ هذه الاحتمالات مقياسًا تقريبيًا لا توقعًا."
        ),
        "ranking_reading_base_rate": (
            "المعدل الأساسي وحده، {events} من {of} دول مماثلة خلال {years} سنة، يعطي {p} خلال "
            "{horizon} ({words}): وهو ما تُبعد العواملُ كلَّ دولة عنه."
        ),
        "ranking_reading_words": (
            "تُقرَّب الأرقام إلى الدقة التي يسمح بها مجالها (إلى عدد صحيح من النسبة المئوية حين يبلغ "
            "عرضه 10 نقاط أو أكثر)؛ والعبارات من سُلَّم التوجيه رقم 203 لمجتمع الاستخبارات "
            "الأمريكي (2015): شبه مستحيل دون 5%، مستبعد جداً 5–20%، مستبعد 20–45%، احتمال متساوٍ "
            "تقريباً 45–55%، مرجّح 55–80%، مرجّح جداً 80–95%، شبه مؤكد فوق 95%."
        ),
        "ranking_reading_transfer": "§ الدالة منقولة من أحداث أخرى: {transfer}.",
        "ranking_reading_equal": ("الأوزان: {note}."),
        "ranking_reading_gate": (
            "‡ يحدّ الشرط المانع '{gate}' من احتمال {names} مهما كانت العوامل الأخرى."
        ),
        "ranking_reading_mc": (
            "عند سحب الأوزان والقيم ضمن نطاقاتها (عدد عمليات محاكاة مونت كارلو: {samples})، "
            "تحتل {name} المرتبة الأولى في {p} منها؛ ويبيّن الرسم مجال 5–95% لكل درجة."
        ),
        "col_rank": "الرتبة",
        "col_country": "الدولة",
        "col_score": "الدرجة",
        "col_mc": "الدرجة 5–95%",
        "col_p": "احتمالها وحدها خلال {horizon}",
        "col_p_interval": "مجال الاحتمال",
        "col_status": "الحالة",
        "col_push": "أقوى دافع",
        "col_pull": "أقوى كابح",
        "joined": "انضمت",
        "joined_on": "انضمت {date}",
        "tie": "متعادلة",
        # many countries: what a chart draws and where the others are
        "chart_cut": (
            "يرسم المخطط أول {shown} دولة من أصل {total} بترتيب الرتبة؛ ويضمّها كلها الملف "
            "{file} الذي يكتبه الأمر {command}."
        ),
        "chart_cut_factors": (
            "ويرسم العوامل التي يحرّك وزنها الدرجات أكثر من غيرها، وعددها {shown} من أصل {total}؛ "
            "ويضمّ الملف {file} الذي يكتبه الأمر {command} العوامل كلها."
        ),
        "chart_cut_table": (
            "يرسم المخطط أول {shown} دولة من أصل {total} بترتيب الرتبة؛ ويسردها كلها الجدول "
            "أدناه، وكذلك الملف {file} الذي يكتبه الأمر {command}."
        ),
        "chart_cut_ranks": (
            "يرسم المخطط أول {shown} دولة من أصل {total} بترتيب الرتبة، مع احتمال أن تحتل كل "
            "منها الرتب من 1 إلى {shown}؛ ويجمع عموده الأخير الرتب {rest}. ويضمّ الملف {file} "
            "الذي يكتبه الأمر {command} كل الدول وكل الرتب."
        ),
        "rank_rest": "{a}–{b}",
        "more_countries": "اعرض الدول الأخرى، وعددها {n}",
        "more_evidence": "اعرض أدلة الدول الأخرى، وعددها {n}",
        "and_more": "و{n} غيرها",
        "and_more_shaded": "و{n} غيرها، مظلَّلة في الجداول أدناه",
        "chart_intervals": "الدرجة ومجالها 5–95% في محاكاة مونت كارلو",
        "axis_score": "الدرجة (0–1)",
        "legend_score": "الدرجة",
        "legend_interval": "5–95% من محاكاة مونت كارلو",
        # contributions
        "contributions": "لماذا حصلت كل دولة على درجتها",
        "contributions_reading": (
            "يجمع كل شريط مساهمات العوامل في الدرجة (الوزن × القيمة على مقياس من 0 إلى 1، "
            "موجّهةً بحيث تعني القيمة الأعلى احتمالًا أكبر). أقوى دافع هو العامل الذي يرفع "
            "الدرجة أكثر من غيره مقارنةً بقيمة متوسطة، وأقوى كابح هو الذي يخفضها أكثر من غيره."
        ),
        "contributions_reading_geometric": (
            "يضرب النموذج العوامل بعضها في بعض (تجميع هندسي): يجمع كل شريط الوزن × لوغاريتم "
            "القيمة، فالشريط الطويل عاملٌ ضعيف لا تعوّضه العوامل الأخرى."
        ),
        "chart_contributions": "مساهمة العوامل في كل درجة",
        "axis_contribution": "المساهمة في الدرجة",
        "axis_contribution_geometric": "الوزن × لوغاريتم القيمة",
        "high": "مرتفع",
        "low": "منخفض",
        "level": "{label} ({level})",
        "nothing": "–",
        # tornado
        "tornado": "أثر كل وزن",
        "tornado_reading": (
            "يُحرَّك وزن كل عامل بنسبة {delta} نزولًا وصعودًا، عاملًا واحدًا في كل مرة، مع "
            "إعادة توزيع الأوزان الأخرى بالتناسب. تبيّن الأشرطة مقدار تغيّر درجة كل دولة. "
            "العامل الأكثر أثرًا هو {factor}: إذ يغيّر الدرجة بما يصل إلى {swing}."
        ),
        "tornado_no_rank_change": "لا يغيّر أي تحريك منفرد بهذا الحجم ترتيبَ الدول.",
        "tornado_rank_change": "التحريكات التي تغيّر الترتيب: {moves}.",
        "chart_tornado": "تغيّر الدرجة عند خفض وزن واحد أو رفعه بنسبة {delta}",
        "axis_score_change": "تغيّر الدرجة",
        "legend_weight_down": "الوزن −{delta}",
        "legend_weight_up": "الوزن +{delta}",
        # critical
        "critical": "ما الذي يجب أن يتغير",
        "critical_reading": (
            "لكل عامل: أصغر تغيير في وزنه (مع إعادة توزيع الأوزان الأخرى بالتناسب) يغيّر "
            "الترتيب، والدولتان اللتان تتبادلان مكانيهما."
        ),
        "critical_most": (
            "أقرب نقطة تحوّل: لو تغيّر وزن {factor} من {w} إلى {w2} ({change})، لتبادلت {a} "
            "و{b} مكانيهما."
        ),
        "critical_none": "لا يغيّر أي تعديل منفرد للأوزان بين 0 و100% الترتيب.",
        "col_factor": "العامل",
        "col_weight": "الوزن الحالي",
        "col_up": "رفعه إلى",
        "col_down": "خفضه إلى",
        "col_swap": "التبادل",
        "no_swap": "لا تبادل",
        # acceptability
        "acceptability": "احتمال كل رتبة",
        "acceptability_reading": (
            "نسبة عمليات محاكاة مونت كارلو (من أصل {samples}) التي تحتل فيها كل دولة كل رتبة. "
            "تحتل {name} الرتبة الأولى في {p} منها{second}."
        ),
        "acceptability_second": "، و{name} في {p}",
        "chart_acceptability": (
            "احتمال أن تحتل الدولة كل رتبة (الخانة الفارغة: لم تحتلها في أي سحبة)"
        ),
        "rank_n": "الرتبة {n}",
        "ranks": "الرتبة",
        # what-ifs
        "whatifs": "سيناريوهات «ماذا لو»",
        "whatifs_reading": (
            "يُطبَّق كل سيناريو وحده على خط الأساس؛ ويعطي الجدول الدرجة الجديدة والتغيّر "
            "والعوامل التي تقف وراءه."
        ),
        "whatifs_biggest": "أكبر تغيّر: السيناريو «{title}» يغيّر درجة {name} بمقدار {change}.",
        "whatifs_rank_changes": "تغيّرات الرتب: {changes}.",
        "whatifs_no_rank_change": "لا يغيّر أي سيناريو ترتيبَ الدول.",
        "chart_whatifs": "تغيّر كل درجة في كل سيناريو",
        "col_whatif": "السيناريو",
        "col_baseline": "خط الأساس",
        "col_new": "السيناريو",
        "col_change": "التغيّر",
        "col_rank_change": "الرتبة",
        "col_behind": "العوامل وراء التغيّر",
        "rank_move": "{a} → {b}",
        # cascade
        "cascade": "الأثر المتتالي: هل يحفّز انضمامُ دولةٍ الأخريات؟",
        "cascade_reading": (
            "عدد المسارات المحاكاة {runs}، على مدى {horizon}: في كل سنة تنضم الدولة التي "
            "لم تنضم بعد باحتمالها السنوي الخاص، متأثرًا بنسبة نظيراتها اللواتي انضممن بالفعل (أثر "
            "النظراء {g}، مسحوبًا بين {low} و{high}، وما دون الصفر منه يكبح الدولة). ومن دون أثر "
            "النظراء تحسب المحاكاة متوسطًا على ميل الدالة ومعدلها الأساسي غير المؤكدين وميولها "
            "البديلة، فتبتعد "
            "أرقامها قليلًا عن أرقام الترتيب المحسوبة بقيمهما المركزية: يُستشهد بأرقام الترتيب "
            "مع مجالاتها."
        ),
        "cascade_spur": (
            "يضيف أثر النظراء أكثر ما يضيف إلى {name}: {p0} وحدها (بالمحاكاة) و{p1} مع أثر "
            "النظراء ({spur} نقطة مئوية)."
        ),
        "cascade_count": (
            "احتمال ألا تنضم أي دولة أخرى خلال {horizon}: {none}؛ واحتمال أن تنضم دولتان على "
            "الأقل: {two}."
        ),
        "chart_cascade_years": "احتمال الانضمام حسب السنة، مع أثر النظراء",
        "chart_spur": (
            "احتمال الانضمام خلال {horizon}: كل دولة وحدها (بالمحاكاة) ومع أثر النظراء، ولكلٍّ "
            "مجاله بنسبة {level}"
        ),
        "axis_year": "السنوات منذ تاريخ الأدلة",
        "axis_p_joined": "احتمال الانضمام، مع أثر النظراء",
        "axis_p_join": "احتمال الانضمام خلال {horizon}",
        "legend_without": "كل دولة وحدها (بالمحاكاة)",
        "legend_with": "مع أثر النظراء",
        "col_with": "مع أثر النظراء",
        "col_without": "وحدها (بالمحاكاة)",
        "col_spur": "أثر النظراء (نقاط مئوية)",
        "col_interval": "المجال بنسبة {level}",
        # history
        "history": "تاريخ التوقعات: كيف تغيّرت",
        "history_reading": (
            "عدد التوقعات المقيّدة في دفتر التوقعات {ledger}: {n}، من {first} إلى {last}، ومع "
            "كلٍّ منها تاريخه وبصمة محتوى مساحة العمل والخيارات التي صدر بها وملاحظة."
        ),
        "history_one": (
            "يضم دفتر التوقعات {ledger} قيدًا واحدًا، بتاريخ {date}: ولا يُرسم تاريخ للتوقعات "
            "بأقل من قيدين. يضيف الأمر {command} القيد التالي."
        ),
        "history_chart_p": (
            "تتابع كل لوحة دولةً واحدة، بترتيب أحدث قيد: احتمالها عند كل قيد (نقطة لكل قيد) "
            "والمجال المقيّد معه (الشريط المظلَّل). لكل لوحة مقياسها الخاص بدءًا من الصفر. "
            "والانقطاع في الخط يعني أن الدولة كانت قد انضمت حينها، أو أن القيد لا يشملها."
        ),
        "history_chart_rank": (
            "لا تحتوي القيود على احتمالات (لم يكن للنموذج دالة ربط)، لذا تتابع كل لوحة رتبة "
            "دولة واحدة عند كل قيد، والرتبة الأولى في الأعلى، بترتيب أحدث قيد."
        ),
        "history_records_without_p": (
            "القيود {records} لا تحتوي على احتمالات (لم يكن للنموذج دالة ربط حينها)، فلا نقاط "
            "لها في الرسم."
        ),
        "history_record_without_p": (
            "القيد {records} لا يحتوي على احتمالات (لم يكن للنموذج دالة ربط حينها)، فلا نقطة "
            "له في الرسم."
        ),
        "history_cut": (
            "يعرض الرسم أول {shown} دولة من أصل {total}، بترتيب أحدث قيد؛ ويضمها كلها الملف "
            "{file} الذي يكتبه الأمر {command}."
        ),
        "history_move": (
            "بين القيد الأول وأحدث قيد، كان أكبر تغيّر من نصيب {name}: من {p0} إلى {p1} "
            "({change} نقطة مئوية)."
        ),
        "history_like_latest": (
            "القيود التي تشارك أحدثَ قيد أفقَه الزمني وطريقةَ تجميعه: {n} من أصل {total}؛ "
            "فالمقارنات التالية، من القيد الأول إلى أحدث قيد، تقتصر عليها."
        ),
        "history_no_move": "لم يتغيّر أي احتمال بين القيد الأول وأحدث قيد.",
        "history_rank_changes": "تغيّرات الرتب بين القيد الأول وأحدث قيد: {changes}.",
        "history_no_rank_change": "لم تتغيّر رتبة أي دولة بين القيد الأول وأحدث قيد.",
        "history_horizons": (
            "تستخدم القيود آفاقًا زمنية مختلفة ({horizons})، فاحتمالاتها غير قابلة للمقارنة "
            "فيما بينها، وينقطع الخط في الرسم حيث يتغيّر الأفق."
        ),
        "history_aggregations": (
            "تستخدم القيود طرق تجميع مختلفة ({aggregations})، فدرجاتها ورتبها واحتمالاتها غير "
            "قابلة للمقارنة فيما بينها، وينقطع الخط في الرسم حيث تتغيّر طريقة التجميع."
        ),
        "history_panel": "{name} · الرتبة {rank}",
        "history_no_p": "لا احتمال",
        "history_records": "القيود",
        "chart_history": "احتمال الانضمام خلال {horizon} في تاريخ كل قيد، مع مجاله بنسبة {level}",
        "chart_history_mixed": "احتمال الانضمام في تاريخ كل قيد، مع مجاله",
        "chart_history_rank": "الرتبة في تاريخ كل قيد (1 = الأولى)",
        "legend_history_p": "الاحتمال عند كل قيد",
        "legend_history_interval": "مجاله",
        "legend_history_rank": "الرتبة عند كل قيد",
        "legend_history_other": "قيود صدرت على غير ما صدر به أحدثها (غير قابلة للمقارنة)",
        "col_record": "القيد",
        "col_record_note": "الملاحظة",
        "col_hash": "بصمة المحتوى",
        "col_changes": "الخيارات",
        # backtest
        "backtest": "الاختبار الرجعي: أداء الطريقة على التاريخ",
        "backtest_reading_cohort": (
            "تُختبر الطريقة على مجموعة «{title}» (عدد الدول {n}، انضمت منها {k})، مقيّمةً بما كان "
            "معروفًا قبل النتيجة وبالعوامل نفسها. لم تُحسم بعدُ نتائج مساحة العمل نفسها، فلا "
            "يمكن اختبارها عليها."
        ),
        "backtest_reading_own": (
            "النتائج المحسومة في مساحة العمل نفسها (عدد الدول {n}، انضمت منها {k}) مقارنةً بالدرجات."
        ),
        "backtest_reading_metrics": (
            "درجة براير: الأقل أفضل؛ والمهارة فوق الصفر تعني التفوق على التنبؤ الدائم بالمعدل "
            "الأساسي ({base}). الاختبار بترك واحد خارجًا هو الفحص النزيه خارج العينة؛ أما "
            "«المعايرة على الكل» فقد رأت كل النتائج فهي متفائلة. المساحة تحت منحنى التمييز {auc}: "
            "احتمال أن "
            "تتفوق درجة دولة انضمت على درجة دولة لم تنضم."
        ),
        "backtest_skill_good": "خارج العينة تتفوق الطريقة على المعدل الأساسي (المهارة {skill}).",
        "backtest_skill_bad": (
            "خارج العينة لا تتفوق الطريقة على المعدل الأساسي (المهارة {skill}): اقرأ الاحتمالات "
            "كرُتب تقريبية للحجم، والترتيب كالنتيجة الأمتن."
        ),
        "chart_reliability": "مخطط الموثوقية: المتوقع مقابل المرصود",
        "axis_predicted": "الاحتمال المتوقع",
        "axis_observed": "التكرار المرصود",
        "col_states": "عدد الدول",
        "legend_diagonal": "معايرة تامة",
        "col_predictions": "التنبؤات",
        "col_brier": "براير",
        "col_brier_base": "براير للمعدل الأساسي",
        "col_skill": "المهارة",
        "col_log_loss": "الخسارة اللوغاريتمية",
        "col_auc": "المساحة تحت المنحنى",
        "pred_model_link": "دالة النموذج",
        "pred_leave_one_out": "معايرة بترك واحد خارجًا",
        "pred_in_sample_fit": "معايرة على الكل (متفائلة)",
        "pred_base_rate": "خط الأساس: المعدل الأساسي",
        "pred_equal_weights": "خط الأساس: أوزان متساوية",
        # evidence
        "evidence": "ملحق الأدلة",
        "evidence_reading": (
            "كل قيمة مع مداها ودرجة الثقة في أدلتها وتاريخها وملاحظة المحلل ومصادرها."
        ),
        "evidence_stale": (
            "عُلِّمت بـ«قديمة» القيمُ المؤرخة قبل أكثر من {years} من تاريخ الأدلة ({date})، وعددها {n}."
        ),
        "evidence_background": (
            "عُلِّمت بـ«معرفة عامة» القيمُ التي تستند كلها أو بعضها إلى المعرفة العامة للمحلل لا إلى "
            "مصادرها، وعددها {n} من {m}."
        ),
        "references": "المراجع",
        "references_reading": (
            "كل عمل وعنوان تستشهد به الأدلة، مرقّمًا كما في الأدلة: الإحالة المختصرة مثل «`seed §6`» "
            "تسمّي عملًا مدرجًا أدناه وقسمه. يُعنوَن كل رابط بالنص الذي يستشهد به، ويؤرَّخ بالتاريخ "
            "الذي يذكره ذلك النص، وإلا فبتاريخ القيمة التي يسندها."
        ),
        "references_rule": (
            "تخضع المصادر لقاعدة واحدة: الناشر الأصلي أو المصدر الرسمي أولًا؛ أما النسخة المنقولة "
            "عن ويكيبيديا والمدونة والنسخة المنقولة دون أصلها والموقع الساخر فمصادر ضعيفة، "
            "ويُشار إلى ضعفها حيث لم يوجد الأصل."
        ),
        "ref_in_arabic": "بالعربية",
        "ref_cited_as": "يُستشهد به بوصفه {cites}.",
        "ref_no_date": "دون تاريخ",
        "ref_date_cited": "{date}، كما يؤرخه الاستشهاد",
        "ref_date_as_of": "{date}، تاريخ القيمة التي يسندها (لا يذكر الاستشهاد تاريخًا)",
        "ref_unresolved": "لا يعرّف model.yaml مرجعًا باسم «{key}»",
        "col_value": "القيمة",
        "col_range": "المدى",
        "col_confidence": "الثقة",
        "col_date": "التاريخ",
        "col_note": "الملاحظة والمصادر",
        "col_sources": "المصادر",
        "stale": "قديمة",
        "background": "معرفة عامة",
        "confidence_low": "منخفضة",
        "confidence_medium": "متوسطة",
        "confidence_high": "عالية",
        "direction_for": "يرفع الاحتمال",
        "direction_against": "يخفض الاحتمال",
        "status_note": "الحالة",
        # footer
        "footer": "لإعادة إنتاج هذه الصفحة",
        "footer_reading": (
            "الملفات والخيارات والبذرة نفسها تعطي الصفحة نفسها بايتًا ببايت. ويحمل ملف "
            "{file} في التصدير المعلومات نفسها."
        ),
        "f_version": "إصدار الأداة",
        "f_hash": "بصمة محتوى مساحة العمل ({algorithm})",
        "f_aggregation": "طريقة التجميع",
        "f_horizon": "الأفق الزمني",
        "f_samples": "عدد عمليات محاكاة مونت كارلو",
        "f_runs": "عدد مسارات الأثر المتتالي",
        "f_seed": "البذرة العشوائية",
        "f_delta": "تغيير الوزن (مخطط الإعصار)",
        "f_overrides": "التعديلات",
        "f_command": "الأمر",
        "f_language": "اللغة",
        "f_ledger": "دفتر التوقعات",
        "aggregation_additive": "جمعي (Σ الوزن × القيمة)",
        "aggregation_geometric": "هندسي (Π القيمة^الوزن)",
    },
}

# Arabic counts have forms English lacks (`count_form`): a dual, and one for counts above ten.
ARABIC_COUNT_FORMS = ("_two", "_many")
assert TEXT["en"].keys() == {k for k in TEXT["ar"] if not k.endswith(ARABIC_COUNT_FORMS)}, (
    "every English text needs its Arabic one"
)


# The method box (how the numbers are made), the factors that hold back, and effects in
# probability points: kept in their own table, merged into TEXT below.
METHOD_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "method": "How the numbers are made",
        "method_framework": (
            "The framework: what each factor measures, which way it works, how much it weighs and "
            "what the ends of its scale mean. Each country's value comes from the evidence in its "
            "profile (see the evidence appendix). The weight is the factor's share of the score: "
            "its group's weight × its weight within the group, scaled so that all add up to 100%, "
            "as scenarios rank uses them."
        ),
        "method_no_definition": (
            "model.yaml gives no description for {factors}: their definition is left blank "
            "rather than guessed."
        ),
        "method_no_ends": (
            "model.yaml does not say what the ends of the scale mean for {factors} (low_means, "
            "high_means): those cells are blank."
        ),
        "method_table": "The factors of the model",
        "col_definition": "Definition",
        "col_direction": "Direction",
        "col_effective_weight": "Weight",
        "col_scale_end": "{value} means",
        "direction_for": "pushes toward joining",
        "direction_against": "holds back",
        "method_link": (
            "From score to probability, a logistic link: each year's chance is {annual}, where s "
            "is the score, and the chance within {horizon} is {within}. With this model's "
            "coefficients: {formula}."
        ),
        "method_alternatives": (
            "The figure is the mean of this link and its {n} alternative slopes (other defensible "
            "fits, which scenarios calibrate lists)."
        ),
        "method_slope_fitted": (
            "The slope b ({slope}) was fitted on the {outcomes} states of the {workspace} "
            "workspace, {events} of which joined."
        ),
        "method_slope_skill": (
            "Out of sample (leave one out), its probabilities there have a Brier skill of {skill} "
            "against the base rate (above 0 beats it)."
        ),
        "method_slope_assumed": (
            "The slope b ({slope}) is a judgement written in model.yaml, not a fit."
        ),
        "method_intercept_members": (
            "The intercept a is not fitted: it is set so that the link expects {events} of the "
            "{of} states of the reference class to join within {years} years, as observed (the "
            "base rate)."
        ),
        "method_intercept_mean": (
            "The intercept a is not fitted: it is set so that a state of average score has the "
            "base rate's chance ({events} of {of} in {years} years)."
        ),
        "method_intercept_file": "The intercept a ({a}) is written in model.yaml.",
        "method_points": (
            "The sections below give each effect in score and in probability points: the change "
            "of a country's probability within {horizon} (from 5.0% to 8.1% is +3.1 points). "
            "For a change of weight the intercept is set anew from the base rate, as scenarios "
            "rank --weight would set it."
        ),
        "method_points_panel": (
            "With a panel, changes of weight are given in score only: the pooled probability "
            "comes from each analyst's own scores, not from one score."
        ),
        "method_no_link": (
            "The model has no link from score to probability: the scores rank the countries but "
            "are not probabilities, and every effect is given in score only."
        ),
        "method_caveats": "What the numbers cannot carry",
        "method_caveat_transfer": (
            "The link is carried over from other events ({transfer}): that it holds for these "
            "states now is an assumption, and no interval covers it."
        ),
        "method_caveat_thin": (
            "The base rate is thin: {events} of {of} states in {years} years. One join more or "
            "fewer would move every probability a long way; the interval carries the uncertainty "
            "of that count, not the choice of the reference class."
        ),
        "method_caveat_panel_illustrative": (
            "The panel is illustrative: its analysts are invented to show how a panel works, so "
            "its figures are nobody's judgement."
        ),
        "method_caveat_panel": (
            "The figures pool the judgements of a panel of analysts ({rule}): where they "
            "disagree, one pooled figure does not show it."
        ),
        # contributions: factors that hold back
        "legend_holds_back": "{label} (holds back; bar = how little of it)",
        "contributions_reading_holds_back": (
            "A factor that holds back ({factors}) adds to the score by its absence: its bar, "
            "hatched, is long where the factor is weak."
        ),
        # effects in probability points
        "points": "{points} points",
        "col_score_swing": "Score change",
        "col_points_swing": "P change (points)",
        "col_points_for": "For",
        "col_weight_move": "Weight moved",
        "tornado_table": "The largest change of a probability when each weight moves",
        "tornado_points": (
            "In probability, one weight moved alone changes a chance within {horizon} by at most "
            "{points} points: {name}'s, when the weight of {factor} moves {move}."
        ),
        "tornado_points_against": (
            "A probability can move against its own score: with a weight moved, the intercept is "
            "set anew so that the link still expects the base rate's count of joins, so a country "
            "whose score rises less than the others' loses chance."
        ),
        "col_points_swap": "P change (points)",
        "critical_points": (
            "The points columns give the change of the two countries' probabilities within "
            "{horizon} at that weight, in the order of the swap (– for a country that has "
            "joined)."
        ),
        "col_points_change": "P change (points)",
        "whatifs_points": (
            "In probability, the biggest change: “{title}” changes {name}'s probability within "
            "{horizon} by {points} points."
        ),
    },
    "ar": {
        "method": "كيف تُحسب الأرقام",
        "method_framework": (
            "إطار التقييم: ما يقيسه كل عامل، والاتجاه الذي يعمل فيه، ووزنه، وما يعنيه طرفا "
            "مقياسه. تأتي قيمة كل دولة من الأدلة الواردة في ملفها (انظر ملحق الأدلة). الوزن هو "
            "حصة العامل من الدرجة: وزن مجموعته × وزنه داخل المجموعة، مع تعديل الأوزان بحيث "
            "يبلغ مجموعها 100%، كما يستخدمها الأمر `scenarios rank`."
        ),
        "method_no_definition": (
            "لا يقدّم الملف `model.yaml` وصفًا للعوامل التالية: {factors}؛ لذا تُرك تعريفها فارغًا "
            "بدلًا من تخمينه."
        ),
        "method_no_ends": (
            "لا يذكر الملف `model.yaml` ما يعنيه طرفا المقياس للعوامل التالية: {factors} "
            "(low_means وhigh_means)؛ لذا تُركت هذه الخانات فارغة."
        ),
        "method_table": "عوامل النموذج",
        "col_definition": "التعريف",
        "col_direction": "الاتجاه",
        "col_effective_weight": "الوزن",
        "col_scale_end": "معنى {value}",
        "direction_for": "يدفع نحو الانضمام",
        "direction_against": "يكبح",
        "method_link": (
            "من الدرجة إلى الاحتمال، عبر دالة لوجستية: احتمال كل سنة هو {annual}، حيث `s` هي "
            "الدرجة، والاحتمال خلال {horizon} هو {within}. وبمعاملات هذا النموذج: {formula}."
        ),
        "method_alternatives": (
            "الرقم المعروض هو متوسط هذه الدالة وميولها البديلة الـ{n} (تقديرات أخرى يمكن الدفاع "
            "عنها، يعرضها الأمر `scenarios calibrate`)."
        ),
        "method_slope_fitted": (
            "قُدّر الميل `b` ({slope}) على الدول الـ{outcomes} في مساحة العمل {workspace}، "
            "انضمت منها {events}."
        ),
        "method_slope_skill": (
            "وخارج العينة (بترك حالة واحدة في كل مرة)، تبلغ مهارة احتمالاته هناك بمقياس براير "
            "{skill} مقارنةً بالمعدل الأساسي (ما فوق الصفر يتفوّق عليه)."
        ),
        "method_slope_assumed": (
            "الميل `b` ({slope}) تقدير مكتوب في الملف `model.yaml`، لا نتيجة مطابقة."
        ),
        "method_intercept_members": (
            "الحد الثابت `a` غير مقدَّر من البيانات: بل يُضبط بحيث تتوقع الدالة انضمام {events} من "
            "دول الفئة المرجعية الـ{of} خلال {years} سنة، كما حدث فعلًا (المعدل الأساسي)."
        ),
        "method_intercept_mean": (
            "الحد الثابت `a` غير مقدَّر من البيانات: بل يُضبط بحيث يكون لدولة ذات درجة متوسطة "
            "احتمالُ المعدل الأساسي ({events} من {of} خلال {years} سنة)."
        ),
        "method_intercept_file": "الحد الثابت `a` ({a}) مكتوب في الملف `model.yaml`.",
        "method_points": (
            "تعطي الأقسام التالية كل أثر بالدرجة وبالنقاط المئوية: أي تغيّر احتمال الدولة خلال "
            "{horizon} (الانتقال من 5.0% إلى 8.1% يساوي +3.1 نقطة). وعند تغيير وزن يُعاد ضبط "
            "الحد الثابت من المعدل الأساسي، كما يفعل الأمر `scenarios rank --weight`."
        ),
        "method_points_panel": (
            "مع لجنة من المحللين، تُعطى آثار تغيير الأوزان بالدرجة فقط: فالاحتمال المجمَّع يأتي من "
            "درجات كل محلل، لا من درجة واحدة."
        ),
        "method_no_link": (
            "ليس في النموذج دالة تحوّل الدرجة إلى احتمال: الدرجات ترتّب الدول لكنها ليست "
            "احتمالات، وكل أثر يُعطى بالدرجة فقط."
        ),
        "method_caveats": "ما لا تحمله الأرقام",
        "method_caveat_transfer": (
            "الدالة منقولة من أحداث أخرى ({transfer}): وصلاحيتها لهذه الدول اليوم افتراضٌ لا "
            "يغطيه أي مجال."
        ),
        "method_caveat_thin": (
            "المعدل الأساسي هشّ: {events} من {of} دول خلال {years} سنة. انضمام واحد زائد أو ناقص "
            "كان سيحرّك كل الاحتمالات كثيرًا؛ والمجال يحمل عدم اليقين في هذا العدد، لا في اختيار "
            "الفئة المرجعية."
        ),
        "method_caveat_panel_illustrative": (
            "اللجنة توضيحية: محللوها مُتخيَّلون لبيان طريقة عمل اللجنة، فأرقامها ليست تقدير أحد."
        ),
        "method_caveat_panel": (
            "تجمع الأرقام تقديرات لجنة من المحللين ({rule}): وحيث يختلفون، لا يُظهر الرقم المجمَّع "
            "ذلك الاختلاف."
        ),
        "legend_holds_back": "{label} (يكبح؛ الشريط = مدى ضعفه)",
        "contributions_reading_holds_back": (
            "العامل الذي يكبح ({factors}) يضيف إلى الدرجة بغيابه: شريطه المخطّط يطول حيث يضعف "
            "العامل."
        ),
        "points": "{points} نقطة مئوية",
        "col_score_swing": "تغيّر الدرجة",
        "col_points_swing": "تغيّر الاحتمال (نقاط مئوية)",
        "col_points_for": "للدولة",
        "col_weight_move": "تحريك الوزن",
        "tornado_table": "أكبر تغيّر في احتمالٍ عند تحريك كل وزن",
        "tornado_points": (
            "بالاحتمال، يغيّر تحريك وزن واحد وحده احتمالًا خلال {horizon} بما لا يزيد على "
            "{points} نقطة مئوية: احتمال {name}، عند تحريك وزن {factor} بنسبة {move}."
        ),
        "tornado_points_against": (
            "قد يتحرك الاحتمال عكس درجة الدولة نفسها: فعند تحريك وزن يُعاد ضبط الحد الثابت بحيث "
            "تظل الدالة تتوقع عدد الانضمامات في المعدل الأساسي، فالدولة التي ترتفع درجتها أقل من "
            "غيرها تخسر من احتمالها."
        ),
        "col_points_swap": "تغيّر الاحتمال (نقاط مئوية)",
        "critical_points": (
            "يعطي عمودا النقاط تغيّر احتمالَي الدولتين خلال {horizon} عند ذلك الوزن، بترتيب "
            "التبادل (– لدولة انضمت)."
        ),
        "col_points_change": "تغيّر الاحتمال (نقاط مئوية)",
        "whatifs_points": (
            "بالاحتمال، أكبر تغيّر: السيناريو «{title}» يغيّر احتمال {name} خلال {horizon} "
            "بمقدار {points} نقطة مئوية."
        ),
    },
}
for _lang, _texts in METHOD_TEXT.items():
    TEXT[_lang].update(_texts)


def count_form(lang: str, n: int) -> str:
    """The suffix of the key whose text agrees with `n` (a count of people or things):
    English '_one' for 1, else the plain key; Arabic '_one' for 1, '_two' for the dual, the
    plain key (plural) for 3 to 10, '_many' above, where the count follows the noun
    ('وعددهم 12') so that it needs no agreement of its own."""
    if n == 1:
        return "_one"
    if lang != "ar":
        return ""
    if n == 2:
        return "_two"
    return "" if 3 <= n <= 10 else "_many"
