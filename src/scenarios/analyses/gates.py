"""Gates: factors that block rather than subtract.

A gate binds when its factor's value lies beyond its threshold (ELECTRE's veto thresholds): the
country's probability is then capped at the gate's `cap` (0 = blocked), whatever its other
factors say. Scores are left as they are; a gate acts on the probability only.
"""

from __future__ import annotations

import numpy as np

from scenarios.workspace.load import Workspace


def thresholds(ws: Workspace) -> tuple[tuple[str, ...], np.ndarray, np.ndarray, np.ndarray]:
    """(gate names, factor index (G,), threshold (G,), sign (G,)): a gate binds where
    sign·(value − threshold) ≥ 0, i.e. sign +1 for `at_least` and −1 for `at_most`."""
    gates = ws.model.gates
    names = tuple(gates)
    factor = np.array([ws.factor_ids.index(g.factor) for g in gates.values()], dtype=int)
    threshold = np.array(
        [g.at_least if g.at_least is not None else g.at_most for g in gates.values()], dtype=float
    )
    sign = np.array([1.0 if g.at_least is not None else -1.0 for g in gates.values()])
    return names, factor, threshold, sign


def binding(ws: Workspace, values: np.ndarray | None = None) -> np.ndarray:
    """(…, C, G) True where a gate binds; ``values`` (…, C, F) default to the workspace's."""
    v = ws.values if values is None else np.asarray(values)
    _, factor, threshold, sign = thresholds(ws)
    return np.asarray(sign * (v[..., factor] - threshold) >= 0)


def caps(ws: Workspace) -> np.ndarray:
    """(G,) the probability cap of each gate."""
    return np.array([g.cap for g in ws.model.gates.values()], dtype=float)


def capped(probability: np.ndarray, binds: np.ndarray, gate_caps: np.ndarray) -> np.ndarray:
    """Probabilities (…, C) limited by the lowest cap of the gates that bind (…, C, G)."""
    limit = np.where(binds, gate_caps, 1.0).min(axis=-1, initial=1.0)
    return np.asarray(np.minimum(probability, limit))
