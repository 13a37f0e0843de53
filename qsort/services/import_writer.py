"""Write an already read and checked study as a new clinic, fast and without holding the
database's write lock for long: bulk inserts (SQLAlchemy Core ``executemany``) in chunks of
about :data:`ROWS_PER_TRANSACTION` placements, each chunk one short transaction under
:func:`qsort.write_lock.write_lock`, so tablets autosaving in other clinics wait milliseconds,
not seconds. If a later chunk fails, the half-written clinic is deleted again (all or nothing).
"""

import logging
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert

from qsort.extensions import db
from qsort.models import Clinic, Comment, Participant, Placement, QSort
from qsort.models._types import utcnow
from qsort.models.sort import draft_document
from qsort.services.codes import ALPHABET, RESUME_CODE_LENGTH
from qsort.services.job_kinds import enqueue_analysis
from qsort.write_lock import write_lock

log = logging.getLogger(__name__)

ROWS_PER_TRANSACTION = 1200
"""Placements written per transaction (a few milliseconds of SQLite's write lock)."""
PAUSE_BETWEEN_CHUNKS = 0.01
"""Seconds between two chunks, so writers queued on the lock (tablets) get their turn: flock
is not first-come-first-served, and the importer would otherwise take it straight back."""


@dataclass(frozen=True)
class NewParticipant:
    """A participant and their sort as plain values; statements by index into the clinic's."""

    name: str
    language: str = "en"
    team_size: int | None = None
    status: str | None = "submitted"
    submitted_at: datetime | None = None
    free_choice: str | None = None
    placements: Sequence[tuple[int, int, int]] = ()  # (statement index, value, position)
    comments: Sequence[tuple[int, str]] = field(default_factory=tuple)
    group_answer: str | None = None  # the answer to the clinic's joining question
    # The same person's round-2 sort (a clinic file of a two-round clinic); its name unused.
    second: "NewParticipant | None" = None


def fresh_resume_codes(n: int) -> list[str]:
    """``n`` distinct resume codes that no participant holds yet (one query per 500)."""
    codes: set[str] = set()
    while len(codes) < n:
        batch = {
            "".join(secrets.choice(ALPHABET) for _ in range(RESUME_CODE_LENGTH))
            for _ in range(n - len(codes))
        } - codes
        for start in range(0, len(batch), 500):
            chunk = sorted(batch)[start : start + 500]
            taken = db.session.scalars(
                db.select(Participant.resume_code).where(Participant.resume_code.in_(chunk))
            )
            batch -= set(taken)
        codes |= batch
    return list(codes)


def write_clinic(
    clinic: Clinic,
    people: Sequence[NewParticipant],
    progress: Callable[[int, int], None] | None = None,
) -> list[int]:
    """Store ``clinic`` (with its statements attached, not yet added) and ``people``, and ask
    for its automatic analysis run; return the new participants' ids in order.

    ``progress(done, total)`` is called after each chunk (outside the write lock); when it
    raises (a cancelled job), the clinic written so far is deleted again and the error goes on.
    """
    codes = fresh_resume_codes(len(people))
    chunks = _chunks(people)
    ids: list[int] = []
    with write_lock():
        db.session.add(clinic)
        db.session.flush()
        statement_ids = [s.id for s in clinic.statements]
        ids += _insert(clinic.id, statement_ids, chunks[0], codes)
        db.session.commit()
    try:
        for k, chunk in enumerate(chunks[1:], start=1):
            if progress is not None:
                progress(k, len(chunks))
            time.sleep(PAUSE_BETWEEN_CHUNKS)
            with write_lock():
                ids += _insert(clinic.id, statement_ids, chunk, codes[len(ids) :])
                db.session.commit()
        if progress is not None:
            progress(len(chunks), len(chunks))
    except Exception:
        db.session.rollback()
        with write_lock():
            db.session.execute(db.delete(Clinic).where(Clinic.id == clinic.id))
            db.session.commit()
        raise
    with write_lock():
        enqueue_analysis(clinic.id)  # the results are ready when the imported clinic opens
        db.session.commit()
    return ids


def _chunks(people: Sequence[NewParticipant]) -> list[list[NewParticipant]]:
    chunks: list[list[NewParticipant]] = [[]]
    rows = 0
    for person in people:
        if rows >= ROWS_PER_TRANSACTION:
            chunks.append([])
            rows = 0
        chunks[-1].append(person)
        rows += max(1, len(person.placements))
    return chunks


def _executemany(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """One driver-level ``executemany`` (placements are most of an import's rows: this skips
    SQLAlchemy's per-row parameter processing, which cost three quarters of the write)."""
    marker = "?" if db.engine.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"
    )
    db.session.connection().exec_driver_sql(sql, rows)


def _insert(
    clinic_id: int, statement_ids: list[int], people: list[NewParticipant], codes: list[str]
) -> list[int]:
    if not people:
        return []
    now = utcnow()
    participant_rows = [
        {
            "clinic_id": clinic_id,
            "display_name": p.name,
            "team_size": p.team_size,
            "language": p.language,
            "resume_code": code,
            "created_at": now,
            "group_answer": p.group_answer,
        }
        for p, code in zip(people, codes, strict=False)
    ]
    returning = insert(Participant).returning(Participant.id, sort_by_parameter_order=True)
    participant_ids = list(db.session.scalars(returning, participant_rows))
    with_sort = [(pid, p) for pid, p in zip(participant_ids, people, strict=True) if p.status]
    _insert_sorts(with_sort, statement_ids, now, 1)
    second = [
        (pid, p.second)
        for pid, p in zip(participant_ids, people, strict=True)
        if p.second is not None and p.second.status
    ]
    _insert_sorts(second, statement_ids, now, 2)
    return participant_ids


def _insert_sorts(
    with_sort: list[tuple[int, NewParticipant]], statement_ids: list[int], now, round_number: int
) -> None:
    """The sorts of one round for participants already inserted, with their rows."""
    if not with_sort:
        return
    sort_rows = [
        {
            "participant_id": pid,
            "status": p.status,
            "version": 1,
            "submitted_at": p.submitted_at,
            "round": round_number,
            "free_choice": None if p.status == "draft" else p.free_choice,
            "draft": _document(p, statement_ids) if p.status == "draft" else None,
            "created_at": now,
            "updated_at": now,
        }
        for pid, p in with_sort
    ]
    returning = insert(QSort).returning(QSort.id, sort_by_parameter_order=True)
    sort_ids = list(db.session.scalars(returning, sort_rows))
    # A draft is its document (QSort); rows are a submitted sort's.
    rowed = [
        (sid, p) for sid, (_pid, p) in zip(sort_ids, with_sort, strict=True) if p.status != "draft"
    ]
    placements = [(sid, statement_ids[j], v, pos) for sid, p in rowed for j, v, pos in p.placements]
    if placements:
        _executemany(
            Placement.__table__.name,
            ("q_sort_id", "statement_id", "column_value", "position"),
            placements,
        )
    comments = [
        {"q_sort_id": sid, "statement_id": statement_ids[j], "text": text}
        for sid, p in rowed
        for j, text in p.comments
    ]
    if comments:
        db.session.execute(insert(Comment), comments)


def _document(person: NewParticipant, statement_ids: list[int]) -> dict:
    """A draft's document from its placements (grid value, position) and comments."""
    columns: dict[int, list[int]] = {}
    for j, value, _position in sorted(person.placements, key=lambda card: (card[1], card[2])):
        columns.setdefault(value, []).append(statement_ids[j])
    comments = {statement_ids[j]: text for j, text in person.comments}
    return draft_document("intro", columns, {}, comments, person.free_choice or "")
