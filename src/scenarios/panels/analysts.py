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

Pure numpy on top of `engine`; no terminal code.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import os
import re
from collections.abc import (
    Callable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np
from pydantic import ValidationError

from scenarios.core import arguments, engine
from scenarios.core.choices import (
    CONFIDENCE_LEVELS,
    DEFAULT_TRIM,
    PANEL_ANALYSTS,
    PANEL_PROBABILITIES,
    PANEL_UNCERTAINTY,
    PANEL_VALUES,
    Aggregation,
    PanelProbabilities,
    PanelValues,
)
from scenarios.core.errors import OptionError, Problem, WorkspaceError, did_you_mean, plural
from scenarios.workspace.scenario import PanelRule
from scenarios.workspace.schema import (
    Entry,
    ModelFile,
    PanelAggregate,
    PanelFile,
    PanelSettings,
    ProfileFile,
)
from scenarios.workspace.yamlsource import Document

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.analyses.likelihood import Link
    from scenarios.analyses.robustness import MonteCarloSettings, _Inputs
    from scenarios.workspace.load import Workspace

FOLDER = "panel"
EPS = 1e-12
# An analyst's id, matched against the whole name (fullmatch): '$' would also match before a
# trailing newline, and 'carl\n' is no analyst's id.
ANALYST_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


# --- kernels ----------------------------------------------------------------------------


def combine(
    x: np.ndarray, w: np.ndarray, rule: PanelValues, trim: float = DEFAULT_TRIM
) -> np.ndarray:
    """Combine ``x`` (A, ...) over its first axis, analyst ``a`` weighing ``w[a]`` (w sums to 1).

    mean: Σ w·x. trimmed_mean: the mean of the weighted distribution of the values with the share
    ``trim`` of the weight cut from each end (a value straddling a cut keeps the part inside).
    median: the limit of the trimmed mean as ``trim`` nears ½: the value where the cumulative
    weight passes ½, or the midpoint of the two values either side when it reaches ½ exactly
    (so equal weights give the ordinary median).
    """
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float).reshape((-1,) + (1,) * (x.ndim - 1))
    if rule == "mean":
        result = (w * x).sum(axis=0)
    else:
        order = np.argsort(x, axis=0, kind="stable")
        xs = np.take_along_axis(x, order, axis=0)
        ws = np.take_along_axis(np.broadcast_to(w, x.shape), order, axis=0)
        upper = np.cumsum(ws, axis=0)
        lower = upper - ws
        if rule == "trimmed_mean":
            inside = np.clip(np.minimum(upper, 1.0 - trim) - np.maximum(lower, trim), 0.0, None)
            result = (xs * inside).sum(axis=0) / inside.sum(axis=0)
        elif rule == "median":
            first = np.argmax(upper >= 0.5 - 1e-9, axis=0)[None]
            after = np.argmax(upper > 0.5 + 1e-9, axis=0)[None]
            low = np.take_along_axis(xs, first, axis=0)[0]
            high = np.take_along_axis(xs, after, axis=0)[0]
            result = (low + high) / 2.0
        else:
            raise ValueError(f"unknown rule {rule!r}")
    # where every analyst agrees, their value exactly (no rounding of 8 into 7.999...)
    return np.asarray(np.where(x.min(axis=0) == x.max(axis=0), x[0], result))


def pool(
    p: np.ndarray, w: np.ndarray, method: PanelProbabilities, extremize: float = 1.0
) -> np.ndarray:
    """Pool probabilities ``p`` (A, ...) over the analysts of the first axis (weights ``w``).

    linear_pool: Σ w·p. log_odds: logistic(d · Σ w·logit p), d = ``extremize`` (Satopää et al.
    2014; Baron et al. 2014): d > 1 moves the pooled probability away from ½, which corrects the
    pull towards ½ that averaging forecasters with partly shared information has. A probability
    of 0 or 1 is held at 1e-12 from it, so one analyst's certainty dominates but does not
    overflow.
    """
    p = np.asarray(p, dtype=float)
    w = np.asarray(w, dtype=float).reshape((-1,) + (1,) * (p.ndim - 1))
    if method == "linear_pool":
        return np.asarray((w * p).sum(axis=0))
    clipped = np.clip(p, EPS, 1 - EPS)
    log_odds = (w * np.log(clipped / (1 - clipped))).sum(axis=0)
    return np.asarray(1.0 / (1.0 + np.exp(-extremize * log_odds)))


def swing_weights(ratings: Sequence[float]) -> np.ndarray:
    """Swing weighting: each factor's rating (the largest swing 100, the others against it)
    divided by the sum of the ratings."""
    r = np.asarray(ratings, dtype=float)
    return np.asarray(r / r.sum())


