"""A clinic's background jobs for its facilitator: the state the page polls, and cancel."""

from flask import jsonify, redirect, request, url_for
from werkzeug.wrappers import Response

from qsort.extensions import db
from qsort.models import Job
from qsort.services import jobs
from qsort.views.auth import safe_next
from qsort.views.facilitator import owned_clinic_or_404
from qsort.views.forms import EmptyForm
from qsort.views.pages import facilitator_blueprint

bp = facilitator_blueprint("jobs", __name__, url_prefix="/clinics")


def _job_or_404(clinic_id: int, job_id: int) -> Job:
    clinic = owned_clinic_or_404(clinic_id)
    return db.first_or_404(db.select(Job).where(Job.id == job_id, Job.clinic_id == clinic.id))


@bp.get("/<int:clinic_id>/jobs/<int:job_id>")
def status(clinic_id: int, job_id: int) -> Response:
    """``{"status", "progress" (0..1), "finished", "message", "error", "result"}``."""
    return jsonify(jobs.state(_job_or_404(clinic_id, job_id)))


@bp.post("/<int:clinic_id>/jobs/<int:job_id>/cancel")
def cancel(clinic_id: int, job_id: int) -> Response:
    job = _job_or_404(clinic_id, job_id)
    if EmptyForm().validate_on_submit():
        jobs.request_cancel(job)
    back = url_for("results.results", clinic_id=clinic_id)
    return redirect(safe_next(request.form.get("next"), back))
