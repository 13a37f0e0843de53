"""HTML and script in names, statements, comments and titles come out escaped everywhere:
facilitator pages, dashboard roster, projector, results (charts included), the participant's
pages, the report HTML and the XLSX (formula text prefixed). Unusual Unicode never fails a page.
"""

import io

import pytest
from openpyxl import load_workbook

from qsort.domain.phases import Phase
from qsort.extensions import db
from qsort.models import Clinic, Comment, Participant
from qsort.reports import ParticipantComment, StudyInfo, build_report, render_html
from qsort.reports.workbook import xlsx_bytes
from qsort.services import analysis_run as run_service
from qsort.services.demo import seed_demo
from tests.builders import move_to

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
FORMULA = '=HYPERLINK("http://evil.example","x")'
RAW = (SCRIPT, IMG, 'onerror="alert', "<img src=x")

UNICODE = [
    "\u202eRTL override\u202c עברית العربية",
    "zero\u200bwidth\u200d\ufeffjoiners",
    "emoji 👩🏽‍🔬🏳️‍🌈 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "combining Z̸̢̛̩̤a̴̡͚l̷̢̛g̶o̵ ",
    "x" * 5000,
]


def _hostile_clinic(app, texts):
    """The demo clinic (30 submitted sorts) with hostile text in every free-text place."""
    with app.app_context():
        info = seed_demo()
        clinic = info.clinic
        clinic.title_nl = clinic.title_en = texts[0][:200]
        clinic.question_en = clinic.question_nl = texts[1 % len(texts)]
        clinic.instruction_en = clinic.instruction_nl = texts[2 % len(texts)]
        for i, statement in enumerate(clinic.statements[: len(texts)]):
            statement.text_en = statement.text_nl = texts[i]
        submitted = [p for p in clinic.participants if p.q_sort and p.q_sort.status == "submitted"]
        for i, participant in enumerate(submitted[: len(texts)]):
            participant.display_name = texts[i][:80]
            q_sort = participant.q_sort
            q_sort.free_choice = texts[i]
            q_sort.comments.append(Comment(statement_id=clinic.statements[0].id, text=texts[i]))
        db.session.commit()
        move_to(clinic, Phase.REVEALED)
        return clinic.id, info.facilitator.email, info.password, clinic.projector_token


def _pages(app, client, clinic_id, token):
    with app.app_context():
        participants = db.session.scalars(
            db.select(Participant)
            .where(Participant.clinic_id == clinic_id)
            .order_by(Participant.id)
        )
        resume = next(p for p in participants if p.q_sort.status == "submitted").resume_code
    pages = {}
    for path in [
        "/clinics/", f"/clinics/{clinic_id}", f"/clinics/{clinic_id}/statements",
        f"/clinics/{clinic_id}/live", f"/clinics/{clinic_id}/live/roster",
        f"/clinics/{clinic_id}/projector", f"/clinics/{clinic_id}/projector/panel",
        f"/clinics/{clinic_id}/results", f"/projector/{token}", f"/projector/{token}/panel",
    ]:  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.get_data(as_text=True)
    tablet = app.test_client()
    tablet.set_cookie("qsort_resume", resume, domain="qsort.test")
    response = tablet.get("/sort/thanks")
    assert response.status_code == 200
    pages["/sort/thanks"] = response.get_data(as_text=True)
    return pages


@pytest.fixture
def hostile(app, client):
    clinic_id, email, password, token = _hostile_clinic(app, [SCRIPT, IMG, FORMULA])
    client.post("/login", data={"email": email, "password": password})
    return clinic_id, token


