"""Factor characteristics: reliability, standard errors, explained variance, correlations.

Formulas from Brown [1]_ (pp. 244-245) as qmethod's ``qfcharact`` [2]_ reports them, with the
average reliability coefficient of a Q-sort taken as 0.80.

References
----------
.. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in Political
   Science*. New Haven: Yale University Press, pp. 244-245 (reliability and standard errors).
.. [2] Zabala, A. (2014). qmethod: A Package to Explore Human Perspectives Using Q Methodology.
   *The R Journal*, 6(2), 163-173. https://doi.org/10.32614/RJ-2014-032
"""

import numpy as np

AVERAGE_RELIABILITY = 0.8


def composite_reliability(n_defining: np.ndarray) -> np.ndarray:
    r"""Composite reliability of each factor from its number of defining sorts p.

    .. math:: r = \frac{0.8\,p}{1 + 0.8\,(p - 1)}

    Parameters
    ----------
    n_defining : array_like of int, shape (n_factors,)
        Number of defining (flagged) sorts p of each factor.

    Returns
    -------
    ndarray, shape (n_factors,)
        The composite reliability r, 0 for a factor with no defining sorts.
    """
    p = np.asarray(n_defining, dtype=float)
    return AVERAGE_RELIABILITY * p / (1.0 + (p - 1.0) * AVERAGE_RELIABILITY)


def se_factor_scores(z: np.ndarray, reliability: np.ndarray) -> np.ndarray:
    r"""Standard error of each factor's z-scores, :math:`SE = \mathrm{sd}(z)\sqrt{1 - r}`.

    sd(z) is 1 up to rounding; qmethod keeps the computed value, and so do we.

    Parameters
    ----------
    z : ndarray, shape (n_statements, n_factors)
        Statement z-scores (a NaN column for a factor without scores).
    reliability : ndarray, shape (n_factors,)
        Composite reliability r of each factor (:func:`composite_reliability`).

    Returns
    -------
    ndarray, shape (n_factors,)
        The standard errors; NaN for a factor without scores.
    """
    sd = np.array([np.nan if np.all(np.isnan(col)) else np.std(col, ddof=1) for col in z.T])
    return sd * np.sqrt(1.0 - reliability)


def sed_matrix(se: np.ndarray) -> np.ndarray:
    r"""Standard errors of differences, :math:`SED_{ab} = \sqrt{SE_a^2 + SE_b^2}`.

    Parameters
    ----------
    se : ndarray, shape (n_factors,)
        Standard error of each factor's z-scores (:func:`se_factor_scores`).

    Returns
    -------
    ndarray, shape (n_factors, n_factors)
        :math:`SED_{ab}`; symmetric.
    """
    return np.sqrt(se[:, None] ** 2 + se[None, :] ** 2)


def explained_variance(loadings: np.ndarray) -> np.ndarray:
    r"""Percentage of the sorts' total variance each factor explains.

    .. math:: \mathrm{EV}_f = \frac{100}{N} \sum_n a_{nf}^2

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Loadings :math:`a_{nf}` of the N sorts.

    Returns
    -------
    ndarray, shape (n_factors,)
        Explained variance in per cent.
    """
    return 100.0 * (loadings**2).sum(axis=0) / loadings.shape[0]


def factor_correlations(z: np.ndarray) -> np.ndarray:
    """Pearson correlations between the factors' z-scores (k x k).

    Entries involving a factor without scores are NaN, except the diagonal, which is 1 throughout
    (as R's ``cor`` reports it).

    Parameters
    ----------
    z : ndarray, shape (n_statements, n_factors)
        Statement z-scores (a NaN column for a factor without scores).

    Returns
    -------
    ndarray, shape (n_factors, n_factors)
        Correlation between each pair of factors.
    """
    k = z.shape[1]
    result = np.full((k, k), np.nan)
    present = ~np.all(np.isnan(z), axis=0)
    if present.any():
        block = np.corrcoef(z[:, present], rowvar=False) if present.sum() > 1 else np.ones((1, 1))
        result[np.ix_(present, present)] = block
    np.fill_diagonal(result, 1.0)
    return result
