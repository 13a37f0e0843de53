"""Priorities that hold up: per statement, for the whole room and per group.

For every statement: the mean grid value with its 95 % t interval (:mod:`.intervals`), the
spread (standard deviation, n - 1 divisor), how many sorts put it in each column and in the two
extreme columns, and Wilcoxon's signed-rank test [1]_ against the neutral column
(:mod:`.signed_rank`) with Benjamini-Hochberg control of the false-discovery rate [2]_ over the
statements of one table (:mod:`.multiple_testing`). The verdict is "priority" when q <= ``fdr`` and the statement lies
above neutral, "not_priority" when q <= ``fdr`` below it, else "unclear". Per table, Kendall's W
with the tie correction [3]_ says how much the room (or group) agrees on the order
(:mod:`.concordance`).

The neutral point is the middle of the grid's value range, (lowest + highest) / 2: 0 on
-4..+4, 5 on 1..9, 1 on -3..+5; with an even number of columns it lies between the two middle
columns and no card is "at" neutral. Where column heights are skewed the grid's own mean differs
from the neutral point, and so does a statement placed at random; ``grid_mean`` is reported
beside ``neutral`` for that reason.

Everything is computed from one table of counts (table x statement x column), so time and
memory are O(N x M) to count and O((G + 1) x M x K) afterwards: no resampling.

References
----------
.. [1] Wilcoxon, F. (1945). Individual comparisons by ranking methods. *Biometrics Bulletin*,
   1(6), 80-83. https://doi.org/10.2307/3001968
.. [2] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: a practical
   and powerful approach to multiple testing. *Journal of the Royal Statistical Society, Series
   B*, 57(1), 289-300. https://doi.org/10.1111/j.2517-6161.1995.tb02031.x
.. [3] Siegel, S., & Castellan, N. J. (1988). *Nonparametric Statistics for the Behavioral
   Sciences* (2nd ed.). New York: McGraw-Hill, ch. 9 (Kendall's W).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qsort.analysis.concordance import (
    Concordance,
    grid_rank_table,
    grid_tie_total,
    kendall_w_from_rank_sums,
)
from qsort.analysis.intervals import CONFIDENCE, mean_interval
from qsort.analysis.multiple_testing import benjamini_hochberg
from qsort.analysis.signed_rank import signed_rank_from_counts

FDR = 0.05
ZERO_METHOD = "pratt"
VERDICTS = ("priority", "not_priority", "unclear")


@dataclass(frozen=True)
class StatementPriority:
    """One statement in one table. ``counts`` per grid column, lowest column first."""

    statement: str
    rank: int
    mean: float
    ci_low: float | None
    ci_high: float | None
    sd: float | None
    counts: list[int]
    n_top: int
    n_bottom: int
    z: float | None
    p: float | None
    q: float | None
    verdict: str

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class PriorityTable:
    """The room (``group=None``) or one group; statements in statement order."""

    group: str | None
    n_sorts: int
    statements: list[StatementPriority]
    concordance: Concordance

    def ranked(self) -> list[StatementPriority]:
        return sorted(self.statements, key=lambda s: s.rank)

    def as_dict(self) -> dict[str, object]:
        return {
            "group": self.group,
            "n_sorts": self.n_sorts,
            "kendall_w": self.concordance.w,
            "kendall_chi2": self.concordance.chi2,
            "kendall_df": self.concordance.df,
            "statements": [s.as_dict() for s in self.statements],
        }


@dataclass(frozen=True)
class Priorities:
    neutral: float
    grid_mean: float
    grid_values: list[int]
    confidence: float
    fdr: float
    zero_method: str
    room: PriorityTable
    groups: list[PriorityTable]

    def as_dict(self) -> dict[str, object]:
        return {
            "neutral": self.neutral,
            "grid_mean": self.grid_mean,
            "grid_values": self.grid_values,
            "confidence": self.confidence,
            "fdr": self.fdr,
            "interval": "Student t interval of the mean",
            "test": (
                f"Wilcoxon signed-rank against the neutral value, normal approximation, zeros "
                f"by {self.zero_method.capitalize()}'s method, tie-corrected; Benjamini-Hochberg "
                "over the statements of each table"
            ),
            "room": self.room.as_dict(),
            "groups": [g.as_dict() for g in self.groups],
        }


def priorities(
    sorts: np.ndarray,
    statements: Sequence[str],
    *,
    groups: Sequence[str | None] | None = None,
    fdr: float = FDR,
    confidence: float = CONFIDENCE,
    zero_method: str = ZERO_METHOD,
) -> Priorities:
    """Priorities of the room and of each group.

    Parameters
    ----------
    sorts : ndarray of int, shape (N, M)
        Validated sorts on one forced grid (:func:`qsort.analysis.qsorts.validate_sorts`).
    statements : sequence of str, length M
        Statement ids, in column order of ``sorts``.
    groups : sequence of str or None, length N, optional
        Each sort's group label; None or blank = in no group (counted in the room only).
        Groups are reported in the order of their labels.
    fdr : float
        False-discovery rate of the verdicts.
    confidence : float
        Level of the t intervals of the means.
    zero_method : {"pratt", "wilcox", "zsplit"}
        What the signed-rank test does with sorts at neutral (:mod:`.signed_rank`).

    Returns
    -------
    Priorities
        The room's table and one per group: per statement the mean and its interval, the
        spread, the counts per column, z, p, q and the verdict; per table Kendall's W.
    """
    x = np.asarray(sorts)
    values = np.unique(x[0])
    labels, table_of_sort = _tables(groups, x.shape[0])
    counts = _counts(x, values, table_of_sort, len(labels))
    tables = [
        _table(label, counts[t], values, list(statements), fdr, confidence, zero_method)
        for t, label in enumerate(labels)
    ]
    lo, hi = float(values[0]), float(values[-1])
    return Priorities(
        neutral=(lo + hi) / 2.0,
        grid_mean=float(x[0].mean()),
        grid_values=values.astype(int).tolist(),
        confidence=confidence,
        fdr=fdr,
        zero_method=zero_method,
        room=tables[0],
        groups=tables[1:],
    )


def _tables(groups: Sequence[str | None] | None, n_sorts: int) -> tuple[list, np.ndarray]:
    """Table labels (None = the room, then the groups) and each sort's group table (-1: none)."""
    if groups is None:
        return [None], np.full(n_sorts, -1)
    if len(groups) != n_sorts:
        raise ValueError(f"priorities: {len(groups)} group labels for {n_sorts} sorts")
    cleaned = {raw: str(raw).strip() if raw is not None else "" for raw in dict.fromkeys(groups)}
    names = sorted({g for g in cleaned.values() if g}, key=lambda g: (g.casefold(), g))
    index = {g: t for t, g in enumerate(names, start=1)}
    code = {raw: index.get(label, -1) for raw, label in cleaned.items()}
    return [None, *names], np.fromiter((code[g] for g in groups), np.int64, n_sorts)


