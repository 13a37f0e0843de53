"""The presentation model of a stored run: one typed view of a stored result
(``QAnalysis.as_dict()``), built once by :func:`run_model` and read by the results page, the
projector's reveal and the report instead of each reading string keys.

It holds what every screen tells: each viewpoint with its ranked statements (z-score, array
value, distinguishing mark, consensus), its top and bottom :data:`TOP`, its defining sorts;
the room's ranking, its top :data:`TOP`, what divides it and what it shares; the warnings as
codes (:mod:`qsort.analysis.warnings`); and the run's numbers as tables (:class:`RunTables`,
the workbook's sheets). Participants appear under their run labels; statement texts and names
are added by each screen in its own language. The command line, which has no stored run,
builds the same model from the result's stored form (:func:`analysis_model`). Pure Python: no
Flask.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qsort.analysis.ranking import TOP
from qsort.analysis.warnings import ResultWarning, warning_codes

if TYPE_CHECKING:
    from qsort.analysis import QAnalysis

__all__ = [
    "TOP",
    "PairDifferences",
    "RankedStatement",
    "RoomStatement",
    "RunModel",
    "RunTables",
    "ViewpointModel",
    "analysis_model",
    "run_model",
]

Row = tuple[Any, ...]  # one row of a stored table: numbers, None where the analysis has none
#: The characteristics stored per factor, as :class:`RunTables` names them.
CHARACTERISTICS = (
    "n_defining",
    "explained_variance",
    "rotated_eigenvalues",
    "composite_reliability",
    "se_factor_scores",
)


@dataclass(frozen=True)
class RankedStatement:
    """A statement as a viewpoint ranks it (``rank`` 1 = highest z-score)."""

    statement: str
    rank: int
    z_score: float
    array_value: int
    mark: str = ""  # "**" distinguishing at p < .01, "*" at p < .05
    consensus: bool = False

    @property
    def page_mark(self) -> str:
        """The results page's mark: the distinguishing one, else "=" for consensus."""
        return self.mark or ("=" if self.consensus else "")


@dataclass(frozen=True)
class RoomStatement:
    """A statement in the room's ranking by mean grid value."""

    statement: str
    rank: int
    mean: float
    sd: float
    minimum: int | None = None  # lowest and highest grid value (runs stored before: None)
    maximum: int | None = None


@dataclass(frozen=True)
class PairDifferences:
    """Two factors compared: each statement's z-score difference and its significance mark."""

    pair: tuple[int, int]
    difference: Row
    significance: Row


@dataclass(frozen=True)
class RunTables:
    """The run's numbers as it stored them: one row per sort, statement or factor (factors in
    columns), the characteristics per factor, the pairs compared and the eigenvalues. Keys
    beyond the JSON contract (design.md §3) that a run stored before them lacks are empty."""

    n_sorts: int
    n_statements: int
    method: str
    rotation: str
    settings: Mapping[str, Any]
    loadings: tuple[Row, ...]
    flags: tuple[Row, ...]
    zscores: tuple[Row, ...]
    factor_arrays: tuple[Row, ...]
    n_defining: Row
    explained_variance: Row
    rotated_eigenvalues: Row
    composite_reliability: Row
    se_factor_scores: Row
    sed: tuple[Row, ...]
    factor_correlations: tuple[Row, ...]
    pairs: tuple[PairDifferences, ...]
    distinguishing: Mapping[int, tuple[str, ...]]  # factor -> statements (p < .05)
    eigenvalues: Row
    parallel_p95: Row  # the parallel analysis's 95th percentile per component (or empty)
    parallel_mean: Row

    def distinguished_by(self, statement: str) -> list[int]:
        """The factors ``statement`` distinguishes, in order."""
        return [f for f, ids in self.distinguishing.items() if statement in ids]


@dataclass(frozen=True)
class ViewpointModel:
    """One factor told as a viewpoint; ``ranked`` is empty for a factor without defining sorts."""

    number: int
    n_defining: int
    explained_variance: float
    defining: tuple[str, ...]
    poles: Mapping[str, list[str]] | None
    ranked: tuple[RankedStatement, ...]

    @property
    def empty(self) -> bool:
        return not self.ranked

    def top(self, n: int = TOP) -> list[RankedStatement]:
        return list(self.ranked[:n])

    def bottom(self, n: int = TOP) -> list[RankedStatement]:
        """The lowest ``n``, lowest first."""
        return list(self.ranked[-n:][::-1]) if self.ranked else []

    @property
    def distinguishing(self) -> list[RankedStatement]:
        """The statements that set it apart, by rank."""
        return [s for s in self.ranked if s.mark]


