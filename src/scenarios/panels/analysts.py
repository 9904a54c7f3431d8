"""A panel of analysts: independent judgements, combined by a stated rule, their disagreement
kept as uncertainty.

A workspace may hold panel/<analyst>.yaml: one analyst's own values (with low, high and
confidence, as in a profile) for any countries and factors, and optionally their own weights,
typed in model.yaml's terms or elicited by swing weighting. What an analyst leaves out falls
back to the profiles and to model.yaml, so every analyst has a complete workspace of their own:
their *view*.

The workspace the commands score is the aggregate of the views, by the rule of
`panel.aggregate` in model.yaml: each cell's value, low and high combine by a weighted mean,
median or trimmed mean, and so does each factor's effective weight; the analysts' probabilities
pool linearly or by the mean of their log-odds (optionally extremized). The views stay on the
workspace (`Workspace.panel`) for `scenarios panel`, the pooled probabilities and the Monte
Carlo, which can draw one analyst per sample (a linear opinion pool).

Each job has its module: `judgements` (the files and each analyst's view), `swing`, `pooling`,
`panel` (combining the views), `pooled_draws` (the panel's Monte Carlo), `trackrecord` and
`selection` (--panel, --panel-aggregate). This one gathers their public names for the layers
above; modules of `panels` import from those modules directly.
"""

from __future__ import annotations

from scenarios.panels.judgements import (
    ANALYST_ID,
    FOLDER,
    Analyst,
    Weighting,
    check_files,
    filled,
    panel_paths,
    read_files,
    with_effective_weights,
)
from scenarios.panels.panel import Draws, Panel, attach, combined
from scenarios.panels.pooling import EPS, average_ranks, caps_of, combine, pool, weighted_spearman
from scenarios.panels.selection import (
    EXAMPLE_PANEL,
    RULE_CHOICES,
    RULE_NUMBERS,
    PanelChoice,
    RuleLike,
    no_panel,
    panel_folder,
    parse_rule,
    use_panel,
    with_rule,
)
from scenarios.panels.swing import swing_weights
from scenarios.panels.trackrecord import (
    TrackRecord,
    performance_weights,
    record_workspace,
    track_record,
)

__all__ = [
    "ANALYST_ID",
    "EPS",
    "EXAMPLE_PANEL",
    "FOLDER",
    "RULE_CHOICES",
    "RULE_NUMBERS",
    "Analyst",
    "Draws",
    "Panel",
    "PanelChoice",
    "RuleLike",
    "TrackRecord",
    "Weighting",
    "attach",
    "average_ranks",
    "caps_of",
    "check_files",
    "combine",
    "combined",
    "filled",
    "no_panel",
    "panel_folder",
    "panel_paths",
    "parse_rule",
    "performance_weights",
    "pool",
    "read_files",
    "record_workspace",
    "swing_weights",
    "track_record",
    "use_panel",
    "weighted_spearman",
    "with_effective_weights",
    "with_rule",
]
