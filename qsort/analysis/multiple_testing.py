r"""Benjamini-Hochberg false-discovery control [1]_: adjusted p-values (q-values).

For the m p-values of one family, sorted ascending :math:`p_{(1)} \le \dots \le p_{(m)}`,

.. math:: q_{(i)} = \min_{j \ge i} \min\left(1, \frac{m}{j} p_{(j)}\right)

and a hypothesis is rejected at false-discovery rate :math:`\alpha` when :math:`q \le \alpha`
(the step-up procedure of [1]_). NaN p-values (nothing to test) stay NaN and
do not count towards m. scipy is the test oracle (``scipy.stats.false_discovery_control(p,
method="bh")``), not a runtime dependency; see :mod:`qsort.analysis.signed_rank` for why.

References
----------
.. [1] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: a practical
   and powerful approach to multiple testing. *Journal of the Royal Statistical Society, Series
   B*, 57(1), 289-300. https://doi.org/10.1111/j.2517-6161.1995.tb02031.x
"""

import numpy as np


def benjamini_hochberg(pvalues: np.ndarray) -> np.ndarray:
    """q-values of each row of ``pvalues``; each row is one family (module docstring).

    Parameters
    ----------
    pvalues : array_like, shape (..., m)
        p-values between 0 and 1; NaN for nothing tested.

    Returns
    -------
    ndarray, shape of ``pvalues``
        The q-values; NaN where the p-value is NaN.

    Raises
    ------
    ValueError
        For a p-value outside [0, 1].
    """
    p = np.asarray(pvalues, dtype=float)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("Benjamini-Hochberg: p-values must lie between 0 and 1")
    flat = p.reshape(-1, p.shape[-1]) if p.ndim else p.reshape(1, 1)
    q = np.full(flat.shape, np.nan)
    for row, out in zip(flat, q, strict=True):
        tested = np.flatnonzero(~np.isnan(row))
        if tested.size == 0:
            continue
        order = tested[np.argsort(row[tested], kind="stable")]
        ranked = row[order] * tested.size / np.arange(1, tested.size + 1)  # [1] step-up
        out[order] = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
    return q.reshape(p.shape)
