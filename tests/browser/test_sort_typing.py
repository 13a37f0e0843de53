"""Nothing typed is lost: text typed, pasted and dictated (an input event with no key events)
and sent within 50 ms is stored exactly as it was on the screen; text typed just before the
page goes away is saved by the pagehide flush; the receipt lists what was stored."""

import pytest

from qsort.extensions import db
from qsort.models import QSort
from tests.browser.sort_support import PORTRAIT, start_grid, tablet, tap_move, wait_saved

pytestmark = pytest.mark.browser

# Dictation: the text arrives as one input event, with no key events, then Review and Send are
# tapped at once. Returns what was on the screen and how long it took from that input to Send.
DICTATE_AND_SEND = """(text) => {
  const free = document.querySelector('#free-choice');
  const start = performance.now();
  free.value = text;
  free.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText', data: text}));
  const shown = Object.fromEntries([...document.querySelectorAll('.comment-row:not([hidden]) textarea')]
    .map((area) => [area.dataset.comment, area.value]));
  document.querySelector('[data-step-panel=comments] [data-go=review]').click();
  document.querySelector('[data-js=submit]').click();
  return {shown, free: free.value, elapsed: performance.now() - start};
}"""


def stored(server) -> dict:
    with server.app.app_context():
        q_sort = db.session.scalars(db.select(QSort)).one()
        return {
            "status": q_sort.status,
            "comments": {str(sid): text for sid, text in q_sort.comment_texts().items()},
            "free_choice": q_sort.answer() or None,
        }


def fill_grid(page, server) -> None:
    for card, target in start_grid(page, server, lang="nl"):
        tap_move(page, card, target)
    wait_saved(page)
    page.click("[data-js=grid-next]")
    page.wait_for_selector("[data-step-panel=comments]:not([hidden])")


def test_typed_pasted_and_dictated_text_sent_at_once_is_stored(chromium, server):
    context = chromium.new_context(**PORTRAIT)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page = context.new_page()
    try:
        fill_grid(page, server)
        rows = page.locator(".comment-row:not([hidden]) textarea")
        rows.nth(0).click()
        page.keyboard.type("Tijd om te luisteren is de kern")  # typed, key by key
        page.evaluate("text => navigator.clipboard.writeText(text)", "Geplakt: klanten merken het")
        rows.nth(1).click()
        page.keyboard.press("Control+V")  # pasted
        sent = page.evaluate(DICTATE_AND_SEND, "Samenwerking tussen afdelingen")  # dictated
        assert sent["elapsed"] < 50
        assert list(sent["shown"].values()) == [
            "Tijd om te luisteren is de kern",
            "Geplakt: klanten merken het",
        ]
        page.wait_for_url("**/sort/thanks")
        assert stored(server) == {
            "status": "submitted",
            "comments": sent["shown"],
            "free_choice": "Samenwerking tussen afdelingen",
        }
        assert page.locator("[data-test=stored-comments]").inner_text() == "2 toelichtingen"
        free = page.locator("[data-test=stored-free-choice]").inner_text()
        assert free == "Samenwerking tussen afdelingen"
    finally:
        context.close()


def test_text_typed_just_before_the_page_goes_away_is_saved(chromium, server):
    with tablet(chromium, PORTRAIT) as page:
        fill_grid(page, server)
        page.locator("#free-choice").click()
        page.keyboard.type("Nog even dit")
        page.goto("about:blank")  # pagehide: the pending save goes out with keepalive
        wait = 0
        while stored(server)["free_choice"] != "Nog even dit" and wait < 100:
            page.wait_for_timeout(100)
            wait += 1
        assert stored(server)["free_choice"] == "Nog even dit"
