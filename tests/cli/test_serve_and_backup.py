"""``qsort serve`` (a production server on this computer or the room's network) and
``qsort backup`` (SQLite online backup)."""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

QSORT = str(Path(sys.executable).parent / "qsort")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


@pytest.mark.slow
def test_serve_lan_prints_the_join_url_and_serves(tmp_path):
    """Does 'qsort serve --lan' listen on the network and print a join URL that works?"""
    port = _free_port()
    process, lines = _start(
        ["serve", "--lan", "--port", str(port), "--address", "127.0.0.1"], _env(tmp_path)
    )
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
        [QSORT, "serve", "--lan", "--port", str(_free_port())],
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
