"""One clinic as a file, to move a finished clinic to another machine: its set-up, statements,
participants with their sorts, comments and answers, and its stored analysis runs.

``clinic_document(clinic)`` writes it; ``import_clinic_document(owner, document)`` reads it back
as a new clinic (new join and resume codes) in one transaction.

Version 2 holds the clinic's texts in both languages (``title_nl`` ... ``instruction_en``, see
:data:`qsort.models.clinic.TEXT_FIELDS`). Version 1 files (one ``title``; ``instruction_nl/_en``
holding the question) are still read.
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
from qsort.models.clinic import TEXT_FIELDS
from qsort.services.codes import JOIN_CODE_LENGTH, RESUME_CODE_LENGTH, unique_code

log = logging.getLogger(__name__)

KIND = "qsort-clinic"
VERSION = 2
READABLE_VERSIONS = (1, 2)


def clinic_document(clinic: Clinic) -> dict:
    """Everything needed to recreate ``clinic`` elsewhere, as plain JSON values."""
    codes = {s.id: s.code for s in clinic.statements}
    return {
        "kind": KIND,
        "version": VERSION,
        "qsort_version": __version__,
        "clinic": {
            **clinic.texts(),
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
    if document.get("version") not in READABLE_VERSIONS:
        raise FormatError(
            f"clinic file version {document.get('version')!r} is not supported "
            f"(expected one of {', '.join(map(str, READABLE_VERSIONS))})",
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


def _texts(info: dict, version: int) -> dict[str, str]:
    """The clinic's texts from a version 1 or 2 file."""
    if version == 1:
        title = str(info["title"])[:200]
        return {"title_nl": title, "title_en": title, "question_nl": str(info["instruction_nl"]),
                "question_en": str(info["instruction_en"]), "instruction_nl": "", "instruction_en": ""}  # fmt: skip
    texts = {name: str(info[name]) for name in TEXT_FIELDS}
    texts["title_nl"], texts["title_en"] = texts["title_nl"][:200], texts["title_en"][:200]
    if not (texts["title_nl"] or texts["title_en"]):
        raise ValueError("the clinic has no title")
    return texts


def _build(owner: Facilitator, document: dict) -> Clinic:
    info = document["clinic"]
    clinic = Clinic(owner=owner, **_texts(info, document["version"]), grid=info["grid"], phase="closed",
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
