"""Tests for :mod:`qsort.formats.qsort_csv`.

Expected values: the Lipset fixture (``tests/fixtures/lipset/``, the ``lipset`` data set of the R
package qmethod 1.8.4, see its README); first and last sorts copied by hand from ``sorts.csv``.
Broken inputs are small hand-written files whose error location is known by construction.
"""

import io
from pathlib import Path

import numpy as np
import pytest

from qsort.formats import (
    FormatError,
    QSortTable,
    read_qsort_csv,
    read_statements_csv,
    write_qsort_csv,
    write_statements_csv,
)
from qsort.formats.names import unique_names
from qsort.formats.qsort_csv import read_qsort_block
from tests.formats.files import refusal

LIPSET = Path(__file__).resolve().parent.parent / "fixtures" / "lipset"
US1 = [-1, 0, -2, 0, -2, 1, 0, -1, 0, -1, 1, 1, 2, 3, -1, -4, -3, -3, -1, -4, 3, 2, 3, 1, 1, 0]
US1 += [4, 2, 2, -3, -2, -2, 4]


def test_reads_lipset():
    table = read_qsort_csv(LIPSET / "sorts.csv")
    assert table.participants == ("US1", "US2", "US3", "US4", "JP5", "CA6", "UK7", "US8", "FR9")
    assert table.statements == tuple(f"s{j:02d}" for j in range(1, 34))
    assert table.values.shape == (9, 33)
    assert table.values[0].tolist() == US1
    heights = np.bincount(table.values[4] + 4)
    assert heights.tolist() == [2, 3, 4, 5, 5, 5, 4, 3, 2]


def test_reads_lipset_statements():
    texts = read_statements_csv(LIPSET / "statements.csv")
    assert len(texts) == 33
    assert list(texts)[:2] == ["s01", "s02"]
    assert texts["s02"] == (
        "All men are expected to try to improve their position vis-a-vis others."
    )


def test_lenient_spellings(tmp_path):
    path = tmp_path / "sorts.csv"
    text = "\ufeffparticipant, a ,b\r\n\r\n  \r\nP1, +3 ,-1\r\n\r\nP2,\u22122, 0\r\n\r\n"
    path.write_bytes(text.encode("utf-8"))
    table = read_qsort_csv(path)
    assert table.participants == ("P1", "P2")
    assert table.statements == ("a", "b")
    assert table.values.tolist() == [[3, -1], [-2, 0]]


def test_reads_binary_stream():
    stream = io.BytesIO(b"participant,a\nP1,2\n")
    assert read_qsort_csv(stream).values.tolist() == [[2]]


def test_round_trip(tmp_path):
    table = read_qsort_csv(LIPSET / "sorts.csv")
    path = tmp_path / "out.csv"
    write_qsort_csv(table, path)
    data = path.read_bytes()
    assert b"\r" not in data
    assert data.startswith(b"participant,s01,s02,")
    assert data.splitlines()[1] == b"US1," + ",".join(map(str, US1)).encode()
    assert read_qsort_csv(path) == table


def test_round_trip_quoted_names_to_text_stream():
    table = QSortTable(("Anne, B.", "Één"), ("x 1", "y"), [[1, -1], [-1, 1]])
    stream = io.StringIO(newline="")
    write_qsort_csv(table, stream)
    assert stream.getvalue() == 'participant,x 1,y\n"Anne, B.",1,-1\nÉén,-1,1\n'
    assert read_qsort_csv(io.BytesIO(stream.getvalue().encode("utf-8"))) == table


def test_statements_round_trip(tmp_path):
    texts = {"s01": 'He said "yes", then left.', "s02": "Één café"}
    path = tmp_path / "statements.csv"
    write_statements_csv(texts, path)
    assert read_statements_csv(path) == texts


BROKEN_CSV = [
    # (file text, line, field, phrase)
    ("", 1, None, "file is empty"),
    ("\n\n", 1, None, "file is empty"),
    ("P1,1,2\nP2,2,1\n", 1, "P1", "header is missing"),
    ("name,a,b\nP1,1,2\n", 1, "name", "must start with 'participant'"),
    ("participant\nP1\n", 1, None, "names no statements"),
    ("participant,a,,c\nP1,1,2,3\n", 1, None, "column 3 of the header has no statement id"),
    ("participant,a,b,a\nP1,1,2,3\n", 1, "a", "'a' appears twice in the header"),
    (
        "participant,a,b\nP1,1\n",
        2,
        None,
        "expected 3 columns (participant + 2 statements), found 2",
    ),
    ("participant,a,b\n\nP1,1,2,3\n", 3, None, "statements), found 4"),
    ("participant,a,b\nP1,1,2\nP2,2.5,1\n", 3, "a", "'2.5' is not an integer"),
    ("participant,a,b\nP1,1,x\n", 2, "b", "'x' is not an integer"),
    ("participant,a,b\r\nP1,1,\r\n", 2, "b", "value is empty"),
    ("participant,a,b\nP1,1,2\n,2,1\n", 3, "participant", "participant id is empty"),
    ("participant,a,b\n\n", 1, None, "no Q-sorts"),
    ('participant,a,b\n"P\n1",1,2\nP2,1,x\n', 4, "b", "'x' is not an integer"),
]


