"""A large import runs as a background job: the POST keeps the files and answers at once with
a redirect to the job's progress page (no clinic is written in the request), the job then
reads, checks and writes the study; a refused file stops the job with its reason and stores
nothing; a cancelled import stores nothing; only its facilitator sees the job.

The app runs no jobs by itself here (``JOBS_MODE="off"``): the test runs the job when it
chooses, which shows that the request did none of the work.
"""

import io
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func

from qsort.extensions import db
from qsort.jobs_runner import run_one
from qsort.models import Clinic, Facilitator, Job, Participant, Placement, QSort
from qsort.services import import_writer
from qsort.services.imports import Upload, import_study

GRID = np.repeat([-4, -3, -2, -1, 0, 1, 2, 3, 4], [1, 2, 3, 3, 6, 3, 3, 2, 1])
N_SORTS = 2000


def large_csv(n: int = N_SORTS, broken_row: int | None = None) -> bytes:
    """``n`` sorts of 24 statements on the grid above (about 62 bytes a sort)."""
    rng = np.random.default_rng(8)
    rows = ["participant," + ",".join(f"S{j:02d}" for j in range(1, 25))]
    for i in range(n):
        values = rng.permutation(GRID)
        if i == broken_row:
            values[0] = values[1] = 4  # two cards in the +4 column of height 1
        rows.append(f"Team {i + 1}," + ",".join(map(str, values)))
    return ("\n".join(rows) + "\n").encode()


@pytest.fixture
def app(make_app):
    return make_app(JOBS_MODE="off")


def _post(client, data: bytes, title: str = "Large study"):
    files = [(io.BytesIO(data), "sorts.csv")]
    return client.post("/clinics/import/", data={"title": title, "files": files},
                       content_type="multipart/form-data")  # fmt: skip


def _counts(app) -> tuple:
    with app.app_context():
        return tuple(db.session.scalar(db.select(func.count()).select_from(m))
                     for m in (Clinic, Participant, QSort, Placement))  # fmt: skip


def _job(app) -> Job:
    with app.app_context():
        job = db.session.scalars(db.select(Job).where(Job.kind == "import")).one()
        db.session.expunge(job)
        return job


def _kept(app, job: Job) -> bool:
    """Are the job's uploaded files still kept in the instance folder?"""
    return (Path(app.instance_path) / "imports" / job.params["folder"]).is_dir()


def test_large_import_answers_at_once_and_completes_as_a_job(app, client, owner):
    data = large_csv()
    assert len(data) >= app.config["IMPORT_JOB_MIN_BYTES"]
    before = _counts(app)
    response = _post(client, data)
    assert response.status_code == 302
    job = _job(app)
    assert response.headers["Location"].endswith(f"/clinics/import/jobs/{job.id}")
    assert job.status == "pending" and job.clinic_id is None and job.created_by_id == owner.id
    assert _counts(app) == before  # nothing of the import was done in the request
    assert _kept(app, job)  # the file waits for the job
    page = client.get(f"/clinics/import/jobs/{job.id}").get_data(as_text=True)
    assert 'data-test="job-import"' in page and "0%" in page
    assert client.get(f"/clinics/import/jobs/{job.id}/state").json["status"] == "pending"

    assert run_one(app, "test-worker")
    done = client.get(f"/clinics/import/jobs/{job.id}/state").json
    assert done["status"] == "done" and done["progress"] == 1.0
    page = client.get(f"/clinics/import/jobs/{job.id}").get_data(as_text=True)
    assert f"Study imported: {N_SORTS} sorts of 24 statements." in page
    clinic_id = done["result"]["clinic_id"]
    assert f'href="/clinics/{clinic_id}"' in page or f"/clinics/{clinic_id}" in page
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        assert clinic.title_en == "Large study" and clinic.owner_id == owner.id
        assert len(clinic.participants) == N_SORTS
        first = {p.statement.code: p.column_value for p in clinic.participants[0].q_sort.placements}
    assert [first[f"S{j:02d}"] for j in range(1, 25)] == np.random.default_rng(8).permutation(GRID).tolist()  # fmt: skip
    assert not _kept(app, job)  # the job removed the file


