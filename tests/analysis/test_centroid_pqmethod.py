"""PQMethod's centroid methods: Horst 5.5 with iterated communalities, and Brown's.

Expected values:
- PQMethod 2.35's own Horst 5.5 output for the uhh study (``shared/studies/uhh_keyneson``:
  UHH.UNR's loadings, 5 decimals; its 9 iterated communality estimates and residual matrix,
  4 decimals); skipped when the folder is absent.
- KADE's own unit-test expectations for Lipset (``shared/studies/pqmethod_lipset``: Horst 5.5,
  7 factors, P = 0.0001, NL = 30; Brown, 7 factors, with eigenvalues and explained variance);
  skipped when absent.
- KADE's functions run on the committed studies (tests/fixtures/pqmethod/*-kade-*.json, made by
  ``kade_reference.mjs``): Horst 5.5 at P = 0.001 and 0.0001 (NL = 30) and Brown.
- Exactly factored correlation matrices, whose communalities the iteration must recover.
"""

import numpy as np
import pytest

from qsort.analysis import AnalysisError, ConvergenceError
from qsort.analysis.centroid_pqmethod import brown_centroid, horst55
from qsort.analysis.correlation import correlation_matrix
from tests.analysis.pqmethod_files import (
    KADE_CASES,
    SMALL_STUDIES,
    STUDIES,
    UHH,
    read_horst_protocol,
    read_loadings,
)
from tests.helpers import load_expected, read_sorts_csv

ATOL_PRINTED_5 = 5e-6 + 1e-12  # .UNR loadings: 5 decimals
ATOL_PRINTED_4 = 5e-5 + 1e-12  # .UNR protocol: 4 decimals
ATOL_KADE_HORST = 1e-6  # KADE rounds every step to 7 decimals and prints 7
ATOL_KADE_BROWN = 1e-7  # KADE rounds every step to 8 decimals and prints 8
LIPSET_KADE = STUDIES / "pqmethod_lipset" / "kade_fixtures_lipset.json"
needs_uhh = pytest.mark.skipif(not UHH.exists(), reason="shared/studies/uhh_keyneson is absent")


def _study(name: str) -> tuple[np.ndarray, int]:
    sorts = read_sorts_csv(SMALL_STUDIES[name])[2]
    return correlation_matrix(sorts), sorts.shape[1]


def _uhh() -> tuple[np.ndarray, int]:
    sorts = read_sorts_csv(UHH / "sorts.csv")[2]
    return correlation_matrix(sorts), sorts.shape[1]


@needs_uhh
def test_horst_reproduces_uhh_unr():
    """Are PQMethod's Horst 5.5 loadings of the uhh study (UHH.UNR) reproduced to their 5 printed
    decimals, in 9 passes with PQMethod's convergence of 0.001?"""
    r, m = _uhh()
    result = horst55(r, 2, m)
    np.testing.assert_allclose(result.loadings, read_loadings(UHH / "UHH.UNR"), atol=ATOL_PRINTED_5)
    assert result.diagnostics["passes"] == 9 and result.diagnostics["converged"]


@needs_uhh
def test_horst_reproduces_uhh_communality_series_and_residuals():
    """Is every communality estimate UHH.UNR lists (one per pass) reproduced to 4 decimals, and
    its residual correlation matrix too?"""
    r, m = _uhh()
    series, residual = read_horst_protocol(UHH / "UHH.UNR")
    for passes, expected in enumerate(series):
        estimates = horst55(r, 2, m, max_iterations=passes).diagnostics["communality_estimates"]
        np.testing.assert_allclose(estimates, expected, atol=ATOL_PRINTED_4, err_msg=str(passes))
    loadings = horst55(r, 2, m).loadings
    ours = r - loadings @ loadings.T
    np.fill_diagonal(ours, 0.0)  # PQMethod prints the residual with its diagonal taken out
    np.testing.assert_allclose(ours, residual, atol=ATOL_PRINTED_4)


@pytest.mark.skipif(not LIPSET_KADE.exists(), reason="shared/studies/pqmethod_lipset is absent")
def test_horst_and_brown_equal_kades_lipset_expectations():
    """Do Horst 5.5 (7 factors, P = 0.0001, 30 iterations, not converged) and Brown's centroid
    (7 factors, eigenvalues, explained variance) equal KADE's own unit-test expectations?"""
    expected = load_expected(LIPSET_KADE)
    r, m = _study("lipset")
    horst = horst55(r, 7, m, convergence=1e-4, max_iterations=30)
    np.testing.assert_allclose(
        horst.loadings, np.transpose(expected["horst55_centroid_unrotated_7f"]["loadings"]),
        atol=ATOL_KADE_HORST,
    )  # fmt: skip
    assert not horst.diagnostics["converged"] and horst.diagnostics["passes"] == 31
    brown = brown_centroid(r, 7, m)
    case = expected["brown_centroid_unrotated_7f"]
    np.testing.assert_allclose(brown.loadings, np.transpose(case["loadings"]), atol=ATOL_KADE_BROWN)
    np.testing.assert_allclose(brown.eigenvalues, case["eigenvalues_expected"], atol=5e-5)
    percent = np.floor(100 * np.round(brown.eigenvalues, 4) / 9 + 0.5)
    np.testing.assert_array_equal(percent, case["pct_expl_var_expected"])