def test_markup_is_escaped_on_every_page(app, client, hostile):
    clinic_id, token = hostile
    pages = _pages(app, client, clinic_id, token)
    for path, html in pages.items():
        for raw in RAW:
            assert raw not in html, f"{raw!r} unescaped on {path}"
    shown = {
        path for path, html in pages.items() if "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    }
    # names on the roster and the receipt page, statements on the editor, results and projector
    for path in (
        f"/clinics/{clinic_id}/statements", f"/clinics/{clinic_id}/live/roster",
        f"/clinics/{clinic_id}/results", "/sort/thanks",
    ):  # fmt: skip
        assert path in shown, f"the hostile text is not shown (escaped) on {path}"
    # Chart labels are plain text for Plotly (&lt; ...), and the figure JSON inside
    # <script type="application/json"> escapes '&' and '<' again (\u0026, \u003c).
    assert "\\u0026lt;script\\u0026gt;" in pages[f"/clinics/{clinic_id}/results"]


def test_markup_is_escaped_on_the_sort_page(app, make_facilitator, make_clinic):
    from tests.app.participants import join, open_clinic

    clinic_id = make_clinic(make_facilitator())
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        clinic.statements[0].text_en = SCRIPT
        clinic.statements[1].text_en = IMG
        clinic.question_en = clinic.instruction_en = clinic.title_en = SCRIPT
        db.session.commit()
    info = open_clinic(app, clinic_id)
    tablet = app.test_client()
    join(tablet, info["code"], name=IMG[:80])
    for path in ("/sort", f"/join/{info['code']}"):
        html = tablet.get(path).get_data(as_text=True)
        for raw in RAW:
            assert raw not in html, f"{raw!r} unescaped on {path}"
        assert "&lt;script&gt;" in html


def _report(app, clinic_id):
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        run = run_service.latest_run(clinic)
        result = run.result
        texts = {f"S{n:02d}": s.text_en for n, s in enumerate(clinic.statements, start=1)}
        texts = {sid: texts.get(sid, sid) for sid in result["statements"]}
        comments = tuple(
            ParticipantComment(result["participants"][0], result["statements"][0], c.text)
            for p in clinic.participants
            for c in p.q_sort.comments
        )
        study = StudyInfo(
            title=clinic.title_for("en"), statements=texts, question=clinic.question_for("en"),
            free_choice=tuple(p.q_sort.free_choice or "" for p in clinic.participants),
            comments=comments,
        )  # fmt: skip
        return build_report(result, study)


def test_report_html_and_xlsx_are_safe(app, client, hostile):
    clinic_id, _token = hostile
    assert client.get(f"/clinics/{clinic_id}/results").status_code == 200  # makes the run
    report = _report(app, clinic_id)
    html = render_html(report, "en")
    for raw in RAW:
        assert raw not in html
    assert "&lt;script&gt;" in html
    book = load_workbook(io.BytesIO(xlsx_bytes(report)))
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    texts = [v for v in cells if isinstance(v, str)]
    assert any(FORMULA in v for v in texts), "the formula text should be in the workbook"
    assert not [v for v in texts if v.startswith(("=", "+", "@"))]
    assert "'" + FORMULA in texts


def test_unusual_unicode_never_fails_a_page(app, client):
    clinic_id, email, password, token = _hostile_clinic(app, UNICODE)
    client.post("/login", data={"email": email, "password": password})
    pages = _pages(app, client, clinic_id, token)
    assert any("👩🏽‍🔬" in html for html in pages.values())
    assert client.get(f"/clinics/{clinic_id}/clinic-file.json").status_code == 200
    report = _report(app, clinic_id)
    assert "עברית" in render_html(report, "nl")
    xlsx_bytes(report)


@pytest.mark.parametrize("name", UNICODE)
def test_unusual_unicode_names_join_and_save(app, make_facilitator, make_clinic, name):
    from tests.app.participants import complete_columns, open_clinic, participant_sort

    info = open_clinic(app, make_clinic(make_facilitator()))
    tablet = app.test_client()
    response = tablet.post(
        f"/join/{info['code']}", data={"display_name": name[:80], "team_size": "", "language": "nl"}
    )
    assert response.status_code == 302
    sort = participant_sort(app, name[:80].strip())
    draft = {"version": 2, "step": "comments", "columns": complete_columns(info),
             "comments": {str(info["ids"][0]): name[:2000]}, "free_choice": name[:2000]}  # fmt: skip
    assert tablet.post(f"/api/sorts/{sort['sort_id']}/draft", json=draft).status_code == 200
    assert (
        tablet.get(f"/api/sorts/{sort['sort_id']}/draft").get_json()["free_choice"]
        == name[:2000].strip()
    )
