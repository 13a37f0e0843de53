"""A PQMethod project as one zip: ``<STEM>.DAT`` and ``<STEM>.STA`` exactly as PQMethod reads
them, plus qsort's ``statements.csv``/``names.csv``/``README.txt`` (:mod:`qsort.formats.mapping`)
so the names, ids and texts PQMethod cannot hold are said and kept. Reading such a zip (or any
zip with one ``.DAT``) gives the study back, with the originals when the mapping files are
there."""

from __future__ import annotations

import io

from qsort.formats.errors import FormatError
from qsort.formats.kade import zip_bytes
from qsort.formats.mapping import Gettext, mapping_files
from qsort.formats.pqmethod import (
    dat_bytes,
    dat_names,
    export_notes,
    read_dat_block,
    read_sta,
    sta_bytes,
)
from qsort.formats.sheet import Block
from qsort.formats.table import QSortTable


def pqmethod_zip_bytes(
    table: QSortTable, title: str, stem: str = "STUDY", gettext: Gettext | None = None
) -> bytes:
    """The ``.DAT``/``.STA`` pair of ``table`` with the mapping files, their ``README.txt``
    worded by ``gettext`` (English without one; ExportError as
    :func:`~qsort.formats.pqmethod.dat_bytes`)."""
    files = {
        f"{stem}.DAT": dat_bytes(table, title),
        f"{stem}.STA": sta_bytes(table.statement_texts or table.statements),
    }
    notes = export_notes(table, title)
    changed = dat_names(table.participants).changed
    files.update(mapping_files(table, changed, notes, "PQMethod", gettext))
    return zip_bytes(files)


def read_pqmethod_files(
    files: dict[str, bytes], archive: str
) -> tuple[Block, list[str] | None, str]:
    """The sorts, texts and title of the one ``.DAT`` (with its ``.STA``) among ``files``."""
    dats = [name for name in files if name.endswith(".dat")]
    if len(dats) != 1:
        raise FormatError("format.zip_dat_count", count=len(dats), file=archive)
    stem = dats[0][: -len(".dat")]
    block, title = read_dat_block(files[dats[0]], f"{archive}: {dats[0].upper()}")
    texts = None
    if f"{stem}.sta" in files:
        texts = read_sta(
            _named(files[f"{stem}.sta"], f"{archive}: {stem.upper()}.STA"),
            n_statements=len(block.statements),
        )
    return block, texts, title


def _named(data: bytes, name: str) -> io.BytesIO:
    stream = io.BytesIO(data)
    stream.name = name
    return stream
