"""Rendering a report: HTML from one Jinja template with the app's NL/EN catalogue, and PDF
from that HTML with WeasyPrint. Works without a Flask app (the ``qsort report`` command)."""

from functools import cache

import jinja2
from babel.support import Translations

from qsort.reports.grid_svg import grid_svg, signed
from qsort.reports.model import Report
from qsort.reports.warnings import result_warnings
from qsort.resources import TEMPLATES, TRANSLATIONS

LANGUAGES = ("en", "nl")


@cache
def _translations(lang: str) -> Translations:
    return Translations.load(str(TRANSLATIONS), [lang])


def _gettext(lang: str):
    """gettext with ``%(name)s`` keywords, like Flask-Babel's, for text built in Python."""
    translations = _translations(lang)
    return lambda text, **values: (
        translations.gettext(text) % values if values else translations.gettext(text)
    )


@cache
def _environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_translations(_translations(lang), newstyle=True)
    env.filters["grid_svg"] = grid_svg
    env.filters["signed"] = signed
    env.filters["num"] = lambda v, digits=2: "–" if v is None else f"{v:.{digits}f}"
    return env


def render_html(report: Report, lang: str = "en") -> str:
    """The report as one self-contained HTML page (styles inline, grids as inline SVG)."""
    if lang not in LANGUAGES:
        raise ValueError(f"report language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    warnings = result_warnings(report.result, _gettext(lang))
    template = _environment(lang).get_template("reports/report.html")
    return template.render(report=report, r=report.result, lang=lang, warnings=warnings)


def render_pdf(report: Report, lang: str = "en") -> bytes:
    """The same report as an A4 PDF."""
    from weasyprint import HTML

    return HTML(string=render_html(report, lang), base_url=str(TEMPLATES)).write_pdf()
