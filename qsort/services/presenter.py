"""The presenter: the reveal walked through in steps, driven from the facilitator's live page.

The step is stored on the clinic (``reveal_step``), never in a process, so every worker and
every projector screen shows the same step at its next poll. The steps come from the clinic's
latest stored run: the overall top five, each viewpoint, consensus and what divides the room,
the groups' top five (when the clinic asks its joining question), the free-choice themes and
the selected comments.
"""

from qsort.extensions import db
from qsort.models import AuditEvent, Clinic, Facilitator
from qsort.presentation import run_model
from qsort.services import analysis_run, moderation

FIXED_BEFORE = ("top",)
FIXED_AFTER = ("consensus", "themes", "comments")


def steps(clinic: Clinic) -> list[str]:
    """The step keys in order: ``top``, ``rounds`` (round 1 vs round 2, once round 2 is
    analysed), ``viewpoint-<n>`` per viewpoint, then the fixed ones."""
    run = analysis_run.latest_run(clinic)
    factors = []
    if run is not None and run.result:
        factors = [v.number for v in run_model(run.result).shown_viewpoints]
    rounds = ("rounds",) if has_rounds_comparison(clinic) else ()
    groups = ("groups",) if run is not None and has_groups(run.result) else ()
    after = (FIXED_AFTER[0], *groups, *FIXED_AFTER[1:])  # the groups follow "consensus"
    return [*FIXED_BEFORE, *rounds, *(f"viewpoint-{f}" for f in factors), *after]


def has_groups(result) -> bool:
    """Whether the run compares groups (the clinic asked its joining question)."""
    return bool(((result or {}).get("priorities") or {}).get("groups"))


def has_rounds_comparison(clinic: Clinic) -> bool:
    """Whether the latest round-2 run holds a comparison with round 1 to show."""
    if clinic.current_round != 2:
        return False
    second = analysis_run.latest_run(clinic, 2)
    return bool(second is not None and ((second.result or {}).get("rounds") or {}).get("n_paired"))


def current(clinic: Clinic) -> tuple[int, str]:
    """The shown step (index, key); an index past the end (fewer viewpoints in a newer run)
    shows the last step."""
    keys = steps(clinic)
    index = min(max(clinic.reveal_step or 0, 0), len(keys) - 1)
    return index, keys[index]


def go(clinic: Clinic, actor: Facilitator, index: int) -> None:
    """Show step ``index`` (clamped to the steps there are); audited."""
    keys = steps(clinic)
    index = min(max(index, 0), len(keys) - 1)
    clinic.reveal_step = index
    moderation.bump(clinic)
    db.session.add(
        AuditEvent(
            clinic_id=clinic.id,
            actor_id=actor.id,
            action="reveal-step",
            detail={"step": index, "key": keys[index]},
        )
    )
    db.session.commit()
