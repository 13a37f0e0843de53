r"""PQMethod's two centroid methods: Horst's with iterated communalities, and Brown's.

Both work on the dense correlation matrix R of the sorts (N x N) and return unrotated loadings
(N x K) as an :class:`~qsort.analysis.extraction.Extraction`; the eigenvalues are the sums of
squared loadings per factor.

**Horst 5.5** (PQMethod 2.30+ [3]_, "HORST 5.5 Centroid output of iterated series of communality
estimates"; Horst [1]_, ch. 5, section 5.5). A *pass* extracts K centroid factors from R with
communality estimates h on its diagonal; for each factor, with E the residual matrix:

1. Sign vector: start with s = 1 and :math:`w = E_0 s` (:math:`E_0`: E without its diagonal);
   while the smallest :math:`s_j w_j < 0`, negate :math:`s_j` (the last j among exact ties) and
   update :math:`w \leftarrow w + 2 E_{0,\cdot j} s_j`.
2. :math:`t = w + \mathrm{diag}(E) \circ s` (the reflected column sums with the diagonal),
   :math:`f = t / \sqrt{\sum_i |t_i|}`; the signs of s are thereby already undone.
3. :math:`E \leftarrow E - f f^\top` (the diagonal too).

The first pass uses h = 1; after each pass the new estimates are
:math:`h_i = \min(1, \sum_k f_{ik}^2)`, and the passes stop when no estimate changed by more
than ``convergence`` (the largest :math:`|h_i^{\mathrm{old}} - \sum_k f_{ik}^2|`), or after
``max_iterations`` further passes. PQMethod's uhh study (3 sorts, 2 factors) is reproduced with
``convergence = 0.001``: its .UNR lists the 9 estimates, its loadings agree to the 5 printed
decimals; KADE's [4]_ Horst 5.5 on Lipset (``P = 0.0001``, ``NL = 30``) agrees to 4e-7.

**Brown's centroid** as KADE computes it for PQMethod's built-in centroid (Brown [2]_,
pp. 208-224): for each factor, on the residual matrix without its diagonal, reflect the sort
with the smallest column sum (the first among exact ties) while that sum is negative; then
:math:`h = 0.5`, :math:`f = (c + h) / \sqrt{\sum (c + h)}` with c the column sums, and
:math:`h \leftarrow f^2` until no :math:`|h - f^2|` exceeds 0.001; undo the reflections on f and
subtract :math:`f f^\top`. (qmethod's centroid differs in its start, :math:`h = c/(N-1)`, and
its tolerance, 1e-5.)

References
----------
.. [1] Horst, P. (1965). *Factor Analysis of Data Matrices*. New York: Holt, Rinehart and
   Winston, chapter 5, section 5.5.
.. [2] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in Political
   Science*. New Haven: Yale University Press, pp. 208-224.
.. [3] Schmolck, P. (2014). *PQMethod Manual*, version 2.35 (new in 2.30: "Option of an
   alternative Centroid method (Horst 5.5)"). http://schmolck.org/qmethod/pqmanual.htm
.. [4] Banasick, S. (2019). KADE: A desktop application for Q methodology. *Journal of Open
   Source Software*, 4(36), 1360 ("Horst 5.5" and "Brown" centroid factors).
   https://doi.org/10.21105/joss.01360
"""

import numpy as np

from qsort.analysis.errors import AnalysisError, ConvergenceError
from qsort.analysis.extraction import Extraction, check_n_factors, factor_record

#: PQMethod's Horst 5.5 convergence as its uhh output shows it; KADE defaults to 0.0001.
HORST_CONVERGENCE = 0.001
HORST_MAX_ITERATIONS = 30  # KADE's default number of further passes
BROWN_START = 0.5
BROWN_TOLERANCE = 0.001
MAX_BROWN_ITERATIONS = 10_000
CENTROIDS = ("horst55", "brown")


def horst55(
    correlation: np.ndarray,
    n_factors: int,
    n_statements: int,
    *,
    convergence: float = HORST_CONVERGENCE,
    max_iterations: int = HORST_MAX_ITERATIONS,
) -> Extraction:
    """Horst's centroid with iterated communalities (module docstring), as PQMethod 2.35 runs it.

    Parameters
    ----------
    correlation : ndarray, shape (n_sorts, n_sorts)
        The correlation matrix R of the sorts.
    n_factors : int
        K, extracted in every pass.
    n_statements : int
        Only to check K.
    convergence : float
        Largest change of a communality estimate that ends the passes.
    max_iterations : int
        Further passes after the first; past them the last pass is kept (``converged`` false).

    Returns
    -------
    Extraction
        Loadings (N x K), sums of squared loadings as ``eigenvalues``, ``method="centroid"``,
        the passes and whether they converged in ``diagnostics``.
    """
    r = _checked(correlation, n_factors, n_statements)
    estimates, passes = np.ones(r.shape[0]), 0
    while True:
        loadings, ties = _horst_pass(r, estimates, n_factors)
        passes += 1
        communalities = np.sum(loadings**2, axis=1)
        change = float(np.max(np.abs(estimates - communalities)))
        estimates = np.minimum(1.0, communalities)
        if change <= convergence or passes > max_iterations:
            break
    diagnostics = {
        "centroid": "horst55",
        "convergence": convergence,
        "max_iterations": max_iterations,
        "passes": passes,
        "converged": change <= convergence,
        "largest_change": change,
        "communality_estimates": estimates.tolist(),
        "factors": ties,
    }
    return Extraction(loadings, np.sum(loadings**2, axis=0), "centroid", diagnostics)


