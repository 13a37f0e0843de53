"""The autosave and submit endpoints: versions, validation, exactly-once, ownership.

Every refusal is checked at three levels: the status, the readable reason (with every problem
listed), and the stored draft, which must be exactly as it was before the request.
"""

import pytest

from tests.app.participants import complete_columns, join, open_clinic, participant_sort, stored


@pytest.fixture
def info(app, make_facilitator, make_clinic):
    return open_clinic(app, make_clinic(make_facilitator()))


@pytest.fixture
def joined(app, client, info):
    assert join(client, info["code"]).status_code == 302
    return participant_sort(app)


def draft(info, version, **overrides):
    body = {
        "version": version,
        "step": "grid",
        "columns": {"4": [info["ids"][0]]},
        "piles": {"less": info["ids"][1:10], "neutral": info["ids"][10:]},
        "comments": {},
        "free_choice": "",
    }
    body.update(overrides)
    return body


def save(client, joined, body):
    return client.post(f"/api/sorts/{joined['sort_id']}/draft", json=body)


def submit(client, joined, key, body):
    return client.post(
        f"/api/sorts/{joined['sort_id']}/submit", json={"idempotency_key": key, "draft": body}
    )


def test_save_stores_placements_piles_comments_and_activity(app, client, info, joined):
    body = draft(info, 2, comments={str(info["ids"][0]): " because "}, free_choice="trust")
    response = save(client, joined, body)
    assert response.status_code == 200 and response.json == {"version": 2}
    after = stored(app, joined["sort_id"])
    assert after["placements"] == [(info["ids"][0], 4, 0)]
    assert after["draft"]["piles"]["less"] == info["ids"][1:10]
    assert after["comments"] == [(info["ids"][0], "because")]
    assert after["free_choice"] == "trust"
    loaded = client.get(f"/api/sorts/{joined['sort_id']}/draft").json
    assert loaded["columns"] == {"4": [info["ids"][0]]} and loaded["version"] == 2


def test_older_version_never_overwrites_newer(app, client, info, joined):
    """Does a late, older save overwrite a newer one? No: 409 with the stored version."""
    assert save(client, joined, draft(info, 5)).status_code == 200
    before = stored(app, joined["sort_id"])
    for version in (5, 3):
        response = save(client, joined, draft(info, version, columns={}))
        assert response.status_code == 409
        assert response.json["error"] == "stale" and response.json["version"] == 5
        assert "newer version" in response.json["message"]
    assert stored(app, joined["sort_id"]) == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda i: {"columns": {"9": [i[0]]}}, "The grid has no column +9."),
        (lambda i: {"columns": {"4": [999_999]}}, "Statement 999999 is not one of this clinic's"),
        (lambda i: {"columns": {"4": [i[1]]}}, "appears 2 times"),
        (lambda i: {"piles": {"maybe": [i[0]]}}, "There is no pile called “maybe”."),
        (lambda i: {"comments": {"999999": "x"}}, "which is not in this clinic"),
        (lambda i: {"free_choice": "x" * 2001}, "longer than 2000 characters"),
        (lambda i: {"step": "done"}, "a step that does not exist"),
    ],
)
def test_invalid_draft_is_refused_and_nothing_changes(app, client, info, joined, change, expected):
    assert save(client, joined, draft(info, 2)).status_code == 200
    before = stored(app, joined["sort_id"])
    response = save(client, joined, draft(info, 3, **change(info["ids"])))
    assert response.status_code == 422
    assert response.json["error"] == "invalid"
    assert any(expected in p for p in response.json["problems"]), response.json["problems"]
    assert stored(app, joined["sort_id"]) == before


def test_every_problem_is_listed(client, info, joined):
    body = draft(info, 2, columns={"9": [info["ids"][0]], "-9": [999_999]}, step="x")
    problems = save(client, joined, body).json["problems"]
    assert len(problems) == 4


@pytest.mark.parametrize("body", [None, {"version": "two"}, {"version": 2, "columns": []}])
def test_malformed_draft_is_a_400(app, client, joined, body):
    before = stored(app, joined["sort_id"])
    response = client.post(f"/api/sorts/{joined['sort_id']}/draft", json=body)
    assert response.status_code == 400 and response.json["error"] == "bad_draft"
    assert stored(app, joined["sort_id"]) == before


def eight_placed(info, version):
    columns = {"-4": [info["ids"][0]], "-3": info["ids"][1:3], "-2": info["ids"][3:6], "4": [info["ids"][6]], "3": [info["ids"][7]]}  # fmt: skip
    return draft(info, version, columns=columns, piles={"neutral": info["ids"][8:]})


