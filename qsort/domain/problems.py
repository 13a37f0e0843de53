"""A refusal told as data: a code from the catalogue (:mod:`qsort.messages`) and its values.

The domain and the services return :class:`Problem` or raise :class:`ProblemError` (or one of
its subclasses); the views translate the problem with the catalogue and choose the HTTP status,
so no service imports Babel or knows about HTTP. ``str()`` of either is the English text, for
the command line and the logs.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from qsort.messages import english, msgid, text_values


@dataclass(frozen=True)
class Problem:
    """``code`` (a key of :data:`qsort.messages.CATALOGUE`) with the ``values`` its text shows."""

    code: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return english(self.code, self.values)

    def worded(self, gettext: Callable[[str], str]) -> str:
        """The text in the language of ``gettext`` (a catalogue's lookup outside Flask, e.g.
        :func:`qsort.narrative.catalogue.translator`), a nested problem worded too."""
        values = {
            k: v.worded(gettext) if isinstance(v, Problem) else v
            for k, v in text_values(self.code, self.values).items()
        }
        text = gettext(msgid(self.code))
        return text % values if "%(" in text else text

    def to_json(self) -> dict[str, Any]:
        """``{"code", "values"}`` (a value that is a :class:`Problem` nested as
        ``{"problem": ...}``), e.g. for a stopped job; :meth:`from_json` reads it back."""
        values = {
            k: {"problem": v.to_json()} if isinstance(v, Problem) else v
            for k, v in self.values.items()
        }
        return {"code": self.code, "values": values}

    @classmethod
    def from_json(cls, stored: Mapping[str, Any]) -> "Problem":
        values = {
            k: cls.from_json(v["problem"]) if isinstance(v, dict) and "problem" in v else v
            for k, v in stored.get("values", {}).items()
        }
        return cls(stored["code"], values)


class ProblemError(ValueError):
    """A refusal carrying its :class:`Problem` (``problem``); ``str()`` is the English text."""

    def __init__(self, code: str, **values: Any) -> None:
        self.problem = Problem(code, values)
        super().__init__(str(self.problem))

    @classmethod
    def of(cls, problem: Problem) -> "ProblemError":
        """A refusal of this kind carrying ``problem`` (e.g. a run refused for the analysis's
        own problem)."""
        return cls(problem.code, **problem.values)

    @property
    def code(self) -> str:
        return self.problem.code

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword arguments do not survive ValueError's default pickling.
        return (_rebuild, (type(self), self.problem.code, dict(self.problem.values)))


def _rebuild(kind: type[ProblemError], code: str, values: dict[str, Any]) -> ProblemError:
    return kind(code, **values)
