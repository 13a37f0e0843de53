"""Which factor of a new run is which factor of an earlier run: a one-to-one match on the
factor scores, so a name the facilitator gave a viewpoint can follow it to the next run."""

import numpy as np
from scipy.optimize import linear_sum_assignment

#: The smallest absolute correlation of two factors' scores for them to count as the same.
SAME_VIEWPOINT_R = 0.8


def match_factors(
    earlier: np.ndarray, later: np.ndarray, threshold: float = SAME_VIEWPOINT_R
) -> dict[int, tuple[int, float]]:
    r"""Match the factors of two runs one-to-one by their factor scores.

    The factors are paired to maximise the summed absolute correlation
    :math:`\sum |r_{ij}|` of their z-scores over the statements
    (:func:`scipy.optimize.linear_sum_assignment`, so no earlier factor is given to two later
    ones, and the runs may have different numbers of factors); a pair counts only when
    :math:`|r| \ge` ``threshold`` (0.8 by default), else the later factor is new. The
    absolute value pairs a factor with its mirror image too; ``r`` keeps its sign, so a
    caller can tell the same viewpoint (r > 0) from its opposite (r < 0).

    Parameters
    ----------
    earlier, later : ndarray, shape (n_statements, k_earlier) and (n_statements, k_later)
        The z-scores of the same statements in the same order; a column that is all NaN (a
        factor without defining sorts) matches nothing.

    Returns
    -------
    dict
        ``{later factor: (earlier factor, r)}``, 0-based factor indices, only for the pairs
        with :math:`|r| \ge` ``threshold``.
    """
    a, b = _standardise(earlier), _standardise(later)
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"factor scores: {a.shape[0]} statements against {b.shape[0]}")
    if a.shape[0] < 3 or a.shape[1] == 0 or b.shape[1] == 0:
        return {}
    r = np.nan_to_num((a.T @ b) / (a.shape[0] - 1))  # (k_earlier, k_later)
    rows, cols = linear_sum_assignment(-np.abs(r))
    return {
        int(j): (int(i), float(r[i, j])) for i, j in zip(rows, cols, strict=True)
        if abs(r[i, j]) >= threshold
    }  # fmt: skip


def _standardise(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    z = np.where(np.isnan(z), 0.0, z)  # a factor without scores: constant, correlates as 0
    centred = z - z.mean(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return centred / np.std(centred, axis=0, ddof=1)
