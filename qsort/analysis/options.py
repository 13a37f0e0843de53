"""The options of one analysis, and the settings record every result carries.

A stored run keeps ``AnalysisOptions.as_dict()``; ``AnalysisOptions.from_dict()`` replays it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from qsort import __version__
from qsort.analysis import centroid_pqmethod as pq
from qsort.analysis.characteristics import AVERAGE_RELIABILITY
from qsort.analysis.conventions import Conventions, centroid_method, get_conventions
from qsort.analysis.extraction import CENTROID_THRESHOLD
from qsort.analysis.flagging import significance_threshold
from qsort.analysis.parallel_draws import (
    DEFAULT_DRAWS,
    PARALLEL_SEED,
    RECORDED_DRAWS_BEFORE_NAMING,
)
from qsort.analysis.rotation import VARIMAX_SETTINGS, JudgmentalRotation

#: The fixed settings of each centroid method, for the result's ``settings``.
CENTROID_SETTINGS = {
    "qmethod": {"threshold": CENTROID_THRESHOLD},
    "horst55": {"convergence": pq.HORST_CONVERGENCE, "max_iterations": pq.HORST_MAX_ITERATIONS},
    "brown": {"start": pq.BROWN_START, "tolerance": pq.BROWN_TOLERANCE},
}


@dataclass(frozen=True)
class AnalysisOptions:
    """Everything the analyst chooses (see :func:`qsort.analysis.analyse` for each meaning).

    ``manual_flags`` maps a sort index to the 1-based factors it defines. ``centroid`` chooses
    among the conventions' centroid methods (None: their default). ``varimax_algorithm`` is None
    for the conventions' own, ``parallel_draws`` None for the default draws of the parallel
    analysis (:mod:`qsort.analysis.parallel_draws`); a replayed run keeps the ones it was made
    with.
    """

    n_factors: int
    method: str = "pca"
    rotation: str = "varimax"
    conventions: str = "qsort"
    significance: float = 0.05
    majority_rule: bool = True
    manual_flags: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    judgmental_rotations: tuple[JudgmentalRotation, ...] = ()
    seed: int = PARALLEL_SEED
    centroid: str | None = None
    varimax_algorithm: str | None = None
    parallel_draws: str | None = None

    def as_dict(self, participants: list[str]) -> dict[str, object]:
        conv = get_conventions(self.conventions)
        return {
            "n_factors": self.n_factors,
            "method": self.method,
            "rotation": self.rotation,
            "conventions": self.conventions,
            "significance": self.significance,
            "majority_rule": self.majority_rule,
            "manual_flags": (
                {participants[i]: sorted(f) for i, f in self.manual_flags.items()}
                if self.manual_flags
                else None
            ),
            "judgmental_rotations": [r.as_dict() for r in self.judgmental_rotations],
            "parallel_analysis_seed": self.seed,
            "parallel_analysis_draws": self.draws(),
            "centroid": self.centroid_method(conv),
            "varimax_algorithm": self.varimax(conv),
        }

    @classmethod
    def from_dict(
        cls, settings: Mapping[str, object], participants: list[str]
    ) -> "AnalysisOptions":
        """Rebuild the options recorded in a result's ``settings`` (to replay a stored run)."""
        index = {p: i for i, p in enumerate(participants)}
        flags = settings.get("manual_flags") or {}
        return cls(
            n_factors=int(settings["n_factors"]),
            method=str(settings["method"]),
            rotation=str(settings["rotation"]),
            conventions=str(settings["conventions"]),
            significance=float(settings["significance"]),
            majority_rule=bool(settings["majority_rule"]),
            manual_flags={index[p]: tuple(f) for p, f in flags.items()},
            judgmental_rotations=tuple(
                JudgmentalRotation(**r) for r in settings.get("judgmental_rotations", [])
            ),
            seed=int(settings.get("parallel_analysis_seed", PARALLEL_SEED)),
            centroid=settings.get("centroid"),
            # runs recorded before the algorithm was named used R's varimax
            varimax_algorithm=str(settings.get("varimax_algorithm", "r")),
            parallel_draws=str(
                settings.get("parallel_analysis_draws", RECORDED_DRAWS_BEFORE_NAMING)
            ),
        )

    def varimax(self, conv: Conventions) -> str:
        """The varimax algorithm of this run."""
        return self.varimax_algorithm or conv.varimax

    def draws(self) -> str:
        """How the parallel analysis of this run draws its random sorts."""
        return self.parallel_draws or DEFAULT_DRAWS

    def centroid_method(self, conv: Conventions) -> str | None:
        """The centroid method of this run (None for principal components)."""
        return centroid_method(conv, self.centroid) if self.method == "centroid" else None


def settings_record(
    options: AnalysisOptions, conv: Conventions, participants: list[str], n_statements: int
) -> dict[str, object]:
    """The options plus every fixed choice behind the numbers, for the result's ``settings``.

    Parameters
    ----------
    options : AnalysisOptions
        The run's options.
    conv : Conventions
        The run's conventions.
    participants : list of str
        Sort names (manual flags are recorded by name).
    n_statements : int
        Number of statements M (for the flag threshold).

    Returns
    -------
    dict
        JSON values: the options, the convention switches, the flag threshold, the varimax and
        centroid settings, the average reliability and the factor-array rule.
    """
    centroid = options.centroid_method(conv)
    return {
        **options.as_dict(participants),
        "convention_switches": conv.as_dict(),
        "flag_threshold": float(significance_threshold(n_statements, options.significance)),
        "varimax": VARIMAX_SETTINGS[options.varimax(conv)],
        "centroid_settings": CENTROID_SETTINGS[centroid] if centroid else None,
        "centroid_threshold": CENTROID_THRESHOLD if centroid == "qmethod" else None,
        "average_reliability": AVERAGE_RELIABILITY,
        "factor_array_rule": (
            "grid filled exactly; exact z ties by mean grid value over all sorts, then statement order"
            if conv.grid_respecting_arrays
            else "qmethod: sorted grid value at the truncated average rank of each z-score"
        ),
        "versions": {"qsort": __version__, "numpy": np.__version__},
    }
