"""Read and write PQMethod's ``.DAT`` (Q-sorts) and ``.STA`` (statements) files (design.md §3).

``.DAT`` layout, fixed width:

- line 1: ``  0``, N sorts (width 3), M statements (width 3), a space, the title;
- line 2: lowest and highest grid value, then 20 column heights for the values -6 ... +13
  (all width 3);
- then one line per sort: the name left-justified in 8 characters, 2 blanks, and each
  statement's value as a width-2 field, in statement order.

``.STA`` holds one statement per line in statement order, without numbers. PQMethod is a DOS
program, so writers emit ASCII (diacritics folded) with CRLF line endings; readers accept any
line ending, trailing padding, a final Ctrl-Z and latin-1 text.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from qsort.formats._io import Source, parse_int, read_source
from qsort.formats.errors import FormatError
from qsort.formats.table import QSortTable

LOWEST, HIGHEST = -6, 13
"""The grid values PQMethod's line 2 can describe."""
N_COUNTS = HIGHEST - LOWEST + 1
TITLE_WIDTH = 68
NAME_WIDTH = 8
MAX_COUNT = 999
STA_SAFE_WIDTH = 50
"""Longest statement qmethod's ``import.pqmethod`` reads from a ``.STA`` line."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def ascii_fold(text: str) -> str:
    """Fold ``text`` to printable ASCII for PQMethod.

    NFKD-decompose, drop combining marks, turn control characters (line breaks, tabs) into
    blanks and any other non-ASCII character into ``?``: ``'Één café'`` -> ``'Een cafe'``.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _CONTROL.sub(" ", kept).encode("ascii", "replace").decode("ascii")


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


# --------------------------------------------------------------------------------- writing


def distribution(table: QSortTable) -> np.ndarray:
    """Column heights for the values -6 ... +13 shared by every sort of ``table``.

    Returns
    -------
    ndarray of int64, shape (20,)

    Raises
    ------
    ValueError
        When a value lies outside -6..+13 or a sort's heights differ from the first sort's.
    """
    values = table.values
    outside = (values < LOWEST) | (values > HIGHEST)
    if outside.any():
        i, j = (int(k) for k in np.argwhere(outside)[0])
        raise ValueError(
            f"PQMethod: sort {table.participants[i]!r} gives statement {table.statements[j]!r} "
            f"the value {_signed(int(values[i, j]))}; PQMethod grids run from -6 to +13"
        )
    counts = np.stack([np.bincount(row - LOWEST, minlength=N_COUNTS) for row in values])
    for i in range(1, len(counts)):
        if not np.array_equal(counts[i], counts[0]):
            raise ValueError(
                f"PQMethod: sort {table.participants[i]!r} does not follow the distribution of "
                f"sort {table.participants[0]!r}: "
                + _count_differences(counts[i], counts[0], repr(table.participants[0]))
            )
    return counts[0]


def _count_differences(actual: np.ndarray, expected: np.ndarray, other: str) -> str:
    diffs = [
        f"{int(actual[k])} statement{'' if actual[k] == 1 else 's'} at {_signed(k + LOWEST)} "
        f"where {other} has {int(expected[k])}"
        for k in np.flatnonzero(actual != expected)
    ]
    return "; ".join(diffs)


def _dat_names(participants: Sequence[str]) -> list[str]:
    names: dict[str, str] = {}
    for pid in participants:
        name = ascii_fold(pid).strip()[:NAME_WIDTH].rstrip()
        if not name:
            raise ValueError(f"PQMethod: sort name {pid!r} is empty once folded to ASCII")
        if name in names:
            raise ValueError(
                f"PQMethod: sorts {names[name]!r} and {pid!r} both become {name!r} "
                f"(names are cut to {NAME_WIDTH} ASCII characters); rename one"
            )
        names[name] = pid
    return list(names)


def dat_bytes(table: QSortTable, title: str | None = None) -> bytes:
    """Encode ``table`` as a PQMethod ``.DAT`` file (ASCII, CRLF after every line).

    Parameters
    ----------
    table : QSortTable
        Every sort must follow the same distribution, with values in -6..+13.
    title : str, optional
        Study title; defaults to ``table.title``. Folded to ASCII and cut to 68 characters.

    Raises
    ------
    ValueError
        For values outside -6..+13, sorts with different distributions, more than 999 sorts or
        statements, or sort names that collide once cut to 8 ASCII characters.
    """
    n, m = table.values.shape
    if n > MAX_COUNT or m > MAX_COUNT:
        raise ValueError(
            f"PQMethod: {n} sorts and {m} statements; a .DAT file holds at most 999 of each"
        )
    counts = distribution(table)
    names = _dat_names(table.participants)
    title = ascii_fold(table.title if title is None else title).strip()[:TITLE_WIDTH]
    present = np.flatnonzero(counts) + LOWEST
    lines = [
        f"  0{n:3d}{m:3d} {title}".rstrip(),
        f"{present[0]:3d}{present[-1]:3d}" + "".join(f"{c:3d}" for c in counts),
    ]
    for name, row in zip(names, table.values, strict=True):
        lines.append(f"{name:<{NAME_WIDTH}}  " + "".join(f"{v:2d}" for v in row))
    return "".join(line + "\r\n" for line in lines).encode("ascii")


