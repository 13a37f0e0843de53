"""File formats for Q-sorts: read and write the project CSV and PQMethod's ``.DAT``/``.STA``.

Every reader returns a :class:`QSortTable` (sorts x statements) and raises :class:`FormatError`
located by file, line and field. :func:`read_sorts` picks the reader from the file's suffix.
Pure Python and NumPy: no pandas, no Flask.
"""

from __future__ import annotations

import os
from pathlib import Path

from qsort.formats.errors import FormatError
from qsort.formats.htmlq import read_htmlq, read_htmlq_json
from qsort.formats.kade import kade_zip_bytes
from qsort.formats.pqmethod import (
    ascii_fold,
    dat_bytes,
    distribution,
    read_dat,
    read_sta,
    read_study,
    sta_bytes,
    write_dat,
    write_sta,
)
from qsort.formats.qsort_csv import (
    read_qsort_csv,
    read_statements_csv,
    write_qsort_csv,
    write_statements_csv,
)
from qsort.formats.table import QSortTable

__all__ = [
    "FormatError",
    "QSortTable",
    "ascii_fold",
    "dat_bytes",
    "distribution",
    "kade_zip_bytes",
    "read_dat",
    "read_htmlq",
    "read_htmlq_json",
    "read_qsort_csv",
    "read_sorts",
    "read_sta",
    "read_statements_csv",
    "read_study",
    "sta_bytes",
    "write_dat",
    "write_qsort_csv",
    "write_sta",
    "write_statements_csv",
]

ACCEPTED = "a Q-sort CSV (.csv) or a PQMethod file (.dat)"


def read_sorts(path: str | os.PathLike[str]) -> QSortTable:
    """Read Q-sorts from ``path``, choosing the reader by suffix, and attach statement texts.

    ``.csv`` is read as a Q-sort CSV; a ``statements.csv`` in the same folder supplies the
    texts. ``.dat`` (any case) is read as PQMethod; a ``.sta``/``.STA`` file with the same stem
    supplies the texts.

    Raises
    ------
    FormatError
        For another suffix, any problem in the files, or a statement without text in the
        ``statements.csv`` beside the sorts.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _with_csv_texts(read_qsort_csv(path), path)
    if suffix == ".dat":
        sta = next(
            (p for p in (path.with_suffix(".sta"), path.with_suffix(".STA")) if p.is_file()), None
        )
        return read_study(path, sta)
    raise FormatError(
        f"cannot read {'this kind of file' if not suffix else repr(suffix) + ' files'}; "
        f"expected {ACCEPTED}",
        file=path.name,
    )


def _with_csv_texts(table: QSortTable, path: Path) -> QSortTable:
    texts_path = path.with_name("statements.csv")
    if path.name == texts_path.name or not texts_path.is_file():
        return table
    texts = read_statements_csv(texts_path)
    missing = [sid for sid in table.statements if sid not in texts]
    if missing:
        shown = ", ".join(repr(sid) for sid in missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise FormatError(
            f"no text for statement{'s' if len(missing) > 1 else ''} {shown} of {path.name}; "
            "add one 'id,text' row per statement",
            file=texts_path.name,
        )
    return table.with_texts([texts[sid] for sid in table.statements])
