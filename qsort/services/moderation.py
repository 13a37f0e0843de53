"""Moderation: participants' comments and free-choice answers reach the projector only after
the facilitator approves them, and never with a name.

An undecided text has no :class:`Moderation` row and is not shown; "hidden" keeps it off the
projector for good (until approved after all). Every decision is audited and bumps the clinic's
``presenter_version``, so every projector screen picks it up at its next poll.
"""

from dataclasses import dataclass

from qsort.domain.problems import ProblemError
from qsort.extensions import db
from qsort.models import AuditEvent, Clinic, Comment, Facilitator, Moderation, Participant, QSort
from qsort.models.moderation import KINDS, STATUSES


class ModerationError(ProblemError):
    """A refused moderation decision (``moderation.*``)."""


@dataclass(frozen=True)
class Item:
    kind: str  # "comment" or "answer"
    item_id: str
    text: str
    statement: str | None  # the statement code a comment is on
    status: str | None  # None: not decided yet


def answer_label(participant_id: int) -> str:
    """The run label of a participant (``p<id>``), also the id of their free-choice answer
    (of round 1; a round-2 answer is ``p<id>r2``)."""
    return f"p{participant_id}"


def _decisions(clinic: Clinic) -> dict[tuple[str, str], str]:
    rows = db.session.execute(
        db.select(Moderation.kind, Moderation.item_id, Moderation.status).where(
            Moderation.clinic_id == clinic.id
        )
    ).all()
    return {(kind, item): status for kind, item, status in rows}


def items(clinic: Clinic) -> list[Item]:
    """Every comment and free-choice answer of a submitted sort, with its decision."""
    decided = _decisions(clinic)
    submitted = (
        db.select(QSort.id, QSort.participant_id, QSort.free_choice, QSort.round)
        .join(Participant, QSort.participant_id == Participant.id)
        .where(Participant.clinic_id == clinic.id, QSort.status == "submitted")
    )
    sorts = db.session.execute(submitted).all()
    codes = {s.id: s.code for s in clinic.statements}
    comments = db.session.execute(
        db.select(Comment.id, Comment.statement_id, Comment.text)
        .where(Comment.q_sort_id.in_([row[0] for row in sorts]))
        .order_by(Comment.id)
    ).all()
    found = [
        Item("comment", str(cid), text, codes.get(sid), decided.get(("comment", str(cid))))
        for cid, sid, text in comments
        if text and text.strip()
    ]
    for _sid, pid, answer, round_number in sorted(sorts, key=lambda row: (row[1], row[3])):
        if answer and answer.strip():
            label = answer_label(pid) + ("r2" if round_number == 2 else "")  # one per round
            found.append(Item("answer", label, answer, None, decided.get(("answer", label))))
    return found


def approved(clinic: Clinic, kind: str) -> list[Item]:
    return [i for i in items(clinic) if i.kind == kind and i.status == "approved"]


def decide(clinic: Clinic, actor: Facilitator, kind: str, item_id: str, status: str) -> None:
    """Approve or hide one text (it must belong to a submitted sort of this clinic)."""
    if kind not in KINDS or status not in STATUSES:
        raise ModerationError("moderation.unknown")
    if not any(i.kind == kind and i.item_id == item_id for i in items(clinic)):
        raise ModerationError("moderation.no-item")
    row = db.session.scalar(
        db.select(Moderation).filter_by(clinic_id=clinic.id, kind=kind, item_id=item_id)
    )
    if row is None:
        row = Moderation(clinic_id=clinic.id, kind=kind, item_id=item_id, status=status)
        db.session.add(row)
    row.status = status
    bump(clinic)
    detail = {"kind": kind, "item": item_id, "status": status}
    db.session.add(
        AuditEvent(clinic_id=clinic.id, actor_id=actor.id, action="moderate", detail=detail)
    )
    db.session.commit()


def bump(clinic: Clinic) -> None:
    """Something on the projector changed: a new ETag for every screen."""
    clinic.presenter_version = (clinic.presenter_version or 0) + 1
