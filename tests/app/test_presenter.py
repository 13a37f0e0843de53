"""The presenter (reveal steps), moderation and free-choice themes through the web app."""

import pytest

from qsort.extensions import db
from qsort.models import AuditEvent, Clinic, Moderation
from qsort.services import analysis_run
from qsort.services.free_choice import themes_for
from tests.presenter_seed import ANSWERS, COMMENT, logged_in, seed_room

PASSWORD = "presenter test password"


@pytest.fixture
def room(client):
    """The demo clinic, revealed, with comments and free-choice answers and a stored run."""
    return logged_in(client, seed_room, PASSWORD)


def _panel(client, room):
    return client.get(f"/projector/{room['token']}/panel").get_data(as_text=True)


def _stored(app, clinic_id):
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        rows = db.session.execute(
            db.select(Moderation.kind, Moderation.item_id, Moderation.status).order_by(
                Moderation.id
            )
        ).all()
        return clinic.reveal_step, clinic.free_choice_edits, [tuple(r) for r in rows]


def _step(client, room, **data):
    return client.post(f"/clinics/{room['clinic']}/reveal/step", data=data)


def test_steps_walk_top_five_viewpoints_room_themes_comments(app, client, room):
    with app.app_context():
        run = analysis_run.latest_run(db.session.get(Clinic, room["clinic"]))
        names = [v["name_en"] for v in run.result["viewpoints"]]
        n_factors = len(run.result["ranking"]["factors"])
    seen = [_panel(client, room)]
    for _ in range(n_factors + 3):
        assert _step(client, room, move="next").status_code == 302
        seen.append(_panel(client, room))
    keys = [page.split('data-step="')[1].split('"')[0] for page in seen]
    expected = ["top", *(f"viewpoint-{n}" for n in range(1, n_factors + 1))]
    assert keys == [*expected, "consensus", "themes", "comments"]
    assert 'data-test="top-five"' in seen[0]
    for page, name in zip(seen[1 : 1 + n_factors], names, strict=True):
        assert name.replace("'", "&#39;") in page and 'data-test="gist"' in page
    _step(client, room, move="next")  # past the end: stays on the last step
    assert _stored(app, room["clinic"])[0] == n_factors + 3
    _step(client, room, move="previous")
    assert 'data-step="themes"' in _panel(client, room)
    for page in seen:
        assert not any(name in page for name in room["names"])


