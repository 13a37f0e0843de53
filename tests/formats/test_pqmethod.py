"""Tests for :mod:`qsort.formats.pqmethod`.

Expected values: the golden lines are the first three lines of the Lipset study as PQMethod
ships it (``lipset.dat``, quoted in design.md §3); the sorts come from
``tests/fixtures/lipset/sorts.csv`` (qmethod 1.8.4's ``lipset`` data set). Broken inputs are
small hand-written files whose error location is known by construction.
"""

import io
from pathlib import Path

import numpy as np
import pytest

from qsort.formats import (
    FormatError,
    QSortTable,
    ascii_fold,
    dat_bytes,
    distribution,
    read_dat,
    read_qsort_csv,
    read_sta,
    read_study,
    sta_bytes,
    write_dat,
    write_sta,
)
from qsort.formats.errors import ExportError
from qsort.formats.pqmethod import dat_names, export_notes
from tests.formats.files import refusal

LIPSET = Path(__file__).resolve().parent.parent / "fixtures" / "lipset"
TITLE = "Lipset Study (PQMETHOD testfile; cf. Brown, 1980, pp. 183ff.)"
GOLDEN = [  # PQMethod pads line 1 to 78 characters (as in UHH.DAT, written by PQMethod 2.35)
    b"  0  9 33 Lipset Study (PQMETHOD testfile; cf. Brown, 1980, pp. 183ff.)".ljust(78),
    b" -4  4  0  0  2  3  4  5  5  5  4  3  2  0  0  0  0  0  0  0  0  0",
    b"US1       -1 0-2 0-2 1 0-1 0-1 1 1 2 3-1-4-3-3-1-4 3 2 3 1 1 0 4 2 2-3-2-2 4",
]
# A 3-statement grid -1..+1 with one statement per column; counts for -6..+13.
GRID3 = " -1  1" + "  0" * 5 + "  1  1  1" + "  0" * 12


@pytest.fixture
def lipset():
    return read_qsort_csv(LIPSET / "sorts.csv")


def small_dat(*sort_lines, header="  0  2  3 Small", grid=GRID3, end="\r\n"):
    lines = [header, grid, *sort_lines] if sort_lines else [header, grid]
    return end.join(lines) + end


# ------------------------------------------------------------------------------ writing


def test_golden_lines(lipset):
    data = dat_bytes(lipset, TITLE)
    assert data.split(b"\r\n")[:3] == GOLDEN
    assert data.startswith(b"\r\n".join(GOLDEN) + b"\r\n")


def test_crlf_everywhere(lipset):
    data = dat_bytes(lipset, TITLE)
    assert data.endswith(b"\r\n")
    assert data.count(b"\r\n") == 2 + 9
    assert data.count(b"\n") == data.count(b"\r") == 11
    assert data.split(b"\r\n")[-2] == (
        b"FR9        3 1 0 1-4-3 2 2-2 0 0-2 1 4-1-2 2-1 2 1 3-3-3-2 1 0-1-4 0-1 3-1 4"
    )


def test_title_default_truncation_and_folding(lipset):
    table = QSortTable(lipset.participants, lipset.statements, lipset.values, title="Één café")
    assert dat_bytes(table).split(b"\r\n")[0] == b"  0  9 33 Een cafe".ljust(78)
    long = dat_bytes(lipset, "x" * 80).split(b"\r\n")[0]
    assert long == b"  0  9 33 " + b"x" * 68
    assert dat_bytes(lipset, "").split(b"\r\n")[0] == b"  0  9 33".ljust(78)


def test_every_line_has_its_fixed_width(lipset):
    """Do line 1, line 2 and every sort line have PQMethod's widths (78, 66, 10 + 2M)?"""
    lines = dat_bytes(lipset, "Lipset").split(b"\r\n")[:-1]
    assert [len(line) for line in lines] == [78, 66] + [10 + 2 * 33] * 9


def test_write_dat_file(lipset, tmp_path):
    path = tmp_path / "lipset.dat"
    write_dat(lipset, path, TITLE)
    assert path.read_bytes() == dat_bytes(lipset, TITLE)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Één café", "Een cafe"),
        ("Straße", "Strasse"),
        ("中文", "ZhongWen"),
        ("a\tb\r\nc", "a b  c"),
        ("Ångström", "Angstrom"),
    ],
)
def test_ascii_fold(text, folded):
    assert ascii_fold(text) == folded


