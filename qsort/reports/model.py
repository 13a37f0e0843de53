"""What a report says, built from a stored analysis result (``QAnalysis.as_dict()``) and the
study's texts. Pure Python: the web app and the ``qsort report`` command share it.
"""

from dataclasses import dataclass, field, replace

from qsort.narrative.answer_groups import group_answers as grouped
from qsort.presentation import RankedStatement, RoomStatement, RunModel, ViewpointModel, run_model
from qsort.reports.rounds import RoundsSummary


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
    #: The free-choice groups as the facilitator merged, split and named them ((label, count),
    #: largest first); None groups ``free_choice`` automatically (the ``qsort report`` command).
    free_choice_groups: tuple[tuple[str, int], ...] | None = None
    # Round 2 of a two-round clinic: the comparison with round 1 (qsort.reports.rounds).
    rounds: "RoundsSummary | None" = None
    round_number: int | None = None  # set only in a clinic with two rounds


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
    ci_low: float | None = None
    ci_high: float | None = None
    verdict: str = ""  # "priority" | "not_priority" | "unclear" (``priorities`` of the run)
    others: tuple[tuple[int, int], ...] = ()  # (factor, array value) elsewhere, crib sheets


@dataclass(frozen=True)
class CribSheet:
    """KADE's crib sheet of one viewpoint (:mod:`qsort.analysis.crib_sheets`), as lines."""

    factor: int
    highest: list[StatementLine]
    higher: list[StatementLine]
    lower: list[StatementLine]
    lowest: list[StatementLine]


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
    names: dict[str, str] = field(default_factory=dict)  # language -> name
    sentences: dict[str, list[str]] = field(default_factory=dict)  # language -> account

    def name(self, lang: str) -> str:
        """The stored name in ``lang``; the top statement for runs stored before names."""
        return self.names.get(lang) or self.label

    def account(self, lang: str) -> list[str]:
        return self.sentences.get(lang, [])

    def gist(self, lang: str) -> str:
        """The account's sentence on what it puts first (after its size and bipolarity)."""
        sentences = self.account(lang)
        skip = 2 if self.poles else 1
        return sentences[skip] if len(sentences) > skip else ""


@dataclass(frozen=True)
class Report:
    study: StudyInfo
    result: dict
    model: RunModel  # the presentation model of ``result``
    viewpoints: list[Viewpoint]
    empty_factors: list[int]
    overall: list[StatementLine]
    dividing: list[StatementLine]
    consensus: list[StatementLine]
    free_choice: list[tuple[str, int]]
    convention_differences: list[str] = field(default_factory=list)
    stability: dict | None = None
    priorities: list[StatementLine] = field(default_factory=list)  # room, by rank
    kendall_w: float | None = None
    crib_sheets: list[CribSheet] = field(default_factory=list)

    @property
    def overall_top(self) -> list[StatementLine]:
        return (self.priorities or self.overall)[:5]

    @property
    def scale(self) -> tuple[int, int]:
        """The lowest and highest grid value."""
        values = [v for v, _ in self.study.grid] or self.result["priorities"]["grid_values"]
        return min(values), max(values)


def build_report(
    result: dict,
    study: StudyInfo,
    *,
    convention_differences: list[str] | None = None,
    stability: dict | None = None,
) -> Report:
    """Assemble the report of one analysis run. Viewpoint names are the run's stored names,
    the facilitator's own (``viewpoint_names``) over the generated ones, as
    :func:`qsort.services.viewpoint_names.viewpoint_names` reads them."""
    numbers = {s: i for i, s in enumerate(result["statements"], start=1)}

    def line(statement: str, **values) -> StatementLine:
        return StatementLine(
            id=statement,
            number=numbers[statement],
            text=study.statements.get(statement, statement),
            **values,
        )

    model = run_model(result)

    def room(r: RoomStatement) -> StatementLine:
        return line(r.statement, mean=r.mean, sd=r.sd)

    consensus = set(model.consensus)
    return Report(
        study=study,
        result=result,
        model=model,
        viewpoints=[_named(_viewpoint(v, study, line), result) for v in model.shown_viewpoints],
        empty_factors=[v.number for v in model.viewpoints if v.empty],
        overall=[room(r) for r in model.overall],
        dividing=[room(r) for r in model.dividing],
        consensus=[line(s, consensus=True) for s in model.statements if s in consensus],
        free_choice=_free_choice(study),
        convention_differences=convention_differences or [],
        stability=stability,
        **_priorities(result, line),
        crib_sheets=[_crib_sheet(sheet, line) for sheet in result.get("crib_sheets", [])],
    )


