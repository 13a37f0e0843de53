"""The facilitator's moderation decisions in a clinic file (version 4): their schema and the
rules across fields, checked before anything is written.

Each decision names its text by what survives a move to another machine, never by a database
id: the participant's run ``label`` (``p12``, as in the file's ``participants``), the
``round`` and, for a comment, the ``statement`` code::

    {"kind": "comment", "participant": "p12", "round": 1, "statement": "s03", "status": "hidden"}
    {"kind": "answer", "participant": "p12", "round": 2, "status": "approved"}

A decision is refused (:class:`FormatError` naming ``moderation[k]`` or its field), never
dropped, when it names a participant label the file does not hold (or holds twice), a
statement it does not have, a text that is not in a submitted sort of that participant and
round (a comment or a free-choice answer that is empty or absent), or a text decided twice:
a dropped decision would leave a text the facilitator hid undecided again without a word.
"""

from __future__ import annotations

from typing import Any

from qsort.domain import limits
from qsort.domain.moderation import KINDS, STATUSES
from qsort.formats.errors import FormatError

LABEL_LENGTH = 40
"""A participant label in the file (``p12``; the run labels of :mod:`qsort.services`)."""
MAX_DECISIONS = limits.MAX_SORTS_PER_IMPORT * 2 * (limits.MAX_STATEMENTS + 1)
"""At most one decision a comment and one an answer, of each sort of both rounds."""
ROUNDS = (1, 2)
SORT_OF_ROUND = {1: "sort", 2: "round2_sort"}

DECISION: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "participant", "round", "status"],
    "properties": {
        "kind": {"enum": list(KINDS)},
        "participant": {"type": "string", "minLength": 1, "maxLength": LABEL_LENGTH},
        "round": {"enum": list(ROUNDS)},
        "statement": {
            "type": ["string", "null"],
            "minLength": 1,
            "maxLength": limits.MAX_CODE_LENGTH,
        },
        "status": {"enum": list(STATUSES)},
    },
    "allOf": [
        {
            "if": {"required": ["kind"], "properties": {"kind": {"const": "comment"}}},
            "then": {"required": ["statement"], "properties": {"statement": {"type": "string"}}},
        },
        {
            "if": {"required": ["kind"], "properties": {"kind": {"const": "answer"}}},
            "then": {"properties": {"statement": {"type": "null"}}},
        },
    ],
}
"""One decision (``statement``: a comment's statement code; none for an answer)."""

SCHEMA: dict[str, Any] = {"type": "array", "maxItems": MAX_DECISIONS, "items": DECISION}
"""The file's top-level ``moderation`` list."""


def check_decisions(document: dict, name: str) -> None:
    """Refuse a decision (already checked against :data:`SCHEMA`) that names no text of the
    file, or a text decided before it."""
    decisions = document.get("moderation") or []
    if not decisions:
        return
    people: dict[str, list[dict]] = {}
    for participant in document["participants"]:
        if isinstance(participant.get("label"), str):
            people.setdefault(participant["label"], []).append(participant)
    codes = {s["code"] for s in document["statements"]}
    seen: dict[tuple, int] = {}
    for k, decision in enumerate(decisions):
        where = f"moderation[{k}]"
        label, statement = decision["participant"], decision.get("statement")
        found = people.get(label, [])
        if not found:
            raise FormatError(
                "format.clinic_moderation_who",
                label=repr(label),
                file=name,
                field=f"{where}.participant",
            )
        if len(found) > 1:
            raise FormatError(
                "format.clinic_moderation_label_twice",
                label=repr(label),
                file=name,
                field=f"{where}.participant",
            )
        if decision["kind"] == "comment" and statement not in codes:
            raise FormatError(
                "format.clinic_moderation_statement",
                code=repr(statement),
                file=name,
                field=f"{where}.statement",
            )
        _check_text(found[0], decision, name, where)
        key = (decision["kind"], label, decision["round"], statement)
        if key in seen:
            raise FormatError(
                "format.clinic_moderation_twice",
                other=f"moderation[{seen[key]}]",
                file=name,
                field=where,
            )
        seen[key] = k


def _check_text(participant: dict, decision: dict, name: str, where: str) -> None:
    """The decided text is in a submitted sort of the participant's round (what the projector's
    moderation queue lists: :func:`qsort.services.moderation.items`)."""
    sort = participant.get(SORT_OF_ROUND[decision["round"]])
    submitted = sort is not None and sort["status"] == "submitted"
    label, number = repr(decision["participant"]), decision["round"]
    if decision["kind"] == "comment":
        code = decision["statement"]
        texts = [t for c, t in sort["comments"] if c == code] if submitted else []
        if not any(t.strip() for t in texts):
            raise FormatError(
                "format.clinic_moderation_no_comment",
                label=label,
                code=repr(code),
                round=number,
                file=name,
                field=where,
            )
    elif not (submitted and (sort.get("free_choice") or "").strip()):
        raise FormatError(
            "format.clinic_moderation_no_answer", label=label, round=number, file=name, field=where
        )
