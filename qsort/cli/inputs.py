"""Reading the CLI's inputs: the study, and where in its file a given sort stands."""

import csv
from pathlib import Path

from qsort.analysis import AnalysisError
from qsort.formats import FormatError, QSortTable, read_sorts


def read_study(path: str) -> QSortTable:
    """Read a Q-sort CSV or PQMethod DAT (with statements beside it, if present)."""
    return read_sorts(path)


def locate(error: AnalysisError, path: str, table: QSortTable) -> Exception:
    """Turn an analysis error about one sort into a FormatError naming the file line."""
    if error.sort_index is None:
        return FormatError(str(error), file=Path(path).name)
    name = table.participants[error.sort_index]
    line = _line_of(path, name)
    return FormatError(str(error), file=Path(path).name, line=line, field=name)


def _line_of(path: str, name: str) -> int | None:
    """1-based line of the sort called ``name``: CSV first field, or DAT name columns 1-8."""
    text = Path(path).read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    is_csv = Path(path).suffix.lower() == ".csv"
    for number, line in enumerate(text.splitlines(), start=1):
        if is_csv and number > 1 and line.strip():
            if next(csv.reader([line]))[0].strip() == name:
                return number
        elif not is_csv and number > 2 and line[:8].strip() == name:
            return number
    return None
