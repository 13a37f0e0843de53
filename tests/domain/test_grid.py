"""The grid rules of qsort.domain.grid: presets, validation errors, parsing."""

import pytest

from qsort.domain.grid import PRESETS, ForcedDistribution, parse_int_list, validate_grid
from qsort.domain.values import signed


def codes(values, heights, n):
    return [e.code for e in validate_grid(values, heights, n)]


@pytest.mark.parametrize("key", ["9", "7"])
def test_both_presets_are_valid_for_24_statements(key):
    grid = PRESETS[key]
    assert grid.size == 24
    assert validate_grid(grid.values, grid.heights, 24) == []


def test_preset_shapes():
    assert PRESETS["9"].values == list(range(-4, 5))
    assert PRESETS["9"].heights == [1, 2, 3, 4, 4, 4, 3, 2, 1]
    assert PRESETS["7"].values == list(range(-3, 4))
    assert PRESETS["7"].heights == [1, 3, 5, 6, 5, 3, 1]


def test_heights_must_add_up_to_statement_count():
    errors = validate_grid(list(range(-4, 5)), [1, 2, 3, 4, 4, 4, 3, 2, 1], 25)
    assert [e.code for e in errors] == ["grid.sum_mismatch"]
    assert errors[0].values == {"total": 24, "statements": 25}
    assert "add up to 24, but there are 25 statements" in str(errors[0])


def test_duplicate_values():
    errors = validate_grid([-1, 0, 0, 1], [1, 2, 2, 1], 6)
    assert [e.code for e in errors] == ["grid.duplicate_value"]
    assert errors[0].values == {"value": 0}


@pytest.mark.parametrize("values", [[-2, -1, 1, 2], [1, 0, -1], [0, 2, 4]])
def test_values_must_be_consecutive_ascending(values):
    assert codes(values, [2] * len(values), 2 * len(values)) == ["grid.not_consecutive"]


@pytest.mark.parametrize("height", [0, -1])
def test_zero_or_negative_heights(height):
    errors = validate_grid([-1, 0, 1], [2, height, 2], 4 + height)
    assert [e.code for e in errors] == ["grid.height_not_positive"]
    assert errors[0].values == {"value": 0, "height": height}


def test_every_problem_is_reported_not_just_the_first():
    assert codes([-1, 0, 1], [0, 0, 3], 5) == [
        "grid.height_not_positive",
        "grid.height_not_positive",
        "grid.sum_mismatch",
    ]


def test_empty_and_mismatched_lengths():
    assert codes([], [], 0) == ["grid.empty"]
    assert codes([-1, 0, 1], [1, 2], 3) == ["grid.length_mismatch"]


def test_grids_wider_than_pqmethods_are_valid_up_to_the_stored_range():
    """-7..+7 is a valid grid (only the PQMethod export refuses it); -51 is beyond storage."""
    assert codes(list(range(-7, 8)), [1] * 15, 15) == []
    assert codes(list(range(-51, -48)), [1] * 3, 3) == ["grid.out_of_range"]
    assert codes(list(range(49, 52)), [1] * 3, 3) == ["grid.out_of_range"]


def test_json_round_trip():
    grid = PRESETS["7"]
    assert ForcedDistribution.from_json(grid.to_json()) == grid


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("-4 -3 -2", [-4, -3, -2]), ("1, 2,3", [1, 2, 3]), ("−1 0 +1", [-1, 0, 1])],
)
def test_parse_int_list(text, numbers):
    assert parse_int_list(text) == numbers


def test_parse_int_list_rejects_words():
    with pytest.raises(ValueError):
        parse_int_list("1 two 3")


@pytest.mark.parametrize(
    ("value", "shown", "ascii"), [(-4, "\u22124", "-4"), (0, "0", "0"), (13, "+13", "+13")]
)
def test_signed_values_have_a_real_minus_or_an_ascii_one(value, shown, ascii):
    assert signed(value) == shown
    assert signed(value, minus="-") == ascii
