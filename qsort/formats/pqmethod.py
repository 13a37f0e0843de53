"""Read and write PQMethod's ``.DAT`` (Q-sorts) and ``.STA`` (statements) files (design.md §3).

``.DAT`` layout, fixed width:

- line 1: ``  0``, N sorts (width 3), M statements (width 3), a space, the title;
- line 2: lowest and highest grid value, then the column heights for the values
  :data:`LOWEST` ... :data:`HIGHEST` (all width 3);
- then one line per sort: the name left-justified in 8 characters, 2 blanks, and each
  statement's value as a width-2 field, in statement order.

``.STA`` holds one statement per line in statement order, without numbers. PQMethod is a DOS
program, so writers emit ASCII (transliterated with anyascii) with CRLF line endings and
PQMethod's fixed widths (line 1 padded to 78 characters); readers accept any
line ending, trailing padding, a final Ctrl-Z and latin-1 text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from anyascii import anyascii

from qsort.domain.problems import Problem
from qsort.formats._dat_lines import (
    HIGHEST,
    LOWEST,
    N_COUNTS,
    NAME_WIDTH,
    count_differences,
    signed,
)
from qsort.formats.errors import ExportError
from qsort.formats.table import QSortTable

TITLE_WIDTH = 68
"""PQMethod pads the title to 68 characters, so line 1 is 78 characters wide."""
MAX_COUNT = 999
STA_SAFE_WIDTH = 50
"""Longest statement qmethod's ``import.pqmethod`` reads from a ``.STA`` line."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def ascii_fold(text: str) -> str:
    """Transliterate ``text`` to printable ASCII for PQMethod (anyascii): ``'Één café'`` ->
    ``'Een cafe'``, ``'Straße'`` -> ``'Strasse'``, ``'中文'`` -> ``'ZhongWen'``; control
    characters (line breaks, tabs) become blanks."""
    return _CONTROL.sub(" ", anyascii(text))


@dataclass(frozen=True)
class DatNames:
    """The sort names written to a ``.DAT`` (at most 8 ASCII characters, unique) and the
    originals that had to change, in sort order."""

    names: list[str]
    changed: dict[str, str]


# --------------------------------------------------------------------------------- writing


def distribution(table: QSortTable) -> np.ndarray:
    """Column heights for the values :data:`LOWEST` ... :data:`HIGHEST` shared by every sort
    of ``table``.

    Returns
    -------
    ndarray of int64, shape (N_COUNTS,)

    Raises
    ------
    ExportError
        When a value lies outside PQMethod's grid (:data:`LOWEST` .. :data:`HIGHEST`) or a sort's heights differ from
        the first sort's.
    """
    values = table.values
    outside = (values < LOWEST) | (values > HIGHEST)
    if outside.any():
        low, high = int(values.min()), int(values.max())
        raise ExportError(
            "export.grid_range",
            lowest=signed(LOWEST),
            highest=signed(HIGHEST),
            low=signed(low),
            high=signed(high),
        )
    counts = np.stack([np.bincount(row - LOWEST, minlength=N_COUNTS) for row in values])
    differ = np.flatnonzero((counts != counts[0]).any(axis=1))
    if differ.size:
        i = int(differ[0])
        first = repr(table.participants[0])
        raise ExportError(
            "export.distribution",
            sort=repr(table.participants[i]),
            first=first,
            **count_differences(counts[i], counts[0]),
        )
    return counts[0]


def dat_names(participants: Sequence[str]) -> DatNames:
    """Names PQMethod can hold: transliterated to ASCII, cut to 8 characters, made unique by
    a number at the end (``Particip``, ``Partic02``); an empty one becomes ``S001``.."""
    names: list[str] = []
    taken: set[str] = set()
    changed: dict[str, str] = {}
    for k, pid in enumerate(participants, start=1):
        name = ascii_fold(pid).strip()[:NAME_WIDTH].rstrip() or f"S{k:03d}"
        n = 1
        while name in taken:
            n += 1
            name = f"{name[: NAME_WIDTH - len(str(n)) - 1].rstrip()}{n:02d}"[-NAME_WIDTH:]
        taken.add(name)
        names.append(name)
        if name != pid:
            changed[name] = pid
    return DatNames(names, changed)


def dat_title(title: str) -> str:
    """Line 1's title: ASCII, at most 68 characters, padded to 68 as PQMethod writes it."""
    return ascii_fold(title).strip()[:TITLE_WIDTH].ljust(TITLE_WIDTH)


