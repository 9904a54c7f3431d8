"""Swing weighting: an analyst's ratings of the factors' swings, checked and made weights."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from scenarios.core.errors import Problem, did_you_mean
from scenarios.workspace.schema import ModelFile, PanelFile, SwingRating
from scenarios.workspace.yamlsource import Document


def swing_weights(ratings: Sequence[float]) -> np.ndarray:
    """Swing weighting: each factor's rating (the largest swing 100, the others against it)
    divided by the sum of the ratings."""
    r = np.asarray(ratings, dtype=float)
    return np.asarray(r / r.sum())


def names_each_factor_once(
    doc: Document, swing: Sequence[SwingRating], model: ModelFile
) -> Iterator[Problem]:
    """Every item names a factor of model.yaml, and no factor twice."""
    seen: dict[str, int] = {}
    for i, item in enumerate(swing):
        if item.factor not in model.factors:
            yield doc.problem(
                ("swing", i, "factor"),
                f"unknown factor '{item.factor}'",
                did_you_mean(item.factor, model.factors),
            )
        elif item.factor in seen:
            yield doc.problem(
                ("swing", i, "factor"),
                f"swing: '{item.factor}' is ranked twice (also item {seen[item.factor] + 1})",
                "rank each factor once",
            )
        seen.setdefault(item.factor, i)


def is_not_empty(
    doc: Document, swing: Sequence[SwingRating], model: ModelFile
) -> Iterator[Problem]:
    """The list ranks at least one factor."""
    if not swing:
        yield doc.problem(("swing",), "swing: the list is empty", "rank every factor")


def rates_the_first_100(
    doc: Document, swing: Sequence[SwingRating], model: ModelFile
) -> Iterator[Problem]:
    """The first (largest) swing is rated 100: the others are rated against it."""
    if swing[0].rating != 100:
        yield doc.problem(
            ("swing", 0, "rating"),
            f"swing: the first (largest) swing is rated 100, not {swing[0].rating:g}",
            "rate it 100 and each other swing against it",
        )


def lists_the_largest_first(
    doc: Document, swing: Sequence[SwingRating], model: ModelFile
) -> Iterator[Problem]:
    """No swing is rated above one ranked before it."""
    for i in range(1, len(swing)):
        before, item = swing[i - 1], swing[i]
        if item.rating > before.rating:
            yield doc.problem(
                ("swing", i, "rating"),
                f"swing: {item.factor} is rated {item.rating:g}, above {before.factor} "
                f"({before.rating:g}) ranked before it",
                "list the swings from the largest down, or lower the rating",
            )


def ranks_every_factor(
    doc: Document, swing: Sequence[SwingRating], model: ModelFile
) -> Iterator[Problem]:
    """Every factor of model.yaml is ranked (a factor without weight is rated 0)."""
    ranked = {item.factor for item in swing}
    missing = [f for f in model.factors if f not in ranked]
    if missing:
        yield doc.problem(
            ("swing",),
            f"swing: ranks {len(ranked)} of {len(model.factors)} factors; "
            f"missing {', '.join(missing)}",
            "rank every factor; rate one 0 to give it no weight",
        )


@dataclass(frozen=True)
class SwingRule:
    """One rule of a swing list. A rule that `stops` ends the check where it finds a problem:
    the rules after it read a list it has vouched for."""

    name: str
    check: Callable[[Document, Sequence[SwingRating], ModelFile], Iterator[Problem]]
    stops: bool = False


SWING_RULES = (
    SwingRule("names each factor once", names_each_factor_once, stops=True),
    SwingRule("is not empty", is_not_empty, stops=True),
    SwingRule("rates the first 100", rates_the_first_100),
    SwingRule("lists the largest first", lists_the_largest_first),
    SwingRule("ranks every factor", ranks_every_factor),
)


def check_swing(doc: Document, file: PanelFile, model: ModelFile) -> list[Problem]:
    """The problems of an analyst's swing list, by the rules of SWING_RULES in turn."""
    assert file.swing is not None
    problems: list[Problem] = []
    for rule in SWING_RULES:
        found = list(rule.check(doc, file.swing, model))
        problems += found
        if found and rule.stops:
            break
    return problems
