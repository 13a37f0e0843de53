"""A revealed room for the presenter tests: the demo clinic with free-choice answers, one
comment and a stored run (call inside an app context)."""

from qsort.domain.phases import Phase
from qsort.extensions import db
from qsort.models import Clinic, Comment, Facilitator, Participant, QSort
from qsort.services import analysis_run
from qsort.services.auth import hash_password
from qsort.services.demo import DEMO_EMAIL, seed_demo
from tests.builders import move_to

ANSWERS = ["Fun at work", "fun at work!", "A clear purpose", "Customer contact"]
COMMENT = "Listening takes time we do not get"


def revealed_demo(password: str) -> tuple[Clinic, Facilitator, list[QSort]]:
    """The demo clinic revealed, with the free-choice ``ANSWERS`` and one ``COMMENT``, its
    facilitator's password set to ``password``; no run yet."""
    info = seed_demo()
    owner = db.session.get(Facilitator, info.facilitator.id)
    owner.password_hash = hash_password(password)
    clinic = db.session.get(Clinic, info.clinic.id)
    sorts = list(
        db.session.scalars(
            db.select(QSort)
            .join(Participant)
            .where(Participant.clinic_id == clinic.id)
            .order_by(QSort.id)
        )
    )
    for q_sort, answer in zip(sorts, ANSWERS, strict=False):
        q_sort.free_choice = answer
    db.session.add(Comment(q_sort=sorts[0], statement=clinic.statements[0], text=COMMENT))
    db.session.commit()
    move_to(clinic, Phase.REVEALED)  # the audited phase change the live page makes
    return clinic, owner, sorts


def logged_in(client, seed, password: str) -> dict:
    """Seed a room with ``seed(password)`` and log ``client`` in as its facilitator; the ids."""
    with client.application.app_context():
        ids = seed(password)
    client.post("/login", data={"email": DEMO_EMAIL, "password": password})
    return ids


def seed_room(password: str) -> dict:
    clinic, owner, sorts = revealed_demo(password)
    analysis_run.run_clinic_analysis(clinic, owner)
    return {
        "clinic": clinic.id,
        "token": clinic.projector_token,
        "answers": [f"p{s.participant_id}" for s in sorts[: len(ANSWERS)]],
        "comment": str(sorts[0].comments[0].id),
        "names": [s.participant.display_name for s in sorts],
    }


#: Group answers given to the demo's sorts in order: two groups big enough to show, one not.
GROUPS = ["Sales"] * 4 + ["Service"] * 3 + ["Board"]


def seed_grouped_room(password: str) -> dict:
    """The demo room with a joining question answered: Sales (4), Service (3), Board (1 sort,
    too small to show), the rest without a group; a fresh run compares the groups."""
    room = seed_room(password)
    clinic = db.session.get(Clinic, room["clinic"])
    clinic.group_question_en = "Which department?"
    people = list(
        db.session.scalars(
            db.select(Participant)
            .where(Participant.clinic_id == clinic.id)
            .order_by(Participant.id)
        )
    )
    for participant, group in zip(people, GROUPS, strict=False):
        participant.group_answer = group
    db.session.commit()
    analysis_run.run_clinic_analysis(clinic, db.session.get(Facilitator, clinic.owner_id))
    return room
