"""Reports of large studies are made by a background job: the download's GET shows a button
or the job's progress and never renders the report itself; once made, the GET serves the
file. Large is set low here (REPORT_JOB_MIN_SORTS=10) so the demo's 30 sorts count."""

import pytest

from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic, Job
from qsort.services.run_downloads import run_download
from tests.builders import demo_logged_in
from tests.security.test_hostile_forms import snapshot


@pytest.fixture
def large(make_app):
    app = make_app(REPORT_JOB_MIN_SORTS=10)
    client = app.test_client()
    clinic_id, run_id = demo_logged_in(app, client)
    return app, client, clinic_id, run_id


def _url(clinic_id, run_id, kind="html"):
    return f"/clinics/{clinic_id}/runs/{run_id}/download/{kind}"


def test_a_large_report_is_made_by_a_job_and_then_served(large):
    app, client, clinic_id, run_id = large
    before = snapshot(app)
    page = client.get(_url(clinic_id, run_id) + "?lang=en")
    assert page.status_code == 200 and 'data-test="make-report"' in page.get_data(as_text=True)
    assert "This study has 30 sorts" in page.get_data(as_text=True)
    assert snapshot(app) == before  # the GET wrote nothing and rendered no report
    made = client.post(_url(clinic_id, run_id), data={"lang": "en"})
    assert made.status_code == 302  # the job ran inline as the request ended (tests' mode)
    with app.app_context():
        job = db.session.scalars(db.select(Job).where(Job.kind == "report")).one()
        assert (job.status, job.progress) == ("done", 1.0)
        run = db.session.get(AnalysisRun, run_id)
        _content, media_type, filename = run_download(run, db.session.get(Clinic, clinic_id), "html", "en")  # fmt: skip
    served = client.get(made.headers["Location"])
    assert served.status_code == 200
    assert served.mimetype == media_type.split(";")[0]
    assert filename in served.headers["Content-Disposition"]
    assert b"<html" in served.data[:500].lower()


def test_a_pending_report_shows_progress_and_can_be_cancelled(large):
    app, client, clinic_id, run_id = large
    app.config["JOBS_MODE"] = "off"  # a runner elsewhere would pick it up
    client.post(_url(clinic_id, run_id, "pdf"), data={"lang": "nl"})
    page = client.get(_url(clinic_id, run_id, "pdf") + "?lang=nl").get_data(as_text=True)
    assert 'data-test="job-report"' in page and "<progress" in page
    with app.app_context():
        job_id = db.session.scalars(db.select(Job.id).where(Job.kind == "report")).one()
    client.post(f"/clinics/{clinic_id}/jobs/{job_id}/cancel", data={})
    page = client.get(_url(clinic_id, run_id, "pdf") + "?lang=nl").get_data(as_text=True)
    assert 'data-test="report-stopped"' in page and 'data-test="make-report"' in page
    with app.app_context():
        assert db.session.get(Job, job_id).status == "cancelled"


def test_small_studies_and_other_files_are_served_at_once(large):
    app, client, clinic_id, run_id = large
    app.config["REPORT_JOB_MIN_SORTS"] = 31
    assert client.get(_url(clinic_id, run_id) + "?lang=en").mimetype == "text/html"
    assert b"<html" in client.get(_url(clinic_id, run_id) + "?lang=en").data[:500].lower()
    app.config["REPORT_JOB_MIN_SORTS"] = 10
    assert client.get(_url(clinic_id, run_id, "csv")).mimetype == "text/csv"
    assert client.post(_url(clinic_id, run_id, "csv"), data={}).status_code == 404


def test_a_report_made_before_a_rename_is_made_again(large):
    """A viewpoint renamed after the large report was made: the GET no longer serves the old
    file (it would show the old name) but offers to make it again; the next one has the name."""
    app, client, clinic_id, run_id = large
    made = client.post(_url(clinic_id, run_id), data={"lang": "en"})
    assert b"<html" in client.get(made.headers["Location"]).data[:500].lower()
    renamed = client.post(f"/clinics/{clinic_id}/runs/{run_id}/name",
                          data={"factor": 1, "name_en": "Freedom to help", "name_nl": "Vrij om te helpen"})  # fmt: skip
    assert renamed.status_code == 302
    before = snapshot(app)
    page = client.get(made.headers["Location"])
    assert page.mimetype == "text/html" and 'data-test="report-outdated"' in page.get_data(as_text=True)  # fmt: skip
    assert 'data-test="make-report"' in page.get_data(as_text=True)
    assert snapshot(app) == before  # the GET wrote nothing
    again = client.post(_url(clinic_id, run_id), data={"lang": "en"})
    report = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Viewpoint 1: Freedom to help" in report