def _counts(x: np.ndarray, values: np.ndarray, table_of_sort: np.ndarray, n_tables: int):
    """counts[t, j, k]: sorts of table t that put statement j in column k (one bincount)."""
    m, k = x.shape[1], values.size
    column_of = np.full(int(values[-1] - values[0]) + 1, -1, dtype=np.int64)
    column_of[values - values[0]] = np.arange(k)
    cell = column_of[x - values[0]] + (np.arange(m) * k)[None, :]
    if n_tables == 1:
        return np.bincount(cell.ravel(), minlength=m * k).reshape(1, m, k)
    slot = np.where(table_of_sort >= 0, table_of_sort - 1, n_tables - 1)  # last: no group
    keys = cell + (slot * (m * k))[:, None]
    counts = np.bincount(keys.ravel(), minlength=n_tables * m * k).reshape(n_tables, m, k)
    return np.concatenate([counts.sum(axis=0, keepdims=True), counts[:-1]])


def _table(label, counts, values, statements, fdr, confidence, zero_method) -> PriorityTable:
    n = int(counts[0].sum())
    stats = _statistics(counts, values.astype(float), n, fdr, confidence, zero_method)
    stats = {key: None if v is None else np.asarray(v).tolist() for key, v in stats.items()}
    per_statement = counts.astype(int).tolist()  # Python numbers: one conversion per table
    rows = [_row(s, j, per_statement[j], stats) for j, s in enumerate(statements)]
    return PriorityTable(label, n, rows, _concordance(counts, values, n))


def _statistics(counts, v, n, fdr, confidence, zero_method) -> dict[str, np.ndarray]:
    """Per statement: mean, sd, interval, test, q-value, verdict and rank (arrays of M)."""
    mean = counts @ v / n
    spread = np.sqrt((counts @ v**2 - n * mean**2).clip(min=0) / (n - 1)) if n > 1 else None
    low, high = mean_interval(mean, np.nan if spread is None else spread, n, confidence)
    test = signed_rank_from_counts(v - (v[0] + v[-1]) / 2.0, counts, zero_method=zero_method)
    q = benjamini_hochberg(test.pvalue)
    verdict = np.where(q <= fdr, np.where(test.z > 0, "priority", "not_priority"), "unclear")
    tie_break = np.zeros_like(mean) if spread is None else spread
    order = np.lexsort((np.arange(mean.size), tie_break, -mean))
    rank = np.empty(mean.size, dtype=int)
    rank[order] = np.arange(1, mean.size + 1)
    return {
        "mean": mean,
        "sd": spread,
        "low": low,
        "high": high,
        "z": test.z,
        "p": test.pvalue,
        "q": q,
        "verdict": verdict,
        "rank": rank,
    }


def _row(statement: str, j: int, counts: list[int], stats: dict) -> StatementPriority:
    """One statement's entry; ``stats`` holds lists of Python numbers (see ``_statistics``)."""
    return StatementPriority(
        statement=statement,
        rank=int(stats["rank"][j]),
        mean=float(stats["mean"][j]),
        ci_low=_number(stats["low"][j]),
        ci_high=_number(stats["high"][j]),
        sd=None if stats["sd"] is None else float(stats["sd"][j]),
        counts=counts,
        n_top=int(counts[-1]),
        n_bottom=int(counts[0]),
        z=_number(stats["z"][j]),
        p=_number(stats["p"][j]),
        q=_number(stats["q"][j]),
        verdict=str(stats["verdict"][j]),
    )


def _concordance(counts: np.ndarray, values: np.ndarray, n_sorts: int) -> Concordance:
    """Kendall's W from the counts: on a forced grid every sort ranks a column value alike."""
    grid = np.repeat(values, counts.sum(axis=0) // max(n_sorts, 1))
    rank_of = grid_rank_table(grid)
    rank_sums = counts @ np.array([rank_of[int(v)] for v in values])
    return kendall_w_from_rank_sums(rank_sums, n_sorts, n_sorts * grid_tie_total(grid))


def _number(value: float) -> float | None:
    return None if value is None or np.isnan(value) else float(value)
