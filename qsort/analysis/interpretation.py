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

    ``summary`` holds the result's ``distinguishing`` and ``consensus`` statements; ``aids`` its
    :class:`~qsort.analysis.factor_count.FactorCountAids` or None.
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
