"""The live clinic: phases, roster, progress polling (ETag), reopen/remove, projector."""

from datetime import UTC, datetime, timedelta

import pytest

from qsort.extensions import db
from qsort.models import AuditEvent, Clinic, Facilitator, Participant, QSort
from qsort.services import live
from tests import live_sim
from tests.builders import move_to


@pytest.fixture
def clinic(app, client, auth, make_facilitator, make_clinic):
    owner = make_facilitator()
    clinic_id = make_clinic(owner)
    auth.login(owner)
    return clinic_id


def _get(app, clinic_id):
    return db.session.get(Clinic, clinic_id)


def _phase(app, clinic_id):
    with app.app_context():
        return _get(app, clinic_id).phase


def _events(app, clinic_id):
    with app.app_context():
        return [
            (e.action, e.detail)
            for e in db.session.scalars(
                db.select(AuditEvent)
                .where(AuditEvent.clinic_id == clinic_id)
                .order_by(AuditEvent.id)
            )
        ]


def test_phases_move_forward_one_step_and_are_logged(app, client, clinic):
    for phase in ("sorting", "closed", "revealed"):
        response = client.post(f"/clinics/{clinic}/phase", data={"phase": phase})
        assert response.status_code == 302
        assert _phase(app, clinic) == phase
    assert [d["to"] for a, d in _events(app, clinic) if a == "phase"] == [
        "sorting",
        "closed",
        "revealed",
    ]


def test_the_builders_phase_changes_are_audited_steps(app, clinic):
    """Does the phase change the tests and benchmarks use skip the audit or a step? No: it
    walks one audited step at a time, as the live page does, forward and back."""
    with app.app_context():
        move_to(_get(app, clinic), "revealed")
        move_to(_get(app, clinic), "lobby")
    assert _phase(app, clinic) == "lobby"
    steps = [(d["from"], d["to"]) for a, d in _events(app, clinic) if a == "phase"]
    assert steps == [
        ("lobby", "sorting"),
        ("sorting", "closed"),
        ("closed", "revealed"),
        ("revealed", "closed"),
        ("closed", "sorting"),
        ("sorting", "lobby"),
    ]


def test_skipping_a_phase_is_refused(app, client, clinic):
    response = client.post(
        f"/clinics/{clinic}/phase", data={"phase": "closed"}, follow_redirects=True
    )
    assert "cannot move to that phase" in response.get_data(as_text=True)
    assert _phase(app, clinic) == "lobby"
    assert _events(app, clinic) == []


def test_a_refused_phase_reads_in_dutch_from_the_catalogue(app, client, clinic):
    """Does a Dutch facilitator read the service's refusal in Dutch? Yes: the code the
    service raised (live.phase-not-allowed) is worded by the views' one catalogue."""
    client.post("/language", data={"lang": "nl"})
    response = client.post(
        f"/clinics/{clinic}/phase", data={"phase": "closed"}, follow_redirects=True
    )
    assert "De clinic kan vanaf hier niet naar die fase." in response.get_data(as_text=True)
    assert _phase(app, clinic) == "lobby" and _events(app, clinic) == []


def test_going_back_asks_for_confirmation(app, client, clinic):
    """Can the facilitator go back a phase without confirming? No: a confirmation page first."""
    client.post(f"/clinics/{clinic}/phase", data={"phase": "sorting"})
    page = client.post(f"/clinics/{clinic}/phase", data={"phase": "lobby"})
    assert page.status_code == 200
    assert 'name="confirm" value="yes"' in page.get_data(as_text=True)
    assert _phase(app, clinic) == "sorting"
    client.post(f"/clinics/{clinic}/phase", data={"phase": "lobby", "confirm": "yes"})
    assert _phase(app, clinic) == "lobby"


def test_reveal_runs_the_default_analysis_when_there_is_none(app, client, clinic):
    with app.app_context():
        for n in range(6):
            pid = live_sim.join(clinic, f"P{n}")
            live_sim.place(pid, 24, shift=n % 3)
            live_sim.submit(pid)
        move_to(_get(app, clinic), "closed")
    client.post(f"/clinics/{clinic}/phase", data={"phase": "revealed"})
    with app.app_context():
        run = live.analysis_run.latest_run(_get(app, clinic))
        assert run is not None and run.label == "reveal" and run.result["n_sorts"] == 6


