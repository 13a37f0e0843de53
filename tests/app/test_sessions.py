"""Facilitator sessions: a new token on every log-in, every session and remember-me token
ended at log-out and at a password change, and an absolute lifetime that a replayed
remember-me cookie cannot restart. (The same attacks against the real server:
tests/security/test_live_attacks.py.)"""

import time

import pytest

from qsort import sessions
from qsort.extensions import db
from qsort.models import Facilitator
from qsort.services import auth as auth_service

REMEMBER = "remember_token"


def _log_in(app, account, remember=True):
    client = app.test_client()
    data = {"email": account.email, "password": account.password}
    response = client.post("/login", data={**data, "remember": "y"} if remember else data)
    assert response.status_code == 302
    return client


def _cookie(client, name):
    cookie = client.get_cookie(name, domain="qsort.test")
    return cookie.value if cookie else None


def _replay(app, name, value):
    """A fresh device that only holds one stolen cookie."""
    thief = app.test_client()
    thief.set_cookie(name, value, domain="qsort.test")
    return thief.get("/clinics/")


def test_every_log_in_gets_a_new_remember_token(app, make_facilitator):
    account = make_facilitator()
    tokens = {_cookie(_log_in(app, account), REMEMBER) for _ in range(3)}
    assert len(tokens) == 3 and None not in tokens


def test_log_out_ends_the_remember_token_and_copied_session_cookies(app, make_facilitator):
    account = make_facilitator()
    client = _log_in(app, account)
    laptop = _log_in(app, account)  # the same facilitator on a second device
    stolen_session, stolen_token = _cookie(client, "session"), _cookie(client, REMEMBER)
    assert _replay(app, "session", stolen_session).status_code == 200
    assert _replay(app, REMEMBER, stolen_token).status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/clinics/").status_code == 302
    for name, value in (("session", stolen_session), (REMEMBER, stolen_token)):
        response = _replay(app, name, value)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert laptop.get("/clinics/").status_code == 302  # logged out everywhere


def test_a_password_change_ends_every_session(app, make_facilitator):
    account = make_facilitator()
    client = _log_in(app, account)
    with app.app_context():
        auth_service.set_password(db.session.get(Facilitator, account.id), "a new long password")
    assert client.get("/clinics/").status_code == 302
    assert _log_in(app, account.__class__(account.id, account.email, "a new long password"))


class _Clock:
    def __init__(self, offset: float) -> None:
        self.offset = offset

    def time(self) -> float:
        return time.time() + self.offset


@pytest.mark.parametrize("cookie", ["session", REMEMBER])
def test_replaying_a_cookie_never_extends_the_absolute_lifetime(
    app, make_facilitator, monkeypatch, cookie
):
    account = make_facilitator()
    client = _log_in(app, account)
    value = _cookie(client, cookie)
    lifetime = app.config["FACILITATOR_SESSION_LIFETIME"]
    monkeypatch.setattr(sessions, "time", _Clock(lifetime - 30))
    assert _replay(app, cookie, value).status_code == 200  # restored, still within 12 h ...
    monkeypatch.setattr(sessions, "time", _Clock(lifetime + 1))
    response = _replay(app, cookie, value)  # ... and refused after 12 h since the log-in
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_tokens_that_are_not_ours_are_refused(app, make_facilitator):
    account = make_facilitator()
    for forged in (str(account.id), f"{account.id}.1", "x.y.z.w", f"{account.id}.99.1.ab"):
        with app.test_client() as thief:
            with thief.session_transaction() as session:
                session["_user_id"] = forged
            assert thief.get("/clinics/").status_code == 302
