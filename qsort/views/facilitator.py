"""The facilitator's screens: clinic list, set-up, statements, grid, import, copy, delete, QR.

Every clinic is looked up together with its owner, so another facilitator's clinic is a 404.
"""

import json

from flask import current_app, flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from qsort.extensions import current_language, db
from qsort.models import Clinic
from qsort.models.clinic import GROUP_QUESTION_FIELDS, ROUND_TWO_FIELDS, TEXT_FIELDS
from qsort.presets import CUSTOMER_FOCUS
from qsort.services import clinics as clinic_service
from qsort.services.clinic_file import clinic_document
from qsort.views.downloads import attachment, slug
from qsort.views.forms import (
    ClinicDetailsForm,
    DeleteForm,
    EmptyForm,
    GridForm,
    GridPresetForm,
    ImportForm,
    NewClinicForm,
    StatementsForm,
)
from qsort.views.pages import facilitator_blueprint, render_page
from qsort.views.problems import problem_text
from qsort.views.urls import join_qr_response, join_url, public_url_for

bp = facilitator_blueprint("facilitator", __name__, url_prefix="/clinics")

INVALID = 422  # status of a form re-rendered with its errors


def home() -> Response:
    target = "facilitator.clinics" if current_user.is_authenticated else "auth.login"
    return redirect(url_for(target))


def owned_clinic_or_404(clinic_id: int) -> Clinic:
    query = db.select(Clinic).where(Clinic.id == clinic_id, Clinic.owner_id == current_user.id)
    return db.first_or_404(query)


@bp.get("/")
def clinics() -> str:
    items = clinic_service.owned_clinics(current_user)
    return render_page("facilitator/clinics.html", clinics=items)


@bp.route("/new", methods=["GET", "POST"])
def new() -> str | Response | tuple[str, int]:
    form = NewClinicForm()
    if request.method == "GET":
        form.title_nl.data, form.title_en.data = CUSTOMER_FOCUS.title_nl, CUSTOMER_FOCUS.title_en
    if form.validate_on_submit():
        clinic = clinic_service.create_clinic(
            current_user,
            titles={"nl": form.title_nl.data or "", "en": form.title_en.data or ""},
            preset_key=form.preset.data or None,
            grid_key=form.grid.data,
            lang=current_language(),
        )
        created = _("Clinic created. Participants join with code %(code)s.", code=clinic.join_code)
        return _saved(created, ".edit", clinic)
    return _render("facilitator/new.html", form=form)


def _render(template: str, **context: object) -> str | tuple[str, int]:
    page = render_page(template, **context)
    return (page, INVALID) if request.method == "POST" else page


def _saved(message: str, endpoint: str, clinic: Clinic) -> Response:
    """Say what was saved and show the clinic's page again (post, redirect, get)."""
    flash(message)
    return redirect(url_for(endpoint, clinic_id=clinic.id))


@bp.route("/<int:clinic_id>", methods=["GET", "POST"])
def edit(clinic_id: int) -> str | Response | tuple[str, int]:
    clinic = owned_clinic_or_404(clinic_id)
    form = ClinicDetailsForm(obj=clinic)
    if form.validate_on_submit():
        texts = {
            name: getattr(form, name).data or ""
            for name in (*TEXT_FIELDS, *GROUP_QUESTION_FIELDS, *ROUND_TWO_FIELDS)
        }
        clinic_service.update_details(
            clinic, current_user, texts, max_participants=form.max_participants.data
        )
        return _saved(_("Saved."), ".edit", clinic)
    return _render(
        "facilitator/edit.html",
        clinic=clinic,
        form=form,
        join_url=join_url(clinic.join_code),
        projector_url=public_url_for("projector.page", token=clinic.projector_token),
        grid_errors=[problem_text(e) for e in clinic_grid_errors(clinic)],
        long_texts=_long_statements(clinic),
    )


def clinic_grid_errors(clinic: Clinic) -> list:
    from qsort.domain.grid import validate_grid

    grid = clinic.distribution
    return validate_grid(grid.values, grid.heights, len(clinic.statements))


def _long_statements(clinic: Clinic) -> list:
    limit = current_app.config["CARD_TEXT_WARN_LENGTH"]
    return [s for s in clinic.statements if max(len(s.text_nl), len(s.text_en)) > limit]


def _fill_statement_rows(form: StatementsForm, clinic: Clinic) -> None:
    """One row per statement of the clinic, and an empty row for a new one."""
    for s in clinic.statements:
        form.rows.append_entry(
            {"statement_id": s.id, "text_nl": s.text_nl, "text_en": s.text_en, "theme": s.theme}
        )
    form.rows.append_entry()


def _statement_inputs(form: StatementsForm) -> list[clinic_service.StatementInput]:
    return [
        clinic_service.StatementInput(
            id=int(r.statement_id.data) if r.statement_id.data else None,
            text_nl=r.text_nl.data or "",
            text_en=r.text_en.data or "",
            theme=r.theme.data or None,
            delete=bool(r.delete.data),
        )
        for r in form.rows
    ]


