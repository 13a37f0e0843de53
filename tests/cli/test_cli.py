"""The ``qsort`` command line: analyse and export-dat, output contract and located errors.

Expected numbers: the Lipset fixture (R qmethod 1.8.4, see tests/fixtures/lipset/README.md);
golden DAT lines: design.md §3 (PQMethod's own Lipset file).
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qsort.cli import main
from tests.helpers import FIXTURES, assert_cli_analyses_alike

LIPSET_CSV = FIXTURES / "lipset" / "sorts.csv"
CONTRACT_KEYS = {
    "n_sorts", "n_statements", "method", "rotation", "n_factors", "participants", "statements",
    "correlation", "eigenvalues", "loadings", "flagged", "zscores", "factor_arrays", "distinguishing",
    "consensus", "composite_reliability", "se_factor_scores", "factor_correlations",
    "explained_variance", "n_defining", "settings", "unrotated_loadings", "sed", "ranking",
    "factor_count_aids",
}  # fmt: skip


@pytest.fixture
def lipset_dir(tmp_path):
    shutil.copy(LIPSET_CSV, tmp_path / "sorts.csv")
    shutil.copy(FIXTURES / "lipset" / "statements.csv", tmp_path / "statements.csv")
    return tmp_path


def test_analyse_writes_the_json_contract(lipset_dir, capsys):
    out = lipset_dir / "out.json"
    code = main(["analyse", str(lipset_dir / "sorts.csv"), "--method", "pca", "--factors", "3",
                 "--conventions", "qmethod", "--json", str(out)])  # fmt: skip
    assert code == 0
    result = json.loads(out.read_text())
    assert set(result) >= CONTRACT_KEYS
    expected = json.loads((FIXTURES / "lipset" / "expected-pca-3.json").read_text())
    np.testing.assert_allclose(result["loadings"], expected["loadings"], rtol=0, atol=1e-8)
    assert result["factor_arrays"] == expected["factor_arrays"]
    assert result["settings"]["conventions"] == "qmethod"
    assert [r["statement"] for r in result["ranking"]["factors"]["1"][:2]] == ["s01", "s32"]
    assert len(result["ranking"]["overall"]) == 33
    assert "Loadings" in capsys.readouterr().out


def test_analyse_prints_readable_tables(lipset_dir, capsys):
    assert (
        main(["analyse", str(lipset_dir / "sorts.csv"), "--method", "centroid", "--factors", "3"])
        == 0
    )
    out = capsys.readouterr().out
    for heading in ("Loadings (* = defining sort)", "Factor arrays", "Distinguishing statements",
                    "Consensus statements", "top five overall", "Factor 1: top five"):  # fmt: skip
        assert heading in out
    assert "We accept improvements in the status" in out  # statement texts found beside the CSV
    assert "JP5" in out and "*" in out


def test_analyse_reads_pqmethod_dat(lipset_dir, capsys):
    dat = lipset_dir / "LIPSET.DAT"
    assert (
        main(["export-dat", str(lipset_dir / "sorts.csv"), "--title", "Lipset", "--out", str(dat)])
        == 0
    )
    out_json = lipset_dir / "from-dat.json"
    assert (
        main(
            [
                "analyse",
                str(dat),
                "--factors",
                "3",
                "--conventions",
                "qmethod",
                "--json",
                str(out_json),
            ]
        )
        == 0
    )
    expected = json.loads((FIXTURES / "lipset" / "expected-pca-3.json").read_text())
    np.testing.assert_allclose(
        json.loads(out_json.read_text())["zscores"], expected["zscores"], rtol=0, atol=1e-8
    )


def test_export_dat_golden_lines_and_sta(lipset_dir):
    dat = lipset_dir / "LIPSET.DAT"
    title = "Lipset Study (PQMETHOD testfile; cf. Brown, 1980, pp. 183ff.)"
    assert main(["export-dat", str(lipset_dir / "sorts.csv"), "--title", title, "--out", str(dat),
                 "--statements", str(lipset_dir / "statements.csv")]) == 0  # fmt: skip
    lines = dat.read_bytes().split(b"\r\n")
    # PQMethod pads the title to 68 characters (line 1 is 78 wide), as PQMethod 2.35's UHH.DAT
    assert lines[
        0
    ] == b"  0  9 33 Lipset Study (PQMETHOD testfile; cf. Brown, 1980, pp. 183ff.)".ljust(78)
    assert lines[1] == b" -4  4  0  0  2  3  4  5  5  5  4  3  2  0  0  0  0  0  0  0  0  0"
    assert (
        lines[2] == b"US1       -1 0-2 0-2 1 0-1 0-1 1 1 2 3-1-4-3-3-1-4 3 2 3 1 1 0 4 2 2-3-2-2 4"
    )
    sta = (lipset_dir / "LIPSET.STA").read_bytes().split(b"\r\n")
    assert sta[0].startswith(b"We accept improvements")


def test_manual_flags_file(lipset_dir):
    flags = lipset_dir / "flags.csv"
    flags.write_text("participant,f1,f2,f3\nJP5,0,0,0\nFR9,0,0,1\n")
    out = lipset_dir / "out.json"
    assert (
        main(
            [
                "analyse",
                str(lipset_dir / "sorts.csv"),
                "--factors",
                "3",
                "--flags",
                str(flags),
                "--json",
                str(out),
            ]
        )
        == 0
    )
    result = json.loads(out.read_text())
    assert result["flagged"][4] == [False, False, False]
    assert result["settings"]["manual_flags"] == {"JP5": [], "FR9": [3]}


def _error(capsys, argv) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err.strip()


@pytest.mark.parametrize(
    "content,expected",
    [
        ("participant,s1,s2,s3\nA,1,0,-1\nB,1,x,-1\n", "line 3, field 's2'"),
        ("participant,s1,s2,s3\nA,1,0,-1\nB,1,0\n", "line 3"),
        ("participant,s1,s2,s3\nA,1,0,-1\nB,0,1,-1\n", "at least 3"),
        ("participant,s1,s2,s3\nA,1,0,-1\nB,0,1,-1\nC,1,1,-1\n", "line 4"),
    ],
    ids=["non-integer", "missing-column", "too-few-sorts", "distribution"],
)
def test_bad_input_is_located(tmp_path, capsys, content, expected):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    message = _error(capsys, ["analyse", str(path), "--factors", "1"])
    assert message.startswith("qsort: error: bad.csv")
    assert expected in message


def test_distribution_error_says_which_counts_differ(tmp_path, capsys):
    path = tmp_path / "sorts.csv"
    path.write_text(LIPSET_CSV.read_text().replace("US3,2,", "US3,4,"))
    message = _error(capsys, ["analyse", str(path), "--factors", "2"])
    assert message == (
        "qsort: error: sorts.csv, line 4, field 'US3': Q-sort input: sort 'US3' does not follow "
        "the forced distribution of sort 'US1': in the columns +2, +4 it has 3, 3 statements "
        "where the grid has 4, 2"
    )


def test_a_refusal_of_the_whole_study_names_the_file(tmp_path, capsys):
    """The analysis's problem (analysis.too_few_sorts) in English, located by the file only."""
    path = tmp_path / "two.csv"
    path.write_text("participant,s1,s2,s3\nA,1,0,-1\nB,0,1,-1\n")
    message = _error(capsys, ["analyse", str(path), "--factors", "1"])
    assert message == (
        "qsort: error: two.csv: Q-sort input: 2 sort(s) given; a by-person factor analysis "
        "needs at least 3"
    )


