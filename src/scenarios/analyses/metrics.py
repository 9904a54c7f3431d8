"""Probabilities scored against outcomes: Brier score, log loss, ROC AUC and reliability."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scenarios.analyses.link import EPS

if TYPE_CHECKING:
    import pandas as pd


def brier(p: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((np.asarray(p) - np.asarray(y)) ** 2))


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(np.asarray(p, dtype=float), EPS, 1 - EPS)
    y = np.asarray(y, dtype=float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


TIE_TOLERANCE = 1e-9
"""Scores closer than this (relative) are tied in ROC AUC."""


def roc_auc(scores: np.ndarray, y: np.ndarray) -> float:
    """P(a random positive scores above a random negative), ties counting half.

    Scores within ``TIE_TOLERANCE`` of each other (relative to the largest, at least 1) are a
    tie: two states with the same values get scores that differ only by floating-point rounding
    (0.45 against 0.45000000000000007), and that noise must not decide the pair.
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(y, dtype=bool)
    pos, neg = s[y], s[~y]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    gap = pos[:, None] - neg[None, :]
    tied = np.abs(gap) <= TIE_TOLERANCE * max(1.0, float(np.abs(s).max()))
    above = (gap > 0)[~tied].sum() + 0.5 * tied.sum()
    return float(above / (len(pos) * len(neg)))


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 5) -> pd.DataFrame:
    """Predicted against observed frequency in equal-width probability bins."""
    import pandas as pd

    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=float)
    edges = np.round(np.linspace(0, 1, bins + 1), 12)  # 0.6, not 0.6000000000000001
    which = np.minimum(np.digitize(p, edges[1:-1]), bins - 1)
    rows = []
    for b in range(bins):
        mask = which == b
        rows.append(
            {
                "bin": f"{edges[b]:.1f}–{edges[b + 1]:.1f}",
                "count": int(mask.sum()),
                "predicted": float(p[mask].mean()) if mask.any() else float("nan"),
                "observed": float(y[mask].mean()) if mask.any() else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def metrics(p: np.ndarray, y: np.ndarray, base_probability: float) -> dict[str, float]:
    """Brier score, the base rate's Brier score, skill (1 − their ratio) and log loss."""
    base = brier(np.full(len(y), base_probability), y)
    score = brier(p, y)
    return {
        "brier": score,
        "brier_base_rate": base,
        "skill": 1 - score / base if base > 0 else float("nan"),
        "log_loss": log_loss(p, y),
    }
