"""Q-sorts from an ``.xlsx`` workbook (openpyxl, read-only): qsort's own tables workbook (sheet
``Sorts``), Ken-Q/KADE workbooks (sheets such as ``Q sorts`` and ``Statements``, with the
project name in an overview sheet; the "Excel type 3" layout both programs write is
:mod:`qsort.formats.kenq_workbook`), or any workbook whose sheet of sorts is laid out as either
CSV layout: sorts as rows (``participant,<statement id>,...``) or statements as rows (R
qmethod's layout, e.g. a sheet ``3 Qsort`` with ids ``D01``.. down and sorts ``P01``.. across).

Problems are located by worksheet and cell, e.g. ``study.xlsx, sheet 'Sorts', cell C5``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from xml.etree.ElementTree import ParseError

import numpy as np

from qsort.domain.problems import Problem
from qsort.formats._io import unescape_cell
from qsort.formats.errors import FormatError
from qsort.formats.kenq_workbook import is_kenq_workbook, read_kenq_workbook
from qsort.formats.sheet import Block, Sheet, sorts_as_rows, statement_texts, statements_as_rows

MAX_ROWS = 100_000
"""Rows read per worksheet at most (a workbook bomb stops here)."""

# English and Dutch (qsort writes its workbook in the report's language)
SORTS_SHEET = re.compile(r"\bq[\s_-]*sorts?\b|^sorts?$|qsort|^sorteringen$", re.IGNORECASE)
STATEMENTS_SHEET = re.compile(r"statement|q[\s_-]*set|items|stellingen", re.IGNORECASE)
OVERVIEW_SHEET = re.compile(r"overview|summary|project|samenvatting", re.IGNORECASE)
TITLE_LABELS = {"title", "project name", "project", "study", "study title", "name", "titel"}
SORT_LABELS = {
    "participant",
    "participants",
    "q-sort",
    "q sort",
    "qsort",
    "sort",
    "respondent",
    "deelnemer",
}


@dataclass(frozen=True)
class WorkbookStudy:
    """The sorts found in a workbook, the statement texts by id (when a sheet holds them),
    the title, and notes on what was read from where."""

    block: Block
    texts: dict[str, str] | None
    title: str
    notes: list[Problem]


def read_workbook(data: bytes, name: str) -> WorkbookStudy:
    """Find the sheet of sorts (by name first, then any sheet that reads as either layout),
    the statements sheet and the title."""
    sheets = workbook_sheets(data, name)
    if is_kenq_workbook(sheets):
        block, texts, title = read_kenq_workbook(sheets)
        return WorkbookStudy(block, texts, title, ["read as a Ken-Q/KADE output workbook"])
    block, used = _sorts(sheets, name)
    texts_sheet = next(
        (s for s in sheets if s is not used and STATEMENTS_SHEET.search(s.sheet or "")), None
    )
    texts = (
        statement_texts(texts_sheet)
        if texts_sheet is not None and len(texts_sheet.rows) > 1
        else None
    )
    notes = [Problem("note.sorts_sheet", {"sheet": repr(used.sheet)})]
    if texts is not None:
        notes.append(Problem("note.texts_sheet", {"sheet": repr(texts_sheet.sheet)}))
    return WorkbookStudy(block, texts, _title(sheets), notes)


def workbook_sheets(data: bytes, name: str) -> list[Sheet]:
    """Every worksheet as a :class:`Sheet` of cell texts (numbers as written, e.g. ``-2``)."""
    from openpyxl import load_workbook  # only when a workbook is read (start-up cost)
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ParseError, ValueError):
        raise FormatError("format.xlsx_unreadable", file=name) from None
    try:
        return [_sheet(ws, name) for ws in book.worksheets]
    finally:
        book.close()


def _sheet(ws, name: str) -> Sheet:
    rows, numbers = [], []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS:
            raise FormatError(
                "format.xlsx_too_many_rows", max=f"{MAX_ROWS:,}", file=name, sheet=ws.title
            )
        cells = [_text(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            rows.append(cells)
            numbers.append(number)
    return Sheet(name, rows, numbers, sheet=ws.title)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return unescape_cell(str(value).strip())


def _sorts(sheets: list[Sheet], name: str) -> tuple[Block, Sheet]:
    named = [s for s in sheets if SORTS_SHEET.search(s.sheet or "")]
    others = [s for s in sheets if s not in named and not STATEMENTS_SHEET.search(s.sheet or "")]
    first_error: FormatError | None = None
    for sheet in named + others:
        if len(sheet.rows) < 2:
            continue
        try:
            return _either_layout(sheet), sheet
        except FormatError as error:
            first_error = first_error or (error if sheet in named else None)
    if first_error is not None:
        raise first_error
    raise FormatError("format.xlsx_no_sorts", file=name)


def _either_layout(sheet: Sheet) -> Block:
    """Sorts as rows when the first header cell names the sorts' column, else whichever
    layout gives sorts that all follow one forced distribution."""
    if sheet.rows[0][0].lower() in SORT_LABELS:
        return sorts_as_rows(sheet)
    errors = []
    for layout in (statements_as_rows, sorts_as_rows):
        try:
            block = layout(sheet)
        except FormatError as error:
            errors.append(error)
            continue
        if not is_forced(block.values):
            errors.append(sheet.error("format.not_one_distribution", 0))
            continue
        return block
    raise errors[0]


def _title(sheets: list[Sheet]) -> str:
    for sheet in sheets:
        if not OVERVIEW_SHEET.search(sheet.sheet or ""):
            continue
        for row in sheet.rows:
            if (
                len(row) > 1
                and row[0].lower().strip().rstrip(":").strip() in TITLE_LABELS
                and row[1]
            ):
                return row[1]
    return ""


def is_forced(values: np.ndarray) -> bool:
    """Do all sorts (rows) hold the same multiset of grid values?"""
    return bool(len(values)) and bool((np.sort(values, axis=1) == np.sort(values[0])).all())
