"""Helpers for the participant and sort API tests: a clinic open for sorting, joining, drafts."""

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from qsort.extensions import db
from qsort.models import Clinic, Participant, QSort
from tests.builders import move_to


def open_clinic(app: Flask, clinic_id: int, phase: str = "sorting") -> dict[str, Any]:
    """Put the clinic in ``phase``; returns its join code, statement ids and grid."""
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        move_to(clinic, phase)
        return {
            "clinic_id": clinic.id,
            "code": clinic.join_code,
            "ids": [s.id for s in clinic.statements],
            "grid": clinic.distribution,
        }


def join(client: FlaskClient, code: str, name: str = "Team A", lang: str = "en") -> Any:
    return client.post(
        f"/join/{code}", data={"display_name": name, "team_size": "4", "language": lang}
    )


def participant_sort(app: Flask, name: str = "Team A") -> dict[str, Any]:
    with app.app_context():
        participant = db.session.scalar(
            db.select(Participant).where(Participant.display_name == name)
        )
        q_sort = participant.q_sort
        return {
            "participant_id": participant.id,
            "sort_id": q_sort.id,
            "resume_code": participant.resume_code,
            "version": q_sort.version,
        }


def complete_columns(info: dict[str, Any]) -> dict[str, list[int]]:
    ids = iter(info["ids"])
    return {str(c.value): [next(ids) for _ in range(c.height)] for c in info["grid"].columns}


def stored(app: Flask, sort_id: int) -> dict[str, Any]:
    """Everything stored about a sort, to compare before and after a refused request."""
    with app.app_context():
        q_sort = db.session.get(QSort, sort_id)
        return {
            "version": q_sort.version,
            "status": q_sort.status,
            "draft": q_sort.draft,
            "placements": sorted(q_sort.cards()),
            "comments": sorted(q_sort.comment_texts().items()),
            "free_choice": q_sort.answer() or None,
            "receipt": q_sort.receipt,
        }
