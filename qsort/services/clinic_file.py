"""One clinic as a file, to move a finished clinic to another machine: its set-up, statements,
participants with their sorts, comments and answers, its stored analysis runs and the
facilitator's moderation decisions.

``clinic_document(clinic)`` writes it; ``import_clinic_document(owner, document)`` reads it back
as a new clinic (new join and resume codes). The file is checked against its declared schema
and the database's limits (:mod:`qsort.formats.clinic_schema`), and every analysis run must
reproduce from its recorded input, before anything is written; the runs are re-pointed at the
new participants.

Version 4 holds the facilitator's moderation decisions (``moderation``: which comments and
free-choice answers were approved for the projector and which were hidden), keyed by the
participant's ``label``, the round and the statement code, never by a database id; on import
they are re-pointed at the new comments and participants in the import's last transaction
(with the runs). A decision that names no text of the file is refused, not dropped (see
:mod:`qsort.formats.clinic_moderation`); only decisions on texts the clinic still lists are
written (:func:`qsort.services.moderation.carried`). Files of versions 1 to 3 written by
qsort carry no decisions: every text imports undecided (a ``moderation`` list is checked and
imported whatever the version). Should the last transaction fail, the clinic written so far is
deleted again.

Version 3 holds the clinic's joining question (``group_question_nl``/``_en``, see
:data:`qsort.models.clinic.GROUP_QUESTION_FIELDS`) and each participant's answer to it
(``group_answer``), so the groups compared on the results page survive the move, and the
facilitator's free-choice group edits (``free_choice_edits``: merges, splits, names, re-pointed
at the new participants, round 2's answers ``p<id>r2`` too). Version 2 holds the clinic's
texts in both languages (``title_nl`` ... ``instruction_en``, see
:data:`qsort.models.clinic.TEXT_FIELDS`). Version 1 files (one ``title``; ``instruction_nl/_en``
holding the question) are still read; both without groups.
"""

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from qsort import __version__
from qsort.analysis import AnalysisError
from qsort.domain.phases import Phase
from qsort.extensions import db
from qsort.formats import FormatError
from qsort.formats.clinic_schema import (
    KIND,
    READABLE_VERSIONS,
    VERSION,
    is_clinic_document,
    validate_clinic_document,
)
from qsort.models import AnalysisRun, Clinic, Facilitator, Participant, Statement
from qsort.models.clinic import GROUP_QUESTION_FIELDS, ROUND_TWO_FIELDS, TEXT_FIELDS
from qsort.narrative.answer_groups import relabel_edits
from qsort.services.analysis_run import (
    RunError,
    participant_label,
    qmethod_reference,
    replay,
    reproduces,
    stored_input,
    stored_options,
)
from qsort.services.clinics import new_clinic
from qsort.services.import_writer import NewParticipant, write_clinic
from qsort.services.moderation import carried, restore
from qsort.services.run_labels import relabel_run
from qsort.write_lock import write_lock

log = logging.getLogger(__name__)

__all__ = ["clinic_document", "import_clinic_document", "is_clinic_document"]


def clinic_document(clinic: Clinic) -> dict:
    """Everything needed to recreate ``clinic`` elsewhere, as plain JSON values."""
    codes = {s.id: s.code for s in clinic.statements}
    return {
        "kind": KIND,
        "version": VERSION,
        "qsort_version": __version__,
        "clinic": {
            **clinic.texts(),
            **{name: getattr(clinic, name) or "" for name in GROUP_QUESTION_FIELDS},
            "free_choice_edits": clinic.free_choice_edits or None,
            "grid": clinic.grid,
            "phase": clinic.phase,
            **{name: getattr(clinic, name) for name in ROUND_TWO_FIELDS},
            "current_round": clinic.current_round,
            "show_first_sort": clinic.show_first_sort,
        },
        "statements": [
            {"code": s.code, "text_nl": s.text_nl, "text_en": s.text_en, "theme": s.theme}
            for s in clinic.statements
        ],
        "participants": [_participant(p, codes) for p in clinic.participants],
        "analysis_runs": [
            {
                "created_at": run.created_at.isoformat() if run.created_at else None,
                "label": run.label,
                "settings": run.settings,
                "result": run.result,
                "round": run.round,
            }
            for run in clinic.analysis_runs
        ],
        "moderation": carried(clinic),
    }


def _participant(p: Participant, codes: dict[int, str]) -> dict:
    second = p.sort_of_round(2)
    return {
        "name": p.display_name,
        "label": participant_label(p.id),
        "team_size": p.team_size,
        "language": p.language,
        "group_answer": p.group_answer or None,
        "sort": _sort(p.sort_of_round(1), codes),
        **({"round2_sort": _sort(second, codes)} if second is not None else {}),
    }


def _sort(sort, codes: dict[int, str]) -> dict | None:
    return (
        None
        if sort is None
        else {
            "status": sort.status,
            "submitted_at": sort.submitted_at.isoformat() if sort.submitted_at else None,
            "free_choice": sort.answer() or None,
            "placements": [[codes[sid], value, pos] for sid, value, pos in sort.cards()],
            "comments": [[codes[sid], text] for sid, text in sort.comment_texts().items()],
        }
    )


