"""Building a participant: the one place a participant gets its resume code (the bulk import,
:func:`qsort.services.import_writer.fresh_resume_codes`, draws many codes in one query)."""

from typing import Any

from qsort.models import Participant
from qsort.services.codes import RESUME_CODE_LENGTH, unique_code


def new_participant(**fields: Any) -> Participant:
    """A participant with ``fields`` and a resume code nobody holds yet; not added to the
    session. Flush it before building the next, so that the next code sees this one."""
    code = unique_code(Participant.resume_code, RESUME_CODE_LENGTH)
    return Participant(**fields, resume_code=code)
