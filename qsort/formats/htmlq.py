"""Import Q-sorts exported by easy-htmlq / HtmlQ, as JSON (design.md §3) or as CSV.

The file is an object keyed by record id. Each record has ``sort``: the grid values in
statement order joined by ``|`` (values may carry ``+`` or blanks), and optionally
``uid``/``partId`` (the participant id; the record key otherwise), ``comment<N>`` strings and
``npos``/``nneu``/``nneg`` counts. Statement ids become ``s01``..``sMM`` as for PQMethod.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

from qsort.formats._io import Source, decode_utf8, parse_int, read_source
from qsort.formats.errors import FormatError
from qsort.formats.names import unique_names
from qsort.formats.sheet import Block, Sheet, grid_value
from qsort.formats.table import QSortTable


def read_htmlq(source: Source) -> tuple[QSortTable, dict[str, dict[str, str]]]:
    """Read an easy-htmlq JSON export with the participants' comments.

    Returns
    -------
    table : QSortTable
        One sort per record, in file order (a repeated participant id is kept apart, ``_2``).
    comments : dict
        Participant id -> ``{"comment1": text, ...}`` for records that carry comments.

    Raises
    ------
    FormatError
        For text that is not JSON (with its line), a top level that is not an object, a
        record without a ``sort`` string, a value that is not an integer or sorts of
        different lengths; the field names the record key.
    """
    data, name = read_source(source)
    block, comments = read_htmlq_records(data, name)
    names, _notes = unique_names(block.participants, block.locations)
    table = QSortTable(tuple(names), tuple(block.statements), block.values)
    return table, {names[k]: notes for k, notes in comments.items()}


def read_htmlq_records(data: bytes, name: str) -> tuple[Block, dict[int, dict[str, str]]]:
    """The records of an easy-htmlq JSON export as a Block, and the comments by sort index."""
    records = _records(decode_utf8(data, name), name)
    names: list[str] = []
    rows: list[list[int]] = []
    comments: dict[int, dict[str, str]] = {}
    for key, record in records.items():
        names.append(_participant(key, record))
        rows.append(_values(key, record, name, len(rows[0]) if rows else None))
        notes = {k: str(v) for k, v in record.items() if k.startswith("comment") and v}
        if notes:
            comments[len(rows) - 1] = notes
    width = max(2, len(str(len(rows[0]))))
    ids = [f"s{j:0{width}d}" for j in range(1, len(rows[0]) + 1)]
    locations = [{"field": key} for key in records]
    return Block(names, ids, np.array(rows, dtype=np.int64), locations), comments


def read_htmlq_json(source: Source) -> QSortTable:
    """Read an easy-htmlq JSON export; see :func:`read_htmlq` (comments are dropped)."""
    return read_htmlq(source)[0]


def _records(text: str, name: str) -> dict[str, dict[str, Any]]:
    try:
        records = json.loads(text)
    except json.JSONDecodeError as err:
        raise FormatError(
            "format.json_invalid", column=err.colno, file=name, line=err.lineno
        ) from None
    except RecursionError:
        raise FormatError("format.json_too_deep", file=name) from None
    if not isinstance(records, dict) or not records:
        raise FormatError("format.htmlq_not_object", file=name, line=1)
    for key, record in records.items():
        if not isinstance(record, dict):
            raise FormatError("format.htmlq_record", file=name, field=key)
    return records


def _participant(key: str, record: dict[str, Any]) -> str:
    for field in ("uid", "partId"):
        value = record.get(field)
        if value is not None and str(value).strip():
            return str(value).strip()
    return key


def _values(key: str, record: dict[str, Any], name: str, expected: int | None) -> list[int]:
    sort = record.get("sort")
    if not isinstance(sort, str) or not sort.strip():
        raise FormatError("format.htmlq_no_sort", file=name, field=key)
    values = []
    for position, raw in enumerate(sort.split("|"), start=1):
        value = parse_int(raw)
        if value is None:
            raise FormatError(
                "format.htmlq_not_integer", position=position, value=repr(raw), file=name, field=key
            )
        values.append(value)
    if expected is not None and len(values) != expected:
        raise FormatError(
            "format.htmlq_length",
            found=len(values),
            expected=expected,
            file=name,
            field=key,
        )
    return values


_STATEMENT_COLUMN = re.compile(r"s\d+")


def is_htmlq_header(header: list[str]) -> bool:
    """An HtmlQ/easy-htmlq CSV export: columns ``sid``, ``uid`` and ``s1``, ``s2``, ..."""
    lowered = [h.lower() for h in header]
    return "sid" in lowered and sum(bool(_STATEMENT_COLUMN.fullmatch(h)) for h in lowered) >= 2


def read_htmlq_sheet(sheet: Sheet) -> tuple[Block, dict[int, dict[str, str]]]:
    """Read an HtmlQ CSV export (``;``-separated, as qmethod's ``import.htmlq`` reads it).

    One row per participant: ``sid`` (record id), ``uid`` (participant id, may be blank; the
    sid is used then), the grid values in columns ``s1``..``sN`` (``+2``, `` 0``), the counts
    ``npos``/``nneu``/``nneg``, form answers, ``comment<N>`` texts and timings. The statement
    ids are the column names ``s1``..``sN``; the comments are returned by sort index.
    """
    header = [h.lower() for h in sheet.rows[0]]
    columns = [c for c, h in enumerate(header) if _STATEMENT_COLUMN.fullmatch(h)]
    ids = [sheet.rows[0][c] for c in columns]
    sid, uid = header.index("sid"), header.index("uid") if "uid" in header else None
    notes_at = [c for c, h in enumerate(header) if h.startswith("comment")]
    names, rows, locations = [], [], []
    comments: dict[int, dict[str, str]] = {}
    for r in range(1, len(sheet.rows)):
        fields = sheet.rows[r] + [""] * (len(header) - len(sheet.rows[r]))
        name = (fields[uid] if uid is not None else "") or fields[sid]
        if not name:
            raise sheet.error("format.htmlq_no_id", r, sid, "sid")
        rows.append([grid_value(sheet, fields[c], r, c, sheet.rows[0][c]) for c in columns])
        names.append(name)
        locations.append(sheet.where(r))
        notes = {header[c]: fields[c] for c in notes_at if fields[c]}
        if notes:
            comments[len(rows) - 1] = notes
    if not rows:
        raise sheet.error("format.htmlq_no_records", 0)
    return Block(names, ids, np.array(rows, dtype=np.int64), locations), comments
