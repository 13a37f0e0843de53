"""Named viewpoints and their plain-language accounts (qsort.narrative.facts, .accounts,
.document), NL and EN.

Expected values: the demo's planted viewpoints (``tests.helpers.demo_sorts``, the same sorts
``qsort.services.demo`` seeds): each viewpoint favours the eight statements of its own theme,
so its name must be made from two of them, in both languages, with the preset's labels. The
wording of every sentence is pinned on hand-made facts.
"""

import numpy as np
import pytest

from qsort.analysis import AnalysisOptions, analyse
from qsort.analysis.stability import bootstrap_stability
from qsort.narrative.accounts import account_sentences, viewpoint_name
from qsort.narrative.catalogue import translator
from qsort.narrative.document import describe
from qsort.narrative.facts import STABLE_SE, viewpoint_facts
from qsort.presets import CUSTOMER_FOCUS
from tests.helpers import GRID, demo_sorts

THEME = {f"S{n:02d}": s.theme for n, s in enumerate(CUSTOMER_FOCUS.statements, start=1)}
LABELS = {
    f"S{n:02d}": {"nl": s.label_nl, "en": s.label_en}
    for n, s in enumerate(CUSTOMER_FOCUS.statements, start=1)
}
TEXTS = {
    lang: {f"S{n:02d}": getattr(s, f"text_{lang}") for n, s in enumerate(CUSTOMER_FOCUS.statements, start=1)}
    for lang in ("nl", "en")
}  # fmt: skip


@pytest.fixture(scope="module")
def demo():
    ids, sorts, planted_as = demo_sorts()
    participants = [f"p{i}" for i in range(len(sorts))]
    result = analyse(sorts, 3, participants=participants, statements=ids).as_dict()
    return result, dict(zip(participants, planted_as, strict=True)), sorts


def test_each_planted_viewpoint_is_named_after_its_own_planted_statements(demo):
    result, planted_as, _ = demo
    described = describe(result, TEXTS)["viewpoints"]
    themes = set()
    for viewpoint in described:
        defining = [p for p, row in zip(result["participants"], result["flagged"], strict=True)
                    if row[viewpoint["factor"] - 1]]  # fmt: skip
        (theme,) = {planted_as[p] for p in defining}
        first, second = viewpoint["name_statements"]
        assert THEME[first] == THEME[second] == theme, viewpoint["name_en"]
        assert viewpoint["name_rule"] == "distinguishing"
        assert viewpoint["name_en"] == f"{LABELS[first]['en']} and {LABELS[second]['en']}"
        assert viewpoint["name_nl"] == f"{LABELS[first]['nl']} en {LABELS[second]['nl']}"
        themes.add(theme)
    assert themes == {"allowed", "able", "want"}


def test_accounts_say_what_comes_first_and_what_sets_it_apart(demo):
    result, _, _ = demo
    for viewpoint in describe(result, TEXTS)["viewpoints"]:
        facts = viewpoint["facts"]
        en, nl = viewpoint["sentences_en"], viewpoint["sentences_nl"]
        assert en[0] == f"{facts['n_defining']} people share this viewpoint."
        assert nl[0] == f"{facts['n_defining']} mensen delen dit gezichtspunt."
        top = LABELS[facts["first"][0]["statement"]]
        assert f"It puts ‘{top['en']}’" in en[1] and f"Het zet ‘{top['nl']}’" in nl[1]
        difference = facts["differences"][0]
        assert difference["statement"] in result["distinguishing"][str(viewpoint["factor"])]
        assert any(s.startswith(f"It ranks ‘{LABELS[difference['statement']]['en']}’") for s in en)
        assert len(en) == len(nl) and not set(en) & set(nl)


def test_differences_carry_the_other_viewpoints_values(demo):
    result, _, _ = demo
    arrays = np.array(result["factor_arrays"])
    index = {s: j for j, s in enumerate(result["statements"])}
    for facts in viewpoint_facts(result):
        f = facts["factor"]
        for item in facts["differences"]:
            row = arrays[index[item["statement"]]]
            assert item["value"] == row[f - 1]
            assert {o["factor"]: o["value"] for o in item["others"]} == {
                g: row[g - 1] for g in (1, 2, 3) if g != f
            }
            others = np.mean([o["value"] for o in item["others"]])
            assert (item["direction"] == "higher") == (item["value"] > others)


