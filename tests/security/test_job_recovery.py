"""A background job survives a killed server: ``qsort serve`` is SIGKILLed in the middle of a
stability run; the restarted server claims the job again once its lease has expired, and runs
it to the end (the real background path: no test-client shortcut)."""

import json
import time

import pytest
from sqlalchemy import text

from tests.security import live

pytestmark = pytest.mark.slow
CONFIG = {
    "JOBS_LEASE_SECONDS": "2",
    "JOBS_POLL_SECONDS": "0.5",
    "JOBS_TIME_LIMITS": json.dumps({"default": 60, "stability": 600}),
}
TIMEOUT_S = 240  # a loaded 2-core machine


def _wait(condition, timeout=TIMEOUT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s")


@pytest.fixture
def server(tmp_path):
    started = live.start("serve", tmp_path / "instance", CONFIG)
    yield started
    started.close_clients()
    started.stop()


def test_a_stability_run_survives_a_killed_server(server):
    clinic = server.seeded["owner"]
    for n in range(6):
        tablet = server.client()
        assert tablet.join(clinic["code"], f"Team {n}").status_code == 302
        ids = tablet.config["statements"][n * 3 :] + tablet.config["statements"][: n * 3]
        columns = {str(c["value"]): [ids.pop(0) for _ in range(c["height"])]
                   for c in tablet.config["columns"]}  # fmt: skip
        body = {"idempotency_key": f"kill-key-{n:04d}", "draft": {"version": 5, "columns": columns}}
        assert tablet.post_json(tablet.config["submitUrl"], body).status_code == 200
    run_query = text("SELECT max(id) FROM analysis_runs WHERE clinic_id = :c")
    run_id = _wait(lambda: server.scalar(run_query, c=clinic["clinic_id"]))
    owner = server.client()
    owner.log_in(clinic["email"])
    owner.post(f"/clinics/{clinic['clinic_id']}/runs/{run_id}/stability", {"resamples": "1000"})
    job = text("SELECT status, progress, attempts FROM jobs WHERE kind = 'stability'")

    def state():
        with server._engine.connect() as connection:
            return connection.execute(job).one_or_none()

    _wait(lambda: (row := state()) and row.status == "running" and row.progress > 0)
    server.kill_and_restart()  # mid-run: its lease expires 2 s later
    done = _wait(lambda: (row := state()) and row.status == "done" and row)
    assert done.attempts == 2 and done.progress == 1.0
    stored = server.scalar(text("SELECT stability FROM analysis_runs WHERE id = :r"), r=run_id)
    stored = stored if isinstance(stored, dict) else json.loads(stored)  # PostgreSQL: parsed
    assert stored["n_resamples"] == 1000
