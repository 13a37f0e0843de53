"""Themes people name in free-choice answers, each with its Dutch and English words.

Written for workshops on customer focus and motivation (the seed clinic's free-choice themes:
the basics in order, passion and enthusiasm, fun, a clear purpose, customer contact at the
centre) plus their common synonyms. Words are folded (lower case, no accents); a word may carry
more than one theme ("klantcontact": customer and contact). Words not listed here still group
answers by themselves, with typo tolerance (:mod:`qsort.narrative.answer_groups`).
"""

from qsort.narrative.words import word_set

THEMES: dict[str, frozenset[str]] = {
    "basics": word_set(
        "basis basics basic fundament fundamenten fundamentals fundamental grondbeginselen "
        "basisvoorwaarden randvoorwaarden essentials"
    ),
    "order": word_set("orde order geregeld regelen right ordered"),
    "passion": word_set(
        "passie passion passionate bevlogen bevlogenheid gedreven gedrevenheid drive driven "
        "enthousiasme enthousiast enthusiasm enthusiastic energie energy bezieling inspiratie "
        "inspiration vuur fire"
    ),
    "fun": word_set(
        "plezier fun lol leuk leuke gezellig gezelligheid joy enjoy enjoyment enjoying "
        "plezierig humor humour werkplezier"
    ),
    "purpose": word_set(
        "purpose doel doelen bedoeling waarom why missie mission zingeving betekenis meaning "
        "bestaansrecht"
    ),
    "clarity": word_set(
        "duidelijk duidelijke duidelijkheid helder heldere helderheid clear clarity"
    ),
    "customer": word_set("klant klanten customer customers client clients klantcontact"),
    "contact": word_set("contact contacten interactie interaction klantcontact"),
    "centre": word_set("centraal center centre central middelpunt voorop"),
}

#: Words too general to set one answer apart from another.
GENERIC = word_set(
    "aspect aspecten belangrijk belangrijke important goed goede good beter better stellen "
    "zetten staan put putting having werk work werken working organisatie organisation "
    "organization medewerkers medewerker employees employee iedereen everyone wat what "
    "altijd always"
)


def lexicon() -> dict[str, frozenset[str]]:
    """Word -> the themes it names."""
    words: dict[str, set[str]] = {}
    for theme, members in THEMES.items():
        for word in members:
            words.setdefault(word, set()).add(theme)
    return {word: frozenset(themes) for word, themes in words.items()}