def write_dat(table: QSortTable, path: str | os.PathLike[str], title: str | None = None) -> None:
    """Write :func:`dat_bytes` of ``table`` to ``path``."""
    Path(path).write_bytes(dat_bytes(table, title))


def sta_bytes(texts: Sequence[str], pqmethod_safe: bool = False) -> bytes:
    """Encode statement texts as a PQMethod ``.STA`` file (ASCII, CRLF after every line).

    Parameters
    ----------
    texts : sequence of str
        Statement texts in statement order; line breaks inside a text become blanks.
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


# --------------------------------------------------------------------------------- reading


def _text_lines(data: bytes) -> list[str]:
    """Decode (UTF-8, else latin-1), cut at Ctrl-Z, split on any line ending, drop padding."""
    data = data.split(b"\x1a", 1)[0]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return [line.rstrip() for line in _LINE_BREAK.split(text)]


def _header(line: str, name: str) -> tuple[int, int, str]:
    """Parse line 1: ``  0``, N (width 3), M (width 3), title."""
    if line[0:3].strip() != "0":
        raise FormatError(
            f"a PQMethod .DAT file starts with '  0' and the numbers of sorts and statements; "
            f"found {line[:20]!r}",
            file=name,
            line=1,
            field="format code",
        )
    numbers = []
    for field, cols in (("number of sorts", (4, 6)), ("number of statements", (7, 9))):
        raw = line[cols[0] - 1 : cols[1]]
        number = parse_int(raw)
        if number is None or number < 1:
            raise FormatError(
                f"{raw.strip()!r} in columns {cols[0]}-{cols[1]} is not a positive number",
                file=name,
                line=1,
                field=field,
            )
        numbers.append(number)
    return numbers[0], numbers[1], line[9:].strip()


def _grid(line: str, m: int, name: str) -> tuple[int, int, np.ndarray]:
    """Parse line 2: lowest, highest, 20 column heights (all width 3); check them against M."""
    labels = ["lowest value", "highest value"] + [
        f"count at {_signed(v)}" for v in range(LOWEST, HIGHEST + 1)
    ]
    if len(line) < 3 * len(labels) or line[3 * len(labels) :].strip():
        raise FormatError(
            f"line 2 must hold 22 numbers of width 3 (lowest value, highest value, 20 counts "
            f"for -6 ... +13), i.e. 66 characters; found {len(line)}",
            file=name,
            line=2,
        )
    numbers = []
    for k, label in enumerate(labels):
        raw = line[3 * k : 3 * k + 3]
        number = parse_int(raw)
        if number is None or (k >= 2 and number < 0):
            raise FormatError(f"{raw.strip()!r} is not a number", file=name, line=2, field=label)
        numbers.append(number)
    lo, hi, counts = numbers[0], numbers[1], np.array(numbers[2:], dtype=np.int64)
    if not LOWEST <= lo <= hi <= HIGHEST:
        raise FormatError(
            f"the grid {_signed(lo)}..{_signed(hi)} is not within -6..+13",
            file=name,
            line=2,
            field="lowest value",
        )
    outside = [v for v in range(LOWEST, HIGHEST + 1) if counts[v - LOWEST] and not lo <= v <= hi]
    if outside:
        raise FormatError(
            f"statements are counted at {_signed(outside[0])}, outside the grid "
            f"{_signed(lo)}..{_signed(hi)}",
            file=name,
            line=2,
            field=f"count at {_signed(outside[0])}",
        )
    if counts.sum() != m:
        raise FormatError(
            f"the counts sum to {counts.sum()}, but line 1 announces {m} statements",
            file=name,
            line=2,
        )
    return lo, hi, counts


def _sort_values(line: str, lineno: int, ids: Sequence[str], name: str) -> list[int]:
    """Parse the width-2 value fields of a sort line (name in columns 1-8).

    The values start in column 11 when columns 9-10 are blank. Otherwise (one blank only, or a
    name running into column 9) the values are taken as the last 2*M characters of the line.
    """
    m, sort = len(ids), line[:NAME_WIDTH].strip()
    standard = not line[NAME_WIDTH : NAME_WIDTH + 2].strip()
    start = NAME_WIDTH + 2 if standard else max(NAME_WIDTH, len(line) - 2 * m)
    extra, body = line[NAME_WIDTH:start], line[start:]
    if len(body) < 2 * m:
        found = len(body) // 2
        raise FormatError(
            f"sort {sort!r} has values for {found} of {m} statements; the value for "
            f"{ids[found]} is missing (each value takes 2 characters from column 11)",
            file=name,
            line=lineno,
            field=ids[found],
        )
    if extra.strip() or len(body) > 2 * m:
        raise FormatError(
            f"sort {sort!r} has more than {m} values, or a name longer than 8 characters",
            file=name,
            line=lineno,
            field="name",
        )
    values = []
    for j, sid in enumerate(ids):
        raw = body[2 * j : 2 * j + 2]
        value = parse_int(raw)
        if value is None:
            raise FormatError(
                f"{raw!r} is not a number (sort {sort!r})", file=name, line=lineno, field=sid
            )
        values.append(value)
    return values


def _check_sort(
    values: list[int], grid: tuple[int, int, np.ndarray], sort: str, name: str, lineno: int
) -> None:
    """Check that a sort stays in the grid and follows line 2's column heights."""
    lo, hi, counts = grid
    for value in values:
        if not lo <= value <= hi:
            raise FormatError(
                f"sort {sort!r} uses the value {_signed(value)}, outside the grid "
                f"{_signed(lo)}..{_signed(hi)} of line 2",
                file=name,
                line=lineno,
            )
    own = np.bincount(np.array(values) - LOWEST, minlength=N_COUNTS)
    if not np.array_equal(own, counts):
        raise FormatError(
            f"sort {sort!r} has {_count_differences(own, counts, 'the grid')}; every sort must "
            "follow the distribution on line 2",
            file=name,
            line=lineno,
        )


