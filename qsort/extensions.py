"""Flask extensions, created unbound here and bound to an app in ``init_app``."""

import sqlite3
from typing import Any

from flask import Flask, Response, request, session
from flask_babel import Babel, get_locale, lazy_gettext
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.orm import DeclarativeBase

from qsort.private_files import private_file
from qsort.resources import MIGRATIONS

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, directory=str(MIGRATIONS))
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
limiter = Limiter(get_remote_address)
compress = Compress()


def _close_compressed_files(response: Response) -> Response:
    """Close a static file once its compressed copy is sent: Flask-Compress swaps the file's
    iterator for a compressing one and never closes the file (a ResourceWarning per request).
    Closing a file twice, when nothing was compressed, does nothing."""
    if response.is_streamed and hasattr(response.response, "close"):
        response.call_on_close(response.response.close)
    return response


def app_setting(name: str) -> Any:
    """The running app's setting ``name``: the services' one way to their configuration,
    next to ``db``, so they never import Flask themselves."""
    from flask import current_app

    return current_app.config[name]


def instance_path() -> str:
    """The running app's instance folder (for the services, which never import Flask)."""
    from flask import current_app

    return current_app.instance_path


def select_locale() -> str | None:
    """The language chosen with the header switch, else the browser's preference."""
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages)


def current_language() -> str:
    """The language of this request's pages: the one :func:`select_locale` chose, else the
    default (``BABEL_DEFAULT_LOCALE``)."""
    from flask import current_app

    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


SQLITE_SYNCHRONOUS = ("OFF", "NORMAL", "FULL", "EXTRA")


def _sqlite_pragmas(synchronous: str) -> Any:
    """WAL, foreign keys, a 5 s busy timeout, and ``synchronous`` (NORMAL by default: under WAL
    a commit then skips the fsync, which is the main cost of a write; a killed server process
    loses nothing, only a power cut can lose the last commits before the next checkpoint)."""

    def apply(dbapi_connection: Any, _record: Any) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.execute(f"PRAGMA synchronous={synchronous}")
            cursor.close()

    return apply


def _postgresql_lz4(dbapi_connection: Any, _record: Any) -> None:
    """Compress large values (a stored run is about 150 kB of JSON) with lz4 rather than
    PostgreSQL's default pglz, where the server has it (PostgreSQL 14 and later, built with
    lz4, as Debian's and the official images are): writing a run of 300 sorts took 4.5 ms
    less, and reading it back is faster too. Older or other servers keep their default."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute("SET default_toast_compression = 'lz4'")
    dbapi_connection.commit()


def init_app(app: Flask) -> None:
    from qsort.models.json_columns import engine_options

    options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**engine_options(), **options}
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            database = db.engine.url.database
            if database and database != ":memory:" and not database.startswith("file:"):
                private_file(database)  # before SQLite creates it world-readable
            # Scoped to this SQLite engine only, never the global Engine class.
            synchronous = str(app.config.get("SQLITE_SYNCHRONOUS", "NORMAL")).upper()
            if synchronous not in SQLITE_SYNCHRONOUS:
                raise ValueError(f"SQLITE_SYNCHRONOUS must be one of {SQLITE_SYNCHRONOUS}")
            event.listen(db.engine, "connect", _sqlite_pragmas(synchronous))
        elif db.engine.dialect.name == "postgresql":
            event.listen(db.engine, "connect", _postgresql_lz4)
    migrate.init_app(app, db)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    from qsort import template_i18n

    template_i18n.register(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please log in to see this page.")
    login_manager.login_message_category = "info"
    from qsort.sessions import load_facilitator

    login_manager.user_loader(load_facilitator)
    limiter.init_app(app)
    compress.init_app(app)
    app.after_request(_close_compressed_files)  # runs before Flask-Compress's own hook
