"""Analysis runs of a clinic: collect the submitted sorts, analyse, store, re-open, replay.

A run stores everything needed to reproduce it exactly: the options
(``AnalysisOptions.as_dict(participants)``, which include the manual flags and the judgmental
rotation log) plus the input itself (participant labels, statement codes and the sorts matrix),
so a sort reopened or removed later does not change an old run. The stored result is
``QAnalysis.as_dict()`` without the N x N correlation matrix (recomputable from the input, and
12 MB of JSON at 1 000 sorts), plus what the pages and downloads need beyond it: the words
(:func:`describe_run`), the automatic factor count and the same run under qmethod's
conventions (``qmethod_reference``, for the report's notes on the conventions). A run is
computed once, when it is made; its pages and downloads only read it (a GET never analyses).

Participants are labelled ``p<id>`` in the analysis (display names need not be unique); the
views map labels back to names for the facilitator.
"""

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np
from sqlalchemy import func, inspect
from sqlalchemy.orm import load_only

from qsort.analysis import (
    MAX_FACTORS,
    AnalysisError,
    AnalysisOptions,
    JudgmentalRotation,
    QAnalysis,
    run_analysis,
)
from qsort.analysis.factor_checks import choose_n_factors
from qsort.analysis.ranking import TOP
from qsort.analysis.rounds import compare_rounds
from qsort.analysis.stability import bootstrap_stability
from qsort.domain.problems import ProblemError
from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic, Facilitator, Participant, Placement, QSort
from qsort.services.run_context import RunContext, describe_run, run_context
from qsort.services.viewpoint_names import carried_names

log = logging.getLogger(__name__)

MAX_DEFAULT_FACTORS = MAX_FACTORS
MIN_SORTS = 3
STABILITY_RESAMPLES = 200
STABILITY_SEED = 20240601
#: Keys of the stored result that a replay must reproduce exactly.
REPRODUCED_KEYS = (
    "eigenvalues",
    "loadings",
    "flagged",
    "zscores",
    "factor_arrays",
    "distinguishing",
    "consensus",
    "ranking",
    "factor_count_aids",
)


class RunError(ProblemError):
    """Why a run could not be made: a ``run.*`` problem, or the analysis's own (``analysis.*``,
    :meth:`~qsort.domain.problems.ProblemError.of`)."""


@dataclass(frozen=True)
class ClinicSorts:
    """The submitted sorts of a clinic in statement order: ``sorts[i, j]`` is participant i's
    grid value for statement j; ``groups[i]`` their answer to the joining question (``None``
    when the clinic asks none)."""

    participants: list[str]
    statements: list[str]
    sorts: np.ndarray
    fingerprint: str
    groups: list[str | None] | None = None


@dataclass(frozen=True)
class RunRequest:
    """What the facilitator chose in the run form; ``n_factors=None`` takes the suggestion."""

    method: str = "pca"
    rotation: str = "varimax"
    conventions: str = "qsort"
    significance: float = 0.05
    n_factors: int | None = None
    manual_flags: Mapping[str, Sequence[int]] = field(default_factory=dict)
    judgmental_rotations: tuple[JudgmentalRotation, ...] = ()


def participant_label(participant_id: int) -> str:
    return f"p{participant_id}"


def _submitted(clinic: Clinic, round_number: int):
    """Where-clause: the clinic's submitted sorts of one round."""
    return (
        (Participant.clinic_id == clinic.id)
        & (QSort.status == "submitted")
        & (QSort.round == round_number)
    )


def submitted_fingerprint(clinic: Clinic, round_number: int = 1) -> str:
    """Changes whenever a sort is submitted, reopened or removed: count and latest change.
    Round 2's also covers round 1 (its comparison reads both rounds)."""
    row = db.session.execute(
        db.select(func.count(QSort.id), func.max(QSort.updated_at), func.sum(QSort.version))
        .join(Participant, QSort.participant_id == Participant.id)
        .where(_submitted(clinic, round_number))
    ).one()
    latest = row[1].isoformat() if row[1] else "-"
    mine = f"{row[0]}:{row[2] or 0}:{latest}"
    return mine if round_number == 1 else f"{submitted_fingerprint(clinic, 1)}/{mine}"


def submitted_count(clinic: Clinic, round_number: int = 1) -> int:
    return db.session.scalar(
        db.select(func.count(QSort.id))
        .join(Participant, QSort.participant_id == Participant.id)
        .where(_submitted(clinic, round_number))
    )