def test_factor_count_out_of_range(capsys):
    message = _error(capsys, ["analyse", str(LIPSET_CSV), "--factors", "12"])
    assert "choose 1 to 9" in message


def test_qmethod_refusal_is_an_error_and_qsort_goes_on(capsys):
    study = FIXTURES / "qmethod" / "grid11.csv"
    message = _error(
        capsys,
        [
            "analyse",
            str(study),
            "--method",
            "centroid",
            "--factors",
            "4",
            "--conventions",
            "qmethod",
        ],
    )
    assert "is not the last factor" in message
    assert main(["analyse", str(study), "--method", "centroid", "--factors", "4"]) == 0
    assert "no defining sorts" in capsys.readouterr().out


def test_bad_flags_file_is_located(tmp_path, capsys):
    flags = tmp_path / "flags.csv"
    flags.write_text("participant,f1,f2\nUS1,1,maybe\n")
    message = _error(capsys, ["analyse", str(LIPSET_CSV), "--factors", "2", "--flags", str(flags)])
    assert "flags.csv, line 2, field 'f2'" in message
    flags.write_text("participant,f1,f2\nNOBODY,1,0\n")
    assert "line 2, field 'participant'" in _error(
        capsys, ["analyse", str(LIPSET_CSV), "--factors", "2", "--flags", str(flags)]
    )


def test_missing_file_and_bad_rotation(capsys):
    assert "nowhere.csv: file not found" in _error(
        capsys, ["analyse", "nowhere.csv", "--factors", "2"]
    )
    assert "I,J,DEGREES" in _error(
        capsys, ["analyse", str(LIPSET_CSV), "--factors", "2", "--rotate", "1-2"]
    )


def test_console_script_is_installed():
    """Is ``qsort`` on the PATH of the environment the package is installed in?"""
    script = Path(sys.executable).parent / "qsort"
    completed = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert completed.returncode == 0
    assert completed.stdout.startswith("qsort ")


