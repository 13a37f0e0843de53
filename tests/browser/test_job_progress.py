"""The stability check in a real Chromium: it runs on the job runner's thread (no request
waits for it), the progress bar the user sees moves as resamples finish, and Cancel stops it
with nothing stored. Each resample is slowed here so the check lasts long enough to watch."""

import pytest

from qsort.extensions import db
from qsort.models import AnalysisRun, Job
from tests.browser.sort_support import ARTIFACTS, demo_facilitator, slow_job_progress

pytestmark = pytest.mark.browser


@pytest.fixture
def slow_resamples(monkeypatch):
    slow_job_progress(monkeypatch, pause=0.04, store_every=0.2)


def _runs(app):
    with app.app_context():
        rows = db.session.scalars(db.select(AnalysisRun).order_by(AnalysisRun.id)).all()
        return [(r.id, r.stability, r.result) for r in rows]


def _status(app) -> str:
    with app.app_context():
        return db.session.scalars(db.select(Job.status).where(Job.kind == "stability")).one()


def _bar(page) -> int:
    return page.locator("[data-test=job-stability] progress").evaluate("bar => bar.value")


def test_stability_shows_progress_and_can_be_cancelled(browser, job_server, slow_resamples):
    app, base, clinic_id = job_server
    before = _runs(app)
    context, page = demo_facilitator(browser, base)
    try:
        page.goto(f"{base}/clinics/{clinic_id}/results")
        page.fill("#resamples", "1000")
        page.click("[data-test=stability-run]")
        box = page.locator("[data-test=job-stability]")
        box.wait_for(state="visible")  # the request came back while the check runs
        assert _bar(page) < 100 and _status(app) in ("pending", "running")
        page.wait_for_function(
            "() => document.querySelector('[data-test=job-stability] progress').value >= 3",
            timeout=20_000,
        )
        first = _bar(page)
        shown = box.locator("[data-job-percent]").inner_text()
        assert shown == f"{first}%" or int(shown.rstrip("%")) >= first
        page.wait_for_function(
            f"() => document.querySelector('[data-test=job-stability] progress').value > {first}",
            timeout=20_000,
        )
        assert 0 < _bar(page) < 100
        assert "on 1000 random re-draws" in page.locator("#stability .hint").first.inner_text()
        assert page.request.get(f"{base}/clinics/").ok  # another page loads meanwhile
        assert _status(app) == "running"
        page.screenshot(path=ARTIFACTS / "stability-progress.png", full_page=False, clip=None)
        box.locator("[data-test=job-cancel]").click()
        stopped = page.locator("[data-test=stability-stopped]")
        stopped.wait_for(state="visible", timeout=15_000)
        assert "cancelled" in stopped.inner_text()
        assert page.locator("[data-test=job-stability]").count() == 0
        page.locator("#stability").screenshot(path=ARTIFACTS / "stability-cancelled.png")
    finally:
        context.close()
    with app.app_context():
        job = db.session.scalars(db.select(Job).where(Job.kind == "stability")).one()
        assert (job.status, job.message) == ("cancelled", "cancelled")
        assert 0 < job.progress < 1
    assert _runs(app) == before  # nothing of the cancelled check was stored
