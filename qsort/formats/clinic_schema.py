"""The declared schema of a qsort clinic file (JSON Schema, checked with ``jsonschema``) and
the rules a schema cannot say (ids that must match, placements that must fit the grid), both
checked before anything is written; and the clinic file's sorts as a table for the CLI.

Every refusal names the file and the field by its path, e.g.
``clinic.qsort.json, field 'participants[3].sort.placements[0]': ...``.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from typing import Any

import numpy as np

from qsort.domain import limits
from qsort.domain.clinic_texts import TEXT_FIELDS, THEMES
from qsort.domain.grid import validate_grid
from qsort.domain.phases import PHASES
from qsort.domain.problems import Problem
from qsort.formats import clinic_moderation
from qsort.formats.errors import FormatError
from qsort.formats.sheet import Block

KIND = "qsort-clinic"
#: Version 4 adds the facilitator's moderation decisions (``moderation``: which comments and
#: free-choice answers were approved for the projector or hidden, by participant label, round
#: and statement code; see :mod:`qsort.formats.clinic_moderation`). Version 3 adds the clinic's joining question (``group_question_nl``/``_en``), each
#: participant's answer to it (``group_answer``, their group) and the facilitator's free-choice
#: group edits (``free_choice_edits``), and a two-round clinic's round 2 (its question, each
#: participant's ``round2_sort``, each run's ``round``); version 2 holds the clinic's
#: title, question and instruction in Dutch and English; version 1 (one ``title``, the question
#: in ``instruction_nl``/``instruction_en``) is still read.
VERSION = 4
READABLE_VERSIONS = (1, 2, 3, 4)

_TEXT = {"type": "string"}
_EDIT_ID = 40  # a free-choice answer or group id ("gp12#2'")
_NULLABLE_TEXT = {"type": ["string", "null"]}


def _text(max_length: int, min_length: int = 0) -> dict[str, Any]:
    return {"type": "string", "minLength": min_length, "maxLength": max_length}


def _rows(*columns: dict[str, Any]) -> dict[str, Any]:
    """At most one row a statement, each row an array of exactly ``columns``."""
    row = {"type": "array", "prefixItems": list(columns)}
    return {
        "type": "array",
        "maxItems": limits.MAX_STATEMENTS,
        "items": {**row, "minItems": len(columns), "maxItems": len(columns)},
    }


GRID_VALUE = {"type": "integer", "minimum": limits.MIN_VALUE, "maximum": limits.MAX_VALUE}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "version", "clinic", "statements", "participants"],
    "properties": {
        "kind": {"const": KIND},
        "version": {"enum": list(READABLE_VERSIONS)},
        "qsort_version": _TEXT,
        "clinic": {
            "type": "object",
            "required": ["grid"],
            "properties": {
                "title": _text(limits.MAX_TITLE_LENGTH, 1),
                "title_nl": _text(limits.MAX_TITLE_LENGTH),
                "title_en": _text(limits.MAX_TITLE_LENGTH),
                "question_nl": _text(limits.MAX_QUESTION_LENGTH),
                "question_en": _text(limits.MAX_QUESTION_LENGTH),
                "instruction_nl": _text(limits.MAX_INSTRUCTION_LENGTH),
                "instruction_en": _text(limits.MAX_INSTRUCTION_LENGTH),
                "group_question_nl": _text(limits.MAX_GROUP_QUESTION_LENGTH),
                "group_question_en": _text(limits.MAX_GROUP_QUESTION_LENGTH),
                "free_choice_edits": {
                    "type": ["object", "null"],
                    "properties": {
                        "merge": {
                            "type": "array",
                            "maxItems": limits.MAX_SORTS_PER_IMPORT,
                            "items": {"type": "array", "items": _text(_EDIT_ID)},
                        },
                        "move": {
                            "type": "object",
                            "maxProperties": limits.MAX_SORTS_PER_IMPORT,
                            "additionalProperties": _text(_EDIT_ID),
                        },
                        "names": {
                            "type": "object",
                            "maxProperties": limits.MAX_SORTS_PER_IMPORT,
                            "additionalProperties": _text(limits.MAX_THEME_NAME_LENGTH, 1),
                        },
                    },
                },
                "grid": {
                    "type": "array",
                    "minItems": 2,
                    "maxItems": limits.MAX_VALUE - limits.MIN_VALUE + 1,
                    "items": {
                        "type": "object",
                        "required": ["value", "height"],
                        "properties": {
                            "value": GRID_VALUE,
                            "height": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": limits.MAX_STATEMENTS,
                            },
                        },
                    },
                },
                "phase": {"enum": [phase.value for phase in PHASES]},
                "round2_question_nl": _text(limits.MAX_QUESTION_LENGTH),
                "round2_question_en": _text(limits.MAX_QUESTION_LENGTH),
                "current_round": {"enum": [1, 2]},
                "show_first_sort": {"type": "boolean"},
            },
        },
        "statements": {
            "type": "array",
            "minItems": limits.MIN_STATEMENTS,
            "maxItems": limits.MAX_STATEMENTS,
            "items": {
                "type": "object",
                "required": ["code", "text_nl", "text_en"],
                "properties": {
                    "code": _text(limits.MAX_CODE_LENGTH, 1),
                    "text_nl": _text(limits.MAX_TEXT_LENGTH, 1),
                    "text_en": _text(limits.MAX_TEXT_LENGTH, 1),
                    "theme": {"enum": [None, *THEMES]},
                },
            },
        },
        "participants": {
            "type": "array",
            "maxItems": limits.MAX_SORTS_PER_IMPORT,
            "items": {
                "type": "object",
                "required": ["name", "language", "sort"],
                "properties": {
                    "name": _text(limits.MAX_NAME_LENGTH, 1),
                    "team_size": {
                        "type": ["integer", "null"],
                        "minimum": 1,
                        "maximum": limits.MAX_TEAM_SIZE,
                    },
                    "language": {"enum": ["nl", "en"]},
                    "group_answer": {
                        "type": ["string", "null"],
                        "minLength": 1,
                        "maxLength": limits.MAX_GROUP_ANSWER_LENGTH,
                    },
                    "sort": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/sort"}]},
                    "round2_sort": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/sort"}]},
                },
            },
        },
        "analysis_runs": {
            "type": "array",
            "maxItems": limits.MAX_RUNS_PER_FILE,
            "items": {
                "type": "object",
                "required": ["settings", "result"],
                "properties": {
                    "created_at": _NULLABLE_TEXT,
                    "settings": {"type": "object"},
                    "result": {"type": ["object", "null"]},
                    "round": {"enum": [1, 2]},
                },
            },
        },
        "moderation": clinic_moderation.SCHEMA,
    },
    "if": {"properties": {"version": {"const": 1}}},
    "then": {"properties": {"clinic": {"required": ["title", "instruction_nl", "instruction_en"]}}},
    "else": {
        "properties": {
            "clinic": {
                "required": list(TEXT_FIELDS),
                "anyOf": [
                    {"properties": {"title_nl": {"minLength": 1}}},
                    {"properties": {"title_en": {"minLength": 1}}},
                ],
            }
        }
    },
    "$defs": {
        "sort": {
            "type": "object",
            "required": ["status", "placements", "comments"],
            "properties": {
                "status": {"enum": ["draft", "submitted"]},
                "submitted_at": {"type": ["string", "null"], "maxLength": 40},
                "free_choice": {
                    "type": ["string", "null"],
                    "maxLength": limits.MAX_FREE_CHOICE_LENGTH,
                },
                "placements": _rows(
                    _text(limits.MAX_CODE_LENGTH, 1),
                    GRID_VALUE,
                    {"type": "integer", "minimum": 0, "maximum": limits.MAX_STATEMENTS},
                ),
                "comments": _rows(
                    _text(limits.MAX_CODE_LENGTH, 1), _text(limits.MAX_COMMENT_LENGTH)
                ),
            },
        },
    },
}


@cache
def _validator() -> Any:
    """The schema's validator, built when a clinic file is first read (start-up cost)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(SCHEMA)


