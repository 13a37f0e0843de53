"""The presenter in Chromium across processes: the facilitator's page on one server process,
two projector screens on two different ones (two gunicorn processes on one SQLite file).
Each reveal step must appear on both projectors within 2 s of the click; a comment appears
only after approval; no participant name ever shows on a projector.

Screenshots of every step go to ``test-artifacts/`` (git-ignored).
"""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from qsort import create_app
from qsort.extensions import db
from tests.browser.sort_support import log_in
from tests.builders import free_port
from tests.presenter_seed import COMMENT, seed_room

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "presenter browser password"
FOLLOW_MS = 2_000  # the projectors show a new step within this


def _start(url: str, log_path: Path, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "presenter-secret"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "-w",
            "1",
            "--threads",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "qsort:create_app()",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # app start-up is slow on a loaded 2-core machine
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/login", timeout=1)
            return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail("gunicorn did not start: " + log_path.read_text())


@pytest.fixture
def servers(tmp_path):
    url = f"sqlite:///{tmp_path / 'presenter.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "t"})
    with app.app_context():
        db.create_all()
        ids = seed_room(PASSWORD)
        db.engine.dispose()
    logs = [tmp_path / f"gunicorn-{n}.log" for n in range(2)]
    with open(logs[0], "w") as log0, open(logs[1], "w") as log1:
        started = [_start(url, path, log) for path, log in zip(logs, (log0, log1), strict=True)]
        yield [base for _p, base in started], ids
        for process, _base in started:
            process.terminate()
            process.wait(timeout=10)


def _step_key(page) -> str:
    return page.locator('[data-test="reveal"]').get_attribute("data-step")


def _wait_step(projectors, key: str) -> float:
    """Seconds until every projector shows step ``key``."""
    start = time.monotonic()
    for projector in projectors:
        projector.wait_for_selector(f'[data-step="{key}"]', timeout=10_000)
    return time.monotonic() - start


def test_every_step_reaches_both_projectors_within_two_seconds(chromium, servers):
    (first, second), ids = servers
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    facilitator = context.new_page()
    log_in(facilitator, first, PASSWORD)
    facilitator.goto(f"{first}/clinics/{ids['clinic']}/live")
    screen = {"viewport": {"width": 1920, "height": 1080}, "locale": "en-GB"}
    screens = [chromium.new_context(**screen) for _ in range(2)]
    projectors = [s.new_page() for s in screens]
    for projector, base in zip(projectors, (first, second), strict=True):
        projector.goto(f"{base}/projector/{ids['token']}")
    try:
        _wait_step(projectors, "top")  # the first picture comes with the page itself
        keys = ["top"]
        while not facilitator.locator('[data-test="step-next"]').is_disabled():
            with facilitator.expect_navigation():  # the POST is answered: the step is stored
                facilitator.click('[data-test="step-next"]')
            clicked = time.monotonic()
            current = facilitator.locator(".presenter-steps li.current button").inner_text()
            index = len(keys)
            key = _expected_key(projectors[0], index, clicked)
            keys.append(key)
            for projector in projectors[1:]:  # each polls on its own: wait within the 2 s too
                _expected_key(projector, index, clicked)
            for projector in projectors:
                assert _step_key(projector) == key, current
            assert time.monotonic() - clicked < FOLLOW_MS / 1000, key
        assert keys[-3:] == ["consensus", "themes", "comments"]
        assert any(k.startswith("viewpoint-") for k in keys)
        assert COMMENT not in projectors[0].locator("body").inner_text()
        _approve_comment(facilitator, first, ids)
        for projector in projectors:
            projector.get_by_text(COMMENT).wait_for(timeout=FOLLOW_MS)
        seen = _walk_and_screenshot(facilitator, projectors, first, ids, keys)
        for text in seen["themes"]:  # the two approved answers, each once; not the others
            assert "Fun at work × 1" in text and "A clear purpose × 1" in text
            assert "Customer contact" not in text and "fun at work!" not in text
        for texts in seen.values():
            for text in texts:
                assert not any(name in text for name in ids["names"])
    finally:
        for c in (context, *screens):
            c.close()


def _expected_key(projector, index: int, clicked: float) -> str:
    """Wait (at most 2 s after the click) for the projector to show step ``index + 1``."""
    label = f"{index + 1} of "
    remaining = max(1, int(FOLLOW_MS - (time.monotonic() - clicked) * 1000))
    projector.wait_for_function(
        "label => document.querySelector('[data-test=reveal-count]')?.textContent.startsWith(label)",
        arg=label,
        timeout=remaining,
    )
    return _step_key(projector)


def _approve_comment(facilitator, base, ids) -> None:
    facilitator.goto(f"{base}/clinics/{ids['clinic']}/moderation")
    facilitator.screenshot(path=ARTIFACTS / "presenter-moderation.png", full_page=True)
    with facilitator.expect_navigation():
        facilitator.click(f'[data-test="approved-comment-{ids["comment"]}"]')
    for answer in (ids["answers"][0], ids["answers"][2]):  # "Fun at work", "A clear purpose"
        with facilitator.expect_navigation():
            facilitator.click(f'[data-test="approved-answer-{answer}"]')


def _walk_and_screenshot(facilitator, projectors, base, ids, keys) -> dict[str, list[str]]:
    """Show every step again; what each projector shows at each step (its text)."""
    facilitator.goto(f"{base}/clinics/{ids['clinic']}/live")
    seen = {}
    for index, key in enumerate(keys):
        with facilitator.expect_navigation():
            facilitator.click(f'[data-test="step-{index}"]')
        for projector in projectors:  # timing is measured above; here the pictures count
            projector.wait_for_selector(f'[data-step="{key}"]', timeout=10_000)
        projectors[1].screenshot(path=ARTIFACTS / f"presenter-step-{index + 1}-{key}.png")
        seen[key] = [p.locator("body").inner_text() for p in projectors]
    facilitator.screenshot(path=ARTIFACTS / "presenter-dashboard.png", full_page=True)
    return seen
