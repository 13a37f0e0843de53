"""Create a clinic from a study collected elsewhere: any file the reader registry reads
(:mod:`qsort.formats.registry`: Q-sort CSV, qmethod layout, HtmlQ CSV/JSON, PQMethod, KADE,
.xlsx, qsort run JSON) with its statements file, or a qsort clinic file
(:mod:`qsort.services.clinic_file`).

Everything is read and checked first, outside any transaction: the formats, the forced
distribution, and the database's own limits (:mod:`qsort.domain.limits`). Only then is the
clinic written, in short transactions (:mod:`qsort.services.import_writer`). An import
succeeds whole or changes nothing; every problem is a FormatError naming file, line and field.
"""

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath

from qsort.analysis import AnalysisError
from qsort.analysis.qsorts import validate_sorts
from qsort.domain import limits
from qsort.domain.grid import ForcedDistribution, validate_grid
from qsort.domain.phases import Phase
from qsort.domain.problems import Problem
from qsort.formats import FormatError, StudyFile, read_study_files
from qsort.formats.recognise import recognise
from qsort.models import Clinic, Facilitator, Statement
from qsort.services.clinic_file import import_clinic_document
from qsort.services.clinics import new_clinic
from qsort.services.import_writer import NewParticipant, write_clinic

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its name as the user chose it, and its bytes."""

    name: str
    data: bytes


def read_study(uploads: list[Upload]) -> StudyFile:
    """Recognise and read the files, and check the study against qsort's limits and rules."""
    study = read_study_files([(PurePath(u.name).name or "upload", u.data) for u in uploads])
    if study.clinic_document is None:
        check_study(study)
    return study


def check_study(study: StudyFile) -> None:
    """Every rule the database and the app hold a clinic to, located in the study's file."""
    table, where = study.table, study.locations
    if table.n_sorts > limits.MAX_SORTS_PER_IMPORT:
        raise FormatError(
            "format.too_many_sorts",
            sorts=table.n_sorts,  # plain numbers: "10,000" would read as ten in Dutch
            max=limits.MAX_SORTS_PER_IMPORT,
            file=study.source,
        )
    if not limits.MIN_STATEMENTS <= table.n_statements <= limits.MAX_STATEMENTS:
        raise FormatError(
            "format.statement_count",
            statements=table.n_statements,
            min=limits.MIN_STATEMENTS,
            max=limits.MAX_STATEMENTS,
            file=study.source,
        )
    for sid in table.statements:
        _text_fits(sid, limits.MAX_CODE_LENGTH, Problem("format.what_id"), study.source, sid)
    for sid, text in zip(table.statements, table.statement_texts or (), strict=False):
        what = Problem("format.what_text", {"id": repr(sid)})
        _text_fits(text, limits.MAX_TEXT_LENGTH, what, study.source, sid)
    for k, name in enumerate(table.participants):
        _text_fits(
            name,
            limits.MAX_NAME_LENGTH,
            Problem("format.what_name"),
            **{"file": study.source, **where[k], "field": name[:20]},
        )
    try:
        validate_sorts(table.values, list(table.participants))
    except AnalysisError as error:
        k = error.sort_index
        location = (
            {**where[k], "field": table.participants[k]}
            if k is not None
            else {"file": study.source}
        )
        raise FormatError.of(error.problem, **location) from None
    values, heights = zip(*sorted(Counter(table.values[0].tolist()).items()), strict=True)
    problems = validate_grid(list(values), list(heights), table.n_statements)
    if problems:
        raise FormatError("format.grid_not_stored", problem=problems[0], file=study.source)


def _text_fits(
    text: str, limit: int, what: Problem, file: str, field: str | None = None, **where
) -> None:
    """``what`` (a ``format.what_*`` problem: the statement id, ...) fits the database."""
    if len(text) > limit:
        raise FormatError(
            "format.too_long", what=what, limit=limit, file=file, field=field, **where
        )
    if "\x00" in text:
        raise FormatError("format.holds_nul", what=what, file=file, field=field, **where)


@dataclass(frozen=True)
class Imported:
    """The new clinic and the reader's notes (e.g. a repeated id kept apart)."""

    clinic: Clinic
    notes: tuple[str, ...]


def import_study(
    owner: Facilitator, uploads: list[Upload], title: str = "", progress: Progress | None = None
) -> Imported:
    """:func:`import_clinic` with the notes on what was read how; ``progress(done, total)``
    follows the writing (:func:`qsort.services.import_writer.write_clinic`).

    A clinic file is imported whole, also before anyone has sorted (the command line, which
    only analyses, needs its submitted sorts)."""
    if len(uploads) == 1:
        name = PurePath(uploads[0].name).name or "upload"
        found = recognise(name, uploads[0].data)
        if found.kind == "qsort-clinic":
            return Imported(import_clinic_document(owner, found.document, name, progress), ())
    study = read_study(uploads)
    if study.clinic_document is not None:
        clinic = import_clinic_document(owner, study.clinic_document, study.source, progress)
        return Imported(clinic, ())
    return Imported(_import(owner, study, title, progress), study.notes)


def import_clinic(owner: Facilitator, uploads: list[Upload], title: str = "") -> Clinic:
    """Create a closed clinic holding the study's statements and submitted sorts (or the whole
    clinic, from a qsort clinic file)."""
    return import_study(owner, uploads, title).clinic


def _import(owner: Facilitator, study: StudyFile, title: str, progress: Progress | None) -> Clinic:
    clinic = _new_clinic(owner, study, title)
    people = [
        _participant(name, row, study.comments.get(name, {}))
        for name, row in zip(study.table.participants, study.table.values.tolist(), strict=True)
    ]
    write_clinic(clinic, people, progress)
    log.info(
        "clinic %s imported from %s (%s) by facilitator %s (%s sorts)",
        clinic.id,
        study.source,
        study.kind,
        owner.id,
        study.table.n_sorts,
    )
    return clinic


def _new_clinic(owner: Facilitator, study: StudyFile, title: str) -> Clinic:
    table = study.table
    values, heights = zip(*sorted(Counter(table.values[0].tolist()).items()), strict=True)
    texts = table.statement_texts or table.statements
    # The study's texts come in one (unknown) language: the same text serves both, as for the
    # statements below.
    name = (title.strip() or table.title.strip() or PurePath(study.source).stem)[
        : limits.MAX_TITLE_LENGTH
    ]
    clinic = new_clinic(
        owner_id=owner.id,
        title_nl=name,
        title_en=name,
        grid=ForcedDistribution.from_lists(values, heights).to_json(),
        phase=Phase.CLOSED,
    )
    clinic.statements.extend(
        Statement(position=k, code=code, text_nl=text, text_en=text)
        for k, (code, text) in enumerate(zip(table.statements, texts, strict=True), start=1)
    )
    return clinic


def _participant(name: str, row: list[int], notes: dict[str, str]) -> NewParticipant:
    next_position: dict[int, int] = {}
    placements = []
    for j, value in enumerate(row):
        position = next_position.get(value, 0)
        next_position[value] = position + 1
        placements.append((j, value, position))
    answer = "\n".join(f"{k}: {v}" for k, v in notes.items())[: limits.MAX_FREE_CHOICE_LENGTH]
    return NewParticipant(
        name=name, submitted_at=datetime.now(UTC), free_choice=answer or None, placements=placements
    )
