"""Unit tests of the analysis steps: input validation, extraction paths, rotation, flagging,
scores, factor-count aids and rankings.

Expected values follow from the definitions in each module's docstring (Brown 1980; Zabala 2014),
checked on hand-built inputs; cross-checks between two computations of the same quantity use
tolerances of numerical round-off.
"""

import subprocess
import sys

import numpy as np
import pytest

from qsort.analysis import AnalysisError, ConvergenceError, JudgmentalRotation, analyse, extraction
from qsort.analysis.correlation import correlation_matrix
from qsort.analysis.factor_count import factor_count_aids
from qsort.analysis.flagging import apply_manual_flags, automatic_flags
from qsort.analysis.ranking import overall_ranking
from qsort.analysis.rotation import judgmental_rotation, varimax
from qsort.analysis.scores import average_ranks, factor_arrays_qmethod, z_scores
from tests.helpers import FIXTURES, read_sorts_csv

PARTICIPANTS, STATEMENTS, LIPSET = read_sorts_csv(FIXTURES / "lipset" / "sorts.csv")
GRID = np.repeat(np.arange(-4, 5), [1, 2, 3, 4, 4, 4, 3, 2, 1])


def random_sorts(n_sorts: int, seed: int = 1, viewpoints: int = 3) -> np.ndarray:
    """Sorts on the 24-statement clinic grid from a few planted viewpoints plus noise."""
    rng = np.random.default_rng(seed)
    views = rng.standard_normal((viewpoints, GRID.size))
    scores = views[rng.integers(viewpoints, size=n_sorts)] + rng.standard_normal(
        (n_sorts, GRID.size)
    )
    sorts = np.empty_like(scores, dtype=int)
    np.put_along_axis(sorts, np.argsort(scores, axis=1), GRID[None, :], axis=1)
    return sorts


# --- input validation -------------------------------------------------------------------------


def test_input_validation():
    """Does every kind of bad input raise a readable AnalysisError?"""
    with pytest.raises(AnalysisError, match="at least 3"):
        analyse(LIPSET[:2], 1)
    with pytest.raises(AnalysisError, match=r"out of range.*choose 1 to 9"):
        analyse(LIPSET, 10)
    with pytest.raises(AnalysisError, match="out of range"):
        analyse(LIPSET, 0)
    with pytest.raises(AnalysisError, match="non-integer value"):
        analyse(LIPSET + np.where(np.arange(33) == 4, 0.5, 0.0), 2)
    with pytest.raises(AnalysisError, match="'US1' appears twice"):
        analyse(LIPSET, 2, participants=["US1"] * 9)
    with pytest.raises(AnalysisError, match="method: 'ml'"):
        analyse(LIPSET, 2, method="ml")
    with pytest.raises(ValueError, match="unknown conventions"):
        analyse(LIPSET, 2, conventions="spss")
    with pytest.raises(AnalysisError, match="significance"):
        analyse(LIPSET, 2, significance=0.1)


def test_distribution_error_names_the_sort_and_the_counts():
    bad = LIPSET.copy()
    bad[2, 0] = 4  # US3: one more statement at +4, one fewer at +2
    with pytest.raises(AnalysisError) as error:
        analyse(bad, 2, participants=PARTICIPANTS)
    message = str(error.value)
    assert "sort 'US3'" in message
    assert "in the columns +2, +4 it has 3, 3 statements where the grid has 4, 2" in message
    assert error.value.sort_index == 2
    values = dict(error.value.problem.values)
    assert values == {
        "sort": "'US3'",
        "first": "'US1'",
        "columns": ["+2", "+4"],
        "found": [3, 3],
        "grid": [4, 2],
        "more": "",
    }


# --- extraction -------------------------------------------------------------------------------


def test_pca_thin_path_equals_full_eigendecomposition():
    """With N > M, do loadings from Z'Z equal those from the N x N correlation matrix?"""
    sorts = random_sorts(60)
    thin = extraction.principal_components(sorts, 4)
    values, vectors = np.linalg.eigh(correlation_matrix(sorts))
    full = vectors[:, ::-1][:, :4] * np.sqrt(values[::-1][:4])
    full *= np.sign(full.sum(axis=0))
    np.testing.assert_allclose(thin.loadings, full, rtol=0, atol=1e-10)
    np.testing.assert_allclose(thin.eigenvalues[:24], values[::-1][:24], rtol=0, atol=1e-10)
    assert np.all(thin.eigenvalues[24:] == 0)


