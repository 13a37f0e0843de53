"""Round 1 against round 2, as the results page, the report and the projector show it.

Reads only what is stored: the comparison kept with the latest round-2 run
(:func:`qsort.services.analysis_run.round_comparison`) and both rounds' viewpoint names. No
Flask: the caller passes the language; ``names`` (participant label -> name) only for the
facilitator's pages, never for the projector.
"""

from collections.abc import Mapping

from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic
from qsort.reports.rounds import Mover, RoundsSummary, Shift, ViewpointPair
from qsort.services import analysis_run
from qsort.services.viewpoint_names import viewpoint_names


def rounds_summary(
    clinic: Clinic, lang: str, names: Mapping[str, str] | None = None
) -> RoundsSummary | None:
    """The comparison of the latest round-2 run, or ``None`` (no second round analysed yet)."""
    run = analysis_run.latest_run(clinic, 2) if clinic.current_round == 2 else None
    return summary_of_run(run, clinic, lang, names) if run is not None else None


def summary_of_run(
    run: AnalysisRun, clinic: Clinic, lang: str, names: Mapping[str, str] | None = None
) -> RoundsSummary | None:
    """The comparison stored with this round-2 run (``None`` for a round-1 run)."""
    stored = (run.result or {}).get("rounds") if run.round == 2 else None
    if not stored or not stored.get("n_paired"):
        return None
    statements = {s.code: s for s in clinic.statements}
    shifts = [_shift(row, statements, lang) for row in stored["statements"]]
    by_code = {s.code: s for s in shifts}
    first_run = _run(stored.get("first_run_id"))
    first_names = viewpoint_names(first_run.result, lang) if first_run and first_run.result else {}
    second_names = viewpoint_names(run.result, lang)
    return RoundsSummary(
        question_1=clinic.round_question_for(1, lang),
        question_2=clinic.round_question_for(2, lang),
        n_paired=stored["n_paired"],
        run_id=run.id,
        shifts=shifts,
        moved_most=[by_code[c] for c in stored["moved_most"]],
        movers=_movers(stored["participants"], names) if names is not None else [],
        viewpoints=[
            ViewpointPair(
                v["first"],
                v["second"],
                first_names.get(v["first"], str(v["first"])),
                second_names.get(v["second"], str(v["second"])),
                v["r"] if v["r"] is not None else float("nan"),
            )
            for v in stored.get("viewpoints", [])
        ],
        unmatched_first=[first_names.get(f, str(f)) for f in stored.get("unmatched_first", [])],
        unmatched_second=[second_names.get(f, str(f)) for f in stored.get("unmatched_second", [])],
    )


def _shift(row: Mapping, statements: Mapping, lang: str) -> Shift:
    statement = statements.get(row["statement"])
    return Shift(
        code=row["statement"],
        number=statement.position if statement else 0,
        text=statement.text(lang) if statement else row["statement"],
        shift=row["shift"],
        low=row["low"],
        high=row["high"],
    )


def _movers(rows: list[Mapping], names: Mapping[str, str]) -> list[Mover]:
    movers = [
        Mover(
            r["participant"],
            names.get(r["participant"], r["participant"]),
            r["r"],
            r["mean_abs_shift"],
        )
        for r in rows
    ]
    return sorted(movers, key=lambda m: (m.r if m.r is not None else 2.0, m.label))


def _run(run_id: int | None) -> AnalysisRun | None:
    return db.session.get(AnalysisRun, run_id) if run_id else None
