"""The files qsort adds inside an exchange archive (KADE zip, PQMethod zip) so that nothing the
target format cannot hold is lost: ``statements.csv`` (the original ids and full texts, in
statement order), ``names.csv`` (``in_file,original`` for every sort name that had to change)
and ``README.txt`` (what changed, in words). KADE and PQMethod ignore them; qsort's reader
uses them to give back the original names, ids and texts."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from qsort.domain.problems import Problem
from qsort.formats.errors import FormatError
from qsort.formats.sheet import Block, text_sheet
from qsort.formats.table import QSortTable

NAMES_FILE = "names.csv"
STATEMENTS_FILE = "statements.csv"
README_FILE = "README.txt"
Gettext = Callable[[str], str]
"""A catalogue's lookup: the English msgid in, the text in one language out."""


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def mapping_files(
    table: QSortTable,
    changed: dict[str, str],
    notes: Sequence[Problem],
    target: str,
    gettext: Gettext | None = None,
) -> dict[str, bytes]:
    """``statements.csv`` always, ``names.csv`` when a name changed, ``README.txt`` when
    anything changed (``notes``) for the ``target`` program, worded by ``gettext`` (a
    catalogue's lookup, e.g. :func:`qsort.narrative.catalogue.translator`; English without
    one)."""
    texts = table.statement_texts or table.statements
    files = {
        STATEMENTS_FILE: _csv(
            [["id", "text"], *map(list, zip(table.statements, texts, strict=True))]
        )
    }
    if changed:
        files[NAMES_FILE] = _csv([["in_file", "original"], *map(list, changed.items())])
    if notes:
        files[README_FILE] = readme(notes, target, bool(changed), gettext or _english)
    return files


def readme(notes: Sequence[Problem], target: str, names_kept: bool, gettext: Gettext) -> bytes:
    """``README.txt``: a heading, one line per note, and where the originals are kept."""
    kept = (
        Problem("export.readme_kept_names", {"statements": STATEMENTS_FILE, "names": NAMES_FILE})
        if names_kept
        else Problem("export.readme_kept", {"statements": STATEMENTS_FILE})
    )
    lines = [Problem("export.readme_heading", {"target": target}).worded(gettext), ""]
    lines += [f"- {note.worded(gettext)}" for note in notes]
    lines += ["", kept.worded(gettext), ""]
    return "\n".join(lines).encode("utf-8")


def _english(text: str) -> str:
    return text


def apply_mapping(
    block: Block, texts: list[str] | None, files: dict[str, bytes], archive: str
) -> tuple[Block, list[str] | None]:
    """Give back the original names, ids and texts recorded by :func:`mapping_files`."""
    names = list(block.participants)
    if NAMES_FILE in files:
        sheet = text_sheet(files[NAMES_FILE].decode("utf-8-sig"), f"{archive}: {NAMES_FILE}")
        original = {row[0]: row[1] for row in sheet.rows[1:] if len(row) >= 2}
        names = [original.get(n, n) for n in names]
    ids = list(block.statements)
    if STATEMENTS_FILE in files:
        sheet = text_sheet(
            files[STATEMENTS_FILE].decode("utf-8-sig"), f"{archive}: {STATEMENTS_FILE}"
        )
        rows = [row for row in sheet.rows[1:] if row]
        if len(rows) != len(ids):
            raise FormatError(
                "format.mapping_statements",
                found=len(rows),
                statements=len(ids),
                file=f"{archive}: {STATEMENTS_FILE}",
            )
        ids = [row[0] for row in rows]
        texts = [row[1] if len(row) > 1 else row[0] for row in rows]
    return Block(names, ids, block.values, block.locations), texts
