"""A clinic (one workshop) with its condition of instruction, grid and statements."""

import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qsort.domain.grid import ForcedDistribution
from qsort.extensions import db
from qsort.models._types import utcnow

if TYPE_CHECKING:
    from qsort.models.analysis_run import AnalysisRun
    from qsort.models.sort import Participant
    from qsort.models.user import Facilitator

PHASES = ("lobby", "sorting", "closed", "revealed")
THEMES = ("want", "able", "allowed")
DEFAULT_MAX_PARTICIPANTS = 100
MAX_PARTICIPANTS_LIMIT = 1000


def new_projector_token() -> str:
    return secrets.token_urlsafe(24)


class Clinic(db.Model):
    __tablename__ = "clinics"
    __table_args__ = (
        CheckConstraint("phase IN ('lobby', 'sorting', 'closed', 'revealed')", name="phase_known"),
        CheckConstraint("length(join_code) >= 4", name="join_code_length"),
        CheckConstraint(
            f"max_participants BETWEEN 1 AND {MAX_PARTICIPANTS_LIMIT}",
            name="max_participants_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("facilitators.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    instruction_nl: Mapped[str] = mapped_column(Text, default="")
    instruction_en: Mapped[str] = mapped_column(Text, default="")
    # [{"value": -4, "height": 1}, ...] in ascending value order; see qsort.domain.grid.
    grid: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    phase: Mapped[str] = mapped_column(String(16), default="lobby")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The read-only projector link /projector/<token>: a secret of its own, never the join code.
    projector_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=new_projector_token
    )
    timer_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Joining stops at this many participants (set-up page); fake joins cannot flood a clinic.
    max_participants: Mapped[int] = mapped_column(
        default=DEFAULT_MAX_PARTICIPANTS, server_default=text(str(DEFAULT_MAX_PARTICIPANTS))
    )

    owner: Mapped["Facilitator"] = relationship(back_populates="clinics")
    statements: Mapped[list["Statement"]] = relationship(
        back_populates="clinic",
        order_by="Statement.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    participants: Mapped[list["Participant"]] = relationship(
        back_populates="clinic", cascade="all, delete-orphan", passive_deletes=True
    )
    analysis_runs: Mapped[list["AnalysisRun"]] = relationship(
        back_populates="clinic", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def distribution(self) -> ForcedDistribution:
        return ForcedDistribution.from_json(self.grid)

    def instruction(self, lang: str) -> str:
        return self.instruction_nl if lang == "nl" else self.instruction_en

    def __repr__(self) -> str:
        return f"<Clinic {self.id} {self.join_code}>"


class Statement(db.Model):
    __tablename__ = "statements"
    __table_args__ = (
        UniqueConstraint("clinic_id", "position"),
        UniqueConstraint("clinic_id", "code"),
        CheckConstraint("position >= 1", name="position_positive"),
        CheckConstraint(
            "theme IS NULL OR theme IN ('want', 'able', 'allowed')", name="theme_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(16))
    text_nl: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    theme: Mapped[str | None] = mapped_column(String(16))

    clinic: Mapped[Clinic] = relationship(back_populates="statements")

    def text(self, lang: str) -> str:
        return self.text_nl if lang == "nl" else self.text_en

    def __repr__(self) -> str:
        return f"<Statement {self.code}>"
