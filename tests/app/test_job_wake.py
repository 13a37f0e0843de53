"""A job committed in one process wakes the job runner of every other process at once on
PostgreSQL (LISTEN/NOTIFY), so the automatic run after a room's last submit starts on an
idle worker instead of waiting for the busy one or the next poll; on SQLite (one process) no
listener is started."""

import time

import pytest

from qsort import jobs_runner
from qsort.extensions import db
from qsort.models import Job
from qsort.services import job_kinds
from tests.builders import room

SLEEPY_POLL_S = 60.0  # without a notification the waiting runner would look again only then


def _job(app, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def _backend(app) -> str:
    with app.app_context():
        return db.engine.dialect.name


def test_a_job_committed_elsewhere_wakes_this_processs_runner(make_app):
    waiting = make_app(JOBS_MODE="thread", JOBS_POLL_SECONDS=SLEEPY_POLL_S)
    committing = make_app(JOBS_MODE="off")  # another process: its own runner never runs
    if _backend(waiting) != "postgresql":
        pytest.skip("notifications between processes are PostgreSQL's (QSORT_TEST_DATABASE_URL)")
    runner = jobs_runner.runner(waiting)
    try:
        runner.start()
        assert runner.listener.listening.wait(10), "the listener never listened"
        time.sleep(0.5)  # the runner's first look found nothing: it sleeps for the poll now
        with committing.app_context():
            clinic = room("wake@example.org")
            job = job_kinds.enqueue_analysis(clinic.id)
            db.session.commit()
            job_id = job.id
        committed = time.monotonic()
        while _job(waiting, job_id).status == "pending" and time.monotonic() - committed < 10:
            time.sleep(0.02)
        job = _job(waiting, job_id)
        assert job.status != "pending" and time.monotonic() - committed < SLEEPY_POLL_S / 6
        assert job.worker == runner.worker
    finally:
        runner.stop()


def test_sqlite_starts_no_listener(make_app):
    app = make_app(JOBS_MODE="thread", JOBS_POLL_SECONDS=SLEEPY_POLL_S)
    if _backend(app) != "sqlite":
        pytest.skip("the SQLite case")
    runner = jobs_runner.runner(app)
    try:
        runner.start()
        assert runner.thread.is_alive() and runner.listener.thread is None
        assert runner.listener.conninfo == ""
    finally:
        runner.stop()
