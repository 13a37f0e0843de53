"""Short codes people read aloud or type on a tablet: no 0/O, 1/I/L, or other look-alikes."""

import secrets

from sqlalchemy.orm import InstrumentedAttribute

from qsort.extensions import db

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
RESUME_CODE_LENGTH = 8


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def unique_code(column: InstrumentedAttribute[str], length: int) -> str:
    """A random code not yet used in ``column`` (31^6 ≈ 887 million join codes)."""
    for _ in range(20):
        code = random_code(length)
        taken = db.session.scalar(db.select(column).where(column == code).limit(1))
        if taken is None:
            return code
    raise RuntimeError("could not find a free code; the code space is too full")


def normalise_code(text: str) -> str:
    """What a participant typed, forgiving case, spaces and dashes."""
    return text.strip().upper().replace(" ", "").replace("-", "")
