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
    divisor = x.shape[1] - 1
    if x.shape[0] <= R_ARITHMETIC_MAX_SORTS:
        cov, divisor = _covariance_like_r(x), None
        sd = np.sqrt(np.diag(cov))
    else:  # the cross-products, divided by M - 1 block by block below
        centred = x - x.mean(axis=1, keepdims=True)
        cov = centred @ centred.T
        sd = np.sqrt(np.diag(cov) / divisor)
    if np.any(sd == 0):
        i = int(np.flatnonzero(sd == 0)[0])
        raise AnalysisError(
            f"Q-sort input: sort {i + 1} gives every statement the same value", sort_index=i
        )
    r = _normalise(cov, sd, divisor)
    np.fill_diagonal(r, 1.0)
    return r


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
