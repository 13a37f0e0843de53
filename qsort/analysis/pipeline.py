"""``analyse()``: the whole Q analysis as one composition of the steps in this package.

correlate -> extract -> rotate (varimax / none, then judgmental) -> flag (automatic, manual
overrides) -> orient -> z-scores and factor arrays -> characteristics -> distinguishing and
consensus -> rankings and factor-count aids -> priorities, crib sheets, data-quality notes and the
viewpoint checks (:mod:`qsort.analysis.interpretation`).
"""

from collections.abc import Mapping, Sequence

import numpy as np

from qsort.analysis import characteristics as chars
from qsort.analysis import distinguishing as qdc
from qsort.analysis.blas_threads import one_blas_thread
from qsort.analysis.conventions import Conventions, get_conventions
from qsort.analysis.correlation import SortCorrelations
from qsort.analysis.errors import AnalysisError, QmethodRefusal
from qsort.analysis.extraction import Extraction, check_n_factors, principal_components
from qsort.analysis.factor_count import MAX_CANDIDATES, factor_count_aids
from qsort.analysis.factoring import extract, rotate_factors, solution_diagnostics
from qsort.analysis.flagging import apply_manual_flags, automatic_flags
from qsort.analysis.interpretation import interpretation
from qsort.analysis.options import AnalysisOptions, settings_record
from qsort.analysis.parallel_draws import PARALLEL_SEED
from qsort.analysis.qsorts import grid_values, validate_sorts
from qsort.analysis.ranking import dividing_statements, factor_ranking, overall_ranking
from qsort.analysis.results import CORRELATION_MAX_SORTS, QAnalysis
from qsort.analysis.rotation import JudgmentalRotation
from qsort.analysis.scores import (
    factor_arrays_on_grid,
    factor_arrays_qmethod,
    factor_weights,
    z_scores,
)
from qsort.analysis.warnings import reflection_ties, warning_texts

METHODS = ("pca", "centroid")


