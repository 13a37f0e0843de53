"""Validation of the Q-sort matrix every analysis starts from.

Orientation, kept everywhere in ``qsort.analysis``: ``values[i, j]`` is the grid value that sort
``i`` gives statement ``j`` (sorts x statements, as in the Q-sort CSV). qmethod stores the
transpose.
"""

from collections import Counter

import numpy as np

from qsort.analysis.errors import AnalysisError
from qsort.domain.problems import Problem
from qsort.domain.values import signed

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
        raise AnalysisError("analysis.not_a_table", dimensions=array.ndim)
    n_sorts, n_statements = array.shape
    if n_sorts < MIN_SORTS:
        raise AnalysisError("analysis.too_few_sorts", sorts=n_sorts, min=MIN_SORTS)
    if n_statements < MIN_STATEMENTS:
        raise AnalysisError(
            "analysis.too_few_statements", statements=n_statements, min=MIN_STATEMENTS
        )
    if not np.issubdtype(array.dtype, np.integer):
        if not np.issubdtype(array.dtype, np.number) or not np.all(np.isfinite(array)):
            raise AnalysisError("analysis.not_numbers")
        if np.any(array != np.round(array)):
            i, j = np.argwhere(array != np.round(array))[0]
            raise AnalysisError(
                "analysis.not_integer",
                sort=_name(participants, i),
                value=float(array[i, j]),
                sort_index=int(i),
            )
    sorts = array.astype(np.int64)
    _check_forced_distribution(sorts, participants)
    if np.all(sorts[0] == sorts[0, 0]):
        raise AnalysisError("analysis.single_column")
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
    columns = [v for v in sorted(set(expected) | set(found)) if expected[v] != found[v]]
    more = Problem("analysis.more_sorts_differ", {"more": differing.size - 1})
    raise AnalysisError(
        "analysis.off_distribution",
        sort=_name(participants, i),
        first=_name(participants, 0),
        columns=[signed(v, minus="-") for v in columns],
        found=[found[v] for v in columns],
        grid=[expected[v] for v in columns],
        more=more if differing.size > 1 else "",
        sort_index=i,
    )


def _name(participants: list[str] | None, index: int) -> str | int:
    """The sort as its text names it: the participant's name quoted, else its number."""
    if participants is not None and index < len(participants):
        return repr(participants[index])
    return index + 1
