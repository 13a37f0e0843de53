"""One home for error pages: HTML for browsers, JSON for clients that ask for it."""

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response

from qsort.extensions import db

PAGES = {code: f"errors/{code}.html" for code in (400, 403, 404, 429, 500)}


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and (
        request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_response(code: int, title: str, message: str) -> tuple[Response | str, int]:
    if wants_json():
        return jsonify(error=title, message=message), code
    template = PAGES.get(code, "errors/error.html")
    return render_template(template, code=code, title=title, message=message), code


def _readable(code: int) -> tuple[str, str]:
    texts = {
        400: (_("Bad request"), _("The request could not be understood.")),
        403: (_("Forbidden"), _("You may not do this.")),
        404: (_("Not found"), _("This page does not exist, or it is not yours.")),
        405: (_("Method not allowed"), _("This address does not accept that request.")),
        413: (_("Too large"), _("The upload is too large (at most %(size)s).", size=_limit())),
        429: (_("Too many attempts"), _("Too many attempts. Wait a minute and try again.")),
    }
    return texts.get(code, (_("Error"), _("Something went wrong.")))


def _limit() -> str:
    """This request's body limit in words: "2 MB", "64 kB"."""
    size = request.max_content_length or current_app.config.get("MAX_CONTENT_LENGTH") or 0
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{max(1, size // 1024)} kB"


def handle_http(error: HTTPException) -> Response | tuple[Response | str, int]:
    code = error.code or 500
    if code >= 500:
        return handle_500(error)
    title, message = _readable(code)
    body, status = error_response(code, title, message)
    return with_retry_after(make_response(body, status), error)


def with_retry_after(response: Response, error: HTTPException) -> Response:
    """Keep ``Retry-After`` of a 429 or 503 on the readable answer that replaces it."""
    retry = dict(error.get_headers()).get("Retry-After")
    if retry:
        response.headers["Retry-After"] = retry
    return response


def handle_csrf(error: CSRFError) -> tuple[Response | str, int]:
    return error_response(
        400,
        _("Form expired"),
        _(
            "The form was missing its security token or it has expired. "
            "Go back, reload the page and try again."
        ),
    )


def handle_500(error: Exception) -> tuple[Response | str, int]:
    db.session.rollback()
    return error_response(
        500, _("Server error"), _("Something went wrong on our side. Please try again.")
    )


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_500)
