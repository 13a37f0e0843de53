"""Simulated participants for the live-clinic tests (the join/sort UI is built separately):
join, place cards and submit through direct model writes, as the sorting service would."""

from datetime import UTC, datetime

from qsort.extensions import db
from qsort.models import Clinic, Participant, Placement, QSort
from qsort.models.sort import draft_document
from qsort.services.participants import new_participant


def join(clinic_id: int, name: str) -> int:
    participant = new_participant(clinic_id=clinic_id, display_name=name, language="en")
    db.session.add(participant)
    db.session.commit()
    return participant.id


def place(participant_id: int, count: int, shift: int = 0) -> None:
    """Place the first ``count`` statements (a valid full sort when count is all of them) in
    the draft's document, as an autosave would."""
    participant = db.session.get(Participant, participant_id)
    clinic: Clinic = participant.clinic
    q_sort = participant.q_sort or QSort(participant=participant, status="draft")
    db.session.add(q_sort)
    slots = [c.value for c in clinic.distribution.columns for _ in range(c.height)]
    statements = clinic.statements
    order = [statements[(j + shift) % len(statements)].id for j in range(len(statements))]
    columns: dict[int, list[int]] = {}
    for statement_id, value in list(zip(order, slots, strict=True))[:count]:
        columns.setdefault(value, []).append(statement_id)
    q_sort.draft = draft_document("grid", columns, {}, {}, "")
    q_sort.updated_at = datetime.now(UTC)
    db.session.commit()


def submit(participant_id: int) -> None:
    """Submit as the service does: the document's cards become rows."""
    q_sort = db.session.get(Participant, participant_id).q_sort
    cards = q_sort.cards()
    q_sort.status = "submitted"
    q_sort.submitted_at = datetime.now(UTC)
    q_sort.placements = [Placement(statement_id=s, column_value=v, position=p) for s, v, p in cards]
    q_sort.draft = {"step": "review", "piles": {}}
    db.session.commit()


def placed_counts(clinic_id: int) -> list[int]:
    """Cards placed per participant of the clinic (in joining order): a draft's from its
    document, a submitted sort's from its rows."""
    participants = db.session.scalars(
        db.select(Participant).where(Participant.clinic_id == clinic_id).order_by(Participant.id)
    ).all()
    return [len(p.q_sort.cards()) if p.q_sort else 0 for p in participants]
