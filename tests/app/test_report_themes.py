"""The report and the workbook show the free-choice groups as the facilitator merged, split and
named them (the same groups as the results page and the projector), counting the answers of
the run's participants."""

import io
import re

import pytest
from openpyxl import load_workbook

from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic
from qsort.services import analysis_run
from qsort.services.demo import DEMO_EMAIL
from qsort.services.free_choice import run_themes, themes_for
from tests.presenter_seed import seed_room

PASSWORD = "report themes test password"


@pytest.fixture
def room(app, client):
    with app.app_context():
        ids = seed_room(PASSWORD)
        ids["run"] = analysis_run.latest_run(db.session.get(Clinic, ids["clinic"])).id
    client.post("/login", data={"email": DEMO_EMAIL, "password": PASSWORD})
    return ids


def _summary_themes(client, room, lang="en") -> str:
    url = f"/clinics/{room['clinic']}/runs/{room['run']}/download/html?lang={lang}"
    page = client.get(url).get_data(as_text=True)
    heading = (
        "What is missing from the statements"
        if lang == "en"
        else "Wat er aan de stellingen ontbreekt"
    )
    return re.sub(r"<[^>]+>", "", page.split(heading)[1].split("</section>")[0])


def _workbook_themes(client, room) -> list[tuple]:
    url = f"/clinics/{room['clinic']}/runs/{room['run']}/download/xlsx?lang=en"
    book = load_workbook(io.BytesIO(client.get(url).data))
    return [tuple(row) for row in book["Free choice"].iter_rows(min_row=2, values_only=True)]


def test_renamed_and_merged_groups_reach_the_next_report(app, client, room):
    with app.app_context():
        groups = themes_for(db.session, db.session.get(Clinic, room["clinic"]))
    fun = next(g for g in groups if room["answers"][0] in g.answer_ids)
    purpose = next(g for g in groups if room["answers"][2] in g.answer_ids)
    before = " ".join(_summary_themes(client, room).split())
    assert "Fun at work (×2)" in before and "A clear purpose" in before
    assert ("Fun at work", 2) in _workbook_themes(client, room)

    url = f"/clinics/{room['clinic']}/themes"
    client.post(f"{url}/merge", data={"group": fun.id, "other": purpose.id})
    client.post(f"{url}/name", data={"group": fun.id, "name": "Joy and purpose"})

    after = " ".join(_summary_themes(client, room).split())
    assert after.startswith("Joy and purpose (×3); Customer contact")
    assert "A clear purpose" not in after and "Fun at work" not in after
    assert _workbook_themes(client, room) == [("Joy and purpose", 3), ("Customer contact", 1)]
    dutch = " ".join(_summary_themes(client, room, "nl").split())
    assert dutch.startswith("Joy and purpose (×3)")  # the facilitator's own name, as typed


def test_a_run_counts_only_its_own_participants_answers(app, room):
    """An answer of someone outside the run (sent after it) is in the clinic's groups, not in
    that run's report."""
    with app.app_context():
        clinic = db.session.get(Clinic, room["clinic"])
        labels = db.session.get(AnalysisRun, room["run"]).settings["input"]["participants"]
        assert set(room["answers"]) <= set(labels)
        shown = run_themes(clinic, [p for p in labels if p != room["answers"][1]])
        everyone = run_themes(clinic, labels)
    assert (everyone[0].label, everyone[0].count) == ("Fun at work", 2)
    fun = next(g for g in shown if room["answers"][0] in g.answer_ids)
    assert fun.count == 1 and room["answers"][1] not in fun.answer_ids
    assert sum(g.count for g in shown) == len(room["answers"]) - 1
