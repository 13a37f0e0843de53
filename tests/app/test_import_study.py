"""Importing a study collected elsewhere as a clinic: Q-sort CSV (+ statements.csv), PQMethod
DAT + STA, easy-htmlq JSON. All or nothing; every error names file, line and field."""

import io
import json

import numpy as np
import pytest
from sqlalchemy import func

from qsort.analysis import analyse
from qsort.extensions import db
from qsort.formats import dat_bytes, read_sorts, sta_bytes
from qsort.models import Clinic, Participant, Placement, QSort
from tests.helpers import FIXTURES

LIPSET = read_sorts(FIXTURES / "lipset" / "sorts.csv")
SORTS_CSV = (FIXTURES / "lipset" / "sorts.csv").read_bytes()
STATEMENTS_CSV = (FIXTURES / "lipset" / "statements.csv").read_bytes()


def _post(client, files, title=""):
    data = {"title": title, "files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post("/clinics/import/", data=data, content_type="multipart/form-data")


def _counts(app):
    with app.app_context():
        return tuple(
            db.session.scalar(db.select(func.count()).select_from(m))
            for m in (Clinic, Participant, QSort, Placement)
        )


def _stored_sorts(app):
    with app.app_context():
        clinic = db.session.scalars(db.select(Clinic).order_by(Clinic.id.desc())).first()
        codes = [s.code for s in clinic.statements]
        rows = []
        for participant in clinic.participants:
            values = {p.statement.code: p.column_value for p in participant.q_sort.placements}
            rows.append([values[c] for c in codes])
        texts = [s.text_en for s in clinic.statements]
        return (
            clinic.title_en,
            clinic.phase,
            [p.display_name for p in clinic.participants],
            codes,
            np.array(rows),
            texts,
        )


@pytest.mark.parametrize(
    "files",
    [
        [("sorts.csv", SORTS_CSV), ("statements.csv", STATEMENTS_CSV)],
        [
            ("LIPSET.DAT", dat_bytes(LIPSET, title="Lipset")),
            ("LIPSET.STA", sta_bytes(LIPSET.statement_texts)),
        ],
    ],
    ids=["csv", "pqmethod"],
)
def test_import_creates_a_clinic_with_every_sort(app, client, owner, files):
    """Does an imported study become a closed clinic whose sorts and texts equal the file's?"""
    response = _post(client, files, title="Lipset import")
    assert response.status_code == 302
    title, phase, participants, codes, values, texts = _stored_sorts(app)
    assert codes == list(LIPSET.statements)
    assert (title, phase) == ("Lipset import", "closed")
    assert participants == list(LIPSET.participants)
    np.testing.assert_array_equal(values, LIPSET.values)
    assert texts[0].startswith("We accept improvements")
    expected = analyse(LIPSET.values, 3).loadings
    np.testing.assert_allclose(analyse(values, 3).loadings, expected, atol=1e-12)


def test_import_htmlq_json(app, client, owner):
    records = {
        f"r{i}": {"sort": "|".join(f"{v:+d}" for v in row), "uid": name, "comment1": f"note {i}"}
        for i, (name, row) in enumerate(
            zip(LIPSET.participants, LIPSET.values.tolist(), strict=True)
        )
    }
    response = _post(client, [("export.json", json.dumps(records).encode())])
    assert response.status_code == 302
    _, _, participants, _, values, _ = _stored_sorts(app)
    assert participants == list(LIPSET.participants)
    np.testing.assert_array_equal(values, LIPSET.values)
    with app.app_context():
        answers = db.session.scalars(db.select(QSort.free_choice)).all()
    assert "comment1: note 0" in answers


@pytest.mark.parametrize(
    "files,phrases",
    [
        ([("sorts.csv", SORTS_CSV.replace(b"US3,2,", b"US3,x,"))], ["sorts.csv", "line 4", "s01"]),
        (
            [("sorts.csv", SORTS_CSV.replace(b"US3,2,", b"US3,4,"))],
            ["sorts.csv", "line 4", "US3", "in the columns +2, +4", "where the grid has 4, 2"],
        ),
        (
            [
                ("sorts.csv", SORTS_CSV),
                ("statements.csv", STATEMENTS_CSV.replace(b'"s33"', b'"s99"')),
            ],
            ["statements.csv", "s33"],
        ),
        (
            [("LIPSET.DAT", dat_bytes(LIPSET, title="L").replace(b"US3       ", b"US3       x"))],
            ["LIPSET.DAT", "line 5"],
        ),
        ([("notes.txt", b"hello")], ["notes.txt", "none of the files holds the sorts"]),
        (
            [("a.csv", SORTS_CSV), ("b.csv", SORTS_CSV)],
            ["upload the sorts of one study at a time", "a.csv, b.csv"],
        ),
        ([("export.json", b"{not json")], ["export.json", "line 1"]),
    ],
    ids=[
        "non-integer",
        "distribution",
        "statements-missing",
        "dat-value",
        "wrong-kind",
        "two-studies",
        "bad-json",
    ],
)
def test_broken_imports_name_the_problem_and_store_nothing(
    app, client, owner, make_clinic, files, phrases
):
    make_clinic(owner)
    before = _counts(app)
    response = _post(client, files)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for phrase in phrases:
        assert phrase in page
    assert _counts(app) == before


def test_import_needs_a_login(client):
    response = client.get("/clinics/import/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_clinic_file_moves_a_clinic_to_another_machine(app, client, owner, runner):
    """Does a downloaded clinic file recreate the clinic, its sorts, comments and runs elsewhere?"""
    from qsort.models import Comment, Facilitator
    from qsort.services import analysis_run as run_service
    from qsort.services.demo import seed_demo

    with app.app_context():
        seed_demo()
        source = db.session.scalars(db.select(Clinic)).first()
        first = source.participants[0].q_sort
        first.comments.append(Comment(statement=source.statements[0], text="=cmd|' /C calc'!A0"))
        first.free_choice = "Passie"
        source.owner = db.session.get(Facilitator, owner.id)
        source.instruction_nl, source.title_en = "Denk aan je team.", ""
        db.session.commit()
        run_service.run_clinic_analysis(source, None, run_service.RunRequest(n_factors=3))
        source_id, texts = source.id, source.texts()
        before = [(p.display_name, sorted((x.statement.code, x.column_value, x.position) for x in p.q_sort.placements))
                  for p in source.participants]  # fmt: skip
    download = client.get(f"/clinics/{source_id}/clinic-file.json")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    response = _post(client, [("moved.qsort.json", download.data)])
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.scalars(db.select(Clinic).order_by(Clinic.id.desc())).first()
        assert copy.id != source_id and copy.phase == "closed"
        assert copy.texts() == texts  # title, question and instruction in both languages
        after = [(p.display_name, sorted((x.statement.code, x.column_value, x.position) for x in p.q_sort.placements))
                 for p in copy.participants]  # fmt: skip
        assert after == before
        assert copy.participants[0].q_sort.comments[0].text == "=cmd|' /C calc'!A0"
        assert copy.participants[0].q_sort.free_choice == "Passie"
        [run] = copy.analysis_runs
        assert run.settings["n_factors"] == 3
        assert run_service.reproduces(run, run_service.replay(run))
        names = {f"p{p.id}": p.display_name for p in copy.participants}  # re-pointed labels
        assert [names[label] for label in run.result["participants"]] == [n for n, _ in before]
        assert copy.join_code != db.session.get(Clinic, source_id).join_code


def test_damaged_clinic_file_stores_nothing(app, client, owner):
    before = _counts(app)
    response = _post(
        client,
        [("x.json", json.dumps({"kind": "qsort-clinic", "version": 1, "clinic": {}}).encode())],
    )
    assert response.status_code == 422
    assert "x.json, field &#39;statements&#39;: is missing" in response.get_data(as_text=True)
    assert _counts(app) == before


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "participant 'US1' appears 2 times (lines 2, 3): kept apart as 'US1', 'US1_2'"),
        ("nl", "deelnemer 'US1' komt 2 keer voor (regels 2, 3): apart gehouden als 'US1', 'US1_2'"),
    ],
)
def test_repeated_participant_ids_are_kept_apart_and_said(app, client, owner, lang, said):
    """Two sorts called 'US1': both imported (never merged), the second renamed, and the page
    says so in the reader's language (the note is a note.* problem)."""
    client.post("/language", data={"lang": lang})
    csv = SORTS_CSV.replace(b"US2,", b"US1,", 1)
    response = _post(client, [("sorts.csv", csv)])
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True).replace("&#39;", "'")
    assert said in page
    _, _, participants, _, values, _ = _stored_sorts(app)
    assert participants[:2] == ["US1", "US1_2"] and len(values) == 9


