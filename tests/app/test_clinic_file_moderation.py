"""The clinic file carries the facilitator's moderation decisions (version 4): approved and
hidden comments and free-choice answers of both rounds survive an export and an import through
the web app, item by item, and the new clinic's projector shows exactly the approved texts;
exporting the copy gives the same decisions (no drift); a version 3 file imports undecided; a
decision that names no text of the file is refused with its field named and nothing stored."""

import json
import re

import pytest
from markupsafe import escape

from qsort.extensions import db
from qsort.formats.clinic_schema import VERSION
from qsort.models import Clinic, Comment, Participant, Placement, QSort
from qsort.models._types import utcnow
from qsort.services import moderation
from tests.builders import import_clinic_file, newest_clinic_id
from tests.presenter_seed import COMMENT, logged_in, seed_room
from tests.security.test_hostile_forms import snapshot

PASSWORD = "moderation file password"
ROUND_ONE_COMMENTS = ["We never hear back", "Only on Mondays"]
ROUND_TWO = [("More time to listen", "Clearer after the break"),
             ("Shorter meetings", "Still the same for me")]  # fmt: skip
# The decisions taken, in the order of moderation.items(): comments by id, then answers.
# Comments: round 1 (3), round 2 (2); answers: p1, p1r2, p2, p2r2, p3, p4 (the first four).
DECISIONS = ["approved", "hidden", None, "approved", "hidden",
             None, "approved", "hidden", "hidden", "approved", None]  # fmt: skip


def _seed(password: str) -> dict:
    """The presenter's room (round 1: four answers, one comment) with two more round-1
    comments and a second round sorted by the first two participants, each with an answer and
    a comment; the facilitator's decisions are taken through the web app by the fixture."""
    room = seed_room(password)
    clinic = db.session.get(Clinic, room["clinic"])
    sorts = list(db.session.scalars(
        db.select(QSort).join(Participant).where(Participant.clinic_id == clinic.id)
        .order_by(QSort.id)))  # fmt: skip
    for q_sort, statement, text in zip(
        sorts[1:3], clinic.statements[3:5], ROUND_ONE_COMMENTS, strict=True
    ):
        db.session.add(Comment(q_sort=q_sort, statement=statement, text=text))
    clinic.round2_question_en = "And after the break?"
    clinic.current_round = 2
    for q_sort, (answer, comment) in zip(sorts[:2], ROUND_TWO, strict=True):
        placements = [Placement(statement_id=p.statement_id, column_value=-p.column_value,
                                position=p.position) for p in q_sort.placements]  # fmt: skip
        db.session.add(QSort(participant_id=q_sort.participant_id, round=2, status="submitted",
                             submitted_at=utcnow(), free_choice=answer, placements=placements,
                             comments=[Comment(statement=clinic.statements[6], text=comment)]))  # fmt: skip
    db.session.commit()
    return room


@pytest.fixture
def room(app, client):
    """The room, its texts decided as :data:`DECISIONS` says through the moderation page."""
    room = logged_in(client, _seed, PASSWORD)
    with app.app_context():
        found = moderation.items(db.session.get(Clinic, room["clinic"]))
    assert [i.kind for i in found] == ["comment"] * 5 + ["answer"] * 6
    for item, status in zip(found, DECISIONS, strict=True):
        if status is not None:
            data = {"kind": item.kind, "item": item.item_id, "status": status}
            response = client.post(f"/clinics/{room['clinic']}/moderation", data=data)
            assert response.status_code == 302
    return room


def _decided(app, clinic_id) -> list[tuple]:
    """Every text of the clinic with its decision, by participant name, round and statement."""
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        names = {p.id: p.display_name for p in clinic.participants}
        comment_of = {cid: (pid, number) for cid, pid, number in db.session.execute(
            db.select(Comment.id, QSort.participant_id, QSort.round).join(QSort))}  # fmt: skip
        rows = []
        for item in moderation.items(clinic):
            if item.kind == "comment":
                pid, number = comment_of[int(item.item_id)]
            else:
                pid, number = int(item.item_id[1:].removesuffix("r2")), 1 + item.item_id.endswith("r2")  # fmt: skip
            rows.append((item.kind, names[pid], number, item.statement, item.text, item.status))
        return sorted(rows, key=repr)


def _export(client, clinic_id) -> dict:
    response = client.get(f"/clinics/{clinic_id}/clinic-file.json")
    assert response.status_code == 200
    return json.loads(response.data)