def test_a_refused_large_file_stops_the_job_and_stores_nothing(app, client, owner):
    before = _counts(app)
    assert _post(client, large_csv(broken_row=1500)).status_code == 302
    job = _job(app)
    assert run_one(app, "test-worker")
    state = client.get(f"/clinics/import/jobs/{job.id}/state").json
    assert state["status"] == "failed" and state["message"] == "refused"
    page = client.get(f"/clinics/import/jobs/{job.id}").get_data(as_text=True)
    assert "The import stopped:" in page and "line 1502" in page and "Nothing was stored." in page
    assert _counts(app) == before
    assert not _kept(app, job)


def test_a_refused_job_keeps_the_problem_and_a_dutch_reader_reads_it_in_dutch(app, client, owner):
    """The stopped job stores its refusal as a code with values (``Job.result["problem"]``),
    so its page words it in the reader's language, located by line and field."""
    client.post("/language", data={"lang": "nl"})
    before = _counts(app)
    data = large_csv().replace(b"\nTeam 1500,", b"\nTeam 1500,x")
    assert _post(client, data).status_code == 302
    job = _job(app)
    assert run_one(app, "test-worker")
    stored = _job(app)
    assert stored.status == "failed"
    assert stored.result["problem"]["code"] == "format.not_integer"
    assert stored.result["problem"]["where"] == {"file": "sorts.csv", "line": 1501, "field": "S01"}
    page = client.get(f"/clinics/import/jobs/{job.id}").get_data(as_text=True)
    value = data.split(b"\nTeam 1500,")[1].split(b",")[0].decode()  # 'x' and the old value
    reason = f"regel 1501, veld &#39;S01&#39;: &#39;{value}&#39; is geen geheel getal"
    assert f"De import is gestopt: sorts.csv, {reason}" in page
    assert "is not an integer" not in page
    assert _counts(app) == before


@pytest.mark.parametrize(
    ("lang", "shown", "other"),
    [
        ("nl", "De import is gestopt: sorts.csv, regel 1501, veld &#39;Team 1500&#39;: "
         "Q-sorteringen: sortering &#39;Team 1500&#39; volgt niet de vaste verdeling van "
         "sortering &#39;Team 1&#39;: in de kolommen ", "does not follow"),
        ("en", "The import stopped: sorts.csv, line 1501, field &#39;Team 1500&#39;: "
         "Q-sort input: sort &#39;Team 1500&#39; does not follow the forced distribution of "
         "sort &#39;Team 1&#39;: in the columns ", "volgt niet"),
    ],
)  # fmt: skip
def test_a_job_the_analysis_refuses_keeps_its_problem_in_both_languages(
    app, client, owner, lang, shown, other
):
    """The analysis's refusal of a sort (off the distribution) is stored as its code with
    neutral values and located by the import, so the page words it in the reader's language."""
    client.post("/language", data={"lang": lang})
    before = _counts(app)
    assert _post(client, large_csv(broken_row=1499)).status_code == 302
    job = _job(app)
    assert run_one(app, "test-worker")
    problem = _job(app).result["problem"]
    assert problem["code"] == "analysis.off_distribution"
    assert problem["where"] == {"file": "sorts.csv", "line": 1501, "field": "Team 1500"}
    assert "+4" in problem["values"]["columns"] and problem["values"]["more"] == ""
    page = client.get(f"/clinics/import/jobs/{job.id}").get_data(as_text=True)
    assert shown in page and other not in page
    assert _counts(app) == before


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "participant &#39;Team 1&#39; appears 2 times (lines 2, 3): kept apart as "
         "&#39;Team 1&#39;, &#39;Team 1_2&#39;"),
        ("nl", "deelnemer &#39;Team 1&#39; komt 2 keer voor (regels 2, 3): apart gehouden als "
         "&#39;Team 1&#39;, &#39;Team 1_2&#39;"),
    ],
)  # fmt: skip
def test_an_import_jobs_notes_are_problems_read_in_the_readers_language(
    app, client, owner, lang, said
):
    client.post("/language", data={"lang": lang})
    assert _post(client, large_csv().replace(b"\nTeam 2,", b"\nTeam 1,", 1)).status_code == 302
    job = _job(app)
    assert run_one(app, "test-worker")
    assert _job(app).result["notes"] == [
        {"code": "note.name_repeated_lines",
         "values": {"name": "'Team 1'", "count": 2, "kept": ["'Team 1'", "'Team 1_2'"],
                    "lines": [2, 3]}}
    ]  # fmt: skip
    page = client.get(f"/clinics/import/jobs/{job.id}").get_data(as_text=True)
    assert 'data-test="import-done"' in page and said in page


