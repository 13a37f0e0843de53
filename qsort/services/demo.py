"""The demo: a facilitator, the customer-focus clinic and ~30 plausible submitted sorts.

The sorts come from three planted viewpoints plus noise, generated deterministically (fixed
seed) and mapped onto the forced grid by rank, so every sort is valid and the analysis finds
the viewpoints again:

- "allowed": room, trust and freedom from rules matter most;
- "able": time, skills, tools and feedback matter most;
- "want": a clear vision, leaders who set the example and involvement matter most.
All three value the clinic's reported top five, so those come out on top overall.
"""

import logging
import random
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from qsort.domain.grid import ForcedDistribution
from qsort.domain.phases import Phase
from qsort.extensions import db
from qsort.models import Clinic, Facilitator, Placement, QSort
from qsort.models.clinic import TEXT_FIELDS
from qsort.presets import CUSTOMER_FOCUS
from qsort.services import auth as auth_service
from qsort.services.clinics import _new_statement, new_clinic
from qsort.services.job_kinds import enqueue_analysis
from qsort.services.participants import new_participant

log = logging.getLogger(__name__)

DEMO_EMAIL = "demo@qsort.example"
SEED = 4
VIEWPOINTS = {"allowed": 11, "able": 10, "want": 9}
NAMES = (
    "Anouk",
    "Bram",
    "Chantal",
    "Daan",
    "Esra",
    "Fleur",
    "Gijs",
    "Hanna",
    "Ilse",
    "Jeroen",
    "Kim",
    "Lotte",
    "Mehmet",
    "Noor",
    "Olga",
    "Pieter",
    "Quinten",
    "Roos",
    "Sanne",
    "Thijs",
    "Umar",
    "Vera",
    "Wouter",
    "Xena",
    "Yara",
    "Zeger",
    "Amira",
    "Bas",
    "Carmen",
    "Dirk",
)


@dataclass(frozen=True)
class DemoInfo:
    facilitator: Facilitator
    clinic: Clinic
    password: str | None  # only when it was (re)generated in this call


def demo_clinic(facilitator: Facilitator) -> Clinic | None:
    return db.session.scalar(
        db.select(Clinic).where(Clinic.owner_id == facilitator.id).order_by(Clinic.id).limit(1)
    )


def seed_demo(*, reset_password: bool = False) -> DemoInfo:
    """Create what is missing of the demo; a new password only for a new or reset account."""
    facilitator = db.session.scalar(db.select(Facilitator).where(Facilitator.email == DEMO_EMAIL))
    password = None
    if facilitator is None or reset_password:
        password = secrets.token_urlsafe(12)
    if facilitator is None:
        facilitator = Facilitator(email=DEMO_EMAIL, password_hash="")
        db.session.add(facilitator)
    if password is not None:
        facilitator.password_hash = auth_service.hash_password(password)
        facilitator.session_version = (facilitator.session_version or 0) + 1  # logged out
    clinic = demo_clinic(facilitator) if facilitator.id else None
    if clinic is None:
        clinic = _demo_clinic(facilitator)
        db.session.add(clinic)
        db.session.flush()
        _add_sorts(clinic)
        enqueue_analysis(clinic.id)  # the results are ready when the demo opens
    db.session.commit()
    log.info("demo seeded: facilitator %s, clinic %s", facilitator.id, clinic.id)
    return DemoInfo(facilitator, clinic, password)


def _demo_clinic(owner: Facilitator) -> Clinic:
    clinic = new_clinic(
        owner=owner,
        **{name: getattr(CUSTOMER_FOCUS, name) for name in TEXT_FIELDS},
        grid=CUSTOMER_FOCUS.grid.to_json(),
        phase=Phase.CLOSED,
    )
    for number, item in enumerate(CUSTOMER_FOCUS.statements, start=1):
        clinic.statements.append(_new_statement(number, item.text_nl, item.text_en, item.theme))
    return clinic


def viewpoint_scores(rng: random.Random) -> dict[str, list[float]]:
    """The planted ideal score of each statement under each viewpoint."""
    scores = {}
    for viewpoint in VIEWPOINTS:
        row = []
        for item in CUSTOMER_FOCUS.statements:
            score = 2.0 if item.theme == viewpoint else -1.0
            score += 1.5 if item.top_five else 0.0
            row.append(score + rng.gauss(0, 0.7))
        scores[viewpoint] = row
    return scores


def onto_grid(scores: list[float], grid: ForcedDistribution) -> list[tuple[int, int]]:
    """(column value, position in column) per statement: the lowest scores go left."""
    slots = [(c.value, pos) for c in grid.columns for pos in range(c.height)]
    order = sorted(range(len(scores)), key=lambda i: (scores[i], i))
    placed: list[tuple[int, int]] = [(0, 0)] * len(scores)
    for slot, index in zip(slots, order, strict=True):
        placed[index] = slot
    return placed


def _add_sorts(clinic: Clinic) -> None:
    rng = random.Random(SEED)
    ideals = viewpoint_scores(rng)
    names = iter(NAMES)
    now = datetime.now(UTC)
    for viewpoint, count in VIEWPOINTS.items():
        for _ in range(count):
            scores = [s + rng.gauss(0, 1.1) for s in ideals[viewpoint]]
            participant = new_participant(
                clinic=clinic,
                display_name=next(names),
                team_size=rng.randint(3, 9),
                language=rng.choice(("nl", "nl", "nl", "en")),
            )
            q_sort = QSort(participant=participant, status="submitted", submitted_at=now)
            grid_slots = onto_grid(scores, clinic.distribution)
            for statement, (value, position) in zip(clinic.statements, grid_slots, strict=True):
                q_sort.placements.append(
                    Placement(statement=statement, column_value=value, position=position)
                )
            db.session.add(participant)
            db.session.flush()  # unique_code must see the codes already handed out
    log.debug("demo sorts added to clinic %s", clinic.id)