def _projected(app, client, clinic_id) -> dict[str, list]:
    """The quotes of the projector's comments step and the themes of its themes step."""
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        token, phase = clinic.projector_token, clinic.phase
    if phase != "revealed":
        assert client.post(f"/clinics/{clinic_id}/phase", data={"phase": "revealed"}).status_code == 302  # fmt: skip
    seen = {}
    for index in range(12):
        client.post(f"/clinics/{clinic_id}/reveal/step", data={"index": index})
        page = client.get(f"/projector/{token}/panel").get_data(as_text=True)
        if 'data-step="comments"' in page:
            seen["comments"] = sorted(re.findall(r"<li><q>(.*?)</q>", page))
        if 'data-step="themes"' in page:
            seen["themes"] = sorted(re.findall(
                r'<li><span>(.*?)</span> <span class="theme-count">× (\d+)</span>', page))  # fmt: skip
    assert set(seen) == {"comments", "themes"}
    return seen


def test_decisions_round_trip_and_the_projector_shows_the_approved_texts(app, client, room):
    original = _decided(app, room["clinic"])
    assert {(kind, number, status) for kind, _n, number, _c, _t, status in original} == {
        (kind, number, status)
        for kind in ("comment", "answer")
        for number in (1, 2)
        for status in ("approved", "hidden", None)
    } - {("comment", 2, None), ("answer", 2, None)}  # both decisions, both kinds and rounds
    document = _export(client, room["clinic"])
    assert document["version"] == VERSION == 4
    assert len(document["moderation"]) == 8
    assert {"kind": "comment", "participant": room["answers"][0], "round": 1,
            "statement": document["statements"][0]["code"], "status": "approved"} in document["moderation"]  # fmt: skip
    response = import_clinic_file(client, document)
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    copy = newest_clinic_id(app)
    assert copy != room["clinic"]
    assert _decided(app, copy) == original
    shown = _projected(app, client, copy)
    approved = [t for kind, _n, _r, _c, t, status in original if (kind, status) == ("comment", "approved")]  # fmt: skip
    assert shown["comments"] == sorted([COMMENT, "Clearer after the break"]) == sorted(approved)
    assert shown["themes"] == [("A clear purpose", "1"), ("More time to listen", "1")]
    assert _projected(app, client, room["clinic"]) == shown


def test_exporting_the_copy_gives_the_same_decisions(app, client, room):
    document = _export(client, room["clinic"])
    assert import_clinic_file(client, document).status_code == 302
    again = _export(client, newest_clinic_id(app))
    labels = {p["label"]: q["label"] for p, q in zip(document["participants"], again["participants"], strict=True)}  # fmt: skip
    assert set(labels) != set(labels.values())  # new participants, new labels
    moved = [{**d, "participant": labels[d["participant"]]} for d in document["moderation"]]
    assert again["moderation"] == moved and len(moved) == 8
    strip = lambda d: [{k: v for k, v in p.items() if k != "label"} for p in d["participants"]]  # noqa: E731
    assert strip(again) == strip(document)


def test_a_version_3_file_imports_with_every_text_undecided(app, client, room):
    document = _export(client, room["clinic"])
    assert document["moderation"]
    del document["moderation"]
    document["version"] = 3
    assert import_clinic_file(client, document).status_code == 302
    copy = _decided(app, newest_clinic_id(app))
    undecided = [(*row[:5], None) for row in _decided(app, room["clinic"])]
    assert copy == undecided
    assert _projected(app, client, newest_clinic_id(app)) == {"comments": [], "themes": []}


def _decision(document: dict, kind: str, number: int = 1) -> int:
    return next(k for k, d in enumerate(document["moderation"])
                if d["kind"] == kind and d["round"] == number)  # fmt: skip


def _set(which, number=1, **values):
    def change(document):
        k = _decision(document, which, number)
        document["moderation"][k].update(values)
        return k

    return change


def _no_round_two(document):
    """An answer decision of round 2 for a participant who did not sort round 2."""
    one_round = {p["label"] for p in document["participants"] if p.get("round2_sort") is None}
    k = next(k for k, d in enumerate(document["moderation"]) if d["participant"] in one_round)
    document["moderation"][k]["round"] = 2
    return k


def _twice(document):
    document["moderation"].append(dict(document["moderation"][0]))
    return len(document["moderation"]) - 1


def _shared_label(document):
    label = document["moderation"][-1]["participant"]
    document["participants"][-1]["label"] = label  # a participant no decision names
    return next(k for k, d in enumerate(document["moderation"]) if d["participant"] == label)