def test_the_panel_etag_changes_with_the_step(app, client, room):
    first = client.get(f"/projector/{room['token']}/panel")
    etag = first.headers["ETag"]
    again = client.get(f"/projector/{room['token']}/panel", headers={"If-None-Match": etag})
    assert again.status_code == 304
    _step(client, room, move="next")
    moved = client.get(f"/projector/{room['token']}/panel", headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.headers["ETag"] != etag


def _to(client, room, key):
    for index in range(12):
        _step(client, room, index=index)
        if f'data-step="{key}"' in _panel(client, room):
            return
    raise AssertionError(key)


def test_texts_reach_the_projector_only_after_approval(app, client, room):
    _to(client, room, "comments")
    assert COMMENT not in _panel(client, room)
    client.post(
        f"/clinics/{room['clinic']}/moderation",
        data={"kind": "comment", "item": room["comment"], "status": "approved"},
    )
    assert COMMENT in _panel(client, room)
    client.post(
        f"/clinics/{room['clinic']}/moderation",
        data={"kind": "comment", "item": room["comment"], "status": "hidden"},
    )
    assert COMMENT not in _panel(client, room)
    _to(client, room, "themes")
    page = _panel(client, room)
    assert not any(a.lower().strip("!") in page.lower() for a in ANSWERS)
    client.post(
        f"/clinics/{room['clinic']}/moderation",
        data={"kind": "answer", "item": room["answers"][1], "status": "approved"},
    )
    page = _panel(client, room)
    assert "Fun at work" in page and "× 1" in page  # the approved one only, counted once
    assert "purpose" not in page.lower() and "customer contact" not in page.lower()


def test_a_refused_decision_changes_nothing(app, client, room):
    before = _stored(app, room["clinic"])
    for data, status, reason in (
        ({"kind": "comment", "item": "999999", "status": "approved"}, 200, "not in the clinic"),
        ({"kind": "answer", "item": room["answers"][0], "status": "shown"}, 400,
         "Not accepted: Decision: Not a valid choice."),
        ({"kind": "name", "item": room["answers"][0], "status": "approved"}, 400,
         "Not accepted: Text: Not a valid choice."),
    ):  # fmt: skip
        response = client.post(
            f"/clinics/{room['clinic']}/moderation", data=data, follow_redirects=True
        )
        assert response.status_code == status
        assert reason in response.get_data(as_text=True)
    assert _stored(app, room["clinic"]) == before


def test_merge_split_and_name_are_stored_and_audited(app, client, room):
    with app.app_context():
        groups = themes_for(db.session, db.session.get(Clinic, room["clinic"]))
    fun = next(g for g in groups if room["answers"][0] in g.answer_ids)
    assert set(fun.answer_ids) == set(room["answers"][:2])  # typed twice: one group
    purpose = next(g for g in groups if room["answers"][2] in g.answer_ids)
    url = f"/clinics/{room['clinic']}/themes"
    client.post(f"{url}/merge", data={"group": fun.id, "other": purpose.id})
    client.post(f"{url}/name", data={"group": fun.id, "name": "  Joy and  purpose "})
    with app.app_context():
        groups = themes_for(db.session, db.session.get(Clinic, room["clinic"]))
    merged = next(g for g in groups if g.id == fun.id)
    assert merged.label == "Joy and purpose" and merged.count == 3
    client.post(f"{url}/split", data={"answer": room["answers"][2]})
    with app.app_context():
        clinic = db.session.get(Clinic, room["clinic"])
        groups = themes_for(db.session, clinic)
        actions = db.session.scalars(
            db.select(AuditEvent.action).where(AuditEvent.action == "free-choice")
        ).all()
    assert next(g for g in groups if g.id == fun.id).count == 2
    assert any(g.answer_ids == (room["answers"][2],) for g in groups)
    assert len(actions) == 3
    before = _stored(app, room["clinic"])
    page = client.post(
        f"{url}/name", data={"group": fun.id, "name": "x" * 121}, follow_redirects=True
    )
    assert "1 to 120 characters" in page.get_data(as_text=True)
    client.post(f"{url}/merge", data={"group": fun.id, "other": "gnope"})
    assert _stored(app, room["clinic"]) == before


def test_presenter_needs_login_and_csrf_is_checked(app, client, room):
    client.post("/logout")
    before = _stored(app, room["clinic"])
    response = _step(client, room, move="next")
    assert response.status_code in (302, 401) and "/login" in response.headers.get("Location", "")
    assert _stored(app, room["clinic"]) == before


def test_results_page_shows_the_groups_with_counts(app, client, room):
    group_id = "g" + room["answers"][0]
    client.post(
        f"/clinics/{room['clinic']}/themes/name", data={"group": group_id, "name": "Plezier"}
    )
    page = client.get(f"/clinics/{room['clinic']}/results").get_data(as_text=True)
    section = page.split('data-test="free-choice-themes"')[1].split("</section>")[0]
    assert '<span>Plezier</span> <span class="muted">× 2</span>' in section
    assert "× 1" in section  # "A clear purpose" and "Customer contact" stay on their own


def test_the_page_after_creating_a_clinic_opens_the_room(app, client, auth, make_facilitator):
    owner = make_facilitator()
    auth.login(owner)
    form = {"title_en": "Room", "preset": "customer-focus", "grid": "9"}
    created = client.post("/clinics/new", data=form, follow_redirects=True)
    page = created.get_data(as_text=True)
    assert 'data-test="open-sorting"' in page
    with app.app_context():
        clinic = db.session.scalar(db.select(Clinic).where(Clinic.title_en == "Room"))
        clinic_id, token = clinic.id, clinic.projector_token
    assert f"/projector/{token}" in page
    opened = client.post(f"/clinics/{clinic_id}/phase", data={"phase": "sorting"})
    assert opened.headers["Location"].endswith(f"/clinics/{clinic_id}/live")
    with app.app_context():
        assert db.session.get(Clinic, clinic_id).phase == "sorting"
    again = client.get(f"/clinics/{clinic_id}").get_data(as_text=True)
    assert 'data-test="open-sorting"' not in again  # only while the clinic is in the lobby
