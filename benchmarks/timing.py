"""What the benchmarks share for timing."""

import timeit


def best_of(repeats: int, step) -> float:
    """The fastest of ``repeats`` runs of ``step``, in seconds (``timeit``: one call a run)."""
    return min(timeit.repeat(step, number=1, repeat=repeats))
