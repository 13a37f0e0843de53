"""HTTP hardening: security headers, cookie flags, session expiry, body limit, no secrets in git.

Questions asked: does every answer carry a CSP without ``unsafe-inline`` and forbid framing?
Are cookies HttpOnly always and Secure over HTTPS (directly, via a trusted proxy, or by
config)? Does a facilitator's log-in end after its lifetime? Is an oversized body a readable
413 in HTML and JSON? Does git hold any database, instance file or secret?
"""

import json
import re
import subprocess
import time
from pathlib import Path

import pytest

from qsort import sessions
from qsort.security import CONTENT_SECURITY_POLICY
from tests.app.participants import join, open_clinic, participant_sort, stored

REPO = Path(__file__).resolve().parents[2]


def _cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


@pytest.mark.parametrize("path", ["/login", "/join", "/resume", "/nope", "/static/css/app.css"])
def test_every_answer_carries_the_security_headers(client, path):
    with client.get(path) as response:
        pass
    csp = response.headers["Content-Security-Policy"]
    assert csp == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain http (a LAN clinic)


def test_no_template_has_inline_script_style_or_handler():
    """Would the CSP break a page? Not if no template has inline code or style attributes."""
    inline_script = re.compile(r"<script(?![^>]*\b(src|type=\"application/json\")=?)[^>]*>")
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    style_attr = re.compile(r"\sstyle\s*=", re.IGNORECASE)
    offenders = []
    for path in (REPO / "templates").rglob("*.html"):
        if path.parts[-2] == "reports":  # the downloadable report file, not a served page
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (inline_script, handler, style_attr):
            offenders += [f"{path.name}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


@pytest.fixture
def open_code(app, make_facilitator, make_clinic):
    owner = make_facilitator()
    return open_clinic(app, make_clinic(owner))["code"]


def test_cookies_are_http_only_and_not_secure_over_plain_http(client, open_code):
    response = join(client, open_code)
    cookies = _cookies(response)
    assert {c.split("=")[0] for c in cookies} >= {"session", "qsort_resume"}
    for cookie in cookies:
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert "Secure" not in cookie


@pytest.mark.parametrize(
    ("config", "environ"),
    [
        ({}, {"wsgi.url_scheme": "https"}),
        ({"TRUSTED_PROXIES": 1}, {"HTTP_X_FORWARDED_PROTO": "https"}),
        ({"SECURE_COOKIES": True}, {}),
        ({"PUBLIC_URL": "https://qsort.example.org"}, {}),
    ],
    ids=["https", "proxy", "config-flag", "public-url"],
)
def test_cookies_are_secure_over_https(make_app, make_facilitator, make_clinic, config, environ):
    app = make_app(**config)
    owner = make_facilitator()
    code = open_clinic(app, make_clinic(owner))["code"]
    response = app.test_client().post(
        f"/join/{code}",
        data={"display_name": "Team A", "team_size": "4", "language": "en"},
        environ_overrides=environ,
    )
    assert response.status_code == 302
    cookies = _cookies(response)
    assert len(cookies) >= 2
    assert all("; Secure" in c and "HttpOnly" in c for c in cookies)


def test_forwarded_proto_is_ignored_without_a_trusted_proxy(client, open_code):
    response = client.post(
        f"/join/{open_code}",
        data={"display_name": "Team A", "team_size": "4", "language": "en"},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert not any("Secure" in c for c in _cookies(response))


def test_hsts_only_over_https(client):
    response = client.get("/login", environ_overrides={"wsgi.url_scheme": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_remember_cookie_is_secure_and_short_lived(make_app, make_facilitator):
    app = make_app(SECURE_COOKIES=True)
    account = make_facilitator()
    client = app.test_client()
    response = client.post(
        "/login", data={"email": account.email, "password": account.password, "remember": "y"}
    )
    assert response.status_code == 302
    remember = next(c for c in _cookies(response) if c.startswith("remember_token="))
    assert "Secure" in remember and "HttpOnly" in remember
    session_cookie = next(c for c in _cookies(response) if c.startswith("session="))
    assert "Expires=" in session_cookie  # permanent, bounded by PERMANENT_SESSION_LIFETIME


class _Clock:
    """Stands in for ``time`` in qsort.sessions: the real time plus an offset."""

    def __init__(self, offset: float) -> None:
        self.offset = offset

    def time(self) -> float:
        return time.time() + self.offset


def test_facilitator_session_expires_after_its_lifetime(
    app, client, auth, make_facilitator, monkeypatch
):
    """Does a log-in last forever? No: after FACILITATOR_SESSION_LIFETIME it is logged out."""
    account = make_facilitator()
    auth.login(account)
    assert client.get("/clinics/").status_code == 200
    monkeypatch.setattr(sessions, "time", _Clock(app.config["FACILITATOR_SESSION_LIFETIME"] + 1))
    response = client.get("/clinics/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    # ... and stays logged out: the next request is not let in either.
    assert client.get("/clinics/").status_code == 302
    page = client.get("/login").get_data(as_text=True)
    assert "Your session has expired" in page


def test_facilitator_session_within_its_lifetime_is_kept(
    app, client, auth, make_facilitator, monkeypatch
):
    auth.login(make_facilitator())
    monkeypatch.setattr(sessions, "time", _Clock(app.config["FACILITATOR_SESSION_LIFETIME"] - 60))
    assert client.get("/clinics/").status_code == 200


def test_session_lifetimes_are_bounded(app):
    assert app.config["FACILITATOR_SESSION_LIFETIME"] == 12 * 3600
    assert app.permanent_session_lifetime.total_seconds() == 12 * 3600
    assert app.config["REMEMBER_COOKIE_DURATION"] == 12 * 3600


@pytest.mark.parametrize(
    ("path", "headers", "wants"),
    [
        ("/clinics/new", {"Content-Type": "application/x-www-form-urlencoded"}, "html"),
        ("/clinics/import", {"Content-Type": "multipart/form-data; boundary=x"}, "html"),
        ("/clinics/1/results/run", {"Content-Type": "application/json"}, "html"),
        (
            "/clinics/new",
            {"Content-Type": "application/json", "Accept": "application/json"},
            "json",
        ),
    ],
)
def test_oversized_body_is_a_readable_413(make_app, path, headers, wants):
    app = make_app(MAX_CONTENT_LENGTH=1024, WTF_CSRF_ENABLED=True)
    response = app.test_client().post(path, data=b"x" * 4096, headers=headers)
    assert response.status_code == 413
    if wants == "json":
        body = response.get_json()
        assert body["message"].startswith("The upload is too large")
        assert "1 kB" in body["message"]
    else:
        page = response.get_data(as_text=True)
        assert "The upload is too large" in page and "1 kB" in page


@pytest.mark.parametrize("csrf", [True, False])
@pytest.mark.parametrize(
    ("path", "size", "limit", "json_body"),
    [
        ("/api/sorts/1/draft", 70 * 1024, "64 kB", True),
        ("/api/sorts/1/submit", 2 * 1024 * 1024, "64 kB", True),
        ("/join/ABCDEF", 17 * 1024, "16 kB", False),
        ("/login", 17 * 1024, "16 kB", False),
        ("/resume", 17 * 1024, "16 kB", False),
    ],
)
def test_small_endpoints_have_small_body_limits(make_app, path, size, limit, json_body, csrf):
    """A 2 MB draft costs nothing: over its endpoint's limit the answer is a short 413 that
    names the limit and does not echo the body."""
    app = make_app(WTF_CSRF_ENABLED=csrf)
    marker = b"ECHO-ME-" * (size // 8)
    headers = {
        "Content-Type": "application/json" if json_body else "application/x-www-form-urlencoded"
    }
    if json_body:
        headers["Accept"] = "application/json"
    response = app.test_client().post(path, data=marker, headers=headers)
    assert response.status_code == 413
    assert len(response.data) < 8 * 1024 and b"ECHO-ME" not in response.data
    text = response.get_json()["message"] if json_body else response.get_data(as_text=True)
    assert "too large" in text and limit in text


def test_a_flood_of_problems_is_not_echoed(app, client, make_facilitator, make_clinic):
    """A draft of 60 kB of unknown ids and long pile names: a 422 that lists 30 problems and
    a count, a few kB, and nothing stored changes."""
    info = open_clinic(app, make_clinic(make_facilitator()))
    join(client, info["code"])
    sort = participant_sort(app)
    piles = {("p" * 400) + str(n): [] for n in range(60)}
    draft = {"version": 5, "columns": {"0": list(range(10**6, 10**6 + 3900))}, "piles": piles}
    body = json.dumps(draft).encode()
    assert 50 * 1024 < len(body) < 64 * 1024
    before = stored(app, sort["sort_id"])
    response = client.post(
        f"/api/sorts/{sort['sort_id']}/draft", data=body, content_type="application/json"
    )
    assert response.status_code == 422
    answer = response.get_json()
    assert len(answer["problems"]) == 31 and answer["problems"][-1].startswith("… and 3930 more")
    assert len(response.data) < 8 * 1024 and "p" * 100 not in response.get_data(as_text=True)
    assert stored(app, sort["sort_id"]) == before


def _tracked() -> list[str]:
    result = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    )
    return result.stdout.splitlines()


def test_git_holds_no_database_instance_file_or_secret():
    files = _tracked()
    assert files, "not a git checkout"
    forbidden = re.compile(
        r"(^|/)(instance/|secret_key$|\.env$)|\.(sqlite3?|db|sqlite-wal|sqlite-shm|pem|key)$"
    )
    assert [f for f in files if forbidden.search(f)] == []
    secret = re.compile(
        r"(SECRET_KEY\s*=\s*['\"][^'\"]{8,}['\"]|-----BEGIN [A-Z ]*PRIVATE KEY-----|"
        r"AKIA[0-9A-Z]{16}|postgres(ql)?(\+psycopg)?://[^:/\s]+:(?!qsort@)[^@\s'\"]{6,}@)"
    )
    leaks = []
    for name in files:
        path = REPO / name
        if path.suffix in {".mo", ".png", ".svg"} or "vendor" in path.parts or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        leaks += [f"{name}: {m.group(0)[:40]}" for m in secret.finditer(text)]
    assert leaks == []


def test_participant_session_survives_via_resume_cookie(client, open_code, app):
    """Sessions lapse after 12 h idle; the resume cookie (two weeks) brings the tablet back."""
    join(client, open_code)
    info = participant_sort(app)
    with client.session_transaction() as session:
        session.clear()
    assert client.get(f"/api/sorts/{info['sort_id']}/draft").status_code == 200


def test_pages_are_no_store_and_static_files_cacheable(
    app, client, auth, make_facilitator, make_clinic
):
    account = make_facilitator()
    clinic_id = make_clinic(account)
    auth.login(account)
    for path in ("/clinics/", f"/clinics/{clinic_id}", f"/clinics/{clinic_id}/live",
                 f"/clinics/{clinic_id}/live/roster", f"/clinics/{clinic_id}/clinic-file.json",
                 f"/clinics/{clinic_id}/results", "/login", "/join"):  # fmt: skip
        response = client.get(path)
        assert response.headers["Cache-Control"] == "no-store", path
    with client.get("/static/css/app.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")


def test_static_files_are_compressed_and_pages_are_not(client, open_code):
    """The sort page's scripts and style sheets go compressed on the room's Wi-Fi (brotli or
    gzip, as the browser accepts); pages never do, since they carry the CSRF token next to text
    a visitor chose and compression would leak it by size (BREACH)."""
    import brotli

    accept = {"Accept-Encoding": "br"}
    for path in ("/static/css/app.css", "/static/vendor/sortablejs-1.15.7/Sortable.min.js"):
        with client.get(path) as plain:  # asked for no encoding
            assert "Content-Encoding" not in plain.headers, path
            body = plain.get_data()
        with client.get(path, headers=accept) as sent:
            assert sent.headers["Content-Encoding"] == "br", path
            assert brotli.decompress(sent.get_data()) == body, path
            assert len(sent.get_data()) < len(body) / 2, path
    join(client, open_code)
    for path in ("/sort", f"/join/{open_code}", "/login"):
        with client.get(path, headers=accept) as page:
            assert page.status_code == 200, path
            assert "Content-Encoding" not in page.headers, path