def test_names_are_folded_and_cut(tmp_path):
    table = QSortTable(("Zoë", "Participant 10"), ("a", "b"), [[0, 1], [1, 0]])
    lines = dat_bytes(table).split(b"\r\n")
    assert lines[2] == b"Zoe        0 1"
    assert lines[3] == b"Particip   1 0"
    assert read_dat(io.BytesIO(dat_bytes(table))).participants == ("Zoe", "Particip")


def test_distribution(lipset):
    counts = distribution(lipset)
    assert counts.tolist() == [0, 0, 2, 3, 4, 5, 5, 5, 4, 3, 2] + [0] * 9


@pytest.mark.parametrize(
    ("participants", "values", "phrase"),
    [
        (("a", "b"), [[0, 14], [14, 0]], "grid runs from 0 to +14"),
        (
            ("a", "b"),
            [[-7, 0], [0, -7]],
            "hold grids from -6 to +13; this study's grid runs from -7",
        ),
        (("a", "b"), [[0, 1], [1, 1]], "sort 'b' does not follow the distribution of sort 'a'"),
        (
            ("a", "b"),
            [[0, 1], [1, 1]],
            "it has 0, 2 statements in the columns 0, +1 where sort 'a' has 1, 1",
        ),
    ],
)
def test_write_validation(participants, values, phrase):
    table = QSortTable(participants, ("s1", "s2"), values)
    with pytest.raises(ExportError, match=phrase.replace("+", r"\+")):
        dat_bytes(table)


@pytest.mark.parametrize(
    ("participants", "written"),
    [
        (("participant1", "participant2", "participant3"), ["particip", "partic02", "partic03"]),
        (("é", "e"), ["e", "e02"]),
        (("€", "Łódź, Anna"), ["EUR", "Lodz, An"]),
        (("", "私は"), ["S001", "Siha"]),
    ],
)
def test_names_pqmethod_cannot_hold_are_made_unique_and_noted(participants, written):
    """Do colliding, non-ASCII and comma names give distinct 8-character names, with a note?"""
    if "" in participants:
        assert dat_names(participants).names == written
        return
    table = QSortTable(participants, tuple(f"s{j}" for j in range(len(participants))),
                       np.eye(len(participants), dtype=int))  # fmt: skip
    lines = dat_bytes(table).split(b"\r\n")
    assert [line[:8].decode().rstrip() for line in lines[2:-1]] == written
    assert read_dat(io.BytesIO(dat_bytes(table))).participants == tuple(written)
    notes = export_notes(table)
    assert str(notes[0]).startswith(
        f"{sum(a != b for a, b in zip(participants, written, strict=True))} sort name(s) changed"
    )


def test_too_many_sorts():
    table = QSortTable(tuple(f"p{i}" for i in range(1000)), ("s1",), np.zeros((1000, 1), int))
    with pytest.raises(
        ExportError, match=r"1000 sorts and 1 statements; a \.DAT file holds at most"
    ):
        dat_bytes(table)


# ------------------------------------------------------------------------------ round trips


def test_round_trip_lipset(lipset, tmp_path):
    path = tmp_path / "lipset.DAT"
    write_dat(lipset, path, TITLE)
    back = read_dat(path)
    assert back.participants == lipset.participants
    assert back.statements == lipset.statements
    np.testing.assert_array_equal(back.values, lipset.values)
    assert back.title == TITLE


def test_round_trip_minus5_plus5_grid():
    heights = [1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1]  # 36 statements on -5..+5
    base = np.repeat(np.arange(-5, 6), heights)
    rng = np.random.default_rng(7)
    values = np.stack([rng.permutation(base) for _ in range(12)])
    table = QSortTable(
        tuple(f"P{i:02d}" for i in range(12)), tuple(f"x{j}" for j in range(36)), values
    )
    data = dat_bytes(table)
    assert data.split(b"\r\n")[1] == b" -5  5  0  1  2  3  4  5  6  5  4  3  2  1" + b"  0" * 8
    back = read_dat(io.BytesIO(data))
    np.testing.assert_array_equal(back.values, values)
    assert back.participants == table.participants
    assert back.statements == tuple(f"s{j:02d}" for j in range(1, 37))


