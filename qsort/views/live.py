"""The live clinic: the facilitator's dashboard and the projector (big screen) view.

Live parts are partials re-fetched by ``static/js/progress.js`` with ``If-None-Match``; the
ETag is a stamp computed from the database (no state in the process), so any gunicorn worker
answers the same and an unchanged clinic costs a 304.
"""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from qsort import jobs_runner
from qsort.domain.phases import Phase
from qsort.extensions import current_language
from qsort.models import Clinic
from qsort.services import live as live_service
from qsort.views.action_forms import PhaseForm, RoundTwoForm, TimerForm, refusal
from qsort.views.facilitator import owned_clinic_or_404
from qsort.views.forms import EmptyForm
from qsort.views.labels import phase_label
from qsort.views.pages import (
    accepted,
    facilitator_blueprint,
    found_or_404,
    posted_form_ok,
    render_page,
)
from qsort.views.problems import problem_text
from qsort.views.reveal import presenter_context, reveal_step
from qsort.views.urls import join_qr_response, join_url, public_url_for

bp = facilitator_blueprint("live", __name__, url_prefix="/clinics")
public = Blueprint("projector", __name__, url_prefix="/projector")


def refused(clinic: Clinic, form) -> tuple[str, int]:
    """400 with the dashboard, its flash naming each refused field and why; nothing stored."""
    flash(_("Not accepted: %(reason)s", reason=refusal(form)), "error")
    return render_template("dashboard/live.html", **_dashboard_context(clinic)), 400


def _not_modified_or(stamp: str, render) -> Response:
    """304 when the client already has this stamp; else the rendered body with its ETag."""
    etag = f"{stamp}-{current_language()}"
    response = Response(status=304) if etag in request.if_none_match else make_response(render())
    response.set_etag(etag)  # Cache-Control: no-store comes from qsort/security.py
    return response


@bp.get("/<int:clinic_id>/live")
def dashboard(clinic_id: int) -> str:
    clinic = owned_clinic_or_404(clinic_id)
    return render_template("dashboard/live.html", **_dashboard_context(clinic))


def _dashboard_context(clinic: Clinic) -> dict:
    return {
        "clinic": clinic,
        "progress": live_service.progress(clinic),
        "roster": live_service.roster(clinic),
        "events": live_service.audit_log(clinic, limit=8),
        "allowed": live_service.allowed_phases(clinic),
        "button_form": EmptyForm(),
        "projector_url": public_url_for("projector.page", token=clinic.projector_token),
        "presenter": presenter_context(clinic) if clinic.phase == Phase.REVEALED else None,
        "can_start_round_two": live_service.can_start_round_two(clinic),
    }


@bp.get("/<int:clinic_id>/live/roster")
def roster(clinic_id: int) -> Response:
    clinic = owned_clinic_or_404(clinic_id)
    stamp = live_service.progress(clinic).stamp + _minute()
    return _not_modified_or(
        stamp, lambda: render_template("dashboard/_roster.html", **_dashboard_context(clinic))
    )


def _minute() -> str:
    """Idle badges change with time alone: let the roster's ETag expire every minute."""
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%H%M")


@bp.get("/<int:clinic_id>/live.json")
def live_json(clinic_id: int) -> Response:
    clinic = owned_clinic_or_404(clinic_id)
    progress = live_service.progress(clinic)

    def body() -> Response:
        rows = live_service.roster(clinic)
        return jsonify(
            phase=progress.phase,
            joined=progress.joined,
            submitted=progress.submitted,
            placed=progress.placed,
            latest_run=progress.latest_run_id,
            stamp=progress.stamp,
            roster=[_roster_row(r) for r in rows],
        )

    return _not_modified_or(progress.stamp + _minute(), body)


def _roster_row(row) -> dict:
    return {
        "id": row.participant_id,
        "name": row.display_name,
        "resume_code": row.resume_code,
        "placed": row.placed,
        "status": row.status,
        "idle": row.idle,
        "last_change": row.last_change.isoformat(),
    }


@bp.post("/<int:clinic_id>/phase")
def phase(clinic_id: int) -> str | Response | tuple[str, int]:
    clinic = owned_clinic_or_404(clinic_id)
    form = PhaseForm()
    if not accepted(form, lambda: refused(clinic, form)):
        return redirect(url_for(".dashboard", clinic_id=clinic.id))
    target = form.phase.data
    try:
        live_service.set_phase(clinic, current_user, target, confirmed=form.confirm.data == "yes")
    except live_service.LiveError as exc:
        if exc.code == "live.confirm":
            return _confirm_page(clinic, "phase", {"phase": target})
        if exc.code == "live.confirm-close":
            return _confirm_page(clinic, "close", {"phase": target}, sorting=_still_sorting(clinic))
        flash(problem_text(exc.problem), "error")
    else:
        flash(_("The clinic is now in the phase: %(phase)s.", phase=phase_label(target)))
    return redirect(url_for(".dashboard", clinic_id=clinic.id))


