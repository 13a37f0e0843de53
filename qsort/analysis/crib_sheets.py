"""Crib sheets: each viewpoint's factor array read against the others (Watts & Stenner [1]_).

A crib sheet lists, for one factor, four groups of statements, the way KADE [2]_ builds them from the factor arrays:

1. **highest**: the statements with the highest z-scores, as many as the grid's highest column
   holds;
2. **lowest**: likewise the lowest z-scores, as many as the lowest column holds;
3. **higher**: of the remaining statements, those the factor places at or above the neutral
   column *and* at least as high as every other factor does (a tie with another factor counts,
   as in KADE; ``strict`` says whether it is higher than all of them);
4. **lower**: of the remaining statements, those at or below neutral and at least as low as in
   every other factor.

Within each group statements run from the highest z-score down. Every entry carries the other
factors' array values and whether the statement is distinguishing for this factor (p < .05) or
a consensus statement. Two documented differences from KADE: the highest group is sized by the
highest column and the lowest by the lowest column (KADE sizes each by the opposite column,
which differs only on asymmetric grids), and with a single factor the "higher"/"lower" groups are
empty (there is nothing to compare with; KADE would list every statement on its side of
neutral). Neutral is the middle of the grid's value range, as in :mod:`.priorities`.

References
----------
.. [1] Watts, S., & Stenner, P. (2012). *Doing Q Methodological Research: Theory, Method and
   Interpretation*. London: SAGE, ch. 7 (the crib sheet as a route to interpretation).
   https://doi.org/10.4135/9781446251911
.. [2] Banasick, S. (2019). KADE: A desktop application for Q methodology. *Journal of Open
   Source Software*, 4(36), 1360 (its "relative ranking of statements" output).
   https://doi.org/10.21105/joss.01360
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CribEntry:
    statement: str
    value: int
    z: float
    others: dict[int, int]
    strict: bool
    marker: str | None  # "distinguishing" | "consensus" | None

    def as_dict(self) -> dict[str, object]:
        return {
            "statement": self.statement,
            "value": self.value,
            "z": self.z,
            "others": {str(f): v for f, v in self.others.items()},
            "strict": self.strict,
            "marker": self.marker,
        }


@dataclass(frozen=True)
class CribSheet:
    factor: int
    highest: list[CribEntry]
    higher: list[CribEntry]
    lower: list[CribEntry]
    lowest: list[CribEntry]

    def as_dict(self) -> dict[str, object]:
        groups = ("highest", "higher", "lower", "lowest")
        return {"factor": self.factor} | {
            g: [e.as_dict() for e in getattr(self, g)] for g in groups
        }


def crib_sheets(
    z: np.ndarray,
    arrays: np.ndarray,
    grid: np.ndarray,
    statements: Sequence[str],
    distinguishing: Mapping[int, Sequence[str]],
    consensus: Sequence[str],
) -> list[CribSheet]:
    """One crib sheet per factor with scores.

    Parameters
    ----------
    z : ndarray, shape (n_statements, n_factors)
        Statement z-scores (a NaN column for a factor without scores).
    arrays : ndarray, shape (n_statements, n_factors)
        The factor arrays.
    grid : array_like, shape (n_statements,)
        The grid values of one sort.
    statements : sequence of str
        Statement ids, in row order.
    distinguishing : mapping of int to sequence of str
        1-based factor -> its distinguishing statement ids (p < .05).
    consensus : sequence of str
        The consensus statement ids.

    Returns
    -------
    list of CribSheet
        One per factor with scores, in factor order.
    """
    scored = [f for f in range(z.shape[1]) if not np.all(np.isnan(z[:, f]))]
    values, heights = np.unique(np.asarray(grid), return_counts=True)
    neutral = (values[0] + values[-1]) / 2.0
    z_rows, array_rows = np.asarray(z).tolist(), np.asarray(arrays).tolist()  # Python numbers
    sheets = []
    for f in scored:
        markers = _markers(statements, distinguishing.get(f + 1, ()), consensus)
        order = np.lexsort((np.arange(z.shape[0]), -z[:, f])).tolist()
        top, bottom = order[: heights[-1]], order[len(order) - heights[0] :]
        rest = [j for j in order if j not in set(top) | set(bottom)]
        others = [g for g in scored if g != f]

        def entry(j, direction, f=f, others=others, markers=markers):
            return _entry(j, f, others, z_rows, array_rows, statements, markers, direction)

        higher = [j for j in rest if others and _beyond(j, f, others, array_rows, neutral, 1)]
        lower = [j for j in rest if others and _beyond(j, f, others, array_rows, neutral, -1)]
        sheets.append(
            CribSheet(
                factor=f + 1,
                highest=[entry(j, 1) for j in top],
                higher=[entry(j, 1) for j in higher],
                lower=[entry(j, -1) for j in lower],
                lowest=[entry(j, -1) for j in bottom],
            )
        )
    return sheets


def _beyond(j: int, f: int, others: list[int], arrays, neutral: float, direction: int) -> bool:
    """At or beyond neutral on ``direction``'s side, and at least as far as every other factor
    (``arrays``: one list of values per statement)."""
    value = direction * arrays[j][f]
    return value >= direction * neutral and all(value >= direction * arrays[j][g] for g in others)


def _entry(j, f, others, z, arrays, statements, markers, direction: int) -> CribEntry:
    """``strict``: further in ``direction`` (+1 higher, -1 lower) than every other factor."""
    value = int(arrays[j][f])
    other_values = {g + 1: int(arrays[j][g]) for g in others}
    return CribEntry(
        statement=statements[j],
        value=value,
        z=float(z[j][f]),
        others=other_values,
        strict=bool(other_values)
        and all(direction * value > direction * v for v in other_values.values()),
        marker=markers.get(statements[j]),
    )


def _markers(statements, distinguishing, consensus) -> dict[str, str]:
    marked = {s: "consensus" for s in consensus if s in set(statements)}
    marked.update({s: "distinguishing" for s in distinguishing})
    return marked
