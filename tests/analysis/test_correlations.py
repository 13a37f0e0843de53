"""The correlations of an analysis, built only when used (qsort/analysis/correlation.py).

Expected values: :func:`correlation_matrix` itself, bit for bit (``SortCorrelations`` must give
the very matrix and the very pairs it gives), on R's path (up to 500 sorts) and BLAS's, on the
clinic grid (integer deviations: one shared variance) and a grid with a fractional mean; with
pairs planted exactly at r = 0.95 (five swaps of neighbouring columns on the clinic grid:
squared distance 10, r = 1 - 10 / 200), where rounding decides.
"""

import numpy as np
import pytest

from qsort.analysis import analyse
from qsort.analysis import correlation as correlation_module
from qsort.analysis.correlation import SortCorrelations, correlation_matrix, pairs_above
from qsort.analysis.quality import quality_notes
from tests.helpers import GRID, planted

ASYMMETRIC = np.repeat(np.arange(1, 10), [1, 2, 3, 5, 5, 4, 2, 1, 1])  # mean 4.875
ONE_TO_NINE = np.repeat(np.arange(1, 10), [1, 2, 3, 4, 4, 4, 3, 2, 1])  # mean 5: integer deviations


def _with_near_copies(sorts: np.ndarray, swaps: int, copies: int, seed: int = 3) -> np.ndarray:
    """``sorts`` plus ``copies`` near-copies of its rows, each with ``swaps`` swaps of two cards
    one column apart (each swap adds 2 to the squared distance)."""
    rng = np.random.default_rng(seed)
    extra = []
    for i in rng.choice(sorts.shape[0], copies, replace=False):
        row = sorts[i].copy()
        done = set()
        while len(done) < 2 * swaps:
            a, b = rng.choice(row.size, 2, replace=False)
            if abs(row[a] - row[b]) == 1 and a not in done and b not in done:
                row[a], row[b] = row[b], row[a]
                done |= {a, b}
        extra.append(row)
    return np.vstack([sorts, np.array(extra)])


@pytest.mark.parametrize("n_sorts", [40, 700])
@pytest.mark.parametrize(
    "grid", [GRID, ONE_TO_NINE, ASYMMETRIC], ids=["clinic", "one-to-nine", "asymmetric"]
)
def test_the_matrix_and_the_pairs_are_correlation_matrix_s(n_sorts, grid):
    sorts = _with_near_copies(planted(n_sorts, grid=grid), swaps=5, copies=12)
    expected = correlation_matrix(sorts)
    for threshold in (0.95, 0.9, 0.5):
        first, second, r = SortCorrelations(sorts).pairs_above(threshold)
        want_first, want_second = pairs_above(expected, threshold)
        np.testing.assert_array_equal(first, want_first)
        np.testing.assert_array_equal(second, want_second)
        np.testing.assert_array_equal(r, expected[want_first, want_second])
    lazy = SortCorrelations(sorts)
    np.testing.assert_array_equal(lazy.matrix, expected)
    again = lazy.pairs_above(0.95)  # from the matrix now
    np.testing.assert_array_equal(again[2], expected[pairs_above(expected, 0.95)])


def test_pairs_exactly_at_the_threshold_are_decided_as_the_matrix_decides():
    sorts = _with_near_copies(planted(600), swaps=5, copies=20)
    expected = correlation_matrix(sorts)
    at_threshold = np.abs(expected - 0.95) < 1e-12
    assert at_threshold.any()  # the planted pairs sit on r = 0.95
    first, second, _ = SortCorrelations(sorts).pairs_above(0.95)
    np.testing.assert_array_equal(np.c_[first, second], np.c_[pairs_above(expected, 0.95)])


def test_an_analysis_builds_the_matrix_only_when_asked(monkeypatch):
    """PCA of 700 sorts: the near-identical check runs on cross-products; reading
    ``result.correlation`` (or the JSON document) normalises the matrix once."""
    built = []
    normalise = correlation_module._normalise
    monkeypatch.setattr(
        correlation_module, "_normalise", lambda *a: built.append(1) or normalise(*a)
    )
    sorts = _with_near_copies(planted(700), swaps=1, copies=5)
    result = analyse(sorts, 3)
    assert built == [] and result.quality.n_near_identical >= 5
    assert result.as_dict(with_correlation=False)["correlation"] is None and built == []
    np.testing.assert_array_equal(result.correlation, correlation_matrix(sorts))
    assert len(result.as_dict()["correlation"]) == sorts.shape[0]
    assert built == [1, 1]  # once for the analysis' matrix, once for correlation_matrix above


@pytest.mark.parametrize("n_sorts", [300, 1500])
def test_integer_deviations_need_no_n_by_n_array(n_sorts, monkeypatch):
    """On a grid symmetric about an integer the near-identical check multiplies the sorts a
    block of rows at a time: the N x N cross-products are never made."""
    sorts = _with_near_copies(planted(n_sorts), swaps=2, copies=10)
    expected = correlation_matrix(sorts)

    def refuse(_sorts):
        raise AssertionError("the N x N cross-products were made")

    monkeypatch.setattr(correlation_module, "cross_products", refuse)
    first, second, r = SortCorrelations(sorts).pairs_above(0.9)
    np.testing.assert_array_equal(np.c_[first, second], np.c_[pairs_above(expected, 0.9)])
    np.testing.assert_array_equal(r, expected[first, second])
    assert analyse(sorts, 3).quality.n_near_identical >= 10


def test_quality_notes_agree_whichever_form_the_correlations_take():
    sorts = _with_near_copies(planted(300), swaps=2, copies=8)
    flags = np.ones((sorts.shape[0], 1), bool)
    names = [f"s{i}" for i in range(sorts.shape[0])]
    lazy = quality_notes(sorts, flags, names, correlation=SortCorrelations(sorts))
    dense = quality_notes(sorts, flags, names, correlation=correlation_matrix(sorts))
    assert lazy == dense and lazy.n_near_identical >= 8


def test_a_threshold_must_be_positive():
    with pytest.raises(ValueError, match="must be positive"):
        SortCorrelations(planted(10)).pairs_above(0.0)
