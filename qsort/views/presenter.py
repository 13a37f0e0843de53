"""The presenter controls (reveal steps) and the moderation page of the live clinic.

Every change is a POST with CSRF that ends in one commit (see :mod:`qsort.services.presenter`,
:mod:`qsort.services.moderation`, :mod:`qsort.services.free_choice`); the projector follows at
its next poll.
"""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from qsort.domain.phases import Phase
from qsort.extensions import db
from qsort.services import free_choice as themes
from qsort.services import moderation, presenter
from qsort.views.action_forms import THEME_FORMS, ModerationForm, StepForm, refusal
from qsort.views.facilitator import owned_clinic_or_404
from qsort.views.live import refused
from qsort.views.pages import accepted, facilitator_blueprint, render_page
from qsort.views.problems import problem_text

bp = facilitator_blueprint("presenter", __name__, url_prefix="/clinics")


@bp.post("/<int:clinic_id>/reveal/step")
def step(clinic_id: int) -> Response | tuple[str, int]:
    clinic = owned_clinic_or_404(clinic_id)
    form = StepForm()
    if accepted(form, lambda: refused(clinic, form)):
        if clinic.phase != Phase.REVEALED:
            flash(_("Show the results first."), "error")
        else:
            index, _key = presenter.current(clinic)
            moves = {"next": index + 1, "previous": index - 1}
            stay = index if form.index.data is None else form.index.data
            presenter.go(clinic, current_user, moves.get(form.move.data, stay))
    return redirect(url_for("live.dashboard", clinic_id=clinic.id) + "#presenter")


@bp.get("/<int:clinic_id>/moderation")
def page(clinic_id: int) -> str:
    return _moderation_page(owned_clinic_or_404(clinic_id))


def _moderation_page(clinic) -> str:
    items = moderation.items(clinic)
    answers = {i.item_id: i.text for i in items if i.kind == "answer"}
    groups = themes.themes_for(db.session, clinic)
    return render_page(
        "dashboard/moderation.html", clinic=clinic, items=items, answers=answers, groups=groups
    )


def _refused_here(clinic, form) -> tuple[str, int]:
    """400 with the moderation page naming each refused field and why; nothing stored."""
    flash(_("Not accepted: %(reason)s", reason=refusal(form)), "error")
    return _moderation_page(clinic), 400


@bp.post("/<int:clinic_id>/moderation")
def decide(clinic_id: int) -> Response | tuple[str, int]:
    clinic = owned_clinic_or_404(clinic_id)
    form = ModerationForm()
    if accepted(form, lambda: _refused_here(clinic, form)):
        try:
            moderation.decide(
                clinic, current_user, form.kind.data, form.item.data, form.status.data
            )
        except moderation.ModerationError as exc:
            flash(problem_text(exc.problem), "error")
    return redirect(url_for(".page", clinic_id=clinic.id))


@bp.post("/<int:clinic_id>/themes/<any(merge, split, name):action>")
def theme(clinic_id: int, action: str) -> Response | tuple[str, int]:
    clinic = owned_clinic_or_404(clinic_id)
    form = THEME_FORMS[action]()
    if accepted(form, lambda: _refused_here(clinic, form)):
        try:
            if action == "merge":
                themes.merge(clinic, current_user, form.group.data, form.other.data)
            elif action == "split":
                themes.split(clinic, current_user, form.answer.data)
            else:
                themes.name(clinic, current_user, form.group.data, form.name.data)
        except themes.ThemeError as exc:
            flash(problem_text(exc.problem), "error")
    return redirect(url_for(".page", clinic_id=clinic.id) + "#themes")
