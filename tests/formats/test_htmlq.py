"""Tests for :mod:`qsort.formats.htmlq`.

Expected values: small hand-written easy-htmlq exports following design.md §3 (records keyed
by id, ``sort`` joined by ``|``); every expected value is read off the input in the test.
"""

import json

import pytest

from qsort.formats import FormatError
from qsort.formats.htmlq import read_htmlq, read_htmlq_json


def write(tmp_path, payload):
    path = tmp_path / "export.json"
    text = payload if isinstance(payload, str) else json.dumps(payload, indent=1)
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_records(tmp_path):
    path = write(
        tmp_path,
        {
            "-Nx1": {"sort": "1|-1| 0", "uid": "anne", "comment1": "top pick", "comment2": ""},
            "-Nx2": {"sort": "+1 |0|-1", "partId": 7, "npos": 1},
            "-Nx3": {"sort": "0|1|-1"},
        },
    )
    table, comments = read_htmlq(path)
    assert table.participants == ("anne", "7", "-Nx3")
    assert table.statements == ("s01", "s02", "s03")
    assert table.values.tolist() == [[1, -1, 0], [1, 0, -1], [0, 1, -1]]
    assert comments == {"anne": {"comment1": "top pick"}}
    assert read_htmlq_json(path) == table


@pytest.mark.parametrize(
    ("payload", "line", "field", "phrase"),
    [
        ('{"a": {"sort": "1|2"},\n}', 2, None, "not valid JSON"),
        ("[]", 1, None, "expected a JSON object"),
        ({"a": "1|2"}, None, "a", "not an object"),
        ({"a": {"uid": "x"}}, None, "a", "no 'sort' string"),
        ({"a": {"sort": "1|x|0"}}, None, "a", "value 2 of 'sort', 'x', is not an integer"),
        ({"a": {"sort": "1|0"}, "b": {"sort": "1|0|-1"}}, None, "b", "holds 3 values"),
    ],
)
def test_broken_exports(tmp_path, payload, line, field, phrase):
    with pytest.raises(FormatError) as info:
        read_htmlq(write(tmp_path, payload))
    assert (info.value.file, info.value.line, info.value.field) == ("export.json", line, field)
    assert phrase in info.value.reason


def test_a_repeated_participant_is_kept_apart(tmp_path):
    path = write(tmp_path, {"a": {"sort": "1|0", "uid": "p"}, "b": {"sort": "0|1", "uid": "p"}})
    table, _ = read_htmlq(path)
    assert table.participants == ("p", "p_2")
    assert table.values.tolist() == [[1, 0], [0, 1]]
