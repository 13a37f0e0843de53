"""How light the participant's sort page is, and how long an autosave takes on the server.

Run: ``python benchmarks/participant.py`` (SQLite in a temporary folder, Flask test client,
no network), or ``python benchmarks/participant.py --database-url URL`` for a PostgreSQL
database (its tables are dropped and made anew: use a database kept for benchmarks, such as
``qsort_proof_bench``). Prints the bytes of the sort page with everything it loads (HTML, CSS, JS modules,
vendored SortableJS), as transferred to a browser that accepts brotli and gzip (as Chromium
does) and uncompressed (target: at most 150 kB transferred, and no Plotly), and the mean and p95 server time of an
autosave of a full 24-card draft against the targets (mean <= 1.5 ms, p95 <= 3 ms), with
the load average, since a busy machine inflates every figure.

Server time is measured where a WSGI server hands the request to the app and gets the answer
back (``app.wsgi_app``), so it leaves out the test client's own work of building the request
and keeping cookies; the round trip through the test client is printed beside it. The same
server times are printed, for reference, for what a tablet does once on joining: the join page,
the join itself and the first sort page.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from qsort import create_app
from qsort.domain.phases import Phase
from qsort.extensions import db
from qsort.models import Clinic

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.builders
from tests.builders import room

TARGET_BYTES = 150_000
SAVES = 2000
WARM_UP = 200  # saves before the measured ones: caches filled, statements compiled
JOINS = 90  # within the clinic's default maximum of 100 participants
TARGET_MEAN_MS = 1.5  # issue 18: server time of one autosave in process
TARGET_P95_MS = 3.0


def setup(database_url: str):
    """An app on ``database_url`` with one clinic open for sorting; the database's tables are
    dropped and made anew."""
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        clinic = room("bench@example.org", title="Bench", phase=Phase.SORTING)
        code = clinic.join_code
        grid = db.session.get(Clinic, clinic.id).distribution
        ids = [s.id for s in clinic.statements]
    return app, code, grid, ids


ACCEPT = {"Accept-Encoding": "br, gzip"}  # what Chromium sends


def page_weight(client) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """Bytes transferred and uncompressed of the sort page and everything it loads, in all and
    per URL."""
    html = client.get("/sort", headers=ACCEPT).get_data()
    sizes = {"/sort": (len(html), len(html))}
    queue = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    seen = set()
    while queue:
        url = queue.pop().decode()
        if url in seen:
            continue
        seen.add(url)
        sent = len(client.get(url, headers=ACCEPT).get_data())
        body = client.get(url).get_data()
        sizes[url] = (sent, len(body))
        if url.endswith(".js"):  # ES module imports
            for name in re.findall(rb'from "\./([^"]+)"', body):
                queue.append(url.rsplit("/", 1)[0].encode() + b"/" + name)
    sent = sum(size[0] for size in sizes.values())
    return sent, sum(size[1] for size in sizes.values()), sizes


class ServerTimer:
    """Wraps ``app.wsgi_app``: the wall-clock and CPU seconds of every request the app serves,
    from the WSGI call until the answer's last byte (on a busy machine the wall clock also
    counts waiting for a core, the CPU time does not)."""

    def __init__(self, app) -> None:
        self.inner = app.wsgi_app
        app.wsgi_app = self
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __call__(self, environ, start_response):
        start, start_cpu = time.perf_counter(), time.thread_time()
        body = b"".join(self.inner(environ, start_response))
        self.cpu.append(time.thread_time() - start_cpu)
        self.wall.append(time.perf_counter() - start)
        return [body]

    def clear(self) -> None:
        self.wall.clear()
        self.cpu.clear()


def autosave_times(
    client, sort_id: int, grid, ids, saves: int = SAVES, first: int = 2
) -> list[float]:
    """Wall-clock seconds of each autosave's round trip through the test client."""
    times = []
    for version in range(first, first + saves):
        order = ids[version % len(ids) :] + ids[: version % len(ids)]
        it = iter(order)
        columns = {str(c.value): [next(it) for _ in range(c.height)] for c in grid.columns}
        body = {"version": version, "step": "grid", "columns": columns, "piles": {}}
        start = time.perf_counter()
        response = client.post(f"/api/sorts/{sort_id}/draft", json=body)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.json
    return times


def backend_name(database_url: str) -> str:
    return "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database whose tables may be dropped (default: SQLite in a "
        "temporary folder)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        database_url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
        backend = backend_name(database_url)
        app, code, grid, ids = setup(database_url)
        client = app.test_client()
        client.post(f"/join/{code}", data={"display_name": "Bench", "language": "en"})
        sent, total, sizes = page_weight(client)
        print(f"  {'sent':>8}   {'full':>8}")
        for url, (url_sent, size) in sorted(sizes.items(), key=lambda item: -item[1][1]):
            print(f"  {url_sent:>8,} B {size:>8,} B  {url}")
        plotly = any("plotly" in url.lower() for url in sizes)
        verdict = "PASS" if sent <= TARGET_BYTES and not plotly else "FAIL"
        print(
            f"sort page total: {sent:,} bytes transferred (target <= {TARGET_BYTES:,}), "
            f"{total:,} uncompressed, {'with' if plotly else 'no'} Plotly: {verdict}"
        )
        print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        sort_id = int(re.search(rb"/api/sorts/(\d+)/draft", client.get("/sort").data).group(1))
        timer = ServerTimer(app)
        autosave_times(client, sort_id, grid, ids, WARM_UP)
        timer.clear()
        round_trips = autosave_times(client, sort_id, grid, ids, SAVES, first=WARM_UP + 2)
        for label, values in (("server, wall clock", timer.wall), ("server, CPU", timer.cpu)):
            mean_ms, p95_ms = _mean_p95(values)
            met = mean_ms <= TARGET_MEAN_MS and p95_ms <= TARGET_P95_MS
            print(
                f"autosave of a 24-card draft ({SAVES} saves, {backend}, {label}): "
                f"mean {mean_ms:.2f} ms (target <= {TARGET_MEAN_MS}), "
                f"p95 {p95_ms:.2f} ms (target <= {TARGET_P95_MS}): {'PASS' if met else 'FAIL'}"
            )
        mean_ms, p95_ms = _mean_p95(round_trips)
        print(f"  round trip through the test client: mean {mean_ms:.2f} ms, p95 {p95_ms:.2f} ms")
        joining(app, code, timer)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _mean_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.mean(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def joining(app, code: str, timer: ServerTimer) -> None:
    """Server CPU time of what each tablet does once: the join page, the join, the sort page."""
    kinds: dict[str, list[float]] = {"join page": [], "join": [], "sort page": []}
    form = {"display_name": "Bench", "language": "en"}
    for _ in range(JOINS):
        client = app.test_client()
        for kind, method, url, data in (
            ("join page", "GET", f"/join/{code}", None),
            ("join", "POST", f"/join/{code}", form),
            ("sort page", "GET", "/sort", None),
        ):
            timer.clear()
            status = client.open(url, method=method, data=data).status_code
            assert status in (200, 302), (kind, status)
            kinds[kind].append(timer.cpu[0])
    for kind, values in kinds.items():
        mean_ms, p95_ms = _mean_p95(values)
        print(f"  {kind} ({JOINS} tablets, server CPU): mean {mean_ms:.2f} ms, p95 {p95_ms:.2f} ms")


if __name__ == "__main__":
    main()
