"""Setting up a clinic: create from the preset, edit, statements, grid, import, copy, delete."""

import io
import re

import pytest

from qsort.extensions import db
from qsort.models import Clinic, Statement
from qsort.services.codes import ALPHABET
from qsort.services.participants import new_participant


def get_clinic(app, clinic_id):
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        if clinic is None:
            return None
        return {
            "title": (clinic.title_nl, clinic.title_en),
            "texts": clinic.texts(),
            "grid": clinic.grid,
            "statements": [(s.code, s.text_nl, s.text_en, s.theme) for s in clinic.statements],
            "join_code": clinic.join_code,
            "owner_id": clinic.owner_id,
        }


def test_create_from_preset_in_three_clicks(app, client, owner):
    """Can a facilitator set up the customer-focus clinic in three clicks? Yes."""
    page = client.get("/clinics/").get_data(as_text=True)  # click 1: "New clinic"
    assert "/clinics/new" in page
    page = client.get("/clinics/new").get_data(as_text=True)
    assert '<input checked id="preset-0" name="preset" type="radio" value="customer-focus">' in page
    offered = {
        name: re.search(rf'name="{name}" [^>]*value="([^"]+)"', page).group(1)
        for name in ("title_nl", "title_en")
    }
    response = client.post(  # click 2: "Create clinic" with what the page offers
        "/clinics/new", data={"preset": "customer-focus", "grid": "9", **offered}
    )
    assert response.status_code == 302
    clinic_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    clinic = get_clinic(app, clinic_id)
    assert clinic["owner_id"] == owner.id
    assert clinic["title"] == ("Klantgerichte medewerkers", "Customer-focused employees")
    assert clinic["texts"]["question_nl"].startswith("Wat is het belangrijkst")
    assert clinic["texts"]["instruction_en"].startswith("Think of your own organisation")
    assert len(clinic["statements"]) == 24
    assert [c["height"] for c in clinic["grid"]] == [1, 2, 3, 4, 4, 4, 3, 2, 1]
    assert len(clinic["join_code"]) == 6 and set(clinic["join_code"]) <= set(ALPHABET)
    assert clinic["join_code"] in page
    assert "What matters most so that employees truly want" in page
    assert "24 statements" in page


def test_join_codes_avoid_ambiguous_characters():
    assert not set("0O1IL") & set(ALPHABET)


