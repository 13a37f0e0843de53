"""The analysis under ``conventions="qmethod"`` against R qmethod 1.8.4.

Expected values: R qmethod 1.8.4 (GitHub aiorazabala/qmethod at 5e69a46), psych 2.2.9, R 4.2.2 on
Debian 12, reference BLAS. Lipset fixtures as shipped in shared/fixtures/lipset (see its README);
the studies in tests/fixtures/qmethod were generated with planted viewpoints and run through
``qmethod(dataset, nfactors = K, extraction = "PCA" | "centroid", rotation = "varimax",
forced = TRUE, cor.method = "pearson")`` (see tests/fixtures/qmethod/README.md).
"""

from pathlib import Path

import numpy as np
import pytest

from qsort.analysis import QmethodRefusal, analyse
from tests.helpers import FIXTURES, as_float, load_expected, read_sorts_csv

ATOL = 1e-8  # fixtures carry 15 significant digits; we agree to ~1e-13; qmethod parity needs 1e-6
NUMERIC_KEYS = (
    "loadings",
    "zscores",
    "composite_reliability",
    "se_factor_scores",
    "sed",
    "explained_variance",
    "rotated_eigenvalues",
    "factor_correlations",
)

LIPSET = [FIXTURES / "lipset" / f"expected-{m}-3.json" for m in ("pca", "centroid")]
GENERATED = sorted((FIXTURES / "qmethod").glob("*-*-*.json"))
#: Every reference where qmethod produced a result (the others are refusals).
ANALYSED_CASES = pytest.mark.parametrize(
    "expected_path",
    LIPSET + [p for p in GENERATED if "error" not in load_expected(p)],
    ids=lambda p: f"{p.parent.name}/{p.stem}",
)


def _case(expected_path: Path):
    if expected_path.parent.name == "lipset":
        csv_path = expected_path.parent / "sorts.csv"
        method, k = expected_path.stem.split("-")[1:]
    else:
        study, method, k = expected_path.stem.split("-")
        csv_path = expected_path.parent / f"{study}.csv"
    participants, statements, values = read_sorts_csv(csv_path)
    return participants, statements, values, method, int(k), load_expected(expected_path)


def _run(expected_path: Path):
    participants, statements, values, method, k, expected = _case(expected_path)
    result = analyse(
        values,
        k,
        method=method,
        conventions="qmethod",
        participants=participants,
        statements=statements,
    )
    return result.as_dict(), expected


@ANALYSED_CASES
def test_numbers_equal_qmethod(expected_path):
    """Do loadings, z-scores and every factor characteristic equal qmethod's within 1e-8?"""
    actual, expected = _run(expected_path)
    for key in NUMERIC_KEYS:
        np.testing.assert_allclose(
            as_float(actual[key]),
            as_float(expected[key]),
            rtol=0,
            atol=ATOL,
            err_msg=key,
        )


@ANALYSED_CASES
def test_flags_arrays_and_labels_equal_qmethod(expected_path):
    """Are flags, factor arrays, defining counts and qdc labels exactly qmethod's?"""
    actual, expected = _run(expected_path)
    assert actual["flagged"] == expected["flagged"]
    assert actual["factor_arrays"] == expected["factor_arrays"]
    assert actual["n_defining"] == expected["n_defining"]
    if expected.get("qdc_labels") is not None:
        assert actual["qdc_labels"] == expected["qdc_labels"]


@pytest.mark.parametrize("expected_path", LIPSET, ids=lambda p: p.stem)
def test_lipset_distinguishing_and_consensus_sets(expected_path):
    """Do the distinguishing and consensus statements equal qmethod's, as sets?"""
    actual, expected = _run(expected_path)
    assert {f: set(ids) for f, ids in actual["distinguishing"].items()} == {
        f: set(ids) for f, ids in expected["distinguishing"].items()
    }
    assert set(actual["consensus"]) == set(expected["consensus"])
    np.testing.assert_allclose(actual["correlation"], expected["correlation"], rtol=0, atol=ATOL)
    np.testing.assert_allclose(actual["eigenvalues"], expected["eigenvalues"], rtol=0, atol=ATOL)
    np.testing.assert_allclose(
        actual["unrotated_loadings"], expected["unrotated_loadings"], rtol=0, atol=ATOL
    )
    for got, want in zip(actual["qdc_pairs"], expected["qdc_pairs"], strict=True):
        assert got["pair"] == want["pair"]
        assert got["significance"] == want["significance"]
        np.testing.assert_allclose(got["difference"], want["difference"], rtol=0, atol=ATOL)


#: qmethod's error text -> the phrase our refusal uses for the same case.
REFUSALS = {
    "not the last one": r"factor \d+ has no flagged sorts and is not the last",
    "missing value where TRUE/FALSE needed": r"compares a factor without scores",
}


@pytest.mark.parametrize(
    "expected_path", [p for p in GENERATED if "error" in load_expected(p)], ids=lambda p: p.stem
)
def test_refuses_where_qmethod_refuses(expected_path):
    """Where qmethod stops, do we stop too, with a message that says why, and does the qsort
    convention set go on?"""
    participants, _, values, method, k, expected = _case(expected_path)
    [pattern] = [ours for theirs, ours in REFUSALS.items() if theirs in expected["error"]]
    with pytest.raises(QmethodRefusal, match=pattern):
        analyse(values, k, method=method, conventions="qmethod", participants=participants)
    assert analyse(values, k, method=method, participants=participants).n_factors == k


def test_generated_cases_cover_the_hard_kinds():
    """Do the generated references include each special case they are meant to cover?"""
    kinds = {"bipolar": False, "single": False, "empty_last": False, "refusal": False}
    for path in GENERATED:
        expected = load_expected(path)
        if "error" in expected:
            kinds["refusal"] = True
            continue
        flags, loadings = np.array(expected["flagged"]), as_float(expected["loadings"])
        kinds["bipolar"] |= bool(np.any(flags & (loadings < 0)) and np.any(flags & (loadings > 0)))
        kinds["single"] |= 1 in expected["n_defining"]
        kinds["empty_last"] |= expected["n_defining"][-1] == 0
    assert all(kinds.values()), kinds
    grids = {np.ptp(read_sorts_csv(p)[2][0]) for p in (FIXTURES / "qmethod").glob("*.csv")}
    assert 10 in grids  # a -5..+5 grid
    assert any(read_sorts_csv(p)[2].shape[1] == 33 for p in (FIXTURES / "qmethod").glob("*.csv"))