def test_centroid_low_rank_path_equals_dense(monkeypatch):
    """Does the factored residual give the same centroid factors as the dense matrix?"""
    sorts = random_sorts(120, seed=3)
    dense = extraction.centroid(sorts, 3)
    monkeypatch.setattr(extraction, "DENSE_CENTROID_MAX_SORTS", 10)
    low_rank = extraction.centroid(sorts, 3)
    np.testing.assert_allclose(low_rank.loadings, dense.loadings, rtol=0, atol=1e-9)
    assert [e["reflections"] for e in low_rank.diagnostics["factors"]] == [
        e["reflections"] for e in dense.diagnostics["factors"]
    ]


def test_centroid_zero_column_sum_raises_instead_of_hanging():
    """A sort uncorrelated with every other has a column sum of exactly 0; reflecting it changes
    nothing, so qmethod loops forever. Do we stop with a clear error instead?"""
    rng = np.random.default_rng(0)
    a = GRID.copy()
    while True:  # c orthogonal to a; b orthogonal to c but close to a (integer dot products)
        c = rng.permutation(GRID)
        b = a.copy()
        b[rng.choice(24, 6, replace=False)] = b[rng.choice(24, 6, replace=False)]
        b = rng.permutation(GRID) if sorted(b) != sorted(GRID) else b
        if a @ c == 0 and b @ c == 0 and a @ b > 0:
            break
    with pytest.raises(ConvergenceError, match=r"sort 3 has a residual column sum of exactly 0"):
        extraction.centroid(np.array([a, b, c]), 1)