def test_round_trip_extreme_values():
    values = [[-6, 13, 0], [13, 0, -6]]
    table = QSortTable(("a", "b"), ("s1", "s2", "s3"), values)
    data = dat_bytes(table)
    assert data.split(b"\r\n")[2] == b"a         -613 0"
    assert read_dat(io.BytesIO(data)).values.tolist() == values


def test_statement_id_width():
    table = QSortTable(("a",), tuple(map(str, range(5))), [[-2, -1, 0, 1, 2]])
    assert read_dat(io.BytesIO(dat_bytes(table))).statements == ("s01", "s02", "s03", "s04", "s05")
    table = QSortTable(("a",), tuple(map(str, range(100))), [list(range(-6, 14)) * 5])
    back = read_dat(io.BytesIO(dat_bytes(table)))
    assert back.statements[0] == "s001"
    assert back.statements[-1] == "s100"


# ------------------------------------------------------------------------------ lenient reading


@pytest.mark.parametrize("end", ["\r\n", "\n", "\r"])
def test_any_line_ending(tmp_path, end):
    path = tmp_path / "small.dat"
    path.write_text(small_dat("A         -1 0 1", "B          1 0-1", end=end), newline="")
    table = read_dat(path)
    assert table.participants == ("A", "B")
    assert table.values.tolist() == [[-1, 0, 1], [1, 0, -1]]
    assert table.title == "Small"


def test_padding_ctrl_z_and_latin1(tmp_path):
    header = "  0  2  3 " + "Étude".ljust(68)
    text = small_dat("A         -1 0 1   ", "B          1 0-1\t ", header=header) + "\r\n\r\n"
    path = tmp_path / "small.dat"
    path.write_bytes(text.encode("latin-1") + b"\x1a")
    table = read_dat(path)
    assert table.title == "Étude"
    assert table.values.tolist() == [[-1, 0, 1], [1, 0, -1]]


def test_lenient_blanks_after_name():
    text = small_dat("A        -1 0 1", "LONGNAME 1 0-1")
    table = read_dat(io.BytesIO(text.encode()))
    assert table.participants == ("A", "LONGNAME")
    assert table.values.tolist() == [[-1, 0, 1], [1, 0, -1]]


def test_repeated_names_kept_apart():
    text = small_dat("F         -1 0 1", "F          1 0-1")
    assert read_dat(io.BytesIO(text.encode())).participants == ("F", "F_2")


BROKEN_DAT = [
    # (file text, line, field, phrase); a field is a statement id or a column value of line 2
    # (never English words: the text says what is wrong at the line)
    ("", 1, None, "starts with '  0'"),
    (small_dat("A         -1 0 1", header="  1  1  3 T"), 1, None, "found '  1  1  3 T'"),
    (small_dat("A         -1 0 1", header="  0  x  3 T"), 1, None, "'x' in columns 4-6"),
    (small_dat(header="  0  1 3x T"), 1, None, "3x' in columns 7-9 is not a positive number"),
    ("  0  1  3 T\r\n", 2, None, "line 2 must give the grid"),
    (small_dat("A         -1 0 1", grid=GRID3[:40]), 2, None, "66 characters; found 39"),
    (
        small_dat("A         -1 0 1", grid=GRID3[:30] + " ab" + GRID3[33:]),
        2,
        "+2",
        "'ab' in columns 31-33 is not a number",
    ),
    (small_dat("A         -1 0 1", grid=" -x" + GRID3[3:]), 2, None, "'-x' in columns 1-3"),
    (
        small_dat("A         -1 0 1", grid=GRID3.replace("  1  1  1", "  1  2  1")),
        2,
        None,
        "sum to 4",
    ),
    (small_dat(grid=" -7  1" + GRID3[6:]), 2, None, "-7..+1 is not within -6..+13"),
    (small_dat(grid=" -1  0" + GRID3[6:]), 2, "+1", "outside the grid -1..0"),
    (small_dat("A         -1 0 1"), 1, None, "announces 2 sorts, but the file has 1"),
    (
        small_dat("A         -1 0 1", "B          1 0-1", "C          0 1-1"),
        1,
        None,
        "first extra one is on line 5",
    ),
    (small_dat("A         -1 0 1", "B          1 0"), 4, "s03", "values for 2 of 3 statements"),
    (small_dat("A         -1 0 1", "B"), 4, "s01", "the value for s01 is missing"),
    (small_dat("A         -1 x 1", "B          1 0-1"), 3, "s02", "' x' is not a number"),
    (small_dat("A         -1 0 1", "B          1 0-1 1"), 4, None, "more than 3 values"),
    (small_dat("A         -1 0 1", "          1 0-1"), 4, None, "sort name (columns 1-8) is blank"),
    (small_dat("A         -1 0 1", "B          2 0-1"), 4, None, "'B' uses the value +2, outside"),
    (
        small_dat("A         -1 0 1", "B          1 1-1"),
        4,
        None,
        "sort 'B' has 0, 2 statements in the columns 0, +1 where the grid of line 2 has 1, 1",
    ),
]


