"""The panel: the analysts' views combined by the rule into the workspace the commands score."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from scenarios.core import engine
from scenarios.core.choices import CONFIDENCE_LEVELS, Aggregation
from scenarios.core.errors import Problem, WorkspaceError, plural
from scenarios.panels.judgements import (
    FOLDER,
    Analyst,
    check_files,
    filled,
    own_values,
    own_weights,
    read_files,
    routed_documents,
    with_effective_weights,
)
from scenarios.panels.pooled_draws import PoolSampler
from scenarios.panels.pooling import caps_of, combine, pool
from scenarios.panels.trackrecord import (
    LOADING_TRACK_RECORD,
    TrackRecord,
    performance_weights,
    track_record,
)
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
    from scenarios.analyses.link import Link
    from scenarios.analyses.sampler import MonteCarloSettings, SamplerInputs
    from scenarios.workspace.load import Workspace


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
        from scenarios.analyses.link import logistic, within_horizon

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

    def sampler(self, settings: MonteCarloSettings, inputs: SamplerInputs) -> Draws:
        """The Monte Carlo's draws: one analyst per sample where the rule says pool (and there
        is more than one analyst), else the aggregate's (whose ranges cover the panel's)."""
        from scenarios.analyses.sampler import Sampler, SamplerInputs

        if self.rule.uncertainty != "pool" or len(self.analysts) == 1:
            return Sampler(settings, inputs)
        return PoolSampler(
            settings, inputs, [SamplerInputs.of(a.view) for a in self.analysts], self.weights
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


def _analyst_weights(
    plain: Workspace,
    analysts: tuple[Analyst, ...],
    rule: PanelAggregate,
    record: TrackRecord | None,
) -> tuple[np.ndarray, str, TrackRecord | None]:
    equal = np.full(len(analysts), 1.0 / len(analysts))
    if rule.analysts == "equal":
        return equal, "equal weights", record
    if LOADING_TRACK_RECORD.get():  # the track record's own panel: no record of a record
        return equal, "equal weights (a track record's own panel)", record
    if record is None:
        record = track_record(plain, analysts, plain.model.aggregation, part=read_panel)
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
            model=own_weights(plain.model, file),
            profiles=tuple(own_values(p, file) for p in plain.profiles),
            documents=routed_documents(plain.documents, doc, file, plain.model),
            origin=None,
        )
        analysts.append(Analyst(doc.path.stem, file, doc, view))
    rule = (plain.model.panel or PanelSettings(track_record=None)).aggregate
    weights, basis, record = _analyst_weights(plain, tuple(analysts), rule, None)
    return combined(plain, tuple(analysts), rule, weights, basis, record, folder)


@dataclass(frozen=True)
class PanelPart:
    """A workspace's panel/ as read with it (`load_workspace(..., part=read_panel)`): the
    analysts' files and what reading them found."""

    files: list[tuple[Document, PanelFile]]
    problems: list[Problem]

    def check(
        self, model: ModelFile, profiles: Sequence[ProfileFile], documents: Mapping[str, Document]
    ) -> list[Problem]:
        return check_files(self.files, model, profiles, documents)

    def attach(self, ws: Workspace) -> Workspace:
        return attach(ws, self.files)


def read_panel(root: Path) -> PanelPart | None:
    """The workspace's panel/ folder read (None: it holds no analyst's file)."""
    from scenarios.workspace.files import yaml_files
    from scenarios.workspace.load import one_per_stem

    problems: list[Problem] = []  # one analyst's mistake does not hide another's
    paths = one_per_stem(yaml_files(root / FOLDER), "analyst", problems)
    if not paths:
        return None
    return PanelPart(read_files(paths, problems), problems)
