"""Ranking: the clinic's question "what matters most?", overall and per viewpoint.

The overall ranking needs no factor analysis: every statement's mean grid value over all sorts.
The per-factor ranking orders statements by the factor's z-scores.
"""

from dataclasses import dataclass

import numpy as np

#: How many statements a top (or bottom) list shows: the room's and each viewpoint's, on every
#: screen, in the report and on the command line (:mod:`qsort.presentation` reads it too).
TOP = 5


@dataclass(frozen=True)
class RankedStatement:
    """One statement's place in a ranking (``rank`` 1 = matters most)."""

    statement: str
    rank: int
    mean: float | None = None
    sd: float | None = None
    minimum: int | None = None
    maximum: int | None = None
    z_score: float | None = None
    array_value: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def overall_ranking(sorts: np.ndarray, statements: list[str]) -> list[RankedStatement]:
    """All statements by mean grid value over all sorts, highest first.

    Spread is the standard deviation (n - 1 divisor) and the range. Ties in the mean are broken
    by the smaller spread (more agreement ranks higher), then by statement order.

    Parameters
    ----------
    sorts : ndarray, shape (n_sorts, n_statements)
        The sorts.
    statements : list of str
        Statement ids, in column order.

    Returns
    -------
    list of RankedStatement
        Every statement with its rank, mean, standard deviation, minimum and maximum.
    """
    x = sorts.astype(float)
    mean = x.mean(axis=0)
    sd = x.std(axis=0, ddof=1) if x.shape[0] > 1 else np.zeros(x.shape[1])
    order = np.lexsort((np.arange(mean.size), sd, -mean))
    means, sds = mean.tolist(), sd.tolist()
    lowest, highest = sorts.min(axis=0).tolist(), sorts.max(axis=0).tolist()
    return [
        RankedStatement(
            statement=statements[j],
            rank=rank,
            mean=means[j],
            sd=sds[j],
            minimum=int(lowest[j]),
            maximum=int(highest[j]),
        )
        for rank, j in enumerate(order.tolist(), start=1)
    ]


def factor_ranking(
    z: np.ndarray, arrays: np.ndarray, statements: list[str]
) -> list[RankedStatement]:
    """One factor's statements by z-score, highest first; exact ties by statement order.

    Parameters
    ----------
    z : ndarray, shape (n_statements,)
        The factor's z-scores (all NaN for a factor without scores).
    arrays : ndarray, shape (n_statements,)
        The factor's array values.
    statements : list of str
        Statement ids, in row order.

    Returns
    -------
    list of RankedStatement
        Every statement with its rank, z-score and array value; empty for a factor without
        scores.
    """
    if np.all(np.isnan(z)):
        return []
    order = np.lexsort((np.arange(z.size), -z))
    scores, values = np.asarray(z, dtype=float).tolist(), np.asarray(arrays).tolist()
    return [
        RankedStatement(
            statement=statements[j], rank=rank, z_score=scores[j], array_value=int(values[j])
        )
        for rank, j in enumerate(order.tolist(), start=1)
    ]


def dividing_statements(
    sorts: np.ndarray,
    statements: list[str],
    top: int = 5,
    ranked: list[RankedStatement] | None = None,
) -> list[RankedStatement]:
    """The statements the room disagrees on most: largest spread of grid values first.

    Parameters
    ----------
    sorts : ndarray, shape (n_sorts, n_statements)
        The sorts.
    statements : list of str
        Statement ids, in column order (ties in the spread keep this order).
    top : int
        How many statements.
    ranked : list of RankedStatement, optional
        The :func:`overall_ranking` of the same sorts, if already made.

    Returns
    -------
    list of RankedStatement
        The ``top`` statements with the largest standard deviation.
    """
    ranked = overall_ranking(sorts, statements) if ranked is None else ranked
    by_spread = sorted(ranked, key=lambda r: (-(r.sd or 0.0), statements.index(r.statement)))
    return by_spread[:top]
