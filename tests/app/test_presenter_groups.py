"""The groups on the projector (issue 19 item 6): each group's top five as a reveal step, only
groups of at least three sorts, the smaller ones counted but not named, never a person's name."""

import pytest

from qsort.extensions import db
from qsort.models import Clinic, Participant
from qsort.services import analysis_run
from qsort.services.demo import DEMO_EMAIL
from tests.presenter_seed import logged_in, seed_grouped_room, seed_room

PASSWORD = "presenter groups password"


@pytest.fixture
def grouped(client):
    return logged_in(client, seed_grouped_room, PASSWORD)


def _walk(client, room) -> list[str]:
    pages = []
    for index in range(12):
        client.post(f"/clinics/{room['clinic']}/reveal/step", data={"index": index})
        pages.append(client.get(f"/projector/{room['token']}/panel").get_data(as_text=True))
    return pages


def _step_page(pages, key):
    return next(p for p in pages if f'data-step="{key}"' in p)


def test_groups_step_shows_each_big_group_top_five_and_leaves_small_ones_out(app, client, grouped):
    pages = _walk(client, grouped)
    page = _step_page(pages, "groups")
    with app.app_context():
        clinic = db.session.get(Clinic, grouped["clinic"])
        texts = {s.code: s.text_en for s in clinic.statements}
        tables = analysis_run.latest_run(clinic).result["priorities"]["groups"]
        names = [p.display_name for p in clinic.participants]
    by_group = {t["group"]: t for t in tables}
    assert {"Sales", "Service", "Board"} <= set(by_group)
    assert page.count('data-test="group"') == 2
    assert page.index(">Sales ") < page.index(">Service ")  # largest first
    for group in ("Sales", "Service"):
        ranked = sorted(by_group[group]["statements"], key=lambda e: e["rank"])[:5]
        section = page.split(f">{group} ")[1].split("</section>")[0]
        assert [texts[e["statement"]] in section for e in ranked] == [True] * 5
    assert "Board" not in page  # a group of one sort is never named
    assert "1 smaller group is left out (1 sort)" in page
    assert "at least 3 sorts" in page
    for name in names:
        assert name not in page


def test_the_step_follows_consensus_in_the_presenter_list(app, client, grouped):
    live = client.get(f"/clinics/{grouped['clinic']}/live").get_data(as_text=True)
    assert live.index("Shared and dividing") < live.index("The groups&#39; top five")
    assert live.index("The groups&#39; top five") < live.index("Free-choice themes")


def test_no_groups_step_without_a_joining_question(app, client):
    with app.app_context():
        room = seed_room(PASSWORD)
        assert not db.session.scalars(
            db.select(Participant).where(Participant.group_answer.is_not(None))
        ).all()
    client.post("/login", data={"email": DEMO_EMAIL, "password": PASSWORD})
    assert not any('data-step="groups"' in p for p in _walk(client, room))
