"""The results page: run the analysis, toggle flags, rotate a pair, bootstrap, re-open a run.

A GET only reads stored runs; the automatic run and the stability run are background jobs
(qsort/services/job_kinds.py) whose progress the page polls (views/jobs.py).

Every change makes a new stored run (the old ones stay listed and re-openable); the page of a
run shows its stored numbers, and on the facilitator's request (a POST) replays it from its
stored input and settings and says whether the numbers are identical.
"""

from functools import lru_cache
from hashlib import sha256

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from qsort.extensions import current_language, db
from qsort.formats.errors import ExportError
from qsort.models import AnalysisRun, Clinic
from qsort.services import analysis_run as run_service
from qsort.services import free_choice, job_kinds, jobs, report_jobs
from qsort.services.run_downloads import KINDS, run_download
from qsort.services.viewpoint_names import rename_viewpoint
from qsort.views.action_forms import (
    FlagForm,
    ReportForm,
    RotateForm,
    RunForm,
    StabilityForm,
    csrf_failed,
    refusal,
)
from qsort.views.downloads import attachment
from qsort.views.facilitator import owned_clinic_or_404
from qsort.views.forms import EmptyForm, ViewpointNameForm
from qsort.views.pages import facilitator_blueprint, render_page
from qsort.views.problems import reason_text, stopped_reason
from qsort.views.results_context import page_context, run_label

bp = facilitator_blueprint("results", __name__, url_prefix="/clinics")
assets = Blueprint("assets", __name__)


def _run_or_404(clinic: Clinic, run_id: int) -> AnalysisRun:
    return db.first_or_404(
        db.select(AnalysisRun).where(AnalysisRun.id == run_id, AnalysisRun.clinic_id == clinic.id)
    )


def _render(
    clinic: Clinic,
    run: AnalysisRun,
    result: dict,
    checkable: bool = False,
    name_form: ViewpointNameForm | None = None,
) -> str:
    return render_page(
        "results/results.html",
        name_form=name_form,
        checkable=checkable,
        run_form=RunForm(formdata=None),
        run_label=run_label,
        analysis_job=jobs.active_job(clinic.id, job_kinds.ANALYSIS),
        **stability_jobs(clinic, run),
        **page_context(clinic, run, result),
        free_choice_themes=free_choice.themes_for(db.session, clinic),
    )


def stability_jobs(clinic: Clinic, run: AnalysisRun) -> dict:
    """The run's stability job in progress, or the last one that stopped without a result."""
    latest = jobs.latest_job(clinic.id, job_kinds.STABILITY, run_id=run.id)
    running = latest if latest is not None and not latest.finished else None
    stopped = latest if latest is not None and latest.status in ("failed", "cancelled") else None
    reason = stopped_reason(stopped) if stopped is not None and not run.stability else None
    return {
        "stability_job": running,
        "stability_stopped": reason,
        "max_resamples": current_app.config["STABILITY_MAX_RESAMPLES"],
    }


@bp.get("/<int:clinic_id>/results")
def results(clinic_id: int) -> str | Response:
    """The latest stored run (only read: the automatic run is made by a background job when
    sorts change, or on the POST below), and "updating..." while that job is under way."""
    clinic = owned_clinic_or_404(clinic_id)
    round_number = _round_asked(clinic)
    run = run_service.latest_run(clinic, round_number)
    if run is None:
        return render_page(
            "results/empty.html",
            clinic=clinic,
            round_number=round_number,
            job=jobs.active_job(clinic.id, job_kinds.ANALYSIS),
            can_run=run_service.submitted_count(clinic, round_number) >= run_service.MIN_SORTS,
        )
    return _render(clinic, run, run.result)


def _round_asked(clinic: Clinic) -> int:
    """``?round=2`` (or the run form's ``round``) asks for round 2's analysis; round 1 is the
    default, and a round the clinic has not reached is a 404."""
    asked = (request.args.get("round") or request.form.get("round") or "1").strip()
    if asked not in ("1", "2") or int(asked) > clinic.current_round:
        abort(404)
    return int(asked)


@bp.post("/<int:clinic_id>/results/auto")
def automatic(clinic_id: int) -> Response:
    """Make the automatic run now (in the background), e.g. after an import."""
    clinic = owned_clinic_or_404(clinic_id)
    if EmptyForm().validate_on_submit():
        job_kinds.enqueue_analysis(clinic.id)
        db.session.commit()
    return redirect(url_for(".results", clinic_id=clinic.id))


@bp.get("/<int:clinic_id>/runs/<int:run_id>")
def show_run(clinic_id: int, run_id: int) -> str:
    """Re-open a stored run: its stored numbers (only read), with the button that checks them."""
    clinic = owned_clinic_or_404(clinic_id)
    run = _run_or_404(clinic, run_id)
    return _render(clinic, run, run.result, checkable=True)


