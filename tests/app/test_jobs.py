"""Background jobs: claimed once however many runners race, re-claimed after a killed server,
deduplicated per clinic, cancelled, stopped at their time limit; the stability run bounded
by resamples and sorts; progress readable as JSON by the clinic's facilitator only."""

import threading
from datetime import UTC, datetime, timedelta

import pytest

from qsort import jobs_runner
from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic, Job
from qsort.services import job_kinds, jobs
from tests.builders import demo_logged_in, room
from tests.conftest import PASSWORD
from tests.security.test_hostile_forms import snapshot


@pytest.fixture
def demo(app, client):
    return demo_logged_in(app, client)


def _job(app, job_id):
    with app.app_context():
        job = db.session.get(Job, job_id)
        return {"status": job.status, "error": job.error, "attempts": job.attempts,
                "progress": job.progress, "result": job.result}  # fmt: skip


def _add(app, **values):
    """A job row as a runner elsewhere would find it (not run inline here)."""
    mode, app.config["JOBS_MODE"] = app.config["JOBS_MODE"], "off"
    with app.app_context():
        job = Job(kind=values.pop("kind", "analysis"), params={}, **values)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    app.config["JOBS_MODE"] = mode
    return job_id


def test_the_demo_run_was_made_by_a_job(app, demo):
    clinic_id, run_id = demo
    with app.app_context():
        job = db.session.scalars(db.select(Job).where(Job.clinic_id == clinic_id)).one()
        assert (job.kind, job.status, job.result) == (
            "analysis",
            "done",
            {"run_id": run_id, "made": True},
        )


