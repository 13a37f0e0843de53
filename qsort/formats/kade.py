"""KADE / Ken-Q Analysis project zips (design.md §3): write them, and read them back.

The zip holds UTF-8 text files with LF line endings: ``name.txt`` (project name, no line
break: KADE keeps every character of it), ``pattern.txt`` (the column heights for
PQMethod's values, ``LOWEST`` ... ``HIGHEST`` of :mod:`qsort.formats.pqmethod`, comma-separated), ``sorts.txt`` (one line per sort: ``name,v1,...,vM``) and
``statements.txt`` (one statement per line). What KADE cannot hold (a comma or line break in a
sort name, a line break in a statement, the statement ids) is noted in ``README.txt`` and kept
in ``statements.csv``/``names.csv`` beside them (:mod:`qsort.formats.mapping`).
"""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np

from qsort.domain.problems import Problem
from qsort.formats._dat_lines import HIGHEST, LOWEST, N_COUNTS, signed
from qsort.formats._io import decode_text
from qsort.formats.errors import FormatError
from qsort.formats.mapping import Gettext, mapping_files
from qsort.formats.pqmethod import distribution
from qsort.formats.quince import read_quince_sheet
from qsort.formats.sheet import Block, grid_value, text_sheet
from qsort.formats.table import QSortTable

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""Zip entry timestamp, fixed so that the same table always gives the same bytes."""
_BREAKS = re.compile(r"[\r\n]+")
SORT_DATA = "sortdata.csv"
"""The Quince Configurator's copy of its Baserow rows in a KADE zip (base names are lower case)."""


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A deflated zip of ``files`` with fixed timestamps (same input, same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, content in files.items():
            info = zipfile.ZipInfo(filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def kade_names(participants: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    """Sort names KADE can hold (no comma, semicolon or line break; unique) and the changes."""
    names, changed, taken = [], {}, set()
    for pid in participants:
        name = _BREAKS.sub(" ", pid).replace(",", " ").replace(";", " ").strip() or "sort"
        base, n = name, 1
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name)
        names.append(name)
        if name != pid:
            changed[name] = pid
    return names, changed


def kade_notes(table: QSortTable, changed: dict[str, str]) -> list[Problem]:
    """What a KADE zip cannot hold for ``table``, one problem each."""
    notes = []
    if changed:
        notes.append(Problem("export.kade_names", {"count": len(changed)}))
    texts = table.statement_texts or table.statements
    if any(_BREAKS.search(t) for t in texts):
        notes.append(Problem("export.kade_breaks", {}))
    notes.append(Problem("export.kade_ids", {}))
    return notes


def kade_zip_bytes(table: QSortTable, name: str, gettext: Gettext | None = None) -> bytes:
    """Encode ``table`` as a KADE project zip (plus qsort's mapping files, their
    ``README.txt`` worded by ``gettext``: English without one).

    Raises
    ------
    ExportError
        For values outside PQMethod's grid (``pattern.txt`` cannot describe them) or sorts with
        different distributions.
    """
    counts = distribution(table)
    names, changed = kade_names(table.participants)
    texts = table.statement_texts or table.statements
    files = {
        "name.txt": _BREAKS.sub(" ", name).strip().encode("utf-8"),
        "pattern.txt": (",".join(str(int(c)) for c in counts) + "\n").encode("utf-8"),
        "sorts.txt": "".join(
            ",".join([pid, *(str(int(v)) for v in row)]) + "\n"
            for pid, row in zip(names, table.values, strict=True)
        ).encode("utf-8"),
        "statements.txt": "".join(_BREAKS.sub(" ", t).strip() + "\n" for t in texts).encode(),
    }
    files.update(mapping_files(table, changed, kade_notes(table, changed), "KADE", gettext))
    return zip_bytes(files)


def read_kade_files(files: dict[str, bytes], archive: str) -> tuple[Block, list[str] | None, str]:
    """The sorts, statement texts (or None) and project name of a KADE zip's files (keyed by
    base name, lower case). The Quince Configurator adds ``sortData.csv`` (its Baserow rows):
    without ``sorts.txt`` the sorts are read from it, beside it they must agree."""
    quince = _sort_data(files, archive)
    block = _sorts_txt(files, archive) if "sorts.txt" in files else quince
    if quince is not None and block is not quince:
        _check_sort_data(block, quince, archive)
    _check_pattern(files.get("pattern.txt"), block, archive)
    m = len(block.statements)
    texts = None
    if "statements.txt" in files:
        texts = [
            t.strip() for t in files["statements.txt"].decode("utf-8-sig").splitlines() if t.strip()
        ]
        if len(texts) != m:
            raise FormatError(
                "format.archive_statements",
                found=len(texts),
                statements=m,
                file=f"{archive}: statements.txt",
            )
    title = files.get("name.txt", b"").decode("utf-8-sig", errors="replace").strip()
    return block, texts, title


def _sort_data(files: dict[str, bytes], archive: str) -> Block | None:
    if SORT_DATA not in files:
        return None
    text = decode_text(files[SORT_DATA], f"{archive}: sortData.csv")
    return read_quince_sheet(text_sheet(text, f"{archive}: sortData.csv"))[0]  # sorts only


def _check_sort_data(block: Block, quince: Block, archive: str) -> None:
    label = f"{archive}: sortData.csv"
    if quince.values.shape != block.values.shape:
        raise FormatError(
            "format.kade_shape",
            sorts=quince.values.shape[0],
            statements=quince.values.shape[1],
            txt_sorts=block.values.shape[0],
            txt_statements=block.values.shape[1],
            file=label,
        )
    for k, (ours, theirs) in enumerate(zip(block.values, quince.values, strict=True)):
        if not np.array_equal(ours, theirs):
            raise FormatError(
                "format.kade_differs",
                line_no=k + 1,
                sort=repr(block.participants[k]),
                file=label,
                line=quince.locations[k].get("line"),
            )


def _sorts_txt(files: dict[str, bytes], archive: str) -> Block:
    label = f"{archive}: sorts.txt"
    text = files["sorts.txt"].decode("utf-8-sig", errors="replace")
    first = next((line for line in text.splitlines() if line.strip()), "")
    sheet = text_sheet(text, label, ";" if first.count(";") > first.count(",") else ",")
    rows = [[f for f in row if f] for row in sheet.rows]
    if not rows:
        raise FormatError("format.kade_no_sorts", file=label)
    m = len(rows[0]) - 1
    values = []
    for r, row in enumerate(rows):
        if len(row) - 1 != m:
            raise sheet.error(
                "format.kade_sort_length", r, sort=repr(row[0]), found=len(row) - 1, expected=m
            )
        values.append(
            [grid_value(sheet, raw, r, c, f"value {c}") for c, raw in enumerate(row[1:], 1)]
        )
    width = max(2, len(str(m)))
    ids = [f"s{j:0{width}d}" for j in range(1, m + 1)]
    return Block(
        [row[0] for row in rows],
        ids,
        np.array(values, dtype=np.int64),
        [sheet.where(r) for r in range(len(rows))],
    )


def _check_pattern(data: bytes | None, block: Block, archive: str) -> None:
    if data is None:
        return
    numbers = [int(x) for x in re.findall(r"-?\d+", data.decode("utf-8", errors="replace"))]
    if len(numbers) != N_COUNTS or block.values.min() < LOWEST:
        return  # not qsort's N_COUNTS heights for LOWEST..HIGHEST: the grid is taken from the sorts
    own = np.bincount(block.values[0] - LOWEST, minlength=N_COUNTS)[:N_COUNTS]
    if not np.array_equal(own, np.array(numbers)):
        raise FormatError(
            "format.kade_pattern",
            heights=str(numbers),
            sort=repr(block.participants[0]),
            own=str(own.tolist()),
            lowest=signed(LOWEST),
            highest=signed(HIGHEST),
            file=f"{archive}: pattern.txt",
        )
