"""Q-methodology analysis: pure NumPy, no web framework.

``analyse(sorts, n_factors, ...)`` runs the whole by-person factor analysis and returns a frozen
:class:`QAnalysis`. The steps are public too, one module each: correlation, extraction, rotation,
flagging, scores, characteristics, distinguishing, ranking, factor_count (with the parallel
analysis' random sorts in parallel_draws); the three varimax algorithms are in varimax and
varimax_planar, PQMethod's centroids in centroid_pqmethod. An analysis runs its linear algebra
on one BLAS thread (blas_threads).

The method is Brown's [1]_; the ``qmethod`` conventions reproduce the R package qmethod [2]_,
the ``pqmethod`` conventions PQMethod [3]_, and every varimax maximises Kaiser's criterion [4]_.

References
----------
.. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in Political
   Science*. New Haven: Yale University Press.
.. [2] Zabala, A. (2014). qmethod: A Package to Explore Human Perspectives Using Q Methodology.
   *The R Journal*, 6(2), 163-173. https://doi.org/10.32614/RJ-2014-032
.. [3] Schmolck, P. (2014). *PQMethod Manual*, version 2.35.
   http://schmolck.org/qmethod/pqmanual.htm
.. [4] Kaiser, H. F. (1958). The varimax criterion for analytic rotation in factor analysis.
   *Psychometrika*, 23(3), 187-200. https://doi.org/10.1007/BF02289233
"""

from qsort.analysis.conventions import PQMETHOD, QMETHOD, QSORT, Conventions, get_conventions
from qsort.analysis.errors import AnalysisError, ConvergenceError, QmethodRefusal
from qsort.analysis.factor_checks import MAX_FACTORS
from qsort.analysis.options import AnalysisOptions
from qsort.analysis.pipeline import METHODS, analyse, run_analysis
from qsort.analysis.results import QAnalysis
from qsort.analysis.rotation import ROTATIONS, JudgmentalRotation

__all__ = [
    "MAX_FACTORS",
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