def _horst_pass(r: np.ndarray, estimates: np.ndarray, n_factors: int):
    residual = r.copy()
    np.fill_diagonal(residual, estimates)
    factors, events = [], []
    for number in range(1, n_factors + 1):
        diagonal = np.diag(residual).copy()
        off = residual - np.diag(diagonal)
        signs, reflections, ties = _horst_signs(off, number)
        t = off @ signs + diagonal * signs  # [1] reflected column sums with the diagonal
        f = t / np.sqrt(np.sum(np.abs(t)))
        residual -= np.outer(f, f)
        factors.append(f)
        events.append({"factor": number, "reflections": reflections, "exact_ties": ties})
    return np.column_stack(factors), events


def _horst_signs(off: np.ndarray, number: int) -> tuple[np.ndarray, int, list[list[int]]]:
    """Negate the sort with the smallest s_j w_j (the last among exact ties) while it is < 0."""
    w = off.sum(axis=1)

    def reflect(signs: np.ndarray, tied: np.ndarray) -> None:
        nonlocal w
        j = int(tied[-1])
        signs[j] = -signs[j]
        w = w + 2.0 * off[:, j] * signs[j]

    failure = ConvergenceError("analysis.horst_signs", factor=number)
    return _reflect_while_negative(off.shape[0], lambda signs: signs * w, reflect, failure)


def _reflect_while_negative(n: int, criterion, reflect, failure: ConvergenceError):
    """Call ``reflect(signs, tied)`` while the smallest ``criterion(signs)`` is < 0.

    ``tied`` holds the sorts at that smallest value; each tie of two or more is recorded.
    Returns (signs, reflections, ties); raises ``failure`` after 50 N + 1000
    reflections.
    """
    signs, ties = np.ones(n), []
    for reflections in range(50 * n + 1000):
        values = criterion(signs)
        smallest = values.min()
        if smallest >= 0:
            return signs, reflections, ties
        tied = np.flatnonzero(values == smallest)
        if tied.size > 1:
            ties.append(tied.tolist())
        reflect(signs, tied)
    raise failure


def brown_centroid(correlation: np.ndarray, n_factors: int, n_statements: int) -> Extraction:
    """Brown's centroid as KADE computes it for PQMethod (module docstring).

    Parameters
    ----------
    correlation, n_factors, n_statements
        As for :func:`horst55`: R, the K factors to extract and M (only to check K).

    Returns
    -------
    Extraction
        Loadings (N x K), sums of squared loadings as ``eigenvalues``, ``method="centroid"``,
        reflections and iterations in ``diagnostics``.

    Raises
    ------
    ConvergenceError
        When the reflections or the communalities of a factor do not settle.
    """
    residual = _checked(correlation, n_factors, n_statements)
    np.fill_diagonal(residual, 0.0)
    factors, events = [], []
    for number in range(1, n_factors + 1):
        signs, reflections, ties = _brown_signs(residual)
        sums = (residual * np.outer(signs, signs)).sum(axis=0)
        f, iterations = _brown_loadings(sums, number)
        f = f * signs  # [2] undo the reflections
        residual -= np.outer(f, f)
        np.fill_diagonal(residual, 0.0)
        factors.append(f)
        events.append(factor_record(number, reflections, iterations, ties))
    loadings = np.column_stack(factors)
    diagnostics = {
        "centroid": "brown",
        "start": BROWN_START,
        "tolerance": BROWN_TOLERANCE,
        "factors": events,
    }
    return Extraction(loadings, np.sum(loadings**2, axis=0), "centroid", diagnostics)


def _brown_signs(residual: np.ndarray) -> tuple[np.ndarray, int, list[list[int]]]:
    """Reflect the sort with the smallest column sum (first among exact ties) while it is < 0."""

    def reflect(signs: np.ndarray, tied: np.ndarray) -> None:
        signs[tied[0]] = -signs[tied[0]]

    return _reflect_while_negative(
        residual.shape[0],
        lambda signs: (residual * np.outer(signs, signs)).sum(axis=0),
        reflect,
        ConvergenceError("analysis.brown_signs"),
    )


def _brown_loadings(sums: np.ndarray, number: int) -> tuple[np.ndarray, int]:
    h = np.full(sums.size, BROWN_START)
    for iteration in range(MAX_BROWN_ITERATIONS):
        t = sums + h
        f = t / np.sqrt(t.sum())
        if np.max(np.abs(h - f**2)) <= BROWN_TOLERANCE:
            return f, iteration
        h = f**2
    raise ConvergenceError("analysis.brown_communalities", factor=number, max=MAX_BROWN_ITERATIONS)


def _checked(correlation: np.ndarray, n_factors: int, n_statements: int) -> np.ndarray:
    r = np.array(correlation, dtype=float)
    if r.ndim != 2 or r.shape[0] != r.shape[1]:
        raise AnalysisError("analysis.correlation_not_square", shape=list(r.shape))
    check_n_factors(n_factors, r.shape[0], n_statements)
    return r
