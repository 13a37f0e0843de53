"""``qsort analyse`` and ``qsort report`` with the pqmethod conventions, and the exact-tie warning
on the command line.

Expected values: PQMethod 2.35's own files of the uhh project (shared/studies/uhh_keyneson,
skipped when absent: UHH.UNR and UHH.ROT, 5 decimals); the tie study of tests/fixtures/pqmethod.
"""

import json

import numpy as np
import pytest

from qsort.cli import main
from tests.analysis.pqmethod_files import UHH, read_loadings
from tests.helpers import FIXTURES

TIE_CSV = FIXTURES / "pqmethod" / "tie.csv"
LIPSET_CSV = FIXTURES / "lipset" / "sorts.csv"


@pytest.mark.skipif(not UHH.exists(), reason="shared/studies/uhh_keyneson is absent")
def test_pqmethod_project_dat_reproduces_its_unr_and_rot(tmp_path):
    """Read PQMethod's own UHH.DAT: are its .UNR and .ROT loadings reproduced digit for digit?"""
    out = tmp_path / "uhh.json"
    argv = ["analyse", str(UHH / "UHH.DAT"), "--conventions", "pqmethod", "--method", "centroid",
            "--factors", "2", "--json", str(out)]  # fmt: skip
    assert main(argv) == 0
    result = json.loads(out.read_text())
    np.testing.assert_array_equal(result["unrotated_loadings"], read_loadings(UHH / "UHH.UNR"))
    np.testing.assert_array_equal(result["loadings"], read_loadings(UHH / "UHH.ROT"))
    assert result["settings"]["centroid"] == "horst55"


def test_brown_centroid_on_request(tmp_path, capsys):
    out = tmp_path / "brown.json"
    argv = ["analyse", str(LIPSET_CSV), "--conventions", "pqmethod", "--method", "centroid",
            "--centroid", "brown", "--factors", "3", "--json", str(out)]  # fmt: skip
    assert main(argv) == 0
    settings = json.loads(out.read_text())["settings"]
    assert settings["centroid"] == "brown" and settings["varimax_algorithm"] == "pqmethod"
    assert "conventions 'pqmethod'" in capsys.readouterr().out


def test_centroid_option_outside_pqmethod_is_refused(capsys):
    assert main(["analyse", str(LIPSET_CSV), "--method", "centroid", "--factors", "2",
                 "--centroid", "horst55"]) == 2  # fmt: skip
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "need the pqmethod conventions" in captured.err


@pytest.mark.parametrize("conventions,rule", [("qmethod", "first"), ("pqmethod", "last")])
def test_tie_warning_in_the_tables_and_the_json(tmp_path, capsys, conventions, rule):
    """Does a centroid run that meets a decisive exact tie warn in the printed tables and in the
    --json result?"""
    out = tmp_path / "tie.json"
    argv = ["analyse", str(TIE_CSV), "--method", "centroid", "--factors", "2",
            "--conventions", conventions, "--json", str(out)]  # fmt: skip
    assert main(argv) == 0
    printed = capsys.readouterr().out
    expected = "The viewpoints depend on the order of the sorts: P5 and P6 tie exactly"
    assert expected in printed.split("Warnings", 1)[1]
    assert f"the {rule} of them in the file was taken" in printed
    assert any(w.startswith(expected) for w in json.loads(out.read_text())["warnings"])


def test_report_json_with_pqmethod_conventions(tmp_path):
    out = tmp_path / "run.json"
    argv = ["report", str(LIPSET_CSV), "--conventions", "pqmethod", "--method", "centroid",
            "--factors", "3", "--out", str(out)]  # fmt: skip
    assert main(argv) == 0
    settings = json.loads(out.read_text())["result"]["settings"]
    assert settings["conventions"] == "pqmethod" and settings["centroid"] == "horst55"