@dataclass(frozen=True)
class RunModel:
    statements: tuple[str, ...]
    participants: tuple[str, ...]
    viewpoints: tuple[ViewpointModel, ...]  # every factor, in order, empty ones too
    overall: tuple[RoomStatement, ...]
    dividing: tuple[RoomStatement, ...]
    consensus: tuple[str, ...]
    warnings: tuple[ResultWarning, ...]
    tables: RunTables

    @property
    def n_factors(self) -> int:
        return len(self.viewpoints)

    @property
    def top(self) -> list[RoomStatement]:
        return list(self.overall[:TOP])

    @property
    def shown_viewpoints(self) -> list[ViewpointModel]:
        """The viewpoints with defining sorts (the others have no ranking to show)."""
        return [v for v in self.viewpoints if not v.empty]

    def viewpoint(self, number: int) -> ViewpointModel:
        return self.viewpoints[number - 1]


def run_model(result: Mapping[str, Any]) -> RunModel:
    """The presentation model of a stored result."""
    ranking = result["ranking"]
    return RunModel(
        statements=tuple(result["statements"]),
        participants=tuple(result["participants"]),
        viewpoints=tuple(_viewpoint(result, f) for f in range(1, result["n_factors"] + 1)),
        overall=tuple(_room(r) for r in ranking["overall"]),
        dividing=tuple(_room(r) for r in ranking.get("dividing", [])),
        consensus=tuple(result["consensus"]),
        warnings=tuple(warning_codes(result)),
        tables=_tables(result),
    )


def analysis_model(analysis: "QAnalysis") -> RunModel:
    """The presentation model of a result not stored (the command line's), from its stored form."""
    return run_model(analysis.as_dict(with_correlation=False, arrays=True))


def _room(entry: Mapping[str, Any]) -> RoomStatement:
    extremes = (entry.get("minimum"), entry.get("maximum"))
    return RoomStatement(entry["statement"], entry["rank"], entry["mean"], entry["sd"], *extremes)


def _rows(matrix) -> tuple[Row, ...]:
    return tuple(tuple(row) for row in matrix)


def _tables(result: Mapping[str, Any]) -> RunTables:
    aids = (result.get("factor_count_aids") or {}).get("parallel_analysis", {})
    return RunTables(
        n_sorts=result["n_sorts"],
        n_statements=result["n_statements"],
        method=result["method"],
        rotation=result["rotation"],
        settings=result["settings"],
        loadings=_rows(result["loadings"]),
        flags=_rows(result["flagged"]),
        zscores=_rows(result["zscores"]),
        factor_arrays=_rows(result["factor_arrays"]),
        **{key: tuple(result.get(key, ())) for key in CHARACTERISTICS},
        sed=_rows(result.get("sed", ())),
        factor_correlations=_rows(result["factor_correlations"]),
        pairs=tuple(
            PairDifferences(tuple(p["pair"]), tuple(p["difference"]), tuple(p["significance"]))
            for p in result.get("qdc_pairs", ())
        ),
        distinguishing={int(f): tuple(ids) for f, ids in result["distinguishing"].items()},
        eigenvalues=tuple(result["eigenvalues"]),
        parallel_p95=tuple(aids.get("p95", [])),
        parallel_mean=tuple(aids.get("mean", [])),
    )


def _viewpoint(result: Mapping[str, Any], f: int) -> ViewpointModel:
    consensus = set(result["consensus"])
    p05 = set(result["distinguishing"].get(str(f), []))
    p01 = set((result.get("distinguishing_p01") or {}).get(str(f), []))

    def ranked(entry: Mapping[str, Any]) -> RankedStatement:
        s = entry["statement"]
        mark = "**" if s in p01 else "*" if s in p05 else ""
        values = (entry["rank"], entry["z_score"], entry["array_value"])
        return RankedStatement(s, *values, mark=mark, consensus=s in consensus)

    defining = tuple(
        p for p, row in zip(result["participants"], result["flagged"], strict=True) if row[f - 1]
    )
    return ViewpointModel(
        number=f,
        n_defining=int(result["n_defining"][f - 1]),
        explained_variance=result["explained_variance"][f - 1],
        defining=defining,
        poles=(result.get("bipolar") or {}).get(str(f)),
        ranked=tuple(ranked(e) for e in result["ranking"]["factors"].get(str(f), [])),
    )
