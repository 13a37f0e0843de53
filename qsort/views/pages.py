"""What the facilitator's views share: a blueprint behind the login, a page with its buttons'
CSRF form, a lookup that is a 404 when it finds nothing, and the checks of a posted form."""

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, abort, flash, make_response, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from qsort.views.action_forms import csrf_failed
from qsort.views.forms import EmptyForm

T = TypeVar("T")


def facilitator_blueprint(name: str, import_name: str, url_prefix: str) -> Blueprint:
    """A blueprint whose every URL needs a logged-in facilitator."""
    blueprint = Blueprint(name, import_name, url_prefix=url_prefix)
    blueprint.before_request(login_required(lambda: None))
    return blueprint


def render_page(template: str, **context: object) -> str:
    """The page, with the CSRF form its buttons post (``button_form``)."""
    return render_template(template, button_form=EmptyForm(), **context)


def found_or_404(value: T | None) -> T:
    """``value``, or a 404 when the lookup found nothing."""
    if value is None:
        abort(404)
    return value


def posted_form_ok(form=None) -> bool:
    """Did the posted form (by default a bare button) pass its CSRF check? Else say it expired."""
    if (form or EmptyForm()).validate_on_submit():
        return True
    _say_expired()
    return False


def accepted(form: FlaskForm, refuse: Callable[[], ResponseReturnValue]) -> bool:
    """May the posted ``form`` act? True when it validates. When only its CSRF token failed (the
    page expired) that is said and False returned: the view goes back as after any action. Any
    other refusal ends the request with ``refuse()`` (the page with a 400 naming each refused
    field; nothing is stored)."""
    if form.validate_on_submit():
        return True
    if csrf_failed(form):
        _say_expired()
        return False
    abort(make_response(refuse()))


def _say_expired() -> None:
    flash(_("The form has expired. Please try again."), "error")
