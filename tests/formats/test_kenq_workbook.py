"""Ken-Q Analysis / KADE output workbooks ("Excel type 3"), in the layout both programs write
(their output code: sheets 'Project Overview', 'Q sorts' and 'statements' with title rows,
a header 'Participant, S1..SM, Mean, Standard Deviation', statements numbered 1..M). The
workbook is built here from the Lipset sorts and must analyse exactly as their sorts.csv."""

import io

import numpy as np
import pytest
from openpyxl import load_workbook

from qsort.analysis import analyse
from qsort.formats import FormatError, read_sorts, read_study_files
from tests.formats.files import xlsx_bytes
from tests.helpers import FIXTURES

LIPSET = read_sorts(FIXTURES / "lipset" / "sorts.csv")


def kenq_workbook(
    overview="Project Overview", participant="Participant", values=None, texts=None
) -> bytes:
    values = LIPSET.values if values is None else values
    texts = list(LIPSET.statement_texts) if texts is None else texts
    design = ",".join(str(v) for v in sorted(LIPSET.values[0].tolist()))
    sheets = {
        overview: [["overview", ""], ["", ""], ["Project Name:  ", "Lipset values"], ["", ""],
                   ["Total Number of Statements:  ", "33"], ["", ""], ["Q sort Design:  ", design],
                   ["", ""], ["Total Number of Q sorts:  ", "9"]],
        "statements": [["statements", ""], ["", ""], ["Statement Number", "Statements"],
                       *([k, t] for k, t in enumerate(texts, start=1))],
        "Q sorts": [["sorts", ""], ["", ""], ["Q sorts", ""], ["", ""],
                    [participant, *(f"S{j}" for j in range(1, 34)), "Mean", "Standard Deviation"],
                    *([name, *row, round(float(np.mean(row)), 3), round(float(np.std(row, ddof=1)), 3)]
                      for name, row in zip(LIPSET.participants, values.tolist(), strict=True))],
    }  # fmt: skip
    return xlsx_bytes(sheets)


@pytest.mark.parametrize(
    "overview,participant",
    [("Project Overview", "Participant"), ("Analysis Overview", "Deelnemer")],
    ids=["kade", "older-ken-q-dutch"],
)
def test_an_excel_type_3_workbook_reads_as_its_sorts(overview, participant):
    study = read_study_files([("kenq.xlsx", kenq_workbook(overview, participant))])
    assert study.table.participants == LIPSET.participants
    assert study.table.title == "Lipset values"
    assert study.table.statement_texts == LIPSET.statement_texts
    np.testing.assert_array_equal(study.table.values, LIPSET.values)
    expected = analyse(LIPSET.values, 3, method="centroid", conventions="qmethod").loadings
    got = analyse(study.table.values, 3, method="centroid", conventions="qmethod").loadings
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


def test_a_sort_off_the_design_is_refused_with_its_cell():
    values = LIPSET.values.copy()
    values[2, 0] += 1  # US3 no longer follows the Q sort design
    with pytest.raises(FormatError) as info:
        read_study_files([("kenq.xlsx", kenq_workbook(values=values))])
    assert str(info.value).startswith(
        "kenq.xlsx, sheet 'Q sorts', row 8: sort 'US3' does not follow the Q sort design"
    )


def test_a_missing_statement_text_is_refused():
    with pytest.raises(FormatError, match=r"sheet 'statements'.*no text for statement 33"):
        read_study_files([("kenq.xlsx", kenq_workbook(texts=list(LIPSET.statement_texts[:32])))])


def test_a_value_that_is_not_a_number_names_its_cell():
    data = kenq_workbook()
    book = load_workbook(io.BytesIO(data))
    book["Q sorts"]["C6"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(FormatError) as info:
        read_study_files([("kenq.xlsx", buffer.getvalue())])
    assert str(info.value).startswith("kenq.xlsx, sheet 'Q sorts', cell C6, field 'S2': 'x'")
