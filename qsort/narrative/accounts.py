"""Viewpoint names and plain-language accounts in words, from the facts of :mod:`.facts`.

Every sentence is a gettext message marked with ``N_`` (``pybabel extract`` finds it; its
Dutch text is in ``translations/nl``) and filled in after translation, so the word order is the
translator's. ``translate`` is any gettext-style callable: ``flask_babel.gettext`` in the web
app, :func:`qsort.narrative.catalogue.translator` on the command line, ``str`` for the English
source text. ``labels`` maps statement ids to their short labels in the same language.
"""

from collections.abc import Callable, Mapping, Sequence

from qsort.domain.values import signed

Translate = Callable[[str], str]


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is used."""
    return message


QUOTED = N_("‘%(label)s’")
AND = N_("%(items)s and %(last)s")
NAME_TWO = N_("%(first)s and %(second)s")
SIZE_ONE = N_("One person shares this viewpoint.")
SIZE_MANY = N_("%(count)d people share this viewpoint.")
BIPOLAR = N_("Some participants hold its mirror image: they reject what it puts first.")
FIRST = N_("It puts %(statements)s first.")
LAST = N_("It puts %(statements)s last.")
DIFFERENCE = N_("It ranks %(statement)s %(value)s where the others put it at %(others)s.")
SHARED_HIGH = N_("Like the rest of the room, it puts %(statement)s high (%(value)s).")
SHARED_LOW = N_("Like the rest of the room, it puts %(statement)s low (%(value)s).")
COMMENTS = N_("Its participants commented on %(statements)s.")
STABLE = N_("When the sorts are resampled, %(statements)s keep their place: these carry it.")
STABLE_ONE = N_("When the sorts are resampled, %(statements)s keeps its place: it carries it.")
UNSTABLE = N_("The place of %(statements)s is less certain when the sorts are resampled.")
NONE_STABLE = N_("None of its key statements keep their place when the sorts are resampled.")


def join(items: Sequence[str], translate: Translate) -> str:
    """'a', 'a and b', 'a, b and c' in the language of ``translate``."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return translate(AND) % {"items": ", ".join(items[:-1]), "last": items[-1]}


def quoted(statement: str, labels: Mapping[str, str], translate: Translate) -> str:
    return translate(QUOTED) % {"label": labels.get(statement, statement)}


def viewpoint_name(facts: Mapping, labels: Mapping[str, str], translate: Translate) -> str:
    """The name: the labels of its name statements ("room to help and trust")."""
    names = [labels.get(s, s) for s in facts["name"]["statements"]]
    if len(names) == 1:
        return names[0]
    return translate(NAME_TWO) % {"first": names[0], "second": names[1]}


def account_sentences(facts: Mapping, labels: Mapping[str, str], translate: Translate) -> list[str]:
    """The plain-language account, one sentence per fact, in a fixed order."""

    def q(statement: str) -> str:
        return quoted(statement, labels, translate)

    def listed(items) -> str:
        return join([q(i["statement"] if isinstance(i, Mapping) else i) for i in items], translate)

    n = facts["n_defining"]
    sentences = [translate(SIZE_ONE) if n == 1 else translate(SIZE_MANY) % {"count": n}]
    if facts.get("bipolar"):
        sentences.append(translate(BIPOLAR))
    sentences.append(translate(FIRST) % {"statements": listed(facts["first"])})
    sentences.append(translate(LAST) % {"statements": listed(facts["last"])})
    for item in facts["differences"]:
        others = sorted({o["value"] for o in item["others"]}, reverse=True)
        sentences.append(
            translate(DIFFERENCE)
            % {
                "statement": q(item["statement"]),
                "value": signed(item["value"]),
                "others": join([signed(v) for v in others], translate),
            }
        )
    for item in facts["shared"]:
        message = SHARED_HIGH if item["value"] > 0 else SHARED_LOW
        sentences.append(
            translate(message) % {"statement": q(item["statement"]), "value": signed(item["value"])}
        )
    commented = list(dict.fromkeys(c["statement"] for c in facts.get("comments", [])))
    if commented:
        sentences.append(translate(COMMENTS) % {"statements": listed(commented)})
    sentences += _stability_sentences(facts.get("stability"), listed, translate)
    return sentences


def _stability_sentences(stability: Mapping | None, listed, translate: Translate) -> list[str]:
    if not stability:
        return []
    sentences = []
    stable = stability["salient_stable"]
    if stable:
        message = STABLE_ONE if len(stable) == 1 else STABLE
        sentences.append(translate(message) % {"statements": listed(stable)})
    elif stability["salient_unstable"]:
        sentences.append(translate(NONE_STABLE))
    if stability["salient_unstable"]:
        sentences.append(
            translate(UNSTABLE) % {"statements": listed(stability["salient_unstable"])}
        )
    return sentences
