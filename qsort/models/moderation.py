"""The facilitator's decision on one participant text before it may reach the projector."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from qsort.domain.moderation import KINDS, STATUSES
from qsort.extensions import db
from qsort.models._types import UtcDateTime, utcnow

__all__ = ["KINDS", "STATUSES", "Moderation"]


class Moderation(db.Model):
    """``kind`` "comment" (``item_id``: the Comment's id) or "answer" (the run label ``p<id>`` of
    the participant whose free-choice answer it is). No row: not yet decided, never shown."""

    __tablename__ = "moderations"
    __table_args__ = (
        UniqueConstraint("clinic_id", "kind", "item_id"),
        CheckConstraint("kind IN ('comment', 'answer')", name="kind_known"),
        CheckConstraint("status IN ('approved', 'hidden')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)
