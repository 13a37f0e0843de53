"""Which server for the laptop clinic? Throughput, and what half-open connections do to it.

    python benchmarks/servers.py                      # every server below, 10 s each
    python benchmarks/servers.py --server waitress --seconds 20 --half-open 50 --tablets 20

For each server (on a fresh SQLite database with one clinic open for sorting):

1. **Throughput**: ``--clients`` joined tablets poll ``GET /api/sort/status`` (the cheapest
   participant request: one indexed read) over keep-alive connections as fast as they can for
   ``--seconds``; printed as requests per second and p50/p95 latency.
2. **Half-open connections**: ``--half-open`` sockets each send the start of a request (headers
   without the blank line, or headers and a part of the announced body) and then nothing,
   as a phone that walks out of Wi-Fi range does, or an attacker. While they hang, ``--tablets``
   tablets join and autosave every 0.5 s for ``--seconds``. Printed: how many autosaves were
   answered, how many failed (no answer within 5 s), p95 and the slowest.

Target (issue 14): 50 half-open while 20 tablets autosave, every autosave answered within 1 s.
Only 127.0.0.1 is contacted; every loop is bounded in time and count.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks import load

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: name -> command line (``{port}`` filled in)
SERVERS = {
    "qsort-serve": [str(BIN / "qsort"), "serve", "--port", "{port}"],
    "waitress": [str(BIN / "waitress-serve"), "--threads=8", "--connection-limit=1000",
                 "--listen=127.0.0.1:{port}", "--call", "qsort:create_app"],
    "gunicorn-gthread": [str(BIN / "gunicorn"), "-w", "2", "-k", "gthread", "--threads", "4",
                         "--keep-alive", "75", "-b", "127.0.0.1:{port}", "qsort:create_app()"],
    "gunicorn-sync": [str(BIN / "gunicorn"), "-w", "2", "-k", "sync", "-b", "127.0.0.1:{port}",
                      "qsort:create_app()"],
}  # fmt: skip
ANSWER_TIMEOUT_S = 5.0


JOIN_WITHIN_S = 20.0


@dataclass
class Figures:
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] | None = None
    failures: int = 0
    not_joined: int = 0


def start(name: str, workdir: Path, port: int, env_extra: dict[str, str] | None = None):
    """Start server ``name`` on ``port`` against ``workdir``'s SQLite file; wait until it answers."""
    env = {**os.environ, "QSORT_INSTANCE_PATH": str(workdir / "instance"),
           "DATABASE_URL": f"sqlite:///{workdir / 'instance' / 'qsort.sqlite'}",
           "QSORT_JOIN_RATE_LIMIT": "100000 per minute",
           "QSORT_JOIN_SUCCESS_RATE_LIMIT": "100000 per minute", **(env_extra or {})}  # fmt: skip
    env.pop("SECRET_KEY", None)
    command = [part.format(port=port) for part in SERVERS[name]]
    log = open(workdir / f"{name}.log", "a")  # noqa: SIM115 - the child keeps it
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=REPO)
    log.close()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: " + (workdir / f"{name}.log").read_text()[-2000:])
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).close()
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"{name} did not start")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def half_open(port: int, count: int) -> list[socket.socket]:
    """``count`` connections that each sent the start of a request and then nothing more."""
    sockets = []
    for n in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        if n % 2:  # the headers are not finished
            sock.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n")
        else:  # the headers are, the body (a log-in form, which the app reads) is not
            sock.sendall(
                b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4000\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n\r\nemail=a"
            )
        sockets.append(sock)
    return sockets


async def _joined(base: str, code: str, count: int, stats: load.Stats) -> list[load.Tablet]:
    """The tablets that managed to join within ``JOIN_WITHIN_S`` (the others are closed)."""
    tablets = [load.Tablet(n, base, code, stats) for n in range(count)]
    for tablet in tablets:
        tablet.client.timeout = httpx.Timeout(ANSWER_TIMEOUT_S)
    deadline = time.monotonic() + JOIN_WITHIN_S
    outcomes = await asyncio.gather(*(t.join(deadline) for t in tablets), return_exceptions=True)
    failed = [t for t, outcome in zip(tablets, outcomes, strict=True) if outcome is not None]
    await asyncio.gather(*(t.close() for t in failed))
    return [t for t in tablets if t not in failed]


