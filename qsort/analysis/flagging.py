"""Flagging: which sorts define each factor.

Automatic flags follow Brown (1980, p. 222) and qmethod's ``qflag``: sort n defines factor f when

1. its loading is significant, :math:`|a_{nf}| > z_p / \\sqrt{M}` (z = 1.96 for p < .05), and
2. (the majority rule) the factor explains most of the sort's common variance,
   :math:`a_{nf}^2 > h_n^2 - a_{nf}^2`, with :math:`h_n^2` summed over the retained factors.

The absolute value means significant negative loadings are flagged too. Manual flags replace the
automatic flags of the sorts they name.
"""

from collections.abc import Mapping, Sequence

import numpy as np

from qsort.analysis.errors import AnalysisError

#: Two-sided critical values as qmethod and PQMethod use them.
Z_CRITICAL = {0.05: 1.96, 0.01: 2.58, 0.001: 3.29}


def significance_threshold(n_statements: int, significance: float = 0.05) -> float:
    """Loading above which a sort loads significantly: :math:`z_p / \\sqrt{M}` (Brown 1980)."""
    if significance not in Z_CRITICAL:
        levels = ", ".join(f"{p:g}" for p in Z_CRITICAL)
        raise AnalysisError(
            f"significance: {significance!r} is not supported; choose one of {levels}"
        )
    return Z_CRITICAL[significance] / np.sqrt(n_statements)


def automatic_flags(
    loadings: np.ndarray,
    n_statements: int,
    *,
    significance: float = 0.05,
    majority_rule: bool = True,
) -> np.ndarray:
    """Boolean flags, shape (n_sorts, n_factors), by the two criteria in the module docstring."""
    squared = loadings**2
    flags = np.abs(loadings) > significance_threshold(n_statements, significance)
    if majority_rule:
        flags &= squared > squared.sum(axis=1, keepdims=True) - squared
    return flags


def apply_manual_flags(flags: np.ndarray, manual: Mapping[int, Sequence[int]]) -> np.ndarray:
    """Replace the flags of the sorts in ``manual`` (sort index -> 1-based factors it defines).

    A sort mapped to an empty list defines no factor. Sorts not in ``manual`` keep their flags.
    """
    result = flags.copy()
    n_sorts, n_factors = flags.shape
    for sort_index, factors in manual.items():
        if not 0 <= sort_index < n_sorts:
            raise AnalysisError(
                f"manual flags: sort {sort_index + 1} does not exist ({n_sorts} sorts)"
            )
        result[sort_index] = False
        for factor in factors:
            if not 1 <= factor <= n_factors:
                raise AnalysisError(
                    f"manual flags: factor {factor} for sort {sort_index + 1} is out of range 1..{n_factors}",
                    sort_index=sort_index,
                )
            result[sort_index, factor - 1] = True
    return result
