"""The reader registry: each format recognised by its content and read, companions attached,
refusals that say what a file is. Files are small ones written here in each format's layout
(KADE's own reader splits sorts.txt on ',' or ';'; Ken-Q/KADE workbooks have sheets such as
'Q sorts', 'Statements' and an overview with the project name)."""

import io
import json
import zipfile

import numpy as np
import pytest

from qsort.formats import FormatError, QSortTable, read_study_files
from qsort.formats.kade import kade_zip_bytes
from qsort.formats.pqmethod import dat_bytes, sta_bytes
from qsort.formats.pqmethod_zip import pqmethod_zip_bytes
from tests.formats.files import xlsx_bytes, zip_bytes

VALUES = np.array([[-1, 0, 1, 0], [1, 0, -1, 0], [0, 1, 0, -1]])
NAMES = ("Anna", "Bo", "Cy")


def _read(*files):
    return read_study_files(list(files))


def test_a_kade_zip_as_kade_writes_it():
    files = {"sorts.txt": "".join(f"{n};{';'.join(map(str, r))}\r\n" for n, r in zip(NAMES, VALUES.tolist(), strict=True)),
             "statements.txt": "one\ntwo\nthree\nfour\n", "name.txt": "My project",
             "pattern.txt": "0,0,0,0,0,1,2,1,0,0,0,0,0,0,0,0,0,0,0,0"}  # fmt: skip
    study = _read(("project.zip", zip_bytes({k: v.encode() for k, v in files.items()})))
    assert (study.kind, study.table.participants, study.table.title) == (
        "kade",
        NAMES,
        "My project",
    )
    assert study.table.statement_texts == ("one", "two", "three", "four")
    np.testing.assert_array_equal(study.table.values, VALUES)


def test_a_kade_pattern_that_disagrees_is_refused():
    files = {
        "sorts.txt": b"Anna,-1,0,1,0\nBo,1,0,-1,0\n",
        "pattern.txt": b"0,0,0,0,0,2,1,1" + b",0" * 12,
    }
    with pytest.raises(FormatError, match=r"pattern\.txt gives the column heights"):
        _read(("p.zip", zip_bytes(files)))


def test_qsorts_own_zips_give_back_names_ids_and_texts():
    table = QSortTable(("Smith, Anna", "Participant 10", "Zoë"), ("D1", "D2", "D3", "D4"), VALUES,
                       title="T", statement_texts=("één", "twee", "drie", "vier"))  # fmt: skip
    for data in (kade_zip_bytes(table, "T"), pqmethod_zip_bytes(table, "T")):
        study = _read(("x.zip", data))
        assert study.table.participants == table.participants
        assert study.table.statements == table.statements
        assert study.table.statement_texts == table.statement_texts


@pytest.mark.parametrize("layout", ["sorts-as-rows", "statements-as-rows"])
def test_any_workbook_in_either_layout(layout):
    ids = ["s1", "s2", "s3", "s4"]
    if layout == "sorts-as-rows":
        rows = [
            ["Participant", *ids],
            *([n, *r] for n, r in zip(NAMES, VALUES.tolist(), strict=True)),
        ]
    else:
        rows = [
            [None, *NAMES],
            *([sid, *col] for sid, col in zip(ids, VALUES.T.tolist(), strict=True)),
        ]
    data = xlsx_bytes({"Notes": [["read me"]], "Q sorts": rows, "Statements": [["No.", "Statement"], *([s, f"text {s}"] for s in ids)],
                  "Summary": [["Project Name", "Ken-Q demo"]]})  # fmt: skip
    study = _read(("kenq.xlsx", data))
    assert study.kind == "xlsx" and study.table.participants == NAMES
    np.testing.assert_array_equal(study.table.values, VALUES)
    assert study.table.statement_texts == tuple(f"text {s}" for s in ids)
    assert study.table.title == "Ken-Q demo"


def test_a_workbook_error_names_sheet_and_cell():
    rows = [["participant", "s1", "s2"], ["Anna", 1, "x"], ["Bo", -1, 1]]
    with pytest.raises(FormatError) as info:
        _read(("w.xlsx", xlsx_bytes({"Sorts": rows})))
    assert str(info.value).startswith(
        "w.xlsx, sheet 'Sorts', cell C2, field 's2': 'x' is not an integer"
    )


def test_a_dat_with_a_statements_csv_beside_it():
    """By id when the ids match (s01..), by order with a note when only the count does."""
    table = QSortTable(NAMES, ("s01", "s02", "s03", "s04"), VALUES)
    dat = ("S.DAT", dat_bytes(table, "T"))
    by_id = _read(dat, ("statements.csv", b"id,text\ns04,d\ns01,a\ns02,b\ns03,c\n"))
    assert by_id.table.statement_texts == ("a", "b", "c", "d")
    by_order = _read(dat, ("statements.csv", b"id,text\nQ1,a\nQ2,b\nQ3,c\nQ4,d\n"))
    assert by_order.table.statement_texts == ("a", "b", "c", "d")
    assert "matched to the statements by their order" in str(by_order.notes[0])
    with pytest.raises(FormatError, match="no text for statement 's04'"):
        _read(dat, ("statements.csv", b"id,text\ns01,a\ns02,b\ns03,c\n"))
    assert _read(dat, ("S.STA", sta_bytes(["a", "b", "c", "d"]))).table.statement_texts == (
        "a",
        "b",
        "c",
        "d",
    )


def test_a_run_json_reads_back_and_a_changed_one_is_refused():
    from qsort.reports.provenance import provenance_document

    result = {"participants": list(NAMES), "statements": ["a", "b", "c", "d"], "settings": {}, "n_sorts": 3, "n_statements": 4, "flagged": []}  # fmt: skip
    document = provenance_document(result, VALUES.tolist(), title="T", statement_texts=["1", "2", "3", "4"])  # fmt: skip
    study = _read(("run.json", json.dumps(document).encode()))
    assert study.kind == "qsort-run" and study.table.statement_texts == ("1", "2", "3", "4")
    document["provenance"]["input"]["sorts"][0][0] = 1
    with pytest.raises(FormatError, match="do not match the checksum"):
        _read(("run.json", json.dumps(document).encode()))


@pytest.mark.parametrize(
    ("name", "data", "phrase"),
    [
        (
            "a.docx",
            zip_bytes({"[Content_Types].xml": b"x", "word/document.xml": b"x"}),
            "Word or PowerPoint",
        ),
        ("a.zip", zip_bytes({"photo.jpg": b"x"}), "holds photo.jpg: neither a workbook"),
        ("a.json", b'{"x": 1}', "neither a qsort clinic file"),
        ("a.csv", b"", "the file is empty"),
        ("a.csv", b"participant,a\nA,1\x00\n", "NUL byte"),
        ("big.zip", None, "unpacks to more than 64 MB"),
    ],
)
def test_refusals_say_what_the_file_is(name, data, phrase):
    if data is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("sorts.txt", b"0" * (65 * 2**20))
        data = buffer.getvalue()
    with pytest.raises(FormatError) as info:
        _read((name, data))
    assert info.value.file == name and phrase in info.value.reason


def test_two_studies_or_none_are_refused_by_name():
    csv = b"participant,a,b\nA,1,-1\nB,-1,1\n"
    with pytest.raises(FormatError, match=r"a\.csv, b\.csv each hold sorts"):
        _read(("a.csv", csv), ("b.csv", csv))
    with pytest.raises(
        FormatError, match=r"none of the files holds the sorts \(s.csv holds statement texts\)"
    ):
        _read(("s.csv", b"id,text\ns1,hello\n"))
