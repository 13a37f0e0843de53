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
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, func
from sqlalchemy.exc import IntegrityError

from qsort.domain.grid import ForcedDistribution
from qsort.domain.phases import JOINABLE, Phase, timer_due
from qsort.domain.problems import Problem
from qsort.domain.sort_validation import (
    PILES,
    Draft,
    validate_draft,
    validate_submission,
)
from qsort.extensions import db
from qsort.models import Clinic, Comment, Participant, Placement, QSort, Statement
from qsort.models.sort import draft_document, placed_in
from qsort.services.codes import ALPHABET, RESUME_CODE_LENGTH, normalise_code
from qsort.services.job_kinds import enqueue_analysis
from qsort.services.participants import new_participant
from qsort.write_lock import write_lock

log = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"^[A-Za-z0-9-]{8,64}$")
ACTIVE_RESOLUTION = timedelta(seconds=20)


@dataclass
class SortRejected(Exception):
    """Why a save or submit was refused: ``reason`` is one of ``closed``, ``stale``,
    ``submitted``, ``invalid``, ``bad_key`` (not a key) or ``key_taken`` (another sort's key);
    ``extra`` goes into the answer. The view words it and chooses the HTTP status."""

    reason: str
    problems: list[Problem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


class JoinClosed(Exception):
    """The clinic is not open for joining (closed or results shown)."""


class ClinicFull(Exception):
    """The clinic already has its maximum number of participants."""

    def __init__(self, maximum: int) -> None:
        super().__init__(maximum)
        self.maximum = maximum


_STATEMENT_IDS = db.select(Statement.id).where(Statement.clinic_id == bindparam("clinic_id"))


@dataclass(frozen=True)
class Joined:
    """Who just joined: what the join answer needs, read before the commit (no reload)."""

    id: int
    resume_code: str
    language: str


def join(
    clinic: Clinic,
    *,
    display_name: str,
    team_size: int | None,
    language: str,
    group_answer: str | None = None,
) -> Joined:
    """A new participant with an empty draft: every statement unsorted, in a random order;
    ``group_answer`` answers the clinic's joining question (blank: no group)."""
    if clinic.phase not in JOINABLE or clinic.current_round != 1:  # round 2: the same people
        raise JoinClosed(clinic.phase)
    clinic_id = clinic.id  # read now: the commit expires the clinic
    order = list(db.session.scalars(_STATEMENT_IDS, {"clinic_id": clinic_id}))
    random.SystemRandom().shuffle(order)
    participant = new_participant(
        clinic_id=clinic_id,  # not clinic=: that would put it in the session before the count
        display_name=display_name.strip(),
        team_size=team_size,
        language=language,
        group_answer=" ".join((group_answer or "").split()) or None,
    )
    participant.q_sorts = [
        QSort(version=1, draft=draft_document("intro", {}, {"unsorted": order}, {}, ""))
    ]
    with write_lock():
        maximum = clinic.max_participants
        if _participant_count(clinic) >= maximum:
            db.session.rollback()
            raise ClinicFull(maximum)
        db.session.add(participant)
        db.session.flush()
        joined = Joined(participant.id, participant.resume_code, language)
        db.session.commit()
    log.info("participant %s joined clinic %s", joined.id, clinic_id)
    return joined


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


def past_round(q_sort: QSort, clinic: Clinic) -> bool:
    """Whether ``q_sort`` belongs to a round that is over: someone who did not send round 1 is
    not asked to sort round 2, and their round-1 draft stays as it was."""
    return q_sort.round < clinic.current_round


def phase_seen_by(q_sort: QSort, clinic: Clinic, now: datetime | None = None) -> str:
    """The clinic's phase as the tablet holding ``q_sort`` sees it, read without writing:
    closed for a past round's sort while the current round is open, and closed once a timer
    that closes sorting reached zero, before the job runner has written it (every save and
    submit is refused from then on)."""
    if past_round(q_sort, clinic) and clinic.phase in JOINABLE:
        return Phase.CLOSED
    if clinic.timer_due(now or datetime.now(UTC)):
        return Phase.CLOSED
    return clinic.phase


def draft_state(q_sort: QSort) -> dict[str, Any]:
    """The stored sort as the sort page's JavaScript model reads it (JSON keys are text)."""
    stored = q_sort.draft or {}
    columns: dict[str, list[int]] = {}
    for statement_id, value, _position in q_sort.cards():
        columns.setdefault(str(value), []).append(statement_id)
    return {
        "version": q_sort.version,
        "step": stored.get("step", "intro"),
        "columns": columns,
        "piles": {name: list(ids) for name, ids in (stored.get("piles") or {}).items()},
        "comments": {str(sid): text for sid, text in q_sort.comment_texts().items()},
        "free_choice": q_sort.answer(),
        "status": q_sort.status,
    }


def placed_count(q_sort: QSort) -> int:
    """How many cards of this sort are stored on the grid (a draft's document, else one COUNT)."""
    if q_sort.status == "draft":
        return placed_in(q_sort.draft)
    query = db.select(func.count(Placement.id)).where(Placement.q_sort_id == q_sort.id)
    return int(db.session.scalar(query) or 0)


def _require_sorting(q_sort: QSort) -> None:
    if q_sort.status == "submitted":
        raise SortRejected("submitted", extra={"receipt": q_sort.receipt})
    phase = q_sort.participant.clinic.phase
    if phase != Phase.SORTING or q_sort.round != q_sort.participant.clinic.current_round:
        # What is stored goes with the refusal, so the tablet can say it truthfully.
        raise SortRejected("closed", extra={"phase": phase, "placed": placed_count(q_sort)})


@dataclass(frozen=True)
class SortIdentity:
    """What an autosave needs to know about the sort, its participant and clinic (one row)."""

    sort_id: int
    status: str
    version: int
    receipt: str | None
    participant_id: int
    last_active_at: datetime | None
    clinic_id: int
    join_code: str
    phase: str
    auto_close: bool
    timer_ends_at: datetime | None
    round: int = 1
    current_round: int = 1

    def timer_due(self, now: datetime) -> bool:
        """Whether the clinic's timer should close sorting now (qsort.services.live)."""
        return timer_due(self.phase, self.auto_close, self.timer_ends_at, now)


_IDENTITY = (
    db.select(
        QSort.id,
        QSort.status,
        QSort.version,
        QSort.receipt,
        Participant.id,
        Participant.last_active_at,
        Clinic.id,
        Clinic.join_code,
        Clinic.phase,
        Clinic.auto_close,
        Clinic.timer_ends_at,
        QSort.round,
        Clinic.current_round,
    )
    .join(Participant, QSort.participant_id == Participant.id)
    .join(Clinic, Participant.clinic_id == Clinic.id)
    .where(QSort.id == bindparam("sort_id"), Participant.id == bindparam("participant_id"))
)


def sort_identity(participant_id: int, sort_id: int) -> SortIdentity | None:
    """The participant's own sort ``sort_id`` with its clinic, in one query; else None."""
    params = {"sort_id": sort_id, "participant_id": participant_id}
    found = db.session.connection().execute(_IDENTITY, params).first()
    return None if found is None else SortIdentity(*found)


@dataclass(frozen=True)
class ClinicShape:
    """A clinic's grid and statement ids: fixed once anyone has joined, so cached."""

    grid: ForcedDistribution
    statement_ids: tuple[int, ...]


@lru_cache(maxsize=512)
def clinic_shape(clinic_id: int, join_code: str) -> ClinicShape:
    """Cached per clinic (the join code tells a re-used id apart). Grid and statements cannot
    change once a participant has joined (qsort.services.clinics), and only participants ask."""
    grid = db.session.scalar(db.select(Clinic.grid).where(Clinic.id == clinic_id))
    query = (
        db.select(Statement.id).where(Statement.clinic_id == clinic_id).order_by(Statement.position)
    )
    return ClinicShape(ForcedDistribution.from_json(grid), tuple(db.session.scalars(query)))


def _refuse_unless_sorting(who: SortIdentity) -> None:
    if who.status == "submitted":
        raise SortRejected("submitted", extra={"receipt": who.receipt})
    if who.phase != Phase.SORTING or who.round != who.current_round:  # a past round stays as it is
        document = db.session.scalar(db.select(QSort.draft).where(QSort.id == who.sort_id))
        raise SortRejected("closed", extra={"phase": who.phase, "placed": placed_in(document)})


_SAVE = (
    db.update(QSort.__table__)
    .where(
        QSort.__table__.c.id == bindparam("sort_id"),
        QSort.__table__.c.version < bindparam("version"),
        QSort.__table__.c.status == "draft",
    )
    .values(version=bindparam("version"), draft=bindparam("draft"), updated_at=bindparam("now"))
)
_TOUCH = (
    db.update(Participant.__table__)
    .where(Participant.__table__.c.id == bindparam("participant_id"))
    .values(last_active_at=bindparam("now"))
)


def save_draft(who: SortIdentity, draft: Draft) -> int:
    """Replace the stored draft with ``draft`` when its version is newer; returns the version.
    One guarded UPDATE writes document and version together (see :class:`QSort`)."""
    _refuse_unless_sorting(who)
    shape = clinic_shape(who.clinic_id, who.join_code)
    problems = validate_draft(shape.grid, shape.statement_ids, draft)
    if problems:
        raise SortRejected("invalid", problems, {"version": who.version})
    document = draft_document(
        draft.step, draft.columns, draft.piles, draft.comments, draft.free_choice
    )
    now = datetime.now(UTC)
    params = {"sort_id": who.sort_id, "version": draft.version, "draft": document, "now": now}
    connection = db.session.connection()
    with write_lock():
        claimed = connection.execute(_SAVE, params).rowcount
        if claimed == 1 and _stale_activity(who.last_active_at, now):
            connection.execute(_TOUCH, {"participant_id": who.participant_id, "now": now})
        db.session.commit()
    if claimed != 1:
        _refuse_stale(who)
    return draft.version


def _refuse_stale(who: SortIdentity) -> None:
    fresh = sort_identity(who.participant_id, who.sort_id)
    if fresh is not None:
        _refuse_unless_sorting(fresh)
    raise SortRejected("stale", extra={"version": fresh.version if fresh else who.version})


def _write_submitted(q_sort: QSort, draft: Draft) -> None:
    """The sort's rows, written once on submit; the document keeps only step and piles."""
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
    db.session.expire(q_sort, ["placements", "comments"])
    piles = {name: list(draft.piles.get(name, ())) for name in PILES}
    q_sort.draft = {"step": "review", "piles": piles}
    q_sort.free_choice = draft.free_choice.strip() or None
    _touch(q_sort.participant)


def _stale_activity(last: datetime | None, now: datetime) -> bool:
    """Whether ``last_active_at`` is worth an UPDATE: at most every ``ACTIVE_RESOLUTION`` (the
    roster calls a sort idle after minutes, so one UPDATE per autosave would buy nothing)."""
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return last is None or now - last >= ACTIVE_RESOLUTION


def _touch(participant: Participant) -> None:
    """Mark the participant active (see :func:`_stale_activity`)."""
    now = datetime.now(UTC)
    if _stale_activity(participant.last_active_at, now):
        participant.last_active_at = now


def receipt_for(q_sort_id: int, key: str) -> str:
    """A short code derived from the idempotency key, so a retried submit shows the same one."""
    digest = hashlib.sha256(f"{q_sort_id}:{key}".encode()).digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:8])


