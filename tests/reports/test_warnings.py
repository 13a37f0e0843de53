"""The results page's and the report's warnings about exact ties and unsettled iterations, in
the reader's language (the one builder, qsort/analysis/warnings.py).

Expected values: the tie study of tests/fixtures/pqmethod (see tests/analysis/test_warnings.py).
"""

import pytest

from qsort.analysis import analyse
from qsort.analysis.warnings import warning_texts as result_warnings
from qsort.reports.render import _gettext
from tests.helpers import FIXTURES, read_sorts_csv

PARTICIPANTS, STATEMENTS, VALUES = read_sorts_csv(FIXTURES / "pqmethod" / "tie.csv")
PHRASES = {
    "en": ("The viewpoints depend on the order of the sorts: Pia and P6 tie exactly", "{} of them"),
    "nl": ("De gezichtspunten hangen af van de volgorde van de sorteringen: Pia en P6 staan "
           "precies gelijk", "{} ervan"),
}  # fmt: skip
WHICH = {("en", "first"): "the first", ("en", "last"): "the last",
         ("nl", "first"): "de eerste", ("nl", "last"): "de laatste"}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("conventions,rule", [("qsort", "first"), ("pqmethod", "last")])
def test_tie_warning_in_the_readers_language(lang, conventions, rule):
    """Is the tie named with the participants' display names and the rule, in NL and EN?"""
    result = analyse(VALUES, 2, method="centroid", conventions=conventions,
                     participants=PARTICIPANTS, statements=STATEMENTS).as_dict()  # fmt: skip
    warnings = result_warnings(result, _gettext(lang), names={"P5": "Pia"})
    [tie] = [w for w in warnings if PHRASES[lang][0] in w]
    assert PHRASES[lang][1].format(WHICH[lang, rule]) in tie


def test_tie_warning_from_a_result_stored_before_the_groups_were_recorded():
    """An older stored result (one index per tie, no reflection_ties) still warns."""
    result = analyse(VALUES, 2, method="centroid", participants=PARTICIPANTS).as_dict()
    diagnostics = result["diagnostics"]
    del diagnostics["reflection_ties"]
    diagnostics["factors"][0]["exact_ties"] = [4]
    [tie] = [w for w in result_warnings(result, _gettext("en")) if "tie exactly" in w]
    assert "sorts: P5 tie exactly" in tie


def test_unsettled_iterations_in_dutch():
    result = analyse(VALUES, 2, method="centroid", participants=PARTICIPANTS).as_dict()
    result["diagnostics"].update(converged=False, passes=31)
    result["diagnostics"]["varimax"]["converged"] = False
    warnings = result_warnings(result, _gettext("nl"))
    assert "De centroïdemethode (Horst 5.5) kwam in 31 rondes niet tot rust" in " ".join(warnings)
    assert "De varimaxrotatie is gestopt voordat ze haar optimum bereikte." in warnings
