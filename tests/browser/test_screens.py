"""The clinic list and the set-up page in a real Chromium, at desktop and tablet size.

Screenshots go to ``test-artifacts/`` (git-ignored) for a human to look at; the assertions
check that the key elements are there and fit the viewport.
"""

from pathlib import Path

import pytest

from tests.browser.sort_support import DEMO_PASSWORD, log_in, seed_demo_for_login, serving

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "tablet": {"viewport": {"width": 820, "height": 1180}, "has_touch": True, "is_mobile": True},
}
PASSWORD = DEMO_PASSWORD


@pytest.fixture
def live_server(make_app):
    app = make_app(SERVER_NAME=None)
    with app.app_context():
        info, _owner = seed_demo_for_login()
        clinic_id, join_code = info.clinic.id, info.clinic.join_code
    with serving(app) as base:
        yield base, clinic_id, join_code


@pytest.mark.parametrize("size", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_clinic_list_and_setup_page(browser, live_server, size, lang):
    base, clinic_id, join_code = live_server
    context = browser.new_context(**VIEWPORTS[size], locale="nl-NL" if lang == "nl" else "en-GB")
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        log_in(page, base)
        heading = "Mijn clinics" if lang == "nl" else "My clinics"
        assert page.locator("h1").inner_text() == heading
        assert page.locator(".clinic-item").count() == 1
        assert join_code in page.locator(".clinic-item .code").inner_text()
        _assert_no_horizontal_scroll(page)
        page.screenshot(path=ARTIFACTS / f"clinics-{size}-{lang}.png", full_page=True)

        page.goto(f"{base}/clinics/{clinic_id}")
        assert page.locator("[data-test=join-code]").inner_text() == join_code
        assert page.locator("img.qr").evaluate("img => img.complete && img.naturalWidth > 0")
        assert "willen, kunnen en mogen" in page.locator("#question_nl").input_value()
        _assert_no_horizontal_scroll(page)
        page.screenshot(path=ARTIFACTS / f"setup-{size}-{lang}.png", full_page=True)

        page.goto(f"{base}/clinics/{clinic_id}/statements")
        assert page.locator(".statement-row").count() == 25  # 24 + the empty row to add one
        _assert_no_horizontal_scroll(page)
        page.screenshot(path=ARTIFACTS / f"statements-{size}-{lang}.png", full_page=False)

        page.goto(f"{base}/clinics/{clinic_id}/grid")
        assert page.locator(".grid-col").count() == 9
        page.screenshot(path=ARTIFACTS / f"grid-{size}-{lang}.png", full_page=True)
    finally:
        context.close()


def _assert_no_horizontal_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the viewport"
