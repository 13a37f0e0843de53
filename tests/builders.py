"""Builders shared by the tests, the benchmarks and the tools (never shipped in the package):
a facilitator with a clinic, moved through its phases by the audited phase change the live page
uses, and a real HTTP server for the app on a free port (with its background jobs, slowed
down for a browser to watch them).

The clinic and its participants get their codes from the services' own builders
(:func:`qsort.services.clinics.new_clinic`, :func:`qsort.services.participants.new_participant`).
Call the database builders inside an app context.
"""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

from qsort import jobs_runner
from qsort.domain.phases import PHASES, Phase
from qsort.extensions import db
from qsort.models import Clinic, Facilitator, Job
from qsort.services import jobs, live
from qsort.services.auth import create_facilitator
from qsort.services.clinics import create_clinic

ROOM_PASSWORD = "long enough password"
ROOM = {"preset_key": "customer-focus", "grid_key": "9", "lang": "en"}
"""The clinic the tests and benchmarks sort in: the customer-focus statements on 9 columns."""


def room(
    email: str,
    password: str = ROOM_PASSWORD,
    *,
    title: str = "Room",
    phase: str = Phase.LOBBY,
    **options: Any,
) -> Clinic:
    """A new facilitator ``email`` and their clinic (``ROOM`` unless ``options`` say otherwise:
    ``lang``, ``preset_key``, ``grid_key``), moved to ``phase`` with :func:`move_to`."""
    owner = create_facilitator(email, password)
    clinic = create_clinic(db.session.get(Facilitator, owner.id), title=title, **(ROOM | options))
    move_to(clinic, phase)
    return clinic


def move_to(clinic: Clinic, phase: str) -> None:
    """Move ``clinic`` to ``phase`` one step at a time through
    :func:`qsort.services.live.set_phase`, as the owner on the live page would, confirming a step
    back or a close while people are still sorting; each step is audited."""
    target = PHASES.index(phase)
    while clinic.phase != phase:
        here = PHASES.index(clinic.phase)
        step = PHASES[here + 1 if target > here else here - 1]
        live.set_phase(clinic, clinic.owner, step, confirmed=True)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free port in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@contextmanager
def served_with_jobs(app: Flask) -> Iterator[str]:
    """:func:`served`, with the jobs in a runner thread as under ``qsort serve``; afterwards a
    job still running is cancelled (it stops at its next progress report) and the runner
    stopped."""
    app.config["JOBS_MODE"] = "thread"
    try:
        with served(app) as base:
            yield base
    finally:
        with app.app_context():
            db.session.execute(db.update(Job).values(cancel_requested=True))
            db.session.commit()
        jobs_runner.runner(app).stop(timeout=30)


def slow_jobs(monkeypatch: Any, pause: float, report_every: float) -> None:
    """Make every job's progress report wait ``pause`` seconds and report every
    ``report_every`` seconds, so that a job lasts long enough to watch its progress."""
    original = jobs.JobContext.progress

    def slowed(self: jobs.JobContext, done: int, total: int, message: str | None = None) -> Any:
        time.sleep(pause)
        return original(self, done, total, message)

    monkeypatch.setattr(jobs.JobContext, "progress", slowed)
    monkeypatch.setattr(jobs, "PROGRESS_EVERY_S", report_every)
