"""The results page starts with the answer, and a viewpoint's new name reaches the projector
and the next report, in a real Chromium on the demo clinic (3 planted viewpoints).

Screenshots go to ``test-artifacts/`` (git-ignored) for a human to look at.
"""

import pytest

from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic, Facilitator
from qsort.services import analysis_run as run_service
from tests.browser.sort_support import ARTIFACTS, log_in, seed_demo_for_login, serving
from tests.builders import move_to

pytestmark = pytest.mark.browser

FIRST_SCREEN = {"width": 1366, "height": 768}


@pytest.fixture
def served(make_app):
    """The demo clinic with its automatic run, served; yields (base URL, app, clinic id)."""
    app = make_app(SERVER_NAME=None)
    with app.app_context():
        info, owner = seed_demo_for_login()
        run_service.run_clinic_analysis(info.clinic, owner, label="auto")
        clinic_id = info.clinic.id
    with serving(app) as base:
        yield base, app, clinic_id


def _log_in(browser, base, lang):
    context = browser.new_context(
        viewport=FIRST_SCREEN, locale="nl-NL" if lang == "nl" else "en-GB"
    )
    page = context.new_page()
    log_in(page, base)
    assert page.locator("html").get_attribute("lang") == lang
    return context, page


def _inside_first_screen(page, locator) -> None:
    """Every element of ``locator`` is visible and ends above the fold, without scrolling."""
    assert page.evaluate("window.scrollY") == 0
    assert locator.count() > 0
    for i in range(locator.count()):
        box = locator.nth(i).bounding_box()
        assert box is not None and box["height"] > 0, f"{locator} #{i} is not shown"
        assert box["y"] >= 0 and box["y"] + box["height"] <= FIRST_SCREEN["height"], (
            f"{locator} #{i} ends at {box['y'] + box['height']:.0f}px, below the first screen"
        )
        assert box["x"] + box["width"] <= FIRST_SCREEN["width"]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_first_screen_shows_the_answer(browser, served, lang):
    """At 1366x768, do the top five with their intervals, the room's agreement and the
    viewpoints' names with their gist all fit on the first screen?"""
    base, app, clinic_id = served
    with app.app_context():
        result = run_service.latest_run(db.session.get(Clinic, clinic_id)).result
        names = [v[f"name_{lang}"] for v in result["viewpoints"]]
    context, page = _log_in(browser, base, lang)
    try:
        page.goto(f"{base}/clinics/{clinic_id}/results")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"results-first-screen-{lang}.png")
        page.screenshot(path=ARTIFACTS / f"results-full-{lang}.png", full_page=True)
        top = page.locator('[data-test="top-five"] [data-test="priority"]')
        assert top.count() == 5
        _inside_first_screen(page, top)
        interval_word = " tot " if lang == "nl" else " to "
        for i in range(5):
            assert interval_word in top.nth(i).inner_text()
        agreement = page.locator('[data-test="agreement"]')
        _inside_first_screen(page, agreement)
        assert "Kendall" in agreement.inner_text()
        shown = page.locator('[data-test="viewpoint-name"]')
        _inside_first_screen(page, shown)
        assert shown.all_inner_texts() == names
        _inside_first_screen(page, page.locator(".viewpoint-names .gist"))
        assert page.locator("details#terms dt").count() >= 10
    finally:
        context.close()


def test_renaming_changes_the_projector_and_the_next_report(browser, served):
    """Does a name typed on the results page appear on the projector's reveal and in the next
    report (HTML), in place of the generated name?"""
    base, app, clinic_id = served
    context, page = _log_in(browser, base, "en")
    try:
        page.goto(f"{base}/clinics/{clinic_id}/results")
        generated = page.locator('[data-test="viewpoint-name"]').first.inner_text()
        card = page.locator("#viewpoint-1")
        card.locator("details.rename summary").click()
        card.locator('[data-test="name-en"]').fill("Customers first, always")
        card.locator('[data-test="name-nl"]').fill("Altijd eerst de klant")
        card.locator('[data-test="save-name"]').click()
        page.wait_for_url("**#viewpoint-1")
        assert page.locator('[data-test="viewpoint-name"]').first.inner_text() == (
            "Customers first, always"
        )
        with app.app_context():
            clinic = db.session.get(Clinic, clinic_id)
            move_to(clinic, "revealed")
            clinic.reveal_step = 1  # the presenter's step after the top five: viewpoint 1
            token = clinic.projector_token
            run_id = db.session.scalar(db.select(db.func.max(AnalysisRun.id)))
            db.session.commit()
        page.goto(f"{base}/projector/{token}")
        title = page.locator(
            '[data-test="reveal"][data-step="viewpoint-1"] [data-test="viewpoint-name"]'
        )
        assert title.inner_text() == "Customers first, always"
        assert generated not in page.locator('[data-test="reveal"]').inner_text()
        page.screenshot(path=ARTIFACTS / "projector-renamed.png")
        page.goto(f"{base}/clinics/{clinic_id}/runs/{run_id}/download/html?lang=nl")
        report = page.locator("body").inner_text()
        assert "Altijd eerst de klant" in report
    finally:
        context.close()


def test_groups_are_compared_side_by_side(browser, served):
    """With a joining question answered, do the groups' top fives and agreement show side by
    side in the priorities section, within the page's width?"""
    base, app, clinic_id = served
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        clinic.group_question_en = "Which department?"
        for i, participant in enumerate(sorted(clinic.participants, key=lambda p: p.id)):
            participant.group_answer = ("Sales", "Service", "Back office")[i % 3]
        db.session.commit()
        owner = db.session.get(Facilitator, clinic.owner_id)
        run_service.run_clinic_analysis(clinic, owner, label="run")
    context, page = _log_in(browser, base, "en")
    try:
        page.goto(f"{base}/clinics/{clinic_id}/results")
        groups = page.locator('[data-test="group"]')
        assert groups.count() == 3
        groups.first.scroll_into_view_if_needed()
        boxes = [groups.nth(i).bounding_box() for i in range(3)]
        assert len({round(b["y"]) for b in boxes}) == 1  # one row
        assert max(b["x"] + b["width"] for b in boxes) <= FIRST_SCREEN["width"]
        assert [g.split("\n")[0] for g in groups.all_inner_texts()] == [
            "Back office · 10 sorts",
            "Sales · 10 sorts",
            "Service · 10 sorts",
        ]
        page.locator("#ranking").screenshot(path=ARTIFACTS / "results-groups.png")
        page.goto(f"{base}/clinics/{clinic_id}")
        page.screenshot(path=ARTIFACTS / "setup-group-question.png", full_page=True)
    finally:
        context.close()
