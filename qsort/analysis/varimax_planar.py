r"""Varimax by Kaiser's planar rotations: to the criterion's optimum (qsort) or as PQMethod runs it.

Kaiser's method raises the varimax criterion V (:mod:`qsort.analysis.varimax`) one pair of
factors at a time. For factors p, q with Kaiser-normalised columns x, y (N sorts) put
:math:`u = x^2 - y^2`, :math:`v = 2xy` and

.. math:: A = \sum u,\quad B = \sum v,\quad C = \sum (u^2 - v^2),\quad D = 2 \sum u v,

.. math:: \text{num} = D - \frac{2AB}{N}, \qquad \text{den} = C - \frac{A^2 - B^2}{N}.

V as a function of the angle :math:`\varphi` of the pair is a constant plus
:math:`\tfrac{1}{4N}(\text{num}\,\sin 4\varphi + \text{den}\,\cos 4\varphi)`, so its maximum in
that plane is at :math:`4\varphi = \operatorname{atan2}(\text{num}, \text{den})` [1]_ [2]_; the
pair is then turned :math:`x' = x\cos\varphi + y\sin\varphi`,
:math:`y' = -x\sin\varphi + y\cos\varphi`. A *sweep* turns every pair (1,2), (1,3), ...,
(k-1,k) in that order. V never decreases.

- :func:`varimax_optimum` (qsort conventions) sweeps until no pair turns by more than 1e-12 rad:
  V is then at a maximum, where R's stopping rule may leave it short (from PQMethod's own unrotated
  loadings of the uhh study R stops at 31.4 degrees, the optimum is at 36.1).
- :func:`varimax_pqmethod` (pqmethod conventions) follows Kaiser's program [2]_ as PQMethod [3]_
  runs it (and KADE [4]_ reproduces it): a pair whose :math:`|\tan 4\varphi| < 0.00116` (with den > 0) is left as it is, and the
  sweeps stop once V has changed by less than 1e-8 in four successive sweeps, or after 225.

References
----------
.. [1] Kaiser, H. F. (1958). The varimax criterion for analytic rotation in factor analysis.
   *Psychometrika*, 23(3), 187-200. https://doi.org/10.1007/BF02289233
.. [2] Kaiser, H. F. (1959). Computer program for varimax rotation in factor analysis.
   *Educational and Psychological Measurement*, 19(3), 413-420.
.. [3] Schmolck, P. (2014). *PQMethod Manual*, version 2.35, section "QVARIMAX".
   http://schmolck.org/qmethod/pqmanual.htm
.. [4] Banasick, S. (2019). KADE: A desktop application for Q methodology. *Journal of Open
   Source Software*, 4(36), 1360 (its varimax reproduces PQMethod's stopping rule).
   https://doi.org/10.21105/joss.01360
"""

from collections.abc import Callable

import numpy as np

from qsort.analysis.varimax import kaiser_normalise, varimax_criterion

#: qsort: sweeps stop when no pair turns by more than this many radians.
OPTIMUM_TOLERANCE = 1e-12
OPTIMUM_MAX_SWEEPS = 1000
#: PQMethod / Kaiser (1959): skip a pair when |tan 4 phi| is below this (with den > 0).
PQMETHOD_SKIP_TAN = 0.00116
#: PQMethod: stop after V changed by less than PQMETHOD_CRITERION_STEP in this many sweeps in a row.
PQMETHOD_UNCHANGED_SWEEPS = 4
PQMETHOD_CRITERION_STEP = 1e-8
PQMETHOD_MAX_SWEEPS = 225


def varimax_optimum(
    loadings: np.ndarray,
    *,
    tolerance: float = OPTIMUM_TOLERANCE,
    max_sweeps: int = OPTIMUM_MAX_SWEEPS,
) -> tuple[np.ndarray, dict]:
    """Varimax carried to the criterion's maximum; returns (rotated loadings, diagnostics).

    Sweeps of exact planar rotations (module docstring) until the largest angle of a sweep is
    below ``tolerance`` radians, at most ``max_sweeps``. Diagnostics: ``sweeps``, ``converged``,
    ``criterion``. One factor: unchanged.

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Unrotated loadings.
    tolerance : float
        Largest angle (radians) of the last sweep.
    max_sweeps : int
        Most sweeps run.

    Returns
    -------
    rotated : ndarray, shape (n_sorts, n_factors)
        The rotated loadings.
    diagnostics : dict
        ``sweeps``, ``converged`` and ``criterion`` (V of ``rotated``).
    """
    columns, norms = _normalised_columns(loadings)
    sweeps, largest = 0, np.inf
    while columns.shape[0] > 1 and sweeps < max_sweeps and largest >= tolerance:
        largest = _sweep(columns, _exact_angle)
        sweeps += 1
    rotated = columns.T * norms[:, None]
    converged = columns.shape[0] < 2 or largest < tolerance
    return rotated, _diagnostics(rotated, sweeps, converged)


