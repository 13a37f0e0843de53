"""The Dutch report of the demo clinic is Dutch throughout: no English sentence or heading
(the notes on qmethod's conventions included), the settings worded in Dutch, decimal commas.
PDF text comes from poppler's pdftotext, as a reader copying from the PDF gets it."""

import re
import shutil
import subprocess

import pytest

from qsort.extensions import db
from qsort.models import Clinic, Facilitator
from qsort.narrative.catalogue import translator
from qsort.narrative.notes import agreement_words, verdict_label
from qsort.reports import differences
from qsort.reports.numbers import number_text
from qsort.services import analysis_run as run_service
from qsort.services.demo import seed_demo
from qsort.services.run_downloads import run_download

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
VERSIONS = re.compile(r"\b(qsort|numpy|scipy) \d+(\.\d+)+")


def _text(pdf: bytes, *pages: str) -> str:
    out = subprocess.run(["pdftotext", *pages, "-", "-"], input=pdf, capture_output=True, check=True)  # fmt: skip
    return " ".join(out.stdout.decode("utf-8").split())


_RENDERED: dict = {}


@pytest.fixture
def demo_pdfs(app):
    """The demo run's PDF text in both languages (whole and page one), rendered once for the
    module: the texts are plain strings, independent of the tables emptied after each test."""
    if not _RENDERED:
        with app.app_context():
            info = seed_demo()
            clinic = db.session.get(Clinic, info.clinic.id)
            run = run_service.run_clinic_analysis(
                clinic, db.session.get(Facilitator, info.facilitator.id)
            )
            pdfs = {lang: run_download(run, clinic, "pdf", lang)[0] for lang in ("en", "nl")}
            _RENDERED.update({lang: _text(pdf) for lang, pdf in pdfs.items()})
            _RENDERED.update({f"{lang}-1": _text(pdf, "-f", "1", "-l", "1") for lang, pdf in pdfs.items()})  # fmt: skip
            _RENDERED["result"] = run.result
    return _RENDERED


def _sentences(text: str) -> set[str]:
    """Sentences and phrases of at least three words (statement numbers and codes left out)."""
    pieces = re.split(r"(?<=[.:;!?])\s+|\s•\s", text)
    return {p for p in pieces if len(re.findall(r"[A-Za-z']{3,}", p)) >= 3}


def test_no_english_sentence_in_the_dutch_report(demo_pdfs):
    english, dutch = demo_pdfs["en"], demo_pdfs["nl"]
    notes = [
        note
        for note in (differences.VARIMAX, differences.CONSENSUS)
        if note.split("%")[0] in english
    ]
    assert len(notes) == 2  # the demo's run differs from qmethod's: the notes are printed
    for note in notes:
        opening = note.split("%")[0]
        assert opening not in dutch
        assert translator("nl")(note).split("%")[0] in dutch
    found = [s for s in _sentences(english) if s in dutch]
    assert found == []
    assert "hoofdcomponenten" in dutch and "Extraction" not in dutch


def test_dutch_report_writes_decimal_commas(demo_pdfs):
    dutch = VERSIONS.sub("", demo_pdfs["nl"])
    assert re.findall(r"\d\.\d", dutch) == []
    assert len(re.findall(r"\d,\d", dutch)) > 100
    assert "p < 0,01" in dutch and "0,0004" in dutch  # a note's p value and varimax gap
    english = VERSIONS.sub("", demo_pdfs["en"])
    assert re.findall(r"\d,\d", english) == [] and "p < 0.01" in english


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_page_one_lists_the_top_five_with_interval_and_verdict(demo_pdfs, lang):
    _ = translator(lang)
    page = demo_pdfs[f"{lang}-1"]
    room = demo_pdfs["result"]["priorities"]["room"]
    top = sorted(room["statements"], key=lambda r: r["rank"])[:5]
    for row in top:
        low, high = number_text(row["ci_low"], lang), number_text(row["ci_high"], lang)
        assert number_text(row["mean"], lang) in page
        assert _("%(low)s to %(high)s") % {"low": low, "high": high} in page
    verdicts = [verdict_label(row["verdict"], _) for row in top]
    assert page.count(verdicts[0]) >= verdicts.count(verdicts[0])
    assert agreement_words(room["kendall_w"], _) in page
    assert f"W = {number_text(room['kendall_w'], lang)}" in page
