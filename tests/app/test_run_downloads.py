"""Downloads of a stored run: the report (PDF, HTML; Dutch and English), XLSX, the sorts as
CSV/DAT/STA/KADE, and JSON with provenance. Each download must carry that run's numbers."""

import hashlib
import io
import json
import re
import zipfile

import numpy as np
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from qsort.domain.problems import Problem
from qsort.extensions import db
from qsort.formats import read_qsort_csv
from qsort.models import AnalysisRun, Clinic, Comment, Facilitator
from qsort.services import analysis_run as run_service
from qsort.services.demo import seed_demo
from qsort.services.run_downloads import INTERNAL_KEYS


@pytest.fixture
def demo_run(app, client):
    """The demo clinic with one stored run, a hostile comment, and its owner logged in."""
    with app.app_context():
        info = seed_demo()
        clinic = db.session.get(Clinic, info.clinic.id)
        first = clinic.participants[0].q_sort
        first.comments.append(
            Comment(statement=clinic.statements[0], text='=HYPERLINK("x") <script>x</script>')
        )
        db.session.commit()
        run = run_service.run_clinic_analysis(
            clinic, db.session.get(Facilitator, info.facilitator.id)
        )
        names = {f"p{p.id}": p.display_name for p in clinic.participants}
        shown = {**run.result, "participants": [names[p] for p in run.result["participants"]]}
        ids = clinic.id, run.id, shown, run.settings["input"]["sorts"]
        email = info.facilitator.email
    client.post("/login", data={"email": email, "password": info.password})
    return ids


def _get(client, clinic_id, run_id, kind, lang=None):
    query = f"?lang={lang}" if lang else ""
    return client.get(f"/clinics/{clinic_id}/runs/{run_id}/download/{kind}{query}")


@pytest.mark.parametrize(
    "lang,phrase", [("nl", "Gedeelde gezichtspunten"), ("en", "Shared viewpoints")]
)
def test_pdf_report_in_both_languages(client, demo_run, lang, phrase):
    clinic_id, run_id, *_ = demo_run
    response = _get(client, clinic_id, run_id, "pdf", lang)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert phrase in text
    assert "Klantgerichte medewerkers" in text or "Customer" in text


def test_dutch_pdf_carries_the_dutch_title_only(app, client, demo_run):
    clinic_id, run_id, *_ = demo_run
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        titles = clinic.title_for("nl"), clinic.title_for("en")
    assert titles[0] != titles[1]
    for lang, (own, other) in (("nl", titles), ("en", titles[::-1])):
        pdf = PdfReader(io.BytesIO(_get(client, clinic_id, run_id, "pdf", lang).data))
        text = " ".join(page.extract_text() for page in pdf.pages)
        assert own in text and other not in text


