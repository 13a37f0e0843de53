"""Quince results: the Baserow table export (fields separated by U+001E, a header
``id,r1,r2,...``, one ``(label): value`` answer per cell, the sort as ``sort: v1|v2|...``) and
the Quince Configurator's KADE zip, which adds those rows as ``sortData.csv`` beside
``sorts.txt``. The fixtures in tests/fixtures/quince hold the Lipset sorts in these layouts
(see its README); each must read and analyse exactly as the Lipset ``sorts.csv``."""

import io
import re
import zipfile

import numpy as np
import pytest

from qsort.analysis import analyse
from qsort.cli import main
from qsort.formats import FormatError, read_sorts, read_study_files
from qsort.formats.kade import kade_zip_bytes
from tests.formats.files import zip_bytes
from tests.helpers import FIXTURES, assert_cli_analyses_alike

QUINCE = FIXTURES / "quince"
LIPSET = read_sorts(FIXTURES / "lipset" / "sorts.csv")
EXPORT = (QUINCE / "baserow-export.csv").read_bytes()
SORT_DATA = (QUINCE / "sortData.csv").read_bytes()
STATEMENTS = (QUINCE / "statements.txt").read_bytes()


def _configurator_zip(sort_data: bytes = SORT_DATA, with_sorts_txt: bool = True) -> bytes:
    """What the Configurator's zip button writes: KADE's four files and sortData.csv."""
    files = {
        "name.txt": b"Lipset values",
        "statements.txt": STATEMENTS,
        "pattern.txt": b"0,0,2,3,4,5,5,5,4,3,2" + b",0" * 9,
        "sortData.csv": sort_data,
    }
    if with_sorts_txt:
        kade = zipfile.ZipFile(io.BytesIO(kade_zip_bytes(LIPSET, "Lipset values")))
        files["sorts.txt"] = kade.read("sorts.txt")
    return zip_bytes(files)


def _assert_is_lipset(table):
    assert table.participants == LIPSET.participants
    np.testing.assert_array_equal(table.values, LIPSET.values)
    expected = analyse(LIPSET.values, 3, method="centroid", conventions="qmethod")
    got = analyse(table.values, 3, method="centroid", conventions="qmethod")
    np.testing.assert_allclose(got.loadings, expected.loadings, rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    "files",
    [
        [("baserow-export.csv", EXPORT), ("statements.txt", STATEMENTS)],
        [("sortData.csv", SORT_DATA), ("statements.txt", STATEMENTS)],
        [("KADE_input_Lipset.zip", _configurator_zip())],
        [("KADE_input_Lipset.zip", _configurator_zip(with_sorts_txt=False))],
    ],
    ids=["baserow-export", "sortdata-csv", "configurator-zip", "zip-with-only-sortdata"],
)
def test_quince_results_read_as_the_lipset_sorts(files):
    study = read_study_files(files)
    _assert_is_lipset(study.table)
    assert study.table.statement_texts[0].startswith("We accept improvements")
    assert study.table.title == "Lipset values"


def test_post_sort_comments_are_kept_by_statement():
    study = read_study_files([("export.csv", EXPORT)])
    assert study.comments["US1"] == {"s27": "the most important"}
    assert study.comments["US2"] == {"s27": "true, and it matters"}
    assert all("itemNum1" not in c for c in study.comments.values())  # survey answers: not read


def test_the_participant_falls_back_to_the_random_id():
    """JP5 was recorded with "no part ID" and no usercode: Quince's random id names the sort."""
    study = read_study_files([("export.csv", EXPORT)])
    assert study.kind == "quince-csv"
    assert study.table.participants[4] == "JP5"
    assert "(partId): no part ID" in EXPORT.decode().split("\r\n")[5].split("\x1e")


def test_a_row_without_a_sort_is_refused_with_its_line():
    broken = EXPORT.replace(b"sort: ", b"sorting: ", 3)  # rows 1-3 lose their sort
    with pytest.raises(FormatError) as info:
        read_study_files([("export.csv", broken)])
    assert str(info.value).startswith("export.csv, line 2: this row has no 'sort: v1|v2|...' cell")


def test_a_bad_value_names_line_and_column():
    lines = EXPORT.split(b"\r\n")
    lines[3] = re.sub(rb"sort: -?\d+\|", b"sort: x|", lines[3])
    with pytest.raises(FormatError) as info:
        read_study_files([("export.csv", b"\r\n".join(lines))])
    message = str(info.value)
    assert message.startswith(
        "export.csv, line 4, field 'r20 (sort value 1)': 'x' is not an integer"
    )


def test_a_short_sort_is_refused():
    lines = EXPORT.split(b"\r\n")
    lines[2] = re.sub(rb"sort: -?\d+\|-?\d+\|", b"sort: ", lines[2])
    with pytest.raises(
        FormatError, match=r"line 3, field 'r20': the sort has 31 values, the first sort has 33"
    ):
        read_study_files([("export.csv", b"\r\n".join(lines))])


def test_a_sortdata_that_disagrees_with_sorts_txt_is_refused():
    changed = SORT_DATA.replace(b"sort: -1|0|-2|", b"sort: 0|-1|-2|", 1)
    assert changed != SORT_DATA
    with pytest.raises(FormatError) as info:
        read_study_files([("KADE.zip", _configurator_zip(changed))])
    message = str(info.value)
    assert message.startswith(
        "KADE.zip: sortData.csv, line 2: the sort differs from line 1 of sorts.txt ('US1')"
    )


def test_the_cli_analyses_a_quince_export(tmp_path, capsys):
    (tmp_path / "export.csv").write_bytes(EXPORT)
    (tmp_path / "sorts.csv").write_bytes((FIXTURES / "lipset" / "sorts.csv").read_bytes())
    args = ["--factors", "3", "--method", "centroid", "--conventions", "qmethod"]
    assert_cli_analyses_alike(tmp_path / "export.csv", tmp_path / "sorts.csv", args, tmp_path)


def test_the_cli_refuses_a_broken_export_with_exit_2(tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_bytes(EXPORT.replace(b"sort: ", b"sorting: "))
    assert main(["analyse", str(path), "--factors", "1"]) == 2
    err = capsys.readouterr().err
    assert "export.csv, line 2" in err and "Traceback" not in err
