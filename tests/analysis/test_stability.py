"""Bootstrap stability: seeded, matched by |r| of z-scores, and pure (no Flask).

Expected values are properties, not a reference implementation: well separated planted
viewpoints keep their top statements in nearly every resample; pure noise does not.
"""

import subprocess
import sys

import numpy as np
import pytest

from qsort.analysis import AnalysisOptions, run_analysis
from qsort.analysis.matching import match_factors
from qsort.analysis.stability import bootstrap_stability

GRID = np.repeat(np.arange(-4, 5), [1, 2, 3, 4, 4, 4, 3, 2, 1])


def _onto_grid(scores: np.ndarray) -> np.ndarray:
    sort = np.empty(scores.size, dtype=int)
    sort[np.argsort(scores, kind="stable")] = GRID
    return sort


def planted(n_sorts: int = 30, noise: float = 0.6, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    ideals = [rng.normal(size=GRID.size) for _ in range(3)]
    return np.array(
        [
            _onto_grid(ideals[i % 3] + rng.normal(scale=noise, size=GRID.size))
            for i in range(n_sorts)
        ]
    )


def test_planted_viewpoints_are_stable():
    """(Its time is measured by ``benchmarks/stability.py``.)"""
    sorts = planted()
    result = bootstrap_stability(sorts, AnalysisOptions(n_factors=3), n_resamples=200, seed=1)
    assert result.n_resamples == 200 and result.n_failed == 0
    assert result.top_retention.shape == (3, 5)
    assert result.top_retention[:, 0].min() >= 0.8  # each viewpoint keeps its top statement
    assert np.nanmean(result.flag_agreement) >= 0.9
    assert result.match_correlation.min() >= 0.9


def test_noise_is_less_stable_than_planted_viewpoints():
    rng = np.random.default_rng(5)
    noise = np.array([rng.permutation(GRID) for _ in range(30)])
    options = AnalysisOptions(n_factors=3)
    random_result = bootstrap_stability(noise, options, n_resamples=60, seed=2)
    planted_result = bootstrap_stability(planted(), options, n_resamples=60, seed=2)
    assert random_result.top_retention.mean() < planted_result.top_retention.mean() - 0.2


def test_same_seed_same_figures_and_as_dict():
    sorts = planted(n_sorts=12)
    options = AnalysisOptions(n_factors=2)
    a = bootstrap_stability(sorts, options, n_resamples=20, seed=9)
    b = bootstrap_stability(sorts, options, n_resamples=20, seed=9)
    np.testing.assert_array_equal(a.top_retention, b.top_retention)
    np.testing.assert_array_equal(a.flag_agreement, b.flag_agreement)
    record = a.as_dict([f"p{i}" for i in range(12)], [f"S{j}" for j in range(GRID.size)])
    assert set(record["factors"]) == {"1", "2"}
    assert len(record["factors"]["1"]["top"]) == 5
    assert set(record["flag_agreement"]) == {f"p{i}" for i in range(12)}


def test_manual_flags_and_rotations_are_left_out_of_resamples():
    sorts = planted(n_sorts=12)
    from qsort.analysis import JudgmentalRotation

    plain = AnalysisOptions(n_factors=2)
    handled = AnalysisOptions(
        n_factors=2,
        manual_flags={0: ()},
        judgmental_rotations=(JudgmentalRotation(1, 2, 30.0),),
    )
    a = bootstrap_stability(sorts, plain, n_resamples=10, seed=4)
    b = bootstrap_stability(sorts, handled, n_resamples=10, seed=4)
    np.testing.assert_array_equal(a.top_retention, b.top_retention)


def test_input_validation():
    with pytest.raises(ValueError, match="stability: at least two sorts"):
        bootstrap_stability(GRID[None, :], AnalysisOptions(n_factors=1))
    with pytest.raises(ValueError, match="stability: n_resamples"):
        bootstrap_stability(planted(6), AnalysisOptions(n_factors=1), n_resamples=0)


def test_module_is_pure():
    code = "import sys, qsort.analysis.stability; print('flask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_bootstrap_standard_errors_of_z_scores():
    """Zabala & Pascual's statement-level variability: the n - 1 standard deviation of each
    statement's matched z-score over the resamples, checked against a direct recomputation
    with one resample at a time (same seed stream), and small for planted viewpoints."""
    sorts = planted()
    options = AnalysisOptions(n_factors=3)
    result = bootstrap_stability(sorts, options, n_resamples=40, seed=7)
    assert result.z_se.shape == (GRID.size, 3) and result.z_mean.shape == (GRID.size, 3)
    assert np.nanmax(result.z_se) < 0.6 and np.nanmedian(result.z_se) < 0.3

    original = run_analysis(sorts, options, with_factor_count_aids=False, with_interpretation=False)
    draws = np.random.default_rng(7).integers(0, sorts.shape[0], size=(40, sorts.shape[0]))
    matched = []
    for rows in draws:
        sample = run_analysis(
            sorts[rows], options, with_factor_count_aids=False, with_interpretation=False
        )
        matched.append(match_factors(original.z_scores, sample.z_scores).aligned(sample.z_scores))
    matched = np.array(matched)
    np.testing.assert_allclose(result.z_se, matched.std(axis=0, ddof=1), rtol=0, atol=1e-10)
    np.testing.assert_allclose(result.z_mean, matched.mean(axis=0), rtol=0, atol=1e-12)
    stored = result.as_dict([f"p{i}" for i in range(30)], [f"s{j}" for j in range(GRID.size)])
    assert len(stored["factors"]["1"]["z_se"]) == GRID.size
