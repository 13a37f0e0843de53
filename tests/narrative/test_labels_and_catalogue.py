"""Statement labels (qsort.narrative.labels, qsort.presets.preset_labels) and the message
catalogue outside Flask (qsort.narrative.catalogue). Expected values follow from the rules in
the module docstrings."""

import csv
import subprocess
import sys

import pytest

from qsort.narrative.catalogue import translator
from qsort.narrative.labels import derive_labels, statement_labels
from qsort.presets import CUSTOMER_FOCUS, preset_labels
from tests.helpers import FIXTURES


def test_preset_labels_are_found_by_text_in_either_language():
    first, second = CUSTOMER_FOCUS.statements[:2]
    texts = {
        "nl": {"S1": first.text_nl, "S9": "Een eigen stelling"},
        "en": {"S2": f"  {second.text_en} "},
    }
    assert preset_labels(texts) == {
        "S1": {"nl": "tijd om te luisteren", "en": "time to listen"},
        "S2": {"nl": "ruimte om te helpen", "en": "room to help"},
    }


def test_preset_labels_win_and_the_rest_is_derived():
    texts = {
        "en": {"S1": CUSTOMER_FOCUS.statements[0].text_en, "S2": "Managers hire for attitude."}
    }
    labels = statement_labels(texts, preset_labels(texts))
    assert labels == {"S1": {"en": "time to listen"}, "S2": {"en": "managers hire for attitude"}}


def test_derived_labels_drop_the_shared_subject_and_fillers():
    texts = {
        "a": "Employees really have the time to listen to customers.",
        "b": "Employees get feedback from customers on their work.",
        "c": "Employees may be themselves and need not follow a script.",
        "d": "There is trust: mistakes are allowed, as long as we learn.",
    }
    assert derive_labels(texts) == {
        "a": "time to listen to customers",
        "b": "feedback from customers on their work",
        "c": "need not follow a script",
        "d": "trust mistakes are allowed",
    }


def test_clashing_labels_are_lengthened_until_they_differ():
    texts = {"a": "Clear goals for the team this year.", "b": "Clear goals for the team next year."}
    labels = derive_labels(texts)
    assert labels["a"] != labels["b"] and labels["a"].startswith("clear goals for the team")


def test_lipset_labels_are_short_and_unique():
    with open(FIXTURES / "lipset" / "statements.csv", newline="") as handle:
        texts = {row["id"]: row["text"] for row in csv.DictReader(handle)}
    labels = derive_labels(texts)
    assert len(set(labels.values())) == len(texts)
    assert all(0 < len(label.split()) <= 6 for label in labels.values())


def test_translator_reads_the_compiled_catalogue():
    assert translator("nl")("clearly a priority") == "duidelijk een prioriteit"
    assert translator("en")("clearly a priority") == "clearly a priority"
    with pytest.raises(ValueError, match="no catalogue for language 'de'"):
        translator("de")


def test_narrative_needs_neither_flask_nor_babel_nor_the_database():
    code = (
        "import sys, qsort.narrative.document, qsort.narrative.notes; "
        "print(sorted(m for m in ('flask', 'babel', 'sqlalchemy', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
