"""A :class:`~qsort.domain.problems.Problem` in the reader's language, from the catalogue."""

from flask_babel import gettext

from qsort.domain.problems import Problem, ProblemError
from qsort.messages import msgid, text_values


def problem_text(problem: Problem) -> str:
    """The translation of the msgid of ``problem.code``, its fields filled from its values."""
    return gettext(msgid(problem.code), **text_values(problem.code, problem.values))


def reason_text(error: Exception) -> str:
    """A refusal's reason in the reader's language: the catalogue's text of a
    :class:`~qsort.domain.problems.ProblemError`, else the error's own (English) words."""
    return problem_text(error.problem) if isinstance(error, ProblemError) else str(error)
