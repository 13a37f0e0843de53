"""Words of short Dutch and English texts: normalisation, tokens, stopwords, edit distance.

Shared by the statement labels and the grouping of free-choice answers.
"""

import functools
import re
import unicodedata


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (for word lists in the source)."""
    return frozenset(text.split())


#: Function words of English and Dutch that carry no theme of their own.
STOPWORDS = word_set(
    """
    a an the and or of to in on at for with by from as is are be been being it its this that
    these those their they them we our us you your i my me he she his her not no so but if than
    then there here also just very really all any some more most such can could should would
    will may might must do does did done have has had get gets got being into about give gives
    given receive receives make makes there's de het een en of van te in op aan voor met door
    uit als is zijn wordt worden er dat die dit deze hun zij ze we wij ons onze je jij jouw u uw
    ik mijn hij zij haar niet geen zo maar als dan daar hier ook echt zeer heel alle alles elke
    elk meer meest kan kunnen zou moet moeten mag mogen wil willen doen doet heeft hebben had
    krijgen krijgt over naar bij om tot nog wel al geven geeft ontvangen ontvangt maken maakt
    heerst
    """
)

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower case without accents or punctuation marks inside words: 'Privé' -> 'prive'.
    Cached: the words of one clinic's statements and comments are folded again on every run."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of ``text`` as written (hyphenated compounds stay whole)."""
    return _WORD.findall(text)


def tokens(text: str) -> list[str]:
    """Folded words with hyphens and apostrophes removed: "Klant-contact" -> "klantcontact"."""
    return [re.sub(r"[-'’]", "", fold(w)) for w in words(text)]


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count 1), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)
