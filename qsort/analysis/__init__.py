"""Q-methodology analysis: pure NumPy, no web framework.

``analyse(sorts, n_factors, ...)`` runs the whole by-person factor analysis and returns a frozen
:class:`QAnalysis`. The steps are public too, one module each: correlation, extraction, rotation,
flagging, scores, characteristics, distinguishing, ranking, factor_count (with the parallel
analysis' random sorts in parallel_draws); the three varimax algorithms are in varimax and
varimax_planar, PQMethod's centroids in centroid_pqmethod. An analysis runs its linear algebra
on one BLAS thread (blas_threads).

References: Brown, S. R. (1980) *Political Subjectivity*; Zabala, A. (2014) "qmethod: A Package to
Explore Human Perspectives Using Q Methodology", The R Journal 6(2); Schmolck, P. (2014) PQMethod
Manual 2.35; Kaiser, H. F. (1958) "The varimax criterion...", Psychometrika 23(3).
"""

from qsort.analysis.conventions import PQMETHOD, QMETHOD, QSORT, Conventions, get_conventions
from qsort.analysis.errors import AnalysisError, ConvergenceError, QmethodRefusal
from qsort.analysis.options import AnalysisOptions
from qsort.analysis.pipeline import METHODS, analyse, run_analysis
from qsort.analysis.results import QAnalysis
from qsort.analysis.rotation import ROTATIONS, JudgmentalRotation

__all__ = [
    "METHODS",
    "PQMETHOD",
    "QMETHOD",
    "QSORT",
    "ROTATIONS",
    "AnalysisError",
    "AnalysisOptions",
    "Conventions",
    "ConvergenceError",
    "JudgmentalRotation",
    "QAnalysis",
    "QmethodRefusal",
    "analyse",
    "get_conventions",
    "run_analysis",
]
