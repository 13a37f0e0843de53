"""Fixtures of the security suite: a real server (see live.py)."""

import os

import pytest

from tests.security import live


def live_kind() -> str:
    """``qsort serve`` on SQLite; gunicorn (2 workers, Redis limits) in the PostgreSQL run."""
    return "gunicorn" if os.environ.get("QSORT_TEST_DATABASE_URL") else "serve"


@pytest.fixture(scope="module")
def live_server(request, tmp_path_factory):
    """One server per test module; a module sets ``LIVE_CONFIG`` for extra settings."""
    config = getattr(request.module, "LIVE_CONFIG", {})
    server = live.start(live_kind(), tmp_path_factory.mktemp("live"), config)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _close_live_clients(request):
    yield
    if "live_server" in request.fixturenames:
        request.getfixturevalue("live_server").close_clients()
