"""The timer everyone sees: on the projector's first screen at 1920x1080 and 1280x720 (no
scrolling, no light strip), and on the tablets; with "close sorting when the timer ends" the
clinic closes at zero with no facilitator page open, after a last warning on the tablets,
which then say what is saved and keep every card.
"""

import time
from datetime import UTC, datetime, timedelta

import pytest

from qsort.extensions import db
from qsort.models import Clinic, QSort
from tests import live_sim
from tests.browser.sort_support import SCREENS, WAIT, serve, shot, start_grid, tap_move, wait_saved

pytestmark = pytest.mark.browser
PROJECTOR_SIZES = [(1920, 1080), (1280, 720)]
DARK = "rgb(16, 19, 26)"


@pytest.fixture
def server(make_app):
    yield from serve(make_app)


def _set_timer(server, seconds: float, auto_close: bool) -> None:
    with server.app.app_context():
        clinic = db.session.get(Clinic, server.clinic_id)
        clinic.timer_ends_at = datetime.now(UTC) + timedelta(seconds=seconds)
        clinic.auto_close = auto_close
        db.session.commit()


@pytest.mark.parametrize(("width", "height"), PROJECTOR_SIZES)
def test_the_countdown_is_on_the_first_screen(chromium, server, width, height):
    with server.app.app_context():
        for n in range(3):
            live_sim.join(server.clinic_id, f"Team {n}")
        token = db.session.get(Clinic, server.clinic_id).projector_token
    server.set_phase("closed")  # a long question on the screen too: reopen with it
    server.set_phase("sorting")
    _set_timer(server, 14 * 60 + 30, auto_close=False)
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{server.url}/projector/{token}")
        timer = page.locator('[data-test="timer"]')
        page.wait_for_function(
            "el => /^1[0-9]:[0-5][0-9]$/.test(el.textContent)", arg=timer.element_handle()
        )
        box = timer.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        for part in ('[data-test="projector-code"]', ".projector-qr", '[data-test="done"]'):
            part_box = page.locator(part).bounding_box()
            assert part_box["y"] + part_box["height"] <= height, (part, part_box)
        scroll = page.evaluate("document.documentElement.scrollHeight - window.innerHeight")
        assert scroll <= 0, f"the projector page scrolls by {scroll} px"
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == DARK
        main_bottom = page.evaluate("document.querySelector('main').getBoundingClientRect().bottom")
        assert main_bottom >= height - 0.5  # the dark area reaches the bottom: no strip
        page.screenshot(path=shot_path(f"projector-timer-{width}x{height}"))
    finally:
        context.close()


def shot_path(name: str):
    from tests.browser.sort_support import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def _stored_placements(server) -> dict[int, int]:
    with server.app.app_context():
        sorts = db.session.scalars(db.select(QSort)).all()
        return {q.id: len(q.cards()) for q in sorts if q.cards()}


def test_auto_close_at_zero_warns_then_closes_and_keeps_every_card(chromium, server):
    tablets = [chromium.new_context(**SCREENS["landscape-1280x800"]) for _ in range(2)]
    pages = [t.new_page() for t in tablets]
    try:
        for page, (name, count) in zip(pages, (("Team Rood", 8), ("Team Groen", 5)), strict=True):
            moves = start_grid(page, server, name=name)
            for card, target in moves[:count]:
                tap_move(page, card, target)
            wait_saved(page)
        before = _stored_placements(server)
        assert sorted(before.values()) == [5, 8]
        _set_timer(server, 12, auto_close=True)  # no facilitator page is open
        for page in pages:
            page.locator('[data-test="sort-timer"]').wait_for(timeout=WAIT)
            page.locator('[data-test="timer-warning"]').wait_for(timeout=WAIT)
            assert (
                "closes in under a minute"
                in page.locator('[data-test="timer-warning"]').inner_text()
            )
        shot(pages[0], "timer-last-warning")
        with server.app.app_context():
            assert db.session.get(Clinic, server.clinic_id).phase == "sorting"
        deadline = time.monotonic() + 90  # app start-up is slow on a loaded machine
        for page, count in zip(pages, (8, 5), strict=True):
            banner = page.locator("[data-test=phase-banner]")
            banner.wait_for(timeout=WAIT)
            assert f"Your {count} placed cards are saved" in banner.inner_text()
            assert page.locator("[data-js=sync-status]").inner_text() == "Sorting paused"
            assert page.locator('[data-test="timer-warning"]').is_hidden()
        assert time.monotonic() < deadline
        shot(pages[0], "timer-closed-at-zero")
        with server.app.app_context():
            assert db.session.get(Clinic, server.clinic_id).phase == "closed"
        assert _stored_placements(server) == before
        for page, count in zip(pages, (8, 5), strict=True):
            assert page.locator('.column[data-target^="col:"] .q-card').count() == count
    finally:
        for t in tablets:
            t.close()
