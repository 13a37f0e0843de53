"""The live clinic: phases, the roster, progress counts, reopening a sort, removing someone.

Nothing is kept in process memory: every figure is read from the database, so several
gunicorn workers serve the same picture. Every change ends in one commit and writes an
:class:`AuditEvent`.
"""

import hashlib
import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func

from qsort.domain.phases import CLOSED_PHASES, PHASES, Phase
from qsort.domain.problems import ProblemError
from qsort.extensions import db
from qsort.models import AnalysisRun, AuditEvent, Clinic, Facilitator, Participant, Placement, QSort
from qsort.models.clinic import new_projector_token
from qsort.models.sort import draft_document, placed_in
from qsort.services import analysis_run
from qsort.services.job_kinds import enqueue_analysis

log = logging.getLogger(__name__)

IDLE_AFTER = timedelta(minutes=3)
MAX_TIMER_MINUTES = 180


class LiveError(ProblemError):
    """A refused change; its code (``live.*``) says which, the view words it."""


@dataclass(frozen=True)
class RosterRow:
    participant_id: int
    display_name: str
    resume_code: str  # shown to the facilitator, to help someone whose tablet died
    placed: int
    status: str  # "joined" (no sort yet), "draft" or "submitted"
    last_change: datetime
    idle: bool


@dataclass(frozen=True)
class Progress:
    phase: str
    joined: int
    submitted: int
    placed: int
    timer_ends_at: datetime | None
    latest_run_id: int | None
    stamp: str  # changes whenever anything on the dashboard or projector would change


def is_backwards(clinic: Clinic, phase: str) -> bool:
    return PHASES.index(phase) < PHASES.index(clinic.phase)


def allowed_phases(clinic: Clinic) -> list[str]:
    """One step forward or one step back (in round 2 never back to the lobby: nobody joins)."""
    here = PHASES.index(clinic.phase)
    steps = [p for n, p in enumerate(PHASES) if abs(n - here) == 1]
    return [p for p in steps if not (clinic.current_round == 2 and p == Phase.LOBBY)]


def can_start_round_two(clinic: Clinic) -> bool:
    """Round 2 can start once round 1's sorting is closed, when a round-2 question is set."""
    return clinic.has_round_two and clinic.current_round == 1 and clinic.phase in CLOSED_PHASES


def start_round_two(clinic: Clinic, actor: Facilitator, *, show_first: bool) -> int:
    """Open sorting for round 2: every participant who submitted round 1 gets a fresh draft
    (same statements and grid, a new random order). ``show_first`` shows them their round-1
    sort for reference. Audited as a phase change; returns how many were asked to sort."""
    if not clinic.has_round_two:
        raise LiveError("live.no-round-two")
    if clinic.current_round != 1 or clinic.phase not in CLOSED_PHASES:
        raise LiveError("live.round-two-not-now")
    finished = db.session.scalars(
        db.select(QSort.participant_id)
        .join(Participant, QSort.participant_id == Participant.id)
        .where(Participant.clinic_id == clinic.id, QSort.round == 1, QSort.status == "submitted")
        .order_by(QSort.participant_id)
    ).all()
    if not finished:
        raise LiveError("live.round-two-nobody")
    ids = [s.id for s in clinic.statements]
    shuffle = random.SystemRandom().shuffle
    for participant_id in finished:
        order = list(ids)
        shuffle(order)
        document = draft_document("intro", {}, {"unsorted": order}, {}, "")
        db.session.add(QSort(participant_id=participant_id, round=2, version=1, draft=document))
    previous = clinic.phase
    clinic.current_round, clinic.phase = 2, Phase.SORTING
    clinic.show_first_sort = bool(show_first)
    clinic.timer_ends_at, clinic.auto_close = None, False
    detail = {
        "from": previous,
        "to": Phase.SORTING,
        "round": 2,
        "show_first": clinic.show_first_sort,
        "participants": len(finished),
    }
    _audit(clinic, actor, "phase", detail)
    db.session.commit()
    log.info(
        "clinic %s round 2 started (%s sorts) by facilitator %s", clinic.id, len(finished), actor.id
    )
    return len(finished)


def still_sorting(clinic: Clinic) -> list[RosterRow]:
    """Everyone whose sort is not submitted (they would stop where they are)."""
    return [row for row in roster(clinic) if row.status != "submitted"]


def set_phase(clinic: Clinic, actor: Facilitator, phase: str, *, confirmed: bool = False) -> None:
    """Move the clinic one step; going back needs ``confirmed`` (it reopens joining or saving),
    and so does closing while people are still sorting (they stop where they are)."""
    if phase not in allowed_phases(clinic):
        raise LiveError("live.phase-not-allowed")
    if is_backwards(clinic, phase) and not confirmed:
        raise LiveError("live.confirm")
    if (
        phase == Phase.CLOSED
        and clinic.phase == Phase.SORTING
        and not confirmed
        and still_sorting(clinic)
    ):
        raise LiveError("live.confirm-close")
    previous = clinic.phase
    clinic.phase = phase
    _audit(clinic, actor, "phase", {"from": previous, "to": phase})
    db.session.commit()
    log.info("clinic %s phase %s -> %s by facilitator %s", clinic.id, previous, phase, actor.id)
    if phase == Phase.REVEALED and analysis_run.latest_run(clinic, clinic.current_round) is None:
        enqueue_analysis(clinic.id, label="reveal")  # the projector shows it once it is made
        db.session.commit()


