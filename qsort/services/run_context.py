"""What a clinic adds to the numbers of a run: statement texts, comments, free-choice answers
and how long each sort took; and the words (labels, named viewpoints, free-choice groups) made
from them with :func:`qsort.narrative.document.describe`.

Participants appear under their run labels (``p<id>``), as in the analysis; answers are keyed
by the same label, so the facilitator's merge/split/name edits of free-choice groups can refer
to stable answer ids.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qsort.extensions import db
from qsort.models import Clinic, Comment, Participant, QSort, Statement
from qsort.narrative.document import describe


@dataclass(frozen=True)
class RunContext:
    texts: dict[str, dict[str, str]]
    comments: list[dict[str, str]] = field(default_factory=list)
    answers: list[tuple[str, str]] = field(default_factory=list)
    durations: dict[str, float] = field(default_factory=dict)

    def durations_of(self, participants: list[str]) -> list[float | None]:
        return [self.durations.get(p) for p in participants]


def run_context(clinic: Clinic, label_of, round_number: int = 1) -> RunContext:
    """The clinic's texts and its submitted sorts' comments, answers and durations.

    ``label_of(participant_id)`` gives the run label. A duration (submitted minus started) is
    known only for sorts submitted from a tablet (they carry an idempotency key); imported and
    demo sorts have none.
    """
    statements = list(clinic.statements)
    code_of = {s.id: s.code for s in statements}
    texts = {
        "nl": {s.code: s.text_nl for s in statements},
        "en": {s.code: s.text_en for s in statements},
    }
    sorts = db.session.execute(
        db.select(
            QSort.participant_id,
            QSort.free_choice,
            QSort.created_at,
            QSort.submitted_at,
            QSort.idempotency_key,
        )
        .join(Participant, QSort.participant_id == Participant.id)
        .where(
            Participant.clinic_id == clinic.id,
            QSort.status == "submitted",
            QSort.round == round_number,
        )
    ).all()
    answers = [(label_of(row[0]), row[1]) for row in sorts if row[1]]
    durations = {
        label_of(row[0]): (row[3] - row[2]).total_seconds()
        for row in sorts
        if row[4] and row[2] and row[3]
    }
    comments = db.session.execute(
        db.select(QSort.participant_id, Comment.statement_id, Comment.text)
        .join(Comment, Comment.q_sort_id == QSort.id)
        .join(Participant, QSort.participant_id == Participant.id)
        .join(Statement, Comment.statement_id == Statement.id)
        .where(Participant.clinic_id == clinic.id, QSort.status == "submitted")
        .where(QSort.round == round_number)
    ).all()
    return RunContext(
        texts=texts,
        comments=[
            {"participant": label_of(pid), "statement": code_of[sid], "text": text}
            for pid, sid, text in comments
            if text and text.strip()
        ],
        answers=answers,
        durations=durations,
    )


def describe_run(
    stored: Mapping[str, Any], context: RunContext, stability: Mapping | None = None
) -> dict[str, Any]:
    """The words of a stored result (only for the participants in the run)."""
    included = set(stored["participants"])
    return describe(
        stored,
        context.texts,
        comments=[c for c in context.comments if c["participant"] in included],
        stability=stability,
        answers=[(a, text) for a, text in context.answers if a in included],
    )
