"""Swing weighting: an analyst's ratings of the factors' swings, checked and made weights."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scenarios.core.errors import Problem, did_you_mean
from scenarios.workspace.schema import ModelFile, PanelFile
from scenarios.workspace.yamlsource import Document


def swing_weights(ratings: Sequence[float]) -> np.ndarray:
    """Swing weighting: each factor's rating (the largest swing 100, the others against it)
    divided by the sum of the ratings."""
    r = np.asarray(ratings, dtype=float)
    return np.asarray(r / r.sum())


def check_swing(doc: Document, file: PanelFile, model: ModelFile) -> list[Problem]:
    assert file.swing is not None
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(file.swing):
        if item.factor not in model.factors:
            problems.append(
                doc.problem(
                    ("swing", i, "factor"),
                    f"unknown factor '{item.factor}'",
                    did_you_mean(item.factor, model.factors),
                )
            )
        elif item.factor in seen:
            problems.append(
                doc.problem(
                    ("swing", i, "factor"),
                    f"swing: '{item.factor}' is ranked twice (also item {seen[item.factor] + 1})",
                    "rank each factor once",
                )
            )
        seen.setdefault(item.factor, i)
    if problems:
        return problems
    if not file.swing:
        return [doc.problem(("swing",), "swing: the list is empty", "rank every factor")]
    if file.swing[0].rating != 100:
        problems.append(
            doc.problem(
                ("swing", 0, "rating"),
                f"swing: the first (largest) swing is rated 100, not {file.swing[0].rating:g}",
                "rate it 100 and each other swing against it",
            )
        )
    for i in range(1, len(file.swing)):
        before, item = file.swing[i - 1], file.swing[i]
        if item.rating > before.rating:
            problems.append(
                doc.problem(
                    ("swing", i, "rating"),
                    f"swing: {item.factor} is rated {item.rating:g}, above {before.factor} "
                    f"({before.rating:g}) ranked before it",
                    "list the swings from the largest down, or lower the rating",
                )
            )
    missing = [f for f in model.factors if f not in seen]
    if missing:
        problems.append(
            doc.problem(
                ("swing",),
                f"swing: ranks {len(seen)} of {len(model.factors)} factors; "
                f"missing {', '.join(missing)}",
                "rank every factor; rate one 0 to give it no weight",
            )
        )
    return problems