def average_ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score; countries tied (within engine.TIE_TOLERANCE) share the mean of
    the positions they hold (1 and 2 tied: both 1.5)."""
    s = np.asarray(scores, dtype=float)
    above = (s[None, :] > s[:, None] + engine.TIE_TOLERANCE).sum(axis=1)
    tied = (np.abs(s[None, :] - s[:, None]) <= engine.TIE_TOLERANCE).sum(axis=1)
    return np.asarray(above + (tied + 1) / 2.0)


def weighted_spearman(r: np.ndarray, q: np.ndarray) -> float:
    """The weighted rank correlation r_W of Pinto da Costa and Soares (2005): Spearman's
    correlation with each squared difference of ranks weighted by how near the top the two
    ranks are, (n − R + 1) + (n − Q + 1), so that disagreement about the first places counts
    most. 1: the same order; −1: reversed. Ranks are 1 = first; ties as average ranks."""
    r = np.asarray(r, dtype=float)
    q = np.asarray(q, dtype=float)
    n = len(r)
    if n < 2:
        return 1.0
    weight = (n - r + 1) + (n - q + 1)
    value = 1.0 - 6.0 * float(((r - q) ** 2 * weight).sum()) / (n**4 + n**3 - n**2 - n)
    return float(min(max(value, -1.0), 1.0))


# --- reading and checking the files -----------------------------------------------------


def panel_paths(root: Path) -> list[Path]:
    folder = root / FOLDER
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))


def read_files(paths: Sequence[Path], problems: list[Problem]) -> list[tuple[Document, PanelFile]]:
    """Parse and validate each panel file against the schema (names are checked later, once
    the model and the profiles have loaded)."""
    from scenarios.workspace.load import _load_all, _validate

    found = []
    for doc in _load_all(list(paths), problems):
        file = _validate(doc, PanelFile, problems)
        stem = doc.path.stem
        if not ANALYST_ID.fullmatch(stem):
            problems.append(
                Problem(
                    f"panel file name '{doc.path.name}': the name is the analyst's id",
                    doc.path,
                    hint="use letters, digits, '-' and '_', starting with a letter",
                )
            )
            continue
        if file is not None:
            found.append((doc, file))
    return found


def check_files(
    files: Sequence[tuple[Document, PanelFile]],
    model: ModelFile,
    profiles: Sequence[ProfileFile],
    documents: Mapping[str, Document],
) -> list[Problem]:
    """Names (countries, factors, groups), the swing list, and then every value and weight as
    a profile's or model.yaml's are checked: in the analyst's view, reported in their file."""
    from scenarios.workspace.checks import check
    from scenarios.workspace.sources import panel_url_problems

    problems: list[Problem] = []
    ids = [p.id for p in profiles]
    for doc, file in files:
        found: list[Problem] = []
        for cid, cells in file.values.items():
            if cid not in ids:
                found.append(
                    doc.key_problem(
                        ("values", cid), f"unknown country '{cid}'", did_you_mean(cid, ids)
                    )
                )
                continue
            for factor in cells or {}:
                if factor not in model.factors:
                    found.append(
                        doc.key_problem(
                            ("values", cid, factor),
                            f"unknown factor '{factor}'",
                            did_you_mean(factor, model.factors),
                        )
                    )
        if file.weights is not None:
            for kind, names in (("group", model.groups), ("factor", model.factors)):
                for name in getattr(file.weights, f"{kind}s"):
                    if name not in names:
                        found.append(
                            doc.key_problem(
                                ("weights", f"{kind}s", name),
                                f"unknown {kind} '{name}'",
                                did_you_mean(name, names),
                            )
                        )
        if file.swing is not None and file.weights is not None:
            found.append(
                doc.key_problem(
                    ("swing",),
                    "give weights or swing, not both",
                    "swing weighting gives every factor's weight; drop one of the two",
                )
            )
        elif file.swing is not None:
            found += _check_swing(doc, file, model)
        if not found:
            view_model = _own_weights(model, file)
            view_profiles = tuple(_own_values(p, file) for p in profiles)
            routed = _routed_documents(documents, doc, file, model)
            found = [
                problem
                for problem in check(view_model, view_profiles, routed)
                if problem.file == doc.path
            ]
        problems += found + panel_url_problems(doc, file)
    return problems


def _check_swing(doc: Document, file: PanelFile, model: ModelFile) -> list[Problem]:
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


# --- an analyst's view ------------------------------------------------------------------


def _own_values(profile: ProfileFile, file: PanelFile) -> ProfileFile:
    """The profile with the analyst's cells in place of its own (a whole entry each: value,
    range, confidence, note and sources are the analyst's)."""
    given = {f: e for f, e in (file.values.get(profile.id) or {}).items() if e is not None}
    if not given:
        return profile
    return profile.model_copy(update={"factors": {**profile.factors, **given}})


def with_effective_weights(model: ModelFile, effective: np.ndarray) -> ModelFile:
    """model.yaml's weights rewritten so that the effective weights become ``effective`` (F,),
    in model.yaml's units: the groups keep their weights (a group of weight 0 takes 1) and each
    factor's weight × its group's is its share of model.yaml's total, so that a later edit of
    one weight (--weight, a what-if) means what it means in model.yaml."""
    factors = model.factors
    total = sum(f.weight * model.groups[f.group].weight for f in factors.values())
    groups = {
        name: g if g.weight > 0 else g.model_copy(update={"weight": 1.0})
        for name, g in model.groups.items()
    }
    new = {
        name: f.model_copy(update={"weight": float(effective[k]) * total / groups[f.group].weight})
        for k, (name, f) in enumerate(factors.items())
    }
    return model.model_copy(update={"groups": groups, "factors": new})


def _own_weights(model: ModelFile, file: PanelFile) -> ModelFile:
    if file.swing is not None:
        order = [item.factor for item in file.swing]
        ratings = [file.swing[order.index(f)].rating for f in model.factors]
        return with_effective_weights(model, swing_weights(ratings))
    if file.weights is None:
        return model
    groups = {
        name: g.model_copy(update={"weight": file.weights.groups[name]})
        if name in file.weights.groups
        else g
        for name, g in model.groups.items()
    }
    factors = {
        name: f.model_copy(update={"weight": file.weights.factors[name]})
        if name in file.weights.factors
        else f
        for name, f in model.factors.items()
    }
    return model.model_copy(update={"groups": groups, "factors": factors})


@dataclass(frozen=True)
class _Routed(Document):
    """A profile's (or model.yaml's) document whose problems about the cells (or weights) an
    analyst gave are reported in the analyst's file, where those numbers stand."""

    prefixes: Mapping[tuple[Any, ...], tuple[Document, tuple[Any, ...]]] = field(
        default_factory=dict
    )
    exact: Mapping[tuple[Any, ...], tuple[Document, tuple[Any, ...]]] = field(default_factory=dict)

    def _route(self, path: tuple[Any, ...]) -> tuple[Document, tuple[Any, ...]] | None:
        if path in self.exact:
            return self.exact[path]
        for n in range(len(path), 0, -1):
            if path[:n] in self.prefixes:
                doc, prefix = self.prefixes[path[:n]]
                return doc, (*prefix, *path[n:])
        return None

    def problem(self, path: tuple[Any, ...], message: str, hint: str | None = None) -> Problem:
        routed = self._route(tuple(path))
        if routed is not None:
            return routed[0].problem(routed[1], message, hint)
        return super().problem(path, message, hint)

    def key_problem(self, path: tuple[Any, ...], message: str, hint: str | None = None) -> Problem:
        routed = self._route(tuple(path))
        if routed is not None:
            return routed[0].key_problem(routed[1], message, hint)
        return super().key_problem(path, message, hint)


def _routed(doc: Document, **routes: Any) -> _Routed:
    doc = doc.located()  # a document from the cache: parsed now, for the positions
    return _Routed(doc.path, doc.data, doc.locations, doc.key_locations, **routes)


