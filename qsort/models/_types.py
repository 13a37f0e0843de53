"""Small shared column helpers."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Callable default for timestamps (never evaluated once at import)."""
    return datetime.now(UTC)
