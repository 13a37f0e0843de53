"""Tests for :func:`qsort.formats.read_sorts` (dispatch on suffix, texts from beside the file).

Expected values: the Lipset fixture (``tests/fixtures/lipset/``, qmethod 1.8.4's ``lipset``
data set); statement texts copied by hand from its ``statements.csv``.
"""

import shutil
from pathlib import Path

import pytest

from qsort.formats import FormatError, read_qsort_csv, read_sorts, write_dat, write_sta

LIPSET = Path(__file__).resolve().parent.parent / "fixtures" / "lipset"
S01 = (
    "We accept improvements in the status and power of the lower classes without feeling "
    "morally offended."
)


def test_csv_with_statements_beside():
    table = read_sorts(LIPSET / "sorts.csv")
    assert table.values.shape == (9, 33)
    assert table.statement_texts is not None
    assert table.statement_texts[0] == S01


def test_csv_without_statements(tmp_path):
    shutil.copy(LIPSET / "sorts.csv", tmp_path / "sorts.csv")
    assert read_sorts(tmp_path / "sorts.csv").statement_texts is None


def test_csv_statements_missing_an_id(tmp_path):
    shutil.copy(LIPSET / "sorts.csv", tmp_path / "sorts.csv")
    (tmp_path / "statements.csv").write_text("id,text\ns01,a\ns02,b\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_sorts(tmp_path / "sorts.csv")
    assert info.value.file == "statements.csv"
    assert "no text for statements 's03', 's04', 's05', 's06', 's07' ..." in info.value.reason


@pytest.mark.parametrize(("dat", "sta"), [("study.DAT", "study.STA"), ("study.dat", "study.sta")])
def test_dat_with_sta_beside(tmp_path, dat, sta):
    table = read_qsort_csv(LIPSET / "sorts.csv")
    write_dat(table, tmp_path / dat, "Lipset")
    write_sta([f"text {j}" for j in range(1, 34)], tmp_path / sta)
    back = read_sorts(tmp_path / dat)
    assert back.participants == table.participants
    assert back.title == "Lipset"
    assert back.statement_texts is not None
    assert back.statement_texts[32] == "text 33"


def test_dat_alone(tmp_path):
    write_dat(read_qsort_csv(LIPSET / "sorts.csv"), tmp_path / "x.dat")
    assert read_sorts(tmp_path / "x.dat").statement_texts is None


def test_the_content_decides_not_the_name(tmp_path):
    """A Q-sort CSV saved as 'sorts.xlsx' or without a suffix is still read as what it is."""
    for name in ("sorts.xlsx", "sorts"):
        (tmp_path / name).write_text("participant,a,b\nP,1,-1\nQ,-1,1\n", encoding="utf-8")
        assert read_sorts(tmp_path / name).participants == ("P", "Q")


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"%PDF-1.7 ...", "this is a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", "Excel 97-2003 workbook (.xls)"),
        (b"hello world\nnothing here\n", "is not the header of any study layout"),
    ],
)
def test_unknown_kind_says_what_the_file_is(tmp_path, content, phrase):
    (tmp_path / "study.csv").write_bytes(content)
    with pytest.raises(FormatError) as info:
        read_sorts(tmp_path / "study.csv")
    assert info.value.file == "study.csv"
    assert phrase in info.value.reason
