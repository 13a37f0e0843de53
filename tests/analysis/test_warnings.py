"""The one warning builder (qsort/analysis/warnings.py): its rules as codes, and the same words
on the command line (``QAnalysis.warnings``) as on the page; exact ties in a centroid
reflection, and iterations that stop before they settle.

Expected values follow from the definitions: tests/fixtures/pqmethod/tie.csv (made by
make_tie_study.py) is a study in which two different sorts, P5 and P6, tie exactly for the
smallest column sum when the first centroid factor is reflected, and the factors change when the
file order is reversed; a duplicated sort ties too, but harmlessly.
"""

import numpy as np
import pytest

from qsort.analysis import analyse
from qsort.analysis.warnings import (
    ResultWarning,
    names_in_words,
    reflection_ties,
    warning_codes,
    warning_texts,
)
from tests.helpers import FIXTURES, read_sorts_csv

TIE = read_sorts_csv(FIXTURES / "pqmethod" / "tie.csv")
PARTICIPANTS, STATEMENTS, LIPSET = read_sorts_csv(FIXTURES / "lipset" / "sorts.csv")


@pytest.mark.parametrize(
    "conventions,rule", [("qmethod", "first"), ("qsort", "first"), ("pqmethod", "last")]
)
def test_decisive_tie_is_warned_in_the_result_and_its_json(conventions, rule):
    """Does a centroid run of the tie study warn, naming both sorts and which one was taken, in
    the result, in its JSON, and record the tie in the diagnostics?"""
    participants, statements, values = TIE
    result = analyse(values, 2, method="centroid", conventions=conventions,
                     participants=participants, statements=statements)  # fmt: skip
    [warning] = [w for w in result.warnings if "tie exactly" in w]
    assert "sorts: P5 and P6 tie exactly" in warning
    assert f"the {rule} of them in the file was taken" in warning
    assert result.diagnostics["reflection_ties"] == [{"factor": 1, "sorts": ["P5", "P6"]}]
    document = result.as_dict()
    assert warning in document["warnings"]
    assert document["diagnostics"]["reflection_ties"] == [{"factor": 1, "sorts": ["P5", "P6"]}]


def test_no_warning_for_principal_components_or_identical_sorts():
    """No tie warning for PCA, nor for a tie between two identical sorts (the factor is the
    same whichever is reflected first), though that tie is still recorded."""
    participants, _statements, values = TIE
    assert not [w for w in analyse(values, 2, participants=participants).warnings if "tie" in w]
    doubled = np.vstack([LIPSET, LIPSET[0]])
    result = analyse(doubled, 3, method="centroid", conventions="qmethod",
                     participants=[*PARTICIPANTS, "US1 again"])  # fmt: skip
    recorded = [e["exact_ties"] for e in result.diagnostics["factors"]]
    assert [[0, 9]] in recorded
    assert result.diagnostics["reflection_ties"] == []
    assert not [w for w in result.warnings if "tie exactly" in w]


def test_reflection_ties_of_older_results_name_the_first_sort():
    """Results stored before the tied group was recorded hold one index per tie: named alone."""
    diagnostics = {"factors": [{"factor": 2, "exact_ties": [3]}]}
    assert reflection_ties(diagnostics, ["a", "b", "c", "d"], None) == [
        {"factor": 2, "sorts": ["d"]}
    ]


def test_iterations_that_did_not_settle_are_warned():
    """A Horst series that did not converge and a varimax that hit its sweep cap are named."""
    result = analyse(LIPSET, 7, method="centroid", conventions="pqmethod")
    assert result.diagnostics["converged"] is False
    assert any("did not settle within 31 passes" in w for w in result.warnings)
    stored = analyse(LIPSET, 2).as_dict()
    stored["diagnostics"]["varimax"] = {"converged": False, "sweeps": 1000}
    assert warning_codes(stored)[-1] == ResultWarning("varimax-unfinished")
    assert warning_texts(stored)[-1] == "The varimax rotation stopped before reaching its optimum."


def test_the_command_line_warns_as_the_page_does():
    """Are ``QAnalysis.warnings`` (the command line, the JSON) the English of the same
    warnings the page and the report word from the stored result, rule for rule?"""
    participants, _, values = TIE
    for result in (
        analyse(values, 2, method="centroid", participants=participants),
        analyse(LIPSET, 3, participants=PARTICIPANTS),
        analyse(LIPSET, 7, method="centroid", conventions="pqmethod"),
    ):
        assert result.warnings
        assert result.warnings == warning_texts(result.as_dict())


def test_warning_rules_as_codes():
    """Which warnings does a result with a thin, a bipolar and an empty viewpoint, a sort
    flagged twice and too few sorts get, in this order and with these parameters?"""
    stored = {
        "n_factors": 3,
        "n_sorts": 4,
        "participants": ["a", "b", "c", "d"],
        "n_defining": [1, 3, 0],
        "flagged": [[True, True, False], [False, True, False], [False, True, False], [False] * 3],
        "loadings": [[0.7, -0.5, 0.1], [0.1, 0.6, 0.2], [0.2, 0.6, 0.1], [0.3, 0.2, 0.1]],
        "bipolar": {"2": {"positive": ["b", "c"], "negative": ["a"]}},
        "diagnostics": {},
    }
    assert warning_codes(stored) == [
        ResultWarning("few-defining", {"f": 1, "n": 1}),
        ResultWarning("bipolar", {"f": 2}),
        ResultWarning("negative-flag", {"name": "a", "f": 2, "a": -0.5}),
        ResultWarning("few-defining", {"f": 3, "n": 0}),
        ResultWarning("several-flags", {"name": "a"}),
        ResultWarning("few-sorts", {"n": 4, "k": 3}),
    ]
    texts = warning_texts(stored, names={"a": "Anne"})
    assert texts[2] == (
        "Anne is flagged on viewpoint 2 with a negative loading (-0.50): they hold the opposite view."
    )
    assert texts[4] == "Anne is flagged on more than one viewpoint: their sort counts in each."


def test_names_in_words():
    assert names_in_words(["A"]) == "A"
    assert names_in_words(["A", "B"]) == "A and B"
    assert names_in_words(["A", "B", "C"]) == "A, B and C"
