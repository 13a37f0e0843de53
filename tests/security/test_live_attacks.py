"""The attacks of issue 14, against the real server (``qsort serve``; gunicorn with 2 workers
and Redis limits on PostgreSQL): each is refused with the status and message stated, and the
row count of every table is the same before and after.

Numbers refer to the issue's list. (2, the half-open connections: test_slow_clients.py.)
"""

import json
import re
import stat
import time

import pytest
from sqlalchemy import bindparam, func, select, text

from qsort.models import AnalysisRun
from tests.security.live import Browser

pytestmark = pytest.mark.slow

LIVE_CONFIG = {
    "JOIN_RATE_LIMIT": "5 per minute",
    "RESUME_RATE_LIMIT": "5 per minute",
    "JOIN_SUCCESS_RATE_LIMIT": "4 per minute",
    "JOBS_TIME_LIMITS": json.dumps({"default": 60, "analysis": 60, "stability": 0.02}),
}
MARKUP = '<a href="https://evil.example/">click</a><span style="color:red">Team</span>'
CHART = re.compile(
    r'<script type="application/json" data-chart="(chart-[^"]+)">(.*?)</script>', re.S
)
TITLE = "Łódź – 中文 “klant”"


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


def _wait_for(condition, timeout: float = 90.0, step: float = 0.3):
    """Poll ``condition()`` until it returns something truthy (headroom for a loaded machine)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not within {timeout} s")


@pytest.fixture(scope="module")
def analysed(live_server):
    """Four participants with markup in their names submit through the real server; the
    automatic run follows in the background (no page view, no POST). Returns the owner's
    browser, the clinic, its run id and the seconds from the last submit to the run."""
    clinic = live_server.seeded["owner"]
    for n in range(4):
        tablet = live_server.client()
        assert tablet.join(clinic["code"], f"{MARKUP} {n}").status_code == 302
        ids = tablet.config["statements"][n:] + tablet.config["statements"][:n]
        columns = {str(c["value"]): [ids.pop(0) for _ in range(c["height"])]
                   for c in tablet.config["columns"]}  # fmt: skip
        draft = {"version": 5, "step": "review", "columns": columns, "piles": {}}
        body = {"idempotency_key": f"live-key-{n:04d}", "draft": draft}
        assert tablet.post_json(tablet.config["submitUrl"], body).status_code == 200
        submitted = time.monotonic()
    query = select(func.max(AnalysisRun.id)).where(
        AnalysisRun.clinic_id == bindparam("c"), AnalysisRun.result["n_sorts"].as_integer() == 4
    )
    run_id = _wait_for(lambda: live_server.scalar(query, c=clinic["clinic_id"]))
    owner = Browser(live_server.base, "127.0.0.250")
    owner.log_in(clinic["email"])
    yield owner, clinic, run_id, time.monotonic() - submitted
    owner.close()


def test_the_automatic_run_follows_the_last_submit_in_the_background(live_server, analysed):
    owner, clinic, run_id, seconds = analysed
    before = live_server.counts()
    page = owner.get(f"/clinics/{clinic['clinic_id']}/results")
    assert page.status_code == 200 and f"Run {run_id}" in page.text
    assert "Updating the results" not in page.text
    assert live_server.counts() == before  # 8: the GET made and stored nothing
    assert seconds < 60


def test_6_names_with_markup_reach_the_charts_as_text(live_server, analysed):
    owner, clinic, _run, _s = analysed
    chosen = {"method": "pca", "n_factors": "2", "rotation": "varimax", "significance": "0.05"}
    made = owner.post(f"/clinics/{clinic['clinic_id']}/results/run", chosen)
    assert made.status_code == 302 and "/runs/" in made.headers["location"]
    page = owner.get(made.headers["location"]).text
    figures = {name: json.loads(body) for name, body in CHART.findall(page)}
    loadings = figures["chart-loadings"]
    names = [t for trace in loadings["data"] for t in trace.get("text", [])]
    assert len(names) == 4
    for name in names:
        assert name.startswith("&lt;a href=") and "<a" not in name and "<span" not in name
    assert '<a href="https://evil.example/">' not in page


def test_7_a_huge_draft_is_a_short_413_that_does_not_echo(live_server):
    tablet = live_server.client()
    assert tablet.join(live_server.seeded["other"]["code"], "Big").status_code == 302
    before = live_server.counts()
    huge = {"version": 9, "columns": {}, "piles": {"unsorted": []}, "x": "ECHO" * 500_000}
    response = tablet.post_json(tablet.config["draftUrl"], huge)
    assert response.status_code == 413
    assert len(response.content) < 8192 and b"ECHO" not in response.content
    assert live_server.counts() == before


def test_7_stability_is_bounded_in_resamples_and_time(live_server, analysed):
    owner, clinic, run_id, _s = analysed
    url = f"/clinics/{clinic['clinic_id']}/runs/{run_id}"
    before = live_server.counts()
    refused = owner.post(f"{url}/stability", {"resamples": "100000"}, follow_redirects=True)
    assert "Choose between 10 and 1000 resamples." in refused.text
    assert live_server.counts() == before
    owner.post(f"{url}/stability", {"resamples": "1000"})  # runs into the 0.02 s limit
    job_id = live_server.scalar(text("SELECT max(id) FROM jobs WHERE kind = 'stability'"))
    state = _wait_for(
        lambda: (
            (s := owner.get(f"/clinics/{clinic['clinic_id']}/jobs/{job_id}").json())["finished"]
            and s
        )
    )
    assert state["status"] == "failed" and state["error"] == "stopped at the time limit of 0.02 s"
    stored = live_server.scalar(text("SELECT stability FROM analysis_runs WHERE id = :r"), r=run_id)
    assert stored in (None, "null")
    after = live_server.counts()
    assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {"jobs": 1}


def test_8_pages_and_downloads_are_no_store_and_files_owner_only(live_server, analysed):
    owner, clinic, run_id, _s = analysed
    base = f"/clinics/{clinic['clinic_id']}"
    for path in (f"{base}/results", f"{base}/live", f"{base}/clinic-file.json",
                 f"{base}/runs/{run_id}/download/csv", "/clinics/"):  # fmt: skip
        assert owner.get(path).headers["cache-control"] == "no-store", path
    instance = live_server.instance
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700  # made by the server under umask 0
    assert stat.S_IMODE((instance / "secret_key").stat().st_mode) == 0o600
    for database in instance.glob("qsort.sqlite*"):
        assert stat.S_IMODE(database.stat().st_mode) == 0o600, database


@pytest.mark.parametrize("kind", ["pdf", "csv", "kade", "html"])
def test_9_any_title_downloads(live_server, analysed, kind):
    owner, clinic, run_id, _s = analysed
    live_server.sql(
        text("UPDATE clinics SET title_nl = :t, title_en = :t WHERE id = :c"),
        t=TITLE,
        c=clinic["clinic_id"],
    )
    before = live_server.counts()
    response = owner.get(f"/clinics/{clinic['clinic_id']}/runs/{run_id}/download/{kind}?lang=nl")
    assert response.status_code == 200, response.text[:300]
    disposition = response.headers["content-disposition"]
    assert "filename*=UTF-8''%C5%82%C3%B3d%C5%BA-%E4%B8%AD%E6%96%87-klant" in disposition
    assert kind == "csv" or "_nl." in disposition
    assert live_server.counts() == before


def test_static_files_go_compressed_through_the_real_server_and_pages_do_not(live_server):
    """Under the real server (waitress or gunicorn) the scripts and style sheets arrive
    compressed and decode to the files on disk; pages, which carry the CSRF token, never do
    (BREACH)."""
    from qsort.resources import STATIC

    device = live_server.client()
    for name in ("css/app.css", "vendor/sortablejs-1.15.7/Sortable.min.js"):
        response = device.get(f"/static/{name}", headers={"Accept-Encoding": "br"})
        assert response.status_code == 200, name
        assert response.headers["content-encoding"] == "br", name
        assert response.num_bytes_downloaded < len(response.content) / 2, name  # on the wire
        assert response.content == (STATIC / name).read_bytes(), name  # httpx decoded it
    for path in ("/login", "/join"):
        page = device.get(path, headers={"Accept-Encoding": "br, gzip"})
        assert page.status_code == 200, path
        assert "content-encoding" not in page.headers, path
