"""Read PQMethod's ``.DAT`` (Q-sorts) and ``.STA`` (statements) files (design.md §3); the
layout is described in :mod:`qsort.formats.pqmethod`. Any line ending, trailing padding, a
final Ctrl-Z and latin-1 text are accepted; every problem is located by line and field."""

from __future__ import annotations

import numpy as np

from qsort.formats import _dat_lines
from qsort.formats._dat_lines import NAME_WIDTH
from qsort.formats._io import Source, read_source
from qsort.formats.errors import FormatError
from qsort.formats.names import unique_names
from qsort.formats.sheet import Block
from qsort.formats.table import QSortTable


def read_dat(source: Source) -> QSortTable:
    """Read a PQMethod ``.DAT`` file.

    Parameters
    ----------
    source : path or binary stream
        Any line ending (CRLF, LF, CR), trailing blanks, an optional Ctrl-Z at the end; UTF-8
        or else latin-1 text.

    Returns
    -------
    QSortTable
        Statement ids ``s01``..``sMM`` (zero-padded to ``max(2, len(str(M)))`` digits), the
        title from line 1, the sort names from columns 1-8 (a repeated name gets ``_2``, ...;
        :func:`read_dat_block` reports it).

    Raises
    ------
    FormatError
        Naming the line and field: bad header, bad line 2 or counts not summing to M, a sort
        line that is short or holds a non-number, a number of sort lines other than N, or a
        sort that does not follow line 2's distribution.
    """
    data, name = read_source(source)
    block, title = read_dat_block(data, name)
    names, _notes = unique_names(block.participants, block.locations)
    return QSortTable(tuple(names), tuple(block.statements), block.values, title)


def read_dat_block(data: bytes, name: str) -> tuple[Block, str]:
    """The sorts of a ``.DAT`` file as a Block (names as written, each sort's line) and the
    title; see :func:`read_dat`."""
    lines = _dat_lines.text_lines(data)
    n, m, title = _dat_lines.header(lines[0], name)
    if len(lines) < 2 or not lines[1]:
        raise FormatError(
            "format.dat_no_grid",
            file=name,
            line=2,
        )
    grid = _dat_lines.grid(lines[1], m, name)
    width = max(2, len(str(m)))
    ids = [f"s{j:0{width}d}" for j in range(1, m + 1)]
    names, rows, locations = [], [], []
    for lineno, line in _dat_lines.sort_lines(lines, n, name):
        sort = line[:NAME_WIDTH].strip()
        if not sort:
            raise FormatError("format.dat_name_blank", file=name, line=lineno)
        values = _dat_lines.sort_values(line, lineno, ids, name)
        _dat_lines.check_sort(values, grid, sort, name, lineno)
        names.append(sort)
        rows.append(values)
        locations.append({"line": lineno})
    return Block(names, ids, np.array(rows, dtype=np.int64), locations), title


def read_sta(source: Source, n_statements: int | None = None) -> list[str]:
    """Read a PQMethod ``.STA`` file: one statement per line, in statement order.

    Trailing blanks and trailing empty lines are dropped; any line ending is accepted.

    Raises
    ------
    FormatError
        When ``n_statements`` is given and the file holds a different number of statements.
    """
    data, name = read_source(source)
    texts = [line.strip() for line in _dat_lines.text_lines(data)]
    while texts and not texts[-1]:
        texts.pop()
    if n_statements is not None and len(texts) != n_statements:
        raise FormatError(
            "format.sta_count",
            found=len(texts),
            statements=n_statements,
            file=name,
            line=n_statements + 1 if len(texts) > n_statements else None,
        )
    return texts


def read_study(dat_path: Source, sta_path: Source | None = None) -> QSortTable:
    """Read a ``.DAT`` file and, when given, attach the texts of its ``.STA`` file."""
    table = read_dat(dat_path)
    if sta_path is None:
        return table
    return table.with_texts(read_sta(sta_path, n_statements=table.n_statements))
