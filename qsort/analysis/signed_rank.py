r"""Wilcoxon's signed-rank test of each statement against a reference value, from counts.

Grid values are a handful of integers, so every statement's sample is summarised exactly by how
many sorts put it at each value. The test is computed from those counts: memory and time are
O(N x M) to build them and O(M x K) afterwards (K distinct offsets), never a per-statement sort
of N values, which keeps it instant at 100 000 sorts.

With offsets :math:`d = x - x_0` ranked by :math:`|d|` (average ranks for ties),

.. math::

    R^+ = \sum_{d_i > 0} r_i, \qquad
    \mu = \frac{n(n+1)}{4}, \qquad
    \sigma^2 = \frac{n(n+1)(2n+1)}{24} - \frac{\sum_t (t^3 - t)}{48}, \qquad
    z = \frac{R^+ - \mu}{\sigma}

and the two-sided p-value :math:`2\,(1 - \Phi(|z|)) = \operatorname{erfc}(|z| / \sqrt 2)`
(normal approximation; Wilcoxon [1]_). Zeros (sorts that put the statement exactly at the
reference) are handled as ``scipy.stats.wilcoxon`` does:

- ``"wilcox"``: dropped before ranking (Wilcoxon [1]_);
- ``"pratt"``: ranked with the others, then their ranks are dropped, with :math:`\mu` and
  :math:`\sigma^2` reduced by the zeros' own terms and the zeros left out of the tie correction
  (Pratt [2]_; Cureton [3]_). The default here: a card in the neutral column is information;
- ``"zsplit"``: ranked with the others, half their rank sum added to each of :math:`R^\pm`.

``correction=True`` applies the continuity correction :math:`z - \operatorname{sign}(z) \cdot
0.5 / \sigma`.

scipy.stats is the test oracle rather than the runtime dependency: importing it costs about
0.65 s, more than the whole ``qsort analyse`` budget for 100 sorts (issue 18), and its
per-sample ranking would be O(N log N) per statement. ``tests/analysis/test_priorities_stats.py``
checks this module against ``scipy.stats.wilcoxon(..., method="asymptotic")`` for every zero
method, with and without the continuity correction.

References
----------
.. [1] Wilcoxon, F. (1945). Individual comparisons by ranking methods. *Biometrics Bulletin*,
   1(6), 80-83. https://doi.org/10.2307/3001968
.. [2] Pratt, J. W. (1959). Remarks on zeros and ties in the Wilcoxon signed rank procedures.
   *Journal of the American Statistical Association*, 54(287), 655-667.
   https://doi.org/10.1080/01621459.1959.10501526
.. [3] Cureton, E. E. (1967). The normal approximation to the signed-rank sampling distribution
   when zero differences are present. *Journal of the American Statistical Association*,
   62(319), 1068-1069. https://doi.org/10.1080/01621459.1967.10500917
"""

import math
from dataclasses import dataclass

import numpy as np

ZERO_METHODS = ("pratt", "wilcox", "zsplit")


@dataclass(frozen=True)
class SignedRankResult:
    """Per-sample results, shaped like the counts without their last axis.

    ``z`` is signed: positive when the sample lies above the reference. ``pvalue`` is two-sided
    and NaN when no sort placed the statement off the reference (nothing to test).
    """

    r_plus: np.ndarray
    r_minus: np.ndarray
    z: np.ndarray
    pvalue: np.ndarray
    n_nonzero: np.ndarray
    n_zero: np.ndarray


def signed_rank_from_counts(
    offsets: np.ndarray,
    counts: np.ndarray,
    *,
    zero_method: str = "pratt",
    correction: bool = False,
) -> SignedRankResult:
    """The signed-rank test of samples given as counts per distinct offset.

    Parameters
    ----------
    offsets : ndarray, shape (K,)
        The distinct values of :math:`x - x_0`, ascending.
    counts : ndarray of int, shape (..., K)
        ``counts[..., k]`` sorts of a sample lie at ``offsets[k]``.
    zero_method : {"pratt", "wilcox", "zsplit"}
        What happens to the zeros (module docstring).
    correction : bool
        Continuity correction of the normal approximation.

    Returns
    -------
    SignedRankResult
        :math:`R^\\pm`, z, the two-sided p-value and the counts of non-zero and zero offsets,
        each of shape ``counts.shape[:-1]``.

    Raises
    ------
    ValueError
        For an unknown ``zero_method``.
    """
    if zero_method not in ZERO_METHODS:
        raise ValueError(f"signed-rank test: zero_method must be one of {', '.join(ZERO_METHODS)}")
    offsets = np.asarray(offsets, dtype=float)
    counts = np.asarray(counts, dtype=float)
    magnitude, group = np.unique(np.abs(offsets), return_inverse=True)
    has_zero = magnitude.size > 0 and magnitude[0] == 0
    one_hot = np.zeros((offsets.size, magnitude.size))
    one_hot[np.arange(offsets.size), group] = 1.0
    positive = (counts * (offsets > 0)) @ one_hot  # (..., U) counts by |d|, d > 0
    negative = (counts * (offsets < 0)) @ one_hot
    tied = positive + negative  # zeros sit in column 0 of neither
    n_zero = counts[..., offsets == 0].sum(axis=-1)
    if has_zero:
        tied[..., 0] = n_zero
    return _statistic(positive, negative, tied, n_zero, has_zero, zero_method, correction)


