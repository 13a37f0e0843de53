"""Hostile and careless imports (issue 14, items 11 and 12): clinic files that break the
schema, the database's limits or the rules across fields, garbage grids and runs, huge
studies, wide grids, huge integers, a NUL in a second file. Each is a 4xx naming the file and
field (or line), and every table's rows are the same before and after."""

import io
import json

import pytest

from tests.helpers import named_cases
from tests.security.test_hostile_forms import snapshot


def clinic_file(**changes):
    """A small valid clinic file (grid -1..+1, three statements, three submitted sorts)."""
    rows = [[("A", -1, 0), ("B", 0, 0), ("C", 1, 0)], [("B", -1, 0), ("C", 0, 0), ("A", 1, 0)],
            [("C", -1, 0), ("A", 0, 0), ("B", 1, 0)]]  # fmt: skip
    document = {
        "kind": "qsort-clinic", "version": 1, "qsort_version": "0.1.0",
        "clinic": {"title": "T", "instruction_nl": "", "instruction_en": "", "phase": "closed",
                   "grid": [{"value": v, "height": 1} for v in (-1, 0, 1)]},
        "statements": [{"code": c, "text_nl": c, "text_en": c, "theme": None} for c in "ABC"],
        "participants": [
            {"name": f"P{k}", "team_size": None, "language": "en",
             "sort": {"status": "submitted", "submitted_at": "2026-05-01T10:00:00+00:00",
                      "free_choice": None, "placements": [list(p) for p in row], "comments": []}}
            for k, row in enumerate(rows)
        ],
        "analysis_runs": [],
    }  # fmt: skip
    for path, value in changes.items():
        target = document
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        last = keys[-1]
        target[int(last) if last.isdigit() else last] = value
    return document


@pytest.fixture
def owner(auth, make_facilitator, make_clinic):
    account = make_facilitator()
    auth.login(account)
    make_clinic(account)  # something stored that must stay as it is
    return account


