"""Private helpers shared by the readers and writers: load bytes, name the file, write text."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import IO

from qsort.formats.errors import FormatError

Source = str | os.PathLike[str] | IO[bytes]
"""A path, or a binary stream such as an uploaded file (read to its end)."""

Target = str | os.PathLike[str] | IO[str]
"""A path, or a text stream opened with ``newline=""`` so that line endings pass unchanged."""

MAX_DIGITS = 20
_INTEGER = re.compile(r"[+\-\u2212]?[0-9]+")


def read_source(source: Source) -> tuple[bytes, str]:
    """Return the bytes of ``source`` and the name to show the user (the file's base name)."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            return path.read_bytes(), path.name
        except FileNotFoundError:
            raise FormatError("format.not_found", file=str(path)) from None
    data = source.read()
    name = Path(str(getattr(source, "name", "") or "<upload>")).name
    if isinstance(data, str):
        raise TypeError("pass a binary stream (open(..., 'rb')), not a text stream")
    return data, name


def decode_utf8(data: bytes, name: str) -> str:
    """Decode UTF-8 (dropping a BOM), or raise a FormatError naming the first bad line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise FormatError("format.not_utf8", file=name, line=line) from None


def parse_int(text: str) -> int | None:
    """Parse an integer such as ``'3'``, ``'+3'``, ``' -2 '``; None if it is not one."""
    text = text.strip()
    if not _INTEGER.fullmatch(text):
        return None
    text = text.replace("\u2212", "-")
    if len(text) > MAX_DIGITS:  # far outside any grid; int() refuses over 4 300 digits
        return -(10**MAX_DIGITS) if text.startswith("-") else 10**MAX_DIGITS
    return int(text)


def write_target(target: Target, text: str | bytes) -> None:
    """Write ``text`` (UTF-8, no newline translation) or ``bytes`` to a path or stream."""
    if isinstance(target, str | os.PathLike):
        data = text.encode("utf-8") if isinstance(text, str) else text
        Path(target).write_bytes(data)
    else:
        target.write(text)  # type: ignore[arg-type]


_ESCAPED_FORMULA = ("'=", "'+", "'-", "'@")


def unescape_cell(text: str) -> str:
    """Undo the apostrophe that qsort's exports put before a would-be formula (``'=x`` -> ``=x``),
    so a name or text exported formula-safe reads back as it was."""
    return text[1:] if text.startswith(_ESCAPED_FORMULA) else text


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file: UTF-16 when it starts with a UTF-16 byte-order mark (Excel's
    "Unicode text"), else UTF-8 (a BOM is dropped); a NUL byte means it is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FormatError("format.not_utf16", file=name) from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise FormatError("format.nul_byte", file=name, line=line)
    return decode_utf8(data, name)
