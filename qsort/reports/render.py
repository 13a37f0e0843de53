"""Rendering a report: HTML from one Jinja template with the app's NL/EN catalogue, and PDF
from that HTML with WeasyPrint. Works without a Flask app (the ``qsort report`` command)."""

from functools import cache

import jinja2
from babel.support import Translations

from qsort.analysis.warnings import warning_texts
from qsort.narrative.notes import agreement_words, verdict_label
from qsort.reports.chart_svg import priorities_svg
from qsort.reports.grid_svg import grid_svg, signed
from qsort.reports.model import Report
from qsort.reports.numbers import date_text, number_text, percent_text
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
    env.filters["num"] = lambda v, digits=2: number_text(v, lang, digits)
    env.filters["pct"] = lambda v, digits=0: percent_text(v, lang, digits)
    env.filters["day"] = lambda v: date_text(v, lang)
    env.globals["priorities_chart"] = lambda report, axis: _chart(report, lang, axis)
    env.globals["agreement_words"] = lambda w: agreement_words(w, _gettext(lang))
    env.globals["verdict_label"] = lambda v: verdict_label(v, _gettext(lang)) if v else ""
    return env


def _chart(report: Report, lang: str, axis: str) -> str:
    _ = _gettext(lang)

    def figures(s) -> dict:
        if s.ci_low is None or s.ci_high is None:
            return {}
        low, high = number_text(s.ci_low, lang), number_text(s.ci_high, lang)
        verdict = (
            {"verdict": s.verdict, "verdict_text": verdict_label(s.verdict, _)} if s.verdict else {}
        )
        return {"interval_text": _("%(low)s to %(high)s", low=low, high=high), **verdict}

    rows = [
        {
            "number": s.number,
            "text": s.text,
            "mean": s.mean,
            "ci_low": s.ci_low,
            "ci_high": s.ci_high,
            **figures(s),
        }
        for s in report.overall_top
    ]
    neutral = report.result.get("priorities", {}).get("neutral", sum(report.scale) / 2)
    return priorities_svg(rows, report.scale, neutral, lambda v: number_text(v, lang), axis)


def render_html(report: Report, lang: str = "en") -> str:
    """The report as one self-contained HTML page (styles inline, grids as inline SVG)."""
    if lang not in LANGUAGES:
        raise ValueError(f"report language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    warnings = warning_texts(report.result, _gettext(lang), number=lambda v: number_text(v, lang))
    template = _environment(lang).get_template("reports/report.html")
    return template.render(report=report, r=report.result, lang=lang, warnings=warnings)


def render_pdf(report: Report, lang: str = "en") -> bytes:
    """The same report as an A4 PDF."""
    from weasyprint import HTML

    return HTML(string=render_html(report, lang), base_url=str(TEMPLATES)).write_pdf()
