"""``qsort analyse`` imports neither factor-analyzer nor scikit-learn nor SciPy (about a second of
start-up between them, issue 18): varimax is NumPy (qsort/analysis/varimax*.py), and SciPy is
imported only by the stability bootstrap, when it runs. Nor does it import the report modules
(Jinja2, WeasyPrint, openpyxl) or the web app (Flask): ``qsort report`` and ``qsort serve``
import them when they run.

Measured with ``python -X importtime``, which lists every module a run imports.
"""

import subprocess
import sys

import pytest

from tests.helpers import FIXTURES

HEAVY = (
    "factor_analyzer",
    "sklearn",
    "scipy",
    "pandas",
    "jinja2",
    "weasyprint",
    "openpyxl",
    "flask",
)


def _imported_modules(*argv: str, tmp_path) -> set[str]:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "qsort.cli", *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    lines = [line for line in completed.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines}


@pytest.mark.parametrize(
    "options",
    [
        ["--method", "pca", "--conventions", "qmethod"],
        ["--method", "centroid", "--conventions", "qsort"],
        ["--method", "centroid", "--conventions", "pqmethod"],
    ],
    ids=["pca-qmethod", "centroid-qsort", "centroid-pqmethod"],
)
def test_analyse_imports_no_heavy_package(tmp_path, options):
    study = FIXTURES / "lipset" / "sorts.csv"
    modules = _imported_modules(
        "analyse", str(study), "--factors", "3", *options, "--json", "out.json", tmp_path=tmp_path
    )
    assert "qsort.analysis.varimax" in modules  # the listing is real
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == []


def test_report_imports_the_report_modules_when_it_runs(tmp_path):
    """The report command still finds its modules (imported late, not at start-up)."""
    study = FIXTURES / "lipset" / "sorts.csv"
    modules = _imported_modules(
        "report", str(study), "--factors", "2", "--out", "report.html", tmp_path=tmp_path
    )
    assert {"jinja2", "qsort.reports"} <= modules
    assert (tmp_path / "report.html").stat().st_size > 0