def _routed_documents(
    documents: Mapping[str, Document], pdoc: Document, file: PanelFile, model: ModelFile
) -> dict[str, Document]:
    routed: dict[str, Document] = dict(documents)
    for cid, cells in file.values.items():
        key = f"profile:{cid}"
        given = {f: ("values", cid, f) for f, e in (cells or {}).items() if e is not None}
        if key in documents and given:
            prefixes = {("factors", f): (pdoc, path) for f, path in given.items()}
            routed[key] = _routed(documents[key], prefixes=prefixes)
    Route = dict[tuple[Any, ...], tuple[Document, tuple[Any, ...]]]
    if file.swing is not None:
        exact: Route = {("factors",): (pdoc, ("swing",))}
        exact |= {
            ("factors", item.factor, "weight"): (pdoc, ("swing", i, "rating"))
            for i, item in enumerate(file.swing)
        }
        routed["model"] = _routed(documents["model"], exact=exact)
    elif file.weights is not None:
        exact = {("factors",): (pdoc, ("weights",))}
        for kind in ("groups", "factors"):
            for name in getattr(file.weights, kind):
                exact[(kind, name, "weight")] = (pdoc, ("weights", kind, name))
        routed["model"] = _routed(documents["model"], exact=exact)
    return routed


Weighting = Literal["model.yaml", "typed", "swing"]


@dataclass(frozen=True, eq=False)
class Analyst:
    """One analyst of the panel: their file, and the workspace as they see it (their values and
    weights, the profiles' and model.yaml's where they gave none), with any changes of this run
    applied."""

    id: str  # the file's name without .yaml
    file: PanelFile
    document: Document
    view: Workspace

    @property
    def name(self) -> str:
        return self.file.analyst

    @property
    def note(self) -> str:
        return self.file.note

    @property
    def weighting(self) -> Weighting:
        if self.file.swing is not None:
            return "swing"
        return "typed" if self.file.weights is not None else "model.yaml"

    @cached_property
    def given(self) -> np.ndarray:
        """(C, F) True where the analyst gave the value."""
        ws = self.view
        mask = np.zeros(ws.values.shape, dtype=bool)
        for c, cid in enumerate(ws.country_ids):
            for factor, entry in (self.file.values.get(cid) or {}).items():
                if entry is not None:
                    mask[c, ws.factor_ids.index(factor)] = True
        return mask

    @cached_property
    def digest(self) -> str:
        """A short digest of the analyst's file as validated (a ledger record keeps it, so
        that `diff` can say whose file changed)."""
        import hashlib

        return hashlib.sha256(self.file.model_dump_json().encode()).hexdigest()[:16]

    def owns_weight(self, factor: str) -> bool:
        """Does the analyst's own file give this factor's weight (by swing, every factor's), so
        that an edit of model.yaml's weight leaves their view as it is?"""
        if self.file.swing is not None:
            return True
        return self.file.weights is not None and factor in self.file.weights.factors

    def owns_value(self, country: str, factor: str) -> bool:
        """Does the analyst's own file give this cell, so that an edit of the profile leaves
        their view as it is?"""
        return (self.file.values.get(country) or {}).get(factor) is not None

    def swing(self) -> list[tuple[str, float, float]] | None:
        """(factor, rating, derived weight), largest swing first; None without swing weights."""
        if self.file.swing is None:
            return None
        weights = swing_weights([item.rating for item in self.file.swing])
        return [
            (item.factor, item.rating, float(w))
            for item, w in zip(self.file.swing, weights, strict=True)
        ]


# --- the panel ----------------------------------------------------------------------------


class Draws(Protocol):
    def pieces(self, block: int, n: int) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]: ...


