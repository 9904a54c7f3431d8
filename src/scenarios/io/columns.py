"""The columns a sheet read by `scenarios import` (and `scenarios new --from`) may have, in
English and in Arabic: defined once here; the docs list them from the same table."""

from __future__ import annotations

# canonical name -> every name the column may have in a sheet's first row (compared without
# case and surrounding spaces). The English names are those of `scenarios export`'s
# evidence.csv; `country`, `date` and `source` are the names an analyst is likely to type.
EVIDENCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "country", "البلد"),
    "factor": ("factor", "العامل"),
    "value": ("value", "القيمة"),
    "low": ("low", "الأدنى"),
    "high": ("high", "الأعلى"),
    "range_given": ("range_given",),
    "confidence": ("confidence", "الثقة"),
    "as_of": ("as_of", "date", "التاريخ"),
    "basis": ("basis", "الأساس"),
    "note": ("note", "الملاحظة"),
    "sources": ("sources", "source", "المصادر"),
}

# Columns the tool writes beside the evidence, derived from the workspace: read past, never
# imported (a country's name is its profile's, a factor's label the model's).
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "الاسم"),
    "name_ar": ("name_ar",),
    "label": ("label", "التسمية"),
    "label_ar": ("label_ar",),
    "stale": ("stale",),
    # beside each cell of an analyst's judgement sheet (`panel init --xlsx`): the factor's
    # direction, and the profiles' evidence note and sources, for reading only
    "direction": ("direction", "الاتجاه"),
    "evidence": ("evidence", "الأدلة"),
    "evidence_sources": ("evidence_sources",),
}

# `scenarios new --from`: two lists side by side, the countries and the factors.
SETUP_COLUMNS: dict[str, tuple[str, ...]] = {
    "question": ("question", "السؤال"),
    "title": ("title", "العنوان"),
    "country": ("country", "id", "البلد"),
    "name": ("name", "الاسم"),
    "name_ar": ("name_ar", "الاسم بالعربية"),
    "factor": ("factor", "العامل"),
    "label": ("label", "التسمية"),
    "label_ar": ("label_ar", "التسمية بالعربية"),
    "direction": ("direction", "الاتجاه"),
    "group": ("group", "المجموعة"),
    "weight": ("weight", "الوزن"),
}


def lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Every accepted spelling (folded) -> its canonical name."""
    return {alias.strip().casefold(): name for name, aliases in table.items() for alias in aliases}
