"""CSRF protection on every state change."""

import pytest

from qsort.extensions import db
from qsort.models import Clinic
from tests.builders import room


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/clinics/new", {"preset": "customer-focus", "title_en": "X", "grid": "9"}),
        ("/clinics/{id}", {"title_en": "Hijacked"}),
        ("/clinics/{id}/duplicate", {}),
        ("/clinics/{id}/delete", {"confirm": "y"}),
        ("/clinics/{id}/grid", {"preset": "7", "apply": "1"}),
    ],
)
def test_post_without_token_is_rejected(csrf_app, path, data):
    """Does a state change without a CSRF token go through? No: 400, nothing changed."""
    with csrf_app.app_context():
        clinic = room("owner@example.org", title="Mine")
        clinic_id, owner_id = clinic.id, clinic.owner_id
    client = csrf_app.test_client()
    with client.session_transaction() as session:  # logged in without going through the form
        session["_user_id"] = str(owner_id)
        session["_fresh"] = True
    response = client.post(path.format(id=clinic_id), data=data)
    assert response.status_code == 400
    assert b"security token" in response.data
    with csrf_app.app_context():
        clinics = db.session.scalars(db.select(Clinic)).all()
        assert [(c.title_en, c.grid[0]["value"]) for c in clinics] == [("Mine", -4)]


def test_login_without_token_is_rejected(csrf_app):
    response = csrf_app.test_client().post("/login", data={"email": "a@b.c", "password": "x"})
    assert response.status_code == 400


def test_form_with_token_is_accepted(csrf_app):
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"email": "a@b.c", "password": "x", "csrf_token": token})
    assert response.status_code == 422  # past CSRF, now a wrong password
    assert "Email or password is not correct." in response.get_data(as_text=True)
