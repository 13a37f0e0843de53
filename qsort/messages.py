"""The error-code catalogue: every code a refusal is raised with, and its English text.

The domain and the services state a problem as a code with values
(:class:`qsort.domain.problems.Problem`); this table turns the code into its English msgid,
marked with ``N_`` so ``pybabel extract`` puts it in ``translations/``. The views translate it
with Flask-Babel (:func:`qsort.views.problems.problem_text`), the command line and the logs
print the English (:func:`english`). Nothing here imports the web layer.

Codes are ``<area>.<name>``: ``grid`` (a grid's shape), ``sort`` (a participant's draft or
submission), ``draft`` (a payload that is no draft at all), ``clinic``, ``account``, ``live``,
``moderation``, ``theme``, ``run`` and ``export``.
"""

from collections.abc import Callable, Mapping
from typing import Any

from qsort.domain.values import signed

ECHO_LENGTH = 40
"""A name the client sent is shown up to this many characters, never whole."""


def N_(text: str) -> str:
    """Mark ``text`` for the catalogue (``pybabel extract`` finds ``N_``) without translating."""
    return text


CATALOGUE: Mapping[str, str] = {
    # qsort.domain.grid: a grid's columns and heights
    "grid.empty": N_("The grid needs at least one column."),
    "grid.length_mismatch": N_("There are %(values)s column values but %(heights)s heights."),
    "grid.height_not_positive": N_(
        "Column %(value)s has height %(height)s; every column needs at least 1."
    ),
    "grid.duplicate_value": N_("The value %(value)s appears more than once."),
    "grid.out_of_range": N_("Column values must lie between %(min)s and +%(max)s."),
    "grid.not_consecutive": N_("Column values must be consecutive whole numbers from low to high."),
    "grid.sum_mismatch": N_(
        "The heights add up to %(total)s, but there are %(statements)s statements."
    ),
    # qsort.domain.sort_validation: a participant's draft or submission (participant-facing)
    "sort.unknown_step": N_("The sort is at a step that does not exist."),
    "sort.unknown_column": N_("The grid has no column %(column)s."),
    "sort.unknown_pile": N_("There is no pile called “%(pile)s”."),
    "sort.unknown_statement": N_("Statement %(id)s is not one of this clinic's statements."),
    "sort.duplicate_statement": N_("Statement %(id)s appears %(count)s times."),
    "sort.comment_unknown_statement": N_(
        "A comment is about statement %(id)s, which is not in this clinic."
    ),
    "sort.comment_too_long": N_(
        "The comment on statement %(id)s is longer than %(max)s characters."
    ),
    "sort.free_choice_too_long": N_(
        "The answer about what is missing is longer than %(max)s characters."
    ),
    "sort.not_placed": N_("Statement %(id)s is not on the grid yet."),
    "sort.column_count": N_(
        "Column %(column)s holds %(count)s statements; it must hold %(height)s."
    ),
    # qsort.domain.sort_validation.parse_draft: a payload not shaped like a draft
    "draft.not_object": N_("The draft must be a JSON object."),
    "draft.version": N_("The draft needs a whole-number version between 1 and %(max)s."),
    "draft.shape": N_("Columns and piles must map to lists of ids, comments to texts."),
    "draft.not_text": N_("The step and the free-choice answer must be text."),
    "draft.null_character": N_("Texts may not contain a null character."),
    # qsort.services.clinics
    "clinic.no_title": N_("Give the clinic a title, in Dutch or in English."),
    "clinic.grid_locked": N_("The grid cannot change once participants have joined."),
    "clinic.statements_locked": N_(
        "Statements cannot be added or removed once participants have joined."
    ),
    "clinic.foreign_statement": N_("A statement does not belong to this clinic."),
    "clinic.no_statement": N_("A clinic needs at least one statement."),
    "clinic.replace_locked": N_("Statements cannot be replaced once participants have joined."),
    "clinic.csv_not_utf8": N_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."),
    "clinic.csv_invalid": N_("The file is not valid CSV: %(reason)s"),
    "clinic.csv_header": N_("The first line must name the columns: text_nl, text_en and theme."),
    "clinic.csv_both_texts": N_("Line %(line)s: both a Dutch and an English text are needed."),
    "clinic.csv_theme": N_("Line %(line)s: the theme must be want, able or allowed."),
    "clinic.csv_too_long": N_("Line %(line)s: the text is too long."),
    "clinic.csv_count": N_("A clinic needs between 2 and %(max)s statements."),
    # qsort.services.auth (the command line shows these)
    "account.not_email": N_("%(email)s is not an email address"),
    "account.short_password": N_("the password needs at least %(min)s characters"),
    "account.exists": N_("a facilitator with email %(email)s already exists"),
    # qsort.services.live: the facilitator's dashboard
    "live.phase-not-allowed": N_("The clinic cannot move to that phase from here."),
    "live.confirm": N_("Please confirm going back."),
    "live.confirm-close": N_("Please confirm closing sorting."),
    "live.timer-range": N_("The timer must be between 1 and 180 minutes."),
    "live.no-participant": N_("This participant is no longer in the clinic."),
    "live.not-submitted": N_("Only a submitted sort can be reopened."),
    "live.no-round-two": N_("This clinic has no second round: give its question in the set-up."),
    "live.round-two-not-now": N_(
        "Round 2 can start once round 1's sorting is closed, and only once."
    ),
    "live.round-two-nobody": N_("Nobody has submitted a round-1 sort yet."),
    # qsort.services.moderation and qsort.services.free_choice: the presenter page
    "moderation.unknown": N_("This change is not possible."),
    "moderation.no-item": N_("This text is not in the clinic (any more)."),
    "theme.no-group": N_("This group is not in the clinic (any more)."),
    "theme.no-answer": N_("Only an answer in a group of two or more can be split off."),
    "theme.name-length": N_("A name must have 1 to 120 characters."),
    # qsort.formats.pqmethod: a study the PQMethod and KADE files cannot hold
    "export.grid_range": N_(
        "PQMethod and KADE hold grids from %(lowest)s to %(highest)s; this study's grid runs "
        "from %(low)s to %(high)s. Download the CSV, XLSX or clinic file instead."
    ),
    "export.distribution": N_(
        "PQMethod: sort %(sort)s does not follow the distribution of sort %(first)s: "
        "%(differences)s"
    ),
    "export.too_large": N_(
        "PQMethod: %(sorts)s sorts and %(statements)s statements; a .DAT file holds at most 999 "
        "of each"
    ),
    # qsort.services.analysis_run
    "run.too_few_sorts": N_("at least %(min)s submitted sorts are needed"),
    "run.no_such_flag": N_("no such sort or factor in this run"),
    "run.analysis": N_("%(reason)s"),
}


def _grid_values(values: dict[str, Any]) -> dict[str, Any]:
    if "value" in values:
        values["value"] = f"{values['value']:+d}"
    return values


def _sort_values(values: dict[str, Any]) -> dict[str, Any]:
    pile = str(values.get("pile", ""))
    if len(pile) > ECHO_LENGTH:  # a name the client sent: never echo it whole
        values["pile"] = pile[:ECHO_LENGTH] + "…"
    if "column" in values:
        values["column"] = signed(values["column"])
    return values


SHAPES: Mapping[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "grid": _grid_values,
    "sort": _sort_values,
}
"""How an area's values are written into its texts (grid values as ``+3``, ...)."""


def text_values(code: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` as the text of ``code`` shows them, in any language."""
    shape = SHAPES.get(code.partition(".")[0])
    return shape(dict(values)) if shape else dict(values)


def msgid(code: str) -> str:
    """The English msgid of ``code``; a code missing from the catalogue is a bug."""
    return CATALOGUE[code]


def english(code: str, values: Mapping[str, Any]) -> str:
    """The English text of ``code`` with its values filled in (the command line, the logs)."""
    text = msgid(code)
    return text % text_values(code, values) if "%(" in text else text
