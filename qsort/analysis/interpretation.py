"""The steps after the factors: what the room concluded, for the analysis result.

Priorities for the room and per group (:mod:`.priorities`), crib sheets (:mod:`.crib_sheets`),
data-quality notes (:mod:`.quality`) and the viewpoint checks and other factor-count aids of
:mod:`.factor_checks`. Each is O(N x M) or cheaper (the near-identical check reuses the
analysis's correlations, up to 2 000 sorts: their cross-products, not the whole matrix).
"""

from collections.abc import Sequence

import numpy as np

from qsort.analysis.correlation import SortCorrelations
from qsort.analysis.crib_sheets import crib_sheets
from qsort.analysis.factor_checks import scree_acceleration, sorts_per_factor, viewpoint_checks
from qsort.analysis.priorities import priorities
from qsort.analysis.quality import quality_notes


def interpretation(
    sorts: np.ndarray,
    statements: list[str],
    participants: list[str],
    z: np.ndarray,
    arrays: np.ndarray,
    flags: np.ndarray,
    summary: dict,
    correlation: "np.ndarray | SortCorrelations | None",
    aids,
    *,
    groups: Sequence[str | None] | None = None,
    durations: Sequence[float | None] | None = None,
) -> dict[str, object]:
    """The ``priorities``, ``crib_sheets``, ``quality`` and ``factor_checks`` of a result.

    Parameters
    ----------
    sorts : ndarray, shape (n_sorts, n_statements)
        The validated sorts.
    statements, participants : list of str
        Statement ids and sort names.
    z, arrays : ndarray, shape (n_statements, n_factors)
        The z-scores and factor arrays.
    flags : ndarray of bool, shape (n_sorts, n_factors)
        Which sorts define which factor.
    summary : dict
        The result's ``distinguishing`` and ``consensus`` statements
        (:func:`qsort.analysis.distinguishing.summarise`).
    correlation : ndarray, SortCorrelations or None
        The analysis's correlations, for the near-identical check.
    aids : FactorCountAids or None
        The factor-count aids, for the scree.
    groups : sequence of str or None, optional
        Each sort's group label, for the priorities per group.
    durations : sequence of float or None, optional
        Seconds each sort took, for the quality notes.

    Returns
    -------
    dict
        ``priorities``, ``crib_sheets``, ``quality`` and ``factor_checks``.
    """
    distinguishing = summary["distinguishing"]
    return {
        "priorities": priorities(sorts, statements, groups=groups),
        "crib_sheets": crib_sheets(
            z, arrays, sorts[0], statements, distinguishing, summary["consensus"]
        ),
        "quality": quality_notes(
            sorts, flags, participants, correlation=correlation, durations=durations
        ),
        "factor_checks": {
            "sorts_per_factor": sorts_per_factor(sorts.shape[0]),
            "scree_acceleration": scree_acceleration(aids.eigenvalues) if aids else None,
            "viewpoints": viewpoint_checks(flags.sum(axis=0), distinguishing, flags.shape[1]),
        },
    }
