"""Export Q-sorts as a KADE ZIP, the lossless hand-off to KADE / Ken-Q Analysis (design.md §3).

The zip holds four UTF-8 text files with LF line endings: ``name.txt`` (project name),
``pattern.txt`` (the 20 column heights for -6 ... +13, comma-separated), ``sorts.txt`` (one line
per sort: ``name,v1,...,vM``) and ``statements.txt`` (one statement per line).
"""

from __future__ import annotations

import io
import zipfile

from qsort.formats.pqmethod import distribution
from qsort.formats.table import QSortTable

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""Zip entry timestamp, fixed so that the same table always gives the same bytes."""


def kade_zip_bytes(table: QSortTable, name: str) -> bytes:
    """Encode ``table`` as a KADE project zip.

    Parameters
    ----------
    table : QSortTable
        Every sort must follow the same distribution, with values in -6..+13. Statement texts
        are written when known, otherwise the statement ids.
    name : str
        Project name written to ``name.txt``.

    Raises
    ------
    ValueError
        For values outside -6..+13, sorts with different distributions, or a sort name or
        statement containing a comma (sort names) or a line break.
    """
    counts = distribution(table)
    for pid in table.participants:
        if "," in pid or "\n" in pid or "\r" in pid:
            raise ValueError(f"KADE: sort name {pid!r} must not contain a comma or a line break")
    texts = table.statement_texts or table.statements
    for text in texts:
        if "\n" in text or "\r" in text:
            raise ValueError(f"KADE: statement {text[:40]!r} must not contain a line break")
    files = {
        "name.txt": name.replace("\r", " ").replace("\n", " ") + "\n",
        "pattern.txt": ",".join(str(int(c)) for c in counts) + "\n",
        "sorts.txt": "".join(
            ",".join([pid, *(str(int(v)) for v in row)]) + "\n"
            for pid, row in zip(table.participants, table.values, strict=True)
        ),
        "statements.txt": "".join(text + "\n" for text in texts),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, content in files.items():
            info = zipfile.ZipInfo(filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))
    return buffer.getvalue()
