"""A run the analysis refuses and a background job that stops are told as codes with values
(issue 15, item 3): a Dutch facilitator reads them in Dutch, an English one in English, and
the refusal changes nothing stored."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from markupsafe import escape

from qsort import jobs_runner
from qsort.extensions import db
from qsort.models import Clinic, Job
from qsort.services import job_kinds, jobs
from tests.builders import demo_logged_in
from tests.security.test_hostile_forms import snapshot

# Four sorts of three statements: the analysis allows at most 3 - 1 = 2 factors.
SMALL = b"participant,s01,s02,s03\nAnna,-1,0,1\nBram,1,0,-1\nCor,0,1,-1\nDirk,-1,1,0\n"

TOO_MANY = {
    "nl": "De analyse kon niet worden uitgevoerd: aantal factoren: 3 kan niet; kies bij 4 "
    "sorteringen en 3 stellingen 1 tot en met 2",
    "en": "The analysis could not run: number of factors: 3 is out of range; with 4 sorts and 3 "
    "statements choose 1 to 2",
}
GIVEN_UP = {
    "nl": "De server stopte meerdere keren tijdens deze taak; de taak is opgegeven.",
    "en": "The server stopped during this job several times; it was given up.",
}
NO_RUN = {"nl": "de analyse bestaat niet meer", "en": "the analysis run no longer exists"}
STABILITY = {"nl": "De stabiliteitscontrole is gestopt: ", "en": "The stability check stopped: "}
REPORT = {"nl": "De vorige poging is gestopt: ", "en": "The last attempt stopped: "}


def _other(lang: str) -> str:
    return "en" if lang == "nl" else "nl"


@pytest.fixture
def small(app, client, auth, make_facilitator):
    """A clinic imported from the four sorts above, its facilitator logged in."""
    auth.login(make_facilitator())
    files = {"title": "Small", "files": [(io.BytesIO(SMALL), "sorts.csv")]}
    client.post("/clinics/import/", data=files, content_type="multipart/form-data")
    with app.app_context():
        return db.session.scalars(db.select(Clinic.id).where(Clinic.title_en == "Small")).one()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_run_the_analysis_refuses_reads_in_the_readers_language(app, client, small, lang):
    client.post("/language", data={"lang": lang})
    before = snapshot(app)
    response = client.post(
        f"/clinics/{small}/results/run", data={"n_factors": "3"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert str(escape(TOO_MANY[lang])) in page
    assert str(escape(TOO_MANY[_other(lang)])) not in page
    assert snapshot(app) == before


def test_the_run_error_carries_the_analysis_problem(app, small):
    from qsort.services import analysis_run as run_service

    with app.app_context():
        clinic = db.session.get(Clinic, small)
        with pytest.raises(run_service.RunError) as refused:
            run_service.run_clinic_analysis(clinic, None, run_service.RunRequest(n_factors=3))
    problem = refused.value.problem
    assert problem.code == "analysis.n_factors"
    assert dict(problem.values) == {"n": "3", "sorts": 4, "statements": 3, "max": 2}
    assert str(refused.value) == TOO_MANY["en"].removeprefix("The analysis could not run: ")


@pytest.fixture
def demo(app, client):
    return demo_logged_in(app, client)


def _given_up(app, kind: str, clinic_id: int, params: dict) -> int:
    """A job whose server was killed on its last attempt, failed by the next claim."""
    with app.app_context():
        job = Job(kind=kind, clinic_id=clinic_id, params=params, status="running")
        job.attempts = jobs.MAX_ATTEMPTS
        job.lease_until = datetime.now(UTC) - timedelta(seconds=1)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    assert not jobs_runner.run_one(app, "test-worker")  # failed, not run again
    with app.app_context():
        stored = db.session.get(Job, job_id)
        assert stored.status == "failed"
        assert stored.result == {"problem": {"code": "job.given_up", "values": {}}}
    return job_id


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_given_up_stability_check_reads_in_the_readers_language(app, client, demo, lang):
    clinic_id, run_id = demo
    _given_up(app, job_kinds.STABILITY, clinic_id, {"run_id": run_id, "resamples": 20})
    client.post("/language", data={"lang": lang})
    before = snapshot(app)
    page = client.get(f"/clinics/{clinic_id}/runs/{run_id}").get_data(as_text=True)
    assert STABILITY[lang] + str(escape(GIVEN_UP[lang])) in page
    assert str(escape(GIVEN_UP[_other(lang)])) not in page
    assert snapshot(app) == before  # the GET only read


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_refused_stability_check_reads_in_the_readers_language(
    app, client, demo, monkeypatch, lang
):
    """The refusal is stored as its problem (``Job.result["problem"]``), English only in
    ``Job.error`` (the log), and the page words the problem."""
    clinic_id, run_id = demo

    def refuse(job, context):
        raise jobs.JobRefused("job.no_run")

    monkeypatch.setitem(job_kinds.HANDLERS, job_kinds.STABILITY, refuse)
    client.post("/language", data={"lang": lang})
    client.post(f"/clinics/{clinic_id}/runs/{run_id}/stability", data={"resamples": "20"})
    with app.app_context():
        job = db.session.scalars(db.select(Job).where(Job.kind == job_kinds.STABILITY)).one()
        assert (job.status, job.message, job.error) == ("failed", "refused", NO_RUN["en"])
        assert job.result == {"problem": {"code": "job.no_run", "values": {}}}
    page = client.get(f"/clinics/{clinic_id}/runs/{run_id}").get_data(as_text=True)
    assert STABILITY[lang] + NO_RUN[lang] in page
    assert NO_RUN[_other(lang)] not in page


def test_a_job_whose_run_is_gone_is_refused_with_its_code(app, demo):
    clinic_id, _run_id = demo
    with app.app_context():
        job = jobs.enqueue(job_kinds.STABILITY, clinic_id, {"run_id": 10**6, "resamples": 20})
        unknown = jobs.enqueue("nothing-such", clinic_id)
        db.session.commit()
        ids = job.id, unknown.id
    # both ran (inline, the tests' mode) as the context ended
    with app.app_context():
        gone, nothing = (db.session.get(Job, i) for i in ids)
        assert gone.result == {"problem": {"code": "job.no_run", "values": {}}}
        assert nothing.result == {
            "problem": {"code": "job.unknown_kind", "values": {"kind": "'nothing-such'"}}
        }
        assert nothing.error == "no handler for jobs of kind 'nothing-such'"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_given_up_report_reads_in_the_readers_language(make_app, lang):
    app = make_app(REPORT_JOB_MIN_SORTS=10)
    client = app.test_client()
    clinic_id, run_id = demo_logged_in(app, client)
    params = {"run_id": run_id, "download": "html", "lang": "en", "anonymise": False}
    _given_up(app, "report", clinic_id, params)
    client.post("/language", data={"lang": lang})
    url = f"/clinics/{clinic_id}/runs/{run_id}/download/html?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert 'data-test="report-stopped"' in page
    assert REPORT[lang] + str(escape(GIVEN_UP[lang])) in page
    assert str(escape(GIVEN_UP[_other(lang)])) not in page


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("nl", "hij is gestopt door een fout in qsort; het logboek van de server zegt meer"),
        ("en", "it stopped because of an error in qsort; the server&#39;s log says more"),
    ],
)
def test_a_bug_in_a_job_is_not_shown_in_its_own_english_words(
    app, client, demo, monkeypatch, lang, shown
):
    clinic_id, run_id = demo

    def broken(job, context):
        raise RuntimeError("boom in the handler")

    monkeypatch.setitem(job_kinds.HANDLERS, job_kinds.STABILITY, broken)
    client.post("/language", data={"lang": lang})
    client.post(f"/clinics/{clinic_id}/runs/{run_id}/stability", data={"resamples": "20"})
    with app.app_context():
        job = db.session.scalars(db.select(Job).where(Job.kind == job_kinds.STABILITY)).one()
        assert (job.message, job.error) == ("error", "RuntimeError: boom in the handler")
    page = client.get(f"/clinics/{clinic_id}/runs/{run_id}").get_data(as_text=True)
    assert STABILITY[lang] + shown in page and "boom" not in page


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("nl", "1001 sorteringen; een import bevat er hoogstens 1000"),
     ("en", "1001 sorts; an import holds at most 1000")],
)  # fmt: skip
def test_an_import_of_too_many_sorts_reads_in_the_readers_language(
    app, client, auth, make_facilitator, monkeypatch, lang, expected
):
    """The numbers stay numbers: "1,000" would read as one in Dutch."""
    from qsort.domain import limits

    monkeypatch.setattr(limits, "MAX_SORTS_PER_IMPORT", 1000)
    rows = ["-1,0,1", "1,0,-1", "0,1,-1"]
    csv = "participant,s01,s02,s03\n" + "".join(f"P{k},{rows[k % 3]}\n" for k in range(1001))
    auth.login(make_facilitator())
    client.post("/language", data={"lang": lang})
    before = snapshot(app)
    files = {"title": "Too many", "files": [(io.BytesIO(csv.encode()), "sorts.csv")]}
    response = client.post("/clinics/import/", data=files, content_type="multipart/form-data")
    assert response.status_code == 422
    assert expected in response.get_data(as_text=True)
    assert snapshot(app) == before