def _sort_lines(lines: list[str], n: int, name: str) -> list[tuple[int, str]]:
    """Non-blank lines after line 2 with their 1-based numbers; there must be exactly N."""
    found = [(k, line) for k, line in enumerate(lines[2:], start=3) if line.strip()]
    if len(found) != n:
        detail = f"; the first extra one is on line {found[n][0]}" if len(found) > n else ""
        raise FormatError(
            f"line 1 announces {n} sorts, but the file has {len(found)} sort lines{detail}",
            file=name,
            line=1,
            field="number of sorts",
        )
    return found


def _unique(names: list[str]) -> list[str]:
    """Keep repeated sort names apart: the second ``F`` becomes ``F_2`` (PQMethod allows them)."""
    seen: dict[str, int] = {}
    out = []
    for sort in names:
        seen[sort] = seen.get(sort, 0) + 1
        candidate = sort if seen[sort] == 1 else f"{sort}_{seen[sort]}"
        while candidate in seen and candidate != sort:
            candidate += "_"
        out.append(candidate)
    return out


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
        title from line 1, the sort names from columns 1-8 (a repeated name gets ``_2``, ...).

    Raises
    ------
    FormatError
        Naming the line and field: bad header, bad line 2 or counts not summing to M, a sort
        line that is short or holds a non-number, a number of sort lines other than N, or a
        sort that does not follow line 2's distribution.
    """
    data, name = read_source(source)
    lines = _text_lines(data)
    n, m, title = _header(lines[0], name)
    if len(lines) < 2 or not lines[1]:
        raise FormatError(
            "line 2 must give the grid: lowest and highest value and 20 column heights",
            file=name,
            line=2,
        )
    grid = _grid(lines[1], m, name)
    width = max(2, len(str(m)))
    ids = [f"s{j:0{width}d}" for j in range(1, m + 1)]
    names, rows = [], []
    for lineno, line in _sort_lines(lines, n, name):
        sort = line[:NAME_WIDTH].strip()
        if not sort:
            raise FormatError(
                "the sort name (columns 1-8) is blank", file=name, line=lineno, field="name"
            )
        values = _sort_values(line, lineno, ids, name)
        _check_sort(values, grid, sort, name, lineno)
        names.append(sort)
        rows.append(values)
    return QSortTable(tuple(_unique(names)), tuple(ids), np.array(rows, dtype=np.int64), title)


def read_sta(source: Source, n_statements: int | None = None) -> list[str]:
    """Read a PQMethod ``.STA`` file: one statement per line, in statement order.

    Trailing blanks and trailing empty lines are dropped; any line ending is accepted.

    Raises
    ------
    FormatError
        When ``n_statements`` is given and the file holds a different number of statements.
    """
    data, name = read_source(source)
    texts = [line.strip() for line in _text_lines(data)]
    while texts and not texts[-1]:
        texts.pop()
    if n_statements is not None and len(texts) != n_statements:
        raise FormatError(
            f"the file holds {len(texts)} statements, but the sorts have {n_statements}; "
            "put one statement per line, in statement order",
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
