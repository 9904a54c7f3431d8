"""What changed between two states of a workspace, and why each country moved.

A state is what a ranking rests on (values and ranges, weights, directions, scale, statuses) and
what it gave (probabilities), taken from a folder, a ledger record or a git revision. Scores,
ranks and contributions are recomputed from the inputs by the same kernels as `rank`, so each
country's change of score splits exactly into the change of each factor's contribution (as
`compare` does for what-ifs), itself split into the part the values moved and the part the weights
moved: w'·u' − w·u = w'·(u' − u) + (w' − w)·u (geometric: the same in log space).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from scenarios.core import engine
from scenarios.core.choices import Aggregation
from scenarios.core.errors import OptionError, Problem, WorkspaceError
from scenarios.workspace.load import FOLDERS, MODEL_FILE, is_workspace_file_name
from scenarios.workspace.schema import LedgerModel, LedgerRecord

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.analyses.scoring import Ranking
    from scenarios.workspace.load import Workspace

EditKind = Literal[
    "country", "factor", "scale", "aggregation", "horizon", "interval", "group weight", "weight",
    "direction", "group", "value", "range", "status", "analyst",
]  # fmt: skip


def status_text(state: str | None, date: dt.date | None) -> str:
    """'joined 2025-11-06', 'not joined', or '' where no status is recorded."""
    if state is None:
        return ""
    text = state.replace("_", " ")
    return f"{text} {date.isoformat()}" if date is not None else text


@dataclass(frozen=True, eq=False)
class State:
    """The inputs of one ranking and the probabilities it gave. Arrays are [country, factor]."""

    label: str
    ids: tuple[str, ...]
    names: tuple[str, ...]
    factors: tuple[str, ...]
    groups: tuple[str, ...]  # each factor's group
    factor_weights: np.ndarray  # (F,) as in model.yaml, within the group
    group_weights: Mapping[str, float]
    directions: np.ndarray  # (F,) +1 for, −1 against
    scale: tuple[float, float]
    aggregation: Aggregation
    values: np.ndarray  # (C, F)
    low: np.ndarray  # (C, F)
    high: np.ndarray  # (C, F)
    status: tuple[str, ...]  # status_text of each country
    probability: np.ndarray | None = None  # (C,) NaN where already joined
    horizon: float | None = None  # years; None where there is no probability (no link)
    level: float | None = None  # of the probabilities' intervals
    # each probability's interval (C,), (C,); NaN where a country has none, None: no interval
    interval: tuple[np.ndarray, np.ndarray] | None = None
    content_hash: str = ""
    saved: str = field(default="", compare=False)  # when it was taken, for captions
    # with a panel: the state of the files the aggregate is built from (model.yaml and the
    # profiles, as typed), whose edits a diff lists; and each analyst's id with a digest of
    # their file. None and (): no panel (the inputs above are the files').
    files: State | None = field(default=None, compare=False)
    analysts: tuple[tuple[str, str], ...] = ()

    @cached_property
    def weights(self) -> np.ndarray:
        group = np.array([self.group_weights[g] for g in self.groups], dtype=float)
        return engine.effective_weights(self.factor_weights, group)

    @cached_property
    def normalized(self) -> np.ndarray:
        return engine.normalize(self.values, *self.scale, self.directions)

    @cached_property
    def scores(self) -> np.ndarray:
        return engine.scores(self.normalized, self.weights, self.aggregation)

    @cached_property
    def contributions(self) -> np.ndarray:
        return engine.contributions(self.normalized, self.weights, self.aggregation)

    @cached_property
    def ranks(self) -> np.ndarray:
        return engine.ranks(self.scores)

    @property
    def order(self) -> list[int]:
        return sorted(range(len(self.ids)), key=lambda i: (self.ranks[i], self.ids[i]))

    @cached_property
    def positions(self) -> dict[str, int]:
        """Each country's row."""
        return {c: i for i, c in enumerate(self.ids)}

    def index(self, country: str) -> int:
        return self.positions[country]

    def interval_of(self, country: int) -> tuple[float | None, float | None]:
        """(low, high) of a country's probability; (None, None) where it has none."""
        if self.interval is None:
            return None, None
        low, high = float(self.interval[0][country]), float(self.interval[1][country])
        return (low, high) if math.isfinite(low) and math.isfinite(high) else (None, None)