def collect_sorts(clinic: Clinic, round_number: int = 1) -> ClinicSorts:
    """One query for all placements of one round's submitted sorts, laid out by NumPy; a sort
    without every statement placed is left out.

    The placements are read through the session's connection, as plain rows (after a flush, as
    the session would): at 300 sorts, 7 200 rows, the ORM's own handling of each row cost more
    than the query.

    The fingerprint is read first: on PostgreSQL each statement of a transaction sees every
    commit made before it, so a sort submitted between the two reads is then in the sorts but
    not in the fingerprint, and the run is redone. Read the other way round, the run would
    carry the new sort's fingerprint without its sort and be taken as current for good."""
    fingerprint = submitted_fingerprint(clinic, round_number)
    statements = [(s.id, s.code) for s in clinic.statements]
    db.session.flush()
    rows = (
        db.session.connection()
        .execute(
            db.select(QSort.participant_id, Placement.statement_id, Placement.column_value)
            .join(Placement, Placement.q_sort_id == QSort.id)
            .join(Participant, QSort.participant_id == Participant.id)
            .where(_submitted(clinic, round_number))
        )
        .all()
    )
    cells = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows))
    participant_ids, statement_ids, values = cells.reshape(-1, 3).T
    ids, row = np.unique(participant_ids, return_inverse=True)
    column = _columns(np.array([statement_id for statement_id, _ in statements]), statement_ids)
    row, column, values = row[column >= 0], column[column >= 0], values[column >= 0]
    sorts = np.zeros((len(ids), len(statements)), dtype=np.int64)
    filled = np.zeros_like(sorts, dtype=bool)
    sorts[row, column], filled[row, column] = values, True
    complete = filled.all(axis=1)
    kept = [int(pid) for pid in ids[complete]]
    return ClinicSorts(
        participants=[participant_label(pid) for pid in kept],
        statements=[code for _id, code in statements],
        sorts=sorts[complete],
        fingerprint=fingerprint,
        groups=_groups(clinic, kept),
    )


def _columns(order: np.ndarray, statement_ids: np.ndarray) -> np.ndarray:
    """The position of each of ``statement_ids`` in ``order``; -1 for an id not in it."""
    if order.size == 0:
        return np.full(statement_ids.shape, -1, dtype=np.int64)
    by_id = np.argsort(order)
    at = np.minimum(np.searchsorted(order[by_id], statement_ids), order.size - 1)
    return np.where(order[by_id][at] == statement_ids, by_id[at], -1)


def _groups(clinic: Clinic, participant_ids: list[int]) -> list[str | None] | None:
    """Each participant's answer to the joining question, or ``None`` when nobody gave one."""
    answers = dict(
        db.session.execute(
            db.select(Participant.id, Participant.group_answer).where(
                Participant.clinic_id == clinic.id, Participant.group_answer.is_not(None)
            )
        ).all()
    )
    if not answers:
        return None
    return [answers.get(pid) for pid in participant_ids]


def _options(data: ClinicSorts, request: RunRequest) -> tuple[AnalysisOptions, dict | None]:
    """The options, and the record of the automatic factor count when the request leaves it
    open (:func:`qsort.analysis.factor_checks.choose_n_factors`, at most 7 factors)."""
    index = {p: i for i, p in enumerate(data.participants)}
    options = AnalysisOptions(
        n_factors=request.n_factors or 1,
        method=request.method,
        rotation=request.rotation,
        conventions=request.conventions,
        significance=request.significance,
        manual_flags={index[p]: tuple(f) for p, f in request.manual_flags.items() if p in index},
        judgmental_rotations=request.judgmental_rotations,
    )
    if request.n_factors:
        return options, None
    try:
        choice, _ = choose_n_factors(data.sorts, options, upper=MAX_DEFAULT_FACTORS)
    except AnalysisError as exc:
        raise RunError.of(exc.problem) from exc
    return _replace(options, n_factors=choice.n_factors), choice.as_dict()


def _run(data: ClinicSorts, options: AnalysisOptions, **choices) -> QAnalysis:
    """:func:`run_analysis` of the clinic's sorts with their participant and statement names."""
    return run_analysis(
        data.sorts,
        options,
        participants=data.participants,
        statements=data.statements,
        **choices,
    )


def _analyse(
    data: ClinicSorts, options: AnalysisOptions, context: RunContext | None = None
) -> dict[str, Any]:
    """The stored result; with a context also the data-quality durations and the words."""
    durations = context.durations_of(data.participants) if context else None
    try:
        result = _run(data, options, durations=durations, groups=data.groups)
    except AnalysisError as exc:
        raise RunError.of(exc.problem) from exc
    stored = result.as_dict(with_correlation=False)
    if context is not None:
        stored.update(describe_run(stored, context))
    return stored


def _settings(data: ClinicSorts, options: AnalysisOptions) -> dict[str, Any]:
    return {
        **options.as_dict(data.participants),
        "input": {
            "participants": data.participants,
            "statements": data.statements,
            "sorts": data.sorts.tolist(),
            "fingerprint": data.fingerprint,
            **({"groups": data.groups} if data.groups else {}),
        },
    }


