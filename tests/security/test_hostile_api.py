"""Hostile input to the participant's JSON API (autosave and submit).

Each case sends something a broken or malicious client could send and asks: is the answer the
right status with a readable reason, and is everything stored about the sort unchanged?
"""

import json

import pytest

from qsort.extensions import db
from qsort.models import Clinic, Participant
from tests.app.participants import complete_columns, join, open_clinic, participant_sort, stored
from tests.helpers import named_cases

BIG = 2**63  # past every database integer


@pytest.fixture
def room(app, client, make_facilitator, make_clinic):
    """An open clinic, a second clinic, and a joined participant (Team A) with one saved draft."""
    owner = make_facilitator()
    info = open_clinic(app, make_clinic(owner))
    other = open_clinic(app, make_clinic(owner, title="Other"))
    join(client, info["code"])
    sort = participant_sort(app)
    columns = complete_columns(info)
    first = {"version": 2, "step": "grid", "columns": {"-4": columns["-4"]}}
    first["piles"] = {"unsorted": [i for i in info["ids"] if i not in columns["-4"]]}
    assert client.post(f"/api/sorts/{sort['sort_id']}/draft", json=first).status_code == 200
    return {**info, **sort, "other": other, "columns": columns, "owner": owner}


def _foreign(room):
    return room["other"]["ids"][0]


def _draft(room, **changes):
    body = {"version": 3, "step": "grid", "columns": room["columns"], "piles": {}}
    body.update(changes)
    return body


# (id, body builder or raw bytes, content type, status, error code)
DRAFT_CASES = [
    ("malformed-json", b'{"version": 3, "columns": ', "application/json", 400, "bad_draft"),
    ("not-utf8", b'{"version": 3, "step": "\xff\xfe"}', "application/json", 400, "bad_draft"),
    ("wrong-content-type", lambda r: json.dumps(_draft(r)), "text/plain", 400, "bad_draft"),
    ("form-encoded", b"version=3&step=grid", "application/x-www-form-urlencoded", 400, "bad_draft"),
    ("json-array", b"[1, 2, 3]", "application/json", 400, "bad_draft"),
    ("json-null", b"null", "application/json", 400, "bad_draft"),
    ("json-string", b'"draft"', "application/json", 400, "bad_draft"),
    ("no-version", lambda r: {k: v for k, v in _draft(r).items() if k != "version"}, None, 400, "bad_draft"),
    ("version-zero", lambda r: _draft(r, version=0), None, 400, "bad_draft"),
    ("version-negative", lambda r: _draft(r, version=-5), None, 400, "bad_draft"),
    ("version-text", lambda r: _draft(r, version="4"), None, 400, "bad_draft"),
    ("version-bool", lambda r: _draft(r, version=True), None, 400, "bad_draft"),
    ("version-float", lambda r: _draft(r, version=3.5), None, 400, "bad_draft"),
    ("version-huge", lambda r: _draft(r, version=BIG), None, 400, "bad_draft"),
    ("version-older", lambda r: _draft(r, version=2), None, 409, "stale"),
    ("columns-list", lambda r: _draft(r, columns=[1, 2]), None, 400, "bad_draft"),
    ("column-key-text", lambda r: _draft(r, columns={"high": [1]}), None, 400, "bad_draft"),
    ("column-ids-text", lambda r: _draft(r, columns={"0": ["1"]}), None, 400, "bad_draft"),
    ("column-ids-nested", lambda r: _draft(r, columns={"0": [[1]]}), None, 400, "bad_draft"),
    ("column-outside-grid", lambda r: _draft(r, columns={"9": r["ids"][:1]}), None, 422, "invalid"),
    ("column-key-huge", lambda r: _draft(r, columns={str(BIG): r["ids"][:1]}), None, 422, "invalid"),
    ("statement-twice", lambda r: _draft(r, columns={"0": r["ids"][:1] * 2}), None, 422, "invalid"),
    ("statement-foreign", lambda r: _draft(r, columns={"0": [_foreign(r)]}), None, 422, "invalid"),
    ("statement-unknown-huge", lambda r: _draft(r, columns={"0": [BIG]}), None, 422, "invalid"),
    ("pile-unknown", lambda r: _draft(r, piles={"trash": r["ids"][:1]}), None, 422, "invalid"),
    ("step-unknown", lambda r: _draft(r, step="<script>"), None, 422, "invalid"),
    ("step-not-text", lambda r: _draft(r, step=["grid"]), None, 400, "bad_draft"),
    ("comment-foreign", lambda r: _draft(r, comments={str(_foreign(r)): "x"}), None, 422, "invalid"),
    ("comment-not-text", lambda r: _draft(r, comments={str(r["ids"][0]): {"a": 1}}), None, 400, "bad_draft"),
    ("comment-too-long", lambda r: _draft(r, comments={str(r["ids"][0]): "x" * 2001}), None, 422, "invalid"),
    ("free-choice-too-long", lambda r: _draft(r, free_choice="y" * 2001), None, 422, "invalid"),
    ("free-choice-not-text", lambda r: _draft(r, free_choice=42), None, 400, "bad_draft"),
    ("nul-in-comment", lambda r: _draft(r, comments={str(r["ids"][0]): "a\x00b"}), None, 400, "bad_draft"),
    ("nul-in-free-choice", lambda r: _draft(r, free_choice="\x00"), None, 400, "bad_draft"),
]  # fmt: skip


