"""Factor characteristics: reliability, standard errors, explained variance, correlations.

Formulas from Brown (1980, pp. 244-245) as qmethod's ``qfcharact`` reports them, with the
average reliability coefficient of a Q-sort taken as 0.80.
"""

import numpy as np

AVERAGE_RELIABILITY = 0.8


def composite_reliability(n_defining: np.ndarray) -> np.ndarray:
    r"""Composite reliability of each factor from its number of defining sorts p.

    .. math:: r = \frac{0.8\,p}{1 + 0.8\,(p - 1)}

    (0 for a factor with no defining sorts.)
    """
    p = np.asarray(n_defining, dtype=float)
    return AVERAGE_RELIABILITY * p / (1.0 + (p - 1.0) * AVERAGE_RELIABILITY)


def se_factor_scores(z: np.ndarray, reliability: np.ndarray) -> np.ndarray:
    r"""Standard error of each factor's z-scores, :math:`SE = \mathrm{sd}(z)\sqrt{1 - r}`.

    sd(z) is 1 up to rounding; qmethod keeps the computed value, and so do we. NaN for a factor
    without scores.
    """
    sd = np.array([np.nan if np.all(np.isnan(col)) else np.std(col, ddof=1) for col in z.T])
    return sd * np.sqrt(1.0 - reliability)


def sed_matrix(se: np.ndarray) -> np.ndarray:
    r"""Standard errors of differences, :math:`SED_{ab} = \sqrt{SE_a^2 + SE_b^2}` (k x k)."""
    return np.sqrt(se[:, None] ** 2 + se[None, :] ** 2)


def explained_variance(loadings: np.ndarray) -> np.ndarray:
    """Percentage of the sorts' total variance each factor explains: 100 * sum(a^2) / N."""
    return 100.0 * (loadings**2).sum(axis=0) / loadings.shape[0]


def factor_correlations(z: np.ndarray) -> np.ndarray:
    """Pearson correlations between the factors' z-scores (k x k).

    Entries involving a factor without scores are NaN, except the diagonal, which is 1 throughout
    (as R's ``cor`` reports it).
    """
    k = z.shape[1]
    result = np.full((k, k), np.nan)
    present = ~np.all(np.isnan(z), axis=0)
    if present.any():
        block = np.corrcoef(z[:, present], rowvar=False) if present.sum() > 1 else np.ones((1, 1))
        result[np.ix_(present, present)] = block
    np.fill_diagonal(result, 1.0)
    return result
