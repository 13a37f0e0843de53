r"""Varimax as R's ``stats::varimax`` computes it, in NumPy, and the criterion every variant shares.

Kaiser's varimax criterion [1]_ of a loading matrix :math:`A` (N sorts x k factors), computed
on the Kaiser-normalised loadings :math:`\tilde a_{ij} = a_{ij} / h_i` with
:math:`h_i^2 = \sum_j a_{ij}^2`:

.. math:: V = \sum_j \left[\frac{1}{N}\sum_i \tilde a_{ij}^4
          - \left(\frac{1}{N}\sum_i \tilde a_{ij}^2\right)^2\right]

Three algorithms look for the rotation T that maximises V; they differ in where they stop:

- :func:`varimax_r` (this module): R's ``stats::varimax`` [2]_ (the qmethod conventions), which stops
  when an iteration improves its convergence measure by less than a factor ``1 + eps``;
- :func:`qsort.analysis.varimax_planar.varimax_optimum` (qsort): Kaiser's planar rotations until
  no pair of factors can be turned to a higher V;
- :func:`qsort.analysis.varimax_planar.varimax_pqmethod` (pqmethod): Kaiser's program [3]_ with
  its skip threshold and stopping rule, as PQMethod runs it.

References
----------
.. [1] Kaiser, H. F. (1958). The varimax criterion for analytic rotation in factor analysis.
   *Psychometrika*, 23(3), 187-200. https://doi.org/10.1007/BF02289233
.. [2] R Core Team. ``varimax`` {stats}: Rotation Methods for Factor Analysis. R documentation,
   R 4.2.2 (2022).
.. [3] Kaiser, H. F. (1959). Computer program for varimax rotation in factor analysis.
   *Educational and Psychological Measurement*, 19(3), 413-420.
"""

import numpy as np

from qsort.analysis.errors import AnalysisError

#: R's ``stats::varimax`` defaults (and the iteration cap of its loop).
R_EPS = 1e-5
R_MAX_ITERATIONS = 1000


def kaiser_normalise(loadings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Rows divided by their length :math:`h_i = \sqrt{\sum_j a_{ij}^2}`; returns (rows, h).

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Loadings :math:`a_{ij}`, one row a sort.

    Returns
    -------
    rows : ndarray, shape (n_sorts, n_factors)
        The normalised loadings :math:`a_{ij} / h_i`.
    h : ndarray, shape (n_sorts,)
        The row lengths.

    Raises
    ------
    AnalysisError
        When a sort has zero loadings on every factor (it has no direction to normalise).
    """
    norms = np.sqrt(np.einsum("ij,ij->i", loadings, loadings))
    if np.any(norms == 0):
        index = int(np.flatnonzero(norms == 0)[0])
        raise AnalysisError("analysis.varimax_zero_sort", sort=index + 1, sort_index=index)
    return loadings / norms[:, None], norms


def varimax_criterion(loadings: np.ndarray) -> float:
    """Kaiser's varimax criterion V of ``loadings`` (module docstring), on normalised rows.

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Loadings (not yet normalised).

    Returns
    -------
    float
        V, between 0 and k (N - 1) / N.
    """
    squares = kaiser_normalise(loadings)[0] ** 2
    return float(np.sum(np.mean(squares**2, axis=0) - np.mean(squares, axis=0) ** 2))


def varimax_r(
    loadings: np.ndarray, *, eps: float = R_EPS, max_iterations: int = R_MAX_ITERATIONS
) -> tuple[np.ndarray, int]:
    r"""Kaiser-normalised varimax by R's ``stats::varimax`` algorithm; returns (rotated, iterations).

    With :math:`X` the normalised loadings and :math:`T_0 = I`, each iteration sets
    :math:`Z = X T`,

    .. math:: B = X^\top \left(Z^{\circ 3} - \tfrac{1}{N} Z \,\mathrm{diag}(\mathbf 1^\top Z^{\circ 2})\right),
              \qquad B = U D V^\top \ \text{(SVD)}, \qquad T \leftarrow U V^\top,

    and stops when :math:`d = \mathrm{tr}\,D` is below :math:`d_{\mathrm{previous}}(1 + \varepsilon)`
    (``eps`` 1e-5) or after ``max_iterations`` (1000). The rotated rows are scaled back by
    :math:`h_i`. A single factor is returned unchanged. factor-analyzer's ``Rotator`` computes
    the same iteration; the tests compare the two to 1e-12.

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Unrotated loadings.
    eps : float
        R's ``eps``.
    max_iterations : int
        R's fixed cap of 1000 iterations.

    Returns
    -------
    rotated : ndarray, shape (n_sorts, n_factors)
        The rotated loadings, :math:`X T` scaled back by :math:`h_i`.
    iterations : int
        Iterations run (0 for a single factor).
    """
    if loadings.shape[1] < 2:
        return loadings.copy(), 0
    x, norms = kaiser_normalise(loadings)
    n_sorts = x.shape[0]
    rotation = np.eye(x.shape[1])
    d, iterations = 0.0, 0
    while iterations < max_iterations:
        iterations += 1
        z = x @ rotation
        gradient = x.T @ (z**3 - (z * np.sum(z**2, axis=0)) / n_sorts)  # B, as R orders it
        u, singular, vt = np.linalg.svd(gradient)
        rotation = u @ vt
        d_previous, d = d, float(np.sum(singular))
        if d < d_previous * (1 + eps):
            break
    return (x @ rotation) * norms[:, None], iterations
