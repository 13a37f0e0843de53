"""Each accepted format's example, where the format is one text file, is a whole file that
qsort reads as that format (the examples on the import page and in the CLI are true)."""

import pytest

from qsort.formats import FORMATS, read_study_files

ONE_FILE = {"qsort-csv": "x.csv", "qmethod-csv": "x.csv", "htmlq-csv": "x.csv",
            "htmlq-json": "x.json", "pqmethod": "X.DAT", "quince-csv": "x.csv"}  # fmt: skip


def test_every_reader_has_an_example():
    from qsort.formats.registry import _READERS

    listed = {f.key for f in FORMATS}
    assert listed >= set(_READERS) - {"pqmethod-zip"}
    assert all(f.example.strip() for f in FORMATS)


@pytest.mark.parametrize("key", sorted(ONE_FILE))
def test_an_example_reads_as_its_format(key):
    example = next(f.example for f in FORMATS if f.key == key)
    study = read_study_files([(ONE_FILE[key], example.encode())])
    assert study.kind == key
    assert study.table.participants[:2] == ("Anna", "Bo")
    assert study.table.values[0].tolist() == [-1, 0, 1]
    assert study.table.values[1].tolist() == [1, 0, -1]