def varimax_pqmethod(loadings: np.ndarray) -> tuple[np.ndarray, dict]:
    """Varimax as PQMethod's QVARIMAX [1]_ runs Kaiser's program [2]_; returns (rotated, diagnostics).

    Before each sweep V is computed; the sweeps stop after the one at which V has differed from
    the previous sweep's by less than 1e-8 four times in a row, or after 225 sweeps. Pairs with
    :math:`|\\tan 4\\varphi| < 0.00116` and den > 0 are not turned. Arithmetic is exact (double
    precision) where the program rounds. Factor signs are left as they come; PQMethod's sign rule is
    :func:`qsort.analysis.rotation.sign_by_signed_squares`.

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Unrotated loadings.

    Returns
    -------
    rotated : ndarray, shape (n_sorts, n_factors)
        The rotated loadings.
    diagnostics : dict
        ``sweeps``, ``converged`` (False when the 225 sweeps ran out) and ``criterion``.

    References
    ----------
    .. [1] Schmolck, P. (2014). *PQMethod Manual*, version 2.35, section "QVARIMAX".
       http://schmolck.org/qmethod/pqmanual.htm
    .. [2] Kaiser, H. F. (1959). Computer program for varimax rotation in factor analysis.
       *Educational and Psychological Measurement*, 19(3), 413-420.
    """
    columns, norms = _normalised_columns(loadings)
    sweeps, unchanged, previous = 0, 0, None
    while columns.shape[0] > 1:
        criterion = _criterion_of_columns(columns)
        if previous is not None and abs(criterion - previous) < PQMETHOD_CRITERION_STEP:
            unchanged += 1
        else:
            unchanged = 0
        previous = criterion
        _sweep(columns, _pqmethod_angle)
        sweeps += 1
        if unchanged >= PQMETHOD_UNCHANGED_SWEEPS or sweeps >= PQMETHOD_MAX_SWEEPS:
            break
    rotated = columns.T * norms[:, None]
    return rotated, _diagnostics(rotated, sweeps, sweeps < PQMETHOD_MAX_SWEEPS)


def planar_terms(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(num, den) of the module docstring for two normalised columns x, y.

    Parameters
    ----------
    x, y : ndarray, shape (n_sorts,)
        Kaiser-normalised loadings of the two factors of the pair.

    Returns
    -------
    num, den : float
        The terms whose ``atan2`` is four times the best angle of the pair.
    """
    n = x.size
    u = (x + y) * (x - y)
    v = 2.0 * x * y
    a, b = float(u.sum()), float(v.sum())
    c = float(np.sum((u + v) * (u - v)))
    d = 2.0 * float(np.sum(u * v))
    return d - 2.0 * a * b / n, c - (a * a - b * b) / n


def _exact_angle(num: float, den: float) -> float:
    return float(np.arctan2(num, den)) / 4.0  # [1] maximum of V in the plane


def _pqmethod_angle(num: float, den: float) -> float:
    if den > 0 and abs(num) < PQMETHOD_SKIP_TAN * den:  # [2] pair left as it is
        return 0.0
    return _exact_angle(num, den)


def _sweep(columns: np.ndarray, angle: Callable[[float, float], float]) -> float:
    """Turn every pair of rows of ``columns`` (factors x sorts) in place; the largest |angle|."""
    largest = 0.0
    k = columns.shape[0]
    for p in range(k - 1):
        for q in range(p + 1, k):
            phi = angle(*planar_terms(columns[p], columns[q]))
            if phi == 0.0:
                continue
            c, s = np.cos(phi), np.sin(phi)
            x, y = columns[p].copy(), columns[q]
            columns[p] = x * c + y * s
            columns[q] = -x * s + y * c
            largest = max(largest, abs(phi))
    return largest


def _normalised_columns(loadings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kaiser-normalised loadings as contiguous factor rows (k x N), and the row norms h."""
    loadings = np.asarray(loadings, dtype=float)
    if loadings.shape[1] < 2:
        return loadings.T.copy(), np.ones(loadings.shape[0])
    normalised, norms = kaiser_normalise(loadings)
    return np.ascontiguousarray(normalised.T), norms


def _criterion_of_columns(columns: np.ndarray) -> float:
    squares = columns**2
    return float(np.sum(np.mean(squares**2, axis=1) - np.mean(squares, axis=1) ** 2))


def _diagnostics(rotated: np.ndarray, sweeps: int, converged: bool) -> dict:
    criterion = varimax_criterion(rotated) if rotated.shape[1] > 1 else None
    return {"sweeps": sweeps, "converged": bool(converged), "criterion": criterion}
