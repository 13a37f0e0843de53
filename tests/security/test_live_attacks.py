"""The attacks of issue 14, against the real server (``qsort serve``; gunicorn with 2 workers
and Redis limits on PostgreSQL): each is refused with the status and message stated, and the
row count of every table is the same before and after.

Numbers refer to the issue's list. (2, the half-open connections: test_slow_clients.py.)
"""

import pytest

pytestmark = pytest.mark.slow

LIVE_CONFIG = {
    "JOIN_RATE_LIMIT": "5 per minute",
    "RESUME_RATE_LIMIT": "5 per minute",
    "JOIN_SUCCESS_RATE_LIMIT": "4 per minute",
}


@pytest.fixture
def owner(live_server):
    browser = live_server.client()
    yield browser, live_server.seeded["owner"]
    browser.close()


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["location"]


def _replay(live_server, name: str, value: str):
    thief = live_server.client()
    thief.http.cookies.set(name, value)
    try:
        return thief.get("/clinics/")
    finally:
        thief.close()


def test_1_tokens_are_new_per_log_in_and_end_at_log_out(live_server, owner):
    browser, seeded = owner
    tokens = set()
    for _ in range(2):
        other = live_server.client()
        other.log_in(seeded["email"], remember=True)
        tokens.add(other.http.cookies["remember_token"])
        other.close()
    browser.log_in(seeded["email"], remember=True)
    stolen = {name: browser.http.cookies[name] for name in ("session", "remember_token")}
    tokens.add(stolen["remember_token"])
    assert len(tokens) == 3  # a new token on every log-in
    assert _replay(live_server, "remember_token", stolen["remember_token"]).status_code == 200
    before = live_server.counts()
    assert browser.post("/logout").status_code == 302
    for name, value in stolen.items():  # copied before the log-out, replayed after it
        response = _replay(live_server, name, value)
        assert _is_login_redirect(response), (name, response.status_code)
    assert live_server.counts() == before


def test_3_one_address_cannot_flood_a_clinic_with_joins(live_server):
    """1 000 fake participants from one address? The 5th join from it (limit 4 per minute) is
    a 429 "Too many attempts" and adds nobody."""
    device = live_server.client()
    code = live_server.seeded["other"]["code"]
    assert [device.join(code, f"Fake {n}").status_code for n in range(4)] == [302] * 4
    before = live_server.counts()
    for n in range(3):
        refused = device.join(code, f"Fake {n + 4}")
        assert refused.status_code == 429 and "Too many attempts" in refused.text
        assert int(refused.headers["Retry-After"]) >= 1
    assert live_server.counts() == before
    device.close()


def test_3_a_clinic_stops_at_its_maximum(live_server):
    from sqlalchemy import text

    clinic = live_server.seeded["owner"]
    live_server.sql(
        text("UPDATE clinics SET max_participants = 2 WHERE id = :id"), id=clinic["clinic_id"]
    )
    joined = [live_server.client().join(clinic["code"], f"Team {n}") for n in range(2)]
    assert [r.status_code for r in joined] == [302, 302]
    before = live_server.counts()
    for lang, words in (("en", "This clinic is full"), ("nl", "Deze clinic is vol")):
        device = live_server.client()
        device.http.headers["Accept-Language"] = lang
        refused = device.join(clinic["code"], "One too many")
        assert refused.status_code == 409 and words in refused.text, refused.text[:300]
        device.close()
    assert live_server.counts() == before
    live_server.sql(
        text("UPDATE clinics SET max_participants = 100 WHERE id = :id"), id=clinic["clinic_id"]
    )


@pytest.mark.parametrize("path", ["/api/sort/status", "/sort"])
def test_5_resume_cookie_guessing_is_limited_across_the_server(live_server, path):
    """1 000 guesses through the qsort_resume cookie? After 5 failed ones (the configured
    limit, counted once for the whole server, however many workers) every guess is a 429."""
    address = live_server.client().address
    before = live_server.counts()
    answers = []
    for n in range(8):
        guesser = live_server.client(address)
        guesser.http.cookies.set("qsort_resume", f"ABCDEF{n:02d}")
        answers.append(guesser.get(path, headers={"Accept": "application/json"}).status_code)
        guesser.close()
    assert answers[5:] == [429, 429, 429] and 429 not in answers[:5], answers
    assert live_server.counts() == before


def test_5_join_code_guessing_is_exact_across_the_server(live_server):
    guesser = live_server.client()
    answers = [guesser.get(f"/join/GUESS{n}").status_code for n in range(8)]
    assert answers == [404] * 5 + [429] * 3
    guesser.close()
