"""Benchmark: from the last submitted sort to a results page with its numbers.

Run: ``python benchmarks/results.py`` (SQLite in a temporary file; ``--database-url`` for
PostgreSQL). For 100 and 1 000 submitted sorts of 24 statements (three planted viewpoints), it
submits the last sort (with its automatic-analysis job, run at once as a woken runner would),
then loads ``GET /clinics/<id>/results``, and times all of it: collecting the sorts from the
database, the default analysis (parallel-analysis suggestion for the number
of factors, PCA, varimax, every characteristic and aid), storing the run, and rendering the page
with its charts (wall time, and the process's CPU time, which a busy machine disturbs less;
NumPy's BLAS threads can make CPU time exceed wall time). Median of 5 rounds (each round reopens and resubmits the last sort, so the
automatic run is made again). Target: < 200 ms at 100 sorts. Also reported: re-opening a run
(replay), the live roster and projector partials, and the 200-resample stability check.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import insert

from qsort import create_app
from qsort.extensions import db
from qsort.models import Clinic, Facilitator, Participant, Placement, QSort
from qsort.services import analysis_run, job_kinds, live
from qsort.services.participants import new_participant

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.builders
from tests.builders import room

PASSWORD = "benchmark password"
ROUNDS = 5
TARGET_MS = 200.0


def seed(clinic: Clinic, n_sorts: int, rng: np.random.Generator) -> int:
    """n_sorts full sorts (three planted viewpoints), all submitted but the last; its id."""
    statements = clinic.statements
    slots = [(c.value, p) for c in clinic.distribution.columns for p in range(c.height)]
    ideals = rng.normal(size=(3, len(statements)))
    now = datetime.now(UTC)
    last = None
    for i in range(n_sorts):
        participant = new_participant(clinic_id=clinic.id, display_name=f"P{i}", language="en")
        status = "draft" if i == n_sorts - 1 else "submitted"
        participant.q_sorts = [
            QSort(status=status, submitted_at=now if status == "submitted" else None)
        ]
        db.session.add(participant)
        db.session.flush()
        order = np.argsort(ideals[i % 3] + rng.normal(scale=0.8, size=len(statements)))
        db.session.execute(
            insert(Placement),
            [
                {
                    "q_sort_id": participant.q_sorts[0].id,
                    "statement_id": statements[j].id,
                    "column_value": slots[rank][0],
                    "position": slots[rank][1],
                }
                for rank, j in enumerate(order)
            ],
        )
        last = participant.id
    db.session.commit()
    return last


def submit(participant_id: int) -> None:
    """Submit as the API does: the sort and its automatic-analysis job in one commit."""
    q_sort = db.session.get(Participant, participant_id).q_sort
    q_sort.status, q_sort.submitted_at = "submitted", datetime.now(UTC)
    job_kinds.enqueue_analysis(q_sort.participant.clinic_id)
    db.session.commit()


def timed(call, rounds: int = 1) -> float:
    """Median wall time of ``rounds`` calls, in ms."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def case(url: str, n_sorts: int) -> dict[str, float]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            # The automatic run's job runs as the submitting context ends (as a woken runner
            # would at once), so the timing below covers submit, job and page.
            "JOBS_MODE": "inline",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        clinic = room(f"bench{n_sorts}@example.org", PASSWORD, title="Bench")
        clinic_id, email = clinic.id, clinic.owner.email
        last = seed(clinic, n_sorts, np.random.default_rng(n_sorts))
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    client.get(f"/clinics/{clinic_id}/results")  # warm up templates and imports
    page_ms, page_cpu_ms, collect_ms = [], [], []
    for _ in range(ROUNDS):
        with app.app_context():
            q_sort = db.session.get(Participant, last).q_sort
            if q_sort.status == "submitted":
                live.reopen_sort(
                    db.session.get(Clinic, clinic_id), db.session.get(Facilitator, 1), last
                )
            collect_ms.append(
                timed(lambda: analysis_run.collect_sorts(db.session.get(Clinic, clinic_id)))
            )
        start, cpu = time.perf_counter(), time.process_time()
        with app.app_context():
            submit(last)  # its job makes the automatic run as this context ends
        response = client.get(f"/clinics/{clinic_id}/results")
        page_ms.append((time.perf_counter() - start) * 1000)
        page_cpu_ms.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200 and b'data-test="viewpoint"' in response.data
    with app.app_context():
        run = analysis_run.latest_run(db.session.get(Clinic, clinic_id))
        run_id, k = run.id, run.result["n_factors"]
        assert run.result["n_sorts"] == n_sorts
        analyse_ms = timed(lambda: analysis_run.replay(run), ROUNDS)
        stability_ms = timed(lambda: analysis_run.add_stability(run, None))
    figures = {
        "results page after last submit (median ms)": statistics.median(page_ms),
        "  the same, CPU time of the process (ms)": statistics.median(page_cpu_ms),
        "  of which collecting the sorts (ms)": statistics.median(collect_ms),
        "  of which the analysis alone (ms)": analyse_ms,
        "re-open a stored run with replay (ms)": timed(
            lambda: client.get(f"/clinics/{clinic_id}/runs/{run_id}"), ROUNDS
        ),
        "live roster partial (ms)": timed(
            lambda: client.get(f"/clinics/{clinic_id}/live/roster"), ROUNDS
        ),
        "projector panel (ms)": timed(
            lambda: client.get(f"/clinics/{clinic_id}/projector/panel"), ROUNDS
        ),
        "stability, 200 resamples (ms)": stability_ms,
        "factors found": k,
    }
    with app.app_context():
        db.drop_all()
        db.engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: SQLite in a temporary file")
    parser.add_argument("--sorts", type=int, nargs="*", default=[100, 1000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        for n_sorts in args.sorts:
            figures = case(url, n_sorts)
            print(f"\n{n_sorts} submitted sorts, 24 statements ({url.split(':')[0]})")
            for name, value in figures.items():
                print(
                    f"  {name:<45} {value:>9.1f}"
                    if isinstance(value, float)
                    else f"  {name:<45} {value:>9}"
                )
            if n_sorts == 100:
                verdict = (
                    "OK"
                    if figures["results page after last submit (median ms)"] < TARGET_MS
                    else "OVER"
                )
                print(f"  target < {TARGET_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