def state_of(ranking: Ranking, label: str) -> State:
    """The state behind a ranking (after any what-if or override it was made with)."""
    ws = ranking.workspace
    state = _inputs(ws, label, ranking.aggregation)
    state = replace(
        state,
        probability=ranking.probability,
        horizon=ranking.horizon,
        level=ranking.level,
        interval=ranking.interval,
    )
    if ws.panel is None:
        return state
    analysts = tuple((a.id, a.digest) for a in ws.panel.analysts)
    files = _inputs(ws.panel.plain, label, ranking.aggregation)
    return replace(state, files=files, analysts=analysts)


def _inputs(ws: Workspace, label: str, aggregation: Aggregation) -> State:
    low, high = ws.ranges
    statuses = tuple(
        status_text(p.status.state, p.status.date) if p.status else "" for p in ws.profiles
    )
    factors = ws.model.factors
    return State(
        label=label,
        ids=ws.country_ids,
        names=tuple(p.name for p in ws.profiles),
        factors=ws.factor_ids,
        groups=tuple(f.group for f in factors.values()),
        factor_weights=ws.factor_weights,
        group_weights={name: g.weight for name, g in ws.model.groups.items()},
        directions=ws.directions,
        scale=ws.scale,
        aggregation=aggregation,
        values=ws.values,
        low=low,
        high=high,
        status=statuses,
        content_hash=ws.content_hash,
    )


def state_of_record(record: LedgerRecord) -> State:
    """The state a ledger record keeps (with a panel, the files' state too)."""
    state = _record_state(record, record.model, [c.values for c in record.countries])
    if record.panel is None:
        return state
    typed = record.panel
    files = _record_state(
        record, typed.model, [typed.values.get(c.id, {}) for c in record.countries]
    )
    files = replace(files, probability=None, horizon=None, level=None)
    return replace(state, files=files, analysts=tuple(typed.analysts.items()))


def _record_state(
    record: LedgerRecord,
    model: LedgerModel,
    values: list[dict[str, tuple[float, float, float]]],
) -> State:
    factors = tuple(model.factors)
    countries = record.countries

    def grid(k: int) -> np.ndarray:
        return np.array(
            [[row[f][k] if f in row else np.nan for f in factors] for row in values],
            dtype=float,
        )

    probability = interval = None
    if record.horizon is not None:
        probability = np.array(
            [np.nan if c.probability is None else c.probability for c in countries], dtype=float
        )
        ends = np.array(
            [[np.nan if x is None else x for x in (c.low, c.high)] for c in countries],
            dtype=float,
        ).reshape(len(countries), 2)
        interval = (ends[:, 0], ends[:, 1])
    return State(
        label=f"record {record.record}",
        ids=tuple(c.id for c in countries),
        names=tuple(c.name for c in countries),
        factors=factors,
        groups=tuple(f.group for f in model.factors.values()),
        factor_weights=np.array([f.weight for f in model.factors.values()], dtype=float),
        group_weights=dict(model.groups),
        directions=np.array([1 if f.direction == "for" else -1 for f in model.factors.values()]),
        scale=(model.scale[0], model.scale[1]),
        aggregation=model.aggregation,
        values=grid(0),
        low=grid(1),
        high=grid(2),
        status=tuple(
            status_text(c.status.state, c.status.date) if c.status else "" for c in countries
        ),
        probability=probability,
        horizon=record.horizon,
        level=record.level,
        interval=interval,
        content_hash=record.content_hash,
        saved=record.date.isoformat(),
    )


# --- the difference -----------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """One thing that differs between the two states."""

    kind: EditKind
    country: str  # '' for the model's edits
    factor: str  # '' where no factor is concerned (a group's name for a group weight)
    old: str
    new: str


