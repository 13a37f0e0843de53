"""Facilitator accounts: create, authenticate, change password."""

import functools
import logging

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from qsort.extensions import db
from qsort.models import Facilitator

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A readable reason why an account could not be created or changed."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


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
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
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
        raise AccountError(f"{email!r} is not an email address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if db.session.scalar(db.select(Facilitator.id).where(Facilitator.email == email)):
        raise AccountError(f"a facilitator with email {email} already exists")
    facilitator = Facilitator(email=email, password_hash=hash_password(password))
    db.session.add(facilitator)
    db.session.commit()
    log.info("facilitator %s (%s) created", facilitator.id, email)
    return facilitator


def set_password(facilitator: Facilitator, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    facilitator.password_hash = hash_password(password)
    db.session.commit()
    log.info("password of facilitator %s changed", facilitator.id)
