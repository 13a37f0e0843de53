"""The participant's pages: join, lobby, closed clinic, resume code, cookie, rate limits, CSRF."""

import re

import pytest

from qsort.extensions import db
from qsort.models import Participant, QSort
from qsort.services.codes import ALPHABET, RESUME_CODE_LENGTH
from tests.app.participants import join, open_clinic, participant_sort


@pytest.fixture
def clinic_id(make_facilitator, make_clinic):
    return make_clinic(make_facilitator())


def test_join_creates_participant_with_shuffled_draft_and_resume_code(app, client, clinic_id):
    info = open_clinic(app, clinic_id)
    response = join(client, info["code"], lang="nl")
    assert response.status_code == 302 and response.headers["Location"] == "/sort"
    cookie = client.get_cookie("qsort_resume", domain="qsort.test")
    sort = participant_sort(app)
    assert cookie.value == sort["resume_code"]
    assert len(cookie.value) == RESUME_CODE_LENGTH and set(cookie.value) <= set(ALPHABET)
    with app.app_context():
        participant = db.session.get(Participant, sort["participant_id"])
        assert (participant.team_size, participant.language) == (4, "nl")
        unsorted = participant.q_sort.draft["piles"]["unsorted"]
        assert sorted(unsorted) == sorted(info["ids"])
    page = client.get("/sort").get_data(as_text=True)
    assert sort["resume_code"] in page
    assert "Welkom, Team A" in page  # the chosen language drives the screens
    assert "Medewerkers" in page  # and the statement texts


def test_random_order_differs_between_participants(app, clinic_id):
    info = open_clinic(app, clinic_id)
    orders = set()
    for n in range(4):
        join(app.test_client(), info["code"], name=f"P{n}")
    with app.app_context():
        for q_sort in db.session.scalars(db.select(QSort)):
            orders.add(tuple(q_sort.draft["piles"]["unsorted"]))
    assert len(orders) > 1


