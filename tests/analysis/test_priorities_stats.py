"""The statistics behind "priorities that hold up", tested against scipy.stats and textbooks.

Oracles and tolerances:
- Wilcoxon signed-rank: ``scipy.stats.wilcoxon(..., method="asymptotic")`` for every zero method,
  with and without continuity correction. Same arithmetic, so ``ATOL_EXACT`` (round-off).
- Benjamini-Hochberg: ``scipy.stats.false_discovery_control(p, method="bh")``, ``ATOL_EXACT``.
- t quantile: ``scipy.stats.t.ppf``, relative ``RTOL_T`` (Newton on the incomplete beta).
- t interval: ``scipy.stats.bootstrap(method="BCa")`` (9 999 resamples) at 200 sorts within
  ``ATOL_BCA_200`` grid columns; at 30 sorts the t interval is wider, by ``WIDTH_RATIO_30``;
  coverage by simulation within ``COVERAGE_BAND`` (Monte Carlo sd 0.002 at 24 x 2 000 draws).
- Kendall's W: Siegel & Castellan's (1988) example of 8 statements ranked by 3 judges (no ties)
  and R irr's ``anxiety`` ratings (ties), both as R DescTools' ``KendallW`` documentation prints
  them (7 decimals, ``ATOL_PRINTED``); Friedman's tie-corrected statistic
  (``scipy.stats.friedmanchisquare``) on forced-grid sorts; a hand-worked example with ties.
- Average ranks: ``scipy.stats.rankdata(axis=1)``.
"""

import subprocess
import sys

import numpy as np
import pytest
import scipy.stats as st

from qsort.analysis.concordance import average_ranks, kendall_w
from qsort.analysis.intervals import mean_interval, t_quantile
from qsort.analysis.multiple_testing import benjamini_hochberg
from qsort.analysis.signed_rank import signed_rank_test
from tests.helpers import GRID, planted

ATOL_EXACT = 1e-12
RTOL_T = 1e-9
ATOL_BCA_200 = 0.05
WIDTH_RATIO_30 = (1.0, 1.15)
COVERAGE_BAND = (0.93, 0.97)
ATOL_PRINTED = 5e-8


@pytest.mark.parametrize("zero_method", ["pratt", "wilcox", "zsplit"])
@pytest.mark.parametrize("correction", [False, True])
def test_signed_rank_equals_scipy_wilcoxon(zero_method, correction):
    """Do statistic, z and p equal scipy's normal approximation, zeros and ties included?"""
    x = planted(40)
    x[:5, 3] = 0  # more zeros
    x[:, 7] = np.abs(x[:, 7])  # one-sided sample with many ties
    ours = signed_rank_test(x, 0.0, zero_method=zero_method, correction=correction)
    ref = st.wilcoxon(x, zero_method=zero_method, correction=correction, method="asymptotic")
    np.testing.assert_allclose(ours.pvalue, ref.pvalue, rtol=0, atol=ATOL_EXACT)
    np.testing.assert_allclose(
        np.minimum(ours.r_plus, ours.r_minus), ref.statistic, rtol=0, atol=ATOL_EXACT
    )
    np.testing.assert_allclose(-np.abs(ours.z), ref.zstatistic, rtol=0, atol=ATOL_EXACT)


def test_signed_rank_against_a_half_way_reference_and_direction():
    """A reference between two columns (even grid): no zeros; z > 0 above it, < 0 below."""
    x = np.array([[1, -1], [2, -2], [1, 0], [3, -1], [0, 1], [2, -3]])
    ours = signed_rank_test(x, 0.5)
    ref = st.wilcoxon(x - 0.5, zero_method="pratt", method="asymptotic")
    np.testing.assert_allclose(ours.pvalue, ref.pvalue, rtol=0, atol=ATOL_EXACT)
    assert ours.z[0] > 0 > ours.z[1]
    assert ours.n_zero.tolist() == [0, 0]


def test_signed_rank_special_cases():
    """All at the reference: nothing to test (NaN p); bad zero method: a clear error."""
    result = signed_rank_test(np.zeros((5, 1)), 0.0)
    assert np.isnan(result.pvalue[0]) and result.n_zero[0] == 5
    with pytest.raises(ValueError, match="zero_method"):
        signed_rank_test(np.ones((3, 1)), zero_method="drop")


def test_benjamini_hochberg_equals_scipy():
    p = np.random.default_rng(2).random((5, 30)) ** 3
    expected = st.false_discovery_control(p, axis=-1, method="bh")
    np.testing.assert_allclose(benjamini_hochberg(p), expected, rtol=0, atol=ATOL_EXACT)


def test_benjamini_hochberg_leaves_untested_out_and_refuses_bad_input():
    p = np.array([0.01, np.nan, 0.04, 0.03])
    expected = st.false_discovery_control([0.01, 0.04, 0.03], method="bh")
    q = benjamini_hochberg(p)
    assert np.isnan(q[1])
    np.testing.assert_allclose(q[[0, 2, 3]], expected, rtol=0, atol=ATOL_EXACT)
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg([0.5, 1.5])


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 9, 10, 29, 30, 99, 299, 999, 1000, 99_999, 1e6])
def test_t_quantile_equals_scipy(df):
    for probability in (0.6, 0.9, 0.975, 0.995, 0.9995, 0.025):
        expected = st.t.ppf(probability, df)
        assert t_quantile(probability, df) == pytest.approx(expected, rel=RTOL_T, abs=1e-10)


def test_t_quantile_refuses_impossible_arguments():
    with pytest.raises(ValueError, match="probability"):
        t_quantile(1.0, 5)
    with pytest.raises(ValueError, match="df"):
        t_quantile(0.9, 0)


