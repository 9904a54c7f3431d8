"""The keyword arguments the API functions share, declared once as typed dictionaries.

Every API function that ranks takes the scenario of its run either as ``scenario=`` (a
`Scenario`) or as its fields: ``whatifs=``, ``weights=``, ``sets=``, ``aggregation=``,
``panel_aggregate=`` and ``panel=``. They are declared here once (`ScenarioOptions`) and taken
with ``**options: Unpack[ScenarioOptions]``, so mypy checks each (a misspelt aggregation, an
unknown keyword) and every function checks them again at run time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from scenarios.core.choices import Aggregation, ValueDistribution
from scenarios.core.errors import OptionError, Problem, did_you_mean
from scenarios.workspace.scenario import Scenario
from scenarios.workspace.whatif import Sets, Weights

if TYPE_CHECKING:  # the panels' code loads only where a panel is used
    from scenarios.panels.selection import PanelChoice, RuleLike


class EditOptions(TypedDict, total=False):
    """The changes of one run that make a workspace: ``scenario=``, or its fields.

    scenario : Scenario
        The whole scenario at once (what-ifs, weights, values, aggregation, panel rule); not
        together with the fields below.
    whatifs : sequence of str
        Names of the workspace's what-ifs, applied in order.
    weights : mapping or list of str
        ``{"us_engagement": 2}`` or ``["us_engagement=2"]``: factor weights for this run.
    sets : mapping or list of str
        ``{"UZ": {"us_engagement": 9}}`` or ``["UZ.us_engagement=9"]``: values for this run.
    panel_aggregate : mapping or list of str
        ``{"values": "median"}`` or ``["values=median"]``: how the panel combines this run.
    panel : str, path, bool or None
        None: the workspace's own panel/ (if any); False: none; a folder, or the bundled
        "example-panel", instead.
    """

    scenario: Scenario
    whatifs: Sequence[str]
    weights: Weights | None
    sets: Sets | None
    panel_aggregate: RuleLike | None
    panel: PanelChoice


class ScenarioOptions(EditOptions, total=False):
    """`EditOptions`, and the aggregation of the run.

    aggregation : "additive" or "geometric"
        How values and weights make a score (default: model.yaml's).
    """

    aggregation: Aggregation | None


class SensitivityOptions(ScenarioOptions, total=False):
    """`ScenarioOptions`, and the settings of `scenarios sensitivity`.

    delta : float
        The one-at-a-time move of each weight, as a fraction (0.5: ±50%).
    samples : int
        Monte Carlo draws (default 20,000); Sobol's base N (default 1,024).
    seed : int
        The random generator's seed.
    concentration : float
        The Dirichlet's concentration around the weights (higher: closer).
    fixed_weights : bool
        Keep the weights fixed in the Monte Carlo (only the values vary).
    values : "triangular", "uniform" or "fixed"
        How a value is drawn within its range.
    precision : float
        Stop the Monte Carlo once each rank probability is this sure.
    chunk_size : int
        Draws per block.
    memory_budget : int
        Bytes a run may use (default: half of the memory available).
    """

    delta: float
    samples: int | None
    seed: int
    concentration: float
    fixed_weights: bool
    values: ValueDistribution
    precision: float | None
    chunk_size: int
    memory_budget: int | None


EDITS = tuple(EditOptions.__annotations__)
SCENARIO = (*EDITS, "aggregation")
FIELDS = tuple(k for k in SCENARIO if k != "scenario")


def check_keywords(given: Mapping[str, object], allowed: Sequence[str], function: str) -> None:
    """Refuse a keyword the function does not take, in the library's words.

    Raises
    ------
    OptionError
        Naming the keyword, with the nearest one the function takes.
    """
    for name in given:
        if name not in allowed:
            raise OptionError(
                Problem(
                    f"{function}(): unknown keyword argument '{name}'",
                    hint=did_you_mean(name, sorted(allowed)),
                )
            )


def resolved(options: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of the run's scenario as keyword arguments (whatifs, weights, sets,
    panel_aggregate, panel, aggregation): from ``scenario=`` where given (then no field may be
    given too), else as given, with their defaults.

    Returns
    -------
    dict
        Every field of `FIELDS`, each given or defaulted.
    """
    out: dict[str, Any] = {
        "whatifs": (),
        "weights": None,
        "sets": None,
        "panel_aggregate": None,
        "panel": options.get("panel"),
        "aggregation": None,
    }
    scenario = options.get("scenario")
    if scenario is None:
        return out | {k: v for k, v in options.items() if k in FIELDS and k != "panel"}
    if not isinstance(scenario, Scenario):
        raise OptionError(
            Problem(
                f"scenario: expected a Scenario (got {scenario!r})",
                hint="e.g. scenario=Scenario.parse('--weight us_engagement=2')",
            )
        )
    both = [k for k in FIELDS if k != "panel" and options.get(k) not in (None, ())]
    if both:
        raise OptionError(
            Problem(
                f"scenario= and {both[0]}=: give the scenario one way",
                hint=f"put the {both[0]} in the Scenario, or pass only the fields",
            )
        )
    rule = scenario.panel_rule
    return out | {
        "whatifs": [w.name for w in scenario.whatifs],
        "weights": [str(w).removeprefix("--weight ") for w in scenario.weights] or None,
        "sets": [str(v).removeprefix("--set ") for v in scenario.values] or None,
        "panel_aggregate": None if rule is None else [f"{k}={v}" for k, v in rule.settings],
        "aggregation": None if scenario.aggregation is None else scenario.aggregation.rule,
    }


def edits(options: Mapping[str, Any]) -> dict[str, Any]:
    """`resolved` without the aggregation: the keyword arguments of `scenarios.prepare`."""
    return {k: v for k, v in resolved(options).items() if k != "aggregation"}
