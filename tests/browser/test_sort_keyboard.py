"""A whole sort by keyboard alone, counting every key press, with every step announced.

After "On to the grid" the focus is on the first card still to place, after each placement on
the next one, and on "Continue" when the grid is complete; Enter on a card opens the column
picker on the column used last. The budget (issue 13) is 150 key presses for 24 cards from the
intro to the receipt; comments are optional and not typed here.
"""

import pytest

from qsort.views.labels import signed
from tests.browser.sort_support import (
    LANDSCAPE,
    columns_order,
    join,
    server_sort,
    tablet,
    wait_saved,
)

pytestmark = pytest.mark.browser
BUDGET = 150
# Every text put into the live region, in order (the page clears it before each message).
RECORD_ANNOUNCEMENTS = """() => {
  window.announced = [];
  const live = document.querySelector('[data-test=announce]');
  new MutationObserver(() => { if (live.textContent) window.announced.push(live.textContent); })
    .observe(live, {childList: true, characterData: true, subtree: true});
}"""


class Keyboard:
    def __init__(self, page):
        self.page, self.presses, self.heard = page, 0, 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses += 1

    def active(self, expression: str):
        return self.page.evaluate(
            f"(() => {{ const el = document.activeElement; return {expression}; }})()"
        )

    def announced(self, start: str) -> str:
        """The first announcement beginning with ``start`` since the last one taken."""
        found = self.page.wait_for_function(
            """([n, start]) => window.announced.slice(n).find((t) => t.startsWith(start))""",
            arg=[self.heard, start],
        ).json_value()
        self.heard = self.page.evaluate("window.announced.length")
        return found

    def tab_to(self, selector: str, limit: int = 12) -> None:
        for _ in range(limit):
            if self.page.evaluate("s => document.activeElement.matches(s)", selector):
                return
            self.press("Tab")
        raise AssertionError(f"{selector} not reached by Tab")


def test_whole_sort_by_keyboard_in_at_most_150_presses(chromium, server):
    with tablet(chromium, LANDSCAPE) as page:
        page.goto(f"{server.url}/join")
        assert (
            page.evaluate("document.activeElement.id") == "code"
        )  # the join page is ready to type
        join(page, server)
        page.evaluate(RECORD_ANNOUNCEMENTS)
        keys = Keyboard(page)
        assert keys.active("el.tagName") == "H1"  # the intro's heading, then its one button
        keys.tab_to("[data-go=presort]")
        keys.press("Enter")
        keys.announced("Step 2 of 5")
        for i in range(24):
            keys.press("123"[i % 3])
            keys.announced("Statement ")  # "Statement 7 put on the pile “Neutral”"
        assert keys.active("el.dataset.go") == "grid"  # "On to the grid"
        keys.press("Enter")
        keys.announced("Step 3 of 5")
        slots = [f"col:{v}" for v, h in columns_order(server) for _ in range(h)]
        placed = {}
        for target in slots:
            card = keys.active("el.dataset.id")
            assert card is not None, "the focus is not on a card to place"
            keys.press("Enter")
            number = page.get_attribute(f'.q-card[data-id="{card}"]', "data-number")
            keys.announced(f"Statement {number} selected.")
            assert keys.active("el.dataset.place") is not None  # in the column picker
            for _ in range(len(slots)):
                if keys.active("el.dataset.place") == target:
                    break
                keys.press(
                    "ArrowRight"
                    if int(keys.active("el.dataset.place")[4:]) < int(target[4:])
                    else "ArrowLeft"
                )
            keys.press("Enter")
            said = keys.announced(f"Statement {number} placed in {signed(int(target[4:]))}, ")
            placed[int(card)] = int(target[4:])
        assert said.endswith("Every card is placed. Continue when you are ready.")
        assert keys.active("el.dataset.js") == "grid-next"
        wait_saved(page)
        keys.press("Enter")
        keys.announced("Step 4 of 5")
        keys.tab_to("[data-step-panel=comments] [data-go=review]")
        keys.press("Enter")
        keys.announced("Step 5 of 5")
        keys.tab_to("[data-js=submit]")
        keys.press("Enter")
        page.wait_for_url("**/sort/thanks")
        stored = server_sort(server)
        assert stored["status"] == "submitted"
        assert {sid: value for sid, (value, _pos) in stored["placements"].items()} == placed
        assert keys.presses <= BUDGET, f"{keys.presses} key presses"
        print(f"keyboard-only sort: {keys.presses} key presses")
