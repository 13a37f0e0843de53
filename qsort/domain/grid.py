"""The forced distribution (grid) of a clinic and the rules it must satisfy.

A grid is a row of columns, each with a value (e.g. -4 .. +4) and a height (how many statements
it holds). Values are consecutive integers in ascending order within :data:`MIN_VALUE` ..
:data:`MAX_VALUE` (wider than PQMethod's range, :data:`qsort.formats.pqmethod.LOWEST` ..
``HIGHEST``, which only its ``.DAT`` export needs), every height is at least 1, and the heights
add up to the number of statements, so that every statement is placed exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from qsort.domain.problems import Problem

MIN_VALUE = -50
MAX_VALUE = 50
"""The grid values qsort stores (``placements.column_value``'s check constraint)."""


@dataclass(frozen=True)
class GridColumn:
    value: int
    height: int


@dataclass(frozen=True)
class ForcedDistribution:
    """Columns in ascending value order."""

    columns: tuple[GridColumn, ...]

    @classmethod
    def from_lists(cls, values: Iterable[int], heights: Iterable[int]) -> ForcedDistribution:
        return cls(tuple(GridColumn(v, h) for v, h in zip(values, heights, strict=True)))

    @classmethod
    def from_json(cls, data: Sequence[dict[str, Any]]) -> ForcedDistribution:
        return cls(tuple(GridColumn(int(c["value"]), int(c["height"])) for c in data))

    def to_json(self) -> list[dict[str, int]]:
        return [{"value": c.value, "height": c.height} for c in self.columns]

    @property
    def values(self) -> list[int]:
        return [c.value for c in self.columns]

    @property
    def heights(self) -> list[int]:
        return [c.height for c in self.columns]

    @property
    def size(self) -> int:
        """Number of statements the grid holds."""
        return sum(self.heights)


PRESETS: dict[str, ForcedDistribution] = {
    "9": ForcedDistribution.from_lists(range(-4, 5), [1, 2, 3, 4, 4, 4, 3, 2, 1]),
    "7": ForcedDistribution.from_lists(range(-3, 4), [1, 3, 5, 6, 5, 3, 1]),
}
"""Grid presets by number of columns: -4..+4 (1,2,3,4,4,4,3,2,1) and -3..+3 (1,3,5,6,5,3,1)."""


def validate_grid(
    values: Sequence[int], heights: Sequence[int], n_statements: int
) -> list[Problem]:
    """Every problem with a proposed grid, or an empty list when it is valid."""
    if not values or not heights:
        return [Problem("grid.empty")]
    if len(values) != len(heights):
        return [Problem("grid.length_mismatch", {"values": len(values), "heights": len(heights)})]
    errors: list[Problem] = []
    errors += _value_errors(values)
    for value, height in zip(values, heights, strict=True):
        if height < 1:
            errors.append(Problem("grid.height_not_positive", {"value": value, "height": height}))
    total = sum(heights)
    if total != n_statements:
        errors.append(Problem("grid.sum_mismatch", {"total": total, "statements": n_statements}))
    return errors


def _value_errors(values: Sequence[int]) -> list[Problem]:
    errors: list[Problem] = []
    seen: set[int] = set()
    for value in values:
        if value in seen:
            errors.append(Problem("grid.duplicate_value", {"value": value}))
        seen.add(value)
    if min(values) < MIN_VALUE or max(values) > MAX_VALUE:
        errors.append(Problem("grid.out_of_range", {"min": MIN_VALUE, "max": MAX_VALUE}))
    if not errors and list(values) != list(range(values[0], values[0] + len(values))):
        errors.append(Problem("grid.not_consecutive"))
    return errors


def parse_int_list(text: str) -> list[int]:
    """Parse ``"-4, -3 ... +4"`` style input (commas or spaces, ASCII or Unicode minus)."""
    cleaned = text.replace("−", "-").replace("–", "-").replace(",", " ").replace(";", " ")
    return [int(token) for token in cleaned.split()]
