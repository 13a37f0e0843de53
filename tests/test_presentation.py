"""The presentation model of a stored run (qsort/presentation.py): built once from the stored
result, read by the results page, the projector and the report.

Expected values come from the stored result itself (the demo's planted viewpoints analysed by
qsort): the model must say what the result says, in typed fields.
"""

import pytest

from qsort.analysis import analyse
from qsort.analysis.warnings import warning_codes
from qsort.presentation import TOP, analysis_model, run_model
from tests.helpers import FIXTURES, read_sorts_csv

PARTICIPANTS, STATEMENTS, LIPSET = read_sorts_csv(FIXTURES / "lipset" / "sorts.csv")


@pytest.fixture(scope="module")
def stored():
    return analyse(LIPSET, 3, participants=PARTICIPANTS, statements=STATEMENTS).as_dict()


def test_viewpoints_hold_their_ranking_marks_and_defining_sorts(stored):
    """Does each viewpoint give the stored ranking, its top and bottom five, the marks of its
    distinguishing and consensus statements and the sorts flagged on it?"""
    model = run_model(stored)
    assert len(model.viewpoints) == stored["n_factors"]
    for viewpoint in model.viewpoints:
        f = str(viewpoint.number)
        entries = stored["ranking"]["factors"][f]
        assert [s.statement for s in viewpoint.ranked] == [e["statement"] for e in entries]
        assert [s.statement for s in viewpoint.top()] == [e["statement"] for e in entries[:TOP]]
        bottom = [e["statement"] for e in entries[-TOP:][::-1]]
        assert [s.statement for s in viewpoint.bottom()] == bottom
        flagged = [p for p, row in zip(stored["participants"], stored["flagged"], strict=True)
                   if row[viewpoint.number - 1]]  # fmt: skip
        assert list(viewpoint.defining) == flagged and viewpoint.n_defining == len(flagged)
        for s in viewpoint.ranked:
            expected = ("**" if s.statement in stored["distinguishing_p01"][f]
                        else "*" if s.statement in stored["distinguishing"][f] else "")  # fmt: skip
            assert s.mark == expected
            assert s.consensus == (s.statement in stored["consensus"])
            assert s.page_mark == expected or (s.consensus and s.page_mark == "=")
        assert viewpoint.distinguishing == [s for s in viewpoint.ranked if s.mark]


def test_the_room_and_the_warnings(stored):
    """Is the room's top five the stored ranking's, and are the warnings the one builder's?"""
    model = run_model(stored)
    assert [s.statement for s in model.top] == [
        e["statement"] for e in stored["ranking"]["overall"][:TOP]
    ]
    assert list(model.consensus) == stored["consensus"]
    assert list(model.warnings) == warning_codes(stored)


def test_a_factor_without_defining_sorts_is_empty_and_not_shown():
    """A centroid factor with no defining sorts: kept in ``viewpoints`` (its number stays)
    but empty, with no top or bottom, and left out of ``shown_viewpoints``."""
    participants, _, values = read_sorts_csv(FIXTURES / "qmethod" / "grid11.csv")
    stored = analyse(values, 4, method="centroid", participants=participants).as_dict()
    model = run_model(stored)
    empty = [v for v in model.viewpoints if v.empty]
    assert empty, "the study was chosen to leave a factor without flags"
    assert all(v.top() == [] and v.bottom() == [] and v.n_defining == 0 for v in empty)
    assert [v.number for v in model.shown_viewpoints] == [
        v.number for v in model.viewpoints if not v.empty
    ]


def test_the_tables_hold_the_stored_numbers(stored):
    """Do the model's tables (the workbook's sheets) give the stored numbers, row by row, and
    the room's ranking its extremes?"""
    tables = run_model(stored).tables
    for name, key in (("loadings", "loadings"), ("flags", "flagged"), ("zscores", "zscores")):
        assert [list(row) for row in getattr(tables, name)] == stored[key]
    assert [list(row) for row in tables.factor_arrays] == stored["factor_arrays"]
    assert [list(row) for row in tables.sed] == stored["sed"]
    assert list(tables.n_defining) == stored["n_defining"]
    assert list(tables.rotated_eigenvalues) == stored["rotated_eigenvalues"]
    assert [list(p.pair) for p in tables.pairs] == [p["pair"] for p in stored["qdc_pairs"]]
    assert [list(p.significance) for p in tables.pairs] == [
        p["significance"] for p in stored["qdc_pairs"]
    ]
    aids = stored["factor_count_aids"]["parallel_analysis"]
    assert list(tables.parallel_p95) == aids["p95"] and list(tables.parallel_mean) == aids["mean"]
    for s in stored["statements"]:
        expected = [int(f) for f, ids in stored["distinguishing"].items() if s in ids]
        assert tables.distinguished_by(s) == expected
    overall = stored["ranking"]["overall"]
    assert [(r.minimum, r.maximum) for r in run_model(stored).overall] == [
        (e["minimum"], e["maximum"]) for e in overall
    ]


def test_a_run_stored_before_the_extra_tables_gives_them_empty(stored):
    """A run stored without the keys beyond the JSON contract (SED, rotated eigenvalues, the
    pairs compared, the parallel analysis) still has a model, with those tables empty."""
    old = {k: v for k, v in stored.items() if k not in ("sed", "rotated_eigenvalues", "qdc_pairs")}
    old["factor_count_aids"] = None
    tables = run_model(old).tables
    assert tables.sed == () and tables.rotated_eigenvalues == () and tables.pairs == ()
    assert tables.parallel_p95 == () and tables.parallel_mean == ()
    assert tables.loadings == run_model(stored).tables.loadings


def test_a_result_not_stored_gets_the_same_viewpoints_and_room():
    """The command line's model (of a result it does not store) tells the same viewpoints and
    room as the model of that result once stored."""
    result = analyse(LIPSET, 3, participants=PARTICIPANTS, statements=STATEMENTS)
    direct, stored = analysis_model(result), run_model(result.as_dict())
    assert direct.viewpoints == stored.viewpoints
    assert direct.overall == stored.overall and direct.warnings == stored.warnings
    assert direct.n_factors == 3
