"""qsort.analysis.rounds: the paired comparison of two rounds of the same people.

Expected values: direct NumPy computations in each test, and ``scipy.stats.ttest_rel``'s
confidence interval (scipy >= 1.11) as an independent oracle for the paired t interval.
"""

import numpy as np
import pytest
from scipy import stats

from qsort.analysis.rounds import compare_rounds

ATOL = 1e-12  # same floating-point operations up to summation order


def _sorts(seed: int, n: int = 6, m: int = 12) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = np.repeat(np.arange(-2, 3), [1, 3, 4, 3, 1])
    return np.array([rng.permutation(values) for _ in range(n)])


def test_mean_shift_and_interval_match_scipy_ttest_rel():
    a, b = _sorts(1), _sorts(2)
    compared = compare_rounds(a, b)
    np.testing.assert_allclose(compared.mean_shift, (b - a).mean(axis=0), rtol=0, atol=ATOL)
    for j in range(a.shape[1]):
        if np.all(b[:, j] - a[:, j] == (b - a)[0, j]):
            continue  # zero spread: scipy returns NaN, the interval is the point itself
        low, high = stats.ttest_rel(b[:, j], a[:, j]).confidence_interval(0.95)
        assert compared.low[j] == pytest.approx(low, abs=1e-9)
        assert compared.high[j] == pytest.approx(high, abs=1e-9)


def test_participant_correlation_and_mean_absolute_shift():
    a, b = _sorts(3), _sorts(4)
    compared = compare_rounds(a, b)
    expected = [np.corrcoef(a[i], b[i])[0, 1] for i in range(a.shape[0])]
    np.testing.assert_allclose(compared.participant_r, expected, rtol=0, atol=ATOL)
    np.testing.assert_allclose(
        compared.participant_shift, np.abs(b - a).mean(axis=1), rtol=0, atol=ATOL
    )


def test_moved_most_orders_by_absolute_shift():
    a = _sorts(5)
    b = a.copy()
    b[:, [0, 1]] = b[:, [1, 0]]  # every participant swaps statements 0 and 1
    compared = compare_rounds(a, b)
    shift = (b - a).mean(axis=0)
    assert compared.moved_most(2) == sorted(
        np.flatnonzero(shift != 0)[:2].tolist(), key=lambda j: -abs(shift[j])
    )
    assert set(compared.moved_most()) == set(np.flatnonzero(shift != 0).tolist())


def test_viewpoints_are_matched_one_to_one_across_a_permutation():
    rng = np.random.default_rng(7)
    first_z = rng.normal(size=(12, 3))
    second_z = first_z[:, [2, 0, 1]] + rng.normal(scale=0.1, size=(12, 3))
    compared = compare_rounds(_sorts(1), _sorts(2), first_z, second_z)
    assert [(a, b) for a, b, _r in compared.viewpoint_pairs] == [(1, 2), (2, 3), (3, 1)]
    for a, b, r in compared.viewpoint_pairs:
        assert r == pytest.approx(np.corrcoef(first_z[:, a - 1], second_z[:, b - 1])[0, 1])


def test_an_extra_viewpoint_in_round_two_is_reported_unmatched():
    rng = np.random.default_rng(8)
    first_z = rng.normal(size=(12, 2))
    second_z = np.column_stack([first_z[:, 1], rng.normal(size=12), first_z[:, 0]])
    compared = compare_rounds(_sorts(1), _sorts(2), first_z, second_z)
    assert [(a, b) for a, b, _r in compared.viewpoint_pairs] == [(1, 3), (2, 1)]
    assert compared.unmatched_first == () and compared.unmatched_second == (2,)


def test_special_cases():
    a = _sorts(9)
    same = compare_rounds(a, a)
    assert np.all(same.mean_shift == 0) and same.moved_most() == []
    np.testing.assert_allclose(same.participant_r, 1.0, rtol=0, atol=ATOL)
    one = compare_rounds(a[:1], _sorts(10)[:1])  # one pair: a shift, no interval
    assert one.n_paired == 1 and np.isnan(one.low).all() and np.isnan(one.high).all()
    assert compare_rounds(a, a).viewpoint_pairs == ()  # no z-scores given


def test_input_validation():
    with pytest.raises(ValueError, match="round comparison: both rounds need the same"):
        compare_rounds(_sorts(1), _sorts(2)[:3])
    with pytest.raises(ValueError, match="round comparison: nobody sorted both rounds"):
        compare_rounds(np.zeros((0, 12)), np.zeros((0, 12)))


def test_as_dict_is_json_ready_with_none_for_missing_bounds():
    compared = compare_rounds(_sorts(1)[:1], _sorts(2)[:1])
    stored = compared.as_dict(["p1"], [f"S{j}" for j in range(12)])
    assert stored["n_paired"] == 1 and stored["statements"][0]["low"] is None
    assert stored["participants"][0]["participant"] == "p1"
