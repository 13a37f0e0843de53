"""A tablet that did not send round 1, while round 2 is sorted: told that its round is over and
what is kept, never shown an open sort whose saves are refused."""

import json
import re

import pytest

from qsort.extensions import db
from qsort.models import Clinic
from tests.app.participants import complete_columns, join, open_clinic, participant_sort

CONFIG = re.compile(r'<script type="application/json" id="sort-config">(.*?)</script>', re.S)


@pytest.fixture
def round_two(app, make_facilitator, make_clinic, auth, client):
    owner = make_facilitator()
    clinic_id = make_clinic(owner)
    with app.app_context():
        db.session.get(Clinic, clinic_id).round2_question_en = "How should it be?"
        db.session.commit()
    info = open_clinic(app, clinic_id)
    sent, late = app.test_client(), app.test_client()
    assert join(sent, info["code"], "Sent").status_code == 302
    assert join(late, info["code"], "Late").status_code == 302
    draft = {"version": 5, "step": "review", "columns": complete_columns(info), "piles": {},
             "comments": {}, "free_choice": ""}  # fmt: skip
    ids = participant_sort(app, "Sent")
    body = {"idempotency_key": "sent-round-one", "draft": draft}
    assert sent.post(f"/api/sorts/{ids['sort_id']}/submit", json=body).status_code == 200
    late_ids = participant_sort(app, "Late")
    partial = {**draft, "version": 3, "step": "grid", "columns": {"4": [info["ids"][0]]},
               "piles": {"unsorted": info["ids"][1:]}}  # fmt: skip
    assert late.post(f"/api/sorts/{late_ids['sort_id']}/draft", json=partial).status_code == 200
    auth.login(owner)
    client.post(f"/clinics/{clinic_id}/phase", data={"phase": "closed", "confirm": "yes"})
    assert client.post(f"/clinics/{clinic_id}/round-two", data={}).status_code == 302
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        assert (clinic.phase, clinic.current_round) == ("sorting", 2)
    return late


def test_the_sort_page_shows_round_one_closed_with_what_is_kept(round_two):
    page = round_two.get("/sort", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    config = json.loads(CONFIG.search(page.get_data(as_text=True)).group(1))
    assert config["phase"] == "closed"  # read-only on the tablet: no move it makes is refused
    text = page.get_data(as_text=True)
    assert "The first round is over" in text
    assert "Your 1 placed card is saved." in text


def test_the_phase_poll_says_the_same_in_dutch(round_two):
    with round_two.session_transaction() as session:
        session["lang"] = "nl"
    status = round_two.get("/api/sort/status").json
    assert status["phase"] == "closed"
    assert status["placed"] == 1
    assert status["message"].startswith("De eerste ronde is voorbij")
