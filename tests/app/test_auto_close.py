"""'Close sorting when the timer ends': at zero the job runner closes sorting, once, audited,
keeping every saved card; no page a GET shows writes it, and until it is written the tablets
are told sorting is closed and every save is refused."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from qsort import jobs_runner
from qsort.extensions import db
from qsort.models import AuditEvent, Clinic
from tests import live_sim


@pytest.fixture
def sorting_clinic(app, client, auth, make_facilitator, make_clinic):
    owner = make_facilitator()
    clinic_id = make_clinic(owner)
    auth.login(owner)
    client.post(f"/clinics/{clinic_id}/phase", data={"phase": "sorting"})
    with app.app_context():
        pid = live_sim.join(clinic_id, "Tablet Person")
        live_sim.place(pid, 11)
        token = db.session.get(Clinic, clinic_id).projector_token
    return clinic_id, token


def _timer(client, clinic_id, **form):
    return client.post(f"/clinics/{clinic_id}/timer", data={"minutes": "5", **form})


def _expire(app, clinic_id, seconds=1):
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        clinic.timer_ends_at = datetime.now(UTC) - timedelta(seconds=seconds)
        db.session.commit()


def _state(app, clinic_id):
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        closes = db.session.scalars(
            db.select(AuditEvent.detail).where(
                AuditEvent.clinic_id == clinic_id, AuditEvent.action == "phase"
            )
        ).all()
        placed = live_sim.placed_counts(clinic_id)
        return clinic.phase, [d for d in closes if d.get("by") == "timer"], placed


def _tables(app):
    """Every column of every clinic and audit event, to compare before and after."""
    with app.app_context():
        return [
            db.session.execute(db.select(model.__table__).order_by(model.id)).all()
            for model in (Clinic, AuditEvent)
        ]


def _tablet_with_auto_close_timer(app, client, clinic_id):
    """A timer that closes sorting in 5 minutes, and a tablet that joined: its test client."""
    _timer(client, clinic_id, auto_close="1")
    with app.app_context():
        code = db.session.get(Clinic, clinic_id).join_code
    tablet = app.test_client()
    tablet.post(f"/join/{code}", data={"display_name": "Ella", "team_size": "3", "language": "en"})
    return tablet


def test_the_runner_closes_at_zero_once_and_the_projector_then_says_so(app, client, sorting_clinic):
    clinic_id, token = sorting_clinic
    _timer(client, clinic_id, auto_close="1")
    assert jobs_runner.close_timers(app) > 200  # seconds until its zero, to sleep at most
    assert _state(app, clinic_id)[0] == "sorting"  # not yet zero
    before = _state(app, clinic_id)[2]
    _expire(app, clinic_id)
    client.post("/logout")  # no facilitator page: the public projector link alone
    assert jobs_runner.close_timers(app) is None  # closed: no timer left to wait for
    assert jobs_runner.close_timers(app) is None  # a second runner closes nothing more
    page = client.get(f"/projector/{token}/panel").get_data(as_text=True)
    assert "Sorting is closed" in page
    phase, closes, placed = _state(app, clinic_id)
    assert phase == "closed"
    assert closes == [{"from": "sorting", "to": "closed", "by": "timer"}]
    assert placed == before == [11]


def test_pages_read_at_zero_write_nothing(app, client, sorting_clinic):
    """Projector, dashboard and tablet GETs at zero, before the runner: nothing stored changes;
    the tablet is told that sorting is closed, with what it has saved."""
    clinic_id, token = sorting_clinic
    tablet = _tablet_with_auto_close_timer(app, client, clinic_id)
    _expire(app, clinic_id)
    before = _tables(app)
    for url in (f"/projector/{token}/panel", f"/clinics/{clinic_id}/live",
                f"/clinics/{clinic_id}/live.json", f"/clinics/{clinic_id}/live/roster"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    status = tablet.get("/api/sort/status").get_json()
    assert status["phase"] == "closed" and "placed" in status and status["message"]
    assert tablet.get("/sort").status_code == 200
    assert _tables(app) == before


def test_without_the_option_the_timer_only_counts_down(app, client, sorting_clinic):
    clinic_id, token = sorting_clinic
    _timer(client, clinic_id)
    _expire(app, clinic_id, seconds=30)
    assert jobs_runner.close_timers(app) is None
    client.get(f"/projector/{token}/panel")
    status_page = client.get(f"/clinics/{clinic_id}/live.json").get_json()
    assert status_page["phase"] == "sorting"
    assert _state(app, clinic_id)[:2] == ("sorting", [])


def test_a_save_at_zero_is_refused_and_closes_it(app, client, sorting_clinic):
    """A tablet whose clock is behind saves after zero: refused as closed, the close written by
    that request (a POST), once, and the card it had is kept."""
    clinic_id, _token = sorting_clinic
    tablet = _tablet_with_auto_close_timer(app, client, clinic_id)
    sort_url = tablet.get("/sort").get_data(as_text=True).split('"draftUrl": "')[1].split('"')[0]
    _expire(app, clinic_id)
    body = {"version": 7, "step": "grid", "columns": {}, "piles": {}}
    response = tablet.post(sort_url, json=body)
    assert response.status_code == 409 and response.json["error"] == "closed"
    phase, closes, placed = _state(app, clinic_id)
    assert phase == "closed" and len(closes) == 1 and placed[0] == 11


def test_a_runner_thread_closes_at_zero_without_any_request(app, make_app, sorting_clinic):
    """Thread mode, a poll interval far longer than the timer: the runner sleeps until the
    zero, not until its next poll."""
    clinic_id, _token = sorting_clinic
    served = make_app(JOBS_MODE="thread", JOBS_POLL_SECONDS=30)  # another process, in effect
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        clinic.auto_close, clinic.timer_ends_at = True, datetime.now(UTC) + timedelta(seconds=1)
        db.session.commit()
    jobs_runner.wake(served)
    try:
        deadline = time.monotonic() + 10
        while _state(app, clinic_id)[0] != "closed" and time.monotonic() < deadline:
            time.sleep(0.1)
        closed_after = time.monotonic() - (deadline - 10)
    finally:
        jobs_runner.stop(served)
    phase, closes, placed = _state(app, clinic_id)
    assert phase == "closed" and len(closes) == 1 and placed == [11]
    assert closed_after < 5  # within a few seconds of its zero, not after the 30 s poll


def test_stopping_the_timer_clears_the_option(app, client, sorting_clinic):
    clinic_id, _token = sorting_clinic
    _timer(client, clinic_id, auto_close="1")
    client.post(f"/clinics/{clinic_id}/timer", data={"minutes": "5", "clear": "1"})
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        assert clinic.timer_ends_at is None and clinic.auto_close is False