def test_racing_runners_claim_a_job_once(make_app, demo):
    """Eight runners (threads, each with its own app and session) race for three jobs: each
    job is claimed exactly once."""
    clinic_id, _run = demo
    app = make_app()
    ids = [_add(app, kind=f"nothing-to-do-{k}", clinic_id=clinic_id) for k in range(3)]
    claimed: list[int] = []
    barrier = threading.Barrier(8)

    def race(n: int) -> None:
        with app.app_context():
            barrier.wait()
            while (job := jobs.claim(f"runner-{n}", 30)) is not None:
                claimed.append(job.id)
            db.session.remove()

    threads = [threading.Thread(target=race, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(claimed) == ids


def test_a_clinics_jobs_of_one_kind_run_one_at_a_time(app, demo):
    """While a clinic's analysis runs under a live lease, its next one waits (another clinic's
    and another kind's do not); once it is done, or its lease has run out, the next is taken."""
    clinic_id, _run = demo
    with app.app_context():
        other_clinic = room("other@example.org").id
    first = _add(app, kind="analysis", clinic_id=clinic_id)
    waiting = _add(app, kind="analysis", clinic_id=clinic_id)
    elsewhere = _add(app, kind="analysis", clinic_id=other_clinic)
    other_kind = _add(app, kind="stability", clinic_id=clinic_id)
    with app.app_context():
        assert jobs.claim("a", 30).id == first
        taken = [jobs.claim("b", 30), jobs.claim("c", 30), jobs.claim("d", 30)]
        assert [job.id if job else None for job in taken] == [elsewhere, other_kind, None]
        db.session.execute(db.update(Job).where(Job.id == first).values(status="done"))
        db.session.commit()
        assert jobs.claim("e", 30).id == waiting
        expired = datetime.now(UTC) - timedelta(seconds=1)
        again = _add(app, kind="analysis", clinic_id=clinic_id)
        assert jobs.claim("f", 30) is None  # ``waiting`` holds a live lease
        db.session.execute(db.update(Job).where(Job.id == waiting).values(lease_until=expired))
        db.session.commit()
        assert jobs.claim("g", 30).id == waiting  # the killed server's job first: the oldest
        assert _job(app, again)["status"] == "pending"


def test_a_killed_servers_job_is_claimed_again_after_its_lease(app, demo):
    clinic_id, _run = demo
    past = datetime.now(UTC) - timedelta(seconds=5)
    stuck = _add(app, clinic_id=clinic_id, status="running", attempts=1, lease_until=past,
                 worker="killed:1")  # fmt: skip
    leased = _add(app, kind="stability", clinic_id=clinic_id, status="running", attempts=1,
                  lease_until=datetime.now(UTC) + timedelta(minutes=5), worker="alive:2")  # fmt: skip
    given_up = _add(app, clinic_id=clinic_id, status="running", attempts=3, lease_until=past)
    assert jobs_runner.run_pending(app) == 1
    assert _job(app, stuck)["status"] == "done" and _job(app, stuck)["attempts"] == 2
    assert _job(app, leased)["status"] == "running"  # its runner still holds the lease
    assert _job(app, given_up)["status"] == "failed"
    assert "several times" in _job(app, given_up)["error"]


def test_pending_jobs_of_a_clinic_are_deduplicated(app, demo):
    clinic_id, _run = demo
    with app.app_context():
        first = job_kinds.enqueue_analysis(clinic_id)
        db.session.flush()
        again = job_kinds.enqueue_analysis(clinic_id)
        assert again is first
        db.session.rollback()


def test_a_submit_makes_the_automatic_run_current(app, client, make_facilitator, make_clinic):
    from tests.app.participants import join, open_clinic, participant_sort

    info = open_clinic(app, make_clinic(make_facilitator()))
    for n in range(4):
        tablet = app.test_client()
        join(tablet, info["code"], name=f"T{n}")
        sort = participant_sort(app, f"T{n}")
        ids = info["ids"][n:] + info["ids"][:n]  # every sort different, every one complete
        columns = {
            str(c.value): [ids.pop(0) for _ in range(c.height)] for c in info["grid"].columns
        }
        draft = {"version": 5, "step": "review", "columns": columns}
        answer = tablet.post(f"/api/sorts/{sort['sort_id']}/submit",
                             json={"idempotency_key": f"key-{n:08d}", "draft": draft})  # fmt: skip
        assert answer.status_code == 200, answer.get_json()
    with app.app_context():
        runs = db.session.scalars(db.select(AnalysisRun)).all()
        assert [r.result["n_sorts"] for r in runs] == [3, 4]  # one per submit from the third on


def test_stability_runs_as_a_job_and_its_progress_is_json(app, client, demo):
    clinic_id, run_id = demo
    response = client.post(
        f"/clinics/{clinic_id}/runs/{run_id}/stability", data={"resamples": "20"}
    )
    assert response.status_code == 302
    with app.app_context():
        job = db.session.scalars(db.select(Job).where(Job.kind == "stability")).one()
        assert db.session.get(AnalysisRun, run_id).stability["n_resamples"] == 20
        job_id = job.id
    state = client.get(f"/clinics/{clinic_id}/jobs/{job_id}").get_json()
    assert state["status"] == "done" and state["progress"] == 1.0 and state["finished"]


@pytest.mark.parametrize(
    ("resamples", "config", "reason"),
    [("5000", {}, "Resamples: Choose between 10 and 1000 resamples."),
     ("abc", {}, "Resamples: Not a valid integer value."),
     ("100", {"STABILITY_MAX_SORTS": 20}, "A stability check takes at most 20 sorts; this run has 30.")],
)  # fmt: skip
def test_stability_beyond_its_bounds_is_refused(app, client, demo, resamples, config, reason):
    clinic_id, run_id = demo
    app.config.update(config)
    before = snapshot(app)
    response = client.post(f"/clinics/{clinic_id}/runs/{run_id}/stability",
                           data={"resamples": resamples}, follow_redirects=True)  # fmt: skip
    assert reason in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_stability_stops_at_its_time_limit(app, client, demo):
    clinic_id, run_id = demo
    app.config["JOBS_TIME_LIMITS"] = {"default": 60, "stability": 0.05}
    client.post(f"/clinics/{clinic_id}/runs/{run_id}/stability", data={"resamples": "1000"})
    with app.app_context():
        job = db.session.scalars(db.select(Job).where(Job.kind == "stability")).one()
        assert job.status == "failed" and job.error == "stopped at the time limit of 0.05 s"
        assert db.session.get(AnalysisRun, run_id).stability is None
    page = client.get(f"/clinics/{clinic_id}/runs/{run_id}").get_data(as_text=True)
    assert "The stability check stopped: it reached its time limit of 0.05 seconds" in page


def test_a_cancelled_job_stops_at_its_next_step(app, client, demo):
    clinic_id, run_id = demo
    app.config["JOBS_MODE"] = "off"  # queue it, cancel it while it "runs", then run it
    client.post(f"/clinics/{clinic_id}/runs/{run_id}/stability", data={"resamples": "500"})
    with app.app_context():
        job = db.session.scalars(db.select(Job).where(Job.kind == "stability")).one()
        job.status, job.cancel_requested = "pending", True  # asked while running
        db.session.commit()
        job_id = job.id
    jobs_runner.run_pending(app)
    assert _job(app, job_id)["status"] == "cancelled"
    with app.app_context():
        assert db.session.get(AnalysisRun, run_id).stability is None
    pending = _add(app, kind="stability", clinic_id=clinic_id)
    assert client.post(f"/clinics/{clinic_id}/jobs/{pending}/cancel").status_code == 302
    assert _job(app, pending)["status"] == "cancelled"


def test_another_facilitator_cannot_see_or_cancel_a_job(app, client, demo, make_facilitator):
    clinic_id, _run = demo
    job_id = _add(app, kind="stability", clinic_id=clinic_id)
    client.post("/logout")
    client.post("/login", data={"email": make_facilitator().email, "password": PASSWORD})
    assert client.get(f"/clinics/{clinic_id}/jobs/{job_id}").status_code == 404
    assert client.post(f"/clinics/{clinic_id}/jobs/{job_id}/cancel").status_code == 404
    assert _job(app, job_id)["status"] == "pending"


def test_a_results_get_writes_nothing(app, client, demo):
    """Sorts changed since the automatic run, and its job is still pending: the page says
    "updating", and the GET changes no row."""
    clinic_id, _run = demo
    app.config["JOBS_MODE"] = "off"
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        clinic.participants[0].q_sort.status = "draft"
        job_kinds.enqueue_analysis(clinic_id)
        db.session.commit()
    before = snapshot(app)
    page = client.get(f"/clinics/{clinic_id}/results").get_data(as_text=True)
    assert 'data-test="job-analysis"' in page and "Updating the results" in page
    assert snapshot(app) == before
