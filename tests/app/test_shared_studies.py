"""Every native file of the published studies in ../shared/studies (each with its SOURCE.txt):
the web import and the command line read it, and the analysis with the qmethod conventions
equals the analysis of that study's sorts.csv. Skipped when ../shared/studies is absent."""

import io
import json
from pathlib import Path

import numpy as np
import pytest

from qsort.analysis import analyse
from qsort.cli import main
from qsort.extensions import db
from qsort.formats import read_qsort_csv, read_study_path
from qsort.models import Clinic

STUDIES = Path(__file__).resolve().parents[3] / "shared" / "studies"
ATOL = 1e-10  # the same numbers, computed from the same integers
CASES = [
    # (study, native files (the first holds the sorts), factors)
    ("cegebe", ["htmlq_export.csv", "statements_orig.csv"], 3),
    ("cegebe", ["easyhtmlq_from_csv.json"], 3),
    ("fut_cuenca", ["redu_fut_metodoq_public.xlsx"], 3),
    ("koc", ["KOC.DAT", "KOC.STA"], 3),
    ("qforr", ["q_data.csv"], 3),
    ("uhh_keyneson", ["UHH.DAT", "UHH.STA"], 2),
    ("ipad_japanese", ["sorts.csv", "statements.csv"], 3),
]
pytestmark = pytest.mark.skipif(not STUDIES.is_dir(), reason="../shared/studies is absent")


def _reference(study: str) -> np.ndarray:
    return read_qsort_csv(STUDIES / study / "sorts.csv").values


def _same_analysis(values: np.ndarray, reference: np.ndarray, k: int) -> None:
    ours = analyse(values, k, conventions="qmethod")
    theirs = analyse(reference, k, conventions="qmethod")
    for field in ("loadings", "z_scores"):
        np.testing.assert_allclose(getattr(ours, field), getattr(theirs, field), rtol=0, atol=ATOL)
    np.testing.assert_array_equal(ours.factor_arrays, theirs.factor_arrays)
    assert ours.flags.tolist() == theirs.flags.tolist()


@pytest.mark.parametrize(("study", "files", "k"), CASES, ids=[f"{c[0]}-{c[1][0]}" for c in CASES])
def test_the_web_import_reads_the_native_file(app, client, auth, make_facilitator, study, files, k):
    auth.login(make_facilitator())
    data = {"files": [(io.BytesIO((STUDIES / study / f).read_bytes()), f) for f in files]}
    response = client.post("/clinics/import/", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    with app.app_context():
        clinic = db.session.scalars(db.select(Clinic).order_by(Clinic.id.desc())).first()
        codes = [s.code for s in clinic.statements]
        values = np.array([[{x.statement.code: x.column_value for x in p.q_sort.placements}[c] for c in codes]
                           for p in clinic.participants])  # fmt: skip
        texts = [s.text_en for s in clinic.statements]
    np.testing.assert_array_equal(values, _reference(study))
    if len(files) > 1 or files[0].endswith(".xlsx"):
        assert all(t and t not in codes for t in texts)  # the texts, not the ids
    _same_analysis(values, _reference(study), k)


@pytest.mark.parametrize(("study", "files", "k"), CASES, ids=[f"{c[0]}-{c[1][0]}" for c in CASES])
def test_the_command_line_reads_the_native_file(tmp_path, capsys, study, files, k):
    native = STUDIES / study / files[0]
    assert read_study_path(native).table.n_sorts == len(_reference(study))
    out = tmp_path / "native.json"
    args = ["--factors", str(k), "--conventions", "qmethod", "--json"]
    assert main(["analyse", str(native), *args, str(out)]) == 0
    reference = tmp_path / "reference.json"
    assert main(["analyse", str(STUDIES / study / "sorts.csv"), *args, str(reference)]) == 0
    ours, theirs = json.loads(out.read_text()), json.loads(reference.read_text())
    np.testing.assert_allclose(ours["loadings"], theirs["loadings"], rtol=0, atol=ATOL)
    assert ours["factor_arrays"] == theirs["factor_arrays"]
    assert (
        ours["distinguishing"] == theirs["distinguishing"]
        or ours["statements"] != theirs["statements"]
    )
    assert "Traceback" not in capsys.readouterr().err