def test_t_interval_against_scipy_bootstrap():
    """Close to BCa at 200 sorts; at 30 sorts a little wider (BCa is too narrow there)."""
    for n, check in ((200, "close"), (30, "wider")):
        x = planted(n)
        low, high = mean_interval(x.mean(axis=0), x.std(axis=0, ddof=1), n)
        bca = st.bootstrap(
            (x,), np.mean, axis=0, n_resamples=9999, method="BCa", random_state=1
        ).confidence_interval
        if check == "close":
            np.testing.assert_allclose(low, bca.low, rtol=0, atol=ATOL_BCA_200)
            np.testing.assert_allclose(high, bca.high, rtol=0, atol=ATOL_BCA_200)
        else:
            ratio = (high - low) / (bca.high - bca.low)
            assert WIDTH_RATIO_30[0] <= ratio.min() and ratio.max() <= WIDTH_RATIO_30[1]


@pytest.mark.parametrize("n", [10, 30])
def test_t_interval_covers_the_mean_95_percent_of_the_time(n):
    """Simulated rooms drawn from the statements of a large planted study."""
    population = planted(3000)
    rng = np.random.default_rng(n)
    for j in range(population.shape[1]):
        column = population[:, j]
        x = rng.choice(column, size=(2000, n))
        low, high = mean_interval(x.mean(axis=1), x.std(axis=1, ddof=1), n)
        covered = np.mean((low <= column.mean()) & (column.mean() <= high))
        assert COVERAGE_BAND[0] <= covered <= COVERAGE_BAND[1], (j, covered)


def test_mean_interval_needs_two_sorts():
    low, high = mean_interval(np.array([1.0, 2.0]), np.array([0.5, 0.5]), np.array([1, 2]))
    assert np.isnan(low[0]) and np.isnan(high[0]) and low[1] < 2.0 < high[1]


def test_kendall_w_siegel_castellan_example_without_ties():
    """Siegel & Castellan (1988): 3 judges rank 8 statements; W = 0.6560847, chi2 = 13.778."""
    ranks = np.array([[5, 6, 7, 1, 2, 4, 3, 8], [1, 7, 6, 2, 3, 5, 4, 8], [4, 5, 1, 3, 2, 7, 6, 8]])
    result = kendall_w(ranks)
    assert result.w == pytest.approx(0.6560847, abs=ATOL_PRINTED)
    assert result.chi2 == pytest.approx(13.778, abs=5e-4) and result.df == 7


def test_kendall_w_with_ties_irr_anxiety():
    """irr's anxiety ratings (20 subjects, 3 raters, many ties): corrected W = 0.5396569."""
    anxiety = np.array(
        [
            [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
            [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
            [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
        ]
    )
    result = kendall_w(anxiety)
    assert result.w == pytest.approx(0.5396569, abs=ATOL_PRINTED)
    assert result.chi2 == pytest.approx(30.76, abs=5e-3)


def test_kendall_w_by_hand_with_ties():
    """Three sorts of four statements on the grid -1, 0, 0, +1 (one tie of two per sort).

    Average ranks: value -1 -> 1, 0 -> 2.5, +1 -> 4. Rank sums R = (12, 6, 6, 6); the mean
    rank sum is 3 x 5 / 2 = 7.5, so S = 4.5² + 3 x 1.5² = 27. Each sort has one tie of two,
    T = 2³ - 2 = 6, so the three sorts give 18. W = 12 x 27 / (3² x (4³ - 4) - 3 x 18)
    = 324 / 486 = 2/3 (without the correction it would be 324 / 540 = 0.6).
    """
    sorts = np.array([[1, 0, 0, -1], [1, 0, -1, 0], [1, -1, 0, 0]])
    assert kendall_w(sorts).w == pytest.approx(2 / 3, abs=ATOL_EXACT)


def test_kendall_w_equals_friedman_on_forced_grid_sorts():
    """W = chi2_Friedman / (m (n - 1)) with scipy's tie correction, on 30 forced-grid sorts."""
    x = planted(30)
    friedman = st.friedmanchisquare(*x.T).statistic
    assert kendall_w(x).w == pytest.approx(friedman / (30 * 23), abs=ATOL_EXACT)


def test_average_ranks_equal_scipy_rankdata():
    for x in (planted(20), np.random.default_rng(3).integers(0, 4, size=(6, 9))):
        np.testing.assert_allclose(average_ranks(x), st.rankdata(x, axis=1), rtol=0, atol=0)


def test_kendall_w_special_cases():
    """Full agreement gives 1; a single sort gives no W."""
    same = np.tile(GRID, (5, 1))
    assert kendall_w(same).w == pytest.approx(1.0, abs=ATOL_EXACT)
    assert kendall_w(GRID[None, :]).w is None


def test_statistics_modules_do_not_import_scipy():
    """The new steps need only NumPy and the standard library (issue 18's start-up budget).

    The package's ``__init__`` is bypassed (it still imports the varimax of factor-analyzer,
    which another change replaces), so only these modules and what they import are loaded.
    """
    code = (
        "import sys, types, pathlib, qsort; "
        "package = types.ModuleType('qsort.analysis'); "
        "package.__path__ = [str(pathlib.Path(qsort.__file__).parent / 'analysis')]; "
        "sys.modules['qsort.analysis'] = package; "
        "import qsort.analysis.priorities, qsort.analysis.crib_sheets, qsort.analysis.quality; "
        "print(any(m == 'scipy' or m.startswith('scipy.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
