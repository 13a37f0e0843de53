"""The options of one analysis, and the settings record every result carries.

A stored run keeps ``AnalysisOptions.as_dict()``; ``AnalysisOptions.from_dict()`` replays it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import version

import numpy as np

from qsort.analysis.characteristics import AVERAGE_RELIABILITY
from qsort.analysis.conventions import Conventions
from qsort.analysis.extraction import CENTROID_THRESHOLD
from qsort.analysis.flagging import significance_threshold
from qsort.analysis.rotation import VARIMAX_SETTINGS, JudgmentalRotation


@dataclass(frozen=True)
class AnalysisOptions:
    """Everything the analyst chooses (see :func:`qsort.analysis.analyse` for each meaning).

    ``manual_flags`` maps a sort index to the 1-based factors it defines.
    """

    n_factors: int
    method: str = "pca"
    rotation: str = "varimax"
    conventions: str = "qsort"
    significance: float = 0.05
    majority_rule: bool = True
    manual_flags: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    judgmental_rotations: tuple[JudgmentalRotation, ...] = ()
    seed: int = 20140601

    def as_dict(self, participants: list[str]) -> dict[str, object]:
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
            seed=int(settings.get("parallel_analysis_seed", 20140601)),
        )


def settings_record(
    options: AnalysisOptions, conv: Conventions, participants: list[str], n_statements: int
) -> dict[str, object]:
    """The options plus every fixed choice behind the numbers, for the result's ``settings``."""
    return {
        **options.as_dict(participants),
        "convention_switches": conv.as_dict(),
        "flag_threshold": float(significance_threshold(n_statements, options.significance)),
        "varimax": {
            "kaiser_normalisation": VARIMAX_SETTINGS["normalize"],
            "eps": VARIMAX_SETTINGS["tol"],
            "max_iterations": VARIMAX_SETTINGS["max_iter"],
        },
        "centroid_threshold": CENTROID_THRESHOLD if options.method == "centroid" else None,
        "average_reliability": AVERAGE_RELIABILITY,
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
