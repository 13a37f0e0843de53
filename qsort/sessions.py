"""Facilitator log-ins on top of Flask-Login: one token per log-in, ended everywhere at log-out.

Flask-Login keeps ``Facilitator.get_id()`` in the signed session and, with "keep me logged in",
in the remember-me cookie. That id is a :class:`~qsort.services.auth.LoginToken`: new on every
log-in (random nonce), carrying the log-in time (so replaying a remember-me cookie never
restarts the ``FACILITATOR_SESSION_LIFETIME``, 12 hours) and the facilitator's session version
(raised at log-out and at a password change, so every session cookie and remember-me token
issued before stops working, on every device).
"""

import time
from datetime import timedelta

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from qsort.models import Facilitator
from qsort.services import auth as auth_service

REFUSED = "_qsort_login_refused"


def _lifetime() -> int:
    return int(current_app.config["FACILITATOR_SESSION_LIFETIME"])


def load_facilitator(user_id: str) -> Facilitator | None:
    """Flask-Login's user loader: the facilitator of a token that is still valid."""
    token = auth_service.LoginToken.parse(user_id)
    facilitator = (
        auth_service.facilitator_for_token(token, time.time(), _lifetime()) if token else None
    )
    if facilitator is None:
        g.setdefault(REFUSED, True)
    return facilitator


def begin(facilitator: Facilitator, remember: bool) -> None:
    """Log in with a new token; the session cookie is permanent (bounded in config)."""
    facilitator.login_token = str(auth_service.new_login_token(facilitator, time.time()))
    login_user(facilitator, remember=remember, duration=timedelta(seconds=_lifetime()))
    session.permanent = True


def end_everywhere() -> None:
    """Log out here and on every other device of this facilitator."""
    auth_service.end_all_sessions(current_user)
    logout_user()


def _refuse_ended_login() -> Response | None:
    """A session or remember-me token that expired or was ended: clear it and say so."""
    if request.endpoint == "static" or current_user.is_authenticated:
        return None
    if not g.get(REFUSED):
        return None
    logout_user()  # drops the session's token and deletes the remember-me cookie
    flash(_("Your session has expired. Please log in again."), "info")
    return redirect(url_for("auth.login", next=request.path))


#: Polled or repeated many times a minute by every tablet: the signed session cookie is not
#: re-signed and re-sent on these unless it changed (its lifetime is renewed by the sort page).
NO_REFRESH_ENDPOINTS = frozenset({"sort_api.save", "sort_api.status", "sort_api.csrf_token"})


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, without the refresh on :data:`NO_REFRESH_ENDPOINTS`."""

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if not session.modified and request.endpoint in NO_REFRESH_ENDPOINTS:
            return False
        return super().should_set_cookie(app, session)


def register(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.before_request(_refuse_ended_login)
