"""Configuration layers: in-code defaults, instance/config.py, environment, test config.

The secret key is never defaulted: when neither the environment nor the instance config sets
one, a random key is generated into ``instance/secret_key`` (mode 0600) on first start.
"""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from flask import Flask

from qsort.narrative.catalogue import TRANSLATIONS
from qsort.private_files import FILE_MODE, private_folder


class Defaults:
    """In-code defaults; every value can be overridden by a later layer."""

    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    # A workshop can outlast Flask-WTF's default of one hour.
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(TRANSLATIONS)
    LANGUAGES = ("nl", "en")
    # Load the hyphenation dictionaries and compile the live pages at start (qsort.warm_up).
    WARM_UP = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    # Join codes (31^6) and resume codes (31^8) are looked up by what people type: keep guessing slow.
    JOIN_RATE_LIMIT = "30 per minute;300 per hour"
    RESUME_RATE_LIMIT = "10 per minute;50 per hour"
    # Successful joins per address: a room on one venue NAT still joins, a script cannot
    # fill a clinic (which also stops at its own maximum, Clinic.max_participants).
    JOIN_SUCCESS_RATE_LIMIT = "100 per 10 minutes"
    # How long the resume-code cookie keeps a tablet on its sort (seconds): two weeks.
    RESUME_COOKIE_MAX_AGE = 14 * 24 * 3600
    PASSWORD_HASH_METHOD = "scrypt"
    # Statements longer than this no longer fit comfortably on a tablet card.
    CARD_TEXT_WARN_LENGTH = 100
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Compressed on the wire (Flask-Compress; static files stream, so zstd, brotli or deflate
    # as the browser accepts): the style sheets and scripts only. Pages stay uncompressed: they
    # carry the CSRF token next to text a visitor chose, which compression would let an
    # attacker read by response size (BREACH).
    COMPRESS_MIMETYPES: ClassVar[list[str]] = ["text/css", "text/javascript"]
    # Per endpoint (qsort/security.py): a draft is a few kB (24 statements, a few comments);
    # 64 kB leaves room for long comments, and bounds what a hostile draft can cost.
    DRAFT_MAX_BYTES = 64 * 1024
    FORM_MAX_BYTES = 16 * 1024  # join, resume, log-in, log-out, language
    # SQLite only: PRAGMA synchronous under WAL (FULL = fsync on every commit; see extensions).
    SQLITE_SYNCHRONOUS = "NORMAL"
    # SQLite only: queue the hot writes (join, autosave, submit) on a file lock (write_lock.py).
    SQLITE_WRITE_LOCK = True
    # The flask commands that use the database upgrade it first (off in the tests, whose
    # schema is made from the models).
    CLI_UPGRADES_DATABASE = True
    # Background jobs (qsort/jobs_runner.py): "thread", "inline" (tests) or "off".
    JOBS_MODE = "thread"
    JOBS_POLL_SECONDS = 5.0  # jobs of other processes, expired leases; this process wakes at once
    JOBS_LEASE_SECONDS = 30.0  # renewed at every progress step; a killed server's job is free after
    JOBS_TIME_LIMITS: ClassVar[dict[str, float]] = {
        "default": 60,
        "analysis": 60,
        "stability": 120,
        "import": 300,
    }
    # A stability run: at most this many resamples and sorts (each resample is one analysis).
    STABILITY_MAX_RESAMPLES = 1000
    REPORT_JOB_MIN_SORTS = 300  # from this many sorts a report is made by a background job
    IMPORT_JOB_MIN_BYTES = 100_000  # from this many bytes of upload an import is a background job
    STABILITY_MAX_SORTS = 500
    # Hardening (qsort/security.py). Reverse proxies in front of the app whose X-Forwarded-*
    # headers are trusted: 0 = none (direct), 1 = one nginx/Caddy, ...
    TRUSTED_PROXIES = 0
    # Force the Secure flag on every cookie (it is added anyway on HTTPS requests and when
    # PUBLIC_URL is https).
    SECURE_COOKIES = False
    # A facilitator's log-in ends after 12 hours, however active; the signed session cookie
    # also lapses after 12 hours without a request (participants come back by resume code).
    FACILITATOR_SESSION_LIFETIME = 12 * 3600
    PERMANENT_SESSION_LIFETIME = 12 * 3600
    REMEMBER_COOKIE_DURATION = 12 * 3600
    SESSION_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_HTTPONLY = True


def load(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    """Apply the config layers in their fixed order and make sure the instance folder exists."""
    private_folder(app.instance_path)
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
        app.instance_path, "qsort.sqlite"
    )
    app.config.from_pyfile("config.py", silent=True)
    _from_environment(app)
    if test_config is not None:
        app.config.from_mapping(test_config)
    if str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        # A SQLite file cannot drop a connection the way a server can: no ping per checkout.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["pool_pre_ping"] = False
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))


def _from_environment(app: Flask) -> None:
    url = os.environ.get("DATABASE_URL")
    if url:
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = os.environ["RATELIMIT_STORAGE_URI"]
    app.config.from_prefixed_env("QSORT")


def normalise_database_url(url: str) -> str:
    """Map Heroku-style ``postgres://`` and bare ``postgresql://`` to the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instance_secret_key(instance: Path) -> str:
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
