"""Round trips: every download of a run imports back (web import) to the same sorts, names,
statement ids, texts and grid; names with commas, quotes, 9+ characters, a formula and
Japanese, Japanese statement texts. Formats that cannot hold something say so and keep it in
the archive (PQMethod zip, KADE zip), or lose exactly what the format documents (.DAT/.STA)."""

import io

import numpy as np
import pytest
from anyascii import anyascii

from qsort.extensions import db
from qsort.formats.pqmethod import dat_names
from qsort.models import Clinic, Facilitator
from qsort.services import analysis_run as run_service
from qsort.services.imports import Upload, import_clinic

NAMES = ["Smith, Anna", 'Jo "JJ" Jones', "Participant 10", "Participant 11", '=HYPERLINK("x")',
         "Zoë", "山田太郎", "Bo"]  # fmt: skip
CODES = [f"D{j:02d}" for j in range(1, 10)]
TEXTS = ["私は学ぶのが好きです", 'Said "yes", then left', "Één café, twee", "Straße", "Łódź",
         "plain", "中文の文", "x" * 120, "=SUM(A1)"]  # fmt: skip
GRID = np.repeat([-2, -1, 0, 1, 2], [1, 2, 3, 2, 1])


def _study_csv() -> tuple[bytes, bytes, np.ndarray]:
    rng = np.random.default_rng(17)
    values = np.stack([rng.permutation(GRID) for _ in NAMES])
    quote = lambda t: '"' + t.replace('"', '""') + '"'  # noqa: E731
    sorts = "participant," + ",".join(CODES) + "\n" + "".join(
        quote(n) + "," + ",".join(map(str, row)) + "\n" for n, row in zip(NAMES, values, strict=True))  # fmt: skip
    statements = "id,text\n" + "".join(
        f"{c},{quote(t)}\n" for c, t in zip(CODES, TEXTS, strict=True)
    )
    return sorts.encode(), statements.encode(), values


@pytest.fixture
def source(app, client, auth, make_facilitator):
    """A clinic imported from the CSV above, with one run; its owner logged in."""
    account = make_facilitator()
    auth.login(account)
    sorts, statements, values = _study_csv()
    with app.app_context():
        owner = db.session.get(Facilitator, account.id)
        clinic = import_clinic(owner, [Upload("sorts.csv", sorts), Upload("statements.csv", statements)])  # fmt: skip
        run = run_service.run_clinic_analysis(clinic, owner, run_service.RunRequest(n_factors=2))
        return clinic.id, run.id, values


def _stored(app, clinic_id=None):
    with app.app_context():
        query = db.select(Clinic).order_by(Clinic.id.desc())
        clinic = (
            db.session.get(Clinic, clinic_id) if clinic_id else db.session.scalars(query).first()
        )
        codes = [s.code for s in clinic.statements]
        rows = [[{p.statement.code: p.column_value for p in x.q_sort.placements}[c] for c in codes]
                for x in clinic.participants]  # fmt: skip
        return {"names": [p.display_name for p in clinic.participants], "codes": codes,
                "texts": [s.text_en for s in clinic.statements], "values": np.array(rows),
                "grid": clinic.grid}  # fmt: skip


