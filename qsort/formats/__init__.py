"""File formats for Q-sorts: read every study file researchers hold and write the exchange
formats (Q-sort CSV, PQMethod ``.DAT``/``.STA``, KADE zip).

Every reader raises :class:`FormatError` located by file, line (or worksheet and cell) and
field. :func:`read_study_files` (the registry, :mod:`qsort.formats.registry`) recognises files
by their content; :func:`read_sorts` reads a path and the companion beside it. Pure Python,
NumPy and openpyxl: no pandas, no Flask.
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
from qsort.formats.registry import FORMATS, StudyFile, accepted_formats, read_study_files
from qsort.formats.table import QSortTable

__all__ = [
    "FORMATS",
    "FormatError",
    "QSortTable",
    "StudyFile",
    "accepted_formats",
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
    "read_study_files",
    "read_study_path",
    "sta_bytes",
    "write_dat",
    "write_qsort_csv",
    "write_sta",
    "write_statements_csv",
]


def read_sorts(path: str | os.PathLike[str]) -> QSortTable:
    """Read the study in ``path`` (any format of :data:`FORMATS`) with its texts; see
    :func:`read_study_path`."""
    return read_study_path(path).table


def read_study_path(path: str | os.PathLike[str]) -> StudyFile:
    """Read the study in ``path``, recognised by its content, with the statement texts of the
    companion beside it: ``statements.csv`` in the same folder for a CSV, the ``.sta``/``.STA``
    with the same stem for a PQMethod ``.DAT``.

    Raises
    ------
    FormatError
        For a file that is none of the accepted formats, any problem in the files, or a
        statement without text in the companion.
    """
    path = Path(path)
    try:
        files = [(path.name, path.read_bytes())]
    except FileNotFoundError:
        raise FormatError("format.not_found", file=str(path)) from None
    companion = _companion(path)
    if companion is not None:
        files.append((companion.name, companion.read_bytes()))
    return read_study_files(files)


def _companion(path: Path) -> Path | None:
    suffix = path.suffix.lower()
    if suffix == ".dat":
        return next(
            (p for p in (path.with_suffix(".sta"), path.with_suffix(".STA")) if p.is_file()), None
        )
    beside = path.with_name("statements.csv")
    if suffix in (".csv", ".tsv", ".txt") and beside.is_file() and beside.name != path.name:
        return beside
    return None
