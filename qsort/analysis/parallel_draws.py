"""Random sorts for Horn's parallel analysis [1]_, and the eigenvalues of their correlation matrices.

A random sort places the grid's values (the first sort's, so the forced distribution is kept)
on the statements in a uniformly random order. Each draw makes N such sorts and returns the
eigenvalues of their N x N correlation matrix, which are those of the M x M matrix
:math:`Z^\\top Z / (M - 1)` of the standardised sorts (plus zeros). Two ways of drawing are
named, and a run records which one it used (``parallel_analysis_draws`` in its settings), so a
stored run replays with its own draws:

``"keys"`` (the default)
    Every card of a random sort gets an independent random key; sorting the keys deals the
    grid values out in random order [2]_. The key's low bits carry the card's grid value (its offset
    from the lowest column), so sorting the keys *is* the dealing; the other 32 bits (64 when
    many statements make a tie among 32-bit keys likelier than ``TIE_RISK``) are random. Keys
    come from ``numpy.random.default_rng(seed)``'s PCG64 stream, two 32-bit keys per 64-bit
    word, ``ceil(M / 2)`` words per sort, sorts in order. The Gram matrix of the grid values
    is summed exactly (integers, in float32 while the sums stay below 2**24, else float64) and
    standardised afterwards:

    .. math:: Z^\\top Z = \\frac{G - \\mu (c \\mathbf{1}^\\top + \\mathbf{1} c^\\top)
              + N \\mu^2 \\mathbf{1}\\mathbf{1}^\\top}{s^2}, \\qquad c = G \\mathbf{1} / S

    with G the Gram matrix of the offsets, c their column sums, S the sum of one sort's offsets,
    mu and s^2 their mean and variance (M - 1 divisor). Work and memory are bounded by
    ``DRAW_CHUNK`` values at a time. Two equal random parts of a sort's keys (probability
    about M^2 / 2^33 with 32-bit keys, at most ``TIE_RISK``) put the lower grid value first.
``"permuted"``
    ``Generator.permuted`` of the standardised grid row, N sorts per draw, one Gram matrix and
    eigen-decomposition per draw: the draws of runs recorded before the draws were named.
    About ten times the work of ``"keys"``.

References
----------
.. [1] Horn, J. L. (1965). A rationale and test for the number of factors in factor analysis.
   *Psychometrika*, 30(2), 179-185. https://doi.org/10.1007/BF02289447
.. [2] Knuth, D. E. (1997). The Art of Computer Programming, Vol. 2 (3rd ed.), section 3.4.2:
   a random permutation by sorting random keys.
"""

from functools import lru_cache

import numpy as np

PARALLEL_DRAWS = ("keys", "permuted")
DEFAULT_DRAWS = "keys"
#: The parallel analysis's default seed (one home for it), so a run is
#: reproducible and a stored run replays to the same random eigenvalues.
PARALLEL_SEED = 20140601
#: The draws of stored runs that do not name theirs.
RECORDED_DRAWS_BEFORE_NAMING = "permuted"
#: Values drawn and dealt at a time by the ``"keys"`` draws (bounds their memory).
DRAW_CHUNK = 1 << 17
#: Largest chance of a tie among the random parts of one sort's keys before 64-bit keys are used.
TIE_RISK = 1e-5
FLOAT32_EXACT = 1 << 24


def random_eigenvalues(
    grid_row: np.ndarray, n_sorts: int, iterations: int, seed: int, draws: str = DEFAULT_DRAWS
) -> np.ndarray:
    """Eigenvalues (descending) of the correlation matrices of N random sorts, one row per draw.

    Parameters
    ----------
    grid_row : ndarray, shape (n_statements,)
        One sort's grid values (the forced distribution every random sort keeps).
    n_sorts : int
        N, the sorts per draw.
    iterations : int
        Number of draws.
    seed : int
        Seed of ``numpy.random.default_rng``.
    draws : {"keys", "permuted"}
        How the random sorts are drawn (module docstring).

    Returns
    -------
    ndarray, shape (iterations, min(n_sorts, n_statements))
    """
    if draws == "keys":
        return _keyed_eigenvalues(np.asarray(grid_row), n_sorts, iterations, seed)
    if draws == "permuted":
        return _permuted_eigenvalues(np.asarray(grid_row), n_sorts, iterations, seed)
    raise ValueError(f"parallel analysis: unknown draws {draws!r}; use one of {PARALLEL_DRAWS}")


def shared_random_eigenvalues(
    grid_row: np.ndarray, n_sorts: int, iterations: int, seed: int, draws: str = DEFAULT_DRAWS
) -> np.ndarray:
    """:func:`random_eigenvalues`, kept for the last few grids and sizes (read-only).

    The draws depend only on the grid, N, the iterations and the seed, so the analysis that
    chooses the number of factors and the run that reports the aids share one set (an
    automatic run after a submit asks twice), as do the replays of a stored run.

    Parameters
    ----------
    grid_row, n_sorts, iterations, seed, draws
        As for :func:`random_eigenvalues`.

    Returns
    -------
    ndarray, shape (iterations, min(n_sorts, n_statements))
        The eigenvalues, shared by every caller with the same arguments: read-only.
    """
    grid = tuple(np.asarray(grid_row).tolist())  # as given: the permuted draws deal it in order
    return _remembered(grid, int(n_sorts), int(iterations), int(seed), draws)


