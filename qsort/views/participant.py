"""The participant's side. For now only the join page; the sort itself comes next."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from qsort.extensions import db
from qsort.models import Clinic
from qsort.services.codes import normalise_code
from qsort.views.forms import JoinForm

bp = Blueprint("participant", __name__)


@bp.get("/join")
def find() -> str | Response:
    form = JoinForm(request.args)
    if request.args and form.validate():
        return redirect(url_for(".join", code=normalise_code(form.code.data)))
    return render_template("participant/find.html", form=form)


@bp.get("/join/<code>")
def join(code: str) -> str:
    clinic = db.first_or_404(db.select(Clinic).where(Clinic.join_code == normalise_code(code)))
    lang = str(get_locale() or "en")
    return render_template(
        "participant/join.html", clinic=clinic, instruction=clinic.instruction(lang)
    )
