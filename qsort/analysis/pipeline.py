"""``analyse()``: the whole Q analysis as one composition of the steps in this package.

correlate -> extract -> rotate (varimax / none, then judgmental) -> flag (automatic, manual
overrides) -> orient -> z-scores and factor arrays -> characteristics -> distinguishing and
consensus -> rankings and factor-count aids.
"""

from collections.abc import Mapping, Sequence
from importlib.metadata import version

import numpy as np

from qsort.analysis import characteristics as chars
from qsort.analysis import distinguishing as qdc
from qsort.analysis.conventions import Conventions, get_conventions
from qsort.analysis.correlation import correlation_matrix
from qsort.analysis.errors import AnalysisError, QmethodRefusal
from qsort.analysis.extraction import (
    CENTROID_THRESHOLD,
    centroid,
    check_n_factors,
    principal_components,
)
from qsort.analysis.factor_count import MAX_CANDIDATES, factor_count_aids
from qsort.analysis.flagging import apply_manual_flags, automatic_flags, significance_threshold
from qsort.analysis.qsorts import grid_values, validate_sorts
from qsort.analysis.ranking import dividing_statements, factor_ranking, overall_ranking
from qsort.analysis.results import CORRELATION_MAX_SORTS, QAnalysis
from qsort.analysis.rotation import (
    VARIMAX_SETTINGS,
    JudgmentalRotation,
    judgmental_rotation,
    order_by_explained_variance,
    order_like_psych,
    rotate,
)
from qsort.analysis.scores import (
    factor_arrays_on_grid,
    factor_arrays_qmethod,
    factor_weights,
    z_scores,
)
from qsort.analysis.warnings import plain_warnings

METHODS = ("pca", "centroid")


def analyse(
    sorts: np.ndarray,
    n_factors: int,
    *,
    method: str = "pca",
    rotation: str = "varimax",
    conventions: str | Conventions = "qsort",
    significance: float = 0.05,
    majority_rule: bool = True,
    manual_flags: Mapping[int, Sequence[int]] | None = None,
    judgmental_rotations: Sequence[JudgmentalRotation] = (),
    participants: Sequence[str] | None = None,
    statements: Sequence[str] | None = None,
    with_factor_count_aids: bool = True,
    parallel_iterations: int | None = None,
    seed: int = 20140601,
) -> QAnalysis:
    """Run a complete by-person factor analysis of Q-sorts.

    Parameters
    ----------
    sorts : array_like of int, shape (n_sorts, n_statements)
        ``sorts[i, j]`` is the grid value sort i gives statement j; all sorts share one forced
        distribution.
    n_factors : int
        Factors to extract, 1 .. min(N, M - 1).
    method : {"pca", "centroid"}
    rotation : {"varimax", "none"}
    conventions : {"qsort", "qmethod"}
        ``"qmethod"`` reproduces R qmethod 1.8.4; see :mod:`qsort.analysis.conventions`.
    significance : {0.05, 0.01, 0.001}
        Level of the automatic flagging criterion.
    majority_rule : bool
        Also require a² > h² - a² for a flag (qmethod's second criterion).
    manual_flags : mapping of sort index -> 1-based factors, optional
        Replaces the automatic flags of the sorts it names.
    judgmental_rotations : sequence of JudgmentalRotation
        Applied in order after varimax; recorded in ``settings``.
    """
    conv = get_conventions(conventions)
    if method not in METHODS:
        raise AnalysisError(
            f"method: {method!r} is not available; choose one of {', '.join(METHODS)}"
        )
    participants = _names(participants, "participant", "sort", len(np.asarray(sorts)))
    x = validate_sorts(sorts, participants)
    statements = _names(statements, "statement", "s", x.shape[1])
    n_sorts, n_statements = x.shape
    check_n_factors(n_factors, n_sorts, n_statements)
    _check_qmethod_can_run(method, rotation, n_factors, conv)
    correlation = correlation_matrix(x) if n_sorts <= CORRELATION_MAX_SORTS else None
    extraction = _extract(x, n_factors, method, correlation)
    loadings = _rotate(extraction.loadings, method, rotation, conv, judgmental_rotations)
    flags = automatic_flags(
        loadings, n_statements, significance=significance, majority_rule=majority_rule
    )
    if manual_flags:
        flags = apply_manual_flags(flags, manual_flags)
    if conv.orient_by_defining_sorts:
        loadings = _orient_by_defining_sorts(loadings, flags)
    _check_empty_factors(flags, conv)
    scored = _scores(x, loadings, flags, conv)
    compared = [f for f in range(n_factors) if not np.all(np.isnan(scored["z"][:, f]))]
    comparisons = (
        qdc.compare_factors(scored["z"], scored["sed"], compared) if len(compared) > 1 else []
    )
    settings = _settings(
        conv,
        method,
        rotation,
        n_factors,
        significance,
        majority_rule,
        manual_flags,
        judgmental_rotations,
        participants,
        n_statements,
    )
    aids = (
        _aids(x, extraction, method, parallel_iterations, seed) if with_factor_count_aids else None
    )
    return QAnalysis(
        participants=participants,
        statements=statements,
        method=method,
        rotation=rotation,
        n_factors=n_factors,
        settings=settings,
        correlation=correlation,
        eigenvalues=extraction.eigenvalues,
        unrotated_loadings=extraction.loadings,
        loadings=loadings,
        flags=flags,
        z_scores=scored["z"],
        factor_arrays=scored["arrays"],
        n_defining=flags.sum(axis=0),
        composite_reliability=scored["reliability"],
        se_factor_scores=scored["se"],
        sed=scored["sed"],
        explained_variance=chars.explained_variance(loadings),
        rotated_eigenvalues=(loadings**2).sum(axis=0),
        factor_correlations=chars.factor_correlations(scored["z"]),
        comparisons=comparisons,
        compared_factors=[f + 1 for f in compared],
        **_distinguishing_and_consensus(comparisons, compared, n_factors, statements, conv),
        bipolar=_bipolar(loadings, flags, participants),
        overall_ranking=overall_ranking(x, statements),
        factor_rankings={
            f + 1: factor_ranking(scored["z"][:, f], scored["arrays"][:, f], statements)
            for f in range(n_factors)
        },
        dividing=dividing_statements(x, statements),
        factor_count_aids=aids,
        warnings=plain_warnings(loadings, flags, participants, n_statements),
        diagnostics=extraction.diagnostics,
    )


