"""Create a clinic from a study collected elsewhere: a Q-sort CSV (with an optional
statements.csv), a PQMethod .DAT (with an optional .STA), an easy-htmlq JSON export, or a qsort
clinic file (see :mod:`qsort.services.clinic_file`).

An import succeeds whole or changes nothing: every file is read and checked before the one
commit, and every problem is a FormatError naming the file, line and field.
"""

import io
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath

from qsort.analysis import AnalysisError
from qsort.analysis.qsorts import validate_sorts
from qsort.domain.grid import ForcedDistribution
from qsort.extensions import db
from qsort.formats import (
    FormatError,
    QSortTable,
    read_dat,
    read_qsort_csv,
    read_sta,
    read_statements_csv,
)
from qsort.formats.htmlq import read_htmlq
from qsort.formats.locate import sort_line
from qsort.models import Clinic, Facilitator, Participant, Placement, QSort, Statement
from qsort.services.clinic_file import import_clinic_document, is_clinic_document
from qsort.services.codes import JOIN_CODE_LENGTH, RESUME_CODE_LENGTH, unique_code

log = logging.getLogger(__name__)

MAX_CODE_LENGTH = 16  # Statement.code
MAX_NAME_LENGTH = 80  # Participant.display_name


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its name as the user chose it, and its bytes."""

    name: str
    data: bytes

    def stream(self) -> io.BytesIO:
        stream = io.BytesIO(self.data)
        stream.name = PurePath(self.name).name
        return stream

    @property
    def suffix(self) -> str:
        return PurePath(self.name).suffix.lower()


@dataclass(frozen=True)
class Study:
    """A study read from uploads, checked, ready to become a clinic."""

    table: QSortTable
    texts: list[str]
    comments: dict[str, dict[str, str]]
    source: str


def read_study(uploads: list[Upload]) -> Study:
    """Recognise the files, read them and check that every sort follows one forced grid."""
    by_suffix = {}
    for upload in uploads:
        if upload.suffix not in (".csv", ".dat", ".sta", ".json"):
            raise FormatError(
                "is not a study file: upload a .csv, a .dat (with its .sta) or a .json",
                file=upload.name,
            )
        by_suffix.setdefault(upload.suffix, []).append(upload)
    sorts_files = (
        [u for u in by_suffix.get(".csv", []) if _is_sorts_csv(u)]
        + by_suffix.get(".dat", [])
        + by_suffix.get(".json", [])
    )
    if len(sorts_files) != 1:
        names = ", ".join(u.name for u in sorts_files) or "none"
        raise FormatError(f"upload exactly one file with the sorts (found: {names})")
    main = sorts_files[0]
    comments: dict[str, dict[str, str]] = {}
    if main.suffix == ".dat":
        table = read_dat(main.stream())
        sta = by_suffix.get(".sta", [])
        texts = (
            read_sta(sta[0].stream(), n_statements=table.n_statements)
            if sta
            else list(table.statements)
        )
    elif main.suffix == ".json":
        table, comments = read_htmlq(main.stream())
        texts = list(table.statements)
    else:
        table = read_qsort_csv(main.stream())
        texts = _csv_texts(table, [u for u in by_suffix.get(".csv", []) if u is not main])
    _check(table, main)
    return Study(table=table, texts=texts, comments=comments, source=main.name)


def import_clinic(owner: Facilitator, uploads: list[Upload], title: str = "") -> Clinic:
    """Create a closed clinic holding the study's statements and submitted sorts (or the whole
    clinic, from a qsort clinic file)."""
    if len(uploads) == 1 and uploads[0].suffix == ".json":
        document = _json_or_none(uploads[0].data)
        if is_clinic_document(document):
            return import_clinic_document(owner, document, uploads[0].name)
    study = read_study(uploads)
    table = study.table
    values, heights = zip(*sorted(_distribution(table).items()), strict=True)
    # The study's texts come in one (unknown) language: the same text serves both, as for the
    # statements below.
    name = (title.strip() or table.title or PurePath(study.source).stem)[:200]
    clinic = Clinic(
        owner=owner,
        title_nl=name,
        title_en=name,
        grid=ForcedDistribution.from_lists(values, heights).to_json(),
        join_code=unique_code(Clinic.join_code, JOIN_CODE_LENGTH),
        phase="closed",
    )
    statements = [
        Statement(position=number, code=code, text_nl=text, text_en=text)
        for number, (code, text) in enumerate(
            zip(table.statements, study.texts, strict=True), start=1
        )
    ]
    clinic.statements.extend(statements)
    db.session.add(clinic)
    now = datetime.now(UTC)
    for name, row in zip(table.participants, table.values.tolist(), strict=True):
        notes = study.comments.get(name, {})
        participant = Participant(
            clinic=clinic,
            display_name=name,
            language="en",
            resume_code=unique_code(Participant.resume_code, RESUME_CODE_LENGTH),
        )
        q_sort = QSort(participant=participant, status="submitted", submitted_at=now,
                       free_choice="\n".join(f"{k}: {v}" for k, v in notes.items()) or None)  # fmt: skip
        q_sort.placements.extend(_placements(statements, row))
        db.session.add(participant)
        db.session.flush()  # unique_code must see the codes already handed out
    db.session.commit()
    log.info(
        "clinic %s imported from %s by facilitator %s (%s sorts)",
        clinic.id,
        study.source,
        owner.id,
        table.n_sorts,
    )
    return clinic


def _json_or_none(data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None  # read_htmlq reports the problem with its line


def _is_sorts_csv(upload: Upload) -> bool:
    first = upload.data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].strip().lower()
    return first.startswith((b"participant", b'"participant"'))


def _csv_texts(table: QSortTable, others: list[Upload]) -> list[str]:
    if not others:
        return list(table.statements)
    texts = read_statements_csv(others[0].stream())
    missing = [s for s in table.statements if s not in texts]
    if missing:
        raise FormatError(
            f"no text for statement(s) {', '.join(missing[:5])}", file=others[0].name, field="id"
        )
    return [texts[s] for s in table.statements]


def _check(table: QSortTable, main: Upload) -> None:
    too_long = [s for s in table.statements if len(s) > MAX_CODE_LENGTH]
    if too_long:
        raise FormatError(
            f"statement id {too_long[0]!r} is longer than {MAX_CODE_LENGTH} characters",
            file=main.name,
            line=1,
            field=too_long[0],
        )
    for name in table.participants:
        if len(name) > MAX_NAME_LENGTH:
            raise FormatError(
                f"participant name is longer than {MAX_NAME_LENGTH} characters",
                file=main.name,
                field=name[:20],
            )
    try:
        validate_sorts(table.values, list(table.participants))
    except AnalysisError as error:
        name = table.participants[error.sort_index] if error.sort_index is not None else None
        line = None
        if name is not None and main.suffix in (".csv", ".dat"):
            line = sort_line(main.data.decode("utf-8", errors="replace"), name, main.suffix[1:])
        raise FormatError(str(error), file=main.name, line=line, field=name) from None


def _distribution(table: QSortTable) -> dict[int, int]:
    first = table.values[0].tolist()
    return {value: first.count(value) for value in set(first)}


def _placements(statements: list[Statement], row: list[int]) -> list[Placement]:
    next_position: dict[int, int] = {}
    placements = []
    for statement, value in zip(statements, row, strict=True):
        position = next_position.get(value, 0)
        next_position[value] = position + 1
        placements.append(Placement(statement=statement, column_value=value, position=position))
    return placements