@dataclass(frozen=True, eq=False)
class Panel:
    """The analysts of a workspace, how they combine, and how much each weighs."""

    plain: Workspace  # the workspace as its profiles and model.yaml say, with this run's changes
    analysts: tuple[Analyst, ...]
    rule: PanelAggregate
    weights: np.ndarray  # (A,) each analyst's weight in every combination, summing to 1
    basis: str  # how the weights were set, in words
    record: TrackRecord | None = None  # where the weights rest on track records
    folder: str = f"{FOLDER}/"  # where the analysts' files are, as the user would type it

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.analysts)

    @property
    def illustrative(self) -> bool:
        """Does any analyst's file say it is invented (`illustrative: true`)? Then every output
        that uses the panel says 'illustrative panel'."""
        return any(a.file.illustrative for a in self.analysts)

    @property
    def label(self) -> str:
        """'illustrative panel' or 'panel'."""
        return "illustrative panel" if self.illustrative else "panel"

    @cached_property
    def values(self) -> np.ndarray:
        """(A, C, F) every analyst's values."""
        return np.stack([a.view.values for a in self.analysts])

    @cached_property
    def effective_weights(self) -> np.ndarray:
        """(A, F) every analyst's effective weights."""
        return np.stack([a.view.weights for a in self.analysts])

    @property
    def own_weights(self) -> bool:
        """Does any analyst weigh the factors otherwise than model.yaml?"""
        return any(a.weighting != "model.yaml" for a in self.analysts)

    def rule_text(self) -> str:
        """'values mean, P linear pool' (with the trim and the extremizing factor)."""
        rule = self.rule
        values = rule.values.replace("_", " ")
        if rule.values == "trimmed_mean":
            values += f" ({100 * rule.trim:g}% off each end)"
        p = "linear pool" if rule.probabilities == "linear_pool" else "mean of log-odds"
        if rule.probabilities == "log_odds" and rule.extremize != 1:
            p += f" × {rule.extremize:g}"
        return f"values {values}, P {p}"

    def describe(self) -> str:
        """'panel of 3 analysts (values mean, P linear pool; equal weights)'; 'illustrative
        panel of ...' where the files say the analysts are invented."""
        weights = "equal weights" if self.rule.analysts == "equal" else "performance weights"
        return (
            f"{self.label} of {plural(len(self.analysts), 'analyst')} "
            f"({self.rule_text()}; {weights})"
        )

    def rests_on(self, c: int, f: int) -> str:
        """Whose values the aggregate of cell (c, f) follows: 'profile' where no analyst gives
        their own; else each analyst who does, with their value, and the profile's value with
        how many analysts take it ('pessimist 8; profile 6 (2 analysts)'). By the median, only
        the analysts whose value is the median (or the two either side of it)."""
        values = self.values[:, c, f]
        given = [bool(a.given[c, f]) for a in self.analysts]
        if not any(given):
            return "profile"
        chosen = list(range(len(self.analysts)))
        if self.rule.values == "median":
            middle = float(combine(values, self.weights, "median"))
            chosen = [k for k in chosen if abs(values[k] - middle) <= 1e-9]
            if not chosen:  # the midpoint of the two either side
                below = max(v for v in values if v < middle)
                above = min(v for v in values if v > middle)
                chosen = [k for k, v in enumerate(values) if v in (below, above)]
        own = [f"{self.analysts[k].id} {values[k]:g}" for k in chosen if given[k]]
        profile = [k for k in chosen if not given[k]]
        if profile:
            n = len(profile)
            own.append(f"profile {values[profile[0]]:g}" + (f" ({n} analysts)" if n > 1 else ""))
        return "; ".join(own)

    def monte_carlo_note(self) -> str:
        if self.rule.uncertainty == "pool" and len(self.analysts) > 1:
            return f"one analyst per sample (a linear opinion pool of {len(self.analysts)})"
        return "each value's range widened to cover every analyst's"

    def scores(self, aggregation: Aggregation) -> np.ndarray:
        """(A, C) every analyst's scores."""
        return np.stack(
            [engine.scores(a.view.normalized, a.view.weights, aggregation) for a in self.analysts]
        )

    def probability(
        self,
        link: Link,
        aggregation: Aggregation,
        horizon: float,
        level: float,
        samples: int,
        seed: int,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(pooled probability, low, high), each (C,): every analyst's probability from their own
        score (capped where one of their gates binds), pooled; the interval over the link's
        uncertainty, one draw of the link shared by all the analysts."""
        scores = self.scores(aggregation)  # (A, C)
        caps = [caps_of(a.view) for a in self.analysts]
        point = np.stack(
            [cap(link.probability(s, horizon)) for cap, s in zip(caps, scores, strict=True)]
        )
        rule = self.rule
        pooled = pool(point, self.weights, rule.probabilities, rule.extremize)
        intercept, slope = link.draws(samples, seed)
        from scenarios.analyses.likelihood import logistic, within_horizon

        low, high = np.empty(scores.shape[1]), np.empty(scores.shape[1])
        chunk = max(1, 2_000_000 // max(samples * len(self.analysts), 1))
        quantiles = [(1 - level) / 2, (1 + level) / 2]
        for start in range(0, scores.shape[1], chunk):
            part = slice(start, start + chunk)
            p = within_horizon(
                logistic(intercept[:, None, None] + slope[:, None, None] * scores[None, :, part]),
                horizon,
            )  # (S, A, c)
            p = np.stack([cap(p[:, a], part) for a, cap in enumerate(caps)], axis=1)
            pooled_draws = pool(
                np.moveaxis(p, 1, 0), self.weights, rule.probabilities, rule.extremize
            )
            low[part], high[part] = np.quantile(pooled_draws, quantiles, axis=0)
        return pooled, low, high

    def sampler(self, settings: MonteCarloSettings, inputs: _Inputs) -> Draws:
        """The Monte Carlo's draws: one analyst per sample where the rule says pool (and there
        is more than one analyst), else the aggregate's (whose ranges cover the panel's)."""
        from scenarios.analyses.robustness import _Inputs, _Sampler

        if self.rule.uncertainty != "pool" or len(self.analysts) == 1:
            return _Sampler(settings, inputs)
        return _PoolSampler(
            settings, inputs, [_Inputs.of(a.view) for a in self.analysts], self.weights
        )

    def apply(self, ws: Workspace, change: Callable[[Workspace], Workspace]) -> Workspace:
        """A change of this run (a what-if) made to every analyst's view and to the plain
        workspace, as if each had edited their own files; then combined again."""
        return self.edit(ws, lambda view, _analyst: change(view))

    def edit(
        self, ws: Workspace, change: Callable[[Workspace, Analyst | None], Workspace]
    ) -> Workspace:
        """A change made to each analyst's view (``change(view, analyst)``) and to the plain
        workspace (``change(plain, None)``); then combined again. An edit of model.yaml or a
        profile (--weight, --set) is made only where the analyst's file does not give that
        number: exactly what editing the file would do."""
        analysts = []
        for analyst in self.analysts:
            analysts.append(replace(analyst, view=change(analyst.view, analyst)))
        plain = change(self.plain, None)
        new = combined(
            plain, tuple(analysts), self.rule, self.weights, self.basis, self.record, self.folder
        )
        return replace(new, origin=ws.origin or ws)

    def with_rule(self, ws: Workspace, rule: PanelAggregate, change: PanelRule) -> Workspace:
        """The workspace combined by another rule (--panel-aggregate), as if model.yaml said so."""
        weights, basis, record = _analyst_weights(self.plain, self.analysts, rule, self.record)
        new = combined(self.plain, self.analysts, rule, weights, basis, record, self.folder)
        return replace(new, changes=(*ws.changes, change), origin=None)

    def warnings(self) -> list[Problem]:
        """Analysts' notes, values and sources dated after the event's `as_of` (hindsight)."""
        event = self.plain.model.event
        return [p for a in self.analysts for p in _hindsight(a, event.as_of)] if event else []


def _hindsight(analyst: Analyst, as_of: dt.date) -> list[Problem]:
    from scenarios.workspace.hindsight import later_in_entry, later_in_text

    doc, who = analyst.document, f"analyst '{analyst.id}'"
    found = later_in_text(doc, ("note",), who, "the note", analyst.note, as_of)
    for cid, row in analyst.file.values.items():
        for factor, entry in (row or {}).items():
            if entry is not None:
                path = ("values", cid, factor)
                found += later_in_entry(doc, path, f"{who}, {cid}.{factor}", entry, as_of)
    return found


def caps_of(view: Workspace) -> Callable[..., np.ndarray]:
    """p (…, C) → p capped where the view's gates bind (for the countries ``part`` of C)."""
    if not view.model.gates:
        return lambda p, part=slice(None): p
    from scenarios.analyses import gates

    binds, gate_caps = gates.binding(view), gates.caps(view)

    def cap(p: np.ndarray, part: slice = slice(None)) -> np.ndarray:
        return gates.capped(p, binds[part], gate_caps)

    return cap


