"""By-person correlation: Pearson correlations between Q-sorts, across statements.

Q methodology correlates persons, not variables (Brown [1]_, ch. 5): ``R[a, b]`` is the Pearson
correlation between sort ``a`` and sort ``b`` over the M statements, computed as R's ``cor()``
computes it, which qmethod [2]_ calls.

References
----------
.. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in Political
   Science*. New Haven: Yale University Press, ch. 5 (correlating Q-sorts).
.. [2] Zabala, A. (2014). qmethod: A Package to Explore Human Perspectives Using Q Methodology.
   *The R Journal*, 6(2), 163-173. https://doi.org/10.32614/RJ-2014-032
"""

import threading

import numpy as np

from qsort.analysis.errors import AnalysisError


def standardised_sorts(sorts: np.ndarray) -> np.ndarray:
    r"""Each sort centred and scaled to unit standard deviation (divisor M - 1).

    .. math:: Z_{ij} = \frac{x_{ij} - \bar{x}_i}{s_i}, \qquad R = \frac{Z Z^\top}{M - 1}

    so the N x N correlation matrix never has to be built: its eigenvectors follow from the thin
    decomposition of Z (rank at most M - 1 because every row of Z sums to zero).

    Parameters
    ----------
    sorts : array_like, shape (n_sorts, n_statements)
        Grid value :math:`x_{ij}` sort i gave statement j.

    Returns
    -------
    ndarray, shape (n_sorts, n_statements)
        The standardised sorts Z.
    """
    x = np.asarray(sorts, dtype=float)
    centred = x - x.mean(axis=1, keepdims=True)
    sd = np.sqrt(np.einsum("ij,ij->i", centred, centred) / (x.shape[1] - 1))
    if np.any(sd == 0):
        i = int(np.flatnonzero(sd == 0)[0])
        raise AnalysisError("analysis.constant_sort", sort=i + 1, sort_index=i)
    return centred / sd[:, None]


#: Up to this many sorts the covariances are accumulated in extended precision, in R's order.
R_ARITHMETIC_MAX_SORTS = 500


def correlation_matrix(sorts: np.ndarray) -> np.ndarray:
    r"""Pearson correlation matrix between sorts, shape (n_sorts, n_sorts).

    Computed as R's ``cor()`` does: covariances of the centred sorts (divisor M - 1), then
    :math:`r_{ab} = c_{ab} / (\sqrt{c_{aa}} \sqrt{c_{bb}})`, clipped to [-1, 1]. Up to
    ``R_ARITHMETIC_MAX_SORTS`` sorts the means and cross-products are accumulated in extended
    precision in R's order, so correlations agree with R's to the last bit (qmethod's centroid
    reflections can hinge on it); above, BLAS. Cost O(N^2 M): use :func:`standardised_sorts` for
    large N, and :class:`SortCorrelations` to build the matrix only if it is used.

    Parameters
    ----------
    sorts : array_like, shape (n_sorts, n_statements)
        Grid value sort a gave statement j; no sort may give every statement the same value.

    Returns
    -------
    ndarray, shape (n_sorts, n_sorts)
        Symmetric, ones on the diagonal, entries in [-1, 1].
    """
    cov, sd, divisor = cross_products(sorts)
    r = _normalise(cov, sd, divisor)
    np.fill_diagonal(r, 1.0)
    return r


def cross_products(sorts: np.ndarray) -> tuple[np.ndarray, np.ndarray, int | None]:
    r"""What :func:`correlation_matrix` normalises: ``(c, sd, divisor)``.

    .. math:: r_{ab} = \mathrm{clip}\left(\frac{c_{ab} / d}{s_a s_b}, -1, 1\right)

    Parameters
    ----------
    sorts : array_like, shape (n_sorts, n_statements)
        Grid value sort a gave statement j.

    Returns
    -------
    c : ndarray, shape (n_sorts, n_sorts)
        Up to ``R_ARITHMETIC_MAX_SORTS`` sorts R's covariances, above the cross-products of the
        centred sorts.
    sd : ndarray, shape (n_sorts,)
        Standard deviation :math:`s_a` of each sort (divisor M - 1).
    divisor : int or None
        :math:`d`: None when ``c`` holds covariances already (read as 1), else M - 1.
    """
    x = np.asarray(sorts, dtype=float)
    divisor = x.shape[1] - 1
    if x.shape[0] <= R_ARITHMETIC_MAX_SORTS:
        cov, divisor = _covariance_like_r(x), None
        sd = np.sqrt(np.diag(cov))
    else:
        centred = x - x.mean(axis=1, keepdims=True)
        cov = centred @ centred.T
        sd = np.sqrt(np.diag(cov) / divisor)
    if np.any(sd == 0):
        i = int(np.flatnonzero(sd == 0)[0])
        raise AnalysisError("analysis.constant_sort", sort=i + 1, sort_index=i)
    return cov, sd, divisor