def submit(q_sort: QSort, key: str, draft: Draft) -> str:
    """Submit exactly once: the same key again returns the same receipt; another key after
    submission, or an incomplete sort, is refused. Returns the receipt."""
    if not KEY_PATTERN.match(key or ""):
        raise SortRejected("bad_key")
    if q_sort.status == "submitted":
        return _resubmitted(q_sort, key)
    _require_sorting(q_sort)
    clinic = q_sort.participant.clinic
    shape = clinic_shape(clinic.id, clinic.join_code)
    problems = validate_submission(shape.grid, shape.statement_ids, draft)
    if problems:
        raise SortRejected("invalid", problems, {"version": q_sort.version})
    receipt = receipt_for(q_sort.id, key)
    with write_lock():
        try:
            claimed = _claim(q_sort, key, receipt, draft, clinic.id)
        except IntegrityError as exc:  # the key is already used by another sort
            db.session.rollback()
            raise SortRejected("key_taken") from exc
    if not claimed:
        db.session.refresh(q_sort)
        return _resubmitted(q_sort, key)
    db.session.refresh(q_sort)
    log.info("sort %s submitted by participant %s", q_sort.id, q_sort.participant_id)
    return receipt


def _claim(q_sort: QSort, key: str, receipt: str, draft: Draft, clinic_id: int) -> bool:
    """Mark the sort submitted with its rows, in one commit; False when it no longer was a
    draft (nothing written). A key another sort holds raises ``IntegrityError``: on the UPDATE
    itself (SQLite and PostgreSQL check the unique key per statement), not only at commit."""
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
        return False
    _write_submitted(q_sort, draft)
    enqueue_analysis(clinic_id)  # committed with the sort: the results follow
    db.session.commit()
    return True


def _resubmitted(q_sort: QSort, key: str) -> str:
    if q_sort.idempotency_key == key:
        return q_sort.receipt or ""
    raise SortRejected("submitted", extra={"receipt": q_sort.receipt})