def _send(client, url, body, content_type):
    if isinstance(body, (dict, list)):
        return client.post(url, json=body)
    data = body.encode() if isinstance(body, str) else body
    return client.post(url, data=data, content_type=content_type or "application/json")


@named_cases(("body", "content_type", "status", "error"), DRAFT_CASES)
def test_hostile_draft_is_refused_and_nothing_changes(
    app, client, room, body, content_type, status, error
):
    before = stored(app, room["sort_id"])
    payload = body(room) if callable(body) else body
    response = _send(client, f"/api/sorts/{room['sort_id']}/draft", payload, content_type)
    assert response.status_code == status, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["error"] == error
    assert answer["message"]  # a readable reason
    if status in (400, 422):
        assert answer["problems"]
    assert stored(app, room["sort_id"]) == before


def _submission(room, **changes):
    body = {"idempotency_key": "key-0001-abcd", "draft": _draft(room, step="review")}
    body["draft"].update(changes)
    return body


def _without(room, value):
    columns = {k: list(v) for k, v in room["columns"].items()}
    columns[value] = columns[value][1:]
    return columns


def _moved(room, source, target):
    columns = {k: list(v) for k, v in room["columns"].items() if k != source}
    columns[target] = list(room["columns"][source])
    return columns


def _swapped_counts(room):
    columns = {k: list(v) for k, v in room["columns"].items()}
    columns["0"].append(columns["-4"].pop())
    return columns


SUBMIT_CASES = [
    ("no-key", lambda r: {"draft": _draft(r)}, 400, "bad_key"),
    ("key-too-short", lambda r: {**_submission(r), "idempotency_key": "abc"}, 400, "bad_key"),
    ("key-with-html", lambda r: {**_submission(r), "idempotency_key": "<script>alert(1)</script>"}, 400, "bad_key"),
    ("key-not-text", lambda r: {**_submission(r), "idempotency_key": ["k" * 10]}, 400, "bad_key"),
    ("no-draft", lambda r: {"idempotency_key": "key-0001-abcd"}, 400, "bad_draft"),
    ("draft-not-object", lambda r: {**_submission(r), "draft": "all done"}, 400, "bad_draft"),
    ("statement-missing", lambda r: _submission(r, columns=_without(r, "0")), 422, "invalid"),
    ("wrong-column-counts", lambda r: _submission(r, columns=_swapped_counts(r)), 422, "invalid"),
    ("statement-twice", lambda r: _submission(r, columns={**r["columns"], "0": r["columns"]["0"][:-1] + r["columns"]["4"][:1]}), 422, "invalid"),
    ("statement-foreign", lambda r: _submission(r, columns={**r["columns"], "0": [*r["columns"]["0"][:-1], _foreign(r)]}), 422, "invalid"),
    ("value-outside-grid", lambda r: _submission(r, columns=_moved(r, "4", "7")), 422, "invalid"),
    ("empty-sort", lambda r: _submission(r, columns={}), 422, "invalid"),
]  # fmt: skip


@named_cases(("body", "status", "error"), SUBMIT_CASES)
def test_hostile_submit_is_refused_and_nothing_changes(app, client, room, body, status, error):
    before = stored(app, room["sort_id"])
    response = client.post(f"/api/sorts/{room['sort_id']}/submit", json=body(room))
    assert response.status_code == status, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["error"] == error and answer["message"]
    assert stored(app, room["sort_id"]) == before
    assert before["status"] == "draft"


def test_problems_list_every_problem_not_just_the_first(app, client, room):
    body = _submission(room, columns={"9": [_foreign(room)], "0": room["ids"][:1] * 2})
    answer = client.post(f"/api/sorts/{room['sort_id']}/submit", json=body).get_json()
    text = " ".join(answer["problems"])
    assert len(answer["problems"]) >= 4
    assert "+9" in text or "9" in text


def test_submitted_sort_cannot_be_changed_or_resubmitted_with_another_key(app, client, room):
    url = f"/api/sorts/{room['sort_id']}"
    first = client.post(f"{url}/submit", json=_submission(room))
    assert first.status_code == 200
    receipt = first.get_json()["receipt"]
    after = stored(app, room["sort_id"])
    again = client.post(f"{url}/submit", json=_submission(room))
    assert again.get_json()["receipt"] == receipt  # same key: same receipt, nothing new
    other_key = client.post(
        f"{url}/submit", json={**_submission(room), "idempotency_key": "another-key-1"}
    )
    assert other_key.status_code == 409 and other_key.get_json()["receipt"] == receipt
    late = client.post(f"{url}/draft", json=_draft(room, version=99))
    assert late.status_code == 409 and late.get_json()["error"] == "submitted"
    assert stored(app, room["sort_id"]) == after


