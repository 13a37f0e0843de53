"""The three varimax algorithms: R's in NumPy, carried to the optimum, and PQMethod's.

Expected values:
- R's ``stats::varimax``: factor-analyzer 0.5's ``Rotator`` (the same iteration, run with R's
  settings) on loadings of the committed studies and random matrices, to 1e-12.
- Optimum: the criterion's maximum found by a dense search over angles (two factors) and the
  planar optimality condition (every pair of factors at the top of its angle curve).
- PQMethod: its own rotation of its own unrotated loadings in ``shared/studies/uhh_keyneson``
  (UHH.UNR -> UHH.ROT, 5 printed decimals; skipped when the folder is absent), and KADE's
  varimax of KADE's Horst 5.5 loadings on committed studies (tests/fixtures/pqmethod, made by
  ``kade_reference.mjs``).
"""

import numpy as np
import pytest
from factor_analyzer.rotator import Rotator

from qsort.analysis import AnalysisError
from qsort.analysis.centroid_pqmethod import horst55
from qsort.analysis.correlation import correlation_matrix
from qsort.analysis.extraction import centroid, principal_components
from qsort.analysis.rotation import sign_by_signed_squares
from qsort.analysis.varimax import varimax_criterion, varimax_r
from qsort.analysis.varimax_planar import (
    PQMETHOD_SKIP_TAN,
    planar_terms,
    varimax_optimum,
    varimax_pqmethod,
)
from tests.analysis.pqmethod_files import KADE_CASES, SMALL_STUDIES, UHH, read_loadings
from tests.helpers import FIXTURES, align_factors, load_expected, read_sorts_csv

ATOL_ORACLE = 1e-12  # the same iteration in the same arithmetic
ATOL_PRINTED = 5e-6 + 1e-12  # PQMethod prints 5 decimals
#: KADE rounds to 8 decimals at every step and prints 5: two factors agree to 1.5e-5.
ATOL_KADE_TWO = 1.5e-5
#: With more factors Kaiser's skip band (|tan 4 phi| < 0.00116 leaves a pair unturned) lets two
#: implementations that round differently stop at different points of the band.
ATOL_KADE_BAND = 5e-4

LIPSET = read_sorts_csv(FIXTURES / "lipset" / "sorts.csv")[2]


def _matrices():
    rng = np.random.default_rng(5)
    yield "lipset-pca-2", principal_components(LIPSET, 2).loadings
    yield "lipset-pca-5", principal_components(LIPSET, 5).loadings
    yield "lipset-centroid-3", centroid(LIPSET, 3).loadings
    for name, path in SMALL_STUDIES.items():
        yield f"{name}-pca-3", principal_components(read_sorts_csv(path)[2], 3).loadings
    yield "random-50x4", rng.uniform(-1, 1, (50, 4))
    yield "random-500x6", rng.standard_normal((500, 6)) * 0.4


MATRICES = dict(_matrices())


@pytest.mark.parametrize("name", MATRICES)
def test_r_algorithm_equals_factor_analyzer(name):
    """Does the NumPy port of R's varimax give factor-analyzer's Rotator result to 1e-12?"""
    loadings = MATRICES[name]
    expected = Rotator(method="varimax", normalize=True, max_iter=1000, tol=1e-5).fit_transform(
        loadings
    )
    actual, iterations = varimax_r(loadings)
    np.testing.assert_allclose(actual, expected, rtol=0, atol=ATOL_ORACLE)
    assert 1 <= iterations <= 1000


def _best_angle(loadings: np.ndarray) -> float:
    """The angle (radians) of the largest criterion for two factors, by a dense search."""

    def turned(t):
        c, s = np.cos(t), np.sin(t)
        return loadings @ np.array([[c, -s], [s, c]])

    grid = np.linspace(-np.pi / 4, np.pi / 4, 20001)
    best = grid[np.argmax([varimax_criterion(turned(t)) for t in grid])]
    fine = np.linspace(best - 1e-4, best + 1e-4, 2001)
    return float(fine[np.argmax([varimax_criterion(turned(t)) for t in fine])])


@pytest.mark.parametrize(
    "path", [SMALL_STUDIES["asym"], SMALL_STUDIES["grid33"]], ids=lambda p: p.stem
)
def test_optimum_reaches_the_maximum_where_r_stops_short(path):
    """With two factors, does the optimum reach the criterion's maximum (to the search's
    resolution) where R's stopping rule leaves a visible gap?"""
    unrotated = principal_components(read_sorts_csv(path)[2], 2).loadings
    optimum, info = varimax_optimum(unrotated)
    r_rotated, _ = varimax_r(unrotated)
    best = varimax_criterion(unrotated @ _turn(_best_angle(unrotated)))
    assert info["converged"] and info["sweeps"] <= 3
    assert varimax_criterion(optimum) >= best - 1e-12
    assert varimax_criterion(optimum) - varimax_criterion(r_rotated) > 1e-6
    order, signs = align_factors(r_rotated, optimum)
    assert np.abs(optimum - r_rotated[:, order] * signs).max() > 1e-3


def _turn(t: float) -> np.ndarray:
    return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])


