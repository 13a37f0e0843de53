"""One reader for every study file, used by the web import and the command line alike.

:func:`read_study_files` recognises each file by its content (:mod:`qsort.formats.recognise`),
reads the one that holds the sorts with its format's reader, attaches the statement texts of a
companion file (``statements.csv`` by id, a ``.STA`` or ``.txt`` by order), keeps repeated
participant ids apart, and returns a :class:`StudyFile`. Every refusal is a FormatError naming
the file, line or cell, and field; :data:`FORMATS` lists what is accepted, one example each.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from qsort.domain.problems import Problem
from qsort.formats.catalogue import FORMATS, accepted_formats
from qsort.formats.clinic_schema import clinic_block
from qsort.formats.errors import FormatError
from qsort.formats.htmlq import read_htmlq_records, read_htmlq_sheet
from qsort.formats.kade import read_kade_files
from qsort.formats.mapping import apply_mapping
from qsort.formats.names import unique_names
from qsort.formats.pqmethod import read_dat_block, read_sta
from qsort.formats.pqmethod_zip import read_pqmethod_files
from qsort.formats.qsort_csv import read_qsort_block, read_statements_csv
from qsort.formats.quince import read_quince_sheet
from qsort.formats.recognise import SORTS, STATEMENTS, Recognised, recognise
from qsort.formats.run_json import run_block
from qsort.formats.sheet import Block, statement_texts, statements_as_rows, text_sheet
from qsort.formats.table import QSortTable

__all__ = ["FORMATS", "StudyFile", "accepted_formats", "read_study_files"]
from qsort.formats.workbook_reader import read_workbook


@dataclass(frozen=True)
class StudyFile:
    """A study read from its files: the table (texts attached when known), the comments by
    participant, notes on what was changed or chosen, the file with the sorts and its kind,
    where each sort stands in it, and the document when it is a qsort clinic file."""

    table: QSortTable
    source: str
    kind: str
    comments: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: tuple[Problem, ...] = ()
    locations: tuple[dict[str, Any], ...] = ()
    clinic_document: dict | None = None


@dataclass
class _Read:
    block: Block
    texts: list[str] | None = None
    title: str = ""
    comments: dict[int, dict[str, str]] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)


def read_study_files(files: Sequence[tuple[str, bytes]]) -> StudyFile:
    """Read a study from its files (name, bytes): one file with the sorts, and at most one
    companion with the statement texts."""
    recognised = [recognise(name, data) for name, data in files]
    main = _one(recognised, SORTS)
    companions = [r for r in recognised if r.role == STATEMENTS]
    if len(companions) > 1:
        raise FormatError("format.two_text_files", names=", ".join(c.name for c in companions))
    read = _READERS[main.kind](main)
    if companions:
        read.texts = _companion_texts(companions[0], read, main)
    names, notes = unique_names(read.block.participants, read.block.locations)
    table = QSortTable(
        tuple(names),
        tuple(read.block.statements),
        read.block.values,
        read.title,
        None if read.texts is None else tuple(read.texts),
    )
    comments = {names[k]: v for k, v in read.comments.items()}
    return StudyFile(
        table,
        main.name,
        main.kind,
        comments,
        tuple(read.notes + notes),
        tuple({"file": main.name, **loc} for loc in read.block.locations),
        main.document if main.kind == "qsort-clinic" else None,
    )


def _one(recognised: list[Recognised], role: str) -> Recognised:
    found = [r for r in recognised if r.role == role]
    if len(found) == 1:
        return found[0]
    if not found:
        if len(recognised) == 1:
            raise FormatError("format.only_texts_file", name=recognised[0].name)
        raise FormatError("format.only_texts_files", names=", ".join(r.name for r in recognised))
    raise FormatError("format.two_studies", names=", ".join(r.name for r in found))


def _stream(recognised: Recognised) -> io.BytesIO:
    stream = io.BytesIO(recognised.data)
    stream.name = recognised.name
    return stream


def _companion_texts(companion: Recognised, read: _Read, main: Recognised) -> list[str]:
    ids = list(read.block.statements)
    if companion.kind == "sta":
        return read_sta(_stream(companion), n_statements=len(ids))
    sheet = text_sheet(companion.text or "", companion.name)
    header = [h.lower() for h in sheet.rows[0]] if sheet.rows else []
    by_id = (
        read_statements_csv(_stream(companion))
        if header == ["id", "text"]
        else statement_texts(sheet)
    )
    missing = [sid for sid in ids if sid not in by_id]
    if not missing:
        return [by_id[sid] for sid in ids]
    folded = {sid.strip().lower(): text for sid, text in by_id.items()}
    if len(folded) == len(by_id) and all(sid.lower() in folded for sid in ids):
        shown = [repr(s) for s in missing[:3]]
        read.notes.append(
            Problem("note.ids_ignoring_case", {"name": companion.name, "shown": shown})
        )
        return [folded[sid.lower()] for sid in ids]
    if len(by_id) == len(ids) and main.kind in (
        "pqmethod",
        "htmlq-json",
        "kade",
        "qmethod-csv",
        "quince-csv",
    ):
        read.notes.append(Problem("note.texts_by_order", {"name": companion.name}))
        return list(by_id.values())
    shown = ", ".join(repr(s) for s in missing[:5]) + (" ..." if len(missing) > 5 else "")
    if len(missing) > 1:
        raise FormatError("format.texts_missing", shown=shown, main=main.name, file=companion.name)
    raise FormatError("format.text_missing", shown=shown, main=main.name, file=companion.name)


def _qsort_csv(r: Recognised) -> _Read:
    return _Read(read_qsort_block(r.data, r.name))


def _qmethod_csv(r: Recognised) -> _Read:
    return _Read(statements_as_rows(text_sheet(r.text or "", r.name)))


def _htmlq_csv(r: Recognised) -> _Read:
    block, comments = read_htmlq_sheet(text_sheet(r.text or "", r.name))
    return _Read(block, comments=comments)


def _htmlq_json(r: Recognised) -> _Read:
    block, comments = read_htmlq_records(r.data, r.name)
    return _Read(block, comments=comments)


def _quince_csv(r: Recognised) -> _Read:
    block, title, comments = read_quince_sheet(text_sheet(r.text or "", r.name))
    return _Read(block, title=title, comments=comments)


def _pqmethod(r: Recognised) -> _Read:
    block, title = read_dat_block(r.data, r.name)
    return _Read(block, title=title)


def _archive(reader):
    def read(r: Recognised) -> _Read:
        block, texts, title = reader(r.members, r.name)
        block, texts = apply_mapping(block, texts, r.members, r.name)
        return _Read(block, texts, title)

    return read


def _xlsx(r: Recognised) -> _Read:
    study = read_workbook(r.data, r.name)
    texts = None
    if study.texts is not None:
        texts = [study.texts.get(sid, "") for sid in study.block.statements]
        if not all(texts):
            texts = list(study.texts.values()) if len(study.texts) == len(texts) else None
    return _Read(study.block, texts, study.title, notes=study.notes if texts is None else [])


def _document(reader):
    def read(r: Recognised) -> _Read:
        block, texts, title = reader(r.document, r.name)
        return _Read(block, texts, title)

    return read


_READERS = {
    "qsort-csv": _qsort_csv,
    "qmethod-csv": _qmethod_csv,
    "htmlq-csv": _htmlq_csv,
    "htmlq-json": _htmlq_json,
    "quince-csv": _quince_csv,
    "pqmethod": _pqmethod,
    "kade": _archive(read_kade_files),
    "pqmethod-zip": _archive(read_pqmethod_files),
    "xlsx": _xlsx,
    "qsort-clinic": _document(clinic_block),
    "qsort-run": _document(run_block),
}
