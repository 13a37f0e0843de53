"""The pairs above a threshold of qsort's one factor matcher, between solutions of any sizes
(the names the facilitator gave follow the viewpoints to later runs); expected pairs built by
hand from known columns."""

import numpy as np
import pytest

from qsort.analysis.matching import matched_pairs
from qsort.services.viewpoint_names import SAME_VIEWPOINT_R


def match_factors(earlier, later, threshold=SAME_VIEWPOINT_R):
    return matched_pairs(earlier, later, threshold)


def _with_r(base: np.ndarray, other: np.ndarray, r: float) -> np.ndarray:
    """A column whose correlation with ``base`` is exactly ``r`` (``other`` made orthogonal)."""
    a = (base - base.mean()) / base.std()
    b = other - other.mean()
    b = b - (b @ a) / (a @ a) * a
    b = b / b.std()
    return r * a + np.sqrt(1 - r * r) * b


@pytest.fixture
def scores():
    return np.random.default_rng(3).standard_normal((24, 3))


def test_permuted_and_mirrored_factors_are_found(scores):
    later = np.column_stack([scores[:, 2], -scores[:, 0], scores[:, 1]])
    matched = match_factors(scores, later)
    assert {j: i for j, (i, _r) in matched.items()} == {0: 2, 1: 0, 2: 1}
    assert matched[1][1] == pytest.approx(-1.0) and matched[0][1] == pytest.approx(1.0)


def test_a_name_is_carried_only_from_r_08_on(scores):
    assert SAME_VIEWPOINT_R == 0.8
    noise = np.random.default_rng(4).standard_normal(24)
    close = _with_r(scores[:, 0], noise, 0.81)
    apart = _with_r(scores[:, 0], noise, 0.79)
    assert np.corrcoef(scores[:, 0], close)[0, 1] == pytest.approx(0.81)
    assert match_factors(scores[:, :1], close[:, None]) == {0: (0, pytest.approx(0.81))}
    assert match_factors(scores[:, :1], apart[:, None]) == {}


def test_one_to_one_when_two_later_factors_resemble_one():
    """Later factors 0 and 1 both resemble earlier factor A (r = 0.95 and 0.85); A goes to one
    of them only, and later factor 1 (r = 0.5 with B) carries nothing."""
    random = np.random.default_rng(6).standard_normal((24, 4))
    q, _r = np.linalg.qr(np.column_stack([np.ones(24), random]))
    a, b, c, d = (q[:, k] for k in range(1, 5))  # centred and orthonormal columns
    first = 0.95 * a + np.sqrt(1 - 0.95**2) * c
    second = 0.85 * a + 0.5 * b + np.sqrt(1 - 0.85**2 - 0.25) * d
    matched = match_factors(np.column_stack([a, b]), np.column_stack([first, second]))
    assert matched == {0: (0, pytest.approx(0.95))}


def test_more_or_fewer_factors_and_factors_without_scores(scores):
    later = np.column_stack([scores[:, 1], np.full(24, np.nan), scores[:, 0], scores[:, 2]])
    matched = match_factors(scores[:, :2], later)
    assert matched == {0: (1, pytest.approx(1.0)), 2: (0, pytest.approx(1.0))}
    assert match_factors(later, scores[:, :2]) == {1: (0, pytest.approx(1.0)),
                                                   0: (2, pytest.approx(1.0))}  # fmt: skip
    with pytest.raises(ValueError, match="24 rows against 23"):
        match_factors(scores, scores[:-1])
