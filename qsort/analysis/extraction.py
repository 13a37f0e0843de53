"""Factor extraction: principal components and Brown's centroid method.

Both return *unrotated* loadings, shape (n_sorts, n_factors), as qmethod 1.8.4 [2]_ computes
them; the centroid is Brown's [1]_. Large studies never build the N x N correlation matrix: both
methods work from the standardised sorts Z (R = Z Z' / (M - 1)).

References
----------
.. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in Political
   Science*. New Haven: Yale University Press, pp. 208-224 (the centroid method).
.. [2] Zabala, A. (2014). qmethod: A Package to Explore Human Perspectives Using Q Methodology.
   *The R Journal*, 6(2), 163-173. https://doi.org/10.32614/RJ-2014-032
"""

from dataclasses import dataclass, field

import numpy as np

from qsort.analysis.correlation import as_matrix, correlation_matrix, standardised_sorts
from qsort.analysis.errors import AnalysisError, ConvergenceError

#: Below this many sorts the centroid works on the dense correlation matrix and recomputes every
#: column sum after each reflection, as qmethod does; above it, on the low-rank form.
DENSE_CENTROID_MAX_SORTS = 500
CENTROID_THRESHOLD = 1e-5  # qmethod's ``spc`` default
MAX_COMMUNALITY_ITERATIONS = 10_000
EPS = np.finfo(float).eps


@dataclass(frozen=True)
class Extraction:
    """Unrotated factors.

    Attributes
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
    eigenvalues : ndarray
        PCA: all N eigenvalues of the correlation matrix, descending (zeros beyond its rank).
        Centroid: sum of squared unrotated loadings per factor (qmethod's convention).
    method : str
        ``"pca"`` or ``"centroid"``.
    diagnostics : dict
        Centroid: reflections and communality iterations per factor, and each exact tie met in
        a reflection step (the tied sorts' indices).
    """

    loadings: np.ndarray
    eigenvalues: np.ndarray
    method: str
    diagnostics: dict = field(default_factory=dict)


def check_n_factors(n_factors: int, n_sorts: int, n_statements: int) -> None:
    """K must lie in 1 .. min(N, M - 1): the correlation matrix has rank at most M - 1.

    Parameters
    ----------
    n_factors : int
        Number of factors K asked for.
    n_sorts : int
        Number of sorts N.
    n_statements : int
        Number of statements M.

    Returns
    -------
    None

    Raises
    ------
    AnalysisError
        When K is not an integer in that range.
    """
    upper = min(n_sorts, n_statements - 1)
    if not isinstance(n_factors, (int, np.integer)) or not 1 <= n_factors <= upper:
        raise AnalysisError(
            "analysis.n_factors",
            n=repr(n_factors),
            sorts=n_sorts,
            statements=n_statements,
            max=upper,
        )


def factor_record(number: int, reflections: int, iterations: int, ties: list) -> dict:
    """What a centroid records of one factor in :attr:`Extraction.diagnostics`.

    Parameters
    ----------
    number : int
        The factor, 1-based.
    reflections : int
        Sorts reflected before its loadings were computed.
    iterations : int
        Communality iterations until they settled.
    ties : list of list of int
        Each exact tie met in a reflection step (the tied sorts' indices).

    Returns
    -------
    dict
        ``factor``, ``reflections``, ``iterations`` and ``exact_ties``.
    """
    return {
        "factor": number,
        "reflections": reflections,
        "iterations": iterations,
        "exact_ties": ties,
    }


