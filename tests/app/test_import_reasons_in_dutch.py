"""A facilitator who reads the app in Dutch is told in Dutch why an uploaded file cannot be
imported, with its file, line and field (issue 15, item 3), and nothing stored changes."""

import io
import json

import pytest
from markupsafe import escape

from tests.security.test_hostile_forms import snapshot
from tests.security.test_hostile_imports import clinic_file


@pytest.fixture
def owner(app, auth, make_facilitator, make_clinic):
    account = make_facilitator()
    auth.login(account)
    make_clinic(account)  # something stored that a refused import must leave as it is
    return account


def _upload(client, name: str, content: bytes):
    data = {"title": "", "files": [(io.BytesIO(content), name)]}
    return client.post("/clinics/import/", data=data, content_type="multipart/form-data")


CASES = [
    (
        "sorts.csv",
        b"participant,s01,s02,s03\nAnna,-1,0,1\nBram,1,x,-1\n",
        "sorts.csv, regel 3, veld 's02': 'x' is geen geheel getal; rasterwaarden zijn gehele "
        "getallen zoals -2 of 3",
        "sorts.csv, line 3, field 's02': 'x' is not an integer; grid values are whole numbers "
        "such as -2 or 3",
    ),
    (
        "sorts.csv",
        b"participant,s01,s02,s03\nAnna,-1,0,1\nBram,1,-1\n",
        "sorts.csv, regel 3: verwacht werden 4 kolommen (participant + 3 stellingen), gevonden 3",
        "sorts.csv, line 3: expected 4 columns (participant + 3 statements), found 3",
    ),
    (
        "sorts.csv",
        b"participant,s01,s01,s03\nAnna,-1,0,1\n",
        "sorts.csv, regel 1, veld 's01': stelling-id 's01' staat twee keer in de kopregel "
        "(kolommen 2 en 3); elke stelling heeft een eigen id nodig",
        "sorts.csv, line 1, field 's01': statement id 's01' appears twice in the header "
        "(columns 2 and 3); each statement needs its own id",
    ),
    (
        "sorts.csv",
        b"participant,s01,s02\nAnna,-1,\xff1\n",
        "sorts.csv, regel 2: het bestand is geen UTF-8-tekst; sla het op als 'CSV UTF-8' en "
        "probeer het opnieuw",
        "sorts.csv, line 2: the file is not UTF-8 text; save it as 'CSV UTF-8' and try again",
    ),
]


CASES += [
    (
        "c.qsort.json",
        json.dumps(clinic_file(**{"statements.0.code": "x" * 17})).encode(),
        "c.qsort.json, veld 'statements[0].code': is langer dan 16 tekens",
        "c.qsort.json, field 'statements[0].code': is longer than 16 characters",
    ),
    (
        "LIPSET.DAT",
        b"  0  2  3 Demo\n"
        + "".join(f"{n:3d}" for n in [-1, 1, 0, 0, 0, 0, 0, 1, 1, 1] + [0] * 12).encode()
        + b"\nAnna      -1 0 1\nBram      -1 0 x\n",
        "LIPSET.DAT, regel 4, veld 's03': ' x' is geen getal (sortering 'Bram')",
        "LIPSET.DAT, line 4, field 's03': ' x' is not a number (sort 'Bram')",
    ),
    (
        "export.json",
        b'{"p1": {"uid": "A", "sort": "1|0|-1"}, "p2": {"uid": "B", "sort": "1|0"}}',
        "export.json, veld 'p2': 'sort' bevat 2 waarden, het eerste record 3",
        "export.json, field 'p2': 'sort' holds 2 values, the first record holds 3",
    ),
]


_GRID = "".join(f"{n:3d}" for n in [-1, 1, 0, 0, 0, 0, 0, 1, 1, 1] + [0] * 12)

