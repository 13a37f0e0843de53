"""The runner of background jobs in this process (see ``qsort/services/jobs.py``).

``JOBS_MODE`` chooses how jobs run:

- ``"thread"`` (the default): one runner thread per process, started by ``qsort serve`` or on
  a process's first request (each gunicorn worker). A job committed in this process wakes it
  at once (the session's ``after_commit``). On PostgreSQL a job committed in any process wakes
  every process's runner too: the transaction that adds a job sends ``NOTIFY qsort_jobs``
  (delivered at its commit, never for a rollback) and each process listens on its own
  connection (:class:`Listener`), so an idle worker takes the job while the one that took
  the request is still busy with the previous one. Every runner also looks every
  ``JOBS_POLL_SECONDS`` for jobs whose server was killed (expired lease), and for new jobs where
  no notification can come (SQLite: one process, or a missed notification).
- ``"inline"``: jobs committed in an app context (a request, a test's ``app_context()``) run
  when that context ends, in the same thread (the Flask test client).
- ``"off"``: this process runs none (``flask --app qsort run-jobs`` does).

The runner also closes sorting when a timer with "close when the timer ends" reaches zero
(:func:`close_timers`): it sleeps until the next such zero at the latest, so no page a GET
shows ever has to write the close.
"""

import logging
import os
import socket
import threading
import time
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from qsort.extensions import db
from qsort.models import Job
from qsort.services import jobs, live
from qsort.services.job_kinds import HANDLERS, clean_up_given_up

log = logging.getLogger(__name__)
EXTENSION = "qsort.jobs"
TIMER_SLACK_S = 0.01  # wake just after a timer's zero, so it is due when looked at
NEW_JOBS = "qsort_new_jobs"
CHANNEL = "qsort_jobs"  # the PostgreSQL notification channel of new jobs


class Runner:
    """One thread that claims and runs jobs until stopped."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wake_up = threading.Event()
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.listener = Listener(self)
        self.stopped = False

    def start(self) -> None:
        with self.lock:
            if self.stopped:  # stopped for good: a late request or commit starts nothing
                return
            if self.thread is None or not self.thread.is_alive() or self.thread.ident is None:
                self.stopping.clear()
                self.thread = threading.Thread(
                    target=self.run_forever, name="qsort-jobs", daemon=True
                )
                self.thread.start()
            self.listener.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the runner and its listener for good (the server is shutting down)."""
        with self.lock:
            self.stopped = True
        self.stopping.set()
        self.wake_up.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def run_forever(self) -> None:
        """Claim and run jobs and close due timers until ``stop``; sleep until woken, the
        next timer's zero or the poll interval, whichever comes first."""
        poll = float(self.app.config["JOBS_POLL_SECONDS"])
        while not self.stopping.is_set():
            try:
                ran = run_one(self.app, self.worker)
                until_timer = close_timers(self.app)
            except Exception:  # the database was away: try again after the poll interval
                log.exception("job runner: claiming failed")
                ran, until_timer = False, None
            if not ran:
                self.wake_up.wait(poll if until_timer is None else min(poll, until_timer))
                self.wake_up.clear()


