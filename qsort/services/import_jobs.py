"""Imports of large studies run as a background job, never inside a request: the request
keeps the uploaded files in the instance folder (``imports/<token>/``, owner-only) and
enqueues the job; the job reads, checks and writes the study (:func:`qsort.services.imports.
import_study`, all or nothing, its progress stored as it goes) and removes the files. A study
is large from ``IMPORT_JOB_MIN_BYTES`` bytes of upload on (about 1 600 sorts of 24 statements
in CSV, about a second of work; 10 000 sorts take about 7 s).

An import job belongs to no clinic yet (``clinic_id`` is None): only the facilitator who
started it sees it (``created_by_id``).
"""

import logging
import secrets
import shutil
from pathlib import Path
from typing import Any

from qsort.extensions import app_setting, db, instance_path
from qsort.formats import FormatError
from qsort.models import Facilitator, Job
from qsort.private_files import private_file, private_folder
from qsort.services import jobs
from qsort.services.jobs import JobContext, JobRefused

log = logging.getLogger(__name__)

IMPORT = "import"
READ_SHARE = 0.2  # of the progress bar: reading and checking the files, before the writing


def is_large(sizes: list[int]) -> bool:
    return sum(sizes) >= int(app_setting("IMPORT_JOB_MIN_BYTES"))


def enqueue_import(owner: Facilitator, files: list[tuple[str, bytes]], title: str) -> Job:
    """Keep the files and enqueue their import (one commit); the job's id is the page's."""
    token = secrets.token_hex(16)
    folder = private_folder(_root() / token)
    for k, (_name, data) in enumerate(files):
        private_file(folder / f"{k:03d}").write_bytes(data)
    params = {"folder": token, "names": [name for name, _data in files], "title": title}
    job = jobs.enqueue(IMPORT, None, params, actor_id=owner.id)
    db.session.commit()
    log.info("import job %s (%s files) queued by facilitator %s", job.id, len(files), owner.id)
    return job


def import_job(owner: Facilitator, job_id: int) -> Job | None:
    """The import job ``job_id`` when ``owner`` started it, else None."""
    job = db.session.get(Job, job_id)
    if job is None or job.kind != IMPORT or job.created_by_id != owner.id:
        return None
    return job


def cancel_import(job: Job) -> None:
    jobs.request_cancel(job)
    if job.status == "cancelled":  # it never ran: its files go now
        remove_files(job)


def make_import(job: Job, context: JobContext) -> dict[str, Any]:
    """Read, check and write the study; ``{"clinic_id", "n_sorts", "n_statements", "notes"}``
    (each note a ``note.*`` problem as JSON)."""
    from qsort.services.imports import Upload, import_study  # imports -> writer -> job kinds

    owner = db.session.get(Facilitator, job.created_by_id) if job.created_by_id else None
    try:
        if owner is None:
            raise JobRefused("job.no_owner")
        folder = _root() / job.params["folder"]
        names = job.params["names"]
        uploads = [Upload(name, (folder / f"{k:03d}").read_bytes()) for k, name in enumerate(names)]
        context.progress(0, 1)

        def written(done: int, total: int) -> None:
            context.progress(round(1000 * (READ_SHARE + (1 - READ_SHARE) * done / total)), 1000)

        try:
            imported = import_study(owner, uploads, job.params.get("title", ""), progress=written)
        except FormatError as error:
            raise JobRefused.of_file(error) from None
    finally:
        remove_files(job)
    clinic = imported.clinic
    return {
        "clinic_id": clinic.id,
        "n_sorts": len(clinic.participants),
        "n_statements": len(clinic.statements),
        "notes": [note.to_json() for note in imported.notes],
    }


def _root() -> Path:
    return private_folder(Path(instance_path()) / "imports")


def remove_files(job: Job) -> None:
    """Remove the job's uploaded files (when it ends, is cancelled or is given up)."""
    folder = job.params.get("folder")
    if folder and all(c in "0123456789abcdef" for c in folder):
        shutil.rmtree(_root() / folder, ignore_errors=True)