def _names(names: Sequence[str] | None, what: str, prefix: str, count: int) -> list[str]:
    if names is None:
        return [f"{prefix}{i + 1}" for i in range(count)]
    names = [str(n) for n in names]
    if len(names) != count:
        raise AnalysisError(f"Q-sort input: {len(names)} {what} names for {count} {what}s")
    seen = set()
    for name in names:
        if name in seen:
            raise AnalysisError(
                f"Q-sort input: {what} {name!r} appears twice; names must be unique"
            )
        seen.add(name)
    return names


def _extract(x, n_factors, method, correlation):
    if method == "pca":
        return principal_components(x, n_factors, correlation=correlation)
    return centroid(x, n_factors, correlation=correlation)


def _rotate(unrotated, method, rotation, conv, judgmental_rotations):
    """Varimax (or none); psych's order-and-sign rule for PCA, variance order for centroid
    under the qsort conventions; then the judgmental rotations in order."""
    loadings = rotate(unrotated, rotation)
    if method == "pca":
        loadings = order_like_psych(loadings)
    elif conv.order_centroid_by_variance:
        loadings = order_by_explained_variance(loadings)
    return judgmental_rotation(loadings, judgmental_rotations)


def _orient_by_defining_sorts(loadings: np.ndarray, flags: np.ndarray) -> np.ndarray:
    """Flip each factor whose defining sorts load mostly negatively (by count, then by sum)."""
    oriented = loadings.copy()
    for f in range(loadings.shape[1]):
        defining = loadings[flags[:, f], f]
        if defining.size == 0:
            continue
        balance = np.sum(defining > 0) - np.sum(defining < 0)
        if balance < 0 or (balance == 0 and defining.sum() < 0):
            oriented[:, f] = -oriented[:, f]
    return oriented


def _check_qmethod_can_run(method: str, rotation: str, n_factors: int, conv: Conventions) -> None:
    if (
        conv.refuse_like_qmethod
        and method == "centroid"
        and rotation == "varimax"
        and n_factors == 1
    ):
        raise QmethodRefusal(
            "qmethod 1.8.4 cannot varimax-rotate a single centroid factor (it stops with 'argument "
            "is of length zero'); use --rotation none, extract more factors, or use --conventions "
            "qsort, which leaves a single factor unrotated"
        )


def _check_empty_factors(flags: np.ndarray, conv: Conventions) -> None:
    """qmethod's ``qdc`` stops when some factor has no flagged sort but the last factor has."""
    empty = [f + 1 for f in range(flags.shape[1]) if not flags[:, f].any()]
    if conv.refuse_like_qmethod and empty and flags[:, -1].any():
        raise QmethodRefusal(
            f"factor {empty[0]} has no flagged sorts and is not the last factor; qmethod 1.8.4 "
            "stops here (its distinguishing and consensus step cannot continue). Flag a sort on it "
            "by hand, extract fewer factors, or use --conventions qsort, which reports the factor "
            "as having no defining sorts and goes on"
        )


