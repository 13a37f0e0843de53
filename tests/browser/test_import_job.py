"""A large import in a real Chromium: the upload's POST comes back at once with the job's
progress page (the import runs on the job runner's thread, no request waits for it), the bar
moves as chunks are written, and the page shows the new clinic when the job is done. Each
chunk is slowed here so the import lasts long enough to watch."""

import pytest

from qsort.extensions import db
from qsort.models import Clinic, Job
from qsort.services import import_writer
from tests.app.test_import_jobs import N_SORTS, large_csv
from tests.browser.sort_support import ARTIFACTS, demo_facilitator, slow_job_progress

pytestmark = pytest.mark.browser


@pytest.fixture
def slow_chunks(monkeypatch):
    slow_job_progress(monkeypatch, pause=0.15, store_every=0.1)
    monkeypatch.setattr(import_writer, "ROWS_PER_TRANSACTION", 24 * 100)  # 20 chunks


def _import_job(app) -> tuple[str, float]:
    with app.app_context():
        job = db.session.scalars(db.select(Job).where(Job.kind == "import")).one()
        return job.status, job.progress


def test_large_import_shows_progress_then_the_clinic(browser, job_server, slow_chunks, tmp_path):  # fmt: skip
    app, base, _clinic_id = job_server
    upload = tmp_path / "large-study.csv"
    upload.write_bytes(large_csv())
    context, page = demo_facilitator(browser, base)
    try:
        page.goto(f"{base}/clinics/import/")
        page.set_input_files("input[type=file]", str(upload))
        page.fill("input[name=title]", "Large study")
        page.click("form[enctype] button[type=submit]")
        box = page.locator("[data-test=job-import]")
        box.wait_for(state="visible")  # the POST came back while the import runs
        assert _import_job(app)[0] in ("pending", "running")
        page.wait_for_function(
            "() => document.querySelector('[data-test=job-import] progress').value >= 30",
            timeout=30_000,
        )
        status, progress = _import_job(app)
        assert status == "running" and 0 < progress < 1
        assert page.request.get(f"{base}/clinics/").ok  # another page loads meanwhile
        page.screenshot(path=ARTIFACTS / "import-progress.png")
        done = page.locator("[data-test=import-done]")
        done.wait_for(state="visible", timeout=60_000)  # the page reloads when the job ends
        assert f"Study imported: {N_SORTS} sorts of 24 statements." in done.inner_text()
        page.screenshot(path=ARTIFACTS / "import-done.png")
        page.click("[data-test=open-clinic]")
        page.wait_for_load_state()
        assert "Large study" in page.content()
    finally:
        context.close()
    with app.app_context():
        clinic = db.session.scalars(db.select(Clinic).where(Clinic.title_en == "Large study")).one()
        assert len(clinic.participants) == N_SORTS
