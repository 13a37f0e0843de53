"""Draft and submission rules: every problem is listed, with a code for translation."""

import pytest

from qsort.domain.grid import PRESETS
from qsort.domain.sort_validation import (
    Draft,
    DraftFormatError,
    parse_draft,
    validate_draft,
    validate_submission,
)

GRID = PRESETS["9"]  # -4..+4, heights 1,2,3,4,4,4,3,2,1
IDS = list(range(101, 125))


def complete_columns() -> dict[int, list[int]]:
    ids = iter(IDS)
    return {c.value: [next(ids) for _ in range(c.height)] for c in GRID.columns}


def codes(problems):
    return [p.code for p in problems]


def test_complete_sort_is_valid():
    draft = Draft(version=2, step="review", columns=complete_columns())
    assert validate_draft(GRID, IDS, draft) == []
    assert validate_submission(GRID, IDS, draft) == []


def test_draft_may_hold_piles_and_overfull_columns():
    draft = Draft(version=2, step="grid", columns={4: IDS[:3]}, piles={"less": IDS[3:]})
    assert validate_draft(GRID, IDS, draft) == []
    problems = validate_submission(GRID, IDS, draft)
    assert "sort.column_count" in codes(problems) and "sort.not_placed" in codes(problems)


def test_every_draft_problem_is_listed():
    draft = Draft(
        version=2,
        step="nowhere",
        columns={9: [101], 0: [102, 999]},
        piles={"less": [102], "maybe": [103]},
        comments={555: "?", 104: "x" * 2001},
        free_choice="y" * 2001,
    )
    assert codes(validate_draft(GRID, IDS, draft)) == [
        "sort.unknown_step",
        "sort.unknown_column",
        "sort.unknown_pile",
        "sort.unknown_statement",
        "sort.duplicate_statement",
        "sort.comment_too_long",
        "sort.comment_unknown_statement",
        "sort.free_choice_too_long",
    ]


def test_submission_lists_each_wrong_column_and_missing_statement():
    columns = complete_columns()
    moved = columns[-4].pop()
    columns[4].append(moved)
    columns[0].pop()
    problems = validate_submission(GRID, IDS, Draft(version=3, columns=columns))
    assert codes(problems) == [
        "sort.not_placed",
        "sort.column_count",
        "sort.column_count",
        "sort.column_count",
    ]
    assert [p.values["column"] for p in problems[1:]] == [-4, 0, 4]
    assert "Column +4 holds 2 statements; it must hold 1." in [str(p) for p in problems]


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        {"version": 0},
        {"version": "2"},
        {"version": True},
        {"version": 2, "columns": {"x": [1]}},
    ],
)
def test_malformed_payloads_are_refused(payload):
    with pytest.raises(DraftFormatError):
        parse_draft(payload)


def test_parse_draft_reads_json_keys():
    draft = parse_draft(
        {"version": 4, "step": "grid", "columns": {"-4": [101]}, "comments": {"101": "why"}}
    )
    assert draft.columns == {-4: [101]} and draft.comments == {101: "why"}
