"""Free-choice answers that say the same thing, grouped; deterministic, NL and EN together.

Each answer becomes a set of **terms**: its words folded (lower case, no accents), without
stopwords and generic words, mapped to themes where :mod:`.synonyms` knows them (synonyms and
both languages meet there), with typo tolerance (Damerau-Levenshtein distance at most 1 for
words up to 6 letters, 2 for longer ones), Dutch compounds split into known parts
("werkplezier" -> fun), and other words reduced to a simple stem, spelled alike across the
answers when they are within the same distance. Answers with several lines (or ``;``) are
split into items; their ids get ``#1``, ``#2``, ...

Grouping: the distinct term sets, most frequent first (then larger sets, then first seen),
each join the earlier group whose founding set they overlap most, when the Jaccard overlap
:math:`|A \\cap B| / |A \\cup B|` is at least ``JOIN_OVERLAP``; otherwise they found a group.
Comparing with a group's founding set, never with every member, keeps one mixed answer from
chaining two themes together.

Data shape for the facilitator's edits: a group's ``id`` is ``"g"`` + the id of its first
member (in natural order: "p9" before "p10"), so it stays the same when more answers
arrive; ``answer_ids`` lists the members. :func:`apply_edits` re-applies merges, moves and
names, recorded against those ids, to a fresh grouping.
"""

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from qsort.narrative.synonyms import GENERIC, lexicon
from qsort.narrative.words import STOPWORDS, edit_distance, fold, tokens

JOIN_OVERLAP = 0.5
_LEXICON = lexicon()
_SUFFIXES = ("heden", "heid", "en", "es", "s", "e")
_ITEM_BREAKS = ("\n", ";", "•")


@dataclass(frozen=True)
class AnswerGroup:
    id: str
    label: str
    terms: tuple[str, ...]
    answer_ids: tuple[str, ...]
    named: bool = False

    @property
    def count(self) -> int:
        return len(self.answer_ids)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "count": self.count,
            "terms": list(self.terms),
            "answer_ids": list(self.answer_ids),
            "named": self.named,
        }


def group_answers(answers: Iterable[tuple[str, str]]) -> list[AnswerGroup]:
    """Groups of ``(answer id, text)`` pairs, largest first (then by label)."""
    items = _items(answers)
    if not items:
        return []
    raw = {item_id: _raw_terms(text) for item_id, text in items}
    spelling = _common_spelling(t for terms in raw.values() for t in terms if t.startswith("w:"))
    terms = {
        item_id: frozenset(spelling.get(t, t) for t in found) or frozenset({f"t:{fold(text)}"})
        for (item_id, text), found in zip(items, raw.values(), strict=True)
    }
    founders, members = _cluster(items, terms)
    texts = dict(items)
    groups = [
        AnswerGroup(
            id=f"g{ids[0]}",
            label=_label([texts[i] for i in ids], founder),
            terms=tuple(sorted(founder)),
            answer_ids=tuple(ids),
        )
        for founder, ids in zip(founders, members, strict=True)
    ]
    return _ordered(groups)


def apply_edits(groups: Sequence[AnswerGroup], edits: Mapping) -> list[AnswerGroup]:
    """Re-apply the facilitator's edits to a grouping.

    ``edits`` holds ``"merge"``: lists of group ids (all join the first), ``"move"``: answer id
    -> group id (an unknown group id starts a new group under that id), and ``"names"``: group
    id -> name. Edits naming groups or answers that no longer exist are skipped.
    """
    by_id = {g.id: g for g in groups}
    for ids in edits.get("merge", []):
        present = [i for i in ids if i in by_id]
        for other in present[1:]:
            target = by_id[present[0]]
            by_id[present[0]] = replace(
                target, answer_ids=target.answer_ids + by_id.pop(other).answer_ids
            )
    for answer, target in edits.get("move", {}).items():
        source = next((g for g in by_id.values() if answer in g.answer_ids), None)
        if source is None:
            continue
        by_id[source.id] = replace(
            source, answer_ids=tuple(a for a in source.answer_ids if a != answer)
        )
        group = by_id.get(target) or AnswerGroup(target, source.label, source.terms, ())
        by_id[target] = replace(group, answer_ids=(*group.answer_ids, answer))
    for group_id, name in edits.get("names", {}).items():
        if group_id in by_id and name.strip():
            by_id[group_id] = replace(by_id[group_id], label=name.strip(), named=True)
    return _ordered([g for g in by_id.values() if g.answer_ids])


