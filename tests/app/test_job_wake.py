"""A job committed in one process wakes the job runner of every other process at once on
PostgreSQL (LISTEN/NOTIFY), so the automatic run after a room's last submit starts on an
idle worker instead of waiting for the busy one or the next poll; on SQLite (one process) no
listener is started."""

import os
import subprocess
import sys
import time
from pathlib import Path

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


def test_a_run_jobs_process_is_woken_by_the_web_processes_jobs(make_app, database_url, tmp_path):
    """``qsort run-jobs`` (web workers with jobs off) takes a job the moment it is committed,
    not at its next poll a minute later."""
    web = make_app(JOBS_MODE="off")
    if _backend(web) != "postgresql":
        pytest.skip("notifications between processes are PostgreSQL's (QSORT_TEST_DATABASE_URL)")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "run-jobs test",
        "QSORT_INSTANCE_PATH": str(tmp_path),
        "QSORT_CLI_UPGRADES_DATABASE": "false",  # the suite's schema, made without migrations
        "QSORT_JOBS_POLL_SECONDS": str(int(SLEEPY_POLL_S)),
    }
    qsort = str(Path(sys.executable).parent / "qsort")
    process = subprocess.Popen([qsort, "run-jobs"], env=env, stdout=subprocess.DEVNULL)
    listening = db.text("SELECT count(*) FROM pg_stat_activity WHERE query = :q")
    try:
        with web.app_context():
            clinic_id = room("run-jobs@example.org").id
            started = time.monotonic()
            while not db.session.scalar(listening, {"q": f"LISTEN {jobs_runner.CHANNEL}"}):
                assert time.monotonic() - started < 30 and process.poll() is None
                db.session.rollback()
                time.sleep(0.1)
            time.sleep(0.5)  # its first look found nothing: it sleeps for the poll now
            job = job_kinds.enqueue_analysis(clinic_id)
            db.session.commit()
            job_id = job.id
        committed = time.monotonic()
        while _job(web, job_id).status == "pending" and time.monotonic() - committed < 10:
            time.sleep(0.02)
        assert _job(web, job_id).status != "pending", "run-jobs waited for its poll"
    finally:
        process.terminate()
        process.wait(10)


def test_a_stopped_runner_stays_stopped(make_app):
    """A request or a commit that comes in after the server stopped its runner (a browser's
    keep-alive poll during shutdown) starts neither the runner nor its listener again: a
    runner left behind would take the jobs other apps commit to the same database."""
    app = make_app(JOBS_MODE="thread", JOBS_POLL_SECONDS=SLEEPY_POLL_S)
    runner = jobs_runner.runner(app)
    runner.start()
    first = runner.thread
    runner.stop()
    assert not first.is_alive()
    jobs_runner.wake(app)  # what a late request's timer change or a commit's wake-up does
    runner.start()
    assert runner.thread is first and not runner.thread.is_alive()
    listener = runner.listener.thread  # PostgreSQL only; it ends within a second of the stop
    if listener is not None:
        listener.join(3)
    assert listener is None or not listener.is_alive()
