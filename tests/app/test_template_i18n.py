"""The templates' translations, chosen once per render (qsort.template_i18n), speak the language
of the render: the request's, the one of ``force_locale`` around a render, and the same in a
macro imported without the render's context."""

from flask import render_template_string
from flask_babel import force_locale

DUTCH = "Stelling 3"  # "Statement %(n)s" in the Dutch catalogue (the sort page's cards)


def _render(source: str) -> str:
    return render_template_string(source).strip()


def test_a_render_speaks_the_requests_language(app):
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        assert _render("{{ _('Statement %(n)s', n=3) }}") == DUTCH
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert _render("{{ _('Statement %(n)s', n=3) }}") == "Statement 3"


def test_a_render_inside_force_locale_speaks_that_language(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        english = _render("{{ _('Statement %(n)s', n=3) }}")
        with force_locale("nl"):
            dutch = _render("{{ _('Statement %(n)s', n=3) }}")
        after = _render("{{ _('Statement %(n)s', n=3) }}")
    assert (english, dutch, after) == ("Statement 3", DUTCH, "Statement 3")


def test_a_macro_imported_without_context_is_translated_too(app):
    # ``from ... import`` gives the macro its own context, without the render's catalogue
    source = '{% from "macros/forms.html" import error_list %}{{ error_list(["x"]) }}'
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        with force_locale("nl"):
            assert "Verbeter het volgende:" in _render(source)
        assert "Verbeter het volgende:" in _render(source)
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert "Please fix the following:" in _render(source)


def test_plural_and_escaping_follow_jinja_newstyle(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert (
            _render(
                "{{ ngettext('… and %(num)d more problem.', '… and %(num)d more problems.', 2) }}"
            )
            == "… and 2 more problems."
        )
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        assert (
            _render(
                "{{ ngettext('… and %(num)d more problem.', '… and %(num)d more problems.', 1) }}"
            )
            == "… en nog 1 probleem."
        )
        # newstyle gettext escapes the values it fills in, as Flask-Babel's did
        assert _render("{{ _('Statement %(n)s', n='<b>') }}") == "Stelling &lt;b&gt;"
