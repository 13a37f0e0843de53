"""By-person correlation: Pearson correlations between Q-sorts, across statements.

Q methodology correlates persons, not variables (Brown 1980, ch. 5): ``R[a, b]`` is the Pearson
correlation between sort ``a`` and sort ``b`` over the M statements.
"""

import numpy as np

from qsort.analysis.errors import AnalysisError


def standardised_sorts(sorts: np.ndarray) -> np.ndarray:
    r"""Each sort centred and scaled to unit standard deviation (divisor M - 1).

    .. math:: Z_{ij} = \frac{x_{ij} - \bar{x}_i}{s_i}, \qquad R = \frac{Z Z^\top}{M - 1}

    so the N x N correlation matrix never has to be built: its eigenvectors follow from the thin
    decomposition of Z (rank at most M - 1 because every row of Z sums to zero).

    Returns
    -------
    ndarray, shape (n_sorts, n_statements)
    """
    x = np.asarray(sorts, dtype=float)
    centred = x - x.mean(axis=1, keepdims=True)
    sd = np.sqrt(np.einsum("ij,ij->i", centred, centred) / (x.shape[1] - 1))
    if np.any(sd == 0):
        i = int(np.flatnonzero(sd == 0)[0])
        raise AnalysisError(
            f"Q-sort input: sort {i + 1} gives every statement the same value", sort_index=i
        )
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
    large N.
    """
    x = np.asarray(sorts, dtype=float)
    if x.shape[0] <= R_ARITHMETIC_MAX_SORTS:
        cov = _covariance_like_r(x)
    else:
        centred = x - x.mean(axis=1, keepdims=True)
        cov = centred @ centred.T
        cov /= x.shape[1] - 1
    sd = np.sqrt(np.diag(cov))
    if np.any(sd == 0):
        i = int(np.flatnonzero(sd == 0)[0])
        raise AnalysisError(
            f"Q-sort input: sort {i + 1} gives every statement the same value", sort_index=i
        )
    r = _divide_by_outer(cov, sd)
    np.clip(r, -1.0, 1.0, out=r)
    np.fill_diagonal(r, 1.0)
    return r


#: Entries of the outer product of the standard deviations held at once by the division.
OUTER_BLOCK = 1 << 16


def _divide_by_outer(cov: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """``cov / np.outer(sd, sd)`` in place, a block of rows at a time: the same roundings
    (each entry divided once by ``sd[a] * sd[b]``) without a second N x N array."""
    rows = max(1, OUTER_BLOCK // max(1, sd.size))
    for start in range(0, sd.size, rows):
        block = cov[start : start + rows]
        block /= np.outer(sd[start : start + rows], sd)
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
