"""The results page's answer, accounts and data-quality notes, read from the stored run."""

import re

import pytest

from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic, Facilitator, Placement
from qsort.services import analysis_run as run_service
from qsort.services.demo import seed_demo


@pytest.fixture
def demo(app, client):
    """The demo clinic with two identical sorts, analysed; owner logged in. Returns
    (clinic id, stored result, the copied participant's name, the copy's name)."""
    with app.app_context():
        info = seed_demo()
        clinic = info.clinic
        first, second = sorted(clinic.participants, key=lambda p: p.id)[:2]
        target = second.q_sort
        db.session.execute(db.delete(Placement).where(Placement.q_sort_id == target.id))
        db.session.add_all(
            Placement(
                q_sort_id=target.id,
                statement_id=p.statement_id,
                column_value=p.column_value,
                position=p.position,
            )
            for p in first.q_sort.placements
        )
        db.session.commit()
        db.session.expire_all()
        owner = db.session.get(Facilitator, info.facilitator.id)
        run = run_service.run_clinic_analysis(clinic, owner)
        found = clinic.id, run.result, first.display_name, second.display_name
        email, password = owner.email, info.password
    client.post("/login", data={"email": email, "password": password})
    return found


def _page(client, clinic_id, lang):
    response = client.get(f"/clinics/{clinic_id}/results", headers={"Accept-Language": lang})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _texts(app, clinic_id, lang):
    with app.app_context():
        return {s.code: s.text(lang) for s in db.session.get(Clinic, clinic_id).statements}


@pytest.mark.parametrize(("lang", "word", "decimal"), [("en", " to ", "."), ("nl", " tot ", ",")])
def test_answer_shows_the_stored_top_five_with_intervals(app, client, demo, lang, word, decimal):
    """Does the first section list the stored run's top five by rank, each with its mean and
    95 % interval in the page's language, its verdict and the room's Kendall's W?"""
    clinic_id, result, _first, _second = demo
    room = result["priorities"]["room"]
    top = sorted(room["statements"], key=lambda s: s["rank"])[:5]
    texts = _texts(app, clinic_id, lang)
    page = _page(client, clinic_id, lang)
    answer = page.split('data-test="answer"')[1].split('class="run-head"')[0]
    items = re.findall(r'data-test="priority">(.*?)</li>', answer, re.S)
    assert len(items) == 5
    for item, entry in zip(items, top, strict=True):
        assert texts[entry["statement"]] in item
        mean = f"{entry['mean']:.2f}".replace(".", decimal)
        low, high = (f"{entry[k]:.2f}".replace(".", decimal) for k in ("ci_low", "ci_high"))
        assert f"{mean}</strong>" in item and f"({low}{word}{high})" in item
        assert f"verdict-{entry['verdict']}" in item
    w = f"{room['kendall_w']:.2f}".replace(".", decimal)
    assert re.search(rf'data-test="agreement"><strong>[^<]*Kendall[^<]*{re.escape(w)}<', answer)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_each_viewpoint_shows_its_account(app, client, demo, lang):
    """Does each viewpoint card carry its stored account sentences in the page's language?"""
    clinic_id, result, _first, _second = demo
    page = _page(client, clinic_id, lang)
    for entry in result["viewpoints"]:
        card = page.split(f'id="viewpoint-{entry["factor"]}"')[1].split("</section>")[0]
        account = card.split('data-test="account"')[1].split("</div>")[0]
        shown = re.findall(r"<p>(.*?)</p>", account)
        expected = [s.replace("'", "&#39;") for s in entry[f"sentences_{lang}"]]
        assert shown == expected and len(shown) >= 3


def test_quality_notes_name_the_near_identical_sorts(app, client, demo):
    """Are two identical sorts noted (by their names, as a note not an exclusion), and does
    the page read the stored notes without making a run?"""
    clinic_id, result, first, second = demo
    pairs = {(p["first"], p["second"]) for p in result["quality_notes"]["near_identical"]}
    assert len(pairs) >= 1
    with app.app_context():
        runs = db.session.scalar(db.select(db.func.count(AnalysisRun.id)))
        placements = db.session.scalar(db.select(db.func.count(Placement.id)))
    page = _page(client, clinic_id, "en")
    notes = page.split('data-test="quality-notes"')[1].split("</section>")[0]
    assert "Nearly identical sorts (r &gt; 0.95)" in notes
    assert f"{first} and {second}" in notes or f"{second} and {first}" in notes
    assert "not exclusions" in notes
    assert "Bijna gelijke sorteringen (r &gt; 0,95)" in _page(client, clinic_id, "nl")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AnalysisRun.id))) == runs
        assert db.session.scalar(db.select(db.func.count(Placement.id))) == placements
