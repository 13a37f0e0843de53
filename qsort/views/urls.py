"""Absolute URLs that other devices open (join links, QR codes).

When qsort serves a room from a laptop (``qsort serve --lan``), ``PUBLIC_URL`` holds the
laptop's address on the room's network; the facilitator's own browser may be on 127.0.0.1,
which a tablet cannot reach.
"""

from flask import current_app, url_for


def public_url_for(endpoint: str, **values: object) -> str:
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def join_url(code: str) -> str:
    """The URL a participant opens to join the clinic with ``code``."""
    return public_url_for("participant.join", code=code)