@lru_cache(maxsize=8)
def _remembered(grid: tuple, n_sorts: int, iterations: int, seed: int, draws: str):
    values = random_eigenvalues(np.array(grid), n_sorts, iterations, seed, draws)
    values.setflags(write=False)
    return values


def _permuted_eigenvalues(
    grid_row: np.ndarray, n_sorts: int, iterations: int, seed: int
) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n_statements = grid_row.size
    centred = grid_row - grid_row.mean()
    z_row = centred / np.sqrt((centred**2).sum() / (n_statements - 1))
    base = np.broadcast_to(z_row, (n_sorts, n_statements))
    rank = min(n_sorts, n_statements)
    result = np.empty((iterations, rank))
    for i in range(iterations):
        z = rng.permuted(base, axis=1)
        small = z.T @ z if n_sorts > n_statements else z @ z.T
        values = np.linalg.eigvalsh(small / (n_statements - 1))[::-1]
        result[i] = values[:rank]
    return result


class _Dealer:
    """The ``"keys"`` draws for one grid: keys, dealing and the exact Gram sums."""

    def __init__(self, grid_row: np.ndarray, n_sorts: int, seed: int) -> None:
        grid = np.sort(grid_row.astype(np.int64))
        offsets = grid - grid[0]
        self.n_sorts, self.m = n_sorts, grid.size
        self.bits = max(1, int(offsets[-1]).bit_length())
        pairs = self.m * (self.m - 1) / 2
        wide = pairs * 2.0 ** -(32 - self.bits) > TIE_RISK
        self.key_type = np.dtype(np.uint64 if wide else np.uint32)
        self.offsets = offsets.astype(self.key_type)
        self.low = self.key_type.type((1 << self.bits) - 1)
        self.high = ~self.low
        largest = int(offsets[-1]) ** 2 * min(n_sorts, DRAW_CHUNK // self.m)  # one Gram entry
        self.sum_type = np.float32 if largest < FLOAT32_EXACT else np.float64
        self.rng = np.random.default_rng(seed)

    def _keys(self, rows: int) -> np.ndarray:
        """Random keys, shape (rows, M), with each card's grid offset in the low bits."""
        if self.key_type == np.uint64:
            keys = self.rng.bit_generator.random_raw((rows, self.m))
        else:  # two keys per word, low half first on every platform
            words = self.rng.bit_generator.random_raw((rows, -(-self.m // 2)))
            keys = words.astype("<u8", copy=False).view("<u4")[:, : self.m]
        keys &= self.high
        keys |= self.offsets
        return keys

    def deal(self, rows: int) -> np.ndarray:
        """``rows`` random sorts as grid offsets, shape (rows, M), in the summing type."""
        keys = self._keys(rows)
        keys.sort(axis=1)
        keys &= self.low
        return keys.astype(self.sum_type)

    def grams(self, count: int) -> np.ndarray:
        """The Gram matrices of the offsets of ``count`` draws of N sorts, (count, M, M)."""
        if count > 1:  # whole draws at once
            dealt = self.deal(count * self.n_sorts).reshape(count, self.n_sorts, self.m)
            return np.matmul(dealt.transpose(0, 2, 1), dealt).astype(float)
        gram = np.zeros((self.m, self.m))
        rows = max(1, DRAW_CHUNK // self.m)
        for start in range(0, self.n_sorts, rows):
            dealt = self.deal(min(rows, self.n_sorts - start))
            gram += dealt.T @ dealt
        return gram[None]

    def eigenvalues(self, grams: np.ndarray) -> np.ndarray:
        """Eigenvalues (descending) of the correlation matrices whose offset Grams are given."""
        offsets = self.offsets.astype(float)
        mean = offsets.mean()
        squares = ((offsets - mean) ** 2).sum()  # s^2 (M - 1)
        columns = grams.sum(axis=2) / offsets.sum()
        cross = grams - mean * (columns[:, :, None] + columns[:, None, :])
        cross += self.n_sorts * mean**2
        values = np.linalg.eigvalsh(cross / squares)[:, ::-1]
        return values[:, : min(self.n_sorts, self.m)]


def _keyed_eigenvalues(grid_row: np.ndarray, n_sorts: int, iterations: int, seed: int):
    dealer = _Dealer(grid_row, n_sorts, seed)
    per_chunk = max(1, DRAW_CHUNK // (n_sorts * dealer.m))
    grams = np.empty((iterations, dealer.m, dealer.m))
    for start in range(0, iterations, per_chunk):
        count = min(per_chunk, iterations - start)
        grams[start : start + count] = dealer.grams(count)
    return dealer.eigenvalues(grams)
