"""The one rule for "close when the timer ends" (qsort.domain.phases.timer_due), read by the
clinic model and by the autosave's identity row alike."""

from datetime import UTC, datetime, timedelta

import pytest

from qsort.domain.phases import Phase, timer_due

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("phase", "auto_close", "ends_at", "due"),
    [
        (Phase.SORTING, True, NOW - timedelta(seconds=1), True),
        (Phase.SORTING, True, NOW, True),  # zero itself
        (Phase.SORTING, True, NOW + timedelta(seconds=1), False),
        (Phase.SORTING, False, NOW - timedelta(minutes=1), False),  # the timer only counts down
        (Phase.SORTING, True, None, False),
        (Phase.LOBBY, True, NOW - timedelta(minutes=1), False),
        (Phase.CLOSED, True, NOW - timedelta(minutes=1), False),  # already closed
        (
            Phase.SORTING,
            True,
            (NOW - timedelta(seconds=1)).replace(tzinfo=None),
            True,
        ),  # naive: UTC
        (Phase.SORTING, True, (NOW + timedelta(seconds=1)).replace(tzinfo=None), False),
    ],
)
def test_timer_due(phase, auto_close, ends_at, due):
    assert timer_due(phase, auto_close, ends_at, NOW) is due
