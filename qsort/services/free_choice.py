"""Free-choice themes: the automatic grouping of the answers
(:func:`qsort.narrative.answer_groups.group_answers`) with the facilitator's merges, moves
(splits) and names re-applied (:func:`~qsort.narrative.answer_groups.apply_edits`).

The edits are stored on the clinic (``free_choice_edits``) against the stable group and answer
ids, so they survive new answers. :func:`themes_for` is the one place the results page, the
projector and the report get the groups from.
"""

from dataclasses import replace

from qsort.domain import limits
from qsort.domain.problems import ProblemError
from qsort.extensions import db
from qsort.models import AuditEvent, Clinic, Facilitator
from qsort.narrative.answer_groups import AnswerGroup, apply_edits, group_answers
from qsort.narrative.words import fold
from qsort.services import moderation

MAX_NAME = limits.MAX_THEME_NAME_LENGTH


class ThemeError(ProblemError):
    """A refused change to the themes of the free-choice answers (``theme.*``)."""


def _edits(clinic: Clinic) -> dict:
    stored = clinic.free_choice_edits or {}
    return {
        "merge": list(stored.get("merge", [])),
        "move": dict(stored.get("move", {})),
        "names": dict(stored.get("names", {})),
    }


def themes_for(session, clinic: Clinic) -> list[AnswerGroup]:
    """The clinic's free-choice groups with the facilitator's edits, largest first."""
    del session  # the answers are read through the application's session
    answers = [(i.item_id, i.text) for i in moderation.items(clinic) if i.kind == "answer"]
    return apply_edits(group_answers(answers), _edits(clinic))


def run_themes(clinic: Clinic, labels: list[str]) -> list[AnswerGroup]:
    """The clinic's groups (:func:`themes_for`, with the facilitator's merges, splits and
    names) counting only the answers of the participants in a run (``labels``: ``p<id>``),
    largest first: what the run's report and workbook show."""
    included = set(labels)
    kept = []
    for group in themes_for(db.session, clinic):
        members = tuple(a for a in group.answer_ids if a.split("#")[0] in included)
        if members:
            kept.append(replace(group, answer_ids=members))
    return sorted(kept, key=lambda g: (-g.count, fold(g.label)))


def shown_themes(clinic: Clinic) -> list[AnswerGroup]:
    """What the projector may show: each group counting only approved answers. A group keeps
    its automatic label only when an approved answer reads so (else the first approved
    answer's text), so an unapproved wording never reaches the screen; a name given by the
    facilitator is always shown."""
    texts = {i.item_id: i.text for i in moderation.approved(clinic, "answer")}
    shown = []
    for group in themes_for(db.session, clinic):
        members = tuple(a for a in group.answer_ids if a.split("#")[0] in texts)
        if not members:
            continue
        label = group.label
        if not group.named and fold(label) not in {fold(_piece(texts, a)) for a in members}:
            label = _piece(texts, members[0])
        shown.append(replace(group, answer_ids=members, label=label))
    return sorted(shown, key=lambda g: (-g.count, fold(g.label)))


def _piece(texts: dict[str, str], answer_id: str) -> str:
    """The text of one answer item (``p3#2``: the second line of p3's answer)."""
    base, _hash, n = answer_id.partition("#")
    lines = [line for line in texts[base].replace(";", "\n").splitlines() if line.strip(" -*")]
    text = lines[int(n) - 1] if n and int(n) <= len(lines) else texts[base]
    text = " ".join(text.split()).strip(" .,;:!?-*")
    return text[:1].upper() + text[1:]


def _save(clinic: Clinic, actor: Facilitator, edits: dict, detail: dict) -> None:
    clinic.free_choice_edits = edits
    moderation.bump(clinic)
    db.session.add(
        AuditEvent(clinic_id=clinic.id, actor_id=actor.id, action="free-choice", detail=detail)
    )
    db.session.commit()


def _group_ids(clinic: Clinic) -> set[str]:
    return {g.id for g in themes_for(db.session, clinic)}


def merge(clinic: Clinic, actor: Facilitator, target: str, other: str) -> None:
    """``other`` joins ``target`` (both group ids)."""
    if target == other or not {target, other} <= _group_ids(clinic):
        raise ThemeError("theme.no-group")
    edits = _edits(clinic)
    edits["merge"].append([target, other])
    _save(clinic, actor, edits, {"merge": [target, other]})


def split(clinic: Clinic, actor: Facilitator, answer_id: str) -> None:
    """The answer leaves its group and starts one of its own (group id ``"g" + answer id``,
    or a fresh one when that id is taken)."""
    groups = themes_for(db.session, clinic)
    source = next((g for g in groups if answer_id in g.answer_ids), None)
    if source is None or source.count < 2:
        raise ThemeError("theme.no-answer")
    taken = {g.id for g in groups}
    new_id = f"g{answer_id}"
    while new_id in taken:
        new_id += "'"
    edits = _edits(clinic)
    edits["move"][answer_id] = new_id
    _save(clinic, actor, edits, {"split": answer_id})


def name(clinic: Clinic, actor: Facilitator, group_id: str, label: str) -> None:
    label = " ".join(label.split())
    if not label or len(label) > MAX_NAME:
        raise ThemeError("theme.name-length")
    if group_id not in _group_ids(clinic):
        raise ThemeError("theme.no-group")
    edits = _edits(clinic)
    edits["names"][group_id] = label
    _save(clinic, actor, edits, {"name": group_id})
