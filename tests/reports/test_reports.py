"""Reports from a stored analysis result: model, HTML/PDF in both languages, XLSX, provenance
JSON, and the ``qsort report`` command. Numbers come from the analysis (tested against qmethod
elsewhere); these tests check that the report carries them faithfully and safely."""

import io
import json
import zipfile

import numpy as np
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from qsort.analysis import ConvergenceError, QmethodRefusal, analyse
from qsort.cli import main
from qsort.formats import read_sorts
from qsort.narrative.document import describe
from qsort.reports import ParticipantComment, StudyInfo, build_report, render_html, render_pdf
from qsort.reports.differences import convention_differences
from qsort.reports.provenance import input_checksum, provenance_document
from qsort.reports.safe_text import spreadsheet_safe
from qsort.reports.workbook import xlsx_bytes
from tests.helpers import FIXTURES

LIPSET = read_sorts(FIXTURES / "lipset" / "sorts.csv")
GRID = ((-4, 2), (-3, 3), (-2, 4), (-1, 5), (0, 5), (1, 5), (2, 4), (3, 3), (4, 2))


def _result(method="pca", participants=None, conventions="qsort"):
    result = analyse(
        LIPSET.values, 3, method=method, conventions=conventions,
        participants=participants or list(LIPSET.participants), statements=list(LIPSET.statements),
    ).as_dict()  # fmt: skip
    texts = dict(zip(LIPSET.statements, LIPSET.statement_texts, strict=True))
    return {**result, **describe(result, {"en": texts})}


def _study(**overrides):
    values = {
        "title": "Lipset",
        "statements": dict(zip(LIPSET.statements, LIPSET.statement_texts, strict=True)),
        "question": "Which values?",
        "date": "2026-11-23",
        "grid": GRID,
        "free_choice": ("Trust", " trust", "Fairness"),
        "comments": (ParticipantComment("US1", "s27", "Because it <b>matters</b>"),),
    }
    return StudyInfo(**{**values, **overrides})


@pytest.fixture(scope="module")
def report():
    return build_report(_result(), _study())


def test_report_model_carries_the_result(report):
    """Are viewpoints, top fives, marks and composite grids those of the analysis result?"""
    r = report.result
    assert [v.number for v in report.viewpoints] == [1, 2, 3]
    for v in report.viewpoints:
        ranking = r["ranking"]["factors"][str(v.number)]
        assert [s.id for s in v.top] == [x["statement"] for x in ranking[:5]]
        assert [s.id for s in v.bottom] == [x["statement"] for x in ranking[::-1][:5]]
        assert {s.id for s in v.distinguishing} == set(r["distinguishing"][str(v.number)])
        assert all(
            s.mark == "**"
            for s in v.distinguishing
            if s.id in r["distinguishing_p01"][str(v.number)]
        )
        assert [len(cards) for _, cards in v.columns] == [h for _, h in GRID]
        assert v.label == v.top[0].text
        stored = next(x for x in r["viewpoints"] if x["factor"] == v.number)
        assert (v.name("en"), v.name("nl")) == (stored["name_en"], stored["name_nl"])
        assert v.account("nl") == stored["sentences_nl"]
    assert [s.id for s in report.overall_top] == [
        x["statement"] for x in r["ranking"]["overall"][:5]
    ]
    assert report.free_choice == [("Trust", 2), ("Fairness", 1)]
    assert report.viewpoints[1].comments == [
        ParticipantComment("US1", "s27", "Because it <b>matters</b>")
    ]


@pytest.mark.parametrize(
    "lang,heading", [("en", "What matters most"), ("nl", "Wat het belangrijkst is")]
)
def test_html_in_both_languages(report, lang, heading):
    html = render_html(report, lang)
    assert heading in html
    assert report.viewpoints[0].name(lang) in html
    assert html.count("<svg") == 4  # the top-five chart and one composite grid per viewpoint
    assert "Because it &lt;b&gt;matters&lt;/b&gt;" in html  # participant text escaped


