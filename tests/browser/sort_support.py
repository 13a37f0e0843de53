"""Shared pieces of the participant browser tests: a live server, Chromium, and the steps.

The server is the app factory on the session's test database, served from a thread on a port
the OS picks; each test gets a clinic open for sorting. Screenshots of each step go to
``test-artifacts/`` (git-ignored) for a human to look at.
"""

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from qsort.domain.phases import Phase
from qsort.extensions import db
from qsort.models import Clinic, Facilitator
from qsort.services.auth import hash_password
from tests.builders import move_to, room

CHROMIUM = "/usr/bin/chromium"
#: The demo facilitator's password in the browser tests (the demo makes a random one).
DEMO_PASSWORD = "browser test password"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LANDSCAPE = {"viewport": {"width": 1180, "height": 820}, "has_touch": True, "is_mobile": False}
PORTRAIT = {"viewport": {"width": 820, "height": 1180}, "has_touch": True, "is_mobile": False}
#: The screens issue 13 was tried on: 10" tablets in portrait and landscape, and a phone.
SCREENS = {
    "portrait-800x1280": {"viewport": {"width": 800, "height": 1280}, "has_touch": True},
    "portrait-810x1080": {"viewport": {"width": 810, "height": 1080}, "has_touch": True},
    "landscape-1280x800": {"viewport": {"width": 1280, "height": 800}, "has_touch": True},
    "phone-390x844": {
        "viewport": {"width": 390, "height": 844},
        "has_touch": True,
        "is_mobile": True,
    },
}
WAIT = 30_000  # ms: several polling rounds, with room for a loaded machine


class LiveServer:
    def __init__(self, app, url: str):
        self.app, self.url = app, url
        with app.app_context():
            clinic = room("browser@example.org", title="Klantgericht werken", phase=Phase.SORTING)
            self.clinic_id, self.code = clinic.id, clinic.join_code
            self.grid = clinic.distribution

    def set_phase(self, phase: str) -> None:
        """Move the clinic to ``phase`` as its owner would on the live page (audited)."""
        with self.app.app_context():
            move_to(db.session.get(Clinic, self.clinic_id), phase)

    def analyse(self, timeout: float = 120.0) -> None:
        """Ask for the automatic run as a submit does, and wait until the background runner
        (a thread of this server, as in qsort serve) has stored it."""
        from qsort.models import AnalysisRun
        from qsort.services import job_kinds

        with self.app.app_context():
            job_kinds.enqueue_analysis(self.clinic_id)
            db.session.commit()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.app.app_context():
                query = db.select(AnalysisRun.id).where(AnalysisRun.clinic_id == self.clinic_id)
                if db.session.scalar(query) is not None:
                    return
            time.sleep(0.2)
        raise AssertionError("the automatic run was not made")


@contextmanager
def serving(app) -> Iterator[str]:
    """``app`` served from a thread on a port the OS picks; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@contextmanager
def demo_job_server(make_app) -> Iterator[tuple[object, str, int]]:
    """The demo clinic served with its jobs on the job runner's thread: (app, base URL, clinic id).

    The demo is seeded before the runner starts, so its run exists at once. On leaving, a job
    still running is asked to stop (at its next chunk or resample) and the runner waits for it.
    """
    from qsort import jobs_runner
    from qsort.models import Job

    app = make_app(SERVER_NAME=None)
    with app.app_context():
        info, _owner = seed_demo_for_login()
        clinic_id = info.clinic.id
    app.config["JOBS_MODE"] = "thread"
    try:
        with serving(app) as base:
            yield app, base, clinic_id
    finally:
        with app.app_context():
            db.session.execute(db.update(Job).values(cancel_requested=True))
            db.session.commit()
        jobs_runner.runner(app).stop(timeout=30)


def demo_facilitator(browser, base: str):
    """The demo facilitator logged in on a 1280 x 800 desktop context: (context, page). The
    screenshot folder exists."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        log_in(page, base)
    except BaseException:
        context.close()
        raise
    return context, page


def slow_job_progress(monkeypatch, pause: float, store_every: float) -> None:
    """Each step a job reports sleeps ``pause`` s first, so that a person could watch it; its
    progress is stored every ``store_every`` s."""
    from qsort.services import jobs

    original = jobs.JobContext.progress

    def slowed(self, done, total, message=None):
        time.sleep(pause)
        return original(self, done, total, message)

    monkeypatch.setattr(jobs.JobContext, "progress", slowed)
    monkeypatch.setattr(jobs, "PROGRESS_EVERY_S", store_every)


@contextmanager
def tablet(chromium, screen: dict) -> Iterator:
    """A page in a new context of ``screen`` (``LANDSCAPE``, ``PORTRAIT``, one of ``SCREENS``),
    its context closed on leaving."""
    context = chromium.new_context(**screen)
    try:
        yield context.new_page()
    finally:
        context.close()


def launch(playwright):
    if not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("CI"):  # .ci/run installs it: a missing browser must not pass quietly
            pytest.fail(f"{CHROMIUM} is missing; .ci/run should have installed Debian's chromium")
        pytest.skip("Debian's chromium is not installed")
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


def watch_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"sort-{name}.png", full_page=True)


def join(page, server, name="Team Blauw", lang="en") -> str:
    page.goto(f"{server.url}/join/{server.code}")
    page.fill("#display_name", name)
    page.fill("#team_size", "5")
    page.check(f"input[name=language][value={lang}]")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-js=sort-app][data-ready=true]")
    return page.locator("[data-test=resume-code]").first.text_content().strip()


