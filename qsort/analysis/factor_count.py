"""Aids for choosing the number of factors. They suggest; the analyst decides.

- Kaiser-Guttman: eigenvalues of the correlation matrix greater than 1.
- Humphrey's rule (Brown [1]_, p. 223): a factor is significant when the product of its two
  highest absolute loadings exceeds twice the standard error, 2 / sqrt(M).
- Significant loadings: how many sorts load above 1.96 / sqrt(M) (at least two are wanted).
- Horn's parallel analysis [2]_: eigenvalues of random sorts on the same grid (each a random
  permutation of the grid values, drawn as :mod:`qsort.analysis.parallel_draws` describes),
  seeded; a factor is retained while its eigenvalue exceeds the 95th percentile of the random
  ones (Glorfeld [3]_). The mean is reported too.

References
----------
.. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in Political
   Science*. New Haven: Yale University Press, p. 223 (Humphrey's rule).
.. [2] Horn, J. L. (1965). A rationale and test for the number of factors in factor analysis.
   *Psychometrika*, 30(2), 179-185. https://doi.org/10.1007/BF02289447
.. [3] Glorfeld, L. W. (1995). An improvement on Horn's parallel analysis methodology for
   selecting the correct number of factors to retain. *Educational and Psychological
   Measurement*, 55(3), 377-393. https://doi.org/10.1177/0013164495055003002
"""

from dataclasses import dataclass

import numpy as np

from qsort.analysis.flagging import Z_CRITICAL
from qsort.analysis.parallel_draws import DEFAULT_DRAWS, PARALLEL_SEED, shared_random_eigenvalues

#: Target number of random grid values drawn per parallel-analysis run: keeps the aid to a
#: fraction of a second for large studies, whose random eigenvalues hardly vary between draws.
PARALLEL_BUDGET = 2_500_000
PARALLEL_MAX_ITERATIONS = 100
PARALLEL_MIN_ITERATIONS = 10
#: Loadings for Humphrey's rule and significant-loading counts are reported for this many
#: principal components at most.
MAX_CANDIDATES = 8


@dataclass(frozen=True)
class FactorCountAids:
    """All aids, for principal components 1..``n_candidates`` of the correlation matrix."""

    eigenvalues: np.ndarray
    kaiser: int
    humphrey: list[bool]
    humphrey_products: list[float]
    significant_loadings: list[int]
    parallel_mean: np.ndarray
    parallel_p95: np.ndarray
    parallel_suggestion: int
    parallel_iterations: int
    parallel_seed: int

    def as_dict(self) -> dict[str, object]:
        return {
            "eigenvalues": self.eigenvalues.tolist(),
            "kaiser": self.kaiser,
            "humphrey": self.humphrey,
            "humphrey_products": self.humphrey_products,
            "significant_loadings": self.significant_loadings,
            "parallel_analysis": {
                "mean": self.parallel_mean.tolist(),
                "p95": self.parallel_p95.tolist(),
                "suggested": self.parallel_suggestion,
                "iterations": self.parallel_iterations,
                "seed": self.parallel_seed,
                "rule": "eigenvalue > 95th percentile of random eigenvalues",
            },
        }


def factor_count_aids(
    sorts: np.ndarray,
    eigenvalues: np.ndarray,
    pca_loadings: np.ndarray,
    *,
    seed: int = PARALLEL_SEED,
    iterations: int | None = None,
    draws: str = DEFAULT_DRAWS,
) -> FactorCountAids:
    r"""Compute every aid from the PCA eigenvalues and unrotated PCA loadings.

    .. math:: \mathrm{SE} = 1 / \sqrt{M}, \qquad \text{Humphrey: } |a_{(1)f}|\,|a_{(2)f}| > 2\,\mathrm{SE}

    with :math:`a_{(1)f}, a_{(2)f}` the two largest absolute loadings of component f.

    Parameters
    ----------
    sorts : ndarray, shape (n_sorts, n_statements)
        The sorts; the first one's values are the grid the random sorts permute.
    eigenvalues : ndarray, shape (n_sorts,)
        Eigenvalues of the correlation matrix, descending.
    pca_loadings : ndarray, shape (n_sorts, n_candidates)
        Unrotated principal-component loadings.
    seed : int
        Seed of the parallel analysis' random generator.
    iterations : int, optional
        Random draws; by default as many as ``PARALLEL_BUDGET`` allows, within
        ``PARALLEL_MIN_ITERATIONS`` .. ``PARALLEL_MAX_ITERATIONS``.
    draws : str
        How the random sorts are drawn (:mod:`qsort.analysis.parallel_draws`).

    Returns
    -------
    FactorCountAids
        Kaiser's count, Humphrey's rule per component, the significant loadings per component,
        and the parallel analysis' mean, 95th percentile and suggestion.
    """
    n_sorts, n_statements = sorts.shape
    standard_error = 1.0 / np.sqrt(n_statements)
    top_two = np.sort(np.abs(pca_loadings), axis=0)[-2:] if n_sorts >= 2 else np.zeros((2, 0))
    products = (top_two[0] * top_two[1]).tolist()
    threshold = Z_CRITICAL[0.05] * standard_error
    if iterations is None:
        iterations = int(
            np.clip(
                PARALLEL_BUDGET // (n_sorts * n_statements),
                PARALLEL_MIN_ITERATIONS,
                PARALLEL_MAX_ITERATIONS,
            )
        )
    random_values = shared_random_eigenvalues(sorts[0], n_sorts, iterations, seed, draws)
    count = min(random_values.shape[1], eigenvalues.size)
    p95 = np.percentile(random_values, 95, axis=0)[:count]
    exceeds = eigenvalues[:count] > p95
    suggestion = int(np.argmin(exceeds)) if not exceeds.all() else count
    return FactorCountAids(
        eigenvalues=eigenvalues,
        kaiser=int(np.sum(eigenvalues > 1.0)),
        humphrey=[bool(p > 2.0 * standard_error) for p in products],
        humphrey_products=products,
        significant_loadings=(np.abs(pca_loadings) > threshold).sum(axis=0).tolist(),
        parallel_mean=random_values.mean(axis=0)[:count],
        parallel_p95=p95,
        parallel_suggestion=suggestion,
        parallel_iterations=iterations,
        parallel_seed=seed,
    )