@bp.post("/<int:clinic_id>/runs/<int:run_id>/check")
def check(clinic_id: int, run_id: int) -> Response:
    """Replay a stored run from its stored input and settings and say whether the numbers are
    identical (nothing is stored)."""
    clinic = owned_clinic_or_404(clinic_id)
    run = _run_or_404(clinic, run_id)
    target = url_for(".show_run", clinic_id=clinic.id, run_id=run.id)
    if not EmptyForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(target)
    try:
        same = run_service.reproduces(run, run_service.replay(run))
    except run_service.RunError as exc:
        flash(_("The analysis could not run: %(reason)s", reason=reason_text(exc)), "error")
        return redirect(target)
    if same:
        flash("✓ " + _("re-run from its stored settings: identical numbers"), "info")
    else:
        flash(_("re-run from its stored settings: the numbers differ (software changed?)"), "error")
    return redirect(target)


@bp.get("/<int:clinic_id>/runs/<int:run_id>/download/<kind>")
def download(clinic_id: int, run_id: int, kind: str) -> Response:
    """A report (PDF or web page, ``?lang=nl|en``), the tables, the sorts in exchange formats,
    or the whole run with its provenance."""
    clinic = owned_clinic_or_404(clinic_id)
    run = _run_or_404(clinic, run_id)
    if kind not in KINDS:
        abort(404)
    lang = (
        request.args.get("lang") if request.args.get("lang") in ("nl", "en") else current_language()
    )
    anonymise = request.args.get("anonymise") == "1"
    if report_jobs.is_large(run, kind):
        return _large_report(clinic, run, kind, lang, anonymise)
    try:
        content, media_type, filename = run_download(run, clinic, kind, lang, anonymise)
    except ExportError as error:
        return _cannot_export(clinic, run, reason_text(error))
    response = attachment(content, media_type, filename, inline=kind == "html")
    if kind == "html":  # a static document: its own stylesheet inline, nothing to run
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
        )
    return response


def _large_report(
    clinic: Clinic, run: AnalysisRun, kind: str, lang: str, anonymise: bool
) -> Response | str:
    """The report of a large study: its file once the job made it, else the job's progress
    or a button that starts it (this GET only reads)."""
    job = report_jobs.report_job(run, kind, lang, anonymise)
    path = report_jobs.report_file(job) if job is not None else None
    if path is not None:
        return attachment(path.read_bytes(), job.result["media_type"], job.result["filename"])
    asked = {"kind": kind, "lang": lang, "anonymise": anonymise}
    stopped = stopped_reason(job) if job is not None and job.finished else None
    return render_page(
        "results/large_report.html", clinic=clinic, run=run, job=job, stopped=stopped, **asked
    )


@bp.post("/<int:clinic_id>/runs/<int:run_id>/download/<kind>")
def make_report(clinic_id: int, run_id: int, kind: str) -> Response:
    """Start the report of a large study in the background, then show its progress."""
    clinic = owned_clinic_or_404(clinic_id)
    run = _run_or_404(clinic, run_id)
    if not report_jobs.is_large(run, kind):
        abort(404)
    form = ReportForm()
    if not form.validate_on_submit() and not csrf_failed(form):
        return _refused(clinic, run, form)
    lang, anonymise = form.lang.data, form.anonymise.data
    if not form.errors:
        report_jobs.enqueue_report(run, kind, lang, anonymise, current_user.id)
        db.session.commit()
    args = {"lang": lang, **({"anonymise": "1"} if anonymise else {})}
    return redirect(url_for(".download", clinic_id=clinic.id, run_id=run.id, kind=kind, **args))


def _cannot_export(clinic: Clinic, run: AnalysisRun, reason: str) -> Response:
    page = render_template("results/cannot_export.html", clinic=clinic, run=run, reason=reason)
    return Response(page, status=422, mimetype="text/html")


def _refused(clinic: Clinic, run: AnalysisRun | None, form) -> tuple[str, int]:
    """400 with the page, its flash naming each refused field and why; nothing is stored."""
    flash(_("Not accepted: %(reason)s", reason=refusal(form)), "error")
    if run is None:
        return results(clinic.id), 400
    return _render(clinic, run, run.result, checkable=True), 400


def _run_request(form: RunForm) -> run_service.RunRequest:
    return run_service.RunRequest(
        method=form.method.data,
        rotation=form.rotation.data,
        conventions=form.conventions.data,
        significance=form.significance.data,
        n_factors=form.n_factors.data,
    )


@bp.post("/<int:clinic_id>/results/run")
def run(clinic_id: int) -> Response | tuple[str, int]:
    clinic = owned_clinic_or_404(clinic_id)
    form = RunForm()
    if not form.validate_on_submit():
        if not csrf_failed(form):
            return _refused(clinic, run_service.latest_run(clinic, _round_asked(clinic)), form)
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for(".results", clinic_id=clinic.id))
    round_number = _round_asked(clinic)
    try:
        made = run_service.run_clinic_analysis(
            clinic, current_user, _run_request(form), label="run", round_number=round_number
        )
    except (ValueError, run_service.RunError) as exc:
        flash(_("The analysis could not run: %(reason)s", reason=reason_text(exc)), "error")
        return redirect(url_for(".results", clinic_id=clinic.id, round=round_number))
    return redirect(url_for(".show_run", clinic_id=clinic.id, run_id=made.id))