def analyse(
    sorts: np.ndarray,
    n_factors: int,
    *,
    method: str = "pca",
    rotation: str = "varimax",
    conventions: str = "qsort",
    significance: float = 0.05,
    majority_rule: bool = True,
    manual_flags: Mapping[int, Sequence[int]] | None = None,
    judgmental_rotations: Sequence[JudgmentalRotation] = (),
    participants: Sequence[str] | None = None,
    statements: Sequence[str] | None = None,
    with_factor_count_aids: bool = True,
    parallel_iterations: int | None = None,
    seed: int = PARALLEL_SEED,
    centroid: str | None = None,
    groups: Sequence[str | None] | None = None,
    durations: Sequence[float | None] | None = None,
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
        Principal components or a centroid method.
    rotation : {"varimax", "none"}
        Rotation before the judgmental rotations.
    conventions : {"qsort", "qmethod", "pqmethod"}
        ``"qmethod"`` reproduces R qmethod 1.8.4, ``"pqmethod"`` follows PQMethod 2.35; see
        :mod:`qsort.analysis.conventions`.
    significance : {0.05, 0.01, 0.001}
        Level of the automatic flagging criterion.
    majority_rule : bool
        Also require a² > h² - a² for a flag (qmethod's second criterion).
    manual_flags : mapping of sort index -> 1-based factors, optional
        Replaces the automatic flags of the sorts it names.
    judgmental_rotations : sequence of JudgmentalRotation
        Applied in order after varimax; recorded in ``settings``.
    participants, statements : sequence of str, optional
        Names of the sorts and ids of the statements (default: numbered).
    with_factor_count_aids : bool
        Compute the factor-count aids (parallel analysis included).
    seed, parallel_iterations : int
        Of the parallel analysis among the factor-count aids.
    centroid : {"horst55", "brown"}, optional
        Under the pqmethod conventions: PQMethod's Horst 5.5 (default) or Brown's centroid.
    groups : sequence of str or None, optional
        Each sort's group label (e.g. a department), for the priorities per group.
    durations : sequence of float or None, optional
        Seconds each sort took, for the data-quality notes.

    Returns
    -------
    QAnalysis
        Loadings, flags, z-scores, factor arrays, characteristics, comparisons, warnings and
        the settings that reproduce the run.

    Raises
    ------
    AnalysisError
        For input the analysis refuses, with a reason naming the sort or option.
    """
    options = AnalysisOptions(
        n_factors=n_factors,
        method=method,
        rotation=rotation,
        conventions=get_conventions(conventions).name,
        significance=significance,
        majority_rule=majority_rule,
        manual_flags={int(i): tuple(f) for i, f in (manual_flags or {}).items()},
        judgmental_rotations=tuple(judgmental_rotations),
        seed=seed,
        centroid=centroid,
    )
    return run_analysis(
        sorts,
        options,
        participants=participants,
        statements=statements,
        with_factor_count_aids=with_factor_count_aids,
        parallel_iterations=parallel_iterations,
        groups=groups,
        durations=durations,
    )


@one_blas_thread
def run_analysis(
    sorts: np.ndarray,
    options: AnalysisOptions,
    *,
    participants: Sequence[str] | None = None,
    statements: Sequence[str] | None = None,
    with_factor_count_aids: bool = True,
    parallel_iterations: int | None = None,
    groups: Sequence[str | None] | None = None,
    durations: Sequence[float | None] | None = None,
    with_interpretation: bool = True,
) -> QAnalysis:
    """:func:`analyse` with the options as one record (e.g. replayed from a stored run).

    ``with_interpretation=False`` skips priorities, crib sheets, quality notes and viewpoint
    checks (the bootstrap and the automatic factor count only need the factors).

    Parameters
    ----------
    sorts : array_like of int, shape (n_sorts, n_statements)
        As for :func:`analyse`.
    options : AnalysisOptions
        Every choice of the run.
    participants, statements, groups, durations : sequence, optional
        As for :func:`analyse`.
    with_factor_count_aids : bool
        Compute the factor-count aids (parallel analysis included).
    parallel_iterations : int, optional
        Random draws of the parallel analysis (default: the module's).
    with_interpretation : bool
        Also compute priorities, crib sheets, quality notes and viewpoint checks.

    Returns
    -------
    QAnalysis
        As for :func:`analyse`.
    """
    conv = get_conventions(options.conventions)
    k = options.n_factors
    x, participants, statements = _checked_input(sorts, options, conv, participants, statements)
    correlations = SortCorrelations(x) if x.shape[0] <= CORRELATION_MAX_SORTS else None
    extraction, loadings, flags, diagnostics = _factors(
        x, options, conv, correlations, participants
    )
    scored = _scores(x, loadings, flags, conv)
    comparisons, compared, summary = _comparisons(scored, conv, k, statements)
    aids = _aids(x, extraction, options, parallel_iterations) if with_factor_count_aids else None
    ranking = overall_ranking(x, statements)
    bipolar = _bipolar(loadings, flags, participants)
    extras = {}
    if with_interpretation:
        found = (scored["z"], scored["arrays"], flags, summary, correlations, aids)
        extras = interpretation(
            x, statements, participants, *found, groups=groups, durations=durations
        )
    return QAnalysis(
        participants=participants,
        statements=statements,
        method=options.method,
        rotation=options.rotation,
        n_factors=k,
        settings=settings_record(options, conv, participants, x.shape[1]),
        correlations=correlations,
        eigenvalues=extraction.eigenvalues,
        unrotated_loadings=extraction.loadings,
        loadings=loadings,
        flags=flags,
        z_scores=scored["z"],
        factor_arrays=scored["arrays"],
        **_characteristics(loadings, flags, scored),
        comparisons=comparisons,
        compared_factors=[f + 1 for f in compared],
        **summary,
        bipolar=bipolar,
        **_rankings(x, scored, statements, ranking),
        factor_count_aids=aids,
        warnings=_warnings(participants, loadings, flags, bipolar, diagnostics),
        diagnostics=diagnostics,
        **extras,
    )


def _characteristics(loadings: np.ndarray, flags: np.ndarray, scored: dict) -> dict:
    """Each factor's characteristics: defining sorts, reliability and standard errors, the
    variance it explains, its eigenvalue after rotation, and the factors' correlations."""
    return {
        "n_defining": flags.sum(axis=0),
        "composite_reliability": scored["reliability"],
        "se_factor_scores": scored["se"],
        "sed": scored["sed"],
        "explained_variance": chars.explained_variance(loadings),
        "rotated_eigenvalues": (loadings**2).sum(axis=0),
        "factor_correlations": chars.factor_correlations(scored["z"]),
    }


def _rankings(x: np.ndarray, scored: dict, statements: list[str], ranking: list) -> dict:
    """The statements ranked over all sorts, per factor by z-score, and those that divide the
    room most."""
    z, arrays = scored["z"], scored["arrays"]
    return {
        "overall_ranking": ranking,
        "factor_rankings": {
            f + 1: factor_ranking(z[:, f], arrays[:, f], statements) for f in range(z.shape[1])
        },
        "dividing": dividing_statements(x, statements, ranked=ranking),
    }


def _checked_input(
    sorts: np.ndarray,
    options: AnalysisOptions,
    conv: Conventions,
    participants: Sequence[str] | None,
    statements: Sequence[str] | None,
) -> tuple[np.ndarray, list[str], list[str]]:
    """The sorts as a validated array with their participant and statement names, once the
    method, the number of factors and (under qmethod's conventions) qmethod's limits allow
    the run."""
    if options.method not in METHODS:
        raise AnalysisError("analysis.method", method=repr(options.method), choices=list(METHODS))
    participants = _names(participants, "participant", "sort", len(np.asarray(sorts)))
    x = validate_sorts(sorts, participants)
    statements = _names(statements, "statement", "s", x.shape[1])
    check_n_factors(options.n_factors, *x.shape)
    _check_qmethod_can_run(options, conv)
    return x, participants, statements


def _factors(
    x: np.ndarray,
    options: AnalysisOptions,
    conv: Conventions,
    correlations: SortCorrelations | None,
    participants: list[str],
) -> tuple[Extraction, np.ndarray, np.ndarray, dict]:
    """Extraction, rotation and flagging: the extraction, the rotated (and oriented)
    loadings, the flags and the solution's diagnostics."""
    extraction = extract(x, options, conv, correlations)
    loadings, rotation_info = rotate_factors(extraction.loadings, options, conv)
    flags = automatic_flags(
        loadings, x.shape[1], significance=options.significance, majority_rule=options.majority_rule
    )
    if options.manual_flags:
        flags = apply_manual_flags(flags, options.manual_flags)
    if conv.orient_by_defining_sorts:
        loadings = _orient_by_defining_sorts(loadings, flags)
    _check_empty_factors(flags, conv)
    ties = reflection_ties(extraction.diagnostics, participants, x)
    diagnostics = solution_diagnostics(extraction.diagnostics, rotation_info, ties)
    return extraction, loadings, flags, diagnostics


def _comparisons(
    scored: dict, conv: Conventions, k: int, statements: list[str]
) -> tuple[list, list[int], dict]:
    """The pairwise factor comparisons, the factors compared, and the distinguishing and
    consensus summary (no labels at all when qmethod's comparison is degenerate)."""
    compared, degenerate = _compared_factors(scored["z"], conv)
    comparisons = (
        qdc.compare_factors(scored["z"], scored["sed"], compared) if len(compared) > 1 else []
    )
    summary = qdc.summarise(comparisons, compared, k, statements, conv.pqmethod_consensus)
    if degenerate:
        summary["qdc_labels"] = [None] * len(statements)
    return comparisons, compared, summary


def _compared_factors(z: np.ndarray, conv: Conventions) -> tuple[list[int], bool]:
    """The factors compared for distinguishing and consensus statements.

    qsort: every factor with scores. qmethod (``qdc``): the first k - e factors, e being the
    number of factors without scores; if one of those has no scores, qmethod's comparison yields
    no labels at all (``degenerate``: nothing is distinguishing or consensus) for two of them,
    and stops for more.
    """
    scored = [f for f in range(z.shape[1]) if not np.all(np.isnan(z[:, f]))]
    if not conv.refuse_like_qmethod:
        return scored, False
    candidates = list(range(len(scored)))
    if any(f not in scored for f in candidates):
        if len(candidates) > 2:
            unscored = tuple(f + 1 for f in range(z.shape[1]) if f not in scored)
            raise QmethodRefusal("analysis.qmethod_unscored", factors=unscored)
        return [], True
    return candidates, False


def _names(names: Sequence[str] | None, what: str, prefix: str, count: int) -> list[str]:
    if names is None:
        return [f"{prefix}{i + 1}" for i in range(count)]
    names = [str(n) for n in names]
    if len(names) != count:
        if what == "participant":
            raise AnalysisError("analysis.participant_names", names=len(names), sorts=count)
        raise AnalysisError("analysis.statement_names", names=len(names), statements=count)
    seen = set()
    for name in names:
        if name in seen:
            if what == "participant":
                raise AnalysisError("analysis.participant_twice", name=repr(name))
            raise AnalysisError("analysis.statement_twice", name=repr(name))
        seen.add(name)
    return names


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


def _check_qmethod_can_run(options: AnalysisOptions, conv: Conventions) -> None:
    single_rotated_centroid = (
        options.method == "centroid" and options.rotation == "varimax" and options.n_factors == 1
    )
    if conv.refuse_like_qmethod and single_rotated_centroid:
        raise QmethodRefusal("analysis.qmethod_single_centroid")


def _check_empty_factors(flags: np.ndarray, conv: Conventions) -> None:
    """qmethod's ``qdc`` stops when some factor has no flagged sort but the last factor has."""
    empty = [f + 1 for f in range(flags.shape[1]) if not flags[:, f].any()]
    if conv.refuse_like_qmethod and empty and flags[:, -1].any():
        raise QmethodRefusal("analysis.qmethod_empty_factor", factors=(empty[0],))


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


def _warnings(participants, loadings, flags, bipolar, diagnostics) -> list[str]:
    """The result's warnings in English (:mod:`qsort.analysis.warnings`, the one builder)."""
    facts = {
        "n_factors": loadings.shape[1],
        "participants": participants,
        "flagged": flags,
        "loadings": loadings,
        "n_defining": flags.sum(axis=0),
        "n_sorts": loadings.shape[0],
        "bipolar": {str(f): poles for f, poles in bipolar.items()},
        "diagnostics": diagnostics,
    }
    return warning_texts(facts)


def _bipolar(loadings, flags, participants) -> dict[int, dict[str, list[str]]]:
    """Factors whose defining sorts load with both signs, with the sorts at each pole."""
    result = {}
    for f in range(loadings.shape[1]):
        positive = np.flatnonzero(flags[:, f] & (loadings[:, f] > 0))
        negative = np.flatnonzero(flags[:, f] & (loadings[:, f] < 0))
        if positive.size and negative.size:
            result[f + 1] = {
                "positive": [participants[i] for i in positive],
                "negative": [participants[i] for i in negative],
            }
    return result


def _aids(x, extraction, options: AnalysisOptions, iterations):
    n_sorts, n_statements = x.shape
    pca = principal_components(x, min(MAX_CANDIDATES, n_sorts, n_statements - 1))
    eigenvalues = extraction.eigenvalues if options.method == "pca" else pca.eigenvalues
    return factor_count_aids(
        x,
        eigenvalues,
        pca.loadings,
        seed=options.seed,
        iterations=iterations,
        draws=options.draws(),
    )
