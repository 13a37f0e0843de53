"""Markup in names and statements shows as text in the results charts, drawn by plotly.js in
Chromium: no link, no styled span, the characters as typed (issue 14, attack 6)."""

import pytest

from qsort.extensions import db
from qsort.models import Clinic
from tests import live_sim

pytestmark = pytest.mark.browser
MARKUP = '<a href="https://evil.example/">click</a> <b>bold</b>'


def test_chart_labels_with_markup_are_plain_text(chromium, server):
    with server.app.app_context():
        clinic = db.session.get(Clinic, server.clinic_id)
        clinic.statements[0].text_en = f"{MARKUP} statement"
        for n in range(6):
            pid = live_sim.join(server.clinic_id, f"{MARKUP} {n}")
            live_sim.place(pid, 24, shift=n * 5)
            live_sim.submit(pid)
        db.session.commit()
    server.analyse()  # what a submit through the API asks for
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server.url}/login")
    page.fill("#email", "browser@example.org")
    page.fill("#password", "long enough password")
    page.click("button.primary")
    page.wait_for_url(f"{server.url}/clinics/")
    page.goto(f"{server.url}/clinics/{server.clinic_id}/results")
    page.wait_for_selector("#chart-ranking .main-svg", state="attached")
    plots = page.locator(".js-plotly-plot")
    assert plots.count() >= 3
    links = page.evaluate("document.querySelectorAll('.js-plotly-plot a').length")
    bold = page.evaluate(  # a <b> that took effect is a bold tspan holding just "bold"
        "[...document.querySelectorAll('.js-plotly-plot tspan[style*=bold]')]"
        ".filter(t => t.textContent.trim() === 'bold').length"
    )
    labels = page.evaluate("document.querySelector('#chart-ranking').textContent")
    assert links == 0 and bold == 0
    assert '<a href="https://evil.example/">' in labels or "<a href=" in labels
    page.close()
