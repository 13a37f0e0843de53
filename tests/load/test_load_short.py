"""Short variants of ``benchmarks/load.py``: a few tablets for a few seconds against gunicorn
with 2 workers on the suite's database (SQLite in WAL mode, or PostgreSQL when
``QSORT_TEST_DATABASE_URL`` is set, then with Redis as the workers' shared rate-limit store,
``QSORT_TEST_REDIS_URL``), once undisturbed and once with the server SIGKILLed and restarted
mid-run. Either way: no errors, nothing lost, nothing duplicated, every draft at its latest
version; on PostgreSQL with Redis the resume limit also holds across both workers. A
regression in the autosave/submit path or its retry story fails here.
"""

import os

import pytest

from tests.builders import free_port

pytestmark = pytest.mark.slow
load = pytest.importorskip("benchmarks.load")  # needs httpx (the test extra)
REDIS_URL = os.environ.get("QSORT_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


@pytest.fixture
def options(make_app, database_url):
    make_app()  # the schema exists; the tables are emptied after the test
    redis = REDIS_URL if database_url.startswith("postgresql") else ""  # the path for many rooms
    return load.Options(
        tablets=8, seconds=5.0, interval=0.5, database_url=database_url, workers=2,
        threads=4, port=free_port(), ramp=1.0, reset_schema=False, redis_url=redis,
    )  # fmt: skip


def _check(report) -> None:
    text = load.format_report(report)
    audit = report.audit
    assert report.stats.errors == {}, text
    assert audit.stored == audit.expected == report.options.tablets, text
    assert audit.lost == [] and audit.duplicated == [] and report.drafts_stale == [], text
    assert len(report.stats.latencies["autosave"]) >= report.options.tablets * 4, text
    assert report.ok, text


def test_tablets_autosave_and_submit_without_loss(options, tmp_path):
    options.probe_limits = bool(options.redis_url)
    report = load.run(options, tmp_path)
    _check(report)
    if options.redis_url:  # one store for both workers: the limit, not twice the limit
        through, limit = report.limit_probe
        assert through == limit, load.format_report(report)


def test_a_killed_server_loses_nothing(options, tmp_path):
    options.fault = True
    options.seconds = 6.0
    options.down_seconds = 0.5
    report = load.run(options, tmp_path)
    _check(report)
    assert report.restart_seconds is not None
    assert report.stats.expected_outage > 0, "the kill should have cut some saves"
