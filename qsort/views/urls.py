"""Absolute URLs that other devices open (join links, QR codes).

When qsort serves a room from a laptop (``qsort serve --lan``), ``PUBLIC_URL`` holds the
laptop's address on the room's network; the facilitator's own browser may be on 127.0.0.1,
which a tablet cannot reach.
"""

import io

import segno
from flask import Response, current_app, url_for


def public_url_for(endpoint: str, **values: object) -> str:
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def join_url(code: str) -> str:
    """The URL a participant opens to join the clinic with ``code``."""
    return public_url_for("participant.join", code=code)


def join_qr_response(code: str, scale: int = 8) -> Response:
    """The join URL of ``code`` as an SVG QR code (segno), cached briefly by the browser."""
    return qr_response(join_url(code), scale)


def qr_response(url: str, scale: int = 8) -> Response:
    """``url`` as an SVG QR code (segno), cached briefly by the browser."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=scale, border=2, title=url)
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
