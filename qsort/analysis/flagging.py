"""Flagging: which sorts define each factor.

Automatic flags follow Brown [1]_ (p. 222) and qmethod's ``qflag`` [2]_: sort n defines factor f when

1. its loading is significant, :math:`|a_{nf}| > z_p / \\sqrt{M}` (z = 1.96 for p < .05), and
2. (the majority rule) the factor explains most of the sort's common variance,
   :math:`a_{nf}^2 > h_n^2 - a_{nf}^2`, with :math:`h_n^2` summed over the retained factors.

The absolute value means significant negative loadings are flagged too. Manual flags replace the
automatic flags of the sorts they name.

References
----------
.. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in Political
   Science*. New Haven: Yale University Press, p. 222 (significant loadings).
.. [2] Zabala, A. (2014). qmethod: A Package to Explore Human Perspectives Using Q Methodology.
   *The R Journal*, 6(2), 163-173. https://doi.org/10.32614/RJ-2014-032
"""

from collections.abc import Mapping, Sequence

import numpy as np

from qsort.analysis.errors import AnalysisError

#: Two-sided critical values as qmethod and PQMethod use them.
Z_CRITICAL = {0.05: 1.96, 0.01: 2.58, 0.001: 3.29}


def significance_threshold(n_statements: int, significance: float = 0.05) -> float:
    """Loading above which a sort loads significantly: :math:`z_p / \\sqrt{M}` (Brown [1]_).

    Parameters
    ----------
    n_statements : int
        Number of statements M.
    significance : float, optional
        Two-sided level p, one of the keys of ``Z_CRITICAL``.

    Returns
    -------
    float
        The threshold :math:`z_p / \\sqrt{M}`.

    Raises
    ------
    AnalysisError
        For a level not in ``Z_CRITICAL``.

    References
    ----------
    .. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in
       Political Science*. New Haven: Yale University Press, p. 222.
    """
    if significance not in Z_CRITICAL:
        levels = [f"{p:g}" for p in Z_CRITICAL]
        raise AnalysisError("analysis.significance", value=repr(significance), levels=levels)
    return Z_CRITICAL[significance] / np.sqrt(n_statements)


def automatic_flags(
    loadings: np.ndarray,
    n_statements: int,
    *,
    significance: float = 0.05,
    majority_rule: bool = True,
) -> np.ndarray:
    """Boolean flags by the two criteria in the module docstring.

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Rotated loadings :math:`a_{nf}`.
    n_statements : int
        Number of statements M (for the significance threshold).
    significance : float, optional
        Two-sided level of criterion 1 (:func:`significance_threshold`).
    majority_rule : bool, optional
        Apply criterion 2 too.

    Returns
    -------
    ndarray of bool, shape (n_sorts, n_factors)
        True where sort n defines factor f.
    """
    squared = loadings**2
    flags = np.abs(loadings) > significance_threshold(n_statements, significance)
    if majority_rule:
        flags &= squared > squared.sum(axis=1, keepdims=True) - squared
    return flags


def apply_manual_flags(flags: np.ndarray, manual: Mapping[int, Sequence[int]]) -> np.ndarray:
    """Replace the flags of the sorts in ``manual`` (sort index -> 1-based factors it defines).

    A sort mapped to an empty list defines no factor. Sorts not in ``manual`` keep their flags.

    Parameters
    ----------
    flags : ndarray of bool, shape (n_sorts, n_factors)
        Flags to start from (left unchanged).
    manual : mapping of int to sequence of int
        0-based sort index to the 1-based factors the sort defines.

    Returns
    -------
    ndarray of bool, shape (n_sorts, n_factors)
        A copy of ``flags`` with the rows of the named sorts replaced.

    Raises
    ------
    AnalysisError
        For a sort or a factor that does not exist.
    """
    result = flags.copy()
    n_sorts, n_factors = flags.shape
    for sort_index, factors in manual.items():
        if not 0 <= sort_index < n_sorts:
            raise AnalysisError("analysis.flag_no_sort", sort=sort_index + 1, sorts=n_sorts)
        result[sort_index] = False
        for factor in factors:
            if not 1 <= factor <= n_factors:
                raise AnalysisError(
                    "analysis.flag_factor",
                    factor=factor,
                    sort=sort_index + 1,
                    max=n_factors,
                    sort_index=sort_index,
                )
            result[sort_index, factor - 1] = True
    return result
