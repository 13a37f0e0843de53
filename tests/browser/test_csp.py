"""The Content-Security-Policy breaks no page: Chromium walks the participant's sort flow, the
facilitator's pages, the live dashboard, the projector and the results with their charts, and
collects every CSP violation (the ``securitypolicyviolation`` event and "Refused to ..." console
messages). There must be none, and the layout that used to come from inline styles (the
grid's columns, plotly's own CSS) must still be applied. The results pages allow inline
*styles* for plotly.js (see ``qsort/security.py``); scripts are 'self' everywhere.
"""

import pytest

from qsort.extensions import db
from qsort.models import Clinic
from tests import live_sim
from tests.browser.sort_support import (
    LANDSCAPE,
    join,
    open_grid,
    presort,
)

pytestmark = pytest.mark.browser

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _context(chromium, **options):
    context = chromium.new_context(**options)
    context.add_init_script(WATCH)
    refused: list[str] = []
    context.on(
        "console",
        lambda msg: (
            refused.append(msg.text)
            if "Content Security Policy" in msg.text or msg.text.startswith("Refused to")
            else None
        ),
    )
    return context, refused


def _violations(page) -> list[str]:
    return page.evaluate("window.__csp || []")


def test_no_page_violates_the_policy(chromium, server):
    tablet, tablet_refused = _context(chromium, **LANDSCAPE)
    page = tablet.new_page()
    join(page, server, name="Team CSP")
    presort(page)
    open_grid(page)
    columns = page.evaluate(
        "getComputedStyle(document.querySelector('.board')).gridTemplateColumns.split(' ').length"
    )
    assert columns == len(server.grid.columns)  # --columns arrived without a style attribute
    assert _violations(page) == []
    with server.app.app_context():
        for n in range(6):
            pid = live_sim.join(server.clinic_id, f"Sim {n}")
            live_sim.place(pid, 24, shift=n * 5)
            live_sim.submit(pid)
        token = db.session.get(Clinic, server.clinic_id).projector_token
    server.analyse()  # what a submit through the API asks for

    desk, desk_refused = _context(chromium, viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    page.goto(f"{server.url}/login")
    page.fill("#email", "browser@example.org")
    page.fill("#password", "long enough password")
    page.click("button.primary")
    page.wait_for_url(f"{server.url}/clinics/")
    seen = {}
    for path in ("", "/statements", "/grid", "/import", "/live", "/projector", "/results"):
        page.goto(f"{server.url}/clinics/{server.clinic_id}{path}")
        if path == "/live":
            page.wait_for_timeout(3000)  # one polling round swaps the roster in
        if path == "/results":
            assert "data-chart" in page.content(), page.inner_text("main")[:500]
            page.wait_for_selector(".js-plotly-plot .main-svg", state="attached")
            position = page.evaluate(
                "getComputedStyle(document.querySelector('.js-plotly-plot .main-svg')).position"
            )
            assert position == "absolute"  # plotly's CSS came from static/vendor/plotly/plotly.css
            policy = page.evaluate(
                "fetch(location.href).then((r) => r.headers.get('content-security-policy'))"
            )
            assert (
                "script-src 'self';" in policy
                and "'unsafe-inline'" not in policy.split("style-src")[0]
            )
        seen[path] = _violations(page)
    server.set_phase("revealed")
    page.goto(f"{server.url}/projector/{token}")
    page.wait_for_timeout(3000)
    seen["projector-token"] = _violations(page)
    assert {k: v for k, v in seen.items() if v} == {}
    assert tablet_refused == [] and desk_refused == []
    tablet.close()
    desk.close()