@bp.route("/<int:clinic_id>/statements", methods=["GET", "POST"])
def statements(clinic_id: int) -> str | Response | tuple[str, int]:
    clinic = owned_clinic_or_404(clinic_id)
    form = StatementsForm()
    if request.method == "GET":
        _fill_statement_rows(form, clinic)
    if form.validate_on_submit():
        try:
            clinic_service.update_statements(clinic, current_user, _statement_inputs(form))
        except clinic_service.ClinicError as exc:
            form.form_errors.append(problem_text(exc.problem))
        else:
            return _saved(_("Statements saved."), ".statements", clinic)
    return _render(
        "facilitator/statements.html",
        clinic=clinic,
        form=form,
        warn_length=current_app.config["CARD_TEXT_WARN_LENGTH"],
    )


@bp.route("/<int:clinic_id>/grid", methods=["GET", "POST"])
def grid(clinic_id: int) -> str | Response | tuple[str, int]:
    clinic = owned_clinic_or_404(clinic_id)
    form, preset_form = GridForm(), GridPresetForm()
    if request.method == "GET":
        form.values.data = " ".join(f"{v:+d}" if v else "0" for v in clinic.distribution.values)
        form.heights.data = " ".join(str(h) for h in clinic.distribution.heights)
    errors: list[str] = []
    if preset_form.apply.data and preset_form.validate_on_submit():
        from qsort.domain.grid import PRESETS

        chosen = PRESETS[preset_form.preset.data]
        errors = _save_grid(clinic, chosen.values, chosen.heights)
    elif form.submit.data and form.validate_on_submit():
        errors = _save_grid(clinic, form.values.numbers, form.heights.numbers)
    if request.method == "POST" and not errors and not form.errors and not preset_form.errors:
        return _saved(_("Grid saved."), ".grid", clinic)
    return _render(
        "facilitator/grid.html", clinic=clinic, form=form, preset_form=preset_form, errors=errors
    )


def _save_grid(clinic: Clinic, values: list[int], heights: list[int]) -> list[str]:
    try:
        problems = clinic_service.set_grid(clinic, current_user, values, heights)
    except clinic_service.ClinicError as exc:
        return [problem_text(exc.problem)]
    return [problem_text(p) for p in problems]


@bp.route("/<int:clinic_id>/import", methods=["GET", "POST"])
def import_statements(clinic_id: int) -> str | Response | tuple[str, int]:
    clinic = owned_clinic_or_404(clinic_id)
    form = ImportForm()
    errors: list[str] = []
    if form.validate_on_submit():
        rows, problems = clinic_service.parse_statements_csv(form.file.data.read())
        errors = [problem_text(problem) for problem in problems]
        if not errors:
            try:
                clinic_service.replace_statements(clinic, current_user, rows)
            except clinic_service.ClinicError as exc:
                errors = [problem_text(exc.problem)]
            else:
                return _saved(_("%(n)s statements imported.", n=len(rows)), ".statements", clinic)
    return _render("facilitator/import.html", clinic=clinic, form=form, errors=errors)


@bp.post("/<int:clinic_id>/duplicate")
def duplicate(clinic_id: int) -> Response:
    clinic = owned_clinic_or_404(clinic_id)
    if not EmptyForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for(".clinics"))
    copy = clinic_service.duplicate_clinic(clinic, current_user, _copy_titles(clinic))
    flash(_("Clinic copied. The copy has join code %(code)s.", code=copy.join_code))
    return redirect(url_for(".edit", clinic_id=copy.id))


def _copy_titles(clinic: Clinic) -> dict[str, str]:
    """ "Copy of <title>" in each language, worded in that language."""
    titles = {}
    for code in ("nl", "en"):
        with force_locale(code):
            titles[code] = _("Copy of %(title)s", title=clinic.title_for(code))
    return titles


@bp.route("/<int:clinic_id>/delete", methods=["GET", "POST"])
def delete(clinic_id: int) -> str | Response | tuple[str, int]:
    clinic = owned_clinic_or_404(clinic_id)
    form = DeleteForm()
    if form.validate_on_submit():
        title = clinic.title_for(current_language())
        clinic_service.delete_clinic(clinic, current_user)
        flash(_("Clinic “%(title)s” deleted.", title=title))
        return redirect(url_for(".clinics"))
    return _render("facilitator/delete.html", clinic=clinic, form=form)


@bp.get("/<int:clinic_id>/qr.svg")
def qr(clinic_id: int) -> Response:
    return join_qr_response(owned_clinic_or_404(clinic_id).join_code)


@bp.get("/<int:clinic_id>/clinic-file.json")
def clinic_file(clinic_id: int) -> Response:
    """The whole clinic as one file, to move it to another machine (import it there)."""
    clinic = owned_clinic_or_404(clinic_id)
    body = json.dumps(clinic_document(clinic), ensure_ascii=False, indent=1).encode("utf-8")
    return attachment(
        body, "application/json", f"{slug(clinic.title_for(current_language()))}.qsort.json"
    )