async def autosaves(base: str, code: str, tablets: int, seconds: float) -> Figures:
    """``tablets`` tablets join, then autosave every 0.5 s for ``seconds``."""
    stats = load.Stats()
    joined = await _joined(base, code, tablets, stats)
    try:
        await asyncio.gather(*(t.autosave(time.monotonic() + seconds, 0.5) for t in joined))
    finally:
        await asyncio.gather(*(t.close() for t in joined))
    latencies = stats.latencies.get("autosave", [])
    failures = sum(n for (kind, status), n in stats.statuses.items()
                   if kind == "autosave" and status != 200)  # fmt: skip
    return Figures(len(latencies), seconds, latencies, failures, tablets - len(joined))


async def throughput(base: str, code: str, clients: int, seconds: float) -> Figures:
    stats = load.Stats()
    joined = await _joined(base, code, clients, stats)
    latencies: list[float] = []
    failures = 0
    until = time.monotonic() + seconds

    async def poll(tablet: load.Tablet) -> None:
        nonlocal failures
        while time.monotonic() < until:
            started = time.monotonic()
            try:
                response = await tablet.client.get("/api/sort/status")
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.monotonic() - started)
            failures += not ok

    try:
        await asyncio.gather(*(poll(t) for t in joined))
    finally:
        await asyncio.gather(*(t.close() for t in joined))
    return Figures(len(latencies), seconds, latencies, failures)


def _migrate(url: str, workdir: Path) -> None:
    """The schema by the migrations, as ``qsort serve`` expects it."""
    from flask_migrate import upgrade

    app = load._app(url, workdir)
    with app.app_context():
        upgrade(directory=str(REPO / "migrations"))
        from qsort.extensions import db

        db.engine.dispose()


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def measure(name: str, args: argparse.Namespace) -> list[str]:
    with tempfile.TemporaryDirectory(prefix=f"qsort-{name}-") as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'instance' / 'qsort.sqlite'}"
        (workdir / "instance").mkdir()
        _migrate(url, workdir)
        _clinic, code = load.prepare(url, workdir, reset_schema=False)
        port = load.free_port(20000, 60000) if args.port is None else args.port
        process = start(name, workdir, port)
        base = f"http://127.0.0.1:{port}"
        try:
            fast = asyncio.run(throughput(base, code, args.clients, args.seconds))
            held = half_open(port, args.half_open)
            try:
                slow = asyncio.run(autosaves(base, code, args.tablets, args.seconds))
            finally:
                for sock in held:
                    sock.close()
        finally:
            stop(process)
    return [
        f"{name:17} throughput {fast.requests / fast.seconds:7.0f} req/s  p50 {_ms(fast.latencies, .5):6.1f} "
        f"p95 {_ms(fast.latencies, .95):6.1f} ms  failed {fast.failures}",
        f"{'':17} {args.half_open} half-open + {args.tablets} tablets: "
        f"{slow.not_joined} could not join in {JOIN_WITHIN_S:.0f} s, {slow.requests} autosaves, "
        f"{slow.failures} failed, p95 {_ms(slow.latencies, .95):.1f} ms, "
        f"slowest {_ms(slow.latencies, 1.0):.1f} ms, over 1 s: {sum(v > 1 for v in slow.latencies)}",
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", choices=sorted(SERVERS), action="append")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--half-open", type=int, default=50)
    parser.add_argument("--tablets", type=int, default=20)
    parser.add_argument("--port", type=int)
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores shared with the load generator)")
    for name in args.server or list(SERVERS):
        for line in measure(name, args):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
