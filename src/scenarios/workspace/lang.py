"""Names and labels in the reader's language: English (the files' `name`/`label`) or Arabic
(`name_ar`/`label_ar`), falling back to English with a warning where a file has no Arabic.

No terminal code: warnings are returned as `Problem`s for the caller to print.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, get_args

from scenarios.core.choices import Language
from scenarios.core.errors import Problem
from scenarios.core.writers import flat

if TYPE_CHECKING:
    import pandas as pd

    from scenarios.workspace.load import Workspace

Lang = Language
LANGS: tuple[str, ...] = get_args(Lang)
DIRECTION: dict[str, str] = {"en": "ltr", "ar": "rtl"}


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


def written_in(text: str) -> Lang | None:
    """The language a text from the files is written in, as far as its script tells: 'ar' for
    Arabic letters alone, 'en' for Latin letters alone (the files' default language), None for
    both or neither (a page then lets the browser judge each run of text)."""
    arabic, latin = bool(_ARABIC.search(text)), bool(_LATIN.search(text))
    if arabic == latin:
        return None
    return "ar" if arabic else "en"


class Names:
    """Country names, factor and group labels of one workspace in one language.

    Every English fallback is recorded once in `warnings`, pointing at the line of the English
    name, so the analyst knows where to add the Arabic one.
    """

    def __init__(self, ws: Workspace, lang: str = "en") -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
        self.ws = ws
        self.lang = lang
        self._warned: dict[tuple[str, str], Problem] = {}

    @property
    def warnings(self) -> list[Problem]:
        return list(self._warned.values())

    def _fallback(self, kind: str, key: str, problem: Problem) -> None:
        self._warned.setdefault((kind, key), problem)

    def country(self, country_id: str) -> str:
        profile = self.ws.profile(country_id)
        if self.lang == "en":
            return profile.name
        if profile.name_ar:
            return profile.name_ar
        doc = self.ws.documents.get(f"profile:{country_id}")
        where = doc.problem(("name",), "", None) if doc is not None else Problem("")
        self._fallback(
            "country",
            country_id,
            Problem(
                f"{country_id} has no name_ar; the English name '{profile.name}' is shown",
                where.file,
                where.line,
                where.column,
                "add `name_ar:` to the profile",
            ),
        )
        return profile.name

    def _label(self, kind: str, key: str, label: str, label_ar: str | None) -> str:
        if self.lang == "en":
            return label
        if label_ar:
            return label_ar
        section = "factors" if kind == "factor" else "groups"
        where = self.ws.documents["model"].problem((section, key, "label"), "", None)
        self._fallback(
            kind,
            key,
            Problem(
                f"{kind} '{key}' has no label_ar; the English label '{label}' is shown",
                where.file,
                where.line,
                where.column,
                f"add `label_ar:` to the {kind} in model.yaml",
            ),
        )
        return label

    def text(
        self, document: str, path: tuple[str, ...], english: str, arabic: str | None
    ) -> str | None:
        """A text of the files (a question, a note, a description) in the reader's language:
        `arabic` (the field beside `english` named with `_ar`) on an Arabic page, else None
        where the reader sees the English as written; a missing Arabic text is recorded once
        in `warnings`, pointing at the line of the English one."""
        if self.lang == "en" or not english:
            return english if self.lang == "en" else None
        if arabic:
            return arabic
        field = path[-1]
        doc = self.ws.documents.get(document)
        where = doc.problem(path, "", None) if doc is not None else Problem("")
        self._fallback(
            "text",
            f"{document}:{'.'.join(path)}",
            Problem(
                f"{'.'.join(path)} has no {field}_ar; the English text is shown",
                where.file,
                where.line,
                where.column,
                f"add `{field}_ar:` beside `{field}:`",
            ),
        )
        return None

    def factor(self, factor_id: str) -> str:
        f = self.ws.model.factors[factor_id]
        return self._label("factor", factor_id, f.label, f.label_ar)

    def group(self, group_id: str) -> str:
        g = self.ws.model.groups[group_id]
        return self._label("group", group_id, g.label, g.label_ar)


def localize_frames(
    frames: Mapping[str, pd.DataFrame], ws: Workspace, lang: str
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The same tables with the `name` column (rows with a country `id`) and the `label` column
    (rows with a `factor`) in the chosen language. Other columns, ids included, are unchanged."""
    names = Names(ws, lang)
    if lang == "en":
        return dict(frames), []
    ids = set(ws.country_ids)
    factors = set(ws.factor_ids)
    out = {}
    for key, indexed in frames.items():
        frame = flat(indexed)
        columns = set(frame.columns)
        if {"id", "name"} <= columns:
            frame = frame.copy()
            frame["name"] = [
                names.country(i) if i in ids else n
                for i, n in zip(frame["id"], frame["name"], strict=True)
            ]
        if {"factor", "label"} <= columns:
            frame = frame.copy()
            frame["label"] = [
                names.factor(f) if f in factors else label
                for f, label in zip(frame["factor"], frame["label"], strict=True)
            ]
        out[key] = frame
    return out, names.warnings