@pytest.mark.parametrize("path", KADE_CASES, ids=lambda p: p.stem)
def test_horst_and_brown_equal_kade_on_committed_studies(path):
    """Do Horst 5.5 (P = 0.001 and 0.0001) and Brown's centroid equal KADE's functions on our
    studies, converged or not as KADE says?"""
    expected = load_expected(path)
    r, m = _study(path.stem.split("-")[0])
    k = expected["n_factors"]
    for key, convergence in (("horst55_p001", 1e-3), ("horst55_p0001", 1e-4)):
        result = horst55(r, k, m, convergence=convergence, max_iterations=30)
        np.testing.assert_allclose(
            result.loadings, expected[key]["loadings"], atol=ATOL_KADE_HORST, err_msg=key
        )
        assert result.diagnostics["converged"] == expected[key]["converged"], key
    brown = brown_centroid(r, k, m)
    np.testing.assert_allclose(brown.loadings, expected["brown"], atol=ATOL_KADE_BROWN)


def _one_factor_matrix(f: np.ndarray) -> np.ndarray:
    r = np.outer(f, f)
    np.fill_diagonal(r, 1.0)
    return r


def test_horst_recovers_exact_communalities():
    """On R = f f' off the diagonal, do the iterated communalities converge to f² and the
    loadings to f (Horst 1965: the fixed point of the iteration)?"""
    f = np.array([0.8, 0.7, 0.6, 0.5, 0.4, 0.75])
    result = horst55(_one_factor_matrix(f), 1, 30, convergence=1e-10, max_iterations=10_000)
    np.testing.assert_allclose(result.loadings[:, 0], f, atol=1e-8)
    np.testing.assert_allclose(result.diagnostics["communality_estimates"], f**2, atol=1e-8)
    two = np.column_stack([f, [0.3, -0.4, 0.5, -0.2, 0.6, 0.1]])
    r = two @ two.T
    np.fill_diagonal(r, 1.0)
    result = horst55(r, 2, 30, convergence=1e-10, max_iterations=10_000)
    fitted = result.loadings @ result.loadings.T
    np.testing.assert_allclose(fitted, two @ two.T, atol=1e-7)  # the two-factor structure


def test_brown_recovers_a_single_factor():
    """On R = f f' off the diagonal, does Brown's iteration settle at f (to its 0.001 tolerance
    on the communalities)?"""
    f = np.array([0.8, 0.7, 0.6, 0.5, 0.4, 0.75])
    result = brown_centroid(_one_factor_matrix(f), 1, 30)
    np.testing.assert_allclose(result.loadings[:, 0], f, atol=2e-3)


def test_exact_tie_is_recorded_and_the_file_order_decides():
    """Where two different sorts (P5, P6) tie exactly for the smallest column sum, do both
    methods record the tied group, and does reversing the file order change the factors?"""
    sorts = read_sorts_csv(SMALL_STUDIES["tie"])[2]
    order = np.arange(len(sorts))[::-1]
    for method in (horst55, brown_centroid):
        first = method(correlation_matrix(sorts), 2, sorts.shape[1])
        assert first.diagnostics["factors"][0]["exact_ties"] == [[4, 5]]
        again = method(correlation_matrix(sorts[order]), 2, sorts.shape[1]).loadings[order]
        signs = np.where(np.sum(first.loadings * again, axis=0) < 0, -1.0, 1.0)
        assert np.abs(first.loadings - again * signs).max() > 0.1


def test_input_validation():
    """Are a non-square matrix and an impossible number of factors refused with a reason?"""
    r, m = _study("lipset")
    for method in (horst55, brown_centroid):
        with pytest.raises(AnalysisError, match="square"):
            method(r[:, :5], 2, m)
        with pytest.raises(AnalysisError, match="out of range"):
            method(r, 10, m)


def test_special_cases():
    """One factor and identical sorts: finite loadings, twins alike. Three sorts: Horst works;
    Brown's communalities never settle there (KADE loops forever), which is reported."""
    r, m = _study("lipset")
    for method in (horst55, brown_centroid):
        single = method(r, 1, m)
        assert single.loadings.shape == (9, 1) and np.all(np.isfinite(single.loadings))
        twins = method(_one_factor_matrix(np.array([0.9, 0.9, 0.5, 0.4])), 1, 20)
        assert twins.loadings[0, 0] == twins.loadings[1, 0]
    three = horst55(r[:3, :3], 2, m)
    assert three.loadings.shape == (3, 2) and np.all(np.isfinite(three.loadings))
    with pytest.raises(ConvergenceError, match="did not settle"):
        brown_centroid(r[:3, :3], 1, m)