@pytest.mark.parametrize("phase", ["lobby", "closed", "revealed"])
def test_saving_and_submitting_only_while_sorting(app, client, info, joined, phase):
    """Is a save or submit taken while sorting is not open? No, and the refusal says truthfully
    what is stored: the 8 cards saved before."""
    assert save(client, joined, eight_placed(info, 2)).status_code == 200
    open_clinic(app, info["clinic_id"], phase)
    before = stored(app, joined["sort_id"])
    response = save(client, joined, draft(info, 3))
    assert response.status_code == 409 and response.json["error"] == "closed"
    assert response.json["message"] == (
        "Sorting is closed, so this change was not saved. Your 8 placed cards are saved."
    )
    assert (response.json["phase"], response.json["placed"]) == (phase, 8)
    full = draft(info, 3, columns=complete_columns(info), piles={})
    refused = submit(client, joined, "key-12345678", full)
    assert refused.status_code == 409 and refused.json["error"] == "closed"
    assert refused.json["message"] == (
        "Sorting is closed, so your sort was not sent. Your 8 placed cards are saved. "
        "If sorting reopens you can send it here."
    )
    assert stored(app, joined["sort_id"]) == before


def test_submit_is_exactly_once(app, client, info, joined):
    full = draft(info, 2, columns=complete_columns(info), piles={}, step="review")
    first = submit(client, joined, "key-aaaaaaaa", full)
    assert first.status_code == 200
    receipt = first.json["receipt"]
    assert len(receipt) == 8
    again = submit(client, joined, "key-aaaaaaaa", full)
    assert again.status_code == 200 and again.json["receipt"] == receipt
    after = stored(app, joined["sort_id"])
    assert after["status"] == "submitted" and len(after["placements"]) == 24
    other = submit(client, joined, "key-bbbbbbbb", full)
    assert other.status_code == 409
    assert other.json["error"] == "submitted" and other.json["receipt"] == receipt
    locked = save(client, joined, draft(info, 99))
    assert locked.status_code == 409 and locked.json["error"] == "submitted"
    assert stored(app, joined["sort_id"]) == after


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda cols, ids: cols["4"].append(cols["-4"].pop()), "Column +4 holds 2 statements"),
        (lambda cols, ids: cols["0"].pop(), "is not on the grid yet"),
        (lambda cols, ids: cols["0"].append(999_999), "not one of this clinic's"),
        (lambda cols, ids: cols["1"].__setitem__(0, cols["0"][0]), "appears 2 times"),
    ],
)
def test_incomplete_submission_is_refused(app, client, info, joined, change, expected):
    assert save(client, joined, draft(info, 2)).status_code == 200
    before = stored(app, joined["sort_id"])
    columns = complete_columns(info)
    change(columns, info["ids"])
    response = submit(client, joined, "key-cccccccc", draft(info, 3, columns=columns, piles={}))
    assert response.status_code == 422
    assert any(expected in p for p in response.json["problems"]), response.json["problems"]
    assert stored(app, joined["sort_id"]) == before


@pytest.mark.parametrize("key", ["", "short", "x" * 65, "no spaces allowed"])
def test_submit_needs_a_valid_key(app, client, info, joined, key):
    before = stored(app, joined["sort_id"])
    full = draft(info, 2, columns=complete_columns(info), piles={})
    response = submit(client, joined, key, full)
    assert response.status_code == 400 and response.json["error"] == "bad_key"
    assert stored(app, joined["sort_id"]) == before


def test_another_participants_sort_is_a_404(app, make_app, client, info, joined):
    """Can a participant read or write someone else's sort by its id? No: 404, unchanged."""
    other = app.test_client()
    join(other, info["code"], name="Team B")
    theirs = participant_sort(app, "Team B")
    before = stored(app, theirs["sort_id"])
    url = f"/api/sorts/{theirs['sort_id']}"
    assert client.get(f"{url}/draft").status_code == 404
    assert client.post(f"{url}/draft", json=draft(info, 9)).status_code == 404
    full = draft(info, 9, columns=complete_columns(info), piles={})
    response = client.post(f"{url}/submit", json={"idempotency_key": "key-dddddddd", "draft": full})
    assert response.status_code == 404 and "message" in response.json
    anonymous = app.test_client()
    assert anonymous.get(f"{url}/draft").status_code == 404
    assert stored(app, theirs["sort_id"]) == before


def test_status_endpoint_reports_the_phase(app, client, info, joined):
    response = client.get("/api/sort/status")
    assert response.json == {
        "phase": "sorting",
        "status": "draft",
        "version": 1,
        "timer_ends_at": None,  # no countdown started
        "auto_close": False,
    }
    assert response.headers["Cache-Control"] == "no-store"
    assert app.test_client().get("/api/sort/status").status_code == 404