def test_repeated_ids_are_kept_apart_with_a_note(tmp_path, capsys):
    path = tmp_path / "dup.csv"
    path.write_text("participant,s1,s2,s3\nA,1,0,-1\nA,0,1,-1\nC,-1,0,1\n")
    out = tmp_path / "dup.json"
    assert main(["analyse", str(path), "--factors", "1", "--json", str(out)]) == 0
    assert json.loads(out.read_text())["participants"] == ["A", "A_2", "C"]
    assert "participant 'A' appears 2 times (lines 2, 3)" in capsys.readouterr().err


def test_a_refused_file_lists_the_accepted_formats(tmp_path, capsys):
    path = tmp_path / "notes.csv"
    path.write_text("hello\nworld\n")
    message = _error(capsys, ["analyse", str(path), "--factors", "1"])
    assert message.startswith("qsort: error: notes.csv, line 1:")
    assert "qsort reads these study files:" in message
    assert "        participant,s01,s02,s03\n        Anna,-1,0,1\n" in message
    assert "        Anna      -1 0 1\n" in message  # the .DAT example, as PQMethod writes it
    assert "KADE / Ken-Q zip" in message


def _wide(tmp_path, names):
    """Sorts on a grid -7..+7 (one statement per column), beyond PQMethod's -6..+13."""
    values = np.array([np.roll(np.arange(-7, 8), k) for k in range(len(names))])
    lines = ["participant," + ",".join(f"s{j}" for j in range(1, 16))]
    lines += [f'"{n}",' + ",".join(map(str, row)) for n, row in zip(names, values, strict=True)]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(lines) + "\n")
    return path, values


def test_wide_grids_analyse_but_a_dat_is_refused_in_words(tmp_path, capsys):
    """A -7..+7 grid analyses; export-dat and report --format dat|kade exit 2 with a reason."""
    path, _ = _wide(tmp_path, ["A", "B", "C", "D"])
    assert main(["analyse", str(path), "--factors", "1"]) == 0
    capsys.readouterr()
    for argv in (["export-dat", str(path), "--title", "T", "--out", str(tmp_path / "x.DAT")],
                 ["report", str(path), "--factors", "1", "--format", "dat", "--out", str(tmp_path / "x.DAT")],
                 ["report", str(path), "--factors", "1", "--format", "kade", "--out", str(tmp_path / "x.zip")]):  # fmt: skip
        message = _error(capsys, argv)
        assert (
            "PQMethod and KADE hold grids from -6 to +13; this study's grid runs from -7 to +7"
            in message
        )
    assert not (tmp_path / "x.DAT").exists()


def test_export_dat_with_colliding_and_comma_names(tmp_path, capsys):
    """Names that collide once cut to 8 characters, or hold a comma: no traceback, a note, and
    the originals beside the .DAT."""
    names = ["Participant 1", "Participant 2", "Smith, Anna", "Zoë"]
    path = tmp_path / "sorts.csv"
    values = np.array([np.roll(np.arange(-1, 2), k) for k in range(4)])
    path.write_text("participant,a,b,c\n" + "".join(
        f'"{n}",' + ",".join(map(str, r)) + "\n" for n, r in zip(names, values, strict=True)))  # fmt: skip
    out = tmp_path / "S.DAT"
    assert main(["export-dat", str(path), "--title", "T", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "4 sort name(s) changed to fit PQMethod's 8 ASCII characters" in err
    lines = out.read_bytes().split(b"\r\n")
    assert [line[:8] for line in lines[2:6]] == [b"Particip", b"Partic02", b"Smith, A", b"Zoe     "]
    mapping = (tmp_path / "S-names.csv").read_text()
    assert '"Smith, A","Smith, Anna"' in mapping and "Partic02,Participant 2" in mapping
    assert (tmp_path / "S-statements.csv").read_text().startswith("id,text\na,a\n")


@pytest.mark.parametrize("suffix", ["xlsx", "json", "zip", "DAT"])
def test_what_report_writes_the_cli_reads_back(lipset_dir, tmp_path, suffix):
    """qsort's own workbook, run JSON, KADE zip and .DAT analyse like the CSV they came from."""
    written = tmp_path / f"study.{suffix}"
    assert (
        main(["report", str(lipset_dir / "sorts.csv"), "--factors", "3", "--out", str(written)])
        == 0
    )
    args = ["--factors", "3", "--conventions", "qmethod"]
    assert_cli_analyses_alike(written, lipset_dir / "sorts.csv", args, tmp_path)


def test_the_cli_reads_a_clinic_file(tmp_path, capsys):
    from tests.security.test_hostile_imports import clinic_file

    path = tmp_path / "moved.qsort.json"
    path.write_text(json.dumps(clinic_file()))
    out = tmp_path / "out.json"
    assert main(["analyse", str(path), "--factors", "1", "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["participants"] == ["P0", "P1", "P2"] and result["statements"] == ["A", "B", "C"]
