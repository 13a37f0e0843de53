"""What a report says, built from a stored analysis result (``QAnalysis.as_dict()``) and the
study's texts. Pure Python: the web app and the ``qsort report`` command share it.
"""

from dataclasses import dataclass, field

from qsort.narrative.answer_groups import group_answers as grouped


@dataclass(frozen=True)
class ParticipantComment:
    """A participant's "why?" on a card in one of the two extreme columns."""

    participant: str
    statement: str
    text: str


@dataclass(frozen=True)
class StudyInfo:
    """Everything about the study that the analysis result does not hold.

    ``statements`` maps statement id -> text in the report's language, in statement order.
    ``grid`` lists (column value, height) from the lowest column up.
    """

    title: str
    statements: dict[str, str]
    question: str = ""
    date: str = ""
    n_teams: int | None = None
    n_people: int | None = None
    grid: tuple[tuple[int, int], ...] = ()
    free_choice: tuple[str, ...] = ()
    comments: tuple[ParticipantComment, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class StatementLine:
    """One statement as a report lists it."""

    id: str
    number: int
    text: str
    z: float | None = None
    value: int | None = None
    mean: float | None = None
    sd: float | None = None
    mark: str = ""  # "**" distinguishing at p < .01, "*" at p < .05
    consensus: bool = False


@dataclass(frozen=True)
class Viewpoint:
    """One factor, told as a viewpoint: its top and bottom statements, what sets it apart, and
    its factor array as a composite grid (columns from lowest to highest value)."""

    number: int
    label: str
    n_defining: int
    defining: list[str]
    explained_variance: float
    poles: dict[str, list[str]] | None
    top: list[StatementLine]
    bottom: list[StatementLine]
    distinguishing: list[StatementLine]
    columns: list[tuple[int, list[StatementLine]]]
    comments: list[ParticipantComment]


@dataclass(frozen=True)
class Report:
    study: StudyInfo
    result: dict
    viewpoints: list[Viewpoint]
    empty_factors: list[int]
    overall: list[StatementLine]
    dividing: list[StatementLine]
    consensus: list[StatementLine]
    free_choice: list[tuple[str, int]]
    convention_differences: list[str] = field(default_factory=list)
    stability: dict | None = None

    @property
    def overall_top(self) -> list[StatementLine]:
        return self.overall[:5]


def build_report(
    result: dict,
    study: StudyInfo,
    *,
    convention_differences: list[str] | None = None,
    stability: dict | None = None,
    names: dict[int, str] | None = None,
) -> Report:
    """Assemble the report of one analysis run; ``names`` are the viewpoints' names
    (:func:`qsort.services.viewpoint_names.viewpoint_names`; default: the top statement)."""
    numbers = {s: i for i, s in enumerate(result["statements"], start=1)}

    def line(statement: str, **values) -> StatementLine:
        return StatementLine(
            id=statement,
            number=numbers[statement],
            text=study.statements.get(statement, statement),
            **values,
        )

    consensus = set(result["consensus"])
    viewpoints, empty = [], []
    for f in range(1, result["n_factors"] + 1):
        if not result["ranking"]["factors"][str(f)]:
            empty.append(f)
            continue
        viewpoints.append(_viewpoint(result, study, f, line, consensus, (names or {}).get(f)))
    overall = [
        line(r["statement"], mean=r["mean"], sd=r["sd"]) for r in result["ranking"]["overall"]
    ]
    return Report(
        study=study,
        result=result,
        viewpoints=viewpoints,
        empty_factors=empty,
        overall=overall,
        dividing=[
            line(r["statement"], mean=r["mean"], sd=r["sd"]) for r in result["ranking"]["dividing"]
        ],
        consensus=[line(s, consensus=True) for s in result["statements"] if s in consensus],
        free_choice=group_answers(study.free_choice),
        convention_differences=convention_differences or [],
        stability=stability,
    )


def _viewpoint(
    result: dict, study: StudyInfo, f: int, line, consensus: set[str], name: str | None
) -> Viewpoint:
    ranking = result["ranking"]["factors"][str(f)]
    p05 = set(result["distinguishing"][str(f)])
    p01 = set(result.get("distinguishing_p01", {}).get(str(f), []))

    def ranked(r: dict) -> StatementLine:
        s = r["statement"]
        mark = "**" if s in p01 else "*" if s in p05 else ""
        return line(s, z=r["z_score"], value=r["array_value"], mark=mark, consensus=s in consensus)

    lines = [ranked(r) for r in ranking]
    by_value: dict[int, list[StatementLine]] = {}
    for item in lines:
        by_value.setdefault(item.value, []).append(item)
    values = [v for v, _ in study.grid] or sorted(by_value)
    defining = [
        p
        for p, flags in zip(result["participants"], result["flagged"], strict=True)
        if flags[f - 1]
    ]
    return Viewpoint(
        number=f,
        label=name or lines[0].text,
        n_defining=len(defining),
        defining=defining,
        explained_variance=result["explained_variance"][f - 1],
        poles=result.get("bipolar", {}).get(str(f)),
        top=lines[:5],
        bottom=lines[-5:][::-1],
        distinguishing=[item for item in lines if item.mark],
        columns=[(v, by_value.get(v, [])) for v in values],
        comments=[c for c in study.comments if c.participant in defining],
    )


def group_answers(answers: tuple[str, ...] | list[str]) -> list[tuple[str, int]]:
    """Free-choice answers that say the same thing, with their counts, most frequent first
    (:func:`qsort.narrative.answer_groups.group_answers`: typos, synonyms, NL and EN)."""
    numbered = [(str(n), text) for n, text in enumerate(answers, start=1)]
    return [(group.label, group.count) for group in grouped(numbered)]
