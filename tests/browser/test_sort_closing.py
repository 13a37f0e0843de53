"""Closing sorting mid-sort, end to end: the facilitator's Close names who is still sorting;
the tablet says within 3 s what is stored, takes no moves, says the truth when a save is
refused, says the same after a reload, and goes on by itself when sorting reopens; the roster
shows where each participant stopped and their resume code."""

import time

import pytest

from tests.browser.sort_support import (
    SCREENS,
    WAIT,
    facilitator_page,
    server_sort,
    shot,
    start_grid,
    tap_move,
    wait_saved,
)

pytestmark = pytest.mark.browser
CLOSED = (
    "The facilitator closed sorting. Your 8 placed cards are saved. "
    "If sorting reopens you go on here."
)
# What the page's autosave would send for one more move, straight to the endpoint.
ONE_MORE_SAVE = """async (url) => {
  const token = document.querySelector('meta[name=csrf-token]').content;
  const draft = JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => !k.endsWith('key'))));
  draft.version += 100;
  const r = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json',
    'X-CSRFToken': token}, body: JSON.stringify(draft)});
  return [r.status, await r.json()];
}"""


def test_close_mid_sort_end_to_end(chromium, server):
    tablet = chromium.new_context(**SCREENS["portrait-810x1080"])
    desk, dashboard = facilitator_page(chromium, server)
    page = tablet.new_page()
    try:
        moves = start_grid(page, server, name="Team Rood")
        code = page.locator("[data-test=resume-code]").first.text_content().strip()
        for card, target in moves[:8]:
            tap_move(page, card, target)
        wait_saved(page)
        assert len(server_sort(server)["placements"]) == 8

        dashboard.click('[data-test="phase-closed"]')
        question = dashboard.locator('[data-test="confirm-text"]').inner_text()
        assert question.startswith("1 person is still sorting: Team Rood (8/24).")
        dashboard.click('[data-test="confirm"]')
        closed_at = time.monotonic()
        banner = page.locator("[data-test=phase-banner]")
        banner.wait_for(timeout=WAIT)
        seen_after = time.monotonic() - closed_at
        assert banner.inner_text() == CLOSED
        assert seen_after <= 3.0, f"the tablet learned it after {seen_after:.1f} s"
        print(f"closed state shown {seen_after:.2f} s after the facilitator confirmed")
        assert page.locator("[data-js=sync-status]").inner_text() == "Sorting paused"
        shot(page, "closed-mid-sort-portrait")

        # No moves: a tap selects nothing, the steps are inert, the server keeps its 8.
        card, target = moves[8]
        page.locator(f'.q-card[data-id="{card}"] .q-text').click(force=True)
        assert page.locator(f'.q-card[data-id="{card}"]').get_attribute("aria-pressed") == "false"
        assert page.evaluate("document.querySelector('[data-js=steps]').inert")
        status, body = page.evaluate(ONE_MORE_SAVE, f"{server.url}{draft_url(page)}")
        assert status == 409
        assert body["message"] == (
            "Sorting is closed, so this change was not saved. Your 8 placed cards are saved."
        )
        assert len(server_sort(server)["placements"]) == 8

        row = dashboard.locator('[data-test="roster"] tr', has_text="Team Rood")
        row.get_by_text("stopped at 8/24").wait_for(timeout=WAIT)
        assert row.locator('[data-test="resume-code"]').inner_text() == code

        page.reload()  # the same truth after a reload, never "thank you for your interest"
        page.wait_for_selector("[data-js=sort-app][data-ready=true]")
        assert page.locator("[data-test=phase-banner]").inner_text() == CLOSED
        assert "interest" not in page.locator("main").inner_text()

        dashboard.once("dialog", lambda dialog: dialog.accept())  # going back asks first
        dashboard.click('[data-test="phase-sorting"]')
        dashboard.wait_for_url(f"**/clinics/{server.clinic_id}/live")
        banner.wait_for(state="hidden", timeout=WAIT)
        assert not page.evaluate("document.querySelector('[data-js=steps]').inert")
        tap_move(page, card, target)
        wait_saved(page)
        assert len(server_sort(server)["placements"]) == 9
        row.get_by_text("sorting").wait_for(timeout=WAIT)
    finally:
        tablet.close()
        desk.close()


def draft_url(page) -> str:
    return page.evaluate("JSON.parse(document.getElementById('sort-config').textContent).draftUrl")


def test_a_move_made_as_sorting_closes_is_kept_and_saved_on_reopening(chromium, server):
    """A card placed in the moment sorting closes (before the tablet knows) is refused by the
    server: the tablet says what is stored and that the move is kept on the tablet, also after
    a reload, and saves it by itself when sorting reopens."""
    tablet = chromium.new_context(**SCREENS["landscape-1280x800"])
    page = tablet.new_page()
    try:
        moves = start_grid(page, server, name="Team Groen")
        for card, target in moves[:8]:
            tap_move(page, card, target)
        wait_saved(page)
        server.set_phase("closed")
        tap_move(page, *moves[8])  # the tablet does not know yet
        banner = page.locator("[data-test=phase-banner]")
        banner.wait_for(timeout=WAIT)
        kept = "Your latest changes are kept on this tablet and saved when sorting reopens."
        page.wait_for_function(
            "text => document.querySelector('[data-test=phase-banner]').textContent.includes(text)",
            arg=kept,
            timeout=WAIT,
        )
        assert "Your 8 placed cards are saved." in banner.inner_text()
        assert len(server_sort(server)["placements"]) == 8
        page.reload()
        page.wait_for_selector("[data-js=sort-app][data-ready=true]")
        assert banner.inner_text() == f"{CLOSED} {kept}"
        server.set_phase("sorting")
        banner.wait_for(state="hidden", timeout=WAIT)
        wait_saved(page)
        placed = server_sort(server)["placements"]
        assert len(placed) == 9 and int(moves[8][0]) in placed
    finally:
        tablet.close()
