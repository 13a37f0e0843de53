"""Small shared column and relationship helpers."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import relationship
from sqlalchemy.types import TypeDecorator


def owned_rows(back_populates: str, order_by: str) -> Any:
    """The rows a parent owns, deleted with it (by the database's ``ON DELETE CASCADE`` and by
    the session), as a list in ``order_by``.

    Every list read from the database states its order: PostgreSQL returns rows in the order of
    the index or heap it reads, and an update that cannot stay in place writes a row anew at the
    end, so files, tables and charts would otherwise reorder after an edit.
    """
    return relationship(
        back_populates=back_populates,
        order_by=order_by,
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


def utcnow() -> datetime:
    """Callable default for timestamps (never evaluated once at import)."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in UTC, always read back timezone-aware.

    PostgreSQL keeps the zone (``timestamptz``); SQLite stores the text without it and gives
    naive datetimes back, which this type marks as UTC, so no caller fixes them up. A naive
    value written is taken as UTC; an aware one is converted to UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
