"""Translated labels for values stored in the database (phases, themes)."""

from flask_babel import gettext as _


def phase_label(phase: str) -> str:
    labels = {
        "lobby": _("Lobby"),
        "sorting": _("Sorting"),
        "closed": _("Closed"),
        "revealed": _("Results shown"),
    }
    return labels.get(phase, phase)


def signed(value: int) -> str:
    """Grid values as people write them: −4, 0, +4."""
    return f"{value:+d}".replace("-", "−") if value else "0"
