"""Data-quality notes (qsort.analysis.quality) and the factor-count checks and automatic choice
(qsort.analysis.factor_checks).

Expected values follow from the rules in the module docstrings, on hand-built inputs; the
automatic choice is checked on planted viewpoints (the planted count is the right answer).
"""

from dataclasses import replace

import numpy as np
import pytest

from qsort.analysis import AnalysisOptions, analyse
from qsort.analysis.factor_checks import (
    choose_n_factors,
    scree_acceleration,
    sorts_per_factor,
    viewpoint_checks,
)
from qsort.analysis.quality import MIN_SECONDS_PER_STATEMENT, quality_notes
from tests.helpers import GRID, planted


def test_fast_sorts_by_share_of_the_median_and_by_the_per_card_floor():
    """Median 300 s: a third is 100 s, above the 24 x 2 = 48 s floor, so 40 s and 90 s are fast."""
    x = planted(8)
    durations = [300, 320, 280, 40, 90, 310, None, 305]
    names = [f"p{i}" for i in range(8)]
    notes = quality_notes(x, np.ones((8, 1), bool), names, durations=durations)
    assert notes.fast_threshold_seconds == pytest.approx(100.0)
    assert [f["participant"] for f in notes.fast] == ["p3", "p4"] and notes.n_fast == 2


def test_few_durations_use_only_the_floor():
    notes = quality_notes(
        planted(3), np.ones((3, 1), bool), ["a", "b", "c"], durations=[30, 600, 700]
    )
    assert notes.fast_threshold_seconds == MIN_SECONDS_PER_STATEMENT * GRID.size
    assert [f["participant"] for f in notes.fast] == ["a"]


def test_near_identical_sorts_from_the_correlation_matrix_and_by_hashing():
    x = planted(12)
    x[5] = x[2]  # the same sort twice
    x[7] = x[1]
    j, k = np.flatnonzero(x[7] == 1)[0], np.flatnonzero(x[7] == 2)[0]
    x[7, [j, k]] = x[7, [k, j]]  # one swap of adjacent columns: r = 1 - 2/200 = 0.99
    names = [f"p{i}" for i in range(12)]
    result = analyse(x, 2, participants=names)
    pairs = {(p["first"], p["second"]) for p in result.quality.near_identical}
    assert pairs == {("p2", "p5"), ("p1", "p7")} and result.quality.near_identical_checked
    r17 = next(p["r"] for p in result.quality.near_identical if p["second"] == "p7")
    assert r17 == pytest.approx(0.99)
    hashed = quality_notes(x, result.flags, names)  # no correlation matrix: duplicates only
    assert hashed.near_identical == [{"first": "p2", "second": "p5", "r": 1.0}]
    assert hashed.near_identical_checked is False


def test_sorts_that_define_no_viewpoint_are_listed_not_dropped():
    x = planted(20)
    result = analyse(x, 3, participants=[f"p{i}" for i in range(20)])
    expected = [f"p{i}" for i in range(20) if not result.flags[i].any()]
    assert result.quality.no_viewpoint == expected and result.quality.n_no_viewpoint == len(
        expected
    )
    assert result.n_sorts == 20  # nothing excluded


def test_durations_must_match_the_sorts():
    with pytest.raises(ValueError, match="2 durations for 3 sorts"):
        quality_notes(planted(3), np.ones((3, 1), bool), ["a", "b", "c"], durations=[1, 2])


def test_scree_acceleration_by_hand():
    """a_i = l(i+1) - 2 l(i) + l(i-1): [5, 2, 1.5, 1.2, 1.0] bends most at the 2nd value (1
    factor before it); [4, 3.5, 1.0, 0.9, 0.8] at the 3rd (2 factors)."""
    assert scree_acceleration(np.array([5, 2, 1.5, 1.2, 1.0])) == 1
    assert scree_acceleration(np.array([4, 3.5, 1.0, 0.9, 0.8])) == 2
    assert scree_acceleration(np.array([3.0, 1.0])) == 1


def test_sorts_per_factor_guide():
    assert sorts_per_factor(30) == {"at_most": 5, "cautious": 3}
    assert sorts_per_factor(4) == {"at_most": 1, "cautious": 1}


def test_viewpoint_checks():
    checks = viewpoint_checks([5, 1, 3], {1: ["S1"], 2: ["S2"], 3: []}, 3)
    assert [f["enough_defining_sorts"] for f in checks["factors"]] == [True, False, True]
    assert [f["has_distinguishing"] for f in checks["factors"]] == [True, True, False]
    assert checks["all_pass"] is False
    single = viewpoint_checks([4], {1: []}, 1)
    assert single["factors"][0]["has_distinguishing"] is None and single["all_pass"] is True


def test_automatic_choice_finds_the_planted_viewpoints():
    choice, result = choose_n_factors(planted(60), AnalysisOptions(n_factors=1))
    assert choice.n_factors == 3 == result.n_factors
    assert choice.changed_by == [] and choice.tried == [{"n_factors": 3, "all_pass": True}]
    assert [f["aid"] for f in choice.followed] == [
        "parallel_analysis", "sorts_per_factor", "limit", "viewpoint_checks"
    ]  # fmt: skip
    assert set(choice.side_by_side) == {"parallel_analysis", "kaiser", "scree_acceleration",
                                        "humphrey", "significant_loadings", "sorts_per_factor"}  # fmt: skip


def test_automatic_choice_caps_by_sorts_per_factor():
    """12 sorts: at most 12 // 6 = 2 factors, whatever parallel analysis says."""
    x = planted(12)
    choice, _ = choose_n_factors(x, AnalysisOptions(n_factors=1), aids=_aids(x, suggestion=4))
    assert choice.n_factors <= 2 and "sorts_per_factor" in choice.changed_by


def _one_viewpoint(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    scores = rng.standard_normal(GRID.size) + 0.3 * rng.standard_normal((30, GRID.size))
    x = np.empty(scores.shape, dtype=np.int64)
    np.put_along_axis(x, np.argsort(scores, axis=1), GRID[None, :], axis=1)
    return x


def test_automatic_choice_steps_down_until_every_viewpoint_holds():
    """One shared viewpoint, told to start at 5: the extra factors lack defining sorts or
    distinguishing statements, so it steps down to a solution that passes the checks."""
    x = _one_viewpoint(3)
    choice, result = choose_n_factors(x, AnalysisOptions(n_factors=1), aids=_aids(x, suggestion=5))
    assert choice.changed_by == ["viewpoint_checks"]
    assert [t["n_factors"] for t in choice.tried] == list(range(5, choice.n_factors - 1, -1))
    assert [t["all_pass"] for t in choice.tried][-1] is True and choice.n_factors < 5
    assert viewpoint_checks(result.n_defining, result.distinguishing, result.n_factors)["all_pass"]


def test_automatic_choice_steps_past_counts_qmethod_refuses():
    """Under the qmethod conventions 5 factors leave factor 1 without flags (qmethod stops
    there): the refusal is recorded and the choice goes on with fewer factors."""
    x = _one_viewpoint(2)
    options = AnalysisOptions(n_factors=1, conventions="qmethod")
    choice, result = choose_n_factors(x, options, aids=_aids(x, suggestion=5))
    assert "no flagged sorts" in choice.tried[0]["error"] and choice.tried[0]["n_factors"] == 5
    assert choice.n_factors == result.n_factors < 5


def _aids(x, suggestion):
    from qsort.analysis.factor_checks import _pca_aids

    return replace(_pca_aids(x, 1), parallel_suggestion=suggestion)