def test_exact_wording_in_english_and_dutch():
    facts = {
        "n_defining": 1,
        "bipolar": None,
        "first": [{"statement": "A"}, {"statement": "B"}],
        "last": [{"statement": "C"}],
        "differences": [
            {"statement": "A", "value": 4, "direction": "higher",
             "others": [{"factor": 2, "value": 0}, {"factor": 3, "value": 0}]},
            {"statement": "C", "value": -3, "direction": "lower",
             "others": [{"factor": 2, "value": 1}, {"factor": 3, "value": -1}]},
        ],
        "shared": [{"statement": "B", "value": 3}],
        "comments": [{"statement": "A", "participant": "p1", "text": "!"}],
        "stability": {"salient_stable": ["A"], "salient_unstable": ["C"]},
        "name": {"statements": ["A", "B"]},
    }  # fmt: skip
    en_labels = {"A": "time to listen", "B": "trust", "C": "rules"}
    nl_labels = {"A": "tijd om te luisteren", "B": "vertrouwen", "C": "regels"}
    assert account_sentences(facts, en_labels, str) == [
        "One person shares this viewpoint.",
        "It puts ‘time to listen’ and ‘trust’ first.",
        "It puts ‘rules’ last.",
        "It ranks ‘time to listen’ +4 where the others put it at 0.",
        "It ranks ‘rules’ −3 where the others put it at +1 and −1.",
        "Like the rest of the room, it puts ‘trust’ high (+3).",
        "Its participants commented on ‘time to listen’.",
        "When the sorts are resampled, ‘time to listen’ keeps its place: it carries it.",
        "The place of ‘rules’ is less certain when the sorts are resampled.",
    ]
    dutch = account_sentences(facts, nl_labels, translator("nl"))
    assert dutch[0] == "Eén persoon deelt dit gezichtspunt."
    assert dutch[1] == "Het zet ‘tijd om te luisteren’ en ‘vertrouwen’ voorop."
    assert dutch[3] == "Het geeft ‘tijd om te luisteren’ +4, waar de anderen die op 0 zetten."
    assert dutch[5] == "Net als de rest van de zaal zet het ‘vertrouwen’ hoog (+3)."
    assert (
        viewpoint_name(facts, nl_labels, translator("nl")) == "tijd om te luisteren en vertrouwen"
    )


def test_comments_are_those_of_the_viewpoints_own_participants_on_its_cards(demo):
    result, _, _ = demo
    facts = viewpoint_facts(result)[0]
    defining, outsider = (
        facts["defining"][0],
        next(p for p in result["participants"] if p not in facts["defining"]),
    )
    top, middle = facts["first"][0]["statement"], _middle_statement(facts, result)
    comments = [
        {"participant": defining, "statement": top, "text": "Dit is waar het om draait"},
        {"participant": outsider, "statement": top, "text": "not theirs"},
        {"participant": defining, "statement": middle, "text": "a card it does not turn on"},
    ]
    kept = viewpoint_facts(result, comments=comments)[0]["comments"]
    assert kept == [
        {"statement": top, "participant": defining, "text": "Dit is waar het om draait"}
    ]


def _middle_statement(facts, result):
    mentioned = {i["statement"] for k in ("first", "last", "differences") for i in facts[k]}
    mentioned |= set(facts["name"]["statements"])
    return next(s for s in result["statements"] if s not in mentioned)


def test_stability_reading_of_planted_and_random_viewpoints(demo):
    """Zabala & Pascual's reading: planted viewpoints' salient statements are stable (bootstrap
    SE <= 0.3); random sorts' salient statements are not."""
    result, _, sorts = demo
    options = AnalysisOptions(n_factors=3)
    stability = bootstrap_stability(sorts, options, n_resamples=60, seed=5)
    stored = stability.as_dict(result["participants"], result["statements"])
    for facts in viewpoint_facts(result, stability=stored):
        reading = facts["stability"]
        assert reading["source"] == "z_se" and len(reading["salient_stable"]) >= 3
    rng = np.random.default_rng(3)
    noise = np.array([rng.permutation(GRID) for _ in range(30)])
    noise_result = analyse(noise, 3).as_dict()
    noise_stability = bootstrap_stability(noise, options, n_resamples=60, seed=5).as_dict(
        noise_result["participants"], noise_result["statements"]
    )
    unstable = stable = 0
    for facts in viewpoint_facts(noise_result, stability=noise_stability):
        stable += len(facts["stability"]["salient_stable"])
        unstable += len(facts["stability"]["salient_unstable"])
    assert unstable > 3 * stable
    assert STABLE_SE == 0.3


def test_stored_results_without_standard_errors_read_top_five_retention(demo):
    result, _, _ = demo
    facts = viewpoint_facts(result)[0]
    top = [i["statement"] for i in facts["first"]]
    stability = {"n_resamples": 10, "factors": {"1": {"top": [
        {"statement": top[0], "retention": 0.9}, {"statement": top[1], "retention": 0.5}]}}}  # fmt: skip
    reading = viewpoint_facts(result, stability=stability)[0]["stability"]
    assert reading == {"source": "top_retention", "n_resamples": 10,
                       "salient_stable": [top[0]], "salient_unstable": [top[1]]}  # fmt: skip


def test_a_single_viewpoint_is_named_after_its_top_statements():
    _, sorts, _ = demo_sorts()
    result = analyse(sorts, 1, statements=list(TEXTS["en"])).as_dict()
    (viewpoint,) = describe(result, TEXTS)["viewpoints"]
    ranking = [r["statement"] for r in result["ranking"]["factors"]["1"]]
    assert viewpoint["name_rule"] == "top" and viewpoint["name_statements"] == ranking[:2]
    assert viewpoint["facts"]["differences"] == []
