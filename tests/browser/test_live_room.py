"""The live clinic in a real Chromium: the dashboard and the projector update while simulated
participants join, place cards and submit (through direct writes, as the sorting service
would); the reveal appears on the projector; the results page draws its Plotly charts; a manual
flag and a rotation change the result and are kept in the stored run.

Screenshots go to ``test-artifacts/`` (git-ignored).
"""

from pathlib import Path

import pytest

from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic
from qsort.services.clinics import create_clinic
from tests import live_sim
from tests.browser.sort_support import DEMO_PASSWORD, log_in, seed_demo_for_login, serving
from tests.builders import ROOM, move_to

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = DEMO_PASSWORD
NAMES = ["Anouk Secret", "Bram Secret", "Chantal Secret", "Daan Secret"]
WAIT = 30_000  # ms: several polling rounds, with room for a loaded CI machine


@pytest.fixture
def live_server(make_app):
    app = make_app(SERVER_NAME=None)
    with app.app_context():
        info, owner = seed_demo_for_login()
        fresh = create_clinic(owner, title="Live clinic", **ROOM)
        ids = {"demo": info.clinic.id, "live": fresh.id, "token": fresh.projector_token}
    with serving(app) as base:
        yield app, base, ids


def _login(browser, base):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    log_in(page, base)
    return context, page


def test_dashboard_and_projector_follow_the_room(browser, live_server):
    app, base, ids = live_server
    clinic_id = ids["live"]
    ARTIFACTS.mkdir(exist_ok=True)
    context, dashboard = _login(browser, base)
    screen = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="en-GB")
    projector = screen.new_page()
    try:
        dashboard.goto(f"{base}/clinics/{clinic_id}/live")
        projector.goto(f"{base}/projector/{ids['token']}")
        for page in (dashboard, projector):
            page.evaluate("window.notReloaded = true")
        dashboard.click('[data-test="phase-sorting"]')
        dashboard.wait_for_url(f"{base}/clinics/{clinic_id}/live")
        dashboard.evaluate("window.notReloaded = true")

        with app.app_context():
            pids = [live_sim.join(clinic_id, name) for name in NAMES]
            live_sim.place(pids[0], 24)
            live_sim.submit(pids[0])
            live_sim.place(pids[1], 11)
        roster = dashboard.locator('[data-test="roster"]')
        roster.get_by_text("Daan Secret").wait_for(timeout=WAIT)
        row = dashboard.locator(f'tr[data-participant="{pids[1]}"] [data-test="placed"]')
        dashboard.wait_for_function(
            "el => el.textContent.includes('11/24')", arg=row.element_handle(), timeout=WAIT
        )
        done = projector.locator('[data-test="done"]')
        projector.wait_for_function(
            "el => el.textContent.includes('1 of 4 done')", arg=done.element_handle(), timeout=WAIT
        )
        assert projector.locator('[data-test="projector-code"]').is_visible()
        with app.app_context():
            for n, pid in enumerate(pids[1:], start=1):
                live_sim.place(pid, 24, shift=n)
                live_sim.submit(pid)
        projector.get_by_text("4 of 4 done").wait_for(timeout=WAIT)
        dashboard.get_by_text("4 of 4 submitted").wait_for(timeout=WAIT)
        dashboard.screenshot(path=ARTIFACTS / "live-dashboard.png", full_page=True)
        projector.screenshot(path=ARTIFACTS / "live-projector-sorting.png")
        assert dashboard.evaluate("window.notReloaded") and projector.evaluate("window.notReloaded")

        dashboard.click('[data-test="phase-closed"]')
        dashboard.click('[data-test="phase-revealed"]')
        projector.locator('[data-test="reveal"]').wait_for(timeout=WAIT)
        assert projector.evaluate("window.notReloaded")  # the reveal came in by polling
        assert projector.locator('[data-test="top-five"] li').count() == 5
        projector.screenshot(path=ARTIFACTS / "live-projector-revealed.png")
        text = projector.locator("body").inner_text()
        assert "Secret" not in text
    finally:
        context.close()
        screen.close()