def set_timer(
    clinic: Clinic, actor: Facilitator, minutes: int | None, *, auto_close: bool = False
) -> None:
    """Start a countdown shown on the projector and the tablets, or clear it (``None`` or 0);
    ``auto_close``: sorting closes by itself at zero (:func:`close_due_timers`)."""
    if minutes is not None and not 0 <= minutes <= MAX_TIMER_MINUTES:
        raise LiveError("live.timer-range")
    clinic.timer_ends_at = datetime.now(UTC) + timedelta(minutes=minutes) if minutes else None
    clinic.auto_close = bool(minutes) and auto_close
    _audit(clinic, actor, "timer", {"minutes": minutes or 0, "auto_close": clinic.auto_close})
    db.session.commit()
    log.info("clinic %s timer %s min by facilitator %s", clinic.id, minutes, actor.id)


def _due(now: datetime) -> Any:
    """SQL: sorting with "close when the timer ends" whose timer has reached zero."""
    return and_(
        Clinic.phase == Phase.SORTING, Clinic.auto_close.is_(True), Clinic.timer_ends_at <= now
    )


def _close_by_timer(clinic_id: int, now: datetime) -> bool:
    """One conditional UPDATE: of several processes asking at once exactly one closes and
    audits it (actor: none, ``by: timer``); the others change nothing (not committed)."""
    closed = db.session.execute(
        db.update(Clinic)
        .where(Clinic.id == clinic_id, _due(now))
        .values(phase=Phase.CLOSED)
        .execution_options(synchronize_session=False)
    ).rowcount
    if closed:
        detail = {"from": Phase.SORTING, "to": Phase.CLOSED, "by": "timer"}
        db.session.add(
            AuditEvent(clinic_id=clinic_id, actor_id=None, action="phase", detail=detail)
        )
        log.info("clinic %s closed by its timer", clinic_id)
    return bool(closed)


def close_due_timers(now: datetime | None = None) -> list[int]:
    """Close sorting in every clinic whose timer with "close when the timer ends" has reached
    zero; the ids of those this call closed. Run by the job runner of each process, never by
    a page a GET shows: what the tablets saved stays, as after a manual close."""
    now = now or datetime.now(UTC)
    due = db.session.scalars(db.select(Clinic.id).where(_due(now))).all()
    closed = [clinic_id for clinic_id in due if _close_by_timer(clinic_id, now)]
    db.session.commit()
    return closed


def next_timer_end() -> datetime | None:
    """When the next timer that closes sorting reaches zero (None: no such timer runs)."""
    return db.session.scalar(
        db.select(func.min(Clinic.timer_ends_at)).where(
            Clinic.phase == Phase.SORTING, Clinic.auto_close.is_(True)
        )
    )


def close_when_due(clinic: Clinic, now: datetime | None = None) -> bool:
    """Close ``clinic`` first if its timer is due, for a request that changes a sort (the
    autosave and the submit then refuse as for a manual close)."""
    now = now or datetime.now(UTC)
    if not clinic.timer_due(now):
        return False
    closed = _close_by_timer(clinic.id, now)
    db.session.commit()
    db.session.refresh(clinic)
    return closed


def timer_state(clinic: Clinic) -> dict[str, Any]:
    """What a tablet needs for its countdown: the end (ISO 8601, UTC) and the auto-close option."""
    ends = clinic.timer_ends_at.isoformat() if clinic.timer_ends_at else None
    return {"timer_ends_at": ends, "auto_close": bool(clinic.auto_close and ends)}


def new_projector_link(clinic: Clinic, actor: Facilitator) -> None:
    """Replace the projector token: the old link stops working."""
    clinic.projector_token = new_projector_token()
    _audit(clinic, actor, "projector-link", {})
    db.session.commit()
    log.info("clinic %s projector link renewed by facilitator %s", clinic.id, actor.id)


