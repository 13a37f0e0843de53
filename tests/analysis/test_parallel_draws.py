"""The random sorts of the parallel analysis (qsort/analysis/parallel_draws.py).

Expected values follow from the definitions: a random sort is a permutation of the grid's
values, each statement takes each value with probability (column height) / M, and the
eigenvalues are those of the correlation matrix of the dealt sorts (cross-checked against
``np.corrcoef`` to round-off, 1e-9). The ``"permuted"`` draws are compared bit for bit with a
copy of the draws as they were before they were named (issue 18), which every stored run
without ``parallel_analysis_draws`` in its settings used.
"""

import numpy as np
import pytest

from qsort.analysis import AnalysisOptions, analyse, run_analysis
from qsort.analysis import parallel_draws as draws_module
from qsort.analysis.parallel_draws import _Dealer, random_eigenvalues
from tests.helpers import FIXTURES, read_sorts_csv

GRID = np.repeat(np.arange(-4, 5), [1, 2, 3, 4, 4, 4, 3, 2, 1])
PARTICIPANTS, STATEMENTS, LIPSET = read_sorts_csv(FIXTURES / "lipset" / "sorts.csv")
ROUND_OFF = 1e-9  # eigenvalues of ~N/M summed exactly vs. np.corrcoef's float arithmetic


def permuted_as_before(grid_row, n_sorts, iterations, seed):
    """The parallel analysis' draws as qsort made them before issue 18 (reference copy, written
    afresh: every draw permutes each sort's standardised grid row, then the eigenvalues of the
    smaller Gram matrix, largest first)."""
    rng = np.random.default_rng(seed)
    m = grid_row.size
    z_row = (grid_row - grid_row.mean()) / np.std(grid_row, ddof=1)
    draws = (rng.permuted(np.broadcast_to(z_row, (n_sorts, m)), axis=1) for _ in range(iterations))
    grams = [z.T @ z if n_sorts > m else z @ z.T for z in draws]
    return np.array([np.linalg.eigvalsh(g / (m - 1))[::-1][: min(n_sorts, m)] for g in grams])


@pytest.mark.parametrize("n_sorts", [9, 24, 300])
def test_permuted_draws_are_the_draws_of_stored_runs(n_sorts):
    expected = permuted_as_before(LIPSET[0], n_sorts, 12, 20140601)
    actual = random_eigenvalues(LIPSET[0], n_sorts, 12, 20140601, "permuted")
    np.testing.assert_array_equal(actual, expected)


@pytest.mark.parametrize(
    "grid",
    [GRID, np.repeat(np.arange(-6, 14), 3), np.repeat(np.arange(1, 6), [3, 5, 7, 5, 3])],
    ids=["clinic", "wide-60", "odd-23"],
)
def test_every_random_sort_deals_the_grid(grid):
    """Is every dealt sort a permutation of the grid (odd M, 64-bit keys for 60 statements)?"""
    dealer = _Dealer(grid, 500, seed=3)
    dealt = dealer.deal(500)
    offsets = np.sort(grid) - grid.min()
    assert dealt.shape == (500, grid.size)
    np.testing.assert_array_equal(np.sort(dealt, axis=1), np.broadcast_to(offsets, dealt.shape))
    assert len({tuple(row) for row in dealt.tolist()}) == 500  # no two alike
    assert dealer.key_type == (np.uint64 if grid.size == 60 else np.uint32)


def test_each_statement_takes_each_value_as_often_as_the_grid_allows():
    """Frequencies over 40 000 sorts: within 5 standard errors of height / M, every cell."""
    dealt = _Dealer(GRID, 40_000, seed=11).deal(40_000)
    values, heights = np.unique(GRID - GRID.min(), return_counts=True)
    share = heights / GRID.size
    observed = np.stack([(dealt == v).mean(axis=0) for v in values])  # (values, statements)
    error = np.sqrt(share * (1 - share) / dealt.shape[0])[:, None]
    assert np.all(np.abs(observed - share[:, None]) < 5 * error)
    pairs = np.corrcoef(dealt.T)[np.triu_indices(GRID.size, 1)]
    assert np.all(np.abs(pairs + 1 / (GRID.size - 1)) < 5 / np.sqrt(dealt.shape[0]))