def test_centroid_communality_iteration_is_capped(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_COMMUNALITY_ITERATIONS", 1)
    with pytest.raises(ConvergenceError, match="did not settle"):
        extraction.centroid(LIPSET, 2, threshold=1e-15)


# --- rotation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["r", "optimum", "pqmethod"])
def test_varimax_single_factor_unchanged_and_communalities_kept(algorithm):
    loadings = extraction.principal_components(LIPSET, 3).loadings
    np.testing.assert_array_equal(varimax(loadings[:, :1], algorithm)[0], loadings[:, :1])
    rotated, _ = varimax(loadings, algorithm)
    np.testing.assert_allclose(
        (rotated**2).sum(axis=1), (loadings**2).sum(axis=1), rtol=0, atol=1e-12
    )


def test_judgmental_rotation_by_90_degrees_swaps_factors():
    loadings = np.array([[0.6, 0.1], [0.2, -0.5]])
    turned = judgmental_rotation(loadings, [JudgmentalRotation(1, 2, 90)])
    np.testing.assert_allclose(turned, [[0.1, -0.6], [-0.5, -0.2]], atol=1e-12)
    with pytest.raises(AnalysisError, match="two different factors"):
        judgmental_rotation(loadings, [JudgmentalRotation(1, 1, 10)])


def test_judgmental_rotation_is_applied_and_recorded():
    """Does a by-hand rotation change the loadings as stated and land in the settings?"""
    base = analyse(LIPSET, 3, participants=PARTICIPANTS)
    turned = analyse(
        LIPSET, 3, participants=PARTICIPANTS, judgmental_rotations=[JudgmentalRotation(1, 2, 20)]
    )
    theta = np.deg2rad(20)
    a1, a2 = base.loadings[:, 0], base.loadings[:, 1]
    expected = a1 * np.cos(theta) + a2 * np.sin(theta)
    assert np.allclose(np.abs(turned.loadings[:, 0]), np.abs(expected), atol=1e-12)
    assert turned.settings["judgmental_rotations"] == [{"first": 1, "second": 2, "degrees": 20.0}]


# --- flagging and scores ----------------------------------------------------------------------


def test_flagging_criteria_and_manual_override():
    loadings = np.array([[0.50, 0.10], [0.40, 0.35], [0.30, 0.05], [-0.60, 0.2]])
    m = 16  # threshold 1.96 / 4 = 0.49
    np.testing.assert_array_equal(
        automatic_flags(loadings, m), [[True, False], [False, False], [False, False], [True, False]]
    )
    loose = automatic_flags(loadings, 9, majority_rule=False)  # threshold 0.653: none
    assert not loose.any()
    manual = apply_manual_flags(automatic_flags(loadings, m), {0: [], 2: [2]})
    np.testing.assert_array_equal(manual[:, 1], [False, False, True, False])
    assert not manual[0].any()
    with pytest.raises(AnalysisError, match="out of range"):
        apply_manual_flags(manual, {1: [3]})


def test_manual_flags_change_the_result():
    """Does flagging a sort by hand change that factor's defining sorts and scores?"""
    auto = analyse(LIPSET, 3, participants=PARTICIPANTS)
    manual = analyse(LIPSET, 3, participants=PARTICIPANTS, manual_flags={4: []})  # unflag JP5
    assert auto.flags[4].any() and not manual.flags[4].any()
    assert manual.n_defining.sum() == auto.n_defining.sum() - 1
    assert not np.allclose(manual.z_scores, auto.z_scores)
    assert manual.settings["manual_flags"] == {"JP5": []}


def test_single_defining_sort_gives_its_own_sort_as_array():
    """A factor defined by one sort has tied z-scores; its array must be that sort."""
    weights = np.zeros((9, 1))
    weights[3, 0] = 2.0
    z = z_scores(LIPSET, weights)
    array = factor_arrays_qmethod(z, np.sort(LIPSET[0]))
    np.testing.assert_array_equal(array[:, 0], LIPSET[3])


def test_average_ranks_matches_r_rank():
    np.testing.assert_array_equal(
        average_ranks(np.array([3.0, 1.0, 3.0, 2.0, 3.0])), [4, 1, 4, 2, 4]
    )
    np.testing.assert_array_equal(average_ranks(np.array([1.0, 1.0, 0.0])), [2.5, 2.5, 1])


# --- factor-count aids and ranking -----------------------------------------------------------


def test_factor_count_aids():
    """Are Kaiser, Humphrey and parallel analysis computed as defined, and reproducibly?"""
    pca = extraction.principal_components(LIPSET, 8)
    aids = factor_count_aids(LIPSET, pca.eigenvalues, pca.loadings, seed=5)
    assert aids.kaiser == int(np.sum(pca.eigenvalues > 1)) == 4
    top = np.sort(np.abs(pca.loadings[:, 0]))[-2:]
    assert aids.humphrey[0] == (top[0] * top[1] > 2 / np.sqrt(33))
    again = factor_count_aids(LIPSET, pca.eigenvalues, pca.loadings, seed=5)
    np.testing.assert_array_equal(aids.parallel_p95, again.parallel_p95)
    other = factor_count_aids(LIPSET, pca.eigenvalues, pca.loadings, seed=6)
    assert not np.array_equal(aids.parallel_p95, other.parallel_p95)
    assert 0 <= aids.parallel_suggestion <= 9
    planted = random_sorts(200, viewpoints=3)
    big = extraction.principal_components(planted, 8)
    assert factor_count_aids(planted, big.eigenvalues, big.loadings).parallel_suggestion == 3


def test_overall_ranking_orders_by_mean_then_agreement():
    sorts = np.array([[2, 1, 0, -1, -2], [2, 0, 1, -2, -1], [1, 2, 0, -1, -2]])
    ranking = overall_ranking(sorts, ["a", "b", "c", "d", "e"])
    assert [r.statement for r in ranking] == ["a", "b", "c", "d", "e"]
    assert ranking[0].mean == pytest.approx(5 / 3)
    tied = overall_ranking(
        np.array([[1, -1, 0], [-1, 1, 0], [0, 0, 0]])[:, [2, 0, 1]], ["x", "y", "z"]
    )
    assert [r.statement for r in tied] == [
        "x",
        "y",
        "z",
    ]  # equal means: smaller spread first, then order


# --- scale and purity -------------------------------------------------------------------------


def test_large_study_skips_correlation_matrix():
    sorts = random_sorts(2500, seed=9)
    result = analyse(sorts, 3, with_factor_count_aids=False)
    assert result.correlation is None
    assert result.as_dict()["correlation"] is None
    assert result.loadings.shape == (2500, 3)


def test_document_without_the_correlation_matrix():
    """A stored run leaves the N x N matrix out; everything else is the full document."""
    result = analyse(random_sorts(40, seed=4), 3)
    full, lean = result.as_dict(), result.as_dict(with_correlation=False)
    assert lean["correlation"] is None and len(full["correlation"]) == 40
    assert {k: v for k, v in full.items() if k != "correlation"} == {
        k: v for k, v in lean.items() if k != "correlation"
    }


def test_document_with_numpy_arrays_encodes_to_the_same_json():
    """``as_dict(arrays=True)`` keeps the per-sort arrays as NumPy; orjson writes them as the
    lists would be written (a factor without defining sorts: its NaN z-scores become null)."""
    import json

    import orjson

    result = analyse(random_sorts(30, seed=2), 6, method="centroid")
    assert np.isnan(result.z_scores).any()
    lean = result.as_dict(arrays=True)
    assert isinstance(lean["loadings"], np.ndarray) and isinstance(lean["flagged"], np.ndarray)
    written = orjson.dumps(lean, option=orjson.OPT_SERIALIZE_NUMPY)
    assert json.loads(written) == json.loads(json.dumps(result.as_dict(), allow_nan=False))


def test_analysis_package_does_not_import_flask():
    code = "import sys, qsort.analysis, qsort.formats; assert 'flask' not in sys.modules, sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)
