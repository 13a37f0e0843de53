"""Wording of verdicts, agreement and data-quality notes (qsort.narrative.notes), NL and EN,
pinned on hand-made stored notes."""

from qsort.narrative.catalogue import translator
from qsort.narrative.notes import agreement_sentence, quality_sentences, verdict_label

NOTES = {
    "fast": [{"participant": "p3", "seconds": 20.0}, {"participant": "p4", "seconds": 35.0}],
    "fast_threshold_seconds": 100.0,
    "n_fast": 2,
    "near_identical": [{"first": "p1", "second": "p7", "r": 0.99}],
    "n_near_identical": 1,
    "near_identical_checked": True,
    "no_viewpoint": ["p9"],
    "n_no_viewpoint": 1,
}


def test_quality_sentences_in_english_with_names():
    names = {"p3": "Bram", "p4": "Esra", "p1": "Anouk", "p7": "Gijs", "p9": "Ilse"}
    assert quality_sentences(NOTES, str, names) == [
        "Finished suspiciously fast (under 100 seconds): Bram and Esra.",
        "Nearly identical sorts (r > 0.95): Anouk and Gijs.",
        "Sorts that define no viewpoint: Ilse.",
        "These are notes, not exclusions: every sort stays in the analysis.",
    ]


def test_quality_sentences_in_dutch():
    dutch = quality_sentences(NOTES, translator("nl"))
    assert dutch[0] == "Verdacht snel klaar (binnen 100 seconden): p3 en p4."
    assert dutch[1] == "Bijna gelijke sorteringen (r > 0,95): p1 en p7."
    assert dutch[-1].startswith("Dit zijn aantekeningen, geen uitsluitingen")


def test_no_notes_no_sentences_and_duplicates_only_is_said():
    quiet = {**NOTES, "fast": [], "near_identical": [], "no_viewpoint": []}
    assert quality_sentences(quiet, str) == []
    big = {**quiet, "near_identical_checked": False}
    assert (
        quality_sentences(big, str)[0]
        == "With this many sorts only exact duplicates were looked for."
    )


def test_verdicts_and_agreement():
    assert [verdict_label(v, translator("nl")) for v in ("priority", "not_priority", "unclear")] == [
        "duidelijk een prioriteit", "duidelijk geen prioriteit", "geen duidelijk oordeel"
    ]  # fmt: skip
    comma = agreement_sentence(0.4213, translator("nl"), lambda w: f"{w:.2f}".replace(".", ","))
    assert comma == "Hoe eens de zaal het is over de volgorde (Kendalls W, 0 tot 1): 0,42"
    assert agreement_sentence(None, str, str).endswith(": –")
