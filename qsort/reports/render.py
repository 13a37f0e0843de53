"""Rendering a report: HTML from one Jinja template with the app's NL/EN catalogue, and PDF
from that HTML with WeasyPrint. Works without a Flask app (the ``qsort report`` command)."""

from functools import cache
from pathlib import Path

import jinja2
from babel.support import Translations

from qsort.reports.grid_svg import grid_svg, signed
from qsort.reports.model import Report

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = REPO_ROOT / "templates"
TRANSLATIONS = REPO_ROOT / "translations"
LANGUAGES = ("en", "nl")


@cache
def _environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    translations = Translations.load(str(TRANSLATIONS), [lang])
    env.install_gettext_translations(translations, newstyle=True)
    env.filters["grid_svg"] = grid_svg
    env.filters["signed"] = signed
    env.filters["num"] = lambda v, digits=2: "–" if v is None else f"{v:.{digits}f}"
    return env


def render_html(report: Report, lang: str = "en") -> str:
    """The report as one self-contained HTML page (styles inline, grids as inline SVG)."""
    if lang not in LANGUAGES:
        raise ValueError(f"report language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return (
        _environment(lang)
        .get_template("reports/report.html")
        .render(report=report, r=report.result, lang=lang)
    )


def render_pdf(report: Report, lang: str = "en") -> bytes:
    """The same report as an A4 PDF."""
    from weasyprint import HTML

    return HTML(string=render_html(report, lang), base_url=str(TEMPLATES)).write_pdf()