def test_roster_counts_cards_status_and_idle(app, clinic):
    with app.app_context():
        a = live_sim.join(clinic, "Anouk")
        b = live_sim.join(clinic, "Bram")
        c = live_sim.join(clinic, "Chantal")
        live_sim.place(b, 7)
        live_sim.place(c, 24)
        live_sim.submit(c)
        participant = db.session.get(Participant, a)
        participant.created_at = datetime.now(UTC) - timedelta(minutes=10)
        db.session.commit()
        rows = {r.display_name: r for r in live.roster(_get(app, clinic))}
        progress = live.progress(_get(app, clinic))
    assert (rows["Anouk"].placed, rows["Anouk"].status, rows["Anouk"].idle) == (0, "joined", True)
    assert (rows["Bram"].placed, rows["Bram"].status, rows["Bram"].idle) == (7, "draft", False)
    assert (rows["Chantal"].placed, rows["Chantal"].status) == (24, "submitted")
    assert (progress.joined, progress.submitted, progress.placed) == (3, 1, 31)


def test_roster_partial_uses_etag_and_changes_with_the_database(app, client, clinic):
    first = client.get(f"/clinics/{clinic}/live/roster")
    assert first.status_code == 200 and "Nobody has joined yet" in first.get_data(as_text=True)
    etag = first.headers["ETag"]
    same = client.get(f"/clinics/{clinic}/live/roster", headers={"If-None-Match": etag})
    assert same.status_code == 304
    with app.app_context():
        pid = live_sim.join(clinic, "Daan")
    changed = client.get(f"/clinics/{clinic}/live/roster", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Daan" in changed.get_data(as_text=True)
    with app.app_context():
        live_sim.place(pid, 5)
    json_view = client.get(f"/clinics/{clinic}/live.json").get_json()
    assert json_view["roster"][0]["placed"] == 5 and json_view["joined"] == 1


def test_reopen_needs_confirmation_and_is_logged(app, client, clinic):
    with app.app_context():
        pid = live_sim.join(clinic, "Esra")
        live_sim.place(pid, 24)
        live_sim.submit(pid)
    page = client.post(f"/clinics/{clinic}/participants/{pid}/reopen")
    assert page.status_code == 200 and "Esra" in page.get_data(as_text=True)
    client.post(f"/clinics/{clinic}/participants/{pid}/reopen", data={"confirm": "yes"})
    with app.app_context():
        q_sort = db.session.scalars(db.select(QSort).where(QSort.participant_id == pid)).one()
        assert (q_sort.status, q_sort.version, len(q_sort.placements)) == ("draft", 2, 24)
    assert _events(app, clinic)[-1] == ("reopen", {"participant_id": pid})
    again = client.post(
        f"/clinics/{clinic}/participants/{pid}/reopen",
        data={"confirm": "yes"},
        follow_redirects=True,
    )
    assert "Only a submitted sort can be reopened" in again.get_data(as_text=True)


def test_remove_deletes_participant_and_sort(app, client, clinic):
    with app.app_context():
        pid = live_sim.join(clinic, "Fleur")
        live_sim.place(pid, 3)
    client.post(f"/clinics/{clinic}/participants/{pid}/remove", data={"confirm": "yes"})
    with app.app_context():
        assert db.session.get(Participant, pid) is None
        assert db.session.scalars(db.select(QSort)).all() == []
    assert _events(app, clinic)[-1] == ("remove", {"participant_id": pid, "display_name": "Fleur"})


def test_participant_of_another_clinic_cannot_be_removed(
    app, client, clinic, make_facilitator, make_clinic
):
    other = make_clinic(make_facilitator())
    with app.app_context():
        pid = live_sim.join(other, "Gijs")
    response = client.post(f"/clinics/{clinic}/participants/{pid}/remove", data={"confirm": "yes"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Participant, pid) is not None


def test_timer_is_set_and_cleared(app, client, clinic):
    client.post(f"/clinics/{clinic}/timer", data={"minutes": "10"})
    with app.app_context():
        ends = _get(app, clinic).timer_ends_at
        assert ends is not None
    client.post(f"/clinics/{clinic}/timer", data={"minutes": "999"}, follow_redirects=True)
    client.post(f"/clinics/{clinic}/timer", data={"minutes": "10", "clear": "1"})
    with app.app_context():
        assert _get(app, clinic).timer_ends_at is None


def test_projector_never_shows_names(app, client, clinic):
    """Does the projector show who took part? No: counts and aggregates only."""
    with app.app_context():
        for n, name in enumerate(["Hanna Unique", "Ilse Unique", "Jeroen Unique", "Kim Unique"]):
            pid = live_sim.join(clinic, name)
            live_sim.place(pid, 24, shift=n % 2)
            live_sim.submit(pid)
        token = _get(app, clinic).projector_token
    client.post(f"/clinics/{clinic}/phase", data={"phase": "sorting"})
    pages = [client.get(f"/clinics/{clinic}/projector"), client.get(f"/projector/{token}")]
    assert "4 of 4 done" in pages[0].get_data(as_text=True)
    for phase in ("closed", "revealed"):
        client.post(f"/clinics/{clinic}/phase", data={"phase": phase})
        pages += [client.get(f"/projector/{token}"), client.get(f"/projector/{token}/panel")]
    assert 'data-test="top-five"' in pages[-1].get_data(as_text=True)
    for page in pages:
        assert page.status_code == 200
        assert "Unique" not in page.get_data(as_text=True)


def test_projector_token_link_is_public_but_secret(app, client, clinic):
    with app.app_context():
        token = _get(app, clinic).projector_token
        code = _get(app, clinic).join_code
    client.post("/logout")
    assert client.get(f"/projector/{token}").status_code == 200
    assert client.get(f"/projector/{token}/qr.svg").mimetype == "image/svg+xml"
    assert client.get(f"/projector/{code}").status_code == 404
    assert client.get("/projector/not-a-token").status_code == 404
    assert client.get(f"/clinics/{clinic}/projector").status_code == 302  # log in first


def test_new_projector_link_retires_the_old_one(app, client, clinic):
    with app.app_context():
        old = _get(app, clinic).projector_token
    client.post(f"/clinics/{clinic}/projector/renew")
    with app.app_context():
        new = _get(app, clinic).projector_token
    assert new != old and len(new) >= 32
    assert client.get(f"/projector/{old}").status_code == 404
    assert client.get(f"/projector/{new}").status_code == 200


def test_dashboard_renders_phases_and_projector_link(app, client, clinic):
    page = client.get(f"/clinics/{clinic}/live").get_data(as_text=True)
    assert 'data-test="phase-sorting"' in page
    assert 'data-js="poll"' in page and "/live/roster" in page
    with app.app_context():
        assert _get(app, clinic).projector_token in page
    assert "<script>" not in page


def test_services_refuse_unknown_phase(app, clinic):
    with app.app_context():
        owner = db.session.scalars(db.select(Facilitator)).first()
        with pytest.raises(live.LiveError):
            live.set_phase(_get(app, clinic), owner, "party")


def test_closing_while_people_sort_asks_and_names_them(app, client, clinic):
    """Can the facilitator close sorting under people still sorting without a warning? No: a
    confirmation names how many and who (with their progress); afterwards the roster shows
    where each stopped, and each participant's resume code."""
    client.post(f"/clinics/{clinic}/phase", data={"phase": "sorting"})
    with app.app_context():
        anna, bram, carl = (live_sim.join(clinic, n) for n in ("Anna", "Bram", "Carl"))
        live_sim.place(anna, 8)
        live_sim.place(carl, 24)
        live_sim.submit(carl)
        codes = {
            n: db.session.get(Participant, p).resume_code
            for n, p in (("Anna", anna), ("Bram", bram))
        }
    page = client.post(f"/clinics/{clinic}/phase", data={"phase": "closed"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2 people are still sorting: Anna (8/24), Bram (0/24)." in text
    assert "Carl" not in text
    assert _phase(app, clinic) == "sorting"
    client.post(f"/clinics/{clinic}/phase", data={"phase": "closed", "confirm": "yes"})
    assert _phase(app, clinic) == "closed"
    roster = client.get(f"/clinics/{clinic}/live/roster").get_data(as_text=True)
    assert "stopped at 8/24" in roster and "stopped at 0/24" in roster
    assert "sorting</span>" not in roster
    assert codes["Anna"] in roster and codes["Bram"] in roster
    client.post(f"/clinics/{clinic}/phase", data={"phase": "sorting", "confirm": "yes"})
    assert "stopped at" not in client.get(f"/clinics/{clinic}/live/roster").get_data(as_text=True)
    assert (
        client.get(f"/clinics/{clinic}/live.json").get_json()["roster"][0]["resume_code"]
        == codes["Anna"]
    )


def test_closing_when_everyone_submitted_needs_no_confirmation(app, client, clinic):
    client.post(f"/clinics/{clinic}/phase", data={"phase": "sorting"})
    with app.app_context():
        pid = live_sim.join(clinic, "Dana")
        live_sim.place(pid, 24)
        live_sim.submit(pid)
    assert client.post(f"/clinics/{clinic}/phase", data={"phase": "closed"}).status_code == 302
    assert _phase(app, clinic) == "closed"
