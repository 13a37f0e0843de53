"""Translated labels for values stored in the database (phases, themes)."""

from flask_babel import gettext as _

from qsort.domain.grid import signed


def phase_label(phase: str) -> str:
    labels = {
        "lobby": _("Lobby"),
        "sorting": _("Sorting"),
        "closed": _("Closed"),
        "revealed": _("Results shown"),
    }
    return labels.get(phase, phase)


__all__ = ["phase_label", "signed"]
