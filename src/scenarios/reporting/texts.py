"""The report's words in English and Arabic: headings, column names and the plain-language
readings, as format strings, by language (`TEXT[lang][key]`). The numbers are filled in by the
builder, the same for both languages. The words themselves sit in texts_en, texts_ar and
texts_method (the method box, in both languages).

Text from the workspace's files that has no Arabic field (the question, notes, what-if
descriptions) is shown as written, marked as English.
"""

from __future__ import annotations

from scenarios.reporting.texts_ar import AR
from scenarios.reporting.texts_en import EN
from scenarios.reporting.texts_method import METHOD_TEXT

# Arabic counts have forms English lacks (`count_form`): a dual, and one for counts above ten.
ARABIC_COUNT_FORMS = ("_two", "_many")
assert EN.keys() == {k for k in AR if not k.endswith(ARABIC_COUNT_FORMS)}, (
    "every English text needs its Arabic one"
)

# The method box (how the numbers are made), the factors that hold back, and effects in
# probability points: kept in their own table, merged in.
TEXT: dict[str, dict[str, str]] = {
    "en": {**EN, **METHOD_TEXT["en"]},
    "ar": {**AR, **METHOD_TEXT["ar"]},
}


def count_form(lang: str, n: int) -> str:
    """The suffix of the key whose text agrees with `n` (a count of people or things):
    English '_one' for 1, else the plain key; Arabic '_one' for 1, '_two' for the dual, the
    plain key (plural) for 3 to 10, '_many' above, where the count follows the noun
    ('وعددهم 12') so that it needs no agreement of its own."""
    if n == 1:
        return "_one"
    if lang != "ar":
        return ""
    if n == 2:
        return "_two"
    return "" if 3 <= n <= 10 else "_many"