def _change(clinic_id: int, run_id: int, form, make) -> Response | tuple[str, int]:
    clinic = owned_clinic_or_404(clinic_id)
    base = _run_or_404(clinic, run_id)
    if not form.validate_on_submit():
        if not csrf_failed(form):
            return _refused(clinic, base, form)
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for(".show_run", clinic_id=clinic.id, run_id=base.id))
    try:
        made = make(base, form)
    except (ValueError, KeyError, run_service.RunError) as exc:
        flash(_("The analysis could not run: %(reason)s", reason=reason_text(exc)), "error")
        return redirect(url_for(".show_run", clinic_id=clinic.id, run_id=base.id))
    return redirect(url_for(".show_run", clinic_id=clinic.id, run_id=made.id))


@bp.post("/<int:clinic_id>/runs/<int:run_id>/flag")
def flag(clinic_id: int, run_id: int) -> Response | tuple[str, int]:
    """Toggle one sort's flag on one factor (the button's value is ``<label>:<factor>``)."""

    def make(base: AnalysisRun, form: FlagForm) -> AnalysisRun:
        return run_service.toggle_flag(base, current_user, form.label, form.factor)

    return _change(clinic_id, run_id, FlagForm(), make)


@bp.post("/<int:clinic_id>/runs/<int:run_id>/rotate")
def rotate(clinic_id: int, run_id: int) -> Response | tuple[str, int]:
    def make(base: AnalysisRun, form: RotateForm) -> AnalysisRun:
        first, second, degrees = form.first.data, form.second.data, form.degrees.data
        return run_service.rotate_pair(base, current_user, first, second, degrees)

    return _change(clinic_id, run_id, RotateForm(), make)


@bp.post("/<int:clinic_id>/runs/<int:run_id>/name")
def name_viewpoint(clinic_id: int, run_id: int) -> Response | tuple[str, int]:
    """Give a viewpoint of this run the facilitator's own name (NL and EN; empty: generated)."""
    clinic = owned_clinic_or_404(clinic_id)
    run = _run_or_404(clinic, run_id)
    form = ViewpointNameForm()
    target = url_for(".show_run", clinic_id=clinic.id, run_id=run.id)
    if form.validate_on_submit():
        names = {"en": form.name_en.data or "", "nl": form.name_nl.data or ""}
        try:
            rename_viewpoint(run, current_user, form.factor.data, names)
        except ValueError:
            form.factor.errors = [_("This run has no such viewpoint.")]
        else:
            flash(_("The viewpoint's name is saved."), "info")
            return redirect(f"{target}#viewpoint-{form.factor.data}")
    for errors in form.errors.values():
        for error in errors:
            flash(_("The name was not saved: %(reason)s", reason=error), "error")
    return _render(clinic, run, run.result, name_form=form), 400


@bp.post("/<int:clinic_id>/runs/<int:run_id>/stability")
def stability(clinic_id: int, run_id: int) -> Response | tuple[str, int]:
    """Start a stability run in the background (bounded: resamples, sorts, time)."""
    clinic = owned_clinic_or_404(clinic_id)
    base = _run_or_404(clinic, run_id)
    target = url_for(".show_run", clinic_id=clinic.id, run_id=base.id) + "#stability"
    form = StabilityForm()
    if not form.validate_on_submit():
        return redirect(target) if csrf_failed(form) else _refused(clinic, base, form)
    too_many = _too_many_sorts(base)
    if too_many:
        flash(too_many, "error")
        return redirect(target)
    resamples = form.resamples.data or run_service.STABILITY_RESAMPLES
    job_kinds.enqueue_stability(base, resamples, current_user.id)
    db.session.commit()
    return redirect(target)


def _too_many_sorts(run: AnalysisRun) -> str | None:
    config = current_app.config
    sorts = len(run.settings["input"]["participants"])
    if sorts > config["STABILITY_MAX_SORTS"]:
        return _(
            "A stability check takes at most %(most)s sorts; this run has %(n)s.",
            most=config["STABILITY_MAX_SORTS"],
            n=sorts,
        )
    return None


@lru_cache(maxsize=1)
def _plotly_js() -> tuple[bytes, str]:
    from plotly.offline import get_plotlyjs

    body = get_plotlyjs().encode()
    return body, sha256(body).hexdigest()[:20]


@assets.get("/vendor/plotly.min.js")
def plotly_js() -> Response:
    """plotly.js from the installed ``plotly`` package: no CDN, cached for a year."""
    body, etag = _plotly_js()
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(body, mimetype="text/javascript")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
