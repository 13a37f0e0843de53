"""Tell what a file is from its content (its name only breaks ties): a zip archive (an
``.xlsx`` workbook, a KADE zip, a PQMethod zip) or another binary file before any text check,
then JSON (a qsort clinic file, a run, an easy-htmlq export), a PQMethod ``.DAT``/``.STA``, and
the delimited layouts (Q-sort CSV, HtmlQ CSV, qmethod's statements-as-rows, statements file).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from qsort.domain.problems import Problem
from qsort.formats._io import decode_text, parse_int
from qsort.formats.clinic_schema import is_clinic_document
from qsort.formats.errors import FormatError
from qsort.formats.htmlq import is_htmlq_header
from qsort.formats.quince import is_quince_header
from qsort.formats.run_json import is_run_document
from qsort.formats.sheet import sniff_delimiter, text_lines, text_sheet

MAX_UNZIPPED = 64 * 1024 * 1024
"""Bytes a zip may expand to (a zip bomb is refused before it is unpacked)."""

SORTS = "sorts"
STATEMENTS = "statements"

_BINARY = {
    b"\xd0\xcf\x11\xe0": Problem("format.binary_xls"),
    b"%PDF": Problem("format.binary_pdf"),
    b"\x89PNG": Problem("format.binary_png"),
    b"\xff\xd8\xff": Problem("format.binary_jpeg"),
    b"\x1f\x8b": Problem("format.binary_gzip"),
    b"MZ": Problem("format.binary_program"),
}
_DAT_LINE1 = re.compile(r"^[ 0]{2}0[ \d]{3}[ \d]{3}( |$)")


@dataclass(frozen=True)
class Recognised:
    """What a file is: ``kind`` (a key of :data:`qsort.formats.registry.FORMATS` or a companion
    kind), its role (``sorts`` or ``statements``), and what was already decoded."""

    name: str
    kind: str
    role: str
    data: bytes
    text: str | None = None
    document: Any = None
    members: dict[str, bytes] = field(default_factory=dict)

    @property
    def suffix(self) -> str:
        return PurePath(self.name).suffix.lower()


def recognise(name: str, data: bytes) -> Recognised:
    """Recognise one file; a FormatError says what the file is when it is none of the kinds."""
    if not data.strip():
        raise FormatError("format.empty", file=name)
    if data.startswith(b"PK\x03\x04"):
        return _zip(name, data)
    for magic, what in _BINARY.items():
        if data.startswith(magic):
            raise FormatError("format.binary", what=what, file=name)
    suffix = PurePath(name).suffix.lower()
    text = decode_text(data, name)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in "{[" or suffix == ".json":
        return _json(name, data, text)
    lines = text_lines(stripped)
    if suffix == ".dat" or (
        _DAT_LINE1.match(lines[0]) and len(lines) > 1 and _counts_line(lines[1])
    ):
        return Recognised(name, "pqmethod", SORTS, data, text)
    if suffix in (".sta", ".txt"):
        return Recognised(name, "sta", STATEMENTS, data, text)
    return _delimited(name, data, text)


def _counts_line(line: str) -> bool:
    fields = line.split()
    return len(fields) >= 22 and all(parse_int(f) is not None for f in fields[:22])


def _zip(name: str, data: bytes) -> Recognised:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except zipfile.BadZipFile:
        raise FormatError("format.zip_damaged", file=name) from None
    if sum(i.file_size for i in infos) > MAX_UNZIPPED:
        raise FormatError("format.zip_too_large", mb=MAX_UNZIPPED // 2**20, file=name)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return Recognised(name, "xlsx", SORTS, data)
    if any(n.startswith(("word/", "ppt/")) for n in names):
        raise FormatError("format.office_document", file=name)
    members = {
        PurePath(i.filename).name.lower(): archive.read(i)
        for i in infos
        if i.file_size and not i.filename.startswith("__MACOSX")
    }
    if "sorts.txt" in members or "sortdata.csv" in members:
        return Recognised(name, "kade", SORTS, data, members=members)
    if any(member.endswith(".dat") for member in members):
        return Recognised(name, "pqmethod-zip", SORTS, data, members=members)
    shown = ", ".join(sorted(members)[:8]) or "nothing"
    raise FormatError("format.zip_unknown", shown=shown, file=name)


def _json(name: str, data: bytes, text: str) -> Recognised:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return Recognised(name, "htmlq-json", SORTS, data, text)  # its reader names the line
    if is_clinic_document(document):
        return Recognised(name, "qsort-clinic", SORTS, data, text, document)
    if is_run_document(document):
        return Recognised(name, "qsort-run", SORTS, data, text, document)
    if (
        isinstance(document, dict)
        and document
        and all(isinstance(r, dict) and "sort" in r for r in document.values())
    ):
        return Recognised(name, "htmlq-json", SORTS, data, text, document)
    raise FormatError("format.json_unknown", file=name, line=1)


def _delimited(name: str, data: bytes, text: str) -> Recognised:
    head = "\n".join(text_lines(text)[:50])
    sheet = text_sheet(head, name, sniff_delimiter(text))
    header = sheet.rows[0] if sheet.rows else [""]
    kind = "qsort-csv" if header[0].strip().lower() == "participant" else None
    if kind is None and is_htmlq_header(header):
        kind = "htmlq-csv"
    if kind is None and is_quince_header(header):
        kind = "quince-csv"
    body = sheet.rows[1:]
    numeric = [all(parse_int(c) is not None for c in row[1:]) and len(row) > 1 for row in body]
    if (
        kind is None
        and len(header) == 2
        and body
        and not any(parse_int(row[-1]) is not None for row in body)
    ):
        return Recognised(name, "statements-csv", STATEMENTS, data, text)
    if kind is None and len(header) > 2 and body and all(numeric):
        kind = "qmethod-csv"
    if kind is None:
        shown = sheet.where(0).get("line")
        raise FormatError(
            "format.header_unknown", first=repr(",".join(header)[:60]), file=name, line=shown
        )
    return Recognised(name, kind, SORTS, data, text)
