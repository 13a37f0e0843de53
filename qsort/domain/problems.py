"""A refusal told as data: an English message (the catalogue's msgid) and its values.

The domain and the services raise and return ``Problem``; the views (and any other screen)
translate it with the app's catalogue, so no service imports Babel.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def N_(text: str) -> str:
    """Mark ``text`` for the catalogue (``pybabel extract`` finds ``N_``) without translating."""
    return text


@dataclass(frozen=True)
class Problem:
    """``text`` with ``%(name)s`` fields filled from ``values`` once translated."""

    text: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.text % dict(self.values) if self.values else self.text