def dat_bytes(table: QSortTable, title: str | None = None) -> bytes:
    """Encode ``table`` as a PQMethod ``.DAT`` file (ASCII, CRLF after every line).

    Every line has PQMethod's fixed width: line 1 is 78 characters (the title padded to 68),
    line 2 is 66, each sort line ``10 + 2 M``. Sort names are made PQMethod-safe by
    :func:`dat_names` (see :func:`export_notes` for what changed).

    Parameters
    ----------
    table : QSortTable
        Every sort must follow the same distribution, with values in :data:`LOWEST` ..
        :data:`HIGHEST`.
    title : str, optional
        Study title; defaults to ``table.title``.

    Raises
    ------
    ExportError
        For values outside :data:`LOWEST` .. :data:`HIGHEST`, sorts with different
        distributions, or more than 999
        sorts or statements.
    """
    n, m = table.values.shape
    if n > MAX_COUNT or m > MAX_COUNT:
        raise ExportError("export.too_large", sorts=n, statements=m)
    counts = distribution(table)
    names = dat_names(table.participants).names
    present = np.flatnonzero(counts) + LOWEST
    lines = [
        f"  0{n:3d}{m:3d} {dat_title(table.title if title is None else title)}",
        f"{present[0]:3d}{present[-1]:3d}" + "".join(f"{c:3d}" for c in counts),
    ]
    for name, row in zip(names, table.values, strict=True):
        lines.append(f"{name:<{NAME_WIDTH}}  " + "".join(f"{v:2d}" for v in row))
    return "".join(line + "\r\n" for line in lines).encode("ascii")


@dataclass(frozen=True)
class DatLosses:
    """What a ``.DAT``/``.STA`` pair cannot hold of a study, as facts (for notes in any
    language): names changed (written -> original), whether the ids are lost, how many texts
    are transliterated, whether the title changes, and why the grid cannot be written."""

    names: dict[str, str]
    ids_lost: bool
    texts_folded: int
    title_changed: bool
    grid_refused: str | None


def dat_losses(table: QSortTable, title: str | None = None) -> DatLosses:
    width = max(2, len(str(table.n_statements)))
    generated = [f"s{j:0{width}d}" for j in range(1, table.n_statements + 1)]
    texts = table.statement_texts or ()
    raw_title = table.title if title is None else title
    try:
        distribution(table)
        refused = None
    except ExportError as error:
        refused = str(error)
    return DatLosses(
        names=dat_names(table.participants).changed,
        ids_lost=list(table.statements) != generated,
        texts_folded=sum(1 for text in texts if ascii_fold(text).strip() != text.strip()),
        title_changed=ascii_fold(raw_title).strip()[:TITLE_WIDTH] != raw_title.strip(),
        grid_refused=refused,
    )


def export_notes(table: QSortTable, title: str | None = None) -> list[Problem]:
    """What a ``.DAT``/``.STA`` pair cannot hold for ``table``, one problem each (empty when
    nothing changes; ``str()`` of one is its English sentence, :meth:`Problem.worded` words it
    in another language)."""
    losses = dat_losses(table, title)
    notes = []
    if losses.names:
        shown = ", ".join(f"{old!r} -> {new!r}" for new, old in list(losses.names.items())[:5])
        shown += " ..." if len(losses.names) > 5 else ""
        notes.append(
            Problem("export.names_shortened", {"count": len(losses.names), "shown": shown})
        )
    if losses.ids_lost:
        notes.append(Problem("export.ids_numbered", {}))
    if losses.texts_folded:
        notes.append(Problem("export.texts_ascii", {"count": losses.texts_folded}))
    if losses.title_changed:
        notes.append(Problem("export.title_ascii", {}))
    return notes


def write_dat(table: QSortTable, path: str | os.PathLike[str], title: str | None = None) -> None:
    """Write :func:`dat_bytes` of ``table`` to ``path``."""
    Path(path).write_bytes(dat_bytes(table, title))


def sta_bytes(texts: Sequence[str], pqmethod_safe: bool = False) -> bytes:
    """Encode statement texts as a PQMethod ``.STA`` file (ASCII, CRLF after every line).

    Parameters
    ----------
    texts : sequence of str
        Statement texts in statement order; transliterated to ASCII, line breaks inside a
        text become blanks.
    pqmethod_safe : bool
        Cut every statement to 50 characters, the most qmethod's importer reads.
    """
    lines = []
    for text in texts:
        line = ascii_fold(text).strip()
        if pqmethod_safe:
            line = line[:STA_SAFE_WIDTH].rstrip()
        lines.append(line + "\r\n")
    return "".join(lines).encode("ascii")


def write_sta(
    texts: Sequence[str], path: str | os.PathLike[str], pqmethod_safe: bool = False
) -> None:
    """Write :func:`sta_bytes` of ``texts`` to ``path``."""
    Path(path).write_bytes(sta_bytes(texts, pqmethod_safe))


# The readers live in pqmethod_read; they are part of this module's interface.
from qsort.formats.pqmethod_read import read_dat, read_dat_block, read_sta, read_study  # noqa: E402

__all__ = [
    "HIGHEST",
    "LOWEST",
    "DatLosses",
    "DatNames",
    "ascii_fold",
    "dat_bytes",
    "dat_losses",
    "dat_names",
    "dat_title",
    "distribution",
    "export_notes",
    "read_dat",
    "read_dat_block",
    "read_sta",
    "read_study",
    "sta_bytes",
    "write_dat",
    "write_sta",
]
