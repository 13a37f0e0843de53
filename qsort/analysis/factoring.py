"""Extract and rotate the factors the way the chosen conventions do it.

``extract`` runs principal components or the conventions' centroid method; ``rotate_factors``
runs their varimax (or none), orders and signs the factors by their rule, then applies the
judgmental rotations. See :mod:`qsort.analysis.conventions` for the three convention sets.
"""

from dataclasses import replace

import numpy as np

from qsort.analysis.centroid_pqmethod import brown_centroid, horst55
from qsort.analysis.conventions import Conventions
from qsort.analysis.correlation import as_matrix
from qsort.analysis.errors import AnalysisError
from qsort.analysis.extraction import Extraction, centroid, principal_components
from qsort.analysis.options import AnalysisOptions
from qsort.analysis.results import CORRELATION_MAX_SORTS
from qsort.analysis.rotation import (
    judgmental_rotation,
    order_by_explained_variance,
    order_like_psych,
    rotate,
    sign_by_signed_squares,
)


def extract(x, options: AnalysisOptions, conv: Conventions, correlation) -> Extraction:
    """Principal components (PQMethod: signed by signed squares) or the chosen centroid, with
    the loadings rounded as the conventions pass them on.

    Parameters
    ----------
    x : ndarray, shape (n_sorts, n_statements)
        The sorts.
    options : AnalysisOptions
        Method, number of factors and centroid asked for.
    conv : Conventions
        The run's conventions.
    correlation : ndarray, SortCorrelations or None
        The correlation matrix, or its lazy form (built only if used); None above
        ``CORRELATION_MAX_SORTS`` sorts.

    Returns
    -------
    Extraction
        The unrotated factors.

    Raises
    ------
    AnalysisError
        For PQMethod's centroids without a correlation matrix.
    """
    extraction = _extract(x, options, conv, correlation)
    if conv.loading_decimals is None:
        return extraction
    return replace(extraction, loadings=np.round(extraction.loadings, conv.loading_decimals))


def _extract(x, options: AnalysisOptions, conv: Conventions, correlation) -> Extraction:
    if options.method == "pca":
        extraction = principal_components(x, options.n_factors, correlation=correlation)
        if conv.psych_order_and_sign:
            return extraction
        return replace(extraction, loadings=sign_by_signed_squares(extraction.loadings))
    method = options.centroid_method(conv)
    if method == "qmethod":
        return centroid(x, options.n_factors, correlation=correlation)
    if correlation is None:
        raise AnalysisError("analysis.centroid_too_many_sorts", max=CORRELATION_MAX_SORTS)
    extract = horst55 if method == "horst55" else brown_centroid
    return extract(as_matrix(correlation), options.n_factors, x.shape[1])


def rotate_factors(unrotated, options: AnalysisOptions, conv: Conventions):
    """Varimax (or none) by the run's algorithm; then psych's order-and-sign rule for PCA and
    variance order for centroid under the qsort conventions, or PQMethod's sign rule after
    varimax; then the judgmental rotations in order.

    Parameters
    ----------
    unrotated : ndarray, shape (n_sorts, n_factors)
        Unrotated loadings.
    options : AnalysisOptions
        Rotation, method and judgmental rotations asked for.
    conv : Conventions
        The run's conventions.

    Returns
    -------
    loadings : ndarray, shape (n_sorts, n_factors)
        The rotated loadings.
    diagnostics : dict or None
        The varimax diagnostics; None without varimax.
    """
    loadings, info = rotate(unrotated, options.rotation, options.varimax(conv))
    if not conv.psych_order_and_sign:
        if options.rotation == "varimax":
            loadings = sign_by_signed_squares(loadings)
    elif options.method == "pca":
        loadings = order_like_psych(loadings)
    elif conv.order_centroid_by_variance:
        loadings = order_by_explained_variance(loadings)
    loadings = judgmental_rotation(loadings, options.judgmental_rotations)
    if conv.loading_decimals is not None:
        loadings = np.round(loadings, conv.loading_decimals)
    return loadings, info


def solution_diagnostics(extraction: dict, rotation: dict | None, ties: list[dict]) -> dict:
    """The extraction's diagnostics, plus the varimax's and the decisive reflection ties.

    Parameters
    ----------
    extraction : dict
        :attr:`Extraction.diagnostics`.
    rotation : dict or None
        The varimax diagnostics.
    ties : list of dict
        The reflection ties that decided the solution (kept for a centroid only).

    Returns
    -------
    dict
    """
    diagnostics = {**extraction, "varimax": rotation} if rotation else dict(extraction)
    if "factors" in extraction:  # a centroid
        diagnostics["reflection_ties"] = ties
    return diagnostics
