"""Participant-facing texts for refusals and the clinic's phase, in the request's
language. Every refusal says what is stored: nothing a participant did is described as lost
when it is kept, or as saved when it is not."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from qsort.domain.phases import Phase


def more_problems_text(count: int) -> str:
    return ngettext("… and %(num)d more problem.", "… and %(num)d more problems.", count)


def saved_text(placed: int) -> str:
    """What the server holds of a sort that can no longer change for now."""
    if not placed:
        return _("No cards were placed on the grid yet.")
    return ngettext(
        "Your %(num)d placed card is saved.", "Your %(num)d placed cards are saved.", placed
    )


def phase_text(phase: str, placed: int, past_round: bool = False) -> str:
    """The sort page's banner when sorting is not open; empty while it is. ``past_round``: the
    sort is of a round that is over (round 1 during round 2), which does not reopen."""
    if phase == Phase.SORTING:
        return ""
    if past_round:
        opening = _("The first round is over; the second round is for those who sent their sort.")
        return f"{opening} {saved_text(placed)}"
    if phase == Phase.LOBBY:
        opening = _("Sorting is not open yet.")
        closing = _("This page goes on by itself when your facilitator opens it.")
    else:
        opening = _("The facilitator closed sorting.")
        closing = _("If sorting reopens you go on here.")
    return f"{opening} {saved_text(placed)} {closing}"


def refusal_text(reason: str, extra: dict[str, Any] | None = None, action: str = "save") -> str:
    """Why a save (``action="save"``) or a submit (``"submit"``) was refused, and what is kept."""
    if reason == "closed":
        placed = int((extra or {}).get("placed", 0))
        if action == "submit":
            return " ".join(
                (
                    _("Sorting is closed, so your sort was not sent."),
                    saved_text(placed),
                    _("If sorting reopens you can send it here."),
                )
            )
        return " ".join((_("Sorting is closed, so this change was not saved."), saved_text(placed)))
    texts = {
        "stale": _("A newer version of this sort is already saved (perhaps on another tablet)."),
        "submitted": _("This sort has already been submitted; it can no longer change."),
        "invalid": _(
            "The sort was not saved because something in it is not right; "
            "what was saved before is kept."
        ),
        "bad_key": _("The submission key is missing or not valid, so your sort was not sent."),
        "bad_draft": _("The sort could not be read, so nothing was changed."),
    }
    return texts.get(reason, _("The sort was not saved."))


def client_messages() -> dict[str, str]:
    """Texts the sort page's JavaScript shows; ``{n}``, ``{id}``, ``{column}`` are filled in."""
    return {
        "saved": _("Saved"),
        "time_left": _("Time left: {time}"),
        "closing_soon": _("Sorting closes in under a minute. Everything you placed is saved."),
        "saving": _("Saving…"),
        "offline": _("Offline — will sync"),
        "not_saved": _("Not saved"),
        "paused": _("Sorting paused"),
        "kept_here": _(
            "Your latest changes are kept on this tablet and saved when sorting reopens."
        ),
        "conflict": _("This sort changed on another tablet; the newest version is shown."),
        "placed": _("Statement {id} placed in {column}, {n} places left"),
        "placed_full": _("Statement {id} placed in {column}, column full"),
        "placed_over": _("Statement {id} placed in {column}, {n} too many"),
        "placed_pile": _("Statement {id} put on the pile “{column}”"),
        "next_card": _("Next: statement {id}."),
        "all_placed": _("Every card is placed. Continue when you are ready."),
        "too_many": _("{n} too many"),
        "left": _("{n} left"),
        "selected": _("Statement {id} selected. Choose a column with the arrow keys and Enter."),
        "picker_title": _("Where does statement {id} go?"),
        "deselected": _("Nothing selected"),
        "cards_left": _("{n} cards still to place"),
        "columns_wrong": _("Some columns do not hold the right number of cards"),
        "grid_done": _("Every card is placed. You can go on."),
        "presort_count": _("Card {i} of {n}"),
        "presort_done": _("All {n} cards are on a pile."),
        "submit_failed": _("Not sent yet: {reason}. It will be tried again."),
        "submitting": _("Sending…"),
        "no_comments": _("No comments."),
        "no_answer": _("No answer."),
        "step_intro": _("Step 1 of 5: how it works."),
        "step_presort": _("Step 2 of 5: put every card on a pile. Keys 1, 2 and 3."),
        "step_grid": _("Step 3 of 5: place every card on the grid."),
        "step_comments": _("Step 4 of 5: say why."),
        "step_review": _("Step 5 of 5: review and send your sort."),
    }