def test_html_report_shows_the_run_and_escapes_participant_text(client, demo_run):
    clinic_id, run_id, result, _ = demo_run
    response = _get(client, clinic_id, run_id, "html", "en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("<svg") == result["n_factors"] + 1  # the top-five chart, a grid each
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    assert (
        "script-src" not in response.headers["Content-Security-Policy"]
    )  # default-src 'none': nothing runs
    assert "Employees have the time to really listen" in page


def test_xlsx_csv_and_pqmethod_files_carry_the_run(client, demo_run):
    clinic_id, run_id, result, sorts = demo_run
    book = load_workbook(io.BytesIO(_get(client, clinic_id, run_id, "xlsx").data))
    loadings = [[c.value for c in row[1:]] for row in book["Loadings"].iter_rows(min_row=2)]
    np.testing.assert_allclose(
        loadings, result["loadings"], rtol=0, atol=1e-14
    )  # XLSX keeps 15 digits
    comments = [row[2].value for row in book["Comments"].iter_rows(min_row=2)]
    assert comments == ['\'=HYPERLINK("x") <script>x</script>']
    table = read_qsort_csv(io.BytesIO(_get(client, clinic_id, run_id, "csv").data))
    assert table.values.tolist() == sorts
    assert list(table.participants) == result["participants"]  # the names, not p<id>
    assert result["participants"][0] == "Anouk"
    dat = _get(client, clinic_id, run_id, "dat", lang="nl").data
    assert dat.startswith(
        b"  0 30 24 Klantgerichte medewerkers".ljust(78)
        + b"\r\n -4  4  0  0  1  2  3  4  4  4  3  2  1"
    )
    dat_en = _get(client, clinic_id, run_id, "dat", lang="en").data  # the title in the language
    assert dat_en.startswith(b"  0 30 24 Customer-focused employees".ljust(78) + b"\r\n")
    sta = _get(client, clinic_id, run_id, "sta").data.split(b"\r\n")
    assert len([line for line in sta if line]) == 24
    names = zipfile.ZipFile(io.BytesIO(_get(client, clinic_id, run_id, "kade").data)).namelist()
    assert sorted(names) == ["README.txt", "name.txt", "pattern.txt", "sorts.txt", "statements.csv", "statements.txt"]  # fmt: skip


@pytest.mark.parametrize(
    "lang,heading,numbered",
    [
        ("nl", "Wat {target} van dit onderzoek niet kan bevatten, en wat qsort deed:", "nummert"),
        ("en", "What {target} cannot hold of this study, and what qsort did:", "numbers"),
    ],
)
@pytest.mark.parametrize("kind,target", [("pqmethod", "PQMethod"), ("kade", "KADE")])
def test_zip_readme_is_in_the_language_of_the_download(
    client, demo_run, kind, target, lang, heading, numbered
):
    """A Dutch download's README.txt, the note on what PQMethod or KADE cannot hold, is Dutch
    from its heading to its last line; the English one is English."""
    clinic_id, run_id, *_ = demo_run
    response = _get(client, clinic_id, run_id, kind, lang)
    assert response.status_code == 200
    readme = zipfile.ZipFile(io.BytesIO(response.data)).read("README.txt").decode("utf-8")
    lines = readme.splitlines()
    assert lines[0] == heading.format(target=target)
    notes = [line for line in lines if line.startswith("- ")]
    assert any(f"{target} {numbered} " in note for note in notes)  # the demo's codes are lost
    english = {str(Problem(code, {})) for code in ("export.ids_numbered", "export.kade_ids")}
    if lang == "nl":
        assert not any(note[2:] in english for note in notes)
        assert "qsort leest ze terug uit dit archief." in lines[-1]
    else:
        assert lines[-1].endswith("qsort reads them back from this archive.")


def test_json_has_provenance(client, demo_run):
    clinic_id, run_id, result, sorts = demo_run
    document = json.loads(_get(client, clinic_id, run_id, "json").data)
    kept = {k: v for k, v in result.items() if k != "settings" and k not in INTERNAL_KEYS}
    assert {k: v for k, v in document["result"].items() if k != "settings"} == kept
    assert "qmethod_reference" in result and "qmethod_reference" not in document["result"]
    assert document["provenance"]["input"]["sorts"] == sorts
    assert document["provenance"]["input"]["anonymised"] is False
    canonical = "\n".join([",".join(["participant", *result["statements"]])] +
                          [",".join([p, *map(str, row)]) for p, row in zip(result["participants"], sorts, strict=True)]) + "\n"  # fmt: skip
    assert (
        document["provenance"]["input"]["sha256"] == hashlib.sha256(canonical.encode()).hexdigest()
    )
    assert document["provenance"]["settings"]["conventions"] == "qsort"


def test_downloads_are_for_the_owner_only(app, client, demo_run, make_facilitator, auth):
    clinic_id, run_id, *_ = demo_run
    assert _get(client, clinic_id, run_id, "nonsense").status_code == 404
    with app.app_context():
        other_clinic = db.session.get(Clinic, clinic_id)
        foreign_run = AnalysisRun(clinic=other_clinic, settings={}, result={})
        db.session.add(foreign_run)
        db.session.commit()
    auth.logout()
    assert _get(client, clinic_id, run_id, "pdf").status_code == 302  # to the log-in page
    auth.login(make_facilitator())
    assert _get(client, clinic_id, run_id, "pdf").status_code == 404
    assert _get(client, clinic_id, run_id, "json").status_code == 404


TITLE = "Łódź – 中文 “klant” / 50%"


@pytest.mark.parametrize(
    ("kind", "ending"),
    [("pdf", "report_nl.pdf"), ("html", "report_nl.html"), ("xlsx", "tables_nl.xlsx"),
     ("sta", "STUDY_nl.STA"), ("kade", "kade_nl.zip"), ("csv", "sorts.csv"), ("dat", "STUDY_nl.DAT")],
)  # fmt: skip
def test_any_title_downloads_under_its_own_name(app, client, demo_run, kind, ending):
    """A title outside Latin-1 no longer breaks the header: an ASCII fallback plus the full
    name in RFC 5987 UTF-8; language-dependent files say their language."""
    from urllib.parse import unquote

    clinic_id, run_id, *_ = demo_run
    with app.app_context():
        db.session.get(Clinic, clinic_id).title_nl = TITLE
        db.session.commit()
    response = _get(client, clinic_id, run_id, kind, "nl")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    disposition.encode("latin-1")  # what a WSGI server must be able to send
    assert disposition.startswith("inline" if kind == "html" else "attachment")
    fallback = re.search(r'filename="?([^";]+)', disposition).group(1)
    assert fallback.isascii() and fallback.endswith(ending)
    full = unquote(disposition.split("filename*=UTF-8''")[1])
    assert full == f"łódź-中文-klant-50-run{run_id}-{ending}"
