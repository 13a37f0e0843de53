"""The JSON columns are written and read with orjson (qsort.models.json_columns): what the
standard library wrote before still reads the same, and what it wrote that no JSON reader
accepts (NaN) is written as null."""

import math

import numpy as np

from qsort.extensions import db
from qsort.models import Job
from qsort.models.json_columns import dumps, loads


def test_a_stored_document_reads_back_as_the_standard_library_would_write_it(app):
    document = {
        "text": "Privé – “klant” 顧客",
        12: [1, -4, 0],  # a statement id as key: stored as text, as json.dumps does
        "scores": [np.float64(0.125), np.int64(3), 1e-5, 2.5e300],
        "nested": {"flag": True, "none": None},
    }
    with app.app_context():
        job = Job(kind="analysis", clinic_id=None, params={}, result=document)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        db.session.expunge_all()
        stored = db.session.get(Job, job_id).result
    assert stored == {
        "text": "Privé – “klant” 顧客",
        "12": [1, -4, 0],
        "scores": [0.125, 3, 1e-5, 2.5e300],
        "nested": {"flag": True, "none": None},
    }


def test_nan_is_written_as_null_and_an_old_nan_still_reads():
    assert loads(dumps({"r": float("nan"), "s": math.inf})) == {"r": None, "s": None}
    old = loads('{"r": NaN, "s": [1, 2]}')  # what json.dumps wrote into SQLite before
    assert math.isnan(old["r"]) and old["s"] == [1, 2]


def test_postgresql_compresses_a_stored_run_with_lz4(app):
    """Large values (a run of 300 sorts is about 150 kB) are compressed with lz4 where the
    server has it: pglz took 4.5 ms more to write one."""
    import pytest
    from sqlalchemy import text

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("TOAST compression is PostgreSQL's (QSORT_TEST_DATABASE_URL)")
        has_lz4 = db.session.scalar(
            text(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings"
                " WHERE name = 'default_toast_compression'"
            )
        )
        big = {"scores": [[i * 0.001 + j for j in range(40)] for i in range(400)]}
        job = Job(kind="analysis", clinic_id=None, params={}, result=big)
        db.session.add(job)
        db.session.commit()
        method = db.session.scalar(
            text("SELECT pg_column_compression(result) FROM jobs WHERE id = :id"), {"id": job.id}
        )
    assert method == ("lz4" if has_lz4 else "pglz")
