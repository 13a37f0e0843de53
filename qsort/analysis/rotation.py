"""Rotation of the extracted factors: varimax, none, and judgmental (by-hand) rotation.

Varimax comes in the three variants the conventions choose between (one criterion, Kaiser's
[1]_; see :mod:`qsort.analysis.varimax`): ``"r"`` is R's ``stats::varimax`` (qmethod), ``"optimum"``
carries the rotation to the criterion's maximum (qsort), ``"pqmethod"`` is Kaiser's program [2]_
as PQMethod [3]_ runs it (:mod:`qsort.analysis.varimax_planar`). A single factor is never rotated.
After rotation the conventions order and sign the factors: psych's rule (qmethod and qsort) or
PQMethod's (:func:`sign_by_signed_squares`, extraction order kept). Judgmental rotation turns a
pair of factors by hand, as Brown [4]_ (pp. 226-232) describes it.

References
----------
.. [1] Kaiser, H. F. (1958). The varimax criterion for analytic rotation in factor analysis.
   *Psychometrika*, 23(3), 187-200. https://doi.org/10.1007/BF02289233
.. [2] Kaiser, H. F. (1959). Computer program for varimax rotation in factor analysis.
   *Educational and Psychological Measurement*, 19(3), 413-420.
.. [3] Schmolck, P. (2014). *PQMethod Manual*, version 2.35 (QVARIMAX and PQROT).
   http://schmolck.org/qmethod/pqmanual.htm
.. [4] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in Political
   Science*. New Haven: Yale University Press, pp. 226-232 (judgmental rotation).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qsort.analysis import varimax_planar as planar
from qsort.analysis.errors import AnalysisError
from qsort.analysis.varimax import R_EPS, R_MAX_ITERATIONS, varimax_r

ROTATIONS = ("varimax", "none")
VARIMAX_ALGORITHMS = ("r", "optimum", "pqmethod")
#: What each variant is and where it stops, for the ``settings`` of every result.
VARIMAX_SETTINGS = {
    "r": {
        "description": "R stats::varimax (qmethod): stops when its measure grows by less than 1 + eps",
        "kaiser_normalisation": True,
        "eps": R_EPS,
        "max_iterations": R_MAX_ITERATIONS,
    },
    "optimum": {
        "description": "Kaiser's planar rotations until no pair of factors improves the criterion "
        "(differs from qmethod, whose R varimax can stop short of the optimum)",
        "kaiser_normalisation": True,
        "tolerance_radians": planar.OPTIMUM_TOLERANCE,
        "max_sweeps": planar.OPTIMUM_MAX_SWEEPS,
    },
    "pqmethod": {
        "description": "Kaiser's 1959 program as PQMethod's QVARIMAX runs it",
        "kaiser_normalisation": True,
        "skip_tan_4phi_below": planar.PQMETHOD_SKIP_TAN,
        "unchanged_sweeps": planar.PQMETHOD_UNCHANGED_SWEEPS,
        "criterion_step": planar.PQMETHOD_CRITERION_STEP,
        "max_sweeps": planar.PQMETHOD_MAX_SWEEPS,
    },
}


@dataclass(frozen=True)
class JudgmentalRotation:
    """Rotate the axes of factors ``first`` and ``second`` (1-based) by ``degrees``.

    Positive degrees turn the pair of axes counter-clockwise in the plane with ``first`` on the
    horizontal and ``second`` on the vertical axis, so the sorts' points appear to move clockwise
    (the convention of PQMethod's PQROT plots).
    """

    first: int
    second: int
    degrees: float

    def as_dict(self) -> dict[str, float]:
        return {"first": self.first, "second": self.second, "degrees": self.degrees}


def varimax(loadings: np.ndarray, algorithm: str = "r") -> tuple[np.ndarray, dict]:
    """Kaiser-normalised varimax by ``algorithm``; returns (rotated loadings, diagnostics).

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Unrotated loadings.
    algorithm : {"r", "optimum", "pqmethod"}
        See the module docstring. One factor: returned unchanged.

    Returns
    -------
    rotated : ndarray, shape (n_sorts, n_factors)
        The rotated loadings.
    diagnostics : dict
        ``algorithm`` and the variant's iterations or sweeps (and, for the planar variants,
        whether they converged).

    Raises
    ------
    AnalysisError
        For an unknown ``algorithm``.
    """
    if algorithm == "r":
        rotated, iterations = varimax_r(loadings)
        return rotated, {"algorithm": "r", "iterations": iterations}
    if algorithm == "optimum":
        rotated, info = planar.varimax_optimum(loadings)
    elif algorithm == "pqmethod":
        rotated, info = planar.varimax_pqmethod(loadings)
    else:
        raise AnalysisError(
            "analysis.varimax_algorithm",
            algorithm=repr(algorithm),
            choices=list(VARIMAX_ALGORITHMS),
        )
    return rotated, {"algorithm": algorithm, **info}


def rotate(
    loadings: np.ndarray, rotation: str, algorithm: str = "r"
) -> tuple[np.ndarray, dict | None]:
    """Apply ``rotation`` (``"varimax"`` or ``"none"``).

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Unrotated loadings.
    rotation : {"varimax", "none"}
        The rotation.
    algorithm : {"r", "optimum", "pqmethod"}, optional
        The varimax variant (:func:`varimax`).

    Returns
    -------
    rotated : ndarray, shape (n_sorts, n_factors)
        The rotated loadings (a copy for ``"none"``).
    diagnostics : dict or None
        The varimax diagnostics; None for ``"none"``.
    """
    if rotation == "varimax":
        return varimax(loadings, algorithm)
    if rotation == "none":
        return loadings.copy(), None
    raise AnalysisError("analysis.rotation", rotation=repr(rotation), choices=list(ROTATIONS))


def sign_by_signed_squares(loadings: np.ndarray) -> np.ndarray:
    r"""Flip each factor whose :math:`\sum_i a_{ij} |a_{ij}|` is negative (PQMethod's rule).

    The rule KADE applies to principal components and to varimax factors, as PQMethod does
    (its uhh .ROT follows it). Zero counts as positive.

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Loadings :math:`a_{ij}`.

    Returns
    -------
    ndarray, shape (n_sorts, n_factors)
        The loadings with those columns negated.
    """
    signs = np.where(np.sum(loadings * np.abs(loadings), axis=0) < 0, -1.0, 1.0)
    return loadings * signs


def order_like_psych(loadings: np.ndarray) -> np.ndarray:
    """Re-order factors by decreasing sum of squared loadings, then flip each so its column sum
    is positive (zero counts as positive), as ``psych::principal`` does after rotation.

    Ties in the sums of squares keep their order (R's ``order`` is stable).

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Rotated loadings, in the order and with the signs the rotation left them.

    Returns
    -------
    ndarray, shape (n_sorts, n_factors)
        The re-ordered, re-signed loadings.
    """
    order = np.argsort(-(loadings**2).sum(axis=0), kind="stable")
    ordered = loadings[:, order]
    signs = np.sign(ordered.sum(axis=0))
    signs[signs == 0] = 1.0
    return ordered * signs


def order_by_explained_variance(loadings: np.ndarray) -> np.ndarray:
    """Re-order factors by decreasing sum of squared loadings (stable); signs unchanged.

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Loadings.

    Returns
    -------
    ndarray, shape (n_sorts, n_factors)
        The same columns, re-ordered.
    """
    return loadings[:, np.argsort(-(loadings**2).sum(axis=0), kind="stable")]


def judgmental_rotation(
    loadings: np.ndarray, rotations: Sequence[JudgmentalRotation]
) -> np.ndarray:
    r"""Apply by-hand rotations of factor pairs, in the order given.

    For factors i, j and angle :math:`\theta`:

    .. math:: a_i' = a_i \cos\theta + a_j \sin\theta, \qquad a_j' = -a_i \sin\theta + a_j \cos\theta

    (Brown [1]_, pp. 226-232, on judgmental rotation). Communalities are unchanged.

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Loadings to rotate (not changed).
    rotations : sequence of JudgmentalRotation
        Pairs (1-based) and angles in degrees, applied in order.

    Returns
    -------
    ndarray, shape (n_sorts, n_factors)
        The rotated loadings.

    Raises
    ------
    AnalysisError
        For a pair that is not two different existing factors, or an angle that is not finite.

    References
    ----------
    .. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in
       Political Science*. New Haven: Yale University Press, pp. 226-232.
    """
    rotated = np.array(loadings, dtype=float)
    n_factors = rotated.shape[1]
    for step in rotations:
        i, j = step.first - 1, step.second - 1
        if not (0 <= i < n_factors and 0 <= j < n_factors) or i == j:
            raise AnalysisError(
                "analysis.judgmental_factors", first=step.first, second=step.second, max=n_factors
            )
        if not np.isfinite(step.degrees):
            raise AnalysisError("analysis.judgmental_angle", angle=repr(step.degrees))
        theta = np.deg2rad(step.degrees)
        c, s = np.cos(theta), np.sin(theta)
        a_i, a_j = rotated[:, i].copy(), rotated[:, j].copy()
        rotated[:, i] = a_i * c + a_j * s
        rotated[:, j] = -a_i * s + a_j * c
    return rotated
