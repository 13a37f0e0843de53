"""On the multi-host path the limits live in Redis (``RATELIMIT_STORAGE_URI``): with two
gunicorn workers a guesser gets exactly the configured attempts, not one allowance per worker.
Every attempt opens a new connection, so the two workers share the attempts between them."""

from pathlib import Path

import pytest

from tests.security import live

pytestmark = pytest.mark.slow
LIMITS = {"JOIN_RATE_LIMIT": "6 per minute", "RESUME_RATE_LIMIT": "4 per minute"}


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    server = live.start("gunicorn", tmp_path_factory.mktemp("redis"), LIMITS)
    yield server
    server.stop()


def _workers(server: live.LiveServer) -> int:
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    return len(children.read_text().split())


def _fresh(server, address):
    device = server.client(address)
    device.http.headers["Connection"] = "close"  # the next attempt may go to the other worker
    return device


def test_join_code_guessing_is_counted_once_across_two_workers(two_workers):
    assert _workers(two_workers) == 2
    address = live.next_address()
    answers = [_fresh(two_workers, address).get(f"/join/NOPE{n}").status_code for n in range(10)]
    assert answers == [404] * 6 + [429] * 4


def test_resume_cookie_guessing_is_counted_once_across_two_workers(two_workers):
    address = live.next_address()
    before = two_workers.counts()
    answers = []
    for n in range(7):
        device = _fresh(two_workers, address)
        device.http.cookies.set("qsort_resume", f"ZZZZZZ{n:02d}")
        answers.append(device.get("/api/sort/status").status_code)
    assert answers == [404] * 4 + [429] * 3
    assert two_workers.counts() == before