def relabel_edits(edits: Mapping | None, mapping: Mapping[str, str]) -> dict | None:
    """The facilitator's edits with every answer id's participant label (``p3`` in ``p3#2``,
    ``gp3``, ``gp3'``) replaced by ``mapping[label]``, for a clinic whose participants got new
    labels (a clinic file imported elsewhere). Ids of labels not in ``mapping`` are dropped."""
    if not edits:
        return None

    def answer(answer_id: str) -> str | None:
        base, mark, n = str(answer_id).partition("#")
        return f"{mapping[base]}{mark}{n}" if base in mapping else None

    def group(group_id: str) -> str | None:
        text = str(group_id)
        core = text[1:].rstrip("'") if text.startswith("g") else ""
        moved = answer(core) if core else None
        return f"g{moved}{text[1 + len(core) :]}" if moved else None

    merges = [[g for g in map(group, ids) if g] for ids in edits.get("merge", [])]
    moves = {answer(a): group(g) for a, g in edits.get("move", {}).items()}
    names = {group(g): name for g, name in edits.get("names", {}).items()}
    return {
        "merge": [ids for ids in merges if len(ids) > 1],
        "move": {a: g for a, g in moves.items() if a and g},
        "names": {g: name for g, name in names.items() if g},
    }


def _items(answers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    items = []
    for answer_id, text in sorted(answers, key=lambda a: _id_key(str(a[0]))):
        pieces = [text or ""]
        for mark in _ITEM_BREAKS:
            pieces = [part for piece in pieces for part in piece.split(mark)]
        pieces = [" ".join(p.split()) for p in pieces if p.strip(" -*\t")]
        for n, piece in enumerate(pieces, start=1):
            items.append((str(answer_id) if len(pieces) == 1 else f"{answer_id}#{n}", piece))
    return items


def _raw_terms(text: str) -> set[str]:
    found = set()
    for token in tokens(text.replace("&", " and ")):
        if len(token) < 2 or token in STOPWORDS or token in GENERIC:
            continue
        themes = _themes(token)
        found |= {f"theme:{t}" for t in themes} if themes else {f"w:{_stem(token)}"}
    return found


def _themes(token: str) -> frozenset[str]:
    """Themes of a word: exact, by stem, as a compound of known words, or within a typo."""
    for candidate in (token, _stem(token)):
        if candidate in _LEXICON:
            return _LEXICON[candidate]
    for cut in range(4, len(token) - 3):
        head, tail = token[:cut], token[cut:]
        if tail in _LEXICON and (len(tail) >= 5 or head in _LEXICON):
            return _LEXICON[tail] | _LEXICON.get(head, frozenset())
    close = [(edit_distance(token, w, _limit(token)), w) for w in _LEXICON if _near(token, w)]
    close = [(d, w) for d, w in close if d <= _limit(token)]
    return _LEXICON[min(close)[1]] if close else frozenset()


def _limit(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) <= 6 else 2


def _near(a: str, b: str) -> bool:
    return abs(len(a) - len(b)) <= _limit(a) and (a[0] == b[0] or a[1:2] == b[1:2])


def _stem(token: str) -> str:
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)]
    return token


def _common_spelling(terms: Iterable[str]) -> dict[str, str]:
    """Each word term -> the first-seen spelling within typo distance (most common first)."""
    counts = Counter(terms)
    chosen: list[str] = []
    spelling = {}
    for term in sorted(counts, key=lambda t: (-counts[t], t)):
        word = term[2:]
        match = next(
            (
                c
                for c in chosen
                if _near(word, c[2:]) and edit_distance(word, c[2:], _limit(word)) <= _limit(word)
            ),
            None,
        )
        spelling[term] = match or term
        if match is None:
            chosen.append(term)
    return spelling


def _cluster(items, terms) -> tuple[list[frozenset], list[list[str]]]:
    counts = Counter(terms.values())
    first_seen = {}
    for item_id, _text in items:
        first_seen.setdefault(terms[item_id], len(first_seen))
    order = sorted(counts, key=lambda s: (-counts[s], -len(s), first_seen[s]))
    founders: list[frozenset] = []
    group_of = {}
    for signature in order:
        overlaps = [len(signature & f) / len(signature | f) for f in founders]
        best = max(range(len(founders)), key=lambda g: (overlaps[g], -g), default=None)
        if best is not None and overlaps[best] >= JOIN_OVERLAP:
            group_of[signature] = best
        else:
            group_of[signature] = len(founders)
            founders.append(signature)
    members: list[list[str]] = [[] for _ in founders]
    for item_id, _text in items:
        members[group_of[terms[item_id]]].append(item_id)
    return founders, members


def _label(texts: list[str], founder: frozenset) -> str:
    """The wording most members typed; on a tie the one that names most of the group's terms
    spelled exactly, with the fewest other words, first typed. Outer punctuation is dropped
    and the first letter capitalised."""
    forms = Counter(fold(t) for t in texts)

    def key(index: int) -> tuple:
        exact = {f"theme:{t}" for w in tokens(texts[index]) for t in _LEXICON.get(w, ())}
        extra = [w for w in tokens(texts[index]) if w not in STOPWORDS and w not in _LEXICON]
        return (-forms[fold(texts[index])], -len(exact & founder), len(extra), index)

    best = texts[min(range(len(texts)), key=key)].strip(" .,;:!?¡¿\"'()[]-*")
    return best[:1].upper() + best[1:]


def _ordered(groups: list[AnswerGroup]) -> list[AnswerGroup]:
    return sorted(groups, key=lambda g: (-g.count, fold(g.label), g.id))


def _id_key(answer_id: str) -> tuple:
    """Natural order: "p9" before "p10"."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", answer_id))
