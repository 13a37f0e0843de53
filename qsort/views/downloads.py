"""HTTP side of every download: ``send_file`` with an RFC 6266 ``Content-Disposition``.

Werkzeug writes the file name twice, as an ASCII fallback (``filename="..."``) and in full as
RFC 5987 UTF-8 (``filename*=UTF-8''...``), so a clinic called "Łódź – 中文" downloads under its
own name and the header stays Latin-1, which every WSGI server can send.
"""

import io

from flask import send_file
from werkzeug.wrappers import Response


def slug(title: str, limit: int = 60) -> str:
    """The title as a file name: letters and digits of any script, the rest as dashes."""
    cleaned = "".join(c if c.isalnum() else "-" for c in title.lower())
    return "-".join(part for part in cleaned.split("-") if part)[:limit] or "clinic"


def attachment(content: bytes, media_type: str, filename: str, *, inline: bool = False) -> Response:
    """``content`` as a download named ``filename`` (shown in the browser when ``inline``)."""
    return send_file(
        io.BytesIO(content),
        mimetype=media_type,
        as_attachment=not inline,
        download_name=filename,
        etag=False,
        max_age=0,
    )
