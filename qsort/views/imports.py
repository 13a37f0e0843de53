"""Import a study collected elsewhere as a new clinic (facilitators only). A large upload is
imported by a background job (:mod:`qsort.services.import_jobs`): the POST answers at once
with a redirect to the job's progress page."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import MultipleFileField, StringField, SubmitField
from wtforms.validators import Length, Optional

from qsort.formats import FORMATS, FormatError
from qsort.services import import_jobs, jobs
from qsort.services import imports as import_service
from qsort.views.forms import EmptyForm
from qsort.views.pages import facilitator_blueprint, found_or_404, render_page
from qsort.views.problems import note_text, problem_text, reason_text, stopped_reason

bp = facilitator_blueprint("imports", __name__, url_prefix="/clinics/import")


class StudyImportForm(FlaskForm):
    files = MultipleFileField(_l("Study files"))
    title = StringField(_l("Title (optional)"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Import study"))


@bp.route("/", methods=["GET", "POST"])
def study() -> str | Response | tuple[str, int]:
    form = StudyImportForm()
    error = None
    if form.validate_on_submit():
        uploads = _uploads(request.files.getlist(form.files.name))
        if not uploads:
            error = _("Choose the study's files.")
        elif import_jobs.is_large([len(u.data) for u in uploads]):
            files = [(u.name, u.data) for u in uploads]
            job = import_jobs.enqueue_import(current_user, files, form.title.data or "")
            return redirect(url_for(".progress", job_id=job.id))
        else:
            try:
                imported = import_service.import_study(current_user, uploads, form.title.data or "")
            except FormatError as exc:
                error = reason_text(exc)
            else:
                _flash_imported(imported)
                return redirect(url_for("facilitator.edit", clinic_id=imported.clinic.id))
    page = render_template("facilitator/import_study.html", form=form, error=error, formats=FORMATS)
    return (page, 422) if request.method == "POST" else page


def _flash_imported(imported: import_service.Imported) -> None:
    for note in imported.notes:
        flash(_("Note on the import: %(note)s", note=problem_text(note)))
    clinic = imported.clinic
    flash(
        _(
            "Study imported: %(n)s sorts of %(m)s statements.",
            n=len(clinic.participants),
            m=len(clinic.statements),
        )
    )


def _uploads(files: list) -> list[import_service.Upload]:
    """The uploaded files' names and bytes; each spooled file is closed at once."""
    uploads = []
    for upload in files:
        if upload.filename:
            uploads.append(import_service.Upload(upload.filename, upload.read()))
        upload.close()
    return uploads


def _job_or_404(job_id: int):
    return found_or_404(import_jobs.import_job(current_user, job_id))


@bp.get("/jobs/<int:job_id>")
def progress(job_id: int) -> str:
    """The import's progress while it runs; then the new clinic, or why it stopped."""
    job = _job_or_404(job_id)
    stopped = stopped_reason(job) if job.finished else None
    notes = (
        [note_text(n) for n in (job.result or {}).get("notes", [])] if job.status == "done" else []
    )
    return render_page("facilitator/import_job.html", job=job, stopped=stopped, notes=notes)


@bp.get("/jobs/<int:job_id>/state")
def state(job_id: int) -> Response:
    """What the progress bar polls (see :func:`qsort.services.jobs.state`)."""
    return jsonify(jobs.state(_job_or_404(job_id)))


@bp.post("/jobs/<int:job_id>/cancel")
def cancel(job_id: int) -> Response:
    job = _job_or_404(job_id)
    if EmptyForm().validate_on_submit():
        import_jobs.cancel_import(job)
    return redirect(url_for(".progress", job_id=job.id))
