"""What the facilitator's views share: a blueprint behind the login, a page with its buttons'
CSRF form, a lookup that is a 404 when it finds nothing, and the check of a posted button."""

from typing import TypeVar

from flask import Blueprint, abort, flash, render_template
from flask_babel import gettext as _
from flask_login import login_required

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
    flash(_("The form has expired. Please try again."), "error")
    return False
