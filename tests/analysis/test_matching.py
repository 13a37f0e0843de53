"""The one factor matcher (qsort/analysis/matching.py): one-to-one by |correlation|.

Expected values are constructed by hand: permuted and sign-flipped copies of known columns, and
a case where the greedy "best partner per factor" gives two factors the same partner.
"""

import numpy as np
import pytest

from qsort.analysis.matching import column_correlations, match_factors
from qsort.reports.differences import convention_differences

ATOL = 1e-12  # exact copies: only round-off


def _columns(n: int = 24, k: int = 3, seed: int = 3) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, k))


def test_a_permuted_and_flipped_copy_is_matched_back():
    """Is a copy with columns reordered and one turned found again, with its sign?"""
    reference = _columns()
    other = reference[:, [2, 0, 1]] * np.array([1.0, -1.0, 1.0])
    match = match_factors(reference, other)
    assert match.order.tolist() == [1, 2, 0]
    assert match.signs.tolist() == [-1.0, 1.0, 1.0]
    np.testing.assert_allclose(match.similarity, 1.0, rtol=0, atol=ATOL)
    np.testing.assert_allclose(match.aligned(other), reference, rtol=0, atol=ATOL)


def test_the_match_is_one_to_one_where_the_greedy_one_is_not():
    """Two reference factors whose best partner is the same factor: does each get its own
    (the pairing with the largest total |r|), where argmax would repeat one?"""
    base = _columns(k=2, seed=5)
    reference = np.column_stack([base[:, 0], 0.8 * base[:, 0] + 0.6 * base[:, 1]])
    other = np.column_stack([base[:, 0] + 0.9 * base[:, 1], base[:, 1]])
    r = np.abs(column_correlations(reference, other))
    assert np.argmax(r, axis=1).tolist() == [0, 0]  # greedy: both pick column 0
    match = match_factors(reference, other)
    assert sorted(match.order.tolist()) == [0, 1]
    totals = {(0, 1): r[0, 0] + r[1, 1], (1, 0): r[0, 1] + r[1, 0]}
    assert tuple(match.order.tolist()) == max(totals, key=totals.get)


def test_correlations_equal_pearson_and_empty_factors_correlate_zero():
    """Are the correlations Pearson's, and does a factor without scores (NaN) or without
    variance correlate 0 (so it is matched last, never by accident)?"""
    reference, other = _columns(), _columns(seed=9)
    expected = np.corrcoef(reference.T, other.T)[:3, 3:]
    np.testing.assert_allclose(column_correlations(reference, other), expected, rtol=0, atol=1e-12)
    other[:, 1] = np.nan
    other[:, 2] = 1.0
    r = column_correlations(reference, other)
    assert np.all(r[:, 1:] == 0.0)


def test_a_factor_without_scores_is_matched_last():
    """A resampled factor without defining sorts (NaN z-scores, as in the bootstrap): is it
    paired with the left-over factor at |r| = 0 (moved from the stability tests)?"""
    original = np.random.default_rng(1).normal(size=(24, 2))
    sample = original.copy()
    sample[:, 1] = np.nan
    match = match_factors(original, sample)
    np.testing.assert_array_equal(match.order, [0, 1])
    assert match.similarity[1] == 0.0


def test_input_validation():
    with pytest.raises(ValueError, match=r"factor matching: .* one-to-one"):
        match_factors(_columns(k=3), _columns(k=2))
    with pytest.raises(ValueError, match="factor matching"):
        match_factors(_columns(n=24), _columns(n=20))


def test_special_cases():
    """One factor; a solution with more factors than the reference."""
    one = _columns(k=1)
    match = match_factors(one, -one)
    assert match.order.tolist() == [0] and match.signs.tolist() == [-1.0]
    wide = np.column_stack([_columns(k=2, seed=7), one])
    assert match_factors(one, wide).order.tolist() == [2]


def test_convention_notes_pair_factors_one_to_one():
    """Do the report's notes on qmethod's conventions name each qmethod factor once, even
    where two of ours correlate most with the same one of theirs?"""
    base = _columns(k=2, seed=5)
    ours = np.column_stack([base[:, 0], 0.8 * base[:, 0] + 0.6 * base[:, 1]])
    theirs = np.column_stack([base[:, 0] + 0.9 * base[:, 1], base[:, 1]])
    result = {"loadings": ours.tolist(), "factor_arrays": [[None, None]] * 24,
              "statements": [f"S{j}" for j in range(24)], "settings": {}, "rotation": "none"}  # fmt: skip
    notes = convention_differences(result, {**result, "loadings": theirs.tolist()})
    named = [n for n in notes if "is qmethod's factor" in n]
    partners = [n.split("qmethod's factor ")[1].split(":")[0] for n in named]
    assert len(partners) == len(set(partners))
