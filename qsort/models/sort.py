"""A participant and their Q-sort: placements on the grid, comments and free-choice answer."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qsort.domain import limits
from qsort.domain.grid import MAX_VALUE, MIN_VALUE
from qsort.extensions import db
from qsort.models._types import UtcDateTime, owned_rows, utcnow

if TYPE_CHECKING:
    from qsort.models.clinic import Clinic, Statement


class Participant(db.Model):
    __tablename__ = "participants"
    __table_args__ = (
        CheckConstraint("team_size IS NULL OR team_size >= 1", name="team_size_positive"),
        CheckConstraint("language IN ('nl', 'en')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(limits.MAX_NAME_LENGTH))
    team_size: Mapped[int | None]
    # The answer to the clinic's optional joining question (its group, e.g. a department).
    group_answer: Mapped[str | None] = mapped_column(String(limits.MAX_GROUP_ANSWER_LENGTH))
    language: Mapped[str] = mapped_column(String(2), default="nl")
    resume_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # Updated on every autosave; the facilitator's dashboard shows who is still active.
    last_active_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    clinic: Mapped["Clinic"] = relationship(back_populates="participants")
    # Every sort of the participant, one per round (round 2 only in a clinic that has one).
    q_sorts: Mapped[list["QSort"]] = owned_rows("participant", "QSort.round")
    # The round-1 sort: what every one-round page reads (read-only view of ``q_sorts``).
    q_sort: Mapped["QSort | None"] = relationship(
        primaryjoin="and_(Participant.id == QSort.participant_id, QSort.round == 1)",
        viewonly=True,
        uselist=False,
    )

    def sort_of_round(self, round_number: int) -> "QSort | None":
        """The participant's sort of round 1 or 2 (``None``: not asked to sort that round)."""
        return next((s for s in self.q_sorts if s.round == round_number), None)

    def current_sort(self) -> "QSort | None":
        """The sort of the clinic's current round, else the latest one the participant has
        (someone who did not finish round 1 is not asked to sort round 2)."""
        return self.sort_of_round(self.clinic.current_round) or (
            self.q_sorts[-1] if self.q_sorts else None
        )


class QSort(db.Model):
    """One participant's sort: a draft held as one versioned document, rows once submitted.

    While ``status == "draft"`` the whole sort is the ``draft`` document, at ``version``::

        {"step": "grid",                                  # one of sort_validation.STEPS
         "columns": {"-4": [12, 7], "0": [3], ...},       # grid value (text) -> ids in order
         "piles": {"unsorted": [...], "less": [...], "neutral": [...], "more": [...]},
         "comments": {"12": "because ..."},                # statement id (text) -> stripped text
         "free_choice": "..."}                             # stripped, "" when none

    An autosave replaces document and version in one guarded ``UPDATE ... WHERE version < new``
    (:func:`qsort.services.sorting.save_draft`); a draft has no :class:`Placement` or
    :class:`Comment` rows and no ``free_choice``. Submitting writes those rows and the column
    exactly once and leaves only ``{"step", "piles"}`` in the document. Read a sort in either
    state through :meth:`cards`, :meth:`comment_texts` and :meth:`answer`.
    """

    __tablename__ = "q_sorts"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'submitted')", name="status_known"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("round IN (1, 2)", name="round_known"),
        UniqueConstraint("participant_id", "round"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    # 1, or 2 for the second round of a clinic that has one (its own condition of instruction).
    round: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(default=1)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    free_choice: Mapped[str | None] = mapped_column(Text)
    # The draft document (see the class docstring); qsort.domain.sort_validation checks it.
    draft: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Shown on the thank-you page; derived from the idempotency key so a retry gets the same one.
    receipt: Mapped[str | None] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="q_sorts")
    placements: Mapped[list["Placement"]] = owned_rows("q_sort", "Placement.id")
    comments: Mapped[list["Comment"]] = owned_rows("q_sort", "Comment.id")

    def cards(self) -> list[tuple[int, int, int]]:
        """(statement id, grid value, position) of every card on the grid, by value, position."""
        if self.status == "draft":
            columns = (self.draft or {}).get("columns") or {}
            cards = [(sid, int(v), i) for v, ids in columns.items() for i, sid in enumerate(ids)]
            return sorted(cards, key=lambda card: (card[1], card[2]))
        rows = [(p.statement_id, p.column_value, p.position) for p in self.placements]
        return sorted(rows, key=lambda card: (card[1], card[2]))

    def comment_texts(self) -> dict[int, str]:
        """Statement id -> the participant's comment on it."""
        if self.status == "draft":
            comments = (self.draft or {}).get("comments") or {}
            return {int(sid): text for sid, text in comments.items()}
        return {c.statement_id: c.text for c in self.comments}

    def answer(self) -> str:
        """The free-choice answer ("" when none)."""
        if self.status == "draft":
            return (self.draft or {}).get("free_choice") or ""
        return self.free_choice or ""


def draft_document(
    step: str,
    columns: Mapping[int, Sequence[int]],
    piles: Mapping[str, Sequence[int]],
    comments: Mapping[int, str],
    free_choice: str,
) -> dict[str, Any]:
    """The :class:`QSort` draft document (JSON keys are text; texts stripped, empty ones left out)."""
    return {
        "step": step,
        "columns": {str(value): list(ids) for value, ids in columns.items()},
        "piles": {name: list(ids) for name, ids in piles.items()},
        "comments": {str(sid): t.strip() for sid, t in comments.items() if t.strip()},
        "free_choice": free_choice.strip(),
    }


def placed_in(document: Mapping[str, Any] | None) -> int:
    """How many cards a draft document has on the grid."""
    return sum(len(ids) for ids in ((document or {}).get("columns") or {}).values())


class Placement(db.Model):
    __tablename__ = "placements"
    __table_args__ = (
        UniqueConstraint("q_sort_id", "statement_id"),
        UniqueConstraint("q_sort_id", "column_value", "position"),
        # The grid values qsort stores (wider than PQMethod's grid).
        CheckConstraint(
            f"column_value BETWEEN {MIN_VALUE} AND {MAX_VALUE}", name="column_value_range"
        ),
        CheckConstraint("position >= 0", name="position_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    q_sort_id: Mapped[int] = mapped_column(ForeignKey("q_sorts.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    column_value: Mapped[int]
    position: Mapped[int]

    q_sort: Mapped[QSort] = relationship(back_populates="placements")
    statement: Mapped["Statement"] = relationship()


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("q_sort_id", "statement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    q_sort_id: Mapped[int] = mapped_column(ForeignKey("q_sorts.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)

    q_sort: Mapped[QSort] = relationship(back_populates="comments")
    statement: Mapped["Statement"] = relationship()
