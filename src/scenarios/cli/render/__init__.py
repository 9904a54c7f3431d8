"""The terminal renderers: rich tables and bars, one module a command family.

Every table reads at 80 columns: a name (country, factor, what-if) is never cut, a column that
carries meaning is never dropped, and a cell wraps over two lines at most. Where a table cannot fit
it changes shape at drawing time, when the width is known: `fit` picks the first layout that fits
(wide, else abbreviated with a legend), `split_columns` deals many columns out over several
tables. Colour is never the only signal: what favours the outcome or works against it also
carries a sign or an arrow, and only a terminal with colour hears about colours. A probability is
shown to the precision its own interval allows, with its words (`probability_words`); a change of
probability, in points, keeps its decimal: it is not a probability.

A renderer takes finished results and computes nothing: what a table shows was worked out by the
analyses, and the API hands it over. `render_tracking` (record, history, diff, score) and
`render_import` draw with the same building blocks (`render.common`).
"""

from scenarios.cli.render.cascading import cascade
from scenarios.cli.render.explain import explanation
from scenarios.cli.render.likelihood import backtest, calibration
from scenarios.cli.render.panels import panel
from scenarios.cli.render.ranks import matrix, ranking
from scenarios.cli.render.robustness import sensitivity
from scenarios.cli.render.signposting import signposts
from scenarios.cli.render.whatif import comparison, whatifs
from scenarios.cli.terminal import make_console

__all__ = [
    "backtest",
    "calibration",
    "cascade",
    "comparison",
    "explanation",
    "make_console",
    "matrix",
    "panel",
    "ranking",
    "sensitivity",
    "signposts",
    "whatifs",
]
