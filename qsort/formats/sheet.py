"""Tables of cells, from a delimited text file or a worksheet, and the two layouts a table of
Q-sorts comes in: sorts as rows (the qsort CSV: ``participant,<statement id>,...``) or
statements as rows (R qmethod's layout: one column per sort).

Every problem is a :class:`~qsort.formats.errors.FormatError` located by line (text files) or
by worksheet and cell (workbooks), and the field.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import numpy as np

from qsort.domain.grid import MAX_VALUE, MIN_VALUE
from qsort.formats._io import parse_int, unescape_cell
from qsort.formats.errors import FormatError

DELIMITERS = (",", ";", "\t", "\x1e")
"""Comma, semicolon, tab, and the record separator U+001E (Quince's Baserow export)."""


@dataclass(frozen=True)
class Sheet:
    """Non-blank rows of stripped cell texts with their 1-based line (or worksheet row)."""

    file: str
    rows: list[list[str]]
    numbers: list[int]
    sheet: str | None = None

    def error(
        self,
        code: str,
        /,
        row: int | None = None,
        col: int | None = None,
        field: str | None = None,
        **values: object,
    ) -> FormatError:
        """A FormatError with problem ``code`` (and ``values``) at ``rows[row][col]``
        (indexes into :attr:`rows`)."""
        return FormatError(code, **self._at(row, col), field=field, **values)

    def _at(self, row: int | None, col: int | None) -> dict[str, object]:
        number = self.numbers[row] if row is not None and row < len(self.numbers) else None
        if row == 0 and not self.numbers:
            number = 1  # an empty file: its first line
        if self.sheet is None:
            return {"file": self.file, "line": number}
        cell = None
        if number is not None:
            cell = f"{column_letter(col)}{number}" if col is not None else f"row {number}"
        return {"file": self.file, "sheet": self.sheet, "cell": cell}

    def where(self, row: int, col: int | None = None) -> dict[str, object]:
        """The location of a cell as FormatError keywords (for errors found later)."""
        return {k: v for k, v in self._at(row, col).items() if k != "file" and v}


def column_letter(index: int | None) -> str:
    """Spreadsheet column name of a 0-based index: 0 -> A, 26 -> AA."""
    if index is None:
        return ""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def text_lines(text: str) -> list[str]:
    """Lines split at CR, LF or CRLF only (``str.splitlines`` also splits at U+001C..U+001E,
    which Quince's export uses between fields)."""
    return re.split(r"\r\n|\r|\n", text)


def sniff_delimiter(text: str) -> str:
    """The delimiter of the first non-blank line: the most frequent of ``,`` ``;`` tab or U+001E
    outside quotes (comma on a tie)."""
    first = next((line for line in text_lines(text) if line.strip()), "")
    outside = "".join(part for k, part in enumerate(first.split('"')) if k % 2 == 0)
    return max(DELIMITERS, key=lambda d: (outside.count(d), d == ","))


def text_sheet(text: str, name: str, delimiter: str | None = None) -> Sheet:
    """Every non-blank record of a delimited text with the line on which it starts."""
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, numbers, start = [], [], 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise FormatError("format.unreadable_csv", file=name, line=start) from None
        fields = [unescape_cell(f.strip()) for f in record]
        while len(fields) > 1 and not fields[-1] and delimiter != ",":
            fields.pop()  # HtmlQ and spreadsheets end rows with a delimiter
        if any(fields):
            rows.append(fields)
            numbers.append(start)
        start = reader.line_num + 1
    return Sheet(name, rows, numbers)


def check_ids(sheet: Sheet, row: int, ids: list[str], first_col: int, kind: str) -> None:
    """Every id present and used once (columns ``first_col``.. of ``row``)."""
    seen: dict[str, int] = {}
    for k, item in enumerate(ids):
        col = first_col + k
        if not item and kind == "sort":
            raise sheet.error("format.header_no_sort_id", row, col, column=col + 1)
        if not item:
            raise sheet.error("format.header_no_statement_id", row, col, column=col + 1)
        if item in seen:
            twice = {"id": repr(item), "first": seen[item] + 1, "second": col + 1}
            if kind == "sort":
                raise sheet.error("format.header_sort_id_twice", row, col, item, **twice)
            raise sheet.error("format.header_statement_id_twice", row, col, item, **twice)
        seen[item] = col


def grid_value(sheet: Sheet, raw: str, row: int, col: int, field: str) -> int:
    """One grid value, or a located error saying why it is not one."""
    value = parse_int(raw)
    if value is None and not raw:
        raise sheet.error("format.value_empty", row, col, field=field)
    if value is None:
        raise sheet.error("format.not_integer", row, col, field=field, value=repr(raw))
    if not MIN_VALUE <= value <= MAX_VALUE:
        raise sheet.error(
            "format.value_outside_grids",
            row,
            col,
            field=field,
            value=repr(raw),
            min=MIN_VALUE,
            max=MAX_VALUE,
        )
    return value


@dataclass(frozen=True)
class Block:
    """Q-sorts read from a sheet: names, statement ids, values (sorts x statements), and where
    each sort stands (FormatError keywords)."""

    participants: list[str]
    statements: list[str]
    values: np.ndarray
    locations: list[dict[str, object]]


def sorts_as_rows(sheet: Sheet) -> Block:
    """Header ``participant,<statement id>,...``; one row per sort (the qsort CSV layout)."""
    if not sheet.rows:
        raise sheet.error("format.empty_sorts_file", 0)
    header = sheet.rows[0]
    ids = header[1:]
    if not ids:
        raise sheet.error("format.header_no_statements", 0)
    check_ids(sheet, 0, ids, 1, "statement")
    names, rows, locations = [], [], []
    for r in range(1, len(sheet.rows)):
        fields = sheet.rows[r]
        if len(fields) != len(ids) + 1:
            raise sheet.error(
                "format.sort_columns", r, expected=len(ids) + 1, n=len(ids), found=len(fields)
            )
        rows.append(
            [
                grid_value(sheet, raw, r, c, sid)
                for c, (sid, raw) in enumerate(zip(ids, fields[1:], strict=True), start=1)
            ]
        )
        if not fields[0]:
            raise sheet.error("format.participant_empty", r, 0, "participant")
        names.append(fields[0])
        locations.append(sheet.where(r))
    if not rows:
        raise sheet.error("format.no_sorts_rows", 0)
    return Block(names, ids, np.array(rows, dtype=np.int64), locations)


def statements_as_rows(sheet: Sheet) -> Block:
    """R qmethod's layout: a header of sort names, one row per statement, one column per sort.

    The first column holds statement ids when its cells are not numbers (its header cell may
    be blank); otherwise ids ``s01``.. are given in row order, as qmethod does.
    """
    if len(sheet.rows) < 2:
        raise sheet.error("format.statements_layout", 0)
    body = sheet.rows[1:]
    with_ids = any(parse_int(row[0]) is None for row in body)
    header = sheet.rows[0]
    names = header[1:] if with_ids else header
    first = 1 if with_ids else 0
    check_ids(sheet, 0, names, first, "sort")
    width = max(2, len(str(len(body))))
    ids = (
        [row[0] for row in body]
        if with_ids
        else [f"s{j:0{width}d}" for j in range(1, len(body) + 1)]
    )
    columns = []
    for r, row in enumerate(body, start=1):
        if len(row) != len(names) + first:
            counts = {"expected": len(names) + first, "n": len(names), "found": len(row)}
            if with_ids:
                raise sheet.error("format.statement_row_columns_ids", r, **counts)
            raise sheet.error("format.statement_row_columns", r, **counts)
        columns.append(
            [grid_value(sheet, raw, r, c + first, names[c]) for c, raw in enumerate(row[first:])]
        )
    if with_ids:
        check_ids(Sheet(sheet.file, [ids], [0]), 0, ids, 0, "statement")
    locations = [{**sheet.where(0, c + first), "field": n} for c, n in enumerate(names)]
    return Block(list(names), ids, np.array(columns, dtype=np.int64).T, locations)


def statement_texts(sheet: Sheet) -> dict[str, str]:
    """``id,text`` rows (a header row first); the text is the widest of the other columns."""
    if len(sheet.rows) < 2:
        raise sheet.error("format.texts_layout", 0)
    body = sheet.rows[1:]
    width = max(len(row) for row in body)
    if width < 2:
        raise sheet.error("format.texts_two_columns", 1)
    column = max(range(1, width), key=lambda c: sum(len(r[c]) for r in body if c < len(r)))
    texts: dict[str, str] = {}
    for r, row in enumerate(body, start=1):
        sid = row[0]
        text = row[column] if column < len(row) else ""
        if not sid:
            raise sheet.error("format.statement_id_empty", r, 0, "id")
        if sid in texts:
            raise sheet.error("format.statement_id_twice", r, 0, "id", id=repr(sid))
        if not text:
            raise sheet.error("format.statement_no_text", r, column, "text", id=repr(sid))
        texts[sid] = text
    return texts