def test_join_form_errors_are_shown(app, client, clinic_id):
    info = open_clinic(app, clinic_id)
    response = client.post(
        f"/join/{info['code']}", data={"display_name": "", "team_size": "0", "language": "en"}
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "This field is required." in text and "Number must be between 1 and 50." in text
    with app.app_context():
        assert db.session.scalars(db.select(Participant)).all() == []


def test_lobby_shows_a_waiting_page_that_polls(app, client, clinic_id):
    info = open_clinic(app, clinic_id, "lobby")
    join(client, info["code"])
    page = client.get("/sort").get_data(as_text=True)
    assert 'data-js="sort-wait"' in page and "/api/sort/status" in page
    assert client.get("/api/sort/status").json["phase"] == "lobby"
    open_clinic(app, clinic_id, "sorting")
    assert 'data-js="sort-app"' in client.get("/sort").get_data(as_text=True)


@pytest.mark.parametrize("phase", ["closed", "revealed"])
def test_closed_clinic_says_so(app, client, clinic_id, phase):
    """Does a reload while sorting is closed say what is stored (never "thank you for your
    interest")? Yes: the sort page, read-only, with the truth; a newcomer is told they cannot
    join; someone who joined and opens the join link again gets their own sort."""
    info = open_clinic(app, clinic_id)
    join(client, info["code"])
    open_clinic(app, clinic_id, phase)
    page = client.get("/sort").get_data(as_text=True)
    assert 'data-js="sort-app"' in page and "interest" not in page
    assert (
        "The facilitator closed sorting. No cards were placed on the grid yet. "
        "If sorting reopens you go on here."
    ) in page
    assert f'"phase": "{phase}"' in page
    assert client.get(f"/join/{info['code']}").headers["Location"] == "/sort"
    newcomer = app.test_client()
    response = newcomer.get(f"/join/{info['code']}")
    assert response.status_code == 200
    assert "Sorting is closed in this clinic, so you can no longer join." in response.get_data(
        as_text=True
    )
    join(newcomer, info["code"], name="Late")
    with app.app_context():
        names = db.session.scalars(db.select(Participant.display_name)).all()
    assert names == ["Team A"]


def test_resume_code_continues_the_sort_in_a_new_session(app, client, clinic_id):
    info = open_clinic(app, clinic_id)
    join(client, info["code"])
    code = participant_sort(app)["resume_code"]
    tablet = app.test_client()
    assert tablet.get("/sort").headers["Location"] == "/join"
    response = tablet.post("/resume", data={"resume_code": f" {code[:4].lower()}-{code[4:]} "})
    assert response.status_code == 302 and response.headers["Location"] == "/sort"
    assert code in tablet.get("/sort").get_data(as_text=True)


def test_unknown_resume_code_is_refused(app):
    response = app.test_client().post("/resume", data={"resume_code": "ABCDEFGH"})
    assert response.status_code == 422
    assert "This resume code is not known" in response.get_data(as_text=True)


def test_cookie_alone_brings_the_tablet_back(app, client, clinic_id):
    info = open_clinic(app, clinic_id)
    join(client, info["code"])
    code = participant_sort(app)["resume_code"]
    fresh = app.test_client()
    fresh.set_cookie("qsort_resume", code, domain="qsort.test")
    assert 'data-js="sort-app"' in fresh.get("/sort").get_data(as_text=True)


def test_submitted_participant_sees_the_receipt_even_when_closed(app, client, clinic_id):
    from tests.app.participants import complete_columns

    info = open_clinic(app, clinic_id)
    join(client, info["code"])
    sort_id = participant_sort(app)["sort_id"]
    body = {"version": 2, "step": "review", "columns": complete_columns(info)}
    answer = client.post(
        f"/api/sorts/{sort_id}/submit", json={"idempotency_key": "key-12345678", "draft": body}
    )
    open_clinic(app, clinic_id, "closed")
    assert client.get("/sort").headers["Location"] == "/sort/thanks"
    page = client.get("/sort/thanks").get_data(as_text=True)
    assert answer.json["receipt"] in page and "Thank you, Team A!" in page


def test_resume_attempts_are_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RESUME_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [
        client.post("/resume", data={"resume_code": "ABCDEFGH"}).status_code for _ in range(4)
    ]
    assert statuses == [422, 422, 422, 429]


def test_join_code_guesses_are_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, JOIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    statuses = [client.get("/join/ZZZZZZ").status_code for _ in range(3)]
    assert statuses == [404, 404, 429]


def test_a_whole_room_behind_one_address_can_join(make_app, make_facilitator, make_clinic):
    """Only wrong codes count: many tablets behind one NAT address all join, guesses still stop."""
    app = make_app(RATELIMIT_ENABLED=True, JOIN_RATE_LIMIT="2 per minute")
    info = open_clinic(app, make_clinic(make_facilitator()))
    statuses = [
        app.test_client()
        .post(
            f"/join/{info['code']}",
            data={"display_name": f"Team {n}", "team_size": "3", "language": "nl"},
        )
        .status_code
        for n in range(6)
    ]
    assert statuses == [302] * 6
    client = app.test_client()
    assert [client.get("/join/ZZZZZZ").status_code for _ in range(3)] == [404, 404, 429]


def test_json_writes_need_the_csrf_token_and_a_fresh_one_can_be_fetched(make_app, make_clinic):
    from qsort.services.auth import create_facilitator

    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        owner = create_facilitator("csrf@example.org", "long enough password")
    from tests.conftest import Account

    clinic = make_clinic(Account(owner.id, owner.email, ""))
    info = open_clinic(app, clinic)
    client = app.test_client()
    page = client.get(f"/join/{info['code']}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    data = {"display_name": "T", "language": "en", "csrf_token": token}
    assert client.post(f"/join/{info['code']}", data=data).status_code == 302
    sort_id = participant_sort(app, "T")["sort_id"]
    body = {"version": 2, "step": "grid"}
    refused = client.post(f"/api/sorts/{sort_id}/draft", json=body)
    assert refused.status_code == 400 and refused.json["error"] == "csrf"
    fresh = client.get("/api/csrf").json["csrf_token"]
    accepted = client.post(f"/api/sorts/{sort_id}/draft", json=body, headers={"X-CSRFToken": fresh})
    assert accepted.status_code == 200


def test_resume_qr_is_the_participants_own_and_opens_the_resume_form(app, client, clinic_id):
    """Can anyone fetch a participant's resume QR code? No: only their own session gets it; it
    encodes /resume?code=<their code>, and that page has the code filled in."""
    info = open_clinic(app, clinic_id)
    assert app.test_client().get("/sort/resume-qr.svg").status_code == 404
    join(client, info["code"])
    code = participant_sort(app)["resume_code"]
    svg = client.get("/sort/resume-qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert f"/resume?code={code}" in svg.get_data(as_text=True)
    page = app.test_client().get(f"/resume?code={code.lower()}").get_data(as_text=True)
    assert f'value="{code}"' in page
    assert "Continue on another tablet" in client.get("/sort").get_data(as_text=True)


def test_receipt_lists_what_was_stored(app, client, clinic_id):
    from tests.app.participants import complete_columns

    info = open_clinic(app, clinic_id)
    join(client, info["code"])
    sort = participant_sort(app)
    columns = complete_columns(info)
    draft = {"version": 2, "step": "review", "columns": columns, "piles": {},
             "comments": {str(columns["4"][0]): "Kern", str(columns["-4"][0]): "Minder"},
             "free_choice": "Samenwerking"}  # fmt: skip
    body = {"idempotency_key": "key-receipt1", "draft": draft}
    assert client.post(f"/api/sorts/{sort['sort_id']}/submit", json=body).status_code == 200
    page = client.get("/sort/thanks").get_data(as_text=True)
    assert "24 cards on the grid" in page and "2 comments" in page
    assert '<q data-test="stored-free-choice">Samenwerking</q>' in page


SORT_CSS = "/static/css/sort.css"


def test_the_tablet_pages_and_only_they_have_the_sorting_style_sheet(app, client, clinic_id):
    """Every page a participant sees carries the sorting style sheet (and no icon request),
    written once in base.html; the facilitator's pages do not."""
    info = open_clinic(app, clinic_id)
    pages = {url: client.get(url).get_data(as_text=True) for url in ("/join", "/resume")}
    pages["/join/code"] = client.get(f"/join/{info['code']}").get_data(as_text=True)
    join(client, info["code"])
    pages["/sort"] = client.get("/sort").get_data(as_text=True)
    for url, page in pages.items():
        assert page.count(SORT_CSS) == 1 and page.count('rel="icon" href="data:,"') == 1, url
    assert "<h1>Join a clinic</h1>" in pages["/join"]
    assert "<h1>Continue your sort</h1>" in pages["/resume"]
    login = client.get("/login").get_data(as_text=True)
    assert SORT_CSS not in login and "<h1>Facilitator log in</h1>" in login
