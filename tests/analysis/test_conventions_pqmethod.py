"""The ``pqmethod`` conventions: PQMethod 2.35's centroid, varimax, factor order and signs.

Expected values:
- The PQMethod reproduction: ``shared/studies/uhh_keyneson`` is a PQMethod 2.35 project (3 sorts,
  69 statements, Horst 5.5, 2 factors, varimax). Its correlations (UHH.COR), unrotated loadings
  (UHH.UNR) and rotated loadings (UHH.ROT) are compared at their printed 5 decimals; its UHH.LIS
  holds only PQMethod's notice that QANALYZE was suspended (the .STA is not PQMethod's format), so
  PQMethod printed no flags, z-scores or factor arrays to compare. Skipped when absent.
- Always: the composition of the steps tested in test_centroid_pqmethod.py and test_varimax.py,
  in PQMethod's order (extract, round to 5 decimals as its .UNR file does, rotate, sign, round as
  its .ROT file does), on committed studies.
"""

import itertools

import numpy as np
import pytest

from qsort.analysis import AnalysisError, AnalysisOptions, analyse, run_analysis
from qsort.analysis.centroid_pqmethod import brown_centroid, horst55
from qsort.analysis.correlation import correlation_matrix
from qsort.analysis.extraction import principal_components
from qsort.analysis.rotation import sign_by_signed_squares
from qsort.analysis.varimax_planar import varimax_pqmethod
from tests.analysis.pqmethod_files import UHH, read_loadings
from tests.helpers import FIXTURES, read_sorts_csv

ATOL_PRINTED = 5e-6 + 1e-12  # PQMethod's files print 5 decimals
PARTICIPANTS, STATEMENTS, LIPSET = read_sorts_csv(FIXTURES / "lipset" / "sorts.csv")


def _pq(values, k, **kwargs):
    return analyse(values, k, conventions="pqmethod", **kwargs)


@pytest.mark.skipif(not UHH.exists(), reason="shared/studies/uhh_keyneson is absent")
def test_reproduces_pqmethod_uhh_project():
    """Are PQMethod's correlations, Horst 5.5 loadings and varimax loadings of the uhh project
    reproduced to their printed decimals (the loadings digit for digit)?"""
    participants, statements, values = read_sorts_csv(UHH / "sorts.csv")
    result = _pq(values, 2, method="centroid", participants=participants, statements=statements)
    np.testing.assert_allclose(
        result.correlation, read_loadings(UHH / "UHH.COR"), atol=ATOL_PRINTED
    )
    np.testing.assert_array_equal(result.unrotated_loadings, read_loadings(UHH / "UHH.UNR"))
    np.testing.assert_array_equal(result.loadings, read_loadings(UHH / "UHH.ROT"))
    assert result.diagnostics["passes"] == 9
    listing = (UHH / "UHH.LIS").read_bytes().decode("ascii")
    assert "Execute Suspended" in listing and "Factor" not in listing  # nothing more printed


@pytest.mark.skipif(not UHH.exists(), reason="shared/studies/uhh_keyneson is absent")
def test_qsort_and_qmethod_conventions_do_not_reproduce_uhh():
    """The issue's finding: do qmethod's centroid (with either varimax) miss UHH.ROT visibly?"""
    values = read_sorts_csv(UHH / "sorts.csv")[2]
    expected = read_loadings(UHH / "UHH.ROT")
    for conventions in ("qmethod", "qsort"):
        loadings = analyse(values, 2, method="centroid", conventions=conventions).loadings
        closest = min(  # three sorts are too few to match factors by correlation
            np.abs(loadings[:, order] * signs - expected).max()
            for order in ([0, 1], [1, 0])
            for signs in itertools.product((1, -1), repeat=2)
        )
        assert closest > 0.01, conventions


@pytest.mark.parametrize("centroid", ["horst55", "brown"])
def test_centroid_steps_in_pqmethods_order(centroid):
    """Is the pqmethod analysis the centroid, rounded to 5 decimals, PQMethod's varimax, each
    factor signed by its signed squares, rounded again, in extraction order?"""
    extract = horst55 if centroid == "horst55" else brown_centroid
    unrotated = np.round(extract(correlation_matrix(LIPSET), 3, 33).loadings, 5)
    rotated = np.round(sign_by_signed_squares(varimax_pqmethod(unrotated)[0]), 5)
    result = _pq(LIPSET, 3, method="centroid", centroid=centroid)
    np.testing.assert_array_equal(result.unrotated_loadings, unrotated)
    np.testing.assert_array_equal(result.loadings, rotated)
    assert result.settings["centroid"] == centroid
    assert np.all(np.sum(result.loadings * np.abs(result.loadings), axis=0) > 0)


def test_principal_components_signed_and_kept_in_order():
    """PCA under pqmethod: components signed by their signed squares (not the column sum),
    rounded, rotated by PQMethod's varimax, not re-ordered by explained variance."""
    pca = principal_components(LIPSET, 4).loadings
    unrotated = np.round(sign_by_signed_squares(pca), 5)
    rotated = np.round(sign_by_signed_squares(varimax_pqmethod(unrotated)[0]), 5)
    result = _pq(LIPSET, 4)
    np.testing.assert_array_equal(result.unrotated_loadings, unrotated)
    np.testing.assert_array_equal(result.loadings, rotated)
    assert not np.array_equal(np.argsort(-result.explained_variance), np.arange(4))


def test_settings_record_the_choices_and_replay():
    """Does the result record PQMethod's choices, and does replaying its settings reproduce it?"""
    result = _pq(LIPSET, 3, method="centroid", participants=PARTICIPANTS)
    settings = result.settings
    assert settings["varimax_algorithm"] == "pqmethod"
    assert settings["centroid"] == "horst55"
    assert settings["centroid_settings"] == {"convergence": 0.001, "max_iterations": 30}
    assert settings["convention_switches"]["loading_decimals"] == 5
    assert settings["centroid_threshold"] is None
    replayed = run_analysis(LIPSET, AnalysisOptions.from_dict(settings, PARTICIPANTS))
    np.testing.assert_array_equal(replayed.loadings, result.loadings)


def test_rotation_none_keeps_the_rounded_centroid():
    result = _pq(LIPSET, 2, method="centroid", rotation="none")
    np.testing.assert_array_equal(result.loadings, result.unrotated_loadings)
    assert "varimax" not in result.diagnostics


def test_input_validation():
    """Are PQMethod's centroids refused under the other conventions, an unknown centroid refused,
    and too many sorts for the dense matrix refused, each with a reason?"""
    with pytest.raises(AnalysisError, match="need the pqmethod conventions"):
        analyse(LIPSET, 2, method="centroid", conventions="qsort", centroid="horst55")
    with pytest.raises(AnalysisError, match="choose one of horst55, brown"):
        _pq(LIPSET, 2, method="centroid", centroid="tucker")
    many = np.tile(LIPSET, (223, 1))[:2001]
    with pytest.raises(AnalysisError, match="correlation matrix"):
        _pq(many, 2, method="centroid", with_factor_count_aids=False)


def test_special_cases():
    """One factor (left unrotated), a factor without flagged sorts (reported, not refused)."""
    single = _pq(LIPSET, 1, method="centroid")
    np.testing.assert_array_equal(single.loadings, single.unrotated_loadings)
    trailing = read_sorts_csv(FIXTURES / "qmethod" / "trailing.csv")[2]
    result = _pq(trailing, 4, method="centroid")
    assert (result.n_defining == 0).any()