def _upload(client, files):
    data = {"files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post("/clinics/import/", data=data, content_type="multipart/form-data")


def test_the_valid_file_imports(app, client, owner):
    assert (
        _upload(client, [("c.qsort.json", json.dumps(clinic_file()).encode())]).status_code == 302
    )


CLINIC_CASES = [
    # (id, changes, phrase naming the field)
    ("phase-unknown", {"clinic.phase": "party"}, "field 'clinic.phase': must be one of"),
    ("language-unknown", {"participants.0.language": "fr"}, "field 'participants[0].language'"),
    ("team-size-zero", {"participants.0.team_size": 0}, "field 'participants[0].team_size': is smaller than 1"),
    ("status-unknown", {"participants.1.sort.status": "done"}, "field 'participants[1].sort"),
    ("theme-unknown", {"statements.0.theme": "<b>"}, "field 'statements[0].theme'"),
    ("code-twice", {"statements.1.code": "A"}, "statement code 'A' appears twice"),
    ("code-too-long", {"statements.0.code": "x" * 17}, "field 'statements[0].code': is longer than 16"),
    ("placement-unknown", {"participants.0.sort.placements.0": ["Z", -1, 0]}, "places an unknown statement ('Z')"),
    ("placement-off-grid", {"participants.0.sort.placements.0": ["A", 3, 0]}, "not a free cell of the grid"),
    ("placement-cell-twice", {"participants.0.sort.placements.1": ["B", -1, 0]}, "not a free cell"),
    ("placement-value-huge", {"participants.0.sort.placements.0": ["A", 10**30, 0]}, "is larger than 50"),
    ("submitted-incomplete", {"participants.2.sort.placements": [["C", -1, 0]]}, "is submitted but places 1 of 3"),
    ("comment-unknown", {"participants.0.sort.comments": [["Q", "why"]]}, "comments on an unknown statement"),
    ("comment-twice", {"participants.0.sort.comments": [["A", "why"], ["A", "again"]]},
     "field 'participants[0].sort.comments[1]': comments twice on one statement ('A')"),
    ("comment-too-long", {"participants.0.sort.comments": [["A", "w" * 2001]]}, "is longer than 2000"),
    ("date-garbage", {"participants.0.sort.submitted_at": "yesterday"}, "not a date and time"),
    ("name-too-long", {"participants.0.name": "n" * 81}, "field 'participants[0].name': is longer than 80"),
    ("name-empty", {"participants.0.name": ""}, "field 'participants[0].name': is empty"),
    ("title-too-long", {"clinic.title": "t" * 201}, "field 'clinic.title': is longer than 200"),
    ("grid-garbage", {"clinic.grid": [{"value": "x", "height": 1}, {"value": 0, "height": 2}]}, "field 'clinic.grid[0].value': must be integer"),
    ("grid-wrong-sum", {"clinic.grid": [{"value": -1, "height": 2}, {"value": 1, "height": 2}]}, "field 'clinic.grid'"),
    ("grid-not-a-list", {"clinic.grid": 5}, "field 'clinic.grid': must be array"),
    ("statements-201", {"statements": [{"code": f"s{k}", "text_nl": "a", "text_en": "a"} for k in range(201)]},
     "field 'statements': holds more than 200 items"),
    ("statement-text-huge", {"statements.0.text_en": "x" * 501}, "is longer than 500"),
    ("run-garbage", {"analysis_runs": [{"settings": {"n_factors": 3}, "result": {"n_factors": 3}}]},
     "field 'analysis_runs[0]': the analysis run does not reproduce"),
    ("run-not-object", {"analysis_runs": ["x"]}, "field 'analysis_runs[0]': must be object"),
    ("participants-not-list", {"participants": {"a": 1}}, "field 'participants': must be array"),
]  # fmt: skip


@named_cases(("changes", "phrase"), CLINIC_CASES)
def test_a_hostile_clinic_file_is_refused_by_field_and_stores_nothing(app, client, owner, changes, phrase):  # fmt: skip
    before = snapshot(app)
    response = _upload(client, [("c.qsort.json", json.dumps(clinic_file(**changes)).encode())])
    assert response.status_code == 422
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert "c.qsort.json, field" in page
    assert phrase in page
    assert len(page) < 20_000  # the reason does not echo the file back
    assert snapshot(app) == before


def test_twenty_thousand_statements_are_refused_before_anything_else():
    """The case of issue 14 (sent through HTTP above with 201: the test client spools bodies
    over 500 kB to a file it does not close)."""
    from qsort.formats import FormatError
    from qsort.formats.clinic_schema import validate_clinic_document

    many = [{"code": f"s{k}", "text_nl": "a", "text_en": "a"} for k in range(20000)]
    with pytest.raises(FormatError, match="holds more than 200 items") as info:
        validate_clinic_document(clinic_file(statements=many), "c.qsort.json")
    assert info.value.field == "statements"


def _sorts_csv(values_rows, ids=None):
    ids = ids or [f"s{j}" for j in range(1, len(values_rows[0]) + 1)]
    return ("participant," + ",".join(ids) + "\n" + "".join(
        f"P{k}," + ",".join(map(str, row)) + "\n" for k, row in enumerate(values_rows))).encode()  # fmt: skip


STUDY_CASES = [
    ("grid-value-100", [("s.csv", _sorts_csv([[100, 0, -1], [0, 100, -1], [-1, 0, 100]]))], "s.csv, line 2, field 's1'", "outside any Q-sort grid"),
    ("integer-5000-digits", [("s.csv", _sorts_csv([["9" * 5000, 0, -1], [0, 1, -1], [-1, 0, 1]]))], "s.csv, line 2, field 's1'", "outside any Q-sort grid"),
    ("201-statements", [("s.csv", _sorts_csv([[k % 101 - 50 for k in range(201)]] * 3))], "s.csv", "201 statements; a clinic holds 2 to 200"),
    ("nul-in-second-file", [("s.csv", _sorts_csv([[1, 0, -1], [0, 1, -1], [-1, 0, 1]])), ("statements.csv", b"id,text\ns1,a\x00\ns2,b\ns3,c\n")],
     "statements.csv, line 2", "NUL byte"),
    ("name-81", [("s.csv", b"participant,a,b,c\n" + b"n" * 81 + b",1,0,-1\nB,0,1,-1\nC,-1,0,1\n")], "s.csv, line 2", "longer than 80"),
    ("zip-bomb-or-junk", [("s.zip", b"PK\x03\x04junk")], "s.zip", "damaged zip"),
    ("xls-97", [("s.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)], "s.xls", "Excel 97-2003"),
]  # fmt: skip


@named_cases(("files", "where", "phrase"), STUDY_CASES)
def test_a_hostile_study_is_refused_where_it_is_wrong(app, client, owner, files, where, phrase):
    before = snapshot(app)
    response = _upload(client, files)
    assert response.status_code == 422
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert where in page and phrase in page
    assert snapshot(app) == before


def test_a_grid_wider_than_pqmethods_imports_analyses_and_only_the_dat_is_refused(
    app, client, owner
):
    """-7..+7 (one statement per column): imported, analysed, downloadable as CSV; the DAT
    download is a 422 that says why."""
    import numpy as np

    values = [np.roll(np.arange(-7, 8), k).tolist() for k in range(5)]
    response = _upload(client, [("wide.csv", _sorts_csv(values))])
    assert response.status_code == 302
    clinic_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    page = client.get(f"/clinics/{clinic_id}/results")
    assert page.status_code == 200
    assert "PQMethod and KADE hold grids from -6 to +13 only; this grid does not fit" in (
        page.get_data(as_text=True)
    )
    from qsort.extensions import db
    from qsort.models import Clinic

    with app.app_context():
        run_id = db.session.get(Clinic, clinic_id).analysis_runs[-1].id
    assert client.get(f"/clinics/{clinic_id}/runs/{run_id}/download/csv").status_code == 200
    for kind in ("dat", "pqmethod", "kade"):
        refused = client.get(f"/clinics/{clinic_id}/runs/{run_id}/download/{kind}")
        assert refused.status_code == 422
        assert (
            "hold grids from -6 to +13; this study&#39;s grid runs from -7 to +7"
            in refused.get_data(as_text=True)
        )