@bp.post("/<int:clinic_id>/round-two")
def round_two(clinic_id: int) -> Response:
    """Start round 2 (same statements and grid, its own question); audited as a phase change."""
    clinic = owned_clinic_or_404(clinic_id)
    form = RoundTwoForm()
    if not posted_form_ok(form):
        return redirect(url_for(".dashboard", clinic_id=clinic.id))
    show_first = form.show_first.data
    try:
        asked = live_service.start_round_two(clinic, current_user, show_first=show_first)
    except live_service.LiveError as exc:
        flash(problem_text(exc.problem), "error")
        return redirect(url_for(".dashboard", clinic_id=clinic.id), code=303)
    flash(_("Round 2 is open: %(n)s participants sort again.", n=asked))
    return redirect(url_for(".dashboard", clinic_id=clinic.id))


def _still_sorting(clinic: Clinic) -> list[str]:
    """ "Anna (8/24)" for everyone who has not submitted."""
    total = len(clinic.statements)
    return [f"{r.display_name} ({r.placed}/{total})" for r in live_service.still_sorting(clinic)]


def _confirm_page(
    clinic: Clinic, action: str, fields: dict, name: str | None = None, **extra
) -> str:
    context = {"action": action, "fields": fields, "name": name, **extra}
    return render_page("dashboard/confirm.html", clinic=clinic, **context)


@bp.post("/<int:clinic_id>/timer")
def timer(clinic_id: int) -> Response | tuple[str, int]:
    clinic = owned_clinic_or_404(clinic_id)
    form = TimerForm()
    if accepted(form, lambda: refused(clinic, form)):
        minutes = None if form.clear.data else form.minutes.data
        try:
            live_service.set_timer(clinic, current_user, minutes, auto_close=form.auto_close.data)
            jobs_runner.wake(current_app)  # its runner now sleeps until the new zero at most
        except live_service.LiveError as exc:
            flash(problem_text(exc.problem), "error")
    return redirect(url_for(".dashboard", clinic_id=clinic.id))


@bp.post("/<int:clinic_id>/participants/<int:participant_id>/<any(reopen, remove):action>")
def participant_action(clinic_id: int, participant_id: int, action: str) -> str | Response:
    clinic = owned_clinic_or_404(clinic_id)
    if not posted_form_ok():
        return redirect(url_for(".dashboard", clinic_id=clinic.id))
    if request.form.get("confirm") != "yes":
        names = {r.participant_id: r.display_name for r in live_service.roster(clinic)}
        if participant_id not in names:
            abort(404)
        return _confirm_page(
            clinic, action, {"participant_id": participant_id}, names[participant_id]
        )
    change = live_service.reopen_sort if action == "reopen" else live_service.remove_participant
    try:
        change(clinic, current_user, participant_id)
    except live_service.LiveError as exc:
        flash(problem_text(exc.problem), "error")
    else:
        flash(_("Sort reopened.") if action == "reopen" else _("Participant removed."))
    return redirect(url_for(".dashboard", clinic_id=clinic.id))


@bp.post("/<int:clinic_id>/projector/renew")
def renew_projector_link(clinic_id: int) -> Response:
    clinic = owned_clinic_or_404(clinic_id)
    if posted_form_ok():
        live_service.new_projector_link(clinic, current_user)
        flash(_("A new projector link was made; the old one no longer works."))
    return redirect(url_for(".dashboard", clinic_id=clinic.id))


@bp.get("/<int:clinic_id>/projector")
def projector(clinic_id: int) -> str:
    clinic = owned_clinic_or_404(clinic_id)
    panel_url = url_for(".projector_panel", clinic_id=clinic.id)
    return _projector_page(clinic, panel_url)


@bp.get("/<int:clinic_id>/projector/panel")
def projector_panel(clinic_id: int) -> Response:
    return _panel(owned_clinic_or_404(clinic_id))


def _projector_context(clinic: Clinic) -> dict:
    progress = live_service.progress(clinic)
    return {
        "clinic": clinic,
        "progress": progress,
        "join_url": join_url(clinic.join_code),
        "qr_url": url_for("projector.qr", token=clinic.projector_token),
        "step": reveal_step(clinic) if clinic.phase == Phase.REVEALED else None,
    }


def _projector_page(clinic: Clinic, panel_url: str) -> str:
    return render_template(
        "projector/projector.html", panel_url=panel_url, **_projector_context(clinic)
    )


def _panel(clinic: Clinic) -> Response:
    stamp = live_service.progress(clinic).stamp
    return _not_modified_or(
        stamp, lambda: render_template("projector/_progress.html", **_projector_context(clinic))
    )


def _clinic_by_token(token: str) -> Clinic:
    return found_or_404(live_service.clinic_by_projector_token(token))


@public.get("/<token>")
def page(token: str) -> str:
    clinic = _clinic_by_token(token)
    return _projector_page(clinic, url_for(".panel", token=token))


@public.get("/<token>/panel")
def panel(token: str) -> Response:
    return _panel(_clinic_by_token(token))


@public.get("/<token>/qr.svg")
def qr(token: str) -> Response:
    return join_qr_response(_clinic_by_token(token).join_code, scale=10)
