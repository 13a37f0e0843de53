"""The result of an analysis: one frozen record with named, shape-documented fields.

``QAnalysis.as_dict()`` is the JSON contract of design.md §3 (``qsort analyse --json``): arrays in
participant and statement order of the input, NaN written as null.
"""

from dataclasses import dataclass, field

import numpy as np

from qsort.analysis.correlation import SortCorrelations
from qsort.analysis.crib_sheets import CribSheet
from qsort.analysis.distinguishing import PairComparison
from qsort.analysis.factor_count import FactorCountAids
from qsort.analysis.priorities import Priorities
from qsort.analysis.quality import QualityNotes
from qsort.analysis.ranking import RankedStatement
from qsort.domain.study import SortsOfStatements

#: Above this many sorts the N x N correlation matrix is neither built nor reported.
CORRELATION_MAX_SORTS = 2000


@dataclass(frozen=True)
class QAnalysis(SortsOfStatements):
    """A complete Q analysis. N sorts, M statements, k factors; factors are columns.

    Attributes
    ----------
    loadings, unrotated_loadings : (N, k)
    flags : bool (N, k)
        The defining sorts of each factor (automatic, possibly overridden by hand).
    z_scores : (M, k)
        NaN for a factor without defining sorts.
    factor_arrays : (M, k)
        Grid values (NaN for a factor without scores).
    eigenvalues : PCA: (N,) all eigenvalues, descending; centroid: (k,) unrotated sums of squares.
    correlation : (N, N) or None above ``CORRELATION_MAX_SORTS`` sorts; a property, built from
        ``correlations`` when first read (an analysis itself needs it only for small studies
        and the centroid methods).
    priorities, crib_sheets, quality, factor_checks
        The room's priorities (and per group), KADE-style crib sheets, data-quality notes and
        the viewpoint checks of :mod:`qsort.analysis.factor_checks`; None when the analysis ran
        without them (bootstrap resamples).
    """

    participants: list[str]
    statements: list[str]
    method: str
    rotation: str
    n_factors: int
    settings: dict
    correlations: SortCorrelations | None
    eigenvalues: np.ndarray
    unrotated_loadings: np.ndarray
    loadings: np.ndarray
    flags: np.ndarray
    z_scores: np.ndarray
    factor_arrays: np.ndarray
    n_defining: np.ndarray
    composite_reliability: np.ndarray
    se_factor_scores: np.ndarray
    sed: np.ndarray
    explained_variance: np.ndarray
    rotated_eigenvalues: np.ndarray
    factor_correlations: np.ndarray
    comparisons: list[PairComparison]
    compared_factors: list[int]
    distinguishing: dict[int, list[str]]
    distinguishing_p01: dict[int, list[str]]
    consensus: list[str]
    consensus_pqmethod: list[dict] | None
    qdc_labels: list[str] | None
    bipolar: dict[int, dict[str, list[str]]]
    overall_ranking: list[RankedStatement]
    factor_rankings: dict[int, list[RankedStatement]]
    dividing: list[RankedStatement]
    factor_count_aids: FactorCountAids | None
    warnings: list[str] = field(default_factory=list)
    diagnostics: dict = field(default_factory=dict)
    priorities: Priorities | None = None
    crib_sheets: list[CribSheet] | None = None
    quality: QualityNotes | None = None
    factor_checks: dict | None = None

    @property
    def correlation(self) -> np.ndarray | None:
        """The N x N correlation matrix (built on first use), or None above
        ``CORRELATION_MAX_SORTS`` sorts."""
        return None if self.correlations is None else self.correlations.matrix

    def defining_sorts(self, factor: int) -> list[str]:
        """Names of the sorts flagged on ``factor`` (1-based)."""
        return [
            p for p, flag in zip(self.participants, self.flags[:, factor - 1], strict=True) if flag
        ]

    def as_dict(self, *, with_correlation: bool = True, arrays: bool = False) -> dict[str, object]:
        """The JSON contract (design.md §3) plus the extra keys listed in the README.

        ``with_correlation=False``: ``correlation`` null (a stored run keeps its input instead).
        ``arrays=True``: the arrays with a row per sort stay NumPy, for orjson's
        ``OPT_SERIALIZE_NUMPY`` (the same JSON without a Python object per number)."""
        k = self.n_factors
        per_sort = _array if arrays else _json
        return {
            "n_sorts": self.n_sorts,
            "n_statements": self.n_statements,
            "method": self.method,
            "rotation": self.rotation,
            "n_factors": k,
            "participants": list(self.participants),
            "statements": list(self.statements),
            "correlation": per_sort(self.correlation) if with_correlation else None,
            "eigenvalues": _json(self.eigenvalues),
            "unrotated_loadings": per_sort(self.unrotated_loadings),
            "loadings": per_sort(self.loadings),
            "flagged": per_sort(self.flags),
            "zscores": _json(self.z_scores),
            "factor_arrays": _json(self.factor_arrays, integer=True),
            **self._distinguishing_dict(),
            "composite_reliability": _json(self.composite_reliability),
            "se_factor_scores": _json(self.se_factor_scores),
            "sed": _json(self.sed),
            "factor_correlations": _json(self.factor_correlations),
            "explained_variance": _json(self.explained_variance),
            "rotated_eigenvalues": _json(self.rotated_eigenvalues),
            "n_defining": self.n_defining.tolist(),
            **self._comparisons_dict(),
            "bipolar": {str(f): poles for f, poles in self.bipolar.items()},
            "ranking": self._ranking_dict(),
            "factor_count_aids": self.factor_count_aids.as_dict()
            if self.factor_count_aids
            else None,
            "warnings": list(self.warnings),
            "diagnostics": self.diagnostics,
            "settings": self.settings,
            **self._interpretation_dict(),
        }

    def _distinguishing_dict(self) -> dict[str, object]:
        """Distinguishing statements per factor (p < .05 and p < .01) and consensus statements."""
        return {
            "distinguishing": {str(f): ids for f, ids in self.distinguishing.items()},
            "distinguishing_p01": {str(f): ids for f, ids in self.distinguishing_p01.items()},
            "consensus": list(self.consensus),
            "consensus_pqmethod": self.consensus_pqmethod,
        }

    def _comparisons_dict(self) -> dict[str, object]:
        """Each statement's label and every pair of factors compared."""
        return {
            "qdc_labels": self.qdc_labels,
            "qdc_pairs": [
                {
                    "pair": [pair.first + 1, pair.second + 1],
                    "difference": _json(pair.difference),
                    "significance": pair.marks(),
                }
                for pair in self.comparisons
            ],
        }

    def _ranking_dict(self) -> dict[str, object]:
        """The statements ranked over all sorts, per factor, and those that divide the room."""
        return {
            "overall": [r.as_dict() for r in self.overall_ranking],
            "factors": {
                str(f): [r.as_dict() for r in rs] for f, rs in self.factor_rankings.items()
            },
            "dividing": [r.as_dict() for r in self.dividing],
        }

    def _interpretation_dict(self) -> dict[str, object]:
        """``priorities``, ``crib_sheets``, ``quality_notes`` and ``factor_count_checks``."""
        return {
            "priorities": self.priorities.as_dict() if self.priorities else None,
            "crib_sheets": (
                [sheet.as_dict() for sheet in self.crib_sheets]
                if self.crib_sheets is not None
                else None
            ),
            "quality_notes": self.quality.as_dict() if self.quality else None,
            "factor_count_checks": self.factor_checks,
        }


def _array(array: np.ndarray | None):
    """A C-ordered array, or nested lists where a NaN must become None (see :func:`_json`)."""
    if array is None or (array.dtype.kind == "f" and np.isnan(array).any()):
        return _json(array)
    return np.ascontiguousarray(array)


def _json(array: np.ndarray | None, integer: bool = False):
    """ndarray -> nested lists with NaN as None (and ints for grid values; booleans stay)."""
    if array is None:
        return None
    if array.dtype == bool:
        return array.tolist()
    a = np.asarray(array, dtype=float)
    missing = np.isnan(a)
    values = np.where(missing, 0, a).astype(np.int64) if integer else a
    if not missing.any():
        return values.tolist()
    boxed = values.astype(object)
    boxed[missing] = None
    return boxed.tolist()
