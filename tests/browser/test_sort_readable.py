"""Every card readable in full, measured in Chromium on the screens of issue 13 (800x1280 and
810x1080 portrait, 1280x800 landscape, a 390x844 phone), in Dutch and English, with touch.

For every card, in the tray (all 24 on piles) and on the full grid: the element is not clipped
(scrollHeight <= clientHeight, scrollWidth <= clientWidth), no ellipsis or line clamp is in
effect, the text is the statement's whole text, the computed font size is at least 16 px (15 px
on the phone), the card lies inside the viewport, and every line break falls at a space, a hard
hyphen or one of the server's soft hyphens (measured per character with Range.getClientRects).
Column heads and picker buttons are at least 44 px both ways; nothing is wider than the screen.
Full-page screenshots go to ``test-artifacts/readable-*.png``.
"""

import pytest

from qsort.extensions import db
from qsort.models import Clinic, QSort
from tests.browser.sort_support import ARTIFACTS, SCREENS, join, serve, watch_errors

pytestmark = pytest.mark.browser

MEASURE = """(selector) => {
  const soft = /\\u00ad/g;
  const problems = [];
  const width = document.documentElement.clientWidth;
  const cards = [...document.querySelectorAll(selector)];
  for (const card of cards) {
    const text = card.querySelector('.q-text');
    const id = card.dataset.number;
    for (const el of [card, text]) {
      if (el.scrollHeight > el.clientHeight + 1) problems.push(`${id}: clipped vertically`);
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`${id}: clipped horizontally`);
      const style = getComputedStyle(el);
      if (style.textOverflow === 'ellipsis') problems.push(`${id}: ellipsis`);
      if (style.webkitLineClamp !== 'none') problems.push(`${id}: line clamp ${style.webkitLineClamp}`);
    }
    const box = card.getBoundingClientRect();
    if (box.left < -0.5 || box.right > width + 0.5) problems.push(`${id}: outside the screen`);
    problems.push(...badBreaks(text).map((where) => `${id}: broken in "${where}"`));
  }
  return {
    problems,
    count: cards.length,
    texts: Object.fromEntries(cards.map((c) => [c.dataset.id, c.querySelector('.q-text').textContent.replace(soft, '')])),
    fontSizes: cards.map((c) => parseFloat(getComputedStyle(c.querySelector('.q-text')).fontSize)),
  };

  // A line may end only after a space, a hard hyphen or at a soft hyphen.
  function badBreaks(el) {
    const node = el.firstChild;
    const text = node.data;
    const range = document.createRange();
    const bad = [];
    let previous = null;
    for (let i = 0; i < text.length; i += 1) {
      if (text[i] === ' ' || text[i] === '\\u00ad') continue;
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rects = range.getClientRects(); // a hyphen drawn at a soft break adds a rect before
      const rect = rects[rects.length - 1];
      if (!rect || rect.width === 0) continue;
      if (previous && rect.top > previous.top + rect.height / 2) {
        const between = text.slice(previous.i + 1, i);
        if (!/[ \\u00ad]/.test(between) && !/[-\\u2013\\u2014/]/.test(text[previous.i])) {
          bad.push(text.slice(Math.max(0, previous.i - 8), i + 8).replace(soft, ''));
        }
      }
      previous = { i, top: rect.top };
    }
    return bad;
  }
}"""

TARGETS_44 = """() => [...document.querySelectorAll('[data-target-head], [data-place]')]
  .filter((el) => el.offsetParent !== null)
  .map((el) => { const r = el.getBoundingClientRect(); return [el.dataset.targetHead || el.dataset.place, r.width, r.height]; })
  .filter(([, w, h]) => w < 44 || h < 44)"""

TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('.sort-app *')].filter((el) => {
    if (el.closest('[hidden], .card-pool, .visually-hidden')) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5);
  }).map((el) => el.className || el.tagName);
  return [document.documentElement.scrollWidth - width, wide.slice(0, 5)];
}"""


@pytest.fixture(scope="module")
def server(make_module_app):
    yield from serve(make_module_app)


@pytest.fixture(scope="module")
def make_module_app(base_config, _schema):
    """One app and live server for the module (8 screens); its rows are removed at the end."""
    from qsort import create_app
    from tests.conftest import _empty_tables

    apps = []

    def factory(**overrides):
        app = create_app({**base_config, **overrides})
        apps.append(app)
        return app

    yield factory
    with apps[0].app_context():
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def statement_texts(server, lang: str) -> dict[str, str]:
    with server.app.app_context():
        clinic = db.session.get(Clinic, server.clinic_id)
        return {str(s.id): s.text(lang) for s in clinic.statements}


def put_draft(page, server, name: str, draft: dict) -> None:
    """Store a draft for this tablet's sort through the page's own autosave endpoint."""
    with server.app.app_context():
        query = db.select(QSort.id).where(QSort.participant.has(display_name=name))
        sort_id = db.session.scalar(query)
    status = page.evaluate(
        """async ([url, body]) => {
            const token = document.querySelector('meta[name=csrf-token]').content;
            const r = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json',
              'X-CSRFToken': token}, body: JSON.stringify(body)});
            return r.status; }""",
        [f"{server.url}/api/sorts/{sort_id}/draft", draft],
    )
    assert status == 200


def grid_plan(server, ids: list[int]) -> dict[str, list[int]]:
    it = iter(ids)
    return {str(c.value): [next(it) for _ in range(c.height)] for c in server.grid.columns}


def assert_readable(page, selector: str, texts: dict[str, str], minimum: float, count: int):
    found = page.evaluate(MEASURE, selector)
    assert found["count"] == count
    assert found["problems"] == []
    assert all(found["texts"][i] == texts[i] for i in found["texts"])  # the whole statement
    assert min(found["fontSizes"]) >= minimum
    overflow, wide = page.evaluate(TOO_WIDE)
    assert overflow <= 0 and wide == [], wide


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_card_is_readable_in_full(chromium, server, screen, lang):
    context = chromium.new_context(**SCREENS[screen])
    page = context.new_page()
    errors = watch_errors(page)
    minimum = 15 if screen.startswith("phone") else 16
    name = f"{screen} {lang}"
    try:
        join(page, server, name=name, lang=lang)
        texts = statement_texts(server, lang)
        ids = [int(i) for i in texts]
        # All 24 cards on the three piles (as after the presort).
        piles = {"less": ids[:8], "neutral": ids[8:16], "more": ids[16:]}
        put_draft(
            page, server, name, {"version": 10, "step": "grid", "columns": {}, "piles": piles}
        )
        page.reload()
        page.wait_for_selector("[data-js=sort-app][data-ready=true]")
        assert_readable(page, ".tray .q-card", texts, minimum, 24)
        page.screenshot(path=ARTIFACTS / f"readable-{screen}-{lang}-piles.png", full_page=True)
        # 23 on the grid; the last one placed by touch: tap the card, then its column.
        columns = grid_plan(server, ids)
        last_value, last = next((v, c[-1]) for v, c in columns.items() if v == "0")
        columns[last_value] = columns[last_value][:-1]
        draft = {"version": 11, "step": "grid", "columns": columns, "piles": {"more": [last]}}
        put_draft(page, server, name, draft)
        page.reload()
        page.wait_for_selector("[data-js=sort-app][data-ready=true]")
        page.locator(f'.q-card[data-id="{last}"] .q-text').tap()
        assert page.evaluate(TARGETS_44) == []  # column heads and the open picker
        page.screenshot(path=ARTIFACTS / f"readable-{screen}-{lang}-picker.png")
        page.locator('[data-place="col:0"]').tap()
        page.wait_for_selector("[data-js=grid-next]:not([disabled])")
        assert_readable(page, ".board .q-card", texts, minimum, 24)
        assert page.evaluate(TARGETS_44) == []
        page.screenshot(path=ARTIFACTS / f"readable-{screen}-{lang}-full.png", full_page=True)
        page.locator(".elsewhere-toggle").tap()  # "Continue on another tablet" fits too
        page.wait_for_function("() => document.querySelector('.resume-qr').naturalWidth > 0")
        overflow, wide = page.evaluate(TOO_WIDE)
        assert overflow <= 0 and wide == [], wide
        assert errors == []
    finally:
        context.close()
