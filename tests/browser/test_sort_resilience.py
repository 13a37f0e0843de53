"""Never lose a sort: offline moves sync on reconnect, reload resumes, the resume code moves
the sort to another tablet, and a submit retried after a dropped connection stores one sort."""

import pytest

from qsort.extensions import db
from qsort.models import QSort
from tests.browser.sort_support import (
    LANDSCAPE,
    PORTRAIT,
    WAIT,
    finish_and_submit,
    join,
    open_grid,
    plan,
    presort,
    server_sort,
    shot,
    start_grid,
    tablet,
    tap_move,
    wait_saved,
)

pytestmark = pytest.mark.browser


def on_page(page) -> dict[int, int]:
    """Card id -> column value as the page shows it."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.board [data-stack] .q-card')]
            .map(c => [c.dataset.id, Number(c.closest('[data-stack]').dataset.stack.slice(4))]))"""
    )


def on_server(live) -> dict[str, int]:
    return {str(k): v for k, (v, _p) in server_sort(live)["placements"].items()}


def test_offline_moves_sync_on_reconnect(chromium, server):
    with tablet(chromium, LANDSCAPE) as page:
        moves = start_grid(page, server)
        for card, target in moves[:5]:
            tap_move(page, card, target)
        wait_saved(page)
        page.context.set_offline(True)
        for card, target in moves[5:12]:
            tap_move(page, card, target)
        page.wait_for_selector("[data-js=sync-status][data-state=offline]")
        assert page.locator("[data-js=sync-status]").inner_text() == "Offline — will sync"
        shot(page, "offline-landscape")
        assert len(on_server(server)) == 5  # the server has only what was sent before
        page.context.set_offline(False)
        wait_saved(page)
        page.wait_for_function(
            "JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])).version > 0"
        )
        assert on_server(server) == {k: v for k, v in on_page(page).items()}
        assert len(on_server(server)) == 12


def test_reload_resumes_where_it_was(chromium, server):
    with tablet(chromium, PORTRAIT) as page:
        for card, target in start_grid(page, server)[:9]:
            tap_move(page, card, target)
        wait_saved(page)
        before = on_page(page)
        page.reload()
        page.wait_for_selector("[data-js=sort-app][data-ready=true]")
        assert page.locator("[data-step-panel=grid]").is_visible()
        assert on_page(page) == before
        # Also from the cookie alone: a new session on the same tablet comes back to the sort.
        page.context.clear_cookies(name="session")
        page.goto(f"{server.url}/sort")
        page.wait_for_selector("[data-js=sort-app][data-ready=true]")
        assert on_page(page) == before


def test_resume_code_continues_on_another_tablet(chromium, server):
    first = chromium.new_context(**LANDSCAPE)
    second = chromium.new_context(**PORTRAIT)
    try:
        page = first.new_page()
        code = join(page, server)
        presort(page)
        open_grid(page)
        moves = plan(page, server)
        for card, target in moves[:6]:
            tap_move(page, card, target)
        wait_saved(page)
        other = second.new_page()
        other.goto(f"{server.url}/resume")
        other.fill("#resume_code", code.lower())
        other.click("main form button[type=submit]")
        other.wait_for_selector("[data-js=sort-app][data-ready=true]")
        assert other.locator("[data-step-panel=grid]").is_visible()
        assert on_page(other) == on_page(page)
        shot(other, "resumed-portrait")
        for card, target in moves[6:]:
            tap_move(other, card, target)
        wait_saved(other)
        receipt = finish_and_submit(other)
        assert server_sort(server)["receipt"] == receipt
    finally:
        first.close()
        second.close()


def test_submit_retried_after_dropped_connection_stores_one_sort(chromium, server):
    with tablet(chromium, LANDSCAPE) as page:
        for card, target in start_grid(page, server):
            tap_move(page, card, target)
        wait_saved(page)
        dropped = []

        def drop_answer(route):
            if not dropped:  # the server stores the sort, the tablet never hears back
                dropped.append(route.fetch().json())
                route.abort("connectionreset")
            else:
                route.continue_()

        page.route("**/submit", drop_answer)
        page.click("[data-js=grid-next]")
        page.click("[data-step-panel=comments] [data-go=review]")
        page.click("[data-js=submit]")
        page.wait_for_selector("[data-js=submit-error]:not([hidden])")
        assert server_sort(server)["status"] == "submitted"
        page.click("[data-js=submit]")  # the participant taps again (or the retry fires)
        page.wait_for_url("**/sort/thanks")
        receipt = page.locator("[data-test=receipt]").inner_text()
        assert receipt == dropped[0]["receipt"]
        with server.app.app_context():
            assert len(db.session.scalars(db.select(QSort)).all()) == 1
        # A different key (another tablet) is refused with the same receipt.
        answer = page.evaluate(
            """async (url) => {
                const token = document.querySelector('meta[name=csrf-token]').content;
                const r = await fetch(url, {method: 'POST', headers: {'Content-Type':
                  'application/json', 'X-CSRFToken': token}, body: JSON.stringify(
                  {idempotency_key: 'another-key-123', draft: {version: 99}})});
                return [r.status, await r.json()];
            }""",
            f"{server.url}/api/sorts/{server_sort_id(server)}/submit",
        )
        assert answer[0] == 409 and answer[1]["receipt"] == receipt
        page.goto(f"{server.url}/sort")
        assert page.url.endswith("/sort/thanks")  # a submitted sort is locked


