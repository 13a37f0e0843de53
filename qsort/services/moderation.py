"""Moderation: participants' comments and free-choice answers reach the projector only after
the facilitator approves them, and never with a name.

An undecided text has no :class:`Moderation` row and is not shown; "hidden" keeps it off the
projector for good (until approved after all). Every decision is audited and bumps the clinic's
``presenter_version``, so every projector screen picks it up at its next poll.
"""

from collections.abc import Mapping, Sequence
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


def answer_id(participant_id: int, round_number: int) -> str:
    """The id of a participant's free-choice answer of a round: ``p<id>``, ``p<id>r2``."""
    return answer_label(participant_id) + ("r2" if round_number == 2 else "")


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
            label = answer_id(pid, round_number)  # one per round
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


def carried(clinic: Clinic) -> list[dict]:
    """The decisions on every text the clinic holds (:func:`items`), keyed by what survives a
    move to another machine (:mod:`qsort.formats.clinic_moderation`): the participant's label,
    the round, a comment's statement code. By participant, round, comments (in statement order)
    before the answer. A decision on a text no longer listed (its sort reopened, its participant
    removed) is left out: it shows nowhere."""
    decided = _decisions(clinic)
    if not decided:
        return []
    submitted = (
        db.select(QSort.id, QSort.participant_id, QSort.round, QSort.free_choice)
        .join(Participant, QSort.participant_id == Participant.id)
        .where(Participant.clinic_id == clinic.id, QSort.status == "submitted")
    )
    sorts = db.session.execute(submitted).all()
    of_sort = {sid: (pid, number) for sid, pid, number, _answer in sorts}
    statements = {s.id: (s.position, s.code) for s in clinic.statements}
    comments = db.session.execute(
        db.select(Comment.id, Comment.q_sort_id, Comment.statement_id, Comment.text).where(
            Comment.q_sort_id.in_(submitted.with_only_columns(QSort.id))
        )
    ).all()
    found = []
    for cid, sid, statement_id, text in comments:
        status = decided.get(("comment", str(cid)))
        if status and text and text.strip():
            (pid, number), (position, code) = of_sort[sid], statements[statement_id]
            decision = {**_carried("comment", pid, number, status), "statement": code}
            found.append(((pid, number, 0, position), decision))
    for _sid, pid, number, answer in sorts:
        status = decided.get(("answer", answer_id(pid, number)))
        if status and answer and answer.strip():
            found.append(((pid, number, 1, 0), _carried("answer", pid, number, status)))
    return [decision for _key, decision in sorted(found, key=lambda pair: pair[0])]


def _carried(kind: str, participant_id: int, round_number: int, status: str) -> dict:
    return {
        "kind": kind,
        "participant": answer_label(participant_id),
        "round": round_number,
        "status": status,
    }


def restore(clinic: Clinic, decisions: Sequence[Mapping], participants: Mapping[str, int]) -> None:
    """Add :func:`carried` ``decisions`` (checked against the file they came in) to a clinic
    just written from it, re-pointed at its new rows (``participants``: the file's label ->
    the new participant's id); not committed (the import's one commit stores them)."""
    if not decisions:
        return
    statement_ids = {s.code: s.id for s in clinic.statements}
    rows = db.session.execute(
        db.select(Comment.id, QSort.participant_id, QSort.round, Comment.statement_id)
        .join(QSort, Comment.q_sort_id == QSort.id)
        .join(Participant, QSort.participant_id == Participant.id)
        .where(Participant.clinic_id == clinic.id)
    )
    comments = {(pid, number, statement_id): cid for cid, pid, number, statement_id in rows}
    for decision in decisions:
        pid, number = participants[decision["participant"]], decision["round"]
        if decision["kind"] == "comment":
            item = str(comments[(pid, number, statement_ids[decision["statement"]])])
        else:
            item = answer_id(pid, number)
        db.session.add(
            Moderation(
                clinic_id=clinic.id, kind=decision["kind"], item_id=item, status=decision["status"]
            )
        )
