"""Validation of the Q-sort matrix every analysis starts from.

Orientation, kept everywhere in ``qsort.analysis``: ``values[i, j]`` is the grid value that sort
``i`` gives statement ``j`` (sorts x statements, as in the Q-sort CSV). qmethod stores the
transpose.
"""

from collections import Counter

import numpy as np

from qsort.analysis.errors import AnalysisError

MIN_SORTS = 3
MIN_STATEMENTS = 3


def validate_sorts(values: np.ndarray, participants: list[str] | None = None) -> np.ndarray:
    """Check a Q-sort matrix and return it as a read-only ``int64`` array.

    Every sort must place every statement exactly once on the same forced distribution, so the
    sorted values of each row must equal those of the first row (qmethod's ``forced = TRUE``
    check). The error names the first sort that differs and which value counts differ.

    Parameters
    ----------
    values : array_like, shape (n_sorts, n_statements)
        Integer grid values.
    participants : list of str, optional
        Names used in messages; defaults to "sort 1", "sort 2", ...

    Returns
    -------
    ndarray of int64, shape (n_sorts, n_statements)
        The sorts, read-only.

    Raises
    ------
    AnalysisError
        For fewer than three sorts or statements, non-integer values, a sort off the first
        sort's distribution, or a grid with a single column.
    """
    array = np.asarray(values)
    if array.ndim != 2:
        raise AnalysisError(
            f"Q-sort input: expected a table of sorts x statements, got {array.ndim} dimension(s)"
        )
    n_sorts, n_statements = array.shape
    if n_sorts < MIN_SORTS:
        raise AnalysisError(
            f"Q-sort input: {n_sorts} sort(s) given; a by-person factor analysis needs at least {MIN_SORTS}"
        )
    if n_statements < MIN_STATEMENTS:
        raise AnalysisError(
            f"Q-sort input: {n_statements} statement(s); at least {MIN_STATEMENTS} are needed"
        )
    if not np.issubdtype(array.dtype, np.integer):
        if not np.issubdtype(array.dtype, np.number) or not np.all(np.isfinite(array)):
            raise AnalysisError("Q-sort input: every value must be an integer grid position")
        if np.any(array != np.round(array)):
            i, j = np.argwhere(array != np.round(array))[0]
            raise AnalysisError(
                f"Q-sort input: {_name(participants, i)} has the non-integer value {array[i, j]}",
                sort_index=int(i),
            )
    sorts = array.astype(np.int64)
    _check_forced_distribution(sorts, participants)
    if np.all(sorts[0] == sorts[0, 0]):
        raise AnalysisError("Q-sort input: the grid has a single column, so sorts carry no ranking")
    sorts.setflags(write=False)
    return sorts


def grid_values(sorts: np.ndarray) -> np.ndarray:
    """The forced distribution as the sorted list of its M values (qmethod's ``qscores``).

    Parameters
    ----------
    sorts : ndarray, shape (n_sorts, n_statements)
        Sorts from :func:`validate_sorts`, so that every sort holds the same values and the
        first one stands for the grid.

    Returns
    -------
    ndarray, shape (n_statements,)
        The first sort's values, ascending.
    """
    return np.sort(sorts[0])


def distribution(sorts: np.ndarray) -> dict[int, int]:
    """Column value -> column height of the forced distribution.

    Parameters
    ----------
    sorts : ndarray, shape (n_sorts, n_statements)
        As for :func:`grid_values`: the grid is read from the first sort.

    Returns
    -------
    dict of int to int
        Each column's value and how many statements it holds, in ascending value order.
    """
    values, counts = np.unique(sorts[0], return_counts=True)
    return {int(v): int(c) for v, c in zip(values, counts, strict=True)}


def _check_forced_distribution(sorts: np.ndarray, participants: list[str] | None) -> None:
    reference = np.sort(sorts[0])
    differing = np.flatnonzero(np.any(np.sort(sorts, axis=1) != reference, axis=1))
    if differing.size == 0:
        return
    i = int(differing[0])
    expected = Counter(sorts[0].tolist())
    found = Counter(sorts[i].tolist())
    details = []
    for value in sorted(set(expected) | set(found)):
        if expected[value] != found[value]:
            details.append(
                f"{found[value]} statement(s) at {value:+d} where the grid has {expected[value]}"
            )
    more = f" ({differing.size - 1} more sort(s) differ too)" if differing.size > 1 else ""
    raise AnalysisError(
        f"Q-sort input: {_name(participants, i)} does not follow the forced distribution of "
        f"{_name(participants, 0)}: it has " + "; ".join(details) + more,
        sort_index=i,
    )


def _name(participants: list[str] | None, index: int) -> str:
    if participants is not None and index < len(participants):
        return f"sort {participants[index]!r}"
    return f"sort {index + 1}"