@pytest.mark.parametrize(("text", "line", "field", "phrase"), BROKEN_CSV)
def test_broken_csv(tmp_path, text, line, field, phrase):
    path = tmp_path / "sorts.csv"
    path.write_bytes(text.encode("utf-8"))
    err = refusal(read_qsort_csv, path)
    assert (err.file, err.line, err.field) == ("sorts.csv", line, field)
    assert phrase in err.reason
    assert str(err).startswith(f"sorts.csv, line {line}")


def test_not_utf8(tmp_path):
    path = tmp_path / "sorts.csv"
    path.write_bytes("participant,a\nCafé,1\n".encode("latin-1"))
    with pytest.raises(FormatError, match="not UTF-8") as info:
        read_qsort_csv(path)
    assert info.value.line == 2


BROKEN_STATEMENTS = [
    ("", 1, None, "file is empty"),
    ("s01,text\n", 1, None, "header must be 'id,text'"),
    ("id,text\ns01,a,b\n", 2, None, "expected 2 columns (id, text), found 3"),
    ("id,text\ns01\n", 2, None, "found 1"),
    ("id,text\n,hello\n", 2, "id", "id is empty"),
    ("id,text\ns01,a\ns02,b\ns01,c\n", 4, "id", "(lines 2 and 4)"),
    ("id,text\ns01, \n", 2, "text", "has no text"),
]


@pytest.mark.parametrize(("text", "line", "field", "phrase"), BROKEN_STATEMENTS)
def test_broken_statements(tmp_path, text, line, field, phrase):
    path = tmp_path / "statements.csv"
    path.write_text(text, encoding="utf-8")
    err = refusal(read_statements_csv, path)
    assert (err.line, err.field) == (line, field)
    assert phrase in err.reason


def test_missing_file(tmp_path):
    with pytest.raises(FormatError, match="file not found"):
        read_qsort_csv(tmp_path / "nope.csv")


@pytest.mark.parametrize("quoted", [False, True])
def test_repeated_participant_ids_are_kept_apart(quoted):
    """Are two sorts with the same id both kept (never merged), the second renamed?"""
    name = '"P1"' if quoted else "P1"
    text = f"participant,a,b\n{name},1,2\nP2,2,1\n{name},2,1\n"
    block = read_qsort_block(text.encode(), "sorts.csv")
    names, notes = unique_names(block.participants, block.locations)
    assert names == ["P1", "P2", "P1_2"]
    assert [str(note) for note in notes] == [
        "participant 'P1' appears 2 times (lines 2, 4): kept apart as 'P1', 'P1_2'"
    ]
    assert notes[0].values == {
        "name": "'P1'",
        "count": 2,
        "kept": ["'P1'", "'P1_2'"],
        "lines": [2, 4],
    }
    assert read_qsort_csv(io.BytesIO(text.encode())).participants == ("P1", "P2", "P1_2")


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated(delimiter):
    text = f"participant{delimiter}a{delimiter}b\nP1{delimiter}1{delimiter}-1\nP2{delimiter}-1{delimiter}1\n"
    table = read_qsort_csv(io.BytesIO(text.encode()))
    assert table.participants == ("P1", "P2") and table.values.tolist() == [[1, -1], [-1, 1]]
    broken = text.replace(f"P2{delimiter}-1", f"P2{delimiter}x")
    with pytest.raises(FormatError) as info:
        read_qsort_csv(io.BytesIO(broken.encode()))
    assert (info.value.line, info.value.field) == (3, "a")


def test_utf16_text_from_excel():
    text = "participant\ta\tb\nÉén\t1\t-1\nP2\t-1\t1\n"
    table = read_qsort_csv(io.BytesIO(text.encode("utf-16")))
    assert table.participants == ("Één", "P2")


def test_a_formula_safe_export_reads_back():
    text = "participant,'=a,b\n'=HYPERLINK(1),1,-1\nP2,-1,1\n"
    table = read_qsort_csv(io.BytesIO(text.encode()))
    assert table.statements == ("=a", "b")
    assert table.participants == ("=HYPERLINK(1)", "P2")
