"""Import Q-sorts exported by easy-htmlq / HtmlQ as JSON (design.md §3).

The file is an object keyed by record id. Each record has ``sort``: the grid values in
statement order joined by ``|`` (values may carry ``+`` or blanks), and optionally
``uid``/``partId`` (the participant id; the record key otherwise), ``comment<N>`` strings and
``npos``/``nneu``/``nneg`` counts. Statement ids become ``s01``..``sMM`` as for PQMethod.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from qsort.formats._io import Source, decode_utf8, parse_int, read_source
from qsort.formats.errors import FormatError
from qsort.formats.table import QSortTable


def read_htmlq(source: Source) -> tuple[QSortTable, dict[str, dict[str, str]]]:
    """Read an easy-htmlq JSON export with the participants' comments.

    Returns
    -------
    table : QSortTable
        One sort per record, in file order.
    comments : dict
        Participant id -> ``{"comment1": text, ...}`` for records that carry comments.

    Raises
    ------
    FormatError
        For text that is not JSON (with its line), a top level that is not an object, a
        record without a ``sort`` string, a value that is not an integer, sorts of different
        lengths, or a participant id used twice; the field names the record key.
    """
    data, name = read_source(source)
    records = _records(decode_utf8(data, name), name)
    participants: dict[str, str] = {}
    rows: list[list[int]] = []
    comments: dict[str, dict[str, str]] = {}
    for key, record in records.items():
        pid = _participant(key, record)
        if pid in participants:
            raise FormatError(
                f"participant {pid!r} appears in records {participants[pid]!r} and {key!r}",
                file=name,
                field=key,
            )
        participants[pid] = key
        rows.append(_values(key, record, name, len(rows[0]) if rows else None))
        notes = {k: str(v) for k, v in record.items() if k.startswith("comment") and v}
        if notes:
            comments[pid] = notes
    width = max(2, len(str(len(rows[0]))))
    ids = tuple(f"s{j:0{width}d}" for j in range(1, len(rows[0]) + 1))
    return QSortTable(tuple(participants), ids, np.array(rows, dtype=np.int64)), comments


def read_htmlq_json(source: Source) -> QSortTable:
    """Read an easy-htmlq JSON export; see :func:`read_htmlq` (comments are dropped)."""
    return read_htmlq(source)[0]


def _records(text: str, name: str) -> dict[str, dict[str, Any]]:
    try:
        records = json.loads(text)
    except json.JSONDecodeError as err:
        raise FormatError(f"not valid JSON ({err.msg})", file=name, line=err.lineno) from None
    except RecursionError:
        raise FormatError("the JSON is nested too deeply to be a study", file=name) from None
    if not isinstance(records, dict) or not records:
        raise FormatError(
            "expected a JSON object with one record per participant", file=name, line=1
        )
    for key, record in records.items():
        if not isinstance(record, dict):
            raise FormatError("the record is not an object", file=name, field=key)
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
        raise FormatError(
            "the record has no 'sort' string (values joined by '|')", file=name, field=key
        )
    values = []
    for position, raw in enumerate(sort.split("|"), start=1):
        value = parse_int(raw)
        if value is None:
            raise FormatError(
                f"value {position} of 'sort', {raw!r}, is not an integer", file=name, field=key
            )
        values.append(value)
    if expected is not None and len(values) != expected:
        raise FormatError(
            f"'sort' holds {len(values)} values, the first record holds {expected}",
            file=name,
            field=key,
        )
    return values