def server_sort_id(live) -> int:
    with live.app.app_context():
        return db.session.scalars(db.select(QSort.id)).one()


def test_closed_clinic_says_so_and_lobby_moves_on(chromium, server):
    with tablet(chromium, LANDSCAPE) as page:
        server.set_phase("lobby")
        join_by_name(page, server, "Team Lobby")
        page.wait_for_selector("[data-js=sort-wait]")
        shot(page, "lobby-landscape")
        server.set_phase("sorting")
        page.wait_for_selector("[data-js=sort-app][data-ready=true]", timeout=10_000)
        server.set_phase("closed")
        page.goto(f"{server.url}/join/{server.code}")  # someone who joined: their own sort says it
        banner = page.locator("[data-test=phase-banner]")
        banner.wait_for()
        assert banner.inner_text() == (
            "The facilitator closed sorting. No cards were placed on the grid yet. "
            "If sorting reopens you go on here."
        )
        newcomer = page.context.browser.new_context(**LANDSCAPE).new_page()
        newcomer.goto(f"{server.url}/join/{server.code}")
        closed = newcomer.locator("[data-test=closed]").inner_text()
        assert closed == "Sorting is closed in this clinic, so you can no longer join."
        shot(newcomer, "closed-landscape")
        newcomer.context.close()


def assert_code_at_hand(page, code: str, where: str) -> None:
    panel = page.locator("[data-js=elsewhere]").first
    assert panel.locator("summary").is_visible(), where
    panel.locator("summary").click()
    assert panel.locator("[data-test=resume-code]").inner_text() == code, where
    page.wait_for_function("() => document.querySelector('.resume-qr').naturalWidth > 0")
    panel.locator("summary").click()  # closed again


def test_resume_code_is_at_hand_on_every_step(chromium, server):
    """Can a participant find their resume code (and its QR code) on every step, so they can
    go on on another tablet? Yes: "Continue on another tablet" in the bar of every step."""
    with tablet(chromium, PORTRAIT) as page:
        server.set_phase("lobby")
        code = join_waiting(page, server)
        assert_code_at_hand(page, code, "lobby")
        server.set_phase("sorting")
        page.wait_for_selector("[data-js=sort-app][data-ready=true]", timeout=WAIT)
        assert_code_at_hand(page, code, "intro")
        presort(page)
        assert_code_at_hand(page, code, "presort")
        open_grid(page)
        moves = plan(page, server)
        assert_code_at_hand(page, code, "grid")
        for card, target in moves:
            tap_move(page, card, target)
        page.click("[data-js=grid-next]")
        assert_code_at_hand(page, code, "comments")
        page.click("[data-step-panel=comments] [data-go=review]")
        assert_code_at_hand(page, code, "review")
        qr = page.request.get(f"{server.url}/sort/resume-qr.svg")
        assert qr.status == 200 and f"/resume?code={code}" in qr.text()
        other = page.context.browser.new_context(**LANDSCAPE).new_page()
        other.goto(f"{server.url}/resume?code={code}")  # what the QR code opens
        assert other.locator("#resume_code").input_value() == code
        other.context.close()


def test_resume_qr_loads_when_the_panel_opens_before_its_script(chromium, server):
    """A fast tap on "Continue on another tablet" while the page still loads (the panel opens
    before its script runs) still shows the QR code: the script loads it for a panel already
    open. CI once missed the QR this way."""
    context = chromium.new_context(**PORTRAIT)
    page = context.new_page()
    held = []
    page.route("**/js/elsewhere.js", lambda route: held.append(route))
    try:
        server.set_phase("lobby")
        join_by_name(page, server, "Team Fast")
        page.wait_for_selector("[data-js=elsewhere] summary")
        page.wait_for_function("() => true")  # the page is parsed; its module script is held
        page.locator("[data-js=elsewhere] summary").click()
        assert page.evaluate("() => document.querySelector('.resume-qr').src") == ""
        assert len(held) == 1, "the script was held until after the panel opened"
        held[0].continue_()
        page.wait_for_function("() => document.querySelector('.resume-qr').naturalWidth > 0")
    finally:
        context.close()


def join_by_name(page, server, name: str) -> None:
    """Send the join form with only a name filled in (the lobby's way in)."""
    page.goto(f"{server.url}/join/{server.code}")
    page.fill("#display_name", name)
    page.click("main form button[type=submit]")


def join_waiting(page, server) -> str:
    join_by_name(page, server, "Team Code")
    page.wait_for_selector("[data-js=sort-wait]")
    return page.locator("[data-test=resume-code]").text_content().strip()