def _participant(clinic: Clinic, participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.clinic_id != clinic.id:
        raise LiveError("live.no-participant")
    return participant


def reopen_sort(clinic: Clinic, actor: Facilitator, participant_id: int) -> None:
    """Turn a submitted sort back into a draft the participant can change and submit again."""
    participant = _participant(clinic, participant_id)
    q_sort = participant.sort_of_round(clinic.current_round)
    if q_sort is None or q_sort.status != "submitted":
        raise LiveError("live.not-submitted")
    q_sort.status = "draft"
    q_sort.submitted_at = None
    q_sort.version += 1
    _audit(clinic, actor, "reopen", {"participant_id": participant.id})
    enqueue_analysis(clinic.id)
    db.session.commit()
    log.info("sort of participant %s reopened by facilitator %s", participant.id, actor.id)


def remove_participant(clinic: Clinic, actor: Facilitator, participant_id: int) -> None:
    """Delete a participant and their sort (the audit keeps only the id and the name)."""
    participant = _participant(clinic, participant_id)
    detail = {"participant_id": participant.id, "display_name": participant.display_name}
    db.session.delete(participant)
    _audit(clinic, actor, "remove", detail)
    enqueue_analysis(clinic.id)
    db.session.commit()
    log.info("participant %s removed by facilitator %s", detail["participant_id"], actor.id)


def _audit(clinic: Clinic, actor: Facilitator, action: str, detail: dict[str, Any]) -> None:
    db.session.add(AuditEvent(clinic_id=clinic.id, actor_id=actor.id, action=action, detail=detail))


def audit_log(clinic: Clinic, limit: int = 20) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            db.select(AuditEvent)
            .where(AuditEvent.clinic_id == clinic.id)
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )


def roster(clinic: Clinic, now: datetime | None = None) -> list[RosterRow]:
    """Everyone who joined, with cards placed (a draft's document, a submitted sort's rows)
    and idle time.

    Idle: no change for :data:`IDLE_AFTER`, where the last change is the later of joining and
    the sort's ``updated_at``; a submitted sort is never idle.
    """
    now = now or datetime.now(UTC)
    placed = (
        db.select(Placement.q_sort_id, func.count(Placement.id).label("n"))
        .group_by(Placement.q_sort_id)
        .subquery()
    )
    rows = db.session.execute(
        db.select(
            Participant.id,
            Participant.display_name,
            Participant.resume_code,
            Participant.created_at,
            QSort.status,
            QSort.updated_at,
            func.coalesce(placed.c.n, 0),
            QSort.draft,
        )
        .outerjoin(QSort, _this_round(clinic))
        .outerjoin(placed, placed.c.q_sort_id == QSort.id)
        .where(Participant.clinic_id == clinic.id)
        .order_by(Participant.created_at, Participant.id)
    ).all()
    result = []
    for pid, name, code, joined_at, status, updated_at, rows_placed, document in rows:
        count = placed_in(document) if status == "draft" else rows_placed
        last = max(joined_at, updated_at or joined_at)
        status = status or "joined"
        idle = status != "submitted" and now - last > IDLE_AFTER
        result.append(RosterRow(pid, name, code, int(count), status, last, idle))
    return result


def _this_round(clinic: Clinic):
    """Join condition: the participant's sort of the clinic's current round."""
    return (QSort.participant_id == Participant.id) & (QSort.round == clinic.current_round)


def _placed_total(clinic: Clinic) -> int:
    """Cards on the grid over the sorts of the current round: submitted rows plus drafts'."""
    in_clinic = (_this_round(clinic), Participant.clinic_id == clinic.id)
    rows = db.session.scalar(
        db.select(func.count(Placement.id))
        .join(QSort, Placement.q_sort_id == QSort.id)
        .join(Participant, in_clinic[0])
        .where(in_clinic[1])
    )
    drafts = db.session.scalars(
        db.select(QSort.draft)
        .join(Participant, in_clinic[0])
        .where(in_clinic[1], QSort.status == "draft")
    )
    return int(rows or 0) + sum(map(placed_in, drafts))


def progress(clinic: Clinic) -> Progress:
    """Counts for the dashboard and projector in two small aggregate queries."""
    counts = db.session.execute(
        db.select(
            func.count(Participant.id),
            func.count(QSort.id).filter(QSort.status == "submitted"),
            func.max(QSort.updated_at),
            func.max(Participant.created_at),
            func.coalesce(func.sum(QSort.version), 0),
        )
        .outerjoin(QSort, _this_round(clinic))
        .where(Participant.clinic_id == clinic.id)
    ).one()
    placed = _placed_total(clinic)
    run_id = db.session.scalar(
        db.select(func.max(AnalysisRun.id)).where(AnalysisRun.clinic_id == clinic.id)
    )
    parts = [
        clinic.phase,
        *counts,
        placed,
        clinic.timer_ends_at,
        run_id,
        clinic.auto_close,
        clinic.reveal_step,
        clinic.presenter_version,
        clinic.current_round,
    ]
    stamp = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]
    return Progress(
        phase=clinic.phase,
        joined=int(counts[0]),
        submitted=int(counts[1]),
        placed=int(placed or 0),
        timer_ends_at=clinic.timer_ends_at,
        latest_run_id=run_id,
        stamp=stamp,
    )


def clinic_by_projector_token(token: str) -> Clinic | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(db.select(Clinic).where(Clinic.projector_token == token))
