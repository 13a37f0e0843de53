"""Short labels of statements ("time to listen"), per language, for names and sentences.

A preset may supply its own labels (the customer-focus preset does, NL and EN). Otherwise a
label is derived from the text, per language, with a rule that needs no dictionary:

1. take the first clause (up to ``:``, ``;``, a comma, a dash or a bracket) when it still holds
   at least two content words, else the whole text;
2. drop the leading words that are stopwords or that most statements of the Q-set share (words
   in at least a third of them, e.g. "Employees", "Medewerkers"): they name the subject all
   statements have in common, not what this one says;
3. leave out fillers ("really", "echt", "also", ...) and keep words until ``CONTENT_WORDS``
   content words (not stopwords) are in, at most ``MAX_WORDS`` words, then drop stopwords at
   either end;
4. where two statements get the same label, both are lengthened by a content word at a time
   (up to ``MAX_CONTENT_ON_CLASH``); a label that still clashes gets its statement id appended.

Labels are lower case unless a word is written in capitals (an abbreviation such as "HR").
"""

import re
from collections import Counter
from collections.abc import Mapping

from qsort.narrative.words import STOPWORDS, fold, word_set, words

CONTENT_WORDS = 3
MAX_WORDS = 6
MAX_CONTENT_ON_CLASH = 6
SHARED_SHARE = 1 / 3
FILLERS = word_set(
    "really truly actually actively also just very quite always echt werkelijk actief "
    "ook zeer heel altijd juist wel zelf themselves"
)
_CLAUSE = re.compile(r"\s*[:;,(–—]|\s+-\s+")


def statement_labels(
    texts: Mapping[str, Mapping[str, str]],
    preset: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, dict[str, str]]:
    """``{statement id: {language: label}}`` for ``texts = {language: {statement id: text}}``.

    ``preset`` (same shape as the result) wins where it has a non-empty label. A statement
    without text in a language gets its id as label there.
    """
    labels: dict[str, dict[str, str]] = {}
    for language, by_id in texts.items():
        derived = derive_labels(by_id)
        for statement, label in derived.items():
            chosen = ((preset or {}).get(statement) or {}).get(language) or label
            labels.setdefault(statement, {})[language] = chosen
    return labels


def derive_labels(texts: Mapping[str, str]) -> dict[str, str]:
    """Labels of one language's statements (see the module docstring)."""
    shared = _shared_words(texts.values())
    tails = {s: _tail(text, shared) or words(text) for s, text in texts.items()}
    content = {s: CONTENT_WORDS for s in texts}
    for _ in range(MAX_CONTENT_ON_CLASH - CONTENT_WORDS + 1):
        labels = {s: _label(tails[s], content[s]) or s for s in texts}
        clashes = [s for s, n in Counter(labels.values()).items() if n > 1]
        if not clashes:
            return labels
        for s, label in labels.items():
            if label in clashes and content[s] < MAX_CONTENT_ON_CLASH:
                content[s] += 1
    counts = Counter(labels.values())
    return {s: label if counts[label] == 1 else f"{label} ({s})" for s, label in labels.items()}


def _shared_words(texts) -> set[str]:
    texts = list(texts)
    seen = Counter(w for text in texts for w in {fold(x) for x in words(text)})
    floor = max(3, SHARED_SHARE * len(texts))
    return {w for w, n in seen.items() if n >= floor}


def _tail(text: str, shared: set[str]) -> list[str]:
    clause = _CLAUSE.split(text, maxsplit=1)[0]
    chosen = words(clause)
    if sum(fold(w) not in STOPWORDS for w in chosen) < 2:
        chosen = words(text)
    start = 0
    while start < len(chosen) and fold(chosen[start]) in STOPWORDS | shared:
        start += 1
    return chosen[start:]


def _label(tail: list[str], content_words: int) -> str:
    """Words of ``tail`` without fillers, up to ``content_words`` content words."""
    chosen, found = [], 0
    for word in tail:
        if fold(word) in FILLERS or (not chosen and fold(word) in STOPWORDS):
            continue
        if found == content_words or len(chosen) == MAX_WORDS:
            break
        chosen.append(word)
        found += fold(word) not in STOPWORDS
    while chosen and fold(chosen[-1]) in STOPWORDS:
        chosen.pop()
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in chosen)
