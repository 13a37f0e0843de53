"""Tests for :mod:`qsort.formats.table` and :mod:`qsort.formats.errors`.

Expected values are written by hand in each test (small tables whose shape and contents are
obvious); no external reference is involved.
"""

import pickle

import numpy as np
import pytest

from qsort.domain.problems import Problem
from qsort.formats import FormatError, QSortTable


def make_table(**overrides):
    fields = {
        "participants": ("a", "b"),
        "statements": ("s1", "s2", "s3"),
        "values": [[-1, 0, 1], [1, 0, -1]],
    }
    fields.update(overrides)
    return QSortTable(**fields)


def test_values_are_int64_read_only_copy():
    source = np.array([[-1, 0, 1], [1, 0, -1]])
    table = make_table(values=source)
    source[0, 0] = 9
    assert table.values.dtype == np.int64
    assert table.values[0, 0] == -1
    with pytest.raises(ValueError, match="read-only"):
        table.values[0, 0] = 5


def test_whole_floats_accepted():
    table = make_table(values=np.array([[-1.0, 0.0, 1.0], [1.0, 0.0, -1.0]]))
    assert table.values.tolist() == [[-1, 0, 1], [1, 0, -1]]


@pytest.mark.parametrize(
    ("overrides", "phrase"),
    [
        ({"values": [[1, 2, 3]]}, r"shape \(1, 3\), expected \(2 participants, 3 statements\)"),
        ({"values": [1, 2, 3]}, "must be 2-D"),
        ({"values": [[0.5, 0, 0], [0, 0, 0]]}, "whole numbers"),
        ({"values": [["a", "b", "c"], ["a", "b", "c"]]}, "must be integers"),
        ({"participants": ("a", "a")}, "participant id 'a' appears more than once"),
        ({"statements": ("s1", "", "s3")}, "non-empty strings"),
        ({"participants": (), "values": np.zeros((0, 3))}, "at least one participant"),
        ({"statement_texts": ("x", "y")}, "2 statement texts for 3 statements"),
    ],
)
def test_input_validation(overrides, phrase):
    with pytest.raises(ValueError, match=phrase):
        make_table(**overrides)


def test_equality_and_with_texts():
    table = make_table()
    assert table == make_table()
    assert table != make_table(values=[[-1, 0, 1], [1, -1, 0]])
    texts = table.with_texts(["x", "y", "z"])
    assert texts.statement_texts == ("x", "y", "z")
    assert table.statement_texts is None
    assert (table.n_sorts, table.n_statements) == (2, 3)


def test_format_error_message_and_attributes():
    err = FormatError("format.not_integer", value="'x'", file="sorts.csv", line=4, field="s07")
    reason = "'x' is not an integer; grid values are whole numbers such as -2 or 3"
    assert str(err) == f"sorts.csv, line 4, field 's07': {reason}"
    assert (err.file, err.line, err.field, err.reason) == ("sorts.csv", 4, "s07", reason)
    assert err.problem == Problem("format.not_integer", {"value": "'x'"})
    assert isinstance(err, ValueError)
    assert str(FormatError("format.not_found")) == "file not found"
    assert str(FormatError("format.not_found", file="a.dat", line=2)) == (
        "a.dat, line 2: file not found"
    )
    at = FormatError("format.not_found", file="a.xlsx", sheet="Sorts", cell="row 5", field="s1")
    assert str(at) == "a.xlsx, sheet 'Sorts', row 5, field 's1': file not found"
    refused = Problem("analysis.constant_sort", {"sort": 2})
    assert str(FormatError.of(refused, file="a.dat", line=3)) == (
        "a.dat, line 3: Q-sort input: sort 2 gives every statement the same value"
    )


def test_format_error_pickles():
    err = pickle.loads(pickle.dumps(FormatError("format.not_found", file="f", line=1, field="x")))
    assert (str(err), err.line, err.field) == ("f, line 1, field 'x': file not found", 1, "x")
    assert err.problem == Problem("format.not_found")


def test_format_error_round_trips_through_json_with_a_nested_problem():
    import json

    what = Problem("format.what_text", {"id": "'s01'"})
    err = FormatError("format.too_long", what=what, limit=500, file="s.csv", field="s01")
    again = FormatError.from_json(json.loads(json.dumps(err.to_json())))
    assert again.problem == err.problem and again.location() == err.location()
    assert (
        str(again)
        == "s.csv, field 's01': the text of statement 's01' is longer than 500 characters"
    )
