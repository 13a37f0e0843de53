"""The clinic file carries the joining question and each participant's group answer (version
3): exported and imported back through the web app without loss, so the groups compared on
the results page survive the move; so do the facilitator's free-choice groups (merged, split,
named); a bad group answer is refused with the field named and nothing stored; a version 2
file (no groups) still imports."""

import json

import pytest

from qsort.extensions import db
from qsort.formats.clinic_schema import VERSION
from qsort.models import AnalysisRun, Clinic, Participant
from qsort.narrative.answer_groups import relabel_edits
from qsort.services import analysis_run as run_service
from qsort.services import free_choice
from qsort.services.demo import seed_demo
from tests.builders import import_clinic_file, newest_clinic_id

GROUPS = ("Sales", "Service desk", None)
ANSWERS = ["Fun at work", "fun at work!", "A clear purpose", "Customer contact"]
QUESTION = {"group_question_nl": "Op welke afdeling werk je?",
            "group_question_en": "Which department do you work in?"}  # fmt: skip


@pytest.fixture
def grouped(app, client):
    """The demo clinic with a joining question, answers on every participant but each third,
    one stored run (which compares the groups); its owner logged in."""
    with app.app_context():
        info = seed_demo()
        clinic = db.session.get(Clinic, info.clinic.id)
        for name, text in QUESTION.items():
            setattr(clinic, name, text)
        for k, person in enumerate(clinic.participants):
            person.group_answer = GROUPS[k % 3]
        for person, answer in zip(clinic.participants, ANSWERS, strict=False):
            person.q_sort.free_choice = answer
        db.session.commit()
        groups = free_choice.themes_for(db.session, clinic)
        fun = next(g for g in groups if "Fun" in g.label)
        purpose = next(g for g in groups if "purpose" in g.label)
        free_choice.merge(clinic, info.facilitator, fun.id, purpose.id)
        free_choice.name(clinic, info.facilitator, fun.id, "Joy and purpose")
        free_choice.split(clinic, info.facilitator, fun.answer_ids[1])
        run_service.run_clinic_analysis(clinic, info.facilitator)
        clinic_id, email = clinic.id, info.facilitator.email
    client.post("/login", data={"email": email, "password": info.password})
    return clinic_id


def _groups_of(app, clinic_id):
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        run = run_service.latest_run(clinic)
        return {
            "question": {name: getattr(clinic, name) for name in QUESTION},
            "answers": [(p.display_name, p.group_answer) for p in clinic.participants],
            "run_groups": run.settings["input"].get("groups") if run else None,
            "group_priorities": run.result["priorities"]["groups"] if run else None,
            "themes": [
                (g.label, g.count, g.named) for g in free_choice.themes_for(db.session, clinic)
            ],
        }


def _stored(app) -> tuple:
    with app.app_context():
        return (
            db.session.scalar(db.select(db.func.count(Clinic.id))),
            db.session.scalar(db.select(db.func.count(Participant.id))),
            db.session.scalar(db.select(db.func.count(AnalysisRun.id))),
            sorted(db.session.scalars(db.select(Participant.group_answer).where(
                Participant.group_answer.is_not(None)))),
        )  # fmt: skip


def test_group_question_and_answers_round_trip(app, client, grouped):
    original = _groups_of(app, grouped)
    assert {a for _n, a in original["answers"]} == set(GROUPS)
    assert original["group_priorities"]  # the run compares the groups
    assert ("Joy and purpose", 2, True) in original["themes"]  # merged, one answer split off
    document = json.loads(client.get(f"/clinics/{grouped}/clinic-file.json").data)
    assert document["version"] == VERSION == 4
    assert document["clinic"]["group_question_en"] == QUESTION["group_question_en"]
    assert [p["group_answer"] for p in document["participants"][:3]] == list(GROUPS)
    response = import_clinic_file(client, document)
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    back = _groups_of(app, newest_clinic_id(app))
    assert back == original
    again = json.loads(client.get(f"/clinics/{newest_clinic_id(app)}/clinic-file.json").data)
    strip = lambda d: [{k: v for k, v in p.items() if k != "label"} for p in d["participants"]]  # noqa: E731
    assert strip(again) == strip(document)
    labels = {p["label"]: q["label"] for p, q in zip(document["participants"], again["participants"], strict=True)}  # fmt: skip
    edits = relabel_edits(document["clinic"]["free_choice_edits"], labels)
    assert edits["names"] and again["clinic"]["free_choice_edits"] == edits
    assert again["clinic"] == {**document["clinic"], "phase": "closed", "free_choice_edits": edits}


@pytest.mark.parametrize(
    "change, field, reason",
    [
        (lambda d: d["participants"][4].update(group_answer="x" * 81),
         "participants[4].group_answer", "is longer than 80 characters"),
        (lambda d: d["participants"][0].update(group_answer=7),
         "participants[0].group_answer", "must be string or null"),
        (lambda d: d["participants"][2].update(group_answer=""),
         "participants[2].group_answer", "is empty"),
        (lambda d: d["clinic"].update(group_question_nl="?" * 201),
         "clinic.group_question_nl", "is longer than 200 characters"),
    ],
)  # fmt: skip
def test_a_bad_group_answer_is_refused_and_nothing_is_stored(app, client, grouped, change, field, reason):  # fmt: skip
    document = json.loads(client.get(f"/clinics/{grouped}/clinic-file.json").data)
    change(document)
    before = _stored(app)
    response = import_clinic_file(client, document)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"field &#39;{field}&#39;" in page or f"field '{field}'" in page
    assert reason in page
    assert _stored(app) == before


def test_a_version_2_file_without_groups_still_imports(app, client, grouped):
    document = json.loads(client.get(f"/clinics/{grouped}/clinic-file.json").data)
    document["version"] = 2
    for name in QUESTION:
        del document["clinic"][name]
    for person in document["participants"]:
        del person["group_answer"]
    assert import_clinic_file(client, document).status_code == 302
    back = _groups_of(app, newest_clinic_id(app))
    assert back["question"] == {name: "" for name in QUESTION}
    assert {a for _n, a in back["answers"]} == {None}
    assert back["run_groups"] == _groups_of(app, grouped)["run_groups"]  # the run as it was


def test_relabel_edits_repoints_answer_and_group_ids():
    edits = {"merge": [["gp3", "gp12#2", "gp99"]], "move": {"p12#2": "gp12#2'", "p99": "gp99'"},
             "names": {"gp3": "Joy", "gp99": "Gone"}}  # fmt: skip
    mapping = {"p3": "p40", "p12": "p41"}
    assert relabel_edits(edits, mapping) == {
        "merge": [["gp40", "gp41#2"]],
        "move": {"p41#2": "gp41#2'"},
        "names": {"gp40": "Joy"},
    }
    assert relabel_edits(None, mapping) is None
