"""What each kind of background job does: the automatic analysis run, the stability run, the
report of a large study (:mod:`qsort.services.report_jobs`) and the import of a large study
(:mod:`qsort.services.import_jobs`).
"""

from typing import Any

from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic, Job
from qsort.services import analysis_run as run_service
from qsort.services import jobs
from qsort.services.import_jobs import IMPORT, make_import, remove_files
from qsort.services.jobs import JobContext, JobRefused
from qsort.services.report_jobs import REPORT, make_report

ANALYSIS = "analysis"
STABILITY = "stability"
#: Labels of runs that are redone automatically when the sorts change.
AUTOMATIC_LABELS = ("auto", "reveal")


def enqueue_analysis(clinic_id: int, label: str = "auto") -> Job:
    """Ask for the automatic run of the clinic (in the caller's transaction; deduplicated:
    one pending job per clinic, which reads the sorts as they are when it runs)."""
    return jobs.enqueue(ANALYSIS, clinic_id, {} if label == "auto" else {"label": label})


def enqueue_stability(run: AnalysisRun, resamples: int, actor_id: int | None) -> Job:
    params = {"run_id": run.id, "resamples": int(resamples)}
    return jobs.enqueue(STABILITY, run.clinic_id, params, actor_id=actor_id)


def automatic_analysis(job: Job, context: JobContext) -> dict[str, Any]:
    """Per round of the clinic: a new automatic run when there is none, or when the latest is
    automatic and no longer covers the submitted sorts; otherwise nothing (a run chosen by hand
    is kept). The answer is round 1's; round 2's is under ``"round2"``."""
    clinic = db.session.get(Clinic, job.clinic_id)
    if clinic is None:
        raise JobRefused("job.no_clinic")
    second_round = clinic.current_round == 2  # read before round 1's commit expires it
    answer = _automatic_round(job, context, clinic, 1)
    if second_round:
        answer["round2"] = _automatic_round(job, context, clinic, 2)
    return answer


def _automatic_round(job: Job, context: JobContext, clinic: Clinic, round_number: int) -> dict:
    latest = run_service.latest_run(clinic, round_number)
    if latest is not None and not (
        latest.label in AUTOMATIC_LABELS and run_service.is_stale(latest, clinic)
    ):
        return {"run_id": latest.id, "made": False}
    context.check()
    label = job.params.get("label", "auto")
    try:
        run = run_service.run_clinic_analysis(
            clinic, None, label=label, round_number=round_number, source=latest
        )
    except run_service.RunError as exc:
        return {"made": False, "problem": exc.problem.to_json()}
    return {"run_id": run_service.stored_id(run), "made": True}


def stability(job: Job, context: JobContext) -> dict[str, Any]:
    run = db.session.get(AnalysisRun, job.params.get("run_id"))
    if run is None or run.clinic_id != job.clinic_id:
        raise JobRefused("job.no_run")
    resamples = int(job.params["resamples"])
    run_service.add_stability(run, job.created_by_id, resamples, progress=context.progress)
    return {"run_id": run.id, "resamples": resamples}


#: What a kind of job leaves behind that must go when the job is given up.
GIVEN_UP_CLEAN_UP = {IMPORT: remove_files}


def clean_up_given_up(job: Job) -> None:
    """Remove what ``job`` left behind, now that it is given up (nothing for most kinds)."""
    clean_up = GIVEN_UP_CLEAN_UP.get(job.kind)
    if clean_up is not None:
        clean_up(job)


HANDLERS = {
    ANALYSIS: automatic_analysis,
    STABILITY: stability,
    REPORT: make_report,
    IMPORT: make_import,
}