@pytest.mark.parametrize(
    ("phase", "lang", "message"),
    [
        ("closed", "en", "The facilitator closed sorting. Your 8 placed cards are saved. If sorting reopens you go on here."),
        ("closed", "nl", "De facilitator heeft het sorteren gesloten. Je 8 geplaatste kaarten zijn bewaard. Gaat het sorteren weer open, dan ga je hier verder."),
        ("lobby", "en", "Sorting is not open yet. Your 8 placed cards are saved. This page goes on by itself when your facilitator opens it."),
    ],
)  # fmt: skip
def test_status_says_what_is_stored_when_sorting_is_not_open(app, info, phase, lang, message):
    tablet = app.test_client()
    join(tablet, info["code"], lang=lang)
    joined = participant_sort(app)
    assert save(tablet, joined, eight_placed(info, 2)).status_code == 200
    open_clinic(app, info["clinic_id"], phase)
    body = tablet.get("/api/sort/status").json
    assert (body["phase"], body["placed"], body["message"]) == (phase, 8, message)


def _rows(app, sort_id):
    """The sort's placement and comment rows as the database holds them."""
    from qsort.extensions import db
    from qsort.models import Comment, Placement

    with app.app_context():
        placements = db.session.scalars(
            db.select(Placement.statement_id).where(Placement.q_sort_id == sort_id)
        ).all()
        comments = db.session.scalars(
            db.select(Comment.text).where(Comment.q_sort_id == sort_id)
        ).all()
    return len(placements), sorted(comments)


def test_a_draft_is_one_document_and_submit_writes_its_rows_once(app, client, info, joined):
    """Does an autosave write placement rows? No: the draft is the document in the sort's row;
    the rows are written on submit, once, and a retried submit adds none."""
    sid = str(info["ids"][0])
    assert save(client, joined, draft(info, 2, comments={sid: " why "})).status_code == 200
    assert _rows(app, joined["sort_id"]) == (0, [])
    document = stored(app, joined["sort_id"])["draft"]
    assert document["columns"] == {"4": [info["ids"][0]]}
    assert document["comments"] == {sid: "why"}
    full = draft(info, 3, columns=complete_columns(info), piles={}, comments={sid: "why"})
    assert submit(client, joined, "key-eeeeeeee", full).status_code == 200
    assert submit(client, joined, "key-eeeeeeee", full).status_code == 200
    assert _rows(app, joined["sort_id"]) == (24, ["why"])
    assert "columns" not in stored(app, joined["sort_id"])["draft"]


def test_autosave_does_not_resend_the_session_cookie(client, info, joined):
    """The sort page renews the session; the autosaves (every few seconds) leave it as is."""
    assert client.get("/sort").status_code == 200  # the tablet opens its sort first
    response = save(client, joined, draft(info, 2))
    assert response.status_code == 200
    assert not any("session=" in c for c in response.headers.getlist("Set-Cookie"))
    page = client.get("/sort")
    assert any("session=" in c for c in page.headers.getlist("Set-Cookie"))


def test_a_key_another_sort_used_is_a_409_bad_key(app, client, info, joined):
    """Can a second participant submit with a key another sort already used? No: 409 with
    the same readable bad_key refusal, and their sort stays a draft, unchanged."""
    full = draft(info, 2, columns=complete_columns(info), piles={}, step="review")
    assert submit(client, joined, "key-shared-1", full).status_code == 200
    other = app.test_client()
    join(other, info["code"], name="Team B")
    theirs = participant_sort(app, "Team B")
    before = stored(app, theirs["sort_id"])
    response = submit(other, theirs, "key-shared-1", full)
    assert response.status_code == 409 and response.json["error"] == "bad_key"
    assert "submission key is missing or not valid" in response.json["message"]
    assert stored(app, theirs["sort_id"]) == before and before["status"] == "draft"


def test_problems_and_malformed_drafts_read_in_the_participants_language(app, info):
    """Does a Dutch participant read the sort's problems in Dutch? Yes, from the catalogue,
    and the reason a payload is no draft at all too (it was English before)."""
    dutch = app.test_client()
    join(dutch, info["code"], name="Team NL", lang="nl")
    mine = participant_sort(app, "Team NL")
    before = stored(app, mine["sort_id"])
    columns = complete_columns(info)
    columns["4"].append(columns["-4"].pop())
    response = submit(dutch, mine, "key-nl-000001", draft(info, 3, columns=columns, piles={}))
    assert response.status_code == 422
    assert "Kolom +4 bevat 2 stellingen; dat moeten er 1 zijn." in response.json["problems"]
    assert "Kolom −4 bevat 0 stellingen; dat moeten er 1 zijn." in response.json["problems"]
    malformed = dutch.post(f"/api/sorts/{mine['sort_id']}/draft", json=[1])
    assert malformed.status_code == 400 and malformed.json["error"] == "bad_draft"
    assert malformed.json["problems"] == ["Het concept moet een JSON-object zijn."]
    assert stored(app, mine["sort_id"]) == before