def test_cancel_before_it_runs_stores_nothing(app, client, owner):
    before = _counts(app)
    _post(client, large_csv())
    job = _job(app)
    assert client.post(f"/clinics/import/jobs/{job.id}/cancel").status_code == 302
    assert _job(app).status == "cancelled"
    assert not run_one(app, "test-worker")  # nothing left to run
    page = client.get(f"/clinics/import/jobs/{job.id}").get_data(as_text=True)
    assert "The import stopped: it was cancelled" in page
    assert _counts(app) == before and not _kept(app, job)


def test_a_cancel_during_the_writing_removes_what_was_written(app, owner, monkeypatch):
    """The job's progress raises once a cancel was asked for, between two chunks: the clinic
    written so far is deleted again (all or nothing)."""
    monkeypatch.setattr(import_writer, "ROWS_PER_TRANSACTION", 240)  # 10 sorts a chunk
    before = _counts(app)
    calls = []

    def cancelled(done: int, total: int) -> None:
        calls.append((done, total))
        if done == 3:
            raise RuntimeError("cancelled")

    with app.app_context():
        person = db.session.get(Facilitator, owner.id)
        with pytest.raises(RuntimeError):
            import_study(person, [Upload("sorts.csv", large_csv(100))], progress=cancelled)
    assert calls == [(1, 10), (2, 10), (3, 10)]
    assert _counts(app) == before


def test_only_its_facilitator_sees_the_job(app, client, owner, auth, make_facilitator):
    _post(client, large_csv())
    job = _job(app)
    auth.logout()
    assert auth.login(make_facilitator()).status_code == 302
    for url in (f"/clinics/import/jobs/{job.id}", f"/clinics/import/jobs/{job.id}/state"):
        assert client.get(url).status_code == 404
    assert client.post(f"/clinics/import/jobs/{job.id}/cancel").status_code == 404
    assert _job(app).status == "pending"
    assert client.post("/logout").status_code in (302, 200)
    auth.login(owner)
    client.post(f"/clinics/import/jobs/{job.id}/cancel")  # its facilitator cancels: files go
    assert not _kept(app, job)


def test_a_small_import_still_happens_in_the_request(app, client, owner):
    response = _post(client, large_csv(20))
    assert (
        response.status_code == 302 and "/clinics/import/jobs/" not in response.headers["Location"]
    )
    assert _counts(app)[1] == 20


def test_an_import_given_up_after_its_server_was_killed_leaves_no_files(app, client, owner):
    """Three killed attempts: the job fails with its reason, and its uploaded files go."""
    from datetime import UTC, datetime, timedelta

    from qsort.services.jobs import GIVEN_UP, MAX_ATTEMPTS

    before = _counts(app)
    _post(client, large_csv())
    job = _job(app)
    assert _kept(app, job)
    with app.app_context():
        stored = db.session.get(Job, job.id)
        stored.status, stored.attempts = "running", MAX_ATTEMPTS
        stored.lease_until = datetime.now(UTC) - timedelta(seconds=1)  # its server died
        db.session.commit()
    assert not run_one(app, "test-worker")  # given up, not run again
    after = _job(app)
    assert (after.status, after.error) == ("failed", str(GIVEN_UP))
    assert after.result == {"problem": {"code": "job.given_up", "values": {}}}
    assert not _kept(app, job) and _counts(app) == before