def test_going_back_asks_in_the_browser(browser, live_server):
    app, base, ids = live_server
    context, page = _login(browser, base)
    try:
        page.goto(f"{base}/clinics/{ids['live']}/live")
        page.click('[data-test="phase-sorting"]')
        page.once("dialog", lambda dialog: dialog.dismiss())
        page.click('[data-test="phase-lobby"]')
        with app.app_context():
            assert db.session.get(Clinic, ids["live"]).phase == "sorting"
        page.once("dialog", lambda dialog: dialog.accept())
        page.click('[data-test="phase-lobby"]')
        page.wait_for_load_state()
        page.locator('[data-test="phase-sorting"]').wait_for()
        with app.app_context():
            db.session.expire_all()
            assert db.session.get(Clinic, ids["live"]).phase == "lobby"
    finally:
        context.close()


def _chart_traces(page, chart_id):
    return page.evaluate(
        "id => { const el = document.getElementById(id); return el && el.data ? el.data.length : 0 }",
        chart_id,
    )


def test_results_page_draws_charts_and_keeps_hand_changes(browser, live_server):
    app, base, ids = live_server
    clinic_id = ids["demo"]
    context, page = _login(browser, base)
    try:
        page.goto(f"{base}/clinics/{clinic_id}/results")
        page.wait_for_selector("#chart-scree.js-plotly-plot", timeout=WAIT)
        plots = page.locator(".js-plotly-plot")
        assert plots.count() >= 5  # scree, loadings, three composite sorts (+ ranking)
        for chart in ("chart-scree", "chart-loadings", "chart-array-1", "chart-array-3"):
            assert _chart_traces(page, chart) >= 1, chart
        page.screenshot(path=ARTIFACTS / "results.png", full_page=True)
        for section in ("ranking", "viewpoint-1", "loadings", "settings", "runs"):
            page.locator(f"#{section}").screenshot(path=ARTIFACTS / f"results-{section}.png")
        with app.app_context():
            first = db.session.scalars(db.select(AnalysisRun)).one()
            label = next(
                p
                for p, row in zip(
                    first.result["participants"], first.result["flagged"], strict=True
                )
                if row[0]
            )

        page.click(f'[data-test="flag-{label}-1"]')
        page.wait_for_selector("#chart-scree.js-plotly-plot", timeout=WAIT)
        assert (
            page.locator(f'[data-test="flag-{label}-1"]').get_attribute("aria-pressed") == "false"
        )
        with app.app_context():
            flagged = db.session.scalars(
                db.select(AnalysisRun).order_by(AnalysisRun.id.desc())
            ).first()
            assert flagged.settings["manual_flags"] == {label: []}
            assert flagged.result["n_defining"][0] == first.result["n_defining"][0] - 1

        before = page.evaluate("document.getElementById('chart-loadings').data[0].x.slice()")
        page.locator('[data-test="angle"]').fill("25")
        after = page.evaluate("document.getElementById('chart-loadings').data[0].x.slice()")
        assert after != before  # the preview turned in the browser, nothing posted yet
        page.screenshot(path=ARTIFACTS / "results-rotation-preview.png", full_page=False)
        page.click('[data-test="apply-rotation"]')
        page.wait_for_selector('[data-test="hand-log"]', timeout=WAIT)
        with app.app_context():
            rotated = db.session.scalars(
                db.select(AnalysisRun).order_by(AnalysisRun.id.desc())
            ).first()
            assert rotated.settings["judgmental_rotations"] == [
                {"first": 1, "second": 2, "degrees": 25.0}
            ]
            assert rotated.settings["manual_flags"] == {label: []}
            assert rotated.result["loadings"] != flagged.result["loadings"]
        page.click('[data-test="check-run"]')  # the run page only reads; the check replays
        page.locator(".flash-info").wait_for(timeout=WAIT)
        assert page.locator(".flash-info").inner_text().startswith("✓")
        page.click('[data-test="stability-run"]')
        page.locator('[data-test="stability"]').wait_for(timeout=WAIT)
        page.locator("#stability").screenshot(path=ARTIFACTS / "results-stability.png")
        with app.app_context():
            clinic = db.session.get(Clinic, clinic_id)
            move_to(clinic, "revealed")
            token = clinic.projector_token
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.goto(f"{base}/projector/{token}")
        # The reveal is walked through in steps: the top five first, then each of the three
        # viewpoints and the four other steps (tests/browser/test_presenter_room.py).
        assert page.locator('[data-test="top-five"] li').count() == 5
        assert page.locator('[data-test="reveal-count"]').inner_text() == "1 of 7"
        page.screenshot(path=ARTIFACTS / "demo-projector-revealed.png")
    finally:
        context.close()