def qmethod_reference(data: ClinicSorts, options: AnalysisOptions) -> dict[str, Any] | None:
    """The same run under qmethod's conventions, as far as the report compares it (loadings
    and factor arrays), or why qmethod would stop (``{"refusal": reason, "refusal_code": ...,
    "refusal_factors": [...], "refusal_problem": {"code", "values"}}``, from a
    :class:`~qsort.analysis.QmethodRefusal` or another analysis error, so the report words it
    in its language); ``None`` for a
    run that already follows qmethod's conventions."""
    if options.conventions != "qsort":
        return None
    qmethod = _replace(options, conventions="qmethod", varimax_algorithm=None, centroid=None)
    try:
        reference = _run(data, qmethod, with_factor_count_aids=False, with_interpretation=False)
    except AnalysisError as refusal:  # QmethodRefusal, or qmethod's centroid not converging
        return {
            "refusal": str(refusal),
            "refusal_code": getattr(refusal, "case", ""),
            "refusal_factors": list(getattr(refusal, "factors", ())),
            "refusal_problem": refusal.problem.to_json(),
        }
    stored = reference.as_dict(with_correlation=False)
    return {"loadings": stored["loadings"], "factor_arrays": stored["factor_arrays"]}


def _store(
    clinic: Clinic,
    actor: Facilitator | None,
    data: ClinicSorts,
    options,
    label,
    choice=None,
    source: AnalysisRun | None = None,
    round_number: int = 1,
) -> AnalysisRun:
    """Analyse and store a new run of round ``round_number``; the names the facilitator gave the
    viewpoints of ``source`` (default: the latest run of that round) follow the viewpoints it
    finds again (:func:`qsort.services.viewpoint_names.carried_names`); a round-2 run also
    stores its comparison with round 1."""
    earlier = source or latest_run(clinic, round_number)
    result = _analyse(data, options, run_context(clinic, participant_label, round_number))
    result["factor_count_choice"] = choice
    if earlier is not None and earlier.result:
        result.update(carried_names(earlier.result, result))
    result["qmethod_reference"] = qmethod_reference(data, options)
    if round_number == 2:
        result["rounds"] = round_comparison(clinic, data, result)
    run = AnalysisRun(
        clinic=clinic,
        settings=_settings(data, options),
        result=result,
        created_by_id=actor.id if actor else None,
        label=label,
        round=round_number,
    )
    db.session.add(run)
    db.session.flush()
    run_id, clinic_id, actor_id = run.id, clinic.id, run.created_by_id
    db.session.commit()
    log.info(
        "analysis run %s of clinic %s (%s sorts, %s factors, %s) by facilitator %s",
        run_id,
        clinic_id,
        len(data.participants),
        options.n_factors,
        label,
        actor_id,
    )
    return run


def run_clinic_analysis(
    clinic: Clinic,
    actor: Facilitator | None,
    request: RunRequest | None = None,
    label: str = "run",
    round_number: int = 1,
    source: AnalysisRun | None = None,
) -> AnalysisRun:
    """Analyse one round's submitted sorts now and store the run (one commit); ``source`` is
    the run whose viewpoint names carry over (default: the round's latest)."""
    data = collect_sorts(clinic, round_number)
    if len(data.participants) < MIN_SORTS:
        raise RunError("run.too_few_sorts", min=MIN_SORTS)
    options, choice = _options(data, request or RunRequest())
    return _store(clinic, actor, data, options, label, choice, source, round_number)


def round_comparison(clinic: Clinic, second: ClinicSorts, second_result: Mapping) -> dict:
    """Round 2 against round 1 (:func:`qsort.analysis.rounds.compare_rounds`) over everyone
    who submitted both; viewpoints matched against the latest round-1 run. Stored with the
    round-2 run, so a page only reads it."""
    first = collect_sorts(clinic, 1)
    row_of = {p: i for i, p in enumerate(first.participants)}
    both = [p for p in second.participants if p in row_of]
    if not both:
        return {"n_paired": 0}
    a = first.sorts[[row_of[p] for p in both]]
    b = second.sorts[[second.participants.index(p) for p in both]]
    first_run = latest_run(clinic, 1)
    first_z = _z_scores(first_run.result) if first_run and first_run.result else None
    compared = compare_rounds(a, b, first_z, _z_scores(second_result))
    stored = compared.as_dict(both, second.statements)
    stored["first_run_id"] = first_run.id if first_run else None
    return stored


def _z_scores(result: Mapping) -> np.ndarray | None:
    z = result.get("zscores")
    if not z:
        return None
    return np.array([[np.nan if v is None else v for v in row] for row in z], dtype=float)


