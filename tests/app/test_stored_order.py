"""Lists read from the database keep one order, whatever the database did to its rows.
PostgreSQL returns rows in the order of the index or heap it reads, and an update that cannot
stay in place writes the row anew at the end; a clinic file, a PQMethod file or a results
table would then reorder its participants after an edit (the clinic-file round trip failed on
CI that way). Here the first participant, placement and clinic are rewritten so they land
last; read back, every list still runs in creation order."""

from qsort.extensions import db
from qsort.models import Clinic, Facilitator, Participant, Placement
from qsort.services.clinics import create_clinic
from qsort.services.demo import seed_demo
from tests.builders import ROOM


def _moved_to_the_end(model, row_id: int, column, value) -> None:
    """An update of an indexed column: PostgreSQL writes a new row version and index entry."""
    db.session.execute(db.update(model).where(model.id == row_id).values({column: value}))
    db.session.commit()


def test_participants_placements_and_clinics_keep_their_order_after_updates(app):
    with app.app_context():
        demo = seed_demo()
        clinic = db.session.get(Clinic, demo.clinic.id)
        create_clinic(db.session.get(Facilitator, clinic.owner_id), title="Second", **ROOM)
        first = clinic.participants[0]
        sort_id, placement = first.q_sort.id, first.q_sort.placements[0]
        _moved_to_the_end(Participant, first.id, "resume_code", "MOVEDLAST")
        _moved_to_the_end(Placement, placement.id, "position", placement.position + 100)
        _moved_to_the_end(Clinic, clinic.id, "join_code", "MOVEDX")
        clinic_id, owner_id = clinic.id, clinic.owner_id
        db.session.expunge_all()  # read again from the database, not the session's lists

        clinic = db.session.get(Clinic, clinic_id)
        people = [p.id for p in clinic.participants]
        assert len(people) > 2 and people == sorted(people)
        placements = [p.id for p in clinic.participants[0].q_sorts[0].placements]
        assert clinic.participants[0].q_sorts[0].id == sort_id
        assert len(placements) == 24 and placements == sorted(placements)
        clinics = [c.id for c in clinic.owner.clinics]
        assert clinic.owner_id == owner_id and len(clinics) == 2 and clinics == sorted(clinics)
