"""Reading the CLI's inputs: the study, and where in its file a given sort stands."""

from pathlib import Path

from qsort.analysis import AnalysisError
from qsort.formats import FormatError, QSortTable, read_sorts
from qsort.formats.locate import sort_line


def read_study(path: str) -> QSortTable:
    """Read a Q-sort CSV or PQMethod DAT (with statements beside it, if present)."""
    return read_sorts(path)


def locate(error: AnalysisError, path: str, table: QSortTable) -> Exception:
    """Turn an analysis error about one sort into a FormatError naming the file line."""
    if error.sort_index is None:
        return FormatError(str(error), file=Path(path).name)
    name = table.participants[error.sort_index]
    text = Path(path).read_bytes().decode("utf-8", errors="replace")
    kind = "csv" if Path(path).suffix.lower() == ".csv" else "dat"
    return FormatError(
        str(error), file=Path(path).name, line=sort_line(text, name, kind), field=name
    )
