"""The templates' ``_()`` and ``ngettext()``, reading the catalogue chosen once per render.

Flask-Babel's template callables [2]_ look up the request's locale, domain and catalogue on
every call (``get_translations()``: three passes through ``flask.g``). The sort page calls ``_()`` some
seventy times, and those look-ups were a quarter of its server time. Here a context processor
puts the catalogue into each render's context once, and the callables (Jinja's newstyle
gettext [1]_) read it from there.

The catalogue is chosen when ``render_template`` starts, so a render inside ``force_locale``
still speaks that language. A template whose context has no catalogue (a macro imported without
context) falls back to Flask-Babel's look-up, with the same result.

References
----------
.. [1] Jinja, "i18n Extension": newstyle gettext and ``install_gettext_callables``,
   https://jinja.palletsprojects.com/en/stable/extensions/#i18n-extension
.. [2] Flask-Babel, "Jinja Template Support", https://python-babel.github.io/flask-babel/
"""

from typing import Any

from flask import Flask
from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context

CATALOGUE = "_qsort_catalogue"


def _catalogue(context: Context) -> Any:
    catalogue = context.get(CATALOGUE)
    return catalogue if catalogue is not None else get_translations()


@pass_context
def _gettext(context: Context, message: str) -> str:
    return _catalogue(context).ugettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return _catalogue(context).ungettext(singular, plural, n)


@pass_context
def _pgettext(context: Context, message_context: str, message: str) -> str:
    return _catalogue(context).upgettext(message_context, message)


@pass_context
def _npgettext(context: Context, message_context: str, singular: str, plural: str, n: int) -> str:
    return _catalogue(context).unpgettext(message_context, singular, plural, n)


def register(app: Flask) -> None:
    """Replace Flask-Babel's template callables (call after ``babel.init_app``)."""

    @app.context_processor
    def _render_catalogue() -> dict[str, Any]:
        return {CATALOGUE: get_translations()}

    app.jinja_env.install_gettext_callables(
        gettext=_gettext,
        ngettext=_ngettext,
        newstyle=True,
        pgettext=_pgettext,
        npgettext=_npgettext,
    )