class _PoolSampler:
    """A linear opinion pool in the Monte Carlo: each sample draws an analyst (with their weight
    in the panel), then weights around that analyst's (Dirichlet) and values within that
    analyst's ranges, exactly as the plain Monte Carlo does around the workspace's."""

    def __init__(
        self,
        settings: MonteCarloSettings,
        inputs: _Inputs,
        analysts: Sequence[_Inputs],
        weights: np.ndarray,
    ) -> None:
        from scenarios.analyses.robustness import BLOCK

        self.settings = settings
        self.loadings = inputs.loadings  # drivers are the model's, the same for every analyst
        self.low = np.stack([a.low for a in analysts])  # (A, C, F)
        self.mode = np.stack([a.mode for a in analysts])
        self.high = np.stack([a.high for a in analysts])
        self.w = np.stack([a.weights for a in analysts])  # (A, F)
        self.p = np.asarray(weights, dtype=float) / np.sum(weights)
        self.shape = (BLOCK, *inputs.mode.shape)

    def pieces(
        self, block: int, n: int | None = None
    ) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
        """The block's first ``n`` samples (default: all) in one piece, as the Monte Carlo
        takes them."""
        weights, u = self.draw(block)
        n = self.shape[0] if n is None else n
        yield slice(0, n), weights[:n], u[:n]

    def draw(self, block: int) -> tuple[np.ndarray, np.ndarray]:
        from scenarios.analyses.robustness import _block_rng, triangular

        settings = self.settings
        rng = _block_rng(settings.seed, block)
        n = self.shape[0]
        who = rng.choice(len(self.p), size=n, p=self.p)
        w = self.w[who]
        if settings.fixed_weights:
            weights = w
        else:  # Dirichlet(concentration · w) row by row, through gamma draws
            gamma = rng.standard_gamma(np.where(w > 0, settings.concentration * w, 1.0))
            gamma = np.where(w > 0, gamma, 0.0)
            total = gamma.sum(axis=1, keepdims=True)
            empty = np.flatnonzero(~(total[:, 0] > 0))
            if empty.size:  # every draw of a row underflowed (a tiny concentration): the
                # Dirichlet's limit, all the weight on one factor, drawn in proportion to w
                share = np.cumsum(w[empty], axis=1) / w[empty].sum(axis=1, keepdims=True)
                pick = (rng.random(empty.size)[:, None] >= share).sum(axis=1)
                gamma[empty] = 0.0
                gamma[empty, np.minimum(pick, w.shape[1] - 1)] = 1.0
                total[empty] = 1.0
            weights = gamma / total
        low, mode, high = self.low[who], self.mode[who], self.high[who]
        if settings.values == "fixed":
            u = mode
        elif settings.values == "uniform":
            u = low + rng.random(self.shape) * (high - low)
        else:
            u1, u2 = rng.random((2, *self.shape))
            u = triangular(u1, u2, low, mode, high)
        if self.loadings.shape[0] and settings.values != "fixed":
            z = rng.standard_normal((n, self.loadings.shape[0]))
            u = np.clip(u + (z @ self.loadings).reshape(self.shape), 0.0, 1.0)
        return weights, u


# --- combining ------------------------------------------------------------------------------


def combined(
    plain: Workspace,
    analysts: tuple[Analyst, ...],
    rule: PanelAggregate,
    weights: np.ndarray,
    basis: str,
    record: TrackRecord | None = None,
    folder: str = f"{FOLDER}/",
) -> Workspace:
    """The aggregate workspace: every cell's value, low and high combined by the rule (low and
    high cover every analyst's instead where the rule's uncertainty is `widen`), at the
    confidence of the least sure analyst; every factor's effective weight combined likewise
    (model.yaml's weights kept where no analyst has their own). The evidence (notes, sources,
    dates) stays the profiles', with the analysts' values and notes added to the note."""
    views = [a.view for a in analysts]
    v = np.stack([view.values for view in views])
    ranges = [view.ranges for view in views]
    lows = np.stack([r[0] for r in ranges])
    highs = np.stack([r[1] for r in ranges])
    value = combine(v, weights, rule.values, rule.trim)
    if rule.uncertainty == "widen":
        low, high = lows.min(axis=0), highs.max(axis=0)
    else:
        low = combine(lows, weights, rule.values, rule.trim)
        high = combine(highs, weights, rule.values, rule.trim)
    low, high = np.minimum(low, value), np.maximum(high, value)
    confidence = np.stack([view.confidence for view in views]).min(axis=0)
    profiles = []
    for c, profile in enumerate(plain.profiles):
        factors = {}
        for f, name in enumerate(plain.factor_ids):
            entry = profile.factors[name]
            factors[name] = entry.model_copy(
                update={
                    "value": float(value[c, f]),
                    "low": float(low[c, f]),
                    "high": float(high[c, f]),
                    "confidence": CONFIDENCE_LEVELS[int(confidence[c, f])],
                    "note": _cell_note(entry, analysts, c, f, float(value[c, f]), rule),
                    "sources": [*entry.sources, *_cell_sources(analysts, c, f)],
                }
            )
        factors |= {k: e for k, e in profile.factors.items() if k not in factors}
        profiles.append(profile.model_copy(update={"factors": factors}))
    model = plain.model
    if any(a.weighting != "model.yaml" for a in analysts):
        effective = combine(
            np.stack([view.weights for view in views]), weights, rule.values, rule.trim
        )
        if not effective.sum() > 0:  # e.g. the median of analysts who each weigh one factor
            raise WorkspaceError(
                plain.documents["model"].problem(
                    ("panel", "aggregate", "values"),
                    f"the analysts' weights combined by the {rule.values.replace('_', ' ')} are "
                    "all zero",
                    "combine them by the mean, or give the analysts' weights more overlap",
                )
            )
        model = with_effective_weights(model, effective / effective.sum())
    documents = dict(plain.documents)
    documents |= {f"panel:{a.id}": a.document for a in analysts}
    panel = Panel(plain, analysts, rule, weights, basis, record, folder)
    return replace(plain, model=model, profiles=tuple(profiles), documents=documents, panel=panel)


