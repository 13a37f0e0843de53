r"""Kendall's coefficient of concordance W [1]_: how much the room agrees on the order of statements.

Each of the m sorts ranks the n statements (tied grid values get their average rank). With
:math:`R_j` the rank sum of statement j over the sorts,

.. math::

    S = \sum_j \left(R_j - \frac{m(n+1)}{2}\right)^2, \qquad
    W = \frac{12 S}{m^2 (n^3 - n) - m \sum_i T_i}, \qquad
    T_i = \sum_{g} (t_g^3 - t_g)

where :math:`t_g` runs over the sizes of the groups of tied values in sort i (the tie
correction; Siegel & Castellan [2]_, ch. 9). W = 1 when every sort orders the statements
alike, W near 0 when the orders are unrelated. On a forced grid every sort has the same ties:
the grid's column heights. :math:`\chi^2 = m(n - 1) W` with n - 1 degrees of freedom is the
large-sample test statistic (equal to Friedman's tie-corrected statistic).

Ranks on a forced grid come from one look-up table (the average rank of each grid value), so W
costs O(N x M) however many sorts there are. scipy (``rankdata``, ``friedmanchisquare``) is the
test oracle, not a runtime dependency; see :mod:`qsort.analysis.signed_rank`. R's irr [3]_
computes the same tie-corrected W.

References
----------
.. [1] Kendall, M. G., & Babington Smith, B. (1939). The problem of m rankings. *The Annals of
   Mathematical Statistics*, 10(3), 275-287. https://doi.org/10.1214/aoms/1177732186
.. [2] Siegel, S., & Castellan, N. J. (1988). *Nonparametric Statistics for the Behavioral
   Sciences* (2nd ed.). New York: McGraw-Hill. Ch. 9, the Kendall coefficient of concordance W and its
   correction for ties. The tests pin the formula to this book's worked example of eight
   statements ranked by three judges, as R DescTools' ``KendallW`` documentation reproduces it
   (W = 0.6560847), and to R irr's ``anxiety`` ratings, which carry ties (W = 0.5396569).
.. [3] Gamer, M., Lemon, J., Fellows, I., & Singh, P. (2019). irr: Various Coefficients of
   Interrater Reliability and Agreement, R package 0.84.1 (``kendall(..., correct = TRUE)``).
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Concordance:
    w: float | None
    chi2: float | None
    df: int
    n_sorts: int

    def as_dict(self) -> dict[str, object]:
        return {"w": self.w, "chi2": self.chi2, "df": self.df, "n_sorts": self.n_sorts}


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n within each row (average ranks for ties), like ``scipy.stats.rankdata``.

    When every row holds the same multiset of values (a forced grid), one look-up table serves
    all rows; otherwise each row is ranked on its own.

    Parameters
    ----------
    values : array_like, shape (m, n) or (n,)
        Rows to rank (a 1-D array is one row).

    Returns
    -------
    ndarray of float, same shape as ``values``
        Rank of each entry within its row.
    """
    x = np.asarray(values, dtype=float)
    if x.ndim == 1:
        return average_ranks(x[None, :])[0]
    reference = np.sort(x[0])
    if np.array_equal(np.sort(x, axis=1), np.broadcast_to(reference, x.shape)):
        return _lookup_ranks(x, reference)
    return np.vstack([_lookup_ranks(row[None, :], np.sort(row)) for row in x])


def kendall_w(values: np.ndarray) -> Concordance:
    r"""W of the rows of ``values``, corrected for ties (module docstring).

    Parameters
    ----------
    values : array_like, shape (m, n)
        Each of m sorts' values for the n statements.

    Returns
    -------
    Concordance
        W, :math:`\chi^2 = m(n - 1) W`, its degrees of freedom n - 1 and m; W and
        :math:`\chi^2` are None for fewer than two sorts or two statements.
    """
    x = np.asarray(values, dtype=float)
    m, n = x.shape
    if m < 2 or n < 2:
        return Concordance(w=None, chi2=None, df=max(n - 1, 0), n_sorts=m)
    rank_sums = average_ranks(x).sum(axis=0)
    return kendall_w_from_rank_sums(rank_sums, m, _tie_total(x))


def kendall_w_from_rank_sums(rank_sums: np.ndarray, m: int, tie_total: float) -> Concordance:
    """W from the statements' rank sums over m sorts and :math:`\\sum_i T_i` (see module).

    Parameters
    ----------
    rank_sums : ndarray, shape (n,)
        Rank sum :math:`R_j` of each statement.
    m : int
        Number of sorts.
    tie_total : float
        :math:`\\sum_i T_i` over the sorts.

    Returns
    -------
    Concordance
        W and :math:`\\chi^2` are None for fewer than two sorts or a zero denominator.
    """
    n = rank_sums.size
    s = float(((rank_sums - m * (n + 1) / 2.0) ** 2).sum())
    denominator = m * m * (n**3 - n) - m * tie_total  # [2] with ties
    if m < 2 or denominator <= 0:
        return Concordance(w=None, chi2=None, df=n - 1, n_sorts=m)
    w = 12.0 * s / denominator
    return Concordance(w=w, chi2=m * (n - 1) * w, df=n - 1, n_sorts=m)


def grid_rank_table(grid: np.ndarray) -> dict[int, float]:
    """Average rank of each value of a forced grid (its sorted values).

    Parameters
    ----------
    grid : array_like of int, shape (n,)
        One sort's values on the grid.

    Returns
    -------
    dict of int to float
        Grid value -> its average rank among the n places.
    """
    reference = np.sort(np.asarray(grid, dtype=float))
    values = np.unique(reference)
    ranks = _lookup_ranks(values[None, :], reference)[0]
    return {int(v): float(r) for v, r in zip(values, ranks, strict=True)}


def grid_tie_total(grid: np.ndarray) -> float:
    """:math:`T = \\sum_g (t_g^3 - t_g)` of one sort on the grid (its column heights).

    Parameters
    ----------
    grid : array_like of int, shape (n,)
        As for :func:`grid_rank_table`; only its column heights count.

    Returns
    -------
    float
        T, with :math:`t_g` the height of column g.
    """
    _, heights = np.unique(np.asarray(grid), return_counts=True)
    return float((heights.astype(float) ** 3 - heights).sum())


def _lookup_ranks(x: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Average rank of each entry of x among ``reference`` (sorted): (#below + #up-to + 1) / 2."""
    below = np.searchsorted(reference, x, side="left")
    up_to = np.searchsorted(reference, x, side="right")
    return (below + up_to + 1) / 2.0


def _tie_total(x: np.ndarray) -> float:
    total = 0.0
    for row in x:
        _, counts = np.unique(row, return_counts=True)
        total += float((counts.astype(float) ** 3 - counts).sum())
    return total
