"""Shared fixtures for the web app tests (flaskr shape).

The database is SQLite in a temporary file unless ``QSORT_TEST_DATABASE_URL`` names another
server (CI sets it to a PostgreSQL database). The schema is created once per session; every
test gets a fresh app and its rows are removed afterwards, so tests stay fast on both backends.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text

from qsort import create_app
from qsort.extensions import db

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("QSORT_TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


@pytest.fixture(scope="session")
def base_config(database_url: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "WARM_UP": False,  # hundreds of apps: qsort.warm_up is tested on its own
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SERVER_NAME": "qsort.test",
        "CLI_UPGRADES_DATABASE": False,
        "JOBS_MODE": "inline",
    }


@pytest.fixture(scope="session")
def _schema(base_config: dict[str, Any]) -> Iterator[None]:
    app = create_app(base_config)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _empty_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(t.name for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def make_app(base_config: dict[str, Any], _schema: None) -> Iterator[Callable[..., Flask]]:
    """Build an app with extra config; tables are emptied after the test."""
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        app = create_app({**base_config, **overrides})
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
    if apps:
        with apps[0].app_context():
            _empty_tables()
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    password: str


@pytest.fixture
def make_facilitator(app: Flask) -> Callable[..., Account]:
    from qsort.services.auth import create_facilitator

    counter = iter(range(1, 1000))

    def build(email: str | None = None, password: str = PASSWORD) -> Account:
        email = email or f"facilitator{next(counter)}@example.org"
        with app.app_context():
            facilitator = create_facilitator(email, password)
            return Account(facilitator.id, facilitator.email, password)

    return build


@pytest.fixture
def make_clinic(app: Flask) -> Callable[..., int]:
    """Create a clinic for an owner (customer-focus preset by default); returns its id."""
    from qsort.models import Facilitator
    from qsort.services.clinics import create_clinic

    def build(owner: Account, **overrides: Any) -> int:
        options = {"title": "Test clinic", "preset_key": "customer-focus", "grid_key": "9"}
        options.update(overrides)
        with app.app_context():
            facilitator = db.session.get(Facilitator, owner.id)
            return create_clinic(facilitator, lang="en", **options).id

    return build


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, account: Account, follow_redirects: bool = False) -> Any:
        return self._client.post(
            "/login",
            data={"email": account.email, "password": account.password},
            follow_redirects=follow_redirects,
        )

    def logout(self) -> Any:
        return self._client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def owner(auth: AuthActions, make_facilitator: Callable[..., Account]) -> Account:
    """A facilitator, logged in on ``client``."""
    account = make_facilitator()
    auth.login(account)
    return account


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield
