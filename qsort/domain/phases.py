"""The phases of a clinic, in their order: a room opens in the lobby, sorts, closes and shows
its results. The stored value (``clinics.phase``) is the member's string, so a ``Phase``
compares equal to what the database, the forms and the JSON hold."""

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

__all__ = ["CLOSED_PHASES", "JOINABLE", "PHASES", "Phase"]