def test_html_escapes_statement_text():
    hostile = _study(statements={s: "<script>alert(1)</script>" for s in LIPSET.statements})
    html = render_html(build_report(_result(), hostile), "en")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "lang,phrase", [("en", "Shared viewpoints"), ("nl", "Gedeelde gezichtspunten")]
)
def test_pdf_renders_a4_pages_with_the_text(report, lang, phrase):
    pdf = PdfReader(io.BytesIO(render_pdf(report, lang)))
    assert len(pdf.pages) >= 3
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert phrase in text
    assert report.overall_top[0].text.split()[0] in text


def test_xlsx_has_every_table_with_the_numbers(report):
    book = load_workbook(io.BytesIO(xlsx_bytes(report, sorts=LIPSET.values.tolist())))
    expected = {"Summary", "Ranking", "Loadings", "Flags", "Z-scores", "Factor arrays", "Characteristics", "SED",
                "Factor correlations", "Distinguishing", "Eigenvalues", "Statements", "Settings", "Free choice",
                "Comments", "Sorts"}  # fmt: skip
    assert expected <= set(book.sheetnames)
    loadings = [[c.value for c in row[1:]] for row in book["Loadings"].iter_rows(min_row=2)]
    np.testing.assert_allclose(loadings, report.result["loadings"], rtol=0, atol=1e-12)
    arrays = [[c.value for c in row[2:]] for row in book["Factor arrays"].iter_rows(min_row=2)]
    assert arrays == report.result["factor_arrays"]
    sorts = [[c.value for c in row[1:]] for row in book["Sorts"].iter_rows(min_row=2)]
    assert sorts == LIPSET.values.tolist()


def test_participant_text_is_never_a_formula():
    participants = ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "US4", "JP5", "CA6", "UK7", "\tFR9"]
    study = _study(free_choice=("=1+1",), comments=(ParticipantComment("+1", "s01", "-cmd"),))
    report = build_report(_result(participants=participants), study)
    book = load_workbook(io.BytesIO(xlsx_bytes(report, sorts=LIPSET.values.tolist())))
    names = [row[0].value for row in book["Loadings"].iter_rows(min_row=2)]
    assert names[:4] == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)"]
    assert names[8] == "'\tFR9"
    assert book["Free choice"]["A2"].value == "'=1+1"
    assert [c.value for c in book["Comments"][2]] == ["'+1", "s01", "'-cmd"]
    for sheet in book:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)
    assert spreadsheet_safe(-3) == -3 and spreadsheet_safe("ok") == "ok"


def test_provenance_json_names_input_and_settings():
    result = _result()
    document = provenance_document(
        result, LIPSET.values.tolist(), source="sorts.csv", title="Lipset"
    )
    p = document["provenance"]
    assert p["input"]["sha256"] == input_checksum(
        result["participants"], result["statements"], LIPSET.values.tolist()
    )
    assert p["input"]["sha256"] != input_checksum(
        result["participants"], result["statements"], (LIPSET.values[::-1]).tolist()
    )
    assert p["settings"] == result["settings"]
    assert document["result"]["loadings"] == result["loadings"]
    json.dumps(document, allow_nan=False)


def test_convention_differences_name_order_and_orientation():
    ours, theirs = _result("centroid"), _result("centroid", conventions="qmethod")
    notes = convention_differences(ours, theirs)
    assert any("orders centroid factors by explained variance" in n for n in notes)
    assert any("turned so its defining sorts load positively" in n for n in notes)
    assert convention_differences(_result(), _result(conventions="qmethod")) == [
        "Varimax is carried to its optimum; qmethod's (R's) varimax stops earlier, so the "
        "loadings differ by up to 0.0001.",  # 6.5e-5 on Lipset, PCA, 3 factors
        "Consensus statements are also given under PQMethod's definition (p < 0.01).",
    ]
    unrotated = analyse(LIPSET.values, 3, rotation="none").as_dict()
    reference = analyse(LIPSET.values, 3, rotation="none", conventions="qmethod").as_dict()
    assert not any("Varimax" in n for n in convention_differences(unrotated, reference))


