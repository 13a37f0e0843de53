"""The facilitator account: who sets up and runs clinics."""

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import String, text
from sqlalchemy.orm import Mapped, mapped_column

from qsort.extensions import db
from qsort.models._types import UtcDateTime, owned_rows, utcnow

if TYPE_CHECKING:
    from qsort.models.clinic import Clinic


class Facilitator(UserMixin, db.Model):
    __tablename__ = "facilitators"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # Raised on log-out and password change: every session and remember-me token issued before
    # carries the old number and is refused (qsort/sessions.py).
    session_version: Mapped[int] = mapped_column(default=1, server_default=text("1"))

    clinics: Mapped[list["Clinic"]] = owned_rows("owner", "Clinic.id")

    # The log-in token of the current request (set by qsort/sessions.py, never stored).
    login_token = None

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie: the log-in token."""
        if not self.login_token:
            raise RuntimeError("a facilitator is logged in only through qsort.sessions")
        return self.login_token

    def __repr__(self) -> str:
        return f"<Facilitator {self.id} {self.email}>"
