"""Which factor of one solution is which factor of another: the one matcher of qsort.

Factor order and sign are not fixed by the mathematics, so comparing two solutions of the same
sorts (a bootstrap resample with the original, qsort's conventions with qmethod's, a result
with a reference fixture) first pairs their factors. The pairing is one-to-one and maximises
the summed absolute correlation of the paired columns: the linear assignment problem, solved
by :func:`scipy.optimize.linear_sum_assignment` (Crouse 2016 [1]_). A greedy "best match per
factor" can give two factors the same partner; this cannot.

References
----------
.. [1] Crouse, D. F. (2016). On implementing 2D rectangular assignment algorithms. IEEE
       Transactions on Aerospace and Electronic Systems 52(4), 1679-1696.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment


@dataclass(frozen=True)
class FactorMatch:
    """``order[f]`` is the column of the other solution paired with factor ``f`` of the
    reference, ``signs[f]`` (+1 or -1) turns it the same way and ``similarity[f]`` is the
    absolute correlation of the pair; ``correlations`` is the whole (k_ref, k_other) matrix."""

    order: np.ndarray
    signs: np.ndarray
    similarity: np.ndarray
    correlations: np.ndarray

    def aligned(self, other: np.ndarray) -> np.ndarray:
        """``other``'s columns reordered and turned to line up with the reference."""
        return np.asarray(other, dtype=float)[:, self.order] * self.signs


def column_correlations(reference: np.ndarray, other: np.ndarray) -> np.ndarray:
    r"""Pearson correlation of every column of ``reference`` with every column of ``other``.

    Parameters
    ----------
    reference, other : ndarray, shape (n, k_ref) and (n, k_other)
        Rows are the same statements or sorts. A column without variance, or with no values
        (NaN: a factor without scores), correlates 0 with everything.

    Returns
    -------
    ndarray, shape (k_ref, k_other)
        :math:`r_{ij} = \sum_n a_{ni} b_{nj} / (n - 1)` of the standardised columns.
    """
    a, b = _standardised(reference), _standardised(other)
    r = (a.T @ b) / (a.shape[0] - 1)
    return np.nan_to_num(r, nan=0.0, posinf=0.0, neginf=0.0)


def match_factors(reference: np.ndarray, other: np.ndarray) -> FactorMatch:
    """Pair each factor (column) of ``reference`` with a distinct factor of ``other``.

    Parameters
    ----------
    reference, other : ndarray, shape (n, k_ref) and (n, k_other), k_other >= k_ref
        Loadings (n = sorts) or z-scores (n = statements) of two solutions.

    Returns
    -------
    FactorMatch
        ``other[:, order] * signs`` lines up with ``reference``.
    """
    reference, other = np.atleast_2d(reference), np.atleast_2d(other)
    if reference.shape[0] != other.shape[0] or other.shape[1] < reference.shape[1]:
        raise ValueError(
            f"factor matching: {reference.shape} cannot be matched one-to-one with {other.shape}"
        )
    r = column_correlations(reference, other)
    rows, cols = linear_sum_assignment(-np.abs(r))
    order = np.empty(reference.shape[1], dtype=np.int64)
    order[rows] = cols
    chosen = r[np.arange(reference.shape[1]), order]
    return FactorMatch(order, np.where(chosen < 0, -1.0, 1.0), np.abs(chosen), r)


def matched_pairs(
    earlier: np.ndarray, later: np.ndarray, threshold: float
) -> dict[int, tuple[int, float]]:
    """The one-to-one pairs of :func:`match_factors` between two solutions of any sizes whose
    absolute correlation is at least ``threshold``.

    Parameters
    ----------
    earlier, later : ndarray, shape (n, k_earlier) and (n, k_later)
        Loadings or z-scores of two solutions over the same rows, either with more factors.
    threshold : float
        The smallest absolute correlation of a pair.

    Returns
    -------
    dict
        ``{later factor: (earlier factor, r)}``, 0-based, ``r`` with its sign, so the same
        factor (r > 0) and its mirror image (r < 0) can be told apart. A factor without a
        partner above ``threshold`` is left out.
    """
    earlier, later = np.atleast_2d(earlier), np.atleast_2d(later)
    if earlier.shape[0] != later.shape[0]:
        raise ValueError(f"factor matching: {earlier.shape[0]} rows against {later.shape[0]}")
    if 0 in earlier.shape or 0 in later.shape:
        return {}
    if earlier.shape[1] <= later.shape[1]:
        found = match_factors(earlier, later)
        pairs = [(i, int(j)) for i, j in enumerate(found.order)]
        r = found.correlations
    else:
        found = match_factors(later, earlier)
        pairs = [(int(i), j) for j, i in enumerate(found.order)]
        r = found.correlations.T
    return {j: (i, float(r[i, j])) for i, j in pairs if abs(r[i, j]) >= threshold}


def _standardised(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    values = np.where(np.isnan(values), 0.0, values)
    centred = values - values.mean(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return centred / np.std(centred, axis=0, ddof=1)