def principal_components(
    sorts: np.ndarray, n_factors: int, *, correlation: np.ndarray | None = None
) -> Extraction:
    r"""Principal components of the by-person correlation matrix.

    Loadings are eigenvectors scaled by the square root of their eigenvalues,
    :math:`A = V \Lambda^{1/2}`, for the K largest eigenvalues (eigenvalues below machine
    epsilon are raised to it first); each column is then multiplied by the sign of its column sum
    (zero counts as positive). This is ``psych::principal(r, nfactors, rotate = "none")`` as called
    by qmethod [1]_.

    With more sorts than statements the eigenpairs come from the M x M matrix Z'Z / (M - 1),
    which shares the non-zero eigenvalues of R; loadings are then :math:`Z v / \sqrt{M - 1}`.

    Parameters
    ----------
    sorts : ndarray, shape (n_sorts, n_statements)
        Grid value each sort gave each statement.
    n_factors : int
        Number of components K (:func:`check_n_factors`).
    correlation : ndarray or SortCorrelations, optional
        The precomputed correlation matrix, used when N <= M.

    Returns
    -------
    Extraction
        Loadings (N x K), all N eigenvalues (descending), ``method="pca"``.

    References
    ----------
    .. [1] Zabala, A. (2014). qmethod: A Package to Explore Human Perspectives Using Q
       Methodology. *The R Journal*, 6(2), 163-173. https://doi.org/10.32614/RJ-2014-032
    """
    n_sorts, n_statements = sorts.shape
    check_n_factors(n_factors, n_sorts, n_statements)
    if n_sorts <= n_statements:
        r = correlation_matrix(sorts) if correlation is None else as_matrix(correlation)
        values, vectors = np.linalg.eigh(r)
        values, vectors = values[::-1], vectors[:, ::-1]
        loadings = vectors[:, :n_factors] * np.sqrt(np.maximum(values[:n_factors], EPS))
        eigenvalues = values.copy()
    else:
        z = standardised_sorts(sorts)
        gram = z.T @ z / (n_statements - 1)
        values, vectors = np.linalg.eigh(gram)
        values, vectors = values[::-1], vectors[:, ::-1]
        loadings = z @ vectors[:, :n_factors] / np.sqrt(n_statements - 1)
        eigenvalues = np.zeros(n_sorts)
        eigenvalues[:n_statements] = values
    eigenvalues[np.abs(eigenvalues) < 1e3 * EPS * n_sorts] = 0.0
    return Extraction(loadings=_flip_by_column_sum(loadings), eigenvalues=eigenvalues, method="pca")


def _flip_by_column_sum(loadings: np.ndarray) -> np.ndarray:
    signs = np.sign(loadings.sum(axis=0))
    signs[signs == 0] = 1.0
    return loadings * signs


def centroid(
    sorts: np.ndarray,
    n_factors: int,
    *,
    threshold: float = CENTROID_THRESHOLD,
    correlation: np.ndarray | None = None,
) -> Extraction:
    r"""Brown's centroid method [1]_ (pp. 208-224), as implemented in qmethod 1.8.4 [2]_.

    For each factor, on the residual correlation matrix with a zero diagonal:

    1. While any column sum is :math:`\le 0`, reflect (negate row and column of) the sort with the
       smallest column sum, one at a time; among exactly tied smallest sums take the first.
    2. Start the communalities at :math:`h = c / (N - 1)` (c: column sums); iterate
       :math:`f = (c + h) / \sqrt{\sum (c + h)}`, :math:`h = f^2` until every
       :math:`|h - f^2| <` ``threshold``.
    3. Undo the reflections on f and subtract :math:`f f^\top` from the residual matrix.

    qmethod has no iteration cap and hangs when a column sum is exactly 0 (reflecting it changes
    nothing); here that case and a communality iteration that does not settle raise
    :class:`ConvergenceError`.

    Parameters
    ----------
    sorts, n_factors
        As for :func:`principal_components` (K factors rather than components).
    threshold : float, optional
        Convergence of the communalities (step 2), qmethod's ``spc``.
    correlation : ndarray or SortCorrelations, optional
        The precomputed correlation matrix, used up to ``DENSE_CENTROID_MAX_SORTS`` sorts.

    Returns
    -------
    Extraction
        Loadings (N x K), the sum of squared loadings per factor as ``eigenvalues``,
        ``method="centroid"``, reflections, iterations and ties in ``diagnostics``.

    References
    ----------
    .. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in
       Political Science*. New Haven: Yale University Press, pp. 208-224.
    .. [2] Zabala, A. (2014). qmethod: A Package to Explore Human Perspectives Using Q
       Methodology. *The R Journal*, 6(2), 163-173 (``extraction = "centroid"``).
       https://doi.org/10.32614/RJ-2014-032
    """
    n_sorts, n_statements = sorts.shape
    check_n_factors(n_factors, n_sorts, n_statements)
    if n_sorts <= DENSE_CENTROID_MAX_SORTS:
        given = correlation_matrix(sorts) if correlation is None else as_matrix(correlation)
        residual = _DenseResidual(given)
    else:
        residual = _LowRankResidual(standardised_sorts(sorts))
    factors, events = [], []
    for number in range(1, n_factors + 1):
        signs, reflections, ties = _reflect_to_positive_manifold(residual, number)
        f, iterations = _iterate_communalities(residual.column_sums(signs), threshold, number)
        f = f * signs  # step 3: undo the reflections
        residual.subtract(f)
        factors.append(f)
        events.append(factor_record(number, reflections, iterations, ties))
    loadings = np.column_stack(factors)
    return Extraction(
        loadings=loadings,
        eigenvalues=(loadings**2).sum(axis=0),
        method="centroid",
        diagnostics={"centroid": "qmethod", "threshold": threshold, "factors": events},
    )


