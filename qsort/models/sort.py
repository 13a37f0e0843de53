"""A participant and their Q-sort: placements on the grid, comments and free-choice answer."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qsort.extensions import db
from qsort.models._types import UtcDateTime, utcnow

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
    display_name: Mapped[str] = mapped_column(String(80))
    team_size: Mapped[int | None]
    language: Mapped[str] = mapped_column(String(2), default="nl")
    resume_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # Updated on every autosave; the facilitator's dashboard shows who is still active.
    last_active_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    clinic: Mapped["Clinic"] = relationship(back_populates="participants")
    q_sort: Mapped["QSort | None"] = relationship(
        back_populates="participant", cascade="all, delete-orphan", passive_deletes=True
    )


class QSort(db.Model):
    __tablename__ = "q_sorts"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'submitted')", name="status_known"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(default=1)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    free_choice: Mapped[str | None] = mapped_column(Text)
    # The draft's state beyond the placements: {"step": ..., "piles": {"unsorted": [ids],
    # "less": [...], "neutral": [...], "more": [...]}}; see qsort.domain.sort_validation.
    draft: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Shown on the thank-you page; derived from the idempotency key so a retry gets the same one.
    receipt: Mapped[str | None] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="q_sort")
    placements: Mapped[list["Placement"]] = relationship(
        back_populates="q_sort", cascade="all, delete-orphan", passive_deletes=True
    )
    comments: Mapped[list["Comment"]] = relationship(
        back_populates="q_sort", cascade="all, delete-orphan", passive_deletes=True
    )


class Placement(db.Model):
    __tablename__ = "placements"
    __table_args__ = (
        UniqueConstraint("q_sort_id", "statement_id"),
        UniqueConstraint("q_sort_id", "column_value", "position"),
        # qsort.domain.grid.MIN_VALUE .. MAX_VALUE (wider than PQMethod's -6..+13).
        CheckConstraint("column_value BETWEEN -50 AND 50", name="column_value_range"),
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
