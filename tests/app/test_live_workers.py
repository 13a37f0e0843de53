"""The live dashboard with several gunicorn workers: nothing live is kept in one process.

Starts gunicorn with 2 workers on a free port against a temporary SQLite file (WAL), logs in
through the real forms (CSRF on), then changes the clinic both through the server and directly
in the database, and checks that every answer of the dashboard JSON reflects every change.
"""

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from qsort import create_app
from qsort.extensions import db
from qsort.models import Clinic
from tests import live_sim
from tests.builders import free_port, room

pytestmark = pytest.mark.slow
PASSWORD = "two workers password"


@pytest.fixture
def database(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'workers.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "t"})
    with app.app_context():
        db.create_all()
        clinic_id = room("workers@example.org", PASSWORD, title="Workers").id
    yield app, url, clinic_id
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def server(database, tmp_path):
    app, url, clinic_id = database
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "workers-secret"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed after the process
    process = subprocess.Popen(
        [str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{port}", "qsort:create_app()"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # app start-up is slow on a loaded machine
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/login", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        process.wait(timeout=10)
        log.close()
        pytest.fail("gunicorn did not start: " + (tmp_path / "gunicorn.log").read_text())
    yield app, base, clinic_id, process
    process.terminate()
    process.wait(timeout=10)
    log.close()


def _worker_count(master_pid: int) -> int:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return len(children.read_text().split()) if children.exists() else -1


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=5) as response:
            return response.read().decode()

    def post(self, path: str, data: dict, token_page: str) -> str:
        html = self.get(token_page)
        token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({**data, "csrf_token": token}).encode()
        with self.opener.open(self.base + path, data=body, timeout=5) as response:
            return response.read().decode()


def test_dashboard_json_is_the_same_from_every_worker(server):
    app, base, clinic_id, process = server
    assert _worker_count(process.pid) == 2
    browser = Browser(base)
    browser.post("/login", {"email": "workers@example.org", "password": PASSWORD}, "/login")
    live = f"/clinics/{clinic_id}/live"

    def snapshots(n: int = 8) -> list[dict]:
        return [json.loads(browser.get(f"{live}.json")) for _ in range(n)]

    assert {s["joined"] for s in snapshots()} == {0}
    # A change through the server (whichever worker takes the POST) ...
    browser.post(f"/clinics/{clinic_id}/phase", {"phase": "sorting"}, live)
    assert {s["phase"] for s in snapshots()} == {"sorting"}
    # ... and changes written straight into the database by another process.
    with app.app_context():
        pid = live_sim.join(clinic_id, "Noor")
        live_sim.place(pid, 9)
    seen = snapshots()
    assert {(s["joined"], s["placed"]) for s in seen} == {(1, 9)}
    assert {s["roster"][0]["name"] for s in seen} == {"Noor"}
    with app.app_context():
        live_sim.place(pid, 24)
        live_sim.submit(pid)
    assert {(s["submitted"], s["roster"][0]["status"]) for s in snapshots()} == {(1, "submitted")}
    with app.app_context():
        assert db.session.get(Clinic, clinic_id).phase == "sorting"
