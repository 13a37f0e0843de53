"""Background jobs: enqueue, claim atomically, report progress, cancel, finish.

Any number of runners (threads of any process on any host) share the ``jobs`` table:

- :func:`enqueue` adds a pending job in the caller's transaction (so a submit and its
  automatic analysis commit together); a pending job of the same kind for the same clinic and
  parameters is reused instead (deduplicated).
- :func:`claim` takes the oldest pending job, or a running one whose lease has expired (its
  server was killed), with one conditional UPDATE: of two runners that race, one wins. A
  clinic's jobs of one kind run one at a time (:func:`_claimable`).
  A job claimed :data:`MAX_ATTEMPTS` times without finishing is failed instead.
- The handler gets a :class:`JobContext`: ``progress(done, total)`` stores the progress,
  renews the lease and raises :class:`JobCancelled` once a cancel was asked for;
  ``check()`` raises :class:`JobTimedOut` past the job's deadline. Handlers call them
  between bounded steps, which makes the time limit hold (cooperatively: a step in progress
  is finished first, and every step is bounded by the job's size limits).
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.orm import aliased

from qsort.domain.problems import Problem
from qsort.extensions import db
from qsort.models import Job

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
PROGRESS_EVERY_S = 0.5
GIVEN_UP = Problem("job.given_up")
#: ``Job.message`` of a stopped job: why, as a code the views word in the user's language.
STOPPED_CANCELLED, STOPPED_TIME_LIMIT, STOPPED_REFUSED = "cancelled", "time-limit", "refused"
STOPPED_ERROR = "error"  # a bug: its words are in Job.error and the log, not on a page


class JobStopped(Exception):
    """The handler must stop; ``str()`` says why, in words for the facilitator. ``result``
    (JSON) is stored with the failed job, e.g. the refusal as a code with its values so the
    page can word it in the reader's language."""

    def __init__(self, reason: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.result = result


class JobCancelled(JobStopped):
    pass


class JobTimedOut(JobStopped):
    pass


class JobRefused(JobStopped):
    """The job cannot run as asked (the run is gone, a file cannot be read, ...): a problem
    (``job.*`` and its values), stored as JSON in the failed job's result
    (``{"problem": ...}``) so a page words it in the reader's language; ``str()`` is the
    English text, kept in ``Job.error`` for the logs."""

    def __init__(self, code: str, /, **values: Any) -> None:
        self.problem = Problem(code, values)
        super().__init__(str(self.problem), {"problem": self.problem.to_json()})

    @classmethod
    def of_file(cls, error: Any) -> "JobRefused":
        """The refusal of a file (a located :class:`~qsort.formats.errors.FormatError`): its
        problem with its location (``FormatError.to_json``)."""
        refused = cls(error.problem.code, **error.problem.values)
        refused.args, refused.result = (str(error),), {"problem": error.to_json()}
        return refused


def enqueue(
    kind: str,
    clinic_id: int | None,
    params: dict[str, Any] | None = None,
    actor_id: int | None = None,
) -> Job:
    """A pending job (not committed: the caller's transaction commits it)."""
    params = params or {}
    waiting = db.session.scalars(
        db.select(Job).where(Job.kind == kind, Job.clinic_id == clinic_id, Job.status == "pending")
    ).all()
    for job in waiting:
        if job.params == params:
            return job
    job = Job(kind=kind, clinic_id=clinic_id, params=params, created_by_id=actor_id)
    db.session.add(job)
    return job


#: The other job in :func:`_claimable`'s test, made once: an alias made per call cost 6 ms of
#: building, per claim, before any query ran.
_OTHER_JOB = aliased(Job, name="other_job")


def _claimable(now: datetime):
    """Pending, or running with an expired lease; and no other job of the same kind for the
    same clinic running under a live lease. So a clinic's jobs of one kind run one at a time:
    during a burst of submits its automatic run is made again as soon as the last one ends,
    with every sort submitted by then, instead of by every runner at once (two workers
    analysing the same room 180 times in 20 s took the cores from its autosaves)."""
    expired = and_(Job.status == "running", Job.lease_until < now)
    other = _OTHER_JOB
    busy = (
        db.select(other.id)
        .where(
            other.kind == Job.kind,
            other.clinic_id == Job.clinic_id,
            other.status == "running",
            other.lease_until >= now,
            other.id != Job.id,
        )
        .exists()
    )
    return and_(or_(Job.status == "pending", expired), ~busy)


def claim(
    worker: str, lease_seconds: float, given_up: Callable[[Job], None] | None = None
) -> Job | None:
    """The next job for ``worker``, leased for ``lease_seconds``; None when there is none.
    A job whose server was killed ``MAX_ATTEMPTS`` times fails first, and ``given_up`` is
    called with it (once, by the process that failed it) to remove what it leaves behind."""
    now = datetime.now(UTC)
    for job in _fail_exhausted(now):
        if given_up is not None:
            given_up(job)
    candidates = db.session.scalars(
        db.select(Job.id).where(_claimable(now)).order_by(Job.id).limit(5)
    ).all()
    for job_id in candidates:
        taken = db.session.execute(
            db.update(Job)
            .where(Job.id == job_id, _claimable(now))
            .values(
                status="running",
                worker=worker,
                attempts=Job.attempts + 1,
                lease_until=now + timedelta(seconds=lease_seconds),
                heartbeat_at=now,
                started_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        if taken.rowcount == 1:
            job = db.session.get(Job, job_id, populate_existing=True)
            log.info(
                "job %s (%s) claimed by %s, attempt %s", job.id, job.kind, worker, job.attempts
            )
            return job
    return None


def _fail_exhausted(now: datetime) -> list[Job]:
    """Fail the jobs whose lease ran out on their last attempt; those this call failed."""
    exhausted = and_(Job.status == "running", Job.lease_until < now, Job.attempts >= MAX_ATTEMPTS)
    failed = []
    for job_id in db.session.scalars(db.select(Job.id).where(exhausted)).all():
        done = db.session.execute(
            db.update(Job)
            .where(Job.id == job_id, exhausted)
            .values(
                status="failed",
                finished_at=now,
                error=str(GIVEN_UP),
                result={"problem": GIVEN_UP.to_json()},
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if done:
            failed.append(job_id)
    db.session.commit()
    return [db.session.get(Job, job_id, populate_existing=True) for job_id in failed]


@dataclass
class JobContext:
    """What a handler uses to report progress and to learn that it must stop."""

    job_id: int
    deadline: float  # time.monotonic() value
    time_limit: float
    lease_seconds: float
    _last: float = 0.0

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise JobTimedOut(f"stopped at the time limit of {self.time_limit:g} s")

    def progress(self, done: int, total: int, message: str | None = None) -> None:
        """Store ``done / total``, renew the lease, and stop on cancel or at the deadline."""
        self.check()
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY_S and done < total:
            return
        self._last = now
        moment = datetime.now(UTC)
        values = {
            "progress": min(1.0, done / total) if total else 0.0,
            "heartbeat_at": moment,
            "lease_until": moment + timedelta(seconds=self.lease_seconds),
        }
        if message is not None:
            values["message"] = message[:200]
        db.session.execute(db.update(Job).where(Job.id == self.job_id).values(**values))
        cancelled = db.session.scalar(db.select(Job.cancel_requested).where(Job.id == self.job_id))
        db.session.commit()
        if cancelled:
            raise JobCancelled("cancelled")


Handler = Callable[[Job, JobContext], dict[str, Any] | None]


def execute(job: Job, handler: Handler, time_limit: float, lease_seconds: float) -> None:
    """Run ``handler`` for a claimed job and store how it ended (one commit)."""
    context = JobContext(job.id, time.monotonic() + time_limit, time_limit, lease_seconds)
    job_id = job.id
    try:
        result = handler(job, context)
    except JobCancelled:
        _end(job_id, "cancelled", message=STOPPED_CANCELLED)
    except JobTimedOut as stopped:
        _end(job_id, "failed", error=str(stopped), message=STOPPED_TIME_LIMIT)
    except JobStopped as stopped:
        stored = {"result": stopped.result} if stopped.result is not None else {}
        _end(job_id, "failed", error=str(stopped), message=STOPPED_REFUSED, **stored)
    except Exception as exc:  # a bug must not kill the runner; the job says what happened
        log.exception("job %s failed", job_id)
        _end(job_id, "failed", error=f"{type(exc).__name__}: {exc}"[:500], message=STOPPED_ERROR)
    else:
        _end(job_id, "done", result=result or {}, progress=1.0)


def _end(job_id: int, status: str, **values: Any) -> None:
    db.session.rollback()
    db.session.execute(
        db.update(Job)
        .where(Job.id == job_id)
        .values(status=status, finished_at=datetime.now(UTC), lease_until=None, **values)
    )
    db.session.commit()
    log.info("job %s %s", job_id, status)


def request_cancel(job: Job) -> None:
    """Ask a job to stop: a pending one is cancelled now, a running one at its next step."""
    if job.status == "pending":
        job.status, job.finished_at, job.message = "cancelled", datetime.now(UTC), STOPPED_CANCELLED
    elif job.status == "running":
        job.cancel_requested = True
    db.session.commit()


def active_job(clinic_id: int, kind: str, **params: Any) -> Job | None:
    """The newest pending or running job of ``kind`` for the clinic (whose params include
    ``params``), or None."""
    jobs = db.session.scalars(
        db.select(Job)
        .where(Job.clinic_id == clinic_id, Job.kind == kind, Job.status.in_(("pending", "running")))
        .order_by(Job.id.desc())
    ).all()
    return next((j for j in jobs if all(j.params.get(k) == v for k, v in params.items())), None)


def latest_job(clinic_id: int, kind: str, **params: Any) -> Job | None:
    jobs = db.session.scalars(
        db.select(Job)
        .where(Job.clinic_id == clinic_id, Job.kind == kind)
        .order_by(Job.id.desc())
        .limit(20)
    ).all()
    return next((j for j in jobs if all(j.params.get(k) == v for k, v in params.items())), None)


def state(job: Job) -> dict[str, Any]:
    """What the page's progress poller reads."""
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "finished": job.finished,
        "progress": round(job.progress or 0.0, 3),
        "message": job.message,
        "error": job.error,
        "result": job.result,
    }