def test_create_with_errors_rerenders(client, owner):
    response = client.post(
        "/clinics/new", data={"preset": "bogus", "title_nl": "", "title_en": "", "grid": "5"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Not a valid choice" in page
    response = client.post("/clinics/new", data={"preset": "", "title_nl": " ", "grid": "9"})
    assert response.status_code == 422
    assert "Give a title in Dutch or in English." in response.get_data(as_text=True)


EDITED = {
    "title_nl": "Voorjaar",
    "title_en": "",
    "question_nl": "Wat telt?",
    "question_en": "What counts?",
    "instruction_nl": "Denk aan je team.",
    "instruction_en": "",
}


def test_edit_details_in_both_languages(app, client, owner, make_clinic):
    """Can a facilitator give the title, question and instruction in Dutch and English, and
    leave one empty? Yes: the empty one falls back to the other language."""
    clinic_id = make_clinic(owner)
    response = client.post(f"/clinics/{clinic_id}", data=EDITED)
    assert response.status_code == 302
    assert get_clinic(app, clinic_id)["texts"] == EDITED
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        assert (clinic.title_for("en"), clinic.title_for("nl")) == ("Voorjaar", "Voorjaar")
        assert (clinic.question_for("en"), clinic.question_for("nl")) == (
            "What counts?",
            "Wat telt?",
        )
        assert clinic.instruction_for("en") == "Denk aan je team."
    page = client.get(f"/clinics/{clinic_id}").get_data(as_text=True)
    assert 'name="question_en"' in page and 'name="instruction_nl"' in page
    response = client.post(f"/clinics/{clinic_id}", data={**EDITED, "title_nl": ""})
    assert response.status_code == 422
    assert "Give a title in Dutch or in English." in response.get_data(as_text=True)
    assert get_clinic(app, clinic_id)["texts"] == EDITED


def _statement_rows(app, clinic_id, changes=None, extra=None):
    with app.app_context():
        statements = db.session.get(Clinic, clinic_id).statements
        data = {}
        for i, s in enumerate(statements):
            data |= {
                f"rows-{i}-statement_id": str(s.id),
                f"rows-{i}-text_nl": s.text_nl,
                f"rows-{i}-text_en": s.text_en,
                f"rows-{i}-theme": s.theme or "",
            }
        n = len(statements)
    for key, value in (changes or {}).items():
        data[key] = value
    for key, value in (extra or {}).items():
        data[f"rows-{n}-{key}"] = value
    return data


def test_edit_add_and_remove_statements(app, client, owner, make_clinic):
    clinic_id = make_clinic(owner)
    data = _statement_rows(
        app,
        clinic_id,
        changes={"rows-0-text_en": "Time to listen.", "rows-1-delete": "y"},
        extra={"text_nl": "Nieuw", "text_en": "New", "theme": "able"},
    )
    response = client.post(f"/clinics/{clinic_id}/statements", data=data)
    assert response.status_code == 302
    statements = get_clinic(app, clinic_id)["statements"]
    assert len(statements) == 24
    assert statements[0][2] == "Time to listen."
    assert statements[-1] == ("S25", "Nieuw", "New", "able")
    assert "Leaders give employees the room" not in " ".join(s[2] for s in statements)
    page = client.get(f"/clinics/{clinic_id}/statements").get_data(as_text=True)
    assert "Time to listen." in page


def test_statement_needs_both_languages_and_long_text_warns(app, client, owner, make_clinic):
    clinic_id = make_clinic(owner)
    data = _statement_rows(app, clinic_id, changes={"rows-0-text_en": ""})
    response = client.post(f"/clinics/{clinic_id}/statements", data=data)
    assert response.status_code == 422
    assert "Give both the Dutch and the English text." in response.get_data(as_text=True)
    assert get_clinic(app, clinic_id)["statements"][0][2].startswith("Employees have the time")
    long_text = "Lang " * 30
    data = _statement_rows(app, clinic_id, changes={"rows-0-text_nl": long_text})
    assert client.post(f"/clinics/{clinic_id}/statements", data=data).status_code == 302
    page = client.get(f"/clinics/{clinic_id}/statements").get_data(as_text=True)
    assert "too long for a card" in page
    assert "may be too long for a tablet card" in client.get(f"/clinics/{clinic_id}").get_data(
        as_text=True
    )


def test_statement_of_another_clinic_cannot_be_edited(
    app, client, owner, make_clinic, make_facilitator
):
    mine = make_clinic(owner)
    theirs = make_clinic(make_facilitator())
    with app.app_context():
        foreign_id = db.session.get(Clinic, theirs).statements[0].id
    data = _statement_rows(app, mine, changes={"rows-0-statement_id": str(foreign_id)})
    response = client.post(f"/clinics/{mine}/statements", data=data)
    assert response.status_code == 422
    assert "does not belong to this clinic" in response.get_data(as_text=True)
    assert get_clinic(app, theirs)["statements"][0][1].startswith("Medewerkers hebben")


@pytest.mark.parametrize(
    ("values", "heights", "message"),
    [
        ("-4 -3 -2 -1 0 1 2 3 4", "1 2 3 4 4 4 3 2 2", "add up to 25, but there are 24"),
        ("-1 0 0 1", "6 6 6 6", "appears more than once"),
        ("-2 0 2", "8 8 8", "consecutive whole numbers"),
        ("-1 0 1", "12 0 12", "every column needs at least 1"),
        ("-1 zero 1", "8 8 8", "Type whole numbers"),
    ],
)
def test_grid_errors_are_shown(app, client, owner, make_clinic, values, heights, message):
    clinic_id = make_clinic(owner)
    response = client.post(
        f"/clinics/{clinic_id}/grid", data={"values": values, "heights": heights, "submit": "1"}
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert get_clinic(app, clinic_id)["grid"][0] == {"value": -4, "height": 1}


def test_custom_grid_and_preset(app, client, owner, make_clinic):
    clinic_id = make_clinic(owner)
    response = client.post(
        f"/clinics/{clinic_id}/grid",
        data={"values": "−2 −1 0 +1 +2", "heights": "3 5 8 5 3", "submit": "1"},
    )
    assert response.status_code == 302
    assert [c["height"] for c in get_clinic(app, clinic_id)["grid"]] == [3, 5, 8, 5, 3]
    response = client.post(f"/clinics/{clinic_id}/grid", data={"preset": "7", "apply": "1"})
    assert response.status_code == 302
    grid = get_clinic(app, clinic_id)["grid"]
    assert [c["value"] for c in grid] == [-3, -2, -1, 0, 1, 2, 3]
    assert [c["height"] for c in grid] == [1, 3, 5, 6, 5, 3, 1]


def test_grid_is_locked_once_participants_joined(app, client, owner, make_clinic):
    clinic_id = make_clinic(owner)
    with app.app_context():
        db.session.add(new_participant(clinic_id=clinic_id, display_name="Ann"))
        db.session.commit()
    response = client.post(f"/clinics/{clinic_id}/grid", data={"preset": "7", "apply": "1"})
    assert response.status_code == 422
    assert "cannot change once participants have joined" in response.get_data(as_text=True)


def _upload(client, clinic_id, content, confirm=True):
    data = {"file": (io.BytesIO(content), "statements.csv")}
    if confirm:
        data["confirm"] = "y"
    return client.post(
        f"/clinics/{clinic_id}/import", data=data, content_type="multipart/form-data"
    )


def test_import_csv(app, client, owner, make_clinic):
    clinic_id = make_clinic(owner)
    rows = "\n".join(f"Stelling {i},Statement {i},{'want' if i % 2 else ''}" for i in range(1, 25))
    content = ("\ufefftext_nl,text_en,theme\n" + rows + "\n").encode()
    response = _upload(client, clinic_id, content)
    assert response.status_code == 302
    statements = get_clinic(app, clinic_id)["statements"]
    assert statements[0] == ("S01", "Stelling 1", "Statement 1", "want")
    assert statements[1][3] is None
    assert len(statements) == 24


def test_import_id_text_format_and_grid_fit(app, client, owner, make_clinic):
    clinic_id = make_clinic(owner)
    content = "id,text\n" + "\n".join(f"{i},Item {i}" for i in range(1, 6))
    assert _upload(client, clinic_id, content.encode()).status_code == 302
    clinic = get_clinic(app, clinic_id)
    assert [s[1] for s in clinic["statements"]] == [f"Item {i}" for i in range(1, 6)]
    page = client.get(f"/clinics/{clinic_id}").get_data(as_text=True)
    assert "add up to 24, but there are 5 statements" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe bad", "not UTF-8"),
        (b"foo,bar\n1,2\n", "must name the columns"),
        (b"text_nl,text_en,theme\nA,,want\nB,b,\n", "Line 2: both a Dutch and an English"),
        (b"text_nl,text_en,theme\nA,a,maybe\nB,b,\n", "Line 2: the theme must be"),
        (b"text_nl,text_en\nA,a\n", "between 2 and 200 statements"),
    ],
)
def test_import_errors(app, client, owner, make_clinic, content, message):
    clinic_id = make_clinic(owner)
    response = _upload(client, clinic_id, content)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert len(get_clinic(app, clinic_id)["statements"]) == 24


def test_import_needs_confirmation(app, client, owner, make_clinic):
    clinic_id = make_clinic(owner)
    response = _upload(client, clinic_id, b"text_nl,text_en\nA,a\nB,b\n", confirm=False)
    assert response.status_code == 422
    assert len(get_clinic(app, clinic_id)["statements"]) == 24


def test_duplicate(app, client, owner, make_clinic):
    clinic_id = make_clinic(owner)
    response = client.post(f"/clinics/{clinic_id}/duplicate")
    assert response.status_code == 302
    copy_id = int(response.headers["Location"].rsplit("/", 1)[1])
    original, copy = get_clinic(app, clinic_id), get_clinic(app, copy_id)
    assert copy["title"] == ("", "Copy of Test clinic")  # no Dutch title: still none
    assert copy["statements"] == original["statements"]
    assert copy["grid"] == original["grid"]
    assert copy["join_code"] != original["join_code"]


def test_delete_asks_for_confirmation(app, client, owner, make_clinic):
    clinic_id = make_clinic(owner)
    page = client.get(f"/clinics/{clinic_id}/delete").get_data(as_text=True)
    assert "Delete “Test clinic”?" in page
    response = client.post(f"/clinics/{clinic_id}/delete", data={})
    assert response.status_code == 422
    assert "Tick the box to confirm." in response.get_data(as_text=True)
    assert get_clinic(app, clinic_id) is not None
    response = client.post(f"/clinics/{clinic_id}/delete", data={"confirm": "y"})
    assert response.status_code == 302
    assert get_clinic(app, clinic_id) is None
    with app.app_context():
        assert db.session.scalars(db.select(Statement)).all() == []
    assert "deleted" in client.get("/clinics/").get_data(as_text=True)  # the flash
    assert "Test clinic" not in client.get("/clinics/").get_data(as_text=True)


def test_qr_points_to_the_join_page(app, client, owner, make_clinic):
    clinic_id = make_clinic(owner)
    code = get_clinic(app, clinic_id)["join_code"]
    response = client.get(f"/clinics/{clinic_id}/qr.svg")
    assert response.status_code == 200
    assert f"http://qsort.test/join/{code}" in response.get_data(as_text=True)


def test_the_builders_never_hand_out_a_code_already_taken(
    app, make_facilitator, make_clinic, monkeypatch
):
    """Does a new clinic or participant get a join or resume code someone already holds? No:
    the one builder of each draws again until the code is free."""
    from qsort.services import codes
    from qsort.services.clinics import new_clinic
    from qsort.services.participants import new_participant

    owner = make_facilitator()
    clinic_id = make_clinic(owner)
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        person = new_participant(clinic_id=clinic_id, display_name="Ann", language="en")
        db.session.add(person)
        db.session.commit()
        draws = iter([clinic.join_code, "ZZZZZZ", person.resume_code, "YYYYYYYY"])
        monkeypatch.setattr(codes, "random_code", lambda length: next(draws))
        copy = new_clinic(owner_id=owner.id, title_en="Copy", grid=clinic.grid)
        again = new_participant(clinic_id=clinic_id, display_name="Bob", language="en")
        assert (copy.join_code, copy.phase, again.resume_code) == ("ZZZZZZ", "lobby", "YYYYYYYY")
        assert next(draws, None) is None  # each taken code was drawn and refused
