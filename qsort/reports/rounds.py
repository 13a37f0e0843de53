"""Round 1 against round 2 as every screen and the report show it: plain frozen values, built by
:mod:`qsort.services.rounds` from the comparison stored with a round-2 run."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Shift:
    """One statement's mean shift (round 2 minus round 1, grid columns) and its interval."""

    code: str
    number: int
    text: str
    shift: float
    low: float | None
    high: float | None

    @property
    def clear(self) -> bool:
        """The interval leaves out zero: the room moved this statement."""
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


@dataclass(frozen=True)
class Mover:
    label: str
    name: str
    r: float | None
    mean_abs_shift: float | None


#: Two rounds' viewpoints count as "the same viewpoint" from this correlation of their
#: z-scores on (a loose convention; the matching itself always pairs one-to-one).
SIMILAR_R = 0.5


@dataclass(frozen=True)
class ViewpointPair:
    first: int
    second: int
    first_name: str
    second_name: str
    r: float

    @property
    def similar(self) -> bool:
        """Round 2's viewpoint is recognisably round 1's (correlation at least SIMILAR_R)."""
        return self.r >= SIMILAR_R


@dataclass(frozen=True)
class RoundsSummary:
    question_1: str
    question_2: str
    n_paired: int
    run_id: int
    shifts: list[Shift]  # every statement, in statement order
    moved_most: list[Shift]
    movers: list[Mover] = field(default_factory=list)  # the furthest mover first
    viewpoints: list[ViewpointPair] = field(default_factory=list)
    unmatched_first: list[str] = field(default_factory=list)
    unmatched_second: list[str] = field(default_factory=list)