@dataclass(frozen=True)
class Swap:
    """`passer` moved above `passed`; the gap between them moved by `gap` (in score, or log
    score for the geometric model), most of it from `factor` (`amount`)."""

    passer: str
    passed: str
    gap: float
    factor: str
    amount: float


def _number(x: float) -> str:
    return f"{x:g}"


def _optional(x: float | None) -> str:
    return "" if x is None else _number(x)


@dataclass(frozen=True, eq=False)
class Diff:
    """Two states of a workspace: the edits between them and how each country moved."""

    old: State
    new: State

    # countries and factors ------------------------------------------------------------
    @cached_property
    def common(self) -> tuple[str, ...]:
        """Countries in both states, in the new state's rank order."""
        old = self.old.positions
        return tuple(self.new.ids[i] for i in self.new.order if self.new.ids[i] in old)

    @cached_property
    def _common_positions(self) -> dict[str, int]:
        return {c: n for n, c in enumerate(self.common)}

    @cached_property
    def _rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Each common country's row in the old state and in the new one."""
        old = np.array([self.old.index(c) for c in self.common], dtype=int)
        new = np.array([self.new.index(c) for c in self.common], dtype=int)
        return old, new

    @cached_property
    def _columns(self) -> tuple[np.ndarray, np.ndarray]:
        """Each factor's column in the old state and in the new one (−1: not in it)."""
        old = {f: k for k, f in enumerate(self.old.factors)}
        new = {f: k for k, f in enumerate(self.new.factors)}
        return (
            np.array([old.get(f, -1) for f in self.factors], dtype=int),
            np.array([new.get(f, -1) for f in self.factors], dtype=int),
        )

    @cached_property
    def factors(self) -> tuple[str, ...]:
        """Every factor of either state (the old state's order, then new factors)."""
        return (*self.old.factors, *(f for f in self.new.factors if f not in self.old.factors))

    @property
    def comparable(self) -> bool:
        """Contributions can be compared only under one aggregation."""
        return self.old.aggregation == self.new.aggregation

    @property
    def probabilities_comparable(self) -> bool:
        """Probabilities can be compared only over one horizon (a probability within 3 years
        is not one within 5), and only where both states give them."""
        return (
            self.old.probability is not None
            and self.new.probability is not None
            and self.old.horizon == self.new.horizon
        )

    # edits ------------------------------------------------------------------------------
    @cached_property
    def edits(self) -> tuple[Edit, ...]:
        """What differs, as the user typed it: with a panel on both sides, the edits of
        model.yaml and the profiles (one weight typed anew is one row, in model.yaml's units,
        though it moves every effective weight of the aggregate), then the analysts whose
        files came, went or changed."""
        old, new = self.old, self.new
        if old.files is not None and new.files is not None:
            typed = replace(self, old=old.files, new=new.files)
            return (*typed.edits, *self._analyst_edits())
        return (*self._input_edits(), *self._analyst_edits())

    def _analyst_edits(self) -> list[Edit]:
        old, new = dict(self.old.analysts), dict(self.new.analysts)
        found = []
        for who in [*old, *(a for a in new if a not in old)]:
            if who not in new:
                found.append(Edit("analyst", "", who, "in the panel", ""))
            elif who not in old:
                found.append(Edit("analyst", "", who, "", "in the panel"))
            elif old[who] != new[who]:
                found.append(Edit("analyst", "", who, "their file", "edited"))
        return found

    def _input_edits(self) -> list[Edit]:
        old, new = self.old, self.new
        found: list[Edit] = []
        if old.aggregation != new.aggregation:
            found.append(Edit("aggregation", "", "", old.aggregation, new.aggregation))
        if old.horizon != new.horizon:  # in years; '' where a state gives no probability
            found.append(Edit("horizon", "", "", _optional(old.horizon), _optional(new.horizon)))
        if (
            old.horizon is not None
            and new.horizon is not None
            and old.level is not None
            and new.level is not None
            and old.level != new.level
        ):
            found.append(Edit("interval", "", "", _number(old.level), _number(new.level)))
        if old.scale != new.scale:
            found.append(
                Edit(
                    "scale",
                    "",
                    "",
                    "–".join(map(_number, old.scale)),
                    "–".join(map(_number, new.scale)),
                )
            )
        for group in sorted(set(old.group_weights) | set(new.group_weights)):
            a, b = old.group_weights.get(group), new.group_weights.get(group)
            if a != b:
                found.append(
                    Edit(
                        "group weight",
                        "",
                        group,
                        "" if a is None else _number(a),
                        "" if b is None else _number(b),
                    )
                )
        for factor in self.factors:
            if factor not in new.factors or factor not in old.factors:
                found.append(
                    Edit(
                        "factor",
                        "",
                        factor,
                        "" if factor not in old.factors else "in the model",
                        "" if factor not in new.factors else "in the model",
                    )
                )
                continue
            f, g = old.factors.index(factor), new.factors.index(factor)
            if old.factor_weights[f] != new.factor_weights[g]:
                found.append(
                    Edit(
                        "weight",
                        "",
                        factor,
                        _number(old.factor_weights[f]),
                        _number(new.factor_weights[g]),
                    )
                )
            if old.groups[f] != new.groups[g]:
                found.append(Edit("group", "", factor, old.groups[f], new.groups[g]))
            if old.directions[f] != new.directions[g]:
                words = {1: "for", -1: "against"}
                found.append(
                    Edit(
                        "direction",
                        "",
                        factor,
                        words[int(old.directions[f])],
                        words[int(new.directions[g])],
                    )
                )
        in_both = [k for k, f in enumerate(self.factors) if f in old.factors and f in new.factors]
        f_old, f_new = (cols[in_both] for cols in self._columns)
        both_names = [self.factors[k] for k in in_both]
        for country in (*new.ids, *(c for c in old.ids if c not in new.positions)):
            if country not in old.positions or country not in new.positions:
                found.append(
                    Edit(
                        "country",
                        country,
                        "",
                        "" if country not in old.ids else "ranked",
                        "" if country not in new.ids else "ranked",
                    )
                )
                continue
            i, j = old.index(country), new.index(country)
            if old.status[i] != new.status[j]:
                found.append(
                    Edit("status", country, "", old.status[i] or "–", new.status[j] or "–")
                )
            moved = (
                (old.values[i, f_old] != new.values[j, f_new])
                | (old.low[i, f_old] != new.low[j, f_new])
                | (old.high[i, f_old] != new.high[j, f_new])
            )
            for m in np.flatnonzero(moved):  # only the factors that changed
                factor, f, g = both_names[m], int(f_old[m]), int(f_new[m])
                a, b = old.values[i, f], new.values[j, g]
                if a != b:
                    found.append(Edit("value", country, factor, _number(a), _number(b)))
                ra = (old.low[i, f], old.high[i, f])
                rb = (new.low[j, g], new.high[j, g])
                if ra != rb:
                    found.append(
                        Edit(
                            "range",
                            country,
                            factor,
                            "–".join(map(_number, ra)),
                            "–".join(map(_number, rb)),
                        )
                    )
        return found

    # attribution ------------------------------------------------------------------------
    def _terms(self, u: np.ndarray) -> np.ndarray:
        """What each factor's weight multiplies: u (additive) or ln u (geometric)."""
        if self.new.aggregation == "additive":
            return u
        with np.errstate(divide="ignore"):
            return np.where(u > 0, np.log(np.where(u > 0, u, 1.0)), -np.inf)

    @cached_property
    def attribution(self) -> tuple[np.ndarray, np.ndarray]:
        """(values, weights), each (common countries, factors): the part of each factor's change
        of contribution due to its value (w'·(u' − u)) and to the weights ((w' − w)·u); together
        they add up to the change of score (geometric: of ln score). NaN where the two states'
        aggregations differ, or a factor at the bottom of its scale vetoes a geometric score."""
        shape = (len(self.common), len(self.factors))
        if not self.comparable:
            return np.full(shape, np.nan), np.full(shape, np.nan)
        x0, w0 = self._aligned(self.old, self._rows[0], self._columns[0])
        x1, w1 = self._aligned(self.new, self._rows[1], self._columns[1])
        in_old, in_new = self._columns[0] >= 0, self._columns[1] >= 0
        with np.errstate(invalid="ignore"):  # ln 0 − ln 0: masked below
            values = np.where(in_old & in_new & (x1 != x0), _times(w1, x1 - x0), 0.0)
            weights = np.where(
                ~in_old,
                _times(w1, x1),  # a new factor: all its contribution came with its weight
                np.where(~in_new, -_times(w0, x0), _times(w1 - w0, x0)),
            )
        bad = ~np.isfinite(values) | ~np.isfinite(weights)
        rows = bad.any(axis=1)
        values[rows] = np.nan
        weights[rows] = np.nan
        return values, weights

    def _aligned(
        self, state: State, rows: np.ndarray, columns: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(terms, weights) of the state on the diff's factors: (common countries, factors) and
        (factors,), zero for a factor the state lacks."""
        present = columns >= 0
        terms = np.zeros((len(rows), len(self.factors)))
        terms[:, present] = self._terms(state.normalized[rows])[:, columns[present]]
        weights = np.zeros(len(self.factors))
        weights[present] = state.weights[columns[present]]
        return terms, weights

    def contribution_change(self) -> np.ndarray:
        """(common countries, factors): the change of each factor's contribution."""
        values, weights = self.attribution
        return np.asarray(values + weights)

    def score_change(self, country: str) -> float:
        return float(
            self.new.scores[self.new.index(country)] - self.old.scores[self.old.index(country)]
        )

    def rank_change(self, country: str) -> int:
        """Positive: moved up (from 3 to 2 is +1)."""
        return int(
            self.old.ranks[self.old.index(country)] - self.new.ranks[self.new.index(country)]
        )

    def causes(self, country: str, top: int = 2) -> list[tuple[str, float]]:
        """The largest parts of a country's change, largest first: each factor whose value moved
        (by name), and the weights together ('weights')."""
        n = self._common_positions[country]
        values, weights = self.attribution
        if not np.all(np.isfinite(values[n])):
            return []
        items = [(f, float(v)) for f, v in zip(self.factors, values[n], strict=True)]
        items.append(("weights", float(weights[n].sum())))
        items = [item for item in items if abs(item[1]) > 5e-7]
        items.sort(key=lambda item: -abs(item[1]))
        return items[:top]

    @cached_property
    def swaps(self) -> tuple[Swap, ...]:
        """Each pair of countries whose order flipped, with the factor that moved the gap most
        in the passer's favour."""
        tol = engine.TIE_TOLERANCE
        change = self.contribution_change()
        s0 = self.old.scores[self._rows[0]]
        s1 = self.new.scores[self._rows[1]]
        # [a, b]: a was below b and is above it now
        flipped = (s0[None, :] > s0[:, None] + tol) & (s1[:, None] > s1[None, :] + tol)
        found = []
        for na, nb in zip(*np.nonzero(flipped), strict=True):
            a, b = self.common[na], self.common[nb]
            gap = change[na] - change[nb]
            if self.old.aggregation == "additive" and self.comparable:
                total = float((s1[na] - s1[nb]) - (s0[na] - s0[nb]))
            else:
                total = float(np.nansum(gap)) if np.all(np.isfinite(gap)) else float("nan")
            if np.all(np.isfinite(gap)):
                k = int(np.argmax(gap))
                found.append(Swap(a, b, total, self.factors[k], float(gap[k])))
            else:
                found.append(Swap(a, b, total, "", float("nan")))
        rank = self._common_positions
        return tuple(sorted(found, key=lambda s: (rank[s.passer], rank[s.passed])))

    # frames -------------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per country (both states' first, in the new rank order, then the countries
        of one state only): score, rank and probability before and after."""
        import pandas as pd

        old, new = self.old, self.new
        rows = []
        others = [c for c in new.ids if c not in old.positions] + [
            c for c in old.ids if c not in new.positions
        ]
        for country in (*self.common, *others):
            i = old.positions.get(country)
            j = new.positions.get(country)
            score_old = float(old.scores[i]) if i is not None else float("nan")
            score_new = float(new.scores[j]) if j is not None else float("nan")
            rank_old = int(old.ranks[i]) if i is not None else None
            rank_new = int(new.ranks[j]) if j is not None else None
            p_old, p_new = _p(old, i), _p(new, j)
            rows.append(
                {
                    "id": country,
                    "name": new.names[j] if j is not None else old.names[i or 0],
                    "score_old": score_old,
                    "score_new": score_new,
                    "score_change": score_new - score_old,
                    "rank_old": rank_old,
                    "rank_new": rank_new,
                    "rank_change": (
                        rank_old - rank_new
                        if rank_old is not None and rank_new is not None
                        else None
                    ),
                    "probability_old": p_old,
                    "probability_new": p_new,
                    "probability_change": p_new - p_old,
                }
            )
        frame = pd.DataFrame(rows).set_index("id")
        # a country in one state only has no rank in the other: an empty cell, not a number
        ranks = ["rank_old", "rank_new", "rank_change"]
        frame[ranks] = frame[ranks].astype("Int64")
        return frame

    def edits_frame(self) -> pd.DataFrame:
        import pandas as pd

        columns = ["kind", "country", "factor", "old", "new"]
        rows = [{k: getattr(e, k) for k in columns} for e in self.edits]
        return pd.DataFrame(rows, columns=columns)

    def attribution_frame(self) -> pd.DataFrame:
        """(country, factor): the change of contribution, its value part and its weight part;
        for each country they add up to its change of score (geometric: of ln score)."""
        import pandas as pd

        values, weights = self.attribution
        rows = [
            {
                "id": country,
                "factor": factor,
                "values": float(values[n, k]),
                "weights": float(weights[n, k]),
                "contribution_change": float(values[n, k] + weights[n, k]),
            }
            for n, country in enumerate(self.common)
            for k, factor in enumerate(self.factors)
        ]
        columns = ["id", "factor", "values", "weights", "contribution_change"]
        return pd.DataFrame(rows, columns=columns).set_index(["id", "factor"])

    def swaps_frame(self) -> pd.DataFrame:
        import pandas as pd

        columns = ["passer", "passed", "gap_change", "factor", "factor_change"]
        rows = [[s.passer, s.passed, s.gap, s.factor, s.amount] for s in self.swaps]
        return pd.DataFrame(rows, columns=columns)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {
            "diff": self.to_frame(),
            "diff_edits": self.edits_frame(),
            "diff_attribution": self.attribution_frame(),
            "diff_swaps": self.swaps_frame(),
        }


def _times(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """w·x with 0·(−inf) = 0: a factor without weight adds nothing, even at zero."""
    with np.errstate(invalid="ignore"):
        return np.where(w == 0, 0.0, w * x)


def _p(state: State, i: int | None) -> float:
    if i is None or state.probability is None:
        return float("nan")
    return float(state.probability[i])


def diff(old: State, new: State) -> Diff:
    return Diff(old, new)


# --- where a state comes from ---------------------------------------------------------------

RECORD_PREFIX = "record:"
GIT_PREFIX = "git:"


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(cwd), *args], capture_output=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise OptionError(
            Problem("git is not installed", hint="install git, or compare with a folder")
        ) from None


def git_workspace_files(root: Path, revision: str) -> tuple[str, dict[str, bytes]]:
    """(commit, {path relative to the workspace: bytes}) of the workspace's files (model.yaml,
    profiles/, whatif/, panel/) as they were at `revision` of the repository holding the
    workspace, read with `git show` (nothing is checked out)."""
    top = _git(root, "rev-parse", "--show-prefix")
    if top.returncode != 0:
        raise OptionError(
            Problem(
                f"'{revision}' is not a folder or a ledger record, and the workspace "
                f"{root} is not in a git repository",
                hint="give a folder, record:N, or a git revision of the workspace's repository",
            )
        )
    prefix = top.stdout.decode().strip()
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if found.returncode != 0:
        raise OptionError(
            Problem(
                f"'{revision}' is not a folder, a ledger record or a revision of the git "
                "repository holding the workspace",
                hint="give a folder, record:N (see `scenarios history`), or a git revision "
                "such as HEAD~1",
            )
        )
    commit = found.stdout.decode().strip()
    wanted = [f"{prefix}{MODEL_FILE}", *(f"{prefix}{folder}" for folder in FOLDERS)]
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *wanted)
    files: dict[str, bytes] = {}
    for entry in listing.stdout.decode("utf-8", "surrogateescape").split("\0"):
        mode, _, path = entry.partition("\t")
        rel = path[len(prefix) :]
        folder, _, name = rel.rpartition("/")
        # what loading the folder would read: model.yaml and the YAML files of its folders
        # (not their subfolders), stored as plain files
        readable = rel == MODEL_FILE or (folder in FOLDERS and is_workspace_file_name(name))
        if not readable or not mode.startswith(("100644", "100755")):
            continue
        shown = _git(root, "show", f"{commit}:{path}")
        if shown.returncode == 0:
            files[rel] = shown.stdout
    if "model.yaml" not in files:
        raise OptionError(
            Problem(
                f"revision '{revision}' has no model.yaml in {prefix or 'the top folder'}",
                hint="the workspace did not exist yet at that revision",
            )
        )
    return commit, files


def load_files(files: Mapping[str, bytes], label: str) -> State:
    """Load a workspace from its files' bytes (in a temporary folder, removed after) and rank
    it; problems name each file as `label:path`."""
    from scenarios.analyses import scoring
    from scenarios.panels.part import panel_part
    from scenarios.workspace.load import load_workspace

    with tempfile.TemporaryDirectory(prefix="scenarios-diff-") as folder:
        root = Path(folder)
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        try:
            ws = load_workspace(root, part=panel_part)
        except WorkspaceError as exc:
            raise WorkspaceError(
                [
                    Problem(
                        p.message,
                        Path(f"{label}:{_relative(p.file, root)}") if p.file else None,
                        p.line,
                        p.column,
                        p.hint,
                    )
                    for p in exc.problems
                ]
            ) from None
        return state_of(scoring.rank(ws), label)


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:
        return str(path)


def current_state(ws: Workspace) -> State:
    """The workspace as loaded (with any change applied to it), ranked."""
    from scenarios.analyses import scoring

    label = ws.name if ws.name not in (".", "") else ws.root.resolve().name
    return replace(state_of(scoring.rank(ws), label), saved="now")


def state_from(spec: str, ws: Workspace, ledger: str | os.PathLike[str] | None = None) -> State:
    """The state `spec` names: `record:N` of the workspace's ledger, a folder, or a git
    revision of the repository holding the workspace (`git:REV` to say so when a folder of that
    name exists)."""
    from scenarios.analyses import scoring
    from scenarios.panels.part import panel_part
    from scenarios.workspace.load import load_workspace

    if spec.startswith(RECORD_PREFIX):
        from scenarios.ledger.records import read_ledger_of

        found = read_ledger_of(ws, ledger).find(spec[len(RECORD_PREFIX) :])
        return state_of_record(found)
    if spec.startswith(GIT_PREFIX):
        revision = spec[len(GIT_PREFIX) :]
    else:
        try:
            folder = Path(spec).expanduser().is_dir()
        except (OSError, RuntimeError, ValueError):
            folder = False
        if folder:
            return state_of(scoring.rank(load_workspace(spec, part=panel_part)), spec)
        revision = spec
    commit, files = git_workspace_files(ws.root, revision)
    state = load_files(files, revision)
    return replace(state, saved=commit[:10])
