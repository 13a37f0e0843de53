"""One clinic as a file, to move a finished clinic to another machine: its set-up, statements,
participants with their sorts, comments and answers, and its stored analysis runs.

``clinic_document(clinic)`` writes it; ``import_clinic_document(owner, document)`` reads it back
as a new clinic (new join and resume codes) in one transaction.
"""

import logging
from datetime import datetime

from qsort import __version__
from qsort.extensions import db
from qsort.formats import FormatError
from qsort.models import (
    AnalysisRun,
    Clinic,
    Comment,
    Facilitator,
    Participant,
    Placement,
    QSort,
    Statement,
)
from qsort.services.codes import JOIN_CODE_LENGTH, RESUME_CODE_LENGTH, unique_code

log = logging.getLogger(__name__)

KIND = "qsort-clinic"
VERSION = 1


def clinic_document(clinic: Clinic) -> dict:
    """Everything needed to recreate ``clinic`` elsewhere, as plain JSON values."""
    codes = {s.id: s.code for s in clinic.statements}
    return {
        "kind": KIND,
        "version": VERSION,
        "qsort_version": __version__,
        "clinic": {
            "title": clinic.title,
            "instruction_nl": clinic.instruction_nl,
            "instruction_en": clinic.instruction_en,
            "grid": clinic.grid,
            "phase": clinic.phase,
        },
        "statements": [
            {"code": s.code, "text_nl": s.text_nl, "text_en": s.text_en, "theme": s.theme}
            for s in clinic.statements
        ],
        "participants": [_participant(p, codes) for p in clinic.participants],
        "analysis_runs": [
            {
                "created_at": run.created_at.isoformat(),
                "settings": run.settings,
                "result": run.result,
            }
            for run in clinic.analysis_runs
        ],
    }


def _participant(p: Participant, codes: dict[int, str]) -> dict:
    sort = p.q_sort
    return {
        "name": p.display_name,
        "team_size": p.team_size,
        "language": p.language,
        "sort": None if sort is None else {
            "status": sort.status,
            "submitted_at": sort.submitted_at.isoformat() if sort.submitted_at else None,
            "free_choice": sort.free_choice,
            "placements": [[codes[x.statement_id], x.column_value, x.position] for x in sort.placements],
            "comments": [[codes[c.statement_id], c.text] for c in sort.comments],
        },
    }  # fmt: skip


def is_clinic_document(document: object) -> bool:
    return isinstance(document, dict) and document.get("kind") == KIND


def import_clinic_document(owner: Facilitator, document: dict, name: str = "clinic file") -> Clinic:
    """Recreate a clinic from :func:`clinic_document` output; all or nothing."""
    if document.get("version") != VERSION:
        raise FormatError(
            f"clinic file version {document.get('version')!r} is not supported (expected {VERSION})",
            file=name,
        )
    try:
        clinic = _build(owner, document)
    except (KeyError, TypeError, ValueError) as error:
        db.session.rollback()
        raise FormatError(
            f"the clinic file is incomplete or damaged ({error!r})", file=name
        ) from None
    db.session.commit()
    log.info("clinic %s imported from a clinic file by facilitator %s", clinic.id, owner.id)
    return clinic


def _build(owner: Facilitator, document: dict) -> Clinic:
    info = document["clinic"]
    clinic = Clinic(owner=owner, title=str(info["title"])[:200], instruction_nl=info["instruction_nl"],
                    instruction_en=info["instruction_en"], grid=info["grid"], phase="closed",
                    join_code=unique_code(Clinic.join_code, JOIN_CODE_LENGTH))  # fmt: skip
    statements = {}
    for number, s in enumerate(document["statements"], start=1):
        statements[s["code"]] = Statement(
            position=number,
            code=s["code"],
            text_nl=s["text_nl"],
            text_en=s["text_en"],
            theme=s["theme"],
        )
        clinic.statements.append(statements[s["code"]])
    db.session.add(clinic)
    for p in document["participants"]:
        participant = Participant(clinic=clinic, display_name=p["name"], team_size=p["team_size"], language=p["language"],
                                  resume_code=unique_code(Participant.resume_code, RESUME_CODE_LENGTH))  # fmt: skip
        if p["sort"] is not None:
            s = p["sort"]
            submitted = datetime.fromisoformat(s["submitted_at"]) if s["submitted_at"] else None
            q_sort = QSort(
                participant=participant,
                status=s["status"],
                submitted_at=submitted,
                free_choice=s["free_choice"],
            )
            q_sort.placements.extend(
                Placement(statement=statements[c], column_value=v, position=pos)
                for c, v, pos in s["placements"]
            )
            q_sort.comments.extend(
                Comment(statement=statements[c], text=t) for c, t in s["comments"]
            )
        db.session.add(participant)
        db.session.flush()  # unique_code must see the codes already handed out
    for run in document.get("analysis_runs", []):
        clinic.analysis_runs.append(AnalysisRun(settings=run["settings"], result=run["result"]))
    return clinic