@pytest.mark.parametrize(("text", "line", "field", "phrase"), BROKEN_DAT)
def test_broken_dat(tmp_path, text, line, field, phrase):
    path = tmp_path / "study.dat"
    path.write_text(text, newline="")
    err = refusal(read_dat, path)
    assert (err.file, err.line, err.field) == ("study.dat", line, field)
    assert phrase in err.reason


def test_sort_off_distribution_named(lipset):
    lines = dat_bytes(lipset, TITLE).split(b"\r\n")
    us3 = lines[4]
    assert us3.startswith(b"US3 ")
    j = lipset.values[2].tolist().index(1)
    start = 10 + 2 * j
    lines[4] = us3[:start] + b" 2" + us3[start + 2 :]
    with pytest.raises(FormatError) as info:
        read_dat(io.BytesIO(b"\r\n".join(lines)))
    assert info.value.line == 5
    assert info.value.reason.startswith(
        "sort 'US3' has 4, 5 statements in the columns +1, +2 where the grid of line 2 has 5, 4"
    )
    assert info.value.problem.values == {
        "sort": "'US3'",
        "columns": ["+1", "+2"],
        "found": [4, 5],
        "expected": [5, 4],
    }


# ------------------------------------------------------------------------------ .STA


def test_sta_bytes():
    texts = ["Één café", "  padded  ", "x" * 60]
    assert sta_bytes(texts) == b"Een cafe\r\npadded\r\n" + b"x" * 60 + b"\r\n"
    assert sta_bytes(texts, pqmethod_safe=True).split(b"\r\n")[2] == b"x" * 50


@pytest.mark.parametrize("end", [b"\r\n", b"\n", b"\r"])
def test_sta_round_trip(tmp_path, end):
    path = tmp_path / "study.sta"
    path.write_bytes(end.join([b"first  ", b"second", b"", b""]) + b"\x1a")
    assert read_sta(path, n_statements=2) == ["first", "second"]
    write_sta(["first", "second"], path)
    assert path.read_bytes() == b"first\r\nsecond\r\n"
    assert read_sta(path) == ["first", "second"]


def test_sta_count_mismatch(tmp_path):
    path = tmp_path / "study.sta"
    path.write_bytes(b"a\r\nb\r\nc\r\n")
    with pytest.raises(FormatError, match="holds 3 statements, but the sorts have 2") as info:
        read_sta(path, n_statements=2)
    assert (info.value.file, info.value.line) == ("study.sta", 3)
    with pytest.raises(FormatError, match="holds 3 statements, but the sorts have 4"):
        read_sta(path, n_statements=4)


def test_read_study(lipset, tmp_path):
    texts = [f"Statement {j}" for j in range(1, 34)]
    write_dat(lipset, tmp_path / "lipset.dat", TITLE)
    write_sta(texts, tmp_path / "lipset.sta")
    table = read_study(tmp_path / "lipset.dat", tmp_path / "lipset.sta")
    assert table.statement_texts == tuple(texts)
    assert read_study(tmp_path / "lipset.dat").statement_texts is None
