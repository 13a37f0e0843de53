"""The participant's use cases: join, resume, save a draft, submit exactly once.

Each function that writes ends in exactly one commit. Nothing is written before validation has
passed, so a rejected save or submit leaves the stored draft as it was. Concurrent writes are
guarded by conditional UPDATEs (``version < new`` for drafts, ``status = 'draft'`` for submit),
so an older save never overwrites a newer one and a sort is submitted exactly once.
"""

import hashlib
import logging
import random
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from qsort.domain.sort_validation import (
    PILES,
    Draft,
    SortProblem,
    validate_draft,
    validate_submission,
)
from qsort.extensions import db
from qsort.models import Clinic, Comment, Participant, Placement, QSort, Statement
from qsort.services.codes import ALPHABET, RESUME_CODE_LENGTH, normalise_code, unique_code
from qsort.services.job_kinds import enqueue_analysis
from qsort.write_lock import write_lock

log = logging.getLogger(__name__)

JOINABLE = ("lobby", "sorting")
KEY_PATTERN = re.compile(r"^[A-Za-z0-9-]{8,64}$")
ACTIVE_RESOLUTION = timedelta(seconds=20)


@dataclass
class SortRejected(Exception):
    """Why a save or submit was refused: ``reason`` is one of ``closed``, ``stale``,
    ``submitted``, ``invalid`` or ``bad_key``; ``extra`` goes into the JSON answer."""

    status: int
    reason: str
    problems: list[SortProblem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


class JoinClosed(Exception):
    """The clinic is not open for joining (closed or results shown)."""


class ClinicFull(Exception):
    """The clinic already has its maximum number of participants."""

    def __init__(self, maximum: int) -> None:
        super().__init__(maximum)
        self.maximum = maximum


def join(clinic: Clinic, *, display_name: str, team_size: int | None, language: str) -> Participant:
    """A new participant with an empty draft: every statement unsorted, in a random order."""
    if clinic.phase not in JOINABLE:
        raise JoinClosed(clinic.phase)
    resume_code = unique_code(Participant.resume_code, RESUME_CODE_LENGTH)
    order = [s.id for s in clinic.statements]
    random.SystemRandom().shuffle(order)
    participant = Participant(
        clinic_id=clinic.id,  # not clinic=: that would put it in the session before the count
        display_name=display_name.strip(),
        team_size=team_size,
        language=language,
        resume_code=resume_code,
    )
    participant.q_sort = QSort(version=1, draft={"step": "intro", "piles": {"unsorted": order}})
    with write_lock():
        maximum = clinic.max_participants
        if _participant_count(clinic) >= maximum:
            db.session.rollback()
            raise ClinicFull(maximum)
        db.session.add(participant)
        db.session.commit()
    log.info("participant %s joined clinic %s", participant.id, clinic.id)
    return participant


def _participant_count(clinic: Clinic) -> int:
    """Participants of the clinic, counted under a lock on the clinic's row (PostgreSQL; on
    SQLite the write lock already lets one join in at a time), so the maximum holds exactly."""
    db.session.execute(db.select(Clinic.id).where(Clinic.id == clinic.id).with_for_update())
    return db.session.scalar(
        db.select(func.count(Participant.id)).where(Participant.clinic_id == clinic.id)
    )


def by_resume_code(code: str) -> Participant | None:
    cleaned = normalise_code(code)
    if len(cleaned) != RESUME_CODE_LENGTH or set(cleaned) - set(ALPHABET):
        return None
    return db.session.scalar(db.select(Participant).where(Participant.resume_code == cleaned))


def draft_state(q_sort: QSort) -> dict[str, Any]:
    """The stored draft as the sort page's JavaScript model reads it (JSON keys are text)."""
    stored = q_sort.draft or {}
    columns: dict[str, list[int]] = {}
    for placement in sorted(q_sort.placements, key=lambda p: (p.column_value, p.position)):
        columns.setdefault(str(placement.column_value), []).append(placement.statement_id)
    return {
        "version": q_sort.version,
        "step": stored.get("step", "intro"),
        "columns": columns,
        "piles": {name: list(ids) for name, ids in (stored.get("piles") or {}).items()},
        "comments": {str(c.statement_id): c.text for c in q_sort.comments},
        "free_choice": q_sort.free_choice or "",
        "status": q_sort.status,
    }


def placed_count(q_sort: QSort) -> int:
    """How many cards of this sort are stored on the grid (one COUNT, no rows loaded)."""
    query = db.select(func.count(Placement.id)).where(Placement.q_sort_id == q_sort.id)
    return int(db.session.scalar(query) or 0)


def _require_sorting(q_sort: QSort) -> None:
    if q_sort.status == "submitted":
        raise SortRejected(409, "submitted", extra={"receipt": q_sort.receipt})
    phase = q_sort.participant.clinic.phase
    if phase != "sorting":
        # What is stored goes with the refusal, so the tablet can say it truthfully.
        raise SortRejected(409, "closed", extra={"phase": phase, "placed": placed_count(q_sort)})


def _statement_ids(q_sort: QSort) -> list[int]:
    """The clinic's statement ids in order: one small query, no Statement objects to build."""
    query = (
        db.select(Statement.id)
        .where(Statement.clinic_id == q_sort.participant.clinic_id)
        .order_by(Statement.position)
    )
    return list(db.session.scalars(query))


def save_draft(q_sort: QSort, draft: Draft) -> int:
    """Replace the stored draft with ``draft`` when its version is newer; returns the version."""
    _require_sorting(q_sort)
    clinic = q_sort.participant.clinic
    problems = validate_draft(clinic.distribution, _statement_ids(q_sort), draft)
    if problems:
        raise SortRejected(422, "invalid", problems, {"version": q_sort.version})
    with write_lock():
        claimed = db.session.execute(
            db.update(QSort)
            .where(QSort.id == q_sort.id, QSort.version < draft.version, QSort.status == "draft")
            .values(version=draft.version, updated_at=datetime.now(UTC))
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:
            _write(q_sort, draft)
            db.session.commit()
        else:
            db.session.rollback()
    if claimed.rowcount != 1:
        db.session.refresh(q_sort)
        _require_sorting(q_sort)
        raise SortRejected(409, "stale", extra={"version": q_sort.version})
    log.debug("draft %s of sort %s saved", draft.version, q_sort.id)
    return draft.version


def _write(q_sort: QSort, draft: Draft) -> None:
    db.session.execute(
        db.delete(Placement).where(Placement.q_sort_id == q_sort.id),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        db.delete(Comment).where(Comment.q_sort_id == q_sort.id),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(q_sort, ["placements", "comments"])
    # Core bulk inserts: one executemany each, no unit-of-work bookkeeping per row. Under
    # SQLite the write lock is held until the commit, so a short write here is throughput.
    placements = [
        {"q_sort_id": q_sort.id, "statement_id": sid, "column_value": value, "position": i}
        for value, ids in draft.columns.items()
        for i, sid in enumerate(ids)
    ]
    if placements:
        db.session.execute(db.insert(Placement), placements)
    comments = [
        {"q_sort_id": q_sort.id, "statement_id": sid, "text": text.strip()}
        for sid, text in draft.comments.items()
        if text.strip()
    ]
    if comments:
        db.session.execute(db.insert(Comment), comments)
    piles = {name: list(draft.piles.get(name, ())) for name in PILES}
    q_sort.draft = {"step": draft.step, "piles": piles}
    q_sort.free_choice = draft.free_choice.strip() or None
    _touch(q_sort.participant)


def _touch(participant: Participant) -> None:
    """Mark the participant active; at most every ``ACTIVE_RESOLUTION`` (the roster calls a
    sort idle after minutes, so one UPDATE per autosave would buy nothing)."""
    now = datetime.now(UTC)
    last = participant.last_active_at
    if last is None or now - last >= ACTIVE_RESOLUTION:
        participant.last_active_at = now


def receipt_for(q_sort_id: int, key: str) -> str:
    """A short code derived from the idempotency key, so a retried submit shows the same one."""
    digest = hashlib.sha256(f"{q_sort_id}:{key}".encode()).digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:8])


def submit(q_sort: QSort, key: str, draft: Draft) -> str:
    """Submit exactly once: the same key again returns the same receipt; another key after
    submission, or an incomplete sort, is refused. Returns the receipt."""
    if not KEY_PATTERN.match(key or ""):
        raise SortRejected(400, "bad_key")
    if q_sort.status == "submitted":
        return _resubmitted(q_sort, key)
    _require_sorting(q_sort)
    clinic = q_sort.participant.clinic
    problems = validate_submission(clinic.distribution, _statement_ids(q_sort), draft)
    if problems:
        raise SortRejected(422, "invalid", problems, {"version": q_sort.version})
    receipt = receipt_for(q_sort.id, key)
    with write_lock():
        claimed = db.session.execute(
            db.update(QSort)
            .where(QSort.id == q_sort.id, QSort.status == "draft")
            .values(
                status="submitted",
                submitted_at=datetime.now(UTC),
                idempotency_key=key,
                receipt=receipt,
                version=QSort.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            db.session.rollback()
        else:
            _write(q_sort, replace(draft, step="review"))
            enqueue_analysis(clinic.id)  # committed with the sort: the results follow
            try:
                db.session.commit()
            except IntegrityError as exc:  # the key is already used by another sort
                db.session.rollback()
                raise SortRejected(409, "bad_key") from exc
    if claimed.rowcount != 1:
        db.session.refresh(q_sort)
        return _resubmitted(q_sort, key)
    db.session.refresh(q_sort)
    log.info("sort %s submitted by participant %s", q_sort.id, q_sort.participant_id)
    return receipt


def _resubmitted(q_sort: QSort, key: str) -> str:
    if q_sort.idempotency_key == key:
        return q_sort.receipt or ""
    raise SortRejected(409, "submitted", extra={"receipt": q_sort.receipt})
