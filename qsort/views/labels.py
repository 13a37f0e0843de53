"""Translated labels for values stored in the database (phases, themes)."""

from flask_babel import gettext as _

from qsort.domain.phases import Phase
from qsort.domain.values import signed


def phase_label(phase: str) -> str:
    labels = {
        Phase.LOBBY: _("Lobby"),
        Phase.SORTING: _("Sorting"),
        Phase.CLOSED: _("Closed"),
        Phase.REVEALED: _("Results shown"),
    }
    return labels.get(phase, phase)


__all__ = ["phase_label", "signed"]