def _priorities(result: dict, line) -> dict:
    """The room's priorities by rank and Kendall's W (empty for runs stored before them)."""
    room = (result.get("priorities") or {}).get("room")
    if not room:
        return {}
    fields = ("mean", "sd", "ci_low", "ci_high", "verdict")
    rows = sorted(room["statements"], key=lambda r: r["rank"])
    return {
        "priorities": [line(r["statement"], **{k: r[k] for k in fields}) for r in rows],
        "kendall_w": room["kendall_w"],
    }


def _crib_sheet(sheet: dict, line) -> CribSheet:
    def entry(e: dict) -> StatementLine:
        others = tuple(sorted((int(f), v) for f, v in e["others"].items()))
        mark = {"distinguishing": "*", "consensus": ""}.get(e["marker"] or "", "")
        return line(
            e["statement"],
            z=e["z"],
            value=e["value"],
            mark=mark,
            consensus=e["marker"] == "consensus",
            others=others,
        )

    groups = ("highest", "higher", "lower", "lowest")
    return CribSheet(factor=sheet["factor"], **{g: [entry(e) for e in sheet[g]] for g in groups})


def _named(viewpoint: Viewpoint, result: dict) -> Viewpoint:
    """The viewpoint with its stored names and accounts in both languages."""
    stored = next(
        (v for v in result.get("viewpoints", []) if v["factor"] == viewpoint.number), None
    )
    if stored is None:
        return viewpoint
    edited = (result.get("viewpoint_names") or {}).get(str(viewpoint.number), {})
    languages = ("en", "nl")
    return replace(
        viewpoint,
        names={
            **{lang: stored[f"name_{lang}"] for lang in languages if stored.get(f"name_{lang}")},
            **{lang: text for lang, text in edited.items() if text},
        },
        sentences={lang: list(stored.get(f"sentences_{lang}", [])) for lang in languages},
    )


def _viewpoint(viewpoint: ViewpointModel, study: StudyInfo, line) -> Viewpoint:
    def ranked(s: RankedStatement) -> StatementLine:
        values = {"z": s.z_score, "value": s.array_value, "mark": s.mark}
        return line(s.statement, **values, consensus=s.consensus)

    lines = [ranked(s) for s in viewpoint.ranked]
    by_value: dict[int, list[StatementLine]] = {}
    for item in lines:
        by_value.setdefault(item.value, []).append(item)
    values = [v for v, _ in study.grid] or sorted(by_value)
    defining = list(viewpoint.defining)
    return Viewpoint(
        number=viewpoint.number,
        label=lines[0].text,
        n_defining=len(defining),
        defining=defining,
        explained_variance=viewpoint.explained_variance,
        poles=viewpoint.poles,
        top=[ranked(s) for s in viewpoint.top()],
        bottom=[ranked(s) for s in viewpoint.bottom()],
        distinguishing=[ranked(s) for s in viewpoint.distinguishing],
        columns=[(v, by_value.get(v, [])) for v in values],
        comments=[c for c in study.comments if c.participant in defining],
    )


def _free_choice(study: StudyInfo) -> list[tuple[str, int]]:
    """The facilitator's groups when the study carries them, else the automatic grouping."""
    if study.free_choice_groups is not None:
        return [(label, count) for label, count in study.free_choice_groups]
    return group_answers(study.free_choice)


def group_answers(answers: tuple[str, ...] | list[str]) -> list[tuple[str, int]]:
    """Free-choice answers that say the same thing, with their counts, most frequent first
    (:func:`qsort.narrative.answer_groups.group_answers`: typos, synonyms, NL and EN)."""
    numbered = [(str(n), text) for n, text in enumerate(answers, start=1)]
    return [(group.label, group.count) for group in grouped(numbered)]
