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
from qsort.reports import differences
from qsort.services import analysis_run as run_service
from qsort.services.demo import seed_demo
from qsort.services.run_downloads import run_download

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
VERSIONS = re.compile(r"\b(qsort|numpy|scipy) \d+(\.\d+)+")


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


@pytest.fixture
def demo_pdfs(app):
    with app.app_context():
        info = seed_demo()
        clinic = db.session.get(Clinic, info.clinic.id)
        run = run_service.run_clinic_analysis(
            clinic, db.session.get(Facilitator, info.facilitator.id)
        )
        return {lang: _text(run_download(run, clinic, "pdf", lang)[0]) for lang in ("en", "nl")}


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
