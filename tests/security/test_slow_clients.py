"""Attack 2 of issue 14: half-open connections must not freeze the laptop clinic.

50 connections each send the start of a request and then nothing (half of them not even the
end of their headers, the others a log-in form whose body never comes), while 20 tablets join
and autosave every 0.5 s for 10 s against ``qsort serve`` (waitress: requests are read whole
before a thread runs them). Every tablet joins, every autosave is answered, each within 1 s.
The same run against gunicorn's gthread workers froze (benchmarks/servers.py, docs/deploy.md).
"""

import asyncio

import pytest

from tests.security import live

pytestmark = pytest.mark.slow
servers = pytest.importorskip("benchmarks.servers")  # needs httpx (the test extra)

HALF_OPEN = 50
TABLETS = 20
SECONDS = 10.0


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    """``qsort serve`` (on PostgreSQL in the PostgreSQL run), joins not limited per address:
    all simulated tablets share 127.0.0.1 here."""
    config = {"JOIN_SUCCESS_RATE_LIMIT": "1000 per minute", "JOIN_RATE_LIMIT": "1000 per minute"}
    server = live.start("serve", tmp_path_factory.mktemp("slow"), config)
    yield server
    server.stop()


def test_half_open_connections_do_not_delay_autosaves(laptop):
    port = int(laptop.base.rsplit(":", 1)[1])
    code = laptop.seeded["other"]["code"]
    held = servers.half_open(port, HALF_OPEN)
    try:
        figures = asyncio.run(servers.autosaves(laptop.base, code, TABLETS, SECONDS))
    finally:
        for sock in held:
            sock.close()
    assert figures.not_joined == 0
    assert figures.failures == 0
    assert figures.requests >= TABLETS * 10  # every tablet kept saving (about 20 each)
    slowest = max(figures.latencies)
    assert slowest < 1.0, f"slowest autosave {slowest:.3f} s"