def _scores(x, loadings, flags, conv) -> dict[str, np.ndarray]:
    weights = factor_weights(loadings, flags)
    z = z_scores(x, weights)
    grid = grid_values(x)
    if conv.grid_respecting_arrays:
        arrays = factor_arrays_on_grid(z, grid, tie_break=x.mean(axis=0))
    else:
        arrays = factor_arrays_qmethod(z, grid)
    reliability = chars.composite_reliability(flags.sum(axis=0))
    se = chars.se_factor_scores(z, reliability)
    return {
        "z": z,
        "arrays": arrays,
        "reliability": reliability,
        "se": se,
        "sed": chars.sed_matrix(se),
    }


def _distinguishing_and_consensus(comparisons, compared, n_factors, statements, conv) -> dict:
    def ids(mask):
        return [s for s, m in zip(statements, mask, strict=True) if m]

    empty = {f + 1: [] for f in range(n_factors)}
    if not comparisons:
        return {
            "distinguishing": empty,
            "distinguishing_p01": dict(empty),
            "consensus": [],
            "consensus_pqmethod": [] if conv.pqmethod_consensus else None,
            "qdc_labels": None,
        }
    distinguishing = dict(empty)
    distinguishing_p01 = dict(empty)
    for f in compared:
        distinguishing[f + 1] = ids(qdc.distinguishing_statements(comparisons, f, 0.05))
        distinguishing_p01[f + 1] = ids(qdc.distinguishing_statements(comparisons, f, 0.01))
    pqmethod = None
    if conv.pqmethod_consensus:
        at_01 = qdc.consensus_statements(comparisons, 0.01)
        at_05 = qdc.consensus_statements(comparisons, 0.05)
        pqmethod = [
            {"statement": s, "significant_at_05": not bool(c05)}
            for s, c01, c05 in zip(statements, at_01, at_05, strict=True)
            if c01
        ]
    return {
        "distinguishing": distinguishing,
        "distinguishing_p01": distinguishing_p01,
        "consensus": ids(qdc.consensus_statements(comparisons, 0.05)),
        "consensus_pqmethod": pqmethod,
        "qdc_labels": qdc.qmethod_labels(comparisons, compared),
    }


def _bipolar(loadings, flags, participants) -> dict[int, dict[str, list[str]]]:
    result = {}
    for f in range(loadings.shape[1]):
        positive = [
            p
            for p, a, m in zip(participants, loadings[:, f], flags[:, f], strict=True)
            if m and a > 0
        ]
        negative = [
            p
            for p, a, m in zip(participants, loadings[:, f], flags[:, f], strict=True)
            if m and a < 0
        ]
        if positive and negative:
            result[f + 1] = {"positive": positive, "negative": negative}
    return result


def _aids(x, extraction, method, iterations, seed):
    n_sorts, n_statements = x.shape
    candidates = min(MAX_CANDIDATES, n_sorts, n_statements - 1)
    pca = principal_components(x, candidates)
    eigenvalues = extraction.eigenvalues if method == "pca" else pca.eigenvalues
    return factor_count_aids(x, eigenvalues, pca.loadings, seed=seed, iterations=iterations)


def _settings(
    conv,
    method,
    rotation,
    n_factors,
    significance,
    majority_rule,
    manual_flags,
    judgmental_rotations,
    participants,
    n_statements,
) -> dict:
    return {
        "conventions": conv.name,
        "convention_switches": conv.as_dict(),
        "method": method,
        "rotation": rotation,
        "n_factors": n_factors,
        "significance": significance,
        "flag_threshold": float(significance_threshold(n_statements, significance)),
        "majority_rule": majority_rule,
        "manual_flags": (
            {participants[i]: sorted(f) for i, f in manual_flags.items()} if manual_flags else None
        ),
        "judgmental_rotations": [r.as_dict() for r in judgmental_rotations],
        "varimax": {
            "kaiser_normalisation": VARIMAX_SETTINGS["normalize"],
            "eps": VARIMAX_SETTINGS["tol"],
            "max_iterations": VARIMAX_SETTINGS["max_iter"],
        },
        "centroid_threshold": CENTROID_THRESHOLD if method == "centroid" else None,
        "average_reliability": chars.AVERAGE_RELIABILITY,
        "factor_array_rule": (
            "grid filled exactly; exact z ties by mean grid value over all sorts, then statement order"
            if conv.grid_respecting_arrays
            else "qmethod: sorted grid value at the truncated average rank of each z-score"
        ),
        "versions": {
            "qsort": version("qsort"),
            "numpy": np.__version__,
            "factor_analyzer": version("factor_analyzer"),
        },
    }
