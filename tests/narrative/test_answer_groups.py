"""Free-choice answers grouped (qsort.narrative.answer_groups).

The answers are the seed clinic's own free-choice themes (shared/seeds: "de basis op orde
hebben, passie en enthousiasme, plezier en fun, duidelijkheid over de purpose en het centraal
stellen van het contact met de klanten in de organisatie"), written the way people type them:
capitals, punctuation, typos, synonyms, Dutch and English mixed. Expected groups: the five
themes, each answer in its own theme.
"""

import random

import pytest

from qsort.narrative.answer_groups import apply_edits, group_answers

THEMES = {
    "basics": [
        "De basis op orde hebben", "basis op orde!", "Basics in order", "bassis op orde",
        "get the basics right", "basis op orde.",
    ],
    "passion": [
        "Passie en enthousiasme", "passie & enthousiasme", "Enthousiasme",
        "passion and enthusiasm", "bevlogenheid", "enthousiame", "PASSIE",
    ],
    "fun": [
        "Plezier en fun", "plezier", "fun!", "lol in je werk", "werkplezier", "plezeir",
        "having fun at work",
    ],
    "purpose": [
        "Duidelijkheid over de purpose", "een duidelijk doel", "a clear purpose",
        "heldere purpose", "purpoes", "waarom we doen wat we doen",
    ],
    "contact": [
        "Het centraal stellen van het contact met de klanten in de organisatie",
        "klantcontact centraal", "customer contact at the centre",
        "Customer contact at the center", "klant centraal", "klantkontakt centraal",
    ],
}  # fmt: skip


def _answers(order_seed: int | None = None) -> list[tuple[str, str]]:
    answers, number = [], 1
    for theme in THEMES.values():
        for text in theme:
            answers.append((f"p{number}", text))
            number += 1
    if order_seed is not None:
        random.Random(order_seed).shuffle(answers)
    return answers


def _theme_of() -> dict[str, str]:
    return {
        answer_id: theme
        for (answer_id, text) in _answers()
        for theme, texts in THEMES.items()
        if text in texts
    }


def test_the_seed_themes_come_out_as_five_groups():
    groups = group_answers(_answers())
    theme_of = _theme_of()
    assert len(groups) == 5
    found = {}
    for group in groups:
        themes = {theme_of[a] for a in group.answer_ids}
        assert len(themes) == 1, (group.label, themes)
        found[themes.pop()] = group
    assert {t: g.count for t, g in found.items()} == {t: len(v) for t, v in THEMES.items()}
    assert found["basics"].label == "De basis op orde hebben"
    assert found["passion"].label == "Passie en enthousiasme"
    assert found["contact"].terms == ("theme:centre", "theme:contact", "theme:customer")


def test_grouping_is_deterministic_whatever_the_order():
    expected = [g.as_dict() for g in group_answers(_answers())]
    for seed in range(5):
        assert [g.as_dict() for g in group_answers(_answers(seed))] == expected


def test_group_ids_stay_when_more_answers_arrive():
    before = {g.id: set(g.answer_ids) for g in group_answers(_answers())}
    after = group_answers([*_answers(), ("p99", "Plezier!"), ("p100", "a strong brand")])
    by_id = {g.id: set(g.answer_ids) for g in after}
    for group_id, members in before.items():
        assert members <= by_id[group_id]
    assert "p99" in by_id[next(i for i, m in before.items() if "p14" in m)]  # joins "fun"
    assert by_id["gp100"] == {"p100"}  # a new theme starts its own group


def test_unrelated_mentions_stay_apart():
    """'een heldere visie' (a clear vision) shares only 'clear' with 'a clear purpose'."""
    groups = group_answers([("1", "a clear purpose"), ("2", "een heldere visie")])
    assert [g.count for g in groups] == [1, 1]


def test_answers_with_several_lines_are_split_into_items():
    groups = group_answers([("7", "plezier\n- de basis op orde"), ("8", "Fun"), ("9", "  ")])
    members = sorted(g.answer_ids for g in groups)
    assert members == [("7#1", "8"), ("7#2",)]


def test_facilitator_edits_apply_to_the_stable_ids():
    groups = group_answers(_answers())
    fun = next(g for g in groups if "p14" in g.answer_ids)
    passion = next(g for g in groups if "p7" in g.answer_ids)
    edited = apply_edits(
        groups,
        {
            "merge": [[fun.id, passion.id]],
            "move": {"p12": "g-own", "p404": fun.id},
            "names": {fun.id: "Plezier en passie", "missing": "x"},
        },
    )
    merged = next(g for g in edited if g.id == fun.id)
    assert merged.label == "Plezier en passie" and merged.named
    assert set(merged.answer_ids) == (set(fun.answer_ids) | set(passion.answer_ids)) - {"p12"}
    assert next(g for g in edited if g.id == "g-own").answer_ids == ("p12",)
    assert len(edited) == 5  # 5 themes - 1 merged + 1 new


@pytest.mark.parametrize("answers", [[], [("1", "")], [("1", "   ")]])
def test_nothing_to_group(answers):
    assert group_answers(answers) == []
