"""A :class:`~qsort.domain.problems.Problem` in the reader's language."""

from flask_babel import gettext

from qsort.domain.problems import Problem


def problem_text(problem: Problem) -> str:
    """The catalogue's translation of ``problem.text``, its fields filled from ``values``."""
    return gettext(problem.text, **problem.values)