class Listener:
    """On PostgreSQL: a thread that waits for ``NOTIFY qsort_jobs`` on its own connection and
    wakes ``runner`` for each; it reconnects after the poll interval when the database was away.
    Nothing on other databases (SQLite serves one process, which its commits wake)."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.thread: threading.Thread | None = None
        self.conninfo: str | None = None  # "" once known not to be PostgreSQL
        self.listening = threading.Event()  # set while LISTEN is in place (tests wait for it)

    def start(self) -> None:
        """Start listening (once per process; called with the runner's lock held)."""
        if self.conninfo is None:
            with self.runner.app.app_context():
                url = db.engine.url
            postgresql = url.get_backend_name() == "postgresql"
            self.conninfo = (
                url.set(drivername="postgresql").render_as_string(hide_password=False)
                if postgresql
                else ""
            )
        if self.conninfo and (self.thread is None or not self.thread.is_alive()):
            self.thread = threading.Thread(
                target=self.listen_forever, name="qsort-jobs-listen", daemon=True
            )
            self.thread.start()

    def listen_forever(self) -> None:
        import psycopg  # only on PostgreSQL, where it is the driver

        poll = float(self.runner.app.config["JOBS_POLL_SECONDS"])
        while not self.runner.stopping.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    while not self.runner.stopping.is_set():
                        for _notice in connection.notifies(timeout=min(poll, 1.0)):
                            self.runner.wake_up.set()
            except Exception:  # the database was away: listen again after the poll interval
                log.exception("job runner: listening for new jobs failed")
            self.listening.clear()
            time.sleep(0 if self.runner.stopping.is_set() else poll)


def run_one(app: Flask, worker: str) -> bool:
    """Claim and run one job; False when there was none."""
    with app.app_context():
        try:
            lease = float(app.config["JOBS_LEASE_SECONDS"])
            job = jobs.claim(worker, lease, given_up=clean_up_given_up)
            if job is None:
                return False
            limits = app.config["JOBS_TIME_LIMITS"]
            handler = HANDLERS.get(job.kind)
            if handler is None:
                jobs.execute(job, _unknown, 1.0, 1.0)
            else:
                time_limit = float(limits.get(job.kind, limits["default"]))
                jobs.execute(job, handler, time_limit, float(app.config["JOBS_LEASE_SECONDS"]))
            return True
        finally:
            db.session.remove()


def close_timers(app: Flask) -> float | None:
    """Close sorting where a timer that closes it reached zero; the seconds until the next
    such timer reaches zero (None: none runs). Several processes may do this at once: each
    clinic is closed and audited once (qsort.services.live.close_due_timers)."""
    with app.app_context():
        try:
            now = datetime.now(UTC)
            live.close_due_timers(now)
            end = live.next_timer_end()
        finally:
            db.session.remove()
    return None if end is None else max(0.0, (end - now).total_seconds()) + TIMER_SLACK_S


def wake(app: Flask) -> None:
    """Have this process's runner look again now (a timer was set; in thread mode only)."""
    if app.config["JOBS_MODE"] == "thread":
        runner(app).start()
        runner(app).wake_up.set()


def _unknown(job: Job, _context: jobs.JobContext) -> None:
    raise jobs.JobRefused("job.unknown_kind", kind=repr(job.kind))


def run_pending(app: Flask, worker: str = "inline", limit: int = 100) -> int:
    """Run the jobs that are due now, in this thread; returns how many ran."""
    count = 0
    while count < limit and run_one(app, worker):
        count += 1
    return count


def runner(app: Flask) -> Runner:
    return app.extensions[EXTENSION]


def start(app: Flask) -> None:
    if app.config["JOBS_MODE"] == "thread":
        runner(app).start()


def stop(app: Flask) -> None:
    runner(app).stop()


def _notice_new_jobs(session: Session, _context: Any) -> None:
    if any(isinstance(obj, Job) for obj in session.new):
        session.info[NEW_JOBS] = True
        connection = session.connection()
        if connection.dialect.name == "postgresql":  # every process's Listener, at the commit
            connection.exec_driver_sql(f"NOTIFY {CHANNEL}")


def _after_commit(session: Session) -> None:
    if not session.info.pop(NEW_JOBS, False) or not has_app_context():
        return
    app = current_app._get_current_object()
    mode = app.config["JOBS_MODE"]
    if mode == "thread":
        runner(app).start()
        runner(app).wake_up.set()
    elif mode == "inline":
        g.setdefault(NEW_JOBS, True)  # run when the app context ends (no SQL in after_commit)


def _after_rollback(session: Session) -> None:
    session.info.pop(NEW_JOBS, None)


_listening = False


def init_app(app: Flask) -> None:
    """Attach a runner to ``app``; start it lazily on the first request in thread mode."""
    global _listening
    app.extensions[EXTENSION] = Runner(app)
    if not _listening:  # db.session is one scoped session for every app
        event.listen(db.session, "after_flush", _notice_new_jobs)
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_soft_rollback", lambda s, _t: _after_rollback(s))
        _listening = True

    @app.before_request
    def _start_runner() -> None:
        start(app)

    @app.teardown_appcontext
    def _run_inline(_error: BaseException | None) -> None:
        if app.config["JOBS_MODE"] == "inline" and g.pop(NEW_JOBS, False):
            run_pending(app)
