"""Data-quality notes for the facilitator: never exclusions, only things worth a second look.

- **fast**: sorts finished in less than ``FAST_SHARE`` of the room's median time, or in less
  than ``MIN_SECONDS_PER_STATEMENT`` per statement, whichever bound is higher (durations are
  optional; the relative bound needs at least ``MIN_DURATIONS`` of them). Web-survey research
  flags "speeders" by a minimal response time below which an answer cannot have been read and
  thought about (Conrad et al. [1]_); the per-card floor and the share of the median are our
  choice, stated here.
- **near_identical**: pairs of sorts that correlate above ``NEAR_IDENTICAL_R`` (0.95), e.g. one
  person sorting twice or two people sorting together. All sorts on one forced grid share mean
  and variance, so r > 0.95 is the same as a small squared distance; the check uses the
  correlations the analysis already has (up to ``qsort.analysis.results.CORRELATION_MAX_SORTS``
  sorts: a matrix, or the cross-products of :class:`~qsort.analysis.correlation.SortCorrelations`
  without the matrix); above that it reports exact duplicates only (found by hashing rows,
  O(N x M)) and says so in ``near_identical_checked``.
- **no_viewpoint**: sorts flagged on no factor (they define no viewpoint, in Brown's [2]_ sense
  of a defining sort: mixed, or a view of their own).

At most ``MAX_LISTED`` sorts or pairs are listed per note; the counts are always complete.

References
----------
.. [1] Conrad, F. G., Tourangeau, R., Couper, M. P., & Zhang, C. (2017). Reducing speeding in
   web surveys by providing immediate feedback. *Survey Research Methods*, 11(1), 45-61.
   https://ojs.ub.uni-konstanz.de/srm/article/view/6304
.. [2] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in Political
   Science*. New Haven: Yale University Press (defining sorts).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qsort.analysis.correlation import SortCorrelations, pairs_above

FAST_SHARE = 1 / 3
MIN_SECONDS_PER_STATEMENT = 2.0
MIN_DURATIONS = 5
NEAR_IDENTICAL_R = 0.95
MAX_LISTED = 1000


@dataclass(frozen=True)
class QualityNotes:
    fast: list[dict]
    fast_threshold_seconds: float | None
    n_fast: int
    near_identical: list[dict]
    n_near_identical: int
    near_identical_checked: bool
    no_viewpoint: list[str]
    n_no_viewpoint: int

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def quality_notes(
    sorts: np.ndarray,
    flags: np.ndarray,
    participants: Sequence[str],
    *,
    correlation: np.ndarray | None = None,
    durations: Sequence[float | None] | None = None,
) -> QualityNotes:
    """All notes for N sorts; see the module.

    Parameters
    ----------
    sorts : ndarray, shape (n_sorts, n_statements)
        The sorts.
    flags : ndarray of bool, shape (n_sorts, n_factors)
        Which sorts define which factor.
    participants : sequence of str
        Names of the sorts.
    correlation : ndarray or SortCorrelations, optional
        The correlations the analysis has; None above ``CORRELATION_MAX_SORTS`` sorts (then
        only exact duplicates are found).
    durations : sequence of float or None, optional
        Seconds each sort took.

    Returns
    -------
    QualityNotes
        The fast sorts, the near-identical pairs and the sorts with no viewpoint, with counts.
    """
    x = np.asarray(sorts)
    undefined = np.flatnonzero(~np.asarray(flags).any(axis=1))
    # Each part gives its fields in the order QualityNotes declares them.
    return QualityNotes(
        *_fast(durations, participants, x.shape[1]),
        *_near_identical(x, participants, correlation),
        [participants[i] for i in undefined[:MAX_LISTED]],
        int(undefined.size),
    )


def _fast(durations, participants, n_statements) -> tuple[list[dict], float | None, int]:
    if durations is None:
        return [], None, 0
    if len(durations) != len(participants):
        raise ValueError(f"quality: {len(durations)} durations for {len(participants)} sorts")
    known = np.array([d for d in durations if d is not None and d >= 0], dtype=float)
    if known.size == 0:
        return [], None, 0
    threshold = MIN_SECONDS_PER_STATEMENT * n_statements
    if known.size >= MIN_DURATIONS:
        threshold = max(threshold, FAST_SHARE * float(np.median(known)))
    fast = [
        {"participant": p, "seconds": float(d)}
        for p, d in zip(participants, durations, strict=True)
        if d is not None and 0 <= d < threshold
    ]
    return fast[:MAX_LISTED], threshold, len(fast)


def _near_identical(x, participants, correlation) -> tuple[list[dict], int, bool]:
    if correlation is None:
        return _duplicates(x, participants)
    if isinstance(correlation, SortCorrelations):
        first, second, r = correlation.pairs_above(NEAR_IDENTICAL_R)
    else:
        matrix = np.asarray(correlation)
        first, second = pairs_above(matrix, NEAR_IDENTICAL_R)
        r = matrix[first, second]
    pairs = [
        {"first": participants[a], "second": participants[b], "r": value}
        for a, b, value in zip(
            first[:MAX_LISTED].tolist(),
            second[:MAX_LISTED].tolist(),
            r[:MAX_LISTED].tolist(),
            strict=True,
        )
    ]
    return pairs, int(first.size), True


def _duplicates(x, participants) -> tuple[list[dict], int, bool]:
    """Exact duplicate rows, each paired with the first sort of its kind. Rows are compared as
    byte strings (one byte per value on grids within -128..127), far faster than
    ``unique(axis=0)``."""
    fits = x.size == 0 or (x.min() >= -128 and x.max() <= 127)
    packed = np.ascontiguousarray(x, dtype=np.int8 if fits else np.int64)
    rows = packed.view(np.dtype((np.void, packed.shape[1] * packed.itemsize))).ravel()
    _, first_of, inverse = np.unique(rows, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    copies = np.flatnonzero(first_of[inverse] != np.arange(x.shape[0]))
    pairs = [
        {"first": participants[first_of[inverse[i]]], "second": participants[i], "r": 1.0}
        for i in copies[:MAX_LISTED]
    ]
    return pairs, int(copies.size), False
