"""Soft hyphens at the points of each language's hyphenation dictionary (pyphen)."""

import pytest

from qsort.domain.hyphenation import SOFT_HYPHEN, hyphenate
from qsort.presets import CUSTOMER_FOCUS


def shown(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "-")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("nl", "Medewerkers", "Me-de-wer-kers"),
        ("nl", "klantgerichtheid", "klant-ge-richt-heid"),
        ("nl", "Leidinggevenden geven", "Lei-ding-ge-ven-den geven"),
        ("nl", "geëvalueerd", "ge-ë-va-lu-eerd"),
        ("en", "Employees", "Em-ploy-ees"),
        ("en", "organisation", "or-gan-isa-tion"),
        ("en", "customer-focused", "cus-tomer-fo-cused"),  # the hard hyphen stays as it was
        ("nl", "geen HR-project.", "geen HR-pro-ject."),  # capitals are left whole
        ("en", "the time 2026abcdef", "the time 2026abcdef"),
    ],
)
def test_breaks_only_where_the_language_allows(lang, text, expected):
    assert shown(hyphenate(text, lang)) == expected


def test_text_is_unchanged_apart_from_soft_hyphens():
    for statement in CUSTOMER_FOCUS.statements:
        for lang, text in (("nl", statement.text_nl), ("en", statement.text_en)):
            result = hyphenate(text, lang)
            assert result.replace(SOFT_HYPHEN, "") == text
            assert SOFT_HYPHEN in result  # every statement has a long word


def test_unknown_language_is_treated_as_english():
    assert hyphenate("Employees", "de") == hyphenate("Employees", "en")
