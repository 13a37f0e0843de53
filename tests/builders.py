"""Builders shared by the tests, the benchmarks and the tools (never shipped in the package):
a facilitator with a clinic, moved through its phases by the audited phase change the live page
uses, and a free port for a server (the browser tests' threaded server is
:func:`tests.browser.sort_support.serving`).

The clinic and its participants get their codes from the services' own builders
(:func:`qsort.services.clinics.new_clinic`, :func:`qsort.services.participants.new_participant`).
Call the database builders inside an app context.
"""

import socket
from typing import Any

from qsort.domain.phases import PHASES, Phase
from qsort.extensions import db
from qsort.models import Clinic, Facilitator
from qsort.services import live
from qsort.services.auth import create_facilitator
from qsort.services.clinics import create_clinic

ROOM_PASSWORD = "long enough password"
ROOM = {"preset_key": "customer-focus", "grid_key": "9", "lang": "en"}
"""The clinic the tests and benchmarks sort in: the customer-focus statements on 9 columns."""


def room(
    email: str,
    password: str = ROOM_PASSWORD,
    *,
    title: str = "Room",
    phase: str = Phase.LOBBY,
    **options: Any,
) -> Clinic:
    """A new facilitator ``email`` and their clinic (``ROOM`` unless ``options`` say otherwise:
    ``lang``, ``preset_key``, ``grid_key``), moved to ``phase`` with :func:`move_to`."""
    owner = create_facilitator(email, password)
    clinic = create_clinic(db.session.get(Facilitator, owner.id), title=title, **(ROOM | options))
    move_to(clinic, phase)
    return clinic


def move_to(clinic: Clinic, phase: str) -> None:
    """Move ``clinic`` to ``phase`` one step at a time through
    :func:`qsort.services.live.set_phase`, as the owner on the live page would, confirming a step
    back or a close while people are still sorting; each step is audited."""
    target = PHASES.index(phase)
    while clinic.phase != phase:
        here = PHASES.index(clinic.phase)
        step = PHASES[here + 1 if target > here else here - 1]
        live.set_phase(clinic, clinic.owner, step, confirmed=True)


def demo_logged_in(app: Any, client: Any) -> tuple[int, int]:
    """The demo clinic and its automatic run (made by its job, inline, as the seeding context
    ends), its facilitator logged in on ``client``: ``(clinic id, run id)``."""
    from qsort.models import AnalysisRun
    from qsort.services.demo import seed_demo

    with app.app_context():
        info = seed_demo()
        clinic_id = info.clinic.id
        login = {"email": info.facilitator.email, "password": info.password}
    with app.app_context():
        query = db.select(AnalysisRun.id).where(AnalysisRun.clinic_id == clinic_id)
        run_id = db.session.scalars(query).one()
    client.post("/login", data=login)
    return clinic_id, run_id


def import_clinic_file(client: Any, document: dict) -> Any:
    """Upload ``document`` as a clinic file through the web import; the response."""
    import io
    import json

    data = {"files": [(io.BytesIO(json.dumps(document).encode()), "c.qsort.json")]}
    return client.post("/clinics/import/", data=data, content_type="multipart/form-data")


def newest_clinic_id(app: Any) -> int:
    """The id of the clinic made last (e.g. by an import)."""
    with app.app_context():
        return db.session.scalar(db.select(Clinic.id).order_by(Clinic.id.desc()).limit(1))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
