"""Soft hyphens in statement texts, so a narrow card breaks a long word only where its
language allows it ("Me-de-wer-kers", never "Medewerk ers").

The browser's own ``hyphens: auto`` needs a hyphenation dictionary for the page's language,
which a tablet may lack (Chrome on Android and offline kiosks often have none), and then breaks
words anywhere or not at all. So the server inserts U+00AD SOFT HYPHEN at every hyphenation
point found by Liang's pattern algorithm [1]_ with the LibreOffice/Hunspell patterns that
pyphen [2]_ ships for Dutch (``nl_NL``) and British English (``en_GB``, the spelling of our
presets); the page sets ``hyphens: manual`` so only these points are used. A soft hyphen is
invisible unless the line breaks there. Stored texts never contain soft hyphens: this runs when
a page is drawn.

Only runs of at least :data:`MIN_WORD` letters are hyphenated; words in capitals
(abbreviations such as "HR") and anything with digits are left whole. Minimum fragment
lengths follow TeX's defaults for each language (Dutch 2/2, English 2/3).

References
----------
.. [1] Liang, F. M. (1983). *Word Hy-phen-a-tion by Com-put-er*. PhD thesis, Stanford.
.. [2] Kozea, pyphen: pure Python hyphenation with Hunspell dictionaries,
   https://github.com/Kozea/Pyphen
"""

import re
from functools import lru_cache

import pyphen

SOFT_HYPHEN = "\u00ad"
MIN_WORD = 6
#: language -> (pyphen dictionary, fewest letters before a break, fewest after)
DICTIONARIES = {"nl": ("nl_NL", 2, 2), "en": ("en_GB", 2, 3)}
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=len(DICTIONARIES))
def _dictionary(lang: str) -> pyphen.Pyphen:
    name, left, right = DICTIONARIES[lang]
    return pyphen.Pyphen(lang=name, left=left, right=right)


def load_dictionaries() -> None:
    """Load every language's dictionary now (a server's start), not on the first page."""
    for lang in DICTIONARIES:
        _dictionary(lang)


@lru_cache(maxsize=4096)
def hyphenate(text: str, lang: str) -> str:
    """``text`` with a soft hyphen at every hyphenation point of its long words in ``lang``
    (``"nl"`` or ``"en"``; any other language is treated as English)."""
    dictionary = _dictionary(lang if lang in DICTIONARIES else "en")

    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < MIN_WORD or word.isupper() or not word.isalpha():
            return word
        return dictionary.inserted(word, hyphen=SOFT_HYPHEN)

    return _WORD.sub(one, text)
