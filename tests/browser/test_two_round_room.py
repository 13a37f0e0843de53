"""A two-round clinic end to end in Chromium: three tablets sort round 1, the facilitator starts
round 2 from the live page ("show my first sort" on), the same tablets sort again with their
first sort for reference, and the comparison appears on the results page, in the PDF report and
on the projector. The numbers on the page and in the PDF are checked against a direct NumPy
computation from the stored placements.
"""

import io
import subprocess
import time

import numpy as np
import pytest

from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic, Participant, Placement, QSort
from tests.browser.sort_support import (
    ARTIFACTS,
    LANDSCAPE,
    facilitator_page,
    finish_and_submit,
    join,
    place_every_card,
    serve,
    shot,
    watch_errors,
)

pytestmark = pytest.mark.browser
WAIT = 30_000
TEAMS = (("Team Rood", "123"), ("Team Groen", "321"), ("Team Geel", "213"))
QUESTION_2 = "How should it be in a year's time?"
T_975_DF2 = 4.302652729911275  # Student's t, 97.5 % quantile, 2 degrees of freedom


@pytest.fixture
def server(make_app):
    live = serve(make_app)
    server = next(live)
    with server.app.app_context():
        db.session.get(Clinic, server.clinic_id).round2_question_en = QUESTION_2
        db.session.commit()
    yield server
    next(live, None)


def _sort_on(page, server, keys: str) -> None:
    place_every_card(page, server, keys)
    finish_and_submit(page)


def _stored_sorts(server) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Both rounds' sorts from the placements, participants in id order, statement order."""
    with server.app.app_context():
        clinic = db.session.get(Clinic, server.clinic_id)
        column = {s.id: j for j, s in enumerate(clinic.statements)}
        rounds = {1: {}, 2: {}}
        rows = db.session.execute(
            db.select(QSort.round, QSort.participant_id, Placement.statement_id,
                      Placement.column_value)
            .join(Placement, Placement.q_sort_id == QSort.id)
            .join(Participant, QSort.participant_id == Participant.id)
            .where(Participant.clinic_id == clinic.id)
        ).all()  # fmt: skip
        for round_number, pid, sid, value in rows:
            rounds[round_number].setdefault(pid, np.zeros(len(column)))[column[sid]] = value
        ids = sorted(rounds[1])
        codes = [s.text_en for s in clinic.statements]
    return np.array([rounds[1][i] for i in ids]), np.array([rounds[2][i] for i in ids]), codes


def _wait_for_round_two_run(server, timeout: float = 120.0) -> AnalysisRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with server.app.app_context():
            run = db.session.scalar(
                db.select(AnalysisRun).where(AnalysisRun.round == 2).order_by(AnalysisRun.id.desc())
            )
            if run is not None and (run.result or {}).get("rounds", {}).get("n_paired") == 3:
                return run.id
        time.sleep(0.3)
    raise AssertionError("the round-2 run with its comparison was not made")


def _number(text: str) -> float:
    return float(text.strip().replace("\u2212", "-").replace("+", ""))


