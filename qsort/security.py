"""HTTP hardening in one place: security headers, secure cookies behind HTTPS, the trusted
reverse proxy. (Facilitator log-ins and their lifetime: ``qsort/sessions.py``.)

- Every answer but static files carries ``Cache-Control: no-store``.
- Every answer carries a Content-Security-Policy without ``unsafe-inline`` (no page has an
  inline script or style attribute; data travels in JSON script tags and ``data-*``), plus
  ``frame-ancestors 'none'``/``X-Frame-Options``, ``nosniff`` and a same-origin referrer.
- ``TRUSTED_PROXIES`` (number of reverse proxies in front of the app, default 0) enables
  Werkzeug's ProxyFix, so ``X-Forwarded-For/-Proto/-Host/-Prefix`` are honoured only when a
  proxy is really there.
- Every cookie gets the ``Secure`` flag when the request came over HTTPS (directly or through
  a trusted proxy), when ``PUBLIC_URL`` is https, or when ``SECURE_COOKIES`` is set.

Why not Flask-Talisman: it would set the same headers, but not the rest of this module (the
no-store rule for all but static files, ProxyFix from ``TRUSTED_PROXIES``, the Secure flag
decided per request from the proxy or ``PUBLIC_URL``), and it forces HTTPS redirects and HSTS
that break the laptop clinic served over plain HTTP on a venue's network. One module of our
own stays simpler than a dependency configured to undo half of what it does.
"""

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, abort, current_app, request
from flask_babel import gettext as _
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# The one exception, for the pages that draw Plotly charts: plotly.js sets style="" attributes
# with setAttribute and injects a <style> for its bundled map library, which a strict
# style-src blocks (measured in Chromium, tests/browser/test_csp.py). Styles only: scripts stay
# 'self'. Every user text on these pages is escaped and chart data travels as escaped JSON, so
# no one can inject markup that these inline styles would apply to.
PLOTLY_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)
PLOTLY_ENDPOINTS = frozenset({"results.results", "results.show_run"})

#: Files that are the same for everyone and may be cached (static files, plotly.js).
CACHEABLE_ENDPOINTS = frozenset({"static", "assets.plotly_js"})

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# Uploads that may be binary (.xlsx, zip): the study reader recognises them before any text
# check and refuses a NUL in a text file itself, naming the file and line.
BINARY_UPLOAD_ENDPOINTS = frozenset({"imports.study"})


def register(app: Flask) -> None:
    """Wrap the WSGI app (proxy, cookies) and add the header and session checks."""
    app.wsgi_app = SecureCookies(app.wsgi_app, app)  # type: ignore[method-assign]
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )
    app.after_request(_security_headers)
    # First of all: CSRF protection reads the form, which would apply the global limit.
    app.before_request_funcs.setdefault(None, []).insert(0, _limit_body)
    app.before_request(_refuse_null_characters)


def _security_headers(response: Response) -> Response:
    policy = current_app.config.get("CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)
    if request.endpoint in PLOTLY_ENDPOINTS and policy == CONTENT_SECURITY_POLICY:
        policy = PLOTLY_CONTENT_SECURITY_POLICY
    if policy:
        response.headers.setdefault("Content-Security-Policy", policy)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        # Pages, partials and downloads hold clinic data, names or tokens: no browser or
        # proxy may keep a copy (live partials revalidate with their own ETag in progress.js).
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


#: Endpoints whose bodies are small by nature, and the config key of their limit; every other
#: request may send up to ``MAX_CONTENT_LENGTH`` (imports, long statement lists).
SMALL_BODIES = {
    "sort_api.save": "DRAFT_MAX_BYTES",
    "sort_api.submit": "DRAFT_MAX_BYTES",
    "participant.join": "FORM_MAX_BYTES",
    "participant.resume": "FORM_MAX_BYTES",
    "auth.login": "FORM_MAX_BYTES",
    "auth.logout": "FORM_MAX_BYTES",
    "auth.language": "FORM_MAX_BYTES",
}


def _limit_body() -> None:
    """A body over its endpoint's limit is a short 413 before anything reads it."""
    key = SMALL_BODIES.get(request.endpoint or "")
    if key:
        request.max_content_length = int(current_app.config[key])
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)  # announced too large: refused before CSRF, routing or the body is read


def _has_null(values: Iterable[str]) -> bool:
    return any("\x00" in value for value in values)


def _refuse_null_characters() -> Response | tuple[Response | str, int] | None:
    """No text qsort stores may hold a NUL character (PostgreSQL refuses them outright, and
    no one types one): a form field, query value or uploaded text file with one is a 400.
    JSON drafts are checked by ``parse_draft``."""
    if request.endpoint == "static":
        return None
    if _has_null(str(value) for value in (request.view_args or {}).values()):
        abort(404)  # no code, token or id holds a NUL: the address names nothing
    suspect = _has_null(request.args.values()) or _has_null(request.args.keys())
    if request.method == "POST" and not request.is_json:
        suspect = suspect or _has_null(request.form.values()) or _has_null(request.form.keys())
        for upload in request.files.values():
            data = upload.stream.read()
            upload.stream.seek(0)
            binary = request.endpoint in BINARY_UPLOAD_ENDPOINTS  # the readers judge the bytes
            suspect = (
                suspect or (b"\x00" in data and not binary) or "\x00" in (upload.filename or "")
            )
    if not suspect:
        return None
    from qsort.errors import error_response

    return error_response(
        400,
        _("Bad request"),
        _(
            "The request contains a null character, which no text may hold. If you are "
            "uploading a file, save it as UTF-8 text and try again."
        ),
    )


def cookies_must_be_secure(app: Flask, environ: dict[str, Any]) -> bool:
    if app.config.get("SECURE_COOKIES"):
        return True
    if str(app.config.get("PUBLIC_URL") or "").startswith("https://"):
        return True
    return environ.get("wsgi.url_scheme") == "https"


class SecureCookies:
    """WSGI middleware: add ``Secure`` to every ``Set-Cookie`` when the answer goes over HTTPS.

    It sits inside ProxyFix, so ``wsgi.url_scheme`` already reflects a trusted proxy's
    ``X-Forwarded-Proto``. Doing it here covers the session, remember-me and resume cookies
    alike, whoever sets them.
    """

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], app: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if not cookies_must_be_secure(self.app, environ):
            return self.wsgi_app(environ, start_response)

        def secure_start_response(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            headers = [
                (name, _with_secure(value) if name.lower() == "set-cookie" else value)
                for name, value in headers
            ]
            return start_response(status, headers, *args)

        return self.wsgi_app(environ, secure_start_response)


def _with_secure(cookie: str) -> str:
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    return cookie if "secure" in attributes else cookie + "; Secure"
