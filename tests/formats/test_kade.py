"""Tests for :mod:`qsort.formats.kade`.

Expected values: the Lipset fixture (``tests/fixtures/lipset/``, qmethod 1.8.4's ``lipset`` data
set); the pattern is its grid -4..+4 with heights 2,3,4,5,5,5,4,3,2, written out by hand.
"""

import io
import zipfile
from pathlib import Path

import pytest

from qsort.formats import QSortTable, read_sorts
from qsort.formats.errors import ExportError
from qsort.formats.kade import kade_zip_bytes

LIPSET = Path(__file__).resolve().parent.parent / "fixtures" / "lipset"


def test_lipset_zip():
    table = read_sorts(LIPSET / "sorts.csv")
    data = kade_zip_bytes(table, "Lipset Études")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == [
            "README.txt",
            "name.txt",
            "pattern.txt",
            "sorts.txt",
            "statements.csv",
            "statements.txt",
        ]
        files = {n: archive.read(n).decode("utf-8") for n in archive.namelist()}
    assert files["name.txt"] == "Lipset Études"  # no line break: KADE keeps it in the name
    assert files["pattern.txt"] == "0,0,2,3,4,5,5,5,4,3,2,0,0,0,0,0,0,0,0,0\n"
    sorts = files["sorts.txt"].split("\n")
    assert len(sorts) == 10 and sorts[-1] == ""
    assert sorts[0].startswith("US1,-1,0,-2,0,-2,1,0,-1,")
    assert sorts[0].endswith(",-3,-2,-2,4")
    statements = files["statements.txt"].split("\n")
    assert len(statements) == 34
    assert statements[0].startswith("We accept improvements in the status")
    assert kade_zip_bytes(table, "Lipset Études") == data


def test_ids_when_no_texts():
    table = QSortTable(("a",), ("s1", "s2"), [[0, 1]])
    with zipfile.ZipFile(io.BytesIO(kade_zip_bytes(table, "x"))) as archive:
        assert archive.read("statements.txt") == b"s1\ns2\n"
        assert archive.read("sorts.txt") == b"a,0,1\n"


def test_what_kade_cannot_hold_is_noted_and_kept_beside():
    """A comma in a name and a line break in a text: replaced, said in README.txt, and the
    originals kept in names.csv and statements.csv."""
    table = QSortTable(("Smith, Anna", "Bo"), ("D1", "D2"), [[1, -1], [-1, 1]],
                       statement_texts=("first\nline", "second"))  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(kade_zip_bytes(table, "x\n"))) as archive:
        files = {n: archive.read(n).decode("utf-8") for n in archive.namelist()}
    assert files["sorts.txt"] == "Smith  Anna,1,-1\nBo,-1,1\n"
    assert files["statements.txt"] == "first line\nsecond\n"
    assert files["names.csv"] == 'in_file,original\nSmith  Anna,"Smith, Anna"\n'
    assert files["statements.csv"] == 'id,text\nD1,"first\nline"\nD2,second\n'
    assert "comma, semicolon or line break" in files["README.txt"]
    assert files["name.txt"] == "x"


def test_a_grid_kade_cannot_describe_is_refused():
    with pytest.raises(ExportError, match="hold grids from -6 to"):
        kade_zip_bytes(QSortTable(("a",), ("s1",), [[20]]), "x")
