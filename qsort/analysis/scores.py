"""Factor scores: weights of the defining sorts, statement z-scores and factor arrays.

A factor's viewpoint is the weighted average of its defining sorts (Brown 1980, pp. 239-247),
standardised per factor and ranked back onto the grid as an idealised sort (the factor array).
"""

import numpy as np


def factor_weights(loadings: np.ndarray, flags: np.ndarray) -> np.ndarray:
    r"""Weight of each flagged sort in its factor's scores; zero where not flagged.

    .. math:: w_{nf} = \frac{a_{nf}}{1 - a_{nf}^2}

    The sign is kept, so a sort flagged with a negative loading counts in reverse
    (Brown 1980, p. 240; qmethod ``qzscores``).
    """
    flagged = np.where(flags, loadings, 0.0)
    return flagged / (1.0 - flagged**2)


def z_scores(sorts: np.ndarray, weights: np.ndarray) -> np.ndarray:
    r"""Statement z-scores, shape (n_statements, n_factors); NaN for a factor without flags.

    .. math:: s_{jf} = \sum_n w_{nf} x_{nj}, \qquad z_{jf} = \frac{s_{jf} - \bar s_f}{\mathrm{sd}(s_f)}

    with the n - 1 divisor. Sums run over sorts in input order one at a time, so statements that
    all defining sorts place alike get bit-identical z-scores (exact ties matter for the arrays).
    """
    n_statements, n_factors = sorts.shape[1], weights.shape[1]
    z = np.full((n_statements, n_factors), np.nan)
    x = sorts.astype(float)
    for f in range(n_factors):
        active = np.flatnonzero(weights[:, f])
        if active.size == 0:
            continue
        sums = (x[active] * weights[active, f, None]).sum(axis=0)  # row by row per column
        sd = sums.std(ddof=1)
        if sd > 0:
            z[:, f] = (sums - sums.mean()) / sd
    return z


def average_ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks with exact ties given their average rank (R's ``rank``, ties "average")."""
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], values.size]
    group_rank = (starts + 1 + ends) / 2.0  # mean of ranks start+1 .. end
    ranks = np.empty(values.size)
    ranks[order] = np.repeat(group_rank, ends - starts)
    return ranks


def factor_arrays_qmethod(z: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Factor arrays by qmethod 1.8.4's rule; NaN for a factor without scores.

    The sorted grid values are indexed by each statement's average rank with the fractional part
    truncated (R's ``qscores[rank(z)]``); exactly tied z-scores thus share one value, the one at
    the truncated mean rank of their group. When tied statements straddle a column boundary the
    array does not fill the grid exactly.
    """
    arrays = np.full(z.shape, np.nan)
    for f in range(z.shape[1]):
        if np.all(np.isnan(z[:, f])):
            continue
        index = np.floor(average_ranks(z[:, f])).astype(int) - 1
        arrays[:, f] = grid[index]
    return arrays


def factor_arrays_on_grid(z: np.ndarray, grid: np.ndarray, tie_break: np.ndarray) -> np.ndarray:
    """Factor arrays that always fill the grid exactly; NaN for a factor without scores.

    Statements are ordered by z-score; exactly tied z-scores are ordered by ``tie_break`` (higher
    goes to the higher column: qsort passes each statement's mean grid value over all sorts),
    then by statement order (earlier statement to the higher column). The sorted grid values are
    then dealt out in that order.
    """
    n_statements = z.shape[0]
    position = np.arange(n_statements)
    arrays = np.full(z.shape, np.nan)
    for f in range(z.shape[1]):
        if np.all(np.isnan(z[:, f])):
            continue
        # lexsort: last key is primary. Ascending z, then ascending tie_break, then later statements first.
        order = np.lexsort((-position, tie_break, z[:, f]))
        arrays[order, f] = grid
    return arrays
