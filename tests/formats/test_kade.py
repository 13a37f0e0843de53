"""Tests for :mod:`qsort.formats.kade`.

Expected values: the Lipset fixture (``tests/fixtures/lipset/``, qmethod 1.8.4's ``lipset`` data
set); the pattern is its grid -4..+4 with heights 2,3,4,5,5,5,4,3,2, written out by hand.
"""

import io
import zipfile
from pathlib import Path

import pytest

from qsort.formats import QSortTable, read_sorts
from qsort.formats.kade import kade_zip_bytes

LIPSET = Path(__file__).resolve().parent.parent / "fixtures" / "lipset"


def test_lipset_zip():
    table = read_sorts(LIPSET / "sorts.csv")
    data = kade_zip_bytes(table, "Lipset Études")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == [
            "name.txt",
            "pattern.txt",
            "sorts.txt",
            "statements.txt",
        ]
        files = {n: archive.read(n).decode("utf-8") for n in archive.namelist()}
    assert files["name.txt"] == "Lipset Études\n"
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


@pytest.mark.parametrize(
    ("table", "phrase"),
    [
        (QSortTable(("a,b",), ("s1",), [[0]]), "must not contain a comma"),
        (QSortTable(("a",), ("s1",), [[0]], statement_texts=("x\ny",)), "line break"),
        (QSortTable(("a",), ("s1",), [[20]]), "PQMethod grids run from -6 to"),
    ],
)
def test_input_validation(table, phrase):
    with pytest.raises(ValueError, match=phrase):
        kade_zip_bytes(table, "x")