def test_convention_differences_in_dutch():
    """The notes and qmethod's refusal in the report's language, with Dutch numbers."""
    ours, theirs = _result("centroid"), _result("centroid", conventions="qmethod")
    english, dutch = (
        convention_differences(ours, theirs),
        convention_differences(ours, theirs, lang="nl"),
    )
    assert len(dutch) == len(english) > 0 and not set(dutch) & set(english)
    assert any("ordent centroïdefactoren naar verklaarde variantie" in n for n in dutch)
    assert convention_differences(_result(), _result(conventions="qmethod"), lang="nl") == [
        "Varimax wordt tot het optimum doorgerekend; de varimax van qmethod (R) stopt eerder, dus "
        "de ladingen verschillen tot 0,0001.",
        "Consensusstellingen staan er ook volgens de definitie van PQMethod (p < 0,01).",
    ]
    with pytest.raises(QmethodRefusal) as refused:
        analyse(LIPSET.values, 1, method="centroid", conventions="qmethod")
    assert refused.value.code == "analysis.qmethod_single_centroid"
    assert refused.value.case == "single_centroid"
    assert convention_differences(ours, None, refused.value, lang="nl") == [
        "Met de conventies van qmethod zou de analyse hier stoppen: qmethod kan één "
        "centroïdefactor niet met varimax roteren."
    ]
    stuck = ConvergenceError("analysis.horst_signs", factor=2)
    assert convention_differences(ours, None, stuck, lang="nl") == [
        "Met de conventies van qmethod zou de analyse hier stoppen: centroïde van Horst: de "
        "tekens van factor 2 kwamen niet tot rust"
    ]
    assert convention_differences(ours, None, "as it is") == [
        "qmethod's conventions would stop here: as it is"
    ]


@pytest.mark.parametrize("suffix", ["pdf", "html", "xlsx", "json", "dat", "zip"])
def test_report_command_writes_every_format(tmp_path, suffix, capsys):
    out = tmp_path / f"study.{suffix}"
    code = main(["report", str(FIXTURES / "lipset" / "sorts.csv"), "--factors", "3", "--lang", "nl",
                 "--title", "Lipset Study (PQMETHOD testfile; cf. Brown, 1980, pp. 183ff.)", "--out", str(out)])  # fmt: skip
    assert code == 0
    data = out.read_bytes()
    if suffix == "pdf":
        assert data.startswith(b"%PDF")
    elif suffix == "html":
        assert "Gedeelde gezichtspunten" in data.decode()
    elif suffix == "xlsx":
        assert "Ladingen" in load_workbook(io.BytesIO(data)).sheetnames  # --lang nl
    elif suffix == "json":
        assert json.loads(data)["result"]["n_factors"] == 3
    elif suffix == "dat":
        title = b"  0  9 33 Lipset Study (PQMETHOD testfile; cf. Brown, 1980, pp. 183ff.)"
        assert data.startswith(title.ljust(78) + b"\r\n -4  4")
    else:
        assert sorted(zipfile.ZipFile(io.BytesIO(data)).namelist()) == [
            "README.txt",  # what KADE cannot hold (the statement ids)
            "name.txt",
            "pattern.txt",
            "sorts.txt",
            "statements.csv",  # the ids and texts, read back by qsort
            "statements.txt",
        ]


def test_report_command_unknown_format(tmp_path, capsys):
    assert (
        main(
            [
                "report",
                str(FIXTURES / "lipset" / "sorts.csv"),
                "--factors",
                "3",
                "--out",
                str(tmp_path / "x.doc"),
            ]
        )
        == 2
    )
    assert "cannot tell the format" in capsys.readouterr().err


@pytest.mark.parametrize(
    "lang,phrase",
    [
        ("nl", "JP5 is gemarkeerd op gezichtspunt 1 met een negatieve lading"),
        ("en", "JP5 is flagged on viewpoint 1 with a negative loading"),
    ],
)
def test_points_of_attention_in_the_report_language(report, lang, phrase):
    """Are the result's warnings written in the report's language (shared with the results page)?"""
    html = render_html(report, lang)
    assert phrase in html
    assert ("is flagged on viewpoint" in html) == (lang == "en")
