"""How a grid value is written, for every screen, report, message and file: a leaf module
(it imports nothing of qsort), so the message catalogue, the domain rules and the file formats
can all use it."""

MINUS = "\u2212"
"""The real minus sign grid values are shown with on screens and in reports."""


def signed(value: int, *, minus: str = MINUS) -> str:
    """A grid value as people write it: ``−4``, ``0``, ``+4``; ``minus="-"`` for plain ASCII
    (the file formats and their messages)."""
    return f"{value:+d}".replace("-", minus) if value else "0"
