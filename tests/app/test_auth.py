"""Logging in and out: same answer for unknown email and wrong password, rate limit."""

import time

import pytest

from qsort.services import auth as auth_service


def test_login_and_logout(client, auth, make_facilitator):
    account = make_facilitator()
    response = auth.login(account)
    assert response.status_code == 302
    assert response.headers["Location"] == "/clinics/"
    assert "My clinics" in client.get("/clinics/").get_data(as_text=True)
    assert auth.logout().status_code == 302
    assert client.get("/clinics/").status_code == 302


def test_login_email_is_case_insensitive(client, make_facilitator):
    account = make_facilitator("Mixed@Example.org")
    response = client.post(
        "/login", data={"email": "MIXED@example.ORG ", "password": account.password}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("case", ["unknown email", "wrong password"])
def test_failures_look_the_same(client, make_facilitator, case):
    """Can an attacker tell an unknown email from a wrong password? No: same status and text."""
    account = make_facilitator("known@example.org")
    email = "nobody@example.org" if case == "unknown email" else account.email
    response = client.post("/login", data={"email": email, "password": "wrong password!"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Email or password is not correct." in page
    assert "nobody" not in page.split("<main")[1].split("value=")[0]


def test_unknown_email_still_checks_a_hash(app, monkeypatch, make_facilitator):
    """Unknown emails take a password check too, so timing does not give them away."""
    calls = []
    real = auth_service.check_password_hash
    monkeypatch.setattr(
        auth_service, "check_password_hash", lambda h, p: calls.append(h) or real(h, p)
    )
    make_facilitator("known@example.org")
    with app.app_context():
        start = time.perf_counter()
        assert auth_service.authenticate("nobody@example.org", "whatever") is None
        assert auth_service.authenticate("known@example.org", "whatever") is None
        assert time.perf_counter() - start < 5
    assert len(calls) == 2
    assert calls[0].split("$")[0] == calls[1].split("$")[0]  # same method and cost


def test_login_form_errors_rerender(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)


def test_login_is_rate_limited(make_app, make_facilitator):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    for _ in range(3):
        assert client.post("/login", data={"email": "a@b.org", "password": "x"}).status_code == 422
    response = client.post("/login", data={"email": "a@b.org", "password": "x"})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert client.get("/login").status_code == 200  # only the POST is limited


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_next_only_goes_to_this_site(client, make_facilitator, target):
    account = make_facilitator()
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": account.email, "password": account.password},
    )
    assert response.headers["Location"] == "/clinics/"


def test_next_within_site(client, make_facilitator):
    account = make_facilitator()
    response = client.post(
        "/login",
        query_string={"next": "/clinics/new"},
        data={"email": account.email, "password": account.password},
    )
    assert response.headers["Location"] == "/clinics/new"


def test_language_switch_and_browser_language(client):
    assert "Facilitator log in" in client.get("/login").get_data(as_text=True)
    dutch = client.get("/login", headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    assert dutch.status_code == 200
    assert 'lang="nl"' in dutch.get_data(as_text=True)
    response = client.post("/language", data={"lang": "nl", "next": "/login"})
    assert response.headers["Location"] == "/login"
    assert 'lang="nl"' in client.get("/login").get_data(as_text=True)
    client.post("/language", data={"lang": "en", "next": "/login"})
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)


def test_errors_answer_json_when_asked(client):
    response = client.get("/nowhere", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "Not found"
