"""Timestamps are read back timezone-aware in UTC on SQLite and PostgreSQL alike
(``qsort.models._types.UtcDateTime``), so no service fixes them up after a read."""

from datetime import UTC, datetime, timedelta, timezone

from qsort.extensions import db
from qsort.models import Clinic
from qsort.models._types import UtcDateTime


def test_a_stored_moment_comes_back_aware_and_equal(app, make_facilitator, make_clinic):
    clinic_id = make_clinic(make_facilitator())
    amsterdam = timezone(timedelta(hours=1))
    moment = datetime(2026, 3, 1, 10, 30, tzinfo=amsterdam)
    with app.app_context():
        db.session.get(Clinic, clinic_id).timer_ends_at = moment
        db.session.commit()
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        assert clinic.timer_ends_at == moment
        assert clinic.timer_ends_at.utcoffset() == timedelta(0)
        assert clinic.created_at.tzinfo is not None
        (raw,) = db.session.execute(db.select(Clinic.created_at)).one()
        assert raw.utcoffset() == timedelta(0)


def test_a_naive_moment_is_taken_as_utc():
    column = UtcDateTime()
    naive = datetime(2026, 3, 1, 9, 30)
    written = column.process_bind_param(naive, None)
    assert written == naive.replace(tzinfo=UTC)
    assert column.process_result_value(naive, None).tzinfo is UTC
    assert column.process_bind_param(None, None) is None