def _reflect_to_positive_manifold(residual, number: int) -> tuple[np.ndarray, int, list[list[int]]]:
    n = residual.n
    signs = np.ones(n)
    sums = residual.column_sums(signs)
    reflections, ties = 0, []
    max_reflections = 50 * n + 1000
    while True:
        k = int(np.argmin(sums))  # first among exact ties
        smallest = sums[k]
        if smallest > 0:
            return signs, reflections, ties
        if smallest == 0:
            raise ConvergenceError(
                "analysis.centroid_zero_sum", factor=number, sort=k + 1, sort_index=k
            )
        tied = np.flatnonzero(sums == smallest)
        if tied.size > 1:
            ties.append(tied.tolist())
        if reflections >= max_reflections:
            raise ConvergenceError(
                "analysis.centroid_reflections", factor=number, reflections=reflections
            )
        sums = residual.reflect(signs, sums, k)
        reflections += 1


def _iterate_communalities(
    sums: np.ndarray, threshold: float, number: int
) -> tuple[np.ndarray, int]:
    h = sums / (sums.size - 1)
    t = sums + h
    f = t / np.sqrt(t.sum())
    for iteration in range(MAX_COMMUNALITY_ITERATIONS):
        if np.all(np.abs(h - f**2) < threshold):
            return f, iteration
        h = f**2
        t = sums + h
        f = t / np.sqrt(t.sum())
    raise ConvergenceError(
        "analysis.centroid_communalities",
        factor=number,
        max=MAX_COMMUNALITY_ITERATIONS,
        threshold=f"{threshold:g}",
    )


def _sequential_sum(values: np.ndarray) -> float:
    """Sum in extended precision, in order (R's ``sum`` of doubles)."""
    return float(np.cumsum(values, dtype=np.longdouble)[-1])


class _DenseResidual:
    """Residual correlation matrix held in full, diagonal excluded from every sum."""

    def __init__(self, correlation: np.ndarray) -> None:
        self.matrix = np.array(correlation, dtype=float)
        np.fill_diagonal(self.matrix, 0.0)
        self.n = self.matrix.shape[0]

    def column_sums(self, signs: np.ndarray) -> np.ndarray:
        """Column sums of the reflected matrix S R S (S = diag(signs)).

        Accumulated row by row in extended precision, as R's ``colSums`` does: when a sum is
        mathematically zero its sign is decided by rounding, and this keeps qmethod's decision.
        """
        reflected = self.matrix * np.outer(signs, signs)
        return reflected.astype(np.longdouble).sum(axis=0).astype(float)

    def reflect(self, signs: np.ndarray, sums: np.ndarray, k: int) -> np.ndarray:
        signs[k] = -signs[k]
        return self.column_sums(signs)  # recomputed in full, as qmethod does

    def subtract(self, f: np.ndarray) -> None:
        self.matrix -= np.outer(f, f)
        np.fill_diagonal(self.matrix, 0.0)


class _LowRankResidual:
    r"""Residual :math:`Z Z^\top / (M-1) - F F^\top` kept in factored form: O(N M) per step."""

    def __init__(self, z: np.ndarray) -> None:
        self.z = z / np.sqrt(z.shape[1] - 1)
        self.n = z.shape[0]
        self.factors = np.zeros((self.n, 0))
        self.diagonal = np.einsum("ij,ij->i", self.z, self.z)

    def _matvec(self, v: np.ndarray) -> np.ndarray:
        return self.z @ (self.z.T @ v) - self.factors @ (self.factors.T @ v) - self.diagonal * v

    def column_sums(self, signs: np.ndarray) -> np.ndarray:
        return signs * self._matvec(signs)

    def reflect(self, signs: np.ndarray, sums: np.ndarray, k: int) -> np.ndarray:
        column = self.z @ self.z[k] - self.factors @ self.factors[k]
        column[k] = 0.0
        # Entry (i, k) of the reflected matrix is s_i s_k r_ik; negating column k lowers sum i by twice it.
        sums = sums - 2.0 * signs * signs[k] * column
        sums[k] = -sums[k]
        signs[k] = -signs[k]
        return sums

    def subtract(self, f: np.ndarray) -> None:
        self.factors = np.column_stack([self.factors, f])
        self.diagonal = self.diagonal - f**2
