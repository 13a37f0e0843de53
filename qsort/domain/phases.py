"""The phases of a clinic, in their order: a room opens in the lobby, sorts, closes and shows
its results. The stored value (``clinics.phase``) is the member's string, so a ``Phase``
compares equal to what the database, the forms and the JSON hold."""

from datetime import UTC, datetime
from enum import StrEnum


class Phase(StrEnum):
    LOBBY = "lobby"  # people join; nobody sorts yet
    SORTING = "sorting"  # people join and sort; drafts are saved
    CLOSED = "closed"  # nothing more is saved
    REVEALED = "revealed"  # the results are on the projector


PHASES: tuple[Phase, ...] = tuple(Phase)
"""Every phase, in the order a clinic goes through them."""
JOINABLE = (Phase.LOBBY, Phase.SORTING)
"""The phases in which a participant may join."""
CLOSED_PHASES = (Phase.CLOSED, Phase.REVEALED)
"""The phases in which sorting is over."""


def timer_due(phase: str, auto_close: bool, ends_at: datetime | None, now: datetime) -> bool:
    """Whether a timer set to "close when the timer ends" has reached zero while sorting is
    open: sorting is then closed for every tablet (a naive ``ends_at`` is read as UTC)."""
    if phase != Phase.SORTING or not auto_close or ends_at is None:
        return False
    return (ends_at if ends_at.tzinfo else ends_at.replace(tzinfo=UTC)) <= now


__all__ = ["CLOSED_PHASES", "JOINABLE", "PHASES", "Phase", "timer_due"]
