"""Log in and out, and the language switch."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from qsort import sessions
from qsort.extensions import limiter
from qsort.services import auth as auth_service
from qsort.views.forms import EmptyForm, LanguageForm, LoginForm

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def safe_next(target: str | None, default: str) -> str:
    """Only same-site relative paths; anything else goes to ``default``."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("facilitator.clinics"))
    form = LoginForm()
    if form.validate_on_submit():
        facilitator = auth_service.authenticate(form.email.data, form.password.data)
        if facilitator is not None:
            sessions.begin(facilitator, remember=bool(form.remember.data))
            return redirect(safe_next(request.args.get("next"), url_for("facilitator.clinics")))
        # Same message whether the email is unknown or the password is wrong.
        form.password.errors.append(_("Email or password is not correct."))
    status = 200 if request.method == "GET" else 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Response:
    if EmptyForm().validate_on_submit():
        sessions.end_everywhere()
        flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language() -> Response:
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in current_app.config["LANGUAGES"]:
        session["lang"] = form.lang.data
    return redirect(safe_next(form.next.data, url_for("index")))
