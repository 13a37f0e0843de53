"""The in-memory Q-sort table that every reader returns and every writer takes.

``values[i, j]`` is the grid value that sort ``i`` (``participants[i]``) gives statement ``j``
(``statements[j]``): sorts are rows, statements are columns, both in input order. Note that
qmethod's input is the transpose (statements x sorts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from qsort.domain.study import SortsOfStatements


@dataclass(frozen=True, eq=False)
class QSortTable(SortsOfStatements):
    """Q-sorts of one study: N sorts of the same M statements.

    Parameters
    ----------
    participants : tuple of str, length N
        Sort names, unique, in input order.
    statements : tuple of str, length M
        Statement ids, unique, in input order.
    values : ndarray of int64, shape (N, M)
        ``values[i, j]`` is the grid value sort ``i`` gives statement ``j``. Stored read-only.
    title : str
        Study title (used by PQMethod files); empty when unknown.
    statement_texts : tuple of str, length M, optional
        Statement texts in statement order, when known.

    Raises
    ------
    ValueError
        When shapes disagree, ids are empty or repeated, or values are not integers.
    """

    participants: tuple[str, ...]
    statements: tuple[str, ...]
    values: np.ndarray
    title: str = ""
    statement_texts: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        participants = _ids(self.participants, "participant")
        statements = _ids(self.statements, "statement")
        values = _int_matrix(self.values)
        if values.shape != (len(participants), len(statements)):
            raise ValueError(
                f"QSortTable: values have shape {values.shape}, expected "
                f"({len(participants)} participants, {len(statements)} statements)"
            )
        texts = self.statement_texts
        if texts is not None:
            texts = tuple(str(t) for t in texts)
            if len(texts) != len(statements):
                raise ValueError(
                    f"QSortTable: {len(texts)} statement texts for {len(statements)} statements"
                )
        object.__setattr__(self, "participants", participants)
        object.__setattr__(self, "statements", statements)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "title", str(self.title))
        object.__setattr__(self, "statement_texts", texts)

    def with_texts(self, texts: Sequence[str] | None) -> QSortTable:
        """Return a copy carrying ``texts`` (statement order) as :attr:`statement_texts`."""
        return replace(self, statement_texts=None if texts is None else tuple(texts))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QSortTable):
            return NotImplemented
        return (
            self.participants == other.participants
            and self.statements == other.statements
            and self.title == other.title
            and self.statement_texts == other.statement_texts
            and np.array_equal(self.values, other.values)
        )

    __hash__ = None  # type: ignore[assignment]  # holds an ndarray


def _ids(ids: Sequence[str], kind: str) -> tuple[str, ...]:
    out = tuple(ids)
    if not out:
        raise ValueError(f"QSortTable: at least one {kind} is required")
    seen: set[str] = set()
    for item in out:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"QSortTable: {kind} ids must be non-empty strings, got {item!r}")
        if item in seen:
            raise ValueError(f"QSortTable: {kind} id {item!r} appears more than once")
        seen.add(item)
    return out


def _int_matrix(values: Any) -> np.ndarray:
    arr = np.array(values, copy=True)
    if arr.ndim != 2:
        raise ValueError(f"QSortTable: values must be 2-D (sorts x statements), got {arr.ndim}-D")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.array_equal(arr, np.round(arr)):
            raise ValueError("QSortTable: values must be whole numbers (grid positions)")
    elif arr.dtype.kind not in "iu":
        raise ValueError(f"QSortTable: values must be integers, got dtype {arr.dtype}")
    out = arr.astype(np.int64)
    out.setflags(write=False)
    return out
