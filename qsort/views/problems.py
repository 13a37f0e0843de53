"""A :class:`~qsort.domain.problems.Problem` in the reader's language, from the catalogue."""

from typing import Any

from flask import current_app
from flask_babel import gettext

from qsort.domain.problems import Problem, ProblemError
from qsort.formats.errors import FormatError
from qsort.messages import msgid, text_values
from qsort.services.jobs import STOPPED_CANCELLED, STOPPED_ERROR, STOPPED_TIME_LIMIT


def problem_text(problem: Problem) -> str:
    """The translation of the msgid of ``problem.code``, its fields filled from its values
    (a value that is itself a :class:`Problem` is translated too)."""
    values = {
        k: problem_text(v) if isinstance(v, Problem) else v
        for k, v in text_values(problem.code, problem.values).items()
    }
    return gettext(msgid(problem.code), **values)


def located_text(error: FormatError) -> str:
    """A :class:`FormatError` as ``str()`` writes it (file, line, field: reason), translated."""
    where = ([error.file] if error.file is not None else []) + [
        problem_text(p) for p in error.where()
    ]
    reason = problem_text(error.problem)
    return f"{', '.join(where)}: {reason}" if where else reason


def reason_text(error: Exception) -> str:
    """A refusal's reason in the reader's language: the catalogue's text of a
    :class:`~qsort.domain.problems.ProblemError` or a located
    :class:`~qsort.formats.errors.FormatError`, else the error's own (English) words."""
    if isinstance(error, FormatError):
        return located_text(error)
    return problem_text(error.problem) if isinstance(error, ProblemError) else str(error)


def note_text(stored: dict[str, Any] | str) -> str:
    """A stored note (a problem as JSON; a job stored before notes were problems: its English
    words) in the reader's language."""
    return stored if isinstance(stored, str) else problem_text(Problem.from_json(stored))


def stopped_reason(job: Any) -> str:
    """Why a stopped background job stopped, in the reader's language: its refusal (the
    problem stored in its result, :class:`qsort.services.jobs.JobRefused`), else cancelled or
    the time limit or an error (a bug's own words stay in ``Job.error`` and the log), else that
    it stopped."""
    stored = (job.result or {}).get("problem") if job.status == "failed" else None
    if stored:
        return located_text(FormatError.from_json(stored))
    limits = current_app.config["JOBS_TIME_LIMITS"]
    seconds = limits.get(job.kind, limits["default"])
    return {
        STOPPED_CANCELLED: gettext("it was cancelled"),
        STOPPED_TIME_LIMIT: gettext("it reached its time limit of %(s)s seconds", s=seconds),
        STOPPED_ERROR: gettext(
            "it stopped because of an error in qsort; the server's log says more"
        ),
    }.get(job.message or "", gettext("it stopped"))
