"""Reports of large studies are made by a background job, never inside a request: the job
renders the download (PDF, web page or workbook) into the instance folder, the download's GET
then only reads that file. A study is large from ``REPORT_JOB_MIN_SORTS`` sorts on."""

from pathlib import Path
from typing import Any

from qsort.extensions import app_setting, db, instance_path
from qsort.models import AnalysisRun, AuditEvent, Clinic, Job
from qsort.private_files import private_file, private_folder
from qsort.services import jobs
from qsort.services.jobs import JobContext, JobRefused
from qsort.services.run_downloads import run_download

REPORT = "report"
#: Downloads that are made as a job for a large study (the exchange files are quick).
REPORT_KINDS = ("pdf", "html", "xlsx")
#: Audited edits that change what a report says after its numbers: a viewpoint renamed, a
#: free-choice group merged, split or named.
WORDING_EDITS = ("viewpoint-name", "free-choice")


def is_large(run: AnalysisRun, kind: str) -> bool:
    limit = int(app_setting("REPORT_JOB_MIN_SORTS"))
    return kind in REPORT_KINDS and int(run.result["n_sorts"]) >= limit


def params(run: AnalysisRun, kind: str, lang: str, anonymise: bool) -> dict[str, Any]:
    return {"run_id": run.id, "download": kind, "lang": lang, "anonymise": bool(anonymise)}


def enqueue_report(run: AnalysisRun, kind: str, lang: str, anonymise: bool, actor_id: int) -> Job:
    return jobs.enqueue(
        REPORT, run.clinic_id, params(run, kind, lang, anonymise), actor_id=actor_id
    )


def report_job(run: AnalysisRun, kind: str, lang: str, anonymise: bool) -> Job | None:
    """The latest report job of these choices (running, done or stopped), or None."""
    return jobs.latest_job(run.clinic_id, REPORT, **params(run, kind, lang, anonymise))


def is_outdated(job: Job) -> bool:
    """Was a viewpoint renamed or a free-choice group edited since the job read the clinic?
    Then its file no longer says what the next report would say."""
    since = job.started_at or job.created_at
    edited = db.session.scalar(
        db.select(db.func.max(AuditEvent.created_at)).where(
            AuditEvent.clinic_id == job.clinic_id, AuditEvent.action.in_(WORDING_EDITS)
        )
    )
    return edited is not None and since is not None and edited >= since


def report_file(job: Job) -> Path | None:
    """The finished job's file, when it is still there and still current."""
    if job.status != "done" or not job.result or is_outdated(job):
        return None
    path = _folder() / job.result["file"]
    return path if path.is_file() else None


def _folder() -> Path:
    return private_folder(Path(instance_path()) / "reports")


def make_report(job: Job, context: JobContext) -> dict[str, Any]:
    """Render the download and keep it as ``reports/job-<id>-<file name>``."""
    run = db.session.get(AnalysisRun, job.params.get("run_id"))
    if run is None or run.clinic_id != job.clinic_id:
        raise JobRefused("job.no_run")
    clinic = db.session.get(Clinic, run.clinic_id)
    context.progress(0, 2)
    content, media_type, filename = run_download(
        run, clinic, job.params["download"], job.params["lang"], job.params["anonymise"]
    )
    context.progress(1, 2)
    name = f"job-{job.id}-{filename}"
    path = private_file(_folder() / name)
    path.write_bytes(content)
    return {"file": name, "media_type": media_type, "filename": filename}
