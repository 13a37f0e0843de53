"""Read and write the project's Q-sort CSV and its companion ``statements.csv`` (design.md §3).

Q-sort CSV: UTF-8 (a BOM is accepted), header ``participant,<statement id>,...``, one row per
sort, integer grid values. Statements CSV: header ``id,text``, one row per statement. Readers
raise :class:`~qsort.formats.errors.FormatError` with the file, the 1-based physical line and
the field of the first problem; writers emit the same contract with LF line endings.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping

import numpy as np

from qsort.formats._io import Source, Target, decode_utf8, parse_int, read_source, write_target
from qsort.formats.errors import FormatError
from qsort.formats.table import QSortTable

Row = tuple[int, list[str]]
"""A CSV record and the physical line on which it starts."""

# Far beyond any real grid (PQMethod allows -6..+13); keeps values inside int64.
MAX_GRID_VALUE = 100


def _rows(text: str, name: str) -> Iterator[Row]:
    """Yield non-blank records with their starting line; fields are stripped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise FormatError(f"unreadable CSV ({err})", file=name, line=start) from None
        fields = [f.strip() for f in record]
        if any(fields) or len(fields) > 1:
            yield start, fields
        start = reader.line_num + 1


def _header(rows: Iterator[Row], name: str) -> tuple[int, list[str]]:
    """Check the ``participant,<statement id>,...`` header and return its line and ids."""
    first = next(rows, None)
    if first is None:
        raise FormatError(
            "the file is empty; expected a header 'participant,<statement id>,...' "
            "and one row per Q-sort",
            file=name,
            line=1,
        )
    line, header = first
    if header[0].lower() != "participant":
        if len(header) > 1 and all(parse_int(f) is not None for f in header[1:]):
            reason = (
                "the header is missing: this line looks like a Q-sort; add a first line "
                "'participant,<statement id>,...'"
            )
        else:
            reason = f"the header must start with 'participant', found {header[0]!r}"
        raise FormatError(reason, file=name, line=line, field=header[0] or None)
    ids = header[1:]
    if not ids:
        raise FormatError(
            "the header names no statements; list the statement ids after 'participant'",
            file=name,
            line=line,
        )
    seen: dict[str, int] = {}
    for col, sid in enumerate(ids, start=2):
        if not sid:
            raise FormatError(
                f"column {col} of the header has no statement id", file=name, line=line
            )
        if sid in seen:
            raise FormatError(
                f"statement id {sid!r} appears twice in the header (columns {seen[sid]} and "
                f"{col}); each statement needs its own id",
                file=name,
                line=line,
                field=sid,
            )
        seen[sid] = col
    return line, ids


def _sort_row(line: int, fields: list[str], ids: list[str], name: str) -> list[int]:
    """Parse one sort's values, checking the column count and every value."""
    if len(fields) != len(ids) + 1:
        raise FormatError(
            f"expected {len(ids) + 1} columns (participant + {len(ids)} statements), "
            f"found {len(fields)}",
            file=name,
            line=line,
        )
    values = []
    for sid, raw in zip(ids, fields[1:], strict=True):
        value = parse_int(raw)
        if value is None:
            reason = (
                "the value is empty; every statement needs a grid value"
                if not raw
                else f"{raw!r} is not an integer; grid values are whole numbers such as -2 or 3"
            )
            raise FormatError(reason, file=name, line=line, field=sid)
        if abs(value) > MAX_GRID_VALUE:
            raise FormatError(
                f"{raw!r} is outside any Q-sort grid (values run from -{MAX_GRID_VALUE} to "
                f"{MAX_GRID_VALUE})",
                file=name,
                line=line,
                field=sid,
            )
        values.append(value)
    return values


def read_qsort_csv(source: Source) -> QSortTable:
    """Read a Q-sort CSV.

    Parameters
    ----------
    source : path or binary stream
        The CSV file (UTF-8, optional BOM, CRLF or LF). Fully blank lines are ignored.

    Returns
    -------
    QSortTable
        Participants and statements in file order.

    Raises
    ------
    FormatError
        Naming the file, line and field of the first problem.
    """
    data, name = read_source(source)
    rows = _rows(decode_utf8(data, name), name)
    header_line, ids = _header(rows, name)
    participants: dict[str, int] = {}
    matrix: list[list[int]] = []
    for line, fields in rows:
        values = _sort_row(line, fields, ids, name)
        pid = fields[0]
        if not pid:
            raise FormatError(
                "the participant id is empty; give every Q-sort a name",
                file=name,
                line=line,
                field="participant",
            )
        if pid in participants:
            raise FormatError(
                f"participant {pid!r} appears twice (lines {participants[pid]} and {line}); "
                "give every Q-sort its own name",
                file=name,
                line=line,
                field="participant",
            )
        participants[pid] = line
        matrix.append(values)
    if not matrix:
        raise FormatError(
            "the file has a header but no Q-sorts; add one row per participant",
            file=name,
            line=header_line,
        )
    return QSortTable(tuple(participants), tuple(ids), np.array(matrix, dtype=np.int64))


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
    """Read a statements CSV with header ``id,text``.

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
    rows = _rows(decode_utf8(data, name), name)
    first = next(rows, None)
    if first is None:
        raise FormatError("the file is empty; expected a header 'id,text'", file=name, line=1)
    line, header = first
    if [h.lower() for h in header] != ["id", "text"]:
        raise FormatError(
            f"the header must be 'id,text', found {','.join(header)!r}", file=name, line=line
        )
    texts: dict[str, str] = {}
    lines: dict[str, int] = {}
    for line, fields in rows:
        if len(fields) != 2:
            raise FormatError(
                f"expected 2 columns (id, text), found {len(fields)}; put double quotes "
                "around a text that contains commas",
                file=name,
                line=line,
            )
        sid, text = fields
        if not sid:
            raise FormatError("the statement id is empty", file=name, line=line, field="id")
        if sid in texts:
            raise FormatError(
                f"statement id {sid!r} appears twice (lines {lines[sid]} and {line})",
                file=name,
                line=line,
                field="id",
            )
        if not text:
            raise FormatError(f"statement {sid!r} has no text", file=name, line=line, field="text")
        texts[sid], lines[sid] = text, line
    return texts


def write_statements_csv(texts: Mapping[str, str], target: Target) -> None:
    """Write ``id,text`` rows (UTF-8, LF line endings) in the mapping's order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "text"])
    writer.writerows(texts.items())
    write_target(target, buffer.getvalue())