# The analysis's own refusals of the sorts (analysis.*), located by the import, and file
# problems whose values are numbers and column values only (issue 15, item 3).
CASES += [
    (
        "sorts.csv",
        b"participant,s01,s02,s03\nAnna,-1,0,1\nBram,1,0,-1\nCor,1,1,-1\n",
        "sorts.csv, regel 4, veld 'Cor': Q-sorteringen: sortering 'Cor' volgt niet de vaste "
        "verdeling van sortering 'Anna': in de kolommen 0, +1 heeft ze 0, 2 stellingen waar het "
        "raster er 1, 1 heeft",
        "sorts.csv, line 4, field 'Cor': Q-sort input: sort 'Cor' does not follow the forced "
        "distribution of sort 'Anna': in the columns 0, +1 it has 0, 2 statements where the grid "
        "has 1, 1",
    ),
    (
        "sorts.csv",
        b"participant,s01,s02,s03\nAnna,-1,0,1\nBram,-1,-1,1\nCor,1,1,-1\nDirk,0,1,-1\n",
        "sorts.csv, regel 3, veld 'Bram': Q-sorteringen: sortering 'Bram' volgt niet de vaste "
        "verdeling van sortering 'Anna': in de kolommen -1, 0 heeft ze 2, 0 stellingen waar het "
        "raster er 1, 1 heeft (nog 1 sortering(en) wijken ook af)",
        "sorts.csv, line 3, field 'Bram': Q-sort input: sort 'Bram' does not follow the forced "
        "distribution of sort 'Anna': in the columns -1, 0 it has 2, 0 statements where the grid "
        "has 1, 1 (1 more sort(s) differ too)",
    ),
    (
        "sorts.csv",
        b"participant,s01,s02,s03\nAnna,-1,0,1\nBram,1,0,-1\n",
        "sorts.csv: Q-sorteringen: 2 sortering(en) gegeven; een factoranalyse over personen "
        "heeft er minstens 3 nodig",
        "sorts.csv: Q-sort input: 2 sort(s) given; a by-person factor analysis needs at least 3",
    ),
    (
        "export.json",
        b'{"p1": {"uid": "A", "sort": "1|0|-1"},\n "p2": }',
        "export.json, regel 2: het bestand is geen geldige JSON (kolom 8)",
        "export.json, line 2: the file is not valid JSON (column 8)",
    ),
    (
        "LIPSET.DAT",
        b"  0  2  3 Demo\n" + (_GRID[:27] + " ab" + _GRID[30:]).encode() + b"\nA -1 0 1\n",
        "LIPSET.DAT, regel 2, veld '+1': 'ab' in kolommen 28-30 is geen getal",
        "LIPSET.DAT, line 2, field '+1': 'ab' in columns 28-30 is not a number",
    ),
]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("name", "content", "dutch", "english"), CASES)
def test_the_reason_is_in_the_readers_language_and_nothing_is_stored(
    app, client, owner, lang, name, content, dutch, english
):
    client.post("/language", data={"lang": lang})
    before = snapshot(app)
    response = _upload(client, name, content)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    shown, other = (dutch, english) if lang == "nl" else (english, dutch)
    assert str(escape(shown)) in page
    assert str(escape(other)) not in page
    assert snapshot(app) == before


def test_a_workbook_location_is_translated_part_by_part(app):
    from flask_babel import force_locale

    from qsort.formats import FormatError
    from qsort.views.problems import reason_text

    error = FormatError(
        "format.statement_id_twice", id="'s1'", file="a.xlsx", sheet="Sorts", cell="row 5"
    )
    at_cell = FormatError("format.value_empty", file="a.xlsx", sheet="Sorts", cell="C5", field="s3")
    with app.test_request_context(), force_locale("nl"):
        assert (
            reason_text(error)
            == "a.xlsx, werkblad 'Sorts', rij 5: stelling-id 's1' komt twee keer voor"
        )
        assert reason_text(at_cell) == (
            "a.xlsx, werkblad 'Sorts', cel C5, veld 's3': de waarde is leeg; elke stelling heeft "
            "een waarde in het raster nodig"
        )
    assert str(error) == "a.xlsx, sheet 'Sorts', row 5: statement id 's1' appears twice"
