"""Participant-facing texts for sort problems and refusals, in the request's language."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from qsort.domain.sort_validation import SortProblem
from qsort.views.labels import signed

ECHO_LENGTH = 40


def problem_text(problem: SortProblem) -> str:
    p: dict[str, Any] = dict(problem.params)
    if len(str(p.get("pile", ""))) > ECHO_LENGTH:  # a name the client sent: never echo it whole
        p["pile"] = str(p["pile"])[:ECHO_LENGTH] + "…"
    if "value" in p:
        p["column"] = signed(p["value"])
    texts = {
        "unknown_step": lambda: _("The sort is at a step that does not exist."),
        "unknown_column": lambda: _("The grid has no column %(column)s.", **p),
        "unknown_pile": lambda: _("There is no pile called “%(pile)s”.", **p),
        "unknown_statement": lambda: _(
            "Statement %(id)s is not one of this clinic's statements.", **p
        ),
        "duplicate_statement": lambda: _("Statement %(id)s appears %(count)s times.", **p),
        "comment_unknown_statement": lambda: _(
            "A comment is about statement %(id)s, which is not in this clinic.", **p
        ),
        "comment_too_long": lambda: _(
            "The comment on statement %(id)s is longer than %(max)s characters.", **p
        ),
        "free_choice_too_long": lambda: _(
            "The answer about what is missing is longer than %(max)s characters.", **p
        ),
        "not_placed": lambda: _("Statement %(id)s is not on the grid yet.", **p),
        "column_count": lambda: _(
            "Column %(column)s holds %(count)s statements; it must hold %(height)s.", **p
        ),
    }
    make = texts.get(problem.code)
    return make() if make else problem.message


def more_problems_text(count: int) -> str:
    return ngettext("… and %(num)d more problem.", "… and %(num)d more problems.", count)


def refusal_text(reason: str) -> str:
    texts = {
        "closed": _("Sorting is not open in this clinic, so nothing was saved."),
        "stale": _("A newer version of this sort is already saved (perhaps on another tablet)."),
        "submitted": _("This sort has already been submitted; it can no longer change."),
        "invalid": _("The sort was not saved because something in it is not right."),
        "bad_key": _("The submission key is missing or not valid."),
        "bad_draft": _("The sort could not be read."),
    }
    return texts.get(reason, _("The sort was not saved."))


def client_messages() -> dict[str, str]:
    """Texts the sort page's JavaScript shows; ``{n}``, ``{id}``, ``{column}`` are filled in."""
    return {
        "saved": _("Saved"),
        "saving": _("Saving…"),
        "offline": _("Offline — will sync"),
        "not_saved": _("Not saved"),
        "conflict": _("This sort changed on another tablet; the newest version is shown."),
        "placed": _("Statement {id} placed in {column}, {n} places left"),
        "placed_full": _("Statement {id} placed in {column}, column full"),
        "placed_over": _("Statement {id} placed in {column}, {n} too many"),
        "placed_pile": _("Statement {id} put on the pile “{column}”"),
        "too_many": _("{n} too many"),
        "left": _("{n} left"),
        "selected": _("Statement {id} selected. Choose a column with the arrow keys and Enter."),
        "deselected": _("Nothing selected"),
        "cards_left": _("{n} cards still to place"),
        "columns_wrong": _("Some columns do not hold the right number of cards"),
        "grid_done": _("Every card is placed. You can go on."),
        "presort_count": _("Card {i} of {n}"),
        "presort_done": _("All {n} cards are on a pile."),
        "submit_failed": _("Not sent yet: {reason}. It will be tried again."),
        "submitting": _("Sending…"),
    }