def _cell_note(
    entry: Entry, analysts: Sequence[Analyst], c: int, f: int, value: float, rule: PanelAggregate
) -> str:
    values = [a.view.values[c, f] for a in analysts]
    if all(x == values[0] for x in values) and not any(a.given[c, f] for a in analysts):
        return entry.note
    parts = []
    for a, x in zip(analysts, values, strict=True):
        own = a.view.entry(a.view.country_ids[c], a.view.factor_ids[f])
        said = f": {own.note.strip().rstrip('.')}" if a.given[c, f] and own.note else ""
        parts.append(f"{a.id} {x:g}{'' if a.given[c, f] else ' (profile)'}{said}")
    panel = f"Panel ({rule.values.replace('_', ' ')} {value:.3g}): " + "; ".join(parts) + "."
    return f"{entry.note} {panel}" if entry.note else panel


def _cell_sources(analysts: Sequence[Analyst], c: int, f: int) -> list[str]:
    """The sources the analysts who gave this cell cite, each marked with the analyst's id."""
    found = []
    for a in analysts:
        if a.given[c, f]:
            entry = a.view.entry(a.view.country_ids[c], a.view.factor_ids[f])
            found += [f"{a.id}: {source}" for source in entry.sources]
    return found


_LOADING_RECORD: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "loading_track_record", default=False
)


def _analyst_weights(
    plain: Workspace,
    analysts: tuple[Analyst, ...],
    rule: PanelAggregate,
    record: TrackRecord | None,
) -> tuple[np.ndarray, str, TrackRecord | None]:
    equal = np.full(len(analysts), 1.0 / len(analysts))
    if rule.analysts == "equal":
        return equal, "equal weights", record
    if _LOADING_RECORD.get():  # the track record's own panel: no record of a record
        return equal, "equal weights (a track record's own panel)", record
    if record is None:
        record = track_record(plain, analysts, plain.model.aggregation)
    if not record.analysts:
        raise WorkspaceError(
            plain.documents["model"].problem(
                ("panel", "aggregate", "analysts"),
                f"performance weights need a track record, but no analyst of the panel has "
                f"scored {record.name}",
                f"add {record.folder}/panel/ID.yaml for each analyst (the same ids), or use "
                "analysts: equal",
            )
        )
    weights, basis = performance_weights(record, [a.id for a in analysts])
    return weights, basis, record


def performance_weights(record: TrackRecord, ids: Sequence[str]) -> tuple[np.ndarray, str]:
    """Weights proportional to 1/Brier on the record's outcomes (an analyst half as far off
    weighs twice as much); an analyst without a record weighs the mean of those with one."""
    brier = dict(zip(record.analysts, record.brier, strict=True))
    raw = np.array([1.0 / max(brier[i], 1e-6) if i in brier else np.nan for i in ids])
    known = raw[np.isfinite(raw)]
    raw = np.where(np.isfinite(raw), raw, known.mean())
    basis = (
        f"performance weights: 1/Brier on {record.name} "
        f"({plural(len(record.outcomes), 'resolved outcome')})"
    )
    if record.missing:
        basis += f"; without a record, the mean weight: {', '.join(record.missing)}"
    return raw / raw.sum(), basis


def filled(file: PanelFile) -> bool:
    """Has the analyst filled in their sheet? A sheet counts once it gives at least one value,
    or weights of its own (typed or by swing); until then (a blank `panel init` sheet) it is
    not counted, so that it cannot move the results."""
    cells = any(e is not None for row in file.values.values() for e in (row or {}).values())
    typed = file.weights is not None and bool(file.weights.groups or file.weights.factors)
    return cells or typed or file.swing is not None


def _not_counted(doc: Document, file: PanelFile) -> Problem:
    return doc.problem(
        (),
        f"analyst '{doc.path.stem}' is not counted yet: the sheet gives no value and no weight "
        "of its own",
        "fill in at least one cell or the weights; until then the panel leaves this sheet out",
    )


def attach(
    plain: Workspace, files: Sequence[tuple[Document, PanelFile]], folder: str = f"{FOLDER}/"
) -> Workspace:
    """The workspace of a panel: the aggregate of the analysts' views, with the panel on it.
    Sheets not yet filled in are left out (and noticed); without any filled one, no panel."""
    notices = tuple(_not_counted(doc, file) for doc, file in files if not filled(file))
    files = [(doc, file) for doc, file in files if filled(file)]
    plain = replace(plain, notices=(*plain.notices, *notices))
    if not files:
        return plain
    analysts = []
    for doc, file in files:
        view = replace(
            plain,
            model=_own_weights(plain.model, file),
            profiles=tuple(_own_values(p, file) for p in plain.profiles),
            documents=_routed_documents(plain.documents, doc, file, plain.model),
            origin=None,
        )
        analysts.append(Analyst(doc.path.stem, file, doc, view))
    rule = (plain.model.panel or PanelSettings(track_record=None)).aggregate
    weights, basis, record = _analyst_weights(plain, tuple(analysts), rule, None)
    return combined(plain, tuple(analysts), rule, weights, basis, record, folder)


# --- --panel DIR, --no-panel ------------------------------------------------------------------

EXAMPLE_PANEL = "example-panel"  # the bundled folder of illustrative analysts (opt-in)
PanelChoice = str | os.PathLike[str] | bool | None
"""A run's panel: None, the workspace's own panel/; False, none; a folder or a bundled name."""


