"""The customer-focus preset: 24 statements in Dutch and English, fit for a tablet card."""

from collections import Counter

from qsort.presets import CUSTOMER_FOCUS

CARD_LIMIT = 100


def test_24_statements_in_both_languages_short_enough_for_a_card():
    statements = CUSTOMER_FOCUS.statements
    assert len(statements) == 24
    for s in statements:
        assert s.text_nl.strip() and s.text_en.strip()
        assert len(s.text_nl) <= CARD_LIMIT, s.text_nl
        assert len(s.text_en) <= CARD_LIMIT, s.text_en
    assert len({s.text_nl for s in statements}) == 24
    assert len({s.text_en for s in statements}) == 24


def test_the_clinics_top_five_are_present():
    top = [s for s in CUSTOMER_FOCUS.statements if s.top_five]
    assert len(top) == 5
    texts_nl = " | ".join(s.text_nl.lower() for s in top)
    texts_en = " | ".join(s.text_en.lower() for s in top)
    for words in (
        "tijd om echt naar klanten te luisteren",
        "ruimte om klanten geweldig",
        "heldere visie op de klant",
        "goede voorbeeld",
        "betrokken bij verbeteractiviteiten",
    ):
        assert words in texts_nl
    for words in (
        "time to really listen",
        "room to help customers",
        "clear vision of the customer",
        "set the example",
        "involved in improvement",
    ):
        assert words in texts_en


def test_themes_are_balanced_over_want_able_allowed():
    assert Counter(s.theme for s in CUSTOMER_FOCUS.statements) == {
        "want": 8,
        "able": 8,
        "allowed": 8,
    }


def test_title_question_instruction_in_both_languages_and_grid():
    assert CUSTOMER_FOCUS.question_en == (
        "What matters most so that employees truly want, are able and are allowed to work "
        "customer-focused?"
    )
    assert "willen, kunnen en mogen" in CUSTOMER_FOCUS.question_nl
    assert (CUSTOMER_FOCUS.title_nl, CUSTOMER_FOCUS.title_en) == (
        "Klantgerichte medewerkers",
        "Customer-focused employees",
    )
    assert "jij" in CUSTOMER_FOCUS.instruction_nl and " u " not in CUSTOMER_FOCUS.instruction_nl
    assert CUSTOMER_FOCUS.instruction_en.startswith("Think of your own organisation")
    assert CUSTOMER_FOCUS.grid.size == len(CUSTOMER_FOCUS.statements)