@pytest.mark.parametrize("name", MATRICES)
def test_optimum_is_stationary_in_every_plane(name):
    """After the optimum varimax, is every pair of factors at the top of its angle curve
    (num = 0, den > 0), is the criterion at least R's, and are communalities kept?"""
    loadings = MATRICES[name]
    rotated, info = varimax_optimum(loadings)
    assert info["converged"]
    normalised = rotated / np.sqrt((rotated**2).sum(axis=1, keepdims=True))
    k = rotated.shape[1]
    for p in range(k - 1):
        for q in range(p + 1, k):
            num, den = planar_terms(normalised[:, p], normalised[:, q])
            assert abs(num) <= 1e-9 * max(1.0, abs(den)) and den > 0, (p, q, num, den)
    assert varimax_criterion(rotated) >= varimax_criterion(varimax_r(loadings)[0]) - 1e-13
    np.testing.assert_allclose((rotated**2).sum(axis=1), (loadings**2).sum(axis=1), atol=1e-12)


@pytest.mark.parametrize("name", MATRICES)
def test_pqmethod_variant_stops_inside_kaisers_skip_band(name):
    """Does PQMethod's varimax stop where no pair is worth turning by Kaiser's rule (every
    |tan 4 phi| below 0.00116, or the sweep cap), with communalities kept?"""
    loadings = MATRICES[name]
    rotated, info = varimax_pqmethod(loadings)
    normalised = rotated / np.sqrt((rotated**2).sum(axis=1, keepdims=True))
    k = rotated.shape[1]
    for p in range(k - 1):
        for q in range(p + 1, k):
            num, den = planar_terms(normalised[:, p], normalised[:, q])
            assert den > 0 and abs(num) < PQMETHOD_SKIP_TAN * den
    assert info["converged"] and info["sweeps"] >= 5
    np.testing.assert_allclose((rotated**2).sum(axis=1), (loadings**2).sum(axis=1), atol=1e-12)


@pytest.mark.skipif(not UHH.exists(), reason="shared/studies/uhh_keyneson is not present")
def test_pqmethod_varimax_reproduces_uhh_rot_from_uhh_unr():
    """From PQMethod's own unrotated loadings (UHH.UNR), do PQMethod's varimax and the optimum
    give UHH.ROT to its 5 printed decimals, where R's varimax is 0.08 off?"""
    unrotated = read_loadings(UHH / "UHH.UNR")
    expected = read_loadings(UHH / "UHH.ROT")
    for rotate in (varimax_pqmethod, varimax_optimum):
        rotated = sign_by_signed_squares(rotate(unrotated)[0])
        np.testing.assert_allclose(rotated, expected, rtol=0, atol=ATOL_PRINTED)
    r_rotated = sign_by_signed_squares(varimax_r(unrotated)[0])
    assert np.abs(r_rotated - expected).max() > 0.08


@pytest.mark.parametrize("path", KADE_CASES, ids=lambda p: p.stem)
def test_pqmethod_varimax_equals_kade(path):
    """Does PQMethod's varimax of KADE's Horst 5.5 loadings equal KADE's own varimax (two
    factors: to its printed decimals; more: within Kaiser's skip band, up to factor order)?"""
    expected = load_expected(path)
    unrotated = np.array(expected["horst55_p001"]["loadings"])
    kade = np.array(expected["varimax_of_horst55_p001"])
    rotated = sign_by_signed_squares(varimax_pqmethod(unrotated)[0])
    if unrotated.shape[1] == 2:
        np.testing.assert_allclose(rotated, kade, rtol=0, atol=ATOL_KADE_TWO)
        return
    order, signs = align_factors(rotated, kade)
    np.testing.assert_allclose(rotated[:, order] * signs, kade, rtol=0, atol=ATOL_KADE_BAND)


def test_input_validation():
    """Is a sort with zero loadings on every factor refused, by every algorithm, naming it?"""
    loadings = np.array([[0.5, 0.1], [0.0, 0.0], [0.2, 0.7]])
    for rotate in (varimax_r, varimax_optimum, varimax_pqmethod):
        with pytest.raises(AnalysisError, match="zero loadings") as caught:
            rotate(loadings)
        assert caught.value.sort_index == 1


def test_special_cases():
    """One factor: unchanged by every algorithm; a simple structure already: left as it is."""
    single = principal_components(LIPSET, 1).loadings
    for rotate in (varimax_optimum, varimax_pqmethod):
        rotated, info = rotate(single)
        np.testing.assert_array_equal(rotated, single)
        assert info["sweeps"] == 0
    rotated, iterations = varimax_r(single)
    np.testing.assert_array_equal(rotated, single)
    assert iterations == 0
    already = np.array([[0.9, 0.0], [0.8, 0.0], [0.0, 0.7], [0.0, 0.6]])
    for rotate in (varimax_optimum, varimax_pqmethod):
        np.testing.assert_allclose(np.abs(rotate(already)[0]), already, atol=1e-12)


def test_horst_loadings_rotate_like_kade_on_lipset():
    """Cross-check of the two references: on Lipset, are our Horst 5.5 factors rotated by our
    PQMethod varimax within the skip band of KADE's whole chain (extraction and rotation)?"""
    expected = load_expected(FIXTURES / "pqmethod" / "lipset-kade-3.json")
    unrotated = horst55(correlation_matrix(LIPSET), 3, LIPSET.shape[1]).loadings
    rotated = sign_by_signed_squares(varimax_pqmethod(unrotated)[0])
    order, signs = align_factors(rotated, np.array(expected["varimax_of_horst55_p001"]))
    np.testing.assert_allclose(
        rotated[:, order] * signs, expected["varimax_of_horst55_p001"], atol=ATOL_KADE_BAND
    )
