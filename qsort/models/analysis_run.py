"""A stored analysis of a clinic's sorts: the settings used and the result."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qsort.extensions import db
from qsort.models._types import UtcDateTime, utcnow

if TYPE_CHECKING:
    from qsort.models.clinic import Clinic


class AnalysisRun(db.Model):
    __tablename__ = "analysis_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Who ran it and why (e.g. "flag toggled"); the bootstrap, computed on request.
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("facilitators.id", ondelete="SET NULL")
    )
    label: Mapped[str | None] = mapped_column(String(200))
    stability: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Which round's sorts it analyses (1 unless the clinic has a second round).
    round: Mapped[int] = mapped_column(default=1, server_default=text("1"))

    clinic: Mapped["Clinic"] = relationship(back_populates="analysis_runs")