def test_two_rounds_with_three_tablets(chromium, server):
    tablets = [chromium.new_context(**LANDSCAPE) for _ in TEAMS]
    pages = [t.new_page() for t in tablets]
    errors = [watch_errors(p) for p in pages]
    facilitator, dashboard = facilitator_page(chromium, server, live=False, accept_dialogs=True)
    try:
        for page, (name, keys) in zip(pages, TEAMS, strict=True):
            join(page, server, name=name)
            _sort_on(page, server, keys)
            page.locator('[data-test="round-two-coming"]').wait_for()
        shot(pages[0], "rounds-1-thanks-round-two-coming")

        dashboard.goto(f"{server.url}/clinics/{server.clinic_id}/live")
        dashboard.click('[data-test="phase-closed"]')
        dashboard.locator('[data-test="start-round-two"]').wait_for()
        assert dashboard.locator('[data-test="show-first"]').is_checked()
        shot(dashboard, "rounds-2-live-start-round-two")
        dashboard.click('[data-test="start-round-two"]')
        dashboard.get_by_text("Round 2 is open: 3 participants sort again.").wait_for()

        for page in pages:  # the thank-you page looks again and opens round 2 by itself
            page.locator('[data-test="round"]').wait_for(timeout=WAIT)
            page.wait_for_selector("[data-js=sort-app][data-ready=true]")
            assert QUESTION_2 in page.locator('[data-test="question"]').inner_text()
        reference = pages[0].locator('[data-test="first-sort"]')
        reference.locator("summary").click()
        assert reference.locator("li li").count() == 24
        shot(pages[0], "rounds-3-round-two-with-first-sort")
        reference.locator("summary").click()
        for page, (_name, keys) in zip(pages, TEAMS, strict=True):
            _sort_on(page, server, keys[::-1] if keys != "321" else "132")
        run_id = _wait_for_round_two_run(server)

        first, second, texts = _stored_sorts(server)
        d = second - first
        mean = d.mean(axis=0)
        half = T_975_DF2 * d.std(axis=0, ddof=1) / np.sqrt(3)
        biggest = [int(j) for j in np.argsort(-np.abs(mean), kind="stable")[:5] if mean[j] != 0]

        dashboard.goto(f"{server.url}/clinics/{server.clinic_id}/results")
        section = dashboard.locator('[data-test="rounds-comparison"]')
        section.wait_for()
        assert "3 participants sorted both rounds" in section.inner_text()
        moved = section.locator('[data-test="moved-most"] li')
        assert moved.count() == len(biggest)
        for k, j in enumerate(biggest):
            item = moved.nth(k)
            assert texts[j] in item.inner_text()
            shown = _number(item.locator('[data-test="shift"]').inner_text())
            assert shown == pytest.approx(mean[j], abs=0.005)
        section.locator('[data-test="rounds-statements"] summary').click()
        rows = section.locator('[data-test="shift-row"]')
        assert rows.count() == 24
        for j in range(24):
            cells = rows.nth(j).locator("td")
            assert _number(cells.nth(2).inner_text().rstrip(" *")) == pytest.approx(
                mean[j], abs=0.005
            )
            low, high = cells.nth(3).inner_text().split("…")
            assert _number(low) == pytest.approx(mean[j] - half[j], abs=0.005)
            assert _number(high) == pytest.approx(mean[j] + half[j], abs=0.005)
        section.locator('[data-test="rounds-movers"] summary').click()
        r = [np.corrcoef(first[i], second[i])[0, 1] for i in range(3)]
        movers = section.locator('[data-test="mover"] td:nth-child(2)')
        assert sorted(_number(movers.nth(i).inner_text()) for i in range(3)) == pytest.approx(
            sorted(r), abs=0.005
        )
        section.scroll_into_view_if_needed()
        section.screenshot(path=ARTIFACTS / "sort-rounds-4-results-comparison.png")

        pdf = dashboard.request.get(
            f"{server.url}/clinics/{server.clinic_id}/runs/{run_id}/download/pdf?lang=en"
        )
        assert pdf.ok
        _check_pdf(pdf.body(), texts, mean, biggest)

        dashboard.goto(f"{server.url}/clinics/{server.clinic_id}/live")
        dashboard.click('[data-test="phase-closed"]')
        dashboard.click('[data-test="phase-revealed"]')
        dashboard.locator('[data-test="step-1"]').click()
        with server.app.app_context():
            token = db.session.get(Clinic, server.clinic_id).projector_token
        screen = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="en-GB")
        projector = screen.new_page()
        projector.goto(f"{server.url}/projector/{token}")
        step = projector.locator('[data-step="rounds"]')
        step.wait_for(timeout=WAIT)
        assert projector.locator('[data-test="move"]').count() == len(biggest)
        projector.screenshot(path=ARTIFACTS / "sort-rounds-5-projector-step.png")
        box = projector.locator('[data-test="moved-most"]').bounding_box()
        assert box["y"] + box["height"] <= 1080  # on the first screen
        body = projector.locator("body").inner_text()
        assert not any(name in body for name, _keys in TEAMS)
        screen.close()
        assert errors == [[], [], []]
    finally:
        for context in (*tablets, facilitator):
            context.close()


def _check_pdf(content: bytes, texts, mean, biggest) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    pages = [p.extract_text() for p in reader.pages]
    where = next(k for k, text in enumerate(pages) if "Round 1 vs round 2" in text)
    text = pages[where]
    for j in biggest:
        shift = f"{'+' if mean[j] > 0 else ''}{mean[j]:.2f}".replace("-", "\u2212")
        assert shift in text, (shift, text[:400])
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "rounds-report.pdf").write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", str(where + 1), "-l", str(where + 1),
         str(ARTIFACTS / "rounds-report.pdf"), str(ARTIFACTS / "sort-rounds-6-pdf-page")],
        check=False,
    )  # fmt: skip
