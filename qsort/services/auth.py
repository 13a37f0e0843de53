"""Facilitator accounts: create, authenticate, change password, log-in tokens."""

import functools
import logging
import secrets
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from qsort.domain.problems import ProblemError
from qsort.extensions import app_setting, db
from qsort.models import Facilitator

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10


class AccountError(ProblemError):
    """A readable reason why an account could not be created or changed."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=app_setting("PASSWORD_HASH_METHOD"))


@functools.cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not-a-real-password", method=method)


def authenticate(email: str, password: str) -> Facilitator | None:
    """The facilitator with these credentials, or None.

    An unknown email still checks a password hash of the same method, so both failures take
    about the same time and cannot be told apart.
    """
    facilitator = db.session.scalar(
        db.select(Facilitator).where(Facilitator.email == normalise_email(email))
    )
    if facilitator is None:
        check_password_hash(_dummy_hash(app_setting("PASSWORD_HASH_METHOD")), password)
        log.info("login failed for an unknown email")
        return None
    if not check_password_hash(facilitator.password_hash, password):
        log.info("login failed for facilitator %s", facilitator.id)
        return None
    log.info("facilitator %s logged in", facilitator.id)
    return facilitator


def create_facilitator(email: str, password: str) -> Facilitator:
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError("account.not_email", email=repr(email))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("account.short_password", min=MIN_PASSWORD_LENGTH)
    if db.session.scalar(db.select(Facilitator.id).where(Facilitator.email == email)):
        raise AccountError("account.exists", email=email)
    facilitator = Facilitator(email=email, password_hash=hash_password(password))
    db.session.add(facilitator)
    db.session.commit()
    log.info("facilitator %s (%s) created", facilitator.id, email)
    return facilitator


def set_password(facilitator: Facilitator, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("account.short_password", min=MIN_PASSWORD_LENGTH)
    facilitator.password_hash = hash_password(password)
    facilitator.session_version = Facilitator.session_version + 1  # logged out everywhere
    db.session.commit()
    log.info("password of facilitator %s changed; every session ended", facilitator.id)


@dataclass(frozen=True)
class LoginToken:
    """What a log-in is known by: ``<facilitator id>.<session version>.<log-in time>.<nonce>``.

    Flask-Login keeps it in the signed session and the remember-me cookie. A new random nonce
    on every log-in makes every token new; the log-in time travels with the token, so a
    replayed remember-me cookie never restarts the absolute lifetime; the session version
    ties it to the facilitator's row, so raising the version ends every token issued before.
    """

    facilitator_id: int
    version: int
    logged_in_at: int
    nonce: str

    def __str__(self) -> str:
        return f"{self.facilitator_id}.{self.version}.{self.logged_in_at}.{self.nonce}"

    @classmethod
    def parse(cls, text: str) -> "LoginToken | None":
        parts = text.split(".")
        if len(parts) != 4 or not all(p.isdigit() for p in parts[:3]) or len(parts[0]) > 12:
            return None
        return cls(int(parts[0]), int(parts[1]), int(parts[2]), parts[3])


def new_login_token(facilitator: Facilitator, now: float) -> LoginToken:
    return LoginToken(facilitator.id, facilitator.session_version, int(now), secrets.token_hex(8))


def facilitator_for_token(token: LoginToken, now: float, lifetime: int) -> Facilitator | None:
    """The facilitator whose token this is, if it is still valid (same session version,
    logged in at most ``lifetime`` seconds ago, not in the future)."""
    if not 0 <= now - token.logged_in_at <= lifetime:
        return None
    facilitator = db.session.get(Facilitator, token.facilitator_id)
    if facilitator is None or facilitator.session_version != token.version:
        return None
    facilitator.login_token = str(token)
    return facilitator


def end_all_sessions(facilitator: Facilitator) -> None:
    """Log the facilitator out everywhere: every session and remember-me token stops working."""
    db.session.execute(
        db.update(Facilitator)
        .where(Facilitator.id == facilitator.id)
        .values(session_version=Facilitator.session_version + 1)
    )
    db.session.commit()
    log.info("every session of facilitator %s ended", facilitator.id)
