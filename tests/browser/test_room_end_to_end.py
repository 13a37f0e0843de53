"""The whole room in real browsers: a participant on a touch tablet joins and sorts by taps
while the facilitator's dashboard and the projector (its token link) follow without reloading;
after two more sorts arrive, the facilitator reveals and the projector shows the top five.
"""

import pytest

from qsort.extensions import db
from qsort.models import Clinic, Participant
from tests import live_sim
from tests.browser.sort_support import (
    LANDSCAPE,
    facilitator_page,
    finish_and_submit,
    join,
    place_every_card,
    shot,
    watch_errors,
)

pytestmark = pytest.mark.browser
WAIT = 30_000  # ms: several polling rounds, with room for a loaded CI machine


def _facilitator(chromium, server):
    context, page = facilitator_page(chromium, server)
    page.evaluate("window.notReloaded = true")
    return context, page


def _projector(chromium, server):
    with server.app.app_context():
        token = db.session.get(Clinic, server.clinic_id).projector_token
    context = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{server.url}/projector/{token}")
    page.evaluate("window.notReloaded = true")
    return context, page


def test_dashboard_and_projector_follow_a_real_tablet(chromium, server):
    facilitator, dashboard = _facilitator(chromium, server)
    screen, projector = _projector(chromium, server)
    tablet = chromium.new_context(**LANDSCAPE)
    page = tablet.new_page()
    errors = watch_errors(page)
    try:
        join(page, server, name="Team Oranje")
        roster = dashboard.locator('[data-test="roster"]')
        roster.get_by_text("Team Oranje").wait_for(timeout=WAIT)
        with server.app.app_context():
            pid = db.session.scalars(
                db.select(Participant.id).where(Participant.display_name == "Team Oranje")
            ).one()
        placed = dashboard.locator(
            f'tr[data-participant="{pid}"] [data-test="placed"]'
        )  # re-rendered by polling

        place_every_card(page, server)
        placed.filter(has_text="24/24").wait_for(timeout=WAIT)
        receipt = finish_and_submit(page)
        assert receipt
        projector.get_by_text("1 of 1 done").wait_for(timeout=WAIT)
        dashboard.get_by_text("1 of 1 submitted").wait_for(timeout=WAIT)

        with server.app.app_context():
            for n, name in enumerate(("Team Groen", "Team Paars"), start=1):
                other = live_sim.join(server.clinic_id, name)
                live_sim.place(other, 24, shift=n)
                live_sim.submit(other)
        projector.get_by_text("3 of 3 done").wait_for(timeout=WAIT)
        dashboard.click('[data-test="phase-closed"]')
        dashboard.click('[data-test="phase-revealed"]')
        projector.locator('[data-test="reveal"]').wait_for(timeout=WAIT)
        assert projector.locator('[data-test="top-five"] li').count() == 5
        assert projector.evaluate("window.notReloaded")  # everything arrived by polling
        text = projector.locator("body").inner_text()
        assert "Team Oranje" not in text and "Team Groen" not in text
        shot(projector, "room-projector-revealed")
        assert errors == []
    finally:
        tablet.close()
        screen.close()
        facilitator.close()
