"""The report's pages as a reader sees them: page one holds the whole executive summary, then a
page per viewpoint, then the appendix; the Dutch PDF is Dutch (no English heading, decimal
commas); significance markers stand apart from the numbers. PDF text comes from poppler's
pdftotext, as a reader copying from the PDF gets it."""

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from qsort.formats import read_sorts
from qsort.narrative.catalogue import translator
from qsort.narrative.notes import agreement_words, verdict_label
from qsort.reports import build_report, render_html, render_pdf
from qsort.reports.chart_svg import priorities_svg
from qsort.reports.numbers import number_text, percent_text
from qsort.reports.workbook import xlsx_bytes
from tests.reports.test_reports import LIPSET, _result, _study

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def report():
    return build_report(_result(), _study(free_choice=("Trust", " trust", "Fairness", "Fun")))


@pytest.fixture(scope="module")
def pdfs(report, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    paths = {}
    for lang in ("en", "nl"):
        paths[lang] = folder / f"report-{lang}.pdf"
        paths[lang].write_bytes(render_pdf(report, lang))
    return paths


def pdf_text(path, first=None, last=None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    out = subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def summary_items(report, lang) -> list[str]:
    """What page one must hold, in the report's language."""
    _ = translator(lang)
    items = [report.study.title, report.study.question, _("What matters most"),
             _("How much the room agrees"), agreement_words(report.kendall_w, _),
             number_text(report.kendall_w, lang), _("Shared viewpoints"), _("What everyone agrees on"),
             _("What divides the room"), _("What is missing from the statements")]  # fmt: skip
    items += [s.text for s in report.overall_top] + [
        number_text(s.mean, lang) for s in report.overall_top
    ]
    for s in report.overall_top:  # each of the top five with its interval and verdict
        low, high = number_text(s.ci_low, lang), number_text(s.ci_high, lang)
        items += [
            _("%(low)s to %(high)s") % {"low": low, "high": high},
            verdict_label(s.verdict, _),
        ]
    assert all(s.verdict and s.ci_low is not None for s in report.overall_top)
    items += [v.name(lang) for v in report.viewpoints] + [v.gist(lang) for v in report.viewpoints]
    items += [s.text for s in report.dividing[:3]] + [text for text, _n in report.free_choice]
    return items


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_page_one_holds_the_whole_summary(report, pdfs, lang):
    """Is every part of the executive summary on page one, and does page two start the viewpoints?"""
    page_one = flat(pdf_text(pdfs[lang], 1, 1))
    missing = [item for item in summary_items(report, lang) if flat(item) not in page_one]
    assert missing == []
    assert len(report.viewpoints[0].gist(lang)) > 20
    page_two = flat(pdf_text(pdfs[lang], 2, 2))
    _ = translator(lang)
    heading = f"{_('Viewpoint %(n)s') % {'n': 1}}: {report.viewpoints[0].name(lang)}"
    assert page_two.startswith(heading)
    assert _("What matters most") not in page_two


def test_a_page_per_viewpoint_then_the_appendix(report, pdfs):
    pages = pdf_text(pdfs["en"]).split("\f")
    for number, v in enumerate(report.viewpoints, start=2):
        assert flat(pages[number - 1]).startswith(f"Viewpoint {v.number}: {v.name('en')}")
        assert flat(v.account("en")[0]) in flat(pages[number - 1])
    appendix = flat(pages[len(report.viewpoints) + 1])
    assert appendix.startswith("Appendix for researchers")


def english_headings(report) -> set[str]:
    html = render_html(report, "en")
    found = re.findall(r"<(h[1-3]|th|title)[^>]*>(.*?)</\1>", html, flags=re.S)
    texts = {re.sub(r"<[^>]+>", "", text).strip() for _tag, text in found}
    return {
        t for t in texts if re.search(r"[a-z]{3}", t) and t not in report.study.statements.values()
    }


def test_dutch_pdf_has_no_english_heading(report, pdfs):
    """Does any heading, table header or the title of the English report appear in the Dutch PDF?"""
    dutch = flat(pdf_text(pdfs["nl"]))
    same_in_dutch = {"Component"}
    headings = english_headings(report) - {report.study.title} - same_in_dutch
    assert {"What matters most", "Appendix for researchers", "Crib sheets", "Marker"} <= headings
    english = [h for h in headings if re.search(rf"\b{re.escape(flat(h))}\b", dutch)]
    assert english == []
    assert "Wat het belangrijkst is" in dutch and "Bijlage voor onderzoekers" in dutch


def test_numbers_follow_the_language(report, pdfs):
    """Dutch writes decimal commas (means, W, percentages, loadings), English decimal points."""
    dutch, english = flat(pdf_text(pdfs["nl"])), flat(pdf_text(pdfs["en"]))
    top = report.overall_top[0]
    assert f"{top.mean:.2f}".replace(".", ",") in dutch and f"{top.mean:.2f}" in english
    w = report.kendall_w
    assert f"W = {w:.2f}".replace(".", ",") in dutch
    share = 100 * report.viewpoints[0].n_defining / report.result["n_sorts"]
    assert f"{share:.0f}%" in dutch
    loading = report.result["loadings"][0][0]
    assert number_text(loading, "nl", 3) in dutch and number_text(loading, "en", 3) in english
    versions = re.compile(r"(Versies|Versions) .*?(?=Eigenwaarden|Eigenvalues)")
    points = re.findall(r"\d\.\d", versions.sub("", dutch))
    assert points == []
    assert re.findall(r"\d,\d", versions.sub("", english)) == []


def test_significance_markers_stand_in_their_own_column(report):
    """The appendix prints "1.91" and "6*" in separate cells, never "1.916*"."""
    html = render_html(report, "en")
    pairs = report.result["qdc_pairs"]
    table = html[html.index('<table class="qdc">') :].split("</table>")[0]
    cells = re.findall(r"<td>([^<]*)</td><td class=\"marker\">([^<]*)</td>", table)
    expected = [
        (number_text(p["difference"][j], "en"), p["significance"][j])
        for j in range(report.result["n_statements"])
        for p in pairs
    ]
    assert cells == expected
    assert any(mark == "6*" for _n, mark in expected)
    assert not re.search(r"<td>-?[\d.]+\*+</td>", html)


def test_crib_sheets_in_the_appendix(report):
    html = render_html(report, "nl")
    for sheet in report.result["crib_sheets"]:
        assert f"Gezichtspunt {sheet['factor']}</th>" in html
        for entry in sheet["highest"] + sheet["lowest"]:
            number = report.result["statements"].index(entry["statement"]) + 1
            assert f"<td>{number}</td>" in html
    assert "Het hoogst geplaatst" in html


def test_chart_places_means_and_intervals_on_the_grid_scale():
    rows = [{"number": 1, "text": "a", "mean": 0.0, "ci_low": -1.0, "ci_high": 2.0},
            {"number": 2, "text": "b", "mean": 4.0, "ci_low": None, "ci_high": None}]  # fmt: skip
    svg = ET.fromstring(priorities_svg(rows, (-4, 4), 0.0, lambda v: number_text(v, "nl")))
    ticks = {t.text: float(t.get("x")) for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle"}  # fmt: skip
    step = (ticks["+4"] - ticks["−4"]) / 8
    dots = [float(c.get("cx")) for c in svg.iter(f"{SVG}circle")]
    assert dots == pytest.approx([ticks["0"], ticks["+4"]], abs=0.1)
    whisker = next(ln for ln in svg.iter(f"{SVG}line") if ln.get("stroke-width") == "2")
    assert float(whisker.get("x1")) == pytest.approx(ticks["0"] - step, abs=0.1)
    assert float(whisker.get("x2")) == pytest.approx(ticks["0"] + 2 * step, abs=0.1)
    assert sum(1 for ln in svg.iter(f"{SVG}line") if ln.get("stroke-width") == "2") == 3
    assert {"0,00", "4,00"} <= {t.text for t in svg.iter(f"{SVG}text")}


@pytest.mark.parametrize(
    "w,words",
    [(0.0, "hardly agrees"), (0.19, "hardly agrees"), (0.2, "agrees weakly"), (0.45, "agrees moderately"),
     (0.79, "agrees strongly"), (0.8, "agrees almost completely"), (1.0, "agrees almost completely")],
)  # fmt: skip
def test_agreement_in_words_follows_the_bands(w, words):
    """Schmidt's (1997) bands: 0.1 very weak, 0.3 weak, 0.5 moderate, 0.7 strong, 0.9 complete."""
    assert agreement_words(w, str) == f"The room {words} on the order"
    assert agreement_words(w, translator("nl")).startswith("De zaal is het ")
    assert agreement_words(None, str) == ""


def test_number_formats():
    assert (number_text(-1.5, "nl"), number_text(1234.5, "en", 1)) == ("−1,50", "1,234.5")
    assert (percent_text(12.5, "nl", 1), percent_text(12.5, "en")) == ("12,5%", "12%")


@pytest.mark.parametrize("lang,sheets", [("nl", ("Ladingen", "Spiekbriefjes (crib sheets)", "Sorteringen")),
                                         ("en", ("Loadings", "Crib sheets", "Sorts"))])  # fmt: skip
def test_workbook_in_the_language_with_numbers_as_numbers(report, tmp_path, lang, sheets):
    """Sheet names and headers in the language; numbers stored as numbers with a number format
    (the spreadsheet shows the reader's decimal separator); crib sheets; read back as a study."""
    data = xlsx_bytes(report, sorts=LIPSET.values.tolist(), lang=lang)
    book = load_workbook(io.BytesIO(data))
    loadings, crib, sorts = (book[name] for name in sheets)
    assert loadings["A1"].value == translator(lang)("Participant")
    cell = loadings["B2"]
    assert cell.value == pytest.approx(report.result["loadings"][0][0], abs=1e-12)
    assert cell.number_format == "0.000"
    rows = [[c.value for c in row] for row in crib.iter_rows(min_row=2)]
    expected = [(f"F{s['factor']}", e["statement"], e["value"]) for s in report.result["crib_sheets"]
                for g in ("highest", "higher", "lower", "lowest") for e in s[g]]  # fmt: skip
    assert [(r[0], r[3], r[6 + int(r[0][1:]) - 1]) for r in rows] == expected
    assert all(isinstance(r[5], float) for r in rows)
    assert sorts.max_row == len(LIPSET.participants) + 1
    path = tmp_path / f"back-{lang}.xlsx"
    path.write_bytes(data)
    table = read_sorts(path)
    assert table.values.tolist() == LIPSET.values.tolist()
    assert list(table.statement_texts) == list(report.study.statements.values())