def panel_folder(spec: str | os.PathLike[str]) -> Path:
    """The folder of analyst files that ``--panel`` names: a folder, or the name of a bundled
    one (example-panel), found as `-w` finds a bundled workspace."""
    from scenarios.workspace.load import CHECKOUT_FOLDER, _upwards, bundled_root, yaml_files

    text = os.fspath(spec)
    option = f"--panel {text}"
    try:
        path = Path(text).expanduser()
        exists = path.exists()
    except (OSError, RuntimeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise OptionError(Problem(f"{option}: cannot use this path: {reason}")) from None
    if not exists and text and "/" not in text and os.sep not in text:
        here = [folder / CHECKOUT_FOLDER / text for folder in _upwards(Path.cwd())]
        for candidate in [*here, bundled_root() / text]:
            if candidate.is_dir() and not (candidate / "model.yaml").exists():
                path, exists = candidate, True
                break
    if not exists:
        raise OptionError(
            Problem(
                f"{option}: no such folder",
                hint=did_you_mean(text, [EXAMPLE_PANEL])
                or f"give a folder of analyst files (*.yaml), or the bundled {EXAMPLE_PANEL}",
            )
        )
    if not path.is_dir():
        raise OptionError(
            Problem(f"{option} is a file, not a folder", hint="give the folder of analyst files")
        )
    if (path / "model.yaml").exists() and (path / FOLDER).is_dir():
        path = path / FOLDER  # a workspace: its panel
    if not yaml_files(path):
        raise OptionError(
            Problem(
                f"{option}: no analyst files (*.yaml) in this folder",
                hint="one YAML file per analyst (`scenarios panel init NAME -o FILE`)",
            )
        )
    return path


def use_panel(ws: Workspace, panel: PanelChoice) -> Workspace:
    """The workspace with the panel of this run: None, its own panel/ (if it has one); False,
    none; a folder or a bundled name (example-panel), the analysts there instead of its own."""
    from scenarios.workspace.load import display_path, yaml_files

    if panel is None:
        return ws
    if ws.changes:
        raise OptionError(
            Problem(
                "panel: choose the panel before any change (what-if, weight, value)",
                hint="pass panel= to the same call as the changes",
            )
        )
    plain = ws.panel.plain if ws.panel is not None else ws
    plain = replace(plain, notices=())  # what loading noticed is about its own panel/
    if panel is False:
        return plain
    if panel is True or not isinstance(panel, (str, os.PathLike)):
        raise OptionError(
            Problem(
                f"panel: expected a folder, a bundled name, None or False (got {panel!r})",
                hint=f"e.g. panel={EXAMPLE_PANEL!r}; panel=False for none",
            )
        )
    folder = panel_folder(panel)
    problems: list[Problem] = []
    files = read_files(yaml_files(folder), problems)
    if not problems:
        problems = check_files(files, plain.model, plain.profiles, plain.documents)
    if problems:
        raise WorkspaceError(problems)
    if not any(filled(file) for _, file in files):
        raise OptionError(
            Problem(
                f"--panel {os.fspath(panel)}: no sheet there is filled in yet "
                f"({plural(len(files), 'sheet')}, none with a value or weight of its own)",
                hint="a sheet counts once it gives at least one value or weight",
            )
        )
    return attach(plain, files, display_path(folder) + "/")


# --- --panel-aggregate ----------------------------------------------------------------------

RULE_CHOICES: dict[str, tuple[str, ...]] = {
    "values": PANEL_VALUES,
    "probabilities": PANEL_PROBABILITIES,
    "analysts": PANEL_ANALYSTS,
    "uncertainty": PANEL_UNCERTAINTY,
}
RULE_NUMBERS = ("trim", "extremize")
RuleLike = PanelAggregate | Mapping[str, object] | Sequence[str]


def parse_rule(given: RuleLike, current: PanelAggregate) -> tuple[PanelAggregate, PanelRule]:
    """The rule for one run: ``current`` (model.yaml's) with the settings given, as
    'KEY=VALUE' strings ('values=median', 'probabilities=log_odds,extremize=2'), a mapping or a
    PanelAggregate; and how to name the change."""
    option = "--panel-aggregate"
    if isinstance(given, PanelAggregate):
        return given, _rule(given.model_dump(exclude_unset=True))
    updates: dict[str, object] = {}
    items: list[tuple[str, object, str]]
    if isinstance(given, Mapping):
        items = [(str(k), v, f"panel_aggregate[{k!r}]") for k, v in given.items()]
    else:
        if isinstance(given, str):
            given = [given]
        items = []
        for text in given:
            for part in str(text).split(","):
                key, sep, raw = part.strip().partition("=")
                if not sep or not key.strip():
                    raise OptionError(
                        Problem(
                            f"{option} {part.strip()}: expected KEY=VALUE",
                            hint="e.g. --panel-aggregate values=median",
                        )
                    )
                items.append((key.strip(), raw.strip(), f"{option} {part.strip()}"))
    known = [*RULE_CHOICES, *RULE_NUMBERS]
    for name, value, where in items:
        if name in RULE_CHOICES:
            updates[name] = arguments.choice(where, value, RULE_CHOICES[name])
        elif name in RULE_NUMBERS:
            if isinstance(value, str):
                try:
                    value = float(value)
                except ValueError:
                    raise OptionError(Problem(f"{where}: '{value}' is not a number")) from None
            updates[name] = arguments.number(where, value)
        else:
            raise OptionError(
                Problem(f"{where}: unknown setting '{name}'", hint=did_you_mean(name, known))
            )
    data = current.model_dump(exclude_unset=True)
    if updates.get("values", "trimmed_mean") != "trimmed_mean":
        data.pop("trim", None)
    if updates.get("probabilities", "log_odds") != "log_odds":
        data.pop("extremize", None)
    try:
        rule = PanelAggregate.model_validate(data | updates)
    except ValidationError as exc:
        error = exc.errors()[0]
        message = str(error["msg"]).removeprefix("Value error, ")
        key = ".".join(str(p) for p in error["loc"])
        raise OptionError(
            Problem(f"{option} {_spell(updates)}: {key + ': ' if key else ''}{message}")
        ) from None
    return rule, _rule(updates)


def _rule(settings: Mapping[str, object]) -> PanelRule:
    return PanelRule(
        tuple((k, f"{v:g}" if isinstance(v, float) else f"{v}") for k, v in settings.items())
    )


def _spell(settings: Mapping[str, object]) -> str:
    return str(_rule(settings)).removeprefix("--panel-aggregate ")


def no_panel(ws: Workspace, prefix: str = "") -> Problem:
    """What to say where a panel is needed and the workspace has none (or only blank sheets)."""
    if ws.notices:
        return Problem(
            f"{prefix}{ws.name} has no panel yet: {plural(len(ws.notices), 'sheet')} in "
            f"{FOLDER}/ not filled in",
            hint="a sheet counts once it gives at least one value or weight; `scenarios "
            "validate` names them",
        )
    return Problem(
        f"{prefix}{ws.name} has no panel",
        hint="add one YAML file per analyst under panel/ (`scenarios panel init NAME`), or try "
        "--panel example-panel (illustrative analysts)",
    )


def with_rule(ws: Workspace, given: RuleLike | None) -> Workspace:
    """The workspace combined by the rule given for this run (None: as model.yaml says)."""
    if given is None or (not isinstance(given, PanelAggregate) and not given):
        return ws
    if ws.panel is None:
        raise OptionError(no_panel(ws, "--panel-aggregate: "))
    rule, change = parse_rule(given, ws.panel.rule)
    return ws.panel.with_rule(ws, rule, change)


# --- track records --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TrackRecord:
    """Each analyst's probabilities of the resolved outcomes of a backtest workspace they scored
    too (their own panel file there), beside the pool's and the plain profiles'."""

    workspace: Workspace  # the backtest workspace
    analysts: tuple[str, ...]  # the analysts of the panel with a file there, in panel order
    missing: tuple[str, ...]  # those without
    ids: tuple[str, ...]  # the countries whose outcome has resolved
    outcomes: np.ndarray  # (n,) 1 = the event happened within the horizon
    probability: np.ndarray  # (k, n) each analyst's
    pooled: np.ndarray  # (n,) theirs pooled by the rule, with equal weights
    plain: np.ndarray  # (n,) the backtest's profiles'
    method: str  # how the probabilities were made
    horizon: float
    base_probability: float

    @property
    def name(self) -> str:
        """The backtest workspace by its folder's name ('abraham-2020')."""
        return self.workspace.root.name

    @property
    def folder(self) -> str:
        """Its folder as the user would type it."""
        from scenarios.workspace.load import display_path

        return display_path(self.workspace.root)

    @property
    def events(self) -> int:
        return int(self.outcomes.sum())

    @property
    def brier(self) -> np.ndarray:
        return np.asarray(((self.probability - self.outcomes) ** 2).mean(axis=1))

    def rows(self) -> list[tuple[str, np.ndarray]]:
        """(who, probabilities): every analyst, then the pool and the profiles."""
        rows = list(zip(self.analysts, self.probability, strict=True))
        if self.analysts:
            rows.append(("pool", self.pooled))
        return [*rows, ("profiles", self.plain)]

    @property
    def small_sample(self) -> bool:
        from scenarios.analyses.likelihood import SMALL_SAMPLE

        n = len(self.outcomes)
        return n < SMALL_SAMPLE or min(self.events, n - self.events) < 10

    def to_frame(self, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
        """Each analyst's track record.

        Returns
        -------
        pandas.DataFrame
            Indexed by analyst (then the pool and the profiles): outcomes, events, brier,
            log_loss, skill, and weight (from `weights`, NaN where not given).
        """
        import pandas as pd

        from scenarios.analyses.likelihood import metrics

        rows = []
        for who, p in self.rows():
            m = metrics(p, self.outcomes, self.base_probability)
            rows.append(
                {
                    "analyst": who,
                    "outcomes": len(self.outcomes),
                    "events": self.events,
                    "brier": m["brier"],
                    "log_loss": m["log_loss"],
                    "skill": m["skill"],
                    "weight": (weights or {}).get(who, float("nan")),
                }
            )
        return pd.DataFrame(rows).set_index("analyst")


def record_workspace(ws: Workspace) -> Path | None:
    """Where the panel's track records are: panel.track_record, else the workspace the link was
    fitted on; a folder relative to this workspace's, a sibling folder, or a bundled name."""
    from scenarios.workspace.load import bundled_root, is_workspace

    settings = ws.model.panel
    spec = settings.track_record if settings is not None else None
    if spec is None and ws.model.link is not None and ws.model.link.fit is not None:
        spec = ws.model.link.fit.workspace
    if spec is None:
        return None
    for folder in (ws.root / spec, ws.root.parent / spec, bundled_root() / spec):
        if is_workspace(folder):
            return folder
    return None


def track_record(
    ws: Workspace, analysts: Sequence[Analyst], aggregation: Aggregation
) -> TrackRecord:
    """Score every analyst on the resolved outcomes of the backtest workspace, where they have
    a panel file of the same name there: with its link if it has one, else (as `scenarios
    backtest` does) with a link calibrated leave-one-out on the analyst's own scores."""
    from scenarios.analyses.likelihood import (
        _horizon,
        _leave_one_out,
        _needs_both,
        annual_base_rate,
        link_of,
        resolved_outcomes,
        within_horizon,
    )
    from scenarios.workspace.load import load_workspace

    folder = record_workspace(ws)
    where = ("panel", "track_record") if ws.model.panel and ws.model.panel.track_record else ()
    if folder is None:
        raise WorkspaceError(
            ws.documents["model"].problem(
                where,
                "no backtest workspace to take the analysts' track records from",
                "set panel.track_record in model.yaml to a workspace whose outcomes have "
                "resolved (e.g. abraham-2020)",
            )
        )
    token = _LOADING_RECORD.set(True)
    try:
        backtest = load_workspace(folder)
    finally:
        _LOADING_RECORD.reset(token)
    horizon = _horizon(backtest, None)
    found = resolved_outcomes(backtest, horizon)
    _needs_both(backtest, found, "a track record")
    index, y = found.index, found.y
    base = backtest.model.base_rate
    rate = annual_base_rate(base) if base else None
    base_p = float(within_horizon(rate, horizon)) if rate is not None else float(y.mean())
    link = link_of(backtest, aggregation)
    method = (
        f"{backtest.root.name}'s link"
        if link is not None
        else "a link calibrated leave-one-out on each analyst's own scores"
    )

    def probabilities(view: Workspace) -> np.ndarray:
        s = engine.scores(view.normalized, view.weights, aggregation)
        if link is not None:
            return np.asarray(caps_of(view)(link.probability(s, horizon))[index])
        return _leave_one_out(s[index], y, horizon, rate)

    theirs = {a.id: a for a in backtest.panel.analysts} if backtest.panel is not None else {}
    scored = [a.id for a in analysts if a.id in theirs]
    missing = tuple(a.id for a in analysts if a.id not in theirs)
    p = np.array([probabilities(theirs[i].view) for i in scored]).reshape(len(scored), len(y))
    rule = (ws.model.panel or PanelSettings(track_record=None)).aggregate
    pooled = (
        pool(p, np.full(len(scored), 1 / len(scored)), rule.probabilities, rule.extremize)
        if scored
        else np.full(len(y), np.nan)
    )
    plain = backtest.panel.plain if backtest.panel is not None else backtest
    return TrackRecord(
        workspace=backtest,
        analysts=tuple(scored),
        missing=missing,
        ids=tuple(backtest.country_ids[i] for i in index),
        outcomes=y,
        probability=p,
        pooled=pooled,
        plain=probabilities(plain),
        method=method,
        horizon=horizon,
        base_probability=base_p,
    )
