"""Benchmark of reading study files: the Q-sort CSV in bulk, through the reader registry, and
a 2 000-sort web import written to SQLite.

Run: ``python benchmarks/formats.py``. Targets on a 2-core machine (issue 18): 100 000 sorts x
24 statements parse in well under a second (target 0.5 s) with the same located errors; a
record-by-record read (a quoted name forces it) is shown for comparison; a 2 000-sort import
(read, check, write) within 1 s. Each figure is the best of three runs.
"""

import io
import sys
import tempfile
from pathlib import Path

import numpy as np
from timing import best_of

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GRID = np.repeat(np.arange(-4, 5), [1, 2, 3, 4, 4, 4, 3, 2, 1])
TARGETS = {"csv 100 000 x 24 (bulk)": 0.5, "import 2 000 sorts to SQLite": 1.0}


def study_csv(n: int, delimiter: str = ",", quoted: bool = False) -> bytes:
    rng = np.random.default_rng(n)
    values = np.stack([rng.permutation(GRID) for _ in range(min(n, 1000))])
    values = values[np.arange(n) % len(values)]
    ids = [f"s{j:02d}" for j in range(1, GRID.size + 1)]
    name = (lambda i: f'"P{i}, x"') if quoted else (lambda i: f"P{i}")
    body = "\n".join(delimiter.join([name(i), *map(str, row)]) for i, row in enumerate(values.tolist()))  # fmt: skip
    return (delimiter.join(["participant", *ids]) + "\n" + body + "\n").encode()


def import_seconds(data: bytes) -> float:
    from qsort import create_app
    from qsort.extensions import db
    from qsort.services.auth import create_facilitator
    from qsort.services.imports import Upload, import_clinic

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/b.sqlite", "SECRET_KEY": "bench"})  # fmt: skip
        with app.app_context():
            db.create_all()
            owner = create_facilitator("bench@example.org", "bench password 1")
            seconds = best_of(3, lambda: import_clinic(owner, [Upload("big.csv", data)]))
            db.session.remove()
            db.engine.dispose()
    return seconds


def main() -> int:
    from qsort.formats import read_qsort_csv, read_study_files

    big, semi, quoted = study_csv(100_000), study_csv(100_000, ";"), study_csv(100_000, quoted=True)
    figures = {
        "csv 100 000 x 24 (bulk)": best_of(3, lambda: read_qsort_csv(io.BytesIO(big))),
        "csv 100 000 x 24, ';' (bulk)": best_of(3, lambda: read_qsort_csv(io.BytesIO(semi))),
        "csv 100 000 x 24, quoted names (record by record)": best_of(
            3, lambda: read_qsort_csv(io.BytesIO(quoted)), 1
        ),
        "registry 100 000 x 24 (recognise + read)": best_of(
            3, lambda: read_study_files([("s.csv", big)])
        ),
        "import 2 000 sorts to SQLite": import_seconds(study_csv(2000)),
    }
    for label, seconds in figures.items():
        target = TARGETS.get(label)
        verdict = "" if target is None else f"  (target {target:g} s: {'ok' if seconds <= target else 'MISSED'})"  # fmt: skip
        print(f"{label:<52} {seconds:7.3f} s{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
