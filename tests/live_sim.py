"""Simulated participants for the live-clinic tests (the join/sort UI is built separately):
join, place cards and submit through direct model writes, as the sorting service would."""

from datetime import UTC, datetime

from qsort.extensions import db
from qsort.models import Clinic, Participant, Placement, QSort
from qsort.services.codes import RESUME_CODE_LENGTH, unique_code


def join(clinic_id: int, name: str) -> int:
    participant = Participant(
        clinic_id=clinic_id,
        display_name=name,
        language="en",
        resume_code=unique_code(Participant.resume_code, RESUME_CODE_LENGTH),
    )
    db.session.add(participant)
    db.session.commit()
    return participant.id


def place(participant_id: int, count: int, shift: int = 0) -> None:
    """Place the first ``count`` statements (a valid full sort when count is all of them)."""
    participant = db.session.get(Participant, participant_id)
    clinic: Clinic = participant.clinic
    q_sort = participant.q_sort or QSort(participant=participant, status="draft")
    db.session.add(q_sort)
    for placement in list(q_sort.placements):
        db.session.delete(placement)
    db.session.flush()
    slots = [(c.value, pos) for c in clinic.distribution.columns for pos in range(c.height)]
    statements = clinic.statements
    order = [statements[(j + shift) % len(statements)] for j in range(len(statements))]
    for statement, (value, position) in list(zip(order, slots, strict=True))[:count]:
        q_sort.placements.append(
            Placement(statement=statement, column_value=value, position=position)
        )
    q_sort.updated_at = datetime.now(UTC)
    db.session.commit()


def submit(participant_id: int) -> None:
    q_sort = db.session.get(Participant, participant_id).q_sort
    q_sort.status = "submitted"
    q_sort.submitted_at = datetime.now(UTC)
    db.session.commit()


def placed_counts(clinic_id: int) -> list[int]:
    """Cards placed per participant of the clinic (in joining order)."""
    participants = db.session.scalars(
        db.select(Participant).where(Participant.clinic_id == clinic_id).order_by(Participant.id)
    ).all()
    return [len(p.q_sort.placements) if p.q_sort else 0 for p in participants]
