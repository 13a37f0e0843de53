"""``qsort serve`` (a production server on this computer or the room's network) and
``qsort backup`` (SQLite online backup)."""

import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.builders import free_port
from tests.cli.http_tablet import Tablet

QSORT = str(Path(sys.executable).parent / "qsort")
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
OPEN_CLINIC = f"""
from flask_migrate import upgrade
from qsort.app import create_app
from qsort.extensions import db
from qsort.models import Facilitator
from qsort.services.auth import create_facilitator
from qsort.services.clinics import create_clinic
from qsort.services.live import set_phase
app = create_app()
with app.app_context():
    upgrade(directory={str(MIGRATIONS)!r})
    owner = db.session.get(Facilitator, create_facilitator("lan@example.org", "long enough password").id)
    set_phase(create_clinic(owner, title="Zaal 3", preset_key="customer-focus", grid_key="9", lang="nl"), owner, "sorting")
"""


def _env(instance: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    return {**env, "QSORT_INSTANCE_PATH": str(instance), **extra}


def _start(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen(
        [QSORT, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip())
        if "Stop with Ctrl+C" in line:
            return process, lines
    process.kill()
    process.communicate()
    raise AssertionError("server did not start:\n" + "\n".join(lines))


def _serve_lan(instance: Path) -> tuple[subprocess.Popen, list[str], int]:
    """Start 'qsort serve --lan' on a free port of 127.0.0.1 with ``instance`` as its instance
    folder; returns the process, what it printed up to "Stop with Ctrl+C", and the port."""
    port = free_port()
    process, lines = _start(
        ["serve", "--lan", "--port", str(port), "--address", "127.0.0.1"], _env(instance)
    )
    return process, lines, port


def _open_clinic(instance: Path) -> None:
    subprocess.run(
        [sys.executable, "-c", OPEN_CLINIC],
        env=_env(instance),
        check=True,
        capture_output=True,
        timeout=120,
    )


def _serve_open_clinic(instance: Path) -> tuple[subprocess.Popen, int, str]:
    """'qsort serve --lan' on a free port with a clinic open: (process, port, printed join URL)."""
    _open_clinic(instance)
    process, lines, port = _serve_lan(instance)
    found = re.search(r"Zaal 3: code \w+\s+->\s+(\S+)", "\n".join(lines))
    if found is None:
        process.terminate()
        process.communicate(timeout=15)
        raise AssertionError("no join URL for Zaal 3:\n" + "\n".join(lines))
    return process, port, found.group(1)


def _submitted(database: Path) -> set[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT q.receipt, count(p.id) FROM q_sorts q JOIN placements p ON p.q_sort_id = q.id "
            "WHERE q.status = 'submitted' GROUP BY q.id"
        ).fetchall()
    assert all(count == 24 for _, count in rows)  # every stored sort is whole
    return {receipt for receipt, _ in rows}


@pytest.mark.slow
def test_serve_lan_join_and_sort_over_http(tmp_path):
    """Start 'qsort serve --lan', read the printed join URL, and join and sort through it."""
    process, port, join_url = _serve_open_clinic(tmp_path)
    try:
        assert join_url.startswith(f"http://127.0.0.1:{port}/join/")
        tablet = Tablet()
        tablet.join(join_url, "Team Noord")
        receipt = tablet.sort_and_submit()
        assert _submitted(tmp_path / "qsort.sqlite") == {receipt}
    finally:
        process.terminate()
        process.communicate(timeout=15)


@pytest.mark.slow
def test_backup_while_sorts_are_saved(tmp_path):
    """Does a backup taken while tablets submit hold every sort submitted before it began?"""
    process, _port, join_url = _serve_open_clinic(tmp_path)
    receipts: list[str] = []
    stop = threading.Event()

    def tablets() -> None:
        for n in range(40):
            if stop.is_set():
                return
            tablet = Tablet()
            tablet.join(join_url, f"Team {n}")
            receipts.append(tablet.sort_and_submit())

    writer = threading.Thread(target=tablets)
    try:
        writer.start()
        while len(receipts) < 3:
            time.sleep(0.05)
        before = list(receipts)
        out = tmp_path / "during.sqlite"
        completed = subprocess.run(
            [QSORT, "backup", "--out", str(out)],
            env=_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert completed.returncode == 0, completed.stderr
        held = _submitted(out)
        assert set(before) <= held  # nothing submitted before the backup is missing
    finally:
        stop.set()
        writer.join(timeout=120)
        process.terminate()
        process.communicate(timeout=15)
    assert held <= set(receipts)  # and it holds only sorts some tablet was given a receipt for
    assert len(receipts) > len(before)  # tablets kept submitting while the backup ran


@pytest.mark.slow
def test_serve_lan_prints_the_join_url_and_serves(tmp_path):
    """Does 'qsort serve --lan' listen on the network and print a join URL that works?"""
    process, lines, port = _serve_lan(tmp_path)
    try:
        output = "\n".join(lines)
        assert f"Facilitator:   http://127.0.0.1:{port}/" in output
        join = re.search(r"Participants:\s+(\S+)", output).group(1)
        assert join == f"http://127.0.0.1:{port}/join"
        assert f"Database:      {tmp_path / 'qsort.sqlite'}" in output
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=10) as response:
            assert response.status == 200
        assert (tmp_path / "secret_key").exists()
    finally:
        process.terminate()
        process.communicate(timeout=15)


def test_serve_lan_refuses_a_weak_secret_key(tmp_path):
    completed = subprocess.run(
        [QSORT, "serve", "--lan", "--port", str(free_port())],
        env=_env(tmp_path, SECRET_KEY="dev"), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert completed.returncode == 2
    assert "weak secret key" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_backup_copies_every_sort(tmp_path):
    """Does 'qsort backup' write a consistent copy holding every submitted sort?"""
    env = _env(tmp_path)
    flask = str(Path(sys.executable).parent / "flask")
    subprocess.run([flask, "--app", "qsort", "db", "upgrade", "--directory", str(Path(__file__).parents[2] / "migrations")],
                   env=env, check=True, capture_output=True)  # fmt: skip
    subprocess.run([flask, "--app", "qsort", "seed-demo"], env=env, check=True, capture_output=True)
    out = tmp_path / "copy.sqlite"
    completed = subprocess.run(
        [QSORT, "backup", "--out", str(out)], env=env, capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    assert "30 sorts (30 submitted)" in completed.stdout
    with sqlite3.connect(out) as copy:
        assert copy.execute("SELECT count(*) FROM placements").fetchone()[0] == 30 * 24
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_refuses_postgresql(tmp_path):
    completed = subprocess.run([QSORT, "backup"], env=_env(tmp_path, DATABASE_URL="postgresql://u:p@127.0.0.1/x"),
                               capture_output=True, text=True, timeout=60)  # fmt: skip
    assert completed.returncode == 2
    assert "pg_dump" in completed.stderr
