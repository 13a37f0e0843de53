"""Who may see and change a clinic: the permission matrix for every facilitator URL."""

import pytest
from flask import Flask

from qsort.extensions import db
from qsort.models import Clinic

# (method, path template, status the owner gets)
URLS = [
    ("GET", "/clinics/", 200),
    ("GET", "/clinics/new", 200),
    ("GET", "/clinics/import/", 200),
    ("POST", "/clinics/new", 302),
    ("GET", "/clinics/{id}", 200),
    ("POST", "/clinics/{id}", 302),
    ("GET", "/clinics/{id}/statements", 200),
    ("GET", "/clinics/{id}/grid", 200),
    ("POST", "/clinics/{id}/grid", 302),
    ("GET", "/clinics/{id}/import", 200),
    ("POST", "/clinics/{id}/duplicate", 302),
    ("GET", "/clinics/{id}/delete", 200),
    ("POST", "/clinics/{id}/delete", 302),
    ("GET", "/clinics/{id}/qr.svg", 200),
    ("GET", "/clinics/{id}/clinic-file.json", 200),
    ("GET", "/clinics/{id}/live", 200),
    ("GET", "/clinics/{id}/live/roster", 200),
    ("GET", "/clinics/{id}/live.json", 200),
    ("POST", "/clinics/{id}/phase", 302),
    ("POST", "/clinics/{id}/timer", 302),
    ("POST", "/clinics/{id}/projector/renew", 302),
    ("GET", "/clinics/{id}/projector", 200),
    ("GET", "/clinics/{id}/projector/panel", 200),
    ("GET", "/clinics/{id}/results", 200),
    ("POST", "/clinics/{id}/results/run", 302),
]
FORM_DATA = {
    "/clinics/new": {"preset": "customer-focus", "title_en": "New one", "grid": "9"},
    "/clinics/{id}": {"title_en": "Renamed", "question_nl": "Vraag", "question_en": "Q"},
    "/clinics/{id}/grid": {"preset": "7", "apply": "1"},
    "/clinics/{id}/delete": {"confirm": "y"},
    "/clinics/{id}/phase": {"phase": "sorting"},
    "/clinics/{id}/timer": {"minutes": "5"},
}


def _call(client, method, template, clinic_id):
    path = template.format(id=clinic_id)
    data = FORM_DATA.get(template, {})
    return client.open(path, method=method, data=data if method == "POST" else None)


def _clinic_count(app: Flask) -> int:
    with app.app_context():
        return len(db.session.scalars(db.select(Clinic)).all())


@pytest.mark.parametrize(("method", "template", "owner_status"), URLS)
def test_anonymous_is_sent_to_login(
    app, client, make_facilitator, make_clinic, method, template, owner_status
):
    """Can someone who is not logged in use a facilitator URL? No: redirect to log in."""
    clinic_id = make_clinic(make_facilitator())
    response = _call(client, method, template, clinic_id)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert _clinic_count(app) == 1


@pytest.mark.parametrize(("method", "template", "owner_status"), URLS)
def test_other_facilitator_gets_404(
    app, client, auth, make_facilitator, make_clinic, method, template, owner_status
):
    """Can a facilitator reach another facilitator's clinic? No: it does not exist for them."""
    clinic_id = make_clinic(make_facilitator())
    auth.login(make_facilitator())
    response = _call(client, method, template, clinic_id)
    if "{id}" in template:
        assert response.status_code == 404
        assert b"not yours" in response.data
        with app.app_context():
            clinic = db.session.get(Clinic, clinic_id)
            assert clinic is not None and clinic.title_en == "Test clinic"
            assert clinic.grid[0]["value"] == -4
        assert _clinic_count(app) == 1
    else:  # list and create are about their own clinics
        assert response.status_code == owner_status
        assert b"Test clinic" not in client.get("/clinics/").data


@pytest.mark.parametrize(("method", "template", "owner_status"), URLS)
def test_owner_may(
    app, client, auth, make_facilitator, make_clinic, method, template, owner_status
):
    """Can the owner use every URL of their clinic? Yes."""
    owner = make_facilitator()
    clinic_id = make_clinic(owner)
    auth.login(owner)
    response = _call(client, method, template, clinic_id)
    assert response.status_code == owner_status
    if template.endswith("qr.svg"):
        assert response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data


def test_join_page_is_public(client, make_facilitator, make_clinic, app):
    clinic_id = make_clinic(make_facilitator())
    with app.app_context():
        code = db.session.get(Clinic, clinic_id).join_code
    response = client.get(f"/join/{code.lower()}")
    assert response.status_code == 200
    assert b"Test clinic" in response.data
    assert client.get("/join/ZZZZZZ").status_code == 404


def test_join_url_and_qr_use_the_public_url(app, client, auth, make_facilitator, make_clinic):
    """With PUBLIC_URL set (qsort serve --lan), do the join link and QR point tablets there?"""
    owner = make_facilitator()
    clinic_id = make_clinic(owner)
    auth.login(owner)
    app.config["PUBLIC_URL"] = "http://192.168.1.20:8000"
    with app.app_context():
        code = db.session.get(Clinic, clinic_id).join_code
    page = client.get(f"/clinics/{clinic_id}").get_data(as_text=True)
    assert f"http://192.168.1.20:8000/join/{code}" in page
    assert "http://localhost" not in page
