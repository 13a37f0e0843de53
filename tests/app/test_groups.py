"""Groups: the clinic's optional joining question (NL/EN), the participant's stored answer, and
the results comparing the groups from the stored run (computed when the run is made)."""

from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic, Facilitator, Participant
from qsort.services import analysis_run as run_service
from qsort.services.demo import seed_demo
from tests.app.participants import open_clinic

DETAILS = {
    "title_nl": "Voorjaar",
    "title_en": "Spring",
    "question_nl": "Wat telt?",
    "question_en": "What counts?",
    "max_participants": "100",
}


def _questions(app, clinic_id):
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        return clinic.group_question_nl, clinic.group_question_en


def test_facilitator_sets_the_joining_question_and_participants_answer_it(
    app, client, owner, make_clinic
):
    """Is the question stored in both languages, asked at joining in the participant's
    language, and the answer stored with the participant (blank: no group)?"""
    clinic_id = make_clinic(owner)
    data = {
        **DETAILS,
        "group_question_nl": "Welke afdeling?",
        "group_question_en": "Which department?",
    }
    assert client.post(f"/clinics/{clinic_id}", data=data).status_code == 302
    assert _questions(app, clinic_id) == ("Welke afdeling?", "Which department?")
    assert "Which department?" in client.get(f"/clinics/{clinic_id}").get_data(as_text=True)
    code = open_clinic(app, clinic_id)["code"]
    tablet = app.test_client()
    page = tablet.get(f"/join/{code}", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Welke afdeling?" in page and 'data-test="group-answer"' in page
    for name, answer in (("Team A", "  Sales  "), ("Team B", "")):
        response = app.test_client().post(
            f"/join/{code}",
            data={"display_name": name, "language": "en", "group_answer": answer},
        )
        assert response.status_code == 302
    with app.app_context():
        answers = dict(
            db.session.execute(db.select(Participant.display_name, Participant.group_answer)).all()
        )
    assert answers == {"Team A": "Sales", "Team B": None}


def test_no_question_asks_nothing_and_stores_no_answer(app, client, owner, make_clinic):
    clinic_id = make_clinic(owner)
    code = open_clinic(app, clinic_id)["code"]
    assert 'data-test="group-answer"' not in app.test_client().get(f"/join/{code}").get_data(
        as_text=True
    )
    app.test_client().post(
        f"/join/{code}", data={"display_name": "Team A", "language": "en", "group_answer": "Sales"}
    )
    with app.app_context():
        assert db.session.scalars(db.select(Participant.group_answer)).all() == [None]


def test_too_long_question_or_answer_is_refused(app, client, owner, make_clinic):
    """Is a question over 200 or an answer over 80 characters refused with the reason, and
    nothing stored?"""
    clinic_id = make_clinic(owner)
    client.post(f"/clinics/{clinic_id}", data={**DETAILS, "group_question_en": "Team?"})
    before = _questions(app, clinic_id)
    for lang, reason in (("en", "longer than 200"), ("nl", "langer zijn dan 200")):
        response = client.post(
            f"/clinics/{clinic_id}",
            data={**DETAILS, "group_question_en": "x" * 201},
            headers={"Accept-Language": lang},
        )
        assert response.status_code == 422 and reason in response.get_data(as_text=True)
    assert _questions(app, clinic_id) == before
    code = open_clinic(app, clinic_id)["code"]
    response = app.test_client().post(
        f"/join/{code}", data={"display_name": "Team A", "language": "en", "group_answer": "y" * 81}
    )
    assert response.status_code == 422 and "longer than 80" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(Participant)).all() == []


def test_results_compare_the_groups_from_the_stored_run(app, client):
    """With half of the demo room answering "Sales" and the rest "Service", does the run store
    per-group priorities and Kendall's W (the groups recorded in its input, so a replay gives
    the same), and does the results page show them without making a run?"""
    with app.app_context():
        info = seed_demo()
        clinic = info.clinic
        people = sorted(clinic.participants, key=lambda p: p.id)
        for i, participant in enumerate(people):
            participant.group_answer = "Sales" if i % 2 == 0 else "Service"
        db.session.commit()
        run = run_service.run_clinic_analysis(
            clinic, db.session.get(Facilitator, info.facilitator.id)
        )
        groups = run.result["priorities"]["groups"]
        assert [g["group"] for g in groups] == ["Sales", "Service"]
        assert [g["n_sorts"] for g in groups] == [15, 15]
        assert all(0 <= g["kendall_w"] <= 1 for g in groups)
        assert groups[0]["statements"] != groups[1]["statements"]
        assert run.settings["input"]["groups"].count("Sales") == 15
        replayed = run_service.replay(run)
        assert replayed["priorities"] == run.result["priorities"]
        clinic_id, email, password = clinic.id, info.facilitator.email, info.password
        runs = db.session.scalar(db.select(db.func.count(AnalysisRun.id)))
    client.post("/login", data={"email": email, "password": password})
    page = client.get(f"/clinics/{clinic_id}/results").get_data(as_text=True)
    assert page.count('data-test="group"') == 2
    assert page.count("How much this group agrees") == 2
    assert "Sales" in page and "Service" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AnalysisRun.id))) == runs
