"""Named viewpoints on the web app: the facilitator renames a viewpoint (NL and EN), the name
is kept with the run, audited, and used by the results page, the projector and the reports;
refusals leave the stored run as it was."""

import io
import re

import pytest
from openpyxl import load_workbook

from qsort.extensions import db
from qsort.models import AnalysisRun, AuditEvent, Clinic, Facilitator
from qsort.services import analysis_run as run_service
from qsort.services.demo import seed_demo
from qsort.services.viewpoint_names import viewpoint_names
from qsort.views.reveal import reveal_summary


@pytest.fixture
def demo_run(app, client):
    """The demo clinic with one stored run, its owner logged in: (clinic id, run id)."""
    with app.app_context():
        info = seed_demo()
        owner = db.session.get(Facilitator, info.facilitator.id)
        run = run_service.run_clinic_analysis(info.clinic, owner)
        ids = info.clinic.id, run.id
        email, password = owner.email, info.password
    client.post("/login", data={"email": email, "password": password})
    return ids


def _stored(app, run_id):
    with app.app_context():
        run = db.session.get(AnalysisRun, run_id)
        audits = db.session.scalar(db.select(db.func.count(AuditEvent.id)))
        return run.result, audits


def _rename(client, clinic_id, run_id, **data):
    return client.post(f"/clinics/{clinic_id}/runs/{run_id}/name", data={"factor": 2, **data})


def test_generated_names_come_from_the_stored_viewpoints(app, demo_run):
    """Without an edit, is each viewpoint's name the generated one in the asked language?"""
    _clinic_id, run_id = demo_run
    result, _audits = _stored(app, run_id)
    for lang in ("en", "nl"):
        names = viewpoint_names(result, lang)
        assert names == {v["factor"]: v[f"name_{lang}"] for v in result["viewpoints"]}
        assert len(set(names.values())) == 3


def test_rename_is_stored_audited_and_shown_everywhere(app, client, demo_run):
    """Does a new name reach the results page, the projector, the HTML and PDF-model report and
    the workbook, in its own language, with the change in the audit log?"""
    clinic_id, run_id = demo_run
    before, audits = _stored(app, run_id)
    response = _rename(
        client, clinic_id, run_id, name_en="  Tools   first ", name_nl="Eerst gereedschap"
    )
    assert response.status_code == 302
    after, audits_after = _stored(app, run_id)
    assert after["viewpoint_names"] == {"2": {"en": "Tools first", "nl": "Eerst gereedschap"}}
    assert {k: v for k, v in after.items() if k != "viewpoint_names"} == before
    assert audits_after == audits + 1
    with app.app_context():
        event = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event.action == "viewpoint-name"
        assert event.detail["to"] == {"en": "Tools first", "nl": "Eerst gereedschap"}
        generated = viewpoint_names(before, "en")
        assert viewpoint_names(after, "en") == {**generated, 2: "Tools first"}
    page = client.get(f"/clinics/{clinic_id}/results").get_data(as_text=True)
    shown = re.findall(r'data-test="viewpoint-(?:name|title)"[^>]*>([^<]+)<', page)
    assert shown.count("Tools first") == 2 and generated[2] not in shown
    assert shown.count(generated[1]) == 2 and shown.count(generated[3]) == 2
    report_en = client.get(f"/clinics/{clinic_id}/runs/{run_id}/download/html?lang=en")
    assert "Viewpoint 2: Tools first" in report_en.get_data(as_text=True)
    report_nl = client.get(f"/clinics/{clinic_id}/runs/{run_id}/download/html?lang=nl")
    assert "Gezichtspunt 2: Eerst gereedschap" in report_nl.get_data(as_text=True)
    xlsx = client.get(f"/clinics/{clinic_id}/runs/{run_id}/download/xlsx?lang=en").data
    summary = load_workbook(io.BytesIO(xlsx))["Summary"]
    assert ["Viewpoint 2", "Tools first"] in [[c.value for c in row] for row in summary.iter_rows()]
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        reveal = reveal_summary(db.session.get(Clinic, clinic_id))
        assert [v.name for v in reveal.viewpoints if v.number == 2] == ["Eerst gereedschap"]


def test_empty_names_go_back_to_the_generated_name(app, client, demo_run):
    clinic_id, run_id = demo_run
    original, _ = _stored(app, run_id)
    _rename(client, clinic_id, run_id, name_en="Mine", name_nl="")
    renamed, _ = _stored(app, run_id)
    assert viewpoint_names(renamed, "nl")[2] == "Mine"  # the one name given, in both languages
    assert _rename(client, clinic_id, run_id, name_en="", name_nl=" ").status_code == 302
    reset, _ = _stored(app, run_id)
    assert viewpoint_names(reset, "en") == viewpoint_names(original, "en")


@pytest.mark.parametrize(
    ("data", "reason_en", "reason_nl"),
    [
        ({"name_en": "x" * 121}, "longer than 120", "langer zijn dan 120"),
        ({"factor": 9, "name_en": "Nine"}, "no such viewpoint", "zo'n gezichtspunt niet"),
        ({"factor": "two", "name_en": "Two"}, "Not a valid integer", "Ongeldig getal"),
    ],
)
def test_bad_names_are_refused_with_a_reason(app, client, demo_run, data, reason_en, reason_nl):
    """Is a too long name, an unknown viewpoint or a non-number refused with a readable reason
    (EN and NL), leaving the stored run and the audit log untouched?"""
    clinic_id, run_id = demo_run
    before = _stored(app, run_id)
    for lang, reason in (("en", reason_en), ("nl", reason_nl)):
        response = client.post(
            f"/clinics/{clinic_id}/runs/{run_id}/name",
            data={"factor": 2, **data},
            headers={"Accept-Language": lang},
        )
        assert response.status_code == 400
        assert reason in response.get_data(as_text=True).replace("&#39;", "'")
    assert _stored(app, run_id) == before


def test_rename_without_csrf_token_is_refused(make_app, app, demo_run):
    """Logged in (session set directly), does a rename without the CSRF token go through? No:
    400 with the reason, the stored run unchanged."""
    clinic_id, run_id = demo_run
    before = _stored(app, run_id)
    guarded = make_app(WTF_CSRF_ENABLED=True).test_client()
    with app.app_context():
        owner_id = db.session.get(Clinic, clinic_id).owner_id
    with guarded.session_transaction() as session:
        session["_user_id"] = str(owner_id)
        session["_fresh"] = True
    response = guarded.post(
        f"/clinics/{clinic_id}/runs/{run_id}/name", data={"factor": 2, "name_en": "Hijack"}
    )
    assert response.status_code == 400
    assert b"security token" in response.data
    assert _stored(app, run_id) == before


def test_other_facilitator_cannot_rename(app, client, demo_run, make_facilitator, auth):
    clinic_id, run_id = demo_run
    before = _stored(app, run_id)
    client.post("/logout")
    other = make_facilitator()
    auth.login(other)
    assert _rename(client, clinic_id, run_id, name_en="Theirs").status_code == 404
    assert _stored(app, run_id) == before