def pairs_above(matrix: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Indices (a, b), a < b, of the entries above ``threshold``, row by row.

    What ``np.nonzero(np.triu(matrix > threshold, 1))`` gives, scanning only rows with a hit.

    Parameters
    ----------
    matrix : ndarray, shape (n, n)
        A symmetric matrix (the diagonal is ignored).
    threshold : float
        Entries strictly above it count.

    Returns
    -------
    first, second : ndarray of int
        Row and column of each entry found, ``first < second``, in row-major order.
    """
    hits = matrix > threshold
    np.fill_diagonal(hits, False)
    rows = np.flatnonzero(hits.any(axis=1))
    local, second = np.nonzero(hits[rows])
    first = rows[local]
    upper = first < second
    return first[upper], second[upper]


#: Margin below which no correlation above a threshold can fall by rounding (see pairs_above).
ROUNDING_MARGIN = 1e-9


class SortCorrelations:
    """The correlations between the sorts, computed when first used.

    ``matrix`` is :func:`correlation_matrix` of the sorts, built from the cross-products once
    asked for; :meth:`pairs_above` finds the pairs above a threshold from the cross-products
    alone, so an analysis that only needs those (the near-identical check) never normalises the
    N x N matrix, and one that needs nothing (the bootstrap) never multiplies the sorts.
    """

    def __init__(self, sorts: np.ndarray) -> None:
        self._sorts = sorts
        self._parts: tuple[np.ndarray, np.ndarray, int | None] | None = None
        self._matrix: np.ndarray | None = None
        self._lock = threading.RLock()  # the matrix is normalised in place, once

    def _cross_products(self) -> tuple[np.ndarray, np.ndarray, int | None]:
        if self._parts is None:
            self._parts = cross_products(self._sorts)
        return self._parts

    @property
    def matrix(self) -> np.ndarray:
        """The N x N correlation matrix, bit for bit :func:`correlation_matrix`'s."""
        with self._lock:
            if self._matrix is None:
                cov, sd, divisor = self._cross_products()
                self._matrix = _normalise(cov, sd, divisor)
                np.fill_diagonal(self._matrix, 1.0)
            return self._matrix

    def pairs_above(self, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        r"""``(a, b, r)`` of every pair a < b whose correlation r exceeds ``threshold`` (> 0),
        row by row, as ``pairs_above(matrix, threshold)`` and the matrix's entries give them.

        Without the matrix: r can exceed the threshold only where
        :math:`c_{ab} > t \, d \, \min(sd)^2 (1 - 10^{-9})` (rounding of the divisions moves r by
        far less than the margin), and the few candidates' r are computed as the matrix's are;
        for integer deviations the cross-products are made a block of rows at a time.
        """
        if threshold <= 0:
            raise ValueError("pairs_above: the threshold must be positive")
        with self._lock:
            if self._matrix is not None:
                first, second = pairs_above(self._matrix, threshold)
                return first, second, self._matrix[first, second]
            if self._parts is None and _integer_deviations(self._sorts):
                return _pairs_from_integers(np.asarray(self._sorts, dtype=float), threshold)
            cov, sd, divisor = self._cross_products()
            bound = _candidate_bound(threshold, 1 if divisor is None else divisor, sd)
            first, second = pairs_above(cov, bound)
            r = cov[first, second] if divisor is None else cov[first, second] / divisor
            return _above(first, second, r / (sd[first] * sd[second]), threshold)


def _candidate_bound(threshold: float, divisor: int, sd: np.ndarray) -> float:
    """Below this cross-product no correlation can exceed ``threshold`` (see pairs_above)."""
    return threshold * divisor * float(sd.min()) ** 2 * (1 - ROUNDING_MARGIN)


def _above(first, second, r, threshold) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r = np.clip(r, -1.0, 1.0)
    keep = r > threshold
    return first[keep], second[keep], r[keep]


#: Cross-products computed at once by the near-identical check (a block of rows).
PAIR_BLOCK = 1 << 17


def _integer_deviations(sorts: np.ndarray) -> bool:
    """Integer values with integer row means (every grid symmetric about an integer)."""
    x = np.asarray(sorts)
    return np.issubdtype(x.dtype, np.integer) and not np.any(x.sum(axis=1) % x.shape[1])


def _pairs_from_integers(x: np.ndarray, threshold: float):
    """:meth:`SortCorrelations.pairs_above` for integer deviations, without an N x N array.

    Their cross-products are exact integers in any order of summation, so a block of rows at a
    time gives the very numbers :func:`cross_products` would hold; each candidate's covariance
    and standard deviations are then rounded as that path rounds them (R's, up to
    ``R_ARITHMETIC_MAX_SORTS`` sorts: a long-double division).
    """
    n, m = x.shape
    centred = x - x.sum(axis=1, keepdims=True) / m
    like_r = n <= R_ARITHMETIC_MAX_SORTS

    def covariance(products: np.ndarray) -> np.ndarray:
        if like_r:
            return (products.astype(np.longdouble) / (m - 1)).astype(float)
        return products / (m - 1)

    sd = np.sqrt(covariance(np.einsum("ij,ij->i", centred, centred)))
    bound = _candidate_bound(threshold, m - 1, sd)
    firsts, seconds, rows = [], [], max(1, PAIR_BLOCK // n)
    for start in range(0, n, rows):
        local, column = np.nonzero(centred[start : start + rows] @ centred[start:].T > bound)
        upper = local < column
        firsts.append(local[upper] + start)
        seconds.append(column[upper] + start)
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    products = np.einsum("ij,ij->i", centred[first], centred[second])
    return _above(first, second, covariance(products) / (sd[first] * sd[second]), threshold)


def as_matrix(correlation: "np.ndarray | SortCorrelations") -> np.ndarray:
    """The correlation matrix itself, whether given as an array or as :class:`SortCorrelations`.

    Parameters
    ----------
    correlation : ndarray or SortCorrelations
        The correlations between the sorts.

    Returns
    -------
    ndarray, shape (n_sorts, n_sorts)
    """
    return correlation.matrix if isinstance(correlation, SortCorrelations) else correlation


#: Entries of the matrix normalised at once (a block of rows that stays in the CPU's cache).
NORMALISE_BLOCK = 1 << 16


def _normalise(cov: np.ndarray, sd: np.ndarray, divisor: int | None) -> np.ndarray:
    """``clip(cov / divisor / np.outer(sd, sd), -1, 1)`` in place, a block of rows at a time:
    the same roundings as the whole-matrix expression (each entry divided by ``divisor``, then
    once by ``sd[a] * sd[b]``), without a second N x N array. Sorts on one grid with integer
    deviations share one standard deviation to the bit, and then ``sd[a] * sd[b]`` is one number.
    """
    rows = max(1, NORMALISE_BLOCK // max(1, sd.size))
    shared = sd[0] * sd[0] if np.all(sd == sd[0]) else None
    for start in range(0, sd.size, rows):
        block = cov[start : start + rows]
        if divisor is not None:
            block /= divisor
        block /= shared if shared is not None else np.outer(sd[start : start + rows], sd)
        np.clip(block, -1.0, 1.0, out=block)
    return cov


def _covariance_like_r(x: np.ndarray) -> np.ndarray:
    """Covariances as R's C code computes them: long-double sums in order, double products."""
    n_sorts, n_statements = x.shape
    first = (np.cumsum(x, axis=1, dtype=np.longdouble)[:, -1] / n_statements).astype(float)
    correction = np.cumsum(x - first[:, None], axis=1, dtype=np.longdouble)[:, -1]
    means = (first.astype(np.longdouble) + correction / n_statements).astype(float)
    centred = x - means[:, None]
    cov = np.empty((n_sorts, n_sorts))
    for i in range(n_sorts):
        products = centred[i] * centred[: i + 1]
        sums = np.cumsum(products, axis=1, dtype=np.longdouble)[:, -1] / (n_statements - 1)
        cov[i, : i + 1] = cov[: i + 1, i] = sums.astype(float)
    return cov
