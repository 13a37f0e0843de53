"""Factor scores: weights of the defining sorts, statement z-scores and factor arrays.

A factor's viewpoint is the weighted average of its defining sorts (Brown [1]_, pp. 239-247),
standardised per factor and ranked back onto the grid as an idealised sort (the factor array).
The rounding of exact ties onto the grid follows qmethod 1.8.4 [2]_
(:func:`factor_arrays_qmethod`) or always fills the grid (:func:`factor_arrays_on_grid`).

References
----------
.. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in Political
   Science*. New Haven: Yale University Press, pp. 239-247 (factor scores and arrays).
.. [2] Zabala, A. (2014). qmethod: A Package to Explore Human Perspectives Using Q Methodology.
   *The R Journal*, 6(2), 163-173. https://doi.org/10.32614/RJ-2014-032
"""

import numpy as np


def factor_weights(loadings: np.ndarray, flags: np.ndarray) -> np.ndarray:
    r"""Weight of each flagged sort in its factor's scores; zero where not flagged.

    .. math:: w_{nf} = \frac{a_{nf}}{1 - a_{nf}^2}

    The sign is kept, so a sort flagged with a negative loading counts in reverse
    (Brown [1]_, p. 240; qmethod ``qzscores``).

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Rotated loadings :math:`a_{nf}`, each strictly between -1 and 1.
    flags : ndarray of bool, shape (n_sorts, n_factors)
        True where sort n defines factor f.

    Returns
    -------
    ndarray, shape (n_sorts, n_factors)
        The weights :math:`w_{nf}`, 0 where ``flags`` is False.

    References
    ----------
    .. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in
       Political Science*. New Haven: Yale University Press, p. 240.
    """
    flagged = np.where(flags, loadings, 0.0)
    return flagged / (1.0 - flagged**2)


def z_scores(sorts: np.ndarray, weights: np.ndarray) -> np.ndarray:
    r"""Statement z-scores, shape (n_statements, n_factors); NaN for a factor without flags.

    .. math:: s_{jf} = \sum_n w_{nf} x_{nj}, \qquad z_{jf} = \frac{s_{jf} - \bar s_f}{\mathrm{sd}(s_f)}

    with the n - 1 divisor. Sums run over sorts in input order one at a time, so statements that
    all defining sorts place alike get bit-identical z-scores (exact ties matter for the arrays).

    Parameters
    ----------
    sorts : ndarray, shape (n_sorts, n_statements)
        Grid value :math:`x_{nj}` sort n gave statement j.
    weights : ndarray, shape (n_sorts, n_factors)
        Factor weights :math:`w_{nf}` from :func:`factor_weights`.

    Returns
    -------
    ndarray, shape (n_statements, n_factors)
        The z-scores :math:`z_{jf}`; a column of NaN for a factor with no weight, or whose
        weighted sums do not vary.
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
    """1-based ranks with exact ties given their average rank (R's ``rank``, ties "average").

    Parameters
    ----------
    values : ndarray, shape (n,)
        Values to rank; only exact equality counts as a tie.

    Returns
    -------
    ndarray of float, shape (n,)
        Rank of each value, 1 for the smallest; a tied group shares the mean of its ranks.
    """
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

    Parameters
    ----------
    z : ndarray, shape (n_statements, n_factors)
        Statement z-scores from :func:`z_scores` (a NaN column for a factor without scores).
    grid : ndarray, shape (n_statements,)
        The grid's values, one per place, in ascending order.

    Returns
    -------
    ndarray, shape (n_statements, n_factors)
        Grid value of each statement in each factor's array; NaN columns stay NaN.
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

    Parameters
    ----------
    z, grid
        As for :func:`factor_arrays_qmethod`.
    tie_break : ndarray, shape (n_statements,)
        Second sort key for exactly tied z-scores (higher goes to the higher column).

    Returns
    -------
    ndarray, shape (n_statements, n_factors)
        Grid value of each statement in each factor's array: each column is a permutation of
        ``grid``; NaN columns stay NaN.
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
