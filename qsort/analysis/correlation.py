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


def correlation_matrix(sorts: np.ndarray) -> np.ndarray:
    r"""Pearson correlation matrix between sorts, shape (n_sorts, n_sorts).

    Computed as R's ``cor()`` does: covariances of the centred sorts (divisor M - 1), then
    :math:`r_{ab} = c_{ab} / (\sqrt{c_{aa}} \sqrt{c_{bb}})`, clipped to [-1, 1]. Cost O(N^2 M):
    use :func:`standardised_sorts` for large N.
    """
    x = np.asarray(sorts, dtype=float)
    centred = x - x.mean(axis=1, keepdims=True)
    cov = centred @ centred.T / (x.shape[1] - 1)
    sd = np.sqrt(np.diag(cov))
    if np.any(sd == 0):
        i = int(np.flatnonzero(sd == 0)[0])
        raise AnalysisError(
            f"Q-sort input: sort {i + 1} gives every statement the same value", sort_index=i
        )
    r = cov / np.outer(sd, sd)
    np.clip(r, -1.0, 1.0, out=r)
    np.fill_diagonal(r, 1.0)
    return r