def import_clinic_document(
    owner: Facilitator,
    document: dict,
    name: str = "clinic file",
    progress: Callable[[int, int], None] | None = None,
) -> Clinic:
    """Recreate a clinic from :func:`clinic_document` output; all or nothing (``progress``:
    see :func:`qsort.services.import_writer.write_clinic`)."""
    if isinstance(document, dict) and document.get("version") not in (None, *READABLE_VERSIONS):
        raise FormatError(
            "format.clinic_version",
            version=repr(document.get("version")),
            versions=", ".join(map(str, READABLE_VERSIONS)),
            file=name,
            field="version",
        )
    validate_clinic_document(document, name)
    runs = [_checked_run(run, k, name) for k, run in enumerate(document.get("analysis_runs", []))]
    clinic = _clinic(owner, document)
    index = {s["code"]: j for j, s in enumerate(document["statements"])}
    ids = write_clinic(clinic, [_person(p, index) for p in document["participants"]], progress)
    clinic_id = clinic.id
    try:
        _complete(clinic, document, runs, ids)
    except Exception:  # the clinic is written but not finished: remove it again, all or nothing
        db.session.rollback()
        with write_lock():
            db.session.execute(db.delete(Clinic).where(Clinic.id == clinic_id))
            db.session.commit()
        raise
    log.info("clinic %s imported from a clinic file by facilitator %s", clinic.id, owner.id)
    return clinic


def _complete(clinic: Clinic, document: dict, runs: list[AnalysisRun], ids: list[int]) -> None:
    """The group edits, runs and moderation decisions, re-pointed at the new participants
    (``ids``, in the file's order) and their comments; the import's last commit."""
    new_ids = {
        p.get("label"): new
        for p, new in zip(document["participants"], ids, strict=True)
        if p.get("label")
    }
    labels = {label: participant_label(new) for label, new in new_ids.items()}
    answers = {**labels, **{f"{old}r2": f"{new}r2" for old, new in labels.items()}}  # round 2's
    clinic.free_choice_edits = relabel_edits(document["clinic"].get("free_choice_edits"), answers)
    for run in runs:
        settings, result, _ = relabel_run(run.settings, run.result, labels)
        clinic.analysis_runs.append(
            AnalysisRun(settings=settings, result=result, label=run.label, round=run.round)
        )
    restore(clinic, document.get("moderation") or [], new_ids)
    with write_lock():
        db.session.commit()


def _checked_run(run: dict, k: int, name: str) -> AnalysisRun:
    """The run as a model (not yet stored), refused unless it reproduces from its input."""
    label = str(run.get("label") or "imported")[:200]
    candidate = AnalysisRun(
        settings=run["settings"],
        result=run["result"],
        label=label,
        round=int(run.get("round") or 1),
    )
    try:
        ok = run["result"] is not None and reproduces(candidate, replay(candidate))
    except (AnalysisError, RunError, KeyError, TypeError, ValueError, IndexError, AttributeError):
        ok = False
    if not ok:
        raise FormatError(
            "format.clinic_run_damaged",
            file=name,
            field=f"analysis_runs[{k}]",
        )
    if "qmethod_reference" not in candidate.result:  # a file from before the run kept it
        reference = qmethod_reference(stored_input(candidate), stored_options(candidate))
        candidate.result = {**candidate.result, "qmethod_reference": reference}
    return candidate


def _texts(info: dict, version: int) -> dict[str, str]:
    """The clinic's texts from a version 1 or 2 file (already checked against the schema)."""
    if version == 1:
        return {
            "title_nl": info["title"],
            "title_en": info["title"],
            "question_nl": info["instruction_nl"],
            "question_en": info["instruction_en"],
            "instruction_nl": "",
            "instruction_en": "",
        }
    return {name: info[name] for name in TEXT_FIELDS}


def _clinic(owner: Facilitator, document: dict) -> Clinic:
    info = document["clinic"]
    groups = {name: " ".join(info.get(name, "").split()) for name in GROUP_QUESTION_FIELDS}
    clinic = new_clinic(
        owner_id=owner.id,
        **_texts(info, document["version"]),
        **groups,
        grid=info["grid"],
        phase=Phase.CLOSED,
        **{name: info.get(name) or "" for name in ROUND_TWO_FIELDS},
        current_round=int(info.get("current_round") or 1),
        show_first_sort=bool(info.get("show_first_sort")),
    )
    clinic.statements.extend(
        Statement(
            position=k,
            code=s["code"],
            text_nl=s["text_nl"],
            text_en=s["text_en"],
            theme=s.get("theme"),
        )
        for k, s in enumerate(document["statements"], start=1)
    )
    return clinic


def _person(p: dict, index: dict[str, int]) -> NewParticipant:
    person = _person_sort(p, p["sort"], index)
    if p.get("round2_sort") is not None:
        person = replace(person, second=_person_sort(p, p["round2_sort"], index))
    return person


def _person_sort(p: dict, sort: dict | None, index: dict[str, int]) -> NewParticipant:
    if sort is None:
        return NewParticipant(
            name=p["name"],
            language=p["language"],
            team_size=p.get("team_size"),
            status=None,
            group_answer=_group(p),
        )
    submitted = datetime.fromisoformat(sort["submitted_at"]) if sort.get("submitted_at") else None
    return NewParticipant(
        name=p["name"],
        language=p["language"],
        team_size=p.get("team_size"),
        group_answer=_group(p),
        status=sort["status"],
        submitted_at=submitted,
        free_choice=sort.get("free_choice"),
        placements=[(index[c], v, pos) for c, v, pos in sort["placements"]],
        comments=[(index[c], t) for c, t in sort["comments"]],
    )


def _group(p: dict) -> str | None:
    """The participant's answer to the joining question, spaced as the join form stores it."""
    return " ".join((p.get("group_answer") or "").split()) or None
