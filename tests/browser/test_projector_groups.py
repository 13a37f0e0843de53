"""The groups' top five on a real projector screen (1920x1080 and 1280x720): two groups shown,
the small one left out and said so, no name anywhere, and the whole step on the first screen."""

import pytest

from qsort.extensions import db
from qsort.models import Clinic, Participant
from tests.browser.sort_support import ARTIFACTS, serve
from tests.presenter_seed import seed_grouped_room

pytestmark = pytest.mark.browser
PASSWORD = "projector groups password"


@pytest.fixture
def server(make_app):
    yield from serve(make_app)


@pytest.mark.parametrize("width,height", [(1920, 1080), (1280, 720)])
def test_groups_step_on_the_projector(chromium, server, width, height):
    from qsort.services import presenter

    with server.app.app_context():
        room = seed_grouped_room(PASSWORD)
        clinic = db.session.get(Clinic, room["clinic"])
        clinic.reveal_step = presenter.steps(clinic).index("groups")
        db.session.commit()
        names = [p.display_name for p in db.session.scalars(db.select(Participant))]
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{server.url}/projector/{room['token']}")
        page.locator('[data-step="groups"]').wait_for()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"projector-groups-{width}x{height}.png")
        assert page.locator('[data-test="group"]').count() == 2
        rule = page.locator('[data-test="groups-rule"]')
        assert "1 smaller group is left out" in rule.inner_text()
        box = rule.bounding_box()
        assert box["y"] + box["height"] <= height  # everything on the first screen
        body = page.locator("body").inner_text()
        assert "Board" not in body and not any(name in body for name in names)
    finally:
        context.close()