def signed_rank_test(
    x: np.ndarray,
    reference: float = 0.0,
    *,
    zero_method: str = "pratt",
    correction: bool = False,
) -> SignedRankResult:
    """The signed-rank test of each column of ``x`` against ``reference``.

    Parameters
    ----------
    x : array_like, shape (n, m) or (n,)
        m samples of n values each (one sample for a 1-D array).
    reference : float
        The value :math:`x_0` tested against.
    zero_method : {"pratt", "wilcox", "zsplit"}
        What happens to values equal to ``reference`` (module docstring).
    correction : bool
        Continuity correction of the normal approximation.

    Returns
    -------
    SignedRankResult
        One entry per column, as :func:`signed_rank_from_counts` gives it.
    """
    values = np.asarray(x, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    offsets, index = np.unique(values - reference, return_inverse=True)
    index = index.reshape(values.shape)
    columns = np.arange(values.shape[1])[None, :]
    counts = np.bincount(
        (columns * offsets.size + index).ravel(), minlength=values.shape[1] * offsets.size
    ).reshape(values.shape[1], offsets.size)
    return signed_rank_from_counts(offsets, counts, zero_method=zero_method, correction=correction)


def _statistic(positive, negative, tied, n_zero, has_zero, zero_method, correction):
    """R+, z and p from counts by |d| (column 0 holds the zeros when ``has_zero``)."""
    if has_zero and zero_method == "wilcox":
        positive, negative, tied = positive[..., 1:], negative[..., 1:], tied[..., 1:]
    below = np.cumsum(tied, axis=-1) - tied  # items with a smaller |d|
    average_rank = below + (tied + 1.0) / 2.0
    r_plus = (positive * average_rank).sum(axis=-1)
    r_minus = (negative * average_rank).sum(axis=-1)
    n = tied.sum(axis=-1)
    mean = n * (n + 1.0) / 4.0
    variance24 = n * (n + 1.0) * (2.0 * n + 1.0)
    ties = tied**3 - tied
    if has_zero and zero_method == "zsplit":
        zero_ranks = n_zero * (n_zero + 1.0) / 2.0
        r_plus, r_minus = r_plus + zero_ranks / 2.0, r_minus + zero_ranks / 2.0
    if has_zero and zero_method == "pratt":  # [2], [3]
        mean = mean - n_zero * (n_zero + 1.0) / 4.0
        variance24 = variance24 - n_zero * (n_zero + 1.0) * (2.0 * n_zero + 1.0)
        ties = ties[..., 1:]
    se = np.sqrt(np.maximum(variance24 - ties.sum(axis=-1) / 2.0, 0.0) / 24.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(se > 0, (r_plus - mean) / se, np.nan)
        if correction:
            z = z - np.sign(z) * 0.5 / se
    return SignedRankResult(
        r_plus=r_plus,
        r_minus=r_minus,
        z=z,
        pvalue=two_sided_normal_p(z),
        n_nonzero=n - (n_zero if has_zero and zero_method != "wilcox" else 0),
        n_zero=n_zero,
    )


def two_sided_normal_p(z: np.ndarray) -> np.ndarray:
    r""":math:`2(1 - \Phi(|z|))` via the complementary error function; NaN stays NaN.

    Parameters
    ----------
    z : array_like
        Standard normal deviates.

    Returns
    -------
    ndarray, shape of ``z``
        Two-sided p-values.
    """
    flat = np.asarray(z, dtype=float).ravel()
    p = np.array([math.erfc(abs(v) / math.sqrt(2.0)) if v == v else math.nan for v in flat])
    return p.reshape(np.shape(z))
