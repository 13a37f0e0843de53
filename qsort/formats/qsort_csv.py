"""Read and write the project's Q-sort CSV and its companion ``statements.csv`` (design.md §3).

Q-sort CSV: UTF-8 (a BOM is accepted), comma-, semicolon- or tab-separated, header
``participant,<statement id>,...``, one row per sort, integer grid values. Statements CSV: header ``id,text``, one row per statement. Readers
raise :class:`~qsort.formats.errors.FormatError` with the file, the 1-based physical line and
the field of the first problem; writers emit the same contract with LF line endings.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Mapping

import numpy as np

from qsort.domain.grid import MAX_VALUE, MIN_VALUE
from qsort.formats._io import (
    Source,
    Target,
    decode_text,
    parse_int,
    read_source,
    unescape_cell,
    write_target,
)
from qsort.formats.errors import FormatError
from qsort.formats.names import unique_names
from qsort.formats.sheet import Block, Sheet, check_ids, sniff_delimiter, sorts_as_rows, text_sheet
from qsort.formats.table import QSortTable


def _check_header(sheet: Sheet) -> None:
    if not sheet.rows:
        raise sheet.error("format.empty_sorts_file", 0)
    header = sheet.rows[0]
    if header[0].lower() != "participant":
        if len(header) > 1 and all(parse_int(f) is not None for f in header[1:]):
            raise sheet.error("format.header_missing", 0, 0, field=header[0] or None)
        raise sheet.error(
            "format.header_not_participant", 0, 0, field=header[0] or None, found=repr(header[0])
        )


def read_qsort_block(data: bytes, name: str) -> Block:
    """Read a Q-sort CSV (``,`` ``;`` or tab) into a :class:`~qsort.formats.sheet.Block`.

    The values are parsed in bulk by NumPy and checked with array operations; only when that
    finds a problem is the file read again record by record, to name the line and field.
    """
    text = decode_text(data, name)
    delimiter = sniff_delimiter(text)
    lines = text.splitlines()
    skip = next((k + 1 for k, line in enumerate(lines) if line.strip()), 0)
    header_sheet = text_sheet(lines[skip - 1] if skip else "", name, delimiter)
    bulk = None
    if skip and lines[skip - 1].count('"') % 2 == 0:
        header_sheet = Sheet(name, header_sheet.rows, [skip])
        _check_header(header_sheet)
        check_ids(header_sheet, 0, header_sheet.rows[0][1:], 1, "statement")
        bulk = _bulk(text, delimiter, skip, len(header_sheet.rows[0]) - 1)
    if bulk is None or not _plausible(bulk):
        sheet = text_sheet(text, name, delimiter)
        _check_header(sheet)
        return sorts_as_rows(sheet)
    ids = header_sheet.rows[0][1:]
    names, values, numbers = bulk
    return Block(names, ids, values, [{"line": line} for line in numbers])


def _bulk(
    text: str, delimiter: str, skip: int, m: int
) -> tuple[list[str], np.ndarray, list[int]] | None:
    """Names, values and lines via ``numpy.loadtxt``; None (read record by record instead)
    when a field is quoted, a row has another number of fields, or NumPy cannot parse it."""
    body = text.splitlines()[skip:]
    numbered = [(k, line) for k, line in enumerate(body, start=skip + 1) if line.strip()]
    if (
        m < 1
        or not numbered
        or any('"' in line or line.count(delimiter) != m for _k, line in numbered)
    ):
        return None
    options = dict(delimiter=delimiter, skiprows=skip, comments=None, ndmin=1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # NumPy warns that it skips blank lines
            values = np.loadtxt(
                io.StringIO(text), dtype=np.int64, usecols=range(1, m + 1), **options
            )
    except ValueError:
        return None
    names = [unescape_cell(line.split(delimiter, 1)[0].strip()) for _k, line in numbered]
    return names, values.reshape(len(names), m), [k for k, _line in numbered]


def _plausible(block: tuple[list[str], np.ndarray, list[int]]) -> bool:
    """Checks of the bulk result by array operations; any failure sends the file through the
    record-by-record reader, which names the line and field."""
    names, values, _lines = block
    return (
        len(names) > 0
        and all(names)
        and bool(((values >= MIN_VALUE) & (values <= MAX_VALUE)).all())
    )


def read_qsort_csv(source: Source) -> QSortTable:
    """Read a Q-sort CSV (``,``, ``;`` or tab separated).

    Parameters
    ----------
    source : path or binary stream
        The CSV file (UTF-8, optional BOM, CRLF or LF; or UTF-16 with its BOM). Fully blank
        lines are ignored.

    Returns
    -------
    QSortTable
        Participants and statements in file order; a repeated participant id is kept apart as
        ``<id>_2`` (see :func:`qsort.formats.names.unique_names`).

    Raises
    ------
    FormatError
        Naming the file, line and field of the first problem.
    """
    data, name = read_source(source)
    block = read_qsort_block(data, name)
    names, _notes = unique_names(block.participants, block.locations)
    return QSortTable(tuple(names), tuple(block.statements), block.values)


def write_qsort_csv(table: QSortTable, target: Target) -> None:
    """Write ``table`` as a Q-sort CSV (UTF-8, LF line endings, no BOM).

    Parameters
    ----------
    table : QSortTable
    target : path or text stream
        A text stream should be opened with ``newline=""``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["participant", *table.statements])
    for pid, row in zip(table.participants, table.values, strict=True):
        writer.writerow([pid, *(int(v) for v in row)])
    write_target(target, buffer.getvalue())


def read_statements_csv(source: Source) -> dict[str, str]:
    """Read a statements CSV with header ``id,text`` (``,`` ``;`` or tab).

    Returns
    -------
    dict of str to str
        Statement id to text, in file order.

    Raises
    ------
    FormatError
        For a missing header, a row without exactly two columns, an empty id or text, or a
        repeated id (naming both lines).
    """
    data, name = read_source(source)
    sheet = text_sheet(decode_text(data, name), name)
    if not sheet.rows:
        raise FormatError("format.empty_texts_file", file=name, line=1)
    header = sheet.rows[0]
    if [h.lower() for h in header] != ["id", "text"]:
        raise sheet.error("format.header_not_id_text", 0, found=repr(",".join(header)))
    texts: dict[str, str] = {}
    lines: dict[str, int] = {}
    for r, fields in enumerate(sheet.rows[1:], start=1):
        line = sheet.numbers[r]
        if len(fields) != 2:
            raise sheet.error("format.texts_columns", r, found=len(fields))
        sid, text = fields
        if not sid:
            raise sheet.error("format.statement_id_empty", r, 0, "id")
        if sid in texts:
            raise sheet.error(
                "format.statement_id_twice_lines",
                r,
                0,
                "id",
                id=repr(sid),
                first=lines[sid],
                second=line,
            )
        if not text:
            raise sheet.error("format.statement_no_text", r, 1, "text", id=repr(sid))
        texts[sid], lines[sid] = text, line
    return texts


def write_statements_csv(texts: Mapping[str, str], target: Target) -> None:
    """Write ``id,text`` rows (UTF-8, LF line endings) in the mapping's order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "text"])
    writer.writerows(texts.items())
    write_target(target, buffer.getvalue())
