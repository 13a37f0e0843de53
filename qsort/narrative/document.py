"""What the words add to a stored analysis result: labels, named viewpoints, free-choice groups.

One function for every path that stores or prints a result (``qsort analyse --json``, the
analysis runs of the web app), so all screens read the same names and sentences.
"""

from collections.abc import Iterable, Mapping

from qsort.narrative.accounts import account_sentences, viewpoint_name
from qsort.narrative.catalogue import LANGUAGES, translator
from qsort.narrative.facts import viewpoint_facts
from qsort.narrative.labels import statement_labels
from qsort.presets import preset_labels


def describe(
    result: Mapping,
    texts: Mapping[str, Mapping[str, str]],
    *,
    comments: Iterable[Mapping[str, str]] = (),
    stability: Mapping | None = None,
    answers: Iterable[tuple[str, str]] | None = None,
    languages: tuple[str, ...] = LANGUAGES,
) -> dict[str, object]:
    """The keys to add to ``result`` (``QAnalysis.as_dict()``).

    ``texts`` is ``{language: {statement id: text}}`` (a language may be missing: the others
    stand in for it). Returns ``statement_labels``, ``viewpoints`` (see :func:`viewpoints`)
    and, when ``answers`` (``(answer id, text)`` pairs) are given, ``free_choice_groups``.
    """
    fallback = _any(texts)
    full = {
        lang: {
            s: (texts.get(lang) or {}).get(s) or fallback.get(s) or s for s in result["statements"]
        }
        for lang in languages
    }
    labels = statement_labels(full, preset_labels(full))
    added: dict[str, object] = {
        "statement_labels": labels,
        "viewpoints": viewpoints(result, labels, languages, comments, stability),
    }
    if answers is not None:
        from qsort.narrative.answer_groups import group_answers  # not needed by the CLI

        added["free_choice_groups"] = [g.as_dict() for g in group_answers(answers)]
    return added


def viewpoints(result, labels, languages, comments=(), stability=None) -> list[dict]:
    """Per viewpoint: ``factor``, ``name_<lang>``, ``sentences_<lang>`` and its ``facts``."""
    described = []
    for facts in viewpoint_facts(result, comments=comments, stability=stability):
        entry: dict[str, object] = {
            "factor": facts["factor"],
            "name_statements": facts["name"]["statements"],
            "name_rule": facts["name"]["rule"],
        }
        for lang in languages:
            in_lang = {s: by_lang[lang] for s, by_lang in labels.items()}
            entry[f"name_{lang}"] = viewpoint_name(facts, in_lang, translator(lang))
            entry[f"sentences_{lang}"] = account_sentences(facts, in_lang, translator(lang))
        entry["facts"] = facts
        described.append(entry)
    return described


def _any(texts: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Each statement's text in the first language that has one."""
    merged: dict[str, str] = {}
    for by_id in texts.values():
        for statement, text in by_id.items():
            if text and statement not in merged:
                merged[statement] = text
    return merged