@pytest.mark.parametrize("n_sorts", [7, 24, 150])
def test_eigenvalues_are_those_of_the_dealt_sorts_correlations(n_sorts, monkeypatch):
    """The exact Gram sums, standardised afterwards, give np.corrcoef's eigenvalues."""
    iterations = 5
    expected = []
    dealer = _Dealer(GRID, n_sorts, seed=8)
    for _ in range(iterations):
        sorts = dealer.deal(n_sorts).astype(float)
        values = np.linalg.eigvalsh(np.corrcoef(sorts))[::-1]
        expected.append(values[: min(n_sorts, GRID.size)])
    actual = random_eigenvalues(GRID, n_sorts, iterations, seed=8)
    np.testing.assert_allclose(actual, expected, rtol=0, atol=ROUND_OFF * n_sorts)


def test_results_do_not_depend_on_how_the_work_is_chunked(monkeypatch):
    """Chunk size and float32/float64 sums change the work, never the eigenvalues."""
    baseline = random_eigenvalues(GRID, 400, 20, seed=2)
    monkeypatch.setattr(draws_module, "DRAW_CHUNK", 1000)  # row blocks within each draw
    np.testing.assert_array_equal(random_eigenvalues(GRID, 400, 20, seed=2), baseline)
    monkeypatch.setattr(draws_module, "FLOAT32_EXACT", 1)  # float64 sums
    np.testing.assert_array_equal(random_eigenvalues(GRID, 400, 20, seed=2), baseline)


def test_keys_and_permuted_draws_agree_in_distribution():
    """Means of the top three random eigenvalues within 4 standard errors of each other."""
    keyed = random_eigenvalues(GRID, 60, 400, seed=1, draws="keys")[:, :3]
    permuted = random_eigenvalues(GRID, 60, 400, seed=1, draws="permuted")[:, :3]
    error = np.sqrt((keyed.var(axis=0) + permuted.var(axis=0)) / 400)
    assert np.all(np.abs(keyed.mean(axis=0) - permuted.mean(axis=0)) < 4 * error)
    assert not np.array_equal(keyed, permuted)


def test_unknown_draws_are_refused():
    with pytest.raises(ValueError, match="unknown draws 'dice'"):
        random_eigenvalues(GRID, 10, 2, seed=1, draws="dice")


def test_settings_name_the_draws_and_old_runs_replay_with_theirs():
    """New runs record "keys"; settings without the name (runs stored before issue 18) replay
    with the permuted draws, reproducing the aids those runs stored."""
    result = analyse(LIPSET, 3, participants=PARTICIPANTS, statements=STATEMENTS)
    assert result.settings["parallel_analysis_draws"] == "keys"
    old_settings = {k: v for k, v in result.settings.items() if k != "parallel_analysis_draws"}
    options = AnalysisOptions.from_dict(old_settings, PARTICIPANTS)
    assert options.parallel_draws == "permuted"
    replayed = run_analysis(LIPSET, options, participants=PARTICIPANTS, statements=STATEMENTS)
    expected = permuted_as_before(LIPSET[0], LIPSET.shape[0], 100, 20140601)
    np.testing.assert_array_equal(replayed.factor_count_aids.parallel_mean, expected.mean(axis=0))
    np.testing.assert_array_equal(replayed.loadings, result.loadings)
    again = run_analysis(LIPSET, AnalysisOptions.from_dict(result.settings, PARTICIPANTS),
                         participants=PARTICIPANTS, statements=STATEMENTS)  # fmt: skip
    assert again.factor_count_aids.as_dict() == result.factor_count_aids.as_dict()


def test_the_shared_draws_are_made_once_per_grid_size_and_seed(monkeypatch):
    """An automatic run asks for the same draws twice (choosing the number of factors, then
    the aids it reports): the second time they come from memory, equal and read-only; another
    seed, size or grid order is drawn afresh."""
    made = []

    def counted(*args, **kwargs):
        made.append(args[1:4])
        return random_eigenvalues(*args, **kwargs)

    draws_module._remembered.cache_clear()
    monkeypatch.setattr(draws_module, "random_eigenvalues", counted)
    first = draws_module.shared_random_eigenvalues(GRID, 37, 11, seed=5)
    again = draws_module.shared_random_eigenvalues(GRID.copy(), 37, 11, seed=5)
    assert again is first and not first.flags.writeable and len(made) == 1
    np.testing.assert_array_equal(first, random_eigenvalues(GRID, 37, 11, seed=5))
    draws_module.shared_random_eigenvalues(GRID, 37, 11, seed=6)
    draws_module.shared_random_eigenvalues(GRID, 38, 11, seed=5)
    draws_module.shared_random_eigenvalues(GRID[::-1], 37, 11, seed=5, draws="permuted")
    assert made == [(37, 11, 5), (37, 11, 6), (38, 11, 5), (37, 11, 5)]
    draws_module._remembered.cache_clear()
