"""'Close sorting when the timer ends': the clinic closes at zero on the next live request of
any client (projector, dashboard or tablet), once, audited, keeping every saved card."""

from datetime import UTC, datetime, timedelta

import pytest

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


def test_the_projector_poll_closes_at_zero_once(app, client, sorting_clinic):
    clinic_id, token = sorting_clinic
    _timer(client, clinic_id, auto_close="1")
    client.get(f"/projector/{token}/panel")
    assert _state(app, clinic_id)[0] == "sorting"  # not yet zero
    before = _state(app, clinic_id)[2]
    _expire(app, clinic_id)
    client.post("/logout")  # no facilitator page: the public projector link alone
    page = client.get(f"/projector/{token}/panel").get_data(as_text=True)
    assert "Sorting is closed" in page
    client.get(f"/projector/{token}/panel")
    phase, closes, placed = _state(app, clinic_id)
    assert phase == "closed"
    assert closes == [{"from": "sorting", "to": "closed", "by": "timer"}]
    assert placed == before == [11]


def test_without_the_option_the_timer_only_counts_down(app, client, sorting_clinic):
    clinic_id, token = sorting_clinic
    _timer(client, clinic_id)
    _expire(app, clinic_id, seconds=30)
    client.get(f"/projector/{token}/panel")
    client.get(f"/clinics/{clinic_id}/live.json")
    assert _state(app, clinic_id)[:2] == ("sorting", [])


def test_a_tablet_status_poll_closes_it_and_says_what_is_saved(app, client, sorting_clinic):
    clinic_id, _token = sorting_clinic
    _timer(client, clinic_id, auto_close="1")
    with app.app_context():
        code = db.session.get(Clinic, clinic_id).join_code
    tablet = app.test_client()
    tablet.post(f"/join/{code}", data={"display_name": "Ella", "team_size": "3", "language": "en"})
    status = tablet.get("/api/sort/status").get_json()
    assert status["phase"] == "sorting" and status["auto_close"] and status["timer_ends_at"]
    _expire(app, clinic_id)
    status = tablet.get("/api/sort/status").get_json()
    assert status["phase"] == "closed" and "placed" in status and status["message"]
    assert len(_state(app, clinic_id)[1]) == 1


def test_stopping_the_timer_clears_the_option(app, client, sorting_clinic):
    clinic_id, _token = sorting_clinic
    _timer(client, clinic_id, auto_close="1")
    client.post(f"/clinics/{clinic_id}/timer", data={"minutes": "5", "clear": "1"})
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        assert clinic.timer_ends_at is None and clinic.auto_close is False