def is_clinic_document(document: object) -> bool:
    """A qsort clinic file: an object whose ``kind`` (``format`` in hand-made files) says so."""
    return isinstance(document, dict) and KIND in (document.get("kind"), document.get("format"))


def field_path(path: Any) -> str | None:
    """``['participants', 3, 'name']`` -> ``participants[3].name``; None for the whole file
    (no field to name)."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


def _reason(error: Any) -> Problem:
    """A short reason that never repeats a long value back."""
    kind, limit = str(error.validator), error.validator_value
    return _limit_reason(kind, limit) or _shape_reason(kind, limit) or _other_reason(error)


def _limit_reason(kind: str, limit: Any) -> Problem | None:
    reasons = {
        "maxLength": Problem("format.schema_max_length", {"limit": limit}),
        "maxItems": Problem("format.schema_max_items", {"limit": limit}),
        "minItems": Problem("format.schema_min_items", {"limit": limit}),
        "maximum": Problem("format.schema_maximum", {"limit": limit}),
        "minimum": Problem("format.schema_minimum", {"limit": limit}),
        "const": Problem("format.schema_const", {"limit": repr(limit)}),
    }
    if kind == "minLength":
        return (
            Problem("format.schema_empty")
            if limit == 1
            else Problem("format.schema_min_length", {"limit": limit})
        )
    return reasons.get(kind)


def _shape_reason(kind: str, limit: Any) -> Problem | None:
    if kind == "type" and isinstance(limit, list) and len(limit) > 1:
        types = {"types": ", ".join(map(str, limit[:-1])), "last": str(limit[-1])}
        return Problem("format.schema_types", types)
    if kind == "type":
        return Problem(
            "format.schema_type", {"type": str(limit[0] if isinstance(limit, list) else limit)}
        )
    if kind == "enum":
        shown = ", ".join("null" if v is None else repr(v) for v in limit)
        return Problem("format.schema_enum", {"values": shown})
    return None


def _other_reason(error: Any) -> Problem:
    if error.validator == "oneOf":
        return Problem("format.schema_sort")
    if error.validator == "anyOf":
        return Problem("format.schema_title")
    return Problem("format.schema_rule", {"rule": str(error.validator)[:40]})


def validate_clinic_document(document: Any, name: str) -> None:
    """Check ``document`` against :data:`SCHEMA` and the rules across fields.

    Raises
    ------
    FormatError
        Naming the file and the field of the problem.
    """
    if isinstance(document, dict) and document.get("kind") is None and "format" in document:
        document = {**document, "kind": document["format"]}
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(document), key=lambda e: -len(e.absolute_path))
    if error is not None:
        path, reason = list(error.absolute_path), _reason(error)
        missing = re.match(r"'(.+)' is a required property", error.message)
        if error.validator == "required" and missing:
            path, reason = [*path, missing[1]], Problem("format.schema_missing")
        raise FormatError("format.schema", reason=reason, file=name, field=field_path(path))
    _check_references(document, name)


def _check_references(document: dict, name: str) -> None:
    statements = document["statements"]
    codes = [s["code"] for s in statements]
    for k, code in enumerate(codes):
        if code in codes[:k]:
            raise FormatError(
                "format.clinic_code_twice",
                code=repr(code),
                file=name,
                field=f"statements[{k}].code",
            )
    grid = document["clinic"]["grid"]
    values, heights = [c["value"] for c in grid], [c["height"] for c in grid]
    problems = validate_grid(values, heights, len(codes))
    if problems:
        raise FormatError("format.clinic_grid", problem=problems[0], file=name, field="clinic.grid")
    height = dict(zip(values, heights, strict=True))
    for i, participant in enumerate(document["participants"]):
        for key in ("sort", "round2_sort"):
            sort = participant.get(key)
            if sort is not None:
                _check_sort(sort, set(codes), height, name, f"participants[{i}].{key}")
    clinic_moderation.check_decisions(document, name)


def _check_sort(sort: dict, codes: set[str], height: dict[int, int], name: str, where: str) -> None:
    seen: set[str] = set()
    cells: set[tuple[int, int]] = set()
    for k, (code, value, position) in enumerate(sort["placements"]):
        field = f"{where}.placements[{k}]"
        if code not in codes or code in seen:
            if code not in codes:
                raise FormatError(
                    "format.clinic_unknown_placed", code=repr(code), file=name, field=field
                )
            raise FormatError("format.clinic_placed_twice", code=repr(code), file=name, field=field)
        if value not in height or position >= height[value] or (value, position) in cells:
            raise FormatError(
                "format.clinic_cell",
                position=position,
                column=f"{value:+d}",
                file=name,
                field=field,
            )
        seen.add(code)
        cells.add((value, position))
    if sort["status"] == "submitted" and seen != codes:
        raise FormatError(
            "format.clinic_incomplete",
            placed=len(seen),
            statements=len(codes),
            file=name,
            field=f"{where}.placements",
        )
    commented: set[str] = set()
    for k, (code, _text) in enumerate(sort["comments"]):
        field = f"{where}.comments[{k}]"
        if code not in codes:
            raise FormatError(
                "format.clinic_unknown_comment", code=repr(code), file=name, field=field
            )
        if code in commented:
            raise FormatError(
                "format.clinic_comment_twice", code=repr(code), file=name, field=field
            )
        commented.add(code)
    if sort.get("submitted_at"):
        try:
            datetime.fromisoformat(sort["submitted_at"])
        except ValueError:
            raise FormatError(
                "format.clinic_date",
                file=name,
                field=f"{where}.submitted_at",
            ) from None


def clinic_block(document: dict, name: str) -> tuple[Block, list[str], str]:
    """The submitted sorts of a (valid) clinic file: a Block, the English texts, the title."""
    validate_clinic_document(document, name)
    codes = [s["code"] for s in document["statements"]]
    column = {code: j for j, code in enumerate(codes)}
    names, rows, locations = [], [], []
    for i, participant in enumerate(document["participants"]):
        sort = participant["sort"]
        if sort is None or sort["status"] != "submitted":
            continue
        row = np.zeros(len(codes), dtype=np.int64)
        for code, value, _position in sort["placements"]:
            row[column[code]] = value
        names.append(participant["name"])
        rows.append(row)
        locations.append({"field": f"participants[{i}]"})
    if not rows:
        raise FormatError("format.clinic_no_sorts", file=name, field="participants")
    texts = [s["text_en"] for s in document["statements"]]
    info = document["clinic"]
    title = info.get("title") or info.get("title_en") or info.get("title_nl") or ""
    return Block(names, codes, np.array(rows), locations), texts, title