def stored_input(run: AnalysisRun) -> ClinicSorts:
    recorded = run.settings["input"]
    return ClinicSorts(
        participants=list(recorded["participants"]),
        statements=list(recorded["statements"]),
        sorts=np.array(recorded["sorts"], dtype=np.int64),
        fingerprint=recorded.get("fingerprint", ""),
        groups=recorded.get("groups"),
    )


def stored_options(run: AnalysisRun) -> AnalysisOptions:
    return AnalysisOptions.from_dict(run.settings, run.settings["input"]["participants"])


def replay(run: AnalysisRun) -> dict[str, Any]:
    """Re-run a stored run from its stored input and settings (nothing is written; on the
    facilitator's request, never on a GET)."""
    return _analyse(stored_input(run), stored_options(run))


def reproduces(run: AnalysisRun, replayed: Mapping[str, Any]) -> bool:
    return all(run.result.get(key) == replayed.get(key) for key in REPRODUCED_KEYS)


def toggle_flag(run: AnalysisRun, actor: Facilitator, participant: str, factor: int) -> AnalysisRun:
    """A new run from the same input with one sort's flag on ``factor`` switched by hand."""
    data, options = stored_input(run), stored_options(run)
    if participant not in data.participants or not 1 <= factor <= options.n_factors:
        raise RunError("run.no_such_flag")
    i = data.participants.index(participant)
    current = {f + 1 for f, flagged in enumerate(run.result["flagged"][i]) if flagged}
    current ^= {factor}
    manual = {**options.manual_flags, i: tuple(sorted(current))}
    options = _replace(options, manual_flags=manual)
    label = f"flag {participant} on {factor}"
    return _store(run.clinic, actor, data, options, label, source=run, round_number=run.round)


def rotate_pair(
    run: AnalysisRun, actor: Facilitator, first: int, second: int, degrees: float
) -> AnalysisRun:
    """A new run with one more judgmental rotation appended to the log."""
    data, options = stored_input(run), stored_options(run)
    step = JudgmentalRotation(first=first, second=second, degrees=float(degrees))
    options = _replace(options, judgmental_rotations=(*options.judgmental_rotations, step))
    label = f"rotate {first},{second} by {degrees:g}°"
    return _store(run.clinic, actor, data, options, label, source=run, round_number=run.round)


def _replace(options: AnalysisOptions, **changes: Any) -> AnalysisOptions:
    from dataclasses import replace

    return replace(options, **changes)


def add_stability(
    run: AnalysisRun,
    actor_id: int | None,
    resamples: int = STABILITY_RESAMPLES,
    progress: Callable[[int, int], None] | None = None,
) -> AnalysisRun:
    """Bootstrap the run's sorts (seeded) and keep the figures with the run. ``progress``
    is called after every resample and may raise to stop it (nothing is stored then)."""
    data, options = stored_input(run), stored_options(run)
    db.session.commit()  # no transaction stays open during the computation
    result = bootstrap_stability(
        data.sorts, options, n_resamples=resamples, seed=STABILITY_SEED, top=TOP, progress=progress
    )
    run.stability = result.as_dict(data.participants, data.statements)
    if "viewpoints" in run.result:  # the accounts now say how stable each viewpoint is
        words = describe_run(run.result, run_context(run.clinic, participant_label), run.stability)
        run.result = {**run.result, "viewpoints": words["viewpoints"]}
    db.session.commit()
    log.info("stability of run %s (%s resamples) for facilitator %s", run.id, resamples, actor_id)
    return run


def stored_id(run: AnalysisRun) -> int:
    """The id of a committed run without reading the run back (a commit expires its columns,
    and the id alone would otherwise load its result and settings again)."""
    return inspect(run).identity[0]


def latest_run(clinic: Clinic, round_number: int = 1) -> AnalysisRun | None:
    return db.session.scalar(
        db.select(AnalysisRun)
        .where(AnalysisRun.clinic_id == clinic.id, AnalysisRun.round == round_number)
        .order_by(AnalysisRun.id.desc())
        .limit(1)
    )


def runs_of(clinic: Clinic, round_number: int = 1) -> list[AnalysisRun]:
    """One round's runs, newest first, without loading their (large) settings and results."""
    columns = (AnalysisRun.id, AnalysisRun.created_at, AnalysisRun.label, AnalysisRun.created_by_id)
    return list(
        db.session.scalars(
            db.select(AnalysisRun)
            .options(load_only(*columns))
            .where(AnalysisRun.clinic_id == clinic.id, AnalysisRun.round == round_number)
            .order_by(AnalysisRun.id.desc())
        )
    )


def is_stale(run: AnalysisRun, clinic: Clinic) -> bool:
    """Have sorts been submitted, reopened or removed since this run?"""
    recorded = run.settings.get("input", {}).get("fingerprint")
    return recorded != submitted_fingerprint(clinic, run.round)