def _second_participant(app, make_facilitator, make_clinic, same_clinic_code=None):
    client = app.test_client()
    if same_clinic_code is None:
        code = open_clinic(app, make_clinic(make_facilitator()))["code"]
    else:
        code = same_clinic_code
    join(client, code, name="Team B")
    return client, participant_sort(app, "Team B")


@pytest.mark.parametrize("where", ["same-clinic", "other-clinic"])
@pytest.mark.parametrize("method", ["get-draft", "post-draft", "submit"])
def test_another_participants_sort_is_a_404(
    app, client, room, make_facilitator, make_clinic, where, method
):
    """Can Team A read or write Team B's sort by changing the id? No: 404, B's sort unchanged."""
    code = room["code"] if where == "same-clinic" else None
    _other_client, theirs = _second_participant(app, make_facilitator, make_clinic, code)
    before = stored(app, theirs["sort_id"])
    url = f"/api/sorts/{theirs['sort_id']}"
    if method == "get-draft":
        response = client.get(f"{url}/draft")
    elif method == "post-draft":
        response = client.post(f"{url}/draft", json=_draft(room, version=50))
    else:
        response = client.post(f"{url}/submit", json=_submission(room))
    assert response.status_code == 404
    assert response.get_json()["message"]
    assert stored(app, theirs["sort_id"]) == before


@pytest.mark.parametrize("sort_id", ["0", "999999", "-1", "abc", str(BIG)])
def test_unknown_sort_ids_are_404(client, room, sort_id):
    response = client.post(f"/api/sorts/{sort_id}/draft", json={"version": 5})
    assert response.status_code == 404


def test_without_a_session_every_sort_is_404(app, room):
    stranger = app.test_client()
    assert stranger.get(f"/api/sorts/{room['sort_id']}/draft").status_code == 404
    assert (
        stranger.post(f"/api/sorts/{room['sort_id']}/draft", json={"version": 9}).status_code == 404
    )
    assert stranger.get("/api/sort/status").status_code == 404


def test_a_forged_resume_cookie_is_no_key(app, room):
    stranger = app.test_client()
    for value in ("AAAAAAAA", "' OR 1=1 --", "x" * 3000, "ÄÖÜ€€€€€"):
        stranger.set_cookie("qsort_resume", value, domain="qsort.test")
        assert stranger.get(f"/api/sorts/{room['sort_id']}/draft").status_code == 404
    # The control: the real resume code does open the sort.
    stranger.set_cookie("qsort_resume", room["resume_code"], domain="qsort.test")
    assert stranger.get(f"/api/sorts/{room['sort_id']}/draft").status_code == 200


@pytest.fixture
def csrf_room(make_app, make_facilitator):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from qsort.models import Facilitator
        from qsort.services.auth import create_facilitator
        from qsort.services.clinics import create_clinic

        owner = create_facilitator("csrf-owner@example.org", "long enough password")
        clinic = create_clinic(
            db.session.get(Facilitator, owner.id), title="C", preset_key="customer-focus",
            grid_key="9", lang="en",
        )  # fmt: skip
        clinic_id = clinic.id
    info = open_clinic(app, clinic_id)
    client = app.test_client()
    page = client.get(f"/join/{info['code']}").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    joined = client.post(
        f"/join/{info['code']}",
        data={"display_name": "Team A", "team_size": "3", "language": "en", "csrf_token": token},
    )
    assert joined.status_code == 302
    return app, client, info, participant_sort(app)


@pytest.mark.parametrize(
    "token", [None, "", "garbage", "IjQ2Y2E3ZjBk.Zt1y5A.stale-signature-from-another-session"]
)
def test_api_without_or_with_a_stale_csrf_token_is_refused(csrf_room, token):
    app, client, info, sort = csrf_room
    before = stored(app, sort["sort_id"])
    headers = {} if token is None else {"X-CSRFToken": token}
    body = {"version": 7, "step": "grid", "columns": {}, "piles": {"unsorted": info["ids"]}}
    response = client.post(f"/api/sorts/{sort['sort_id']}/draft", json=body, headers=headers)
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf"
    assert stored(app, sort["sort_id"]) == before
    fresh = client.get("/api/csrf").get_json()["csrf_token"]
    ok = client.post(
        f"/api/sorts/{sort['sort_id']}/draft", json=body, headers={"X-CSRFToken": fresh}
    )
    assert ok.status_code == 200


def test_a_token_from_another_session_is_refused(csrf_room):
    app, client, _info, sort = csrf_room
    other = app.test_client()
    foreign = other.get("/api/csrf").get_json()["csrf_token"]
    response = client.post(
        f"/api/sorts/{sort['sort_id']}/draft", json={"version": 8}, headers={"X-CSRFToken": foreign}
    )
    assert response.status_code == 400 and response.get_json()["error"] == "csrf"


def test_database_state_of_others_is_untouched(app, room):
    """After the whole corpus above, only Team A's own sort ever changed."""
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Participant.id))) == 1
        assert db.session.get(Clinic, room["other"]["clinic_id"]).participants == []
