"""What ``qsort analyse`` writes and prints (issue 18): the JSON content is the result's document
exactly (written with orjson; NaN as null, grid values as integers), and above
``LISTED_SORTS`` sorts the terminal gets a summary of the loadings instead of one row per sort
(``--all`` prints every row and every warning).

Expected values: the document the analysis itself returns (``QAnalysis.as_dict()`` plus the
words of :func:`qsort.narrative.document.describe`), compared after a round trip through
Python's own JSON encoder, so every float must match to the bit.
"""

import csv
import json
from dataclasses import replace

import pytest

from qsort.analysis import analyse
from qsort.cli import main
from qsort.cli.tables import LISTED_SORTS, LISTED_WARNINGS, render_report
from qsort.narrative.document import describe
from tests.helpers import FIXTURES, planted, read_sorts_csv


def _write_study(path, sorts, prefix="p"):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant", *(f"S{j + 1:02d}" for j in range(sorts.shape[1]))])
        writer.writerows([f"{prefix}{i + 1}", *row] for i, row in enumerate(sorts.tolist()))
    return path


def _expected_document(path, factors, **options):
    participants, statements, sorts = read_sorts_csv(path)
    result = analyse(sorts, factors, participants=participants, statements=statements, **options)
    document = result.as_dict()
    texts = {lang: {} for lang in ("nl", "en")}
    document.update(describe(document, texts))
    return json.loads(json.dumps(document, allow_nan=False))


def _written(out, study_name):
    """The written document, its ``settings.input`` (the file's name and title, which the
    analysis alone does not know) checked and taken out."""
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["settings"].pop("input")["file"] == study_name
    return document


@pytest.mark.parametrize(
    ("study", "factors", "options"),
    [
        ("qmethod/twoempty.csv", 4, {"method": "centroid", "conventions": "qsort"}),
        ("qmethod/bipolar.csv", 3, {"method": "pca", "conventions": "qmethod"}),
        ("qmethod/asym.csv", 2, {"method": "centroid", "conventions": "pqmethod"}),
    ],
    ids=["empty-factors", "bipolar-qmethod", "asym-pqmethod"],
)
def test_json_content_is_the_results_document(tmp_path, study, factors, options):
    source = FIXTURES / study
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes())
    out = tmp_path / "out.json"
    argv = ["analyse", str(path), "--factors", str(factors), "--json", str(out)]
    for name, value in options.items():
        argv += [f"--{name}", value]
    assert main(argv) == 0
    written = _written(out, path.name)
    assert written == _expected_document(path, factors, **options)
    arrays = [v for row in written["factor_arrays"] for v in row if v is not None]
    assert arrays and all(type(v) is int for v in arrays)
    empty = [f for f, n in enumerate(written["n_defining"]) if n == 0]
    if study.endswith("twoempty.csv"):  # factors without defining sorts: null, not NaN
        assert empty == [2, 3]
        assert all(row[f] is None for row in written["zscores"] for f in empty)
        assert "NaN" not in out.read_text(encoding="utf-8")


def test_json_to_stdout_is_the_same_document(tmp_path, capsys):
    path = _write_study(tmp_path / "sorts.csv", planted(40))
    assert main(["analyse", str(path), "--factors", "3", "--json", "-"]) == 0
    (tmp_path / "out.json").write_text(capsys.readouterr().out, encoding="utf-8")
    assert _written(tmp_path / "out.json", "sorts.csv") == _expected_document(path, 3)


def test_many_sorts_print_a_summary_and_all_prints_every_row(tmp_path, capsys):
    n_sorts = LISTED_SORTS + 50
    path = _write_study(tmp_path / "sorts.csv", planted(n_sorts), prefix="sorter-")
    out = tmp_path / "out.json"
    assert main(["analyse", str(path), "--factors", "3", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    document = json.loads(out.read_text(encoding="utf-8"))
    assert f"Loadings of {n_sorts} sorts, summarised" in printed
    rows = [line for line in printed.splitlines() if line.startswith("sorter-")]
    assert rows == []
    defining = next(line for line in printed.splitlines() if line.startswith("defining sorts"))
    assert [int(v) for v in defining.split()[2:]] == document["n_defining"]
    unflagged = sum(not any(row) for row in document["flagged"])
    assert f"Sorts that define no factor: {unflagged}" in printed
    assert main(["analyse", str(path), "--factors", "3", "--all"]) == 0
    everything = capsys.readouterr().out
    rows = [line for line in everything.splitlines() if line.startswith("sorter-")]
    assert len(rows) == n_sorts and "summarised" not in everything


def test_small_studies_list_every_sort(capsys):
    assert main(["analyse", str(FIXTURES / "lipset" / "sorts.csv"), "--factors", "3"]) == 0
    printed = capsys.readouterr().out
    assert "Loadings (* = defining sort)" in printed and "summarised" not in printed


def test_long_warning_lists_are_cut_unless_all():
    participants, statements, sorts = read_sorts_csv(FIXTURES / "qmethod" / "bipolar.csv")
    result = analyse(sorts, 3, participants=participants, statements=statements)
    many = replace(result, warnings=[f"warning {i}" for i in range(LISTED_WARNINGS + 7)])
    cut = render_report(many)
    assert f"warning {LISTED_WARNINGS - 1}" in cut and f"warning {LISTED_WARNINGS}\n" not in cut
    assert "... and 7 more (--all prints them all)" in cut
    full = render_report(many, everything=True)
    assert f"warning {LISTED_WARNINGS + 6}" in full and "more (--all" not in full