def _uncommented(document):
    """A comment decision moved to a statement the participant did not comment on."""
    k = _decision(document, "comment", 1)
    document["moderation"][k]["statement"] = document["statements"][-1]["code"]
    return k


CASES = [
    (_set("comment", participant="p999999"), "moderation[{k}].participant",
     "names no participant of the file ('p999999')"),
    (_set("answer", participant="x" * 41), "moderation[{k}].participant",
     "is longer than 40 characters"),
    (_set("comment", statement="zz"), "moderation[{k}].statement",
     "names an unknown statement ('zz')"),
    (_set("comment", statement=None), "moderation[{k}].statement", "must be string"),
    (_set("answer", statement="s01"), "moderation[{k}].statement", "must be null"),
    (_set("answer", status="shown"), "moderation[{k}].status",
     "must be one of 'approved', 'hidden'"),
    (_set("comment", kind="name"), "moderation[{k}].kind", "must be one of 'comment', 'answer'"),
    (_set("answer", round=3), "moderation[{k}].round", "must be one of 1, 2"),
    (_uncommented, "moderation[{k}]", "has no comment on statement"),
    (_no_round_two, "moderation[{k}]",
     "has no free-choice answer in a submitted sort of round 2"),
    (_twice, "moderation[{k}]", "decides a text already decided in moderation[0]"),
    (_shared_label, "moderation[{k}].participant",
     "but more than one participant of the file has that label"),
]  # fmt: skip


IDS = ["unknown-participant", "long-label", "unknown-statement", "comment-without-statement",
       "answer-with-statement", "bad-status", "bad-kind", "bad-round", "no-such-comment",
       "no-round-two-answer", "decided-twice", "shared-label"]  # fmt: skip


@pytest.mark.parametrize(("change", "field", "reason"), CASES, ids=IDS)
def test_a_bad_decision_is_refused_with_its_field_and_nothing_is_stored(
    app, client, room, change, field, reason
):
    document = _export(client, room["clinic"])
    field = field.format(k=change(document))
    before = snapshot(app)
    response = import_clinic_file(client, document)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert str(escape(f"c.qsort.json, field '{field}': ")) in page, re.findall(
        r"c.qsort.json[^<]*", page
    )
    assert str(escape(reason)) in page
    assert snapshot(app) == before


def test_the_refusal_is_in_dutch_for_a_dutch_facilitator(app, client, room):
    document = _export(client, room["clinic"])
    k = _decision(document, "comment")
    document["moderation"][k]["participant"] = "p999999"
    client.post("/language", data={"lang": "nl"})
    before = snapshot(app)
    response = import_clinic_file(client, document)
    assert response.status_code == 422
    shown = f"c.qsort.json, veld 'moderation[{k}].participant': noemt geen deelnemer van het bestand ('p999999')"  # fmt: skip
    assert str(escape(shown)) in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_free_choice_groups_of_round_two_answers_keep_their_edits(app, client, room):
    """Round-2 answers are ``p<id>r2``: the facilitator's merge and name of their groups are
    re-pointed at the new participants too (they were dropped before)."""
    from qsort.models import Facilitator
    from qsort.services import free_choice

    def themes(clinic_id):
        with app.app_context():
            clinic = db.session.get(Clinic, clinic_id)
            return [(g.label, g.count, g.named) for g in free_choice.themes_for(db.session, clinic)]

    with app.app_context():
        clinic = db.session.get(Clinic, room["clinic"])
        owner = db.session.get(Facilitator, clinic.owner_id)
        groups = {g.label: g.id for g in free_choice.themes_for(db.session, clinic)}
        free_choice.merge(clinic, owner, groups["More time to listen"], groups["Shorter meetings"])
        free_choice.name(clinic, owner, groups["More time to listen"], "After the break")
    original = themes(room["clinic"])
    assert ("After the break", 2, True) in original
    assert import_clinic_file(client, _export(client, room["clinic"])).status_code == 302
    assert themes(newest_clinic_id(app)) == original


def test_a_failure_after_the_sorts_are_written_leaves_nothing_stored(
    app, client, room, monkeypatch
):
    """The decisions are stored in the import's last transaction; should it fail, the clinic
    written so far in chunks is deleted again (every table as before)."""
    from qsort.services import clinic_file

    def broken(*_args):
        raise RuntimeError("the disk is full")

    document = _export(client, room["clinic"])
    monkeypatch.setattr(clinic_file, "restore", broken)
    before = snapshot(app)
    with pytest.raises(RuntimeError, match="the disk is full"):
        import_clinic_file(client, document)
    assert snapshot(app) == before
