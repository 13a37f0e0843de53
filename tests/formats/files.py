"""For the format tests: uploads built in memory (a zip of named files, a workbook of sheets) and
the refusal a reader raises."""

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import Workbook

from qsort.formats import FormatError


def zip_bytes(files: dict[str, bytes | str]) -> bytes:
    """A zip archive holding each ``name: data`` of ``files``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with one sheet per ``title: rows`` of ``sheets``, in that order."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refusal(read: Callable[[Any], object], source: Any) -> FormatError:
    """The FormatError ``read(source)`` raises (the test fails if it reads the source)."""
    with pytest.raises(FormatError) as info:
        read(source)
    return info.value