def test_an_xlsx_upload_is_not_mistaken_for_text_with_a_nul(app, client, owner):
    """A workbook holds NUL bytes; the import reads it instead of refusing 'a null character'."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sorts"
    sheet.append(["participant", *LIPSET.statements])
    for name, row in zip(LIPSET.participants, LIPSET.values.tolist(), strict=True):
        sheet.append([name, *row])
    buffer = io.BytesIO()
    book.save(buffer)
    assert b"\x00" in buffer.getvalue()
    response = _post(client, [("study.xlsx", buffer.getvalue())])
    assert response.status_code == 302
    _, _, participants, _, values, _ = _stored_sorts(app)
    assert participants == list(LIPSET.participants)
    np.testing.assert_array_equal(values, LIPSET.values)


def test_version_1_clinic_file_is_still_read(app, client, owner):
    """Does a clinic file written before the bilingual texts still import? Yes: its one title
    serves both languages and its instruction texts become the question."""
    document = {
        "kind": "qsort-clinic",
        "version": 1,
        "clinic": {
            "title": "Oud bestand",
            "instruction_nl": "Wat telt?",
            "instruction_en": "What counts?",
            "grid": [
                {"value": -1, "height": 1},
                {"value": 0, "height": 1},
                {"value": 1, "height": 1},
            ],
            "phase": "closed",
        },
        "statements": [
            {"code": f"S{n}", "text_nl": f"nl {n}", "text_en": f"en {n}", "theme": None}
            for n in (1, 2, 3)
        ],
        "participants": [],
        "analysis_runs": [],
    }
    response = _post(client, [("old.qsort.json", json.dumps(document).encode())])
    assert response.status_code == 302
    with app.app_context():
        clinic = db.session.scalars(db.select(Clinic)).one()
        assert clinic.texts() == {
            "title_nl": "Oud bestand",
            "title_en": "Oud bestand",
            "question_nl": "Wat telt?",
            "question_en": "What counts?",
            "instruction_nl": "",
            "instruction_en": "",
        }


def test_import_quince_baserow_export_and_configurator_zip(app, client, owner, make_clinic):
    """Quince's Baserow export (with statements.txt) imports as the Lipset sorts; a row
    without its sort is refused with file and line, and nothing is stored."""
    export = (FIXTURES / "quince" / "baserow-export.csv").read_bytes()
    texts = (FIXTURES / "quince" / "statements.txt").read_bytes()
    make_clinic(owner)
    before = _counts(app)
    refused = _post(client, [("export.csv", export.replace(b"sort: ", b"sorting: "))])
    assert refused.status_code == 422
    assert "export.csv, line 2" in refused.get_data(as_text=True)
    assert _counts(app) == before
    response = _post(client, [("export.csv", export), ("statements.txt", texts)])
    assert response.status_code == 302
    title, _, participants, _, values, stored_texts = _stored_sorts(app)
    assert title == "Lipset values" and participants == list(LIPSET.participants)
    np.testing.assert_array_equal(values, LIPSET.values)
    assert stored_texts == list(LIPSET.statement_texts)
    with app.app_context():
        answers = db.session.scalars(db.select(QSort.free_choice)).all()
    assert "s27: the most important" in answers


def test_the_import_page_shows_an_example_of_each_format(client, owner):
    """Every accepted format is listed with its example in a <pre>, the .DAT as PQMethod
    writes it (title line, counts line, one padded line per sort), in English and Dutch."""
    from markupsafe import escape

    from qsort.formats import FORMATS

    page = client.get("/clinics/import/").get_data(as_text=True)
    for fmt in FORMATS:
        assert f'data-format="{fmt.key}"' in page
        assert f'<pre class="example">{escape(fmt.example)}</pre>' in page
    assert "  0  2  3 Demo\n -1  1  0" in page and "\nAnna      -1 0 1\n" in page
    client.post("/language", data={"lang": "nl"})
    dutch = client.get("/clinics/import/").get_data(as_text=True)
    assert "ook de zip van de Quince Configurator met sortData.csv" in dutch
    assert dutch.count("bijvoorbeeld:") == len(FORMATS)


def test_a_run_from_an_older_clinic_file_gets_its_qmethod_comparison(app, client, owner):
    """A clinic file from before a run kept its comparison with qmethod: does the imported run
    get it on import (so its report's notes need no analysis when downloaded)?"""
    from qsort.models import Facilitator
    from qsort.services import analysis_run as run_service
    from qsort.services.demo import seed_demo

    with app.app_context():
        seed_demo()
        source = db.session.scalars(db.select(Clinic)).first()
        source.owner = db.session.get(Facilitator, owner.id)
        db.session.commit()
        made = run_service.run_clinic_analysis(source, None, run_service.RunRequest(n_factors=3))
        source_id, expected = source.id, made.result["qmethod_reference"]
    document = json.loads(client.get(f"/clinics/{source_id}/clinic-file.json").data)
    for run in document["analysis_runs"]:
        assert run["result"].pop("qmethod_reference") is not None
    response = _post(client, [("old.qsort.json", json.dumps(document).encode())])
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.scalars(db.select(Clinic).order_by(Clinic.id.desc())).first()
        assert copy.id != source_id
        assert copy.analysis_runs[-1].result["qmethod_reference"] == expected
