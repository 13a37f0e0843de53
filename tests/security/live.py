"""A real qsort server in a subprocess for the security suite, and HTTP clients for it.

``start(kind, ...)`` seeds a fresh database (its own SQLite file in its own instance folder, or
a fresh PostgreSQL database when ``QSORT_TEST_DATABASE_URL`` names one), starts

- ``serve``: ``qsort serve`` (waitress, one process: the laptop clinic), or
- ``gunicorn``: gunicorn with 2 workers x 4 threads, rate limits in Redis (the multi-host path),

on a free port with umask 0 (so owner-only files are qsort's doing), and waits until it answers. Every client gets its own loopback source address
(127.0.0.N), so each test is its own device for the per-address limits.
"""

import itertools
import json
import os
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from qsort.extensions import db
from tests.builders import free_port

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("QSORT_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
PASSWORD = "live server password"
START_TIMEOUT_S = 120  # a loaded 2-core machine imports numpy, scipy and plotly slowly
ANSWER_TIMEOUT_S = 30
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
SORT_CONFIG = re.compile(r'<script type="application/json" id="sort-config">(.*?)</script>', re.S)
_addresses = itertools.count(2)

SEED = """
import json, sys
from flask_migrate import upgrade
from qsort.app import create_app
from qsort.extensions import db
from qsort.models import Facilitator
from qsort.services.auth import create_facilitator
from qsort.services.clinics import create_clinic
from qsort.services.live import set_phase
app = create_app()
with app.app_context():
    upgrade(directory=sys.argv[1])
    seeded = {}
    for name in ("owner", "other"):
        account = create_facilitator(f"{name}@example.org", sys.argv[2])
        clinic = create_clinic(db.session.get(Facilitator, account.id), title=f"Clinic {name}",
                               preset_key="customer-focus", grid_key="9", lang="en")
        set_phase(clinic, clinic.owner, "sorting")  # as on the live page, audited
        seeded[name] = {"email": account.email, "clinic_id": clinic.id, "code": clinic.join_code}
    db.engine.dispose()
print(json.dumps(seeded))
"""


def next_address() -> str:
    return f"127.0.0.{next(_addresses) % 250 + 2}"


@dataclass
class LiveServer:
    kind: str
    base: str
    database_url: str
    instance: Path
    process: subprocess.Popen
    seeded: dict
    log: Path
    dropper: object = None
    browsers: list = field(default_factory=list)
    env: dict = field(default_factory=dict, repr=False)
    _engine: object = field(default=None, repr=False)

    def client(self, address: str | None = None) -> "Browser":
        """A new device (closed by ``close_clients`` after the test)."""
        browser = Browser(self.base, address or next_address())
        self.browsers.append(browser)
        return browser

    def close_clients(self) -> None:
        while self.browsers:
            self.browsers.pop().close()

    def counts(self) -> dict[str, int]:
        """How many rows every table holds."""
        if self._engine is None:
            self._engine = create_engine(self.database_url, poolclass=NullPool)
        with self._engine.connect() as connection:
            return {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar()
                for table in db.metadata.sorted_tables
            }

    def sql(self, statement, **params) -> None:
        """Run one statement straight on the database, committed."""
        if self._engine is None:
            self.counts()
        with self._engine.begin() as connection:
            connection.execute(statement, params)

    def scalar(self, statement, **params):
        if self._engine is None:
            self.counts()
        with self._engine.connect() as connection:
            return connection.execute(statement, params).scalar()

    def kill_and_restart(self) -> None:
        """SIGKILL (no shutdown at all, as a power cut), then start again on a new port."""
        self.process.kill()
        self.process.wait(timeout=30)
        port = free_port()
        with open(self.log, "a") as handle:
            self.process = subprocess.Popen(
                _command(self.kind, port), env=self.env, stdout=handle,
                stderr=subprocess.STDOUT, cwd=Path(self.env.get("PYTHONPATH") or REPO), umask=0,
            )  # fmt: skip
        self.base = f"http://127.0.0.1:{port}"
        _wait_until_up(self)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._engine is not None:
            self._engine.dispose()
        if self.dropper:
            self.dropper()


class Browser:
    """One device: cookies, a loopback source address, the CSRF token of the last page."""

    def __init__(self, base: str, address: str) -> None:
        self.address = address
        self.http = httpx.Client(
            base_url=base,
            timeout=ANSWER_TIMEOUT_S,
            transport=httpx.HTTPTransport(local_address=address),
        )
        self.token = ""

    def get(self, path: str, **kwargs) -> httpx.Response:
        response = self.http.get(path, **kwargs)
        found = (
            CSRF_META.search(response.text)
            if "html" in response.headers.get("content-type", "")
            else None
        )
        if found:
            self.token = found.group(1)
        return response

    def post(self, path: str, data: dict | None = None, **kwargs) -> httpx.Response:
        if not self.token:
            self.get("/login")
        return self.http.post(path, data={"csrf_token": self.token, **(data or {})}, **kwargs)

    def post_json(self, path: str, body, **kwargs) -> httpx.Response:
        headers = {"X-CSRFToken": self.token, "Accept": "application/json"}
        return self.http.post(path, json=body, headers=headers, **kwargs)

    def log_in(self, email: str, remember: bool = False) -> httpx.Response:
        self.get("/login")
        data = {"email": email, "password": PASSWORD, **({"remember": "y"} if remember else {})}
        response = self.post("/login", data)
        assert response.status_code == 302, response.text[:500]
        self.get("/clinics/")
        return response

    def join(self, code: str, name: str = "Team A") -> httpx.Response:
        """Join through the form; on success, read the sort page's config and token."""
        page = self.get(f"/join/{code}")
        token = CSRF_FIELD.search(page.text)
        form = {"display_name": name, "team_size": "2", "language": "en"}
        response = self.http.post(
            f"/join/{code}", data={**form, "csrf_token": token.group(1) if token else ""}
        )
        if response.status_code == 302:
            sort = self.get("/sort")
            self.config = json.loads(SORT_CONFIG.search(sort.text).group(1))
        return response

    def complete_draft(self, version: int) -> dict:
        ids = iter(self.config["statements"])
        columns = {str(c["value"]): [next(ids) for _ in range(c["height"])]
                   for c in self.config["columns"]}  # fmt: skip
        return {"version": version, "step": "review", "columns": columns, "piles": {}}

    def submit(self) -> httpx.Response:
        draft = self.complete_draft(self.config["draft"]["version"] + 1)
        body = {"idempotency_key": f"key-{uuid.uuid4().hex}", "draft": draft}
        return self.post_json(self.config["submitUrl"], body)

    def close(self) -> None:
        self.http.close()


def _fresh_postgres(url: str) -> tuple[str, object]:
    """A new empty database next to the suite's one, and a function that drops it."""
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_live_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(("postgresql", parts.netloc, parts.path, "", ""))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit((parts.scheme, parts.netloc, "/" + name, "", "")), drop


def _command(kind: str, port: int) -> list[str]:
    if kind == "serve":
        return [str(BIN / "qsort"), "serve", "--port", str(port)]
    return [str(BIN / "gunicorn"), "-w", "2", "-k", "gthread", "--threads", "4",
            "--keep-alive", "75", "-b", f"127.0.0.1:{port}", "qsort:create_app()"]  # fmt: skip


def start(kind: str, instance: Path, config: dict[str, str] | None = None) -> LiveServer:
    """Seed a fresh database and start server ``kind`` on it (see the module docstring)."""
    instance.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    env["QSORT_INSTANCE_PATH"] = str(instance)
    if os.environ.get("QSORT_LIVE_PYTHONPATH"):  # reproduce an attack against another checkout
        env["PYTHONPATH"] = os.environ["QSORT_LIVE_PYTHONPATH"]
    database_url, dropper = f"sqlite:///{instance / 'qsort.sqlite'}", None
    if os.environ.get("QSORT_TEST_DATABASE_URL"):
        database_url, dropper = _fresh_postgres(os.environ["QSORT_TEST_DATABASE_URL"])
        env["DATABASE_URL"] = database_url
    if kind == "gunicorn":
        env["RATELIMIT_STORAGE_URI"] = REDIS_URL
        env["QSORT_RATELIMIT_KEY_PREFIX"] = f"live-{uuid.uuid4().hex[:8]}"
    env.update({f"QSORT_{k}": v for k, v in (config or {}).items()})
    source = Path(env.get("PYTHONPATH") or REPO)
    seeded = subprocess.run(
        [sys.executable, "-c", SEED, str(source / "migrations"), PASSWORD], env=env, cwd=source, capture_output=True, text=True, timeout=START_TIMEOUT_S, check=True, umask=0,
    )  # fmt: skip
    port = free_port()
    log = instance / f"{kind}.log"
    with open(log, "w") as handle:
        process = subprocess.Popen(
            _command(kind, port),
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            cwd=source,
            umask=0,  # the most permissive: every file qsort makes must still be owner-only
        )
    server = LiveServer(kind, f"http://127.0.0.1:{port}", database_url, instance, process,
                        json.loads(seeded.stdout.strip().splitlines()[-1]), log, dropper,
                        env=env)  # fmt: skip
    _wait_until_up(server)
    return server


def _wait_until_up(server: LiveServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            httpx.get(server.base + "/login", timeout=5)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    server.stop()
    raise AssertionError(f"{server.kind} did not start:\n{server.log.read_text()[-3000:]}")
