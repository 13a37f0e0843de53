"""Ken-Q Analysis and KADE output workbooks ("Excel type 3"), as both programs write them and
read them back: three sheets whose names they never translate.

- ``Project Overview`` (``Analysis Overview`` in older Ken-Q files): label/value rows, among
  them ``Project Name:`` and ``Q sort Design:`` (every statement's grid value, sorted, as
  ``-4,-4,-3,...``).
- ``Q sorts``: title rows (``sorts``, ``Q sorts``), then a header ``Participant,S1,...,SM,Mean,
  Standard Deviation`` (the labels are translated, the ``S<n>`` are not) and one row per sort:
  the name, its M grid values, its mean and standard deviation.
- ``statements``: title rows, then ``<number>,<text>`` for statements 1..M.

Statement ids become ``s01``..``sMM`` as for a KADE zip. A sort that does not follow the
Q sort design is refused with its cell.
"""

from __future__ import annotations

import re

import numpy as np

from qsort.formats._io import parse_int
from qsort.formats.errors import FormatError
from qsort.formats.sheet import Block, Sheet, grid_value

SORTS = ("q sorts", "q-sorts")
STATEMENTS = ("statements",)
OVERVIEWS = ("project overview", "analysis overview")
_STATEMENT_COLUMN = re.compile(r"^S(\d+)$", re.IGNORECASE)


def _find(sheets: list[Sheet], names: tuple[str, ...]) -> Sheet | None:
    return next((s for s in sheets if (s.sheet or "").strip().lower() in names), None)


def is_kenq_workbook(sheets: list[Sheet]) -> bool:
    """Does the workbook have the three sheets Ken-Q and KADE look for?"""
    return all(_find(sheets, names) is not None for names in (SORTS, STATEMENTS, OVERVIEWS))


def read_kenq_workbook(sheets: list[Sheet]) -> tuple[Block, dict[str, str], str]:
    """The sorts, the statement texts by id and the project name of an Excel type 3 file."""
    sorts, statements, overview = (_find(sheets, n) for n in (SORTS, STATEMENTS, OVERVIEWS))
    labels = _labels(overview)
    block = _sorts(sorts)
    _check_design(sorts, block, labels.get("q sort design", ""), overview)
    texts = _texts(statements, block.statements)
    return block, texts, labels.get("project name", "")


def _labels(sheet: Sheet) -> dict[str, str]:
    """``Label:  value`` rows, by lower-case label without the colon."""
    return {
        row[0].strip().rstrip(":").strip().lower(): row[1].strip()
        for row in sheet.rows
        if len(row) > 1 and row[0].strip().endswith(":")
    }


def _header(sheet: Sheet) -> tuple[int, int]:
    """The header row's index and the number of ``S1``.. columns after the name column."""
    for r, row in enumerate(sheet.rows):
        m = 0
        while m + 1 < len(row) and _STATEMENT_COLUMN.match(row[m + 1]):
            if int(_STATEMENT_COLUMN.match(row[m + 1]).group(1)) != m + 1:
                raise sheet.error(
                    "format.kenq_column", r, m + 1, column=f"S{m + 1}", found=repr(row[m + 1])
                )
            m += 1
        if m:
            return r, m
    raise sheet.error("format.kenq_no_header", 0)


def _sorts(sheet: Sheet) -> Block:
    start, m = _header(sheet)
    names, rows, locations = [], [], []
    for r in range(start + 1, len(sheet.rows)):
        row = sheet.rows[r]
        if not row[0]:
            raise sheet.error("format.kenq_name_empty", r, 0, "Participant")
        if len(row) < m + 1:
            raise sheet.error("format.kenq_sort_length", r, found=len(row) - 1, expected=m)
        rows.append([grid_value(sheet, row[c], r, c, f"S{c}") for c in range(1, m + 1)])
        names.append(row[0])
        locations.append(sheet.where(r))
    if not rows:
        raise sheet.error("format.kenq_no_sorts", start)
    width = max(2, len(str(m)))
    ids = [f"s{j:0{width}d}" for j in range(1, m + 1)]
    return Block(names, ids, np.array(rows, dtype=np.int64), locations)


def _check_design(sorts: Sheet, block: Block, design: str, overview: Sheet) -> None:
    numbers = [parse_int(x) for x in design.split(",") if x.strip()]
    if not numbers or None in numbers:
        return  # no design given: the grid is taken from the sorts
    if len(numbers) != block.values.shape[1]:
        raise FormatError(
            "format.kenq_design_length",
            found=len(numbers),
            statements=block.values.shape[1],
            file=overview.file,
            sheet=overview.sheet,
        )
    expected = np.sort(np.array(numbers))
    for k, row in enumerate(block.values):
        if not np.array_equal(np.sort(row), expected):
            raise FormatError(
                "format.kenq_design",
                sort=repr(block.participants[k]),
                overview=repr(overview.sheet),
                design=design,
                file=sorts.file,
                sheet=sorts.sheet,
                cell=block.locations[k].get("cell"),
            )


def _texts(sheet: Sheet, ids: list[str]) -> dict[str, str]:
    by_number: dict[int, str] = {}
    for r, row in enumerate(sheet.rows):
        number = parse_int(row[0]) if row else None
        if number is None or len(row) < 2:
            continue  # title rows and the header
        if number in by_number:
            raise sheet.error("format.kenq_number_twice", r, 0, "Statement Number", number=number)
        by_number[number] = row[1]
    missing = [j for j in range(1, len(ids) + 1) if not by_number.get(j)]
    if missing:
        shown = {"shown": ", ".join(map(str, missing[:5])), "statements": len(ids)}
        if len(missing) > 1:
            raise sheet.error("format.kenq_no_texts", 0, **shown)
        raise sheet.error("format.kenq_no_text", 0, **shown)
    return {sid: by_number[j] for j, sid in enumerate(ids, start=1)}
