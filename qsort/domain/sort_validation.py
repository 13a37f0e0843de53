"""Rules a participant's draft and final Q-sort must satisfy, as pure functions.

A draft is the whole state of one participant's sort at one moment: the statements placed in
each grid column (in their order within the column), the presort piles holding the rest, the
comments and the step the participant is on. Drafts may hold unplaced statements and overfull
columns; a submission must place every statement of the clinic exactly once with every column
holding exactly its height. Both functions return *every* problem (empty list = valid), each
with a code and parameters so the web layer can show it in the participant's language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from qsort.domain.grid import ForcedDistribution
from qsort.domain.problems import Problem, ProblemError

PILES = ("unsorted", "less", "neutral", "more")
STEPS = ("intro", "presort", "grid", "comments", "review")
MAX_COMMENT_LENGTH = 2000
# Versions are stored in a 32-bit integer column: larger ones are not a real client's.
MAX_VERSION = 2**31 - 1


@dataclass(frozen=True)
class Draft:
    """One participant's sort state; ``columns`` maps a grid value to statement ids in order."""

    version: int
    step: str = "intro"
    columns: Mapping[int, Sequence[int]] = field(default_factory=dict)
    piles: Mapping[str, Sequence[int]] = field(default_factory=dict)
    comments: Mapping[int, str] = field(default_factory=dict)
    free_choice: str = ""

    def placed(self) -> list[int]:
        return [sid for ids in self.columns.values() for sid in ids]

    def unplaced(self) -> list[int]:
        return [sid for ids in self.piles.values() for sid in ids]


class DraftFormatError(ProblemError):
    """The payload is not shaped like a draft at all (wrong types, missing version)."""


def parse_draft(data: Any) -> Draft:
    """A :class:`Draft` from decoded JSON, or :class:`DraftFormatError` with the reason."""
    if not isinstance(data, dict):
        raise DraftFormatError("draft.not_object")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= MAX_VERSION:
        raise DraftFormatError("draft.version", max=MAX_VERSION)
    try:
        columns = {int(k): _ids(v) for k, v in _mapping(data, "columns").items()}
        piles = {str(k): _ids(v) for k, v in _mapping(data, "piles").items()}
        comments = {int(k): _text(v) for k, v in _mapping(data, "comments").items()}
    except (TypeError, ValueError, AttributeError) as exc:
        raise DraftFormatError("draft.shape") from exc
    free_choice = data.get("free_choice") or ""
    step = data.get("step") or "intro"
    if not isinstance(free_choice, str) or not isinstance(step, str):
        raise DraftFormatError("draft.not_text")
    if "\x00" in free_choice or "\x00" in step or any("\x00" in t for t in comments.values()):
        raise DraftFormatError("draft.null_character")
    return Draft(version, step, columns, piles, comments, free_choice)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("a comment is not text")
    return value


def _mapping(data: dict[str, Any], key: str) -> dict[Any, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise TypeError(f"{key} is not an object")
    return value


def _ids(value: Any) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise ValueError("not a list of ids")
    return list(value)


def validate_draft(
    grid: ForcedDistribution, statement_ids: Sequence[int], draft: Draft
) -> list[Problem]:
    """Every problem that makes ``draft`` unstorable: unknown columns, piles, steps or
    statements, a statement twice, comments on unknown statements or too long."""
    problems: list[Problem] = []
    if draft.step not in STEPS:
        problems.append(Problem("sort.unknown_step"))
    values = set(grid.values)
    for value in sorted(set(draft.columns) - values):
        problems.append(Problem("sort.unknown_column", {"column": value}))
    for name in sorted(set(draft.piles) - set(PILES)):
        problems.append(Problem("sort.unknown_pile", {"pile": name}))
    known = set(statement_ids)
    everywhere = draft.placed() + draft.unplaced()
    for sid in sorted(set(everywhere) - known):
        problems.append(Problem("sort.unknown_statement", {"id": sid}))
    for sid, count in sorted(Counter(everywhere).items()):
        if count > 1 and sid in known:
            problems.append(Problem("sort.duplicate_statement", {"id": sid, "count": count}))
    problems += _comment_problems(known, draft)
    return problems


def _comment_problems(known: set[int], draft: Draft) -> list[Problem]:
    problems = []
    for sid, text in sorted(draft.comments.items()):
        if sid not in known:
            problems.append(Problem("sort.comment_unknown_statement", {"id": sid}))
        elif len(text) > MAX_COMMENT_LENGTH:
            problems.append(
                Problem("sort.comment_too_long", {"id": sid, "max": MAX_COMMENT_LENGTH})
            )
    if len(draft.free_choice) > MAX_COMMENT_LENGTH:
        problems.append(Problem("sort.free_choice_too_long", {"max": MAX_COMMENT_LENGTH}))
    return problems


def validate_submission(
    grid: ForcedDistribution, statement_ids: Sequence[int], draft: Draft
) -> list[Problem]:
    """Every problem that keeps ``draft`` from being a complete Q-sort: the draft problems,
    plus statements not placed, and columns that do not hold exactly their height."""
    problems = validate_draft(grid, statement_ids, draft)
    placed = set(draft.placed())
    problems += [
        Problem("sort.not_placed", {"id": sid}) for sid in statement_ids if sid not in placed
    ]
    for column in grid.columns:
        count = len(draft.columns.get(column.value, ()))
        if count != column.height:
            values = {"column": column.value, "count": count, "height": column.height}
            problems.append(Problem("sort.column_count", values))
    return problems