def _download_and_import(client, clinic_id, run_id, kinds, query=""):
    files = []
    for kind in kinds:
        response = client.get(f"/clinics/{clinic_id}/runs/{run_id}/download/{kind}{query}")
        assert response.status_code == 200, kind
        files.append((io.BytesIO(response.data), f"download.{ {'csv': 'csv', 'statements': 'csv', 'xlsx': 'xlsx', 'json': 'json', 'dat': 'DAT', 'sta': 'STA'}.get(kind, 'zip') }"))  # fmt: skip
    if kinds == ["csv", "statements"]:
        files[1] = (files[1][0], "statements.csv")
    response = client.post("/clinics/import/", data={"files": files}, content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


@pytest.mark.parametrize("kinds", [["csv", "statements"], ["xlsx"], ["json"], ["pqmethod"], ["kade"]],
                         ids=["csv", "xlsx", "json", "pqmethod-zip", "kade-zip"])  # fmt: skip
def test_every_download_imports_back_without_loss(app, client, source, kinds):
    clinic_id, run_id, values = source
    original = _stored(app, clinic_id)
    assert original["names"] == NAMES and original["texts"] == TEXTS
    _download_and_import(client, clinic_id, run_id, kinds)
    back = _stored(app)
    for key in ("names", "codes", "texts", "grid"):
        assert back[key] == original[key], key
    np.testing.assert_array_equal(back["values"], values)


def test_dat_and_sta_keep_what_pqmethod_holds(app, client, source):
    """The plain .DAT/.STA: the sorts and grid exactly; names as PQMethod holds them (8 ASCII
    characters, unique), statements numbered, texts transliterated: as the page says."""
    clinic_id, run_id, values = source
    _download_and_import(client, clinic_id, run_id, ["dat", "sta"])
    back = _stored(app)
    np.testing.assert_array_equal(back["values"], values)
    assert back["grid"] == _stored(app, clinic_id)["grid"]
    assert back["names"] == dat_names(NAMES).names
    assert back["names"][:4] == ["Smith, A", 'Jo "JJ"', "Particip", "Partic02"]
    assert back["codes"] == [f"s{j:02d}" for j in range(1, 10)]
    assert back["texts"] == [anyascii(t) for t in TEXTS]
    page = client.get(f"/clinics/{clinic_id}/runs/{run_id}").get_data(as_text=True)
    assert "PQMethod keeps 8 ASCII characters per name" in page
    assert "statement text(s) are transliterated" in page


@pytest.mark.parametrize("kind", ["csv", "xlsx", "json", "pqmethod", "kade"])
def test_anonymised_downloads_replace_only_the_names(app, client, source, kind):
    clinic_id, run_id, values = source
    kinds = ["csv", "statements"] if kind == "csv" else [kind]
    _download_and_import(client, clinic_id, run_id, kinds, "?anonymise=1")
    back = _stored(app)
    assert back["names"] == [f"P{k:02d}" for k in range(1, 9)]
    assert back["codes"] == CODES and back["texts"] == TEXTS
    np.testing.assert_array_equal(back["values"], values)


def test_the_clinic_file_round_trips(app, client, source):
    clinic_id, _run_id, values = source
    data = client.get(f"/clinics/{clinic_id}/clinic-file.json").data
    response = client.post("/clinics/import/", data={"files": [(io.BytesIO(data), "c.qsort.json")]},
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302
    back, original = _stored(app), _stored(app, clinic_id)
    assert {k: back[k] for k in ("names", "codes", "texts", "grid")} == {k: original[k] for k in ("names", "codes", "texts", "grid")}  # fmt: skip
    np.testing.assert_array_equal(back["values"], values)


def test_formulas_never_reach_a_spreadsheet(app, client, auth, make_facilitator):
    """A statement id, a name and a text that are formulas: every CSV and XLSX cell and header
    that holds them starts with an apostrophe (issue 14, item 4), and reads back unchanged."""
    from openpyxl import load_workbook

    account = make_facilitator()
    auth.login(account)
    sorts = b'participant,"=HYPERLINK(""x"")",s2,s3\n"@SUM(1)",1,0,-1\nB,0,1,-1\nC,-1,0,1\n'
    statements = b'id,text\n"=HYPERLINK(""x"")",+cmd\ns2,two\ns3,three\n'
    with app.app_context():
        owner = db.session.get(Facilitator, account.id)
        clinic = import_clinic(
            owner, [Upload("s.csv", sorts), Upload("statements.csv", statements)]
        )
        run = run_service.run_clinic_analysis(clinic, owner, run_service.RunRequest(n_factors=1))
        base = f"/clinics/{clinic.id}/runs/{run.id}/download"
    csv_text = client.get(f"{base}/csv").get_data(as_text=True)
    assert csv_text.startswith('participant,"\'=HYPERLINK(""x"")",s2,s3\n\'@SUM(1),1,0,-1')
    assert client.get(f"{base}/statements").get_data(as_text=True).startswith('id,text\n"\'=HYPERLINK(""x"")",\'+cmd\n')  # fmt: skip
    book = load_workbook(io.BytesIO(client.get(f"{base}/xlsx").data))
    assert (
        book["Sorts"]["B1"].value == '\'=HYPERLINK("x")' and book["Sorts"]["A2"].value == "'@SUM(1)"
    )
    assert book["Statements"]["C2"].value == "'+cmd"
    for row in book.worksheets:
        for cells in row.iter_rows(values_only=True):
            assert not any(isinstance(c, str) and c[:1] in "=+@" for c in cells)
