"""Private line parsers for PQMethod ``.DAT`` files, used by :mod:`qsort.formats.pqmethod`.

Each function checks one fixed-width line kind (header, grid, sort line) and raises a
:class:`~qsort.formats.errors.FormatError` located by line and field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial

import numpy as np

from qsort.domain.values import signed as _signed
from qsort.formats._io import parse_int
from qsort.formats.errors import FormatError

LOWEST, HIGHEST = -6, 13
"""The grid values PQMethod's line 2 can describe (KADE's ``pattern.txt`` too)."""
N_COUNTS = HIGHEST - LOWEST + 1
NAME_WIDTH = 8

signed = partial(_signed, minus="-")
"""A grid value in the files' and their messages' ASCII: ``-2``, ``0``, ``+3``."""
RANGE = f"{signed(LOWEST)}..{signed(HIGHEST)}"
"""PQMethod's grid range as the messages write it."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def count_differences(actual: np.ndarray, expected: np.ndarray) -> dict[str, list]:
    """Where two column height vectors (:data:`N_COUNTS` long) differ, as language-neutral
    lists: the ``columns`` (``"+2"``), the ``found`` heights and the ``expected`` ones."""
    differ = np.flatnonzero(actual != expected)
    return {
        "columns": [signed(int(k) + LOWEST) for k in differ],
        "found": [int(actual[k]) for k in differ],
        "expected": [int(expected[k]) for k in differ],
    }


def text_lines(data: bytes) -> list[str]:
    """Decode (UTF-8, else latin-1), cut at Ctrl-Z, split on any line ending, drop padding."""
    data = data.split(b"\x1a", 1)[0]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return [line.rstrip() for line in _LINE_BREAK.split(text)]


def header(line: str, name: str) -> tuple[int, int, str]:
    """Parse line 1: ``  0``, N (width 3), M (width 3), title."""
    if line[0:3].strip() != "0":
        raise FormatError(
            "format.dat_line1",
            found=repr(line[:20]),
            file=name,
            line=1,
        )
    numbers = []
    for cols in ((4, 6), (7, 9)):
        raw = line[cols[0] - 1 : cols[1]]
        number = parse_int(raw)
        if number is None or number < 1:
            raise FormatError(
                "format.dat_not_positive",
                value=repr(raw.strip()),
                first=cols[0],
                last=cols[1],
                file=name,
                line=1,
            )
        numbers.append(number)
    return numbers[0], numbers[1], line[9:].strip()


def grid(line: str, m: int, name: str) -> tuple[int, int, np.ndarray]:
    """Parse line 2: lowest, highest, :data:`N_COUNTS` column heights (all width 3); check them
    against M."""
    labels = [None, None] + [signed(v) for v in range(LOWEST, HIGHEST + 1)]
    numbers = _grid_numbers(line, labels, name)
    lo, hi, counts = numbers[0], numbers[1], np.array(numbers[2:], dtype=np.int64)
    _check_grid(lo, hi, counts, m, name)
    return lo, hi, counts


def _grid_numbers(line: str, labels: list[str | None], name: str) -> list[int]:
    """Line 2's numbers, each of width 3; the counts may not be negative. A count's field is
    its column value (``"+3"``)."""
    if len(line) < 3 * len(labels) or line[3 * len(labels) :].strip():
        raise FormatError(
            "format.dat_line2_width",
            found=len(line),
            numbers=len(labels),
            counts=N_COUNTS,
            lowest=signed(LOWEST),
            highest=signed(HIGHEST),
            width=3 * len(labels),
            file=name,
            line=2,
        )
    numbers = []
    for k, label in enumerate(labels):
        raw = line[3 * k : 3 * k + 3]
        number = parse_int(raw)
        if number is None or (k >= 2 and number < 0):
            raise FormatError(
                "format.dat_grid_not_number",
                value=repr(raw.strip()),
                first=3 * k + 1,
                last=3 * k + 3,
                file=name,
                line=2,
                field=label,
            )
        numbers.append(number)
    return numbers


def _check_grid(lo: int, hi: int, counts: np.ndarray, m: int, name: str) -> None:
    """The range within PQMethod's, no count outside it, and the counts adding up to M."""
    if not LOWEST <= lo <= hi <= HIGHEST:
        raise FormatError(
            "format.dat_grid_range",
            low=signed(lo),
            high=signed(hi),
            range=RANGE,
            file=name,
            line=2,
        )
    outside = [v for v in range(LOWEST, HIGHEST + 1) if counts[v - LOWEST] and not lo <= v <= hi]
    if outside:
        raise FormatError(
            "format.dat_count_outside",
            value=signed(outside[0]),
            low=signed(lo),
            high=signed(hi),
            file=name,
            line=2,
            field=signed(outside[0]),
        )
    if counts.sum() != m:
        raise FormatError(
            "format.dat_count_sum", total=int(counts.sum()), statements=m, file=name, line=2
        )


def sort_values(line: str, lineno: int, ids: Sequence[str], name: str) -> list[int]:
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
            "format.dat_values_missing",
            sort=repr(sort),
            found=found,
            statements=m,
            id=ids[found],
            file=name,
            line=lineno,
            field=ids[found],
        )
    if extra.strip() or len(body) > 2 * m:
        raise FormatError(
            "format.dat_values_extra",
            sort=repr(sort),
            statements=m,
            file=name,
            line=lineno,
        )
    values = []
    for j, sid in enumerate(ids):
        raw = body[2 * j : 2 * j + 2]
        value = parse_int(raw)
        if value is None:
            raise FormatError(
                "format.dat_value_not_number",
                value=repr(raw),
                sort=repr(sort),
                file=name,
                line=lineno,
                field=sid,
            )
        values.append(value)
    return values


def check_sort(
    values: list[int], grid: tuple[int, int, np.ndarray], sort: str, name: str, lineno: int
) -> None:
    """Check that a sort stays in the grid and follows line 2's column heights."""
    lo, hi, counts = grid
    for value in values:
        if not lo <= value <= hi:
            raise FormatError(
                "format.dat_value_outside",
                sort=repr(sort),
                value=signed(value),
                low=signed(lo),
                high=signed(hi),
                file=name,
                line=lineno,
            )
    own = np.bincount(np.array(values) - LOWEST, minlength=N_COUNTS)
    if not np.array_equal(own, counts):
        raise FormatError(
            "format.dat_distribution",
            sort=repr(sort),
            **count_differences(own, counts),
            file=name,
            line=lineno,
        )


def sort_lines(lines: list[str], n: int, name: str) -> list[tuple[int, str]]:
    """Non-blank lines after line 2 with their 1-based numbers; there must be exactly N."""
    found = [(k, line) for k, line in enumerate(lines[2:], start=3) if line.strip()]
    if len(found) != n:
        counted = {"sorts": n, "found": len(found), "file": name, "line": 1}
        if len(found) > n:
            raise FormatError(
                "format.dat_sorts_extra",
                **counted,
                extra=found[n][0],
            )
        raise FormatError("format.dat_sorts_count", **counted)
    return found
