"""Rotation of the extracted factors: varimax, none, and judgmental (by-hand) rotation.

Varimax is factor-analyzer's ``Rotator``, run with the settings of R's ``stats::varimax``
(Kaiser normalisation, ``eps = 1e-5``, at most 1000 iterations, stop when the criterion grows by
less than a factor ``1 + eps``). The wrapper adds what the Rotator lacks: a single factor is
returned unchanged, and qmethod's re-ordering and sign rule for principal components.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from factor_analyzer.rotator import Rotator

from qsort.analysis.errors import AnalysisError

VARIMAX_SETTINGS = {"normalize": True, "tol": 1e-5, "max_iter": 1000}
ROTATIONS = ("varimax", "none")


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


def varimax(loadings: np.ndarray) -> np.ndarray:
    r"""Kaiser-normalised varimax rotation (Kaiser 1958), as R's ``stats::varimax``.

    Maximises :math:`\sum_j \left[\frac{1}{N}\sum_i \tilde a_{ij}^4 - \left(\frac{1}{N}\sum_i
    \tilde a_{ij}^2\right)^2\right]` over orthogonal rotations, where :math:`\tilde a` are the
    loadings divided by the square root of each sort's communality. One factor: unchanged.
    """
    if loadings.shape[1] < 2:
        return loadings.copy()
    if np.any(np.einsum("ij,ij->i", loadings, loadings) == 0):
        raise AnalysisError(
            "varimax: a sort has zero loadings on every factor and cannot be normalised"
        )
    # Kaiser normalisation done here, vectorised (the Rotator applies a Python function per row,
    # which dominates for 100 000 sorts); the arithmetic is the same as normalize=True.
    norms = np.sqrt((loadings**2).sum(axis=1))
    settings = {**VARIMAX_SETTINGS, "normalize": False}
    rotator = Rotator(method="varimax", **settings)
    return np.asarray(rotator.fit_transform(loadings / norms[:, None])) * norms[:, None]


def rotate(loadings: np.ndarray, rotation: str) -> np.ndarray:
    """Apply ``rotation`` (``"varimax"`` or ``"none"``) to unrotated loadings."""
    if rotation == "varimax":
        return varimax(loadings)
    if rotation == "none":
        return loadings.copy()
    raise AnalysisError(
        f"rotation: {rotation!r} is not available; choose one of {', '.join(ROTATIONS)}"
    )


def order_like_psych(loadings: np.ndarray) -> np.ndarray:
    """Re-order factors by decreasing sum of squared loadings, then flip each so its column sum
    is positive (zero counts as positive), as ``psych::principal`` does after rotation.

    Ties in the sums of squares keep their order (R's ``order`` is stable).
    """
    order = np.argsort(-(loadings**2).sum(axis=0), kind="stable")
    ordered = loadings[:, order]
    signs = np.sign(ordered.sum(axis=0))
    signs[signs == 0] = 1.0
    return ordered * signs


def order_by_explained_variance(loadings: np.ndarray) -> np.ndarray:
    """Re-order factors by decreasing sum of squared loadings (stable); signs unchanged."""
    return loadings[:, np.argsort(-(loadings**2).sum(axis=0), kind="stable")]


def judgmental_rotation(
    loadings: np.ndarray, rotations: Sequence[JudgmentalRotation]
) -> np.ndarray:
    r"""Apply by-hand rotations of factor pairs, in the order given.

    For factors i, j and angle :math:`\theta`:

    .. math:: a_i' = a_i \cos\theta + a_j \sin\theta, \qquad a_j' = -a_i \sin\theta + a_j \cos\theta

    (Brown 1980, pp. 226-232, on judgmental rotation). Communalities are unchanged.
    """
    rotated = np.array(loadings, dtype=float)
    n_factors = rotated.shape[1]
    for step in rotations:
        i, j = step.first - 1, step.second - 1
        if not (0 <= i < n_factors and 0 <= j < n_factors) or i == j:
            raise AnalysisError(
                f"judgmental rotation: factors {step.first} and {step.second} must be two different "
                f"factors between 1 and {n_factors}"
            )
        if not np.isfinite(step.degrees):
            raise AnalysisError(f"judgmental rotation: angle {step.degrees!r} is not a number")
        theta = np.deg2rad(step.degrees)
        c, s = np.cos(theta), np.sin(theta)
        a_i, a_j = rotated[:, i].copy(), rotated[:, j].copy()
        rotated[:, i] = a_i * c + a_j * s
        rotated[:, j] = -a_i * s + a_j * c
    return rotated
