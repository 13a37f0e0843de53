"""File formats for Q-sorts: read and write the project CSV and PQMethod's ``.DAT``/``.STA``.

Every reader returns a :class:`QSortTable` (sorts x statements) and raises :class:`FormatError`
located by file, line and field. Pure Python and NumPy: no pandas, no Flask.
"""

from qsort.formats.errors import FormatError
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
    "read_qsort_csv",
    "read_statements_csv",
    "write_qsort_csv",
    "write_statements_csv",
]
