"""The sorts an analysis reads (``collect_sorts``): every submitted, complete sort of the round,
by participant, in the clinic's statement order, with the answers to the joining question;
drafts and sorts missing a card are left out."""

import numpy as np
import pytest

from qsort.extensions import db
from qsort.models import Clinic, Placement
from qsort.services import live
from qsort.services.analysis_run import collect_sorts, participant_label
from qsort.services.demo import seed_demo


def _expected(clinic: Clinic) -> tuple[list[str], np.ndarray]:
    """Read the long way, through the ORM's own rows."""
    order = [s.id for s in clinic.statements]
    labels, rows = [], []
    for participant in sorted(clinic.participants, key=lambda p: p.id):
        q_sort = participant.sort_of_round(1)
        if q_sort is None or q_sort.status != "submitted":
            continue
        value = {p.statement_id: p.column_value for p in q_sort.placements}
        if not set(order) <= set(value):
            continue
        labels.append(participant_label(participant.id))
        rows.append([value[s] for s in order])
    return labels, np.array(rows)


def test_every_complete_submitted_sort_in_statement_order(app):
    with app.app_context():
        clinic = db.session.get(Clinic, seed_demo().clinic.id)
        labels, sorts = _expected(clinic)
        data = collect_sorts(clinic)
        assert len(labels) >= 5
        assert data.participants == labels
        assert data.statements == [s.code for s in clinic.statements]
        assert data.sorts.dtype == np.int64 and data.sorts.shape == (len(labels), 24)
        np.testing.assert_array_equal(data.sorts, sorts)
        assert data.groups is None  # the demo asks no joining question


def test_drafts_and_sorts_missing_a_card_are_left_out(app):
    with app.app_context():
        clinic = db.session.get(Clinic, seed_demo().clinic.id)
        first, second, *_ = sorted(clinic.participants, key=lambda p: p.id)
        db.session.delete(first.q_sort.placements[3])
        db.session.commit()
        live.reopen_sort(clinic, clinic.owner, second.id)
        db.session.expire_all()

        data = collect_sorts(clinic)
        assert participant_label(first.id) not in data.participants
        assert participant_label(second.id) not in data.participants
        labels, sorts = _expected(clinic)
        assert data.participants == labels
        np.testing.assert_array_equal(data.sorts, sorts)
        assert db.session.scalar(db.select(db.func.count(Placement.id))) > 0


def test_answers_to_the_joining_question_follow_the_sorts(app):
    with app.app_context():
        clinic = db.session.get(Clinic, seed_demo().clinic.id)
        people = sorted(clinic.participants, key=lambda p: p.id)
        people[1].group_answer = "Sales"
        people[3].group_answer = "Service"
        db.session.commit()

        data = collect_sorts(clinic)
        answers = {participant_label(p.id): p.group_answer for p in people}
        assert data.groups == [answers[label] for label in data.participants]
        assert {"Sales", "Service"} <= set(data.groups) and None in data.groups


@pytest.mark.parametrize("moment", ["before_cursor_execute", "after_cursor_execute"])
def test_a_sort_submitted_while_the_sorts_are_read_leaves_the_run_stale(app, moment):
    """On PostgreSQL each statement of a transaction sees every commit made before it. A sort
    submitted just before or just after the placements are read must leave the run stale
    (redone next), never taken as current without that sort."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from qsort.models import Participant, QSort
    from qsort.services.analysis_run import is_stale, run_clinic_analysis, submitted_count

    with app.app_context():
        clinic = db.session.get(Clinic, seed_demo().clinic.id)
        template = [
            (p.statement_id, p.column_value, p.position)
            for p in clinic.participants[0].q_sort.placements
        ]
        clinic_id, engine, submitted = clinic.id, db.engine, []

        def submit_in_between(_conn, _cursor, statement, *_args) -> None:
            if submitted or "placements.column_value" not in statement:
                return
            with Session(engine) as other:  # another connection, committed at once
                participant = Participant(
                    clinic_id=clinic_id, display_name="Late", language="nl", resume_code="LATE2345"
                )
                q_sort = QSort(status="submitted", version=2)
                q_sort.placements = [
                    Placement(statement_id=s, column_value=v, position=i) for s, v, i in template
                ]
                participant.q_sorts = [q_sort]
                other.add(participant)
                other.commit()
            submitted.append(True)

        event.listen(engine, moment, submit_in_between)
        try:
            run = run_clinic_analysis(clinic, None, label="auto")
        finally:
            event.remove(engine, moment, submit_in_between)
        assert submitted
        db.session.expire_all()
        clinic = db.session.get(Clinic, clinic_id)
        assert run.result["n_sorts"] == submitted_count(clinic) or is_stale(run, clinic)


def test_a_placement_of_another_clinics_statement_leaves_that_sort_out(app):
    """A sort is complete only with every statement of its own clinic placed."""
    from qsort.models import Facilitator
    from qsort.services.clinics import create_clinic
    from tests.builders import ROOM

    with app.app_context():
        clinic = db.session.get(Clinic, seed_demo().clinic.id)
        other = create_clinic(db.session.get(Facilitator, clinic.owner_id), title="Other", **ROOM)
        first = sorted(clinic.participants, key=lambda p: p.id)[0]
        first.q_sort.placements[0].statement_id = other.statements[0].id
        db.session.commit()

        data = collect_sorts(clinic)
        assert participant_label(first.id) not in data.participants
        labels, sorts = _expected(clinic)
        assert data.participants == labels
        np.testing.assert_array_equal(data.sorts, sorts)