def presort(page, keys: str = "123", screenshot: str | None = None) -> None:
    page.click("[data-go=presort]")
    for i in range(24):
        if i == 3 and screenshot:
            shot(page, screenshot)
        page.keyboard.press(keys[i % len(keys)])
    page.wait_for_selector("[data-js=presort-done]:not([hidden])")


def columns_order(server) -> list[tuple[int, int]]:
    return [(c.value, c.height) for c in server.grid.columns]


def first_pile_card(page) -> str:
    return page.locator(".tray .q-card").first.get_attribute("data-id")


def no_horizontal_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the viewport"


def server_sort(server) -> dict:
    from qsort.models import QSort

    with server.app.app_context():
        q_sort = db.session.scalars(db.select(QSort)).one()
        return {
            "status": q_sort.status,
            "version": q_sort.version,
            # the draft's document, or the rows once submitted (QSort.cards)
            "placements": {sid: (value, pos) for sid, value, pos in q_sort.cards()},
            "receipt": q_sort.receipt,
        }


def serve(make_app):
    """Body of each test module's ``server`` fixture: a live server with an open clinic."""
    from qsort import jobs_runner

    # Jobs in a runner thread, as under qsort serve: a submit answers at once.
    app = make_app(SERVER_NAME=None, JOBS_MODE="thread", JOBS_POLL_SECONDS=0.5)
    with serving(app) as url:
        yield LiveServer(app, url)
    jobs_runner.stop(app)


def chromium_browser():
    """Body of each test module's ``chromium`` fixture."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


def open_grid(page) -> None:
    page.click("[data-go=grid]")
    page.wait_for_selector("[data-step-panel=grid]:not([hidden])")


def plan(page, server) -> list[tuple[str, str]]:
    """(card id, target) for every card: the piles' cards in order onto columns low to high."""
    ids = page.eval_on_selector_all(".tray .q-card", "cards => cards.map(c => c.dataset.id)")
    slots = [f"col:{v}" for v, h in columns_order(server) for _ in range(h)]
    return list(zip(ids, slots, strict=True))


def start_grid(page, server, name: str = "Team Blauw", lang: str = "en") -> list[tuple[str, str]]:
    """Join, presort every card, open the grid; returns the plan of moves (see :func:`plan`)."""
    join(page, server, name=name, lang=lang)
    presort(page)
    open_grid(page)
    return plan(page, server)


def tap_move(page, card: str, target: str) -> None:
    """Tap a card, then the column's button in the picker: the tap path of the grid."""
    page.locator(f'.q-card[data-id="{card}"] .q-text').tap()
    page.locator(f'[data-place="{target}"]').tap()


def place_every_card(page, server, keys: str = "123") -> None:
    """From a joined tablet: presort with ``keys``, tap every card onto the grid, wait for the save."""
    presort(page, keys)
    open_grid(page)
    for card, target in plan(page, server):
        tap_move(page, card, target)
    wait_saved(page)


def facilitator_page(chromium, server, live: bool = True, accept_dialogs: bool = False):
    """The clinic's facilitator logged in on a desktop context: (context, page), on the live page
    unless ``live`` is false (then on the clinic list); ``accept_dialogs`` accepts every
    confirmation (Playwright dismisses them otherwise)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    if accept_dialogs:
        page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, server.url, "long enough password", email="browser@example.org")
    if live:
        page.goto(f"{server.url}/clinics/{server.clinic_id}/live")
    return context, page


def wait_saved(page) -> None:
    page.wait_for_selector("[data-js=sync-status][data-state=saved]")


def finish_and_submit(page, comment: str = "Dit is de kern") -> str:
    """From a complete grid: comments, free choice, review, send; returns the receipt."""
    page.click("[data-js=grid-next]")
    page.wait_for_selector("[data-step-panel=comments]:not([hidden])")
    rows = page.locator(".comment-row:not([hidden]) textarea")
    assert rows.count() == 2  # one card in -4 and one in +4
    rows.first.fill(comment)
    page.fill("#free-choice", "Samenwerking tussen afdelingen")
    page.click("[data-step-panel=comments] [data-go=review]")
    page.wait_for_selector("[data-step-panel=review]:not([hidden])")
    assert page.locator("[data-js=review-list] > li").count() == 9
    page.click("[data-js=submit]")
    page.wait_for_url("**/sort/thanks")
    return page.locator("[data-test=receipt]").inner_text()


def seed_demo_for_login():
    """The demo clinic (:func:`qsort.services.demo.seed_demo`) with the demo facilitator's password
    set to ``DEMO_PASSWORD``; returns (seed info, facilitator). Call inside an app context."""
    from qsort.services.demo import seed_demo

    info = seed_demo()
    owner = db.session.get(Facilitator, info.facilitator.id)
    owner.password_hash = hash_password(DEMO_PASSWORD)
    db.session.commit()
    return info, owner


def log_in(page, base: str, password: str = DEMO_PASSWORD, email: str | None = None) -> None:
    """Log a facilitator (the demo's unless ``email`` is given) in through the login form and
    wait for the clinic list."""
    from qsort.services.demo import DEMO_EMAIL

    page.goto(f"{base}/login")
    page.fill("#email", email or DEMO_EMAIL)
    page.fill("#password", password)
    page.click("button.primary")
    page.wait_for_url(f"{base}/clinics/")
